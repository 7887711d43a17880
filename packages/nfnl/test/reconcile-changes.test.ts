// reconcile's plan without root, on what a table that stays may hold: what the kernel cannot change in
// place (a base chain's type, hook or priority, a table's flags or comment, a set's key or flags, an
// object's settings: nf_tables_api.c refuses them in an update, so the table is made again in the same
// batch), the one thing it can (a base chain's policy), and objects, sets and elements added and deleted
// one by one. The observed side is what a first plan's operations list back as (./helpers/listed-back.ts);
// reconcile.live.test.ts checks the same reasons against the kernel.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-wire';
import { nft, type Ruleset } from './helpers/imports.js';
import { emptyRuleset, listedBack } from './helpers/listed-back.js';

const { plan } = nft.reconcile;
type Desired = nft.reconcile.DesiredRuleset;
const at = { family: 'inet', table: 't' } as const;
const ip4 = (text: string) => nft.value.ipv4(text);

interface Changes {
  priority?: number;
  hook?: 'input' | 'output';
  type?: 'filter' | 'route';
  policy?: 'accept' | 'drop';
  tableFlags?: 'dormant'[];
  tableComment?: string;
  chainComment?: string;
  keyType?: string;
  setFlags?: ('interval' | 'timeout')[];
  timeout?: bigint;
  elements?: string[] | undefined;
  quota?: bigint;
  objects?: 'both' | 'counter';
}

function desired(c: Changes = {}): Desired {
  return {
    tables: [{ family: 'inet', name: 't', ...(c.tableFlags ? { flags: c.tableFlags } : {}), ...(c.tableComment !== undefined ? { comment: c.tableComment } : {}) }],
    objects: [
      { ...at, name: 'cnt', type: 'counter', data: {} },
      ...(c.objects === 'counter' ? [] : [{ ...at, name: 'q', type: 'quota' as const, data: { bytes: c.quota ?? 1000n } }]),
    ],
    sets: [
      {
        ...at,
        name: 's',
        keyType: c.keyType ?? 'ipv4_addr',
        ...(c.setFlags ? { flags: c.setFlags } : {}),
        ...(c.timeout !== undefined ? { timeout: c.timeout } : {}),
        ...('elements' in c ? (c.elements ? { elements: c.elements.map((e) => ({ key: ip4(e) })) } : {}) : { elements: [{ key: ip4('10.0.0.1') }, { key: ip4('10.0.0.2') }] }),
      },
    ],
    chains: [
      { ...at, name: 'c', hook: c.hook ?? 'input', priority: c.priority ?? 0, ...(c.type ? { type: c.type } : {}), ...(c.policy ? { policy: c.policy } : {}), ...(c.chainComment !== undefined ? { comment: c.chainComment } : {}) },
      { ...at, name: 'r' },
    ],
    rules: [{ ...at, chain: 'c', rule: 'ip saddr @s quota 1000 bytes counter accept' }],
  };
}
const made = (d: Desired): Ruleset => listedBack(plan(d, emptyRuleset()).steps.flatMap((s) => s.operations));
const observed = made(desired());
const describeSteps = (p: nft.reconcile.Plan) => p.steps.map((s) => `${s.action} ${s.kind}: ${s.description} (${s.reason})`);

describe('a table that stays as it is', () => {
  it('plans nothing, whatever the kernel counted (counter values, quota use, a used-up quota object or expression) or filled in (a set size not asked for)', () => {
    expect(plan(desired(), observed).steps).toEqual([]);
    const used: Ruleset = {
      ...observed,
      objects: observed.objects.map((o) => (o.type === 'counter' ? { ...o, data: { packets: 5n, bytes: 900n } } : { ...o, data: { ...(o.data as object), consumed: 999n, flags: ['depleted'] } })) as Ruleset['objects'],
      sets: observed.sets.map((s) => ({ ...s, size: 65535 })),
      // nft_quota_do_dump: a used-up quota is dumped with NFT_QUOTA_F_DEPLETED, its consumption with it.
      rules: observed.rules.map((r) => ({ ...r, expressions: r.expressions.map((e: any) => (e.name === 'quota' ? { ...e, data: { ...e.data, consumed: 1001n, flags: ['depleted'] } } : e)) })),
    };
    expect(used.rules[0]!.expressions.some((e: any) => e.name === 'quota')).toBe(true);
    expect(plan(desired(), used).steps).toEqual([]);
  });
});

