// plan()'s checks of its arguments (each refusal's text), and the shape of what it returns where the
// other plan tests do not look: dependencies in ascending order, releases only for deletes that give
// something up, what goes with a stack of lower devices, and links whose master or lower device is 0
// (none, as the kernel reports it). Observed links are shaped as links.list() returns them (helpers/observed.ts).
import { describe, expect, it } from 'vitest';
import { plan } from '../src/index.js';
import { address, empty, link, route } from './helpers/observed.js';
import { refusal } from './helpers/refusal.js';

const PROTOCOL = 200;
const lines = (steps: { op: string; kind: string; key: string }[]) => steps.map((step) => `${step.op} ${step.kind} ${step.key}`);
const message = (fn: () => unknown) => refusal(fn).message;

describe('plan refuses what is not its arguments, saying what it expected', () => {
  it('options', () => {
    expect(message(() => plan({}, empty(), null as never))).toBe('options: expected { protocol, owned }');
    expect(message(() => plan({}, empty(), 'static' as never))).toBe('options: expected { protocol, owned }');
    expect(message(() => plan({}, empty(), {} as never))).toBe('options.protocol: plan needs the route and rule protocol that marks what it owns (4..255, e.g. a number no one else here uses)');
    expect(message(() => plan({}, empty(), { protocol: 'boot' }))).toBe("options.protocol: boot is the kernel's or iproute2's default protocol; owning its routes would take over routes others made");
  });

  it('the ownership record: an object of lists of keys; lists left out are empty', () => {
    for (const owned of [null, 'v0', 5]) expect(message(() => plan({}, empty(), { protocol: PROTOCOL, owned: owned as never }))).toBe('options.owned: expected the ownership record the last apply returned');
    expect(message(() => plan({}, empty(), { protocol: PROTOCOL, owned: { addresses: 'v0 10.0.0.1/24' } as never }))).toBe('options.owned.addresses: expected a list of keys (strings)');
    const observed = empty();
    observed.links.push(link(2, 'v0', { kind: 'bridge' }));
    expect(plan({}, observed, { protocol: PROTOCOL, owned: {} as never }).steps).toEqual([]);
    expect(lines(plan({}, observed, { protocol: PROTOCOL, owned: { links: ['v0'] } as never }).steps)).toEqual(['delete link v0']);
  });

  it('the desired state: an object of the five parts', () => {
    for (const desired of [null, [], 'links']) expect(message(() => plan(desired as never, empty(), { protocol: PROTOCOL }))).toBe('desired: expected { links, addresses, routes, neighbours, rules }');
    expect(message(() => plan({ interfaces: [] } as never, empty(), { protocol: PROTOCOL }))).toBe('interfaces: unknown part of a desired state; the parts are links, addresses, routes, neighbours, rules');
    expect(message(() => plan({ links: {} } as never, empty(), { protocol: PROTOCOL }))).toBe('links: expected a list of links.create() arguments');
  });

  it('the observed state: the five lists', () => {
    for (const observed of [null, 'ip -j']) expect(message(() => plan({}, observed as never, { protocol: PROTOCOL }))).toBe('observed: expected what the list() verbs return: { links, addresses, routes, neighbours, rules }');
    expect(message(() => plan({}, { ...empty(), links: undefined } as never, { protocol: PROTOCOL }))).toBe('observed.links: expected the list rtnl.links.list() returns');
  });

  it('the other parts: lists of the verbs\' arguments, interfaces by name, routes and rules of the plan\'s protocol', () => {
    const at = (desired: unknown) => message(() => plan(desired as never, empty(), { protocol: PROTOCOL }));
    expect(at({ addresses: {} })).toBe('addresses: expected a list of { dev, address, ...settings }');
    expect(at({ routes: {} })).toBe('routes: expected a list of routes.add() arguments');
    expect(at({ neighbours: {} })).toBe('neighbours: expected a list of neighbours.add() arguments');
    expect(at({ rules: {} })).toBe('rules: expected a list of rules.add() arguments');
    expect(at({ routes: [null] })).toBe('routes[0]: expected a route object, e.g. { dst: "10.0.0.0/8", gateway: "192.0.2.1" }');
    expect(at({ routes: [{ dst: '10.0.0.0/8', dev: 'v0', protocol: 'boot' }] })).toBe('routes[0].protocol: the plan owns routes by their protocol, 200: leave it out or give that');
    expect(at({ routes: [{ dst: '10.0.0.0/8', oif: 2 }] })).toBe('routes[0].oif: reconcile names interfaces by name (an index changes when a link is recreated)');
    expect(at({ routes: [{ dst: '10.0.0.0/8', multipath: [{ dev: 'v0' }, { oif: 3 }] }] })).toBe('routes[0].multipath[1].dev: reconcile names interfaces by name (an index changes when a link is recreated)');
    expect(at({ rules: [null] })).toBe('rules[0]: expected a rule object, got null');
    expect(at({ rules: ['x'] })).toBe('rules[0]: expected a rule object, got string');
    expect(at({ rules: [{ table: 100 }] })).toBe('rules[0].priority: a reconciled rule needs a priority: without one the kernel picks it, and the next plan could not tell the rule is there');
    expect(at({ rules: [{ priority: 5, table: 100, protocol: 'boot' }] })).toBe('rules[0].protocol: the plan owns rules by their protocol, 200: leave it out or give that');
    expect(at({ rules: [{ priority: 5, table: 100, iifname: 2 }] })).toBe('rules[0].iifname: reconcile names interfaces by name (an index changes when a link is recreated)');
    expect(at({ rules: [{ priority: 5, table: 100, oifname: 2 }] })).toBe('rules[0].oifname: reconcile names interfaces by name (an index changes when a link is recreated)');
    expect(at({ rules: [{ priority: 5, table: 100 }, { priority: 5, table: 101 }] })).toMatch(/^rules\[1\]\.priority: rules\[0\] has this key too/);
    expect(at({ neighbours: [{ interface: 2, dst: '10.0.0.2', lladdr: '02:00:00:00:00:01' }] })).toBe('neighbours[0].interface: reconcile names interfaces by name (an index changes when a link is recreated)');
    expect(at({ neighbours: [{ interface: 'v0', family: 'bridge', lladdr: '02:00:00:00:00:01' }] })).toBe('neighbours[0].family: reconcile manages ARP and NDP entries, not the bridge FDB');
    expect(at({ neighbours: [{ interface: 'v0', dst: '10.0.0.2', flags: ['proxy'] }] })).toBe('neighbours[0].flags: reconcile manages ARP and NDP entries, not proxy entries');
    // Routes and rules given the plan's protocol are taken.
    expect(plan({ routes: [{ dst: '10.0.0.0/8', dev: 'v0', protocol: PROTOCOL }], rules: [{ priority: 5, table: 100, protocol: PROTOCOL }] }, empty(), { protocol: PROTOCOL }).steps).toHaveLength(2);
  });

  it('links: an interface named by index, a name twice, a peer that is no veth, links that need each other', () => {
    const at = (links: unknown[]) => message(() => plan({ links } as never, empty(), { protocol: PROTOCOL }));
    expect(at([{ name: 'a0', kind: 'bridge', master: 3 }])).toBe('links[0].master: reconcile names interfaces by name (an index changes when a link is recreated)');
    expect(at([{ name: 'a0', kind: 'bridge' }, { name: 'a0', kind: 'bridge' }])).toBe('links[1].name: links[0] is named "a0" too');
    expect(at([{ name: 'a0', kind: 'veth', peer: { name: 'a1' } }, { name: 'a1', kind: 'bridge' }])).toBe("links[1].kind: a1 is the peer of the veth a0 (links[0]), so its kind is 'veth'");
    expect(at([{ name: 'a0', kind: 'bridge', master: 'a1' }, { name: 'a1', kind: 'bridge', master: 'a0' }])).toBe('links[1]: a1 and a0 need each other (master, lower device): there is no order to create them in');
  });
});

