// `ip`'s text output, printed from the `ip -j` objects of ip-json.ts (one source for both outputs).
import type { IpObject } from './ip-json.js';

const FOREVER = 0xffff_ffff;
const str = (v: unknown) => String(v);

/** The first line(s) of a link as `ip link show` / `ip addr show` print it (`statsErrors`: `-s -s`). */
export function linkText(l: IpObject, o: { statsErrors: boolean } = { statsErrors: false }): string {
  let name = str(l.ifname);
  if ('link' in l) name += `@${l.link === null ? 'NONE' : str(l.link)}`;
  else if (l.link_index !== undefined) name += `@if${str(l.link_index)}`;
  let line = `${str(l.ifindex)}: ${name}: <${(l.flags as string[]).join(',')}>`;
  if (l.mtu !== undefined) line += ` mtu ${str(l.mtu)}`;
  if (l.qdisc !== undefined) line += ` qdisc ${str(l.qdisc)}`;
  if (l.master !== undefined) line += ` master ${str(l.master)}`;
  if (l.operstate !== undefined) line += ` state ${str(l.operstate)}`;
  if (l.linkmode !== undefined) line += ` mode ${str(l.linkmode)}`;
  if (l.group !== undefined) line += ` group ${str(l.group)}`;
  if (l.txqlen !== undefined) line += ` qlen ${str(l.txqlen)}`;
  if (l.link_type !== undefined) {
    line += `\n    link/${str(l.link_type)}`;
    if (l.address !== undefined) line += ` ${str(l.address)}`;
    if (l.broadcast !== undefined) line += ` ${l.link_pointtopoint ? 'peer' : 'brd'} ${str(l.broadcast)}`;
    if (l.link_netnsid !== undefined) line += ` link-netnsid ${str(l.link_netnsid)}`;
    if (l.permaddr !== undefined) line += ` permaddr ${str(l.permaddr)}`;
    if (l.promiscuity !== undefined) line += ` promiscuity ${str(l.promiscuity)}`;
    if (l.allmulti !== undefined) line += ` allmulti ${str(l.allmulti)}`;
    if (l.min_mtu !== undefined) line += ` minmtu ${str(l.min_mtu)} maxmtu ${str(l.max_mtu)}`;
  }
  const info = l.linkinfo as IpObject | undefined;
  if (info?.info_kind !== undefined) line += `\n    ${str(info.info_kind)}`;
  if (info?.info_slave_kind !== undefined) line += `${info.info_kind === undefined ? '\n    ' : ' '}${str(info.info_slave_kind)}_slave`;
  if (l.num_tx_queues !== undefined) {
    const details: [string, string][] = [['inet6_addr_gen_mode', 'addrgenmode'], ['num_tx_queues', 'numtxqueues'], ['num_rx_queues', 'numrxqueues'], ['gso_max_size', 'gso_max_size'], ['gso_max_segs', 'gso_max_segs'], ['tso_max_size', 'tso_max_size'], ['tso_max_segs', 'tso_max_segs'], ['gro_max_size', 'gro_max_size'], ['parentbus', 'parentbus'], ['parentdev', 'parentdev']];
    line += `\n    ${details.filter(([k]) => l[k] !== undefined).map(([k, name]) => `${name} ${str(l[k])}`).join(' ')}`;
  }
  for (const alt of (l.altnames as string[] | undefined) ?? []) line += `\n    altname ${alt}`;
  if (l.ifalias !== undefined) line += `\n    alias ${str(l.ifalias)}`;
  const stats = l.stats64 as { rx: Record<string, number>; tx: Record<string, number> } | undefined;
  if (stats !== undefined) line += `\n${statsText(stats, o.statsErrors)}`;
  return line;
}

/**
 * `ip -s link`'s counters table; with `errors` (`-s -s`) the error rows too. `stats` must hold the error
 * breakdown even for one `-s`: ip's "missed" column is rx_missed_errors. Columns are of fixed widths (ip
 * widens them for long numbers).
 */
