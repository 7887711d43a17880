import { compileMessage, type AttrsInput, type StructInput } from '@linx/netlink-codec';
import { checkIfname, checkIndex, checkInteger, familyNumber, InvalidArgumentError, parsePrefix, type InterfaceRef } from '../shared/arguments.js';
import { AF_INET, AF_INET6 } from '@linx/netlink-wire';
import { rtmsg } from '../generated/rt-route.js';
import { routeRequestAttrs, routeRequestMessage } from './request-layout.js';
import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS, SCOPES, TABLES } from '../shared/names.js';
import { FAMILY_TEXT, FamilyOf, parse, parseAddress, type Family } from './address-args.js';
import { formatAddressAt } from '../shared/ip-text.js';
import { multipathRecords, type EncodedNexthop } from './multipath.js';
import { mplsEncap, planMplsRoute, type MplsRouteSpec } from './mpls.js';
import {
  ROUTE_FLAGS,
  ROUTE_METRICS,
  ROUTE_NEXTHOP_FLAGS,
  ROUTE_PREFERENCES,
  ROUTE_TYPES,
} from './names.js';
import type { Route } from './shape.js';
import type { RouteFilter, RouteLookup, RouteMetricsInput, RouteSpec } from './spec.js';

export type { RouteFilter, RouteLookup, RouteMetricsInput, RouteSpec };

/**
 * What the route verbs accept, checked and turned into RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE
 * messages before anything is sent. Defaults follow `ip route`: protocol `boot`, type `unicast`, table
 * `main` (`local` for local, broadcast, anycast and nat routes), and a scope derived from the type and
 * whether the route has a gateway.
 */

const U32_MAX = 0xffff_ffff;

type RouteInput = { header: RouteHeaderInput; attrs: RouteAttrsInput };
type RouteAttrsInput = { -readonly [K in keyof AttrsInput<typeof routeRequestAttrs.attributes>]: AttrsInput<typeof routeRequestAttrs.attributes>[K] };
type RouteHeaderInput = StructInput<typeof rtmsg.fields>;

/** A checked route request: everything but the interfaces, which may still be names. */
export interface RoutePlan {
  header: RouteHeaderInput;
  attrs: RouteAttrsInput;
  oif: InterfaceRef | undefined;
  nexthops: (Omit<EncodedNexthop, 'oif'> & { oif: InterfaceRef | undefined })[] | undefined;
}

const NO_NAMES: readonly string[] = Object.freeze([]);

/** The interface names a plan still has to resolve. */
export function namesOf(plan: RoutePlan): readonly string[] {
  if (plan.nexthops === undefined) return typeof plan.oif === 'string' ? [plan.oif] : NO_NAMES;
  const names = new Set<string>();
  if (typeof plan.oif === 'string') names.add(plan.oif);
  for (const hop of plan.nexthops) if (typeof hop.oif === 'string') names.add(hop.oif);
  return [...names];
}

/** The message, interfaces resolved by `index`. */
export function materialize(plan: RoutePlan, index: (ref: InterfaceRef) => number): RouteInput {
  const attrs: RouteAttrsInput = { ...plan.attrs };
  if (plan.oif !== undefined) attrs.oif = index(plan.oif);
  if (plan.nexthops) attrs.multipath = multipathRecords(plan.nexthops.map((hop) => ({ ...hop, oif: hop.oif === undefined ? 0 : index(hop.oif) })));
  return { header: plan.header, attrs };
}

/** Checks a plan's values against the declaration (`metrics.mtu` out of range, …) without sending it. */
export function checkEncodes(plan: RoutePlan): void {
  // Stryker disable next-line ArrowFunction: any index checks the same; an undefined one is left out like an absent interface
  compileMessage(routeRequestMessage).encode(materialize(plan, () => 1));
}


function nameOrNumber(table: { readonly [name: string]: number }, value: unknown, argument: string, max: number, what: string): number {
  if (typeof value === 'string') {
    if (Object.hasOwn(table, value)) return table[value]!;
    throw new InvalidArgumentError(argument, `unknown ${what} ${JSON.stringify(value)}; expected one of ${Object.keys(table).join(', ')} or a number`);
  }
  return checkInteger(value, argument, 0, max);
}

