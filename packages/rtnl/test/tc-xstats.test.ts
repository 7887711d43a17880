// The kinds' extended statistics (TCA_XSTATS) this kernel cannot produce (it lacks fq_codel, cake and
// hfsc), read from literal bytes laid out as linux/pkt_sched.h declares them: struct tc_fq_codel_xstats
// (type 0, the qdisc's tc_fq_codel_qd_stats; type 1, a class's tc_fq_codel_cl_stats, the union 12 bytes
// longer), struct tc_hfsc_stats, and cake's TCA_CAKE_STATS_* / TCA_CAKE_TIN_STATS_* attributes (nested
// without NLA_F_NESTED, as sch_cake.c's nla_nest_start_noflag writes them). A fake kernel answers the dumps
// with RTM_NEWQDISC / RTM_NEWTCLASS messages carrying them (helpers/tc-xstats-messages.ts; tc reads the same
// ones in tc-xstats-tool.live.test.ts). The generated structs' layouts (ynl-gen overlays) are checked
// against the header by gcc. No root.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { uapiMismatches, uapiSkipReason } from '@linx/test-kit';
import { compileStruct } from '@linx/netlink-codec/runtime';
import { Rtnl, isClassOf, isQdiscOf } from '../src/index.js';
import { tcFqCodelClXstats, tcFqCodelXstats, tcHfscStats } from '../src/generated/tc.js';
import { RTM_NEWLINK, RTM_NEWQDISC, RTM_NEWTCLASS, cakeTin, linkMessage, xstatsMessages } from './helpers/tc-xstats-messages.js';

/** What linx lists when the kernel answers the qdisc, class and link dumps with these messages. */
function rtnlAnswering(): Rtnl {
  const { qdiscs, classes } = xstatsMessages();
  const kernel = new FakeKernel((req, k) => {
    if ((req.flags & NLM_F_DUMP) === 0) return k.ack(req);
    if (req.type === RTM_NEWQDISC + 2) return k.multipart(req, qdiscs, { type: RTM_NEWQDISC });
    if (req.type === RTM_NEWTCLASS + 2) return k.multipart(req, classes, { type: RTM_NEWTCLASS });
    // Classes are dumped per interface: the link dump names one, v0.
    return k.multipart(req, [linkMessage()], { type: RTM_NEWLINK });
  }, { replyType: rtnetlinkReplyType });
  return new Rtnl(new Connection(kernel));
}

describe('fq_codel xstats (struct tc_fq_codel_xstats, linux/pkt_sched.h)', () => {
  it('a qdisc lists its counters by name', async () => {
    const q = (await rtnlAnswering().tc.qdiscs.list()).find((x) => x.kind === 'fq_codel')!;
    if (!isQdiscOf(q, 'fq_codel')) throw new Error('not fq_codel');
    expect(q.xstats).toEqual({ type: 0, maxpacket: 1514, dropOverlimit: 2, ecnMark: 3, newFlowCount: 4, newFlowsLen: 5, oldFlowsLen: 6, ceMark: 7, memoryUsage: 8192, dropOvermemory: 9 });
  });

  it("a class (one flow) lists the class stats, signed where the header's are", async () => {
    const c = (await rtnlAnswering().tc.classes.list()).find((x) => x.kind === 'fq_codel')!;
    if (!isClassOf(c, 'fq_codel')) throw new Error('not fq_codel');
    expect(c.handle).toBe('1:5');
    expect(c.xstats).toEqual({ type: 1, deficit: -300, ldelay: 2500, count: 3, lastcount: 2, dropping: 1, dropNext: -4000 });
  });
});

describe('hfsc class xstats (struct tc_hfsc_stats, linux/pkt_sched.h)', () => {
  it('work, rtwork (u64), period, level', async () => {
    const c = (await rtnlAnswering().tc.classes.list()).find((x) => x.kind === 'hfsc')!;
    if (!isClassOf(c, 'hfsc')) throw new Error('not hfsc');
    expect(c.xstats).toEqual({ work: 5_000_000_000n, rtwork: 1_234_567n, period: 42, level: 1 });
  });
});

describe("cake xstats (TCA_CAKE_STATS_*, TCA_CAKE_TIN_STATS_*, linux/pkt_sched.h; sch_cake.c's cake_dump_stats and cake_dump_class_stats)", () => {
  it('a qdisc: capacity, memory, packet sizes, and each tin (nested by tin number from 1)', async () => {
    const q = (await rtnlAnswering().tc.qdiscs.list()).find((x) => x.kind === 'cake')!;
    if (!isQdiscOf(q, 'cake')) throw new Error('not cake');
    expect(q.xstats).toMatchObject({ capacityEstimate64: 12_500_000n, memoryLimit: 4_194_304, memoryUsed: 3000, avgNetoff: 14, minNetlen: 60, maxNetlen: 1514, minAdjlen: 60, maxAdjlen: 1514 });
    // Tin 1 first (the array is in the order the nests arrive).
    expect(q.xstats!.tinStats).toEqual([cakeTin(1), cakeTin(2)]);
  });

  it('a class (one flow): deficit, COBALT count, dropping, drop-next, drop probability, blue timer', async () => {
    const c = (await rtnlAnswering().tc.classes.list()).find((x) => x.kind === 'cake')!;
    if (!isClassOf(c, 'cake')) throw new Error('not cake');
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
