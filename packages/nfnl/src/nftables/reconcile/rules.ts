import type { NftOperation } from '../client.js';
import { ruleOperations, ruleOps, type Rule } from '../rule.js';
import { commentOf, commentTypes } from '../userdata.js';
import type { StepSink } from './keys.js';
import { anonymousContent, asListed, ruleKey, type AnonymousSets } from './normalize.js';
import { commonSubsequence } from './sequence.js';
import type { DesiredRule } from './types.js';

/** A desired rule prepared for comparing: what it compiles to, its key, and a way to write it at a place. */
export interface PreparedRule {
  rule: DesiredRule;
  index: number;
  key: string;
  operations: (verb: 'add' | 'insert', position?: bigint) => NftOperation[];
  text: string;
}

/** Compiles a desired rule (text or expressions) and works out the key it is compared by. */
export function prepareRule(rule: DesiredRule, index: number, tag: string | undefined): PreparedRule {
  let spec = rule;
  if (tag !== undefined) {
    // In a table the caller does not own, its rules carry its tag: as their comment, or in front of it
    // (a `comment "…"` in rule text is the rule's comment unless `comment` is given).
    const own = rule.comment ?? ('rule' in rule ? ruleCommentOf(asListed.rule(ruleOperations('add', rule).at(-1)!).userdata) : undefined);
    spec = { ...rule, comment: own === undefined ? tag : hasTag(own, tag) ? own : `${tag} ${own}` };
  }
  const ops = ruleOperations('add', spec);
  const final = spec;
  const ruleOp = ops[ops.length - 1]!;
  const listed = asListed.rule(ruleOp);
  // Anonymous sets the text made: their content, found by the batch id (and name) the rule refers to them by.
  const byId = new Map<number, string>();
  const byName = new Map<string, string>();
  for (let i = 0; i + 1 < ops.length; i += 2) {
    const set = asListed.set(ops[i]!);
    const content = anonymousContent(set, asListed.elements(ops[i + 1]!));
    if (set.id !== undefined) byId.set(set.id, content);
    byName.set(set.name, content);
  }
  const anonymous: AnonymousSets = (ref) => (ref.id !== undefined && byId.has(ref.id) ? byId.get(ref.id) : ref.name !== undefined && ref.name.includes('%d') ? byName.get(ref.name) : undefined);
  const text = 'rule' in final ? String(final.rule) : `#${index + 1}`;
  return {
    rule: final,
    index,
    key: ruleKey(listed, anonymous),
    text,
    // Appended: the operations compiled above (text compiles once); elsewhere, compiled again with the place.
    operations: (verb, position) => (verb === 'add' && position === undefined ? ops : ruleOperations(verb, { ...final, ...(position !== undefined ? { position } : {}) } as never)),
  };
}

/** Whether a comment marks a rule as the caller's: the tag alone, or the tag and a space before the rest. */
export function hasTag(comment: string | undefined, tag: string): boolean {
  return comment !== undefined && (comment === tag || comment.startsWith(`${tag} `));
}

function ruleCommentOf(userdata: Uint8Array | undefined): string | undefined {
  return userdata ? commentOf(userdata, commentTypes.rule) : undefined;
}

/**
 * The rules of one chain: the caller's observed rules that are also desired, in the same order, stay
 * (the longest such sequence); the others are deleted; each missing rule is inserted before the next rule
 * that stays, or appended when none follows.
 */
export function ruleSteps(chain: string, observed: readonly Rule[], desired: readonly PreparedRule[], observedKey: (r: Rule) => string, step: StepSink): void {
  const kept = commonSubsequence(observed.map(observedKey), desired.map((r) => r.key));
  const keptObserved = new Set(kept.map(([o]) => o));
  observed.forEach((rule, i) => {
    if (keptObserved.has(i)) return;
    step('delete-rule', { kind: 'rule', action: 'delete', description: `delete rule ${chain} handle ${rule.handle}`, reason: 'not desired (or not at its place)', operations: [ruleOps.delete({ family: rule.family, table: rule.table, chain: rule.chain, handle: rule.handle! })] });
  });
  const keptAt = new Map(kept.map(([o, d]) => [d, observed[o]!]));
  desired.forEach((rule, i) => {
    if (keptAt.has(i)) return;
    let next: Rule | undefined;
    // Stryker disable next-line EqualityOperator: keptAt has no entry at desired.length, so one more look finds nothing
    for (let j = i + 1; j < desired.length && !next; j++) next = keptAt.get(j);
    const operations = next ? rule.operations('insert', next.handle!) : rule.operations('add');
    step('add-rule', { kind: 'rule', action: 'add', description: `add rule ${chain} ${rule.text}`, reason: next ? `missing (before handle ${next.handle})` : 'missing', operations });
  });
}