/** A table id (1..2^32-1) or name. */
export function tableNumber(value: unknown, argument = 'table'): number {
  if (value === 'unspec' || value === 0) throw new InvalidArgumentError(argument, 'table 0 (unspec) is not a table');
  if (typeof value === 'string') return nameOrNumber(TABLES, value, argument, U32_MAX, 'table');
  return checkInteger(value, argument, 1, U32_MAX);
}

export function scopeNumber(value: unknown, argument = 'scope'): number {
  if (value === 'global') return SCOPES.universe;
  return nameOrNumber(SCOPES, value, argument, 255, 'scope');
}

export function protocolNumber(value: unknown, argument = 'protocol'): number {
  return nameOrNumber(ROUTE_PROTOCOLS, value, argument, 255, 'route protocol');
}

export function typeNumber(value: unknown, argument = 'type'): number {
  return nameOrNumber(ROUTE_TYPES, value, argument, 255, 'route type');
}

function flagMask(table: { readonly [name: string]: number }, value: unknown, argument: string, max: number): number {
  if (!Array.isArray(value)) throw new InvalidArgumentError(argument, `expected a list of flag names, got ${typeof value}`);
  let mask = 0;
  value.forEach((item, i) => {
    mask = (mask | nameOrNumber(table, item, `${argument}[${i}]`, max, 'flag')) >>> 0;
  });
  return mask;
}

function checkInterface(ref: unknown, argument: string): InterfaceRef {
  return typeof ref === 'number' ? checkIndex(ref, argument) : checkIfname(ref, argument);
}

function metricsInput(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError('metrics', 'expected an object of metrics, e.g. { mtu: 1400 }');
  const out: Record<string, unknown> = {};
  for (const [name, metric] of Object.entries(value as Record<string, unknown>)) {
    if (metric === undefined) continue;
    const argument = `metrics.${name}`;
    if (name === 'lock') {
      let mask = 0;
      if (!Array.isArray(metric)) throw new InvalidArgumentError(argument, 'expected a list of metric names');
      metric.forEach((locked, i) => {
        const id = typeof locked === 'number' ? checkInteger(locked, `${argument}[${i}]`, 1, 31) : locked !== 'lock' && Object.hasOwn(ROUTE_METRICS, locked) ? ROUTE_METRICS[locked]! : undefined;
        if (id === undefined) throw new InvalidArgumentError(`${argument}[${i}]`, `unknown metric ${JSON.stringify(locked)}`);
        mask = (mask | (2 ** id)) >>> 0;
      });
      out.lock = mask;
    } else if (name === 'ccAlgo') {
      if (typeof metric !== 'string' || metric.length === 0 || new TextEncoder().encode(metric).length > 15) throw new InvalidArgumentError(argument, 'expected a congestion control name (1..15 bytes)');
      out.ccAlgo = metric;
    } else if (Object.hasOwn(ROUTE_METRICS, name)) {
      out[name] = checkInteger(metric, argument, 0, U32_MAX);
    } else {
      throw new InvalidArgumentError(argument, `unknown metric; expected some of ${Object.keys(ROUTE_METRICS).join(', ')}`);
    }
  }
  return out;
}

/** The destination: its family (unknown for 'default'), bytes and length. */
function destination(spec: { dst?: unknown; dstLen?: unknown }, family: FamilyOf): { bytes: Uint8Array | undefined; length: number } {
  if (spec.dst === undefined) throw new InvalidArgumentError('dst', "a route needs a destination: 'default', a prefix or an address");
  if (spec.dst === 'default') {
    if (spec.dstLen !== undefined && spec.dstLen !== 0) throw new InvalidArgumentError('dstLen', `the default route has prefix length 0, not ${String(spec.dstLen)}`);
    // iproute2 sends RTA_DST of zeros for `default` when the family is known as it reads it (`ip -4`,
    // `ip -6`: get_prefix gives it the family's length), none when it is not: so does `family` here.
    return { bytes: family.family === undefined ? undefined : new Uint8Array(family.family === 'inet' ? 4 : 16), length: 0 };
  }
  const parsed = parse(spec.dst, 'dst');
  family.add(parsed, 'dst', spec.dst as string);
  let length = parsed.length;
  if (spec.dstLen !== undefined) {
    const given = checkInteger(spec.dstLen, 'dstLen', 0, parsed.family === 'inet' ? 32 : 128);
    if (parsed.written && given !== parsed.length) throw new InvalidArgumentError('dstLen', `${given} disagrees with the prefix length of ${String(spec.dst)}`);
    length = given;
  }
  // Always sent, as iproute2 sends it: `0.0.0.0/0` too (only a bare `default` may go without).
  return { bytes: parsed.bytes, length };
}

