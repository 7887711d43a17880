// What the verbs send, against the bytes iproute2 sends for the same change. Each expected payload below
// was captured from iproute2 6.1 on x86_64 with
//
//     ip netns add cap; ip -n cap link add v0 type veth peer name v1   (v1 is index 2, v0 index 3)
//     ip netns exec cap strace -f -e trace=sendmsg -e write=all <command>
//
// and is pasted as it was sent (after the 16-byte nlmsghdr), with the command it came from. iproute2 is
// the reference for the defaults too: what a verb fills in when the caller does not say (route protocol
// boot, table main or local, scope universe/link/host by type and gateway, type unicast; address scope
// host for 127/8; neighbour state permanent, noarp|permanent for the FDB). The fixed header is compared
// byte for byte; the attributes as a set, since iproute2 writes them in another order than the
// declaration does and the kernel does not care (except NLA_F_* bits, which are part of nla_type here).
// No kernel: a FakeKernel records the requests.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Rtnl } from '../src/index.js';
import { expectCaptured, linkReply, splitPayload } from './helpers/captured.js';

/** A kernel that ACKs every change, answers link lookups with index 3 and route lookups with an empty route. */
function fake() {
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, []);
    if (req.type === 18) return { messages: [k.reply(req, { type: 16, payload: linkReply(3, 'v0') })] };
    if (req.type === 26) return { messages: [k.reply(req, { type: 24, payload: Uint8Array.of(2, 32, 0, 0, 254, 2, 0, 1, 0, 0, 0, 0) })] };
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const of = (kernel: FakeKernel, ...types: number[]) => kernel.requests.filter((r) => types.includes(r.type));

// nlmsg_flags as iproute2 sent them: REQUEST|ACK|EXCL|CREATE, REQUEST|ACK|CREATE|REPLACE, REQUEST|ACK, REQUEST.
const ADD = 0x0605;
const REPLACE = 0x0505;
const ACKED = 0x0005;
const REQUEST = 0x0001;

