// rtnl.tc.filters and rtnl.tc.chains without a kernel, beyond the request comparisons of tc-requests.test.ts:
// - bad input refused with an InvalidArgumentError naming the argument, before anything is sent;
// - lists answered with the kernel's replies captured from tc's dumps (test/fixtures/tc-dumps.json, see
//   helpers/tc-dump-cases.ts): what a chain names (interface or shared block), and filters picked by kind,
//   priority and protocol as tc -j showed them;
// - a list's `interrupted` (NLM_F_DUMP_INTR on either of its dumps), and the kernel's errors passed on.
// A FakeKernel answers: interface names resolve to the captured indexes (v0, v1).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, NetlinkError } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, Rtnl, type TcFilterSpec } from '../src/index.js';
import { linkReply } from './helpers/captured.js';
import { TC_DUMPS_FILE, capturedRequests, linxSends, tcSent, type CapturedDumps } from './helpers/tc-bytes.js';

const captured = JSON.parse(readFileSync(TC_DUMPS_FILE, 'utf8')) as CapturedDumps;
const { v0, v1 } = captured.indexes;
const hexBytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const repliesOf = (name: string) => {
  const dump = captured.dumps[name];
  if (dump === undefined) throw new Error(`no captured dump for ${name}: run tc-dumps.live.test.ts with LINX_WRITE_TC_DUMPS=1`);
  return { replies: dump.replies.map(hexBytes), json: dump.json as any[] };
};

/** RTM_GETLINK 18, RTM_NEWLINK 16; the tc dumps: RTM_GETTFILTER 46, RTM_GETCHAIN 102. */
const GETLINK = 18;

interface Answers {
  /** The tc dump's replies (the filter or chain dump). */
  replies?: Uint8Array[];
  /** NLM_F_DUMP_INTR from this reply of the tc dump on. */
  tcInterrupted?: number;
  /** NLM_F_DUMP_INTR on the link dump (the names of a list). */
  linksInterrupted?: boolean;
  /** The interfaces the link dump lists (v0 and v1 by default). */
  links?: [index: number, name: string][];
  /** The errno the tc request or dump is answered with. */
  errno?: number;
}

