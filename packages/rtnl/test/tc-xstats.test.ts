// The kinds' extended statistics (TCA_XSTATS) this kernel cannot produce (it lacks fq_codel, cake and
// hfsc), read from literal bytes laid out as linux/pkt_sched.h declares them: struct tc_fq_codel_xstats
// (type 0, the qdisc's tc_fq_codel_qd_stats; type 1, a class's tc_fq_codel_cl_stats, the union 12 bytes
// longer), struct tc_hfsc_stats, and cake's TCA_CAKE_STATS_* / TCA_CAKE_TIN_STATS_* attributes (nested
// without NLA_F_NESTED, as sch_cake.c's nla_nest_start_noflag writes them). A fake kernel answers the dumps
// with RTM_NEWQDISC / RTM_NEWTCLASS messages carrying them. The generated structs' layouts (ynl-gen
// overlays) are checked against the header by gcc. No root.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { AttributeEncoder, NLM_F_DUMP } from '@linx/netlink-wire';
import { uapiMismatches, uapiSkipReason } from '@linx/test-kit';
import { compileStruct } from '@linx/netlink-codec/runtime';
import { Rtnl, isClassOf, isQdiscOf } from '../src/index.js';
import { tcFqCodelClXstats, tcFqCodelXstats, tcHfscStats } from '../src/generated/tc.js';

const RTM_NEWQDISC = 36;
const RTM_NEWTCLASS = 40;
const TCA_KIND = 1;
const TCA_XSTATS = 4;

/** struct tcmsg (linux/rtnetlink.h): family, pad, ifindex 3, handle, parent, info; then TCA_KIND and TCA_XSTATS. */
function tcMessage(handle: number, parent: number, kind: string, xstats: Uint8Array, nestedXstats = false): Uint8Array {
  const header = new DataView(new ArrayBuffer(20));
  header.setInt32(4, 3, true);
  header.setUint32(8, handle, true);
  header.setUint32(12, parent, true);
  const attrs = new AttributeEncoder().string(TCA_KIND, kind).bytes(TCA_XSTATS, xstats, { nested: nestedXstats }).finish();
  const out = new Uint8Array(20 + attrs.length);
  out.set(new Uint8Array(header.buffer));
  out.set(attrs, 20);
  return out;
}

/** What linx lists when the kernel answers qdisc (36) and class (40) dumps with these messages. */
function rtnlAnswering(qdiscs: Uint8Array[], classes: Uint8Array[]): Rtnl {
  const kernel = new FakeKernel((req, k) => {
    if ((req.flags & NLM_F_DUMP) === 0) return k.ack(req);
    if (req.type === 38) return k.multipart(req, qdiscs, { type: RTM_NEWQDISC });
    if (req.type === 42) return k.multipart(req, classes, { type: RTM_NEWTCLASS });
    // Classes are dumped per interface: the link dump names one, v0 (ifindex 3).
    const link = new Uint8Array(16);
    new DataView(link.buffer).setInt32(4, 3, true);
    const ifname = new AttributeEncoder().string(3, 'v0').finish();
    const payload = new Uint8Array(16 + ifname.length);
    payload.set(link);
    payload.set(ifname, 16);
    return k.multipart(req, [payload], { type: 16 });
  }, { replyType: rtnetlinkReplyType });
  return new Rtnl(new Connection(kernel));
}

/** u32/s32 fields in host order, as the kernel copies the struct (gnet_stats_copy_app). */
function words(values: number[], totalBytes = values.length * 4): Uint8Array {
  const v = new DataView(new ArrayBuffer(totalBytes));
  values.forEach((x, i) => (x < 0 ? v.setInt32(i * 4, x, true) : v.setUint32(i * 4, x, true)));
  return new Uint8Array(v.buffer);
}

