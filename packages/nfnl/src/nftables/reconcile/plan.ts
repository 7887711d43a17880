import { InvalidArgumentError } from '@linx/netlink-socket';
import { familyValues, type Family } from '../../nfgenmsg.js';
import { chainOps, type ChainSpec } from '../chain.js';
import { elementOps, type SetElement } from '../element.js';
import { objectOps, type ObjectSpec } from '../object.js';
import type { Rule } from '../rule.js';
import { setOps } from '../set.js';
import { tableOps, type TableSpec } from '../table.js';
import { contentChange, policyChange, tableChange } from './changes.js';
import { PHASES, inTable, named, objectId, ruleChain, tableId, type Phase, type StepSink } from './keys.js';
import { anonymousContent, asListed, elementKey, isLeadingEnd, ruleKey } from './normalize.js';
import { hasTag, prepareRule, ruleSteps, type PreparedRule } from './rules.js';
import type { DesiredRuleset, DesiredSet, ObservedRuleset, Ownership, Plan, PlanOptions, PlanStep, TableName } from './types.js';

/** Keys of observed anonymous sets (by family, table and the kernel's name). */
function observedAnonymous(observed: ObservedRuleset): Map<string, string> {
  const map = new Map<string, string>();
  for (const set of observed.sets) if (set.flags.includes('anonymous')) map.set(named(set), anonymousContent(set, set.elements));
  return map;
}

/** Checks the desired ruleset before anything is compared: unique names, content only in owned tables. */
function check(desired: DesiredRuleset, owned: Set<string>, tag: string | undefined): void {
  const unique = (what: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) throw new InvalidArgumentError(what, `${key} is listed twice`);
      seen.add(key);
    }
  };
  for (const [what, list] of [['tables', desired.tables], ['chains', desired.chains], ['sets', desired.sets], ['objects', desired.objects], ['rules', desired.rules]] as const) {
    for (const o of list ?? []) {
      // A family the codec would refuse only when encoding, after the observation: refused here, by name.
      if (!Object.hasOwn(familyValues, o.family) || o.family === 'unspec') throw new InvalidArgumentError(`${what}.family`, `${JSON.stringify(o.family)} is not an nftables family (inet, ip, ip6, arp, bridge, netdev)`);
    }
  }
  unique('tables', (desired.tables ?? []).map((t) => tableId(t)));
  unique('chains', (desired.chains ?? []).map(named));
  unique('sets', (desired.sets ?? []).map(named));
  unique('objects', (desired.objects ?? []).map(objectId));
  const desiredTables = new Set((desired.tables ?? []).map((t) => tableId(t)));
  for (const [what, list] of [['chains', desired.chains], ['sets', desired.sets], ['objects', desired.objects]] as const) {
    for (const o of list ?? []) if (!desiredTables.has(inTable(o))) throw new InvalidArgumentError(what, `${named(o)}: its table ${inTable(o)} is not among the desired tables (chains, sets and objects may only be declared in tables the caller owns)`);
  }
  const chains = new Set((desired.chains ?? []).map(named));
  for (const rule of desired.rules ?? []) {
    if (desiredTables.has(inTable(rule))) {
      if (!chains.has(ruleChain(rule))) throw new InvalidArgumentError('rules', `a rule in chain ${ruleChain(rule)}, which is not among the desired chains`);
    } else if (owned.has(inTable(rule))) {
      throw new InvalidArgumentError('rules', `a rule in table ${inTable(rule)}, which the caller owns but does not desire (it is deleted)`);
    } else if (tag === undefined) {
      throw new InvalidArgumentError('rules', `a rule in table ${inTable(rule)}, which the caller does not own: give owned.tag, the comment tag that marks the caller's rules there`);
    }
  }
}

/**
 * Works out the steps that turn the observed ruleset into the desired one, touching only what the caller
 * owns (see `Ownership`): tables to add, recreate or delete; in tables that stay, objects, sets, chains
 * and elements to add or delete, chain policies to update, and rules to delete or add at their place. A
 * rule that is already there, with the same expressions (as the kernel lists them back) and comment, in
 * the same order among the caller's rules of its chain, is kept. Pure: nothing is sent. Throws
 * `InvalidArgumentError` (and `RuleSyntaxError` for rule text) for a desired ruleset that cannot be
 * applied as given.
 */
