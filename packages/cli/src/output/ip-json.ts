// The objects `ip -j` prints for links, addresses, routes, neighbours and rules (iproute2 6.1 field names,
// shapes and omissions), made from what @linx/rtnl lists. Scripts written against `ip -j` read these
// unchanged; the text printer (text.ts) prints from them too, so both outputs say the same. Only types are
// imported from @linx/rtnl here: the shapes load without the netlink code.
import type { Address, Link, Neighbour, Route, Rule } from '@linx/rtnl';
import { bridgeInfoData, bridgePortInfoData } from './bridge-data.js';

/** A JSON object as `ip -j` prints it. */
export type IpObject = Record<string, unknown>;

/** iproute2's order and names of the interface flags (print_link_flags). */
const LINK_FLAGS: readonly [string, string][] = [
  ['loopback', 'LOOPBACK'], ['broadcast', 'BROADCAST'], ['point-to-point', 'POINTOPOINT'], ['multicast', 'MULTICAST'], ['no-arp', 'NOARP'],
  ['all-multi', 'ALLMULTI'], ['promisc', 'PROMISC'], ['master', 'MASTER'], ['slave', 'SLAVE'], ['debug', 'DEBUG'], ['dynamic', 'DYNAMIC'],
  ['auto-media', 'AUTOMEDIA'], ['portsel', 'PORTSEL'], ['no-trailers', 'NOTRAILERS'], ['up', 'UP'], ['lower-up', 'LOWER_UP'], ['dormant', 'DORMANT'], ['echo', 'ECHO'],
];
/** ARPHRD names where iproute2's ll_types spell them differently from rtnl's LINK_TYPES. */
const IP_LINK_TYPE: Record<string, string> = { tunnel: 'ipip', ipgre: 'gre', ip6gre: 'gre6', ieee80211: 'ieee802.11', 'ieee80211-radiotap': 'ieee802.11/radiotap' };
const LINK_MODES = ['DEFAULT', 'DORMANT', 'TESTING'];
const ADDR_GEN_MODES = ['eui64', 'none', 'stable_secret', 'random'];

/** What the link printer needs to know besides the link. */
export interface LinkShapeOptions {
  /** Interface names by index, for `link` (a veth's peer…) and `master`. */
  names: ReadonlyMap<number, string>;
  /** The indexes of the interfaces that are up (for M-DOWN). */
  up: ReadonlySet<number>;
  /** `ip link` prints `linkmode`; `ip addr` does not. */
  linkmode: boolean;
  /** `-d`. */
  details: boolean;
  /** `-s` given this many times: 1 prints `stats64`, 2 adds the error breakdown (`-s -s`). */
  stats: number;
  /** With `-4`/`-6`, `ip addr` leaves out the link-layer fields (link_type, address, broadcast). */
  linkLayer: boolean;
}

const nameOfIndex = (names: ReadonlyMap<number, string>, index: number) => names.get(index) ?? `if${index}`;

/** A link as one element of `ip -j link show` (or, with `linkmode: false`, of `ip -j addr show`). */
export function linkToIp(link: Link, o: LinkShapeOptions): IpObject {
  const out: IpObject = { ifindex: link.index };
  if (link.link !== undefined) {
    if (link.link === 0) out.link = null;
    else if (link.linkNetnsid !== undefined) out.link_index = link.link;
    else out.link = nameOfIndex(o.names, link.link);
  }
  out.ifname = link.ifname;
  out.flags = linkFlags(link, o);
  if (link.mtu !== undefined) out.mtu = link.mtu;
  if (link.qdisc !== undefined) out.qdisc = link.qdisc;
  if (link.master !== undefined) out.master = nameOfIndex(o.names, link.master);
  if (link.operstate !== undefined) out.operstate = String(link.operstate).toUpperCase();
  if (o.linkmode && link.linkmode !== undefined) out.linkmode = LINK_MODES[link.linkmode] ?? String(link.linkmode);
  out.group = link.group ? String(link.group) : 'default';
  if (link.txqlen) out.txqlen = link.txqlen;
  if (o.linkLayer) {
    out.link_type = typeof link.type === 'number' ? `[${link.type}]` : (IP_LINK_TYPE[link.type] ?? link.type);
    if (link.address !== undefined) out.address = link.address;
    if (link.broadcast !== undefined) {
      if (link.flags.includes('point-to-point')) out.link_pointtopoint = true;
      out.broadcast = link.broadcast;
    }
    if (link.permAddress !== undefined && link.permAddress !== link.address) out.permaddr = link.permAddress;
  }
  if (link.linkNetnsid !== undefined) out.link_netnsid = link.linkNetnsid;
  if (link.protoDown) out.proto_down = true;
  if (o.details) Object.assign(out, linkDetails(link, o.linkmode, o.names));
  if (o.stats > 0 && link.stats64 !== undefined) out.stats64 = linkStats(link.stats64, o.stats > 1, link.carrierChanges);
  const altnames = link.propList?.altIfname;
  if (altnames !== undefined && altnames.length > 0) out.altnames = [...altnames];
  // `ip link` prints the alias; `ip addr` only with -d.
  if ((o.linkmode || o.details) && link.ifalias !== undefined && link.ifalias !== '') out.ifalias = link.ifalias;
  return out;
}

