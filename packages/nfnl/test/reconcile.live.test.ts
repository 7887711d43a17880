// A declarative ruleset, applied for real in network namespaces of our own (deleted afterwards whatever
// happens). The oracle: the same ruleset loaded by `nft -f` in a second namespace; `nft -j list ruleset`
// must print the same for both (handles aside). Then: a second plan is empty, drift made with nft is healed,
// a rule in a table the caller does not own survives, and a concurrent writer makes apply fail cleanly.
// Needs root, ip and nft; skipped otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerationConflictError, nft, type Nfnl } from './helpers/imports.js';
import { canRunNft, createNamespace, run } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { DESIRED_TEXT, TEXT_TABLE, desiredRuleset } from './helpers/desired-ruleset.js';
import { TABLE } from './helpers/ruleset.js';

const { plan, apply, observe, reconcile } = nft.reconcile;
const live = canRunNft();
type Json = Record<string, any>;
const TAG = 'linx-rc';

/** nft's JSON objects without handles (numbered in creation order) and metainfo; sets sorted by name. */
function normalized(json: { nftables: Json[] }): Json[] {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'handle').map(([k, v]) => [k, strip(v)]));
    return value;
  };
  return json.nftables.filter((o) => !('metainfo' in o)).map((o) => strip(o) as Json);
}
/** The objects of the tables reconcile owns, as nft -j prints them. */
function ownedJson(ns: ReturnType<typeof createNamespace>): Json[] {
  return normalized(ns.nftJson()).filter((o) => {
    const body = Object.values(o)[0] as Json;
    const table = 'table' in o ? body.name : body.table;
    return table === TABLE || table === TEXT_TABLE;
  });
}
const listing = (ns: ReturnType<typeof createNamespace>) => run(['ip', 'netns', 'exec', ns.name, 'nft', 'list', 'ruleset']).stdout;

