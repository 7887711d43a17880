// Rule text against nft itself: a corpus of rules (test/helpers/rule-corpus.ts) loaded with `nft -f` in a
// namespace of our own; every rule linx lists must print as the line `nft list ruleset` prints for it, in
// the same chain and order, and its statements must equal the `expr` of nft -j's rule with the same handle.
// Needs root, ip and nft; skipped otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { parseMessages } from '@linx/netlink-wire';
import { nft, type Nfnl, type Ruleset } from './helpers/imports.js';
import { readReplayed, repliesOf } from './helpers/kernel-replay.js';
import { canRunLive, canRunNft, createNamespace, run, traceNetlink } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { RULE_CORPUS, RULESET_CORPUS } from './helpers/rule-corpus.js';

/** Interface names for `iif`/`oif` (a new namespace has lo, index 1). */
const LO = { interfaces: new Map([[1, 'lo']]) };

const live = canRunNft();

/** The rule lines of `nft list ruleset`, by `family table chain`, in order. */
function ruleLines(listing: string): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  let table = '';
  let chain: string[] | undefined;
  let inChain = false;
  for (const raw of listing.split('\n')) {
    const line = raw.trim();
    const t = /^table (\S+) (\S+) \{$/.exec(line);
    if (t) table = `${t[1]} ${t[2]}`;
    const c = /^chain (\S+) \{$/.exec(line);
    if (c) {
      chain = [];
      chains.set(`${table} ${c[1]}`, chain);
      inChain = true;
      continue;
    }
    if (line === '}') {
      inChain = false;
      continue;
    }
    if (inChain && line && !line.startsWith('type ') && !line.startsWith('policy ')) chain!.push(line);
  }
  return chains;
}

describe.skipIf(!live)('rules printed as nft prints them', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  let ruleset: Ruleset;
  let listing: string;
  let json: Record<string, any>[];

  beforeAll(async () => {
    ns = createNamespace('text');
    nfnl = await openIn(ns);
    ns.nft(RULE_CORPUS);
    ruleset = await nfnl.nftables.ruleset();
    listing = run(['ip', 'netns', 'exec', ns.name, 'nft', 'list', 'ruleset']).stdout;
    json = ns.nftJson().nftables.filter((o) => 'rule' in o).map((o) => o.rule as Record<string, any>);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('the corpus is loaded whole', () => {
    expect(ruleset.rules.length).toBe(json.length);
    expect(ruleset.rules.length).toBeGreaterThan(100);
  });

  it("each rule's text is nft's line for it, chain by chain, in order", () => {
    const lines = ruleLines(listing);
    const ours = new Map<string, string[]>();
    for (const rule of ruleset.rules) {
      const key = `${rule.family} ${rule.table} ${rule.chain}`;
      if (!ours.has(key)) ours.set(key, []);
      ours.get(key)!.push(nft.ruleStatements(rule, ruleset.sets, LO).text);
    }
    for (const [key, texts] of ours) expect(texts, key).toEqual(lines.get(key));
    expect([...ours.keys()].sort()).toEqual([...lines.entries()].filter(([, l]) => l.length).map(([k]) => k).sort());
  });

  it("each rule's JSON is nft -j's rule object with the same handle", () => {
    for (const rule of ruleset.rules) {
      const ref = json.find((r) => r.family === rule.family && r.table === rule.table && r.chain === rule.chain && BigInt(r.handle) === rule.handle);
      expect(ref, `${rule.table} ${rule.chain} ${rule.handle}`).toBeDefined();
      expect(nft.ruleStatements(rule, ruleset.sets, LO).object, `${rule.table} ${rule.chain} handle ${rule.handle}`).toEqual(ref);
    }
  });

  it('covers every expression linx prints, but those nft 1.0.6 or this kernel cannot make (tested elsewhere, named)', () => {
    const used = new Set(ruleset.rules.flatMap((r) => r.expressions.map((e) => e.name)));
    const declared = Object.keys(nft.expr.exprFormats);
    // flow_offload and queue: nft-without-kernel-support.live.test.ts (nft against a fake kernel); last: rule-last.live.test.ts;
    // dup and fwd (which need interfaces to send to), osf and xfrm: ruleset-sets.live.test.ts.
    const notHere = ['dup', 'flow_offload', 'fwd', 'last', 'osf', 'queue', 'xfrm'];
    expect(declared.filter((name) => !used.has(name)).sort()).toEqual(notHere.filter((n) => !used.has(n)).sort());
  });

  it('the whole ruleset prints as nft list ruleset prints it', () => {
    expect(nft.rulesetText(ruleset, LO)).toBe(listing);
  });

  it.skipIf(!canRunLive())("read from the very bytes nft received, the ruleset prints as nft printed it (and, with LINX_UPDATE_FIXTURES=1, is kept as the unit test's fixture)", async () => {
    const traced = traceNetlink(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'ruleset']);
    // NFT_MSG_NEW* replies (subsystem NFNL_SUBSYS_NFTABLES = 10 in the high byte), not ACKs or DONE.
    // nft dumps some kinds once per table: each reply is kept once.
    const captured = [...new Set(traced.received.flatMap((d) => parseMessages(d)).filter((m) => m.type >> 8 === 10).map((m) => `${m.type} ${Buffer.from(m.payload).toString('hex')}`))].map((line) => {
      const [type, hex] = line.split(' ');
      return [Number(type), hex!] as const;
    });
    const replayed = await readReplayed(repliesOf(captured));
    expect(nft.rulesetText(replayed, LO)).toBe(traced.stdout);
    if (process.env.LINX_UPDATE_FIXTURES) {
      writeFileSync(new URL('./fixtures/rule-text.json', import.meta.url), `${JSON.stringify({ listing: traced.stdout, rules: json, replies: captured })}\n`);
    }
  });

  it('a rule with an expression linx does not print fails with UnrenderableRuleError, naming it', () => {
    const rule = { family: 'inet' as const, table: 't', chain: 'c', expressions: [{ name: 'counter', data: {} }, { name: 'tunnel', data: Uint8Array.of(8, 0, 1, 0, 0, 0, 0, 1) }] };
    expect(() => nft.ruleStatements(rule as never)).toThrow(expect.objectContaining({ code: 'ERR_LINX_NFT_UNRENDERABLE', index: 1, expression: 'tunnel' }));
  });
});

describe.skipIf(!live)('a ruleset of tables, chains, sets, maps and objects printed as nft prints it', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;

  beforeAll(async () => {
    ns = createNamespace('rstext');
    nfnl = await openIn(ns);
    ns.nft(RULESET_CORPUS);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('equals nft list ruleset, line for line (the time left of an element masked)', async () => {
    const ruleset = await nfnl!.nftables.ruleset();
    const listing = run(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'ruleset']).stdout;
    const masked = (text: string) => text.replace(/expires \S+/g, 'expires …');
    const ours = nft.rulesetText(ruleset, LO);
    expect(masked(ours).split('\n')).toEqual(masked(listing).split('\n'));
    expect(ours).toMatch(/expires (\d+m)?(\d+s)?(\d+ms)? }/);
  });
});