function kernelWith(answers: Answers = {}) {
  const links = answers.links ?? [[1, 'lo'], [v1, 'v1'], [v0, 'v0']];
  const handler: FakeHandler = (req, k) => {
    const dump = (req.flags & NLM_F_DUMP) === NLM_F_DUMP;
    if (req.type === GETLINK && dump) return k.multipart(req, links.map(([index, name]) => linkReply(index, name)), { type: 16, ...(answers.linksInterrupted ? { interrupted: 0 } : {}) });
    if (req.type === GETLINK) {
      const text = new TextDecoder().decode(req.payload.subarray(20));
      return { messages: [k.reply(req, { type: 16, payload: linkReply(text.includes('v1\0') ? v1 : v0, 'v0') })] };
    }
    if (answers.errno !== undefined) return k.error(req, answers.errno);
    if (dump) return k.multipart(req, answers.replies ?? [], { type: req.type === 102 ? 100 : 44, ...(answers.tcInterrupted === undefined ? {} : { interrupted: answers.tcInterrupted }) });
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

/** The tc requests a kernel saw (filter and chain types 44-46, 100-102). */
const tcRequests = (kernel: FakeKernel) => kernel.requests.filter((r) => [44, 45, 46, 100, 101, 102].includes(r.type));

describe('bad input to the filter and chain verbs: refused naming the argument, nothing sent', () => {
  const cases: [string, (r: Rtnl) => Promise<unknown>, string, RegExp][] = [
    ['filters.list(null)', (r) => r.tc.filters.list(null as never), 'filter', /\{ dev \} or \{ block \}/],
    ["filters.list('v0')", (r) => r.tc.filters.list('v0' as never), 'filter', /\{ dev \} or \{ block \}/],
    ['filters.list, a bad parent', (r) => r.tc.filters.list({ dev: 'v0', parent: 'sideways' }), 'filter.parent', /sideways/],
    ['filters.list, a bad chain', (r) => r.tc.filters.list({ dev: 'v0', chain: -1 }), 'filter.chain', /./],
    ['filters.list, neither dev nor block', (r) => r.tc.filters.list({}), 'filter.dev', /either an interface \(dev\) or a shared block \(block\)/],
    ['filters.list, a protocol in an array', (r) => r.tc.filters.list({ dev: 'v0', protocol: ['ip'] as never }), 'filter.protocol', /not a protocol; expected all, ip, arp, ipv6, 802\.1q, 802\.1ad, mpls_uc, mpls_mc or an EtherType \(0\.\.65535\)/],
    ['chains.list(null)', (r) => r.tc.chains.list(null as never), 'filter', /\{ dev \} or \{ block \}/],
    ["chains.list('v0')", (r) => r.tc.chains.list('v0' as never), 'filter', /\{ dev \} or \{ block \}/],
    ['chains.list, a bad parent', (r) => r.tc.chains.list({ dev: 'v0', parent: 'sideways' }), 'filter.parent', /sideways/],
    ['chains.add(null)', (r) => r.tc.chains.add(null as never), 'spec', /\{ dev, parent, chain \}/],
    ["chains.delete('v0')", (r) => r.tc.chains.delete('v0' as never), 'spec', /\{ dev, parent, chain \}/],
    ['chains.add, neither dev nor block', (r) => r.tc.chains.add({ chain: 1 }), 'spec.dev', /either an interface/],
    ['chains.add, a bad parent', (r) => r.tc.chains.add({ dev: 'v0', parent: 'sideways', chain: 1 }), 'spec.parent', /sideways/],
    ['filters.add(null)', (r) => r.tc.filters.add(null as never), 'spec', /a filter spec object/],
    ['filters.add(5)', (r) => r.tc.filters.add(5 as never), 'spec', /a filter spec object/],
  ];
  it.each(cases)('%s: %s', async (_title, call, argument, message) => {
    const { kernel, rtnl } = kernelWith();
    const error = await call(rtnl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument });
    expect((error as Error).message).toMatch(message);
    expect(tcRequests(kernel)).toEqual([]);
  });

  const u32 = { kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } };
  const specs: [unknown, string, RegExp][] = [
    [{ dev: 'v0' }, 'spec.kind', /undefined is not a classifier kind/],
    [{ dev: 'v0', kind: 123 }, 'spec.kind', /123 is not a classifier kind/],
    [{ dev: 'v0', kind: 'x!u32' }, 'spec.kind', /"x!u32" is not a classifier kind/],
    [{ dev: 'v0', kind: 'a-very-long-kind-name' }, 'spec.kind', /not a classifier kind/],
    [{ block: 0, ...u32 }, 'spec.block', /./],
    [{ dev: 0, ...u32 }, 'spec.dev', /./],
    [{ dev: 'sixteen-letters!', ...u32 }, 'spec.dev', /./],
    [{ dev: 'v0', parent: ['ingress'], ...u32 }, 'spec.parent', /./],
    [{ dev: 'v0', protocol: ['ip'], ...u32 }, 'spec.protocol', /\["ip"\] is not a protocol/],
    [{ dev: 'v0', protocol: -1, ...u32 }, 'spec.protocol', /-1 is not a protocol/],
    [{ dev: 'v0', protocol: 0x10000, ...u32 }, 'spec.protocol', /65536 is not a protocol/],
    [{ dev: 'v0', protocol: 8.5, ...u32 }, 'spec.protocol', /8\.5 is not a protocol/],
    [{ dev: 'v0', protocol: '0x0800', ...u32 }, 'spec.protocol', /"0x0800" is not a protocol/],
    // A handle of another kind than u32: one u32, decimal or 0x hexadecimal, as tc reads it.
    ...['1:', '0x', '0x100000000', '4294967296', '012', ' 7', '7 ', 'seven', '-1'].map((handle): [unknown, string, RegExp] => [{ dev: 'v0', kind: 'bpf', handle, options: { bytecode: [[6, 0, 0, 0]] } }, 'spec.handle', /is not a filter handle \(a u32, in decimal or 0x hexadecimal\)/]),
    [{ dev: 'v0', kind: 'bpf', handle: -1, options: { bytecode: [[6, 0, 0, 0]] } }, 'spec.handle', /-1 is not an integer in 0\.\.4294967295/],
    [{ dev: 'v0', kind: 'bpf', handle: 2 ** 32, options: { bytecode: [[6, 0, 0, 0]] } }, 'spec.handle', /4294967296 is not an integer in 0\.\.4294967295/],
    // A mirred action's interface, checked as it is looked up.
    [{ dev: 'v0', ...u32, actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'sixteen-letters!' }] }, 'spec.actions[0].dev', /./],
    [{ dev: 'v0', ...u32, actions: [{ kind: 'gact', verdict: 'pass' }, { kind: 'mirred', action: 'egress redirect', dev: 0 }] }, 'spec.actions[1].dev', /./],
    // Actions go to the kinds whose options linx writes.
    [{ dev: 'v0', kind: 'basic', actions: [{ kind: 'gact', verdict: 'drop' }] }, 'spec.actions', /linx attaches actions to u32, bpf, matchall and flower filters, not "basic"/],
  ];
  it.each(specs)('filters.add(%j): %s', async (spec, argument, message) => {
    const { kernel, rtnl } = kernelWith();
    const error = await rtnl.tc.filters.add(spec as TcFilterSpec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument });
    expect((error as Error).message).toMatch(message);
    expect(tcRequests(kernel)).toEqual([]);
  });

  it('a bpf filter pinned at a path with no program: bpf(2) refuses it, and nothing is sent', async () => {
    const { kernel, rtnl } = kernelWith();
    await expect(rtnl.tc.filters.add({ dev: 'v0', parent: 'ingress', kind: 'bpf', options: { pinned: '/nonexistent-linx-test/prog', directAction: true } })).rejects.toThrow();
    expect(tcRequests(kernel)).toEqual([]);
  });

  it('empty actions: the request of the same filter without actions (tc filter add … u32 match ip dst 10.0.0.0/8 flowid 1:10)', async () => {
    const captured = capturedRequests();
    const theirs = tcSent(captured, 'filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 10.0.0.0/8 flowid 1:10'.split(' '));
    const mine = await linxSends((r) => r.tc.filters.add({ dev: 'v0', parent: '1:', protocol: 'ip', priority: 10, kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:10' }, actions: [] }), captured.indexes);
    expect(mine.attrs).toEqual(theirs.attrs);
    expect(mine.header).toEqual(theirs.header);
  });

  it('a delete takes no kind when it names no handle, and sends none (tc filter del … prio N)', async () => {
    const { kernel, rtnl } = kernelWith();
    await rtnl.tc.filters.delete({ dev: 'v0', parent: '1:', priority: 10 });
    const [request] = tcRequests(kernel);
    // struct tcmsg (20 bytes) and no attribute: no TCA_KIND.
    expect(request!.payload.length).toBe(20);
  });
});

describe('handles of kinds other than u32: one u32 as tc reads it (get_u32, base 0), in tcm_handle', () => {
  it.each<[string | number, string]>([
    ['0x1234abcd', 'cdab3412'],
    ['0XFFFFFFFF', 'ffffffff'],
    ['4294967295', 'ffffffff'],
    ['0', '00000000'],
    [0xfffffffe, 'feffffff'],
  ])('%j', async (handle, bytes) => {
    const { kernel, rtnl } = kernelWith();
    await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', priority: 8, handle, kind: 'bpf', options: { bytecode: [[6, 0, 0, 0]] } });
    // tcmsg: family, pad (4 bytes), ifindex (4), tcm_handle (4), host order.
    expect(Buffer.from(tcRequests(kernel)[0]!.payload.subarray(8, 12)).toString('hex')).toBe(bytes);
  });
});

describe("chains as the kernel's replies name them", () => {
  it('on an interface: its index and name, the parent as tc -j shows it', async () => {
    const { replies, json } = repliesOf('chains added and made by a filter');
    const { rtnl } = kernelWith({ replies });
    const mine = await rtnl.tc.chains.list({ dev: 'v0', parent: '1:' });
    // '1:' is the handle 1:0, TC_H_MAKE(1 << 16, 0).
    expect([...mine]).toStrictEqual(json.map((t) => ({ ifindex: v0, parent: t.parent, parentId: 0x1_0000, chain: t.chain, dev: 'v0' })));
    expect(mine.interrupted).toBe(false);
  });

  it('on an interface the names do not hold (gone since): no dev', async () => {
    const { replies, json } = repliesOf('chains added and made by a filter');
    const { rtnl } = kernelWith({ replies, links: [[1, 'lo']] });
    const mine = await rtnl.tc.chains.list({ dev: 'v0', parent: '1:' });
    expect([...mine]).toStrictEqual(json.map((t) => ({ ifindex: v0, parent: t.parent, parentId: 0x1_0000, chain: t.chain })));
  });

  it("of a shared block (TCM_IFINDEX_MAGIC_BLOCK): the block, as tc -j shows it, and no interface", async () => {
    const { replies, json } = repliesOf("a shared block's chains, listed through the clsact holding it");
    const { rtnl } = kernelWith({ replies });
    const mine = await rtnl.tc.chains.list({ dev: 'v0', parent: 'ingress' });
    expect([...mine]).toStrictEqual(json.map((t) => ({ ifindex: 0, parent: '', parentId: t.block, chain: t.chain, block: t.block })));
    expect(json.length).toBe(2);
  });

  it("a shared block's list asks for the block as tc chain show block 22 does (strace, iproute2 6.1)", async () => {
    const { kernel, rtnl } = kernelWith();
    await rtnl.tc.chains.list({ block: 22 });
    const [request] = tcRequests(kernel);
    // tc's RTM_GETCHAIN: NLM_F_REQUEST|NLM_F_DUMP; tcmsg with ifindex 0xffffffff (TCM_IFINDEX_MAGIC_BLOCK),
    // tcm_block_index 22 in tcm_parent's place.
    expect([request!.type, request!.flags]).toEqual([0x66, 0x301]);
    expect(Buffer.from(request!.payload).toString('hex')).toBe('00000000ffffffff000000001600000000000000');
  });

  it("a shared block's filter list asks for the block the same way", async () => {
    const { kernel, rtnl } = kernelWith();
    await rtnl.tc.filters.list({ block: 22 });
    const [request] = tcRequests(kernel);
    expect([request!.type, request!.flags]).toEqual([46, 0x301]);
    expect(Buffer.from(request!.payload).toString('hex')).toBe('00000000ffffffff000000001600000000000000');
  });
});

describe('filters picked by kind, priority and protocol, as tc -j showed them', () => {
  const { replies, json } = repliesOf('filters of two kinds, three priorities and two protocols');
  const tcPicked = (keep: (t: any) => boolean) => json.filter(keep).map((t) => [t.kind, t.pref, t.protocol, t.options?.fh ?? (t.options?.handle === undefined ? '' : `0x${Number(t.options.handle).toString(16)}`)]);
  const cases: [string, Record<string, unknown>, (t: any) => boolean][] = [
    ['kind bpf', { kind: 'bpf' }, (t) => t.kind === 'bpf'],
    ['kind u32', { kind: 'u32' }, (t) => t.kind === 'u32'],
    ['priority 2', { priority: 2 }, (t) => t.pref === 2],
    ["protocol 'ip'", { protocol: 'ip' }, (t) => t.protocol === 'ip'],
    ['protocol 0x86dd (ipv6)', { protocol: 0x86dd }, (t) => t.protocol === 'ipv6'],
    ['kind u32 and protocol ip', { kind: 'u32', protocol: 'ip' }, (t) => t.kind === 'u32' && t.protocol === 'ip'],
    ['kind bpf, priority 1 (none)', { kind: 'bpf', priority: 1 }, () => false],
    ['every filter', {}, () => true],
  ];
  it.each(cases)('%s', async (_title, filter, keep) => {
    const { rtnl } = kernelWith({ replies });
    const mine = await rtnl.tc.filters.list({ dev: 'v0', ...filter });
    expect(mine.map((f) => [f.kind, f.priority, f.protocol, f.handle])).toEqual(tcPicked(keep));
  });
  it("each filter's options as tc -j shows them: u32's table heads, classid, hash (key_ht, bkt) and flags; bpf's program", async () => {
    const { rtnl } = kernelWith({ replies });
    const mine = (await rtnl.tc.filters.list({ dev: 'v0' })).filter((f) => f.options !== undefined);
    // TCA_CLS_FLAGS_NOT_IN_HW (1 << 3, linux/pkt_cls.h) is tc's not_in_hw.
    const flags = (o: any) => (o.not_in_hw === true ? { flags: 8 } : {});
    const theirs = json.filter((t) => t.options !== undefined).map((t) => {
      const o = t.options;
      if (t.kind === 'bpf') return { directAction: o['direct-action'] === true, classid: o.flowid, bytecode: o.bytecode.insns.map((i: any) => [i.code, i.jt, i.jf, i.k]), ...(o.not_in_hw === true ? { flagsGen: 8 } : {}) };
      if (o.ht_divisor !== undefined) return { divisor: o.ht_divisor };
      return { classid: o.flowid, hash: ((parseInt(o.key_ht, 16) << 20) | (parseInt(o.bkt, 16) << 12)) >>> 0, ...flags(o) };
    });
    // The selectors are compared key by key in tc-dumps.test.ts.
    expect(mine.map((f) => { const { selector: _selector, ...o } = f.options as Record<string, unknown>; return o; })).toStrictEqual(theirs);
    expect(theirs.length).toBe(5);
    // A table head (tc's ht_divisor) has no selector at all.
    expect(mine.filter((f) => 'divisor' in (f.options as object)).map((f) => 'selector' in (f.options as object))).toEqual([false, false]);
  });

  it('the capture has each kind, priority and protocol', () => {
    expect(new Set(json.map((t) => `${t.kind} ${t.pref} ${t.protocol}`))).toEqual(new Set(['u32 1 ip', 'u32 2 ipv6', 'bpf 3 ip']));
  });
});

describe('interrupted lists and the kernel refusing', () => {
  // An interrupted dump comes back marked, not dumped again (the default).
  const accept = { onInterrupt: { action: 'accept' } } as const;
  const chainReplies = repliesOf('chains added and made by a filter').replies;
  const filterReplies = repliesOf('filters of two kinds, three priorities and two protocols').replies;
  const lists: [string, (r: Rtnl) => Promise<{ interrupted: boolean; length: number }>, Uint8Array[]][] = [
    ['chains', (r) => r.tc.chains.list({ dev: 'v0' }, accept), chainReplies],
    ['filters', (r) => r.tc.filters.list({ dev: 'v0' }, accept), filterReplies],
  ];
  describe.each(lists)('%s.list', (_what, list, replies) => {
    it('not interrupted', async () => {
      const l = await list(kernelWith({ replies }).rtnl);
      expect([l.interrupted, l.length]).toEqual([false, replies.length]);
    });
    it('interrupted when its dump is (NLM_F_DUMP_INTR)', async () => {
      expect((await list(kernelWith({ replies, tcInterrupted: 1 }).rtnl)).interrupted).toBe(true);
    });
    it('interrupted when the names it read are', async () => {
      expect((await list(kernelWith({ replies, linksInterrupted: true }).rtnl)).interrupted).toBe(true);
    });
    it('the dump refused (EINVAL): the kernel error', async () => {
      const error = await list(kernelWith({ errno: 22 }).rtnl).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetlinkError);
      expect(error).toMatchObject({ errno: 22 });
    });
    it('the interface gone (ENODEV): NoSuchInterfaceError', async () => {
      expect(await list(kernelWith({ errno: 19 }).rtnl).catch((e: unknown) => e)).toBeInstanceOf(NoSuchInterfaceError);
    });
  });

  it("filters.list of an interface the names do not hold: NoSuchInterfaceError (it went between the two dumps)", async () => {
    const { rtnl } = kernelWith({ replies: filterReplies, links: [[1, 'lo']] });
    await expect(rtnl.tc.filters.list({ dev: 'v0' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
  });

  it('… unless the names were interrupted: the list, marked interrupted', async () => {
    const { rtnl } = kernelWith({ replies: filterReplies, links: [[1, 'lo']], linksInterrupted: true });
    const l = await rtnl.tc.filters.list({ dev: 'v0' }, accept);
    expect([l.interrupted, l.length]).toEqual([true, filterReplies.length]);
  });

  it.each<[string, (r: Rtnl) => Promise<void>]>([
    ['chains.add', (r) => r.tc.chains.add({ dev: 'v0', parent: '1:', chain: 5 })],
    ['chains.delete', (r) => r.tc.chains.delete({ dev: 'v0', parent: '1:', chain: 5 })],
    ['filters.add', (r) => r.tc.filters.add({ dev: 'v0', parent: '1:', priority: 1, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } })],
    ['filters.delete', (r) => r.tc.filters.delete({ dev: 'v0', parent: '1:', priority: 1 })],
  ])('%s: EEXIST passed on; ENODEV as NoSuchInterfaceError', async (_what, call) => {
    await expect(call(kernelWith({ errno: 17 }).rtnl)).rejects.toMatchObject({ errno: 17 });
    await expect(call(kernelWith({ errno: 19 }).rtnl)).rejects.toBeInstanceOf(NoSuchInterfaceError);
  });
});