describe('what the kernel cannot change in place: the table is deleted and made again, with the reason', () => {
  it.each<[string, Changes, string]>([
    ['a base chain priority', { priority: 5 }, 'chain inet t c: priority differs'],
    ['a base chain hook', { hook: 'output' }, 'chain inet t c: hook differs'],
    ['a base chain type', { type: 'route', hook: 'input' }, 'chain inet t c: type differs'],
    ['a chain comment', { chainComment: 'in' }, 'chain inet t c: comment differs'],
    ['the table flags', { tableFlags: ['dormant'] }, 'table flags differs'],
    ['the table comment', { tableComment: 'mine' }, 'table comment differs'],
    ["a set's key type", { keyType: 'ipv6_addr' }, 'set inet t s: keyType differs'],
    ["a set's flags", { setFlags: ['timeout'] }, 'set inet t s: flags differs'],
    ["a set's timeout, when given", { timeout: 60_000n }, 'set inet t s: timeout differs'],
    ["a quota's bytes", { quota: 2000n }, 'quota inet t q: its settings differ'],
  ])('%s', (_what, changes, reason) => {
    const p = plan(desired(changes), observed);
    expect(p.steps[0]).toMatchObject({ kind: 'table', action: 'recreate', description: 'delete table inet t', reason });
    expect(p.steps[0]!.operations.map((o) => o.msg)).toEqual(['deltable']);
    expect(p.steps.slice(1).map((s) => `${s.action} ${s.kind}`)).toEqual(['recreate table', 'recreate object', 'recreate object', 'recreate set', 'recreate chain', 'recreate chain', 'recreate elements', 'recreate rule']);
    expect(p.steps.every((s) => s.reason === reason)).toBe(true);
  });
});

describe('what changes in place', () => {
  it("a base chain's policy: the chain is added again with it (accept when not given), its rules kept", () => {
    const p = plan(desired({ policy: 'drop' }), observed);
    expect(describeSteps(p)).toEqual(['update chain: update chain inet t c (policy accept -> drop)']);
    expect(p.steps[0]!.operations).toMatchObject([{ msg: 'newchain', value: { attrs: { name: 'c', policy: 'drop' } } }]);
    const dropping = made(desired({ policy: 'drop' }));
    expect(describeSteps(plan(desired(), dropping))).toEqual(['update chain: update chain inet t c (policy drop -> accept)']);
    expect(plan(desired({ policy: 'accept' }), observed).steps).toEqual([]);
  });

  it('elements: the unwanted deleted, the missing added, in one step each; a set given without elements keeps what it has', () => {
    const p = plan(desired({ elements: ['10.0.0.1', '10.0.0.3', '10.0.0.4'] }), observed);
    expect(describeSteps(p)).toEqual(['delete elements: delete 1 element(s) from set inet t s (not desired)', 'add elements: add 2 element(s) to set inet t s (missing)']);
    expect(p.steps[0]!.operations).toMatchObject([{ msg: 'delsetelem', value: { attrs: { set: 's', elements: { elem: [{ key: { value: ip4('10.0.0.2') } }] } } } }]);
    expect(p.steps[1]!.operations).toMatchObject([{ msg: 'newsetelem', value: { attrs: { set: 's', elements: { elem: [{ key: { value: ip4('10.0.0.3') } }, { key: { value: ip4('10.0.0.4') } }] } } } }]);
    expect(plan(desired({ elements: undefined }), observed).steps).toEqual([]);
    expect(describeSteps(plan(desired({ elements: [] }), observed))).toEqual(['delete elements: delete 2 element(s) from set inet t s (not desired)']);
  });

  it('objects and sets: the undesired deleted, the missing added', () => {
    const p = plan(desired({ objects: 'counter' }), observed);
    expect(describeSteps(p)).toEqual(['delete object: delete quota inet t q (not desired)']);
    expect(p.steps[0]!.operations).toMatchObject([{ msg: 'delobj', value: { attrs: { name: 'q', type: 'quota' } } }]);
    const fewer = made(desired({ objects: 'counter' }));
    expect(describeSteps(plan(desired(), fewer))).toEqual(['add object: add quota inet t q (missing)']);
    const extraSet: Desired = { ...desired(), sets: [...desired().sets!, { ...at, name: 'x', keyType: 'inet_service', elements: [{ key: Uint8Array.of(0, 22) }] }] };
    expect(describeSteps(plan(extraSet, observed))).toEqual(['add set: add set inet t x (missing)', 'add elements: add 1 element(s) to set inet t x (missing)']);
    expect(describeSteps(plan(desired(), made(extraSet)))).toEqual(['delete set: delete set inet t x (not desired)']);
  });

  it('a missing chain is added with its rules; rules are added after everything they use, deletions come first', () => {
    const more: Desired = { ...desired(), chains: [...desired().chains!, { ...at, name: 'n' }], rules: [...desired().rules!, { ...at, chain: 'n', rule: 'jump r' }], objects: [desired().objects![0]!] };
    expect(describeSteps(plan(more, observed))).toEqual(['delete object: delete quota inet t q (not desired)', 'add chain: add chain inet t n (missing)', 'add rule: add rule inet t n jump r (missing)']);
  });
});

