/**
 * Number ↔ name tables rtnetlink uses that the YNL specs leave out, with the names `ip` prints (facts from
 * linux/socket.h, linux/rtnetlink.h, linux/if_arp.h and iproute2's rt_protos/rt_scopes/rt_tables files).
 * Unknown numbers stay numbers.
 */

export const ADDRESS_FAMILIES = { unspec: 0, unix: 1, inet: 2, bridge: 7, inet6: 10, netlink: 16, packet: 17, mpls: 28, can: 29 } as const;
export type AddressFamily = keyof typeof ADDRESS_FAMILIES;

export const SCOPES = { universe: 0, site: 200, link: 253, host: 254, nowhere: 255 } as const;
export type Scope = keyof typeof SCOPES;

/** Route protocols (rtm_protocol): who installed the route. */
export const ROUTE_PROTOCOLS = {
  unspec: 0, redirect: 1, kernel: 2, boot: 3, static: 4, gated: 8, ra: 9, mrt: 10, zebra: 11, bird: 12,
  dnrouted: 13, xorp: 14, ntk: 15, dhcp: 16, mrouted: 17, keepalived: 18, babel: 42, openr: 99, bgp: 186,
  isis: 187, ospf: 188, rip: 189, eigrp: 192,
} as const;
export type RouteProtocol = keyof typeof ROUTE_PROTOCOLS;

/** Routing tables with names; any number up to 2^32 - 1 is a table too. */
export const TABLES = { unspec: 0, default: 253, main: 254, local: 255 } as const;
export type TableName = keyof typeof TABLES;

/** The names of tables 0..255 (the named ones all fit a byte), indexed by number: one array read per route. */
const TABLE_NAMES: (TableName | undefined)[] = new Array<TableName | undefined>(256).fill(undefined);
for (const [name, value] of Object.entries(TABLES)) TABLE_NAMES[value] = name as TableName;

/**
 * A routing table as `ip` names it: 'main', 'local', 'default' (or 'unspec' for 0), else its number. The one
 * place routes (`tableName`) and rules (`table`) get table names from.
 */
export function tableName(table: number): TableName | number {
  return (table < 256 ? TABLE_NAMES[table] : undefined) ?? table;
}

/** Operational states (IF_OPER_*, RFC 2863). */
export const OPERSTATES = { unknown: 0, notpresent: 1, down: 2, lowerlayerdown: 3, testing: 4, dormant: 5, up: 6 } as const;
export type Operstate = keyof typeof OPERSTATES;

/** Link-layer types (ARPHRD_*), the ones `ip link` shows most. */
export const LINK_TYPES = {
  netrom: 0, ether: 1, eether: 2, ieee802: 6, arcnet: 7, infiniband: 32, slip: 256, ppp: 512, tunnel: 768,
  tunnel6: 769, loopback: 772, sit: 776, ipgre: 778, ip6gre: 823, netlink: 824, ieee80211: 801,
  'ieee80211-radiotap': 803, can: 280, none: 65534, void: 65535,
} as const;
export type LinkType = keyof typeof LINK_TYPES;

/** A name for `value` in `table`, or the number itself. */
export function nameOf<T extends Record<string, number>>(table: T, value: number): keyof T | number {
  for (const name in table) if (table[name] === value) return name;
  return value;
}

/** The number for a name of `table` (or a number, passed through); undefined for an unknown name. */
export function numberOf<T extends Record<string, number>>(table: T, value: keyof T | number | string): number | undefined {
  if (typeof value === 'number') return value;
  return Object.hasOwn(table, value) ? table[value as keyof T] : undefined;
}
