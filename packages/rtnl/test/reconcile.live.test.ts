// plan / apply / observe against the running kernel, in a network namespace of this file's own (deleted
// in afterAll): from empty, from a state someone drifted with `ip`, twice in a row; each time compared with
// what `ip -j` shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, observe, plan, type DesiredState, type Ownership, type Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

const PROTOCOL = 200;

const desired: DesiredState = {
  links: [
    // The port's entry comes first: masters are created before ports whatever the order given.
    { name: 'v1', kind: 'veth', master: 'br0', up: true, mtu: 1400 },
    { name: 'v0', kind: 'veth', peer: { name: 'v1' }, up: true, mtu: 1400 },
    { name: 'br0', kind: 'bridge', up: true, stp: false, forwardDelay: 400 },
  ],
  addresses: [
    { dev: 'v0', address: '10.0.0.1/24' },
    { dev: 'v0', address: '2001:DB8:0::1/64', flags: ['nodad'] },
    { dev: 'br0', address: '10.9.0.1/24', label: 'br0:lan' },
    { dev: 'br0', address: '10.9.1.1/24' },
  ],
  routes: [
    { dst: '192.0.2.0/24', gateway: '10.0.0.2' },
    { dst: '198.51.100.0/24', dev: 'v0', table: 100 },
    { dst: 'default', gateway: '10.0.0.254', table: 100 },
    { dst: '2001:db8:1::/48', gateway: '2001:db8::2' },
    { dst: '2001:db8:2::/48', dev: 'v0', table: 100, priority: 50 },
    { dst: '10.10.0.0/16', gateway: '10.9.0.2' },
  ],
  neighbours: [
    { interface: 'v0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02' },
    { interface: 'v0', dst: '2001:db8::2', lladdr: '02:00:00:00:00:03' },
  ],
  rules: [
    { priority: 100, src: '10.1.0.0/16', table: 100 },
    { priority: 101, fwmark: 5, table: 100 },
    { family: 'inet6', priority: 100, src: '2001:db8:5::/48', table: 100 },
  ],
};

/** What `ip -j` must show of the desired state, written out by hand. */
const EXPECTED = {
  links: ['br0 bridge mtu 1400 up master - forward_delay 400 stp 0', 'v0 veth mtu 1400 up master - peer v1', 'v1 veth mtu 1400 up master br0 peer v0'],
  addresses: ['br0 10.9.0.1/24 br0:lan', 'br0 10.9.1.1/24 br0', 'v0 10.0.0.1/24 v0', 'v0 2001:db8::1/64 -'],
  routes: [
    '100 198.51.100.0/24 dev v0 metric 0',
    '100 default via 10.0.0.254 dev v0 metric 0',
    'main 10.10.0.0/16 via 10.9.0.2 dev br0 metric 0',
    'main 192.0.2.0/24 via 10.0.0.2 dev v0 metric 0',
    '100 2001:db8:2::/48 dev v0 metric 50',
    'main 2001:db8:1::/48 via 2001:db8::2 dev v0 metric 1024',
  ],
  neighbours: ['v0 10.0.0.2 02:00:00:00:00:02 PERMANENT', 'v0 2001:db8::2 02:00:00:00:00:03 PERMANENT'],
  rules: ['100 from 10.1.0.0/16 lookup 100', '101 fwmark 0x5 lookup 100', '100 from 2001:db8:5::/48 lookup 100'],
};

type Json = Record<string, any>;