describe('bad input, refused by name before anything is compared', () => {
  it.each<[string, Desired, nft.reconcile.PlanOptions?, RegExp?]>([
    ['a chain listed twice', { tables: [{ family: 'inet', name: 't' }], chains: [{ ...at, name: 'c' }, { ...at, name: 'c' }] }, undefined, /^chains: inet t c is listed twice/],
    ['a set listed twice', { tables: [{ family: 'inet', name: 't' }], sets: [{ ...at, name: 's', keyType: 'ipv4_addr' }, { ...at, name: 's', keyType: 'ipv4_addr' }] }, undefined, /^sets: inet t s is listed twice/],
    ['an object listed twice', { tables: [{ family: 'inet', name: 't' }], objects: [{ ...at, name: 'o', type: 'counter', data: {} }, { ...at, name: 'o', type: 'counter', data: {} }] }, undefined, /^objects: inet t counter o is listed twice/],
    ['the family unspec', { tables: [{ family: 'unspec' as never, name: 't' }] }, undefined, /^tables\.family: "unspec" is not an nftables family/],
    ["a rule's family", { tables: [{ family: 'inet', name: 't' }], rules: [{ family: 'toString' as never, table: 't', chain: 'c', rule: 'accept' }] }, undefined, /^rules\.family: "toString" is not an nftables family/],
    ['an object in a table not desired', { tables: [{ family: 'ip', name: 't' }], objects: [{ ...at, name: 'o', type: 'counter', data: {} }] }, undefined, /^objects: inet t o: its table inet t is not among the desired tables/],
    ['a tag that is not a string', {}, { owned: { tag: 5 as never } }, /^owned\.tag: the comment tag must be a non-empty string/],
    ['a rule in an owned table not desired', { rules: [{ family: 'ip', table: 'f', chain: 'c', rule: 'accept' }] }, { owned: { tables: [{ family: 'ip', name: 'f' }], tag: 'me' } }, /^rules: a rule in table ip f, which the caller owns but does not desire/],
    ['a rule in a table not owned, no tag', { rules: [{ family: 'ip', table: 'f', chain: 'c', rule: 'accept' }] }, undefined, /^rules: a rule in table ip f, which the caller does not own: give owned\.tag/],
    ['a rule in a chain not desired', { tables: [{ family: 'inet', name: 't' }], rules: [{ ...at, chain: 'nope', rule: 'accept' }] }, undefined, /^rules: a rule in chain inet t nope, which is not among the desired chains/],
  ])('%s', (_what, d, options, message) => {
    expect(() => plan(d, emptyRuleset(), options)).toThrow(InvalidArgumentError);
    expect(() => plan(d, emptyRuleset(), options)).toThrow(message!);
  });

  it('a tagged rule in a chain of a table not owned that does not exist', () => {
    expect(() => plan({ rules: [{ family: 'ip', table: 'f', chain: 'fc', rule: 'accept' }] }, emptyRuleset(), { owned: { tag: 'me' } })).toThrow(/^rules: a rule in chain ip f fc, which does not exist \(the caller does not own its table, so it cannot add it\)/);
  });
});

