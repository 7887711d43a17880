// The extended statistics of fq_codel, cake and hfsc (kinds this kernel lacks) with `tc` itself as the
// oracle: tc runs against a fake rtnetlink kernel (@linx/test-kit's runWithFakeNetlink, an LD_PRELOAD shim,
// in a throwaway `unshare -n` namespace) that answers its dumps with the very messages linx reads in
// tc-xstats.test.ts (helpers/tc-xstats-messages.ts, laid out from linux/pkt_sched.h). tc parses them with
// its own copy of the header's structs; what it prints (`tc -s -j qdisc show`, `tc -s class show`: tc 6.1
// writes class xstats as text even with -j) must be the values linx decodes. Needs root, gcc and tc.
import { describe, expect, it } from 'vitest';
import { fakeNetlinkSkipReason, runWithFakeNetlink } from '@linx/test-kit';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, encodeMessages } from '@linx/netlink-wire';
import { Rtnl, isClassOf, isQdiscOf } from '../src/index.js';
import { RTM_NEWLINK, RTM_NEWQDISC, RTM_NEWTCLASS, linkMessage, xstatsMessages } from './helpers/tc-xstats-messages.js';

const NETLINK_ROUTE = 0;
const skip = fakeNetlinkSkipReason(['tc']);

const { qdiscs, classes } = xstatsMessages();
const replies = encodeMessages([{ type: RTM_NEWLINK, payload: linkMessage() }, ...qdiscs.map((payload) => ({ type: RTM_NEWQDISC, payload })), ...classes.map((payload) => ({ type: RTM_NEWTCLASS, payload }))]);

/** What linx lists from the same messages. */
function linx(): Rtnl {
  const kernel = new FakeKernel((req, k) => {
    if ((req.flags & NLM_F_DUMP) === 0) return k.ack(req);
    if (req.type === RTM_NEWQDISC + 2) return k.multipart(req, qdiscs, { type: RTM_NEWQDISC });
    if (req.type === RTM_NEWTCLASS + 2) return k.multipart(req, classes, { type: RTM_NEWTCLASS });
    return k.multipart(req, [linkMessage()], { type: RTM_NEWLINK });
  }, { replyType: rtnetlinkReplyType });
  return new Rtnl(new Connection(kernel));
}

function tc(...args: string[]): string {
  const r = runWithFakeNetlink(['tc', ...args], { protocol: NETLINK_ROUTE, replies });
  if (r.status !== 0 || r.stderr !== '') throw new Error(`tc ${args.join(' ')}: ${r.status} ${r.stderr}`);
  return r.stdout;
}

/** A time as tc prints it (`2.5ms`, `-4ms`, `-10us`, `1s`) in µs. */
function micros(text: string): number {
  const m = /^(-?[\d.]+)(s|ms|us)$/.exec(text);
  if (!m) throw new Error(`not a tc time: ${text}`);
  return Math.round(Number(m[1]) * { s: 1e6, ms: 1e3, us: 1 }[m[2] as 's' | 'ms' | 'us']);
}

/** The xstats line tc prints under `class KIND HANDLE …` (after the empty line of its statistics). */
function classLine(listing: string, kind: string, handle: string): string {
  const lines = listing.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`class ${kind} ${handle} `));
  if (at < 0) throw new Error(`tc printed no class ${kind} ${handle}:\n${listing}`);
  return lines.slice(at + 1).find((l) => l.trim() !== '')!.trim();
}

