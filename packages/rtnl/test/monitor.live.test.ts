// rtnl.monitor() against the running kernel, in a network namespace of this file's own (deleted in
// afterAll): changes of every kind made with `ip` while monitoring, each event's object compared with what
// rtnl's own list() and `ip -j` show after the fact; the kernel-side (groups) and JS-side filters; the
// listener style and AbortSignal; an overrun forced with a tiny receive buffer, after which the monitor
// still delivers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Address, Link, Monitor, MonitorEvent, Neighbour, ObjectEvent, Route, Rtnl, Rule } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

/** Events collected from a monitor as they come (iterated in the background). */
class Collector {
  readonly events: MonitorEvent[] = [];
  readonly done: Promise<void>;
  constructor(monitor: Monitor) {
    this.done = (async () => {
      for await (const event of monitor) this.events.push(event);
    })();
  }

  /** The first event (from `from` on) that `match` accepts, waiting up to 5 s for it. */
  async find<T extends MonitorEvent>(match: (event: MonitorEvent) => event is T, from = 0): Promise<T> {
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(10)) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
    }
    throw new Error('no such event within 5 s');
  }
}

type Of<K extends ObjectEvent['kind']> = Extract<ObjectEvent, { kind: K }>;
const is =
  <K extends ObjectEvent['kind']>(type: 'new' | 'del', kind: K, test: (object: Of<K>['object']) => boolean) =>
  (event: MonitorEvent): event is Of<K> =>
    event.type === type && event.kind === kind && test(event.object as Of<K>['object']);

/** What a link notification and a later dump must agree on (counters and timers move in between). */
function linkFields(l: Link) {
  return { index: l.index, ifname: l.ifname, family: l.family, type: l.type, flags: l.flags, mtu: l.mtu, address: l.address, master: l.master, operstate: l.operstate, txqlen: l.txqlen, kind: l.linkinfo?.kind };
}
/** An object without what ticks (cache timers): the rest must be equal to what list() shows. */
function stable<T extends object>(object: T): Omit<T, 'cacheinfo' | 'validLifetime' | 'preferredLifetime'> {
  const { cacheinfo: _c, validLifetime: _v, preferredLifetime: _p, ...rest } = object as T & { cacheinfo?: unknown; validLifetime?: unknown; preferredLifetime?: unknown };
  return rest;
}

