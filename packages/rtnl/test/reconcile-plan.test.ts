// plan() is pure: desired + observed (the shapes list() returns) → ordered steps. No kernel here; the
// kernel tests (reconcile.live.test.ts) check the same against `ip -j`.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, plan, type DesiredState, type Ownership, type Plan } from '../src/index.js';
import { address, empty, link, lo, neighbour, route, rule, defaultRules, type ObservedLists } from './helpers/observed.js';
import { refusal } from './helpers/refusal.js';

const PROTOCOL = 200;

const desired: DesiredState = {
  links: [
    { name: 'v1', kind: 'veth', master: 'br0', up: true },
    { name: 'v0', kind: 'veth', peer: { name: 'v1' }, up: true, mtu: 1400 },
    { name: 'br0', kind: 'bridge', up: true, stp: false, forwardDelay: 400 },
  ],
  addresses: [
    { dev: 'v0', address: '10.0.0.1/24' },
    // Written in a form the kernel never prints: compared as the address it is.
    { dev: 'v0', address: '2001:DB8:0::1/64', flags: ['nodad'] },
  ],
  routes: [
    { dst: '192.0.2.0/24', gateway: '10.0.0.2' },
    { dst: '2001:db8:1::/48', gateway: '2001:db8::2' },
    { dst: 'default', dev: 'v0', table: 100 },
  ],
  neighbours: [{ interface: 'v0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:AA' }],
  rules: [
    { priority: 100, src: '10.1.0.0/16', table: 100 },
    { priority: 101, fwmark: 5, table: 100 },
  ],
};

/** What a kernel shows once `desired` is applied (and what it adds by itself: prefix routes, link-local addresses, multicast neighbours). */
function converged(): ObservedLists {
  return {
    links: [
      lo,
      link(2, 'br0', { kind: 'bridge', data: { forwardDelay: 400, helloTime: 200, stpState: 0, priority: 32768 }, up: true, mtu: 1400 }),
      link(3, 'v1', { kind: 'veth', up: true, master: 2, link: 4 }),
      link(4, 'v0', { kind: 'veth', up: true, link: 3, mtu: 1400 }),
    ],
    addresses: [
      address(4, '10.0.0.1', 24, { label: 'v0', broadcast: undefined }),
      address(4, '2001:db8::1', 64, { flags: ['nodad', 'permanent'] }),
      address(4, 'fe80::1', 64, { scope: 'link' }),
    ],
    routes: [
      route('10.0.0.0', 24, { protocol: 'kernel', scope: 'link', oif: 4, prefsrc: '10.0.0.1' }),
      route('192.0.2.0', 24, { protocol: PROTOCOL, gateway: '10.0.0.2', oif: 4 }),
      route('2001:db8::', 64, { protocol: 'kernel', oif: 4, priority: 256 }),
      route('2001:db8:1::', 48, { protocol: PROTOCOL, gateway: '2001:db8::2', oif: 4 }),
      route('0.0.0.0', 0, { table: 100, protocol: PROTOCOL, scope: 'link', oif: 4 }),
    ],
    neighbours: [neighbour(4, '10.0.0.2', '02:00:00:00:00:aa'), neighbour(2, '224.0.0.22', '01:00:5e:00:00:16', { state: 'noarp', states: ['noarp'], type: 'multicast' })],
    rules: [...defaultRules, rule(100, { src: '10.1.0.0', srcLen: 16, table: 100, protocol: PROTOCOL }), rule(101, { fwmark: 5, fwmask: 0xffff_ffff, table: 100, protocol: PROTOCOL })],
  };
}

const OWNED: Ownership = { links: ['v1', 'v0', 'br0'], addresses: ['v0 10.0.0.1/24', 'v0 2001:db8::1/64'], neighbours: ['inet v0 10.0.0.2'] };

const lines = (p: Plan) => p.steps.map((step) => `${step.op} ${step.kind} ${step.key}`);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
  }
  return value;
}

