// The header fields and options of HEADER_FIELD_CORPUS (udplite, dccp, ah, esp, comp, igmp, IPv6 extension
// headers, tcp options, sctp chunks, osf, ipsec, meta day/hour) against nft itself, in a namespace of our
// own: nft adds every rule to table `a` of its family (traced with strace: the messages it sends are kept
// as fixtures/rule-compile-header-fields.json, which rule-compile-header-fields.test.ts compares linx's
// batch with), linx compiles the same text into table `b`; nft must list both tables alike, and linx must
// print the whole ruleset as `nft list ruleset` does and each rule as `nft -j` writes it. Needs root, ip,
// nft and strace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NftBatch, nft, type Nfnl, type Ruleset } from './helpers/imports.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMessages } from '@linx/netlink-wire';
import { canRunLive, createNamespace, run, traceNetlink } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { HEADER_FIELD_CORPUS } from './helpers/header-field-corpus.js';

const families = ['inet', 'ip', 'ip6'] as const;

describe.skipIf(!canRunLive())('header fields and options compiled from text hold what nft makes of the same text', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  let ruleset: Ruleset;
  /** Per rule of the corpus, the NEWSET, NEWSETELEM and NEWRULE messages nft sent for it, in order. */
  const sentPerRule: [type: number, hex: string][][] = [[]];
  /** The rules linx refused to compile (with a RuleSyntaxError). */
  const refused: string[] = [];

  beforeAll(async () => {
    ns = createNamespace('hdrfields');
    nfnl = await openIn(ns);
    ns.nft(families.flatMap((f) => ['a', 'b'].map((side) => `table ${f} ${side} {\n chain c { type filter hook input priority 0; }\n}\n`)).join(''));
    const dir = mkdtempSync(join(tmpdir(), 'linx-hdrfields-'));
    try {
      writeFileSync(join(dir, 'rules.nft'), HEADER_FIELD_CORPUS.map(([family, rule]) => `add rule ${family} a c ${rule}\n`).join(''));
      const traced = traceNetlink(['ip', 'netns', 'exec', ns.name, 'nft', '-f', join(dir, 'rules.nft')]);
      const { setMessage, setElemListMessage, ruleMessage } = nft.messages;
      const kept = new Set<number>([setMessage.types.newset, setElemListMessage.types.newsetelem, ruleMessage.types.newrule]);
      for (const m of traced.sent.flatMap((d) => parseMessages(d)).filter((x) => kept.has(x.type))) {
        sentPerRule.at(-1)!.push([m.type, Buffer.from(m.payload).toString('hex')]);
        if (m.type === ruleMessage.types.newrule) sentPerRule.push([]);
      }
      sentPerRule.pop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const batch = new NftBatch();
    for (const [family, rule] of HEADER_FIELD_CORPUS) {
      try {
        batch.addRule({ family, table: 'b', chain: 'c', rule });
      } catch (error) {
        refused.push(`${family} ${rule}`);
        if (!(error instanceof nft.RuleSyntaxError)) throw error;
      }
    }
    await nfnl.nftables.batch(batch);
    ruleset = await nfnl.nftables.ruleset();
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it("nft's messages for each rule are the unit test's fixture (written with LINX_UPDATE_FIXTURES=1, else compared)", () => {
    expect(sentPerRule).toHaveLength(HEADER_FIELD_CORPUS.length);
    const nftVersion = run(['nft', '--version']).stdout.trim();
    const fixture = {
      source: `${nftVersion}; the messages \`strace -f -xx -e trace=sendmsg,sendto nft -f rules.nft\` sent, one rule per line (\`add rule <family> a c <rule>\`), each table's chain c of type filter hook input priority 0 (test/rule-compile-header-fields.live.test.ts)`,
      rules: HEADER_FIELD_CORPUS.map(([family, text], i) => ({ family, table: 'a', text, sent: sentPerRule[i]! })),
    };
    const file = new URL('./fixtures/rule-compile-header-fields.json', import.meta.url);
    if (process.env.LINX_UPDATE_FIXTURES) writeFileSync(file, `${JSON.stringify(fixture, null, 1)}\n`);
    // The fixture is of this nft and corpus: when nft is the same version, it sends the same.
    const kept = JSON.parse(readFileSync(file, 'utf8')) as typeof fixture;
    if (kept.source.startsWith(`${nftVersion};`)) expect(kept.rules).toEqual(fixture.rules);
  });

  it('linx compiles every rule', () => {
    expect(refused).toEqual([]);
  });

  it('nft lists the tables linx filled as it lists its own, and linx prints all of it as nft does', () => {
    const list = () => run(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'ruleset']).stdout;
    const tables = list().split(/^(?=table )/m);
    for (const family of families) {
      const of = (side: string) => tables.find((t) => t.startsWith(`table ${family} ${side} {`))!.replace(/^table (\S+) [ab]/, 'table $1 x');
      expect(of('b'), family).toBe(of('a'));
    }
    expect(nft.rulesetText(ruleset)).toBe(list());
  });

  it("linx writes every rule's statements as nft -j writes them", () => {
    const listed = ns!.nftJson().nftables.filter((o) => o.rule);
    const byNft = new Map(listed.map((o) => [`${o.rule.family} ${o.rule.table} ${o.rule.handle}`, o.rule.expr]));
    for (const rule of ruleset.rules) expect(nft.ruleStatements(rule, ruleset.sets).json, `${rule.family} ${rule.table} ${nft.ruleStatements(rule, ruleset.sets).text}`).toEqual(byNft.get(`${rule.family} ${rule.table} ${rule.handle}`));
  });
});
