// Shows this host's interfaces with their addresses, and its routes, the way `ip addr` and `ip route` /
// `ip -6 route` print them, read through rtnetlink with @linx/rtnl. Read-only, and no privileges needed:
// it opens NETLINK_ROUTE in the namespace the process is in and only dumps.
//
//   node examples/dist/show-host.js
//
// It asks with the generated message declarations through FamilyClient (one socket, four dumps), so it shows
// every step; the `rtnl.links`, `rtnl.addresses` and `rtnl.routes` verbs wrap the same requests.
import { LINK_TYPES, OPERSTATES, ROUTE_PROTOCOLS, SCOPES, TABLES, open } from '@linx/rtnl';
import { FamilyClient, nameOf, rtAddr, rtLink, rtRoute } from '@linx/rtnl/protocol';

const AF_INET = 2;
const AF_INET6 = 10;

/** RTM_GETLINK dump: every interface (IFLA_EXT_MASK skip-stats: no counters needed here). */
function dumpLinks(client: FamilyClient) {
  return client.dumpAll(rtLink.linkMessage, 'getlink', { header: {}, attrs: { extMask: ['skip-stats'] } });
}
/** RTM_GETADDR dump: the addresses of every family. */
function dumpAddresses(client: FamilyClient) {
  return client.dumpAll(rtAddr.addrMessage, 'getaddr', { header: {} });
}
/** RTM_GETROUTE dump of one family: every table (`ip route` shows main). */
function dumpRoutes(client: FamilyClient, family: number) {
  return client.dumpAll(rtRoute.routeMessage, 'getroute', { header: { rtmFamily: family } });
}
type Dumped<F extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>[number];

/** iproute2's order of the interface flags (print_link_flags), with its names. */
const LINK_FLAGS: [string, string][] = [
  ['loopback', 'LOOPBACK'], ['broadcast', 'BROADCAST'], ['point-to-point', 'POINTOPOINT'], ['multicast', 'MULTICAST'], ['no-arp', 'NOARP'],
  ['all-multi', 'ALLMULTI'], ['promisc', 'PROMISC'], ['master', 'MASTER'], ['slave', 'SLAVE'], ['debug', 'DEBUG'], ['dynamic', 'DYNAMIC'],
  ['auto-media', 'AUTOMEDIA'], ['portsel', 'PORTSEL'], ['no-trailers', 'NOTRAILERS'], ['up', 'UP'], ['lower-up', 'LOWER_UP'], ['dormant', 'DORMANT'], ['echo', 'ECHO'],
];

function formatLink(link: Dumped<typeof dumpLinks>, nameOfIndex: (i: number) => string, isUp: (i: number) => boolean): string {
  const { header: h, attrs: a } = link;
  const flags = h.ifiFlags as (string | number)[];
  const shown: string[] = [];
  if (flags.includes('up') && !flags.includes('running')) shown.push('NO-CARRIER');
  for (const [name, ipName] of LINK_FLAGS) if (flags.includes(name)) shown.push(ipName);
  let name = a.ifname ?? `if${h.ifiIndex}`;
  if (a.link !== undefined) name += a.link === 0 ? '@NONE' : a.linkNetnsid !== undefined ? `@if${a.link}` : `@${nameOfIndex(a.link)}`;
  // M-DOWN: the link this one sits on (a veth's peer, a VLAN's parent) is down.
  if (a.link && a.linkNetnsid === undefined && !isUp(a.link)) shown.push('M-DOWN');
  let line = `${h.ifiIndex}: ${name}: <${shown.join(',')}>`;
  if (a.mtu !== undefined) line += ` mtu ${a.mtu}`;
  if (a.qdisc !== undefined) line += ` qdisc ${a.qdisc}`;
  if (a.master !== undefined) line += ` master ${nameOfIndex(a.master)}`;
  if (a.operstate !== undefined) line += ` state ${String(nameOf(OPERSTATES, a.operstate)).toUpperCase()}`;
  line += ` group ${a.group ? a.group : 'default'}`;
  if (a.txqlen !== undefined) line += ` qlen ${a.txqlen}`;
  const type = nameOf(LINK_TYPES, h.ifiType);
  line += `\n    link/${type}`;
  if (a.address !== undefined && type !== 'none') line += ` ${a.address}`;
  if (a.broadcast !== undefined && type !== 'none') line += ` ${flags.includes('point-to-point') ? 'peer' : 'brd'} ${a.broadcast}`;
  if (a.linkNetnsid !== undefined) line += ` link-netnsid ${a.linkNetnsid}`;
  if (a.permAddress !== undefined && a.permAddress !== a.address) line += ` permaddr ${a.permAddress}`;
  for (const alt of a.propList?.altIfname ?? []) line += `\n    altname ${alt}`;
  return line;
}