describe('plan from an empty namespace', () => {
  const result = plan(desired, empty(), { protocol: PROTOCOL });

  it('creates links (masters first; the veth pair once), then addresses, routes, neighbours, rules', () => {
    expect(lines(result)).toEqual([
      'create link br0',
      'create link v0',
      'update link v1',
      'create address v0 10.0.0.1/24',
      'create address v0 2001:db8::1/64',
      'create route inet table 254 192.0.2.0/24 tos 0 metric 0',
      'create route inet6 table 254 2001:db8:1::/48 tos 0 metric 1024',
      'create route inet table 100 0.0.0.0/0 tos 0 metric 0',
      'create neighbour inet v0 10.0.0.2',
      'create rule inet priority 100 src 10.1.0.0/16',
      'create rule inet priority 101 fwmark 5 fwmask 4294967295',
    ]);
    expect(result.steps.map((step) => step.id)).toEqual([...result.steps.keys()]);
  });

  it("each step depends on the steps that make what it needs", () => {
    expect(result.steps.map((step) => step.dependsOn)).toEqual([
      [],
      [],
      [0, 1], // v1 is made by v0's create, and enslaved to br0
      [1],
      [1],
      [3, 4], // a gateway without a device: every address step
      [3, 4],
      [1, 3, 4], // through v0: its create and its addresses
      [1],
      [],
      [],
    ]);
  });

  it('the calls are the verbs\' arguments as written, routes and rules with the plan\'s protocol', () => {
    expect(result.steps[0]!.call).toEqual({ verb: 'links.create', spec: desired.links![2] });
    expect(result.steps[2]!.call).toEqual({ verb: 'links.set', name: 'v1', changes: { up: true, master: 'br0' } });
    expect(result.steps[4]!.call).toEqual({ verb: 'addresses.add', dev: 'v0', address: '2001:DB8:0::1/64', settings: { flags: ['nodad'] } });
    expect(result.steps[7]!.call).toEqual({ verb: 'routes.add', spec: { dst: 'default', dev: 'v0', table: 100, protocol: PROTOCOL } });
    expect(result.steps[8]!.call).toEqual({ verb: 'neighbours.add', spec: desired.neighbours![0] });
    expect(result.steps[10]!.call).toEqual({ verb: 'rules.add', spec: { priority: 101, fwmark: 5, table: 100, protocol: PROTOCOL } });
  });

  it('the ownership record names the desired links, addresses and neighbours', () => {
    expect(result.ownership).toEqual(OWNED);
    expect(result.protocol).toBe(PROTOCOL);
    expect(result.releases).toEqual({});
  });

  it('a step depends on each step once (next hops through one device)', () => {
    const ecmp = plan({ ...desired, routes: [{ dst: '10.30.0.0/16', multipath: [{ gateway: '10.0.0.2', dev: 'v0' }, { gateway: '10.0.0.3', dev: 'v0' }] }] }, empty(), { protocol: PROTOCOL });
    expect(ecmp.steps.find((step) => step.kind === 'route')!.dependsOn).toEqual([1, 3, 4]);
  });

  it('an empty desired state over an empty namespace is an empty plan', () => {
    expect(plan({}, empty(), { protocol: PROTOCOL }).steps).toEqual([]);
  });
});

