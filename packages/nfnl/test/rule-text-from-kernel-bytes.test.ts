// Rule and ruleset text without root: fixtures/rule-text.json holds the replies the kernel sent to
// `nft list ruleset` for the corpus of rule-text.live.test.ts (strace, in a test namespace), what nft
// printed for them, and nft -j's object of each rule. A fake kernel answers linx's dumps with those replies;
// linx must print what nft printed. Rewritten by `LINX_UPDATE_FIXTURES=1 vitest run rule-text.live`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nft } from '../src/index.js';
import { readReplayed, repliesOf } from './helpers/kernel-replay.js';

/** Interface names for `iif`/`oif` (a new namespace has lo, index 1). */
const LO = { interfaces: new Map([[1, 'lo']]) };

interface Fixture {
  listing: string;
  rules: { family: string; table: string; chain: string; handle: number; comment?: string; expr: unknown[] }[];
  replies: [number, string][];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/rule-text.json', import.meta.url), 'utf8')) as Fixture;

describe('rules read from the kernel bytes nft received', () => {
  it('print as nft printed the whole ruleset', async () => {
    const ruleset = await readReplayed(repliesOf(fixture.replies));
    expect(ruleset.rules.length).toBe(fixture.rules.length);
    expect(nft.rulesetText(ruleset, LO).split('\n')).toEqual(fixture.listing.split('\n'));
  });

  it("each rule's JSON is nft -j's rule object", async () => {
    const ruleset = await readReplayed(repliesOf(fixture.replies));
    for (const ref of fixture.rules) {
      const rule = ruleset.rules.find((r) => r.family === ref.family && r.table === ref.table && r.chain === ref.chain && r.handle === BigInt(ref.handle));
      expect(rule, `${ref.table} ${ref.chain} ${ref.handle}`).toBeDefined();
      expect(nft.ruleStatements(rule!, ruleset.sets, LO).object, `${ref.table} ${ref.chain} handle ${ref.handle}`).toEqual(ref);
    }
  });

  it('a rule using an anonymous set it was not given the elements of cannot be printed', async () => {
    const ruleset = await readReplayed(repliesOf(fixture.replies));
    const rule = ruleset.rules.find((r) => r.expressions.some((e) => e.name === 'lookup' && String((e.data as { set?: string }).set).startsWith('__set')))!;
    expect(() => nft.ruleStatements(rule)).toThrow(expect.objectContaining({ code: 'ERR_LINX_NFT_UNRENDERABLE', expression: 'lookup' }));
  });
});
