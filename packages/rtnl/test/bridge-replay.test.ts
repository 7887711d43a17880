// rtnl.bridge.fdb and rtnl.bridge.mdb decode what the kernel sends as `bridge` prints it. The payloads are a
// real dump of Linux 6.18 (read with `strace -xx -e trace=recvmsg -e read=all bridge fdb show` and
// `… bridge -d mdb show`) in a namespace with lo (1), a veth pair v1 (2) / v0 (3) and br0 (4) with v1 as its
// port, after
//
//     bridge fdb add 02:00:00:00:00:01 dev v1 master static;  bridge fdb add 02:00:00:00:00:02 dev v1 master
//     bridge fdb add 02:00:00:00:00:04 dev br0 self local
//     bridge mdb add dev br0 port v1 grp 239.1.1.1 permanent;  bridge mdb add dev br0 port v1 grp ff0e::5 permanent
//     bridge mdb add dev br0 port v1 grp 239.1.1.2
//
// and the expected objects are what `bridge -j fdb show` and `bridge -j -d mdb show` printed for the same
// namespace. No kernel: a FakeKernel replays the dumps (the bridge.live test compares with the kernel itself).
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Rtnl } from '../src/index.js';
import { rtLink } from '../src/protocol.js';
import { linkReply } from './helpers/captured.js';
import { fdbAsBridge, mdbAsBridge } from './helpers/bridge-json.js';

const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

/** RTM_NEWNEIGH of family AF_BRIDGE (ndmsg, NDA_LLADDR, NDA_MASTER, NDA_CACHEINFO, …), in the kernel's order. */
const FDB_DUMP = [
  '0700000002000000800000000a0002000200000000020000080009000400000008000f00000000001400030000000000d5010000d501000000000000',
  '0700000002000000400000000a0002000200000000010000080009000400000008000f00000000001400030000000000d6010000d601000000000000',
  '0700000002000000800000000a000200bea5b4fc6d300000080009000400000008000f00000000001400030000000000da020000da02000000000000',
  '0700000002000000800002000a0002003333000000010000',
  '0700000002000000800002000a00020001005e0000010000',
  '0700000002000000800002000a0002003333fffc6d300000',
  '0700000003000000800002000a0002003333000000010000',
  '0700000003000000800002000a00020001005e0000010000',
  '0700000003000000800002000a0002003333fff975430000',
  '0700000004000000800002000a0002003333000000010000',
  '0700000004000000800002000a00020001005e00006a0000',
  '0700000004000000800002000a00020033330000006a0000',
  '0700000004000000800002000a00020001005e0000010000',
  '0700000004000000800002000a0002003333fffc6d300000',
  '0700000004000000800000000a0002000200000000040000080009000400000008000f00000000001400030000000000d2010000d201000000000000',
].map(hex);

/** `bridge -j fdb show` of the same namespace. */
const BRIDGE_FDB = [{'mac': '02:00:00:00:00:02', 'ifname': 'v1', 'flags': [], 'master': 'br0', 'state': 'permanent'}, {'mac': '02:00:00:00:00:01', 'ifname': 'v1', 'flags': [], 'master': 'br0', 'state': 'static'}, {'mac': 'be:a5:b4:fc:6d:30', 'ifname': 'v1', 'flags': [], 'master': 'br0', 'state': 'permanent'}, {'mac': '33:33:00:00:00:01', 'ifname': 'v1', 'flags': ['self'], 'state': 'permanent'}, {'mac': '01:00:5e:00:00:01', 'ifname': 'v1', 'flags': ['self'], 'state': 'permanent'}, {'mac': '33:33:ff:fc:6d:30', 'ifname': 'v1', 'flags': ['self'], 'state': 'permanent'}, {'mac': '33:33:00:00:00:01', 'ifname': 'v0', 'flags': ['self'], 'state': 'permanent'}, {'mac': '01:00:5e:00:00:01', 'ifname': 'v0', 'flags': ['self'], 'state': 'permanent'}, {'mac': '33:33:ff:f9:75:43', 'ifname': 'v0', 'flags': ['self'], 'state': 'permanent'}, {'mac': '33:33:00:00:00:01', 'ifname': 'br0', 'flags': ['self'], 'state': 'permanent'}, {'mac': '01:00:5e:00:00:6a', 'ifname': 'br0', 'flags': ['self'], 'state': 'permanent'}, {'mac': '33:33:00:00:00:6a', 'ifname': 'br0', 'flags': ['self'], 'state': 'permanent'}, {'mac': '01:00:5e:00:00:01', 'ifname': 'br0', 'flags': ['self'], 'state': 'permanent'}, {'mac': '33:33:ff:fc:6d:30', 'ifname': 'br0', 'flags': ['self'], 'state': 'permanent'}, {'mac': '02:00:00:00:00:04', 'ifname': 'br0', 'flags': [], 'master': 'br0', 'state': 'permanent'}];

