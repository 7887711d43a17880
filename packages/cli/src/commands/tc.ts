import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { emit } from '../output/emit.js';
import { qdiscToTc, type QdiscLike } from '../output/ip-json.js';
import { qdiscText } from '../output/text.js';
import { classText, filterText } from '../output/tc-text.js';
import { Words, commandOf } from '../words.js';

export const usage = `Usage: linx tc qdisc  [show] [ dev NAME ]
       linx tc qdisc  { add | del | change | replace } dev NAME [ root | parent H | ingress | clsact ] [ handle H ] [ estimator I T ] [ KIND [ OPTIONS ] ]
       linx tc class  [show] dev NAME
       linx tc class  { add | del | change | replace } dev NAME parent H classid H [ KIND [ OPTIONS ] ]
       linx tc filter [show] dev NAME [ root | parent H | ingress | egress ]
       linx tc filter { add | del | change | replace } dev NAME [ root | parent H | ingress | egress ] [ protocol P ] [ pref N ] [ handle H ] [ chain N ] [ KIND [ OPTIONS ] [ action … ] ]
As tc spells them. Qdisc kinds: htb, tbf, fq_codel, prio, sfq, pfifo, bfifo, fq, red, ingress, clsact, noqueue;
class kinds: htb; filter kinds: u32 (match ip|ip6|tcp|udp|icmp|u32|u16|u8 …, flowid, divisor, ht, link),
matchall, flower (ip_proto, src_ip, dst_ip, src_port, dst_port), bpf (bytecode "N,c t f k,…", da); actions:
mirred egress|ingress redirect|mirror dev NAME [VERDICT], gact VERDICT (or a bare VERDICT). Options: -j, -n NETNS.
`;

const OBJECTS: Record<string, 'qdisc' | 'class' | 'filter'> = { qdisc: 'qdisc', qd: 'qdisc', q: 'qdisc', class: 'class', c: 'class', cl: 'class', filter: 'filter', f: 'filter', fi: 'filter', filt: 'filter' };
const COMMANDS = ['show', 'add', 'del', 'change', 'replace'];

export async function run(context: CommandContext): Promise<void> {
  const [typed, ...rest] = context.args;
  const object = OBJECTS[typed ?? ''];
  if (object === undefined) throw new UsageError(`tc: unknown object "${typed ?? ''}": linx tc knows qdisc, class, filter`);
  const { command, rest: words } = commandOf(rest, COMMANDS);
  if (command !== 'show') {
    const { change } = await import('./tc-change.js');
    return change(context, object, command as 'add' | 'del' | 'change' | 'replace', words);
  }
  if (object === 'qdisc') return showQdiscs(context, words);
  if (object === 'class') return showClasses(context, words);
  return showFilters(context, words);
}

function readDev(words: readonly string[], what: string, more: (word: string, reader: Words) => boolean = () => false): string | undefined {
  const reader = new Words(words, what);
  let dev: string | undefined;
  for (let word = reader.next(); word !== undefined; word = reader.next()) {
    if (word === 'dev') dev = reader.value('dev');
    else if (!more(word, reader)) reader.unknown(word);
  }
  return dev;
}

async function showQdiscs(context: CommandContext, words: string[]): Promise<void> {
  const dev = readDev(words, 'tc qdisc show');
  const rtnl = await context.rtnl();
  const qdiscs = await rtnl.tc.qdiscs.list(dev !== undefined ? { dev } : {});
  // `tc qdisc show dev NAME` does not repeat the device on each line.
  emit(context, qdiscs.map((q) => qdiscToTc(q as QdiscLike, { showDev: dev === undefined })), qdiscText);
}

async function showClasses(context: CommandContext, words: string[]): Promise<void> {
  const dev = readDev(words, 'tc class show');
  const rtnl = await context.rtnl();
  const classes = await rtnl.tc.classes.list(dev !== undefined ? { dev } : {});
  if (context.options.json) {
    // tc 6.1 prints htb classes as text even with -j: this shape is linx's own (README).
    context.write(`${JSON.stringify(classes.map((c) => ({ class: c.kind, handle: c.handle, dev: c.dev, ...(c.parent === 'root' ? { root: true } : { parent: c.parent }), options: c.options })), null, context.options.pretty ? 4 : undefined)}\n`);
    return;
  }
  // A class's `leaf` is the qdisc attached under it (tc reads it from tcm_info).
  const qdiscs = await rtnl.tc.qdiscs.list(dev !== undefined ? { dev } : {});
  const leafOf = (c: { ifindex: number; handle: string }) => qdiscs.find((q) => q.ifindex === c.ifindex && q.parent === c.handle)?.handle;
  const lines = classes.map((c) => {
    const leaf = leafOf(c);
    return classText(c, { showDev: dev === undefined, ...(leaf !== undefined ? { leaf } : {}) });
  });
  if (lines.length > 0) context.write(`${lines.join('\n')}\n`);
}

async function showFilters(context: CommandContext, words: string[]): Promise<void> {
  let parent: string | undefined;
  const dev = readDev(words, 'tc filter show', (word, reader) => {
    if (word === 'parent') parent = reader.value('parent');
    else if (word === 'root' || word === 'ingress' || word === 'egress') parent = word;
    else return false;
    return true;
  });
  if (dev === undefined) throw new UsageError('tc filter show: needs dev NAME (the kernel lists one device\'s filters)');
  const rtnl = await context.rtnl();
  const filters = await rtnl.tc.filters.list({ dev, ...(parent !== undefined ? { parent } : {}) });
  if (context.options.json) {
    context.write(`${JSON.stringify(filters, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('hex') : typeof value === 'bigint' ? value.toString() : value), context.options.pretty ? 4 : undefined)}\n`);
    return;
  }
  // tc names the parent on each line unless it was asked for by that name.
  const shown = { dev, ...(parent !== undefined && parent !== 'root' ? { parent } : {}) };
  if (filters.length > 0) context.write(`${filters.map((f) => filterText(f, shown)).join('\n')}\n`);
}