describe.runIf(endianness() === 'LE')('routes: the bytes `ip route` sends', () => {
  it('`ip route add 10.1.0.0/16 via 192.0.2.1 dev v0 metric 20`: main table, protocol boot, scope universe, unicast', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.1.0.0/16', gateway: '192.0.2.1', dev: 3, priority: 20 });
    // rtmsg: AF_INET, dst_len 16, src_len 0, tos 0, RT_TABLE_MAIN 254, RTPROT_BOOT 3, RT_SCOPE_UNIVERSE 0, RTN_UNICAST 1, flags 0.
    expectCaptured(of(kernel, 24)[0], 24, ADD, 12, [
      0x02, 0x10, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x01, 0x00, 0x00,
      0x08, 0x00, 0x05, 0x00, 0xc0, 0x00, 0x02, 0x01,
      0x08, 0x00, 0x06, 0x00, 0x14, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip route add 10.2.0.0/24 dev v0`: no gateway, so scope link (253)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.2.0.0/24', dev: 3 });
    expectCaptured(of(kernel, 24)[0], 24, ADD, 12, [
      0x02, 0x18, 0x00, 0x00, 0xfe, 0x03, 0xfd, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x02, 0x00, 0x00,
      0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip route add local 10.2.0.1 dev v0`: the local table (255), scope host (254), RTN_LOCAL 2', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.2.0.1', type: 'local', dev: 3 });
    expectCaptured(of(kernel, 24)[0], 24, ADD, 12, [
      0x02, 0x20, 0x00, 0x00, 0xff, 0x03, 0xfe, 0x02, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x02, 0x00, 0x01,
      0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip route add blackhole 10.3.0.0/16 table 100000`: rtm_table 0 and RTA_TABLE, RTN_BLACKHOLE 6, scope universe', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.3.0.0/16', type: 'blackhole', table: 100000 });
    expectCaptured(of(kernel, 24)[0], 24, ADD, 12, [
      0x02, 0x10, 0x00, 0x00, 0x00, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x03, 0x00, 0x00,
      0x08, 0x00, 0x0f, 0x00, 0xa0, 0x86, 0x01, 0x00,
    ]);
  });

  it('`ip route add 10.1.0.0/16 dev v0 mtu 1400`: RTA_METRICS (8) without NLA_F_NESTED, RTAX_MTU (2) inside', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.1.0.0/16', dev: 3, metrics: { mtu: 1400 } });
    // The attribute types are compared with their flag bits: 0x0008, not 0x8008.
    expectCaptured(of(kernel, 24)[0], 24, ADD, 12, [
      0x02, 0x10, 0x00, 0x00, 0xfe, 0x03, 0xfd, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x01, 0x00, 0x00,
      0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
      0x0c, 0x00, 0x08, 0x00, 0x08, 0x00, 0x02, 0x00, 0x78, 0x05, 0x00, 0x00,
    ]);
  });

  it('addMany with metrics: the same RTA_METRICS without NLA_F_NESTED', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.addMany([{ dst: '10.1.0.0/16', dev: 3, metrics: { mtu: 1400 } }]);
    const sent = of(kernel, 24)[0]!.payload;
    expect([...sent.subarray(28, 40)]).toEqual([0x0c, 0x00, 0x08, 0x00, 0x08, 0x00, 0x02, 0x00, 0x78, 0x05, 0x00, 0x00]);
  });

  it('`ip route del 10.1.0.0/16`: RTM_DELROUTE, protocol and type 0, scope nowhere (255), main table', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.delete({ dst: '10.1.0.0/16' });
    expectCaptured(of(kernel, 25)[0], 25, ACKED, 12, [
      0x02, 0x10, 0x00, 0x00, 0xfe, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x01, 0x00, 0x00,
    ]);
  });

  it('`ip route add 10.5.0.0/16 via 192.0.2.1 dev v0 onlink tos 0x10 table 200 proto static scope link`: every rtmsg field non-zero', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.5.0.0/16', gateway: '192.0.2.1', dev: 3, flags: ['onlink'], tos: 0x10, table: 200, protocol: 'static', scope: 'link' });
    // tos 0x10 at byte 3, table 200 (c8), RTPROT_STATIC 4, RT_SCOPE_LINK fd, rtm_flags RTNH_F_ONLINK 4.
    expectCaptured(of(kernel, 24)[0], 24, ADD, 12, [
      0x02, 0x10, 0x00, 0x10, 0xc8, 0x04, 0xfd, 0x01, 0x04, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x05, 0x00, 0x00,
      0x08, 0x00, 0x05, 0x00, 0xc0, 0x00, 0x02, 0x01,
      0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip -6 route add 2001:db8::/48 from 2001:db8:1::/64 dev v0 proto 99 table 201`: src_len 64, scope universe for IPv6', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '2001:db8::/48', src: '2001:db8:1::/64', dev: 3, protocol: 99, table: 201 });
    expectCaptured(of(kernel, 24)[0], 24, ADD, 12, [
      0x0a, 0x30, 0x40, 0x00, 0xc9, 0x63, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x14, 0x00, 0x01, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x14, 0x00, 0x02, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ]);
  });

  it('`ip route get 10.7.0.1 ipproto tcp sport 22 dport 443`: RTM_F_LOOKUP_TABLE, RTA_SPORT/RTA_DPORT big-endian', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.get('10.7.0.1', { ipProto: 6, sport: 22, dport: 443, names: false });
    expectCaptured(of(kernel, 26)[0], 26, REQUEST, 12, [
      0x02, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x07, 0x00, 0x01,
      0x05, 0x00, 0x1b, 0x00, 0x06, 0x00, 0x00, 0x00,
      0x06, 0x00, 0x1c, 0x00, 0x00, 0x16, 0x00, 0x00,
      0x06, 0x00, 0x1d, 0x00, 0x01, 0xbb, 0x00, 0x00,
    ]);
  });

  it('addMany writes the same bytes as add (its own writer, not the codec)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.addMany([{ dst: '10.1.0.0/16', gateway: '192.0.2.1', dev: 3, priority: 20 }, { dst: '10.2.0.0/24', dev: 3 }]);
    // The flags differ (no ACK asked: only failures are answered); the payloads are the captures' own.
    const [first, second] = of(kernel, 24);
    expect(splitPayload(first!.payload, 12)).toEqual(splitPayload(Uint8Array.of(
      0x02, 0x10, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x01, 0x00, 0x00, 0x08, 0x00, 0x05, 0x00, 0xc0, 0x00, 0x02, 0x01,
      0x08, 0x00, 0x06, 0x00, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ), 12));
    expect(splitPayload(second!.payload, 12)).toEqual(splitPayload(Uint8Array.of(
      0x02, 0x18, 0x00, 0x00, 0xfe, 0x03, 0xfd, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x02, 0x00, 0x00, 0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ), 12));
  });
});