/** The MDB dump: one RTM_GETMDB (the type the kernel's br_mdb_dump() uses) for br0, its entries nested. */
const MDB_DUMP = [
  '0000000004000000f800010034000100300001000200000001000000ff0e000000000000000000000000000586dd00000800010000000000' +
    '050005000400000034000100300001000200000001000000ef01010100000000000000000000000008000000080001000000000005000500' +
    '040000002c000100280001000400000000000000ff02000000000000000000000000006a86dd000008000100f46000002c00010028000100' +
    '0400000000000000ff0200000000000000000001fffc6d3086dd000008000100f460000034000100300001000200000000000000ef010102' +
    '0000000000000000000000000800000008000100b85f00000500050004000000',
].map(hex);

/** `bridge -j -d mdb show` of the same namespace. */
const BRIDGE_MDB = [{'index': 4, 'dev': 'br0', 'port': 'v1', 'grp': 'ff0e::5', 'state': 'permanent', 'protocol': 'static', 'flags': []}, {'index': 4, 'dev': 'br0', 'port': 'v1', 'grp': '239.1.1.1', 'state': 'permanent', 'protocol': 'static', 'flags': []}, {'index': 4, 'dev': 'br0', 'port': 'br0', 'grp': 'ff02::6a', 'state': 'temp', 'flags': []}, {'index': 4, 'dev': 'br0', 'port': 'br0', 'grp': 'ff02::1:fffc:6d30', 'state': 'temp', 'flags': []}, {'index': 4, 'dev': 'br0', 'port': 'v1', 'grp': '239.1.1.2', 'state': 'temp', 'protocol': 'static', 'flags': []}];

/**
 * A second namespace (the same interfaces) whose br0 speaks IGMPv3/MLDv2 (mcast_igmp_version 3
 * mcast_mld_version 2), after
 *
 *     bridge mdb add dev br0 port v1 grp 239.1.1.5 src 10.0.0.9 permanent
 *     bridge mdb add dev br0 port v1 grp 01:00:5e:01:02:03 permanent
 *     bridge mdb add dev br0 port v1 grp 239.1.1.6 permanent filter_mode exclude source_list 10.0.0.1,10.0.0.2
 *
 * with a group the kernel learned on v1 and the host's own: an (S, G) entry, a MAC group, filter modes
 * (MDBA_MDB_EATTR_GROUP_MODE) and protocol kernel. `bridge -j -d mdb show` before and after the strace
 * printed the same.
 */
