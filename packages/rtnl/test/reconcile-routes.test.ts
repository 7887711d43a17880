// plan() on routes, field by field: what makes a route's key (family, table, destination and its host bits,
// source, tos, metric with the kernel's IPv6 default), what is compared always (type, scope, gateway,
// device, next hops with their weights and onlink) and only when desired (metrics with lock, prefsrc,
// pref, nhId), what a route waits for, and which observed routes are deleted. Observed routes are shaped
// as routes.list() returns them from a 6.18 kernel (helpers/observed.ts).
import { describe, expect, it } from 'vitest';
import { plan, type DesiredState, type Plan } from '../src/index.js';
import { address, empty, link, route, type ObservedLists } from './helpers/observed.js';

const PROTOCOL = 200;
const lines = (p: Plan) => p.steps.map((step) => `${step.op} ${step.kind} ${step.key}`);

/** v0 (2) and v1 (3), up, with an address each. */
function base(): ObservedLists {
  const observed = empty();
  observed.links.push(link(2, 'v0', { kind: 'veth', up: true, link: 3 }), link(3, 'v1', { kind: 'veth', up: true, link: 2 }));
  observed.addresses.push(address(2, '10.0.0.1', 24), address(3, '10.1.0.1', 24));
  return observed;
}

const owned = (...routes: Parameters<typeof route>[]) => routes.map(([dst, len, options]) => route(dst, len, { protocol: PROTOCOL, ...options }));
const planOf = (desired: DesiredState, observed: ObservedLists) => plan(desired, observed, { protocol: PROTOCOL });

describe('reconcile routes: the key', () => {
  it('an IPv4 destination with host bits is the prefix it names; a different metric or tos is another route', () => {
    const observed = base();
    observed.routes.push(...owned(['10.9.0.0', 16, { oif: 2, scope: 'link' }]));
    expect(planOf({ routes: [{ dst: '10.9.1.2/16', dev: 'v0' }] }, observed).steps).toEqual([]);
    expect(lines(planOf({ routes: [{ dst: '10.9.0.0/16', dev: 'v0', priority: 5 }] }, observed))).toEqual(['delete route inet table 254 10.9.0.0/16 tos 0 metric 0', 'create route inet table 254 10.9.0.0/16 tos 0 metric 5']);
    expect(lines(planOf({ routes: [{ dst: '10.9.0.0/16', dev: 'v0', tos: 16 }] }, observed))).toEqual(['delete route inet table 254 10.9.0.0/16 tos 0 metric 0', 'create route inet table 254 10.9.0.0/16 tos 16 metric 0']);
  });

  it('an IPv6 source prefix is part of the key (from …); a route without a metric has 1024', () => {
    const observed = base();
    observed.routes.push(...owned(['2001:db8:5::', 48, { src: '2001:db8:9::', srcLen: 64, oif: 2 }]));
    const desired = { routes: [{ dst: '2001:db8:5::/48', src: '2001:db8:9::1/64', dev: 'v0' }] };
    expect(planOf(desired, observed).steps).toEqual([]);
    expect(lines(planOf({ routes: [{ dst: '2001:db8:5::/48', src: '2001:db8:8::/64', dev: 'v0' }] }, observed))).toEqual([
      'delete route inet6 table 254 2001:db8:5::/48 from 2001:db8:9::/64 tos 0 metric 1024',
      'create route inet6 table 254 2001:db8:5::/48 from 2001:db8:8::/64 tos 0 metric 1024',
    ]);
  });

  it('a table above 255 is kept whole; the default route of each family', () => {
    const observed = base();
    observed.routes.push(...owned(['0.0.0.0', 0, { table: 1000, gateway: '10.0.0.254', oif: 2 }], ['::', 0, { gateway: 'fe80::1', oif: 2 }]));
    expect(planOf({ routes: [{ dst: 'default', gateway: '10.0.0.254', dev: 'v0', table: 1000 }, { dst: '::/0', gateway: 'fe80::1', dev: 'v0' }] }, observed).steps).toEqual([]);
    expect(lines(planOf({ routes: [{ dst: 'default', gateway: '10.0.0.254', dev: 'v0', table: 1001 }] }, observed))).toEqual([
      'delete route inet table 1000 0.0.0.0/0 tos 0 metric 0',
      'delete route inet6 table 254 ::/0 tos 0 metric 1024',
      'create route inet table 1001 0.0.0.0/0 tos 0 metric 0',
    ]);
  });
});

