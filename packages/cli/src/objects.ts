import type { CommandContext } from './context.js';

/** A command group (`link`, `addr`, …): its help text and its runner. */
export interface CommandGroup {
  /** The usage text `linx help OBJECT` prints. */
  readonly usage: string;
  run(context: CommandContext): Promise<void>;
}

/**
 * The objects `linx` knows, each under the names and abbreviations `ip` accepts, loaded only when used
 * (a dynamic import per group keeps `linx addr` from loading the route or rule code).
 */
const GROUPS: Record<string, { names: readonly string[]; summary: string; load: () => Promise<CommandGroup> }> = {
  link: { names: ['link', 'l', 'li', 'lin'], summary: 'network interfaces: show, add, set, del (as ip link)', load: () => import('./commands/link.js') },
  address: { names: ['address', 'addr', 'a', 'ad', 'add', 'addre', 'addres'], summary: 'addresses: show, add, del, flush (as ip addr)', load: () => import('./commands/addr.js') },
  route: { names: ['route', 'r', 'ro', 'rou', 'rout'], summary: 'routes: show, add, del, replace, append, get (as ip route)', load: () => import('./commands/route.js') },
  neighbour: { names: ['neighbour', 'neighbor', 'neigh', 'n', 'ne', 'nei'], summary: 'neighbours (ARP, NDP): show, add, replace, del (as ip neigh)', load: () => import('./commands/neigh.js') },
  rule: { names: ['rule', 'ru', 'rul'], summary: 'routing rules: show, add, del (as ip rule)', load: () => import('./commands/rule.js') },
  nexthop: { names: ['nexthop', 'nex', 'next', 'nexth', 'nextho'], summary: 'nexthop objects and groups: show, add, replace, del, get, flush (as ip nexthop)', load: () => import('./commands/nexthop.js') },
  netns: { names: ['netns', 'netn', 'net'], summary: 'named network namespaces: list, add, del (as ip netns)', load: () => import('./commands/netns.js') },
  monitor: { names: ['monitor', 'mon', 'm'], summary: 'follow changes of links, addresses, routes, neighbours, rules (as ip monitor)', load: () => import('./commands/monitor.js') },
  tc: { names: ['tc'], summary: 'traffic control: qdisc, class, filter show|add|del|change|replace (as tc)', load: () => import('./commands/tc.js') },
  genl: { names: ['genl'], summary: 'generic netlink families: families, family NAME (as genl ctrl list)', load: () => import('./commands/genl.js') },
  nft: { names: ['nft'], summary: 'nftables: list ruleset|tables|table|chain, monitor (as nft)', load: () => import('./commands/nft.js') },
  ct: { names: ['ct', 'conntrack'], summary: 'connection tracking: list, count, flush, events (as conntrack -L, -C, -F, -E)', load: () => import('./commands/ct.js') },
  decode: { names: ['decode'], summary: 'every netlink message of a pcap/pcapng capture, by name (no socket)', load: () => import('./commands/decode.js') },
  topology: { names: ['topology', 'topo'], summary: 'a drawing of the interfaces, bridges, veth pairs and addresses (mermaid or dot)', load: () => import('./commands/topology.js') },
  ethtool: { names: ['ethtool'], summary: "a device's settings: ethtool DEV (as ethtool DEV)", load: () => import('./commands/ethtool.js') },
  wg: { names: ['wg', 'wireguard'], summary: 'WireGuard interfaces: show [DEV] [FIELD], showconf DEV (as wg show, wg showconf)', load: () => import('./commands/wg.js') },
};

/** The canonical name of an object as typed (`addr` → `address`), or undefined. */
export function objectName(typed: string): string | undefined {
  for (const [name, group] of Object.entries(GROUPS)) if (group.names.includes(typed)) return name;
  return undefined;
}

/** The objects' canonical names, in help order. */
export const OBJECT_NAMES = Object.keys(GROUPS);

/** Each object's line in `linx help`: its canonical name and what it does. */
export function objectSummaries(): string {
  return Object.entries(GROUPS)
    .map(([name, group]) => `  ${name.padEnd(11)}${group.summary}`)
    .join('\n');
}

export function loadGroup(name: string): Promise<CommandGroup> {
  return GROUPS[name]!.load();
}
