// nft's own output and bytes (helpers/nft-oracle-checks.ts: whole-ruleset text and JSON, the rule-text
// corpus, the compile corpus's messages) compared with a freshly imported package. The declarations they
// run through (every expression's attributes and enums in src/nftables/expr/, the object formats in
// objects/, the message formats, the printer's symbol tables and header fields in text/) are module-level
// values; each test here resets the module registry, so they are built inside the test that compares them
// with nft, and mutation testing tries their mutants against these comparisons (not only against the first
// test of some file that happened to import them).
import { beforeEach, describe, it, vi } from 'vitest';
import { compiledRulesAreNfts, ruleTextsAreNfts, rulesetJsonIsNfts, rulesetTextIsNfts } from './helpers/nft-oracle-checks.js';

beforeEach(() => {
  vi.resetModules();
});

const fresh = () => import('../src/index.js');

describe("nft's output and bytes, on a freshly imported package", () => {
  it('a whole ruleset read from the kernel bytes nft received prints as nft list ruleset printed it', async () => {
    await rulesetTextIsNfts(await fresh());
  });

  it('and is, as JSON, what nft -j list ruleset wrote', async () => {
    await rulesetJsonIsNfts(await fresh());
  });

  it("the rule-text corpus prints as nft printed it, each rule's JSON nft -j's", async () => {
    await ruleTextsAreNfts(await fresh());
  });

  it('the compile corpus compiles to the messages nft sent', async () => {
    compiledRulesAreNfts(await fresh());
  });
});