describe('plan over a converged namespace', () => {
  it('is empty: every desired object compares equal to its observation (idempotence)', () => {
    expect(plan(desired, converged(), { protocol: PROTOCOL, owned: OWNED }).steps).toEqual([]);
    // Without an ownership record too: owning decides deletes only.
    expect(plan(desired, converged(), { protocol: PROTOCOL }).steps).toEqual([]);
  });

  it('is pure: frozen inputs, the same plan twice', () => {
    const observed = deepFreeze(converged());
    const frozen = deepFreeze(structuredClone(desired));
    const drifted = { ...observed, routes: observed.routes.slice(1) };
    const a = plan(frozen, drifted, { protocol: PROTOCOL, owned: OWNED });
    const b = plan(frozen, drifted, { protocol: PROTOCOL, owned: OWNED });
    expect(a).toEqual(b);
  });

  it('text forms and kernel defaults compare equal: IPv6 text, MAC case, IPv6 metric 1024, a full fwmask, one-hop multipath, host bits of an IPv6 prefix', () => {
    const observed = converged();
    observed.routes.push(route('2001:db8:7::', 48, { protocol: PROTOCOL, gateway: '2001:db8::3', oif: 4 }), route('10.20.0.0', 16, { protocol: PROTOCOL, gateway: '10.0.0.3', oif: 4 }));
    const more: DesiredState = {
      ...desired,
      routes: [...desired.routes!, { dst: '2001:db8:7::5/48', gateway: '2001:DB8::3', priority: 0 }, { dst: '10.20.0.0/16', multipath: [{ gateway: '10.0.0.3' }] }],
    };
    expect(plan(more, observed, { protocol: PROTOCOL, owned: OWNED }).steps).toEqual([]);
  });
});

describe('what the kernel does not do as asked', () => {
  it('an alias is part of the create (links.create sets it itself, since the kernel ignores IFLA_IFALIAS in one)', () => {
    const result = plan({ links: [{ name: 'a0', kind: 'bridge', alias: 'uplink' }] }, empty(), { protocol: PROTOCOL });
    expect(lines(result)).toEqual(['create link a0']);
    expect(result.steps[0]).toMatchObject({ call: { verb: 'links.create', spec: { name: 'a0', alias: 'uplink' } } });
  });

  it('kind data the codec decodes into struct instances compares by value', () => {
    class Struct {
      constructor(
        readonly low: number,
        readonly high: number,
      ) {}
    }
    const observed = empty();
    observed.links.push(link(2, 'low0', { kind: 'veth', link: 3 }), link(3, 'low1', { kind: 'veth', link: 2 }));
    observed.links.push(link(4, 'vx0', { kind: 'vxlan', data: { id: 42, portRange: new Struct(2000, 3000), group: '239.1.1.1', link: 2 } }));
    const vxlan: DesiredState = { links: [{ name: 'vx0', kind: 'vxlan', vni: 42, srcPortRange: { low: 2000, high: 3000 }, group: '239.1.1.1', dev: 'low0' }] };
    expect(plan(vxlan, observed, { protocol: PROTOCOL }).steps).toEqual([]);
  });
});

