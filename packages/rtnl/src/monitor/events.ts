import type { Address } from '../address/shape.js';
import type { Link } from '../link/link.js';
import type { MdbEntry } from '../bridge/mdb-shape.js';
import type { BridgeVlanEntry } from '../bridge/vlan-db-shape.js';
import type { Netconf } from '../netconf/netconf.js';
import type { Nexthop } from '../nexthop/shape.js';
import type { Neighbour } from '../neighbour/shape.js';
import type { Route } from '../route/shape.js';
import type { Rule } from '../rule/shape.js';
import type { TcObjectEvent } from '../tc/notifications.js';

/**
 * What `rtnl.monitor()` reports: a change to one object, decoded exactly as the `list()` of its kind
 * decodes it (same fields, names and interface names), or an overrun. An overrun means the kernel dropped
 * notifications (the socket's receive buffer was full): the consumer has missed changes and should
 * re-list what it keeps (`rtnl.mirror()` does that by itself). The monitor keeps running after one.
 */
export type MonitorEvent = MonitorObjectEvent | OverrunEvent;

/** The kinds of object a monitor can follow. */
export interface MonitoredObjects {
  link: Link;
  address: Address;
  route: Route;
  neighbour: Neighbour;
  rule: Rule;
}

/** A kind of object a monitor can follow: 'link', 'address', 'route', 'neighbour', 'rule'. */
export type MonitorKind = keyof MonitoredObjects;

/** The traffic-control kinds a monitor follows when asked (RTNLGRP_TC): 'qdisc', 'class', 'filter', 'action'; not mirrored. */
export type TcMonitorKind = TcObjectEvent['kind'];

/**
 * The kinds a monitor follows only when named (not by default, and not in a mirror): 'nexthop' (nexthop
 * objects, RTNLGRP_NEXTHOP), 'netconf' (per-interface IP settings, RTNLGRP_IPV4_NETCONF/IPV6_NETCONF) and
 * 'mdb' (bridge multicast database entries, RTNLGRP_MDB) and 'vlan' (bridge port VLANs, RTNLGRP_BRVLAN, on kernels
 * with CONFIG_BRIDGE_VLAN_FILTERING). Bridge FDB entries are 'neighbour' events of family 'bridge'.
 */
export type OptInMonitorKind = 'nexthop' | 'netconf' | 'mdb' | 'vlan';

/**
 * A nexthop object added, changed or deleted (decoded as `rtnl.nexthops.list()` decodes it), or an
 * interface's netconf changed or gone. A netconf change carries only the setting that changed (the
 * kernel sends that one attribute), beside `family`, `ifindex` and `dev`. Or a port joined to or removed
 * from a bridge's multicast group (decoded as `rtnl.bridge.mdb.list()` decodes it). Or a port's VLAN (or range)
 * added, changed or deleted (RTM_NEWVLAN/DELVLAN, decoded as `rtnl.bridge.vlans.entries()` decodes it; the
 * kernel's notifications of a bridge's global VLAN options are not reported).
 */
export type OptInObjectEvent =
  | { type: 'new' | 'del'; kind: 'nexthop'; object: Nexthop }
  | { type: 'new' | 'del'; kind: 'netconf'; object: Netconf }
  | { type: 'new' | 'del'; kind: 'mdb'; object: MdbEntry }
  | { type: 'new' | 'del'; kind: 'vlan'; object: BridgeVlanEntry };

/** A new (or changed: the kernel says RTM_NEW* for both) or deleted object; a union discriminated on `kind`. */
export type ObjectEvent = { [K in MonitorKind]: { type: 'new' | 'del'; kind: K; object: MonitoredObjects[K] } }[MonitorKind];

/** What a monitor reports about an object: an `ObjectEvent`, a tc object's (`Qdisc`, `TcClass`, `TcFilter`, as `rtnl.tc.*.list()` gives them) when tc kinds are asked for, or a nexthop's or netconf's when those are. */
export type MonitorObjectEvent = ObjectEvent | TcObjectEvent | OptInObjectEvent;

/** Notifications were lost: re-list to resync. */
export interface OverrunEvent {
  type: 'overrun';
}