function linkFlags(link: Link, o: LinkShapeOptions): string[] {
  const flags = link.flags as (string | number)[];
  const out: string[] = [];
  if (flags.includes('up') && !flags.includes('running')) out.push('NO-CARRIER');
  for (const [name, ipName] of LINK_FLAGS) if (flags.includes(name)) out.push(ipName);
  // M-DOWN: the link this one sits on, in this namespace, is down.
  if (link.link && link.linkNetnsid === undefined && !o.up.has(link.link)) out.push('M-DOWN');
  return out;
}

/** The fields `ip -d` adds (iproute2 6.1). */
function linkDetails(link: Link, isLinkCommand: boolean, names: ReadonlyMap<number, string>): IpObject {
  const out: IpObject = {};
  if (link.promiscuity !== undefined) out.promiscuity = link.promiscuity;
  if (link.allmulti !== undefined) out.allmulti = link.allmulti;
  if (link.minMtu !== undefined) out.min_mtu = link.minMtu;
  if (link.maxMtu !== undefined) out.max_mtu = link.maxMtu;
  const info = link.linkinfo;
  if (info !== undefined && (info.kind !== undefined || info.slaveKind !== undefined)) {
    const shaped: IpObject = {};
    if (info.kind !== undefined) shaped.info_kind = info.kind;
    // The kinds' own data: a bridge's and a bridge port's as ip prints them; other kinds' is not shaped (README).
    if (info.kind === 'bridge' && info.data !== undefined) shaped.info_data = bridgeInfoData(info.data as Record<string, unknown>);
    if (info.slaveKind !== undefined) shaped.info_slave_kind = info.slaveKind;
    if (info.slaveKind === 'bridge' && info.slaveData !== undefined) shaped.info_slave_data = bridgePortInfoData(info.slaveData as Record<string, unknown>, names);
    out.linkinfo = shaped;
  }
  // `ip link -d` prints the IPv6 address generation mode; `ip addr -d` does not.
  const mode = link.afSpec?.inet6?.addrGenMode;
  if (isLinkCommand && mode !== undefined) out.inet6_addr_gen_mode = ADDR_GEN_MODES[mode] ?? String(mode);
  if (link.numTxQueues !== undefined) out.num_tx_queues = link.numTxQueues;
  if (link.numRxQueues !== undefined) out.num_rx_queues = link.numRxQueues;
  if (link.gsoMaxSize !== undefined) out.gso_max_size = link.gsoMaxSize;
  if (link.gsoMaxSegs !== undefined) out.gso_max_segs = link.gsoMaxSegs;
  if (link.tsoMaxSize !== undefined) out.tso_max_size = link.tsoMaxSize;
  if (link.tsoMaxSegs !== undefined) out.tso_max_segs = link.tsoMaxSegs;
  if (link.groMaxSize !== undefined) out.gro_max_size = link.groMaxSize;
  if (link.parentDevBusName !== undefined) out.parentbus = link.parentDevBusName;
  if (link.parentDevName !== undefined) out.parentdev = link.parentDevName;
  return out;
}