describe.skipIf(!live)('nft.reconcile on the kernel, against the ruleset nft -f loads', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let reference: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  const desired = desiredRuleset();
  const owned = { tag: TAG };

  beforeAll(async () => {
    ns = createNamespace('rc');
    reference = createNamespace('rcref');
    reference.nft(DESIRED_TEXT);
    nfnl = await openIn(ns);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
    reference?.remove();
  });

  it('from empty: one batch makes what nft -f makes', async () => {
    const result = await reconcile(nfnl!, desired, { owned });
    expect(result.applied).toBe(true);
    expect(result.attempts).toBe(1);
    expect(ownedJson(ns!)).toEqual(ownedJson(reference!));
  });

  it('twice in a row: the second plan is empty and apply sends nothing', async () => {
    const second = plan(desired, await observe(nfnl!), { owned });
    expect(second.steps.map((s) => `${s.description}: ${s.reason}`)).toEqual([]);
    const result = await reconcile(nfnl!, desired, { owned });
    expect(result.applied).toBe(false);
  });

  it('drift made with nft is healed; unchanged rules keep their handles; a rule of a table not owned survives', async () => {
    const before = await observe(nfnl!);
    const input = before.rules.filter((r) => r.table === TABLE && r.chain === 'input');
    const removed = input[3]!; // ip saddr @nets drop
    ns!.nft(`delete rule inet ${TABLE} input handle ${removed.handle}
add rule inet ${TABLE} input tcp dport 9999 drop
add element inet ${TABLE} pairs { 10.0.0.2 . 23 }
add element inet ${TABLE} nets { 10.5.0.0/16 }
table ip foreign { chain fc { type filter hook forward priority 0; policy accept; ip daddr 1.2.3.4 drop; }; }
`);
    // The caller also wants a rule of its own in chain fc, which it does not own: it carries the tag.
    const withForeign = { ...desired, rules: [...desired.rules!, { family: 'ip' as const, table: 'foreign', chain: 'fc', rule: 'tcp dport 25 drop' }] };
    const planned = plan(withForeign, await observe(nfnl!), { owned });
    expect(planned.steps.map((s) => `${s.kind} ${s.action}`)).toEqual(['rule delete', 'elements delete', 'elements delete', 'rule add', 'rule add']);
    expect(planned.steps[3]!.reason).toBe(`missing (before handle ${input[4]!.handle})`);

    const result = await reconcile(nfnl!, withForeign, { owned });
    expect(result.applied).toBe(true);
    expect(ownedJson(ns!)).toEqual(ownedJson(reference!));
    const after = await observe(nfnl!);
    // Every rule that was not touched is the same rule (same handle): kept, not deleted and added again.
    const handles = (rules: typeof after.rules) => rules.filter((r) => r.table === TABLE && r !== undefined).map((r) => `${r.chain} ${r.handle}`);
    const untouched = handles(before.rules.filter((r) => r.handle !== removed.handle));
    expect(handles(after.rules).filter((h) => untouched.includes(h))).toEqual(untouched);
    // nft's own rule in the table the caller does not own is still there, with the caller's tagged one after it.
    const foreign = ns!.nftJson('list', 'table', 'ip', 'foreign').nftables.filter((o) => 'rule' in o).map((o) => o.rule);
    expect(foreign.map((r) => r.comment)).toEqual([undefined, TAG]);
    expect(foreign[0].expr).toEqual([{ match: { op: '==', left: { payload: { protocol: 'ip', field: 'daddr' } }, right: '1.2.3.4' } }, { drop: null }]);
    expect(plan(withForeign, await observe(nfnl!), { owned }).steps).toEqual([]);

    // No longer desired: the tagged rule goes, nft's stays.
    const dropped = plan(desired, await observe(nfnl!), { owned });
    expect(dropped.steps.map((s) => `${s.kind} ${s.action} ${s.description.split(' handle')[0]}`)).toEqual(['rule delete delete rule ip foreign fc']);
    await apply(nfnl!, dropped);
    expect(ns!.nftJson('list', 'table', 'ip', 'foreign').nftables.filter((o) => 'rule' in o).map((o) => o.rule.comment)).toEqual([undefined]);
  });

  it('a concurrent writer between observe and apply: GenerationConflictError, nothing applied; reconcile re-plans and succeeds', async () => {
    const extra = 'tcp dport 7777 counter drop';
    const more = { ...desired, rules: [...desired.rules!, { family: 'ip' as const, table: TEXT_TABLE, chain: 'c', rule: extra }] };
    const planned = plan(more, await observe(nfnl!), { owned });
    expect(planned.steps).toHaveLength(1);
    ns!.nft('add table ip intruder');
    const between = listing(ns!);
    const error = await apply(nfnl!, planned).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationConflictError);
    expect((error as GenerationConflictError).code).toBe('ERR_LINX_NFNL_GENERATION');
    expect(listing(ns!)).toBe(between);
    expect(between).not.toContain('7777');

    const seen: number[] = [];
    const result = await reconcile(nfnl!, more, {
      owned,
      onPlan: (_plan, attempt) => {
        seen.push(attempt);
        if (attempt === 1) ns!.nft('add table ip intruder2');
      },
    });
    expect(seen).toEqual([1, 2]);
    expect(result.attempts).toBe(2);
    expect(result.applied).toBe(true);
    reference!.nft(`add rule ip ${TEXT_TABLE} c ${extra}`);
    expect(ownedJson(ns!)).toEqual(ownedJson(reference!));
    // The writers' tables are not the caller's: left alone.
    expect(listing(ns!)).toContain('table ip intruder2');
    expect(listing(ns!)).toContain('table ip intruder {');
  });

  it('with attempts: 1, a conflict is thrown', async () => {
    const error = await reconcile(nfnl!, desired, { owned, attempts: 1, onPlan: () => ns!.nft('add table ip intruder3') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationConflictError);
    expect(listing(ns!)).toContain('7777'); // the last desired state is still there: nothing was applied
  });

  it('a table no longer desired but still owned is deleted, nothing else', async () => {
    const { tables, chains, rules } = desired;
    const without = { ...desired, tables: tables!.filter((t) => t.name !== TEXT_TABLE), chains: chains!.filter((c) => c.table !== TEXT_TABLE), rules: rules!.filter((r) => r.table !== TEXT_TABLE) };
    const result = await reconcile(nfnl!, without, { owned: { ...owned, tables: [{ family: 'ip', name: TEXT_TABLE }] } });
    expect(result.plan.steps.map((s) => s.description)).toEqual([`delete table ip ${TEXT_TABLE}`]);
    expect(listing(ns!)).not.toContain(TEXT_TABLE);
    expect(listing(ns!)).toContain(`table inet ${TABLE}`);
  });
});
