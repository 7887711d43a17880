// rtnl.nexthops: more of `ip nexthop`'s request bytes (iproute2 6.1, `strace -xx -e trace=sendmsg -e
// write=all`, v0 index 3, br0 index 4; the payload after the nlmsghdr), the dump filters, the
// hardware-statistics switch (linux/nexthop.h: NHA_HW_STATS_ENABLE 16, a u32; iproute2 6.1 has none), and
// each bad field refused by name before anything is sent. No kernel: a FakeKernel records the requests.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl, type NexthopSpec } from '../src/index.js';
import { rtLink, rtNexthop } from '../src/protocol.js';
import { expectCaptured, linkReply } from './helpers/captured.js';

const T = rtNexthop.nexthopMessage.types;
const NHMSG = 8;
const ADD = 0x0605;
const DUMP = 0x0301;
const hex = (h: string) => [...Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)))];

/** A kernel that answers link lookups (v0 is 3, br0 is 4), a lookup of nexthop 7 with one on v0, dumps with nothing. */
function fake() {
  const handler: FakeHandler = (req, k) => {
    const dump = (req.flags & NLM_F_DUMP) === NLM_F_DUMP;
    if (req.type === rtLink.linkMessage.types.getlink) {
      if (dump) return k.multipart(req, [linkReply(3, 'v0'), linkReply(4, 'br0')]);
      const br = new TextDecoder().decode(req.payload).includes('br0');
      return { messages: [k.reply(req, { type: rtLink.linkMessage.types.newlink, payload: br ? linkReply(4, 'br0') : linkReply(3, 'v0') })] };
    }
    if (req.type === T.getnexthop && !dump) {
      // `ip nexthop add id 7 via 10.0.0.2 dev v0` as the kernel reports it (nexthop-decode.test.ts's dump).
      return { messages: [k.reply(req, { type: T.newnexthop, payload: Uint8Array.from(hex('02fd00000000000008000100070000000800050003000000080006000a000002')) })] };
    }
    if (dump) return k.multipart(req, []);
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}
const of = (kernel: FakeKernel, type: number) => kernel.requests.filter((r) => r.type === type);

describe.runIf(endianness() === 'LE')('nexthops: more of the bytes `ip nexthop` sends', () => {
  it('`ip nexthop add id 60 group 1 type resilient`: NHA_GROUP_TYPE 1, no NHA_RES_GROUP when nothing is set', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 60, group: [1], groupType: 'resilient' });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, hex('0000000000000000080001003c0000000c00020001000000000000000600030001000000'));
  });

  it('`ip -6 nexthop add id 61 dev v0`: AF_INET6 for a dev alone when asked', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 61, family: 'inet6', dev: 'v0' });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, hex('0a00000000000000080001003d0000000800050003000000'));
  });

  it('`ip nexthop add id 62 dev v0 proto 200`: a protocol by number; the dev by index needs no lookup', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 62, dev: 3, protocol: 200 });
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, hex('0200c80000000000080001003e0000000800050003000000'));
    expect(of(kernel, rtLink.linkMessage.types.getlink)).toEqual([]);
  });

  it('`ip nexthop show dev v0`, `… master br0`, `… fdb`: NHA_OIF, NHA_MASTER, NHA_FDB in the dump', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.list({ dev: 'v0', names: false });
    await rtnl.nexthops.list({ master: 'br0', names: false });
    await rtnl.nexthops.list({ fdb: true, names: false });
    const dumps = of(kernel, T.getnexthop);
    expectCaptured(dumps[0], T.getnexthop, DUMP, NHMSG, hex('00000000000000000800050003000000'));
    expectCaptured(dumps[1], T.getnexthop, DUMP, NHMSG, hex('000000000000000008000a0004000000'));
    expectCaptured(dumps[2], T.getnexthop, DUMP, NHMSG, hex('000000000000000004000b00'));
  });

  it('stream() sends the same dump as list()', async () => {
    const { kernel, rtnl } = fake();
    for await (const _ of rtnl.nexthops.stream({ dev: 'v0', names: false })) void _;
    expectCaptured(of(kernel, T.getnexthop)[0], T.getnexthop, DUMP, NHMSG, hex('00000000000000000800050003000000'));
  });

  it('hwStats: NHA_HW_STATS_ENABLE 1 or 0 on a group', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 70, group: [1], hwStats: true });
    await rtnl.nexthops.add({ id: 71, group: [1], hwStats: false });
    const [on, off] = of(kernel, T.newnexthop);
    expectCaptured(on, T.newnexthop, ADD, NHMSG, hex('00000000000000000800010046000000' + '0c0002000100000000000000' + '08001000' + '01000000'));
    expectCaptured(off, T.newnexthop, ADD, NHMSG, hex('00000000000000000800010047000000' + '0c0002000100000000000000' + '08001000' + '00000000'));
  });

  it('a resilient timer in seconds becomes USER_HZ ticks, rounded (0.015 s: 2 ticks; the largest, 2^32-1 ticks)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 72, group: [1], resilient: { idleTimer: 0.015, unbalancedTimer: (2 ** 32 - 1) / 100 } });
    // NHA_RES_GROUP (12 | NLA_F_NESTED) { IDLE_TIMER 2, UNBALANCED_TIMER 0xffffffff }, NHA_GROUP_TYPE 1 (resilient without groupType).
    expectCaptured(of(kernel, T.newnexthop)[0], T.newnexthop, ADD, NHMSG, hex(
      '00000000000000000800010048000000' + '0c0002000100000000000000' + '14000c80' + '0800020002000000' + '08000300ffffffff' + '0600030001000000',
    ));
  });

  it('false is as good as absent: a group or blackhole with onlink/blackhole/fdb false, a member without weight (1), a zero idle timer', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.add({ id: 73, group: [{ id: 1 }], onlink: false, blackhole: false, resilient: { idleTimer: 0 } });
    await rtnl.nexthops.add({ id: 74, blackhole: true, fdb: false, onlink: false });
    const [group, blackhole] = of(kernel, T.newnexthop);
    // NHA_GROUP { id 1, weight 0 (1 - 1) }, NHA_RES_GROUP { IDLE_TIMER 0 }, NHA_GROUP_TYPE 1.
    expectCaptured(group, T.newnexthop, ADD, NHMSG, hex('00000000000000000800010049000000' + '0c0002000100000000000000' + '0c000c800800020000000000' + '0600030001000000'));
    expectCaptured(blackhole, T.newnexthop, ADD, NHMSG, hex('0200000000000000080001004a000000' + '04000400'));
  });

  it('get() names the interface of a nexthop that has one; names: false does not look', async () => {
    const { kernel, rtnl } = fake();
    expect(await rtnl.nexthops.get(7)).toMatchObject({ id: 7, oif: 3, dev: 'v0', gateway: '10.0.0.2' });
    expect((await rtnl.nexthops.get(7, { names: false })).dev).toBeUndefined();
    expect(of(kernel, rtLink.linkMessage.types.getlink)).toHaveLength(1);
    expect(await rtnl.nexthops.list({ id: 7, dev: 'v0' })).toHaveLength(1);
    expect(await rtnl.nexthops.list({ id: 7, family: 'inet' })).toHaveLength(1);
    expect(await rtnl.nexthops.list({ id: 7, family: 'inet6' })).toHaveLength(0);
  });

  it('delete() takes a listed nexthop too', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.nexthops.delete({ id: 34 });
    expectCaptured(of(kernel, T.delnexthop)[0], T.delnexthop, 0x0005, NHMSG, hex('000000000000000008000100' + '22000000'));
  });
});

