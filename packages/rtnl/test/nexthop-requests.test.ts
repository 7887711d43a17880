// What rtnl.nexthops and rtnl.netconf send, against the bytes iproute2 6.1 sent for the same command
// (captured on x86_64 with `ip netns exec NS strace -xx -e trace=sendmsg,sendto -e write=all <command>`,
// v0 being index 3; pasted after the 16-byte nlmsghdr), and the bad input they refuse before sending
// anything. No kernel: a FakeKernel records the requests.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl, type NexthopSpec } from '../src/index.js';
import { rtLink, rtNetconf, rtNexthop } from '../src/protocol.js';
import { expectCaptured, linkReply } from './helpers/captured.js';

const T = rtNexthop.nexthopMessage.types;
const NETCONF = rtNetconf.netconfMessage.types;
const NHMSG = 8;

/** A kernel that ACKs changes, answers link lookups with index 3 ('v0'), netconf lookups with forwarding on, dumps with nothing. */
function fake() {
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, []);
    if (req.type === rtLink.linkMessage.types.getlink) return { messages: [k.reply(req, { type: rtLink.linkMessage.types.newlink, payload: linkReply(3, 'v0') })] };
    if (req.type === NETCONF.getnetconf) {
      // netconfmsg AF_INET6 (padded to 4), NETCONFA_IFINDEX 3, NETCONFA_FORWARDING 1.
      return { messages: [k.reply(req, { type: NETCONF.getnetconfReply, payload: Uint8Array.of(10, 0, 0, 0, 8, 0, 1, 0, 3, 0, 0, 0, 8, 0, 2, 0, 1, 0, 0, 0) })] };
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const of = (kernel: FakeKernel, type: number) => kernel.requests.filter((r) => r.type === type);
// nlmsg_flags as iproute2 sent them.
const ADD = 0x0605;
const REPLACE = 0x0505;
const ACKED = 0x0005;
const DUMP = 0x0301;

describe.runIf(endianness() === 'LE')('nexthops: the bytes `ip nexthop` sends', () => {
  it('`ip nexthop add id 31 via 10.0.0.2 dev v0`: AF_INET, NHA_ID, NHA_GATEWAY, NHA_OIF', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 31, gateway: '10.0.0.2', dev: 'v0' });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, [
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x1f, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x06, 0x00, 0x0a, 0x00, 0x00, 0x02, 0x08, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip nexthop add id 32 blackhole`: AF_INET as ip sends it, NHA_BLACKHOLE', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 32, blackhole: true });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, [
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x20, 0x00, 0x00, 0x00, 0x04, 0x00, 0x04, 0x00,
    ]);
  });

  it('`ip nexthop add id 33 group 31/32,5 type resilient buckets 16 idle_timer 30 unbalanced_timer 20`: weight - 1, a nested NHA_RES_GROUP in USER_HZ ticks', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 33, group: [31, { id: 32, weight: 5 }], groupType: 'resilient', resilient: { buckets: 16, idleTimer: 30, unbalancedTimer: 20 } });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, [
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x21, 0x00, 0x00, 0x00,
      0x14, 0x00, 0x02, 0x00, 0x1f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
      0x04, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x0c, 0x80, 0x06, 0x00, 0x01, 0x00, 0x10, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x02, 0x00, 0xb8, 0x0b, 0x00, 0x00, 0x08, 0x00, 0x03, 0x00, 0xd0, 0x07, 0x00, 0x00,
      0x06, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip nexthop replace id 34 group 31,200/32`: NLM_F_REPLACE, AF_UNSPEC, weight 200 as 199', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.replace({ id: 34, group: [{ id: 31, weight: 200 }, 32] });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, REPLACE, NHMSG, [
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x22, 0x00, 0x00, 0x00,
      0x14, 0x00, 0x02, 0x00, 0x1f, 0x00, 0x00, 0x00, 0xc7, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]);
  });

  it('a weight above 256 (Linux 6.12; iproute2 6.1 has none): weight - 1 = 999 = 0x3e7 as weight 0xe7, weight_high 0x03', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 40, group: [31, { id: 32, weight: 1000 }, { id: 33, weight: 65536 }] });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, [
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x28, 0x00, 0x00, 0x00,
      0x1c, 0x00, 0x02, 0x00, 0x1f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0xe7, 0x03, 0x00, 0x00,
      0x21, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00,
    ]);
  });

  it('`ip -6 nexthop add id 35 via fe80::1 dev v0 onlink`: AF_INET6, RTNH_F_ONLINK in nh_flags', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 35, gateway: 'fe80::1', dev: 'v0', onlink: true });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, [
      0x0a, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x23, 0x00, 0x00, 0x00,
      0x14, 0x00, 0x06, 0x00, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip nexthop add id 36 via 10.0.0.8 fdb`: NHA_FDB, no device', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 36, gateway: '10.0.0.8', fdb: true });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, [
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x24, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x06, 0x00, 0x0a, 0x00, 0x00, 0x08, 0x04, 0x00, 0x0b, 0x00,
    ]);
  });

  it('`ip nexthop add id 37 dev v0 proto static`: nh_protocol RTPROT_STATIC', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 37, dev: 'v0', protocol: 'static' });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, [
      0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x25, 0x00, 0x00, 0x00, 0x08, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip nexthop del id 34`', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.delete(34);
    expectCaptured(of(kernel, T.delnexthop)[0], T.delnexthop, ACKED, NHMSG, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x22, 0x00, 0x00, 0x00]);
  });

  it('statistics asked with NHA_OP_FLAGS (linux/nexthop.h: DUMP_STATS 1, DUMP_HW_STATS 2; iproute2 6.1 has no stats)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.list({ groups: true, stats: true, names: false });
    expectCaptured(of(kernel, T.getnexthop)[0], T.getnexthop, DUMP, NHMSG, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x09, 0x00, 0x08, 0x00, 0x0e, 0x00, 0x01, 0x00, 0x00, 0x00]);
    await rtnl.nexthops.list({ stats: 'hw', names: false });
    expectCaptured(of(kernel, T.getnexthop)[1], T.getnexthop, DUMP, NHMSG, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x0e, 0x00, 0x03, 0x00, 0x00, 0x00]);
  });

  it('`ip nexthop show groups`: a dump with NHA_GROUPS', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.list({ groups: true, names: false });
    expectCaptured(of(kernel, T.getnexthop)[0], T.getnexthop, DUMP, NHMSG, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x09, 0x00]);
  });

  it('`ip nexthop bucket get id 33 index 2`: NHA_ID and a nested NHA_RES_BUCKET_INDEX (u16)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.bucket(33, 2).catch(() => undefined);
    expectCaptured(of(kernel, T.getnexthopbucket)[0], T.getnexthopbucket, 0x0001, NHMSG, [
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x21, 0x00, 0x00, 0x00,
      0x0c, 0x00, 0x0d, 0x80, 0x06, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip nexthop bucket show nhid 31`: a bucket dump with a nested NHA_RES_BUCKET_NH_ID', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.buckets({ nhId: 31 });
    expectCaptured(of(kernel, T.getnexthopbucket)[0], T.getnexthopbucket, DUMP, NHMSG, [
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0d, 0x80, 0x08, 0x00, 0x03, 0x00, 0x1f, 0x00, 0x00, 0x00,
    ]);
  });
});

describe.runIf(endianness() === 'LE')('netconf: the bytes `ip netconf` sends', () => {
  it('`ip -6 netconf show dev v0`: netconfmsg padded to 4, NETCONFA_IFINDEX (ip asks an ACK too; linx takes the reply alone)', async () => {
    const { kernel, rtnl } = fake();
    const c = await rtnl.netconf.get('v0', 'inet6');
    expectCaptured(of(kernel, NETCONF.getnetconf)[0], NETCONF.getnetconf, 0x0001, 4, [0x0a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00]);
    expect(c).toEqual({ family: 'inet6', ifindex: 3, dev: 'v0', forwarding: true });
  });

  it('`ip netconf show`: a dump of every family (AF_UNSPEC)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.netconf.list({ names: false });
    expectCaptured(of(kernel, NETCONF.getnetconf)[0], NETCONF.getnetconf, DUMP, 4, [0x00, 0x00, 0x00, 0x00]);
  });
});

describe('nexthops: bad input is refused before anything is sent', () => {
  const refused: [string, NexthopSpec, string][] = [
    ['no id, gateway, dev, group or blackhole', {}, 'nexthop'],
    ['id 0', { id: 0, dev: 'v0' }, 'nexthop.id'],
    ['an id above 2^32 - 1', { id: 2 ** 32, dev: 'v0' }, 'nexthop.id'],
    ['an empty group', { id: 1, group: [] }, 'nexthop.group'],
    ['a member id 0', { id: 1, group: [0] }, 'nexthop.group[0]'],
    ['a member twice', { id: 1, group: [2, { id: 2, weight: 2 }] }, 'nexthop.group[1]'],
    ['weight 0', { id: 1, group: [{ id: 2, weight: 0 }] }, 'nexthop.group[0].weight'],
    ['weight 65537', { id: 1, group: [{ id: 2, weight: 65537 }] }, 'nexthop.group[0].weight'],
    ['a fractional weight', { id: 1, group: [{ id: 2, weight: 1.5 }] }, 'nexthop.group[0].weight'],
    ['a group with a gateway', { id: 1, group: [2], gateway: '10.0.0.1' }, 'nexthop.gateway'],
    ['a group with a dev', { id: 1, group: [2], dev: 'v0' }, 'nexthop.dev'],
    ['a blackhole with a dev', { id: 1, blackhole: true, dev: 'v0' }, 'nexthop.dev'],
    ['an fdb nexthop with a dev', { id: 1, gateway: '10.0.0.1', dev: 'v0', fdb: true }, 'nexthop.dev'],
    ['resilient settings without a group', { id: 1, dev: 'v0', resilient: { buckets: 8 } }, 'nexthop.resilient'],
    ['resilient settings on an mpath group', { id: 1, group: [2], groupType: 'mpath', resilient: { buckets: 8 } }, 'nexthop.resilient'],
    ['0 buckets', { id: 1, group: [2], resilient: { buckets: 0 } }, 'nexthop.resilient.buckets'],
    ['a negative idle timer', { id: 1, group: [2], resilient: { idleTimer: -1 } }, 'nexthop.resilient.idleTimer'],
    ['an IPv4 gateway on an inet6 nexthop', { id: 1, family: 'inet6', gateway: '10.0.0.1', dev: 'v0' }, 'nexthop.gateway'],
    ['a prefix as gateway', { id: 1, gateway: '10.0.0.0/24', dev: 'v0' }, 'nexthop.gateway'],
    ['a bad interface name', { id: 1, dev: 'a/b' }, 'nexthop.dev'],
    ['an unknown field', { id: 1, dev: 'v0', via: '10.0.0.1' } as NexthopSpec, 'nexthop.via'],
  ];
  it.each(refused)('%s', async (_, spec, argument) => {
    const { kernel, rtnl } = fake();
    const error = await rtnl.nexthops.add(spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect(kernel.requests).toEqual([]);
  });

  it('bad filters and ids of the other verbs', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.nexthops.list({ family: 'inet4' as 'inet' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.list({ group: true } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.get(-1)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.list({ id: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.routes.list({ nhId: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.list({ stats: 'sw' as 'hw' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.get(1, { stats: 1 as unknown as boolean })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.list({ id: 1, master: 'br0' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.delete(0)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.buckets({ nhId: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.bucket(1, 65536)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.netconf.get('v0', 'ipx' as 'inet')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.netconf.list({ family: 'bridge' as 'inet' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(kernel.requests).toEqual([]);
  });
});
