import { DecodeError, UNKNOWN, type AttrsValue, type StructValue, type UnknownAttribute } from '@linx/netlink-codec';
import { compileAttrSet, compileStruct, onFirstUse, rethrowWithin } from '@linx/netlink-codec/runtime';
import { HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import { lwtunnelEncapTypesValues, metricsAttrs, mplsIptunnelAttrs, routeAttrs, rtaCacheinfo } from '../generated/rt-route.js';
import { tableName, type AddressFamily, type RouteProtocol, type Scope, type TableName } from '../shared/names.js';
import { prefixText } from '../shared/prefix-text.js';
import { formatAddressAt, formatRepeatedAt, zeroAddress } from '../shared/ip-text.js';
import { decodeMultipath, type RouteNexthop } from './multipath.js';
import { decodeLabels, type RouteMplsEncap } from './mpls.js';
import {
  FAMILY_NAMES,
  PREFERENCE_NAMES,
  PROTOCOL_NAMES,
  ROUTE_FLAGS,
  ROUTE_METRICS,
  SCOPE_NAMES,
  TYPE_NAMES,
  bitNames,
  type RouteFlag,
  type RouteMetricName,
  type RoutePreference,
  type RouteType,
} from './names.js';

type GeneratedRouteAttrs = AttrsValue<typeof routeAttrs.attributes>;
type GeneratedMetrics = AttrsValue<typeof metricsAttrs.attributes>;

/** Route metrics (RTA_METRICS) under their generated names; `lock` lists the locked ones by name. */
export interface RouteMetrics extends Omit<GeneratedMetrics, 'lock'> {
  /** The locked metrics (RTAX_LOCK), by name (metric ids the spec lacks as numbers). */
  lock?: (RouteMetricName | number)[];
}

/** RTA_VIA: a gateway of another family than the route's (an IPv4 route via an IPv6 neighbour, MPLS). */
export interface RouteVia {
  family: AddressFamily | number;
  address: string;
}

/**
 * A route as the kernel reports it (RTM_NEWROUTE), flat: the rtmsg header under its generated names
 * without the `rtm` prefix, with names for numbers where `ip` shows names (family, type, protocol, scope,
 * flags), then every attribute the kernel sent under its generated name (addresses as text, RTA_TABLE
 * replacing rtm_table, which only holds 8 bits), attributes the declaration does not know under
 * `[UNKNOWN]`, and the interface names when the call looked them up.
 *
 * Every route has the keys `priority`, `gateway`, `oif`, `dev`, `tableName` and `dstPrefix`, undefined
 * when the kernel sent no such attribute (or names were not looked up): one object layout for all routes,
 * which V8 allocates in one piece. Routes without flags share one frozen empty `flags` list. Both spare
 * big lists garbage-collector work.
 */
export interface Route extends Omit<GeneratedRouteAttrs, 'dst' | 'src' | 'gateway' | 'prefsrc' | 'metrics' | 'multipath' | 'via' | 'newdst' | 'pref' | 'table' | 'cacheinfo' | 'encap'> {
  family: AddressFamily | number;
  type: RouteType | number;
  /** The routing table: RTA_TABLE when sent (any 32-bit id), else rtm_table (main is 254, local 255). */
  table: number;
  /**
   * The table as `ip` prints it and rules give it: 'main', 'local', 'default', else the number. (`table`
   * stays the number for compatibility.) Always set by the decoder (optional in the type only so that
   * objects written by hand before it existed still type-check).
   */
  tableName?: TableName | number;
  /** The destination (RTA_DST as text); a route without one (the default route) gets the zero address. */
  dst?: string;
  /** The destination's prefix length (rtm_dst_len): 0 for the default route. */
  dstLen: number;
  /**
   * The destination as one string, as `ip -j route` prints its `dst`: 'default' for length 0,
   * '10.0.0.0/24', a host (/32, /128) as the bare address. `routes.add({ dst })` takes it back as it is.
   */
  dstPrefix?: string;
  /** The source prefix (IPv6 source routing) as one string like `dstPrefix`, when the route has one. */
  srcPrefix?: string;
  /** The source prefix's length (rtm_src_len, IPv6 source routing); its address is `src`. */
  srcLen: number;
  tos: number;
  protocol: RouteProtocol | number;
  scope: Scope | number;
  flags: (RouteFlag | number)[];
  src?: string;
  gateway?: string;
  /** The preferred source address (`ip`'s `src`). */
  prefsrc?: string;
  metrics?: RouteMetrics;
  multipath?: RouteNexthop[];
  via?: RouteVia;
  /** MPLS: the labels an incoming label is swapped for, as ip writes them ('300/400'). */
  newdst?: string;
  /** The encapsulation (RTA_ENCAP): an MPLS label push decoded, other types (RTA_ENCAP_TYPE) as bytes. */
  encap?: RouteMplsEncap | Uint8Array;
  /** IPv6 router preference. */
  pref?: RoutePreference | number;
  cacheinfo?: StructValue<typeof rtaCacheinfo.fields>;
  /** The output interface's name (`ip`'s `dev`), when the call looked names up. */
  dev?: string;
  /** The input interface's name, when the call looked names up. */
  iifName?: string;
  [UNKNOWN]?: UnknownAttribute[];
}

const LE = HOST_LITTLE_ENDIAN;
const RTMSG_SIZE = 12;
const byId = onFirstUse(() => compileAttrSet(routeAttrs).byId);
const metricsCodec = onFirstUse(() => compileAttrSet(metricsAttrs));
const cacheinfoCodec = onFirstUse(() => compileStruct(rtaCacheinfo));
const mplsEncapCodec = onFirstUse(() => compileAttrSet(mplsIptunnelAttrs));
const METRIC_NAMES: (RouteMetricName | undefined)[] = [];
for (const [name, id] of Object.entries(ROUTE_METRICS)) if (name !== 'lock') METRIC_NAMES[id] = name as RouteMetricName;

// The attributes the decoder reads in place, by the generated declaration's ids: ATTRIBUTE[id] is the
// local code the switch below takes (0 for the others, decoded by the declaration's codecs). The codes
// are literals in the cases (named in comments) so that V8 compiles the switch to a jump table, as it did
// when it switched on literal ids.
const DST = 1, SRC = 2, IIF = 3, OIF = 4, GATEWAY = 5, PRIORITY = 6, PREFSRC = 7, METRICS = 8, MULTIPATH = 9, CACHEINFO = 10, TABLE = 11, VIA = 12, NEWDST = 13, PREF = 14;
const ATTRIBUTE = new Uint8Array(64);
{
  const a = routeAttrs.attributes;
  const codes: [number, number][] = [
    [a.dst.id, DST], [a.src.id, SRC], [a.iif.id, IIF], [a.oif.id, OIF], [a.gateway.id, GATEWAY], [a.priority.id, PRIORITY], [a.prefsrc.id, PREFSRC],
    [a.metrics.id, METRICS], [a.multipath.id, MULTIPATH], [a.cacheinfo.id, CACHEINFO], [a.table.id, TABLE], [a.via.id, VIA], [a.newdst.id, NEWDST], [a.pref.id, PREF],
  ];
  for (const [id, code] of codes) ATTRIBUTE[id] = code;
}

const NO_FLAGS: (RouteFlag | number)[] = Object.freeze([]) as unknown as (RouteFlag | number)[];

function routeFlags(mask: number): (RouteFlag | number)[] {
  return mask === 0 ? NO_FLAGS : bitNames(ROUTE_FLAGS, mask);
}

/**
 * A route's object, with every field set in one place. Built with `new`, but its prototype is
 * Object.prototype: a plain object all the same. Unlike an object literal, it has no allocation site,
 * so V8 does not move big lists of routes to its old generation as they are made ("pretenuring"),
 * which measured slower here: each list's routes then pile up there and need full collections, and
 * every string stored into them goes through the old-to-new write barrier.
 */
const RouteObject = function RouteObject(this: Record<string, unknown>, bytes: Uint8Array, view: DataView, start: number) {
  this.family = FAMILY_NAMES[bytes[start]!]!;
  this.type = TYPE_NAMES[bytes[start + 7]!]!;
  this.table = bytes[start + 4]!;
  this.tableName = undefined;
  this.dst = undefined;
  this.dstLen = bytes[start + 1]!;
  this.dstPrefix = undefined;
  this.srcLen = bytes[start + 2]!;
  this.tos = bytes[start + 3]!;
  this.protocol = PROTOCOL_NAMES[bytes[start + 5]!]!;
  this.scope = SCOPE_NAMES[bytes[start + 6]!]!;
  this.flags = routeFlags(view.getUint32(start + 8, LE));
  this.priority = undefined;
  this.gateway = undefined;
  this.oif = undefined;
  this.dev = undefined;
} as unknown as new (bytes: Uint8Array, view: DataView, start: number) => object;
RouteObject.prototype = Object.prototype;

/** Decodes an RTM_NEWROUTE payload (rtmsg + attributes) at `bytes[start, end)` into a `Route`. */
export function decodeRoute(bytes: Uint8Array, view: DataView, start: number, end: number): Route {
  if (end - start < RTMSG_SIZE) throw new DecodeError(`rtmsg needs ${RTMSG_SIZE} bytes, payload has ${end - start}`, start, ['header']);
  const family = bytes[start]!;
  const route = new RouteObject(bytes, view, start) as unknown as Route;
  decodeRouteAttributes(family, bytes, view, start + RTMSG_SIZE, end, route);
  if (route.dst === undefined) {
    const zero = zeroAddress(family);
    if (zero === undefined) delete route.dst;
    else route.dst = zero;
  }
  route.tableName = tableName(route.table);
  if (route.dstLen === 0) route.dstPrefix = 'default';
  else if (route.dst !== undefined) route.dstPrefix = prefixText(family, route.dst, route.dstLen);
  else delete route.dstPrefix;
  if (route.src !== undefined) route.srcPrefix = prefixText(family, route.src, route.srcLen);
  return route;
}

function u32(view: DataView, start: number, end: number, name: string): number {
  if (end - start < 4) throw new DecodeError(`u32 needs 4 bytes, payload has ${end - start}`, start, [name]);
  return view.getUint32(start, LE);
}

/**
 * Route attributes at `bytes[start, end)` into `out` (a route, or a next hop of RTA_MULTIPATH): the common
 * ones decoded in place, the rest by the generated declaration's codecs, unknown ones kept as bytes.
 * A repeated attribute keeps its first value. `depth` is the set's nesting level (a route's own is 1, its
 * next hops' 2), which bounds RTA_MULTIPATH nested in next hops (see decodeMultipath).
 */
export function decodeRouteAttributes(family: number, bytes: Uint8Array, view: DataView, start: number, end: number, target: object, depth = 1): void {
  const out = target as Record<string | symbol, unknown>;
  let seen = 0;
  for (let at = start; at < end; ) {
    if (end - at < 4) throw new DecodeError(`truncated attribute header: ${end - at} bytes left`, at);
    const length = view.getUint16(at, LE);
    if (length < 4 || length > end - at) throw new DecodeError(`bad attribute length ${length} (${end - at} bytes left)`, at);
    const typeField = view.getUint16(at + 2, LE);
    const id = typeField & 0x3fff;
    const from = at + 4;
    const to = at + length;
    at += (length + 3) & ~3;
    if (id < 32) {
      const bit = 1 << id;
      if ((seen & bit) !== 0) continue;
      seen |= bit;
    }
    switch (id < 64 ? ATTRIBUTE[id] : 0) {
      case 1: // DST
        out.dst = formatAddressAt(family, bytes, from, to);
        break;
      case 2: // SRC
        out.src = formatAddressAt(family, bytes, from, to);
        break;
      case 3: // IIF
        out.iif = u32(view, from, to, 'iif');
        break;
      case 4: // OIF
        out.oif = u32(view, from, to, 'oif');
        break;
      case 5: // GATEWAY
        out.gateway = formatRepeatedAt(family, bytes, from, to);
        break;
      case 6: // PRIORITY
        out.priority = u32(view, from, to, 'priority');
        break;
      case 7: // PREFSRC
        out.prefsrc = formatRepeatedAt(family, bytes, from, to);
        break;
      case 8: // METRICS
        out.metrics = decodeMetrics(bytes, view, from, to);
        break;
      case 9: // MULTIPATH
        try {
          out.multipath = decodeMultipath(family, bytes, view, from, to, decodeRouteAttributes, depth);
        } catch (error) {
          rethrowWithin(error, 'multipath');
        }
        break;
      case 10: // CACHEINFO
        try {
          // Stryker disable next-line BooleanLiteral: `exact` only decides whether the codec keeps raw bytes of nested attribute sets; this value is a leaf (a number, string, bytes or struct), decoded the same either way
          out.cacheinfo = { ...cacheinfoCodec().decode(bytes, view, from, to, { exact: true }) };
        } catch (error) {
          rethrowWithin(error, 'cacheinfo');
        }
        break;
      case 11: // TABLE
        out.table = u32(view, from, to, 'table');
        break;
      case 12: // VIA
        if (to - from < 2) throw new DecodeError(`rtvia needs 2 bytes, payload has ${to - from}`, from, ['via']);
        {
          const viaFamily = view.getUint16(from, LE);
          out.via = { family: FAMILY_NAMES[viaFamily] ?? viaFamily, address: formatAddressAt(viaFamily, bytes, from + 2, to) };
        }
        break;
      case 13: // NEWDST
        out.newdst = formatAddressAt(family, bytes, from, to);
        break;
      case 14: // PREF
        if (to - from < 1) throw new DecodeError('u8 needs 1 byte, payload has 0', from, ['pref']);
        out.pref = PREFERENCE_NAMES[bytes[from]!];
        break;
      default: {
        const entry = byId()[id];
        if (entry?.codec === undefined) {
          ((out[UNKNOWN] as UnknownAttribute[] | undefined) ??= []).push({ type: id, flags: typeField & ~0x3fff, payload: bytes.slice(from, to) });
        } else {
          try {
            // Stryker disable next-line ObjectLiteral,BooleanLiteral: `exact` only decides whether the codec keeps raw bytes of nested attribute sets; this value is a leaf (a number, string, bytes or struct), decoded the same either way
            out[entry.name] = entry.codec.decode(bytes, view, from, to, { exact: true });
          } catch (error) {
            rethrowWithin(error, entry.name);
          }
        }
      }
    }
  }
  // RTA_ENCAP's format is RTA_ENCAP_TYPE's, which may come after it: decoded once both are read.
  if (out.encapType === lwtunnelEncapTypesValues.mpls && out.encap instanceof Uint8Array) out.encap = decodeMplsEncap(out.encap);
}

/** RTA_ENCAP of type LWTUNNEL_ENCAP_MPLS: the labels pushed and their TTL. */
function decodeMplsEncap(bytes: Uint8Array): RouteMplsEncap {
  let value: { dst?: Uint8Array; ttl?: number };
  try {
    value = mplsEncapCodec().decode(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, { exact: true }) as { dst?: Uint8Array; ttl?: number };
  } catch (error) {
    rethrowWithin(error, 'encap');
  }
  const out: RouteMplsEncap = { type: 'mpls', labels: value.dst === undefined ? [] : decodeLabels(value.dst) };
  if (value.ttl !== undefined) out.ttl = value.ttl;
  return out;
}

function decodeMetrics(bytes: Uint8Array, view: DataView, start: number, end: number): RouteMetrics {
  let metrics: RouteMetrics;
  try {
    metrics = { ...(metricsCodec().decode(bytes, view, start, end, { exact: true }) as GeneratedMetrics) } as RouteMetrics;
  } catch (error) {
    rethrowWithin(error, 'metrics');
  }
  const lock = metrics.lock as unknown as number | undefined;
  if (lock !== undefined) {
    const locked: (RouteMetricName | number)[] = [];
    for (let id = 0; id < 32; id++) if ((lock & (2 ** id)) !== 0) locked.push(METRIC_NAMES[id] ?? id);
    metrics.lock = locked;
  }
  return metrics;
}

/** Fills in `dev`, `iifName` and the next hops' `dev` from an index → name map (list, get, and the monitor). */
export function addRouteNames(route: Route, names: ReadonlyMap<number, string>): void {
  if (route.oif !== undefined) {
    const name = names.get(route.oif);
    if (name !== undefined) route.dev = name;
  }
  if (route.iif !== undefined) {
    const name = names.get(route.iif);
    if (name !== undefined) route.iifName = name;
  }
  if (route.multipath) {
    for (const hop of route.multipath) {
      const name = names.get(hop.oif);
      if (name !== undefined) hop.dev = name;
    }
  }
}
