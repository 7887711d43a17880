// reconcile's plan, without a kernel: the observed side is what the add operations of a first plan list
// back as (./helpers/listed-back.ts). Order of steps, ownership, rule order, and bad input refused with
// typed errors before anything could be sent. (The kernel's own listing is the live test's oracle.)
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-wire';
import { nft, type Ruleset } from './helpers/imports.js';
import { emptyRuleset, listedBack } from './helpers/listed-back.js';
import { desiredRuleset } from './helpers/desired-ruleset.js';

const { plan } = nft.reconcile;
type Desired = nft.reconcile.DesiredRuleset;
const at = { family: 'inet', table: 't' } as const;
const chain = (rules: string[]): Desired => ({
  tables: [{ family: 'inet', name: 't' }],
  chains: [{ ...at, name: 'c', hook: 'input', priority: 0 }],
  rules: rules.map((rule) => ({ ...at, chain: 'c', rule })),
});
/** The ruleset the desired one makes, as listed back. */
const made = (desired: Desired, options: nft.reconcile.PlanOptions = {}): Ruleset => listedBack(plan(desired, emptyRuleset(), options).steps.flatMap((s) => s.operations));
const summary = (p: nft.reconcile.Plan) => p.steps.map((s) => `${s.action} ${s.kind}`);

describe('plan from an empty ruleset', () => {
  it('adds in an order one batch can run: table, objects, sets, chains, elements, rules', () => {
    const p = plan(desiredRuleset(), emptyRuleset(7));
    expect(p.generation).toBe(7);
    const kinds = p.steps.map((s) => s.kind);
    const first = (k: string) => kinds.indexOf(k as never);
    const last = (k: string) => kinds.lastIndexOf(k as never);
    expect(p.steps.every((s) => s.action === 'add')).toBe(true);
    expect(last('table')).toBeLessThan(first('object'));
    expect(last('object')).toBeLessThan(first('set'));
    expect(last('set')).toBeLessThan(first('chain'));
    expect(last('chain')).toBeLessThan(first('elements'));
    expect(last('elements')).toBeLessThan(first('rule'));
    // Rule text with anonymous sets: each set and its elements go right before the rule, in the rule's step.
    const text = p.steps.find((s) => s.description.endsWith('tcp dport { 22, 80, 443 } accept'))!;
    expect(text.operations.map((o) => o.msg)).toEqual(['newset', 'newsetelem', 'newrule']);
  });

  it('then finds nothing to do in what it made (text rules with anonymous sets, every expression kind of the realistic ruleset)', () => {
    const desired = desiredRuleset();
    expect(plan(desired, made(desired)).steps).toEqual([]);
  });
});

describe('rules by expressions, text or builder are one rule', () => {
  it('a RuleBuilder rule is the rule its text makes, and the expressions the text compiles to', () => {
    const observed = made(chain(['tcp dport { 22, 80 } counter accept']));
    const built = { ...chain([]), rules: [{ ...at, chain: 'c', rule: new nft.RuleBuilder().match('tcp dport', [22, 80]).counter().accept() }] };
    expect(plan(built, observed).steps).toEqual([]);
    const compiled = nft.compileRule('ip saddr 10.0.0.1 counter drop', at);
    const byExpressions = { ...chain([]), rules: [{ ...at, chain: 'c', expressions: compiled.expressions }] };
    expect(plan(byExpressions, made(chain(['ip saddr 10.0.0.1 counter drop']))).steps).toEqual([]);
  });
});

describe('rules of a chain: the longest run already in order stays', () => {
  const observed = made(chain(['tcp dport 1 accept', 'tcp dport 2 accept', 'tcp dport 3 accept']));
  const handle = (port: number) => observed.rules.find((r) => r.expressions.some((e: any) => e.name === 'cmp' && e.data.data.value?.[1] === port))!.handle;

  it('a rule put first is inserted before the first rule that stays', () => {
    const p = plan(chain(['tcp dport 9 drop', 'tcp dport 1 accept', 'tcp dport 2 accept', 'tcp dport 3 accept']), observed);
    expect(summary(p)).toEqual(['add rule']);
    expect(p.steps[0]!.operations[0]).toMatchObject({ msg: 'newrule', value: { attrs: { position: handle(1) } } });
    expect(p.steps[0]!.operations[0]!.flags & 0x800).toBe(0); // NLM_F_APPEND: not set, an insert
  });

  it('a rule put last is appended', () => {
    const p = plan(chain(['tcp dport 1 accept', 'tcp dport 2 accept', 'tcp dport 3 accept', 'tcp dport 9 drop']), observed);
    expect(summary(p)).toEqual(['add rule']);
    expect(p.steps[0]!.operations[0]).toMatchObject({ msg: 'newrule', value: { attrs: { position: undefined } } });
    expect(p.steps[0]!.operations[0]!.flags & 0x800).toBe(0x800);
  });

  it('two rules swapped: one is deleted and added again at its place, the others stay', () => {
    const p = plan(chain(['tcp dport 1 accept', 'tcp dport 3 accept', 'tcp dport 2 accept']), observed);
    expect(summary(p)).toEqual(['delete rule', 'add rule']);
    // 1, 3 stay (one of the two longest runs): 2 is deleted and appended after 3.
    expect(p.steps[0]!.operations[0]).toMatchObject({ msg: 'delrule', value: { attrs: { handle: handle(2) } } });
    expect(p.steps[1]!.operations[0]).toMatchObject({ msg: 'newrule', value: { attrs: { position: undefined } } });
    expect(p.steps[1]!.operations[0]!.flags & 0x800).toBe(0x800);
  });

  it('a rule whose comment differs is not the same rule', () => {
    const p = plan(chain(['tcp dport 1 accept comment "one"', 'tcp dport 2 accept', 'tcp dport 3 accept']), observed);
    expect(summary(p)).toEqual(['delete rule', 'add rule']);
  });
});

