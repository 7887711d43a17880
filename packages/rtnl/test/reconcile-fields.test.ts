// plan() on addresses, neighbours and rules, field by field: which differences are made in place and
// which need a delete and an add, which fields the kernel fills in by itself (and so are not compared),
// and which observed objects plan does not look at. Observed objects are shaped as the list() verbs return
// them from a 6.18 kernel (helpers/observed.ts).
import { describe, expect, it } from 'vitest';
import { plan, type DesiredState, type Ownership, type Plan } from '../src/index.js';
import { address, empty, link, neighbour, rule, type ObservedLists } from './helpers/observed.js';

const PROTOCOL = 200;
const lines = (p: Plan) => p.steps.map((step) => `${step.op} ${step.kind} ${step.key}`);
const fields = (p: Plan) => p.steps.map((step) => `${step.op} ${step.call.verb} ${(step.changes ?? []).map((c) => c.field).join(',')}`);

/** v0 (2), up. */
function base(): ObservedLists {
  const observed = empty();
  observed.links.push(link(2, 'v0', { kind: 'bridge', up: true }));
  return observed;
}
const planOf = (desired: DesiredState, observed: ObservedLists, owned?: Ownership) => plan(desired, observed, { protocol: PROTOCOL, ...(owned ? { owned } : {}) });

describe('reconcile addresses', () => {
  it('flags the kernel sets itself (permanent, secondary, tentative) are not compared; the ones a caller sets are', () => {
    const observed = base();
    observed.addresses.push(address(2, '10.0.0.1', 24, { flags: ['permanent', 'secondary', 'noprefixroute'] }), address(2, '2001:db8::1', 64, { flags: ['permanent', 'tentative', 'nodad', 'mcautojoin', 'managetempaddr', 'homeaddress'] }));
    const desired: DesiredState = {
      addresses: [
        { dev: 'v0', address: '10.0.0.1/24', flags: ['noprefixroute'] },
        { dev: 'v0', address: '2001:db8::1/64', flags: ['nodad', 'mcautojoin', 'managetempaddr', 'homeaddress'] },
      ],
    };
    expect(planOf(desired, observed).steps).toEqual([]);
    const dropped = planOf({ addresses: [{ dev: 'v0', address: '10.0.0.1/24' }, { dev: 'v0', address: '2001:db8::1/64', flags: ['nodad'] }] }, observed);
    expect(dropped.steps.map((s) => s.changes)).toEqual([[{ field: 'flags', from: ['noprefixroute'], to: [] }], [{ field: 'flags', from: ['homeaddress', 'managetempaddr', 'mcautojoin', 'nodad'], to: ['nodad'] }]]);
    expect(fields(dropped)).toEqual(['update addresses.replace flags', 'update addresses.replace flags']);
  });

  it('metric, proto and lifetimes change in place (absent as 0 and forever); scope, broadcast and peer need a delete and an add', () => {
    const observed = base();
    observed.addresses.push(address(2, '10.0.0.1', 24, { broadcast: '10.0.0.255' }));
    const at = (settings: Record<string, unknown>) => planOf({ addresses: [{ dev: 'v0', address: '10.0.0.1/24', ...settings }] }, observed);
    expect(at({ rtPriority: 0, proto: 0, broadcast: '10.0.0.255', validLifetime: 'forever' }).steps).toEqual([]);
    expect(fields(at({ rtPriority: 5 }))).toEqual(['update addresses.replace rtPriority']);
    expect(fields(at({ proto: 3 }))).toEqual(['update addresses.replace proto']);
    expect(fields(at({ validLifetime: 600 }))).toEqual(['update addresses.replace lifetime']);
    expect(fields(at({ scope: 'link' }))).toEqual(['delete addresses.delete scope', 'create addresses.add scope']);
    expect(fields(at({ broadcast: '10.0.0.127' }))).toEqual(['delete addresses.delete broadcast', 'create addresses.add broadcast']);
    const limited = base();
    limited.addresses.push(address(2, '10.0.0.1', 24, { validLifetime: 300, preferredLifetime: 300 }));
    expect(planOf({ addresses: [{ dev: 'v0', address: '10.0.0.1/24', validLifetime: 600 }] }, limited).steps).toEqual([]);
    expect(planOf({ addresses: [{ dev: 'v0', address: '10.0.0.1/24', validLifetime: 'forever' }] }, limited).steps[0]!.changes).toEqual([{ field: 'lifetime', from: 'limited', to: 'forever' }]);
  });

  it('a peer: compared as given; an address with another peer is deleted and added', () => {
    const observed = base();
    observed.addresses.push(address(2, '10.0.0.1', 32, { address: '10.0.0.2', peer: '10.0.0.2' }));
    expect(planOf({ addresses: [{ dev: 'v0', address: '10.0.0.1', peer: '10.0.0.2/32' }] }, observed).steps).toEqual([]);
    const moved = planOf({ addresses: [{ dev: 'v0', address: '10.0.0.1', peer: '10.0.0.3/32' }] }, observed);
    expect(moved.steps.map((s) => [s.op, s.changes])).toEqual([
      ['delete', [{ field: 'peer', from: '10.0.0.2', to: '10.0.0.3' }]],
      ['create', [{ field: 'peer', from: '10.0.0.2', to: '10.0.0.3' }]],
    ]);
  });

  it('addresses of other families, and of interfaces the links do not name, are not looked at; only owned ones are deleted', () => {
    const observed = base();
    observed.addresses.push(address(9, '10.9.0.1', 24), { ...address(2, '10.8.0.1', 24), family: 'mpls' as never }, address(2, '10.7.0.1', 24));
    const owned: Ownership = { links: [], addresses: ['#9 10.9.0.1/24', 'v0 10.8.0.1/24', 'v0 10.7.0.1/24'], neighbours: [] };
    expect(lines(planOf({}, observed, owned))).toEqual(['delete address v0 10.7.0.1/24']);
    expect(planOf({}, observed, owned).releases).toEqual({ 0: [{ kind: 'address', key: 'v0 10.7.0.1/24' }] });
  });
});

