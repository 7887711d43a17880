import type { Family } from '../../nfgenmsg.js';
import type { Chain } from '../chain.js';
import { concatParts, typeName } from '../datatypes.js';
import type { SetElement } from '../element.js';
import type { Ruleset } from '../nftables.js';
import type { NftSet } from '../set.js';
import type { Table } from '../table.js';
import { elementItems } from './elements.js';
import { flowtableRendered } from './flowtables.js';
import { objectRendered } from './objects.js';
import { ruleStatements, UnrenderableRuleError, type PrintOptions } from './statements.js';

/** A ruleset as `nft -j list ruleset` writes it: `{ nftables: [{ metainfo }, { table }, { chain }, …] }`. */
export interface RulesetJson {
  nftables: Record<string, unknown>[];
}

function tableJson(table: Table): Record<string, unknown> {
  const json: Record<string, unknown> = { family: table.family, name: table.name, ...(table.handle !== undefined ? { handle: Number(table.handle) } : {}) };
  const flags = table.flags.filter((f) => typeof f === 'string');
  // One flag as a string, several as an array (libnftables-json(5)).
  if (flags.length) json.flags = flags.length === 1 ? flags[0] : flags;
  return { table: json };
}

function chainJson(chain: Chain): Record<string, unknown> {
  const json: Record<string, unknown> = { family: chain.family, table: chain.table, name: chain.name, ...(chain.handle !== undefined ? { handle: Number(chain.handle) } : {}) };
  if (chain.hook !== undefined) Object.assign(json, { type: chain.type, hook: chain.hook, prio: chain.priority ?? 0, policy: chain.policy ?? 'accept' });
  return { chain: json };
}

function setJson(set: NftSet & { elements: readonly SetElement[] }, options: PrintOptions): Record<string, unknown> {
  const map = set.flags.includes('map') || set.flags.includes('object');
  const parts = concatParts(typeName(set.keyType));
  const json: Record<string, unknown> = { family: set.family, name: set.name, table: set.table, type: parts.length === 1 ? parts[0] : parts, ...(set.handle !== undefined ? { handle: Number(set.handle) } : {}) };
  if (set.comment !== undefined) json.comment = set.comment;
  if (set.flags.includes('object')) json.map = String(set.objType);
  else if (map && set.dataType !== undefined) json.map = typeName(set.dataType);
  // nft -j writes neither for a constant set, as its text prints neither.
  if (!set.flags.includes('constant')) {
    if (set.policy === 'memory') json.policy = 'memory';
    if (set.size !== undefined) json.size = set.size;
  }
  // nft -j names these flags only (a dynamic set's `eval` is not written).
  const flags = (['constant', 'interval', 'timeout'] as const).filter((f) => set.flags.includes(f));
  if (flags.length) json.flags = flags;
  if (set.timeout !== undefined) json.timeout = Math.floor(Number(set.timeout) / 1000);
  if (set.gcInterval) json['gc-interval'] = Math.floor(set.gcInterval / 1000);
  if (set.elements.length) json.elem = elementItems(set, options).map((i) => i.json);
  if (set.expressions?.length) {
    json.stmt = set.expressions.map((e) => {
      if (e.name !== 'counter') throw new UnrenderableRuleError(0, e.name, `set ${set.name}: linx writes only counters as a set's statements`);
      return { counter: null };
    });
  }
  return { [map ? 'map' : 'set']: json };
}

/**
 * A ruleset as `nft -j list ruleset` writes it (nft 1.0.6, JSON schema version 1): per table, the table,
 * its objects, named sets and maps (with elements), flowtables and chains, then the rules of its chains.
 * `metainfo` holds the schema version only (not nft's version and release name). What nft 1.0.6 leaves
 * out, so does linx: the comments of tables and chains, the devices of netdev chains, a dynamic set's
 * flag. A table's flags are written as the schema says (`"dormant"`), where nft 1.0.6 writes a stale
 * string. Throws `UnrenderableRuleError` for what linx does not print yet (as `rulesetText`).
 */
export function rulesetJson(ruleset: Ruleset, options: PrintOptions = {}): RulesetJson {
  const out: Record<string, unknown>[] = [{ metainfo: { json_schema_version: 1 } }];
  for (const table of ruleset.tables) {
    const inTable = <T extends { family: Family; table: string }>(items: readonly T[]) => items.filter((i) => i.family === table.family && i.table === table.name);
    out.push(tableJson(table));
    for (const object of inTable(ruleset.objects)) out.push(objectRendered(object).json);
    const sets = inTable(ruleset.sets);
    for (const set of sets) if (!set.flags.includes('anonymous')) out.push(setJson(set, options));
    for (const flowtable of inTable(ruleset.flowtables)) out.push(flowtableRendered(flowtable).json);
    const chains = inTable(ruleset.chains);
    for (const chain of chains) out.push(chainJson(chain));
    const rules = inTable(ruleset.rules);
    for (const chain of chains) for (const rule of rules) if (rule.chain === chain.name) out.push({ rule: ruleStatements(rule, sets, options).object });
  }
  return { nftables: out };
}
