// rtnl.nexthops decodes what the kernel sends as iproute2 prints it. The payloads below are a real
// RTM_GETNEXTHOP dump of Linux 6.18 (read with `strace -xx -e trace=recvmsg -e read=all ip -d nexthop show`
// in a namespace where v0 is index 3), made by:
//
//     ip nexthop add id 1 via 10.0.0.2 dev v0;  ip nexthop add id 2 blackhole
//     ip nexthop add id 3 via 10.0.0.3 dev v0 proto static;  ip -6 nexthop add id 4 via fe80::1 dev v0 onlink
//     ip nexthop add id 5 via 10.0.0.9 fdb;  ip nexthop add id 10 group 1/3,200
//     ip nexthop add id 11 group 1,2/3,3 type resilient buckets 4 idle_timer 60 unbalanced_timer 20
//     ip nexthop add id 12 group 5 fdb
//
// and the expected objects are what `ip -j -d nexthop show` printed for the same dump. No kernel: a
// FakeKernel replays the dump.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Rtnl } from '../src/index.js';
import { rtLink, rtNexthop } from '../src/protocol.js';
import { linkReply } from './helpers/captured.js';
import { nexthopAsIp } from './helpers/ip-nexthop.js';

const DUMP = [
  '02fd00000000000008000100010000000800050003000000080006000a000002',
  '0200000000000000080001000200000004000400',
  '02fd04000000000008000100030000000800050003000000080006000a000003',
  '0afd0000040000000800010004000000080005000300000014000600fe800000000000000000000000000001',
  '02fd000000000000080001000500000004000b00080006000a000009',
  '0000000000000000080001000a000000060003000000000014000200010000000000000003000000c700000008000e0000000080',
  '0000000000000000080001000b0000000600030001000000140002000100000001000000030000000200000028000c800600010004000000080002007017000008000300d00700000c000400000000000000000008000e0000000080',
  '0000000000000000080001000c00000004000b0006000300000000000c000200050000000000000008000e0000000080',
].map((hex) => Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16))));

const IP_SHOWED = [
  { id: 1, gateway: '10.0.0.2', dev: 'v0', scope: 'link', protocol: 'unspec', flags: [] },
  { id: 2, scope: 'global', blackhole: null, protocol: 'unspec', flags: [] },
  { id: 3, gateway: '10.0.0.3', dev: 'v0', scope: 'link', protocol: 'static', flags: [] },
  { id: 4, gateway: 'fe80::1', dev: 'v0', scope: 'link', protocol: 'unspec', flags: ['onlink'] },
  { id: 5, gateway: '10.0.0.9', scope: 'link', protocol: 'unspec', flags: [], fdb: null },
  { id: 10, group: [{ id: 1 }, { id: 3, weight: 200 }], scope: 'global', protocol: 'unspec', flags: [] },
  {
    id: 11,
    group: [{ id: 1, weight: 2 }, { id: 3, weight: 3 }],
    type: 'resilient',
    resilient_args: { buckets: 4, idle_timer: 60, unbalanced_timer: 20, unbalanced_time: 0 },
    scope: 'global',
    protocol: 'unspec',
    flags: [],
  },
  { id: 12, group: [{ id: 5 }], scope: 'global', protocol: 'unspec', flags: [], fdb: null },
];

function fake() {
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) === 0) return k.ack(req);
    if (req.type === rtLink.linkMessage.types.getlink) return k.multipart(req, [linkReply(3, 'v0')]);
    if (req.type === rtNexthop.nexthopMessage.types.getnexthop) return k.multipart(req, DUMP, { perDatagram: 3 });
    return k.multipart(req, []);
  };
  return new Rtnl(new Connection(new FakeKernel(handler, { replyType: rtnetlinkReplyType })));
}

describe('nexthops: a real kernel dump, decoded as ip prints it', () => {
  it('list() equals ip -j -d nexthop show of the same dump', async () => {
    const rtnl = fake();
    expect((await rtnl.nexthops.list()).map(nexthopAsIp)).toEqual(IP_SHOWED);
  });

  it('the shapes: weights, resilient timers in seconds, family of groups, the kernel-only op flags left out', async () => {
    const rtnl = fake();
    const byId = new Map((await rtnl.nexthops.list({ names: false })).map((n) => [n.id, n]));
    expect(byId.get(11)).toEqual({
      id: 11,
      family: 'unspec',
      scope: 'universe',
      protocol: 'unspec',
      flags: [],
      group: [{ id: 1, weight: 2 }, { id: 3, weight: 3 }],
      groupType: 'resilient',
      resilient: { buckets: 4, idleTimer: 60, unbalancedTimer: 20, unbalancedTime: 0 },
    });
    expect(byId.get(10)!.groupType).toBe('mpath');
    expect(byId.get(4)).toMatchObject({ family: 'inet6', oif: 3, gateway: 'fe80::1' });
    expect(byId.get(4)!.dev).toBeUndefined();
    expect(byId.get(2)).toEqual({ id: 2, family: 'inet', scope: 'universe', protocol: 'unspec', flags: [], blackhole: true });
  });

  it('filters by family in JS (the kernel dumps every family)', async () => {
    const rtnl = fake();
    expect((await rtnl.nexthops.list({ family: 'inet6', names: false })).map((n) => n.id)).toEqual([4]);
    expect((await rtnl.nexthops.list({ family: 'inet', names: false })).map((n) => n.id)).toEqual([1, 2, 3, 5]);
  });
});
