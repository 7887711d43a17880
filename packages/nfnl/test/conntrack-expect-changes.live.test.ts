// Expectations made, changed and deleted with linx as `conntrack -L expect` lists them, and the tool's
// flush as linx sees it, in a network namespace of our own (deleted afterwards whatever happens). The
// masters are entries linx creates with the kernel's FTP helper (CTA_HELP), so no traffic is needed; the
// FTP helper keeps one expectation per master (its max_expected), so each master here has one. The tool's
// own `-I expect` is not used to make any: conntrack 1.4.7 sent the expected tuple with protocol number 156
// for a TCP tuple with ports (seen with strace). Its `-D expect` works given reply ports an expectation does
// not have (it sends only the tuple). Needs root, ip, nft and conntrack, and a kernel with the FTP helper; skipped otherwise.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kernelSkipReason } from '@linx/test-kit';
import { NetlinkError } from '@linx/netlink-wire';
import { spawn } from 'node:child_process';
import type { ExpectationEvent, Nfnl, TupleSpec } from '../src/index.js';
import { createNamespace, run, runOrThrow } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';

const skip = kernelSkipReason(['ip', 'nft', 'conntrack']);
const A = '198.51.100.1';
const B = '198.51.100.2';

/** One line of `conntrack -L expect`, its fields by name (the second sport/dport are the mask's, the third the master's). */
function parseExpect(line: string): Record<string, string> & { timeout: string } {
  const [timeout, ...rest] = line.trim().split(/\s+/);
  const out: Record<string, string> = { timeout: timeout! };
  let ports = 0;
  for (const token of rest) {
    const [key, value] = token.split('=') as [string, string];
    if (key === 'sport') ports++;
    const prefix = key === 'sport' || key === 'dport' ? ['', '', 'mask-', 'master-'][Math.min(ports, 3)] : '';
    out[`${prefix}${key}`] = value;
  }
  return out as Record<string, string> & { timeout: string };
}