function statsText(s: { rx: Record<string, number>; tx: Record<string, number> }, errors: boolean): string {
  // ip's column widths for numbers that fit them (the header words' widths).
  const row = (widths: number[], cells: (number | undefined)[]) => `    ${cells.map((c, i) => String(c ?? 0).padStart(widths[i]!)).join(' ')}`;
  const counters = [10, 7, 6, 7, 7, 7];
  const errorCounters = [18, 6, 7, 7, 7];
  const lines = ['    RX:  bytes packets errors dropped  missed   mcast', row(counters, [s.rx.bytes, s.rx.packets, s.rx.errors, s.rx.dropped, s.rx.missed_errors, s.rx.multicast])];
  if (errors) lines.push('    RX errors:  length    crc   frame    fifo overrun', row(errorCounters, [s.rx.length_errors, s.rx.crc_errors, s.rx.frame_errors, s.rx.fifo_errors, s.rx.over_errors]));
  lines.push('    TX:  bytes packets errors dropped carrier collsns', row(counters, [s.tx.bytes, s.tx.packets, s.tx.errors, s.tx.dropped, s.tx.carrier_errors, s.tx.collisions]));
  if (errors) lines.push('    TX errors: aborted   fifo  window heartbt transns', row(errorCounters, [s.tx.aborted_errors, s.tx.fifo_errors, s.tx.window_errors, s.tx.heartbeat_errors, s.tx.carrier_changes]));
  return lines.join('\n');
}

const ADDRESS_FLAG_KEYS = ['secondary', 'temporary', 'nodad', 'optimistic', 'dadfailed', 'home', 'deprecated', 'tentative', 'dynamic', 'mngtmpaddr', 'noprefixroute', 'autojoin', 'stable-privacy'];

/** An address as `ip addr show` prints it under its link (two lines). */
export function addressText(a: IpObject): string {
  let line = `    ${str(a.family)} ${str(a.local)}`;
  if (a.address !== undefined) line += ` peer ${str(a.address)}`;
  line += `/${str(a.prefixlen)}`;
  if (a.broadcast !== undefined) line += ` brd ${str(a.broadcast)}`;
  line += ` scope ${str(a.scope)}`;
  for (const flag of ADDRESS_FLAG_KEYS) if (a[flag] === true) line += ` ${flag}`;
  if (a.label !== undefined) line += ` ${str(a.label)}`;
  if (a.valid_life_time !== undefined) line += `\n       valid_lft ${lifetime(a.valid_life_time)} preferred_lft ${lifetime(a.preferred_life_time)}`;
  return line;
}

function lifetime(v: unknown): string {
  return v === FOREVER ? 'forever' : `${str(v)}sec`;
}

/** A route as `ip route show` prints it. */
export function routeText(r: IpObject): string {
  const parts: string[] = [];
  if (r.type !== undefined) parts.push(str(r.type));
  parts.push(str(r.dst));
  if (r.from !== undefined) parts.push(`from ${str(r.from)}`);
  if (r.nhid !== undefined) parts.push(`nhid ${str(r.nhid)}`);
  if (r.tos !== undefined) parts.push(`tos ${str(r.tos)}`);
  if (r.gateway !== undefined) parts.push(`via ${str(r.gateway)}`);
  const via = r.via as IpObject | undefined;
  if (via !== undefined) parts.push(`via ${str(via.family)} ${str(via.host)}`);
  if (r.dev !== undefined) parts.push(`dev ${str(r.dev)}`);
  if (r.table !== undefined) parts.push(`table ${str(r.table)}`);
  if (r.protocol !== undefined) parts.push(`proto ${str(r.protocol)}`);
  if (r.scope !== undefined) parts.push(`scope ${str(r.scope)}`);
  if (r.prefsrc !== undefined) parts.push(`src ${str(r.prefsrc)}`);
  if (r.metric !== undefined) parts.push(`metric ${str(r.metric)}`);
  parts.push(...(r.flags as string[]));
  if (r.pref !== undefined) parts.push(`pref ${str(r.pref)}`);
  for (const metrics of (r.metrics as IpObject[] | undefined) ?? []) for (const [k, v] of Object.entries(metrics)) parts.push(`${k} ${str(v)}`);
  let line = parts.join(' ');
  for (const hop of (r.nexthops as IpObject[] | undefined) ?? []) {
    line += `\n\tnexthop${hop.gateway !== undefined ? ` via ${str(hop.gateway)}` : ''} dev ${str(hop.dev)} weight ${str(hop.weight)}`;
    for (const f of hop.flags as string[]) line += ` ${f}`;
  }
  return line;
}

