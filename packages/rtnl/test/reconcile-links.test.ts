// plan() on links, case by case: veth pairs (which end creates both, a peer in another namespace, peers
// that disagree), what set() changes in place and how it is called, addresses in kind data compared as the
// kernel prints them, lower devices, and the order masters and ports are made in. Observed links are
// shaped as links.list() returns them from a 6.18 kernel (helpers/observed.ts).
import { describe, expect, it } from 'vitest';
import { plan, type DesiredState, type Ownership, type Plan } from '../src/index.js';
import { empty, link, type ObservedLists } from './helpers/observed.js';
import { refusal } from './helpers/refusal.js';

const PROTOCOL = 200;
const lines = (p: Plan) => p.steps.map((step) => `${step.op} ${step.kind} ${step.key}${step.dependsOn.length ? ` after ${step.dependsOn.join(',')}` : ''}`);
const planOf = (desired: DesiredState, observed: ObservedLists = empty(), owned?: Ownership) => plan(desired, observed, { protocol: PROTOCOL, ...(owned ? { owned } : {}) });

describe('reconcile links: veth pairs', () => {
  it('two desired ends that name each other: the first creates both, the second is set after it', () => {
    const result = planOf({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'a1' }, mtu: 1400 }, { name: 'a1', kind: 'veth', peer: { name: 'a0' }, mtu: 1400, up: true }] });
    expect(lines(result)).toEqual(['create link a0', 'update link a1 after 0']);
    expect(result.steps[1]!.call).toEqual({ verb: 'links.set', name: 'a1', changes: { up: true, mtu: 1400 } });
    // An end with nothing of its own to set has no step.
    expect(lines(planOf({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'a1' } }, { name: 'a1', kind: 'veth' }] }))).toEqual(['create link a0']);
  });

  it('peers that disagree are refused, naming the second', () => {
    const error = refusal(() => planOf({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'a1' } }, { name: 'a1', kind: 'veth', peer: { name: 'a2' } }] }));
    expect([error.argument, error.message]).toEqual(['links[1].peer.name', 'links[1].peer.name: a1 is the peer of a0 (links[0]), not of a2']);
  });

  it('a peer in another namespace is no peer here: what waits for it waits for nothing', () => {
    const result = planOf({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'a1', netns: 'other' } }], addresses: [{ dev: 'a1', address: '10.0.0.1/24' }] });
    expect(lines(result)).toEqual(['create link a0', 'create address a1 10.0.0.1/24']);
  });

  it('a peer not desired is ready with the create: what goes on it waits for that create', () => {
    const result = planOf({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'a1' } }], addresses: [{ dev: 'a1', address: '10.0.0.1/24' }] });
    expect(lines(result)).toEqual(['create link a0', 'create address a1 10.0.0.1/24 after 0']);
  });

  it('an existing pair is compared as it is: the peer by name; another peer recreates the pair when owned', () => {
    const observed = empty();
    observed.links.push(link(2, 'a0', { kind: 'veth', link: 3 }), link(3, 'a1', { kind: 'veth', link: 2 }), link(4, 'b1', { kind: 'veth', link: 5 }), link(5, 'b0', { kind: 'veth', link: 4 }));
    expect(planOf({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'a1' } }] }, observed).steps).toEqual([]);
    const moved = planOf({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'b1' } }] }, observed, { links: ['a0', 'b1'], addresses: [], neighbours: [] });
    // b1, owned and not desired, is deleted before the pair is made anew (the plan's order: deletes first).
    expect(moved.steps.map((s) => `${s.op} ${s.key}`)).toEqual(['delete a0', 'delete b1', 'create a0']);
    expect(moved.steps[2]!.dependsOn).toContain(0);
    expect(moved.steps[0]).toMatchObject({ recreate: true, changes: [{ field: 'peer', from: 'a1', to: 'b1' }] });
    // Not owned: not deleted; the create fails (EEXIST) and says why.
    const blocked = planOf({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'b1' } }] }, observed);
    expect(lines(blocked)).toEqual(['create link a0']);
    expect(blocked.steps[0]!.changes).toEqual([{ field: 'peer', from: 'a1', to: 'b1' }]);
  });

  it('a peer in another namespace (link-netnsid) or not known is named by index, or not at all', () => {
    const observed = empty();
    observed.links.push(link(2, 'a0', { kind: 'veth', link: 3, linkNetnsid: 0 }), link(4, 'c0', { kind: 'veth', link: 9 }));
    const result = planOf({ links: [{ name: 'a0', kind: 'veth', peer: { name: 'a1' } }, { name: 'c0', kind: 'veth', peer: { name: 'c1' } }] }, observed, { links: ['a0', 'c0'], addresses: [], neighbours: [] });
    expect(result.steps.filter((s) => s.op === 'delete').map((s) => s.changes)).toEqual([[{ field: 'peer', from: undefined, to: 'a1' }], [{ field: 'peer', from: '#9', to: 'c1' }]]);
  });
});