/**
 * Checks a route for `add`/`replace`/`append` (`'add'`) or `delete` and builds its request. Route objects
 * from `list()` are accepted for delete: what identifies the route is taken from them.
 */
export function planRoute(input: RouteSpec | Route, op: 'add' | 'delete'): RoutePlan {
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('route', 'expected a route object, e.g. { dst: "10.0.0.0/8", gateway: "192.0.2.1" }');
  // AF_MPLS routes (an incoming label, swapped or popped) have requests of their own.
  const inputFamily = (input as { family?: unknown }).family;
  if (inputFamily === 'mpls' || inputFamily === ADDRESS_FAMILIES.mpls) {
    // Stryker disable next-line StringLiteral: planMplsRoute never reads `family` (its rtmsg family is AF_MPLS by definition); the literal only gives the spec its type
    return planMplsRoute({ ...(input as unknown as MplsRouteSpec), family: 'mpls' }, op);
  }
  const spec = input as RouteSpec & { srcLen?: number };
  const family = new FamilyOf(spec.family, 'family');
  const dst = destination(spec, family);
  const attrs: RouteAttrsInput = {};
  if (dst.bytes) attrs.dst = dst.bytes;

  let srcLen = 0;
  if (spec.src !== undefined) {
    const src = parse(spec.src, 'src');
    family.add(src, 'src', spec.src);
    srcLen = spec.srcLen === undefined || src.written ? src.length : checkInteger(spec.srcLen, 'srcLen', 0, src.family === 'inet' ? 32 : 128);
    attrs.src = src.bytes;
  }
  const hasMultipath = spec.multipath !== undefined && !(op === 'delete' && Array.isArray(spec.multipath) && spec.multipath.length === 0);
  if (spec.gateway !== undefined) {
    if (hasMultipath && op === 'add') throw new InvalidArgumentError('gateway', 'a multipath route gives its gateways in multipath[]');
    if (!hasMultipath) {
      const gateway = parseAddress(spec.gateway, 'gateway');
      family.add(gateway, 'gateway', spec.gateway);
      attrs.gateway = gateway.bytes;
    }
  }
  if (spec.prefsrc !== undefined) {
    const prefsrc = parseAddress(spec.prefsrc, 'prefsrc');
    family.add(prefsrc, 'prefsrc', spec.prefsrc);
    attrs.prefsrc = prefsrc.bytes;
  }
  let oif: InterfaceRef | undefined;
  if (spec.oif !== undefined) oif = checkInterface(spec.oif, 'oif');
  else if (spec.dev !== undefined) oif = checkInterface(spec.dev, 'dev');
  if (hasMultipath && oif !== undefined) {
    if (op === 'add') throw new InvalidArgumentError('dev', 'a multipath route gives its interfaces in multipath[]');
    oif = undefined;
  }

  let nexthops: RoutePlan['nexthops'];
  if (hasMultipath) {
    if (!Array.isArray(spec.multipath) || spec.multipath.length === 0) throw new InvalidArgumentError('multipath', 'expected a non-empty list of next hops');
    nexthops = spec.multipath.map((hop, i) => {
      const argument = `multipath[${i}]`;
      if (typeof hop !== 'object' || hop === null) throw new InvalidArgumentError(argument, 'expected a next hop object, e.g. { gateway, dev, weight }');
      let gateway: Uint8Array | undefined;
      if (hop.gateway !== undefined) {
        const parsed = parseAddress(hop.gateway, `${argument}.gateway`);
        family.add(parsed, `${argument}.gateway`, hop.gateway);
        gateway = parsed.bytes;
      }
      const ref = hop.oif !== undefined ? checkInterface(hop.oif, `${argument}.oif`) : hop.dev !== undefined ? checkInterface(hop.dev, `${argument}.dev`) : undefined;
      if (gateway === undefined && ref === undefined) throw new InvalidArgumentError(argument, 'a next hop needs a gateway or an interface');
      const weight = hop.weight === undefined ? 1 : checkInteger(hop.weight, `${argument}.weight`, 1, 256);
      const flags = hop.flags === undefined ? 0 : flagMask(ROUTE_NEXTHOP_FLAGS, hop.flags, `${argument}.flags`, 255);
      return { gateway, oif: ref, hops: weight - 1, flags };
    });
  }
  const resolved: Family = family.family ?? 'inet';

  const typeGiven = spec.type !== undefined;
  const type = typeGiven ? typeNumber(spec.type) : op === 'add' ? ROUTE_TYPES.unicast : 0;
  const localish = type === ROUTE_TYPES.local || type === ROUTE_TYPES.broadcast || type === ROUTE_TYPES.anycast || type === ROUTE_TYPES.nat;
  const table = spec.table !== undefined ? tableNumber(spec.table) : op === 'add' && localish ? TABLES.local : TABLES.main;
  if (table > 255) attrs.table = table;
  const protocol = spec.protocol !== undefined ? protocolNumber(spec.protocol) : op === 'add' ? ROUTE_PROTOCOLS.boot : 0;
  let scope: number;
  if (spec.scope !== undefined) scope = scopeNumber(spec.scope);
  else if (resolved === 'inet6') scope = SCOPES.universe;
  else if (op === 'delete') scope = SCOPES.nowhere;
  else if (type === ROUTE_TYPES.local || type === ROUTE_TYPES.nat) scope = SCOPES.host;
  else if (type === ROUTE_TYPES.broadcast || type === ROUTE_TYPES.multicast || type === ROUTE_TYPES.anycast) scope = SCOPES.link;
  else if ((type === ROUTE_TYPES.unicast || type === 0) && attrs.gateway === undefined && nexthops === undefined && spec.nhId === undefined) scope = SCOPES.link;
  else scope = SCOPES.universe;
  const tos = spec.tos === undefined ? 0 : checkInteger(spec.tos, 'tos', 0, 255);

  if (spec.priority !== undefined) attrs.priority = checkInteger(spec.priority, 'priority', 0, U32_MAX);
  if (spec.encap !== undefined && !(spec.encap instanceof Uint8Array)) Object.assign(attrs, mplsEncap(spec.encap));
  if (spec.nhId !== undefined) attrs.nhId = checkInteger(spec.nhId, 'nhId', 1, U32_MAX);
  let flags = 0;
  if (op === 'add') {
    if (spec.flags !== undefined) flags = flagMask(ROUTE_FLAGS, spec.flags, 'flags', U32_MAX);
    if (spec.metrics !== undefined) attrs.metrics = metricsInput(spec.metrics);
    if (spec.pref !== undefined) {
      if (resolved !== 'inet6') throw new InvalidArgumentError('pref', 'router preference is for IPv6 routes');
      attrs.pref = nameOrNumber(ROUTE_PREFERENCES, spec.pref, 'pref', 255, 'preference');
    }
    if (spec.expires !== undefined) {
      if (resolved !== 'inet6') throw new InvalidArgumentError('expires', 'expiring routes are IPv6 only');
      attrs.expires = checkInteger(spec.expires, 'expires', 0, U32_MAX);
    }
  }
  return {
    header: {
      rtmFamily: resolved === 'inet' ? AF_INET : AF_INET6,
      rtmDstLen: dst.length,
      rtmSrcLen: srcLen,
      rtmTos: tos,
      rtmTable: table > 255 ? 0 : table,
      rtmProtocol: protocol,
      rtmScope: scope,
      rtmType: type,
      rtmFlags: flags,
    },
    attrs,
    oif,
    nexthops,
  };
}

