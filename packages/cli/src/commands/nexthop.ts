import type { Nexthop, NexthopFilter, NexthopSpec } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { emit } from '../output/emit.js';
import { nexthopBucketText, nexthopBucketToIp, nexthopText, nexthopToIp } from '../output/nexthop-ip.js';
import { Words, commandOf } from '../words.js';

export const usage = `Usage: linx nexthop { show | flush } [ id ID ] [ dev DEV ] [ master DEV ] [ vrf NAME ] [ groups ] [ fdb ]
                                    [ protocol PROTO ]
       linx nexthop { add | replace } id ID NH [ protocol PROTO ]
       linx nexthop { get | del } id ID
       linx nexthop bucket [ show ] [ id ID ] [ nhid ID ] [ dev DEV ] [ master DEV ]
       linx nexthop bucket get id ID index N
NH := blackhole | [ via [ inet | inet6 ] ADDR ] [ dev DEV ] [ onlink ] [ fdb ]
      | group ID[,WEIGHT]/ID[,WEIGHT]/… [ fdb ] [ type mpath | type resilient [ buckets N ] [ idle_timer S ]
        [ unbalanced_timer S ] ] [ hw_stats on|off ]
Nexthop objects, as \`ip nexthop\` (routes name them with \`linx route add PREFIX nhid ID\`). flush without a
filter deletes the groups first, then the rest, as ip does. Options: -j, -p, -d, -4, -6, -n NETNS.
`;

export async function run(context: CommandContext): Promise<void> {
  if (context.args[0] === 'bucket') return bucket(context, context.args.slice(1));
  const { command, rest } = commandOf(context.args, ['show', 'add', 'replace', 'del', 'get', 'flush']);
  if (command === 'add' || command === 'replace') {
    const spec = parseNexthopSpec(command, rest, context.options.family);
    const nexthops = (await context.rtnl()).nexthops;
    await (command === 'add' ? nexthops.add(spec) : nexthops.replace(spec));
    return;
  }
  if (command === 'get' || command === 'del') {
    const id = parseId(command, rest);
    const nexthops = (await context.rtnl()).nexthops;
    if (command === 'del') await nexthops.delete(id);
    else print(context, [await nexthops.get(id)]);
    return;
  }
  const { filter, protocol } = parseSelector(`nexthop ${command}`, rest, context.options.family);
  const nexthops = (await context.rtnl()).nexthops;
  if (command === 'flush') {
    if (protocol !== undefined) throw new UsageError('nexthop flush: protocol selects what to show only (linx flushes by id, dev, master, groups, fdb)');
    if (filter.id !== undefined) {
      await nexthops.delete(filter.id);
      return;
    }
    // As ip: with no selector, the groups go first, so that none is deleted uncounted with its last member.
    const flushed = (rest.length === 0 ? await nexthops.flush({ ...filter, groups: true }) : 0) + (await nexthops.flush(filter));
    context.write(flushed === 0 ? 'Nothing to flush\n' : `Flushed ${flushed} nexthops\n`);
    return;
  }
  // `show id N` is a lookup, as ip makes it: an id that does not exist is the kernel's ENOENT.
  const listed = filter.id !== undefined ? [await nexthops.get(filter.id)] : await nexthops.list(filter);
  // ip selects by protocol itself (the kernel has no such filter), by number; a name is its number.
  const { ROUTE_PROTOCOLS } = await import('@linx/rtnl');
  const number = (p: string | number) => (typeof p === 'number' ? p : (ROUTE_PROTOCOLS as Record<string, number>)[p]);
  if (protocol !== undefined && number(protocol) === undefined) throw new UsageError(`nexthop show: protocol "${protocol}" is not a number or a name (${Object.keys(ROUTE_PROTOCOLS).join(', ')})`);
  print(
    context,
    listed.filter((n) => protocol === undefined || number(n.protocol) === number(protocol)),
  );
}

/** `bucket show|get`: a resilient group's buckets (rtnl's nexthops.buckets / bucket). */
async function bucket(context: CommandContext, args: string[]): Promise<void> {
  const { command, rest } = commandOf(args, ['show', 'get']);
  const words = new Words(rest, `nexthop bucket ${command}`);
  const filter: { id?: number; nhId?: number; dev?: string; master?: string } = {};
  let index: number | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'id') filter.id = words.integer('id', 1);
    else if (word === 'index' && command === 'get') index = words.integer('index', 0, 0xffff);
    else if (word === 'nhid' && command === 'show') filter.nhId = words.integer('nhid', 1);
    else if (word === 'dev' && command === 'show') filter.dev = words.value('dev');
    else if ((word === 'master' || word === 'vrf') && command === 'show') filter.master = words.value(word);
    else words.unknown(word);
  }
  const nexthops = (await context.rtnl()).nexthops;
  if (command === 'get') {
    if (filter.id === undefined || index === undefined) throw new UsageError('nexthop bucket get: needs id ID index N');
    emit(context, [nexthopBucketToIp(await nexthops.bucket(filter.id, index))], nexthopBucketText);
    return;
  }
  emit(context, (await nexthops.buckets(filter)).map(nexthopBucketToIp), nexthopBucketText);
}

