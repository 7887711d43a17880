// rtnl.netconf decodes what the kernel sends as iproute2 prints it. The payloads below are a real
// RTM_GETNETCONF dump of Linux 6.18 (read with `strace -xx -e trace=recvmsg -e read=all ip netconf show`
// in a namespace with lo (index 1) and a veth pair v1 (2), v0 (3), after
//
//     sysctl -w net.ipv4.conf.v0.rp_filter=2 net.ipv4.conf.v0.forwarding=1 net.ipv4.conf.v0.ignore_routes_with_linkdown=1
//
// ), and the expected objects are what `ip -j netconf show` printed for the same dump. No kernel: a
// FakeKernel replays the dump, and answers a lookup with the dumped entry of that family and index.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, type NetlinkMessage } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl, type Netconf } from '../src/index.js';
import { rtLink, rtNetconf } from '../src/protocol.js';
import { linkReply } from './helpers/captured.js';
import { netconfAsIp as asIp } from './helpers/ip-netconf.js';

const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

// netconfmsg (family, 3 bytes pad), then NETCONFA_IFINDEX (1), FORWARDING (2), RP_FILTER (3),
// MC_FORWARDING (4), BC_FORWARDING (8), PROXY_NEIGH (5), IGNORE_ROUTES_WITH_LINKDOWN (6), as the kernel sent them.
const DUMP = [
  '020000000800010001000000080002000000000008000300000000000800040000000000080008000000000008000500000000000800060000000000',
  '020000000800010002000000080002000000000008000300000000000800040000000000080008000000000008000500000000000800060000000000',
  '020000000800010003000000080002000100000008000300020000000800040000000000080008000000000008000500000000000800060001000000',
  '0200000008000100ffffffff080002000000000008000300000000000800040000000000080008000000000008000500000000000800060000000000',
  '0200000008000100feffffff080002000000000008000300000000000800040000000000080008000000000008000500000000000800060000000000',
  '0a0000000800010001000000080002000000000008000500000000000800060000000000',
  '0a0000000800010002000000080002000000000008000500000000000800060000000000',
  '0a0000000800010003000000080002000000000008000500000000000800060000000000',
  '0a00000008000100ffffffff080002000000000008000500000000000800060000000000',
  '0a00000008000100feffffff080002000000000008000500000000000800060000000000',
].map(hex);

/** `ip -j netconf show` of the same namespace (iproute2 6.1 does not print bc_forwarding). */
const IP_SHOWED = [
  { family: 'inet', interface: 'lo', forwarding: false, rp_filter: 'off', mc_forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: false },
  { family: 'inet', interface: 'v1', forwarding: false, rp_filter: 'off', mc_forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: false },
  { family: 'inet', interface: 'v0', forwarding: true, rp_filter: 'loose', mc_forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: true },
  { family: 'inet', interface: 'all', forwarding: false, rp_filter: 'off', mc_forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: false },
  { family: 'inet', interface: 'default', forwarding: false, rp_filter: 'off', mc_forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: false },
  { family: 'inet6', interface: 'lo', forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: false },
  { family: 'inet6', interface: 'v1', forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: false },
  { family: 'inet6', interface: 'v0', forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: false },
  { family: 'inet6', interface: 'all', forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: false },
  { family: 'inet6', interface: 'default', forwarding: false, proxy_neigh: false, ignore_routes_with_linkdown: false },
];

/** A netconf entry the way `ip -j netconf show` prints it (ipnetconf.c). */
const LINKS = [linkReply(1, 'lo'), linkReply(2, 'v1'), linkReply(3, 'v0')];
const NETCONF = rtNetconf.netconfMessage.types;

/** The family byte and NETCONFA_IFINDEX of a lookup (netconfmsg padded to 4, then the one attribute). */
const lookupOf = (req: NetlinkMessage) => ({ family: req.payload[0]!, ifindex: new DataView(req.payload.buffer, req.payload.byteOffset).getInt32(8, true) });
const entryOf = (payload: Uint8Array) => ({ family: payload[0]!, ifindex: new DataView(payload.buffer, payload.byteOffset).getInt32(8, true) });