/** iproute2's order of the address flags (print_ifa_flags); `permanent` shows as `dynamic` when missing. */
const ADDRESS_FLAGS = ['secondary', 'nodad', 'optimistic', 'dadfailed', 'homeaddress', 'deprecated', 'tentative', 'permanent', 'managetempaddr', 'noprefixroute', 'mcautojoin', 'stable-privacy'];
const ADDRESS_FLAG_NAMES: Record<string, string> = { homeaddress: 'home', managetempaddr: 'mngtmpaddr', mcautojoin: 'autojoin' };

function formatAddress(address: Dumped<typeof dumpAddresses>): string {
  const { header: h, attrs: a } = address;
  const family = h.ifaFamily === AF_INET ? 'inet' : h.ifaFamily === AF_INET6 ? 'inet6' : `family ${h.ifaFamily}`;
  const local = a.local ?? a.address;
  let line = `    ${family} ${local ?? '?'}`;
  if (a.local && a.address && a.local !== a.address) line += ` peer ${a.address}`;
  line += `/${h.ifaPrefixlen}`;
  if (a.broadcast !== undefined) line += ` brd ${a.broadcast}`;
  line += ` scope ${scopeName(h.ifaScope)}`;
  const flags = (a.flags ?? h.ifaFlags) as (string | number)[];
  for (const flag of ADDRESS_FLAGS) {
    if (flag === 'permanent') {
      if (!flags.includes('permanent')) line += ' dynamic';
    } else if (flags.includes(flag)) line += ` ${flag === 'secondary' && h.ifaFamily === AF_INET6 ? 'temporary' : (ADDRESS_FLAG_NAMES[flag] ?? flag)}`;
  }
  if (a.label !== undefined) line += ` ${a.label}`;
  if (a.cacheinfo) line += `\n       valid_lft ${lifetime(a.cacheinfo.ifaValid)} preferred_lft ${lifetime(a.cacheinfo.ifaPrefered)}`;
  return line;
}

function lifetime(seconds: number): string {
  return seconds === 0xffff_ffff ? 'forever' : `${seconds}sec`;
}

function scopeName(scope: number): string {
  const name = nameOf(SCOPES, scope);
  return name === 'universe' ? 'global' : String(name);
}

type RouteValue = Dumped<typeof dumpRoutes>;

function inMainTable(route: RouteValue): boolean {
  // Cloned (cached) routes are not part of the table `ip route` shows.
  return (route.attrs.table ?? route.header.rtmTable) === TABLES.main && (route.header.rtmFlags & 0x200) === 0;
}

const ROUTE_FLAGS: [number, string][] = [[1, 'dead'], [4, 'onlink'], [2, 'pervasive'], [8, 'offload'], [64, 'trap'], [16, 'linkdown'], [32, 'unresolved']];
const METRICS = ['mtu', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'advmss', 'reordering', 'hoplimit', 'initcwnd', 'features', 'rtoMin', 'initrwnd', 'quickack', 'ccAlgo', 'fastopenNoCookie'] as const;

