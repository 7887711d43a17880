// rtnl.nexthops' buckets, group statistics, lookups by id and flush, against what Linux 6.18 sent.
// A namespace had v0 (index 3) and
//
//     ip nexthop add id 1 via 10.0.0.2 dev v0;  ip nexthop add id 3 via 10.0.0.3 dev v0
//     ip nexthop add id 10 group 1/3,200
//     ip nexthop add id 11 group 1,2/3,3 type resilient buckets 4 idle_timer 60 unbalanced_timer 20
//     RTM_NEWNEXTHOP id 20, group 1/3, NHA_HW_STATS_ENABLE 1 (sent by hand: iproute2 6.1 has no hw_stats)
//
// The bucket dump is `strace -xx -e trace=recvmsg -e read=all ip nexthop bucket show` (and the expected
// objects what `ip -j nexthop bucket show` printed); the group dumps with statistics were read from a
// socket sending RTM_GETNEXTHOP with NHA_GROUPS and NHA_OP_FLAGS (DUMP_STATS, then DUMP_STATS|DUMP_HW_STATS),
// since iproute2 6.1 cannot ask for them. No kernel here: a FakeKernel replays the replies.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, type NetlinkMessage } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl, type NexthopBucket } from '../src/index.js';
import { rtLink, rtNexthop } from '../src/protocol.js';
import { linkReply } from './helpers/captured.js';

const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
const T = rtNexthop.nexthopMessage.types;

/** RTM_NEWNEXTHOPBUCKET: nhmsg, NHA_ID 11, NHA_RES_BUCKET { INDEX, NH_ID, IDLE_TIME 4 ticks }. */
const BUCKETS = [
  '0000000000000000080001000b00000020000d80060001000000000008000300030000000c0002000400000000000000',
  '0000000000000000080001000b00000020000d80060001000100000008000300030000000c0002000400000000000000',
  '0000000000000000080001000b00000020000d80060001000200000008000300010000000c0002000400000000000000',
  '0000000000000000080001000b00000020000d80060001000300000008000300010000000c0002000400000000000000',
].map(hex);

/** `ip -j nexthop bucket show` (idle_time in seconds: 4 ticks of USER_HZ 100). */
const IP_SHOWED = [
  { id: 11, bucket: { index: 0, idle_time: 0.04, nhid: 3 }, flags: [] },
  { id: 11, bucket: { index: 1, idle_time: 0.04, nhid: 3 }, flags: [] },
  { id: 11, bucket: { index: 2, idle_time: 0.04, nhid: 1 }, flags: [] },
  { id: 11, bucket: { index: 3, idle_time: 0.04, nhid: 1 }, flags: [] },
];
const bucketAsIp = (b: NexthopBucket) => ({ id: b.id, bucket: { index: b.index, idle_time: b.idleTime, nhid: b.nhId }, flags: b.flags });

/** Groups with NHA_OP_FLAGS DUMP_STATS: NHA_HW_STATS_ENABLE, NHA_GROUP_STATS { ENTRY { ID, PACKETS } … }. */
const GROUPS_STATS = [
  '0000000000000000080001000a000000060003000000000014000200010000000000000003000000c700000008001000000000002c000f801400018008000100010000000800020000000000140001800800010003000000080002000000000008000e0000000080',
  '0000000000000000080001001400000006000300000000001400020001000000000000000300000000000000080010000100000008001100000000002c000f801400018008000100010000000800020000000000140001800800010003000000080002000000000008000e0000000080',
].map(hex);

/** The same with DUMP_HW_STATS too: each entry gains NHA_GROUP_STATS_ENTRY_PACKETS_HW, group 20 NHA_HW_STATS_USED. */
const GROUPS_HW_STATS = [
  '0000000000000000080001000a000000060003000000000014000200010000000000000003000000c700000008001000000000003c000f801c0001800800010001000000080002000000000008000300000000001c00018008000100030000000800020000000000080003000000000008000e0000000080',
  '0000000000000000080001001400000006000300000000001400020001000000000000000300000000000000080010000100000008001100000000003c000f801c0001800800010001000000080002000000000008000300000000001c00018008000100030000000800020000000000080003000000000008000e0000000080',
].map(hex);

