// The fixed headers the kernel sends, decoded from literal messages whose every field holds a distinct,
// non-zero value: a field read from its neighbour's byte (or in the wrong order) shows up as the wrong
// value, which replies where most fields are 0 would hide. Layouts from the UAPI headers:
//
//   struct rtmsg        (linux/rtnetlink.h): family, dst_len, src_len, tos, table, protocol, scope, type u8; flags u32
//   struct ifinfomsg    (linux/rtnetlink.h): family u8, pad u8, type u16, index s32, flags u32, change u32
//   struct ifaddrmsg    (linux/if_addr.h):   family, prefixlen, flags, scope u8; index u32
//   struct ndmsg        (linux/neighbour.h): family u8, pad u8, pad u16, ifindex s32, state u16, flags u8, type u8
//   struct fib_rule_hdr (linux/fib_rules.h): family, dst_len, src_len, tos, table, res1, res2, action u8; flags u32
//
// and the numbers behind the names from the same headers (RTN_*, RTPROT_*, RT_SCOPE_*, RTM_F_*, RTNH_F_*,
// IFF_*, IFA_F_*, NUD_*, NTF_*, FR_ACT_*, FIB_RULE_*). Host-order fields are little-endian here. Each
// message goes through the verb's own decoder (routes and addresses have hand-written fast ones) and
// through the generated declaration. No kernel: a FakeKernel answers the dumps.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { Rtnl } from '../src/index.js';
import { rtAddr, rtLink, rtNeigh, rtRoute } from '../src/protocol.js';

