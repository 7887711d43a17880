// A netconf entry the way `ip -j netconf show` prints it (iproute2 6.1's print_netconf): the live test
// and the replay of a captured dump compare with ip through it.
import type { Netconf } from '../../src/index.js';
import type { IpJson } from './ip-nexthop.js';

export function netconfAsIp(c: Netconf): IpJson {
  const o: IpJson = { family: c.family, interface: c.dev };
  if (c.forwarding !== undefined) o.forwarding = c.forwarding;
  if (c.rpFilter !== undefined) o.rp_filter = c.rpFilter;
  if (c.mcForwarding !== undefined) o.mc_forwarding = c.mcForwarding;
  if (c.proxyNeigh !== undefined) o.proxy_neigh = c.proxyNeigh;
  if (c.ignoreRoutesWithLinkdown !== undefined) o.ignore_routes_with_linkdown = c.ignoreRoutesWithLinkdown;
  return o;
}
