import type { CallOptions } from '@linx/netlink-client';
import type { Rtnl } from '../rtnl.js';
import type { ObservedState } from './types.js';

/**
 * The namespace as `plan` compares it: every link, address (IPv4 and IPv6), route (every table), ARP and
 * NDP entry and rule, listed at once with the list() verbs. Interface names are not looked up for
 * addresses and routes (plan names them from the links), which spares two link dumps.
 */
export async function observe(rtnl: Rtnl, options: CallOptions = {}): Promise<ObservedState> {
  const [links, addresses, routes, neighbours, rules] = await Promise.all([
    rtnl.links.list({ stats: false }, options),
    rtnl.addresses.list({ names: false }, options),
    rtnl.routes.list({ names: false }, options),
    rtnl.neighbours.list({}, options),
    rtnl.rules.list({}, options),
  ]);
  return { links, addresses, routes, neighbours, rules };
}
