import type { RuleSpec } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { Words } from '../words.js';
import { tableOf } from './route-words.js';

const ACTIONS = new Set(['blackhole', 'unreachable', 'prohibit', 'nop']);

/** `rule add|del`, mapped to rtnl.rules.add / delete. */
export async function change(context: CommandContext, command: string, args: string[]): Promise<void> {
  const spec = parseRuleSpec(command, args, context.options.family);
  const rules = (await context.rtnl()).rules;
  if (command === 'add') await rules.add(spec);
  else await rules.delete(spec);
}

/** Splits `ADDR/LEN` (or `all`) into address and length; `all` is no selector. */
function prefix(text: string, family: 'inet' | 'inet6' | undefined): { address?: string; len?: number } {
  if (text === 'all') return {};
  const [address, len] = text.split('/');
  if (len === undefined) return { address: address!, len: address!.includes(':') || family === 'inet6' ? 128 : 32 };
  const n = /^\d+$/.test(len) ? Number(len) : NaN;
  if (!Number.isInteger(n)) throw new UsageError(`"${text}" is not a prefix (ADDR/LEN)`);
  return { address: address!, len: n };
}

/** `[not] [from P] [to P] [fwmark M[/MASK]] [iif NAME] [oif NAME] [priority N] {table T | ACTION | goto N}`. */
export function parseRuleSpec(command: string, args: readonly string[], family?: 'inet' | 'inet6'): RuleSpec {
  const words = new Words(args, `rule ${command}`);
  const spec: { -readonly [K in keyof RuleSpec]?: RuleSpec[K] } = {};
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'from') {
      const p = prefix(words.value('from'), family);
      if (p.address !== undefined) Object.assign(spec, { src: p.address, srcLen: p.len });
    } else if (word === 'to') {
      const p = prefix(words.value('to'), family);
      if (p.address !== undefined) Object.assign(spec, { dst: p.address, dstLen: p.len });
    } else if (word === 'fwmark') {
      const [mark, mask] = words.value('fwmark').split('/');
      spec.fwmark = number(mark!, 'fwmark');
      if (mask !== undefined) spec.fwmask = number(mask, 'fwmark mask');
    } else if (word === 'iif') spec.iifname = words.value('iif');
    else if (word === 'oif') spec.oifname = words.value('oif');
    else if (word === 'priority' || word === 'pref' || word === 'preference') spec.priority = words.integer(word);
    else if (word === 'table' || word === 'lookup') spec.table = tableOf(words.value(word));
    else if (word === 'goto') {
      spec.action = 'goto';
      spec.goto = words.integer('goto');
    } else if (ACTIONS.has(word)) spec.action = word as never;
    else if (word === 'not') spec.invert = true;
    else words.unknown(word);
  }
  if (spec.src?.includes(':') || spec.dst?.includes(':')) spec.family = 'inet6';
  else spec.family = family ?? 'inet';
  if (command === 'add' && spec.table === undefined && spec.action === undefined) throw new UsageError('rule add: no table or action given (table TABLE, blackhole, unreachable, prohibit, goto N)');
  return spec as RuleSpec;
}

function number(text: string, what: string): number {
  const value = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value > 0xffff_ffff) throw new UsageError(`${what} "${text}" is not a 32-bit number`);
  return value;
}
