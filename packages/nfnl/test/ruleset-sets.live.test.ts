// Sets whose printing depends on more than their bytes, and fwd/dup, against nft itself: SET_CORPUS
// (test/helpers/set-corpus.ts: typeof sets and maps, interface-index sets, concatenated intervals, verdict
// maps, fwd and dup in netdev/ip/ip6 chains) loaded with `nft -f` in a namespace of our own with a veth
// pair; linx's rulesetText must equal `nft list ruleset` line for line and rulesetJson `nft -j list
// ruleset` object for object, interface names given from `ip -j link` in that namespace. And sets made
// with linx's `typeof`: the NEWSET bytes nft sends for the same declarations (strace of `nft -f`).
// With LINX_UPDATE_FIXTURES=1, what nft received and printed, and what it sent, are kept in
// fixtures/ruleset-sets.json for ruleset-sets-from-kernel-bytes.test.ts. Needs root, ip and nft.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMessages } from '@linx/netlink-wire';
import { compileMessage } from '@linx/netlink-codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nft, type Nfnl, type Ruleset } from './helpers/imports.js';
import { capturedReplies, readReplayed, repliesOf } from './helpers/kernel-replay.js';
import { canRunLive, canRunNft, createNamespace, run, runOrThrow, traceNetlink } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { CORPUS_INTERFACES, newsetAttributes, SET_CORPUS, TYPEOF_REQUESTS } from './helpers/set-corpus.js';

type Json = Record<string, any>;
const live = canRunNft();

