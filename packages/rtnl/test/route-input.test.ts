// rtnl.routes without a kernel: the requests as bytes (a FakeKernel records them), kernel-side filters in
// the dump request, the decoding of what a kernel could send (multipath, via, unknown attributes, MPLS), and
// bad input refused with InvalidArgumentError before anything is sent.
import { describe, expect, it } from 'vitest';
import { UNKNOWN, compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { AttributeEncoder, NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST, type NetlinkMessage } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, Rtnl, type RouteSpec } from '../src/index.js';
import { rtLink, rtRoute } from '../src/protocol.js';
import { linkPayload } from './helpers/link-payload.js';

const route = compileMessage(rtRoute.routeMessage);
const RTM_NEWROUTE = rtRoute.routeMessage.types.newroute;
const RTM_NEWLINK = rtLink.linkMessage.types.newlink;

/**
 * A fake kernel: ACKs changes, answers route dumps with `routes`, link dumps and lookups with v0 (index 3)
 * and v1 (4), and `lookup` for RTM_GETROUTE requests.
 */
function fake(routes: Uint8Array[] = [], lookup?: Uint8Array) {
  const links = [linkPayload(3, 'v0'), linkPayload(4, 'v1')];
  const handler: FakeHandler = (req, k) => {
    const dump = (req.flags & NLM_F_DUMP) === NLM_F_DUMP;
    if (req.type === 18 && dump) return k.multipart(req, links, { type: RTM_NEWLINK });
    if (req.type === 18) {
      const name = new TextDecoder().decode(req.payload.subarray(20)).replace(/\0.*$/s, '');
      const index = name === 'v0' ? 3 : name === 'v1' ? 4 : 0;
      return index ? { messages: [k.reply(req, { type: RTM_NEWLINK, payload: linkPayload(index, name) })] } : k.error(req, 19);
    }
    if (req.type === 26 && dump) return k.multipart(req, routes);
    if (req.type === 26) return { messages: [k.reply(req, { type: RTM_NEWROUTE, payload: lookup ?? new Uint8Array(12) })] };
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const routeRequests = (kernel: FakeKernel): NetlinkMessage[] => kernel.requests.filter((r) => r.type >= 24 && r.type <= 26);
const decoded = (m: NetlinkMessage) => {
  const v = route.decode(m.payload);
  return { header: { ...v.header }, attrs: { ...v.attrs } };
};

describe('route requests', () => {
  it('add: RTM_NEWROUTE with CREATE|EXCL; ip route add defaults (main table, boot, unicast, universe with a gateway)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.1.0.0/16', gateway: '192.0.2.1', dev: 3, priority: 20 });
    const [req] = routeRequests(kernel);
    expect(req!.type).toBe(24);
    expect(req!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    expect(decoded(req!)).toEqual({
      header: { rtmFamily: 2, rtmDstLen: 16, rtmSrcLen: 0, rtmTos: 0, rtmTable: 254, rtmProtocol: 4 - 1, rtmScope: 0, rtmType: 'unicast', rtmFlags: 0 },
      attrs: { dst: '10.1.0.0', gateway: '192.0.2.1', oif: 3, priority: 20 },
    });
  });

  it('a device-only route has scope link; local routes go to the local table with scope host', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.2.0.0/24', dev: 'v0' });
    await rtnl.routes.add({ dst: '10.2.0.1', type: 'local', dev: 'v0' });
    await rtnl.routes.add({ dst: '10.2.0.255', type: 'broadcast', dev: 'v0' });
    const [link, local, broadcast] = routeRequests(kernel).map(decoded);
    expect(link!.header).toMatchObject({ rtmScope: 253, rtmTable: 254, rtmType: 'unicast' });
    expect(link!.attrs.oif).toBe(3);
    expect(local!.header).toMatchObject({ rtmDstLen: 32, rtmScope: 254, rtmTable: 255, rtmType: 'local' });
    expect(broadcast!.header).toMatchObject({ rtmScope: 253, rtmTable: 255, rtmType: 'broadcast' });
  });

  it('tables above 255 travel in RTA_TABLE (rtm_table 0); table names; replace and append flags', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.replace({ dst: '10.3.0.0/16', type: 'blackhole', table: 100_000 });
    await rtnl.routes.append({ dst: '10.3.0.0/16', type: 'unreachable', table: 'local' });
    const [replace, append] = routeRequests(kernel);
    expect(replace!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
    expect(append!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_APPEND);
    expect(decoded(replace!)).toMatchObject({ header: { rtmTable: 0, rtmType: 'blackhole', rtmScope: 0 }, attrs: { table: 100_000 } });
    expect(decoded(append!)).toMatchObject({ header: { rtmTable: 255, rtmType: 'unreachable' } });
    expect(decoded(append!).attrs.table).toBeUndefined();
  });

  it('default routes: no RTA_DST, prefix length 0; the family from the gateway', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: 'default', gateway: 'fe80::1', dev: 'v1' });
    await rtnl.routes.add({ dst: 'default', dev: 'v0' });
    const [v6, v4] = routeRequests(kernel).map(decoded);
    expect(v6!.header).toMatchObject({ rtmFamily: 10, rtmDstLen: 0, rtmScope: 0 });
    expect(v6!.attrs).toEqual({ gateway: 'fe80::1', oif: 4 });
    expect(v4!.header).toMatchObject({ rtmFamily: 2, rtmDstLen: 0, rtmScope: 253 });
  });

  it('multipath: struct rtnexthop + RTA_GATEWAY per hop, weights as hops - 1, names resolved', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.4.0.0/16', multipath: [{ gateway: '192.0.2.1', dev: 'v0', weight: 3 }, { gateway: '192.0.2.2', oif: 4, flags: ['onlink'] }] });
    const v = decoded(routeRequests(kernel)[0]!);
    expect(v.attrs.oif).toBeUndefined();
    // rtnh_len 16, flags 0, hops 2, ifindex 3, RTA_GATEWAY; rtnh_len 16, RTNH_F_ONLINK, hops 0, ifindex 4, RTA_GATEWAY.
    expect(v.attrs.multipath!.map((hop) => ({ ...hop }))).toEqual([
      { header: { rtnhLen: 16, rtnhFlags: 0, rtnhHops: 2, rtnhIfindex: 3 }, gateway: '192.0.2.1' },
      { header: { rtnhLen: 16, rtnhFlags: 4, rtnhHops: 0, rtnhIfindex: 4 }, gateway: '192.0.2.2' },
    ]);
    expect(v.header.rtmScope).toBe(0);
  });

  it('metrics: a nested RTA_METRICS with lock as a bitmask; IPv6 pref and expires', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.add({ dst: '10.5.0.0/16', dev: 3, metrics: { mtu: 1400, advmss: 1360, rtt: 80, lock: ['mtu'], ccAlgo: 'reno' } });
    await rtnl.routes.add({ dst: '2001:db8::/48', dev: 3, pref: 'high', expires: 60 });
    const [metrics, v6] = routeRequests(kernel).map(decoded);
    expect({ ...metrics!.attrs.metrics }).toEqual({ lock: 1 << 2, mtu: 1400, rtt: 80, advmss: 1360, ccAlgo: 'reno' });
    expect(v6!.attrs).toMatchObject({ pref: 1, expires: 60 });
    expect(v6!.header).toMatchObject({ rtmFamily: 10, rtmDstLen: 48, rtmScope: 0 });
  });

  it('delete: RTM_DELROUTE, no flags; protocol and type unspecified, scope nowhere (as ip route del)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.delete({ dst: '10.6.0.0/16' });
    const [req] = routeRequests(kernel);
    expect(req!.type).toBe(25);
    expect(req!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(decoded(req!).header).toEqual({ rtmFamily: 2, rtmDstLen: 16, rtmSrcLen: 0, rtmTos: 0, rtmTable: 254, rtmProtocol: 0, rtmScope: 255, rtmType: 'unspec', rtmFlags: 0 });
  });

  it('delete takes a route list() returned: its key, not its metrics, flags or cache info', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.delete({
      family: 'inet6', type: 'unicast', table: 1000, dst: 'fd00::', dstLen: 64, srcLen: 0, tos: 0, protocol: 'kernel', scope: 'universe',
      flags: ['linkdown'], priority: 256, oif: 4, dev: 'v1', metrics: { mtu: 1280 }, pref: 'medium', cacheinfo: { rtaClntref: 0, rtaLastuse: 0, rtaExpires: 0, rtaError: 0, rtaUsed: 0 },
    });
    const v = decoded(routeRequests(kernel)[0]!);
    expect(v.header).toEqual({ rtmFamily: 10, rtmDstLen: 64, rtmSrcLen: 0, rtmTos: 0, rtmTable: 0, rtmProtocol: 2, rtmScope: 0, rtmType: 'unicast', rtmFlags: 0 });
    expect(v.attrs).toEqual({ dst: 'fd00::', table: 1000, priority: 256, oif: 4 });
  });

  it('get: RTM_GETROUTE for one address with from/iif/oif/mark/uid, full prefix lengths, RTM_F_LOOKUP_TABLE', async () => {
    const reply = route.encode({ header: { rtmFamily: 2, rtmDstLen: 32, rtmTable: 254, rtmType: 'unicast', rtmFlags: 0x200 }, attrs: { dst: '10.7.0.1', oif: 3, table: 254 } });
    const { kernel, rtnl } = fake([], reply);
    const found = await rtnl.routes.get('10.7.0.1', { from: '10.0.0.1', iif: 'v1', oif: 3, mark: 7, uid: 1000, fibMatch: true });
    const [req] = routeRequests(kernel);
    expect(req!.flags).toBe(NLM_F_REQUEST);
    expect(decoded(req!)).toEqual({
      header: { rtmFamily: 2, rtmDstLen: 32, rtmSrcLen: 32, rtmTos: 0, rtmTable: 0, rtmProtocol: 0, rtmScope: 0, rtmType: 'unspec', rtmFlags: 0x3000 },
      attrs: { dst: '10.7.0.1', src: '10.0.0.1', oif: 3, mark: 7, uid: 1000, iif: 4 },
    });
    expect(found).toMatchObject({ family: 'inet', dst: '10.7.0.1', dstLen: 32, oif: 3, dev: 'v0', flags: ['cloned'], table: 254 });
  });
});

