// Qdisc and class messages carrying the extended statistics of kinds this kernel lacks (fq_codel, cake,
// hfsc), their TCA_XSTATS laid out as linux/pkt_sched.h declares them, and put twice as the kernel puts
// them (gnet_stats_copy_app: TCA_STATS_APP inside TCA_STATS2, and the compat TCA_XSTATS), on interface v0
// (ifindex 3). Shared by tc-xstats.test.ts (linx reads them) and tc-xstats-tool.live.test.ts (tc reads them).
import { AttributeEncoder } from '@linx/netlink-wire';

const TCA_KIND = 1;
const TCA_XSTATS = 4;
const TCA_STATS2 = 7;
const TCA_STATS_APP = 4;
export const RTM_NEWLINK = 16;
export const RTM_NEWQDISC = 36;
export const RTM_NEWTCLASS = 40;
export const V0 = 3;

/** struct tcmsg (linux/rtnetlink.h) for v0, then TCA_KIND, TCA_STATS2 { TCA_STATS_APP } and TCA_XSTATS (nla_nest_start_noflag). */
export function tcMessage(handle: number, parent: number, kind: string, xstats: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(20));
  header.setInt32(4, V0, true);
  header.setUint32(8, handle, true);
  header.setUint32(12, parent, true);
  const attrs = new AttributeEncoder()
    .string(TCA_KIND, kind)
    .nested(TCA_STATS2, (s) => s.bytes(TCA_STATS_APP, xstats), { nested: false })
    .bytes(TCA_XSTATS, xstats)
    .finish();
  const out = new Uint8Array(20 + attrs.length);
  out.set(new Uint8Array(header.buffer));
  out.set(attrs, 20);
  return out;
}

/** struct ifinfomsg for v0 with its IFLA_IFNAME: what a link dump answers. */
export function linkMessage(): Uint8Array {
  const header = new Uint8Array(16);
  new DataView(header.buffer).setInt32(4, V0, true);
  const attrs = new AttributeEncoder().string(3, 'v0').finish();
  const out = new Uint8Array(16 + attrs.length);
  out.set(header);
  out.set(attrs, 16);
  return out;
}

/** u32/s32 fields in host order, as the kernel copies a struct; `totalBytes` pads the end with zeros. */
export function words(values: number[], totalBytes = values.length * 4): Uint8Array {
  const v = new DataView(new ArrayBuffer(totalBytes));
  values.forEach((x, i) => (x < 0 ? v.setInt32(i * 4, x, true) : v.setUint32(i * 4, x, true)));
  return new Uint8Array(v.buffer);
}

/**
 * struct tc_fq_codel_xstats, type TCA_FQ_CODEL_XSTATS_QDISC (0): maxpacket, drop_overlimit, ecn_mark,
 * new_flow_count, new_flows_len, old_flows_len, ce_mark, memory_usage, drop_overmemory.
 */
export const FQ_CODEL_QDISC = words([0, 1514, 2, 3, 4, 5, 6, 7, 8192, 9]);
/**
 * struct tc_fq_codel_xstats, type TCA_FQ_CODEL_XSTATS_CLASS (1): tc_fq_codel_cl_stats' deficit, ldelay,
 * count, lastcount, dropping, drop_next; the union is sized by the qdisc stats (36 bytes): 12 zeros follow.
 */
export const FQ_CODEL_CLASS = words([1, -300, 2500, 3, 2, 1, -4000], 40);

/** struct tc_hfsc_stats: __u64 work, rtwork; __u32 period, level. */
export function hfscClass(): Uint8Array {
  const v = new DataView(new ArrayBuffer(24));
  v.setBigUint64(0, 5_000_000_000n, true);
  v.setBigUint64(8, 1_234_567n, true);
  v.setUint32(16, 42, true);
  v.setUint32(20, 1, true);
  return new Uint8Array(v.buffer);
}

/** The values of one cake tin (TCA_CAKE_TIN_STATS_*) in `cakeQdisc`, for tin n (1, 2). */
export const cakeTin = (n: number) => ({ sentPackets: 100 * n, sentBytes64: 150_000n * BigInt(n), droppedPackets: n, backlogPackets: 0, thresholdRate64: 12_500_000n, targetUs: 5000, peakDelayUs: 900 + n, avgDelayUs: 300, sparseFlows: 2, maxSkblen: 1514 });

/**
 * cake's qdisc stats (TCA_CAKE_STATS_*, sch_cake.c's cake_dump_stats): capacity estimate, memory, packet
 * sizes, then TCA_CAKE_STATS_TIN_STATS with a nest per tin numbered from 1, none flagged NLA_F_NESTED.
 */
export function cakeQdisc(): Uint8Array {
  const tin = (n: number) => (t: AttributeEncoder) => {
    const v = cakeTin(n);
    t.u32(2, v.sentPackets).u64(3, v.sentBytes64).u32(4, v.droppedPackets).u32(10, v.backlogPackets).u64(12, v.thresholdRate64).u32(13, v.targetUs);
    t.u32(18, v.peakDelayUs).u32(19, v.avgDelayUs).u32(21, v.sparseFlows).u32(24, v.maxSkblen);
  };
  return new AttributeEncoder()
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
}

/** cake's class (one flow) stats (cake_dump_class_stats): DEFICIT (s32), COBALT_COUNT, DROPPING, DROP_NEXT_US (s32), P_DROP, BLUE_TIMER_US (s32). */
export function cakeClass(): Uint8Array {
  return new AttributeEncoder().bytes(11, words([-20])).u32(12, 3).u32(13, 1).bytes(14, words([-10])).u32(15, 1000).bytes(16, words([50])).finish();
}

/** The qdiscs and classes of the tests: fq_codel 1: and its flow 1:5, cake 3: (with two tins) and its flow 3:3, hfsc class 2:10. */
export function xstatsMessages(): { qdiscs: Uint8Array[]; classes: Uint8Array[] } {
  return {
    qdiscs: [tcMessage(0x1_0000, 0xffff_ffff, 'fq_codel', FQ_CODEL_QDISC), tcMessage(0x3_0000, 0xffff_fff0, 'cake', cakeQdisc())],
    classes: [tcMessage(0x1_0005, 0x1_0000, 'fq_codel', FQ_CODEL_CLASS), tcMessage(0x2_0010, 0x2_0001, 'hfsc', hfscClass()), tcMessage(0x3_0003, 0x3_0000, 'cake', cakeClass())],
  };
}
