// rtnl.routes against the running kernel, in a network namespace of this file's own (veth pair v0/v1, a
// bridge br0, and a veth w0 whose peer is down, so its routes are linkdown). After every change the namespace's routes as
// linx lists them are compared field by field with `ip -j route show table all` (IPv4 and IPv6), and
// lookups with `ip -j route get`. Needs root and iproute2; skipped otherwise. Only the namespace made
// here is touched, and it is deleted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { NetlinkError, parseMessages } from '@linx/netlink-wire';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { Rtnl, type Route, type RouteSpec } from '../src/index.js';
import { rtRoute } from '../src/protocol.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { runOrThrow, traceNetlink } from './helpers/live.js';

const FULL: Record<string, number> = { inet: 32, inet6: 128 };
const TABLE_NAMES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
/** rtm_flags `ip` prints, in our names. */
const IP_FLAGS = new Set(['dead', 'onlink', 'pervasive', 'offload', 'trap', 'notify', 'linkdown', 'unresolved', 'rt-offload', 'rt-trap', 'rt-offload-failed']);

type IpRoute = Record<string, unknown>;

/** A route as `ip -j route show` prints it (rtt in ms, ccAlgo as "congestion", defaults left out). */
function asIp(r: Route): IpRoute {
  const full = FULL[r.family as string]!;
  const o: IpRoute = {};
  if (r.type !== 'unicast') o.type = r.type;
  o.dst = r.dstLen === 0 ? 'default' : r.dstLen === full ? r.dst : `${r.dst}/${r.dstLen}`;
  if (r.src !== undefined) o.from = r.srcLen === full ? r.src : `${r.src}/${r.srcLen}`;
  if (r.gateway !== undefined) o.gateway = r.gateway;
  if (r.dev !== undefined) o.dev = r.dev;
  if (r.table !== 254) o.table = TABLE_NAMES[r.table] ?? String(r.table);
  if (r.protocol !== 'boot') o.protocol = String(r.protocol);
  if (r.scope !== 'universe') o.scope = String(r.scope);
  if (r.priority !== undefined) o.metric = r.priority;
  if (r.prefsrc !== undefined) o.prefsrc = r.prefsrc;
  o.flags = r.flags.filter((f) => IP_FLAGS.has(f as string)).map((f) => (f as string).replaceAll('-', '_'));
  if (r.metrics) {
    const { lock: _lock, ccAlgo, rtt, rttvar, ...rest } = r.metrics;
    const m: Record<string, unknown> = { ...rest };
    if (rtt !== undefined) m.rtt = rtt / 8;
    if (rttvar !== undefined) m.rttvar = rttvar / 4;
    if (ccAlgo !== undefined) m.congestion = ccAlgo;
    o.metrics = [m];
  }
  if (r.multipath) {
    o.nexthops = r.multipath.map((h) => ({
      ...(h.gateway === undefined ? {} : { gateway: h.gateway }),
      ...(h.dev === undefined ? {} : { dev: h.dev }),
      weight: h.weight,
      flags: h.flags.filter((f) => IP_FLAGS.has(f as string)),
    }));
  }
  if (r.pref !== undefined) o.pref = r.pref;
  return o;
}

/** `ip` prints metrics in a fixed order and `metrics` as [{…}]: compare objects, not key order. */
function normalizeIp(route: IpRoute): IpRoute {
  const { expires: _expires, ...rest } = route;
  return rest;
}

