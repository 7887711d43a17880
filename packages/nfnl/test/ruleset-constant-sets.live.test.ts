// ruleset() keeps the elements of anonymous constant sets across calls of one handle; this checks against
// the kernel and nft, in a network namespace of our own (deleted afterwards whatever happens), that what it
// keeps is never stale: after each change made with `nft` (a named set's elements, a table deleted and made
// again under its name with other elements in its anonymous sets, a rule replaced so that its new anonymous
// set takes the freed name `__set0`), linx's whole ruleset printed as nft prints it equals `nft list
// ruleset` (and its sets written as JSON equal nft -j's). The element dumps ruleset() asks for are counted on the handle's `elements.list`, to show the
// repeated calls were served from what it kept. Needs root, ip and nft; skipped otherwise.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nft, type Nfnl } from './helpers/imports.js';
import { canRunNft, createNamespace, run } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';

const live = canRunNft();

const table = (ports: string, blocked: string) => `table inet keep {
  set blocked { type ipv4_addr; elements = { ${blocked} }; }
  chain input {
    type filter hook input priority filter; policy accept;
    tcp dport { ${ports} } accept
    ip saddr @blocked drop
  }
}
`;

describe.skipIf(!live)('ruleset(): kept anonymous constant sets are never stale', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;

  beforeAll(async () => {
    ns = createNamespace('keep');
    nfnl = await openIn(ns);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  /** linx's ruleset printed as nft prints it, which must equal nft's own listing; and how many element dumps it took. */
  async function listedBoth(): Promise<{ dumps: string[]; text: string; inSeries: number }> {
    // Element dumps go through a series (a live handle opens one) or, without it, one list each.
    const spy = vi.spyOn(nfnl!.nftables.elements, 'list');
    const seriesSpy = vi.spyOn(nfnl!.nftables.elements, 'listSeries');
    try {
      const ruleset = await nfnl!.nftables.ruleset();
      const text = nft.rulesetText(ruleset);
      expect(text).toBe(run(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'ruleset']).stdout);
      const sets = (json: { nftables: Record<string, unknown>[] }) => json.nftables.filter((o) => 'set' in o);
      expect(sets(nft.rulesetJson(ruleset) as { nftables: Record<string, unknown>[] })).toEqual(sets(ns!.nftJson()));
      const inSeries = seriesSpy.mock.calls.flatMap(([, targets]) => targets.map((target) => target.set));
      return { dumps: [...spy.mock.calls.map(([target]) => target.set), ...inSeries], text, inSeries: inSeries.length };
    } finally {
      spy.mockRestore();
      seriesSpy.mockRestore();
    }
  }

  it('the anonymous set is read once, the named set every time, with its changes', async () => {
    ns!.nft(table('22, 80', '192.0.2.1'));
    const first = await listedBoth();
    expect(first.dumps.sort()).toEqual(['__set0', 'blocked']);
    // A handle on a real socket reads the elements as one series of dumps on a second socket.
    expect(first.inSeries).toBe(2);
    expect((await listedBoth()).dumps).toEqual(['blocked']);
    ns!.nft('add element inet keep blocked { 192.0.2.7 }');
    const { dumps, text } = await listedBoth();
    expect(dumps).toEqual(['blocked']);
    expect(text).toContain('192.0.2.7');
  });

  it('a table deleted and made again under its name, its anonymous set under the same name, gives the new elements', async () => {
    const before = (await nfnl!.nftables.sets.list({ family: 'inet' })).find((s) => s.name === '__set0')!;
    ns!.nft('delete table inet keep');
    ns!.nft(table('443, 8443', '198.51.100.1'));
    const after = (await nfnl!.nftables.sets.list({ family: 'inet' })).find((s) => s.name === '__set0')!;
    // The same set name, and the same set handle (a table's sets count from 1): only the table's handle differs.
    expect(after.handle).toBe(before.handle);
    const { dumps, text } = await listedBoth();
    expect(dumps.sort()).toEqual(['__set0', 'blocked']);
    expect(text).toContain('tcp dport { 443, 8443 } accept');
    expect((await listedBoth()).dumps).toEqual(['blocked']);
  });

  it('a rule replaced by one whose new anonymous set takes the freed name __set0 gives the new elements', async () => {
    const rules = await nfnl!.nftables.rules.list({ family: 'inet', table: 'keep' });
    ns!.nft(`delete rule inet keep input handle ${rules[0]!.handle}\ninsert rule inet keep input tcp dport { 25, 587 } accept\n`);
    const set = (await nfnl!.nftables.sets.list({ family: 'inet' })).find((s) => s.flags.includes('anonymous'))!;
    expect(set.name).toBe('__set0');
    const { dumps, text } = await listedBoth();
    expect(dumps.sort()).toEqual(['__set0', 'blocked']);
    expect(text).toContain('tcp dport { 25, 587 } accept');
    expect(text).not.toContain('443');
  });

  it('a named constant set and an anonymous set of a rule of another table are told apart', async () => {
    ns!.nft('table ip other {\n  set ro { type inet_service; flags constant; elements = { 1, 2 }; }\n  chain c {\n    tcp dport @ro accept\n    tcp dport { 7, 9 } accept\n  }\n}\n');
    expect((await listedBoth()).dumps.sort()).toEqual(['__set0', 'blocked', 'ro']);
    expect((await listedBoth()).dumps.sort()).toEqual(['blocked', 'ro']);
  });
});
