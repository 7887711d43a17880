// reconcile against what the kernel itself lists, without root: fixtures/reconcile-observed.json holds the
// replies the kernel sent to `nft list ruleset` after DESIRED_TEXT was loaded with `nft -f` (strace, in a
// test namespace; rewritten by `LINX_UPDATE_FIXTURES=1 vitest run reconcile-kernel-bytes.live`). A fake
// kernel answers observe()'s dumps with them. What the kernel fills in on its own (counters, quota use,
// anonymous set names, dumped defaults such as bitwise's op, payload's checksum fields, NAT's maximum
// registers, dynset's timeout, an interval set's leading end element) must not count as a difference; what
// differs from the desired ruleset must.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Nfnl, nft, type Ruleset } from '../src/index.js';
import { desiredRuleset, TEXT_RULES, TEXT_TABLE } from './helpers/desired-ruleset.js';
import { replayKernel, repliesOf } from './helpers/kernel-replay.js';

const { plan, observe } = nft.reconcile;
const owned = { tag: 'linx-rc' };
const fixture = JSON.parse(readFileSync(new URL('./fixtures/reconcile-observed.json', import.meta.url), 'utf8')) as { listing: string; replies: [number, string][] };

async function observed(): Promise<Ruleset> {
  const nfnl = new Nfnl(replayKernel(repliesOf(fixture.replies)));
  try {
    return await observe(nfnl);
  } finally {
    nfnl.close();
  }
}
const summary = (p: nft.reconcile.Plan) => p.steps.map((s) => `${s.action} ${s.kind} ${s.description}`);

describe('the desired ruleset against the kernel listing of what nft -f made of it', () => {
  it('holds what the fixture says: the text table and its rules with their anonymous sets', async () => {
    const ruleset = await observed();
    expect(fixture.listing).toContain(`table ip ${TEXT_TABLE} {`);
    expect(ruleset.rules.filter((r) => r.table === TEXT_TABLE)).toHaveLength(TEXT_RULES.length);
    expect(ruleset.sets.some((s) => s.name.startsWith('__set'))).toBe(true);
  });

  it('nothing to do', async () => {
    expect(plan(desiredRuleset(), await observed(), { owned }).steps).toEqual([]);
  });

  it('a rule no longer desired is deleted, alone', async () => {
    const desired = desiredRuleset();
    const dropped = TEXT_RULES[1]!;
    const without = { ...desired, rules: desired.rules!.filter((r) => !('rule' in r && r.rule === dropped)) };
    const steps = plan(without, await observed(), { owned }).steps;
    expect(steps.map((s) => `${s.action} ${s.kind}`)).toEqual(['delete rule']);
    expect(steps[0]!.description).toMatch(new RegExp(`^delete rule ip ${TEXT_TABLE} c handle \\d+`));
  });

  it('a rule whose anonymous set differs by one element is replaced at its place', async () => {
    const desired = desiredRuleset();
    const rules = desired.rules!.map((r) => ('rule' in r && r.rule === TEXT_RULES[0] ? { ...r, rule: 'tcp dport { 22, 80, 8443 } accept' } : r));
    const p = summary(plan({ ...desired, rules }, await observed(), { owned }));
    expect(p.some((s) => s.startsWith('delete rule'))).toBe(true);
    expect(p.some((s) => s.startsWith('add rule') && s.includes('8443'))).toBe(true);
  });

  it('a rule whose comment differs is replaced', async () => {
    const desired = desiredRuleset();
    const rules = desired.rules!.map((r) => ('rule' in r && r.rule === TEXT_RULES[3] ? { ...r, rule: TEXT_RULES[3]!.replace('"dns"', '"dns2"') } : r));
    const p = summary(plan({ ...desired, rules }, await observed(), { owned }));
    expect(p.filter((s) => s.includes('rule'))).toHaveLength(2);
  });
});

describe('what the kernel keeps as state is not compared, the settings beside it are', () => {
  const withObject = (desired: nft.reconcile.DesiredRuleset, name: string, data: Record<string, unknown>) => ({
    ...desired,
    objects: desired.objects!.map((o) => (o.name === name ? { ...o, data: data as never } : o)),
  });

  it("a quota of other bytes, or without its 'over': the table is made again (objects cannot change in place)", async () => {
    const observedRuleset = await observed();
    for (const data of [{ bytes: 26n << 20n, flags: ['inv'] }, { bytes: 25n << 20n }]) {
      const p = plan(withObject(desiredRuleset(), 'q', data), observedRuleset, { owned });
      expect(p.steps.length, JSON.stringify(data, (_, v) => (typeof v === 'bigint' ? String(v) : v))).toBeGreaterThan(0);
    }
  });

  it("a quota desired as used (consumed) is the same quota: its use is the kernel's", async () => {
    expect(plan(withObject(desiredRuleset(), 'q', { bytes: 25n << 20n, flags: ['inv'], consumed: 1000n }), await observed(), { owned }).steps).toEqual([]);
  });

  it('a counter desired with values is the same counter', async () => {
    expect(plan(withObject(desiredRuleset(), 'cnt', { packets: 5n, bytes: 500n }), await observed(), { owned }).steps).toEqual([]);
  });

  it('an interval set missing one range: that range is deleted, nothing else', async () => {
    const desired = desiredRuleset();
    const sets = desired.sets!.map((s) => (s.name === 'nets' ? { ...s, elements: s.elements!.slice(0, 2) } : s));
    const p = plan({ ...desired, sets }, await observed(), { owned });
    expect(p.steps.map((s) => `${s.action} ${s.kind}`)).toEqual(['delete elements']);
  });
});