/** A neighbour as `ip neigh show` prints it. */
export function neighbourText(n: IpObject): string {
  const parts: string[] = [];
  if (n.dst !== undefined) parts.push(str(n.dst));
  parts.push(`dev ${str(n.dev)}`);
  if (n.lladdr !== undefined) parts.push(`lladdr ${str(n.lladdr)}`);
  if ('router' in n) parts.push('router');
  if ('proxy' in n) parts.push('proxy');
  if ('extern_learn' in n) parts.push('extern_learn');
  if (n.protocol !== undefined) parts.push(`proto ${str(n.protocol)}`);
  parts.push(...(n.state as string[]));
  return parts.join(' ');
}

/** A rule as `ip rule show` prints it. */
export function ruleText(r: IpObject): string {
  const parts: string[] = [];
  if ('not' in r) parts.push('not');
  parts.push(`from ${str(r.src)}${r.srclen !== undefined ? `/${str(r.srclen)}` : ''}`);
  if (r.dst !== undefined) parts.push(`to ${str(r.dst)}${r.dstlen !== undefined ? `/${str(r.dstlen)}` : ''}`);
  if (r.tos !== undefined) parts.push(`tos ${str(r.tos)}`);
  if (r.fwmark !== undefined) parts.push(`fwmark ${str(r.fwmark)}${r.fwmask !== undefined ? `/${str(r.fwmask)}` : ''}`);
  if (r.iif !== undefined) parts.push(`iif ${str(r.iif)}`);
  if (r.oif !== undefined) parts.push(`oif ${str(r.oif)}`);
  if (r.l3mdev) parts.push('lookup [l3mdev-table]');
  if (r.uid_range !== undefined) parts.push(`uidrange ${str(r.uid_range)}`);
  if (r.ipproto !== undefined) parts.push(`ipproto ${str(r.ipproto)}`);
  if (r.sport !== undefined) parts.push(`sport ${str(r.sport)}`);
  if (r.dport !== undefined) parts.push(`dport ${str(r.dport)}`);
  if (r.table !== undefined) parts.push(`lookup ${str(r.table)}`);
  if (r.suppress_prefixlen !== undefined) parts.push(`suppress_prefixlength ${str(r.suppress_prefixlen)}`);
  if (r.goto !== undefined) parts.push(`goto ${str(r.goto)}`);
  if (r.action !== undefined) parts.push(str(r.action));
  return `${str(r.priority)}:\t${parts.join(' ')}`;
}

/** A qdisc as `tc qdisc show` prints it (htb's options as tc's; other kinds' as linx's own `key value`). */
export function qdiscText(q: IpObject): string {
  let line = `qdisc ${str(q.kind)} ${str(q.handle)}`;
  if (q.dev !== undefined) line += ` dev ${str(q.dev)}`;
  line += q.root ? ' root' : ` parent ${str(q.parent)}`;
  if (q.refcnt !== undefined) line += ` refcnt ${str(q.refcnt)}`;
  // tc's ingress prints a rule of dashes where options would be.
  if (q.kind === 'ingress') line += ' ----------------';
  const options = q.options as Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(options ?? {})) line += ` ${key} ${typeof value === 'object' ? JSON.stringify(value) : str(value)}`;
  return line;
}