describe('reconcile routes: what is compared', () => {
  it('next hops: gateways and weights always, a device only where the desired hop names one, onlink', () => {
    const observed = base();
    const hops = [
      { gateway: '10.0.0.2', oif: 2, weight: 2, flags: [] },
      { gateway: '10.1.0.2', oif: 3, weight: 1, flags: ['onlink' as const] },
    ];
    observed.routes.push(...owned(['10.3.0.0', 16, { multipath: hops }]));
    const desired = (second: Record<string, unknown>): DesiredState => ({ routes: [{ dst: '10.3.0.0/16', multipath: [{ gateway: '10.0.0.2', dev: 'v0', weight: 2 }, { gateway: '10.1.0.2', flags: ['onlink'], ...second } as never] }] });
    expect(planOf(desired({}), observed).steps).toEqual([]);
    expect(planOf(desired({ dev: 'v1' }), observed).steps).toEqual([]);
    const moved = planOf(desired({ dev: 'v0' }), observed);
    expect(moved.steps.map((s) => [s.op, s.call.verb, s.changes?.map((c) => c.field)])).toEqual([['update', 'routes.replace', ['multipath']]]);
    expect(moved.steps[0]!.changes![0]!.from).toEqual([
      { gateway: '10.0.0.2', dev: 'v0', weight: 2, onlink: false },
      { gateway: '10.1.0.2', dev: 'v1', weight: 1, onlink: true },
    ]);
    expect(planOf(desired({ weight: 3 }), observed).steps[0]!.changes!.map((c) => c.field)).toEqual(['multipath']);
    expect(planOf(desired({ flags: [] }), observed).steps[0]!.changes!.map((c) => c.field)).toEqual(['multipath']);
  });

  it('one next hop is a plain route: its gateway, device and onlink', () => {
    const observed = base();
    observed.routes.push(...owned(['10.4.0.0', 16, { gateway: '10.1.0.9', oif: 3, flags: ['onlink'] }]));
    expect(planOf({ routes: [{ dst: '10.4.0.0/16', multipath: [{ gateway: '10.1.0.9', dev: 'v1', flags: ['onlink'] }] }] }, observed).steps).toEqual([]);
    expect(planOf({ routes: [{ dst: '10.4.0.0/16', gateway: '10.1.0.9', dev: 'v1', flags: ['onlink'] }] }, observed).steps).toEqual([]);
    const changes = planOf({ routes: [{ dst: '10.4.0.0/16', gateway: '10.1.0.9', dev: 'v1' }] }, observed).steps[0]!.changes;
    expect(changes).toEqual([{ field: 'onlink', from: true, to: false }]);
  });

  it('a device the names do not know is #index; without a device desired, the kernel\'s choice is not compared', () => {
    const observed = base();
    observed.routes.push(...owned(['10.5.0.0', 16, { gateway: '10.0.0.2', oif: 9 }]));
    expect(planOf({ routes: [{ dst: '10.5.0.0/16', gateway: '10.0.0.2' }] }, observed).steps).toEqual([]);
    expect(planOf({ routes: [{ dst: '10.5.0.0/16', gateway: '10.0.0.2', dev: 'v0' }] }, observed).steps[0]!.changes).toEqual([{ field: 'dev', from: '#9', to: 'v0' }]);
  });

  it('type and scope by number: a blackhole is not a unicast route', () => {
    const observed = base();
    observed.routes.push(...owned(['10.6.0.0', 16, { type: 'blackhole' }]));
    expect(planOf({ routes: [{ dst: '10.6.0.0/16', type: 'blackhole' }] }, observed).steps).toEqual([]);
    expect(planOf({ routes: [{ dst: '10.6.0.0/16', type: 'unreachable' }] }, observed).steps[0]!.changes).toEqual([{ field: 'type', from: 6, to: 7 }]);
    expect(planOf({ routes: [{ dst: '10.6.0.0/16', type: 'blackhole', scope: 'link' }] }, observed).steps[0]!.changes).toEqual([{ field: 'scope', from: 0, to: 253 }]);
  });

  it('metrics only as far as desired, lock as its mask (RTAX_MTU 2: bit 2)', () => {
    const observed = base();
    observed.routes.push(...owned(['10.7.0.0', 16, { oif: 2, scope: 'link', metrics: { mtu: 1400, lock: ['mtu'], hoplimit: 64 } }]));
    expect(planOf({ routes: [{ dst: '10.7.0.0/16', dev: 'v0', metrics: { mtu: 1400 } }] }, observed).steps).toEqual([]);
    expect(planOf({ routes: [{ dst: '10.7.0.0/16', dev: 'v0', metrics: { mtu: 1400, lock: ['mtu'] } }] }, observed).steps).toEqual([]);
    expect(planOf({ routes: [{ dst: '10.7.0.0/16', dev: 'v0', metrics: { mtu: 1300 } }] }, observed).steps[0]!.changes).toEqual([{ field: 'metrics', from: { mtu: 1400 }, to: { mtu: 1300 } }]);
    expect(planOf({ routes: [{ dst: '10.7.0.0/16', dev: 'v0', metrics: { hoplimit: 64, lock: ['hoplimit'] } }] }, observed).steps[0]!.changes).toEqual([{ field: 'metrics', from: { hoplimit: 64, lock: 4 }, to: { hoplimit: 64, lock: 1 << 10 } }]);
    const unlocked = base();
    unlocked.routes.push(...owned(['10.7.0.0', 16, { oif: 2, scope: 'link', metrics: { mtu: 1400 } }]));
    expect(planOf({ routes: [{ dst: '10.7.0.0/16', dev: 'v0', metrics: { mtu: 1400, lock: ['mtu'] } }] }, unlocked).steps[0]!.changes).toEqual([{ field: 'metrics', from: { mtu: 1400, lock: undefined }, to: { mtu: 1400, lock: 4 } }]);
  });

  it('prefsrc, pref and nhId only when desired', () => {
    const observed = base();
    observed.routes.push(...owned(['10.8.0.0', 16, { oif: 2, scope: 'link', prefsrc: '10.0.0.1' }], ['2001:db8:8::', 48, { oif: 2, pref: 'high' }], ['10.10.0.0', 16, { nhId: 5 }]));
    expect(planOf({ routes: [{ dst: '10.8.0.0/16', dev: 'v0' }, { dst: '2001:db8:8::/48', dev: 'v0' }] }, { ...observed, routes: observed.routes.slice(0, 2) }).steps).toEqual([]);
    expect(planOf({ routes: [{ dst: '10.8.0.0/16', dev: 'v0', prefsrc: '10.0.0.1' }, { dst: '2001:db8:8::/48', dev: 'v0', pref: 'high' }, { dst: '10.10.0.0/16', nhId: 5 }] }, observed).steps).toEqual([]);
    const changed = planOf({ routes: [{ dst: '10.8.0.0/16', dev: 'v0', prefsrc: '10.0.0.9' }, { dst: '2001:db8:8::/48', dev: 'v0', pref: 'low' }, { dst: '10.10.0.0/16', nhId: 6 }] }, observed);
    // RFC 4191 preferences: high 1, medium 0, low 3 (linux/icmpv6.h ICMPV6_ROUTER_PREF_*).
    expect(changed.steps.map((s) => s.changes)).toEqual([[{ field: 'prefsrc', from: '10.0.0.1', to: '10.0.0.9' }], [{ field: 'pref', from: 1, to: 3 }], [{ field: 'nhId', from: 5, to: 6 }]]);
  });
});