/** The dump request for a filter (kernel-side filtering), and the check of each route (client-side). */
export interface RouteQuery {
  family: number;
  table: number | undefined;
  protocol: number | undefined;
  type: number | undefined;
  dev: InterfaceRef | undefined;
  scope: number | undefined;
  dst: { family: Family; address: string; length: number } | 'default' | undefined;
  nhId: number | undefined;
}

export function routeQuery(filter: RouteFilter): RouteQuery {
  if (typeof filter !== 'object' || filter === null) throw new InvalidArgumentError('filter', 'expected an object');
  const family = filter.family === undefined ? 0 : familyNumber(filter.family, 'family');
  let dst: RouteQuery['dst'];
  if (filter.dst === 'default') dst = 'default';
  else if (filter.dst !== undefined) {
    const p = parsePrefix(filter.dst, 'dst');
    dst = { family: p.family, address: formatAddressAt(p.family === 'inet' ? AF_INET : AF_INET6, p.bytes, 0, p.bytes.length), length: p.prefixLength };
    if (family !== 0 && family !== (p.family === 'inet' ? AF_INET : AF_INET6)) throw new InvalidArgumentError('dst', `${filter.dst} is not of family ${String(filter.family)}`);
  }
  return {
    family,
    table: filter.table === undefined ? undefined : tableNumber(filter.table),
    protocol: filter.protocol === undefined ? undefined : protocolNumber(filter.protocol),
    type: filter.type === undefined ? undefined : typeNumber(filter.type),
    dev: filter.interface === undefined ? undefined : checkInterface(filter.interface, 'interface'),
    scope: filter.scope === undefined ? undefined : scopeNumber(filter.scope),
    dst,
    nhId: filter.nhId === undefined ? undefined : checkInteger(filter.nhId, 'nhId', 1, U32_MAX),
  };
}

