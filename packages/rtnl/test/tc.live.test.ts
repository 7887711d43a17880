// rtnl.tc against the running kernel, in a network namespace of this file's own (deleted in afterAll):
// qdiscs (htb, tbf, pfifo, bfifo, ingress, clsact, and kinds linx keeps raw) and htb classes, each change
// compared field by field with what `tc -j -s -d qdisc show` and `tc -s -d class show` print (iproute2 6.1
// prints htb classes as text even with -j), and the request bytes compared with what `tc` sends for the
// same command (traced with strace, attributes compared as sets as in iproute2-bytes.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, NetlinkError } from '@linx/netlink-wire';
import { run, traceNetlink } from '@linx/test-kit';
import { compileMessage } from '@linx/netlink-codec';
import { attrsMessage } from '../src/generated/tc.js';
import { tcClassMessage } from '../src/tc/declarations.js';
import { toClass, toQdisc } from '../src/tc/shape.js';
import { InvalidArgumentError, NoSuchInterfaceError, Rtnl, type NetemInfo, parseRate, parseSize, type Qdisc, type Rtnl as RtnlHandle } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { NETEM_CASES, QDISC_CLASS_CASES } from './helpers/tc-request-cases.js';
import { optionsAttrs as attrs, type Tree } from './helpers/tc-bytes.js';
import { htbClassesOf, htbClassesOfText } from './helpers/tc-dump-cases.js';

const skip = kernelSkipReason ?? (run(['sh', '-c', 'command -v tc && command -v strace']).status === 0 ? undefined : '`tc` or `strace` is not installed');

let ns: TestNetns;
let rtnl: RtnlHandle;
let v0: number;