describe('plan over a drifted namespace', () => {
  it('heals what is owned: a deleted route, a changed mtu, a rule gone, a changed neighbour', () => {
    const observed = converged();
    observed.routes = observed.routes.filter((r) => r.dst !== '192.0.2.0');
    observed.links[3] = { ...observed.links[3]!, mtu: 1500 };
    observed.rules = observed.rules.filter((r) => r.priority !== 101);
    observed.neighbours[0] = { ...observed.neighbours[0]!, lladdr: '02:00:00:00:00:99', state: 'reachable', states: ['reachable'] };
    const result = plan(desired, observed, { protocol: PROTOCOL, owned: OWNED });
    expect(lines(result)).toEqual([
      'update link v0',
      'create route inet table 254 192.0.2.0/24 tos 0 metric 0',
      'update neighbour inet v0 10.0.0.2',
      'create rule inet priority 101 fwmark 5 fwmask 4294967295',
    ]);
    expect(result.steps[0]).toMatchObject({ call: { verb: 'links.set', name: 'v0', changes: { mtu: 1400 } }, changes: [{ field: 'mtu', from: 1500, to: 1400 }] });
    expect(result.steps[2]).toMatchObject({
      call: { verb: 'neighbours.replace' },
      changes: [
        { field: 'lladdr', from: '02:00:00:00:00:99', to: '02:00:00:00:00:aa' },
        { field: 'static', from: false, to: true },
      ],
    });
  });

  it('leaves alone what is not owned: links, addresses, neighbours not in the record, routes and rules of other protocols', () => {
    const observed = converged();
    observed.links.push(link(9, 'eth9', { kind: 'veth', link: 10 }), link(10, 'eth10', { kind: 'veth', link: 9 }));
    observed.addresses.push(address(4, '10.0.0.77', 24, { label: 'v0', flags: ['secondary', 'permanent'] }));
    observed.routes.push(route('203.0.113.0', 24, { protocol: 'boot', scope: 'link', oif: 4 }));
    observed.neighbours.push(neighbour(4, '10.0.0.9', '02:00:00:00:00:09'));
    observed.rules.push(rule(500, { table: 100, protocol: 'static' }));
    expect(plan(desired, observed, { protocol: PROTOCOL, owned: OWNED }).steps).toEqual([]);
  });

  it('deletes what is owned and no longer desired: routes and rules by protocol, the rest by the record; routes before rules, neighbours, addresses, links', () => {
    const observed = converged();
    observed.links.push(link(5, 'old0', { kind: 'bridge', data: {} }));
    observed.addresses.push(address(2, '10.9.0.1', 24, { label: 'br0' }));
    observed.routes.push(route('198.51.100.0', 24, { protocol: PROTOCOL, scope: 'link', oif: 2 }));
    observed.neighbours.push(neighbour(2, '10.9.0.2', '02:00:00:00:00:02'));
    observed.rules.push(rule(300, { table: 7, protocol: PROTOCOL }));
    const owned: Ownership = { links: [...OWNED.links, 'old0'], addresses: [...OWNED.addresses, 'br0 10.9.0.1/24'], neighbours: [...OWNED.neighbours, 'inet br0 10.9.0.2'] };
    const result = plan(desired, observed, { protocol: PROTOCOL, owned });
    expect(lines(result)).toEqual([
      'delete route inet table 254 198.51.100.0/24 tos 0 metric 0',
      'delete rule inet priority 300',
      'delete neighbour inet br0 10.9.0.2',
      'delete address br0 10.9.0.1/24',
      'delete link old0',
    ]);
    expect(result.steps.map((step) => step.call.verb)).toEqual(['routes.delete', 'rules.delete', 'neighbours.delete', 'addresses.delete', 'links.delete']);
    expect(result.steps[0]!.call).toEqual({ verb: 'routes.delete', route: observed.routes.at(-1) });
    // The record after: the desired keys; what the deletes give up is listed, to be kept if they fail.
    expect(result.ownership).toEqual(OWNED);
    expect(result.releases).toEqual({ 2: [{ kind: 'neighbour', key: 'inet br0 10.9.0.2' }], 3: [{ kind: 'address', key: 'br0 10.9.0.1/24' }], 4: [{ kind: 'link', key: 'old0' }] });
  });

  it('deletes a veth pair once, and nothing that is on it (it goes with the link)', () => {
    const observed = converged();
    const result = plan({ links: [desired.links![2]!] }, observed, { protocol: PROTOCOL, owned: OWNED });
    expect(lines(result)).toEqual([
      // Routes through v0 go with it; the default route and the others are all through v0.
      'delete rule inet priority 100 src 10.1.0.0/16',
      'delete rule inet priority 101 fwmark 5 fwmask 4294967295',
      'delete link v1',
    ]);
    // The one delete gives up both ends and what was on them, which stay owned if it fails.
    expect(result.releases).toEqual({
      2: [
        { kind: 'link', key: 'v1' },
        { kind: 'link', key: 'v0' },
        { kind: 'address', key: 'v0 10.0.0.1/24' },
        { kind: 'address', key: 'v0 2001:db8::1/64' },
        { kind: 'neighbour', key: 'inet v0 10.0.0.2' },
      ],
    });
  });

  it('a link on a deleted lower device goes with it: no delete of its own, given up by the lower device\'s', () => {
    const observed = converged();
    observed.links.push(link(6, 'mv0', { kind: 'macvlan', data: { mode: 'bridge' }, link: 4 }), link(7, 'tun0', { kind: 'ip6tnl', link: 4 }));
    observed.routes.push(route('10.98.0.0', 16, { protocol: PROTOCOL, scope: 'link', oif: 6 }), route('10.99.0.0', 16, { protocol: PROTOCOL, scope: 'link', oif: 7 }));
    const owned = { ...OWNED, links: [...OWNED.links, 'mv0'] };
    const result = plan({ links: [desired.links![2]!] }, observed, { protocol: PROTOCOL, owned });
    expect(lines(result).filter((line) => line.includes(' link '))).toEqual(['delete link v1']);
    expect(result.releases[3]!.filter((release) => release.kind === 'link').map((release) => release.key)).toEqual(['v1', 'v0', 'mv0']);
    // The route through mv0 goes with it; a tunnel is not deleted with the link it names (its underlay),
    // so the route through it is deleted as owned.
    expect(lines(result).filter((line) => line.includes(' route '))).toEqual(['delete route inet table 254 10.99.0.0/16 tos 0 metric 0']);
  });

  it('keeps an owned veth whose peer is desired (deleting it would delete the peer), and keeps owning it', () => {
    const observed = converged();
    const onlyPort: DesiredState = { links: [{ name: 'v1', kind: 'veth', master: 'br0', up: true }, desired.links![2]!] };
    const result = plan(onlyPort, observed, { protocol: PROTOCOL, owned: OWNED });
    expect(result.steps.filter((step) => step.kind === 'link')).toEqual([]);
    expect(result.ownership.links).toEqual(['v1', 'br0', 'v0']);
  });

  it('changes a bridge option with set (kind bridge), and recreates a link whose kind differs', () => {
    const observed = converged();
    const changed: DesiredState = {
      ...desired,
      links: [desired.links![0]!, desired.links![1]!, { name: 'br0', kind: 'bridge', up: true, stp: true, forwardDelay: 400 }],
    };
    const update = plan(changed, observed, { protocol: PROTOCOL, owned: OWNED });
    expect(lines(update)).toEqual(['update link br0']);
    expect(update.steps[0]).toMatchObject({ call: { verb: 'links.set', name: 'br0', changes: { kind: 'bridge', stp: true, forwardDelay: 400 } }, changes: [{ field: 'data.stpState', from: 0, to: 1 }] });

    observed.links[1] = link(2, 'br0', { kind: 'veth', up: true, link: 0 });
    // Not owned: never deleted. The create fails (EEXIST) and says why; what goes on it waits for it.
    const blocked = plan({ ...desired, addresses: [{ dev: 'br0', address: '10.9.0.1/24' }] }, observed, { protocol: PROTOCOL });
    expect(lines(blocked)).toEqual(['create link br0', 'create address br0 10.9.0.1/24']);
    expect(blocked.steps[0]!.changes).toEqual([{ field: 'kind', from: 'veth', to: 'bridge' }]);
    expect(blocked.steps[1]!.dependsOn).toEqual([0]);
    const recreate = plan(desired, observed, { protocol: PROTOCOL, owned: OWNED });
    expect(lines(recreate)).toEqual(['delete link br0', 'create link br0', 'update link v1']);
    expect(recreate.steps.map((step) => step.dependsOn)).toEqual([[], [0], [1]]);
    expect(recreate.steps[0]).toMatchObject({ recreate: true, changes: [{ field: 'kind', from: 'veth', to: 'bridge' }] });
    // v1 was released by the old br0: it is enslaved again once the new one exists.
    expect(recreate.steps[2]!.call).toEqual({ verb: 'links.set', name: 'v1', changes: { master: 'br0' } });
  });

  it('recreates a link whose kind-specific data cannot change in place, and what is on it, after it', () => {
    const observed = converged();
    observed.links.push(link(6, 'mv0', { kind: 'macvlan', data: { mode: 'vepa' }, link: 4, up: true }));
    observed.addresses.push(address(6, '10.5.0.1', 24, { label: 'mv0' }));
    const withMacvlan: DesiredState = {
      ...desired,
      links: [...desired.links!, { name: 'mv0', kind: 'macvlan', link: 'v0', mode: 'bridge', up: true }],
      addresses: [...desired.addresses!, { dev: 'mv0', address: '10.5.0.1/24' }],
    };
    const owned = { ...OWNED, links: [...OWNED.links, 'mv0'], addresses: [...OWNED.addresses, 'mv0 10.5.0.1/24'] };
    const result = plan(withMacvlan, observed, { protocol: PROTOCOL, owned });
    expect(lines(result)).toEqual(['delete link mv0', 'create link mv0', 'create address mv0 10.5.0.1/24']);
    expect(result.steps[0]!.changes).toEqual([{ field: 'data.mode', from: 'vepa', to: 'bridge' }]);
    expect(result.steps[2]!.dependsOn).toEqual([1]);
    observed.links[4] = link(6, 'mv0', { kind: 'macvlan', data: { mode: 'bridge' }, link: 4, up: true });
    expect(plan(withMacvlan, observed, { protocol: PROTOCOL, owned }).steps).toEqual([]);
  });

  it('replaces an address whose flags differ, and deletes and adds one whose label differs', () => {
    const observed = converged();
    observed.addresses[0] = { ...observed.addresses[0]!, label: 'v0:old' };
    observed.addresses[1] = { ...observed.addresses[1]!, flags: ['permanent'] };
    const labelled: DesiredState = { ...desired, addresses: [{ dev: 'v0', address: '10.0.0.1/24', label: 'v0:new' }, desired.addresses![1]!] };
    const result = plan(labelled, observed, { protocol: PROTOCOL, owned: OWNED });
    expect(lines(result)).toEqual(['delete address v0 10.0.0.1/24', 'create address v0 10.0.0.1/24', 'update address v0 2001:db8::1/64']);
    expect(result.steps[1]).toMatchObject({ recreate: true, dependsOn: [0], changes: [{ field: 'label', from: 'v0:old', to: 'v0:new' }] });
    expect(result.steps[2]).toMatchObject({ call: { verb: 'addresses.replace' }, changes: [{ field: 'flags', from: [], to: ['nodad'] }] });
  });

  it('replaces a route whose gateway or type differs, and takes over one of another protocol with a desired key', () => {
    const observed = converged();
    observed.routes[1] = { ...observed.routes[1]!, gateway: '10.0.0.9' };
    observed.routes[4] = { ...observed.routes[4]!, protocol: 'boot' };
    const result = plan(desired, observed, { protocol: PROTOCOL, owned: OWNED });
    expect(lines(result)).toEqual(['update route inet table 254 192.0.2.0/24 tos 0 metric 0', 'update route inet table 100 0.0.0.0/0 tos 0 metric 0']);
    expect(result.steps[0]).toMatchObject({ call: { verb: 'routes.replace', spec: { dst: '192.0.2.0/24', gateway: '10.0.0.2', protocol: PROTOCOL } }, changes: [{ field: 'gateway', from: '10.0.0.9', to: '10.0.0.2' }] });
    expect(result.steps[1]!.changes).toEqual([{ field: 'protocol', from: 3, to: PROTOCOL }]);
  });

  it('deletes and adds a rule whose table differs (rules have no replace)', () => {
    const observed = converged();
    observed.rules[defaultRules.length] = { ...observed.rules[defaultRules.length]!, table: 7 };
    const result = plan(desired, observed, { protocol: PROTOCOL, owned: OWNED });
    expect(lines(result)).toEqual(['delete rule inet priority 100 src 10.1.0.0/16', 'create rule inet priority 100 src 10.1.0.0/16']);
    expect(result.steps[1]).toMatchObject({ dependsOn: [0], changes: [{ field: 'table', from: 7, to: 100 }] });
  });
});

