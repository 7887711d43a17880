import { DecodeDepthError, DecodeError, type AttrsInput } from '@linx/netlink-codec';
import { compileStruct, onFirstUse, rethrowWithin } from '@linx/netlink-codec/runtime';
import { NESTING_DEPTH_LIMIT } from '@linx/netlink-wire';
import type { InterfaceRef } from '../shared/arguments.js';
import { rtnexthop } from '../generated/rt-route.js';
import type { routeRequestAttrs } from './request-layout.js';
import { ROUTE_NEXTHOP_FLAGS, bitNames, type RouteNexthopFlag } from './names.js';
import type { RouteMplsEncap } from './mpls.js';

/**
 * RTA_MULTIPATH: the next hops of a multipath route, each a `struct rtnexthop` followed by route attributes
 * (RTA_GATEWAY, RTA_VIA, RTA_NEWDST, RTA_ENCAP, RTA_FLOW), every one aligned to 4 bytes: the generated
 * declaration's `records(rtnexthop, routeAttrs)`, read here in place by the route decoder for speed with
 * the generated struct. Requests encode them with request-layout.ts's records.
 */
const nexthopHeader = onFirstUse(() => compileStruct(rtnexthop));

/** A next hop of a multipath route, as `routes.list()` returns it. */
export interface RouteNexthop {
  /** The output interface's index (rtnh_ifindex). */
  oif: number;
  /** The weight, 1..256 (rtnh_hops + 1), as `ip` prints it. */
  weight: number;
  flags: (RouteNexthopFlag | number)[];
  /** Route attributes of the next hop, under their generated names (addresses as text). */
  gateway?: string;
  via?: { family: string | number; address: string };
  newdst?: string;
  flow?: number;
  encapType?: number;
  /** An MPLS label push decoded (RTA_ENCAP_TYPE mpls), other encapsulations as bytes. */
  encap?: Uint8Array | RouteMplsEncap;
  /** The interface's name (when the call looked names up). */
  dev?: string;
}

/** A next hop of a multipath route to add: a gateway and/or an interface, with a weight. */
export interface RouteNexthopSpec {
  gateway?: string;
  /** The interface, by name or index. */
  dev?: InterfaceRef;
  /** The interface by index (what `list()` returns); `dev` says the same. */
  oif?: number;
  /** 1..256 (default 1). */
  weight?: number;
  /** `onlink` (the gateway is reachable on the interface even without a matching route), or bits. */
  flags?: readonly (RouteNexthopFlag | number)[];
}

/**
 * Decodes next hops; `decodeAttributes` decodes each one's route attributes into it, at level `depth + 1`.
 * `depth` is the level of the attribute set holding RTA_MULTIPATH (a route's own attributes are level 1).
 * The kernel never nests RTA_MULTIPATH in a next hop, but the route decoder accepts it, and bytes that
 * nest it thousands of times would overflow the stack: deeper than `NESTING_DEPTH_LIMIT`, like the codec's
 * attribute sets, throws `DecodeDepthError`.
 */
export function decodeMultipath(
  family: number,
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  decodeAttributes: (family: number, bytes: Uint8Array, view: DataView, start: number, end: number, out: object, depth: number) => void,
  depth = 1,
): RouteNexthop[] {
  if (depth >= NESTING_DEPTH_LIMIT) tooDeep(start);
  const header = nexthopHeader();
  const hops: RouteNexthop[] = [];
  for (let at = start; at < end; ) {
    if (end - at < header.size) throw new DecodeError(`truncated rtnexthop: ${end - at} bytes left`, at, [hops.length]);
    const h = header.decode(bytes, view, at, at + header.size, { exact: true }) as { rtnhLen: number; rtnhFlags: number; rtnhHops: number; rtnhIfindex: number };
    if (h.rtnhLen < header.size || h.rtnhLen > end - at) throw new DecodeError(`bad rtnexthop length ${h.rtnhLen} (${end - at} bytes left)`, at, [hops.length]);
    const hop: RouteNexthop = { oif: h.rtnhIfindex, weight: h.rtnhHops + 1, flags: bitNames(ROUTE_NEXTHOP_FLAGS, h.rtnhFlags) };
    try {
      decodeAttributes(family, bytes, view, at + header.size, at + h.rtnhLen, hop, depth + 1);
    } catch (error) {
      rethrowWithin(error, hops.length);
    }
    hops.push(hop);
    at += (h.rtnhLen + 3) & ~3;
  }
  return hops;
}

/** Out of line: a throw in decodeMultipath's own body made route decoding measurably slower (V8 inlines less). */
function tooDeep(start: number): never {
  throw new DecodeDepthError(NESTING_DEPTH_LIMIT, start);
}

/** A next hop ready to encode: the interface resolved to an index, the gateway as bytes. */
export interface EncodedNexthop {
  gateway: Uint8Array | undefined;
  oif: number;
  /** weight - 1 */
  hops: number;
  flags: number;
}

/** RTA_MULTIPATH's records for `nexthops`, as request-layout.ts's `records` encodes them (rtnh_len computed). */
export function multipathRecords(nexthops: readonly EncodedNexthop[]): NonNullable<AttrsInput<typeof routeRequestAttrs.attributes>['multipath']> {
  return nexthops.map((hop) => ({ header: { rtnhFlags: hop.flags, rtnhHops: hop.hops, rtnhIfindex: hop.oif }, ...(hop.gateway ? { gateway: hop.gateway } : {}) }));
}