describe("rules' places and tags", () => {
  const chainOf = (rules: nft.reconcile.DesiredRuleset['rules']): Desired => ({ tables: [{ family: 'inet', name: 't' }], chains: [{ ...at, name: 'c', hook: 'input', priority: 0 }], rules });
  const rule = (text: string, extra: object = {}) => ({ ...at, chain: 'c', rule: text, ...extra });

  it('a rule inserted before one that stays says before which handle, and is sent at that position', () => {
    const have = made(chainOf([rule('tcp dport 1 accept'), rule('tcp dport 2 accept')]));
    const second = have.rules[1]!.handle!;
    const p = plan(chainOf([rule('tcp dport 1 accept'), rule('tcp dport 9 drop'), rule('tcp dport 2 accept')]), have);
    expect(describeSteps(p)).toEqual([`add rule: add rule inet t c tcp dport 9 drop (missing (before handle ${second}))`]);
    expect(p.steps[0]!.operations).toMatchObject([{ msg: 'newrule', value: { attrs: { position: second } } }]);
    const appended = plan(chainOf([rule('tcp dport 1 accept'), rule('tcp dport 2 accept'), rule('tcp dport 9 drop')]), have);
    expect(describeSteps(appended)).toEqual(['add rule: add rule inet t c tcp dport 9 drop (missing)']);
    const deleted = plan(chainOf([rule('tcp dport 2 accept')]), have);
    expect(describeSteps(deleted)).toEqual([`delete rule: delete rule inet t c handle ${have.rules[0]!.handle} (not desired (or not at its place))`]);
    expect(deleted.steps[0]!.operations).toMatchObject([{ msg: 'delrule', value: { attrs: { chain: 'c', handle: have.rules[0]!.handle } } }]);
  });

  it('rules given by expressions are named by their place; a plan without a tag owns no tag', () => {
    const p = plan(chainOf([{ ...at, chain: 'c', expressions: [] }, { ...at, chain: 'c', expressions: [] }]), emptyRuleset());
    expect(p.steps.filter((s) => s.kind === 'rule').map((s) => s.description)).toEqual(['add rule inet t c #1', 'add rule inet t c #2']);
    expect(p.ownership).toEqual({ tables: [{ family: 'inet', name: 't' }] });
  });

  it("in a table not owned, a comment that already starts with the tag is kept as it is, given as text or as the rule's comment", () => {
    const foreign = listedBack(
      plan({ tables: [{ family: 'ip', name: 'f' }], chains: [{ family: 'ip', table: 'f', name: 'fc', hook: 'forward', priority: 0 }] }, emptyRuleset()).steps.flatMap((s) => s.operations),
    );
    const at2 = { family: 'ip', table: 'f', chain: 'fc' } as const;
    const p = plan({ rules: [{ ...at2, rule: 'tcp dport 1 drop comment "me one"' }, { ...at2, rule: 'tcp dport 2 drop', comment: 'me two' }, { ...at2, rule: 'tcp dport 3 drop', comment: 'three' }] }, foreign, { owned: { tag: 'me' } });
    const added = listedBack(p.steps.flatMap((s) => s.operations)).rules;
    expect(added.map((r) => r.comment)).toEqual(['me one', 'me two', 'me three']);
  });
});