describe('reconcile neighbours', () => {
  it('static is permanent or noarp; reachable or stale is not; the states in between are not compared', () => {
    for (const [states, same] of [
      [['permanent'], true],
      [['noarp'], true],
      [['reachable'], false],
      [['stale'], false],
    ] as const) {
      const observed = base();
      observed.neighbours.push(neighbour(2, '10.0.0.2', '02:00:00:00:00:02', { states: [...states], state: states[0] }));
      const steps = planOf({ neighbours: [{ interface: 'v0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02' }] }, observed).steps;
      expect({ states, changes: steps.map((s) => s.changes) }).toEqual({ states, changes: same ? [] : [[{ field: 'static', from: false, to: true }]] });
    }
  });

  it('flags by the kernel\'s spellings, the ones a caller sets only; protocol by name or number, absent as 0', () => {
    const observed = base();
    observed.neighbours.push(neighbour(2, '10.0.0.2', '02:00:00:00:00:02', { flags: ['router', 'extern-learn', 'offloaded'], protocol: 'static' }));
    expect(planOf({ neighbours: [{ interface: 'v0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02', flags: ['router', 'extern_learn'], protocol: 4 }] }, observed).steps).toEqual([]);
    expect(planOf({ neighbours: [{ interface: 'v0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02', flags: ['ext-learned', 'router'], protocol: 'static' }] }, observed).steps).toEqual([]);
    const changed = planOf({ neighbours: [{ interface: 'v0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02', flags: ['router'], protocol: 'boot' }] }, observed);
    expect(changed.steps.map((s) => s.changes)).toEqual([
      [
        { field: 'flags', from: ['router', 'extern-learn'], to: ['router'] },
        { field: 'protocol', from: 4, to: 3 },
      ],
    ]);
    const bare = base();
    bare.neighbours.push(neighbour(2, '10.0.0.2', '02:00:00:00:00:02'));
    expect(planOf({ neighbours: [{ interface: 'v0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02', protocol: 0 }] }, bare).steps).toEqual([]);
  });

  it('proxy entries, entries without an address and the bridge FDB are not looked at; desired proxy entries and indexes are refused', () => {
    const observed = base();
    observed.neighbours.push(neighbour(2, '10.0.0.3', '02:00:00:00:00:03', { flags: ['proxy'] }), { ...neighbour(2, '10.0.0.4', '02:00:00:00:00:04'), dst: undefined } as never, { ...neighbour(2, '10.0.0.5', '02:00:00:00:00:05'), family: 'bridge' } as never, neighbour(9, '10.0.0.6', '02:00:00:00:00:06'));
    const owned: Ownership = { links: [], addresses: [], neighbours: ['inet v0 10.0.0.3', 'inet #9 10.0.0.6'] };
    expect(planOf({}, observed, owned).steps).toEqual([]);
    expect(() => planOf({ neighbours: [{ interface: 'v0', dst: '10.0.0.3', flags: ['proxy'] }] }, observed)).toThrow(expect.objectContaining({ argument: 'neighbours[0].flags' }));
    expect(() => planOf({ neighbours: [{ interface: 2, dst: '10.0.0.3', lladdr: '02:00:00:00:00:03' }] }, observed)).toThrow(expect.objectContaining({ argument: 'neighbours[0].interface' }));
    expect(() => planOf({ neighbours: [{ interface: 'v0', dst: '10.0.0.3', lladdr: '02:00:00:00:00:03' }, { interface: 'v0', dst: '10.0.0.3', lladdr: '02:00:00:00:00:04' }] }, observed)).toThrow(expect.objectContaining({ argument: 'neighbours[1].dst' }));
  });

  it('IPv6 entries are keyed inet6, the address in its short form', () => {
    const observed = base();
    observed.neighbours.push(neighbour(2, '2001:db8::2', '02:00:00:00:00:02'));
    expect(planOf({ neighbours: [{ interface: 'v0', dst: '2001:DB8:0::2', lladdr: '02:00:00:00:00:02' }] }, observed).steps).toEqual([]);
    expect(lines(planOf({ neighbours: [{ interface: 'v0', dst: '2001:db8::3', lladdr: '02:00:00:00:00:02' }] }, observed))).toEqual(['create neighbour inet6 v0 2001:db8::3']);
  });
});