export function plan(desired: DesiredRuleset, observed: ObservedRuleset, options: PlanOptions = {}): Plan {
  const tag = options.owned?.tag;
  if (tag !== undefined && (typeof tag !== 'string' || tag.trim() === '')) throw new InvalidArgumentError('owned.tag', 'the comment tag must be a non-empty string');
  const owned = new Set<string>([...(desired.tables ?? []).map((t) => tableId(t)), ...(options.owned?.tables ?? []).map((t: TableName) => tableId(t))]);
  check(desired, owned, tag);

  const phased: [Phase, PlanStep][] = [];
  const step = (phase: Phase, s: PlanStep) => phased.push([phase, s]);
  const anonymousObserved = observedAnonymous(observed);

  // Desired rules, grouped by chain in their order (compiled once: text errors are thrown here, before anything is compared).
  const desiredRules = new Map<string, PreparedRule[]>();
  (desired.rules ?? []).forEach((rule, index) => {
    const key = ruleChain(rule);
    const list = desiredRules.get(key) ?? [];
    list.push(prepareRule(rule, list.length, owned.has(inTable(rule)) ? undefined : tag));
    desiredRules.set(key, list);
  });

  const observedRules = new Map<string, Rule[]>();
  for (const rule of observed.rules) {
    const key = ruleChain(rule);
    const list = observedRules.get(key) ?? [];
    list.push(rule);
    observedRules.set(key, list);
  }
  const observedKey = (rule: Rule) => ruleKey(rule, (ref) => (ref.name !== undefined ? anonymousObserved.get(`${rule.family} ${rule.table} ${ref.name}`) : undefined));

  // Desired objects by table, prepared as listed.
  const desiredTables = new Map((desired.tables ?? []).map((t) => [tableId(t), t]));
  const byTable = <T extends { family: Family; table: string }>(list: readonly T[] | undefined, key: string) => (list ?? []).filter((o) => inTable(o) === key);

  for (const key of owned) {
    const want = desiredTables.get(key);
    const have = observed.tables.find((t) => tableId(t) === key);
    if (!want) {
      if (have) step('delete-table', { kind: 'table', action: 'delete', description: `delete table ${key}`, reason: 'owned, not desired', operations: [tableOps.delete({ family: have.family, name: have.name })] });
      continue;
    }
    const chains = byTable(desired.chains, key);
    const sets = byTable(desired.sets, key);
    const objects = byTable(desired.objects, key);
    if (!have) {
      addWholeTable(want, chains, sets, objects, desiredRules, step, 'add', 'missing');
      continue;
    }
    const incompatible = tableChange(want, have) ?? contentChange(chains, sets, objects, observed);
    if (incompatible) {
      step('delete-table', { kind: 'table', action: 'recreate', description: `delete table ${key}`, reason: incompatible, operations: [tableOps.delete({ family: have.family, name: have.name })] });
      addWholeTable(want, chains, sets, objects, desiredRules, step, 'recreate', incompatible);
      continue;
    }
    // The table stays: objects, sets, chains, elements and rules are compared one by one.
    const wantObjects = new Set(objects.map(objectId));
    for (const o of observed.objects.filter((o) => inTable(o) === key && !wantObjects.has(objectId(o)))) {
      step('delete-object', { kind: 'object', action: 'delete', description: `delete ${String(o.type)} ${named(o)}`, reason: 'not desired', operations: [objectOps.delete({ family: o.family, table: o.table, type: o.type as ObjectSpec['type'], name: o.name })] });
    }
    for (const o of objects.filter((o) => !observed.objects.some((h) => objectId(h) === objectId(o)))) {
      step('add-object', { kind: 'object', action: 'add', description: `add ${String(o.type)} ${named(o)}`, reason: 'missing', operations: [objectOps.add(o)] });
    }
    const wantSets = new Set(sets.map(named));
    for (const s of observed.sets.filter((s) => inTable(s) === key && !s.flags.includes('anonymous') && !wantSets.has(named(s)))) {
      step('delete-set', { kind: 'set', action: 'delete', description: `delete set ${named(s)}`, reason: 'not desired', operations: [setOps.delete({ family: s.family, table: s.table, name: s.name })] });
    }
    for (const s of sets) {
      const haveSet = observed.sets.find((h) => named(h) === named(s));
      if (!haveSet) addSet(s, step, 'add', 'missing');
      else elementSteps(s, haveSet.elements, step);
    }
    const wantChains = new Set(chains.map(named));
    for (const c of observed.chains.filter((c) => inTable(c) === key && !wantChains.has(named(c)))) {
      step('delete-chain', {
        kind: 'chain',
        action: 'delete',
        description: `delete chain ${named(c)}`,
        reason: 'not desired',
        operations: [chainOps.flush({ family: c.family, table: c.table, chain: c.name }), chainOps.delete({ family: c.family, table: c.table, name: c.name })],
      });
    }
    for (const c of chains) {
      const haveChain = observed.chains.find((h) => named(h) === named(c));
      if (!haveChain) {
        step('add-chain', { kind: 'chain', action: 'add', description: `add chain ${named(c)}`, reason: 'missing', operations: [chainOps.add(c)] });
        for (const r of desiredRules.get(named(c)) ?? []) step('add-rule', { kind: 'rule', action: 'add', description: `add rule ${named(c)} ${r.text}`, reason: 'missing', operations: r.operations('add') });
        continue;
      }
      const policy = policyChange(c, haveChain);
      if (policy) step('add-chain', { kind: 'chain', action: 'update', description: `update chain ${named(c)}`, reason: policy, operations: [chainOps.add(c)] });
      ruleSteps(named(c), observedRules.get(named(c)) ?? [], desiredRules.get(named(c)) ?? [], observedKey, step);
    }
  }

  // Tables the caller does not own: only its tagged rules.
  if (tag !== undefined) {
    const chainsWithRules = new Set<string>();
    for (const [chain, rules] of desiredRules) if (!owned.has(inTable(rules[0]!.rule))) chainsWithRules.add(chain);
    for (const [chain, rules] of observedRules) if (!owned.has(inTable(rules[0]!)) && rules.some((r) => hasTag(r.comment, tag))) chainsWithRules.add(chain);
    for (const chain of chainsWithRules) {
      const wanted = desiredRules.get(chain) ?? [];
      if (wanted.length > 0 && !observed.chains.some((c) => named(c) === chain)) {
        throw new InvalidArgumentError('rules', `a rule in chain ${chain}, which does not exist (the caller does not own its table, so it cannot add it)`);
      }
      const mine = (observedRules.get(chain) ?? []).filter((r) => hasTag(r.comment, tag));
      ruleSteps(chain, mine, wanted, observedKey, step);
    }
  }

  const order = (phase: Phase) => PHASES.indexOf(phase);
  const steps = phased
    .map(([phase, s], i) => ({ phase, s, i }))
    .sort((a, b) => order(a.phase) - order(b.phase) || a.i - b.i)
    .map(({ s }) => s);
  const ownership: Ownership = { tables: (desired.tables ?? []).map((t) => ({ family: t.family, name: t.name })), ...(tag !== undefined ? { tag } : {}) };
  return { generation: observed.generation, steps, ownership };
}