describe('ownership', () => {
  // A table of someone else's, with their rule and one tagged with our tag (applied by us before).
  const theirs: Ruleset = (() => {
    const r = made(chain(['tcp dport 1 accept']));
    const foreign = listedBack(
      plan(
        { tables: [{ family: 'ip', name: 'f' }], chains: [{ family: 'ip', table: 'f', name: 'fc', hook: 'forward', priority: 0 }], rules: [{ family: 'ip', table: 'f', chain: 'fc', rule: 'ip daddr 1.2.3.4 drop' }, { family: 'ip', table: 'f', chain: 'fc', rule: 'tcp dport 25 drop', comment: 'me' }] },
        emptyRuleset(),
      ).steps.flatMap((s) => s.operations),
    );
    return { ...r, tables: [...r.tables, ...foreign.tables], chains: [...r.chains, ...foreign.chains], rules: [...r.rules, ...foreign.rules] };
  })();

  it('tables not owned are left alone, but for rules with the tag', () => {
    expect(plan(chain(['tcp dport 1 accept']), theirs).steps).toEqual([]);
    const p = plan(chain(['tcp dport 1 accept']), theirs, { owned: { tag: 'me' } });
    expect(p.steps.map((s) => s.description)).toEqual([`delete rule ip f fc handle ${theirs.rules.find((r) => r.comment === 'me')!.handle}`]);
  });

  it('a desired rule in a table not owned gets the tag as its comment (or in front of it) and is kept when there', () => {
    const wanted = { ...chain(['tcp dport 1 accept']), rules: [...chain(['tcp dport 1 accept']).rules!, { family: 'ip' as const, table: 'f', chain: 'fc', rule: 'tcp dport 25 drop' }] };
    expect(plan(wanted, theirs, { owned: { tag: 'me' } }).steps).toEqual([]);
    const commented = { ...wanted, rules: [...wanted.rules, { family: 'ip' as const, table: 'f', chain: 'fc', rule: 'tcp dport 26 drop comment "smtp"' }] };
    const p = plan(commented, theirs, { owned: { tag: 'me' } });
    expect(summary(p)).toEqual(['add rule']);
    const added = listedBack(p.steps[0]!.operations.map((o) => ({ ...o }))).rules[0]!;
    expect(added.comment).toBe('me smtp');
  });

  it("the tag is the comment's first word: a rule commented 'meow' is not the caller's with tag 'me'", () => {
    const meow = { ...theirs, rules: theirs.rules.map((r) => (r.comment === 'me' ? { ...r, comment: 'meow' } : r)) };
    expect(plan(chain(['tcp dport 1 accept']), meow, { owned: { tag: 'me' } }).steps).toEqual([]);
    const tagged = { ...theirs, rules: theirs.rules.map((r) => (r.comment === 'me' ? { ...r, comment: 'me ssh' } : r)) };
    expect(summary(plan(chain(['tcp dport 1 accept']), tagged, { owned: { tag: 'me' } }))).toEqual(['delete rule']);
  });

  it("a plan's ownership is what to pass as `owned` next time: then a table dropped from the desired ruleset is deleted", () => {
    const first = plan(chain(['tcp dport 1 accept']), emptyRuleset(), { owned: { tag: 'me' } });
    expect(first.ownership).toEqual({ tables: [{ family: 'inet', name: 't' }], tag: 'me' });
    expect(plan({}, theirs).steps).toEqual([]);
    expect(plan({}, theirs, { owned: first.ownership }).steps.map((s) => s.description)).toEqual(['delete table inet t', `delete rule ip f fc handle ${theirs.rules.find((r) => r.comment === 'me')!.handle}`]);
  });

  it('an owned table no longer desired is deleted with all it holds, in one step', () => {
    const p = plan({}, theirs, { owned: { tables: [{ family: 'inet', name: 't' }] } });
    expect(p.steps.map((s) => s.description)).toEqual(['delete table inet t']);
  });

  it("what is not the caller's in an owned table goes: a chain (flushed, then deleted), a rule, a set", () => {
    const observed = made({ ...chain(['tcp dport 1 accept']), chains: [...chain([]).chains!, { ...at, name: 'extra' }], sets: [{ ...at, name: 's', keyType: 'ipv4_addr' }] });
    const p = plan(chain([]), observed);
    expect(p.steps.map((s) => s.description)).toEqual([`delete rule inet t c handle ${observed.rules[0]!.handle}`, 'delete chain inet t extra', 'delete set inet t s']);
    expect(p.steps[1]!.operations.map((o) => o.msg)).toEqual(['delrule', 'delchain']);
  });
});

