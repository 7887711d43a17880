import type { Family } from '../../nfgenmsg.js';
import type { Chain } from '../chain.js';
import type { Ruleset } from '../nftables.js';
import type { NftSet } from '../set.js';
import type { SetElement } from '../element.js';
import { elementItems, elementsListText, timeText } from './elements.js';
import { typeName } from '../datatypes.js';
import { flowtableRendered } from './flowtables.js';
import { typeofOf } from './typeof.js';
import { objectKeyword, objectRendered } from './objects.js';
import { priorityText } from './priority.js';
import { ruleStatements, type PrintOptions } from './statements.js';

function chainText(chain: Chain, rules: string[]): string[] {
  const lines = [`\tchain ${chain.name} {`];
  if (chain.comment !== undefined) lines.push(`\t\tcomment "${chain.comment}"`);
  if (chain.hook !== undefined) {
    const devices = chain.devices ?? (chain.device !== undefined ? [chain.device] : []);
    const device = devices.length === 1 ? ` device "${devices[0]}"` : devices.length ? ` devices = { ${devices.map((d) => `"${d}"`).join(', ')} }` : '';
    lines.push(`\t\ttype ${chain.type} hook ${chain.hook}${device} priority ${priorityText(chain.family, chain.hook, chain.priority ?? 0)}; policy ${chain.policy ?? 'accept'};`);
  }
  for (const rule of rules) lines.push(`\t\t${rule}`);
  lines.push('\t}');
  return lines;
}

type WithElements = NftSet & { elements: readonly SetElement[] };

function setText(set: WithElements, options: PrintOptions): string[] {
  const map = set.flags.includes('map') || set.flags.includes('object');
  const lines = [`\t${map ? 'map' : 'set'} ${set.name} {`];
  lines.push(`\t\t${setTypeText(set)}`);
  // nft prints neither for a constant set (its size is the element count nft gave the kernel).
  if (!set.flags.includes('constant')) {
    if (set.policy === 'memory') lines.push('\t\tpolicy memory');
    if (set.size !== undefined) lines.push(`\t\tsize ${set.size}`);
  }
  const flags = set.flags.filter((f) => f === 'constant' || f === 'interval' || f === 'timeout' || f === 'eval');
  const shown = flags.map((f) => (f === 'eval' ? 'dynamic' : f));
  // nft 1.0.6 leaves out a line of `timeout` alone when the set has a timeout, which implies it.
  const impliedOnly = shown.length === 1 && shown[0] === 'timeout' && set.timeout !== undefined;
  if (shown.length && !impliedOnly) lines.push(`\t\tflags ${shown.sort((a, b) => flagOrder.indexOf(a) - flagOrder.indexOf(b)).join(',')}`);
  if (set.timeout !== undefined) lines.push(`\t\ttimeout ${timeText(Number(set.timeout))}`);
  if (set.gcInterval !== undefined && set.flags.includes('timeout')) lines.push(`\t\tgc-interval ${timeText(set.gcInterval)}`);
  for (const e of set.expressions ?? []) lines.push(`\t\t${e.name}`);
  if (set.comment !== undefined) lines.push(`\t\tcomment "${set.comment}"`);
  if (set.elements.length) lines.push(`\t\telements = ${elementsListText(set, elementItems(set, options))}`);
  lines.push('\t}');
  return lines;
}
/**
 * A set's `type ipv4_addr . inet_service` (`: verdict` for a map), or, for a set declared by typeof (its
 * user data holds the expressions), `typeof ip saddr . tcp dport` as nft prints it.
 */
function setTypeText(set: NftSet): string {
  const object = set.flags.includes('object');
  const dataMap = set.flags.includes('map') && !object;
  const key = typeofOf(set.userdata, 'key');
  const data = dataMap ? typeofOf(set.userdata, 'data') : undefined;
  const objectData = object ? ` : ${String(set.objType)}` : '';
  // nft 1.0.6 prints typeof only where it read both sides back: never for an object map.
  if (key && !object && (!dataMap || data)) return `typeof ${key.map((p) => p.text).join(' . ')}${data ? ` : ${data.map((p) => p.text).join(' . ')}` : ''}`;
  const mapData = dataMap && set.dataType !== undefined ? ` : ${typeName(set.dataType)}` : objectData;
  return `type ${typeName(set.keyType)}${mapData}`;
}

/** The order nft prints set flags in. */
const flagOrder = ['constant', 'dynamic', 'interval', 'timeout'];

/** A block of a table: `head {`, its lines, `}`. */
function block(head: string, lines: readonly string[]): string[] {
  return [`\t${head} {`, ...lines.map((l) => `\t\t${l}`), '\t}'];
}

/**
 * A ruleset as `nft list ruleset` prints it: each table with its flags and comment, then its objects
 * (counter, quota, limit, ct helper, ct timeout, ct expectation, synproxy), its named sets and maps (with
 * their elements), its flowtables, and its chains (base chains with type, hook, device, priority and
 * policy) with their rules, in the order the kernel lists them. Anonymous sets appear in the rules that
 * use them. Throws `UnrenderableRuleError` for what linx does not print yet (secmark, tunnel and connlimit
 * objects, some expressions).
 */
export function rulesetText(ruleset: Ruleset, options: PrintOptions = {}): string {
  const out: string[] = [];
  for (const table of ruleset.tables) {
    const inTable = <T extends { family: Family; table: string }>(items: readonly T[]) => items.filter((i) => i.family === table.family && i.table === table.name);
    const blocks: string[][] = [];
    for (const object of inTable(ruleset.objects)) blocks.push(block(`${objectKeyword(object)} ${object.name}`, objectRendered(object).lines));
    for (const set of inTable(ruleset.sets)) if (!set.flags.includes('anonymous')) blocks.push(setText(set, options));
    for (const flowtable of inTable(ruleset.flowtables)) blocks.push(block(`flowtable ${flowtable.name}`, flowtableRendered(flowtable).lines));
    const rules = inTable(ruleset.rules);
    const sets = inTable(ruleset.sets);
    for (const chain of inTable(ruleset.chains)) blocks.push(chainText(chain, rules.filter((r) => r.chain === chain.name).map((r) => ruleStatements(r, sets, options).text)));
    const head: string[] = [];
    const flags = table.flags.filter((f) => typeof f === 'string');
    if (flags.length) head.push(`\tflags ${flags.join(',')}`);
    if (table.comment !== undefined) head.push(`\tcomment "${table.comment}"`);
    out.push(`table ${table.family} ${table.name} {`);
    out.push(...head);
    blocks.forEach((block, i) => {
      if (i > 0 || head.length) out.push('');
      out.push(...block);
    });
    out.push('}');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