describe.runIf(endianness() === 'LE')('addresses: the bytes `ip addr` sends', () => {
  it('`ip addr add 192.0.2.20/24 dev v0`: ifaddrmsg AF_INET, prefixlen 24, flags 0, scope universe, index 3; IFA_LOCAL and IFA_ADDRESS', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.addresses.add(3, '192.0.2.20/24');
    expectCaptured(of(kernel, 20)[0], 20, ADD, 8, [
      0x02, 0x18, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x02, 0x00, 0xc0, 0x00, 0x02, 0x14,
      0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x14,
    ]);
  });

  it('`ip addr add 127.0.0.5/8 dev lo`: scope host (254) by default for 127/8', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.addresses.add(1, '127.0.0.5/8');
    expectCaptured(of(kernel, 20)[0], 20, ADD, 8, [
      0x02, 0x08, 0x00, 0xfe, 0x01, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x02, 0x00, 0x7f, 0x00, 0x00, 0x05,
      0x08, 0x00, 0x01, 0x00, 0x7f, 0x00, 0x00, 0x05,
    ]);
  });

  it('`ip addr add 10.9.0.1/8 dev v0 scope link`: the scope at byte 3', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.addresses.add(3, '10.9.0.1/8', { scope: 'link' });
    expectCaptured(of(kernel, 20)[0], 20, ADD, 8, [
      0x02, 0x08, 0x00, 0xfd, 0x03, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x02, 0x00, 0x0a, 0x09, 0x00, 0x01,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x09, 0x00, 0x01,
    ]);
  });

  it('`ip -6 addr add 2001:db8::5/64 dev v0 nodad`: IFA_F_NODAD (0x02) in ifa_flags at byte 2', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.addresses.add(3, '2001:db8::5/64', { flags: ['nodad'] });
    const address = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05];
    expectCaptured(of(kernel, 20)[0], 20, ADD, 8, [
      0x0a, 0x40, 0x02, 0x00, 0x03, 0x00, 0x00, 0x00,
      0x14, 0x00, 0x02, 0x00, ...address,
      0x14, 0x00, 0x01, 0x00, ...address,
    ]);
  });

  it('`ip addr del 192.0.2.20/24 dev v0`: RTM_DELADDR with the same key', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.addresses.delete(3, '192.0.2.20/24');
    expectCaptured(of(kernel, 21)[0], 21, ACKED, 8, [
      0x02, 0x18, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x02, 0x00, 0xc0, 0x00, 0x02, 0x14,
      0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x14,
    ]);
  });
});

describe.runIf(endianness() === 'LE')('neighbours: the bytes `ip neigh` and `bridge fdb` send', () => {
  it('`ip neigh add 192.0.2.50 lladdr 02:00:00:00:00:01 dev v0`: ndmsg AF_INET, index 3, NUD_PERMANENT (0x80) by default', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.neighbours.add({ interface: 3, dst: '192.0.2.50', lladdr: '02:00:00:00:00:01' });
    // ndmsg: family, pad, pad16, ifindex s32, state u16, flags u8, type u8.
    expectCaptured(of(kernel, 28)[0], 28, ADD, 12, [
      0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x32,
      0x0a, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    ]);
  });

  it('`ip neigh replace 192.0.2.51 lladdr 02:00:00:00:00:02 dev v0 nud reachable router`: state 0x02, NTF_ROUTER 0x80', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.neighbours.replace({ interface: 3, dst: '192.0.2.51', lladdr: '02:00:00:00:00:02', state: 'reachable', flags: ['router'] });
    expectCaptured(of(kernel, 28)[0], 28, REPLACE, 12, [
      0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x80, 0x00,
      0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x33,
      0x0a, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
    ]);
  });

  it('`bridge fdb add 02:00:00:00:00:03 dev v0 dst 192.0.2.9 port 4789 self`: AF_BRIDGE, NUD_NOARP|NUD_PERMANENT, NTF_SELF, NDA_PORT big-endian', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.neighbours.add({ family: 'bridge', interface: 3, lladdr: '02:00:00:00:00:03', dst: '192.0.2.9', port: 4789, flags: ['self'] });
    expectCaptured(of(kernel, 28)[0], 28, ADD, 12, [
      0x07, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x00,
      0x0a, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x09,
      0x06, 0x00, 0x06, 0x00, 0x12, 0xb5, 0x00, 0x00,
    ]);
  });
});