describe('route dumps', () => {
  it('filters by table (RTA_TABLE only, as ip), protocol, type and interface in the request; family in rtm_family', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.routes.list({ family: 'inet6', table: 1000, protocol: 'static', type: 'unicast', interface: 'v1' });
    await rtnl.routes.list({ table: 'main' });
    const [filtered, main] = routeRequests(kernel);
    expect(filtered!.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    expect(decoded(filtered!)).toEqual({
      header: { rtmFamily: 10, rtmDstLen: 0, rtmSrcLen: 0, rtmTos: 0, rtmTable: 0, rtmProtocol: 4, rtmScope: 0, rtmType: 'unicast', rtmFlags: 0 },
      attrs: { table: 1000, oif: 4 },
    });
    expect(decoded(main!)).toMatchObject({ header: { rtmFamily: 0, rtmTable: 0 }, attrs: { table: 254 } });
  });

  it('filters again here what an older kernel may not have filtered; names: false skips the link dump', async () => {
    const routes = [
      route.encode({ header: { rtmFamily: 2, rtmDstLen: 8, rtmTable: 254, rtmProtocol: 4, rtmScope: 0, rtmType: 'unicast' }, attrs: { dst: '10.0.0.0', table: 254, oif: 3 } }),
      route.encode({ header: { rtmFamily: 2, rtmDstLen: 8, rtmTable: 252, rtmProtocol: 4, rtmScope: 0, rtmType: 'unicast' }, attrs: { dst: '11.0.0.0', table: 1000, oif: 3 } }),
      route.encode({ header: { rtmFamily: 2, rtmDstLen: 0, rtmTable: 254, rtmProtocol: 3, rtmScope: 253, rtmType: 'unicast' }, attrs: { table: 254, multipath: [{ header: { rtnhFlags: 0, rtnhHops: 0, rtnhIfindex: 4 } }] } }),
    ];
    const { kernel, rtnl } = fake(routes);
    expect((await rtnl.routes.list({ table: 1000 })).map((r) => r.dst)).toEqual(['11.0.0.0']);
    expect((await rtnl.routes.list({ protocol: 'boot' })).map((r) => r.dst)).toEqual(['0.0.0.0']);
    expect((await rtnl.routes.list({ interface: 4 })).map((r) => r.dst)).toEqual(['0.0.0.0']);
    expect((await rtnl.routes.list({ scope: 'global', dst: '10.0.0.0/8' })).map((r) => r.table)).toEqual([254]);
    expect((await rtnl.routes.list({ dst: 'default' }))[0]).toMatchObject({ dstLen: 0, multipath: [{ oif: 4, weight: 1, flags: [], dev: 'v1' }] });
    const before = kernel.requests.length;
    const plain = await rtnl.routes.list({ names: false });
    expect(kernel.requests.length).toBe(before + 1);
    expect(plain.map((r) => r.dev)).toEqual([undefined, undefined, undefined]);
    const streamed: string[] = [];
    for await (const r of rtnl.routes.stream({ table: 254 })) streamed.push(`${r.dst}/${r.dstLen} ${r.dev ?? '-'}`);
    expect(streamed).toEqual(['10.0.0.0/8 v0', '0.0.0.0/0 -']);
  });

  it('decodes what the kernel may send: RTA_VIA, MPLS label stacks, attributes the spec lacks kept raw', async () => {
    const via = new Uint8Array(18);
    via.set([10, 0], 0);
    via.set([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9], 2);
    const withVia = new AttributeEncoder().bytes(18, via).bytes(1, Uint8Array.of(192, 0, 2, 0)).u32(15, 254).bytes(99, Uint8Array.of(1, 2, 3)).finish();
    const rtm = Uint8Array.of(2, 24, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0);
    const mpls = new AttributeEncoder().bytes(1, Uint8Array.of(0, 0x06, 0x41, 0x00)).finish(); // label 100, bottom of stack
    const { rtnl } = fake([concat(rtm, withVia), concat(Uint8Array.of(28, 20, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0), mpls)]);
    const [v4, label] = await rtnl.routes.list({ names: false });
    expect(v4).toMatchObject({ family: 'inet', dst: '192.0.2.0', dstLen: 24, via: { family: 'inet6', address: 'fe80::9' } });
    expect(v4![UNKNOWN]).toEqual([{ type: 99, flags: 0, payload: Uint8Array.of(1, 2, 3) }]);
    expect(label).toMatchObject({ family: 'mpls', dst: '100' });
  });

  it('a dump of a table that does not exist (ENOENT from the kernel) is empty', async () => {
    const kernel = new FakeKernel((req, k) => k.multipart(req, [], { errno: 2 }), { replyType: rtnetlinkReplyType });
    const rtnl = new Rtnl(new Connection(kernel));
    expect(await rtnl.routes.list({ family: 'inet', table: 4242, names: false })).toEqual([]);
    await expect(rtnl.routes.list({ family: 'inet', names: false })).rejects.toMatchObject({ errnoName: 'ENOENT' });
  });

  it('a malformed attribute is a DecodeError naming it', async () => {
    const bad = concat(Uint8Array.of(2, 24, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0), Uint8Array.of(6, 0, 4, 0, 1, 2, 0, 0));
    const { rtnl } = fake([bad]);
    await expect(rtnl.routes.list({ names: false })).rejects.toMatchObject({ code: 'ERR_LINX_MALFORMED', path: ['oif'] });
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('bad route input is refused before anything is sent', () => {
  const cases: [string, RouteSpec, string][] = [
    ['no destination', {} as RouteSpec, 'dst'],
    ['an invalid prefix', { dst: '10.0.0.0/33' }, 'dst'],
    ['not an address', { dst: 'ten.0.0.0/8' }, 'dst'],
    ['default with a length', { dst: 'default', dstLen: 8 }, 'dstLen'],
    ['dstLen disagreeing with the prefix', { dst: '10.0.0.0/8', dstLen: 16 }, 'dstLen'],
    ['an IPv6 gateway on an IPv4 route', { dst: '10.0.0.0/8', gateway: '2001:db8::1' }, 'gateway'],
    ['a gateway with a prefix length', { dst: '10.0.0.0/8', gateway: '192.0.2.1/24' }, 'gateway'],
    ['prefsrc of the other family', { dst: '2001:db8::/32', dev: 3, prefsrc: '192.0.2.1' }, 'prefsrc'],
    ['family contradicting dst', { dst: '10.0.0.0/8', family: 'inet6', dev: 3 }, 'dst'],
    ['an MPLS route to default (its destination is a label)', { dst: 'default', family: 'mpls' }, 'dst'],
    ['table 0', { dst: '10.0.0.0/8', dev: 3, table: 0 }, 'table'],
    ['a table above 2^32-1', { dst: '10.0.0.0/8', dev: 3, table: 2 ** 32 }, 'table'],
    ['an unknown table name', { dst: '10.0.0.0/8', dev: 3, table: 'nope' as never }, 'table'],
    ['a negative metric', { dst: '10.0.0.0/8', dev: 3, priority: -1 }, 'priority'],
    ['a fractional tos', { dst: '10.0.0.0/8', dev: 3, tos: 1.5 }, 'tos'],
    ['an unknown type', { dst: '10.0.0.0/8', type: 'teleport' as never }, 'type'],
    ['an unknown protocol', { dst: '10.0.0.0/8', dev: 3, protocol: 'carrier-pigeon' as never }, 'protocol'],
    ['a protocol above 255', { dst: '10.0.0.0/8', dev: 3, protocol: 256 }, 'protocol'],
    ['an unknown scope', { dst: '10.0.0.0/8', dev: 3, scope: 'galaxy' as never }, 'scope'],
    ['an unknown metric', { dst: '10.0.0.0/8', dev: 3, metrics: { speed: 9 } as never }, 'metrics.speed'],
    ['an MTU above 2^32-1', { dst: '10.0.0.0/8', dev: 3, metrics: { mtu: 2 ** 32 } }, 'metrics.mtu'],
    ['locking an unknown metric', { dst: '10.0.0.0/8', dev: 3, metrics: { lock: ['speed' as never] } }, 'metrics.lock[0]'],
    ['an empty multipath', { dst: '10.0.0.0/8', multipath: [] }, 'multipath'],
    ['a next hop with neither gateway nor interface', { dst: '10.0.0.0/8', multipath: [{ weight: 2 }] }, 'multipath[0]'],
    ['a weight of 0', { dst: '10.0.0.0/8', multipath: [{ gateway: '192.0.2.1', weight: 0 }] }, 'multipath[0].weight'],
    ['a weight of 257', { dst: '10.0.0.0/8', multipath: [{ gateway: '192.0.2.1', weight: 257 }] }, 'multipath[0].weight'],
    ['a next hop of the other family', { dst: '10.0.0.0/8', multipath: [{ gateway: '2001:db8::1' }] }, 'multipath[0].gateway'],
    ['gateway and multipath', { dst: '10.0.0.0/8', gateway: '192.0.2.1', multipath: [{ gateway: '192.0.2.2' }] }, 'gateway'],
    ['an IPv4 route with a preference', { dst: '10.0.0.0/8', dev: 3, pref: 'high' }, 'pref'],
    ['an unknown preference', { dst: '2001:db8::/32', dev: 3, pref: 'urgent' as never }, 'pref'],
    ['an IPv4 route that expires', { dst: '10.0.0.0/8', dev: 3, expires: 10 }, 'expires'],
    ['an interface name with a slash', { dst: '10.0.0.0/8', dev: 'a/b' }, 'dev'],
    ['an interface name of 16 bytes', { dst: '10.0.0.0/8', dev: 'abcdefghijklmnop' }, 'dev'],
    ['interface index 0', { dst: '10.0.0.0/8', dev: 0 }, 'dev'],
    ['an unknown flag', { dst: '10.0.0.0/8', dev: 3, flags: ['sideways' as never] }, 'flags[0]'],
  ];
  for (const [what, spec, argument] of cases) {
    it(`${what} → InvalidArgumentError (${argument})`, async () => {
      const { kernel, rtnl } = fake();
      const error = await rtnl.routes.add(spec).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect(kernel.requests).toEqual([]);
    });
  }

  it('bad filters, lookups and deletes send nothing either', async () => {
    const { kernel, rtnl } = fake();
    const attempts: [() => unknown, string][] = [
      [() => rtnl.routes.list({ table: -1 }), 'table'],
      [() => rtnl.routes.list({ family: 'ipx' as never }), 'family'],
      [() => rtnl.routes.list({ dst: '10.0.0.0/40' }), 'dst'],
      [() => rtnl.routes.list({ interface: '' }), 'interface'],
      [() => rtnl.routes.stream({ protocol: 999 }), 'protocol'],
      [() => rtnl.routes.get('10.0.0.0/8'), 'dst'],
      [() => rtnl.routes.get('10.0.0.1', { from: 'fd00::1' }), 'from'],
      [() => rtnl.routes.get('10.0.0.1', { mark: -5 }), 'mark'],
      [() => rtnl.routes.get('10.0.0.1', { dport: 70_000 }), 'dport'],
      [() => rtnl.routes.delete({ dst: '10.0.0.0/8', table: 'nope' as never }), 'table'],
    ];
    for (const [attempt, argument] of attempts) {
      let error: unknown;
      try {
        await attempt();
      } catch (e) {
        error = e;
      }
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect(kernel.requests).toEqual([]);
  });

  it('an unknown interface name: NoSuchInterfaceError after the link lookup, and no route request', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.routes.add({ dst: '10.0.0.0/8', dev: 'nope0', metrics: { mtu: 1400 } })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    expect(kernel.requests.map((r) => r.type)).toEqual([18]);
  });

  it('values checked before names are looked up: a bad metric with a named interface sends nothing', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.routes.add({ dst: '10.0.0.0/8', dev: 'v0', metrics: { mtu: -1 } })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(kernel.requests).toEqual([]);
  });
});

describe('call options', () => {
  it('every verb takes a signal and a timeout', async () => {
    const kernel = new FakeKernel(() => {}); // never answers
    const rtnl = new Rtnl(new Connection(kernel));
    const aborted = AbortSignal.abort();
    const spec = { dst: '10.0.0.0/8', dev: 3 };
    for (const call of [
      () => rtnl.routes.add(spec, { signal: aborted }),
      () => rtnl.routes.replace(spec, { signal: aborted }),
      () => rtnl.routes.append(spec, { signal: aborted }),
      () => rtnl.routes.delete(spec, { signal: aborted }),
      () => rtnl.routes.get('10.0.0.1', { names: false }, { signal: aborted }),
      () => rtnl.routes.list({ names: false }, { signal: aborted }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'ERR_LINX_ABORTED' });
    }
    await expect(rtnl.routes.add(spec, { timeout: 20 })).rejects.toMatchObject({ code: 'ERR_LINX_TIMEOUT' });
    rtnl.close();
  });
});
