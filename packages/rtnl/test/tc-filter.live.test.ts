// rtnl.tc.filters on the kernel, in a fresh namespace: u32 (matches, hash tables), bpf (classic bytecode)
// and their mirred/gact actions added, listed and deleted, compared with `tc -j -s -d filter show`; and the
// request bytes compared with what `tc` sends for the same command (traced with strace; attributes compared
// as sets, TCA_OPTIONS opened), also for kinds this kernel lacks (matchall, flower, gact), which it then
// refuses. Bad input: tc-filter-input.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { run, traceNetlink } from '@linx/test-kit';
import { Rtnl, isFilterOf } from '../src/index.js';
import { decodeFilter } from '../src/tc/filters/decode.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { FILTER_CASES, filterCaseCall } from './helpers/tc-request-cases.js';

const skip = kernelSkipReason ?? (run(['sh', '-c', 'command -v tc && command -v strace']).status === 0 ? undefined : '`tc` or `strace` is not installed');

/** Loading an eBPF program takes bpf(2) from python3 (x86-64's syscall number), pinned on a bpffs of the test's own. */
const canPin = process.arch === 'x64' && run(['sh', '-c', 'command -v python3 && grep -qw bpf /proc/filesystems']).status === 0;

let ns: TestNetns;
let rtnl: Rtnl;
let v0: number;
let v1: number;