describe('fq_codel xstats (struct tc_fq_codel_xstats, linux/pkt_sched.h)', () => {
  // type TCA_FQ_CODEL_XSTATS_QDISC (0), then maxpacket, drop_overlimit, ecn_mark, new_flow_count,
  // new_flows_len, old_flows_len, ce_mark, memory_usage, drop_overmemory.
  const qdiscXstats = words([0, 1514, 2, 3, 4, 5, 6, 7, 8192, 9]);
  // type TCA_FQ_CODEL_XSTATS_CLASS (1), then tc_fq_codel_cl_stats: deficit, ldelay, count, lastcount,
  // dropping, drop_next; the union is sized by the qdisc stats (36 bytes), so 12 zero bytes follow.
  const classXstats = words([1, -300, 2500, 3, 2, 1, -4000], 40);

  it('a qdisc lists its counters by name', async () => {
    const [q] = await rtnlAnswering([tcMessage(0x10000, 0xffff_ffff, 'fq_codel', qdiscXstats)], []).tc.qdiscs.list();
    expect(q!.kind).toBe('fq_codel');
    if (!isQdiscOf(q!, 'fq_codel')) throw new Error('not fq_codel');
    expect(q.xstats).toEqual({ type: 0, maxpacket: 1514, dropOverlimit: 2, ecnMark: 3, newFlowCount: 4, newFlowsLen: 5, oldFlowsLen: 6, ceMark: 7, memoryUsage: 8192, dropOvermemory: 9 });
  });

  it("a class (one flow) lists the class stats, signed where the header's are", async () => {
    const [c] = await rtnlAnswering([], [tcMessage(0x1_0005, 0x1_0000, 'fq_codel', classXstats)]).tc.classes.list();
    if (!isClassOf(c!, 'fq_codel')) throw new Error('not fq_codel');
    expect(c.handle).toBe('1:5');
    expect(c.xstats).toEqual({ type: 1, deficit: -300, ldelay: 2500, count: 3, lastcount: 2, dropping: 1, dropNext: -4000 });
  });
});

describe('hfsc class xstats (struct tc_hfsc_stats, linux/pkt_sched.h)', () => {
  it('work, rtwork (u64), period, level', async () => {
    const v = new DataView(new ArrayBuffer(24));
    v.setBigUint64(0, 5_000_000_000n, true);
    v.setBigUint64(8, 1_234_567n, true);
    v.setUint32(16, 42, true);
    v.setUint32(20, 1, true);
    const [c] = await rtnlAnswering([], [tcMessage(0x1_0010, 0x1_0001, 'hfsc', new Uint8Array(v.buffer))]).tc.classes.list();
    if (!isClassOf(c!, 'hfsc')) throw new Error('not hfsc');
    expect(c.xstats).toEqual({ work: 5_000_000_000n, rtwork: 1_234_567n, period: 42, level: 1 });
  });
});