describe.skipIf(skip !== undefined)(`xstats of fq_codel, cake and hfsc as tc reads the same bytes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('qdiscs (tc -s -j qdisc show): fq_codel counters, cake memory, sizes and tins', async () => {
    const theirs = JSON.parse(tc('-s', '-j', 'qdisc', 'show')) as Record<string, any>[];
    const ours = await linx().tc.qdiscs.list();
    const fq = ours.find((q) => q.kind === 'fq_codel')!;
    const cake = ours.find((q) => q.kind === 'cake')!;
    if (!isQdiscOf(fq, 'fq_codel') || !isQdiscOf(cake, 'cake')) throw new Error('kinds');
    const x = fq.xstats!;
    expect(theirs.find((q) => q.kind === 'fq_codel')).toMatchObject({
      maxpacket: x.maxpacket, drop_overlimit: x.dropOverlimit, new_flow_count: x.newFlowCount, ecn_mark: x.ecnMark, ce_mark: x.ceMark,
      memory_used: x.memoryUsage, drop_overmemory: x.dropOvermemory, new_flows_len: x.newFlowsLen, old_flows_len: x.oldFlowsLen,
    });
    const c = cake.xstats!;
    const theirCake = theirs.find((q) => q.kind === 'cake')!;
    expect(theirCake).toMatchObject({
      memory_used: c.memoryUsed, memory_limit: c.memoryLimit, capacity_estimate: Number(c.capacityEstimate64), min_network_size: c.minNetlen, max_network_size: c.maxNetlen,
      min_adj_size: c.minAdjlen, max_adj_size: c.maxAdjlen, avg_hdr_offset: c.avgNetoff,
    });
    expect(theirCake.tins).toEqual(
      c.tinStats!.map((t) => expect.objectContaining({ threshold_rate: Number(t.thresholdRate64), sent_bytes: Number(t.sentBytes64), target_us: t.targetUs, peak_delay_us: t.peakDelayUs, avg_delay_us: t.avgDelayUs, sent_packets: t.sentPackets, drops: t.droppedPackets, sparse_flows: t.sparseFlows, max_pkt_len: t.maxSkblen })),
    );
  });

  it('classes (tc -s class show): fq_codel and cake flows, an hfsc class', async () => {
    const listing = tc('-s', 'class', 'show', 'dev', 'v0');
    const ours = await linx().tc.classes.list();
    const fq = ours.find((c) => c.kind === 'fq_codel')!;
    const hfsc = ours.find((c) => c.kind === 'hfsc')!;
    const cake = ours.find((c) => c.kind === 'cake')!;
    if (!isClassOf(fq, 'fq_codel') || !isClassOf(hfsc, 'hfsc') || !isClassOf(cake, 'cake')) throw new Error('kinds');

    const f = /^deficit (-?\d+) count (\d+) lastcount (\d+) ldelay (\S+)( dropping)? drop_next (\S+)$/.exec(classLine(listing, 'fq_codel', fq.handle))!;
    expect(f, classLine(listing, 'fq_codel', fq.handle)).not.toBeNull();
    const x = fq.xstats!;
    expect([Number(f[1]), Number(f[2]), Number(f[3]), micros(f[4]!), f[5] !== undefined, micros(f[6]!)]).toEqual([x.deficit, x.count, x.lastcount, x.ldelay, x.dropping !== 0, x.dropNext]);

    const h = /^period (\d+) work (\d+) bytes rtwork (\d+) bytes level (\d+)$/.exec(classLine(listing, 'hfsc', hfsc.handle))!;
    expect(h, classLine(listing, 'hfsc', hfsc.handle)).not.toBeNull();
    expect([Number(h[1]), BigInt(h[2]!), BigInt(h[3]!), Number(h[4])]).toEqual([hfsc.xstats!.period, hfsc.xstats!.work, hfsc.xstats!.rtwork, hfsc.xstats!.level]);

    const k = /^deficit (-?\d+) count (\d+)( dropping)? drop_next (\S+) blue_prob (\d+) blue_timer (\S+)$/.exec(classLine(listing, 'cake', cake.handle))!;
    expect(k, classLine(listing, 'cake', cake.handle)).not.toBeNull();
    const c = cake.xstats!;
    expect([Number(k[1]), Number(k[2]), k[3] !== undefined, micros(k[4]!), Number(k[5]), micros(k[6]!)]).toEqual([c.deficit, c.cobaltCount, c.dropping !== 0, c.dropNextUs, c.pDrop, c.blueTimerUs]);
  });
});