const tc = (...args: string[]) => {
  const r = run(['tc', '-n', ns.name, ...args]);
  if (r.status !== 0) throw new Error(`tc ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const tcJson = (...args: string[]): any[] => {
  const out = tc('-j', '-s', '-d', ...args);
  return out.trim() === '' ? [] : JSON.parse(out);
};

type Tree = [type: number, value: number[] | Tree][];
/** Attributes as a sorted set, TCA_OPTIONS (2) opened one level (tc writes its attributes in another order). */
function attrs(bytes: Uint8Array, from: number, to: number, open = true): Tree {
  const out: Tree = [];
  for (let at = from; at + 4 <= to; ) {
    const len = bytes[at]! | (bytes[at + 1]! << 8);
    const type = bytes[at + 2]! | (bytes[at + 3]! << 8);
    out.push([type, open && (type & 0x3fff) === 2 ? attrs(bytes, at + 4, at + len, false) : [...bytes.subarray(at + 4, at + len)]]);
    at += (len + 3) & ~3;
  }
  return out.sort((a, b) => a[0] - b[0]);
}

const FILTER_TYPES = [44, 45, 48, 49, 100, 101];
function tcSends(args: string[]) {
  const traced = traceNetlink(['ip', 'netns', 'exec', ns.name, 'sh', '-c', 'tc "$@"; exit 0', 'sh', ...args]);
  const bytes = traced!.sent.find((b) => FILTER_TYPES.includes(b[4]! | (b[5]! << 8)))!;
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { type: bytes[4]! | (bytes[5]! << 8), flags: bytes[6]! | (bytes[7]! << 8), header: [...bytes.subarray(16, 36)], attrs: attrs(bytes, 36, len) };
}

/** What linx sends for a call, to a FakeKernel that knows v0 and v1 by name. */
async function linxSends(call: (r: Rtnl) => Promise<void>) {
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, []);
    if (req.type === 18) {
      const payload = new Uint8Array(16);
      const name = new TextDecoder().decode(req.payload.subarray(20)).includes('v1') ? v1 : v0;
      new DataView(payload.buffer).setInt32(4, name, true);
      return { messages: [k.reply(req, { type: 16, payload })] };
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  await call(new Rtnl(new Connection(kernel)));
  const sent = kernel.requests.filter((r) => FILTER_TYPES.includes(r.type)).at(-1)!;
  return { type: sent.type, flags: sent.flags, header: [...sent.payload.subarray(0, 20)], attrs: attrs(sent.payload, 20, sent.payload.length) };
}

describe.skipIf(skip !== undefined)(`rtnl.tc.filters on the kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    ns = createNetns('tcf');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ns.ip('link', 'set', 'v0', 'up');
    ns.ip('link', 'set', 'v1', 'up');
    rtnl = await ns.rtnl();
    v0 = (await rtnl.links.get('v0')).index;
    v1 = (await rtnl.links.get('v1')).index;
  });
  afterAll(() => ns?.remove());
  // Each test starts from the default qdiscs (no filters), whatever an earlier one left.
  beforeEach(() => {
    for (const where of ['root', 'clsact']) run(['tc', '-n', ns.name, 'qdisc', 'del', 'dev', 'v0', where]);
  });

  /** The filters of a parent as tc -j shows them (entries with options: a priority's head entry has none). */
  const tcFilters = (...where: string[]) => tcJson('filter', 'show', 'dev', 'v0', ...where).filter((f) => f.options !== undefined);

  it('u32 with matches, a flowid and a mirred redirect: listed as tc -j shows it, deleted', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb');
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', protocol: 'ip', priority: 10, kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }, { ip: 'sport', value: 80 }], classid: '1:10' }, actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'v1' }] });
    const mine = (await rtnl.tc.filters.list({ dev: 'v0' })).filter((f) => f.options !== undefined);
    const theirs = tcFilters();
    expect(mine.map((f) => [f.parent, f.protocol, f.priority, f.kind, f.chain, f.handle])).toEqual(theirs.map((f) => [f.parent, f.protocol, f.pref, f.kind, f.chain, f.options.fh]));
    const leaf = mine.find((f) => f.handle === '800::800')!;
    expect(isFilterOf(leaf, 'u32')).toBe(true);
    if (!isFilterOf(leaf, 'u32')) return;
    const t = theirs.find((f) => f.options.fh === '800::800')!;
    expect(leaf.options?.classid).toBe(t.options.flowid);
    // tc -j prints each key as a "match" member of one object (duplicate names: JSON.parse keeps the last);
    // the text output lists them all: compared with that.
    const text = tc('filter', 'show', 'dev', 'v0');
    const keys = [...text.matchAll(/match ([0-9a-f]{8})\/([0-9a-f]{8}) at (\d+)/g)].map((m) => ({ value: parseInt(m[1]!, 16), mask: parseInt(m[2]!, 16), at: Number(m[3]) }));
    expect(leaf.options?.selector?.keys.map(({ value, mask, at }) => ({ value, mask, at }))).toEqual(keys);
    expect(keys).toEqual([{ value: 0x0a000000, mask: 0xff000000, at: 16 }, { value: 0x00500000, mask: 0xffff0000, at: 20 }]);
    expect(leaf.actions).toHaveLength(1);
    const [a] = leaf.actions!;
    const ta = t.options.actions[0];
    expect({ order: a!.order, kind: a!.kind, index: a!.index, verdict: a!.verdict, refcnt: a!.refcnt, bindcnt: a!.bindcnt, options: a!.options }).toEqual({
      order: ta.order, kind: ta.kind, index: ta.index, verdict: ta.control_action.type, refcnt: ta.ref, bindcnt: ta.bind,
      options: { action: `${ta.direction} ${ta.mirred_action}`, ifindex: v1, dev: ta.to_dev },
    });
    await rtnl.tc.filters.delete({ dev: 'v0', parent: '1:', priority: 10, protocol: 'ip', handle: '800::800', kind: 'u32' });
    expect(tcFilters().filter((f) => f.options.fh === '800::800')).toEqual([]);
    await rtnl.tc.filters.delete({ dev: 'v0', parent: '1:' });
    expect(tcJson('filter', 'show', 'dev', 'v0')).toEqual([]);
    tc('qdisc', 'del', 'dev', 'v0', 'root');
  });

  it('u32 ip6 keys, a nexthdr+ key and a computed offset: listed as tc prints them', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb');
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', protocol: 'ipv6', priority: 1, kind: 'u32', options: { match: [{ ip6: 'dst', prefix: '2001:db8::/32' }, { tcp: 'dst', value: 80 }], offset: { at: 6, mask: 0xff00, shift: 8, plus: 40, eat: true }, classid: '1:1' } });
    const [leaf] = (await rtnl.tc.filters.list({ dev: 'v0' })).filter((f) => f.handle === '800::800');
    expect(isFilterOf(leaf!, 'u32')).toBe(true);
    if (!isFilterOf(leaf!, 'u32')) return;
    // tc's text: "match VALUE/MASK at [nexthdr+]N", then "offset MASK>>SHIFT at AT plus PLUS eat".
    const text = tc('filter', 'show', 'dev', 'v0');
    const keys = [...text.matchAll(/match ([0-9a-f]{8})\/([0-9a-f]{8}) at (nexthdr\+)?(\d+)/g)].map((m) => ({ value: parseInt(m[1]!, 16), mask: parseInt(m[2]!, 16), at: Number(m[4]), nexthdr: m[3] !== undefined }));
    expect(leaf!.options!.selector!.keys.map((k) => ({ value: k.value, mask: k.mask, at: k.at, nexthdr: k.offmask !== 0 }))).toEqual(keys);
    expect(keys).toHaveLength(2);
    const offset = /offset ([0-9a-f]+)>>(\d+) at (\d+) plus (\d+) +eat/.exec(text)!;
    const sel = leaf!.options!.selector!;
    expect([sel.offmask, sel.offshift, sel.offoff, sel.off, (sel.flags & 8) !== 0]).toEqual([parseInt(offset[1]!, 16), Number(offset[2]), Number(offset[3]), Number(offset[4]), true]);
    tc('qdisc', 'del', 'dev', 'v0', 'root');
  });

  it('mirred counts the packets it mirrors: action statistics as tc -s shows them', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'clsact');
    ns.ip('addr', 'replace', '10.78.0.1/24', 'dev', 'v0');
    ns.ip('neigh', 'replace', '10.78.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'v0', 'nud', 'permanent');
    await rtnl.tc.filters.add({ dev: 'v0', parent: 'egress', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.78.0.2/32' }] }, actions: [{ kind: 'mirred', action: 'egress mirror', dev: 'v1' }] });
    run(['ip', 'netns', 'exec', ns.name, 'bash', '-c', 'for i in 1 2 3; do echo probe > /dev/udp/10.78.0.2/9; done']);
    const [f] = (await rtnl.tc.filters.list({ dev: 'v0', parent: 'egress' })).filter((x) => x.actions !== undefined);
    const t = tcFilters('egress').find((x) => x.options.actions !== undefined);
    expect(f!.parent).toBe('egress');
    expect(f!.actions!.map((a) => [a.kind, a.verdict, a.stats?.packets, a.stats?.bytes])).toEqual(t.options.actions.map((a: any) => [a.kind, a.control_action.type, a.stats.packets, a.stats.bytes]));
    expect(f!.actions![0]!.stats!.packets).toBe(3);
    tc('qdisc', 'del', 'dev', 'v0', 'clsact');
  });

  it('u32 hash tables and links, and a filter in chain 2: listed raw as tc shows them', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb');
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', priority: 5, protocol: 'ip', handle: '2:', kind: 'u32', options: { divisor: 256 } });
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', priority: 5, protocol: 'ip', kind: 'u32', options: { link: '2:', match: [{ ip: 'dst', prefix: '10.1.0.0/16' }] } });
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', priority: 6, protocol: 'all', chain: 2, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }], classid: '1:2' } });
    const mine = (await rtnl.tc.filters.list({ dev: 'v0' })).filter((f) => f.options !== undefined);
    const theirs = tcFilters();
    expect(mine.map((f) => [f.priority, f.protocol, f.handle, (f.options as any).divisor, (f.options as any).link])).toEqual(theirs.map((f) => [f.pref, f.protocol, f.options.fh, f.options.ht_divisor, f.options.link]));
    expect(mine.find((f) => (f.options as any).divisor === 256)?.handle).toBe('2:');
    const chain2 = (await rtnl.tc.filters.list({ dev: 'v0', chain: 2 })).filter((f) => f.options !== undefined);
    // tc -j names the chain only in a priority's head entry.
    const tcChain2 = tcJson('filter', 'show', 'dev', 'v0', 'chain', '2');
    expect(chain2.map((f) => [f.chain, f.priority, f.handle])).toEqual(tcChain2.filter((f) => f.options).map((f) => [2, f.pref, f.options.fh]));
    // …and prints no chain when asked for one: its text without the chain filter names it.
    expect(tcChain2.length).toBeGreaterThan(0);
    expect(tc('filter', 'show', 'dev', 'v0')).toContain(`pref 6 u32 chain 2 fh ${chain2.at(-1)!.handle} `);
    expect(chain2.length).toBeGreaterThan(0);
    tc('qdisc', 'del', 'dev', 'v0', 'root');
  });

  it('u32 sample: the filter lands in the bucket tc puts the same sample in', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb');
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', priority: 5, protocol: 'ip', handle: '2:', kind: 'u32', options: { divisor: 16 } });
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', priority: 5, protocol: 'ip', kind: 'u32', options: { hashTable: '2:', sample: { match: { ip: 'src', prefix: '192.168.1.77/32' }, divisor: 16 }, match: [{ ip: 'src', prefix: '192.168.1.77/32' }], classid: '1:1' } });
    tc('filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '5', 'protocol', 'ip', 'u32', 'ht', '2:', 'sample', 'ip', 'src', '192.168.1.78/32', 'divisor', '16', 'match', 'ip', 'src', '192.168.1.78/32', 'flowid', '1:2');
    const listed = (await rtnl.tc.filters.list({ dev: 'v0' })).filter((f) => f.options !== undefined && (f.options as any).classid !== undefined);
    const theirs = tcFilters().filter((f) => f.options?.flowid !== undefined);
    // 192.168.1.77 → bucket 0xd of 16, .78 → 0xe: the handles name the bucket (tc's fh 2:d:800).
    expect(listed.map((f) => [f.handle, (f.options as any).classid])).toEqual(theirs.map((f) => [f.options.fh, f.options.flowid]));
    expect(listed.map((f) => f.handle)).toEqual(['2:d:800', '2:e:800']);
    tc('qdisc', 'del', 'dev', 'v0', 'root');
  });

  it('bpf classic bytecode with a classid: listed with its program, as tc shows it', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb');
    const bytecode: [number, number, number, number][] = [[40, 0, 0, 12], [21, 0, 1, 2048], [6, 0, 0, 65535], [6, 0, 0, 0]];
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', priority: 8, kind: 'bpf', options: { bytecode, classid: '1:3' } });
    const [f] = (await rtnl.tc.filters.list({ dev: 'v0', kind: 'bpf' })).filter((x) => x.options !== undefined);
    const [t] = tcFilters();
    expect(isFilterOf(f!, 'bpf')).toBe(true);
    if (!isFilterOf(f!, 'bpf')) return;
    expect([f.priority, f.handle, f.options?.classid, f.options?.bytecode]).toEqual([t.pref, `0x${t.options.handle.toString(16)}`.replace('0x0x', '0x'), t.options.flowid, bytecode]);
    // tc prints the program as text: the same instructions.
    expect(tc('filter', 'show', 'dev', 'v0')).toContain(`bytecode '4,${bytecode.map((i) => i.join(' ')).join(',')}'`);
    tc('qdisc', 'del', 'dev', 'v0', 'root');
  });

  it('kinds this kernel may lack (matchall, flower, gact): refused as tc is refused, or listed', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'clsact');
    const tcTakes = run(['tc', '-n', ns.name, 'filter', 'add', 'dev', 'v0', 'ingress', 'prio', '9', 'matchall', 'classid', '1:1']).status === 0;
    run(['tc', '-n', ns.name, 'filter', 'del', 'dev', 'v0', 'ingress']);
    const call = rtnl.tc.filters.add({ dev: 'v0', parent: 'ingress', priority: 9, kind: 'matchall', options: { classid: '1:1' } });
    if (tcTakes) {
      await call;
      const [f] = (await rtnl.tc.filters.list({ dev: 'v0', parent: 'ingress' })).filter((x) => x.options !== undefined);
      expect([f!.kind, (f!.options as any).classid]).toEqual(['matchall', '1:1']);
    } else {
      await expect(call).rejects.toMatchObject({ code: expect.stringMatching(/ERR_LINX/) });
    }
    tc('qdisc', 'del', 'dev', 'v0', 'clsact');
  });

  it('chains: added, listed as tc chain show lists them, deleted with their filters', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb');
    await rtnl.tc.chains.add({ dev: 'v0', parent: '1:', chain: 5 });
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', chain: 7, priority: 1, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } });
    const mine = await rtnl.tc.chains.list({ dev: 'v0', parent: '1:' });
    expect(mine.map((c) => ({ parent: c.parent, chain: c.chain }))).toEqual(tcJson('chain', 'show', 'dev', 'v0'));
    expect(mine.map((c) => c.chain)).toEqual([5, 7]);
    await expect(rtnl.tc.chains.add({ dev: 'v0', parent: '1:', chain: 5 })).rejects.toMatchObject({ code: 'ERR_LINX_KERNEL', errno: 17 /* EEXIST */ });
    await rtnl.tc.chains.delete({ dev: 'v0', parent: '1:', chain: 7 });
    expect(tcJson('filter', 'show', 'dev', 'v0', 'chain', '7')).toEqual([]);
    expect((await rtnl.tc.chains.list({ dev: 'v0', parent: '1:' })).map((c) => c.chain)).toEqual([5]);
    await expect(rtnl.tc.chains.add({ dev: 'v0', parent: '1:', chain: -1 })).rejects.toMatchObject({ argument: 'spec.chain' });
  });

  it('without a parent, a chain and a filter go to the root qdisc, as tc without parent puts them', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb');
    await rtnl.tc.chains.add({ dev: 'v0', chain: 4 });
    await rtnl.tc.filters.add({ dev: 'v0', priority: 3, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } });
    expect(tcJson('chain', 'show', 'dev', 'v0')).toEqual([{ parent: '1:', chain: 4 }, { parent: '1:', chain: 0 }]);
    // u32's hash table head (800:) and the filter (800::800), both under the root qdisc.
    expect(tcFilters().map((f) => [f.parent, f.pref, f.kind, f.options.fh])).toEqual([['1:', 3, 'u32', '800:'], ['1:', 3, 'u32', '800::800']]);
    await rtnl.tc.filters.delete({ dev: 'v0', priority: 3 });
    await rtnl.tc.chains.delete({ dev: 'v0', chain: 4 });
    expect(tcJson('chain', 'show', 'dev', 'v0')).toEqual([]);
  });

  it("a shared block's chains, listed through the qdisc holding it as tc chain show lists them", async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'ingress_block', '22', 'clsact');
    await rtnl.tc.chains.add({ block: 22, chain: 5 });
    const theirs = tcJson('chain', 'show', 'dev', 'v0', 'ingress');
    expect((await rtnl.tc.chains.list({ dev: 'v0', parent: 'ingress' })).map((c) => ({ block: c.block, chain: c.chain }))).toEqual(theirs);
    expect((await rtnl.tc.chains.list({ block: 22 })).map((c) => c.chain)).toEqual(tcJson('chain', 'show', 'block', '22').map((t) => t.chain));
    expect(theirs).toEqual([{ block: 22, chain: 5 }]);
  });

  it('shared actions: added, listed with statistics as tc -j -s actions ls shows them, used by a filter, deleted', async () => {
    await rtnl.tc.actions.add({ kind: 'mirred', action: 'egress mirror', dev: 'v1', index: 9 });
    await rtnl.tc.actions.add({ kind: 'mirred', action: 'egress redirect', dev: 'v1', index: 10, then: 'pipe' });
    const mine = await rtnl.tc.actions.list('mirred');
    const [, { actions: theirs }] = tcJson('actions', 'ls', 'action', 'mirred');
    expect(mine.map((a) => [a.order, a.kind, a.index, a.verdict, a.refcnt, a.bindcnt, a.options, a.stats?.packets])).toEqual(
      theirs.map((t: any) => [t.order, t.kind, t.index, t.control_action.type, t.ref, t.bind, { action: `${t.direction} ${t.mirred_action}`, ifindex: v1, dev: t.to_dev }, t.stats.packets]),
    );
    expect(mine.map((a) => a.index)).toEqual([9, 10]);
    await expect(rtnl.tc.actions.add({ kind: 'mirred', action: 'egress mirror', dev: 'v1', index: 9 })).rejects.toMatchObject({ code: 'ERR_LINX_KERNEL', errno: 17 /* EEXIST */ });
    await rtnl.tc.actions.delete({ kind: 'mirred', index: 9 });
    await rtnl.tc.actions.delete({ kind: 'mirred', index: 10 });
    expect(tcJson('actions', 'ls', 'action', 'mirred').slice(1).flatMap((x) => x.actions ?? [])).toEqual([]);
    await expect(rtnl.tc.actions.add({ kind: 'mirred', action: 'sideways', dev: 'v1' } as never)).rejects.toMatchObject({ argument: 'action.action' });
    await expect(rtnl.tc.actions.delete({ kind: 'mirred', index: 0 })).rejects.toMatchObject({ argument: 'action.index' });
  });

  describe.skipIf(!canPin)(`an eBPF program by fd${canPin ? '' : ' (skipped: needs x86-64, python3 and a bpffs mount)'}`, () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'linx-bpffs-'));
      run(['mount', '-t', 'bpf', 'bpf', dir]);
      const r = run(['python3', join(import.meta.dirname, 'helpers', 'pin-sched-cls.py'), 'linx_cls', join(dir, 'p')]);
      if (r.status !== 0) throw new Error(r.stderr);
    });
    afterAll(() => {
      run(['umount', dir]);
      rmSync(dir, { recursive: true, force: true });
    });

    it('tc object-pinned … da: its request is linx\'s for the same fd and name; listed with name, tag, id as tc -j shows them', async () => {
      run(['tc', '-n', ns.name, 'qdisc', 'add', 'dev', 'v0', 'clsact']);
      const theirs = tcSends(['filter', 'add', 'dev', 'v0', 'ingress', 'prio', '1', 'bpf', 'object-pinned', join(dir, 'p'), 'da']);
      // tc opened the pinned program (BPF_OBJ_GET) and sent its own fd: linx sends what it is given.
      const fdAttr = (theirs.attrs.find(([type]) => type === 2)![1] as Tree).find(([type]) => type === 6)![1] as number[];
      const fd = fdAttr[0]! | (fdAttr[1]! << 8);
      const mine = await linxSends((r) => r.tc.filters.add({ dev: 'v0', parent: 'ingress', priority: 1, kind: 'bpf', options: { fd, name: `p:[*fsobj]`, directAction: true } }));
      expect(mine).toEqual(theirs);
      const [f] = (await rtnl.tc.filters.list({ dev: 'v0', parent: 'ingress' })).filter((x) => x.options !== undefined);
      const [t] = tcFilters('ingress');
      expect(isFilterOf(f!, 'bpf')).toBe(true);
      if (!isFilterOf(f!, 'bpf')) return;
      expect([f.options?.name, f.options?.directAction, f.options?.tag, f.options?.id]).toEqual([t.options.bpf_name, t.options['direct-action'], t.options.prog.tag, t.options.prog.id]);
      expect(t.options.prog.name).toBe('linx_cls');
    });

    it('by its pinned path (linx opens it with BPF_OBJ_GET, as tc object-pinned): the same request but the fd; attached, listed as tc -j shows it', async () => {
      run(['tc', '-n', ns.name, 'qdisc', 'add', 'dev', 'v0', 'clsact']);
      const theirs = tcSends(['filter', 'add', 'dev', 'v0', 'egress', 'prio', '3', 'bpf', 'object-pinned', join(dir, 'p'), 'da']);
      const mine = await linxSends((r) => r.tc.filters.add({ dev: 'v0', parent: 'egress', priority: 3, kind: 'bpf', options: { pinned: join(dir, 'p'), directAction: true } }));
      // Each process sends the fd it opened: TCA_BPF_FD (6) in TCA_OPTIONS (2) set aside, the rest is equal.
      const withoutFd = (s: typeof mine) => ({ ...s, attrs: s.attrs.map(([type, v]) => [type, type === 2 ? (v as Tree).filter(([t]) => t !== 6) : v]) });
      const fdOf = (s: typeof mine) => ((s.attrs.find(([type]) => type === 2)![1] as Tree).find(([t]) => t === 6)![1] as number[]).length;
      expect(withoutFd(mine)).toEqual(withoutFd(theirs));
      expect(fdOf(mine)).toBe(4);
      await rtnl.tc.filters.add({ dev: 'v0', parent: 'egress', priority: 3, kind: 'bpf', options: { pinned: join(dir, 'p'), directAction: true } });
      const [f] = (await rtnl.tc.filters.list({ dev: 'v0', parent: 'egress' })).filter((x) => x.options !== undefined);
      const [t] = tcFilters('egress');
      if (!isFilterOf(f!, 'bpf')) throw new Error('not a bpf filter');
      expect([f.options?.name, f.options?.directAction, f.options?.id]).toEqual([t.options.bpf_name, t.options['direct-action'], t.options.prog.id]);
      expect(t.options.bpf_name).toBe('p:[*fsobj]');
      expect(t.options.prog.name).toBe('linx_cls');
      await expect(rtnl.tc.filters.add({ dev: 'v0', parent: 'egress', priority: 4, kind: 'bpf', options: { pinned: join(dir, 'none') } })).rejects.toMatchObject({ code: 'ERR_LINX_NATIVE', stage: 'bpf', errnoName: 'ENOENT' });
    });
  });

  it('a shared block: filters added to it, listed as tc filter show block lists them, deleted', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'ingress_block', '22', 'clsact');
    await rtnl.tc.filters.add({ block: 22, priority: 2, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.9.0.0/16' }], classid: '1:1' } });
    const mine = (await rtnl.tc.filters.list({ block: 22 })).filter((f) => f.options !== undefined);
    const theirs = tcJson('filter', 'show', 'block', '22').filter((f) => f.options !== undefined);
    expect(mine.map((f) => [f.block, f.ifindex, f.priority, f.protocol, f.handle])).toEqual(theirs.map((t) => [22, 0, t.pref, t.protocol, t.options.fh]));
    expect(mine.length).toBe(2);
    await rtnl.tc.filters.delete({ block: 22, priority: 2 });
    expect(tcJson('filter', 'show', 'block', '22')).toEqual([]);
  });

  it('change and replace a u32 filter by its handle: tc shows the new flowid', async () => {
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb');
    const at = { dev: 'v0', parent: '1:', protocol: 'ip', priority: 10, handle: '800::5', kind: 'u32' } as const;
    await rtnl.tc.filters.add({ ...at, options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:10' } });
    await rtnl.tc.filters.change({ ...at, options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:20' } });
    const flowid = () => tcFilters().find((f) => f.options.fh === '800::5')?.options.flowid;
    expect(flowid()).toBe('1:20');
    await rtnl.tc.filters.replace({ ...at, options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:30' } });
    expect(flowid()).toBe('1:30');
    const [f] = (await rtnl.tc.filters.list({ dev: 'v0', kind: 'u32' })).filter((x) => x.handle === '800::5');
    expect(isFilterOf(f!, 'u32') && f.options?.classid).toBe('1:30');
    await expect(rtnl.tc.filters.add({ ...at, options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }] } })).rejects.toMatchObject({ code: 'ERR_LINX_KERNEL', errno: 17 /* EEXIST */ });
  });

  it('mirred egress redirect to an ifb (the usual idiom): the packets arrive there (its rx counters, which ifb counts on transmit), as the action counted them', async () => {
    ns.ip('link', 'add', 'ifb7', 'type', 'ifb');
    ns.ip('link', 'set', 'ifb7', 'up');
    try {
      tc('qdisc', 'add', 'dev', 'v0', 'clsact');
      ns.ip('addr', 'replace', '10.79.0.1/24', 'dev', 'v0');
      ns.ip('neigh', 'replace', '10.79.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'v0', 'nud', 'permanent');
      const rx = () => JSON.parse(run(['ip', '-n', ns.name, '-j', '-s', 'link', 'show', 'ifb7']).stdout)[0].stats64.rx.packets as number;
      const before = rx();
      await rtnl.tc.filters.add({ dev: 'v0', parent: 'egress', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.79.0.2/32' }] }, actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'ifb7' }] });
      run(['ip', 'netns', 'exec', ns.name, 'bash', '-c', 'for i in 1 2 3 4; do echo probe > /dev/udp/10.79.0.2/9; done']);
      const [f] = (await rtnl.tc.filters.list({ dev: 'v0', parent: 'egress' })).filter((x) => x.actions !== undefined);
      const a = f!.actions![0]!;
      expect([a.kind, a.verdict, (a.options as { action: string }).action, (a.options as { dev: string }).dev]).toEqual(['mirred', 'stolen', 'egress redirect', 'ifb7']);
      expect(a.stats!.packets).toBe(4);
      expect(rx() - before).toBe(4);
    } finally {
      ns.ip('link', 'del', 'ifb7');
    }
  });

  it('a filter on a qdisc that does not exist: the kernel\'s refusal with the ext-ack text tc prints', async () => {
    const r = run(['tc', '-n', ns.name, 'filter', 'add', 'dev', 'v0', 'parent', '5:', 'prio', '1', 'u32', 'match', 'u32', '0', '0', 'at', '0']);
    const tcText = /^Error: (.*)$/m.exec(r.stderr)?.[1];
    expect(tcText).toBeDefined();
    const error = await rtnl.tc.filters.add({ dev: 'v0', parent: '5:', priority: 1, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_LINX_KERNEL', extAckMessage: tcText!.replace(/\.$/, '') });
    expect(tcJson('filter', 'show', 'dev', 'v0')).toEqual([]);
  });

  describe('the bytes tc sends for the same command', () => {
    const cases = FILTER_CASES;
    it.each(cases)('%s', async (_name, command, spec, verb) => {
      const theirs = tcSends(Array.isArray(command) ? command : command.split(' '));
      const mine = await linxSends(filterCaseCall(spec('v0'), verb));
      expect(mine).toEqual(theirs);
    });

    it("flower's MPLS, ARP, port-range and tunnel option keys (vxlan, erspan, geneve): tc's request decodes back to the values given", () => {
      const decoded = (command: string) => {
        const traced = traceNetlink(['ip', 'netns', 'exec', ns.name, 'sh', '-c', 'tc "$@"; exit 0', 'sh', ...command.split(' ')]);
        const bytes = traced!.sent.find((b) => (b[4]! | (b[5]! << 8)) === 44)!;
        const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
        const f = decodeFilter(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 16, len);
        return f.options as Record<string, unknown>;
      };
      expect(decoded('filter add dev v0 ingress prio 1 protocol mpls_uc flower mpls_label 1000 mpls_tc 3 mpls_bos 1 mpls_ttl 64')).toMatchObject({ keyMplsLabel: 1000, keyMplsTc: 3, keyMplsBos: 1, keyMplsTtl: 64 });
      expect(decoded('filter add dev v0 ingress prio 1 protocol arp flower arp_tip 10.0.0.0/24 arp_op reply arp_sha 02:00:00:00:00:01')).toMatchObject({ keyArpTip: 0x0a00_0000, keyArpTipMask: 0xffff_ff00, keyArpOp: 2, keyArpOpMask: 0xff, keyArpSha: '02:00:00:00:00:01', keyArpShaMask: 'ff:ff:ff:ff:ff:ff' });
      expect(decoded('filter add dev v0 ingress prio 1 protocol ip flower ip_proto udp src_port 1000-2000')).toMatchObject({ keyIpProto: 17, keyPortSrcMin: 1000, keyPortSrcMax: 2000 });
      expect(decoded('filter add dev v0 ingress prio 1 protocol ip flower erspan_opts 1:12:0:0')).toMatchObject({ keyEncOpts: { erspan: { ver: 1, index: 12, dir: 0, hwid: 0 } } });
      expect(decoded('filter add dev v0 ingress prio 1 protocol ip flower vxlan_opts 7')).toMatchObject({ keyEncOpts: { vxlan: { gbp: 7 } }, keyEncOptsMask: { vxlan: { gbp: 0xffff_ffff } } });
      expect(decoded('filter add dev v0 ingress prio 1 protocol ip flower geneve_opts 0108:80:00880022/ffff:ff:ffffff00,0109:81:00110022')).toMatchObject({
        keyEncOpts: { geneve: [{ class: 0x108, type: 0x80, data: Uint8Array.of(0, 0x88, 0, 0x22) }, { class: 0x109, type: 0x81, data: Uint8Array.of(0, 0x11, 0, 0x22) }] },
        keyEncOptsMask: { geneve: [{ class: 0xffff, type: 0xff, data: Uint8Array.of(0xff, 0xff, 0xff, 0) }, { class: 0xffff, type: 0xff, data: Uint8Array.of(0xff, 0xff, 0xff, 0xff) }] },
      });
    });
  });
});
