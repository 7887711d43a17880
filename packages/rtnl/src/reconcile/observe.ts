import type { CallOptions } from '@linx/netlink-client';
import type { Rtnl } from '../rtnl.js';
import type { ObservedState } from './types.js';

/**
 * The namespace as `plan` compares it: every link, address (IPv4 and IPv6), route (every table), ARP and
 * NDP entry and rule, listed at once with the list() verbs. Interface names are not looked up for
 * addresses, routes and neighbours (plan names them from the links), which spares three link dumps.
 */
export async function observe(rtnl: Rtnl, options: CallOptions = {}): Promise<ObservedState> {
  const [links, addresses, routes, neighbours, rules] = await Promise.all([
    rtnl.links.list({ stats: false }, options),
    rtnl.addresses.list({ names: false }, options),
    rtnl.routes.list({ names: false }, options),
    rtnl.neighbours.list({ names: false }, options),
    rtnl.rules.list({}, options),
  ]);
  return { links, addresses, routes, neighbours, rules };
}
