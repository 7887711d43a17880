// Bridge FDB entries the running kernel rarely shows (helpers/fdb-states.ts: stale, states bridge has no
// name for, extern_learn and offloaded, source VNI, nexthop id, protocol, times that are not whole
// seconds), listed by rtnl as `bridge -j -s fdb show` printed them (BRIDGE_SHOWED, which
// bridge-fdb-tool.live.test.ts checks against bridge itself). No kernel: a FakeKernel answers the dumps.
import { describe, expect, it } from 'vitest';
import { BRIDGE_SHOWED, fdbAsBridgeStats, fdbOf } from './helpers/fdb-states.js';

describe('bridge fdb: entries the running kernel rarely shows', () => {
  it('list() equals bridge -j -s fdb show of the same messages', async () => {
    expect((await fdbOf()).map(fdbAsBridgeStats)).toEqual(BRIDGE_SHOWED);
  });

  it('states: stale (also when reachable is set with it) and dynamic by the bridge\'s names, others by the neighbour state\'s name (NUD_INCOMPLETE, NUD_DELAY)', async () => {
    expect((await fdbOf()).map((e) => e.state)).toEqual(['stale', 'dynamic', 'stale', 'incomplete', 'delay', 'permanent', 'static']);
  });

  it('the rest of each entry: master by index and name, protocol 4 by its name (RTPROT_STATIC), seconds rounded down', async () => {
    const [stale, learned, , incomplete, , remote, viaGroup] = await fdbOf();
    expect(stale).toStrictEqual({ mac: '02:00:00:00:00:a1', ifindex: 2, dev: 'p0', vlan: 10, master: 3, masterDev: 'br0', state: 'stale', flags: [], used: 2, updated: 3 });
    expect(learned).toStrictEqual({ mac: '02:00:00:00:00:a2', ifindex: 2, dev: 'p0', master: 3, masterDev: 'br0', state: 'dynamic', flags: ['extern-learn', 'offloaded'], protocol: 'static', used: 1, updated: 1 });
    expect(incomplete).toStrictEqual({ mac: '02:00:00:00:00:a3', ifindex: 2, dev: 'p0', state: 'incomplete', flags: ['self'] });
    expect(remote).toStrictEqual({ mac: '00:00:00:00:00:00', ifindex: 4, dev: 'vx0', dst: '10.0.0.9', srcVni: 300, state: 'permanent', flags: ['self'] });
    expect(viaGroup).toStrictEqual({ mac: '02:00:00:00:00:a6', ifindex: 4, dev: 'vx0', nhId: 5, state: 'static', flags: ['self'] });
  });

  // toStrictEqual: a field the entry does not have is absent, not present as undefined.
  it('names: false leaves dev and masterDev out, and keeps the indexes', async () => {
    const [stale] = await fdbOf({ names: false });
    expect(stale).toStrictEqual({ mac: '02:00:00:00:00:a1', ifindex: 2, vlan: 10, master: 3, state: 'stale', flags: [], used: 2, updated: 3 });
  });
});
