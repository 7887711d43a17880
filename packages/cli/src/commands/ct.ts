import type { ConntrackEntry, ConntrackFilter } from '@linx/nfnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { entryText, eventText } from '../output/conntrack-text.js';
import { Words } from '../words.js';

export const usage = `Usage: linx ct [ list ] [ FILTER ]       (as conntrack -L)
       linx ct count                    (as conntrack -C)
       linx ct flush                    (as conntrack -F; with -4 or -6, that family only)
       linx ct events [ new | update | destroy ]…   (as conntrack -E, until interrupted)
FILTER := [ proto P ] [ src ADDR ] [ dst ADDR ] [ sport N ] [ dport N ] [ mark N[/MASK] ] [ zone N ]
          [ status assured|seen-reply|… ]  (parts of the original tuple, as conntrack -p -s -d --sport --dport)
The text is conntrack's (-d: conntrack -o extended, the family first); both families unless -4 or -6 is
given. With -j: list prints an array of entries, events one
{"type":"new"|"update"|"destroy","entry":{…}} per line (entries as @linx/nfnl's conntrack returns them,
counters and timestamps as decimal strings), count {"entries":N,"max":N}. Options: -j, -p, -d, -4, -6, -n NETNS.
`;

const COMMANDS = ['list', 'count', 'flush', 'events'];
const SPELLINGS: Record<string, string> = { show: 'list', ls: 'list', l: 'list', L: 'list', '-L': 'list', '-C': 'count', '-F': 'flush', '-E': 'events', event: 'events', monitor: 'events' };

/** bigints (counters, timestamps) as decimal strings: JSON has no 64-bit integers. */
const json = (value: unknown, pretty: boolean) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), pretty ? 4 : undefined);

export async function run(context: CommandContext): Promise<void> {
  const first = context.args[0];
  const command = first === undefined ? 'list' : (SPELLINGS[first] ?? first);
  if (!COMMANDS.includes(command)) {
    // `linx ct proto tcp` lists with a filter, as `ip` shows when the command is left out.
    if (first !== undefined && FILTER_WORDS.has(first)) return list(context, context.args);
    throw new UsageError(`ct: unknown command "${first!}": ${COMMANDS.join(', ')}`);
  }
  const rest = context.args.slice(1);
  if (command === 'list') return list(context, rest);
  if (command === 'events') return events(context, rest);
  if (rest.length > 0) throw new UsageError(`ct ${command}: unknown argument "${rest[0]!}"`);
  const nfnl = await context.nfnl();
  if (command === 'count') {
    const count = await nfnl.conntrack.count();
    context.write(context.options.json ? `${json(count, context.options.pretty)}\n` : `${count.entries}\n`);
    return;
  }
  const family = familyOf(context);
  await nfnl.conntrack.flush(family ? { family } : {});
}

function familyOf(context: CommandContext): 'ip' | 'ip6' | undefined {
  const family = context.options.family;
  return family === 'inet' ? 'ip' : family === 'inet6' ? 'ip6' : undefined;
}

const FILTER_WORDS = new Set(['proto', 'protocol', 'src', 'dst', 'sport', 'dport', 'mark', 'zone', 'status']);

/** The filter words, checked here; nfnl checks the values again (addresses, ranges) before sending. */
export function parseFilter(args: readonly string[], family: 'ip' | 'ip6' | undefined): ConntrackFilter {
  const words = new Words(args, 'ct list');
  const original: Record<string, unknown> = {};
  const filter: Record<string, unknown> = family ? { family } : {};
  const status: string[] = [];
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'proto' || word === 'protocol') {
      const value = words.value(word);
      original.protocol = /^\d+$/.test(value) ? Number(value) : value;
    } else if (word === 'src' || word === 'dst') original[word] = words.value(word);
    else if (word === 'sport' || word === 'dport') original[word] = words.integer(word, 0, 0xffff);
    else if (word === 'zone') filter.zone = words.integer('zone', 0, 0xffff);
    else if (word === 'status') status.push(...words.value('status').split(','));
    else if (word === 'mark') {
      const [value, mask] = words.value('mark').split('/');
      const number = (text: string) => {
        const n = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(n) || n > 0xffff_ffff) throw new UsageError(`ct list: mark "${text}" is not a number in 0..4294967295`);
        return n;
      };
      filter.mark = mask === undefined ? number(value!) : { value: number(value!), mask: number(mask) };
    } else words.unknown(word);
  }
  if ((original.sport !== undefined || original.dport !== undefined) && original.protocol === undefined) throw new UsageError('ct list: sport and dport need proto (tcp, udp, sctp, dccp, udplite)');
  if (Object.keys(original).length > 0) filter.original = original;
  if (status.length > 0) filter.status = status;
  return filter as ConntrackFilter;
}

async function list(context: CommandContext, args: readonly string[]): Promise<void> {
  const filter = parseFilter(args, familyOf(context));
  const nfnl = await context.nfnl();
  const entries = await nfnl.conntrack.list(filter);
  if (context.options.json) {
    context.write(`${json(entries, context.options.pretty)}\n`);
    return;
  }
  const extended = context.options.details;
  if (entries.length > 0) context.write(`${entries.map((e: ConntrackEntry) => entryText(e, { extended })).join('\n')}\n`);
}

async function events(context: CommandContext, args: readonly string[]): Promise<void> {
  const kinds = args.length === 0 ? (['new', 'update', 'destroy'] as const) : args.map((word) => {
    if (word !== 'new' && word !== 'update' && word !== 'destroy') throw new UsageError(`ct events: unknown event "${word}" (new, update, destroy)`);
    return word;
  });
  const nfnl = await context.nfnl();
  const family = familyOf(context);
  const extended = context.options.details;
  for await (const event of nfnl.conntrack.events([...new Set(kinds)])) {
    if (event.type === 'resync') {
      context.write(context.options.json ? `${json({ type: 'overrun' }, false)}\n` : 'linx ct events: the kernel dropped events (receive buffer full)\n');
      continue;
    }
    // The kernel sends both families' events to the groups; -4/-6 keep one.
    if (family !== undefined && event.entry.family !== family) continue;
    context.write(context.options.json ? `${json(event, false)}\n` : `${eventText(event.type, event.entry, { extended })}\n`);
  }
}
