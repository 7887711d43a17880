// How iproute2 6.1 prints nexthops in JSON (`ip -j -d nexthop show`, ipnexthop.c's print_nexthop), for
// comparing rtnl's shapes with ip's output field by field.
import type { Nexthop } from '../../src/index.js';

export type IpJson = Record<string, unknown>;

/** A nexthop the way `ip -j -d nexthop show` prints it. */
export function nexthopAsIp(n: Nexthop): IpJson {
  const o: IpJson = { id: n.id };
  if (n.group) {
    o.group = n.group.map((m) => (m.weight > 1 ? { id: m.id, weight: m.weight } : { id: m.id }));
    if (n.groupType === 'resilient') {
      o.type = 'resilient';
      const r = n.resilient!;
      o.resilient_args = { buckets: r.buckets, idle_timer: r.idleTimer, unbalanced_timer: r.unbalancedTimer, unbalanced_time: r.unbalancedTime };
    }
  }
  if (n.gateway !== undefined) o.gateway = n.gateway;
  if (n.dev !== undefined) o.dev = n.dev;
  o.scope = n.scope === 'universe' ? 'global' : String(n.scope);
  if (n.blackhole) o.blackhole = null;
  o.protocol = String(n.protocol);
  o.flags = n.flags;
  if (n.fdb) o.fdb = null;
  return o;
}