describe.skipIf(kernelSkipReason)('routes in a network namespace, compared with ip -j', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  let v0: number;

  /** linx's routes and ip's, one family, field by field (in dump order, which both keep). */
  async function expectAgreement(family: 'inet' | 'inet6'): Promise<Route[]> {
    const ours = await rtnl.routes.list({ family });
    const theirs = ns.ipJson<IpRoute[]>(family === 'inet' ? '-4' : '-6', 'route', 'show', 'table', 'all');
    expect(ours.map(asIp)).toEqual(theirs.map(normalizeIp));
    // Expiring routes: RTA_CACHEINFO's rta_expires is in USER_HZ (1/100 s); ip prints seconds.
    theirs.forEach((t, i) => {
      if (t.expires !== undefined) expect(Math.abs(ours[i]!.cacheinfo!.rtaExpires / 100 - (t.expires as number))).toBeLessThanOrEqual(2);
    });
    return ours;
  }
  const agree = async () => {
    await expectAgreement('inet');
    await expectAgreement('inet6');
  };
  const find = async (dst: string, filter: Parameters<Rtnl['routes']['list']>[0] = {}) => (await rtnl.routes.list(filter)).filter((r) => `${r.dst}/${r.dstLen}` === dst);

  beforeAll(async () => {
    ns = createNetns('route');
    runOrThrow(['ip', 'netns', 'exec', ns.name, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0', 'net.ipv4.ip_forward=1']);
    ns.batch([
      'link add v0 type veth peer name v1',
      'link add br0 type bridge',
      'link add w0 type veth peer name w1',
      'link set lo up',
      'link set v0 up',
      'link set v1 up',
      'link set br0 up',
      'link set w0 up',
      'addr add 10.1.0.1/24 dev v0',
      'addr add 10.2.0.1/24 dev v1',
      'addr add 10.3.0.1/24 dev br0',
      'addr add 10.4.0.1/24 dev w0',
      'addr add 2001:db8:1::1/64 dev v0 nodad',
      'addr add 2001:db8:2::1/64 dev v1 nodad',
    ]);
    rtnl = await ns.rtnl();
    v0 = ns.ipJson<{ ifindex: number }[]>('link', 'show', 'v0')[0]!.ifindex;
  });
  afterAll(() => ns?.remove());

  it('lists what ip lists: the kernel’s own routes in main and local, both families, linkdown without carrier', async () => {
    const v4 = await expectAgreement('inet');
    const v6 = await expectAgreement('inet6');
    expect(v4.find((r) => r.dst === '10.3.0.0')).toMatchObject({ family: 'inet', type: 'unicast', table: 254, protocol: 'kernel', scope: 'link', dev: 'br0', prefsrc: '10.3.0.1', flags: [] });
    expect(v4.find((r) => r.dst === '10.4.0.0')).toMatchObject({ dev: 'w0', flags: ['linkdown'] });
    expect(v4.find((r) => r.type === 'local' && r.dst === '10.1.0.1')).toMatchObject({ table: 255, scope: 'host', dev: 'v0', oif: v0 });
    expect(v6.find((r) => r.dst === '2001:db8:1::')).toMatchObject({ dstLen: 64, priority: 256, pref: 'medium', oif: v0 });
  });

  it('add: via a gateway, by interface name, metric, protocol, prefsrc, onlink', async () => {
    await rtnl.routes.add({ dst: '10.10.0.0/16', gateway: '10.1.0.254', dev: 'v0', priority: 50, protocol: 'static', prefsrc: '10.1.0.1' });
    await rtnl.routes.add({ dst: '10.11.0.0/16', gateway: '192.0.2.1', dev: v0, flags: ['onlink'], protocol: 'bird' });
    await rtnl.routes.add({ dst: '2001:db8:10::/48', gateway: '2001:db8:1::fe', protocol: 99 });
    await agree();
    const [r] = await find('10.10.0.0/16');
    expect(r).toMatchObject({ gateway: '10.1.0.254', dev: 'v0', priority: 50, protocol: 'static', prefsrc: '10.1.0.1', scope: 'universe', table: 254 });
    expect((await find('10.11.0.0/16'))[0]!.flags).toEqual(['onlink']);
    expect((await find('2001:db8:10::/48'))[0]).toMatchObject({ protocol: 'openr', dev: 'v0', priority: 1024 });
  });

  it('add: device-only routes (scope link), default routes, and every route type', async () => {
    await rtnl.routes.add({ dst: '10.20.0.0/16', dev: 'v1' });
    await rtnl.routes.add({ dst: 'default', gateway: '10.1.0.254' });
    await rtnl.routes.add({ dst: 'default', gateway: '2001:db8:1::fe', dev: 'v0' });
    await rtnl.routes.add({ dst: '10.21.0.0/16', type: 'blackhole' });
    await rtnl.routes.add({ dst: '10.22.0.0/16', type: 'unreachable' });
    await rtnl.routes.add({ dst: '10.23.0.0/16', type: 'prohibit' });
    await rtnl.routes.add({ dst: '10.24.0.0/16', type: 'throw', table: 100 });
    await rtnl.routes.add({ dst: '10.1.0.200', type: 'local', dev: 'v0' });
    await rtnl.routes.add({ dst: '10.1.0.201', type: 'broadcast', dev: 'v0', table: 300 });
    await rtnl.routes.add({ dst: '239.1.0.0/16', type: 'multicast', dev: 'v0' });
    await rtnl.routes.add({ dst: '2001:db8:21::/48', type: 'blackhole' });
    await rtnl.routes.add({ dst: '2001:db8:22::/48', type: 'prohibit', table: 70_000 });
    await agree();
    expect((await find('10.20.0.0/16'))[0]).toMatchObject({ scope: 'link', dev: 'v1', protocol: 'boot' });
    expect((await rtnl.routes.list({ family: 'inet', dst: 'default' }))[0]).toMatchObject({ dst: '0.0.0.0', dstLen: 0, gateway: '10.1.0.254', dev: 'v0' });
    expect((await rtnl.routes.list({ family: 'inet6', dst: 'default' }))[0]).toMatchObject({ dst: '::', dstLen: 0, gateway: '2001:db8:1::fe' });
    expect((await find('10.1.0.200/32'))[0]).toMatchObject({ type: 'local', table: 255, scope: 'host' });
    expect((await find('2001:db8:22::/48'))[0]).toMatchObject({ type: 'prohibit', table: 70_000 });
  });

  it('tables above 255: RTA_TABLE both ways', async () => {
    await rtnl.routes.add({ dst: '10.30.0.0/16', dev: 'v0', table: 100_000 });
    await rtnl.routes.add({ dst: '10.31.0.0/16', dev: 'v0', table: 4_294_967_295 });
    await agree();
    expect(ns.ipJson('route', 'show', 'table', '100000')).toEqual([{ dst: '10.30.0.0/16', dev: 'v0', scope: 'link', flags: [] }]);
    expect((await rtnl.routes.list({ table: 4_294_967_295 })).map((r) => r.dst)).toEqual(['10.31.0.0']);
  });

  it('multipath with weights, IPv4 and IPv6; append adds an IPv6 next hop', async () => {
    await rtnl.routes.add({ dst: '10.40.0.0/16', multipath: [{ gateway: '10.1.0.2', dev: 'v0', weight: 3 }, { gateway: '10.2.0.2', dev: 'v1' }] });
    await rtnl.routes.add({ dst: '2001:db8:40::/48', multipath: [{ gateway: '2001:db8:1::2', weight: 2 }, { gateway: '2001:db8:2::2', weight: 5 }] });
    await rtnl.routes.append({ dst: '2001:db8:40::/48', gateway: '2001:db8:1::3' });
    await agree();
    expect((await find('10.40.0.0/16'))[0]!.multipath).toEqual([
      { oif: v0, weight: 3, flags: [], gateway: '10.1.0.2', dev: 'v0' },
      { oif: expect.any(Number), weight: 1, flags: [], gateway: '10.2.0.2', dev: 'v1' },
    ]);
    expect((await find('2001:db8:40::/48'))[0]!.multipath!.map((h) => [h.gateway, h.weight])).toEqual([
      ['2001:db8:1::2', 2],
      ['2001:db8:2::2', 5],
      ['2001:db8:1::3', 1],
    ]);
  });

  it('metrics (mtu locked, advmss, window, rtt, rttvar, hoplimit, initcwnd, quickack, congestion control)', async () => {
    await rtnl.routes.add({ dst: '10.50.0.0/16', gateway: '10.1.0.2', metrics: { mtu: 1400, lock: ['mtu'], advmss: 1360, window: 1000, rtt: 80, rttvar: 40, hoplimit: 5, initcwnd: 10, quickack: 1, ccAlgo: 'reno' } });
    await rtnl.routes.add({ dst: '2001:db8:50::/48', dev: 'v0', metrics: { mtu: 1300, hoplimit: 9 } });
    await agree();
    const [r] = await find('10.50.0.0/16');
    expect(r!.metrics).toEqual({ lock: ['mtu'], mtu: 1400, window: 1000, rtt: 80, rttvar: 40, advmss: 1360, hoplimit: 5, initcwnd: 10, quickack: 1, ccAlgo: 'reno' });
    // `ip -j` leaves the lock out; its text shows it.
    expect(ns.ip('route', 'show', '10.50.0.0/16')).toContain('mtu lock 1400');
  });

  it('IPv6 router preference and expiry', async () => {
    await rtnl.routes.add({ dst: '2001:db8:60::/48', dev: 'v0', pref: 'high' });
    await rtnl.routes.add({ dst: '2001:db8:61::/48', dev: 'v0', pref: 'low', expires: 300 });
    await agree();
    const [r] = await find('2001:db8:61::/48');
    expect(r).toMatchObject({ pref: 'low' });
    expect(r!.cacheinfo!.rtaExpires).toBeGreaterThan(29_000);
  });

  it('replace changes a route in place; IPv4 append adds a second one for the same key', async () => {
    await rtnl.routes.replace({ dst: '10.10.0.0/16', gateway: '10.1.0.253', dev: 'v0', priority: 50, protocol: 'static' });
    await rtnl.routes.replace({ dst: '10.60.0.0/16', gateway: '10.1.0.9' });
    await rtnl.routes.append({ dst: '10.60.0.0/16', gateway: '10.2.0.9', tos: 0 });
    await agree();
    expect((await find('10.10.0.0/16')).map((r) => r.gateway)).toEqual(['10.1.0.253']);
    expect((await find('10.60.0.0/16')).map((r) => r.gateway)).toEqual(['10.1.0.9', '10.2.0.9']);
  });

  it('kernel refusals are NetlinkErrors with the kernel’s text', async () => {
    const exists = await rtnl.routes.add({ dst: '10.10.0.0/16', gateway: '10.1.0.253', priority: 50 }).catch((e: unknown) => e);
    expect(exists).toBeInstanceOf(NetlinkError);
    expect(exists).toMatchObject({ errnoName: 'EEXIST' });
    const unreachable = await rtnl.routes.add({ dst: '10.70.0.0/16', gateway: '198.51.100.1' }).catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ errnoName: 'ENETUNREACH', extAckMessage: 'Nexthop has invalid gateway' });
    const missing = await rtnl.routes.delete({ dst: '10.71.0.0/16' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ errnoName: 'ESRCH' });
    const prefsrc = await rtnl.routes.add({ dst: '10.72.0.0/16', gateway: '10.1.0.2', prefsrc: '192.0.2.99' }).catch((e: unknown) => e);
    expect(prefsrc).toMatchObject({ errnoName: 'EINVAL', extAckMessage: 'Invalid prefsrc address' });
  });

  it('delete: by what identifies a route, and exactly a route list() returned', async () => {
    await rtnl.routes.delete({ dst: '10.60.0.0/16', gateway: '10.2.0.9' });
    expect((await find('10.60.0.0/16')).map((r) => r.gateway)).toEqual(['10.1.0.9']);
    for (const dst of ['10.40.0.0/16', '2001:db8:40::/48', '10.1.0.201/32', '2001:db8:22::/48', '10.31.0.0/16']) {
      const [r] = await find(dst);
      expect(r, dst).toBeDefined();
      await rtnl.routes.delete(r!);
      expect(await find(dst), dst).toEqual([]);
    }
    // The link-local prefix exists once per interface: deleting v1's leaves v0's.
    const [v1LinkLocal] = (await find('fe80::/64')).filter((r) => r.dev === 'v1');
    await rtnl.routes.delete(v1LinkLocal!);
    expect((await find('fe80::/64')).map((r) => r.dev).filter((dev) => dev === 'v0' || dev === 'v1')).toEqual(['v0']);
    await agree();
  });

  it('get: the kernel’s lookup, as ip route get reports it', async () => {
    type IpGet = Record<string, unknown>;
    const check = async (dst: string, args: string[], lookup: Parameters<Rtnl['routes']['get']>[1] = {}) => {
      const ours = await rtnl.routes.get(dst, lookup);
      const [theirs] = ns.ipJson<IpGet[]>('route', 'get', ...(lookup.fibMatch ? ['fibmatch'] : []), dst, ...args);
      expect(ours.dst, dst).toBe(lookup.fibMatch ? (theirs!.dst as string).split('/')[0] : theirs!.dst);
      expect(ours.gateway).toBe(theirs!.gateway);
      expect(ours.dev).toBe(theirs!.dev);
      expect(ours.prefsrc).toBe(theirs!.prefsrc);
      if (theirs!.from !== undefined && theirs!.from !== '::') expect(ours.src).toBe(theirs!.from);
      if (theirs!.mark !== undefined) expect(ours.mark).toBe(theirs!.mark);
      if (theirs!.metric !== undefined) expect(ours.priority).toBe(theirs!.metric);
      if (theirs!.type !== undefined) expect(ours.type).toBe(theirs!.type);
      return ours;
    };
    expect(await check('10.10.1.1', [])).toMatchObject({ dstLen: 32, flags: ['cloned'], table: 254, gateway: '10.1.0.253' });
    await check('10.10.1.1', ['from', '10.1.0.1', 'mark', '5'], { from: '10.1.0.1', mark: 5 });
    await check('10.1.0.77', ['oif', 'v0'], { oif: 'v0' });
    await check('10.2.0.7', ['from', '10.1.0.9', 'iif', 'v0'], { from: '10.1.0.9', iif: 'v0' });
    await check('2001:db8:10::1', []);
    expect(await check('10.50.3.3', [], { fibMatch: true })).toMatchObject({ dst: '10.50.0.0', dstLen: 16, metrics: { mtu: 1400 } });
    // Lookups that hit blackhole, unreachable and prohibit routes fail as they do for ip.
    await expect(rtnl.routes.get('10.21.0.1')).rejects.toMatchObject({ errnoName: 'EINVAL' });
    await expect(rtnl.routes.get('10.22.0.1')).rejects.toMatchObject({ errnoName: 'EHOSTUNREACH' });
    await expect(rtnl.routes.get('10.23.0.1')).rejects.toMatchObject({ errnoName: 'EACCES' });
  });

  it('filters: the kernel’s (table, family, protocol, type, interface) and ours (scope, dst) agree with ip', async () => {
    const dsts = (routes: Route[]) => routes.map(asIp).map((r) => r.dst);
    const ipDsts = (...args: string[]) => ns.ipJson<IpRoute[]>(...args).map((r) => r.dst);
    expect(dsts(await rtnl.routes.list({ table: 'main', family: 'inet' }))).toEqual(ipDsts('-4', 'route', 'show', 'table', 'main'));
    expect(dsts(await rtnl.routes.list({ table: 'local', family: 'inet6' }))).toEqual(ipDsts('-6', 'route', 'show', 'table', 'local'));
    expect(dsts(await rtnl.routes.list({ family: 'inet', protocol: 'static' }))).toEqual(ipDsts('-4', 'route', 'show', 'table', 'all', 'proto', 'static'));
    expect(dsts(await rtnl.routes.list({ family: 'inet', type: 'blackhole' }))).toEqual(ipDsts('-4', 'route', 'show', 'table', 'all', 'type', 'blackhole'));
    expect(dsts(await rtnl.routes.list({ family: 'inet', interface: 'v1' }))).toEqual(ipDsts('-4', 'route', 'show', 'table', 'all', 'dev', 'v1'));
    expect(dsts(await rtnl.routes.list({ family: 'inet', scope: 'link', table: 'main' }))).toEqual(ipDsts('-4', 'route', 'show', 'table', 'main', 'scope', 'link'));
    expect(dsts(await rtnl.routes.list({ dst: '10.20.0.0/16' }))).toEqual(['10.20.0.0/16']);
    expect(await rtnl.routes.list({ family: 'inet', table: 4242 })).toEqual([]);
    expect(await rtnl.routes.list({ table: 100_000 })).toHaveLength(1);
    const both = await rtnl.routes.list({ table: 'main' });
    expect(new Set(both.map((r) => r.family))).toEqual(new Set(['inet', 'inet6']));
    await expect(rtnl.routes.list({ interface: 'nope0' })).rejects.toMatchObject({ code: 'ERR_LINX_NO_SUCH_INTERFACE' });
  });

  it('stream yields what list returns (cache counters aside)', async () => {
    const withoutCache = ({ cacheinfo: _cacheinfo, ...route }: Route) => route;
    const listed = await rtnl.routes.list();
    const streamed: Route[] = [];
    for await (const route of rtnl.routes.stream()) streamed.push(route);
    expect(streamed.map(withoutCache)).toEqual(listed.map(withoutCache));
    expect(streamed.length).toBeGreaterThan(40);
  });

  it('requests carry what ip route add sends (decoded side by side, read with strace)', async () => {
    const trace = traceNetlink(['ip', '-n', ns.name, 'route', 'add', '10.80.0.0/16', 'via', '10.1.0.2', 'dev', 'v0', 'metric', '5', 'proto', 'static', 'table', '1000', 'mtu', 'lock', '1400', 'advmss', '1300']);
    const theirs = trace.sent.flatMap((b) => parseMessages(b)).find((m) => m.type === 24)!;
    const kernel = new FakeKernel((req, k) => k.ack(req));
    const fake = new Rtnl(new Connection(kernel));
    await fake.routes.add({ dst: '10.80.0.0/16', gateway: '10.1.0.2', dev: v0, priority: 5, protocol: 'static', table: 1000, metrics: { mtu: 1400, lock: ['mtu'], advmss: 1300 } });
    const ours = kernel.requests[0]!;
    expect(ours.flags).toBe(theirs.flags);
    const codec = compileMessage(rtRoute.routeMessage);
    const plain = (payload: Uint8Array) => {
      const v = codec.decode(payload);
      return { header: { ...v.header }, attrs: { ...v.attrs, metrics: { ...v.attrs.metrics } } };
    };
    const t = plain(theirs.payload);
    // iproute2 writes RTA_TABLE only for tables above 255 too, but puts 1000 in rtm_table as RT_TABLE_UNSPEC.
    expect(plain(ours.payload)).toEqual(t);
    fake.close();
    await agree();
  });

  it('specs from list() round-trip: a route re-added from its listed form is the same route', async () => {
    const [r] = await find('10.50.0.0/16');
    await rtnl.routes.delete(r!);
    const { dst, dstLen, gateway, metrics, table, protocol } = r!;
    const spec: RouteSpec = { dst: dst!, dstLen, gateway: gateway!, table, protocol, metrics: metrics! };
    await rtnl.routes.add(spec);
    const [again] = await find('10.50.0.0/16');
    expect(again).toEqual(r);
  });
});