/** IFLA_IFNAME (3) of a link lookup: ifinfomsg is 16 bytes, then the attributes. */
function ifnameOf(req: NetlinkMessage): string {
  for (let at = 16; at + 4 <= req.payload.length; ) {
    const len = req.payload[at]! | (req.payload[at + 1]! << 8);
    if ((req.payload[at + 2]! | (req.payload[at + 3]! << 8)) === 3) return new TextDecoder().decode(req.payload.subarray(at + 4, at + len)).replace(/\0+$/, '');
    at += (len + 3) & ~3;
  }
  return '';
}

/** `interrupt`: the request types whose dumps the kernel marks NLM_F_DUMP_INTR (from the first message on). */
function fake(interrupt: number[] = []) {
  const intr = (req: NetlinkMessage) => (interrupt.includes(req.type) ? { interrupted: 0 } : {});
  const handler: FakeHandler = (req, k) => {
    if (req.type === rtLink.linkMessage.types.getlink) {
      if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, LINKS, intr(req));
      const name = ifnameOf(req);
      const index = ['lo', 'v1', 'v0'].indexOf(name) + 1;
      if (index === 0) return k.error(req, 19);
      return { messages: [k.reply(req, { type: rtLink.linkMessage.types.newlink, payload: linkReply(index, name) })] };
    }
    if (req.type === NETCONF.getnetconf) {
      // The whole dump whatever the family asked: the family filter is checked on what comes back.
      if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, DUMP, { perDatagram: 4, ...intr(req) });
      const want = lookupOf(req);
      const found = DUMP.find((p) => entryOf(p).family === want.family && entryOf(p).ifindex === want.ifindex);
      if (found === undefined) return k.error(req, 19);
      return { messages: [k.reply(req, { type: NETCONF.getnetconfReply, payload: found })] };
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe('netconf: a real kernel dump, decoded as ip prints it', () => {
  it('list() equals ip -j netconf show of the same dump', async () => {
    const { rtnl } = fake();
    expect((await rtnl.netconf.list()).map(asIp)).toEqual(IP_SHOWED);
  });

  it('stream() yields what list() returns', async () => {
    const { rtnl } = fake();
    const streamed: Netconf[] = [];
    for await (const c of rtnl.netconf.stream()) streamed.push(c);
    expect(streamed.map(asIp)).toEqual(IP_SHOWED);
  });

  it('the shape of v0 in IPv4: every attribute the kernel sent, bc_forwarding too, rp_filter by name', async () => {
    const { rtnl } = fake();
    const list = await rtnl.netconf.list({ family: 'inet', dev: 'v0' });
    expect([...list]).toEqual([
      { family: 'inet', ifindex: 3, dev: 'v0', forwarding: true, rpFilter: 'loose', mcForwarding: false, bcForwarding: false, proxyNeigh: false, ignoreRoutesWithLinkdown: true },
    ]);
  });

  it('filters by family and interface on what comes back (both in list and stream)', async () => {
    const { kernel, rtnl } = fake();
    expect((await rtnl.netconf.list({ family: 'inet6' })).map((c) => c.dev)).toEqual(['lo', 'v1', 'v0', 'all', 'default']);
    expect((await rtnl.netconf.list({ family: 'inet6' })).every((c) => c.family === 'inet6')).toBe(true);
    expect((await rtnl.netconf.list({ dev: 'v1' })).map((c) => [c.family, c.ifindex])).toEqual([['inet', 2], ['inet6', 2]]);
    expect((await rtnl.netconf.list({ dev: 'default', family: 'inet' })).map((c) => [c.family, c.ifindex, c.dev])).toEqual([['inet', -2, 'default']]);
    const streamed: [unknown, number][] = [];
    for await (const c of rtnl.netconf.stream({ family: 'inet6', dev: 'all' })) streamed.push([c.family, c.ifindex]);
    expect(streamed).toEqual([['inet6', -1]]);
    // The family goes to the kernel too (ncm_family of the dumps: AF_INET6, AF_INET6, AF_UNSPEC, AF_INET, AF_INET6).
    expect(kernel.requests.filter((r) => r.type === NETCONF.getnetconf).map((r) => r.payload[0])).toEqual([10, 10, 0, 2, 10]);
  });

  it('the flags set (laid out from linux/netconf.h: mc_forwarding is set only by a multicast routing daemon), rp_filter 1 and a value ip has no name for', async () => {
    // AF_INET, NETCONFA_IFINDEX 3, RP_FILTER 1, MC_FORWARDING 1, BC_FORWARDING 1, PROXY_NEIGH 1; then RP_FILTER 3.
    const set = hex('02000000080001000300000008000300010000000800040001000000080008000100000008000500' + '01000000');
    const odd = hex('0200000008000100030000000800030003000000');
    const handler: FakeHandler = (req, k) => k.multipart(req, (req.flags & NLM_F_DUMP) === NLM_F_DUMP && req.type === NETCONF.getnetconf ? [set, odd] : []);
    const rtnl = new Rtnl(new Connection(new FakeKernel(handler, { replyType: rtnetlinkReplyType })));
    expect([...(await rtnl.netconf.list({ family: 'inet' }))]).toStrictEqual([
      { family: 'inet', ifindex: 3, rpFilter: 'strict', mcForwarding: true, bcForwarding: true, proxyNeigh: true },
      { family: 'inet', ifindex: 3, rpFilter: 3 },
    ]);
  });

  it('names: false leaves interfaces by index, all and default still named (they are no interface)', async () => {
    const { kernel, rtnl } = fake();
    const list = await rtnl.netconf.list({ family: 'inet', names: false });
    expect(list.map((c) => c.dev)).toEqual([undefined, undefined, undefined, 'all', 'default']);
    const streamed: (string | undefined)[] = [];
    for await (const c of rtnl.netconf.stream({ family: 'inet', names: false })) streamed.push(c.dev);
    expect(streamed).toEqual([undefined, undefined, undefined, 'all', 'default']);
    expect(kernel.requests.filter((r) => r.type === rtLink.linkMessage.types.getlink)).toEqual([]);
  });

  it('get(): by name, by index (named by a lookup), all and default (NETCONFA_IFINDEX_ALL -1, _DEFAULT -2)', async () => {
    const { kernel, rtnl } = fake();
    expect(await rtnl.netconf.get('v0')).toEqual({
      family: 'inet', ifindex: 3, dev: 'v0', forwarding: true, rpFilter: 'loose', mcForwarding: false, bcForwarding: false, proxyNeigh: false, ignoreRoutesWithLinkdown: true,
    });
    expect(await rtnl.netconf.get(2, 'inet6')).toStrictEqual({ family: 'inet6', ifindex: 2, dev: 'v1', forwarding: false, proxyNeigh: false, ignoreRoutesWithLinkdown: false });
    expect(await rtnl.netconf.get('all', 'inet6')).toMatchObject({ family: 'inet6', ifindex: -1, dev: 'all' });
    expect(await rtnl.netconf.get('default')).toMatchObject({ family: 'inet', ifindex: -2, dev: 'default', rpFilter: 'off' });
    // all and default are no interface: no link dump to name them.
    expect(kernel.requests.filter((r) => r.type === rtLink.linkMessage.types.getlink && (r.flags & NLM_F_DUMP) === NLM_F_DUMP)).toHaveLength(1);
    const lookups = kernel.requests.filter((r) => r.type === NETCONF.getnetconf).map(lookupOf);
    expect(lookups).toEqual([
      { family: 2, ifindex: 3 },
      { family: 10, ifindex: 2 },
      { family: 10, ifindex: -1 },
      { family: 2, ifindex: -2 },
    ]);
  });

  it('get() of an interface the kernel has no entry for: its ENODEV, as NoSuchInterfaceError for a name', async () => {
    const { rtnl } = fake();
    const byName = await rtnl.netconf.get('v0', 'mpls').catch((e: unknown) => e);
    expect(byName).toMatchObject({ code: 'ERR_LINX_NO_SUCH_INTERFACE', interface: 'v0' });
    const error = await rtnl.netconf.get(9, 'inet').catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('ERR_LINX_NO_SUCH_INTERFACE');
  });

  it('bad filters are refused before anything is sent', async () => {
    const { kernel, rtnl } = fake();
    const bad: [unknown, string][] = [
      [null, 'filter'],
      ['inet', 'filter'],
      [{ family: 'inet', device: 'v0' }, 'filter.device'],
      [{ names: 'no' }, 'filter.names'],
      [{ family: 'ipx' }, 'filter.family'],
    ];
    for (const [filter, argument] of bad) {
      const error = await rtnl.netconf.list(filter as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(filter)).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      const streamError = await (async () => {
        for await (const _ of rtnl.netconf.stream(filter as never)) void _;
      })().catch((e: unknown) => e);
      expect((streamError as InvalidArgumentError).argument).toBe(argument);
    }
    expect((await rtnl.netconf.get('v0', 'ipx' as 'inet').catch((e: unknown) => e) as InvalidArgumentError).argument).toBe('family');
    expect(((await rtnl.netconf.list(null as never).catch((e: unknown) => e)) as Error).message).toContain('got null');
    expect(((await rtnl.netconf.list('inet' as never).catch((e: unknown) => e)) as Error).message).toContain('got string');
    expect(kernel.requests).toEqual([]);
  });

  it('a dump marked interrupted (netconf or the link names), accepted, is returned marked; a clean one is not', async () => {
    const accept = { onInterrupt: { action: 'accept' } } as const;
    expect((await fake().rtnl.netconf.list({}, accept)).interrupted).toBe(false);
    expect((await fake([NETCONF.getnetconf]).rtnl.netconf.list({}, accept)).interrupted).toBe(true);
    expect((await fake([rtLink.linkMessage.types.getlink]).rtnl.netconf.list({}, accept)).interrupted).toBe(true);
    expect((await fake([rtLink.linkMessage.types.getlink]).rtnl.netconf.list({ names: false }, accept)).interrupted).toBe(false);
  });

  it('MPLS: NETCONFA_INPUT (7, linux/netconf.h) as input, for a kernel with MPLS (this one has none: bytes laid out from the header)', async () => {
    // netconfmsg AF_MPLS (28), NETCONFA_IFINDEX 3, NETCONFA_INPUT 1; then the same with input 0.
    const on = hex('1c000000080001000300000008000700' + '01000000');
    const off = hex('1c000000080001000300000008000700' + '00000000');
    const handler: FakeHandler = (req, k) => k.multipart(req, (req.flags & NLM_F_DUMP) === NLM_F_DUMP && req.type === NETCONF.getnetconf ? [on, off] : []);
    const rtnl = new Rtnl(new Connection(new FakeKernel(handler, { replyType: rtnetlinkReplyType })));
    expect([...(await rtnl.netconf.list({ family: 'mpls', names: false }))]).toEqual([
      { family: 'mpls', ifindex: 3, input: true },
      { family: 'mpls', ifindex: 3, input: false },
    ]);
  });

  it('a refusal of all or default stays the kernel\'s error (they are no interface); a lookup without a reply is MalformedError', async () => {
    const handler: FakeHandler = (req, k) => (req.payload[0] === 28 ? k.error(req, 19) : k.ack(req));
    const rtnl = new Rtnl(new Connection(new FakeKernel(handler, { replyType: rtnetlinkReplyType })));
    for (const dev of ['all', 'default'] as const) {
      const error = await rtnl.netconf.get(dev, 'mpls').catch((e: unknown) => e);
      expect((error as { errnoName?: string }).errnoName).toBe('ENODEV');
    }
    expect(((await rtnl.netconf.get(5, 'mpls').catch((e: unknown) => e)) as { code?: string }).code).toBe('ERR_LINX_NO_SUCH_INTERFACE');
    const empty = await rtnl.netconf.get('all', 'inet').catch((e: unknown) => e);
    expect((empty as { code?: string }).code).toBe('ERR_LINX_MALFORMED');
  });
});