describe.skipIf(!live)('sets and maps linx adds list in nft as nft-made ones do', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;

  beforeAll(async () => {
    ns = createNamespace('setorder');
    nfnl = await openIn(ns);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('host-order keys and data (marks, ct state) print as nft prints its own', async () => {
    const declared = 'table inet byorder {\n map mm { type ipv4_addr : mark; elements = { 10.0.0.1 : 0x1 } }\n set ms { type mark; elements = { 0x1, 0x2 } }\n map vm { type inet_service : verdict; elements = { 22 : accept } }\n}\n';
    ns!.nft(declared);
    const u32 = (n: number) => new Uint8Array(Uint32Array.of(n).buffer);
    await nfnl!.nftables.batch((b) => {
      b.addTable({ family: 'inet', name: 'linx' });
      b.addSet({ family: 'inet', table: 'linx', name: 'mm', keyType: 'ipv4_addr', dataType: 'mark' });
      b.addElements({ family: 'inet', table: 'linx', set: 'mm' }, [{ key: Uint8Array.of(10, 0, 0, 1), data: u32(1) }]);
      b.addSet({ family: 'inet', table: 'linx', name: 'ms', keyType: 'mark' });
      b.addElements({ family: 'inet', table: 'linx', set: 'ms' }, [{ key: u32(1) }, { key: u32(2) }]);
      b.addSet({ family: 'inet', table: 'linx', name: 'vm', keyType: 'inet_service', dataType: 'verdict' });
      b.addElements({ family: 'inet', table: 'linx', set: 'vm' }, [{ key: Uint8Array.of(0, 22), verdict: { code: 'accept' } }]);
    });
    const list = (table: string) => run(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'table', 'inet', table]).stdout.replace(/^table inet \S+/, 'table inet x');
    expect(list('linx')).toBe(list('byorder'));
    expect(list('linx')).toContain('elements = { 10.0.0.1 : 0x00000001 }');
    // And linx's own text of both.
    const ruleset = await nfnl!.nftables.ruleset();
    const text = nft.rulesetText(ruleset, LO).split(/^(?=table )/m);
    expect(text.find((t) => t.startsWith('table inet linx'))!.replace(/^table inet \S+/, 'table inet x')).toBe(list('byorder'));
  });
});