const tcJson = (...args: string[]): any[] => {
  const r = run(['tc', '-n', ns.name, '-j', '-s', '-d', ...args]);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim() === '' ? [] : JSON.parse(r.stdout);
};
const tc = (...args: string[]) => {
  const r = run(['tc', '-n', ns.name, ...args]);
  if (r.status !== 0) throw new Error(`tc ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** The kernel has a qdisc kind when `tc` can add it to a scratch veth of this namespace (removed again). */
function kernelHasQdisc(kind: string, ...args: string[]): boolean {
  ns.ip('link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1');
  try {
    return run(['tc', '-n', ns.name, 'qdisc', 'add', 'dev', 'probe0', 'root', kind, ...args]).status === 0;
  } finally {
    ns.ip('link', 'del', 'probe0');
  }
}

/** What `tc -j -s -d qdisc show` prints for one qdisc, as linx lists it (iproute2 6.1's field names). */
function asTc(q: Qdisc): Record<string, unknown> {
  const o: Record<string, unknown> = { kind: q.kind, handle: q.handle, dev: q.dev };
  if (q.root) o.root = true;
  else o.parent = q.parentId === 0xffff_fff1 ? 'ffff:fff1' : q.parent;
  o.bytes = q.stats.bytes;
  o.packets = q.stats.packets;
  o.drops = q.stats.drops;
  o.overlimits = q.stats.overlimits;
  o.requeues = q.stats.requeues;
  o.backlog = q.stats.backlog;
  o.qlen = q.stats.qlen;
  return o;
}

function tcHtbClasses(dev: string): Record<string, Record<string, number | string>> {
  return htbClassesOfText(tc('-s', '-d', 'class', 'show', 'dev', dev));
}

async function linxHtbClasses(dev: string): Promise<Record<string, Record<string, number | string>>> {
  return htbClassesOf(await rtnl.tc.classes.list({ dev }));
}

// ---- request bytes against tc's

/** A handle over a fake kernel that records requests and answers the interface lookup with `ifindex`. */
function recording(ifindex: number): { kernel: FakeKernel; rtnl: Rtnl } {
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, []);
    if (req.type === 18) {
      const payload = new Uint8Array(16);
      new DataView(payload.buffer).setInt32(4, ifindex, true);
      return { messages: [k.reply(req, { type: 16, payload })] };
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}


/** tc's one RTM_NEW/DEL* request for a command, traced (through `sh`, so that a command the kernel refuses is traced too). */
function tcSends(args: string[], optionsHeader = 0): { type: number; flags: number; header: number[]; attrs: Tree; payload: Uint8Array } {
  const traced = traceNetlink(['ip', 'netns', 'exec', ns.name, 'sh', '-c', 'tc "$@"; exit 0', 'sh', ...args]);
  const bytes = traced!.sent.find((b) => [36, 37, 40, 41].includes(b[4]! | (b[5]! << 8)))!;
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { type: bytes[4]! | (bytes[5]! << 8), flags: bytes[6]! | (bytes[7]! << 8), header: [...bytes.subarray(16, 36)], attrs: attrs(bytes, 36, len, optionsHeader), payload: bytes.slice(16, len) };
}

async function linxSends(ifindex: number, call: (r: Rtnl) => Promise<void>, optionsHeader = 0): Promise<{ type: number; flags: number; header: number[]; attrs: Tree; payload: Uint8Array }> {
  const { kernel, rtnl: fake } = recording(ifindex);
  await call(fake);
  const sent = kernel.requests.filter((r) => [36, 37, 40, 41].includes(r.type)).at(-1)!;
  return { type: sent.type, flags: sent.flags, header: [...sent.payload.subarray(0, 20)], attrs: attrs(sent.payload, 20, sent.payload.length, optionsHeader), payload: sent.payload };
}

describe.skipIf(skip !== undefined)(`rtnl.tc on the kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    ns = createNetns('tc');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ns.ip('link', 'set', 'v0', 'up');
    ns.ip('link', 'set', 'v1', 'up');
    ns.ip('addr', 'add', '10.77.0.1/24', 'dev', 'v0');
    // Counters must only move when a test sends: no IPv6 (router solicitations, MLD), and a permanent
    // neighbour for the traffic's destination (no ARP retransmissions after a test's reads).
    run(['ip', 'netns', 'exec', ns.name, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1', 'net.ipv6.conf.v0.disable_ipv6=1', 'net.ipv6.conf.v1.disable_ipv6=1']);
    ns.ip('neigh', 'add', '10.77.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'v0', 'nud', 'permanent');
    rtnl = await ns.rtnl();
    v0 = (await rtnl.links.get('v0')).index;
  });
  afterAll(() => ns?.remove());
  // Each test starts from the default qdiscs, whatever an earlier one left.
  beforeEach(() => {
    for (const dev of ['v0', 'v1']) for (const where of ['root', 'ingress']) run(['tc', '-n', ns.name, 'qdisc', 'del', 'dev', dev, where]);
  });

  /** Sends ARP requests out of v0 (to an address nobody has), so that its qdiscs and classes count traffic. */
  /** Three UDP datagrams out of v0 (sent through its qdiscs as the write returns). */
  const traffic = () => {
    run(['ip', 'netns', 'exec', ns.name, 'bash', '-c', 'for i in 1 2 3; do echo probe > /dev/udp/10.77.0.2/9; done']);
  };

  it('lists the default qdiscs as tc does (kinds linx keeps raw included)', async () => {
    const mine = (await rtnl.tc.qdiscs.list()).map(asTc);
    const theirs = tcJson('qdisc', 'show').map((q) => ({ kind: q.kind, handle: q.handle, dev: q.dev, ...(q.root ? { root: true } : { parent: q.parent }), bytes: q.bytes, packets: q.packets, drops: q.drops, overlimits: q.overlimits, requeues: q.requeues, backlog: q.backlog, qlen: q.qlen }));
    expect(mine).toEqual(theirs);
    expect(mine.some((q) => q.kind === 'noqueue')).toBe(true);
  });

  it('htb root qdisc and classes: add, list with statistics, change, replace, delete — as tc shows them', async () => {
    await rtnl.tc.qdiscs.add({ dev: 'v0', parent: 'root', handle: '1:', kind: 'htb', options: { default: '10', r2q: 20, directQlen: 500 } });
    const [q] = await rtnl.tc.qdiscs.list({ dev: 'v0', kind: 'htb' });
    const [t] = tcJson('qdisc', 'show', 'dev', 'v0').filter((x) => x.kind === 'htb');
    expect(asTc(q!)).toMatchObject({ kind: 'htb', handle: t.handle, root: true });
    const hq = q!.options as import("../src/index.js").HtbQdiscInfo;
    // direct_packets_stat counts packets sent with no class to take them (the kernel's own IPv6 neighbour
    // discovery on v0 may come between the two reads): linx read first, so never more than tc.
    const { directPacketsStat, ...settings } = hq;
    expect({ ...settings, version: `${hq.version >>> 16}.${hq.version & 0xffff}` }).toEqual({ version: t.options.ver, r2q: t.options.r2q, default: parseInt(t.options.default, 16), directQlen: t.options.direct_qlen });
    expect(directPacketsStat).toBeLessThanOrEqual(t.options.direct_packets_stat);
    expect(q!.options).toMatchObject({ default: 0x10, r2q: 20, directQlen: 500 });

    await rtnl.tc.classes.add({ dev: 'v0', parent: '1:', handle: '1:1', kind: 'htb', options: { rate: '10mbit' } });
    await rtnl.tc.classes.add({ dev: 'v0', parent: '1:1', handle: '1:10', kind: 'htb', options: { rate: '1mbit', ceil: '2mbit', burst: '15kb', cburst: 3000, prio: 2, quantum: 1500 } });
    await rtnl.tc.classes.add({ dev: 'v0', parent: '1:1', handle: '1:20', kind: 'htb', options: { rate: 5e9 / 8, ceil: '10gbit' } });
    traffic();
    const theirs = tcHtbClasses('v0');
    const mine = await linxHtbClasses('v0');
    expect(Object.keys(mine).sort()).toEqual(['1:1', '1:10', '1:20']);
    // Tokens move with time between the two reads; everything else must be equal.
    // tc prints no quantum for inner classes.
    for (const [h, c] of Object.entries(mine)) if (theirs[h]?.quantum === undefined) delete c.quantum;
    for (const c of [...Object.values(theirs), ...Object.values(mine)]) {
      delete c.tokens;
      delete c.ctokens;
    }
    expect(mine).toEqual(theirs);
    expect(mine['1:10']).toMatchObject({ parent: '1:1', rate: 125000, ceil: 250000, burst: 15360, cburst: 3000, prio: 2, quantum: 1500 });
    expect(mine['1:20']).toMatchObject({ rate: 625_000_000, ceil: 1_250_000_000 });
    expect(mine['1:10']!.packets).toBeGreaterThan(0);
    // The classes' default leaf qdiscs are hidden from dumps unless asked for, as with `tc qdisc show invisible`.
    expect((await rtnl.tc.qdiscs.list({ dev: 'v0' })).map((q) => q.kind)).toEqual(['htb']);
    const invisible = await rtnl.tc.qdiscs.list({ dev: 'v0', invisible: true });
    const tcInvisible = tcJson('qdisc', 'show', 'invisible', 'dev', 'v0');
    expect(invisible.map((q) => [q.kind, q.handle, q.parent])).toEqual(tcInvisible.map((q) => [q.kind, q.handle, q.root ? 'root' : q.parent]));
    expect(invisible.map((q) => q.parent).sort()).toEqual(['1:10', '1:20', 'root']);
    // Without dev, every interface is asked: v0's classes, and none of v1's (it has none).
    const all = await rtnl.tc.classes.list();
    expect(all.map((c) => `${c.dev} ${c.handle}`).sort()).toEqual(['v0 1:1', 'v0 1:10', 'v0 1:20']);
    expect(await rtnl.tc.classes.list({ dev: 'v0', parent: '1:1' })).toHaveLength(2);

    await rtnl.tc.classes.change({ dev: 'v0', parent: '1:1', handle: '1:10', kind: 'htb', options: { rate: '3mbit', ceil: '4mbit' } });
    expect(tcHtbClasses('v0')['1:10']).toMatchObject({ rate: 375000, ceil: 500000 });
    await rtnl.tc.classes.replace({ dev: 'v0', parent: '1:1', handle: '1:30', kind: 'htb', options: { rate: '40gbit' } });
    expect((await linxHtbClasses('v0'))['1:30']).toMatchObject({ rate: 5e9, ceil: 5e9 });
    await expect(rtnl.tc.classes.add({ dev: 'v0', parent: '1:1', handle: '1:30', kind: 'htb', options: { rate: '1mbit' } })).rejects.toMatchObject({ errnoName: 'EEXIST' });
    await rtnl.tc.classes.delete({ dev: 'v0', handle: '1:30' });
    expect(Object.keys(tcHtbClasses('v0')).sort()).toEqual(['1:1', '1:10', '1:20']);
    await expect(rtnl.tc.classes.delete({ dev: 'v0', handle: '1:1' })).rejects.toBeInstanceOf(NetlinkError);

    // sch_htb has no change operation: the kernel refuses, with the same ext-ack text `tc` gets.
    const refusal = run(['tc', '-n', ns.name, 'qdisc', 'change', 'dev', 'v0', 'root', 'handle', '1:', 'htb', 'default', '20']);
    expect(refusal.status).not.toBe(0);
    const change = rtnl.tc.qdiscs.change({ dev: 'v0', handle: '1:', kind: 'htb', options: { default: 0x20 } });
    await expect(change).rejects.toMatchObject({ errnoName: 'EINVAL' });
    expect(refusal.stderr).toContain(((await change.catch((e: Error) => e)) as Error).message.replace(/^.*\): /, ''));
    await rtnl.tc.qdiscs.delete({ dev: 'v0', parent: 'root' });
    expect(tcJson('qdisc', 'show', 'dev', 'v0').some((x) => x.kind === 'htb')).toBe(false);
    expect((await rtnl.tc.classes.list({ dev: 'v0' })).length).toBe(0);
  });

  it('tbf: add with latency, replace with limit and peakrate, 64-bit rate — as tc shows them', async () => {
    await rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'tbf', options: { rate: '1mbit', burst: '10kb', latency: '50ms' } });
    traffic();
    const check = async () => {
      const [q] = await rtnl.tc.qdiscs.list({ dev: 'v0' });
      const [t] = tcJson('qdisc', 'show', 'dev', 'v0');
      expect(asTc(q!)).toEqual({ kind: t.kind, handle: t.handle, dev: 'v0', root: true, bytes: t.bytes, packets: t.packets, drops: t.drops, overlimits: t.overlimits, requeues: t.requeues, backlog: t.backlog, qlen: t.qlen });
      const o = q!.options as import('../src/index.js').TbfInfo;
      expect(o.rate).toBe(t.options.rate);
      expect(o.burst).toBe(parseSize(String(t.options.burst).replace(/\/\d+$/, ''), 'burst'));
      expect(o.mpu).toBe(t.options.mpu);
      if (t.options.peakrate !== undefined) expect(o.peakrate).toBe(t.options.peakrate);
      return o;
    };
    expect(await check()).toMatchObject({ rate: 125000, burst: 10240, limit: 16490 });
    expect((await rtnl.tc.qdiscs.list({ dev: 'v0' }))[0]!.stats.packets).toBeGreaterThan(0);
    await rtnl.tc.qdiscs.replace({ dev: 'v0', kind: 'tbf', options: { rate: '2mbit', burst: 20000, limit: '30kb', peakrate: '4mbit', mtu: 1600 } });
    expect(await check()).toMatchObject({ rate: 250000, burst: 20000, limit: 30720, peakrate: 500000, mtu: 1600 });
    await rtnl.tc.qdiscs.change({ dev: 'v0', kind: 'tbf', options: { rate: '50gbit', burst: '1mb', limit: '2mb' } });
    expect(await check()).toMatchObject({ rate: 6.25e9, limit: 2 * 1024 * 1024 });
    await rtnl.tc.qdiscs.delete({ dev: 'v0' });
  });

  it('a classful kind besides htb: tbf\'s class 1:1 with a pfifo leaf, listed as tc shows it', async () => {
    await rtnl.tc.qdiscs.add({ dev: 'v0', handle: '1:', kind: 'tbf', options: { rate: '1mbit', burst: '10kb', latency: '50ms' } });
    await rtnl.tc.qdiscs.add({ dev: 'v0', parent: '1:1', handle: '10:', kind: 'pfifo', options: { limit: 50 } });
    traffic();
    const classes = await rtnl.tc.classes.list({ dev: 'v0' });
    // tc prints "class tbf 1:1 parent 1: leaf 10:" (no JSON, and no counters, for tbf classes).
    const text = tc('-s', 'class', 'show', 'dev', 'v0');
    const heads = [...text.matchAll(/^class (\S+) (\S+) parent (\S+)(?: leaf (\S+))?/gm)].map((m) => ({ kind: m[1], handle: m[2], parent: m[3], leaf: m[4] }));
    expect(classes.map((c) => ({ kind: c.kind, handle: c.handle, parent: c.parent, leaf: c.leaf }))).toEqual(heads);
    expect(heads).toEqual([{ kind: 'tbf', handle: '1:1', parent: '1:', leaf: '10:' }]);
    await rtnl.tc.qdiscs.delete({ dev: 'v0' });
  });

  it('mq on a 4-queue veth: the qdisc, its class per transmit queue and their default qdiscs, as tc shows them', async () => {
    ns.ip('link', 'add', 'm0', 'numtxqueues', '4', 'numrxqueues', '4', 'type', 'veth', 'peer', 'name', 'm1');
    try {
      await rtnl.tc.qdiscs.add({ dev: 'm0', handle: '1:', kind: 'mq' });
      const mine = await rtnl.tc.qdiscs.list({ dev: 'm0' });
      const theirs = tcJson('qdisc', 'show', 'dev', 'm0');
      expect(mine.map((q) => [q.kind, q.handle, q.root ? 'root' : q.parent])).toEqual(theirs.map((t) => [t.kind, t.handle, t.root ? 'root' : t.parent]));
      expect(mine[0]).toMatchObject({ kind: 'mq', handle: '1:', root: true });
      // tc prints "class mq 1:1 root" per queue (no JSON for mq classes).
      const classes = await rtnl.tc.classes.list({ dev: 'm0' });
      const text = [...tc('class', 'show', 'dev', 'm0').matchAll(/^class (\S+) (\S+) (root|parent \S+)/gm)].map((m) => [m[1], m[2], m[3] === 'root' ? 'root' : m[3]!.slice(7)]);
      expect(classes.map((c) => [c.kind, c.handle, c.parent])).toEqual(text);
      expect(classes.map((c) => c.handle)).toEqual(['1:1', '1:2', '1:3', '1:4']);
      await expect(rtnl.tc.qdiscs.add({ dev: 'm0', handle: '2:', kind: 'mq', options: { queues: 2 } as never })).rejects.toMatchObject({ argument: 'spec.options' });
      await rtnl.tc.qdiscs.delete({ dev: 'm0' });
    } finally {
      ns.ip('link', 'del', 'm0');
    }
  });

  it('pfifo and bfifo with a limit; ingress and clsact at ffff:; deleted by handle', async () => {
    await rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'pfifo', handle: '5:', options: { limit: 77 } });
    await rtnl.tc.qdiscs.add({ dev: 'v1', kind: 'bfifo', options: { limit: '32kb' } });
    await rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'clsact' });
    await rtnl.tc.qdiscs.add({ dev: 'v1', kind: 'ingress' });
    const mine = await rtnl.tc.qdiscs.list();
    const theirs = tcJson('qdisc', 'show');
    expect(mine.map(asTc)).toEqual(theirs.map((q) => ({ kind: q.kind, handle: q.handle, dev: q.dev, ...(q.root ? { root: true } : { parent: q.parent }), bytes: q.bytes, packets: q.packets, drops: q.drops, overlimits: q.overlimits, requeues: q.requeues, backlog: q.backlog, qlen: q.qlen })));
    expect(mine.find((q) => q.kind === 'pfifo')).toMatchObject({ handle: '5:', options: { limit: 77 } });
    expect(mine.find((q) => q.kind === 'bfifo')!.options).toEqual({ limit: theirs.find((q) => q.kind === 'bfifo').options.limit });
    expect(mine.find((q) => q.kind === 'clsact')).toMatchObject({ handle: 'ffff:', parent: 'ingress', ingress: true, dev: 'v0' });
    expect(mine.find((q) => q.kind === 'ingress')).toMatchObject({ handle: 'ffff:', parent: 'ingress', dev: 'v1' });
    await expect(rtnl.tc.qdiscs.add({ dev: 'v1', kind: 'ingress' })).rejects.toMatchObject({ errnoName: 'EEXIST' });
    await rtnl.tc.qdiscs.delete({ dev: 'v0', parent: 'ingress', handle: 'ffff:' });
    await rtnl.tc.qdiscs.delete({ dev: 'v1', kind: 'ingress' });
    await rtnl.tc.qdiscs.delete({ dev: 'v0', handle: '5:' });
    await rtnl.tc.qdiscs.delete({ dev: 'v1' });
    expect((await rtnl.tc.qdiscs.list()).map((q) => q.kind).sort()).toEqual(tcJson('qdisc', 'show').map((q) => q.kind).sort());
    expect((await rtnl.tc.qdiscs.list({ dev: 'v0' })).map((q) => q.kind)).toEqual(['noqueue']);
  });

  it('a rate estimator: stats.rate as tc -s shows it', async () => {
    await rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'pfifo', estimator: { interval: '250ms', timeConstant: '1sec' } });
    for (let i = 0; i < 5; i++) traffic();
    await new Promise((resolve) => setTimeout(resolve, 600));
    // The estimator moves every 250 ms: linx's reading must be tc's just before or just after it.
    const before = tcJson('qdisc', 'show', 'dev', 'v0')[0];
    const [q] = await rtnl.tc.qdiscs.list({ dev: 'v0' });
    const after = tcJson('qdisc', 'show', 'dev', 'v0')[0];
    expect(q!.stats.rate).toBeDefined();
    expect([{ bps: before.rate, pps: before.pps }, { bps: after.rate, pps: after.pps }]).toContainEqual(q!.stats.rate);
    expect(q!.stats.packets).toBeGreaterThan(0);
    await rtnl.tc.qdiscs.delete({ dev: 'v0' });
    await rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'pfifo' });
    expect((await rtnl.tc.qdiscs.list({ dev: 'v0' }))[0]!.stats.rate).toBeUndefined();
    expect(tcJson('qdisc', 'show', 'dev', 'v0')[0].rate).toBeUndefined();
  });

  it('fq_codel: the kernel\'s answer is the one tc gets (listed as sent where the kernel has it)', async () => {
    const tcResult = run(['tc', '-n', ns.name, 'qdisc', 'add', 'dev', 'v0', 'root', 'fq_codel', 'limit', '2000', 'target', '3ms', 'ecn']);
    run(['tc', '-n', ns.name, 'qdisc', 'del', 'dev', 'v0', 'root']);
    const added = rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'fq_codel', options: { limit: 2000, target: '3ms', ecn: true } });
    if (tcResult.status === 0) {
      await added;
      const [q] = await rtnl.tc.qdiscs.list({ dev: 'v0' });
      const [t] = tcJson('qdisc', 'show', 'dev', 'v0');
      expect(q!.options).toMatchObject({ limit: t.options.limit, target: 3000, ecn: true });
    } else {
      expect(kernelHasQdisc('fq_codel')).toBe(false);
      const error = await added.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetlinkError);
      expect(tcResult.stderr).toContain((error as NetlinkError).message.replace(/^.*\): /, ''));
    }
  });

  it('a kind linx has no options for: added with its TCA_OPTIONS bytes, listed as the spec decodes it, deleted', async () => {
    // pfifo_head_drop (sch_fifo, always built in) takes a struct tc_fifo_qopt: limit 33.
    const limit = new Uint8Array(4);
    new DataView(limit.buffer).setUint32(0, 33, true);
    await rtnl.tc.qdiscs.add({ dev: 'v0', handle: '7:', kind: 'pfifo_head_drop', options: limit });
    const [q] = await rtnl.tc.qdiscs.list({ dev: 'v0' });
    const [t] = tcJson('qdisc', 'show', 'dev', 'v0');
    expect(asTc(q!)).toEqual({ kind: t.kind, handle: '7:', dev: 'v0', root: true, bytes: t.bytes, packets: t.packets, drops: t.drops, overlimits: t.overlimits, requeues: t.requeues, backlog: t.backlog, qlen: t.qlen });
    expect(q!.options).toEqual({ header: { limit: t.options.limit } });
    expect(t.options.limit).toBe(33);
    await rtnl.tc.qdiscs.delete({ dev: 'v0', handle: '7:', kind: 'pfifo_head_drop' });
    expect(tcJson('qdisc', 'show', 'dev', 'v0').map((x) => x.kind)).toEqual(['noqueue']);
  });

  it('a kind the kernel lacks is refused with its error; one linx has no options for takes raw bytes', async () => {
    const netem = kernelHasQdisc('netem');
    const attempt = rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'netem', options: new Uint8Array(24) });
    if (netem) {
      await attempt;
      await rtnl.tc.qdiscs.delete({ dev: 'v0' });
    } else await expect(attempt).rejects.toBeInstanceOf(NetlinkError);
    await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'tbf', options: { rate: '1mbit', burst: 0, limit: 1000 } as never })).rejects.toBeInstanceOf(NetlinkError);
  });

  it('names the interface a call is about: NoSuchInterfaceError', async () => {
    await expect(rtnl.tc.qdiscs.add({ dev: 'nope0', kind: 'htb' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(rtnl.tc.qdiscs.list({ dev: 'nope0' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(rtnl.tc.classes.list({ dev: 9999 })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(rtnl.tc.qdiscs.list({ dev: 9999 })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    // An index the kernel does not know: its ENODEV, as NoSuchInterfaceError naming the index.
    await expect(rtnl.tc.qdiscs.add({ dev: 9999, kind: 'pfifo' })).rejects.toMatchObject({ code: 'ERR_LINX_NO_SUCH_INTERFACE', interface: 9999 });
    await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'htb', handle: '1:5' })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  describe('the bytes tc sends for the same command', () => {
    const cases = QDISC_CLASS_CASES;
    it.each(cases)('%s', async (_name, args, spec, group, verb, optionsHeader = 0) => {
      // tc's request is traced whether the kernel takes it or not (a change of a qdisc that is not there fails).
      const theirs = tcSends(args, optionsHeader);
      const mine = await linxSends(v0, (r) => {
        const g = group === 'qdisc' ? r.tc.qdiscs : r.tc.classes;
        return (g[verb] as (s: unknown) => Promise<void>).call(g, spec(v0));
      }, optionsHeader);
      expect({ ...mine, payload: undefined }).toEqual({ ...theirs, payload: undefined });
      run(['tc', '-n', ns.name, 'qdisc', 'del', 'dev', 'v0', 'root']);
      run(['tc', '-n', ns.name, 'qdisc', 'del', 'dev', 'v0', 'ingress']);
    });
  });

  it('drr and qfq classes (the kernel lacks both): tc\'s bytes decode back to the options given', () => {
    const decode = (args: string) => {
      const c = toClass(compileMessage(attrsMessage).decode(tcSends(['class', 'add', 'dev', 'v0', 'parent', '1:', ...args.split(' ')]).payload));
      return { handle: c.handle, parent: c.parent, kind: c.kind, options: c.options };
    };
    expect(decode('classid 1:1 drr quantum 9k')).toEqual({ handle: '1:1', parent: '1:', kind: 'drr', options: { quantum: 9216 } });
    expect(decode('classid 1:1 drr')).toEqual({ handle: '1:1', parent: '1:', kind: 'drr', options: {} });
    expect(decode('classid 1:7 qfq weight 20 maxpkt 1514')).toEqual({ handle: '1:7', parent: '1:', kind: 'qfq', options: { weight: 20, maxPacket: 1514 } });
  });

  it('hfsc classes (the kernel lacks hfsc): tc\'s bytes decode back to the curves, as the kernel keeps them', () => {
    const decode = (args: string) => toClass(compileMessage(tcClassMessage).decode(tcSends(['class', 'add', 'dev', 'v0', 'parent', '1:', 'classid', '1:1', 'hfsc', ...args.split(' ')]).payload) as never).options;
    expect(decode('sc rate 1mbit ul rate 2mbit')).toEqual({ rt: { m1: 0, d: 0, m2: 125_000 }, ls: { m1: 0, d: 0, m2: 125_000 }, ul: { m1: 0, d: 0, m2: 250_000 } });
    expect(decode('rt umax 1500 dmax 10ms rate 1mbit ls umax 1500 dmax 20ms rate 1mbit')).toEqual({ rt: { m1: 150_000, d: 10_000, m2: 125_000 }, ls: { m1: 0, d: 8000, m2: 125_000 } });
    // The qdisc's options are its struct: the default class's minor, read as hexadecimal by tc.
    expect(toQdisc(compileMessage(attrsMessage).decode(tcSends('qdisc add dev v0 root handle 1: hfsc default 1f'.split(' ')).payload)).options).toEqual({ default: 0x1f });
  });

  it('cake: tc\'s bytes decode back to the options given', () => {
    const decode = (args: string[]) => toQdisc(compileMessage(attrsMessage).decode(tcSends(['qdisc', 'add', 'dev', 'v0', 'root', 'cake', ...args]).payload)).options;
    expect(decode('bandwidth 100mbit rtt 50ms nat wash ack-filter-aggressive overhead -10 mpu 64 diffserv8 dual-dsthost atm'.split(' '))).toEqual({
      bandwidth: 12_500_000, autorate: false, rtt: 50_000, target: 2500, nat: true, wash: true, ackFilter: 'aggressive', overhead: -10, mpu: 64, diffserv: 'diffserv8', flowMode: 'dual-dsthost', atm: 'atm',
    });
    expect(decode(['raw'])).toEqual({ atm: 'none', overhead: 0, raw: true });
  });

  describe('netem: the bytes tc sends, and tc\'s bytes decoded back (live only where the kernel has netem)', () => {
    const decode = (payload: Uint8Array) => toQdisc(compileMessage(attrsMessage).decode(payload)).options;
    const cases = NETEM_CASES;
    it.each(cases)('%s', async (_name, command, options, meaning) => {
      const theirs = tcSends(['qdisc', 'add', 'dev', 'v0', 'root', 'netem', ...command.split(' ')], 24);
      const mine = await linxSends(v0, (r) => r.tc.qdiscs.add({ dev: v0, kind: 'netem', options }), 24);
      expect({ ...mine, payload: undefined }).toEqual({ ...theirs, payload: undefined });
      const decoded = decode(theirs.payload) as NetemInfo;
      expect(decoded).toEqual(decode(mine.payload));
      expect(decoded).toMatchObject(meaning);
      for (const [key, percent] of Object.entries({ loss: options.loss, duplicate: options.duplicate, corrupt: options.corrupt, reorder: options.reorder })) {
        if (percent !== undefined) expect(decoded[key as 'loss']).toBeCloseTo(parseFloat(String(percent)), 6);
      }
      const model = options.lossModel;
      if (model?.model === 'state') {
        expect(decoded.lossModel).toMatchObject({ model: 'state' });
        const got = decoded.lossModel as { p13: number; p31: number; p23: number };
        expect(got.p13).toBeCloseTo(parseFloat(String(model.p13)), 6);
        expect(got.p31).toBeCloseTo(model.p31 === undefined ? 100 - got.p13 : parseFloat(String(model.p31)), 6);
        expect(got.p23).toBeCloseTo(model.p23 === undefined ? 100 : parseFloat(String(model.p23)), 6);
      } else if (model?.model === 'gemodel') {
        const got = decoded.lossModel as { model: string; p: number; r: number; h: number; k1: number };
        expect(got.model).toBe('gemodel');
        expect(got.p).toBeCloseTo(parseFloat(String(model.p)), 6);
        expect(got.r).toBeCloseTo(model.r === undefined ? 100 - got.p : parseFloat(String(model.r)), 6);
        expect(got.h).toBeCloseTo(model.oneMinusH === undefined ? 0 : 100 - parseFloat(String(model.oneMinusH)), 6);
      }
      // On the kernel: what tc gets, rtnl gets (added where the kernel has netem, the same errno where not).
      const tcResult = run(['tc', '-n', ns.name, 'qdisc', 'add', 'dev', 'v0', 'root', 'netem', ...command.split(' ')]);
      run(['tc', '-n', ns.name, 'qdisc', 'del', 'dev', 'v0', 'root']);
      const added = rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'netem', options });
      if (tcResult.status === 0) {
        await added;
        const [q] = await rtnl.tc.qdiscs.list({ dev: 'v0' });
        expect(q!.options).toEqual(decoded);
      } else {
        expect(kernelHasQdisc('netem')).toBe(false);
        await expect(added).rejects.toBeInstanceOf(NetlinkError);
      }
    });
  });
});