describe.skipIf(kernelSkipReason !== undefined)('reconcile in a namespace of its own', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  let owned: Ownership | undefined;

  /** The namespace as `ip -j` shows it, in the terms of EXPECTED (links, addresses and neighbours of the owned links; routes and rules of PROTOCOL). */
  function ipView(links = ['br0', 'v0', 'v1']) {
    const all: Json[] = ns.ipJson('-d', 'link', 'show');
    const named = (name: string) => all.find((l) => l.ifname === name);
    const linkView = links
      .map(named)
      .filter((l): l is Json => l !== undefined)
      .map((l) => {
        const kind = l.linkinfo?.info_kind;
        const extra = kind === 'bridge' ? `forward_delay ${l.linkinfo.info_data.forward_delay} stp ${l.linkinfo.info_data.stp_state}` : `peer ${l.link}`;
        return `${l.ifname} ${kind} mtu ${l.mtu} ${l.flags.includes('UP') ? 'up' : 'down'} master ${l.master ?? '-'} ${extra}`;
      })
      .sort();
    const addresses = (ns.ipJson('addr', 'show') as Json[])
      .flatMap((l) => (l.addr_info as Json[]).filter((a) => a.scope === 'global').map((a) => `${l.ifname} ${a.local}/${a.prefixlen} ${a.label ?? '-'}`))
      .sort();
    const routes = ['-4', '-6'].flatMap((family) =>
      (ns.ipJson(family, 'route', 'show', 'table', 'all', 'proto', String(PROTOCOL)) as Json[])
        .map((r) => `${r.table ?? 'main'} ${r.dst}${r.gateway ? ` via ${r.gateway}` : ''} dev ${r.dev} metric ${r.metric ?? 0}`)
        .sort(),
    );
    const neighbours = (ns.ipJson('neigh', 'show') as Json[]).filter((n) => n.state.includes('PERMANENT')).map((n) => `${n.dev} ${n.dst} ${n.lladdr} ${n.state.join(',')}`).sort();
    const rules = ['-4', '-6'].flatMap((family) =>
      (ns.ipJson(family, 'rule', 'show') as Json[])
        .filter((r) => r.protocol === String(PROTOCOL))
        .map((r) => `${r.priority}${r.src !== 'all' ? ` from ${r.src}/${r.srclen}` : ''}${r.fwmark ? ` fwmark ${r.fwmark}` : ''} lookup ${r.table}`),
    );
    return { links: linkView, addresses, routes, neighbours, rules };
  }

  async function reconcile() {
    const steps = plan(desired, await observe(rtnl), { protocol: PROTOCOL, ...(owned ? { owned } : {}) });
    const result = await apply(rtnl, steps);
    owned = result.ownership;
    return result;
  }

  beforeAll(async () => {
    ns = createNetns('reconcile');
    rtnl = await ns.rtnl();
  });
  afterAll(() => ns?.remove());

  it('from empty: every object is created, masters before ports, and `ip -j` shows the desired state', async () => {
    const result = await reconcile();
    expect(result.results.filter((r) => r.status !== 'applied')).toEqual([]);
    expect(result.ok).toBe(true);
    const steps = result.plan.steps;
    expect(steps.every((step) => step.op === 'create' || (step.kind === 'link' && step.key === 'v1'))).toBe(true);
    // br0 before v0 (whose create makes v1), and v1's settings (master br0) after both.
    const at = (kind: string, key: string) => steps.findIndex((step) => step.kind === kind && step.key === key);
    expect(at('link', 'br0')).toBeLessThan(at('link', 'v0'));
    expect(at('link', 'v0')).toBeLessThan(at('link', 'v1'));
    expect(steps.map((step) => step.kind)).toEqual([...Array(3).fill('link'), ...Array(4).fill('address'), ...Array(6).fill('route'), ...Array(2).fill('neighbour'), ...Array(3).fill('rule')]);
    expect(ipView()).toEqual(EXPECTED);
    expect(owned).toEqual({ links: ['v1', 'v0', 'br0'], addresses: ['v0 10.0.0.1/24', 'v0 2001:db8::1/64', 'br0 10.9.0.1/24', 'br0 10.9.1.1/24'], neighbours: ['inet v0 10.0.0.2', 'inet6 v0 2001:db8::2'] });
  });

  it('twice in a row: the second plan is empty, and nothing changes (observed with the list() verbs as they are)', async () => {
    const before = ipView();
    const observed = {
      links: await rtnl.links.list(),
      addresses: await rtnl.addresses.list(),
      routes: await rtnl.routes.list(),
      neighbours: await rtnl.neighbours.list(),
      rules: await rtnl.rules.list(),
    };
    const again = plan(desired, observed, { protocol: PROTOCOL, owned: owned! });
    expect(again.steps).toEqual([]);
    const result = await apply(rtnl, again);
    expect(result).toMatchObject({ ok: true, applied: 0, failed: 0, skipped: 0 });
    expect(ipView()).toEqual(before);
  });

  it('from a drifted state: what is owned is healed, what is not survives', async () => {
    ns.batch([
      'route del 192.0.2.0/24',
      'addr add 10.0.0.77/24 dev v0',
      'link set v0 mtu 1500',
      'route add 203.0.113.0/24 dev v0',
      `route add 203.0.113.128/25 dev v0 proto ${PROTOCOL}`,
      'rule del priority 101',
      'neigh replace 10.0.0.2 lladdr 02:00:00:00:00:99 dev v0',
    ]);
    const drifted = plan(desired, await observe(rtnl), { protocol: PROTOCOL, owned: owned! });
    expect(drifted.steps.map((step) => `${step.op} ${step.kind} ${step.key}`)).toEqual([
      `delete route inet table 254 203.0.113.128/25 tos 0 metric 0`,
      'update link v0',
      'create route inet table 254 192.0.2.0/24 tos 0 metric 0',
      'update neighbour inet v0 10.0.0.2',
      'create rule inet priority 101 fwmark 5 fwmask 4294967295',
    ]);
    expect(drifted.steps[1]!.changes).toEqual([{ field: 'mtu', from: 1500, to: 1400 }]);
    expect(drifted.steps[1]!.call).toEqual({ verb: 'links.set', name: 'v0', changes: { mtu: 1400 } });
    expect(drifted.steps[3]!.changes).toEqual([{ field: 'lladdr', from: '02:00:00:00:00:99', to: '02:00:00:00:00:02' }]);
    // A dry run changes nothing.
    const before = ipView();
    const dry = await apply(rtnl, drifted, { dryRun: true });
    expect(dry.results.map((r) => r.status === 'skipped' && r.reason)).toEqual(Array(5).fill('dry-run'));
    expect(ipView()).toEqual(before);
    const result = await apply(rtnl, drifted);
    expect(result.ok).toBe(true);
    const view = ipView();
    // The address someone added is not owned: it stays, beside the desired ones.
    expect(view).toEqual({ ...EXPECTED, addresses: ['br0 10.9.0.1/24 br0:lan', 'br0 10.9.1.1/24 br0', 'v0 10.0.0.1/24 v0', 'v0 10.0.0.77/24 v0', 'v0 2001:db8::1/64 -'] });
    // The route someone added with another protocol is not owned: it stays.
    expect((ns.ipJson('route', 'show', '203.0.113.0/24') as Json[]).map((r) => `${r.dst} ${r.protocol ?? 'boot'}`)).toEqual(['203.0.113.0/24 boot']);
    expect(plan(desired, await observe(rtnl), { protocol: PROTOCOL, owned: owned! }).steps).toEqual([]);
  });

  it('a bridge someone deleted comes back, with its port, addresses and the route through it', async () => {
    ns.ip('link', 'del', 'br0');
    const healed = plan(desired, await observe(rtnl), { protocol: PROTOCOL, owned: owned! });
    expect(healed.steps.map((step) => `${step.op} ${step.kind} ${step.key}`)).toEqual([
      'create link br0',
      'update link v1',
      'create address br0 10.9.0.1/24',
      'create address br0 10.9.1.1/24',
      'create route inet table 254 10.10.0.0/16 tos 0 metric 0',
    ]);
    expect(healed.steps[1]!.call).toEqual({ verb: 'links.set', name: 'v1', changes: { master: 'br0' } });
    expect((await apply(rtnl, healed)).ok).toBe(true);
    expect(ipView()).toEqual({ ...EXPECTED, addresses: ['br0 10.9.0.1/24 br0:lan', 'br0 10.9.1.1/24 br0', 'v0 10.0.0.1/24 v0', 'v0 10.0.0.77/24 v0', 'v0 2001:db8::1/64 -'] });
  });

  it('what is no longer desired and owned is deleted (routes before addresses before links); what was never owned stays', async () => {
    const smaller: DesiredState = {
      ...desired,
      links: desired.links!.filter((link) => link.name === 'br0'),
      addresses: desired.addresses!.filter((a) => a.address === '10.9.0.1/24'),
      routes: [],
      neighbours: [],
      rules: desired.rules!.slice(0, 1),
    };
    const shrink = plan(smaller, await observe(rtnl), { protocol: PROTOCOL, owned: owned! });
    // One delete for the veth pair (deleting v1 deletes v0), and none for what is on them: it goes with them.
    expect(shrink.steps.map((step) => `${step.op} ${step.kind} ${step.key}`)).toEqual([
      'delete route inet table 254 10.10.0.0/16 tos 0 metric 0',
      'delete rule inet priority 101 fwmark 5 fwmask 4294967295',
      'delete rule inet6 priority 100 src 2001:db8:5::/48',
      'delete address br0 10.9.1.1/24',
      'delete link v1',
    ]);
    const result = await apply(rtnl, shrink);
    expect(result.ok).toBe(true);
    owned = result.ownership;
    expect(owned).toEqual({ links: ['br0'], addresses: ['br0 10.9.0.1/24'], neighbours: [] });
    expect(ipView()).toEqual({
      links: ['br0 bridge mtu 1500 up master - forward_delay 400 stp 0'],
      addresses: ['br0 10.9.0.1/24 br0:lan'],
      routes: [],
      neighbours: [],
      rules: ['100 from 10.1.0.0/16 lookup 100'],
    });
    expect((ns.ipJson('link', 'show') as Json[]).map((l) => l.ifname)).toEqual(['lo', 'br0']);
    expect(plan(smaller, await observe(rtnl), { protocol: PROTOCOL, owned }).steps).toEqual([]);
  });

  it('a change set cannot make recreates the link, and what was on it is created again', async () => {
    // Another caller, with a protocol of its own: it owns nothing of the first one's.
    const before: DesiredState = { links: [{ name: 'x0', kind: 'veth', peer: { name: 'x1' }, up: true }], addresses: [{ dev: 'x0', address: '10.7.0.1/24' }], routes: [{ dst: '10.8.0.0/16', dev: 'x0' }] };
    const first = await apply(rtnl, plan(before, await observe(rtnl), { protocol: PROTOCOL + 1 }));
    expect(first.ok).toBe(true);
    const after: DesiredState = { ...before, links: [{ name: 'x0', kind: 'veth', peer: { name: 'x2' }, up: true }] };
    const recreate = plan(after, await observe(rtnl), { protocol: PROTOCOL + 1, owned: first.ownership });
    expect(recreate.steps.map((step) => `${step.op} ${step.kind} ${step.key}${step.recreate ? ' (recreate)' : ''}`)).toEqual([
      'delete link x0 (recreate)',
      'create link x0 (recreate)',
      'create address x0 10.7.0.1/24',
      'create route inet table 254 10.8.0.0/16 tos 0 metric 0',
    ]);
    expect(recreate.steps[0]!.changes).toEqual([{ field: 'peer', from: 'x1', to: 'x2' }]);
    expect(recreate.steps[1]!.dependsOn).toEqual([0]);
    expect(recreate.steps[2]!.dependsOn).toEqual([1]);
    expect(recreate.steps[3]!.dependsOn).toEqual([1, 2]);
    expect((await apply(rtnl, recreate)).ok).toBe(true);
    const x0: Json = (ns.ipJson('link', 'show', 'x0') as Json[])[0]!;
    expect(x0.link).toBe('x2');
    expect((ns.ipJson('addr', 'show', 'dev', 'x0') as Json[])[0]!.addr_info.map((a: Json) => `${a.local}/${a.prefixlen}`)).toContain('10.7.0.1/24');
    expect((ns.ipJson('route', 'show', '10.8.0.0/16') as Json[]).map((r) => `${r.dst} dev ${r.dev} proto ${r.protocol}`)).toEqual([`10.8.0.0/16 dev x0 proto ${PROTOCOL + 1}`]);
  });

  it('a step the kernel refuses is reported failed with its error; with onFailure continue the others still run', async () => {
    // A gateway the kernel cannot reach: the route create fails (ENETUNREACH), the rest goes on.
    const broken: DesiredState = {
      links: [{ name: 'y0', kind: 'veth', peer: { name: 'y1' } }],
      addresses: [{ dev: 'y0', address: '10.6.0.1/24' }],
      routes: [{ dst: '10.5.0.0/16', gateway: '10.99.0.1' }],
    };
    const steps = plan(broken, await observe(rtnl), { protocol: PROTOCOL + 2 });
    const result = await apply(rtnl, steps, { onFailure: 'continue' });
    expect(result.results.map((r) => `${r.status} ${r.step.kind}`)).toEqual(['applied link', 'applied address', 'failed route']);
    const failed = result.results.find((r) => r.status === 'failed');
    expect(failed?.step.kind).toBe('route');
    expect(failed && 'error' in failed && (failed.error as { errnoName?: string }).errnoName).toBe('ENETUNREACH');
    expect(result.ok).toBe(false);
    expect(ns.ipJson('link', 'show', 'y0')).toHaveLength(1);
  });
});
