// The pieces plan() is made of, on their own: atPath names an entry of the desired state in the errors of
// the verbs' own checks (and of the codec's), differences compares only what the desired side gives (structs
// decoded into class instances by value), byKey refuses two entries with one key naming both, readySteps
// gives each creating step once.
import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '@linx/netlink-codec';
import { InvalidArgumentError } from '../src/index.js';
import { atPath } from '../src/reconcile/argument-path.js';
import { byKey, differences, readySteps, type Draft, type PlanContext } from '../src/reconcile/draft.js';

function thrown(check: () => unknown): InvalidArgumentError {
  try {
    check();
  } catch (error) {
    return error as InvalidArgumentError;
  }
  throw new Error('nothing thrown');
}

describe('atPath', () => {
  const fail = (error: unknown) => () => {
    throw error;
  };

  it('returns what the check returns', () => {
    expect(atPath('links[0]', () => 42)).toBe(42);
  });

  it("puts the entry's path before the argument a verb names, keeping the verb's reason", () => {
    const error = thrown(() => atPath('links[2]', fail(new InvalidArgumentError('mtu', 'expected an integer in 68..65535'))));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect([error.argument, error.message]).toEqual(['links[2].mtu', 'links[2].mtu: expected an integer in 68..65535']);
    expect(thrown(() => atPath('routes[0]', fail(new InvalidArgumentError('multipath[1].gateway', 'bad')))).message).toBe('routes[0].multipath[1].gateway: bad');
  });

  it("the verbs' names of the whole argument object are the entry itself", () => {
    for (const self of ['spec', 'route', 'settings', 'neighbour', 'rule', 'changes']) {
      expect(thrown(() => atPath('rules[1]', fail(new InvalidArgumentError(self, 'expected an object')))).message).toBe('rules[1]: expected an object');
    }
    // A name that only starts like one of them is an argument of its own.
    expect(thrown(() => atPath('rules[1]', fail(new InvalidArgumentError('specs', 'no')))).argument).toBe('rules[1].specs');
  });

  it('an error already naming the entry (or inside it) is thrown as it is', () => {
    for (const argument of ['links[2]', 'links[2].mtu', 'links[2][0]']) {
      const original = new InvalidArgumentError(argument, 'bad');
      expect(thrown(() => atPath('links[2]', fail(original)))).toBe(original);
    }
    // links[20] is another entry.
    expect(thrown(() => atPath('links[2]', fail(new InvalidArgumentError('links[20]', 'bad')))).argument).toBe('links[2].links[20]');
  });

  it("the codec's errors become InvalidArgumentErrors at the entry: one naming a value inside it, and one naming nothing", () => {
    const inside = thrown(() => atPath('links[0]', fail(new InvalidValueError('65536 is out of range', ['linkinfo', 'data', 'vlanId']))));
    expect([inside.code, inside.argument, inside.message]).toEqual(['ERR_LINX_INVALID_ARGUMENT', 'links[0].linkinfo.data.vlanId', 'links[0].linkinfo.data.vlanId: 65536 is out of range']);
    const top = thrown(() => atPath('links[0]', fail(new InvalidValueError('expected an object'))));
    expect([top.code, top.argument, top.message]).toEqual(['ERR_LINX_INVALID_ARGUMENT', 'links[0]', 'links[0]: expected an object']);
  });

  it('other errors pass through', () => {
    const other = new TypeError('not an argument');
    expect(thrown(() => atPath('links[0]', fail(other)))).toBe(other);
  });
});

describe('differences', () => {
  it('lists the desired fields whose observed value differs, with both values; undefined desired fields are not compared', () => {
    expect(differences({ mtu: 1400, up: true, alias: undefined, master: 'br0' }, { mtu: 1500, up: true, alias: 'x', master: undefined })).toEqual([
      { field: 'mtu', from: 1500, to: 1400 },
      { field: 'master', from: undefined, to: 'br0' },
    ]);
    expect(differences({}, { mtu: 1500 })).toEqual([]);
  });

  it('compares nested values by value: class instances as plain objects, arrays item by item, bytes as bytes', () => {
    class Struct {
      constructor(
        readonly low: number,
        readonly high: number,
      ) {}
    }
    expect(differences({ range: { low: 1, high: 2 } }, { range: new Struct(1, 2) })).toEqual([]);
    expect(differences({ range: { low: 1, high: 3 } }, { range: new Struct(1, 2) })).toHaveLength(1);
    expect(differences({ hops: [{ gateway: '10.0.0.1' }] }, { hops: [new (class { gateway = '10.0.0.1'; })()] })).toEqual([]);
    expect(differences({ hops: [{ gateway: '10.0.0.1' }] }, { hops: [{ gateway: '10.0.0.1' }, { gateway: '10.0.0.2' }] })).toHaveLength(1);
    expect(differences({ key: Uint8Array.of(1, 2) }, { key: Uint8Array.of(1, 2) })).toEqual([]);
    expect(differences({ key: Uint8Array.of(1, 2) }, { key: Uint8Array.of(1, 3) })).toHaveLength(1);
    expect(differences({ flags: null }, { flags: null })).toEqual([]);
    expect(differences({ flags: null }, { flags: 0 })).toHaveLength(1);
  });
});

describe('byKey and readySteps', () => {
  it('byKey: the entries by key; a second entry with a key names itself and the first', () => {
    const entries = [
      { key: 'a', path: 'routes[0]' },
      { key: 'b', path: 'routes[1]' },
    ];
    expect([...byKey(entries, 'dst')]).toEqual([
      ['a', entries[0]],
      ['b', entries[1]],
    ]);
    const error = thrown(() => byKey([...entries, { key: 'a', path: 'routes[2]' }], 'dst'));
    expect([error.argument, error.message]).toEqual(['routes[2].dst', 'routes[2].dst: routes[0] has this key too (a)']);
  });

  it('readySteps: the steps that create the named interfaces, each once, none for unnamed or existing ones', () => {
    const step = (key: string): Draft => ({ op: 'create', kind: 'link', key, call: { verb: 'links.delete', name: key }, after: [] });
    const [a, b] = [step('a0'), step('b0')];
    const context: PlanContext = { names: new Map(), gone: new Set(), removal: new Map(), ready: new Map([['a0', a], ['b0', b], ['a1', a]]), addressSteps: new Map() };
    expect(readySteps(context, ['a0', undefined, 'c0', 'a1', 'b0', 'a0'])).toEqual([a, b]);
    expect(readySteps(context, [])).toEqual([]);
  });
});
