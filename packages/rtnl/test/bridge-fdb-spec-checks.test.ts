// rtnl.bridge.fdb refuses bad entries, keys, filters and flush filters by name before anything is sent
// (what `bridge fdb` would not parse or the kernel's br_fdb.c would refuse: a 6-byte MAC, VLANs 1..4094,
// states it knows, boolean flags). No kernel: a FakeKernel records the requests.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { InvalidArgumentError, Rtnl } from '../src/index.js';

function fake() {
  const handler: FakeHandler = (req, k) => k.ack(req);
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const refusal = async (call: Promise<unknown>) => (await call.catch((e: unknown) => e)) as InvalidArgumentError;
const entry = { mac: '02:00:00:00:00:01', dev: 2 };

describe('bridge fdb: bad input is refused by name before anything is sent', () => {
  const added: [string, unknown, string][] = [
    ['no object', null, 'entry'],
    ['an unknown field', { ...entry, lladdr: '02:00:00:00:00:01' }, 'entry.lladdr'],
    ['no MAC', { dev: 2 }, 'entry.mac'],
    ['a 5-byte MAC', { ...entry, mac: '02:00:00:00:01' }, 'entry.mac'],
    ['a MAC with a stray suffix', { ...entry, mac: '02:00:00:00:00:01:ff' }, 'entry.mac'],
    ['a MAC with a prefix', { ...entry, mac: 'x02:00:00:00:00:01' }, 'entry.mac'],
    ['no device', { mac: '02:00:00:00:00:01' }, 'entry.dev'],
    ['an unknown state', { ...entry, state: 'stale' }, 'entry.state'],
    ['self not a boolean', { ...entry, self: 1 }, 'entry.self'],
    ['master not a boolean', { ...entry, master: 'yes' }, 'entry.master'],
    ['externLearn not a boolean', { ...entry, externLearn: 1 }, 'entry.externLearn'],
    ['sticky not a boolean', { ...entry, sticky: 'on' }, 'entry.sticky'],
  ];
  it.each(added)('add: %s', async (_, spec, argument) => {
    const { kernel, rtnl } = fake();
    const error = await refusal(rtnl.bridge.fdb.add(spec as never));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.argument).toBe(argument);
    expect(kernel.requests).toEqual([]);
  });

  it('delete with a state (an entry is deleted by its MAC, device and VLAN)', async () => {
    const { kernel, rtnl } = fake();
    expect((await refusal(rtnl.bridge.fdb.delete({ ...entry, state: 'static' }))).argument).toBe('entry.state');
    expect(kernel.requests).toEqual([]);
  });

  it('get: a key object, a MAC, a dev or bridge, VLAN 1..4094, boolean self/master/names', async () => {
    const { kernel, rtnl } = fake();
    for (const [key, argument] of [
      [null, 'key'],
      [{ mac: '02:00:00:00:00:01', dev: 2, port: 3 }, 'key.port'],
      [{ dev: 2 }, 'key.mac'],
      [{ mac: '02:00:00:00:00:01' }, 'key.dev'],
      [{ mac: '02:00:00:00:00:01', dev: 2, vlan: 0 }, 'key.vlan'],
      [{ mac: '02:00:00:00:00:01', dev: 2, vlan: 4095 }, 'key.vlan'],
      [{ mac: '02:00:00:00:00:01', dev: 2, self: 1 }, 'key.self'],
      [{ mac: '02:00:00:00:00:01', dev: 2, master: 1 }, 'key.master'],
      [{ mac: '02:00:00:00:00:01', dev: 2, names: 'no' }, 'key.names'],
    ] as [unknown, string][]) {
      expect((await refusal(rtnl.bridge.fdb.get(key as never))).argument, JSON.stringify(key)).toBe(argument);
    }
    expect(kernel.requests).toEqual([]);
  });

  it('list: a filter object, VLAN 1..4094, a known state, boolean names', async () => {
    const { kernel, rtnl } = fake();
    for (const [filter, argument] of [
      [null, 'filter'],
      [{ port: 2 }, 'filter.port'],
      [{ vlan: 0 }, 'filter.vlan'],
      [{ vlan: 4095 }, 'filter.vlan'],
      [{ state: 'reachable' }, 'filter.state'],
      [{ names: 0 }, 'filter.names'],
    ] as [unknown, string][]) {
      expect((await refusal(rtnl.bridge.fdb.list(filter as never))).argument, JSON.stringify(filter)).toBe(argument);
    }
    expect(kernel.requests).toEqual([]);
  });

  it('flush: a filter object with a dev, a known state, VLAN 1..4094, boolean flags', async () => {
    const { kernel, rtnl } = fake();
    for (const [filter, argument] of [
      [null, 'filter'],
      [{ dev: 2, mac: '02:00:00:00:00:01' }, 'filter.mac'],
      [{}, 'filter.dev'],
      [{ dev: 2, state: 'stale' }, 'filter.state'],
      [{ dev: 2, vlan: 4095 }, 'filter.vlan'],
      [{ dev: 2, self: 'yes' }, 'filter.self'],
      [{ dev: 2, master: 1 }, 'filter.master'],
      [{ dev: 2, externLearn: 1 }, 'filter.externLearn'],
      [{ dev: 2, sticky: 'no' }, 'filter.sticky'],
      [{ dev: 2, offloaded: 0 }, 'filter.offloaded'],
    ] as [unknown, string][]) {
      expect((await refusal(rtnl.bridge.fdb.flush(filter as never))).argument, JSON.stringify(filter)).toBe(argument);
    }
    expect(kernel.requests).toEqual([]);
  });

  it('the messages say what is wrong', async () => {
    const { rtnl } = fake();
    expect((await refusal(rtnl.bridge.fdb.add(null as never))).message).toContain('got null');
    expect((await refusal(rtnl.bridge.fdb.add('x' as never))).message).toContain('got string');
    expect((await refusal(rtnl.bridge.fdb.add({ ...entry, mac: 'nope' }))).message).toContain('got "nope"');
    expect((await refusal(rtnl.bridge.fdb.add({ ...entry, self: 1 as never }))).message).toContain('expected a boolean, got number');
    expect((await refusal(rtnl.bridge.fdb.add({ ...entry, state: 'stale' as never }))).message).toContain('unknown state "stale"; expected permanent, static, dynamic');
  });
});