describe('what plan returns', () => {
  it("a step's dependencies in ascending order, whatever order it names them in", () => {
    const result = plan(
      {
        links: [
          { name: 'a0', kind: 'bridge' },
          { name: 'a1', kind: 'bridge' },
        ],
        routes: [{ dst: '10.0.0.0/8', multipath: [{ dev: 'a1' }, { dev: 'a0' }] }],
      },
      empty(),
      { protocol: PROTOCOL },
    );
    expect(lines(result.steps)).toEqual(['create link a0', 'create link a1', 'create route inet table 254 10.0.0.0/8 tos 0 metric 0']);
    expect(result.steps[2]!.dependsOn).toEqual([0, 1]);
  });

  it('releases only for deletes that give ownership up: a recreated link keeps its name owned', () => {
    const observed = empty();
    observed.links.push(link(2, 'a0', { kind: 'bridge' }));
    const result = plan({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'a9' } }] }, observed, { protocol: PROTOCOL, owned: { links: ['a0'], addresses: [], neighbours: [] } });
    expect(lines(result.steps)).toEqual(['delete link a0', 'create link a0']);
    expect(result.releases).toStrictEqual({});
  });

  it('a stack of links on a lower device that goes goes with it, however deep, and what is on them is given up by that one delete', () => {
    const observed = empty();
    // vl2 on vl1 on eth0 (QinQ), listed top first; only eth0 and the address on vl2 were made by this caller.
    observed.links.push(link(4, 'vl2', { kind: 'vlan', link: 3 }), link(3, 'vl1', { kind: 'vlan', link: 2 }), link(2, 'eth0', { kind: 'bridge' }));
    observed.addresses.push(address(4, '10.0.0.1', 24));
    // A route of this caller's protocol through vl2: it goes with the link, no delete of its own.
    observed.routes.push(route('10.1.0.0', 16, { protocol: PROTOCOL, scope: 'link', oif: 4 }));
    const result = plan({}, observed, { protocol: PROTOCOL, owned: { links: ['eth0'], addresses: ['vl2 10.0.0.1/24'], neighbours: [] } });
    expect(lines(result.steps)).toEqual(['delete link eth0']);
    expect(result.releases).toEqual({
      0: [
        { kind: 'link', key: 'eth0' },
        { kind: 'address', key: 'vl2 10.0.0.1/24' },
      ],
    });
  });

  it('a master or lower device of 0 is none: a port without a master gets one by set, a veth without a known peer is compared as having none', () => {
    const observed = empty();
    observed.links.push(link(2, 'br0', { kind: 'bridge' }), link(3, 'p0', { kind: 'veth', link: 0, master: 0 }));
    const result = plan({ links: [{ name: 'br0', kind: 'bridge' }, { name: 'p0', kind: 'veth', peer: { name: 'p1' }, master: 'br0' }] }, observed, { protocol: PROTOCOL, owned: { links: ['p0'], addresses: [], neighbours: [] } });
    expect(result.steps.map((step) => [step.op, step.key, step.changes])).toEqual([
      ['delete', 'p0', [{ field: 'peer', from: undefined, to: 'p1' }]],
      ['create', 'p0', [{ field: 'peer', from: undefined, to: 'p1' }]],
    ]);
    const ported = plan({ links: [{ name: 'br0', kind: 'bridge' }, { name: 'p0', kind: 'veth', master: 'br0' }] }, observed, { protocol: PROTOCOL });
    expect(ported.steps.map((step) => [step.op, step.key, step.changes])).toEqual([['update', 'p0', [{ field: 'master', from: undefined, to: 'br0' }]]]);
  });

  it("a bridge's changed option is set with its kind and the options given, nothing else", () => {
    const observed = empty();
    observed.links.push(link(2, 'br0', { kind: 'bridge', data: { forwardDelay: 400, stpState: 0 }, mtu: 1500 }));
    const result = plan({ links: [{ name: 'br0', kind: 'bridge', stp: true, forwardDelay: 400, mtu: 1400 }] }, observed, { protocol: PROTOCOL });
    expect(result.steps.map((step) => step.call)).toStrictEqual([{ verb: 'links.set', name: 'br0', changes: { mtu: 1400, kind: 'bridge', stp: true, forwardDelay: 400 } }]);
  });

  it('another kind is the one change listed for it (not its peer or kind data, which belong to the other kind)', () => {
    const observed = empty();
    observed.links.push(link(2, 'a0', { kind: 'bridge', data: { mode: 'private' } }), link(3, 'm0', { kind: 'bridge', data: { mode: 'private' } }), link(4, 'eth0', { kind: 'bridge' }));
    const result = plan(
      { links: [{ name: 'a0', kind: 'veth', peer: { name: 'a1' } }, { name: 'eth0', kind: 'bridge' }, { name: 'm0', kind: 'macvlan', link: 'eth0', mode: 'bridge' }] },
      observed,
      { protocol: PROTOCOL },
    );
    expect(result.steps.map((step) => [step.key, step.changes])).toEqual([
      ['a0', [{ field: 'kind', from: 'bridge', to: 'veth' }]],
      ['m0', [{ field: 'kind', from: 'bridge', to: 'macvlan' }, { field: 'link', from: undefined, to: 'eth0' }]],
    ]);
  });

  it("a veth pair made anew: a link in the way of the peer's name goes first when owned, and is left (the create fails) when not", () => {
    const observed = empty();
    observed.links.push(link(2, 'a1', { kind: 'bridge' }));
    const desired = { links: [{ name: 'a0', kind: 'veth' as const, peer: { name: 'a1' } }, { name: 'a1', kind: 'veth' as const, mtu: 1400 }] };
    const owned = plan(desired, observed, { protocol: PROTOCOL, owned: { links: ['a1'], addresses: [], neighbours: [] } });
    expect(lines(owned.steps)).toEqual(['delete link a1', 'create link a0', 'update link a1']);
    // (Deletes run first: the create comes after the delete in the plan's order.)
    expect(owned.steps[0]).toMatchObject({ recreate: true });
    expect(lines(plan(desired, observed, { protocol: PROTOCOL }).steps)).toEqual(['create link a0', 'update link a1']);
  });
});