/** Every step that adds a table with its desired content (after it was found missing, or deleted to recreate it). */
function addWholeTable(table: TableSpec, chains: readonly ChainSpec[], sets: readonly DesiredSet[], objects: readonly ObjectSpec[], rules: Map<string, PreparedRule[]>, step: StepSink, action: 'add' | 'recreate', reason: string): void {
  step('add-table', { kind: 'table', action, description: `add table ${tableId(table)}`, reason, operations: [tableOps.add(table)] });
  for (const o of objects) step('add-object', { kind: 'object', action, description: `add ${String(o.type)} ${named(o)}`, reason, operations: [objectOps.add(o)] });
  for (const s of sets) addSet(s, step, action, reason);
  for (const c of chains) step('add-chain', { kind: 'chain', action, description: `add chain ${named(c)}`, reason, operations: [chainOps.add(c)] });
  for (const c of chains) for (const r of rules.get(named(c)) ?? []) step('add-rule', { kind: 'rule', action, description: `add rule ${named(c)} ${r.text}`, reason, operations: r.operations('add') });
}

function addSet(set: DesiredSet, step: StepSink, action: 'add' | 'recreate', reason: string): void {
  const { elements, ...spec } = set;
  step('add-set', { kind: 'set', action, description: `add set ${named(set)}`, reason, operations: [setOps.add(spec)] });
  if (elements?.length) step('add-elements', { kind: 'elements', action, description: `add ${elements.length} element(s) to set ${named(set)}`, reason, operations: [elementOps.add({ family: set.family, table: set.table, set: set.name }, elements)] });
}

/** Elements to delete (unwanted, or mapping to other data) and to add, in a set that stays. */
function elementSteps(set: DesiredSet, observed: readonly SetElement[], step: StepSink): void {
  // A set given without `elements` has them unmanaged: a dynamic set the data path fills, say.
  if (set.elements === undefined) return;
  const target = { family: set.family, table: set.table, set: set.name };
  const wanted = set.elements.length ? asListed.elements(elementOps.add(target, set.elements)) : [];
  const wantedKeys = new Set(wanted.map(elementKey));
  const haveKeys = new Set(observed.map(elementKey));
  const gone = observed.filter((e) => !wantedKeys.has(elementKey(e)) && !isLeadingEnd(e));
  const missing = set.elements.filter((_, i) => !haveKeys.has(elementKey(wanted[i]!)) && !isLeadingEnd(wanted[i]!));
  if (gone.length) {
    // Deleted by what identifies them; an element that only maps to other data is deleted, then added again.
    const specs = gone.map((e) => ({ ...(e.key ? { key: e.key } : {}), ...(e.keyEnd ? { keyEnd: e.keyEnd } : {}), flags: e.flags }));
    step('delete-elements', { kind: 'elements', action: 'delete', description: `delete ${gone.length} element(s) from set ${named(set)}`, reason: 'not desired', operations: [elementOps.delete(target, specs)] });
  }
  if (missing.length) step('add-elements', { kind: 'elements', action: 'add', description: `add ${missing.length} element(s) to set ${named(set)}`, reason: 'missing', operations: [elementOps.add(target, missing)] });
}