const MDB_V3_DUMP = [
  '00000000040000004c0101003c000100380001000200000000000000ff0200000000000000000001ffcd950e86dd000008000100c1630000' +
    '050005000200000005000300000000002c000100280001000400000000000000ff02000000000000000000000000006a86dd000008000100' +
    'c46300002c000100280001000400000000000000ff0200000000000000000001ff13732486dd000008000100c46300003c00010038000100' +
    '0200000001000000ef0101060000000000000000000000000800000008000100000000000500050004000000050003000000000034000100' +
    '30000100020000000100000001005e0102030000000000000000000000000000080001000000000005000500040000004400010040000100' +
    '0200000001000000ef010105000000000000000000000000080000000800010000000000080004000a000009050005000400000005000300' +
    '01000000',
].map(hex);
const BRIDGE_MDB_V3 = [{'index': 4, 'dev': 'br0', 'port': 'v1', 'grp': 'ff02::1:ffcd:950e', 'state': 'temp', 'filter_mode': 'exclude', 'protocol': 'kernel', 'flags': []}, {'index': 4, 'dev': 'br0', 'port': 'br0', 'grp': 'ff02::6a', 'state': 'temp', 'flags': []}, {'index': 4, 'dev': 'br0', 'port': 'br0', 'grp': 'ff02::1:ff13:7324', 'state': 'temp', 'flags': []}, {'index': 4, 'dev': 'br0', 'port': 'v1', 'grp': '239.1.1.6', 'state': 'permanent', 'filter_mode': 'exclude', 'protocol': 'static', 'flags': []}, {'index': 4, 'dev': 'br0', 'port': 'v1', 'grp': '01:00:5e:01:02:03', 'state': 'permanent', 'protocol': 'static', 'flags': []}, {'index': 4, 'dev': 'br0', 'port': 'v1', 'grp': '239.1.1.5', 'src': '10.0.0.9', 'state': 'permanent', 'filter_mode': 'include', 'protocol': 'static', 'flags': []}];

const LINKS = [linkReply(1, 'lo'), linkReply(2, 'v1'), linkReply(3, 'v0'), linkReply(4, 'br0')];
const GETNEIGH = 30;
const GETMDB = 86;

/** `interrupt`: the request types whose dumps the kernel marks NLM_F_DUMP_INTR (from the first message on). */
function fake(interrupt: number[] = [], mdb = MDB_DUMP) {
  const intr = (type: number) => (interrupt.includes(type) ? { interrupted: 0 } : {});
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) !== NLM_F_DUMP) {
      // A lookup by name: the recorded link with that IFLA_IFNAME.
      const text = new TextDecoder().decode(req.payload.subarray(20));
      const i = ['lo', 'v1', 'v0', 'br0'].findIndex((name) => text.startsWith(`${name}\0`));
      return { messages: [k.reply(req, { type: rtLink.linkMessage.types.newlink, payload: LINKS[i]! })] };
    }
    if (req.type === rtLink.linkMessage.types.getlink) return k.multipart(req, LINKS, intr(req.type));
    if (req.type === GETNEIGH) return k.multipart(req, FDB_DUMP, { perDatagram: 4, ...intr(req.type) });
    if (req.type === GETMDB) return k.multipart(req, mdb, { type: GETMDB, ...intr(req.type) });
    return k.multipart(req, []);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe('bridge fdb: a real kernel dump, decoded as bridge prints it', () => {
  it('list() equals bridge -j fdb show of the same dump', async () => {
    const { rtnl } = fake();
    expect((await rtnl.bridge.fdb.list()).map(fdbAsBridge)).toEqual(BRIDGE_FDB);
  });

  it('the shape: master by index and name, the state, seconds from NDA_CACHEINFO ticks', async () => {
    const { rtnl } = fake();
    const [first] = await rtnl.bridge.fdb.list();
    // 02:00:00:00:00:02 on v1 in br0 (NDA_MASTER 4; ndm_flags 0), NUD_PERMANENT, used and updated 469 ticks ago (USER_HZ 100): 4 s.
    expect(first).toEqual({ mac: '02:00:00:00:00:02', ifindex: 2, dev: 'v1', master: 4, masterDev: 'br0', state: 'permanent', flags: [], used: 4, updated: 4 });
  });

  it('filters a port, a state and names: false as asked (port and bridge also go to the kernel)', async () => {
    const { kernel, rtnl } = fake();
    expect((await rtnl.bridge.fdb.list({ dev: 'br0' })).map((e) => e.mac)).toEqual(BRIDGE_FDB.filter((e) => e.ifname === 'br0').map((e) => e.mac));
    expect((await rtnl.bridge.fdb.list({ state: 'static' })).map((e) => e.mac)).toEqual(['02:00:00:00:00:01']);
    const unnamed = await rtnl.bridge.fdb.list({ names: false });
    expect(unnamed.every((e) => e.dev === undefined && e.masterDev === undefined)).toBe(true);
    expect(unnamed).toHaveLength(BRIDGE_FDB.length);
    const dumps = kernel.requests.filter((r) => r.type === GETNEIGH);
    // ndmsg: family AF_BRIDGE (7), ndm_ifindex 4 for dev br0, 0 otherwise.
    expect(dumps.map((r) => [r.payload[0], new DataView(r.payload.buffer, r.payload.byteOffset).getInt32(4, true)])).toEqual([[7, 4], [7, 0], [7, 0]]);
  });
});