describe.runIf(endianness() === 'LE')('rules: the bytes `ip rule` sends', () => {
  // fib_rule_hdr: family, dst_len, src_len, tos, table, res1, res2, action, flags u32.
  it('`ip rule add from 10.0.0.0/8 table 100 priority 1000`: FR_ACT_TO_TBL (1) from the table', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ src: '10.0.0.0/8', table: 100, priority: 1000 });
    expectCaptured(of(kernel, 32)[0], 32, ADD, 12, [
      0x02, 0x00, 0x08, 0x00, 0x64, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x02, 0x00, 0x0a, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x06, 0x00, 0xe8, 0x03, 0x00, 0x00,
    ]);
  });

  it('`ip rule add from 10.2.0.0/16 table 100`: no priority given, no FRA_PRIORITY (the kernel picks one)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ src: '10.2.0.0/16', table: 100 });
    expectCaptured(of(kernel, 32)[0], 32, ADD, 12, [
      0x02, 0x00, 0x10, 0x00, 0x64, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x02, 0x00, 0x0a, 0x02, 0x00, 0x00,
    ]);
  });

  it('`ip rule add from 10.3.0.0/16 goto 1000 pref 900`: FR_ACT_GOTO (2) from goto, FRA_GOTO, no table', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ src: '10.3.0.0/16', goto: 1000, priority: 900 });
    expectCaptured(of(kernel, 32)[0], 32, ADD, 12, [
      0x02, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x02, 0x00, 0x0a, 0x03, 0x00, 0x00,
      0x08, 0x00, 0x04, 0x00, 0xe8, 0x03, 0x00, 0x00,
      0x08, 0x00, 0x06, 0x00, 0x84, 0x03, 0x00, 0x00,
    ]);
  });

  it('`ip rule add not to 10.1.0.0/16 tos 0x10 table 200 pref 2000`: dst_len, tos and FIB_RULE_INVERT (2) in their places', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ dst: '10.1.0.0/16', invert: true, tos: 0x10, table: 200, priority: 2000 });
    expectCaptured(of(kernel, 32)[0], 32, ADD, 12, [
      0x02, 0x10, 0x00, 0x10, 0xc8, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x0a, 0x01, 0x00, 0x00,
      0x08, 0x00, 0x06, 0x00, 0xd0, 0x07, 0x00, 0x00,
    ]);
  });

  it('`ip rule add fwmark 1 blackhole pref 3000`: FR_ACT_BLACKHOLE (6), no table', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ fwmark: 1, action: 'blackhole', priority: 3000 });
    expectCaptured(of(kernel, 32)[0], 32, ADD, 12, [
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x0a, 0x00, 0x01, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x06, 0x00, 0xb8, 0x0b, 0x00, 0x00,
    ]);
  });

  it('`ip rule add lookup 100000 pref 4000`: a table above 255 in FRA_TABLE, fib_rule_hdr.table 0', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ table: 100000, priority: 4000 });
    expectCaptured(of(kernel, 32)[0], 32, ADD, 12, [
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x0f, 0x00, 0xa0, 0x86, 0x01, 0x00,
      0x08, 0x00, 0x06, 0x00, 0xa0, 0x0f, 0x00, 0x00,
    ]);
  });

  it('`ip rule add tun_id 0x1234 table 7 pref 5000`: FRA_TUN_ID big-endian 64-bit', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ tunId: 0x1234n, table: 7, priority: 5000 });
    expectCaptured(of(kernel, 32)[0], 32, ADD, 12, [
      0x02, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x0c, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34,
      0x08, 0x00, 0x06, 0x00, 0x88, 0x13, 0x00, 0x00,
    ]);
  });

  it('`ip rule del pref 1000`: RTM_DELRULE, action FR_ACT_UNSPEC (0), table 0', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.delete({ priority: 1000 });
    expectCaptured(of(kernel, 33)[0], 33, ACKED, 12, [
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x06, 0x00, 0xe8, 0x03, 0x00, 0x00,
    ]);
  });
});

describe.runIf(endianness() === 'LE')('links: the bytes `ip link set` sends', () => {
  // ifinfomsg: family u8, pad, type u16, index s32, flags u32, change u32.
  it('`ip link set v0 up`: ifi_index 3, ifi_flags IFF_UP, ifi_change IFF_UP', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.links.set(3, { up: true });
    expectCaptured(of(kernel, 16)[0], 16, ACKED, 16, [0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00]);
  });

  it('`ip link set v0 down`: ifi_flags 0, ifi_change IFF_UP', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.links.set(3, { up: false });
    expectCaptured(of(kernel, 16)[0], 16, ACKED, 16, [0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00]);
  });

  it('`ip link set dev v0 mtu 1400`: ifi_change 0, IFLA_MTU', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.links.set(3, { mtu: 1400 });
    expectCaptured(of(kernel, 16)[0], 16, ACKED, 16, [
      0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x00, 0x04, 0x00, 0x78, 0x05, 0x00, 0x00,
    ]);
  });
});