describe.skipIf(skip !== undefined)('conntrack expectations made by linx, against conntrack -L expect', () => {
  let ns: ReturnType<typeof createNamespace>;
  let nfnl: Nfnl;
  let ftp = true;
  const tool = (...args: string[]) => run(['ip', 'netns', 'exec', ns.name, 'conntrack', ...args]);
  const toolExpectations = () => tool('-L', 'expect').stdout.split('\n').filter((l) => l.includes('proto=')).map(parseExpect);
  const master = (sport: number): TupleSpec => ({ src: A, dst: B, protocol: 'tcp', sport, dport: 21 });
  const expected = (dport: number): TupleSpec => ({ src: B, dst: A, protocol: 'tcp', dport });

  beforeAll(async () => {
    ns = createNamespace('ctexpc');
    // With nf_conntrack_events at its default 2 ("auto"), the kernel gives a connection its event cache
    // only when it is created while a conntrack event listener exists in the namespace (nfnetlink_bind
    // counts listeners of the NFNLGRP_CONNTRACK_* groups, not of the expectation groups). The masters are
    // made in beforeEach, before anyone listens, so without this no expectation of theirs would ever be
    // announced, to linx or to `conntrack -E expect` alike.
    runOrThrow(['ip', 'netns', 'exec', ns.name, 'sysctl', '-q', '-w', 'net.netfilter.nf_conntrack_events=1']);
    nfnl = await openIn(ns);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });
  beforeEach(async (context) => {
    tool('-F');
    tool('-F', 'expect');
    if (!ftp) context.skip();
    for (const sport of [40100, 40200]) {
      try {
        await nfnl.conntrack.create({ original: master(sport), timeout: 600, tcp: { state: 'established' }, helper: 'ftp' });
      } catch (error) {
        // A kernel without CONFIG_NF_CONNTRACK_FTP has no helper by that name.
        if (error instanceof NetlinkError && error.errno === 95) {
          ftp = false;
          context.skip();
        }
        throw error;
      }
    }
  });

  it('creates an expectation the tool lists field by field; the master shows its helper', async () => {
    expect(tool('-L', '-p', 'tcp', '--sport', '40100').stdout).toMatch(/helper=ftp/);
    await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40000), timeout: 77 });
    const [e, ...more] = toolExpectations();
    expect(more).toEqual([]);
    expect(e).toMatchObject({ proto: '6', src: B, dst: A, sport: '0', dport: '40000', 'mask-src': '255.255.255.255', 'mask-dst': '255.255.255.255', 'mask-sport': '0', 'mask-dport': '65535', 'master-src': A, 'master-dst': B, 'master-sport': '40100', 'master-dport': '21', helper: 'ftp', class: '0' });
    // Linux gives a new expectation its helper's timeout (FTP: 300 s), not CTA_EXPECT_TIMEOUT.
    expect(Number(e!.timeout)).toBeGreaterThan(200);
    const [listed] = await nfnl.conntrack.expectations();
    expect(listed).toMatchObject({ family: 'ip', tuple: { src: B, dst: A, protocol: 'tcp', sport: 0, dport: 40000 }, mask: { sport: 0, dport: 65535 }, master: master(40100), helper: 'ftp' });
    // The same tuple again is the kernel's EEXIST.
    const again = await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40000) }).catch((x: unknown) => x);
    expect((again as NetlinkError).errno).toBe(17);
    // An update sets the timeout.
    await nfnl.conntrack.updateExpectation(listed!, { timeout: 33 });
    expect(Number(toolExpectations()[0]!.timeout)).toBeLessThanOrEqual(33);
  });

  it('a mask given: any source address, source ports by their high nibble; the destination matches whole', async () => {
    await nfnl.conntrack.createExpectation({ master: master(40100), tuple: { dst: A, protocol: 'tcp', sport: 0x1000, dport: 40000 }, mask: { sport: 0xf000 } });
    const [e] = toolExpectations();
    expect(e).toMatchObject({ src: '0.0.0.0', 'mask-src': '0.0.0.0', dst: A, 'mask-dst': '255.255.255.255', sport: String(0x1000), 'mask-sport': String(0xf000), dport: '40000', 'mask-dport': '65535' });
    // A connection from any address and source port 0x1abc matches it; 0x2abc does not.
    await nfnl.conntrack.deleteExpectation({ tuple: { src: '192.0.2.77', dst: A, protocol: 'tcp', sport: 0x2abc, dport: 40000 } }).catch(() => undefined);
    expect(toolExpectations()).toHaveLength(1);
    await nfnl.conntrack.deleteExpectation({ tuple: { src: '192.0.2.77', dst: A, protocol: 'tcp', sport: 0x1abc, dport: 40000 } });
    expect(toolExpectations()).toHaveLength(0);
  });

  it('lists one master\'s expectations; deletes one listed, those of a master, and those of a helper', async () => {
    await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40001) });
    await nfnl.conntrack.createExpectation({ master: master(40200), tuple: expected(40002) });
    expect(toolExpectations()).toHaveLength(2);
    const ofFirst = await nfnl.conntrack.expectations({ master: master(40100) });
    expect(ofFirst.map((e) => e.tuple.dport)).toEqual([40001]);

    await nfnl.conntrack.deleteExpectation(ofFirst[0]!);
    expect(toolExpectations().map((e) => e.dport)).toEqual(['40002']);
    // Deleting it again: gone (ENOENT).
    expect(((await nfnl.conntrack.deleteExpectation(ofFirst[0]!).catch((x: unknown) => x)) as NetlinkError).errno).toBe(2);
    expect(await nfnl.conntrack.deleteExpectations({ master: master(40200) })).toBe(1);
    expect(toolExpectations()).toEqual([]);

    await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40003) });
    await nfnl.conntrack.createExpectation({ master: master(40200), tuple: expected(40004) });
    // By a tuple the expectation matches (any source port): the kernel compares under the mask.
    await nfnl.conntrack.deleteExpectation({ tuple: { ...expected(40003), sport: 1234 } });
    expect(toolExpectations().map((e) => e.dport)).toEqual(['40004']);
    await nfnl.conntrack.deleteExpectations({ helper: 'ftp' });
    expect(toolExpectations()).toEqual([]);
  });

  it('the tool deletes an expectation linx made (conntrack -D expect), and linx lists it gone', async () => {
    await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40009) });
    expect(await nfnl.conntrack.expectations()).toHaveLength(1);
    const r = tool('-D', 'expect', '-s', B, '-d', A, '-p', 'tcp', '--sport', '0', '--dport', '40009', '--reply-port-src', '0', '--reply-port-dst', '0');
    // conntrack 1.4.7 deletes it, then exits 1 saying "0 expectations have been shown" (its count of what
    // it printed); what matters is that the kernel no longer has it.
    expect(r.stderr).toMatch(/expectations have been shown/);
    expect(await nfnl.conntrack.expectations()).toHaveLength(0);
  });

  it('flushes as conntrack -F expect does, and sees the tool\'s flush', async () => {
    await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40005) });
    await nfnl.conntrack.createExpectation({ master: master(40200), tuple: expected(40006) });
    await nfnl.conntrack.flushExpectations();
    expect(toolExpectations()).toEqual([]);
    await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40007) });
    expect(await nfnl.conntrack.expectations()).toHaveLength(1);
    expect(tool('-F', 'expect').status).toBe(0);
    expect(await nfnl.conntrack.expectations()).toHaveLength(0);
  });

  it('expectation events are those conntrack -E expect prints, in the same order', async () => {
    const ours: ExpectationEvent[] = [];
    const events = nfnl.conntrack.expectationEvents();
    const reading = (async () => {
      for await (const event of events) ours.push(event);
    })();
    const theirs: { event: string; fields: Record<string, string> }[] = [];
    const watcher = spawn('ip', ['netns', 'exec', ns.name, 'stdbuf', '-oL', 'conntrack', '-E', 'expect'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      let buffered = '';
      watcher.stdout!.on('data', (data: Buffer) => {
        buffered += data.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const m = /^\s*\[(\w+)\]\s+(.*)$/.exec(line);
          if (m) theirs.push({ event: m[1]!.toLowerCase(), fields: parseExpect(m[2]!) });
        }
      });
      // conntrack -E prints nothing when it has joined its groups: make events until it shows one.
      const deadline = Date.now() + 15_000;
      while (theirs.length === 0) {
        if (Date.now() > deadline) throw new Error('conntrack -E expect showed nothing');
        await nfnl.conntrack.createExpectation({ master: master(40200), tuple: expected(40099) });
        await nfnl.conntrack.flushExpectations();
        await new Promise((r) => setTimeout(r, 50));
      }
      const settle = async (n: number) => {
        const end = Date.now() + 15_000;
        while (ours.filter((e) => e.type === 'resync' || e.expectation.tuple.dport !== 40099).length < n || theirs.filter((e) => e.fields.dport !== '40099').length < n) {
          if (Date.now() > end) throw new Error(`waited for ${n} events: linx ${ours.length}, the tool ${theirs.length}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40010) });
      await nfnl.conntrack.deleteExpectation({ tuple: expected(40010) });
      await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40011) });
      // The FTP helper keeps one per master: this one replaces 40011 (a destroy, then a new).
      await nfnl.conntrack.createExpectation({ master: master(40100), tuple: expected(40012) });
      await nfnl.conntrack.flushExpectations();
      await settle(6);
      events.close();
      await reading;
      const mine = ours.filter((e) => e.type === 'resync' || e.expectation.tuple.dport !== 40099).map((e) => (e.type === 'resync' ? 'resync' : `${e.type} ${e.expectation.tuple.dport}`));
      const tool = theirs.filter((e) => e.fields.dport !== '40099').map((e) => `${e.event} ${e.fields.dport}`);
      expect(mine).toEqual(tool);
      expect(mine).toEqual(['new 40010', 'destroy 40010', 'new 40011', 'destroy 40011', 'new 40012', 'destroy 40012']);
      const created = ours.find((e) => e.type === 'new' && e.expectation.tuple.dport === 40012) as Exclude<ExpectationEvent, { type: 'resync' }>;
      expect(created.expectation).toMatchObject({ master: master(40100), helper: 'ftp', mask: { dport: 65535 } });
    } finally {
      watcher.kill();
      events.close();
    }
  }, 60_000);

  it('the kernel refuses a master that does not exist (ENOENT) and one without a helper (EOPNOTSUPP)', async () => {
    const missing = await nfnl.conntrack.createExpectation({ master: master(1), tuple: expected(40008) }).catch((x: unknown) => x);
    expect((missing as NetlinkError).errno).toBe(2);
    await nfnl.conntrack.create({ original: master(40300), timeout: 600 });
    const helperless = await nfnl.conntrack.createExpectation({ master: master(40300), tuple: expected(40008) }).catch((x: unknown) => x);
    expect((helperless as NetlinkError).errno).toBe(95);
    expect(toolExpectations()).toEqual([]);
    // Listing a helperless master's expectations: the kernel starts no dump and only ACKs; none.
    expect(await nfnl.conntrack.expectations({ master: master(40300) })).toEqual([]);
    // A master that does not exist: ENOENT.
    expect(((await nfnl.conntrack.expectations({ master: master(2) }).catch((x: unknown) => x)) as NetlinkError).errno).toBe(2);
  });
});