/** The 32-bit NHA_OP_FLAGS of a request (0 when absent). */
function opFlagsOf(req: NetlinkMessage): number {
  for (let at = 8; at + 4 <= req.payload.length; ) {
    const len = req.payload[at]! | (req.payload[at + 1]! << 8);
    if ((req.payload[at + 2]! | (req.payload[at + 3]! << 8)) === 14) return new DataView(req.payload.buffer, req.payload.byteOffset + at + 4).getUint32(0, true);
    at += (len + 3) & ~3;
  }
  return 0;
}

/** `interrupt`: the request types whose dumps the kernel marks NLM_F_DUMP_INTR (from the first message on). */
function fake(options: { deleted?: Set<number>; interrupt?: number[] } = {}) {
  const intr = (req: NetlinkMessage) => (options.interrupt?.includes(req.type) ? { interrupted: 0 } : {});
  const handler: FakeHandler = (req, k) => {
    const dump = (req.flags & NLM_F_DUMP) === NLM_F_DUMP;
    if (req.type === rtLink.linkMessage.types.getlink) {
      if (dump) return k.multipart(req, [linkReply(3, 'v0')], intr(req));
      return { messages: [k.reply(req, { type: rtLink.linkMessage.types.newlink, payload: linkReply(3, 'v0') })] };
    }
    if (req.type === T.getnexthopbucket && dump) return k.multipart(req, BUCKETS, { perDatagram: 3, ...intr(req) });
    if (req.type === T.getnexthopbucket) return { messages: [k.reply(req, { type: T.getnexthopbucketReply, payload: BUCKETS[2]! })] };
    if (req.type === T.getnexthop) {
      const groups = opFlagsOf(req) === 3 ? GROUPS_HW_STATS : GROUPS_STATS;
      if (dump) return k.multipart(req, groups, intr(req));
      const id = new DataView(req.payload.buffer, req.payload.byteOffset).getUint32(12, true);
      const found = groups.find((p) => new DataView(p.buffer, p.byteOffset).getUint32(12, true) === id);
      if (found === undefined) return k.error(req, 2);
      return { messages: [k.reply(req, { type: T.newnexthop, payload: found })] };
    }
    if (req.type === T.delnexthop) {
      const id = new DataView(req.payload.buffer, req.payload.byteOffset).getUint32(12, true);
      // The kernel deleted group 10 already (an emptied group): ENOENT, which flush passes over.
      if (options.deleted?.has(id)) return k.error(req, 2);
      return k.ack(req);
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe('nexthops: resilient group buckets', () => {
  it('buckets() equals ip -j nexthop bucket show of the same dump', async () => {
    const { rtnl } = fake();
    expect((await rtnl.nexthops.buckets()).map(bucketAsIp)).toEqual(IP_SHOWED);
  });

  it('bucket(id, index): the one bucket the kernel answered', async () => {
    const { rtnl } = fake();
    expect(await rtnl.nexthops.bucket(11, 2)).toEqual({ id: 11, index: 2, idleTime: 0.04, nhId: 1, flags: [] });
  });

  it('buckets({ dev, master, id }) sends NHA_OIF, NHA_MASTER and NHA_ID, interfaces by name looked up', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.buckets({ id: 11, dev: 'v0', master: 7 });
    const [sent] = kernel.requests.filter((r) => r.type === T.getnexthopbucket);
    // nhmsg (8), NHA_ID 11, NHA_OIF 3, NHA_MASTER 7 (linux/nexthop.h: NHA_ID 1, NHA_OIF 5, NHA_MASTER 10).
    expect([...sent!.payload]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 1, 0, 11, 0, 0, 0, 8, 0, 5, 0, 3, 0, 0, 0, 8, 0, 10, 0, 7, 0, 0, 0]);
  });

  it('bad bucket filters are refused before anything is sent', async () => {
    const { kernel, rtnl } = fake();
    for (const [filter, argument] of [
      [null, 'filter'],
      [3, 'filter'],
      [{ group: 11 }, 'filter.group'],
      [{ id: 0 }, 'filter.id'],
      [{ dev: 'a/b' }, 'filter.dev'],
      [{ master: 0 }, 'filter.master'],
    ] as [unknown, string][]) {
      const error = await rtnl.nexthops.buckets(filter as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(filter)).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect((await rtnl.nexthops.bucket(0, 1).catch((e: unknown) => e) as InvalidArgumentError).argument).toBe('id');
    expect((await rtnl.nexthops.bucket(11, -1).catch((e: unknown) => e) as InvalidArgumentError).argument).toBe('index');
    expect(kernel.requests).toEqual([]);
  });
});

describe('nexthops: group statistics (NHA_OP_FLAGS, Linux 6.9+)', () => {
  it('stats: true gives each member packet counts and the group hardware-statistics switch', async () => {
    const { rtnl } = fake();
    const list = await rtnl.nexthops.list({ groups: true, stats: true, names: false });
    expect([...list]).toEqual([
      {
        id: 10, family: 'unspec', scope: 'universe', protocol: 'unspec', flags: [],
        group: [{ id: 1, weight: 1 }, { id: 3, weight: 200 }], groupType: 'mpath',
        hwStatsEnable: false, stats: [{ id: 1, packets: 0n }, { id: 3, packets: 0n }],
      },
      {
        id: 20, family: 'unspec', scope: 'universe', protocol: 'unspec', flags: [],
        group: [{ id: 1, weight: 1 }, { id: 3, weight: 1 }], groupType: 'mpath',
        hwStatsEnable: true, hwStatsUsed: false, stats: [{ id: 1, packets: 0n }, { id: 3, packets: 0n }],
      },
    ]);
  });

  it("stats: 'hw' adds the hardware counts", async () => {
    const { rtnl } = fake();
    const list = await rtnl.nexthops.list({ groups: true, stats: 'hw', names: false });
    expect(list.map((n) => n.stats)).toEqual([
      [{ id: 1, packets: 0n, packetsHw: 0n }, { id: 3, packets: 0n, packetsHw: 0n }],
      [{ id: 1, packets: 0n, packetsHw: 0n }, { id: 3, packets: 0n, packetsHw: 0n }],
    ]);
  });

  it('get(id, { stats }) sends NHA_ID and NHA_OP_FLAGS (DUMP_STATS 1, | DUMP_HW_STATS 2) and decodes the counts', async () => {
    const { kernel, rtnl } = fake();
    expect((await rtnl.nexthops.get(20, { stats: true })).stats).toEqual([{ id: 1, packets: 0n }, { id: 3, packets: 0n }]);
    expect((await rtnl.nexthops.get(20, { stats: 'hw' })).hwStatsUsed).toBe(false);
    expect((await rtnl.nexthops.get(10)).id).toBe(10);
    expect(kernel.requests.filter((r) => r.type === T.getnexthop).map(opFlagsOf)).toEqual([1, 3, 0]);
  });

  it('NHA_HW_STATS_USED 1 (a driver counts in hardware; none here: group 20\'s dump with the value set) is hwStatsUsed: true', async () => {
    const used = Uint8Array.from(GROUPS_HW_STATS[1]!);
    // NHA_HW_STATS_USED (17) follows NHA_HW_STATS_ENABLE, at payload offset 52: its value is at 56.
    expect([used[52], used[54]]).toEqual([8, 17]);
    used[56] = 1;
    const handler: FakeHandler = (req, k) => k.multipart(req, (req.flags & NLM_F_DUMP) === NLM_F_DUMP && req.type === T.getnexthop ? [used] : []);
    const rtnl = new Rtnl(new Connection(new FakeKernel(handler, { replyType: rtnetlinkReplyType })));
    const [group] = await rtnl.nexthops.list({ stats: 'hw', names: false });
    expect([group!.hwStatsEnable, group!.hwStatsUsed]).toEqual([true, true]);
  });

  it('a packet count beyond 32 bits (NHA_GROUP_STATS_ENTRY_PACKETS is a uint: 8 bytes then) is a bigint', async () => {
    // Group 10's dump entry with member 3's PACKETS made 8 bytes: 0x1_0000_0002.
    const payload = hex(
      '0000000000000000080001000a000000060003000000000014000200010000000000000003000000c70000000800100000000000' +
        '30000f80' + '1400018008000100010000000800020005000000' + '180001800800010003000000' + '0c0002000200000001000000' +
        '08000e0000000080',
    );
    const handler: FakeHandler = (req, k) => k.multipart(req, (req.flags & NLM_F_DUMP) === NLM_F_DUMP ? [payload] : []);
    const rtnl = new Rtnl(new Connection(new FakeKernel(handler, { replyType: rtnetlinkReplyType })));
    const [group] = await rtnl.nexthops.list({ stats: true, names: false });
    expect(group!.stats).toEqual([{ id: 1, packets: 5n }, { id: 3, packets: 0x1_0000_0002n }]);
  });
});

describe('nexthops: list({ id }) is a lookup, filtered here', () => {
  it('the nexthop when it passes the other filters, an empty list when it does not or is not there', async () => {
    const { kernel, rtnl } = fake();
    expect((await rtnl.nexthops.list({ id: 10 })).map((n) => n.id)).toEqual([10]);
    expect((await rtnl.nexthops.list({ id: 10, groups: true })).map((n) => n.id)).toEqual([10]);
    expect([...(await rtnl.nexthops.list({ id: 10, family: 'inet' }))]).toEqual([]);
    expect([...(await rtnl.nexthops.list({ id: 10, fdb: true }))]).toEqual([]);
    expect([...(await rtnl.nexthops.list({ id: 10, dev: 'v0' }))]).toEqual([]);
    expect([...(await rtnl.nexthops.list({ id: 99 }))]).toEqual([]);
    const streamed: number[] = [];
    for await (const n of rtnl.nexthops.stream({ id: 20 })) streamed.push(n.id);
    expect(streamed).toEqual([20]);
    // Only lookups: NLM_F_REQUEST alone, never a dump.
    expect(kernel.requests.filter((r) => r.type === T.getnexthop).every((r) => r.flags === 0x0001)).toBe(true);
  });
});

describe('nexthops.flush', () => {
  it('deletes each listed nexthop by id and counts them; one the kernel already removed (ENOENT) is passed over', async () => {
    const { kernel, rtnl } = fake({ deleted: new Set([10]) });
    expect(await rtnl.nexthops.flush({ groups: true })).toBe(1);
    const ids = kernel.requests.filter((r) => r.type === T.delnexthop).map((r) => new DataView(r.payload.buffer, r.payload.byteOffset).getUint32(12, true));
    expect(ids).toEqual([10, 20]);
    // flush never looks names up.
    expect(kernel.requests.filter((r) => r.type === rtLink.linkMessage.types.getlink)).toEqual([]);
  });

  it('any other refusal stops it', async () => {
    const handler: FakeHandler = (req, k) => {
      if (req.type === T.getnexthop) return k.multipart(req, GROUPS_STATS);
      return k.error(req, 1);
    };
    const rtnl = new Rtnl(new Connection(new FakeKernel(handler, { replyType: rtnetlinkReplyType })));
    await expect(rtnl.nexthops.flush()).rejects.toMatchObject({ errnoName: 'EPERM' });
  });
});

describe('nexthops: interrupted dumps', () => {
  it('list() and buckets() return a dump marked interrupted (theirs or the link names\') marked, when accepted', async () => {
    const accept = { onInterrupt: { action: 'accept' } } as const;
    const GETLINK = rtLink.linkMessage.types.getlink;
    expect((await fake().rtnl.nexthops.list({}, accept)).interrupted).toBe(false);
    expect((await fake({ interrupt: [T.getnexthop] }).rtnl.nexthops.list({}, accept)).interrupted).toBe(true);
    expect((await fake({ interrupt: [GETLINK] }).rtnl.nexthops.list({}, accept)).interrupted).toBe(true);
    expect((await fake({ interrupt: [GETLINK] }).rtnl.nexthops.list({ names: false }, accept)).interrupted).toBe(false);
    expect((await fake().rtnl.nexthops.buckets({}, accept)).interrupted).toBe(false);
    expect((await fake({ interrupt: [T.getnexthopbucket] }).rtnl.nexthops.buckets({}, accept)).interrupted).toBe(true);
  });

  it('stream() names interfaces from the link dump and filters by family as list() does', async () => {
    const { rtnl } = fake();
    const seen: [number, string | undefined][] = [];
    for await (const n of rtnl.nexthops.stream({ stats: true })) seen.push([n.id, n.dev]);
    expect(seen).toEqual([[10, undefined], [20, undefined]]);
    const inet: number[] = [];
    for await (const n of rtnl.nexthops.stream({ family: 'inet' })) inet.push(n.id);
    expect(inet).toEqual([]);
  });
});