describe.skipIf(!live)('typeof sets, interface sets, concatenated intervals, verdict maps, fwd and dup as nft prints them', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  let ruleset: Ruleset;
  let interfaces: Map<number, string>;

  beforeAll(async () => {
    ns = createNamespace('sets');
    ns.ip('link', 'add', CORPUS_INTERFACES[0], 'type', 'veth', 'peer', 'name', CORPUS_INTERFACES[1]);
    nfnl = await openIn(ns);
    ns.nft(SET_CORPUS);
    ruleset = await nfnl.nftables.ruleset();
    const links = JSON.parse(ns.ip('-j', 'link', 'show')) as { ifindex: number; ifname: string }[];
    interfaces = new Map(links.map((l) => [l.ifindex, l.ifname]));
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('rulesetText equals nft list ruleset, line for line', () => {
    const listing = runOrThrow(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'ruleset']);
    expect(listing).toContain('typeof ip saddr . tcp dport');
    expect(nft.rulesetText(ruleset, { interfaces }).split('\n')).toEqual(listing.split('\n'));
  });

  it('rulesetJson equals nft -j list ruleset, object for object (metainfo aside)', () => {
    const ours = nft.rulesetJson(ruleset, { interfaces }).nftables.slice(1);
    const theirs = ns!.nftJson().nftables.slice(1);
    expect(ours.length).toBe(theirs.length);
    for (let i = 0; i < theirs.length; i++) expect(JSON.stringify(ours[i]), `object ${i}`).toBe(JSON.stringify(theirs[i]));
  });

  it('without interface names, an interface index prints as its number (as nft prints an index it cannot name)', () => {
    const text = nft.rulesetText(ruleset);
    expect(text).toMatch(/typeof iif\n\t\telements = \{ 1, \d+ \}/);
    expect(text).toMatch(/fwd to \d+\n/);
  });

  // (West of Greenwich nft 1.0.6 prints an hour before the offset as "1193042:58:21": it adds the negative
  // offset to an unsigned number. linx prints the hour.)
  it('meta hour values in local time, as nft prints them in the same time zone (UTC, and east of it)', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['UTC', 'Asia/Kolkata']) {
        process.env.TZ = tz;
        const theirs = runOrThrow(['env', `TZ=${tz}`, 'ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'set', 'inet', 'more', 'e16']);
        const elements = /elements = \{ ([^}]*) \}/.exec(theirs)![1]!.replace(/\s+/g, ' ');
        const ours = nft.rulesetText({ ...ruleset, tables: ruleset.tables.filter((t) => t.name === 'more') });
        expect(/set e16 \{[^}]*elements = \{ ([^}]*) \}/.exec(ours)![1]!.replace(/\s+/g, ' '), tz).toBe(elements);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it.skipIf(!canRunLive())("read from the very bytes nft received, the ruleset prints as nft printed it; sets made with typeof are the bytes nft sends (and, with LINX_UPDATE_FIXTURES=1, kept as the unit test's fixture)", async () => {
    /** nft's NFT_MSG_NEW* replies (subsystem 10 in the high byte), each kept once, and what it printed. */
    const traced = (argv: string[]) => {
      const t = traceNetlink(['ip', 'netns', 'exec', ns!.name, ...argv]);
      return { argv: argv.join(' '), stdout: t.stdout, replies: capturedReplies(t.received) };
    };
    const text = traced(['nft', 'list', 'ruleset']);
    const json = traced(['nft', '-j', 'list', 'ruleset']);
    expect(nft.rulesetText(await readReplayed(repliesOf(text.replies)), { interfaces })).toBe(text.stdout);
    const ours = nft.rulesetJson(await readReplayed(repliesOf(json.replies)), { interfaces }).nftables.slice(1);
    expect(ours).toEqual((JSON.parse(json.stdout) as { nftables: Json[] }).nftables.slice(1));

    // What nft sends for each declaration (NFT_MSG_NEWSET, 10 << 8 | 9), in a table of its own.
    const dir = mkdtempSync(join(tmpdir(), 'linx-sets-'));
    let requests: { command: string; payload: string }[];
    try {
      const file = join(dir, 'requests.nft');
      writeFileSync(file, `add table inet rq\n${TYPEOF_REQUESTS.map((r) => r.command).join('\n')}\n`);
      const sent = traceNetlink(['ip', 'netns', 'exec', ns!.name, 'nft', '-f', file]).sent.flatMap((d) => parseMessages(d)).filter((m) => m.type === ((10 << 8) | 9));
      expect(sent.length).toBe(TYPEOF_REQUESTS.length);
      requests = sent.map((m, i) => ({ command: TYPEOF_REQUESTS[i]!.command, payload: Buffer.from(m.payload).toString('hex') }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const sets = compileMessage(nft.messages.setMessage);
    for (const [i, r] of requests.entries()) {
      const id = sets.decode(Buffer.from(r.payload, 'hex')).attrs.id;
      const op = nft.setOps.add({ family: 'inet', table: 'rq', ...TYPEOF_REQUESTS[i]!.spec, id });
      expect(newsetAttributes(Buffer.from(sets.encode(op.value as never)).toString('hex')), r.command).toEqual(newsetAttributes(r.payload));
    }
    // And the kernel lists each as nft made it: linx prints them as nft does.
    const listing = runOrThrow(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'table', 'inet', 'rq']);
    const rq = await nfnl!.nftables.ruleset();
    expect(nft.rulesetText({ ...rq, tables: rq.tables.filter((t) => t.name === 'rq') }, { interfaces })).toBe(listing);

    if (process.env.LINX_UPDATE_FIXTURES) {
      const source = `${run(['nft', '--version']).stdout.trim()}; SET_CORPUS loaded with nft -f in a namespace with a veth pair; each listing run under strace (its NFT_MSG_NEW* replies kept once each) with what it printed; requests: the NEWSET payloads nft -f sent for TYPEOF_REQUESTS`;
      writeFileSync(new URL('./fixtures/ruleset-sets.json', import.meta.url), `${JSON.stringify({ source, interfaces: [...interfaces], text, json, requests })}\n`);
    }
  });

  it('sets made through linx with typeof list back as nft lists them, typeof and all', async () => {
    const family = 'inet' as const;
    await nfnl!.nftables.tables.add({ family, name: 'mine' });
    for (const r of TYPEOF_REQUESTS) await nfnl!.nftables.sets.add({ family, table: 'mine', ...r.spec });
    // Half a typeof (nft prints `type` then), and an object map (nft 1.0.6 prints `type` whatever its user data says).
    await nfnl!.nftables.sets.add({ family, table: 'mine', name: 'x1', typeof: 'ip saddr', dataType: 'mark' });
    await nfnl!.nftables.sets.add({ family, table: 'mine', name: 'x2', keyType: 'ipv4_addr', dataTypeof: 'meta mark' });
    await nfnl!.nftables.sets.add({ family, table: 'mine', name: 'x3', typeof: 'ip saddr', objType: 'counter' });
    // A typeof record that is not TLVs prints `type`. (One of an expression type nft does not know makes
    // nft 1.0.6 abort, so there is nothing to compare with; linx prints `type` for it too.)
    await nfnl!.nftables.sets.add({ family, table: 'mine', name: 'x4', keyType: 'ipv4_addr', userdata: Uint8Array.of(3, 3, 1, 2, 3) });
    const listing = runOrThrow(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'table', 'inet', 'mine']);
    for (const r of TYPEOF_REQUESTS) if (r.spec.typeof !== undefined) expect(listing).toContain(`typeof ${r.spec.typeof}`);
    const rs = await nfnl!.nftables.ruleset();
    expect(nft.rulesetText({ ...rs, tables: rs.tables.filter((t) => t.name === 'mine') })).toBe(listing);
  });
});
