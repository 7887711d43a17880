// `ip`'s text output, printed from the `ip -j` objects of ip-json.ts (one source for both outputs).
import type { IpObject } from './ip-json.js';
import { NO_PAINT, addressPainter, statePainter, type Paint, type Painter } from './color.js';

const FOREVER = 0xffff_ffff;
const str = (v: unknown) => String(v);

/** The first line(s) of a link as `ip link show` / `ip addr show` print it (`statsErrors`: `-s -s`). */
export function linkText(l: IpObject, o: { statsErrors?: boolean; paint?: Paint } = {}): string {
  const paint = o.paint ?? NO_PAINT;
  let name = str(l.ifname);
  if ('link' in l) name += `@${l.link === null ? 'NONE' : str(l.link)}`;
  else if (l.link_index !== undefined) name += `@if${str(l.link_index)}`;
  // ip colours the name with the ": " after it, and the state with the space after it.
  let line = `${str(l.ifindex)}: ${paintedWord(paint.ifname, `${name}:`)}<${(l.flags as string[]).join(',')}>`;
  if (l.mtu !== undefined) line += ` mtu ${str(l.mtu)}`;
  if (l.qdisc !== undefined) line += ` qdisc ${str(l.qdisc)}`;
  if (l.master !== undefined) line += ` master ${str(l.master)}`;
  const words = new Words(line);
  if (l.operstate !== undefined) words.word('state').painted(statePainter(paint, l.operstate), str(l.operstate));
  if (l.linkmode !== undefined) words.word('mode').word(str(l.linkmode));
  if (l.group !== undefined) words.word('group').word(str(l.group));
  if (l.txqlen !== undefined) words.word('qlen').word(str(l.txqlen));
  line = words.text;
  if (l.link_type !== undefined) {
    line += `\n    link/${str(l.link_type)}`;
    const hardware = paint.mac;
    if (l.address !== undefined) line += ` ${hardware(str(l.address))}`;
    if (l.broadcast !== undefined) line += ` ${l.link_pointtopoint ? 'peer' : 'brd'} ${hardware(str(l.broadcast))}`;
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
  if (stats !== undefined) line += `\n${statsText(stats, o.statsErrors === true)}`;
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
export function addressText(a: IpObject, paint: Paint = NO_PAINT): string {
  const painter = addressPainter(paint, a.family);
  let line = `    ${str(a.family)} ${painter(str(a.local))}`;
  if (a.address !== undefined) line += ` peer ${painter(str(a.address))}`;
  line += `/${str(a.prefixlen)}`;
  const words = new Words(line);
  if (a.broadcast !== undefined) words.word('brd').painted(painter, str(a.broadcast));
  words.word('scope').word(str(a.scope));
  for (const flag of ADDRESS_FLAG_KEYS) if (a[flag] === true) words.word(flag);
  if (a.label !== undefined) words.word(str(a.label));
  line = words.text;
  if (a.valid_life_time !== undefined) line += `\n       valid_lft ${lifetime(a.valid_life_time)} preferred_lft ${lifetime(a.preferred_life_time)}`;
  return line;
}

function lifetime(v: unknown): string {
  return v === FOREVER ? 'forever' : `${str(v)}sec`;
}

/** A route as `ip route show` prints it. */
export function routeText(r: IpObject, paint: Paint = NO_PAINT): string {
  const words = new Words();
  if (r.type !== undefined) words.word(str(r.type));
  const dst = str(r.dst);
  // ip prints "default" plain and a prefix in its family's colour.
  if (dst === 'default') words.word(dst);
  else words.painted(familyOfText(paint, dst), dst);
  if (r.from !== undefined) words.word('from').word(str(r.from));
  if (r.nhid !== undefined) words.word('nhid').word(str(r.nhid));
  if (r.tos !== undefined) words.word('tos').word(str(r.tos));
  if (r.gateway !== undefined) words.word('via').painted(familyOfText(paint, str(r.gateway)), str(r.gateway));
  const via = r.via as IpObject | undefined;
  if (via !== undefined) words.word('via').word(str(via.family)).painted(addressPainter(paint, via.family), str(via.host));
  if (r.dev !== undefined) words.word('dev').painted(paint.ifname, str(r.dev));
  if (r.table !== undefined) words.word('table').word(str(r.table));
  if (r.protocol !== undefined) words.word('proto').word(str(r.protocol));
  if (r.scope !== undefined) words.word('scope').word(str(r.scope));
  if (r.prefsrc !== undefined) words.word('src').painted(familyOfText(paint, str(r.prefsrc)), str(r.prefsrc));
  if (r.metric !== undefined) words.word('metric').word(str(r.metric));
  for (const flag of r.flags as string[]) words.word(flag);
  if (r.pref !== undefined) words.word('pref').word(str(r.pref));
  for (const metrics of (r.metrics as IpObject[] | undefined) ?? []) for (const [k, v] of Object.entries(metrics)) words.word(k).word(str(v));
  let line = words.text;
  for (const hop of (r.nexthops as IpObject[] | undefined) ?? []) {
    const next = new Words('\tnexthop');
    if (hop.gateway !== undefined) next.word('via').painted(familyOfText(paint, str(hop.gateway)), str(hop.gateway));
    // ip leaves a next hop's device plain.
    next.word('dev').word(str(hop.dev)).word('weight').word(str(hop.weight));
    for (const f of hop.flags as string[]) next.word(f);
    line += `\n${next.text}`;
  }
  return line;
}

/** A neighbour as `ip neigh show` prints it. */
export function neighbourText(n: IpObject, paint: Paint = NO_PAINT): string {
  const words = new Words();
  if (n.dst !== undefined) words.painted(familyOfText(paint, str(n.dst)), str(n.dst));
  words.word('dev').painted(paint.ifname, str(n.dev));
  if (n.lladdr !== undefined) words.word('lladdr').painted(paint.mac, str(n.lladdr));
  if ('router' in n) words.word('router');
  if ('proxy' in n) words.word('proxy');
  if ('extern_learn' in n) words.word('extern_learn');
  if (n.protocol !== undefined) words.word('proto').word(str(n.protocol));
  for (const state of n.state as string[]) words.word(state);
  return words.text;
}

/** The painter for an address or prefix given as text (IPv6 has a colon). */
function familyOfText(paint: Paint, text: string): Painter {
  return addressPainter(paint, text.includes(':') ? 'inet6' : 'inet');
}

/**
 * Words separated by spaces, as ip prints them. A coloured word takes the space after it inside its
 * colour (ip prints "%s " in colour), so the word after it follows with no space of its own; without
 * colour the result is the plain words joined by single spaces.
 */
class Words {
  private glued: boolean;
  constructor(private out = '') {
    this.glued = out === '';
  }
  word(text: string): this {
    this.out += this.glued ? text : ` ${text}`;
    this.glued = false;
    return this;
  }
  painted(painter: Painter, text: string): this {
    const coloured = painter(`${text} `);
    if (coloured === `${text} `) return this.word(text);
    this.out += this.glued ? coloured : ` ${coloured}`;
    this.glued = true;
    return this;
  }
  get text(): string {
    return this.out;
  }
}

/** A word coloured with the space after it (ip's "%s " in colour); plain, the word and a space. */
function paintedWord(painter: Painter, text: string): string {
  return painter(`${text} `);
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