function print(context: CommandContext, nexthops: readonly Nexthop[]): void {
  const details = context.options.details;
  emit(
    context,
    nexthops.map((n) => nexthopToIp(n, { details })),
    nexthopText,
  );
}

function parseId(command: string, args: readonly string[]): number {
  const words = new Words(args, `nexthop ${command}`);
  let id: number | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'id') id = words.integer('id', 1);
    else words.unknown(word);
  }
  if (id === undefined) throw new UsageError(`nexthop ${command}: needs id ID`);
  return id;
}

/** A protocol as ip reads it: a name rtnl knows, or a number 0..255 (checked by rtnl). */
function protocolOf(text: string): string | number {
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** `show`/`flush`'s selector: [id ID] [dev DEV] [master DEV] [vrf NAME] [groups] [fdb] [protocol P]. */
export function parseSelector(command: string, args: readonly string[], family?: 'inet' | 'inet6'): { filter: NexthopFilter; protocol: string | number | undefined } {
  const words = new Words(args, command);
  const filter: { -readonly [K in keyof NexthopFilter]: NexthopFilter[K] } = {};
  let protocol: string | number | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'id') filter.id = words.integer('id', 1);
    else if (word === 'dev') filter.dev = words.value('dev');
    else if (word === 'master' || word === 'vrf') filter.master = words.value(word);
    else if (word === 'groups') filter.groups = true;
    else if (word === 'fdb') filter.fdb = true;
    else if (word === 'protocol' || word === 'proto') protocol = protocolOf(words.value(word));
    else words.unknown(word);
  }
  if (family !== undefined) filter.family = family;
  return { filter, protocol };
}

/** `add`/`replace`'s words, as `ip nexthop add` reads them, into rtnl's NexthopSpec (which rtnl checks further). */
export function parseNexthopSpec(command: string, args: readonly string[], family?: 'inet' | 'inet6'): NexthopSpec {
  const words = new Words(args, `nexthop ${command}`);
  const spec: { -readonly [K in keyof NexthopSpec]: NexthopSpec[K] } = {};
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'id') spec.id = words.integer('id', 1);
    else if (word === 'via') {
      let address = words.value('via');
      if (address === 'inet' || address === 'inet6') {
        spec.family = address;
        address = words.value('via');
      }
      spec.gateway = address;
    } else if (word === 'dev') spec.dev = words.value('dev');
    else if (word === 'onlink') spec.onlink = true;
    else if (word === 'blackhole') spec.blackhole = true;
    else if (word === 'fdb') spec.fdb = true;
    else if (word === 'group') spec.group = parseGroup(command, words.value('group'));
    else if (word === 'type') {
      const type = words.value('type');
      if (type !== 'mpath' && type !== 'resilient') throw new UsageError(`nexthop ${command}: type "${type}" is not mpath or resilient`);
      spec.groupType = type;
      if (type === 'resilient') {
        const resilient: { buckets?: number; idleTimer?: number; unbalancedTimer?: number } = {};
        for (let next = words.peek(); next === 'buckets' || next === 'idle_timer' || next === 'unbalanced_timer'; next = words.peek()) {
          words.next();
          if (next === 'buckets') resilient.buckets = words.integer('buckets', 1, 0xffff);
          else if (next === 'idle_timer') resilient.idleTimer = words.integer('idle_timer');
          else resilient.unbalancedTimer = words.integer('unbalanced_timer');
        }
        spec.resilient = resilient;
      }
    } else if (word === 'protocol' || word === 'proto') spec.protocol = protocolOf(words.value(word)) as NexthopSpec['protocol'];
    else if (word === 'hw_stats') {
      const value = words.value('hw_stats');
      if (value !== 'on' && value !== 'off') throw new UsageError(`nexthop ${command}: hw_stats "${value}" is not on or off`);
      spec.hwStats = value === 'on';
    } else if (word === 'encap') throw new UsageError(`nexthop ${command}: encap is not read by linx yet`);
    else words.unknown(word);
  }
  if (spec.family === undefined && family !== undefined) spec.family = family;
  if (spec.gateway === undefined && spec.dev === undefined && spec.blackhole === undefined && spec.group === undefined) {
    throw new UsageError(`nexthop ${command}: needs a next hop (via ADDR, dev DEV, blackhole or group …)`);
  }
  return spec;
}

/** `ID[,WEIGHT]/ID[,WEIGHT]/…`. */
function parseGroup(command: string, text: string): { id: number; weight?: number }[] {
  return text.split('/').map((member) => {
    const m = /^(\d+)(?:,(\d+))?$/.exec(member);
    if (m === null) throw new UsageError(`nexthop ${command}: group "${text}" is not ID[,WEIGHT]/ID[,WEIGHT]/…`);
    return m[2] === undefined ? { id: Number(m[1]) } : { id: Number(m[1]), weight: Number(m[2]) };
  });
}
