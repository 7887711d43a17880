import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS, SCOPES, type Scope } from '../shared/names.js';
import { metricsAttrs, rtmTypeValues } from '../generated/rt-route.js';
import { rtnhFlagsValues } from '../generated/rt-nexthop.js';

/**
 * Names of route fields the YNL spec leaves out (facts from linux/rtnetlink.h and linux/icmpv6.h), and
 * fast number → name tables for the decoders. Unknown numbers stay numbers.
 */

/** Route types (rtm_type), from the spec: 'unicast', 'local', 'blackhole', … */
export const ROUTE_TYPES = rtmTypeValues;
export type RouteType = keyof typeof rtmTypeValues;

/**
 * Route flags (rtm_flags): the next-hop flags RTNH_F_* (generated, rt-nexthop) in the low byte, then
 * RTM_F_* (linux/rtnetlink.h; no spec has them). `ip` prints them as `onlink`, `linkdown`, `rt_offload`, …
 */
export const ROUTE_FLAGS = {
  ...rtnhFlagsValues,
  notify: 0x100,
  cloned: 0x200,
  equalize: 0x400,
  prefix: 0x800,
  'lookup-table': 0x1000,
  'fib-match': 0x2000,
  'rt-offload': 0x4000,
  'rt-trap': 0x8000,
  'rt-offload-failed': 0x2000_0000,
} as const;
export type RouteFlag = keyof typeof ROUTE_FLAGS;

/** Next-hop flags (rtnh_flags in struct rtnexthop, RTNH_F_*): the generated rtnh-flags. */
export const ROUTE_NEXTHOP_FLAGS = rtnhFlagsValues;
export type RouteNexthopFlag = keyof typeof ROUTE_NEXTHOP_FLAGS;

/** IPv6 router preference (RTA_PREF, ICMPV6_ROUTER_PREF_*). */
export const ROUTE_PREFERENCES = { medium: 0, high: 1, invalid: 2, low: 3 } as const;
export type RoutePreference = keyof typeof ROUTE_PREFERENCES;

/** Route metrics (RTAX_*) by their generated names, e.g. `mtu` → 2; `lock` is the bitmask of locked ones. */
export const ROUTE_METRICS: { readonly [name: string]: number } = Object.fromEntries(
  Object.entries(metricsAttrs.attributes).map(([name, attribute]) => [name, attribute.id]),
);
export type RouteMetricName = Exclude<keyof typeof metricsAttrs.attributes, 'lock'>;

/** The scopes' names, with `global` (what `ip` calls RT_SCOPE_UNIVERSE) accepted as input too. */
export type RouteScope = Scope | 'global';

/** A name for each number 0..255 of a table (or the number itself). */
function byNumber<T extends string>(table: { readonly [name: string]: number }): (T | number)[] {
  const out: (T | number)[] = [];
  for (let i = 0; i < 256; i++) out.push(i);
  for (const [name, value] of Object.entries(table)) if (value < 256 && typeof out[value] === 'number') out[value] = name as T;
  return out;
}

export const FAMILY_NAMES = byNumber<keyof typeof ADDRESS_FAMILIES>(ADDRESS_FAMILIES);
export const TYPE_NAMES = byNumber<RouteType>(rtmTypeValues);
export const PROTOCOL_NAMES = byNumber<keyof typeof ROUTE_PROTOCOLS>(ROUTE_PROTOCOLS);
export const SCOPE_NAMES = byNumber<Scope>(SCOPES);
export const PREFERENCE_NAMES = byNumber<RoutePreference>(ROUTE_PREFERENCES);

/** Names of the bits set in `mask` (bits without a name as their numbers), in bit order. */
export function bitNames<T extends string>(table: { readonly [name: string]: number }, mask: number): (T | number)[] {
  const out: (T | number)[] = [];
  if (mask === 0) return out;
  let rest = mask >>> 0;
  for (const name in table) {
    const bit = table[name]!;
    if ((rest & bit) !== 0) {
      out.push(name as T);
      rest = (rest & ~bit) >>> 0;
    }
  }
  // rest holds 32 bits at most: it is empty once bit 31 is done.
  for (let bit = 1; rest !== 0; bit *= 2) {
    if ((rest & bit) !== 0) {
      out.push(bit);
      rest = (rest & ~bit) >>> 0;
    }
  }
  return out;
}
