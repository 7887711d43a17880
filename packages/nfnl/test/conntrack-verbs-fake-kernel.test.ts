// conntrack's verbs that no other unit test drives, against a fake kernel (no root): statistics and the
// table's size read from replies laid out as the kernel sends them (captured with strace of `conntrack -S`
// and `-C` on Linux 6.18; the attribute numbers are enum ctattr_stats_cpu / ctattr_stats_global of
// linux/netfilter/nfnetlink_conntrack.h), deleteMatching and createMany with their per-message outcomes,
// a master's expectations deleted one by one, and the default event kinds.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NetlinkError, NLM_F_DUMP, type NetlinkMessage } from '@linx/netlink-wire';
import { conntrack, Nfnl } from '../src/index.js';

const codec = compileMessage(conntrack.messages.conntrackMessage);
const expectCodec = compileMessage(conntrack.messages.expectMessage);
/** NFNL_SUBSYS_CTNETLINK (1) << 8 | IPCTNL_MSG_CT_*; NFNL_SUBSYS_CTNETLINK_EXP (2) << 8 | IPCTNL_MSG_EXP_*. */
const CT = { new: 0x100, get: 0x101, delete: 0x102, getStatsCpu: 0x104, getStats: 0x105 };
const EXP = { new: 0x200, get: 0x201, delete: 0x202 };

/** nfgenmsg (family, version 0, res_id big-endian) and big-endian u32 attributes, as the kernel writes them. */
function nfgenPayload(family: number, resId: number, attrs: [type: number, value: number][]): Uint8Array {
  const bytes = new Uint8Array(4 + attrs.length * 8);
  const view = new DataView(bytes.buffer);
  bytes[0] = family;
  view.setUint16(2, resId);
  attrs.forEach(([type, value], i) => {
    view.setUint16(4 + i * 8, 8, true);
    view.setUint16(6 + i * 8, type, true);
    view.setUint32(8 + i * 8, value);
  });
  return bytes;
}

function kernelWith(answer: ConstructorParameters<typeof FakeKernel>[0]) {
  const kernel = new FakeKernel(answer);
  return { kernel, nfnl: new Nfnl(kernel) };
}

/** A TCP entry the kernel lists (encoded with the declarations), with its id. */
function entryPayload(sport: number, id: number): Uint8Array {
  return codec.encode({
    header: { family: 'ip' },
    attrs: {
      tupleOrig: { tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 6, protoSrcPort: sport, protoDstPort: 80 } },
      tupleReply: { tupleIp: { ipV4Src: '192.0.2.2', ipV4Dst: '192.0.2.1' }, tupleProto: { protoNum: 6, protoSrcPort: 80, protoDstPort: sport } },
      status: ['confirmed'],
      mark: sport === 1 ? 1 : 0,
      id,
    },
  } as never);
}