describe('bridge mdb: a real kernel dump, decoded as bridge prints it', () => {
  it('list() equals bridge -j -d mdb show of the same dump', async () => {
    const { rtnl } = fake();
    expect((await rtnl.bridge.mdb.list()).map(mdbAsBridge)).toEqual(BRIDGE_MDB);
  });

  it('IGMPv3/MLDv2: an (S, G) entry, a MAC group, filter modes and a learned group equal bridge -j -d mdb show', async () => {
    const { rtnl } = fake([], MDB_V3_DUMP);
    const list = await rtnl.bridge.mdb.list();
    expect(list.map(mdbAsBridge)).toEqual(BRIDGE_MDB_V3);
    expect(list.map((e) => e.timer)).toEqual([255.37, 255.4, 255.4, 0, 0, 0]);
  });

  it('timers in seconds from clock_t ticks, permanent entries without one', async () => {
    const { rtnl } = fake();
    const list = await rtnl.bridge.mdb.list();
    // MDBA_MDB_EATTR_TIMER: 0 for the permanent groups, 0x60f4 and 0x5fb8 ticks for the temporary ones.
    expect(list.map((e) => [e.group, e.timer])).toEqual([['ff0e::5', 0], ['239.1.1.1', 0], ['ff02::6a', 248.2], ['ff02::1:fffc:6d30', 248.2], ['239.1.1.2', 245.04]]);
  });

  it('filters by bridge and port, and names: false', async () => {
    const { rtnl } = fake();
    expect((await rtnl.bridge.mdb.list({ port: 'br0' })).map((e) => e.group)).toEqual(['ff02::6a', 'ff02::1:fffc:6d30']);
    expect((await rtnl.bridge.mdb.list({ dev: 'br0', port: 2 })).map((e) => e.group)).toEqual(['ff0e::5', '239.1.1.1', '239.1.1.2']);
    expect([...(await rtnl.bridge.mdb.list({ dev: 3 }))]).toEqual([]);
    const unnamed = await rtnl.bridge.mdb.list({ names: false });
    expect(unnamed.map((e) => [e.ifindex, e.dev, e.port, e.portDev])[0]).toEqual([4, undefined, 2, undefined]);
  });
});

describe('bridge fdb and mdb: interrupted dumps', () => {
  it('a dump marked interrupted (theirs or the link names\'), accepted, is returned marked; a clean one is not', async () => {
    const accept = { onInterrupt: { action: 'accept' } } as const;
    const GETLINK = rtLink.linkMessage.types.getlink;
    expect((await fake().rtnl.bridge.fdb.list({}, accept)).interrupted).toBe(false);
    expect((await fake([GETNEIGH]).rtnl.bridge.fdb.list({}, accept)).interrupted).toBe(true);
    expect((await fake([GETLINK]).rtnl.bridge.fdb.list({}, accept)).interrupted).toBe(true);
    expect((await fake([GETLINK]).rtnl.bridge.fdb.list({ names: false }, accept)).interrupted).toBe(false);
    expect((await fake().rtnl.bridge.mdb.list({}, accept)).interrupted).toBe(false);
    expect((await fake([GETMDB]).rtnl.bridge.mdb.list({}, accept)).interrupted).toBe(true);
    expect((await fake([GETLINK]).rtnl.bridge.mdb.list({}, accept)).interrupted).toBe(true);
    expect((await fake([GETLINK]).rtnl.bridge.mdb.list({ names: false }, accept)).interrupted).toBe(false);
  });
});