describe('reconcile links: changes in place', () => {
  function observedBridge(options: Parameters<typeof link>[2] = {}) {
    const observed = empty();
    observed.links.push(link(2, 'br0', { kind: 'bridge', data: { stpState: 0, forwardDelay: 1500 }, up: true, ...options }), link(3, 'p0', { kind: 'veth', link: 4, master: 2 }), link(4, 'p1', { kind: 'veth', link: 3 }));
    return observed;
  }

  it('each common field set() changes, as set() takes it', () => {
    const observed = observedBridge({ ifalias: 'old', txqlen: 1000, mtu: 1500 });
    const result = planOf({ links: [{ name: 'br0', kind: 'bridge', up: false, mtu: 1400, address: '02:00:00:00:00:AA', broadcast: 'FF:FF:FF:FF:FF:FE', txqlen: 500, alias: 'new' }] }, observed);
    expect(result.steps.map((s) => s.call)).toEqual([{ verb: 'links.set', name: 'br0', changes: { up: false, mtu: 1400, address: '02:00:00:00:00:aa', broadcast: 'ff:ff:ff:ff:ff:fe', txqlen: 500, alias: 'new' } }]);
    expect(result.steps[0]!.changes!.map((c) => `${c.field} ${String(c.from)} → ${String(c.to)}`)).toEqual(['up true → false', 'mtu 1500 → 1400', 'address 02:00:00:00:00:02 → 02:00:00:00:00:aa', 'broadcast ff:ff:ff:ff:ff:ff → ff:ff:ff:ff:ff:fe', 'txqlen 1000 → 500', 'alias old → new']);
    // No alias observed is the empty alias.
    expect(planOf({ links: [{ name: 'br0', kind: 'bridge', alias: '' }] }, observedBridge()).steps).toEqual([]);
  });

  it('a master: by name; none observed, or one the names do not know (#index), is a change', () => {
    const observed = observedBridge();
    expect(planOf({ links: [{ name: 'br0', kind: 'bridge' }, { name: 'p0', kind: 'veth', peer: { name: 'p1' }, master: 'br0' }] }, observed).steps).toEqual([]);
    observed.links[2] = link(3, 'p0', { kind: 'veth', link: 4, master: 7 });
    const result = planOf({ links: [{ name: 'br0', kind: 'bridge' }, { name: 'p0', kind: 'veth', peer: { name: 'p1' }, master: 'br0' }] }, observed);
    expect(result.steps.map((s) => s.changes)).toEqual([[{ field: 'master', from: '#7', to: 'br0' }]]);
  });

  it("a bridge's options: set with its kind and the options given; other kinds' data recreates them", () => {
    const result = planOf({ links: [{ name: 'br0', kind: 'bridge', stp: true, forwardDelay: 1500, mtu: 1400 }] }, observedBridge());
    expect(result.steps.map((s) => s.call)).toEqual([{ verb: 'links.set', name: 'br0', changes: { mtu: 1400, kind: 'bridge', stp: true, forwardDelay: 1500 } }]);
    expect(result.steps[0]!.changes!.map((c) => c.field)).toEqual(['mtu', 'data.stpState']);
    // Only common fields: no kind in the call.
    expect(planOf({ links: [{ name: 'br0', kind: 'bridge', forwardDelay: 1500, mtu: 1400 }] }, observedBridge()).steps[0]!.call).toEqual({ verb: 'links.set', name: 'br0', changes: { mtu: 1400 } });
  });

  it('addresses in kind data compare as the kernel prints them', () => {
    const observed = empty();
    observed.links.push(link(2, 'low0', { kind: 'veth', link: 3 }), link(3, 'low1', { kind: 'veth', link: 2 }), link(4, 'vx0', { kind: 'vxlan', data: { id: 7, group6: 'ff05::1', link: 2 } }));
    expect(planOf({ links: [{ name: 'vx0', kind: 'vxlan', vni: 7, group: 'FF05:0::1', dev: 'low0' }] }, observed).steps).toEqual([]);
    const changed = planOf({ links: [{ name: 'vx0', kind: 'vxlan', vni: 7, group: 'ff05::2', dev: 'low0' }] }, observed, { links: ['vx0'], addresses: [], neighbours: [] });
    expect(changed.steps[0]!.changes).toEqual([{ field: 'data.group6', from: 'ff05::1', to: 'ff05::2' }]);
  });
});

describe('reconcile links: lower devices and order', () => {
  it('a macvlan on another lower device is recreated after it; one on the right one is kept', () => {
    const observed = empty();
    observed.links.push(link(2, 'e0', { kind: 'bridge' }), link(3, 'e1', { kind: 'bridge' }), link(4, 'mv0', { kind: 'macvlan', data: { mode: 'bridge' }, link: 2 }));
    expect(planOf({ links: [{ name: 'mv0', kind: 'macvlan', link: 'e0', mode: 'bridge' }] }, observed).steps).toEqual([]);
    const moved = planOf({ links: [{ name: 'e1', kind: 'bridge' }, { name: 'mv0', kind: 'macvlan', link: 'e1', mode: 'bridge' }] }, observed, { links: ['mv0'], addresses: [], neighbours: [] });
    expect(lines(moved)).toEqual(['delete link mv0', 'create link mv0 after 0']);
    expect(moved.steps[0]!.changes).toEqual([{ field: 'link', from: 'e0', to: 'e1' }]);
  });

  it('links are made after the links they need, whatever the desired order; a chain of three', () => {
    const result = planOf({ links: [{ name: 'p0', kind: 'veth', peer: { name: 'p1' }, master: 'br1' }, { name: 'br1', kind: 'bridge', master: 'br0' as never }, { name: 'br0', kind: 'bridge' }] });
    expect(lines(result)).toEqual(['create link br0', 'create link br1 after 0', 'create link p0 after 1']);
  });

  it('refuses an interface by index anywhere a link names one', () => {
    expect(refusal(() => planOf({ links: [{ name: 'mv0', kind: 'macvlan', link: 2 as never }] })).argument).toBe('links[0].link');
    expect(refusal(() => planOf({ links: 'br0' as never })).argument).toBe('links');
  });
});
