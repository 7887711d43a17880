// The whole ruleset both ways against nft itself: every corpus (rules of every family and expression,
// tables, chains, sets and maps of every kind with elements, and every object type this kernel and nft
// 1.0.6 have: counter, quota, limit, ct helper, ct timeout, ct expectation, synproxy) loaded with `nft -f`
// in one namespace of our own; linx's `rulesetJson` must equal `nft -j list ruleset` object for object,
// and `rulesetText` `nft list ruleset` line for line. Needs root, ip and nft; skipped otherwise.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nft, type Nfnl, type Ruleset } from './helpers/imports.js';
import { capturedReplies, readReplayed, repliesOf } from './helpers/kernel-replay.js';
import { canRunLive, canRunNft, createNamespace, run, traceNetlink } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { RULE_CORPUS, RULESET_CORPUS } from './helpers/rule-corpus.js';

/** Interface names for `iif`/`oif` (a new namespace has lo, index 1). */
const LO = { interfaces: new Map([[1, 'lo']]) };

type Json = Record<string, any>;

/**
 * What moves or what nft 1.0.6 writes wrongly, masked on both sides: the time left of an element
 * (`expires`, it runs down between the two listings), and a table's `flags`, which nft 1.0.6 writes as a
 * stale string (`"flags": "cnt"` for a dormant table: the text says `flags dormant`; checked apart below).
 */
function masked(objects: Json[]): Json[] {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'expires' ? '…' : strip(v)]));
    return value;
  };
  return objects.map((o) => {
    const copy = strip(o) as Json;
    if (copy.table && 'flags' in copy.table && !('chain' in copy.table)) delete copy.table.flags;
    return copy;
  });
}

const live = canRunNft();

describe.skipIf(!live)('the whole ruleset as nft -j and nft list ruleset write it', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  let ruleset: Ruleset;
  let theirs: { nftables: Json[] };
  let listing: string;

  beforeAll(async () => {
    ns = createNamespace('rsjson');
    nfnl = await openIn(ns);
    ns.nft(RULE_CORPUS + RULESET_CORPUS);
    ruleset = await nfnl.nftables.ruleset();
    theirs = ns.nftJson();
    listing = run(['ip', 'netns', 'exec', ns.name, 'nft', 'list', 'ruleset']).stdout;
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('holds every object type this kernel has, and many of each kind', () => {
    const kinds = new Set(theirs.nftables.map((o) => Object.keys(o)[0]));
    for (const kind of ['table', 'chain', 'rule', 'set', 'map', 'counter', 'quota', 'limit', 'ct helper', 'ct timeout', 'ct expectation', 'synproxy']) expect(kinds, kind).toContain(kind);
    expect(theirs.nftables.length).toBeGreaterThan(250);
  });

  it('rulesetJson equals nft -j list ruleset, object for object and in order (metainfo aside)', () => {
    const ours = nft.rulesetJson(ruleset, LO);
    expect(ours.nftables[0]).toEqual({ metainfo: { json_schema_version: 1 } });
    expect(theirs.nftables[0]!.metainfo.json_schema_version).toBe(1);
    const a = masked(ours.nftables.slice(1));
    const b = masked(theirs.nftables.slice(1));
    for (let i = 0; i < Math.max(a.length, b.length); i++) expect(a[i], `object ${i}: ${JSON.stringify(b[i])}`).toEqual(b[i]);
    // Same keys in the same order, as a JSON text.
    for (let i = 0; i < a.length; i++) expect(JSON.stringify(a[i]), `object ${i}`).toBe(JSON.stringify(b[i]));
  });

  it("a dormant table's flags: the schema's name in linx's JSON, as nft's text names it", () => {
    const ours = nft.rulesetJson(ruleset, LO).nftables.find((o: Json) => o.table?.name === 'rs') as Json;
    expect(ours.table.flags).toBe('dormant');
    expect(listing).toMatch(/table inet rs \{\n\tcomment "a table"\n\tflags dormant\n|table inet rs \{\n\tflags dormant\n/);
  });

  it('rulesetText equals nft list ruleset, line for line (the time left of an element masked)', () => {
    const mask = (text: string) => text.replace(/expires \S+/g, 'expires …');
    expect(mask(nft.rulesetText(ruleset, LO)).split('\n')).toEqual(mask(listing).split('\n'));
  });

  it.skipIf(!canRunLive())('read from the very bytes nft received, the ruleset prints as nft -j and nft list ruleset wrote it (and, with LINX_UPDATE_FIXTURES=1, is kept as the unit test\'s fixture)', async () => {
    /** nft's NFT_MSG_NEW* replies (subsystem 10 in the high byte), each kept once, and what it printed. */
    const traced = (argv: string[]) => {
      const t = traceNetlink(['ip', 'netns', 'exec', ns!.name, ...argv]);
      return { argv: argv.join(' '), stdout: t.stdout, replies: capturedReplies(t.received) };
    };
    const text = traced(['nft', 'list', 'ruleset']);
    const json = traced(['nft', '-j', 'list', 'ruleset']);
    expect(nft.rulesetText(await readReplayed(repliesOf(text.replies)), LO)).toBe(text.stdout);
    const ours = nft.rulesetJson(await readReplayed(repliesOf(json.replies)), LO).nftables.slice(1);
    expect(masked(ours)).toEqual(masked((JSON.parse(json.stdout) as { nftables: Json[] }).nftables.slice(1)));
    if (process.env.LINX_UPDATE_FIXTURES) {
      const source = `${run(['nft', '--version']).stdout.trim()}; RULE_CORPUS + RULESET_CORPUS loaded with nft -f in a namespace; each of the two commands run under strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e read=all (its NFT_MSG_NEW* replies kept once each) with what it printed`;
      writeFileSync(new URL('./fixtures/ruleset.json', import.meta.url), `${JSON.stringify({ source, text, json })}\n`);
    }
  });

  it('the new objects decode field by field', () => {
    const obj = (name: string) => ruleset.objects.find((o) => o.name === name)!;
    expect(obj('cto')).toMatchObject({ type: 'ct-timeout', data: { l3proto: 2, l4proto: 6 } });
    const states = (obj('cto').data as { data: { type: number; value: number }[] }).data;
    // Every TCP state (CTA_TIMEOUT_TCP_SYN_SENT … _UNACK), established (3) and close (8) as given.
    expect(states.map((s) => s.type)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(states.find((s) => s.type === 3)!.value).toBe(100);
    expect(states.find((s) => s.type === 8)!.value).toBe(4);
    expect(obj('cex')).toMatchObject({ type: 'ct-expect', data: { l3proto: 2, l4proto: 6, dport: 21, timeout: 60000, size: 12 } });
    expect(obj('spx')).toMatchObject({ type: 'synproxy', data: { mss: 1460, wscale: 7, flags: expect.arrayContaining(['timestamp', 'sack-perm']) } });
  });
});