describe('bad input: a typed error from plan, before anything could be sent', () => {
  const cases: [string, Desired, nft.reconcile.PlanOptions?][] = [
    ['a chain in a table not desired', { chains: [{ ...at, name: 'c' }] }],
    ['a set in a table not desired', { tables: [{ family: 'ip', name: 't' }], sets: [{ ...at, name: 's', keyType: 'ipv4_addr' }] }],
    ['a rule in a chain not desired', { tables: [{ family: 'inet', name: 't' }], rules: [{ ...at, chain: 'nope', rule: 'accept' }] }],
    ['a rule in a table not owned, without a tag', { rules: [{ family: 'ip', table: 'f', chain: 'fc', rule: 'accept' }] }],
    ['a rule in an owned table that is not desired', { rules: [{ family: 'ip', table: 'f', chain: 'fc', rule: 'accept' }] }, { owned: { tables: [{ family: 'ip', name: 'f' }], tag: 'me' } }],
    ['a table listed twice', { tables: [{ family: 'inet', name: 't' }, { family: 'inet', name: 't' }] }],
    ['an empty table name', { tables: [{ family: 'inet', name: '' }] }],
    ['an empty tag', {}, { owned: { tag: ' ' } }],
    ['a family nftables does not have', { tables: [{ family: 'ipx' as never, name: 't' }] }],
    ["a chain's hook the family does not have", { tables: [{ family: 'inet', name: 't' }], chains: [{ ...at, name: 'c', hook: 'bogus' as never }] }],
    ['a comment over the user data limit', { tables: [{ family: 'inet', name: 't' }], chains: [{ ...at, name: 'c' }], rules: [{ ...at, chain: 'c', expressions: [], comment: 'x'.repeat(300) }] }],
    ['a set type nft does not know', { tables: [{ family: 'inet', name: 't' }], sets: [{ ...at, name: 's', keyType: 'ipv5_addr' }] }],
  ];
  it.each(cases)('%s: InvalidArgumentError', (_what, desired, options) => {
    const error = (() => {
      try {
        plan(desired, emptyRuleset(), options);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).code).toBe('ERR_LINX_INVALID_ARGUMENT');
  });

  it('rule text nft would not take: RuleSyntaxError', () => {
    expect(() => plan(chain(['tcp dport accept']), emptyRuleset())).toThrow(nft.RuleSyntaxError);
  });

  it('a rule in a chain of a table not owned that does not exist: InvalidArgumentError', () => {
    expect(() => plan({ rules: [{ family: 'ip', table: 'f', chain: 'fc', rule: 'accept' }] }, emptyRuleset(), { owned: { tag: 'me' } })).toThrow(InvalidArgumentError);
  });
});

describe("the README's example", () => {
  it('plans from empty to a table, a set with its element, a base chain and three rules', () => {
    const at = { family: 'inet', table: 'web' } as const;
    const desired: Desired = {
      tables: [{ family: 'inet', name: 'web' }],
      sets: [{ ...at, name: 'admins', keyType: 'ipv4_addr', elements: [{ key: nft.value.ipv4('10.0.0.5') }] }],
      chains: [{ ...at, name: 'input', hook: 'input', priority: 'filter', policy: 'drop' }],
      rules: [
        { ...at, chain: 'input', rule: 'ct state established,related accept' },
        { ...at, chain: 'input', rule: 'ip saddr @admins tcp dport 22 accept' },
        { ...at, chain: 'input', rule: 'tcp dport { 80, 443 } counter accept' },
      ],
    };
    const p = plan(desired, emptyRuleset(), { owned: { tag: 'web', tables: [] } });
    expect(summary(p)).toEqual(['add table', 'add set', 'add chain', 'add elements', 'add rule', 'add rule', 'add rule']);
    expect(plan(desired, made(desired), { owned: { tag: 'web' } }).steps).toEqual([]);
  });
});