describe('bridge fdb: VXLAN entries from a real kernel dump, as bridge prints them', () => {
  // A third namespace: vx0 (index 4, `type vxlan id 42 dstport 4789 local 10.0.0.1 nolearning`), v0 (3), after
  //     bridge fdb add 00:00:00:00:00:00 dev vx0 dst 10.0.0.5 self permanent
  //     bridge fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.6 port 4790 vni 100 via v0 self permanent
  //     bridge fdb add 02:00:00:00:00:09 dev vx0 dst 10.0.0.7 vni 200 self static
  //     bridge fdb add 02:00:00:00:00:0a dev vx0 dst 10.0.0.8 self dynamic
  // read by `strace … bridge fdb show dev vx0`; `bridge -j fdb show dev vx0` printed VXLAN_SHOWED.
  const VXLAN_DUMP = [
    '0700000004000000020002010a00020002000000000a0000080001000a0000081400030000000000020000000200000000000000',
    '0700000004000000420002010a0002000200000000090000080001000a00000708000700c80000001400030000000000020000000200000000000000',
    '0700000004000000c00002010a0002000000000000000000080001000a0000051400030000000000020000000200000000000000',
    '0700000004000000c00002010a0002000000000000000000080001000a0000060600060012b60000080007006400000008000800030000001400030000000000020000000200000000000000',
  ].map(hex);
  const VXLAN_SHOWED = [{'mac': '02:00:00:00:00:0a', 'dst': '10.0.0.8', 'flags': ['self'], 'state': ''}, {'mac': '02:00:00:00:00:09', 'dst': '10.0.0.7', 'vni': 200, 'flags': ['self'], 'state': 'static'}, {'mac': '00:00:00:00:00:00', 'dst': '10.0.0.5', 'flags': ['self'], 'state': 'permanent'}, {'mac': '00:00:00:00:00:00', 'dst': '10.0.0.6', 'port': 4790, 'vni': 100, 'viaIf': 'v0', 'flags': ['self'], 'state': 'permanent'}];

  it('list({ dev }) equals bridge -j fdb show dev vx0: remote, UDP port, VNI, via interface, dynamic as ""', async () => {
    const handler: FakeHandler = (req, k) => {
      if (req.type === rtLink.linkMessage.types.getlink) {
        if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, [linkReply(1, 'lo'), linkReply(2, 'v1'), linkReply(3, 'v0'), linkReply(4, 'vx0')]);
        return { messages: [k.reply(req, { type: rtLink.linkMessage.types.newlink, payload: linkReply(4, 'vx0') })] };
      }
      return k.multipart(req, req.type === GETNEIGH ? VXLAN_DUMP : []);
    };
    const rtnl = new Rtnl(new Connection(new FakeKernel(handler, { replyType: rtnetlinkReplyType })));
    const list = await rtnl.bridge.fdb.list({ dev: 'vx0' });
    const names = new Map([[3, 'v0']]);
    const asBridge = list.map((e) => {
      const o: Record<string, unknown> = { mac: e.mac };
      if (e.dst !== undefined) o.dst = e.dst;
      if (e.port !== undefined) o.port = e.port;
      if (e.vni !== undefined) o.vni = e.vni;
      if (e.viaIfindex !== undefined) o.viaIf = names.get(e.viaIfindex);
      o.flags = e.flags;
      o.state = e.state === 'dynamic' ? '' : e.state;
      return o;
    });
    expect(asBridge).toEqual(VXLAN_SHOWED);
    expect(list[3]).toStrictEqual({ mac: '00:00:00:00:00:00', ifindex: 4, dev: 'vx0', state: 'permanent', flags: ['self'], dst: '10.0.0.6', port: 4790, vni: 100, viaIfindex: 3, used: 0, updated: 0 });
  });
});