describe('reconcile rules', () => {
  it('the key: family, priority, not, and each selector; what it does is compared', () => {
    const observed = empty();
    observed.rules.push(
      rule(10, { src: '10.1.0.0', srcLen: 16, dst: '10.2.0.0', dstLen: 16, tos: 8, iifname: 'v0', oifname: 'v1', fwmark: 3, fwmask: 0xff, ipProto: 6, sportRange: { start: 1, end: 2 }, dportRange: { start: 80, end: 80 }, uidRange: { start: 1000, end: 1999 }, table: 100, protocol: PROTOCOL }),
      rule(11, { flags: ['invert'], table: 100, protocol: PROTOCOL }),
      rule(12, { family: 'inet6', action: 'goto', goto: 20, protocol: PROTOCOL }),
      rule(13, { table: 100, suppressPrefixlen: 0, protocol: PROTOCOL }),
    );
    const desired: DesiredState = {
      rules: [
        { priority: 10, src: '10.1.0.0/16', dst: '10.2.0.0/16', tos: 8, iifname: 'v0', oifname: 'v1', fwmark: 3, fwmask: 0xff, ipProto: 'tcp', sportRange: { start: 1, end: 2 }, dportRange: 80, uidRange: { start: 1000, end: 1999 }, table: 100 },
        { priority: 11, invert: true, table: 100 },
        { priority: 12, family: 'inet6', goto: 20 },
        { priority: 13, table: 100, suppressPrefixlen: 0 },
      ],
    };
    expect(planOf(desired, observed).steps).toEqual([]);
    expect(lines(planOf({ rules: [desired.rules![0]!] }, observed))).toEqual(['delete rule inet priority 11 not', 'delete rule inet6 priority 12', 'delete rule inet priority 13']);
    expect(planOf({ rules: [desired.rules![0]!] }, observed).steps.map((s) => s.call.verb)).toEqual(['rules.delete', 'rules.delete', 'rules.delete']);
    const key = lines(planOf({ rules: [{ ...desired.rules![0]!, tos: 0 }] }, observed)).at(-1);
    expect(key).toBe('create rule inet priority 10 src 10.1.0.0/16 dst 10.2.0.0/16 fwmark 3 fwmask 255 iifname v0 oifname v1 uidRange 1000-1999 ipProto 6 sportRange 1-2 dportRange 80-80');
  });

  it('a changed action, goto or suppressor is a delete and an add', () => {
    const observed = empty();
    observed.rules.push(rule(13, { table: 100, suppressPrefixlen: 0, protocol: PROTOCOL }), rule(12, { family: 'inet6', action: 'goto', goto: 20, protocol: PROTOCOL }));
    const changed = planOf({ rules: [{ priority: 13, table: 100, suppressPrefixlen: 8 }, { priority: 12, family: 'inet6', goto: 30 }] }, observed);
    expect(changed.steps.map((s) => `${s.op} ${s.key} ${JSON.stringify(s.changes)}`)).toEqual([
      `delete inet priority 13 ${JSON.stringify([{ field: 'suppressPrefixlen', from: 0, to: 8 }])}`,
      `delete inet6 priority 12 ${JSON.stringify([{ field: 'goto', from: 20, to: 30 }])}`,
      `create inet priority 13 ${JSON.stringify([{ field: 'suppressPrefixlen', from: 0, to: 8 }])}`,
      `create inet6 priority 12 ${JSON.stringify([{ field: 'goto', from: 20, to: 30 }])}`,
    ]);
    expect(changed.steps.map((s) => s.dependsOn)).toEqual([[], [], [0], [1]]);
  });

  it('owned duplicates are deleted; rules of other families, and ones rules.add could not have made, are never ours', () => {
    const observed = empty();
    observed.rules.push(
      rule(20, { table: 100, protocol: PROTOCOL }),
      rule(20, { table: 100, protocol: PROTOCOL }),
      { ...rule(21, { table: 100, protocol: PROTOCOL }), family: 128 as never },
      rule(22, { action: 'nop', protocol: PROTOCOL }),
      // A range rules.add refuses (start above end): not a rule plan could have made.
      rule(24, { table: 100, uidRange: { start: 5, end: 1 }, protocol: PROTOCOL }),
    );
    expect(lines(planOf({ rules: [{ priority: 20, table: 100 }] }, observed))).toEqual(['delete rule inet priority 20', 'delete rule inet priority 22']);
  });
});