/** A kernel that answers every dump with `payloads` as messages of `type`, and lookups with the first. */
function kernelWith(type: number, payloads: number[][]) {
  const messages = payloads.map((p) => Uint8Array.from(p));
  const kernel = new FakeKernel((req, k) =>
    (req.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(req, messages, { type }) : { messages: [k.reply(req, { type, payload: messages[0]! })] },
  );
  return new Rtnl(new Connection(kernel));
}

// rtmsg: AF_INET 2, dst_len 24, src_len 8, tos 0x1c, table 200, RTPROT_ZEBRA 11, RT_SCOPE_LINK 253,
// RTN_UNREACHABLE 7, rtm_flags RTNH_F_ONLINK 0x4 | RTM_F_CLONED 0x200 | RTM_F_NOTIFY 0x100 (0x304).
// Then RTA_DST 10.20.30.0, RTA_SRC 10.0.0.0, RTA_TABLE 200.
const ROUTE = [
  0x02, 0x18, 0x08, 0x1c, 0xc8, 0x0b, 0xfd, 0x07, 0x04, 0x03, 0x00, 0x00,
  0x08, 0x00, 0x01, 0x00, 0x0a, 0x14, 0x1e, 0x00,
  0x08, 0x00, 0x02, 0x00, 0x0a, 0x00, 0x00, 0x00,
  0x08, 0x00, 0x0f, 0x00, 0xc8, 0x00, 0x00, 0x00,
];

describe.runIf(endianness() === 'LE')('rtmsg', () => {
  const expected = {
    family: 'inet', dstLen: 24, srcLen: 8, tos: 0x1c, table: 200, protocol: 'zebra', scope: 'link', type: 'unreachable',
    flags: ['onlink', 'notify', 'cloned'], dst: '10.20.30.0', src: '10.0.0.0',
  };

  it('routes.list: every field from its own byte', async () => {
    const [route] = await kernelWith(24, [ROUTE]).routes.list({ names: false });
    expect(route).toMatchObject(expected);
  });

  it('routes.stream and routes.get decode the same', async () => {
    const rtnl = kernelWith(24, [ROUTE]);
    const streamed = [];
    for await (const r of rtnl.routes.stream({ names: false })) streamed.push(r);
    expect(streamed).toHaveLength(1);
    expect(streamed[0]).toMatchObject(expected);
    expect(await rtnl.routes.get('10.20.30.1', { names: false })).toMatchObject(expected);
  });

  it('the generated rt-route declaration', () => {
    const { header } = compileMessage(rtRoute.routeMessage).decode(Uint8Array.from(ROUTE));
    expect({ ...header }).toEqual({ rtmFamily: 2, rtmDstLen: 24, rtmSrcLen: 8, rtmTos: 0x1c, rtmTable: 200, rtmProtocol: 11, rtmScope: 253, rtmType: 'unreachable', rtmFlags: 0x304 });
  });

  it('rtm_flags is a host-order u32: RTM_F_OFFLOAD_FAILED (0x20000000) in its top byte', async () => {
    const route = [...ROUTE];
    route.splice(8, 4, 0x00, 0x00, 0x00, 0x20);
    const [decoded] = await kernelWith(24, [route]).routes.list({ names: false });
    expect(decoded!.flags).toEqual(['rt-offload-failed']);
  });

  it('IPv6: the prefix lengths are bits of 128', async () => {
    // AF_INET6, dst_len 64, src_len 56, tos 0, RT_TABLE_MAIN, RTPROT_RA 9, universe, RTN_UNICAST, no flags; RTA_DST 2001:db8:0:1::.
    const v6 = [0x0a, 0x40, 0x38, 0x00, 0xfe, 0x09, 0x00, 0x01, 0, 0, 0, 0, 0x14, 0x00, 0x01, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const [route] = await kernelWith(24, [v6]).routes.list({ names: false });
    expect(route).toMatchObject({ family: 'inet6', dstLen: 64, srcLen: 56, tos: 0, table: 254, protocol: 'ra', scope: 'universe', type: 'unicast', dst: '2001:db8:0:1::', flags: [] });
  });
});

describe.runIf(endianness() === 'LE')('rtm_type: every RTN_* of linux/rtnetlink.h', () => {
  // enum { RTN_UNSPEC, RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_ANYCAST, RTN_MULTICAST, RTN_BLACKHOLE,
  //        RTN_UNREACHABLE, RTN_PROHIBIT, RTN_THROW, RTN_NAT, RTN_XRESOLVE }
  const RTN: [string, number][] = [
    ['unspec', 0], ['unicast', 1], ['local', 2], ['broadcast', 3], ['anycast', 4], ['multicast', 5], ['blackhole', 6],
    ['unreachable', 7], ['prohibit', 8], ['throw', 9], ['nat', 10], ['xresolve', 11],
  ];
  const withType = (n: number) => [0x02, 0x08, 0x00, 0x00, 0xfe, 0x04, 0x00, n, 0, 0, 0, 0, 0x08, 0x00, 0x01, 0x00, 10, n, 0, 0];

  it('decode: the byte to the name, by routes.list and by the generated declaration', async () => {
    const routes = await kernelWith(24, RTN.map(([, n]) => withType(n))).routes.list({ names: false });
    expect(routes.map((r) => r.type)).toEqual(RTN.map(([name]) => name));
    const codec = compileMessage(rtRoute.routeMessage);
    expect(RTN.map(([, n]) => codec.decode(Uint8Array.from(withType(n))).header.rtmType)).toEqual(RTN.map(([name]) => name));
  });

  it('encode: routes.add puts the number of the name in rtm_type (byte 7)', async () => {
    const kernel = new FakeKernel((req, k) => k.ack(req));
    const rtnl = new Rtnl(new Connection(kernel));
    const named = RTN.filter(([name]) => name !== 'unspec');
    for (const [name] of named) await rtnl.routes.add({ dst: '10.9.0.0/16', dev: 3, type: name as never });
    expect(kernel.requests.map((r) => r.payload[7])).toEqual(named.map(([, n]) => n));
  });

  it('the exported table is the header\'s', () => {
    expect(Object.entries(rtRoute.rtmTypeValues)).toEqual(RTN);
  });
});

describe.runIf(endianness() === 'LE')('ifinfomsg', () => {
  // AF_BRIDGE 7, pad, ARPHRD_LOOPBACK 772 (04 03), ifi_index 9, ifi_flags IFF_UP|IFF_BROADCAST|IFF_RUNNING|
  // IFF_MULTICAST|IFF_LOWER_UP (0x11043), ifi_change IFF_PROMISC (0x100); then IFLA_IFNAME "lo9".
  const LINK = [
    0x07, 0x00, 0x04, 0x03, 0x09, 0x00, 0x00, 0x00, 0x43, 0x10, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x08, 0x00, 0x03, 0x00, 0x6c, 0x6f, 0x39, 0x00,
  ];

  it('links.list', async () => {
    const [link] = await kernelWith(16, [LINK]).links.list();
    expect(link).toMatchObject({ family: 'bridge', type: 'loopback', index: 9, flags: ['up', 'broadcast', 'running', 'multicast', 'lower-up'], ifname: 'lo9' });
  });

  it('the generated rt-link declaration, ifi_change included', () => {
    const { header } = compileMessage(rtLink.linkMessage).decode(Uint8Array.from(LINK));
    expect({ ...header }).toEqual({ ifiFamily: 7, ifiType: 772, ifiIndex: 9, ifiFlags: ['up', 'broadcast', 'running', 'multicast', 'lower-up'], ifiChange: 0x100 });
  });
});

describe.runIf(endianness() === 'LE')('ifaddrmsg', () => {
  // AF_INET, prefixlen 24, IFA_F_PERMANENT 0x80, RT_SCOPE_LINK 253, ifa_index 7; IFA_LOCAL and IFA_ADDRESS 169.254.1.2.
  const ADDR = [
    0x02, 0x18, 0x80, 0xfd, 0x07, 0x00, 0x00, 0x00,
    0x08, 0x00, 0x02, 0x00, 0xa9, 0xfe, 0x01, 0x02,
    0x08, 0x00, 0x01, 0x00, 0xa9, 0xfe, 0x01, 0x02,
  ];

  it('addresses.list', async () => {
    const [address] = await kernelWith(20, [ADDR]).addresses.list({ names: false });
    expect(address).toMatchObject({ family: 'inet', prefixlen: 24, flags: ['permanent'], scope: 'link', ifindex: 7, local: '169.254.1.2' });
  });

  it('the generated rt-addr declaration', () => {
    const { header } = compileMessage(rtAddr.addrMessage).decode(Uint8Array.from(ADDR));
    expect({ ...header }).toEqual({ ifaFamily: 2, ifaPrefixlen: 24, ifaFlags: ['permanent'], ifaScope: 253, ifaIndex: 7 });
  });
});

describe.runIf(endianness() === 'LE')('ndmsg', () => {
  // AF_INET6 10, pads, ndm_ifindex 6, ndm_state NUD_STALE 0x04, ndm_flags NTF_ROUTER 0x80, ndm_type
  // RTN_BROADCAST 3; NDA_DST fe80::1.
  const NEIGH = [
    0x0a, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0x00, 0x80, 0x03,
    0x14, 0x00, 0x01, 0x00, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
  ];

  it('neighbours.list', async () => {
    const [entry] = await kernelWith(28, [NEIGH]).neighbours.list();
    expect(entry).toMatchObject({ family: 'inet6', ifindex: 6, state: 'stale', states: ['stale'], flags: ['router'], type: 'broadcast', dst: 'fe80::1' });
  });

  it('ndm_state is a host-order u16: NUD_PERMANENT|NUD_NOARP in its low byte, 0x100 in its high byte', async () => {
    const entry = [...NEIGH];
    entry.splice(8, 2, 0xc0, 0x01);
    const [decoded] = await kernelWith(28, [entry]).neighbours.list();
    expect(decoded!.states).toEqual(['noarp', 'permanent', 0x100]);
  });

  it('the generated rt-neigh declaration', () => {
    const { header } = compileMessage(rtNeigh.neighbourMessage).decode(Uint8Array.from(NEIGH));
    expect({ ...header }).toEqual({ ndmFamily: 10, ndmIfindex: 6, ndmState: ['stale'], ndmFlags: ['router'], ndmType: 'broadcast' });
  });

  it('a VXLAN FDB entry: NDA_PORT is big-endian (12 b5 is 4789), NDA_VNI host order', async () => {
    // AF_BRIDGE, ifindex 4, NUD_NOARP|NUD_PERMANENT, NTF_SELF; NDA_LLADDR, NDA_DST 192.0.2.9, NDA_PORT, NDA_VNI 100.
    const fdb = [
      0x07, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x00,
      0x0a, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x09,
      0x06, 0x00, 0x06, 0x00, 0x12, 0xb5, 0x00, 0x00,
      0x08, 0x00, 0x07, 0x00, 0x64, 0x00, 0x00, 0x00,
    ];
    const [entry] = await kernelWith(28, [fdb]).neighbours.list({ family: 'bridge' });
    expect(entry).toMatchObject({ family: 'bridge', ifindex: 4, states: ['noarp', 'permanent'], flags: ['self'], lladdr: '02:00:00:00:00:03', dst: '192.0.2.9', port: 4789, vni: 100 });
  });
});

describe.runIf(endianness() === 'LE')('fib_rule_hdr', () => {
  // AF_INET, dst_len 24, src_len 8, tos 0x1c, table 100, res1 0, res2 0, FR_ACT_UNREACHABLE 7,
  // flags FIB_RULE_UNRESOLVED 0x4 | FIB_RULE_FIND_SADDR 0x10000; FRA_DST 10.1.2.0, FRA_SRC 10.0.0.0,
  // FRA_PRIORITY 1234, FRA_TUN_ID 0x0102030405060708 (big-endian).
  const RULE = [
    0x02, 0x18, 0x08, 0x1c, 0x64, 0x00, 0x00, 0x07, 0x04, 0x00, 0x01, 0x00,
    0x08, 0x00, 0x01, 0x00, 0x0a, 0x01, 0x02, 0x00,
    0x08, 0x00, 0x02, 0x00, 0x0a, 0x00, 0x00, 0x00,
    0x08, 0x00, 0x06, 0x00, 0xd2, 0x04, 0x00, 0x00,
    0x0c, 0x00, 0x0c, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
  ];

  it('rules.list', async () => {
    const [rule] = await kernelWith(32, [RULE]).rules.list();
    expect(rule).toMatchObject({
      family: 'inet', dstLen: 24, srcLen: 8, tos: 0x1c, table: 100, action: 'unreachable', flags: ['unresolved', 'find-saddr'],
      dst: '10.1.2.0', src: '10.0.0.0', priority: 1234, tunId: 0x0102030405060708n,
    });
  });

  it('a table above 255 comes from FRA_TABLE, not the 8-bit header field', async () => {
    const rule = [0x02, 0, 0, 0, 0xfc, 0, 0, 0x01, 0, 0, 0, 0, 0x08, 0x00, 0x0f, 0x00, 0xa0, 0x86, 0x01, 0x00];
    const [decoded] = await kernelWith(32, [rule]).rules.list();
    expect(decoded).toMatchObject({ table: 100000, action: 'to-table', priority: 0 });
  });
});