describe("cake xstats (TCA_CAKE_STATS_*, TCA_CAKE_TIN_STATS_*, linux/pkt_sched.h; sch_cake.c's cake_dump_stats and cake_dump_class_stats)", () => {
  it('a qdisc: capacity, memory, packet sizes, and each tin (nested by tin number from 1)', async () => {
    const tin = (n: number) => (t: AttributeEncoder) =>
      t
        .u32(2, 100 * n) // SENT_PACKETS
        .u64(3, 150_000n * BigInt(n)) // SENT_BYTES64
        .u32(4, n) // DROPPED_PACKETS
        .u32(10, 0) // BACKLOG_PACKETS
        .u64(12, 12_500_000n) // THRESHOLD_RATE64
        .u32(13, 5000) // TARGET_US
        .u32(18, 900 + n) // PEAK_DELAY_US
        .u32(19, 300) // AVG_DELAY_US
        .u32(21, 2) // SPARSE_FLOWS
        .u32(24, 1514); // MAX_SKBLEN
    const xstats = new AttributeEncoder()
      .u64(2, 12_500_000n) // CAPACITY_ESTIMATE64
      .u32(3, 4_194_304) // MEMORY_LIMIT
      .u32(4, 3000) // MEMORY_USED
      .u32(5, 14) // AVG_NETOFF
      .u32(6, 60) // MIN_NETLEN
      .u32(7, 1514) // MAX_NETLEN
      .u32(8, 60) // MIN_ADJLEN
      .u32(9, 1514) // MAX_ADJLEN
      .nested(10, (tins) => tins.nested(1, tin(1), { nested: false }).nested(2, tin(2), { nested: false }), { nested: false }) // TIN_STATS
      .finish();
    const [q] = await rtnlAnswering([tcMessage(0x10000, 0xffff_ffff, 'cake', xstats)], []).tc.qdiscs.list();
    if (!isQdiscOf(q!, 'cake')) throw new Error('not cake');
    expect(q.xstats).toMatchObject({ capacityEstimate64: 12_500_000n, memoryLimit: 4_194_304, memoryUsed: 3000, avgNetoff: 14, minNetlen: 60, maxNetlen: 1514, minAdjlen: 60, maxAdjlen: 1514 });
    // Tin 1 first (the array is in the order the nests arrive).
    expect(q.xstats!.tinStats).toEqual([1, 2].map((n) => ({ sentPackets: 100 * n, sentBytes64: 150_000n * BigInt(n), droppedPackets: n, backlogPackets: 0, thresholdRate64: 12_500_000n, targetUs: 5000, peakDelayUs: 900 + n, avgDelayUs: 300, sparseFlows: 2, maxSkblen: 1514 })));
  });

  it('a class (one flow): deficit, COBALT count, dropping, drop-next, drop probability, blue timer', async () => {
    const v = new AttributeEncoder();
    v.bytes(11, words([-20])); // DEFICIT (s32)
    v.u32(12, 3).u32(13, 1); // COBALT_COUNT, DROPPING
    v.bytes(14, words([-10])); // DROP_NEXT_US (s32)
    v.u32(15, 1000); // P_DROP
    v.bytes(16, words([50])); // BLUE_TIMER_US (s32)
    const [c] = await rtnlAnswering([], [tcMessage(0x1_0003, 0x1_0000, 'cake', v.finish())]).tc.classes.list();
    if (!isClassOf(c!, 'cake')) throw new Error('not cake');
    expect(c.xstats).toEqual({ deficit: -20, cobaltCount: 3, dropping: 1, dropNextUs: -10, pDrop: 1000, blueTimerUs: 50 });
  });
});

const HEADERS = ['linux/pkt_sched.h'];
const skip = uapiSkipReason(HEADERS);

describe.skipIf(skip !== undefined)(`the generated xstats structs against linux/pkt_sched.h, by gcc${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('sizes and member offsets', () => {
    const layout = (struct: Parameters<typeof compileStruct>[0]) => compileStruct(struct).fields;
    const at = (fields: readonly { name: string; offset: number }[], name: string) => fields.find((f) => f.name === name)!.offset;
    const fq = layout(tcFqCodelXstats);
    const cl = layout(tcFqCodelClXstats);
    const hfsc = layout(tcHfscStats);
    const checks: [string, number][] = [
      ['sizeof(struct tc_fq_codel_xstats)', compileStruct(tcFqCodelXstats).size],
      ['sizeof(struct tc_fq_codel_xstats)', compileStruct(tcFqCodelClXstats).size],
      ['offsetof(struct tc_fq_codel_xstats, qdisc_stats.drop_overmemory)', at(fq, 'dropOvermemory')],
      ['offsetof(struct tc_fq_codel_xstats, class_stats.deficit)', at(cl, 'deficit')],
      ['offsetof(struct tc_fq_codel_xstats, class_stats.ldelay)', at(cl, 'ldelay')],
      ['offsetof(struct tc_fq_codel_xstats, class_stats.dropping)', at(cl, 'dropping')],
      ['offsetof(struct tc_fq_codel_xstats, class_stats.drop_next)', at(cl, 'dropNext')],
      ['TCA_FQ_CODEL_XSTATS_CLASS', 1],
      ['sizeof(struct tc_hfsc_stats)', compileStruct(tcHfscStats).size],
      ['offsetof(struct tc_hfsc_stats, rtwork)', at(hfsc, 'rtwork')],
      ['offsetof(struct tc_hfsc_stats, period)', at(hfsc, 'period')],
      ['offsetof(struct tc_hfsc_stats, level)', at(hfsc, 'level')],
    ];
    // offsetof is stddef.h's.
    const { failures, status, stderr } = uapiMismatches(['stddef.h', ...HEADERS], checks);
    expect(failures).toEqual([]);
    expect(status, stderr).toBe(0);
  });
});
