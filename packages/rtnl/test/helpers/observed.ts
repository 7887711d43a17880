// Observed objects for the reconcile unit tests, in the shapes the list() verbs return (as read from a
// kernel 6.18 namespace): only the fields plan reads, and the kernel's defaults (IPv6 metric 1024, IPv4
// labels, 'permanent' address flags, a full fwmask) written in where the kernel writes them.
import type { Address, Link, Neighbour, ObservedState, Route, Rule } from '../../src/index.js';

type Loose<T> = Partial<T> & Record<string, unknown>;

export function link(index: number, ifname: string, options: { kind?: string; data?: Record<string, unknown>; up?: boolean; master?: number; link?: number } & Loose<Link> = {}): Link {
  const { kind, data, up, ...rest } = options;
  return {
    index,
    family: 'unspec',
    type: 'ether',
    flags: up ? ['up', 'broadcast', 'multicast', 'lower-up'] : ['broadcast', 'multicast'],
    ifname,
    mtu: 1500,
    txqlen: 1000,
    address: `02:00:00:00:00:${index.toString(16).padStart(2, '0')}`,
    broadcast: 'ff:ff:ff:ff:ff:ff',
    operstate: up ? 'up' : 'down',
    ...(kind === undefined ? {} : { linkinfo: { kind, ...(data === undefined ? {} : { data }) } }),
    ...rest,
  } as Link;
}

export const lo = link(1, 'lo', { type: 'loopback', flags: ['up', 'loopback', 'lower-up'], mtu: 65536, address: '00:00:00:00:00:00', broadcast: '00:00:00:00:00:00' });

export function address(ifindex: number, local: string, prefixlen: number, options: Loose<Address> = {}): Address {
  return {
    family: local.includes(':') ? 'inet6' : 'inet',
    ifindex,
    prefixlen,
    scope: 'universe',
    flags: ['permanent'],
    local,
    address: local,
    validLifetime: 'forever',
    preferredLifetime: 'forever',
    ...options,
  } as Address;
}

export function route(dst: string, dstLen: number, options: Loose<Route> = {}): Route {
  const inet6 = dst.includes(':');
  return {
    family: inet6 ? 'inet6' : 'inet',
    type: 'unicast',
    table: 254,
    dst,
    dstLen,
    srcLen: 0,
    tos: 0,
    protocol: 'boot',
    scope: 'universe',
    flags: [],
    priority: inet6 ? 1024 : undefined,
    gateway: undefined,
    oif: undefined,
    dev: undefined,
    ...(inet6 ? { pref: 'medium' } : {}),
    ...options,
  } as Route;
}

export function neighbour(ifindex: number, dst: string, lladdr: string, options: Loose<Neighbour> = {}): Neighbour {
  return { family: dst.includes(':') ? 'inet6' : 'inet', ifindex, state: 'permanent', states: ['permanent'], flags: [], type: 'unicast', dst, lladdr, probes: 0, ...options } as Neighbour;
}

export function rule(priority: number, options: Loose<Rule> = {}): Rule {
  return { family: 'inet', priority, action: 'to-table', srcLen: 0, dstLen: 0, tos: 0, flags: [], protocol: 'unspec', ...options } as Rule;
}

/** The rules a fresh namespace has (`ip rule` / `ip -6 rule`). */
export const defaultRules: Rule[] = [
  rule(0, { table: 'local', protocol: 'kernel' }),
  rule(32766, { table: 'main', protocol: 'kernel' }),
  rule(32767, { table: 'default', protocol: 'kernel' }),
  rule(0, { family: 'inet6', table: 'local', protocol: 'kernel' }),
  rule(32766, { family: 'inet6', table: 'main', protocol: 'kernel' }),
];

/** An observed state whose lists a test can change. */
export type ObservedLists = { -readonly [K in keyof ObservedState]: ObservedState[K][number][] };

/** A fresh namespace: lo (down) and the default rules. */
export function empty(): ObservedLists {
  return { links: [lo], addresses: [], routes: [], neighbours: [], rules: [...defaultRules] };
}