describe('nexthops: each bad field is refused by name before anything is sent', () => {
  const refused: [string, unknown, string][] = [
    ['no object', null, 'nexthop'],
    ['a string', 'id 1', 'nexthop'],
    ['blackhole not a boolean', { id: 1, blackhole: 'yes' }, 'nexthop.blackhole'],
    ['fdb not a boolean', { id: 1, gateway: '10.0.0.1', fdb: 1 }, 'nexthop.fdb'],
    ['onlink not a boolean', { id: 1, gateway: '10.0.0.1', dev: 'v0', onlink: 'on' }, 'nexthop.onlink'],
    ['hwStats not a boolean', { id: 1, group: [2], hwStats: 1 }, 'nexthop.hwStats'],
    ['hwStats without a group', { id: 1, dev: 'v0', hwStats: true }, 'nexthop.hwStats'],
    ['a family other than inet/inet6', { id: 1, family: 'ipv4', dev: 'v0' }, 'nexthop.family'],
    ['a protocol above 255', { id: 1, dev: 'v0', protocol: 256 }, 'nexthop.protocol'],
    ['an unknown protocol name', { id: 1, dev: 'v0', protocol: 'ospfv9' }, 'nexthop.protocol'],
    ['a protocol named after an Object method', { id: 1, dev: 'v0', protocol: 'toString' }, 'nexthop.protocol'],
    ['a dev index 0', { id: 1, dev: 0 }, 'nexthop.dev'],
    ['a group with onlink', { id: 1, group: [2], onlink: true }, 'nexthop.onlink'],
    ['a group with blackhole', { id: 1, group: [2], blackhole: true }, 'nexthop.blackhole'],
    ['a group that is no list', { id: 1, group: 2 }, 'nexthop.group'],
    ['a null member', { id: 1, group: [null] }, 'nexthop.group[0]'],
    ['a member given as text', { id: 1, group: ['2'] }, 'nexthop.group[0]'],
    ['a member without id', { id: 1, group: [{ weight: 2 }] }, 'nexthop.group[0].id'],
    ['an unknown group type', { id: 1, group: [2], groupType: 'hash' }, 'nexthop.groupType'],
    ['a group type without a group', { id: 1, dev: 'v0', groupType: 'mpath' }, 'nexthop.groupType'],
    ['resilient settings that are no object', { id: 1, group: [2], groupType: 'resilient', resilient: 'fast' }, 'nexthop.resilient'],
    ['65536 buckets', { id: 1, group: [2], resilient: { buckets: 65536 } }, 'nexthop.resilient.buckets'],
    ['an unbalanced timer in text', { id: 1, group: [2], resilient: { unbalancedTimer: '20' } }, 'nexthop.resilient.unbalancedTimer'],
    ['an infinite idle timer', { id: 1, group: [2], resilient: { idleTimer: Infinity } }, 'nexthop.resilient.idleTimer'],
    ['an idle timer beyond 2^32-1 ticks', { id: 1, group: [2], resilient: { idleTimer: 2 ** 32 / 100 } }, 'nexthop.resilient.idleTimer'],
    ['a blackhole with a gateway', { id: 1, blackhole: true, gateway: '10.0.0.1' }, 'nexthop.gateway'],
    ['a blackhole with fdb', { id: 1, blackhole: true, fdb: true }, 'nexthop.fdb'],
    ['a blackhole with onlink', { id: 1, blackhole: true, onlink: true }, 'nexthop.onlink'],
    ['onlink without a gateway', { id: 1, dev: 'v0', onlink: true }, 'nexthop.onlink'],
    ['an IPv6 gateway on an inet nexthop', { id: 1, family: 'inet', gateway: 'fe80::1', dev: 'v0' }, 'nexthop.gateway'],
    ['a gateway that is no address', { id: 1, gateway: 'router', dev: 'v0' }, 'nexthop.gateway'],
  ];
  it.each(refused)('%s', async (_, spec, argument) => {
    const { kernel, rtnl } = fake();
    const error = await rtnl.nexthops.add(spec as NexthopSpec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect(kernel.requests).toEqual([]);
  });

  it('the messages say what is wrong', async () => {
    const { rtnl } = fake();
    const message = async (spec: unknown) => ((await rtnl.nexthops.add(spec as NexthopSpec).catch((e: unknown) => e)) as Error).message;
    expect(await message({ id: 1, family: 'inet', gateway: 'fe80::1', dev: 'v0' })).toContain('fe80::1 is not an IPv4 address (the nexthop is inet)');
    expect(await message({ id: 1, family: 'inet6', gateway: '10.0.0.1', dev: 'v0' })).toContain('10.0.0.1 is not an IPv6 address (the nexthop is inet6)');
    expect(await message({ id: 1, group: [null] })).toContain('got null');
    expect(await message(null)).toContain('got null');
    expect(await message({ id: 1, group: [2], resilient: { idleTimer: -1 } })).toContain('(0..42949672)');
  });

  it('bad filters: a null filter, non-boolean groups/fdb/names, and for delete no id', async () => {
    const { kernel, rtnl } = fake();
    for (const [filter, argument] of [
      [null, 'filter'],
      ['inet', 'filter'],
      [{ groups: 'yes' }, 'filter.groups'],
      [{ fdb: 1 }, 'filter.fdb'],
      [{ names: 'no' }, 'filter.names'],
    ] as [unknown, string][]) {
      expect(((await rtnl.nexthops.list(filter as never).catch((e: unknown) => e)) as InvalidArgumentError).argument).toBe(argument);
    }
    expect(((await rtnl.nexthops.list(null as never).catch((e: unknown) => e)) as Error).message).toContain('got null');
    expect(((await rtnl.nexthops.buckets('x' as never).catch((e: unknown) => e)) as Error).message).toContain('got string');
    expect(((await rtnl.nexthops.buckets(null as never).catch((e: unknown) => e)) as Error).message).toContain('got null');
    expect(((await rtnl.nexthops.delete(null as never).catch((e: unknown) => e)) as InvalidArgumentError).argument).toBe('id');
    expect(((await rtnl.nexthops.delete({} as never).catch((e: unknown) => e)) as InvalidArgumentError).argument).toBe('id');
    expect(kernel.requests).toEqual([]);
  });
});

describe('nexthops: decoding what else the kernel sends', () => {
  /** A kernel whose nexthop dump is `payloads`, with v0 (3) as its only link. */
  function replaying(payloads: Uint8Array[]) {
    const handler: FakeHandler = (req, k) => {
      if ((req.flags & NLM_F_DUMP) !== NLM_F_DUMP) return k.ack(req);
      return k.multipart(req, req.type === rtLink.linkMessage.types.getlink ? [linkReply(3, 'v0')] : payloads);
    };
    return new Rtnl(new Connection(new FakeKernel(handler, { replyType: rtnetlinkReplyType })));
  }

  it('`ip nexthop add id 80 encap ip id 5 dst 10.0.0.9 dev v0` as Linux 6.18 reports it: NHA_ENCAP_TYPE 2 (LWTUNNEL_ENCAP_IP), NHA_ENCAP raw', async () => {
    // `strace -xx -e trace=recvmsg -e read=all ip nexthop get id 80`; ip -j -d printed encap ip, id 5, dst 10.0.0.9, dev v0, scope host.
    const encap = '0c0001000000000000000005080002000a00000908000300000000000500050000000000050004000000000006000600000000000600070002000000';
    const [nh] = await replaying([Uint8Array.from(hex('02fe00000000000008000100500000000800050003000000' + '38000800' + encap.slice(0, 104) + '06000700' + '02000000'))]).nexthops.list();
    expect(nh).toStrictEqual({ id: 80, family: 'inet', scope: 'host', protocol: 'unspec', flags: [], oif: 3, dev: 'v0', encapType: 2, encap: Uint8Array.from(hex(encap.slice(0, 104))) });
  });

  it('an interface the link dump does not have leaves dev out', async () => {
    const [nh] = await replaying([Uint8Array.from(hex('02fd00000000000008000100010000000800050009000000080006000a000002'))]).nexthops.list();
    expect(nh).toStrictEqual({ id: 1, family: 'inet', scope: 'link', protocol: 'unspec', flags: [], oif: 9, gateway: '10.0.0.2' });
    // A blackhole has no gateway, oif or encap: not even as undefined properties.
    const [blackhole] = await replaying([Uint8Array.from(hex('0200000000000000080001000200000004000400'))]).nexthops.list();
    expect(blackhole).toStrictEqual({ id: 2, family: 'inet', scope: 'universe', protocol: 'unspec', flags: [], blackhole: true });
  });

  it('an NHA_GROUP that is no whole number of struct nexthop_grp (8 bytes) is refused as malformed', async () => {
    // NHA_GROUP of 12 bytes: one entry and 4 stray bytes.
    const error = await replaying([Uint8Array.from(hex('00000000000000000800010001000000' + '10000200' + '010000000000000002000000'))]).nexthops.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('NHA_GROUP is 12 bytes, not a whole number of 8-byte entries');
  });
});
