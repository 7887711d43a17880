// routes.list(filter, { compact: true }) against the running kernel, in a network namespace of this file's
// own: IPv4 and IPv6 routes with gateways, multipath with weights, metrics, a table above 255, local
// routes, and 3,000 more so that the dump spans several receive batches. The views must read exactly what
// the plain list holds, in the same order, and what `ip -j route show` prints. Needs root and iproute2;
// skipped otherwise. Only the namespace made here is touched, and it is deleted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, RouteView, type DumpList, type Route, type Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { runOrThrow } from './helpers/live.js';

const MANY = 3000;

describe.skipIf(kernelSkipReason)(`routes.list(…, { compact: true })${kernelSkipReason ? ` (skipped: ${kernelSkipReason})` : ''}`, () => {
  let ns: TestNetns;
  let rtnl: Rtnl;

  beforeAll(async () => {
    ns = createNetns('route-view');
    // No IPv6 link-local addresses: their local routes come some time after the links go up, and would
    // make the list and ip's (or two lists) differ by when they were taken.
    runOrThrow(['ip', 'netns', 'exec', ns.name, 'sysctl', '-q', '-w', 'net.ipv6.conf.default.addr_gen_mode=1']);
    const lines = [
      'link add c0 type veth peer name c1',
      'link set c0 up',
      'link set c1 up',
      'addr add 10.1.0.1/24 dev c0',
      'addr add 10.2.0.1/24 dev c1',
      'addr add 2001:db8:1::1/64 dev c0 nodad',
      'addr add 2001:db8:2::1/64 dev c1 nodad',
      'route add 10.10.0.0/16 via 10.1.0.254 metric 50 proto static',
      'route add 10.11.0.0/16 nexthop via 10.1.0.254 weight 3 nexthop via 10.2.0.254 weight 1',
      'route add 10.12.0.0/16 via 10.2.0.254 mtu lock 1300 advmss 1200',
      'route add 10.13.0.0/16 via 10.1.0.254 table 1000',
      'route add local 10.1.0.200 dev c0',
      'route add blackhole 10.14.0.0/16',
      'route add 2001:db8:10::/48 via 2001:db8:1::fe metric 100 pref high',
      'route add 2001:db8:11::/48 nexthop via 2001:db8:1::fe weight 2 nexthop via 2001:db8:2::fe weight 5',
      'route add 2001:db8:12::/48 dev c1 table 1000 mtu 1400',
    ];
    for (let i = 0; i < MANY; i++) lines.push(`route add 10.${100 + (i >> 8)}.${i & 255}.0/24 via 10.1.0.254`);
    ns.batch(lines);
    rtnl = await ns.rtnl();
  });
  afterAll(() => ns?.remove());

  /** The plain list and the compact one of the same filter (the table does not change in between). */
  async function both(filter: Parameters<Rtnl['routes']['list']>[0] = {}): Promise<[DumpList<Route>, DumpList<RouteView>]> {
    const plain = await rtnl.routes.list(filter);
    const compact = await rtnl.routes.list(filter, { compact: true });
    return [plain, compact];
  }

  it('gives views whose toJSON() is the plain list’s route, in the same order, and every field reads the same', async () => {
    const [plain, compact] = await both();
    expect(plain.length).toBeGreaterThan(MANY);
    expect(compact).toHaveLength(plain.length);
    expect(compact.interrupted).toBe(false);
    compact.forEach((view, i) => {
      expect(view).toBeInstanceOf(RouteView);
      expect(view.toJSON()).toStrictEqual(plain[i]);
    });
    for (const [i, route] of plain.entries()) {
      const view = compact[i]! as unknown as Record<string, unknown>;
      expect(Object.fromEntries(Object.keys(route).map((key) => [key, view[key]])), route.dstPrefix).toStrictEqual(route);
    }
    // What the kinds of routes set up above read through their views.
    const find = (prefix: string, table = 254) => compact.find((r) => r.dstPrefix === prefix && r.table === table)!;
    expect(find('10.10.0.0/16')).toMatchObject({ gateway: '10.1.0.254', dev: 'c0', priority: 50, protocol: 'static' });
    expect(find('10.11.0.0/16').multipath?.map((h) => [h.gateway, h.weight, h.dev])).toEqual([['10.1.0.254', 3, 'c0'], ['10.2.0.254', 1, 'c1']]);
    expect(find('10.12.0.0/16').metrics).toEqual({ mtu: 1300, advmss: 1200, lock: ['mtu'] });
    expect(find('10.13.0.0/16', 1000)).toMatchObject({ table: 1000, tableName: 1000, gateway: '10.1.0.254' });
    expect(find('10.1.0.200', 255)).toMatchObject({ type: 'local', scope: 'host', dev: 'c0' });
    expect(find('10.14.0.0/16').type).toBe('blackhole');
    expect(find('2001:db8:10::/48')).toMatchObject({ family: 'inet6', priority: 100, pref: 'high', gateway: '2001:db8:1::fe' });
    expect(find('2001:db8:11::/48').multipath?.map((h) => [h.gateway, h.weight])).toEqual([['2001:db8:1::fe', 2], ['2001:db8:2::fe', 5]]);
    expect(find('2001:db8:12::/48', 1000)).toMatchObject({ dev: 'c1', metrics: { mtu: 1400 } });
  });

  it('agree with ip -j route show table all, both families', async () => {
    for (const family of ['inet', 'inet6'] as const) {
      const views = await rtnl.routes.list({ family }, { compact: true });
      const theirs = ns.ipJson<{ dst: string; dev?: string; gateway?: string; type?: string }[]>(family === 'inet' ? '-4' : '-6', 'route', 'show', 'table', 'all');
      expect(views.map((r) => [r.dstPrefix, r.dev, r.gateway, r.type])).toEqual(theirs.map((t) => [t.dst, t.dev, t.gateway, t.type ?? 'unicast']));
    }
  });

  it('filters as the plain list does (the kernel’s and the client-side ones), names: false leaves dev out', async () => {
    for (const filter of [{ family: 'inet6' as const }, { table: 1000 }, { interface: 'c1' }, { type: 'local' as const }, { scope: 'host' as const }, { dst: '10.11.0.0/16' }, { names: false }]) {
      const [plain, compact] = await both(filter);
      expect(plain.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(compact.map((v) => v.toJSON()), JSON.stringify(filter)).toStrictEqual(plain);
    }
    const [bare] = await rtnl.routes.list({ names: false, dst: '10.10.0.0/16' }, { compact: true });
    expect(bare!.dev).toBeUndefined();
    expect(bare!.oif).toBeGreaterThan(0);
  });

  it('are read-only (assigning a field throws in strict mode) and have no own fields', async () => {
    const [view] = await rtnl.routes.list({ dst: '10.10.0.0/16' }, { compact: true });
    expect(() => {
      (view as unknown as { gateway: string }).gateway = '10.1.0.1';
    }).toThrow(TypeError);
    expect(Object.keys(view!)).toEqual([]);
    expect(view!.toRoute()).toStrictEqual(JSON.parse(JSON.stringify(view)));
  });

  it('still read the same after other dumps: receive batches are not reused', async () => {
    const compact = await rtnl.routes.list({}, { compact: true });
    const before = compact.map((v) => JSON.stringify(v));
    for (let i = 0; i < 3; i++) {
      await rtnl.routes.list();
      await rtnl.links.list();
      await rtnl.addresses.list();
    }
    expect(compact.map((v) => JSON.stringify(v))).toEqual(before);
  });

  it('refuse a compact option that is not a boolean, before sending anything', async () => {
    for (const compact of ['yes', 1, null]) {
      await expect(rtnl.routes.list({}, { compact } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(rtnl.routes.list({}, { compact } as never)).rejects.toMatchObject({ argument: 'options.compact' });
    }
  });
});