describe('plan refuses bad input before anything is sent, naming where it is', () => {
  const cases: [string, DesiredState, string][] = [
    ['a bad mtu', { links: [{ name: 'a0', kind: 'bridge' }, { name: 'a1', kind: 'bridge', mtu: -1 }] }, 'links[1].mtu'],
    ['an unknown kind', { links: [{ name: 'a0', kind: 'nope' as 'bridge' }] }, 'links[0].kind'],
    ['an interface by index', { links: [{ name: 'a0', kind: 'bridge', master: 3 }] }, 'links[0].master'],
    ['a name twice', { links: [{ name: 'a0', kind: 'bridge' }, { name: 'a0', kind: 'bridge' }] }, 'links[1].name'],
    ['a bridge option out of range', { links: [{ name: 'a0', kind: 'bridge', priority: 70000 }] }, 'links[0].priority'],
    ['a peer that is not a veth', { links: [{ name: 'a0', kind: 'veth', peer: { name: 'a1' } }, { name: 'a1', kind: 'bridge' }] }, 'links[1].kind'],
    ['links that need each other', { links: [{ name: 'a0', kind: 'bridge', master: 'a1' }, { name: 'a1', kind: 'bridge', master: 'a0' }] }, 'links[1]'],
    ['a bad address', { addresses: [{ dev: 'v0', address: '10.0.0.300/24' }] }, 'addresses[0].address'],
    ['an unknown address setting', { addresses: [{ dev: 'v0', address: '10.0.0.1/24', lable: 'x' } as never] }, 'addresses[0].lable'],
    ['an address twice', { addresses: [{ dev: 'v0', address: '10.0.0.1/24' }, { dev: 'v0', address: '10.0.0.1/24', scope: 'link' }] }, 'addresses[1].address'],
    ['a bad gateway', { routes: [{ dst: '10.0.0.0/8' }, { dst: '10.1.0.0/16', dev: 'v0' }, { dst: '10.2.0.0/16', gateway: 'nope' }] }, 'routes[2].gateway'],
    ["a route of another protocol", { routes: [{ dst: '10.0.0.0/8', dev: 'v0', protocol: 'boot' }] }, 'routes[0].protocol'],
    ['a route device by index', { routes: [{ dst: '10.0.0.0/8', dev: 2 }] }, 'routes[0].dev'],
    ['a route twice', { routes: [{ dst: '10.0.0.0/8', dev: 'v0' }, { dst: '10.0.0.0/8', gateway: '10.0.0.1' }] }, 'routes[1].dst'],
    ['a bad link-layer address', { neighbours: [{ interface: 'v0', dst: '10.0.0.2', lladdr: 'zz' }] }, 'neighbours[0].lladdr'],
    ['an FDB entry', { neighbours: [{ interface: 'v0', family: 'bridge', lladdr: '02:00:00:00:00:01' }] }, 'neighbours[0].family'],
    ['a rule without a priority', { rules: [{ table: 100 }] }, 'rules[0].priority'],
    ['a rule on table 0', { rules: [{ priority: 5, table: 0 }] }, 'rules[0].table'],
    ['an unknown part', { interfaces: [] } as never, 'interfaces'],
  ];
  it.each(cases)('%s', (_what, state, path) => {
    const error = refusal(() => plan(state, converged(), { protocol: PROTOCOL }));
    expect(error.argument).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });

  it('the options: a protocol is needed, and none of the kernel\'s or iproute2\'s default; a well-formed record; the observed lists', () => {
    expect(refusal(() => plan({}, empty(), {} as never)).argument).toBe('options.protocol');
    for (const protocol of ['kernel', 'boot', 3, 0] as const) expect(refusal(() => plan({}, empty(), { protocol })).argument).toBe('options.protocol');
    expect(refusal(() => plan({}, empty(), { protocol: 256 })).argument).toBe('options.protocol');
    expect(refusal(() => plan({}, empty(), { protocol: PROTOCOL, owned: { links: [1] } as never })).argument).toBe('options.owned.links');
    expect(refusal(() => plan({}, { ...empty(), routes: undefined } as never, { protocol: PROTOCOL })).argument).toBe('observed.routes');
    expect(plan({}, empty(), { protocol: 'static' }).protocol).toBe(4);
  });

  it('errors are InvalidArgumentErrors with their stable code', () => {
    const error = refusal(() => plan({ routes: [{ dst: 'nope' }] }, empty(), { protocol: PROTOCOL }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.code).toBe('ERR_LINX_INVALID_ARGUMENT');
  });
});
