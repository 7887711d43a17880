import type { InterfaceRef } from '../shared/arguments.js';
import type { AddressFamily, RouteProtocol, TableName } from '../shared/names.js';
import type { RouteNexthopSpec } from './multipath.js';
import type { MplsLabels, RouteMplsEncap, RouteMplsEncapSpec, RouteViaSpec } from './mpls.js';
import type { RouteFlag, RouteMetricName, RoutePreference, RouteScope, RouteType } from './names.js';

type Family = 'inet' | 'inet6';

/** What the route verbs accept: a route to add or delete, a filter for listing, a lookup. */

/** Route metrics to set: numbers in the kernel's units (`rtt` in 1/8 ms, as RTAX_RTT), `ccAlgo` a name. */
export type RouteMetricsInput = { [K in Exclude<RouteMetricName, 'ccAlgo'>]?: number } & {
  ccAlgo?: string;
  /** Metrics the kernel must not change (path MTU discovery leaves a locked `mtu` alone), by name or id. */
  lock?: readonly (RouteMetricName | number)[];
};

/** A route to add, replace, append or delete. */
export interface RouteSpec {
  /** `'default'`, a prefix (`'10.0.0.0/8'`, `'2001:db8::/32'`) or an address (a host route). */
  dst: string;
  /** The prefix length, for a `dst` written without one (as `list()` returns routes). */
  dstLen?: number;
  /** Needed only when nothing else says it (`dst: 'default'` with no gateway): IPv4 then. */
  family?: Family | AddressFamily | number;
  /** Source prefix (IPv6 source-specific routing, `ip route … from`). */
  src?: string;
  srcLen?: number;
  type?: RouteType | number;
  /** A table id (1..2^32-1) or name; ids above 255 travel in RTA_TABLE. Default main. */
  table?: number | TableName;
  protocol?: RouteProtocol | number;
  scope?: RouteScope | number;
  /** IPv4 type of service. */
  tos?: number;
  /** The route's metric (RTA_PRIORITY; `ip route … metric N`). */
  priority?: number;
  gateway?: string;
  /** The output interface, by name or index. */
  dev?: InterfaceRef;
  /** The output interface by index (what `list()` returns); `dev` says the same. */
  oif?: number;
  /** Preferred source address (`ip route … src`). */
  prefsrc?: string;
  /** rtm_flags, e.g. `['onlink']`. */
  flags?: readonly (RouteFlag | number)[];
  metrics?: RouteMetricsInput;
  /** Next hops of a multipath route (RTA_MULTIPATH), instead of `gateway`/`dev`. */
  multipath?: readonly RouteNexthopSpec[];
  /** IPv6 router preference. */
  pref?: RoutePreference;
  /** IPv6: seconds until the route expires (RTA_EXPIRES). */
  expires?: number;
  /** A nexthop object's id (`ip nexthop`), instead of gateway and device. */
  nhId?: number;
  /**
   * MPLS routes (`family: 'mpls'`, `dst` the incoming label, e.g. '100'; needs CONFIG_MPLS_ROUTING): the
   * labels to swap it for (`ip -f mpls route add 100 as 200 …`), none to pop it.
   */
  newdst?: MplsLabels;
  /** MPLS routes: the next hop (`via inet 10.0.0.2`, `via inet6 …`, `via link 02:…` as family 'packet'). */
  via?: RouteViaSpec;
  /**
   * An encapsulation (`ip route add … encap mpls 100/200 [ttl N]`): MPLS labels pushed on the packets
   * (needs CONFIG_MPLS_IPTUNNEL). A listed route's raw `encap` bytes (other encapsulations) are not sent back.
   */
  encap?: RouteMplsEncapSpec | RouteMplsEncap | Uint8Array;
}

/** Which routes `list()` and `stream()` return. The kernel filters by table, protocol, type and dev. */
export interface RouteFilter {
  family?: Family | AddressFamily | number;
  table?: number | TableName;
  protocol?: RouteProtocol | number;
  type?: RouteType | number;
  /** Routes through this interface (as output interface, or in one of their next hops). */
  interface?: InterfaceRef;
  /** Filtered here (the kernel does not). */
  scope?: RouteScope | number;
  /** One destination prefix (`'10.0.0.0/8'`, `'default'`), filtered here. */
  dst?: string;
  /** Routes that use this nexthop object (RTA_NH_ID), filtered here. */
  nhId?: number;
  /** Look up interface names (`dev`, `iifName`): one link dump per call. Default true. */
  names?: boolean;
}

/** What `get()` asks the kernel's route lookup about, besides the destination. */
export interface RouteLookup {
  /** Source address (`ip route get … from`). */
  from?: string;
  /** Input interface: look up as if a packet arrived there (needs `from`, forwarding, …). */
  iif?: InterfaceRef;
  /** Output interface to use. */
  oif?: InterfaceRef;
  mark?: number;
  uid?: number;
  tos?: number;
  /** IP protocol number (6 TCP, 17 UDP, …) for lookups with port-based policy routing. */
  ipProto?: number;
  sport?: number;
  dport?: number;
  /** Return the FIB entry that matched (its prefix) instead of the resolved route (`ip route get fibmatch`). */
  fibMatch?: boolean;
  /** IPv4: report the table the route was found in (RTM_F_LOOKUP_TABLE; default true). */
  lookupTable?: boolean;
  /** Look up interface names. Default true. */
  names?: boolean;
}
