import { mcastGroups as addrGroups } from '../generated/rt-addr.js';
import { mcastGroups as linkGroups } from '../generated/rt-link.js';
import { mcastGroups as mdbGroups } from '../generated/rt-mdb.js';
import { mcastGroups as neighGroups } from '../generated/rt-neigh.js';
import { mcastGroups as netconfGroups } from '../generated/rt-netconf.js';
import { mcastGroups as nexthopGroups } from '../generated/rt-nexthop.js';
import { mcastGroups as routeGroups } from '../generated/rt-route.js';
import { mcastGroups as ruleGroups } from '../generated/rt-rule.js';
import { mcastGroups as tcGroups } from '../generated/tc-constants.js';
import { mcastGroups as vlanGroups } from '../generated/rt-vlan.js';
import type { MonitorKind, OptInMonitorKind, TcMonitorKind } from './events.js';

/** The address families a monitor can narrow addresses, routes, rules and neighbours to. */
export type MonitorFamily = 'inet' | 'inet6';

/**
 * The rtnetlink multicast groups (RTNLGRP_*, from the generated declarations) that carry each kind's
 * notifications, by family where the kernel has a group per family: choosing the groups is the filtering
 * the kernel does for notifications (strict checking only applies to dumps).
 */
const GROUPS: Record<MonitorKind | TcMonitorKind | OptInMonitorKind, Record<MonitorFamily, readonly number[]>> = {
  link: { inet: [linkGroups.rtnlgrpLink], inet6: [linkGroups.rtnlgrpLink] },
  address: { inet: [addrGroups.rtnlgrpIpv4Ifaddr], inet6: [addrGroups.rtnlgrpIpv6Ifaddr] },
  route: { inet: [routeGroups.rtnlgrpIpv4Route], inet6: [routeGroups.rtnlgrpIpv6Route] },
  // One group for ARP, NDP and the bridge FDB: the family is told apart in JS.
  neighbour: { inet: [neighGroups.rtnlgrpNeigh], inet6: [neighGroups.rtnlgrpNeigh] },
  rule: { inet: [ruleGroups.rtnlgrpIpv4Rule], inet6: [ruleGroups.rtnlgrpIpv6Rule] },
  // Qdiscs, classes, filters and shared actions share RTNLGRP_TC, and have no family.
  qdisc: { inet: [tcGroups.rtnlgrpTc], inet6: [tcGroups.rtnlgrpTc] },
  class: { inet: [tcGroups.rtnlgrpTc], inet6: [tcGroups.rtnlgrpTc] },
  filter: { inet: [tcGroups.rtnlgrpTc], inet6: [tcGroups.rtnlgrpTc] },
  action: { inet: [tcGroups.rtnlgrpTc], inet6: [tcGroups.rtnlgrpTc] },
  // One group for every family's nexthops (groups have none): the family is told apart in JS.
  nexthop: { inet: [nexthopGroups.rtnlgrpNexthop], inet6: [nexthopGroups.rtnlgrpNexthop] },
  netconf: { inet: [netconfGroups.rtnlgrpIpv4Netconf], inet6: [netconfGroups.rtnlgrpIpv6Netconf] },
  // One group for the bridge multicast database, IPv4, IPv6 and MAC groups alike.
  mdb: { inet: [mdbGroups.rtnlgrpMdb], inet6: [mdbGroups.rtnlgrpMdb] },
  // One group for the bridge VLAN database.
  vlan: { inet: [vlanGroups.rtnlgrpBrvlan], inet6: [vlanGroups.rtnlgrpBrvlan] },
};

/** The groups to join for `kinds` (of one family, or both), without duplicates, in ascending order. */
export function groupsFor(kinds: Iterable<MonitorKind | TcMonitorKind | OptInMonitorKind>, family: MonitorFamily | undefined): number[] {
  const out = new Set<number>();
  for (const kind of kinds) {
    for (const f of family === undefined ? (['inet', 'inet6'] as const) : [family]) for (const group of GROUPS[kind][f]) out.add(group);
  }
  return [...out].sort((a, b) => a - b);
}

/** The group of link notifications, joined to keep interface names current even when links are not asked for. */
export const LINK_GROUP = linkGroups.rtnlgrpLink;