type Stats64 = NonNullable<Link['stats64']>;

/**
 * `ip -s -j`'s stats64: the counters as numbers, as iproute2 prints u64s; with `-s -s` (`errors`), the
 * error breakdown and the carrier changes (IFLA_CARRIER_CHANGES) too.
 */
function linkStats(s: Stats64, errors: boolean, carrierChanges: number | undefined): IpObject {
  const n = (v: bigint | number) => Number(v);
  const rx: IpObject = { bytes: n(s.rxBytes), packets: n(s.rxPackets), errors: n(s.rxErrors), dropped: n(s.rxDropped), over_errors: n(s.rxOverErrors), multicast: n(s.multicast) };
  const tx: IpObject = { bytes: n(s.txBytes), packets: n(s.txPackets), errors: n(s.txErrors), dropped: n(s.txDropped), carrier_errors: n(s.txCarrierErrors), collisions: n(s.collisions) };
  if (errors) {
    Object.assign(rx, { length_errors: n(s.rxLengthErrors), crc_errors: n(s.rxCrcErrors), frame_errors: n(s.rxFrameErrors), fifo_errors: n(s.rxFifoErrors), missed_errors: n(s.rxMissedErrors) });
    Object.assign(tx, { aborted_errors: n(s.txAbortedErrors), fifo_errors: n(s.txFifoErrors), window_errors: n(s.txWindowErrors), heartbeat_errors: n(s.txHeartbeatErrors) });
    if (carrierChanges !== undefined) tx.carrier_changes = carrierChanges;
  }
  return { rx, tx };
}

/** iproute2's order and names of the address flags (print_ifa_flags). */
const ADDRESS_FLAGS = ['secondary', 'nodad', 'optimistic', 'dadfailed', 'homeaddress', 'deprecated', 'tentative', 'permanent', 'managetempaddr', 'noprefixroute', 'mcautojoin', 'stable-privacy'];
const ADDRESS_FLAG_NAMES: Record<string, string> = { homeaddress: 'home', managetempaddr: 'mngtmpaddr', mcautojoin: 'autojoin' };
const FOREVER = 0xffff_ffff;

/** An address as one element of `addr_info` in `ip -j addr show`. */
export function addressToIp(a: Address): IpObject {
  const out: IpObject = { family: a.family, local: a.local };
  if (a.peer !== undefined) out.address = a.peer;
  out.prefixlen = a.prefixlen;
  if (a.broadcast !== undefined) out.broadcast = a.broadcast;
  if (a.anycast !== undefined) out.anycast = a.anycast;
  out.scope = scopeName(a.scope);
  const flags = a.flags as (string | number)[];
  for (const flag of ADDRESS_FLAGS) {
    if (flag === 'permanent') {
      if (!flags.includes('permanent')) out.dynamic = true;
    } else if (flags.includes(flag)) out[flag === 'secondary' && a.family === 'inet6' ? 'temporary' : (ADDRESS_FLAG_NAMES[flag] ?? flag)] = true;
  }
  if (a.label !== undefined) out.label = a.label;
  if (a.rtPriority !== undefined) out.metric = a.rtPriority;
  if (a.validLifetime !== undefined) out.valid_life_time = a.validLifetime === 'forever' ? FOREVER : a.validLifetime;
  if (a.preferredLifetime !== undefined) out.preferred_life_time = a.preferredLifetime === 'forever' ? FOREVER : a.preferredLifetime;
  return out;
}

/** `ip`'s scope names: universe is `global`, numbers without a name stay numbers. */
export function scopeName(scope: string | number): string | number {
  return scope === 'universe' ? 'global' : scope;
}

const TABLE_NAMES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
/** iproute2's route-flag order (print_rt_flags) with its names. */
/** The next-hop flags in the order `ip` prints them (print_rt_flags), for routes and nexthop objects alike. */
export const ROUTE_FLAG_ORDER = ['dead', 'onlink', 'pervasive', 'offload', 'trap', 'linkdown', 'unresolved'];
const PREFERENCES: Record<string, string> = { low: 'low', medium: 'medium', high: 'high' };