describe('reconcile routes: what waits and what goes', () => {
  it('a route waits for its devices\' creates and address steps; one without a device waits for every address step', () => {
    const desired: DesiredState = {
      links: [{ name: 'n0', kind: 'bridge' }, { name: 'n1', kind: 'bridge' }],
      addresses: [{ dev: 'n0', address: '10.20.0.1/24' }, { dev: 'n1', address: '10.21.0.1/24' }],
      routes: [{ dst: '10.30.0.0/16', dev: 'n1' }, { dst: '10.31.0.0/16', gateway: '10.20.0.2' }, { dst: '10.32.0.0/16', multipath: [{ gateway: '10.20.0.3', dev: 'n0' }, { gateway: '10.21.0.3', dev: 'n1' }] }],
    };
    const result = planOf(desired, empty());
    expect(result.steps.map((s) => `${s.op} ${s.kind} ${s.key} after ${s.dependsOn.join(',')}`)).toEqual([
      'create link n0 after ',
      'create link n1 after ',
      'create address n0 10.20.0.1/24 after 0',
      'create address n1 10.21.0.1/24 after 1',
      'create route inet table 254 10.30.0.0/16 tos 0 metric 0 after 1,3',
      'create route inet table 254 10.31.0.0/16 tos 0 metric 0 after 2,3',
      'create route inet table 254 10.32.0.0/16 tos 0 metric 0 after 0,1,2,3',
    ]);
  });

  it('two owned routes with one key: the second is deleted; routes of others are never deleted', () => {
    const observed = base();
    observed.routes.push(...owned(['10.11.0.0', 16, { oif: 2, scope: 'link' }], ['10.11.0.0', 16, { oif: 3, scope: 'link' }]), route('10.12.0.0', 16, { oif: 2, protocol: 'static' }), route('10.12.0.0', 16, { oif: 3, protocol: 'static' }));
    const result = planOf({ routes: [{ dst: '10.11.0.0/16', dev: 'v0' }] }, observed);
    expect(result.steps.map((s) => [s.op, s.call.verb, s.call.verb === 'routes.delete' ? s.call.route.oif : undefined])).toEqual([['delete', 'routes.delete', 3]]);
    // Not desired: both owned ones go.
    expect(lines(planOf({}, observed))).toEqual(['delete route inet table 254 10.11.0.0/16 tos 0 metric 0', 'delete route inet table 254 10.11.0.0/16 tos 0 metric 0']);
  });

  it('routes of families other than inet and inet6 are not looked at', () => {
    const observed = base();
    observed.routes.push({ ...owned(['10.13.0.0', 16, { oif: 2 }])[0]!, family: 'mpls' as never });
    expect(planOf({}, observed).steps).toEqual([]);
  });
});