function formatRoute(route: RouteValue, nameOfIndex: (i: number) => string): string {
  const { header: h, attrs: a } = route;
  const host = h.rtmFamily === AF_INET6 ? 128 : 32;
  const parts: string[] = [];
  if (h.rtmType !== 'unicast') parts.push(String(h.rtmType));
  if (a.dst) parts.push(h.rtmDstLen === host ? a.dst : `${a.dst}/${h.rtmDstLen}`);
  else parts.push(h.rtmDstLen ? `0/${h.rtmDstLen}` : 'default');
  if (a.src) parts.push(`from ${a.src}/${h.rtmSrcLen}`);
  if (a.nhId !== undefined) parts.push(`nhid ${a.nhId}`);
  if (h.rtmTos) parts.push(`tos 0x${h.rtmTos.toString(16).padStart(2, '0')}`);
  if (a.gateway) parts.push(`via ${a.gateway}`);
  if (a.oif !== undefined) parts.push(`dev ${nameOfIndex(a.oif)}`);
  if (h.rtmProtocol !== ROUTE_PROTOCOLS.boot) parts.push(`proto ${String(nameOf(ROUTE_PROTOCOLS, h.rtmProtocol))}`);
  if (h.rtmScope !== SCOPES.universe) parts.push(`scope ${scopeName(h.rtmScope)}`);
  if (a.prefsrc) parts.push(`src ${a.prefsrc}`);
  if (a.priority !== undefined) parts.push(`metric ${a.priority}`);
  parts.push(...routeFlags(h.rtmFlags));
  // rta_expires is in clock ticks (USER_HZ, 100 a second), as iproute2 reads it.
  if (a.cacheinfo?.rtaExpires) parts.push(`expires ${Math.trunc((a.cacheinfo.rtaExpires | 0) / 100)}sec`);
  if (a.pref !== undefined) parts.push(`pref ${a.pref === 3 ? 'low' : a.pref === 1 ? 'high' : a.pref === 0 ? 'medium' : String(a.pref)}`);
  for (const metric of METRICS) {
    const value = a.metrics?.[metric];
    if (value !== undefined) parts.push(`${metric === 'ccAlgo' ? 'congctl' : metric.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} ${value}`);
  }
  let line = parts.join(' ');
  // RTA_MULTIPATH decodes to one record per next hop: struct rtnexthop (rtnh_hops is the weight - 1) and its attributes.
  if (a.multipath) for (const hop of a.multipath) line += `\n\tnexthop${hop.gateway ? ` via ${hop.gateway}` : ''} dev ${nameOfIndex(hop.header.rtnhIfindex)} weight ${hop.header.rtnhHops + 1}${routeFlags(hop.header.rtnhFlags).map((f) => ` ${f}`).join('')}`;
  return line;
}

function routeFlags(flags: number): string[] {
  return ROUTE_FLAGS.filter(([bit]) => flags & bit).map(([, name]) => name);
}

// The job itself, last, so that the tables above are initialized.
const rtnl = open();
try {
  const client = new FamilyClient(rtnl.connection);
  // Dumps on one socket run one after another; the order of the answers is the kernel's.
  const links = await dumpLinks(client);
  const addresses = await dumpAddresses(client);
  const routes4 = await dumpRoutes(client, AF_INET);
  const routes6 = await dumpRoutes(client, AF_INET6);
  const names = new Map(links.map((l) => [l.header.ifiIndex, l.attrs.ifname ?? `if${l.header.ifiIndex}`]));
  const nameOfIndex = (index: number) => names.get(index) ?? `if${index}`;
  const up = new Set(links.filter((l) => (l.header.ifiFlags as unknown[]).includes('up')).map((l) => l.header.ifiIndex));

  console.log('# ip addr');
  for (const link of links) {
    console.log(formatLink(link, nameOfIndex, (index) => up.has(index)));
    for (const address of addresses.filter((a) => a.header.ifaIndex === link.header.ifiIndex)) console.log(formatAddress(address));
  }
  console.log('\n# ip route');
  for (const route of routes4.filter(inMainTable)) console.log(formatRoute(route, nameOfIndex));
  console.log('\n# ip -6 route');
  for (const route of routes6.filter(inMainTable)) console.log(formatRoute(route, nameOfIndex));
} finally {
  rtnl.close();
}