describe.skipIf(kernelSkipReason)('rtnl.monitor() in a network namespace', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  let monitor: Monitor;
  let seen: Collector;

  beforeAll(async () => {
    ns = createNetns('monitor');
    rtnl = await ns.rtnl();
    monitor = await rtnl.monitor();
    seen = new Collector(monitor);
  });
  afterAll(() => {
    monitor?.close();
    ns?.remove();
  });

  it('reports links made, changed and deleted (veth, bridge), as links.list() and ip -j show them', async () => {
    const from = seen.events.length;
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ns.ip('link', 'add', 'br0', 'type', 'bridge');
    ns.ip('link', 'add', 'p0', 'type', 'veth', 'peer', 'name', 'p1');
    ns.ip('link', 'set', 'p0', 'master', 'br0');
    ns.ip('link', 'set', 'v0', 'mtu', '1400');
    for (const dev of ['v0', 'v1', 'br0', 'p0', 'p1']) ns.ip('link', 'set', dev, 'up');
    await seen.find(is('new', 'link', (l) => l.ifname === 'p1' && l.flags.includes('up')), from);
    await sleep(100); // carrier and operstate settle, each with a notification of its own
    const links = await rtnl.links.list();
    const ipLinks = ns.ipJson<{ ifindex: number; ifname: string; mtu: number; address: string; master?: string }[]>('link', 'show');
    for (const name of ['v0', 'v1', 'br0', 'p0', 'p1']) {
      const events = seen.events.slice(from).filter(is('new', 'link', (l) => l.ifname === name));
      const last = events.at(-1)!;
      const listed = links.find((l) => l.ifname === name)!;
      expect(linkFields(last.object)).toEqual(linkFields(listed));
      const ip = ipLinks.find((l) => l.ifname === name)!;
      expect({ index: last.object.index, mtu: last.object.mtu, address: last.object.address }).toEqual({ index: ip.ifindex, mtu: ip.mtu, address: ip.address });
    }
    const p0 = seen.events.slice(from).filter(is('new', 'link', (l) => l.ifname === 'p0')).at(-1)!;
    expect(p0.object.master).toBe(links.find((l) => l.ifname === 'br0')!.index);
    expect(seen.events.slice(from).filter(is('new', 'link', (l) => l.ifname === 'v0')).at(-1)!.object.mtu).toBe(1400);
    // The bridge's AF_BRIDGE port messages share the link group; they are not links and are left out.
    expect(seen.events.slice(from).every((e) => e.type === 'overrun' || e.kind !== 'link' || e.object.family === 'unspec')).toBe(true);

    const index = links.find((l) => l.ifname === 'p0')!.index;
    ns.ip('link', 'del', 'p0');
    const gone = await seen.find(is('del', 'link', (l) => l.index === index), from);
    expect(gone.object.ifname).toBe('p0');
  });

  it('reports IPv4 and IPv6 addresses added and removed, with dev, as addresses.list() shows them', async () => {
    const from = seen.events.length;
    ns.ip('addr', 'add', '10.1.0.1/24', 'dev', 'v0');
    ns.ip('-6', 'addr', 'add', '2001:db8::1/64', 'dev', 'v0', 'nodad');
    const v4 = await seen.find(is('new', 'address', (a) => a.local === '10.1.0.1'), from);
    const v6 = await seen.find(is('new', 'address', (a) => a.local === '2001:db8::1'), from);
    const listed = await rtnl.addresses.list({ interface: 'v0' });
    for (const event of [v4, v6]) {
      expect(event.object.dev).toBe('v0');
      expect(stable(event.object)).toEqual(stable(listed.find((a: Address) => a.local === event.object.local)!));
    }
    const ip = ns.ipJson<{ addr_info: { local: string; prefixlen: number; family: string }[] }[]>('addr', 'show', 'dev', 'v0')[0]!.addr_info;
    expect(ip).toEqual(expect.arrayContaining([expect.objectContaining({ local: '10.1.0.1', prefixlen: 24 }), expect.objectContaining({ local: '2001:db8::1', prefixlen: 64 })]));

    ns.ip('addr', 'del', '10.1.0.1/24', 'dev', 'v0');
    ns.ip('-6', 'addr', 'del', '2001:db8::1/64', 'dev', 'v0');
    expect(stable((await seen.find(is('del', 'address', (a) => a.local === '10.1.0.1'), from)).object)).toEqual(stable(v4.object));
    expect((await seen.find(is('del', 'address', (a) => a.local === '2001:db8::1'), from)).object.dev).toBe('v0');
  });

  it('reports IPv4 and IPv6 routes of several tables added and deleted, as routes.list() and ip -j show them', async () => {
    ns.ip('addr', 'add', '10.1.0.1/24', 'dev', 'v0');
    ns.ip('-6', 'addr', 'add', '2001:db8::1/64', 'dev', 'v0', 'nodad');
    const from = seen.events.length;
    ns.ip('route', 'add', '10.2.0.0/16', 'via', '10.1.0.2', 'table', '100');
    ns.ip('route', 'add', '10.3.0.0/16', 'dev', 'v0', 'metric', '7');
    ns.ip('-6', 'route', 'add', '2001:db8:1::/64', 'via', '2001:db8::2', 'table', '200');
    ns.ip('route', 'add', 'blackhole', '10.4.0.0/16', 'table', '100');
    const made = [
      await seen.find(is('new', 'route', (r) => r.dst === '10.2.0.0'), from),
      await seen.find(is('new', 'route', (r) => r.dst === '10.3.0.0'), from),
      await seen.find(is('new', 'route', (r) => r.dst === '2001:db8:1::'), from),
      await seen.find(is('new', 'route', (r) => r.dst === '10.4.0.0'), from),
    ];
    const listed = await rtnl.routes.list();
    for (const event of made) {
      const same = listed.filter((r: Route) => r.dst === event.object.dst && r.dstLen === event.object.dstLen && r.table === event.object.table);
      expect(same).toHaveLength(1);
      expect(stable(event.object)).toEqual(stable(same[0]!));
    }
    expect(made.map((e) => [e.object.table, e.object.dev])).toEqual([
      [100, 'v0'],
      [254, 'v0'],
      [200, 'v0'],
      [100, undefined],
    ]);
    const ip100 = ns.ipJson<{ dst: string; gateway?: string; dev?: string; type?: string }[]>('route', 'show', 'table', '100');
    expect(ip100).toEqual(
      expect.arrayContaining([expect.objectContaining({ dst: '10.2.0.0/16', gateway: '10.1.0.2', dev: 'v0' }), expect.objectContaining({ dst: '10.4.0.0/16', type: 'blackhole' })]),
    );

    ns.ip('route', 'del', '10.2.0.0/16', 'table', '100');
    ns.ip('-6', 'route', 'del', '2001:db8:1::/64', 'table', '200');
    const del4 = await seen.find(is('del', 'route', (r) => r.dst === '10.2.0.0'), from);
    const del6 = await seen.find(is('del', 'route', (r) => r.dst === '2001:db8:1::'), from);
    expect(stable(del4.object)).toEqual(stable(made[0]!.object));
    expect([del6.object.table, del6.object.gateway, del6.object.dev]).toEqual([200, '2001:db8::2', 'v0']);
  });

  it('reports neighbours added and deleted, as neighbours.list() shows them', async () => {
    const from = seen.events.length;
    ns.ip('neigh', 'add', '10.1.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0');
    ns.ip('-6', 'neigh', 'add', '2001:db8::9', 'lladdr', '02:00:00:00:00:0a', 'dev', 'v0');
    const v4 = await seen.find(is('new', 'neighbour', (n) => n.dst === '10.1.0.9'), from);
    const v6 = await seen.find(is('new', 'neighbour', (n) => n.dst === '2001:db8::9'), from);
    const listed = await rtnl.neighbours.list({ interface: 'v0' });
    for (const event of [v4, v6]) expect(stable(event.object)).toEqual(stable(listed.find((n: Neighbour) => n.dst === event.object.dst)!));
    expect([v4.object.state, v4.object.lladdr]).toEqual(['permanent', '02:00:00:00:00:09']);
    const ip = ns.ipJson<{ dst: string; lladdr: string }[]>('neigh', 'show', 'dev', 'v0');
    expect(ip).toEqual(expect.arrayContaining([expect.objectContaining({ dst: '10.1.0.9', lladdr: '02:00:00:00:00:09' })]));
    ns.ip('neigh', 'del', '10.1.0.9', 'dev', 'v0');
    ns.ip('-6', 'neigh', 'del', '2001:db8::9', 'dev', 'v0');
    expect((await seen.find(is('del', 'neighbour', (n) => n.dst === '10.1.0.9'), from)).object.ifindex).toBe(v4.object.ifindex);
    await seen.find(is('del', 'neighbour', (n) => n.dst === '2001:db8::9'), from);
  });

  it('reports IPv4 and IPv6 rules added and deleted, as rules.list() shows them', async () => {
    const from = seen.events.length;
    ns.ip('rule', 'add', 'from', '10.9.0.0/16', 'table', '100', 'pref', '1000');
    ns.ip('-6', 'rule', 'add', 'from', '2001:db8:9::/48', 'iif', 'v0', 'table', '200', 'pref', '1001');
    const v4 = await seen.find(is('new', 'rule', (r) => r.priority === 1000), from);
    const v6 = await seen.find(is('new', 'rule', (r) => r.priority === 1001), from);
    const listed = await rtnl.rules.list();
    for (const event of [v4, v6]) expect(event.object).toEqual(listed.find((r: Rule) => r.priority === event.object.priority && r.family === event.object.family));
    expect([v6.object.src, v6.object.srcLen, v6.object.iifname, v6.object.table]).toEqual(['2001:db8:9::', 48, 'v0', 200]);
    const ip = ns.ipJson<{ priority: number; src: string; table: string }[]>('rule', 'show');
    expect(ip).toEqual(expect.arrayContaining([expect.objectContaining({ priority: 1000, src: '10.9.0.0', srclen: 16, table: '100' })]));
    ns.ip('rule', 'del', 'pref', '1000');
    ns.ip('-6', 'rule', 'del', 'pref', '1001');
    expect((await seen.find(is('del', 'rule', (r) => r.priority === 1000), from)).object).toEqual(v4.object);
    await seen.find(is('del', 'rule', (r) => r.priority === 1001 && r.family === 'inet6'), from);
  });

  it('filters: only the groups asked for are joined, and interface, family and table are checked in JS', async () => {
    const routes6 = await rtnl.monitor({ kinds: ['route'], family: 'inet6', table: 200 });
    const onV1 = await rtnl.monitor({ interface: 'v1', names: false });
    const a = new Collector(routes6);
    const b = new Collector(onV1);
    ns.ip('route', 'add', '10.5.0.0/16', 'dev', 'v0', 'table', '200');
    ns.ip('-6', 'route', 'add', '2001:db8:5::/64', 'dev', 'v0', 'table', '201');
    ns.ip('-6', 'route', 'add', '2001:db8:6::/64', 'dev', 'v0', 'table', '200');
    ns.ip('-6', 'route', 'add', '2001:db8:7::/64', 'dev', 'v1', 'table', '202');
    ns.ip('addr', 'add', '10.7.0.1/24', 'dev', 'v1');
    await a.find(is('new', 'route', (r) => r.dst === '2001:db8:6::'));
    await b.find(is('new', 'address', (x) => x.local === '10.7.0.1'));
    routes6.close();
    onV1.close();
    await Promise.all([a.done, b.done]);
    expect(a.events.map((e) => (e.type === 'overrun' ? e : [e.kind, (e.object as Route).dst]))).toEqual([['route', '2001:db8:6::']]);
    // v1's own route and address, without names (dev is only filled in when names are on).
    const v1 = (await rtnl.links.get('v1')).index;
    expect(b.events.length).toBeGreaterThanOrEqual(2);
    for (const e of b.events) {
      if (e.type === 'overrun') continue;
      const o = e.object as Route & Address;
      expect(e.kind === 'route' ? o.oif : o.ifindex).toBe(v1);
      if (e.kind === 'route' || e.kind === 'address') expect(o.dev).toBeUndefined();
    }
    expect(b.events.some(is('new', 'route', (r) => r.dst === '2001:db8:7::'))).toBe(true);
  });

  it("delivers to 'event' listeners, refuses mixing the two styles, and stops on its AbortSignal", async () => {
    const controller = new AbortController();
    const m = await rtnl.monitor({ kinds: ['link'], signal: controller.signal });
    const got: MonitorEvent[] = [];
    m.on('event', (event: MonitorEvent) => got.push(event));
    const closed = new Promise((resolve) => m.once('close', resolve));
    await expect(m.next()).rejects.toThrow(/listeners/);
    ns.ip('link', 'set', 'v1', 'mtu', '1300');
    for (let i = 0; i < 500 && !got.some(is('new', 'link', (l) => l.ifname === 'v1' && l.mtu === 1300)); i++) await sleep(10);
    expect(got.some(is('new', 'link', (l) => l.ifname === 'v1' && l.mtu === 1300))).toBe(true);
    controller.abort();
    await closed;
    expect(m.closed).toBe(true);
    // An aborted signal refuses to start one.
    await expect(rtnl.monitor({ signal: controller.signal })).rejects.toMatchObject({ code: 'ERR_LINX_ABORTED' });
    const iterated = await rtnl.monitor({ kinds: ['link'] });
    void iterated.next();
    expect(() => iterated.on('event', () => undefined)).toThrow(/iterated/);
    iterated.close();
  });

  it('sees the same route changes, in the same order, as ip monitor', async () => {
    ns.ip('link', 'add', 'q0', 'up', 'type', 'veth', 'peer', 'name', 'q1');
    const ipmon = spawn('ip', ['-n', ns.name, 'monitor', 'route'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    ipmon.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    try {
      const m = await rtnl.monitor({ kinds: ['route'], family: 'inet', table: 400 });
      const got = new Collector(m);
      // ip monitor is listening once it reports a marker route.
      for (let i = 0; !text.includes('10.254.0.0/16'); i++) {
        if (i % 50 === 0) ns.ip('route', 'replace', '10.254.0.0/16', 'dev', 'q0', 'table', '401');
        if (i > 500) throw new Error('ip monitor reported nothing');
        await sleep(10);
      }
      const prefixes = Array.from({ length: 100 }, (_, i) => `10.${40 + (i >> 8)}.${i & 255}.0/24`);
      ns.batch([...prefixes.map((p) => `route add ${p} dev q0 table 400`), ...prefixes.map((p) => `route del ${p} dev q0 table 400`)]);
      await got.find(is('del', 'route', (r) => r.dst === '10.40.99.0'));
      for (let i = 0; i < 500 && !text.includes('Deleted 10.40.99.0/24'); i++) await sleep(10);
      m.close();
      await got.done;
      // ip prints one line per change: "[Deleted ]10.40.0.0/24 dev q0 table 400 …".
      const theirs = text
        .split('\n')
        .filter((line) => / table 400 /.test(line))
        .map((line) => (line.startsWith('Deleted ') ? `del ${line.split(' ')[1]}` : `new ${line.split(' ')[0]}`));
      const ours = got.events.map((e) => (e.type === 'overrun' ? 'overrun' : `${e.type} ${(e.object as Route).dst}/${(e.object as Route).dstLen}`));
      expect(ours).toHaveLength(200);
      expect(ours).toEqual(theirs);
    } finally {
      ipmon.kill();
    }
  });

  it('refuses bad options before opening anything', async () => {
    await expect(rtnl.monitor({ kinds: ['routes' as 'route'] })).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'options.kinds' });
    await expect(rtnl.monitor({ family: 'ipx' as 'inet' })).rejects.toMatchObject({ argument: 'options.family' });
    await expect(rtnl.monitor({ table: 'nope' as 'main' })).rejects.toMatchObject({ argument: 'options.table' });
    await expect(rtnl.monitor({ interface: 'no-such0' })).rejects.toMatchObject({ code: 'ERR_LINX_NO_SUCH_INTERFACE' });
  });

  it('overruns with a tiny receive buffer and a burst of route changes, then keeps delivering', async () => {
    ns.ip('link', 'add', 'o0', 'up', 'type', 'veth', 'peer', 'name', 'o1');
    const m = await rtnl.monitor({ kinds: ['route'], receiveBufferSize: 4096, highWaterMark: 16 });
    // 3,000 routes while this process is blocked (ip -batch runs synchronously): the kernel drops most.
    ns.batch(Array.from({ length: 3000 }, (_, i) => `route add 10.${100 + (i >> 8)}.${i & 255}.0/24 dev o0 table 300`));
    const got = new Collector(m);
    // Read until nothing more comes for 300 ms.
    for (let count = -1; count !== got.events.length; await sleep(300)) count = got.events.length;
    expect(got.events.filter((e) => e.type === 'overrun').length).toBeGreaterThan(0);
    expect(got.events.filter((e) => e.type === 'new').length).toBeLessThan(3000);
    const from = got.events.length;
    ns.ip('route', 'add', '10.250.0.0/16', 'dev', 'o0', 'table', '300');
    const last = await got.find(is('new', 'route', (r) => r.dst === '10.250.0.0'), from);
    expect([last.object.table, last.object.dev]).toEqual([300, 'o0']);
    m.close();
    await got.done;
  }, 20_000);
});