/** The RTM_GETROUTE dump request: table, protocol, type and interface filtered by the kernel (strict checking). */
export function dumpRequest(query: RouteQuery, oif: number | undefined): RouteInput {
  // Attributes left undefined are not encoded.
  const attrs: RouteAttrsInput = { table: query.table, oif };
  return {
    header: {
      rtmFamily: query.family,
      // The table travels in RTA_TABLE only, as iproute2 sends it (the kernel's strict dump check reads
      // RTA_TABLE over rtm_table).
      rtmTable: 0,
      rtmProtocol: query.protocol ?? 0,
      rtmType: query.type ?? 0,
    },
    attrs,
  };
}

/** The RTM_GETROUTE request of a route lookup (`ip route get`). */
export function lookupRequest(dstText: unknown, lookup: RouteLookup): { plan: RoutePlan; iif: InterfaceRef | undefined } {
  if (typeof lookup !== 'object' || lookup === null) throw new InvalidArgumentError('lookup', 'expected an object');
  const dst = parse(dstText, 'dst');
  const full = dst.family === 'inet' ? 32 : 128;
  if (dst.length !== full) throw new InvalidArgumentError('dst', `a lookup is for one address, not the prefix ${String(dstText)}`);
  const attrs: RouteAttrsInput = { dst: dst.bytes };
  let srcLen = 0;
  if (lookup.from !== undefined) {
    const from = parseAddress(lookup.from, 'from');
    if (from.family !== dst.family) throw new InvalidArgumentError('from', `${lookup.from} is ${FAMILY_TEXT[from.family]} but ${String(dstText)} is ${FAMILY_TEXT[dst.family]}`);
    attrs.src = from.bytes;
    srcLen = full;
  }
  if (lookup.mark !== undefined) attrs.mark = checkInteger(lookup.mark, 'mark', 0, U32_MAX);
  if (lookup.uid !== undefined) attrs.uid = checkInteger(lookup.uid, 'uid', 0, U32_MAX);
  if (lookup.ipProto !== undefined) attrs.ipProto = checkInteger(lookup.ipProto, 'ipProto', 0, 255);
  if (lookup.sport !== undefined) attrs.sport = checkInteger(lookup.sport, 'sport', 0, 0xffff);
  if (lookup.dport !== undefined) attrs.dport = checkInteger(lookup.dport, 'dport', 0, 0xffff);
  // IPv6 lookups take no RTM_F_LOOKUP_TABLE (the kernel refuses it with strict checking).
  const flags = (lookup.fibMatch ? ROUTE_FLAGS['fib-match'] : 0) | (lookup.lookupTable === false || dst.family === 'inet6' ? 0 : ROUTE_FLAGS['lookup-table']);
  return {
    plan: {
      header: {
        rtmFamily: dst.family === 'inet' ? AF_INET : AF_INET6,
        rtmDstLen: full,
        rtmSrcLen: srcLen,
        rtmTos: lookup.tos === undefined ? 0 : checkInteger(lookup.tos, 'tos', 0, 255),
        rtmFlags: flags,
      },
      attrs,
      oif: lookup.oif === undefined ? undefined : checkInterface(lookup.oif, 'oif'),
      nexthops: undefined,
    },
    iif: lookup.iif === undefined ? undefined : checkInterface(lookup.iif, 'iif'),
  };
}
