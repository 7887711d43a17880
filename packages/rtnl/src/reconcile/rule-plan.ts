import { formatIP, parseIP } from '@linx/netlink-wire';
import { InvalidArgumentError } from '../shared/arguments.js';
import { protocolNumber } from '../route/request.js';
import { ruleRequest, type Rule, type RuleSpec } from '../rule/shape.js';
import { atPath } from './argument-path.js';
import { byKey, differences, type Draft } from './draft.js';

/**
 * Rules: owned by their protocol, identified by family, priority and selector (what a packet must
 * match). What a matching rule does (action, table, goto, suppressors, realms) is compared; the kernel
 * has no replace for rules, so a rule that differs there is deleted and added again. Both sides go
 * through `rules.add`'s own request builder, so defaults are filled in the same way.
 */

const FWMASK_ALL = 0xffff_ffff;
const INVERT = 0x2;
const SELECTOR = ['src', 'dst', 'tos', 'dscp', 'fwmark', 'fwmask', 'iifname', 'oifname', 'uidRange', 'ipProto', 'sportRange', 'dportRange', 'l3mdev', 'tunId'] as const;

interface Canonical {
  key: string;
  fields: Record<string, unknown>;
}

function text(value: unknown): string {
  if (typeof value === 'object' && value !== null) return Object.values(value).join('-');
  return String(value);
}

/** A rule (desired, or listed) in one form: its key and what it does. */
function canonical(spec: RuleSpec, path: string): Canonical {
  const message = ruleRequest(spec, 'create', path).build({});
  const header = message.header as { family: number; dstLen: number; srcLen: number; tos: number; table: number; action: number; flags: number };
  const attrs = { ...(message.attrs as Record<string, unknown>) };
  if (attrs.src !== undefined) attrs.src = `${formatIP(parseIP(attrs.src as string))}/${header.srcLen}`;
  if (attrs.dst !== undefined) attrs.dst = `${formatIP(parseIP(attrs.dst as string))}/${header.dstLen}`;
  if (header.tos) attrs.tos = header.tos;
  // The kernel fills in a full mask for a mark given without one.
  if (attrs.fwmark !== undefined && attrs.fwmask === undefined) attrs.fwmask = FWMASK_ALL;
  const parts = [header.family === 10 ? 'inet6' : 'inet', `priority ${String(attrs.priority ?? 0)}`];
  if (header.flags & INVERT) parts.push('not');
  for (const name of SELECTOR) if (attrs[name] !== undefined) parts.push(`${name} ${text(attrs[name])}`);
  return {
    key: parts.join(' '),
    fields: {
      action: header.action,
      table: (attrs.table as number | undefined) ?? header.table,
      goto: attrs.goto ?? null,
      suppressPrefixlen: attrs.suppressPrefixlen ?? null,
      suppressIfgroup: attrs.suppressIfgroup ?? null,
      flow: attrs.flow ?? null,
      protocol: attrs.protocol ?? 0,
    },
  };
}

interface DesiredEntry extends Canonical {
  path: string;
  spec: RuleSpec;
}

function checkRule(input: RuleSpec, path: string, protocol: number): DesiredEntry {
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError(path, `expected a rule object, got ${input === null ? 'null' : typeof input}`);
  atPath(path, () => {
    if (input.priority === undefined) throw new InvalidArgumentError('priority', 'a reconciled rule needs a priority: without one the kernel picks it, and the next plan could not tell the rule is there');
    if (input.protocol !== undefined && protocolNumber(input.protocol) !== protocol) throw new InvalidArgumentError('protocol', `the plan owns rules by their protocol, ${protocol}: leave it out or give that`);
    for (const name of ['iifname', 'oifname'] as const) {
      if (typeof input[name] === 'number') throw new InvalidArgumentError(name, 'reconcile names interfaces by name (an index changes when a link is recreated)');
    }
  });
  const spec: RuleSpec = { ...input, protocol };
  return { path, spec, ...canonical(spec, path) };
}

export function planRules(desired: readonly RuleSpec[], observed: readonly Rule[], protocol: number) {
  if (!Array.isArray(desired)) throw new InvalidArgumentError('rules', 'expected a list of rules.add() arguments');
  const entries = desired.map((spec, i) => checkRule(spec, `rules[${i}]`, protocol));
  const wanted = byKey(entries, 'priority');
  const deletes: Draft[] = [];
  const present = new Map<string, { rule: Rule; fields: Record<string, unknown> }>();
  for (const rule of observed) {
    if (rule.family !== 'inet' && rule.family !== 'inet6') continue;
    let seen: Canonical;
    try {
      seen = canonical(rule as RuleSpec, 'rule');
    } catch {
      // A rule rules.add could not have made (an action or field linx does not write): never ours.
      continue;
    }
    const owned = seen.fields.protocol === protocol;
    if (!present.has(seen.key) && (wanted.has(seen.key) || !owned)) present.set(seen.key, { rule, fields: seen.fields });
    else if (owned) deletes.push({ op: 'delete', kind: 'rule', key: seen.key, call: { verb: 'rules.delete', rule }, after: [] });
  }
  const applies: Draft[] = [];
  for (const entry of entries) {
    const seen = present.get(entry.key);
    if (!seen) {
      applies.push({ op: 'create', kind: 'rule', key: entry.key, call: { verb: 'rules.add', spec: entry.spec }, after: [] });
      continue;
    }
    const changes = differences(entry.fields, seen.fields);
    if (!changes.length) continue;
    const removal: Draft = { op: 'delete', kind: 'rule', key: entry.key, call: { verb: 'rules.delete', rule: seen.rule }, changes, recreate: true, after: [] };
    deletes.push(removal);
    applies.push({ op: 'create', kind: 'rule', key: entry.key, call: { verb: 'rules.add', spec: entry.spec }, changes, recreate: true, after: [removal] });
  }
  return { deletes, applies };
}