/** Which table `ip route show` shows: main unless `table` says otherwise (a number, a name, or `all`). */
export interface RouteShapeOptions {
  /** The interface name of an index (routes from rtnl carry `dev` already). */
  names: ReadonlyMap<number, string>;
  /** Print `table` (iproute2 does when the route is not in main). */
  showTable: boolean;
}

/** A route as one element of `ip -j route show`. */
export function routeToIp(r: Route, o: RouteShapeOptions): IpObject {
  const out: IpObject = {};
  if (r.type !== 'unicast') out.type = r.type;
  const host = r.family === 'inet6' ? 128 : 32;
  if (r.dstLen === 0 && (r.dst === undefined || isZero(r.dst))) out.dst = 'default';
  else out.dst = r.dstLen === host ? r.dst : `${r.dst}/${r.dstLen}`;
  if (r.src !== undefined && r.srcLen > 0) out.from = `${r.src}/${r.srcLen}`;
  if (r.nhId !== undefined) out.nhid = r.nhId;
  if (r.tos) out.tos = `0x${r.tos.toString(16).padStart(2, '0')}`;
  if (r.gateway !== undefined) out.gateway = r.gateway;
  if (r.via !== undefined) out.via = { family: r.via.family, host: r.via.address };
  if (r.oif !== undefined) out.dev = r.dev ?? nameOfIndex(o.names, r.oif);
  if (o.showTable) out.table = TABLE_NAMES[r.table] ?? String(r.table);
  if (r.protocol !== 'boot') out.protocol = r.protocol;
  if (r.scope !== 'universe') out.scope = scopeName(r.scope);
  if (r.prefsrc !== undefined) out.prefsrc = r.prefsrc;
  if (r.priority !== undefined) out.metric = r.priority;
  const flags = r.flags as (string | number)[];
  out.flags = ROUTE_FLAG_ORDER.filter((f) => flags.includes(f));
  if (r.pref !== undefined) out.pref = PREFERENCES[String(r.pref)] ?? r.pref;
  if (r.metrics !== undefined) {
    const metrics: IpObject = {};
    for (const [name, value] of Object.entries(r.metrics)) {
      if (name === 'lock' || value === undefined) continue;
      metrics[name === 'ccAlgo' ? 'congctl' : name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
    }
    if (Object.keys(metrics).length > 0) out.metrics = [metrics];
  }
  if (r.multipath !== undefined) {
    out.nexthops = r.multipath.map((hop) => {
      const shaped: IpObject = {};
      if (hop.gateway !== undefined) shaped.gateway = hop.gateway;
      shaped.dev = hop.dev ?? nameOfIndex(o.names, hop.oif);
      shaped.weight = hop.weight;
      shaped.flags = ROUTE_FLAG_ORDER.filter((f) => (hop.flags as (string | number)[]).includes(f));
      return shaped;
    });
  }
  return out;
}

function isZero(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** Neighbour states in iproute2's order (print_neigh_state), upper-case as `ip` prints them. */
const NEIGH_STATES = ['incomplete', 'reachable', 'stale', 'delay', 'probe', 'failed', 'noarp', 'permanent'];

/** A neighbour as one element of `ip -j neigh show`. */
export function neighbourToIp(n: Neighbour, names: ReadonlyMap<number, string>): IpObject {
  const out: IpObject = {};
  if (n.dst !== undefined) out.dst = n.dst;
  out.dev = nameOfIndex(names, n.ifindex);
  if (n.lladdr !== undefined) out.lladdr = n.lladdr;
  const flags = n.flags as (string | number)[];
  // iproute2 prints these flags as JSON nulls (print_null), present or absent.
  if (flags.includes('router')) out.router = null;
  if (flags.includes('proxy')) out.proxy = null;
  if (flags.includes('extern-learn')) out.extern_learn = null;
  if (n.protocol !== undefined) out.protocol = n.protocol;
  const states = n.states as (string | number)[];
  out.state = states.length === 0 ? ['NONE'] : NEIGH_STATES.filter((s) => states.includes(s)).map((s) => s.toUpperCase());
  return out;
}

/** A rule as one element of `ip -j rule show`. */
export function ruleToIp(r: Rule): IpObject {
  const out: IpObject = { priority: r.priority };
  const flags = r.flags as (string | number)[];
  if (flags.includes('invert')) out.not = null;
  if (r.src !== undefined && r.srcLen > 0) {
    out.src = r.src;
    if (r.srcLen !== (r.family === 'inet6' ? 128 : 32)) out.srclen = r.srcLen;
  } else out.src = 'all';
  if (r.dst !== undefined && r.dstLen > 0) {
    out.dst = r.dst;
    if (r.dstLen !== (r.family === 'inet6' ? 128 : 32)) out.dstlen = r.dstLen;
  }
  if (r.tos) out.tos = `0x${r.tos.toString(16).padStart(2, '0')}`;
  if (r.fwmark !== undefined || r.fwmask !== undefined) {
    out.fwmark = `0x${(r.fwmark ?? 0).toString(16)}`;
    if (r.fwmask !== undefined && r.fwmask !== 0xffff_ffff) out.fwmask = `0x${r.fwmask.toString(16)}`;
  }
  if (r.iifname !== undefined) out.iif = r.iifname;
  if (r.oifname !== undefined) out.oif = r.oifname;
  if (r.l3mdev) out.l3mdev = true;
  if (r.uidRange !== undefined) out.uid_range = `${r.uidRange.start}-${r.uidRange.end}`;
  if (r.ipProto !== undefined) out.ipproto = r.ipProto;
  if (r.sportRange !== undefined) out.sport = rangeText(r.sportRange);
  if (r.dportRange !== undefined) out.dport = rangeText(r.dportRange);
  if (r.action === 'to-table') {
    if (r.table !== undefined) out.table = typeof r.table === 'number' ? (TABLE_NAMES[r.table] ?? String(r.table)) : r.table;
    if (r.suppressPrefixlen !== undefined && r.suppressPrefixlen !== 0xffff_ffff) out.suppress_prefixlen = r.suppressPrefixlen;
  } else if (r.action === 'goto') {
    out.goto = r.goto;
  } else if (r.action === 'nop') {
    out.action = 'nop';
  } else {
    out.action = r.action;
  }
  return out;
}

function rangeText(range: { start: number; end: number }): number | string {
  return range.start === range.end ? range.start : `${range.start}-${range.end}`;
}

/** A tc handle or parent id as `tc` prints it: `MAJOR:MINOR` in hexadecimal, `MAJOR:` when MINOR is 0. */
function tcHandle(id: number): string {
  const major = (id >>> 16).toString(16);
  const minor = id & 0xffff;
  return minor === 0 ? `${major}:` : `${major}:${minor.toString(16)}`;
}

/** What the qdisc printer needs of a listed qdisc (`rtnl.tc.qdiscs.list()`'s objects). */
export interface QdiscLike {
  kind: string;
  handleId: number;
  parentId: number;
  dev?: string;
  ifindex: number;
  refcnt?: number;
  root?: boolean;
  options?: unknown;
}

/**
 * A qdisc as one element of `tc -j qdisc show`. `options` has `tc`'s fields for htb and for the kinds
 * without options (noqueue, ingress, clsact); other kinds' options are linx's own (rtnl's names).
 */
export function qdiscToTc(q: QdiscLike, o: { showDev: boolean }): IpObject {
  const out: IpObject = { kind: q.kind, handle: tcHandle(q.handleId) };
  if (o.showDev) out.dev = q.dev ?? `if${q.ifindex}`;
  if (q.root) out.root = true;
  else out.parent = tcHandle(q.parentId);
  // tc prints the reference count unless it is 1 (tcm_info).
  if (q.refcnt !== undefined && q.refcnt !== 1) out.refcnt = q.refcnt;
  out.options = qdiscOptions(q);
  return out;
}

function qdiscOptions(q: QdiscLike): unknown {
  const options = (q.options ?? {}) as Record<string, unknown>;
  if (q.kind === 'htb') {
    const shaped: IpObject = { r2q: options.r2q, default: `0x${Number(options.default).toString(16)}`, direct_packets_stat: options.directPacketsStat };
    if (options.directQlen !== undefined) shaped.direct_qlen = options.directQlen;
    return shaped;
  }
  return options instanceof Uint8Array ? { bytes: Buffer.from(options).toString('hex') } : options;
}