describe('conntrack statistics', () => {
  it('stats reads each CPU\'s counters by their CTA_STATS_* numbers, the CPU from res_id', async () => {
    const { kernel, nfnl } = kernelWith((req, k) =>
      k.multipart(req, [
        // CTA_STATS_FOUND 2, INVALID 4, INSERT 8, INSERT_FAILED 9, DROP 10, EARLY_DROP 11, ERROR 12,
        // SEARCH_RESTART 13, CLASH_RESOLVE 14, CHAIN_TOOLONG 15: distinct values, so none can stand for another.
        nfgenPayload(0, 0, [[2, 1], [4, 2], [8, 3], [9, 4], [10, 5], [11, 6], [12, 7], [13, 8], [14, 9], [15, 10]]),
        nfgenPayload(0, 1, [[2, 0xfffffffe]]),
      ], { type: CT.getStatsCpu }),
    );
    const stats = await nfnl.conntrack.stats();
    expect(kernel.requests[0]!.type).toBe(CT.getStatsCpu);
    expect(kernel.requests[0]!.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    expect(stats).toEqual([
      { cpu: 0, found: 1, invalid: 2, insert: 3, insertFailed: 4, drop: 5, earlyDrop: 6, error: 7, searchRestart: 8, clashResolve: 9, chainTooLong: 10 },
      // What a CPU's reply leaves out is 0 (a kernel older than the counter).
      { cpu: 1, found: 0xfffffffe, invalid: 0, insert: 0, insertFailed: 0, drop: 0, earlyDrop: 0, error: 0, searchRestart: 0, clashResolve: 0, chainTooLong: 0 },
    ]);
    nfnl.close();
  });

  it('count reads CTA_STATS_GLOBAL_ENTRIES and _MAX_ENTRIES; a kernel without the limit gives none', async () => {
    let replies = [nfgenPayload(0, 0, [[1, 3], [2, 262144]])];
    const { kernel, nfnl } = kernelWith((req, k) => [{ messages: [k.reply(req, { type: CT.getStats, payload: replies.shift()! })] }, k.ack(req)]);
    expect(await nfnl.conntrack.count()).toEqual({ entries: 3, max: 262144 });
    expect(kernel.requests[0]!.type).toBe(CT.getStats);
    replies = [nfgenPayload(0, 0, [])];
    expect(await nfnl.conntrack.count()).toEqual({ entries: 0 });
    nfnl.close();
  });
});

describe('conntrack deletes and creates in bulk', () => {
  it('deleteMatching lists with the filter, then deletes each match by tuple and id; one gone meanwhile is not counted', async () => {
    const { kernel, nfnl } = kernelWith((req, k) => {
      if (req.type === CT.get) return k.multipart(req, [entryPayload(1, 11), entryPayload(2, 12), entryPayload(3, 13)], { type: CT.new });
      // The second entry expired between the list and its delete.
      return codec.decode(req.payload).attrs.id === 12 ? k.error(req, 2) : k.ack(req);
    });
    expect(await nfnl.conntrack.deleteMatching({ original: { protocol: 'tcp', dport: 80 } })).toBe(2);
    const deletes = kernel.requests.filter((r) => r.type === CT.delete).map((r) => codec.decode(r.payload).attrs);
    expect(deletes.map((a) => a.id)).toEqual([11, 12, 13]);
    expect(deletes[0]).toEqual({ tupleOrig: { tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 6, protoSrcPort: 1, protoDstPort: 80 } }, id: 11 });
    nfnl.close();
  });

  it('deleteMatching with no match sends no delete; another error than ENOENT fails it', async () => {
    const { kernel, nfnl } = kernelWith((req, k) => (req.type === CT.get ? k.multipart(req, [entryPayload(1, 11), entryPayload(2, 12)], { type: CT.new }) : k.error(req, 1)));
    expect(await nfnl.conntrack.deleteMatching({ mark: 7 })).toBe(0);
    expect(kernel.requests.map((r) => r.type)).toEqual([CT.get]);
    const error = await nfnl.conntrack.deleteMatching({ mark: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).errno).toBe(1);
    nfnl.close();
  });

  it('createMany gives undefined where an entry was made and the kernel\'s error where not', async () => {
    const { kernel, nfnl } = kernelWith((req: NetlinkMessage, k) => (codec.decode(req.payload).attrs.tupleOrig?.tupleProto?.protoSrcPort === 2 ? k.error(req, 17) : k.ack(req)));
    const spec = (sport: number) => ({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' as const, sport, dport: 53 }, timeout: 30 });
    const results = await nfnl.conntrack.createMany([spec(1), spec(2), spec(3)]);
    expect(results[0]).toBeUndefined();
    expect(results[1]).toBeInstanceOf(NetlinkError);
    expect((results[1] as NetlinkError).errno).toBe(17);
    expect(results[2]).toBeUndefined();
    expect(kernel.requests.map((r) => codec.decode(r.payload).attrs.timeout)).toEqual([30, 30, 30]);
    nfnl.close();
  });
});

describe('conntrack expectations of one master', () => {
  it('are listed, then each deleted by tuple and id; one gone meanwhile is not counted, another error fails', async () => {
    const listed = (id: number) =>
      expectCodec.encode({
        header: { family: 'ip' },
        attrs: {
          master: { tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 6, protoSrcPort: 40100, protoDstPort: 21 } },
          tuple: { tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '192.0.2.1' }, tupleProto: { protoNum: 6, protoSrcPort: 0, protoDstPort: 40000 + id } },
          mask: { tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '255.255.255.255' }, tupleProto: { protoNum: 6, protoSrcPort: 0, protoDstPort: 0xffff } },
          id,
        },
      } as never);
    let failWith = 2;
    const { kernel, nfnl } = kernelWith((req, k) => {
      if (req.type === EXP.get) return k.multipart(req, [listed(1), listed(2)], { type: EXP.new });
      return expectCodec.decode(req.payload).attrs.id === 2 ? k.error(req, failWith) : k.ack(req);
    });
    const master = { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'tcp' as const, sport: 40100, dport: 21 };
    expect(await nfnl.conntrack.deleteExpectations({ master })).toBe(1);
    const deletes = kernel.requests.filter((r) => r.type === EXP.delete).map((r) => expectCodec.decode(r.payload).attrs);
    expect(deletes.map((a) => [a.id, a.tuple?.tupleProto?.protoDstPort])).toEqual([[1, 40001], [2, 40002]]);
    failWith = 16;
    const error = await nfnl.conntrack.deleteExpectations({ master }).catch((e: unknown) => e);
    expect((error as NetlinkError).errno).toBe(16);
    nfnl.close();
  });
});

describe('conntrack events by default', () => {
  it('join the new, update and destroy groups of entries, and the new and destroy groups of expectations', () => {
    const { kernel, nfnl } = kernelWith((req, k) => k.ack(req));
    const entries = nfnl.conntrack.events();
    // enum nfnetlink_groups (linux/netfilter/nfnetlink.h): NFNLGRP_CONNTRACK_NEW 1, _UPDATE 2, _DESTROY 3,
    // _EXP_NEW 4, _EXP_UPDATE 5 (which the kernel never sends on), _EXP_DESTROY 6.
    expect([...kernel.groups].sort((a, b) => a - b)).toEqual([1, 2, 3]);
    entries.close();
    const expectations = nfnl.conntrack.expectationEvents();
    expect([...kernel.groups].sort((a, b) => a - b)).toEqual([4, 6]);
    expectations.close();
    nfnl.close();
  });
});
