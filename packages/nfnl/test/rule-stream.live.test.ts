// rules.stream(): every rule handed out as its message is decoded, the same rules `rules.list()` gives
// and in the same order, with the same filters, and what `nft -j` lists (count, chains, handles, comments).
// A ruleset of 600 rules over two tables, loaded with `nft -f` in a namespace of our own (deleted
// afterwards whatever happens), spans several receive batches. Needs root, ip and nft; skipped otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedMessage, type Nfnl, type Rule } from './helpers/imports.js';
import { canRunNft, createNamespace } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';

const live = canRunNft();

/** Two tables: inet `a` with chains c0…c2, ip `b` with one chain; 150 rules each, a mix of expressions. */
function rulesetText(): string {
  const lines: string[] = [];
  const chain = (name: string, base: number) => {
    lines.push(`  chain ${name} {`);
    for (let i = base; i < base + 150; i++) {
      if (i % 3 === 0) lines.push(`    ip saddr 10.0.${i >> 8}.${i & 0xff} tcp dport { 22, ${1000 + i} } counter accept`);
      else if (i % 3 === 1) lines.push(`    ct state established meta mark 0x${i.toString(16)} accept comment "rule ${i}"`);
      else lines.push(`    ip daddr 198.51.100.${i & 0xff} udp dport 53 limit rate 5/second log prefix "r${i} " drop`);
    }
    lines.push('  }');
  };
  lines.push('table inet a {');
  chain('c0', 0);
  chain('c1', 150);
  chain('c2', 300);
  lines.push('}', 'table ip b {');
  chain('c0', 450);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

async function collect(stream: AsyncIterable<Rule>): Promise<Rule[]> {
  const out: Rule[] = [];
  for await (const rule of stream) out.push(rule);
  return out;
}

describe.skipIf(!live)('rules.stream()', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;

  beforeAll(async () => {
    ns = createNamespace('stream');
    nfnl = await openIn(ns);
    ns.nft(rulesetText());
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('streams the rules list() gives, in the same order, and those nft -j lists', async () => {
    const streamed = await collect(nfnl!.nftables.rules.stream());
    expect(streamed).toHaveLength(600);
    expect(streamed).toEqual(await nfnl!.nftables.rules.list());
    const json = ns!.nftJson().nftables.filter((o) => 'rule' in o).map((o) => o.rule);
    expect(streamed.map((r) => [r.family, r.table, r.chain, r.handle, r.comment])).toEqual(json.map((r) => [r.family, r.table, r.chain, BigInt(r.handle), r.comment]));
    expect(streamed.every((r) => r.expressions.length > 0)).toBe(true);
    // Each keeps the message it was decoded from, out of its keys, JSON and spread copies.
    const [first] = streamed;
    expect(decodedMessage(first!)).toMatchObject({ header: { family: 'inet' }, attrs: { table: 'a', chain: 'c0', handle: first!.handle } });
    expect(Object.keys(first!)).toEqual(Object.keys({ ...first! }));
    expect(Object.keys(first!)).not.toContain('header');
    expect(decodedMessage({ ...first! })).toBeUndefined();
  });

  it('filters by family, table and chain as list() does', async () => {
    const rules = nfnl!.nftables.rules;
    for (const filter of [{ family: 'ip' as const }, { family: 'inet' as const, table: 'a' }, { family: 'inet' as const, table: 'a', chain: 'c1' }, { table: 'b' }]) {
      const streamed = await collect(rules.stream(filter));
      expect(streamed, JSON.stringify(filter)).toEqual(await rules.list(filter));
    }
    expect(await collect(rules.stream({ family: 'inet', table: 'a', chain: 'c1' }))).toHaveLength(150);
    expect(await collect(rules.stream({ family: 'ip' }))).toHaveLength(150);
  });

  it('a stream left early leaves the connection usable; a table that is not there streams nothing, as list() lists nothing', async () => {
    let seen = 0;
    for await (const rule of nfnl!.nftables.rules.stream()) {
      expect(rule.table).toBe('a');
      if (++seen === 10) break;
    }
    expect(await nfnl!.nftables.rules.list({ family: 'ip' })).toHaveLength(150);
    expect(await collect(nfnl!.nftables.rules.stream({ family: 'inet', table: 'missing' }))).toEqual([]);
    expect(await nfnl!.nftables.rules.list({ family: 'inet', table: 'missing' })).toEqual([]);
  });
});
