// rtnl.bridge.fdb and rtnl.bridge.vlans against the running kernel, in a network namespace of this file's
// own (deleted in afterAll): after each change, what `bridge -j fdb show` / `bridge -j vlan show` print
// (iproute2 6.1), entry by entry; entries made by `bridge` read by linx and the other way round; bad input
// refused before anything reaches the kernel. VLANs need CONFIG_BRIDGE_VLAN_FILTERING, detected here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, type BridgePortVlans, type FdbEntry, type Rtnl } from '../src/index.js';
import { createNetns, kernelHasBridgeVlanFiltering, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { runOrThrow } from './helpers/live.js';

type Json = Record<string, unknown>;

/** An FDB entry the way `bridge -j fdb show` prints it (iproute2 6.1's print_fdb: master by name, not as a flag). */
function fdbAsBridge(e: FdbEntry): Json {
  const o: Json = { mac: e.mac, ifname: e.dev };
  if (e.vlan !== undefined) o.vlan = e.vlan;
  o.flags = e.flags.filter((f) => f !== 'master').map((f) => (f === 'extern-learn' ? 'extern_learn' : f));
  if (e.masterDev !== undefined) o.master = e.masterDev;
  o.state = e.state === 'dynamic' ? '' : e.state;
  return o;
}

/** A port's VLANs the way `bridge -j vlan show` prints them (one entry per VLAN, as the uncompressed dump gives them). */
function vlansAsBridge(p: BridgePortVlans): Json {
  return {
    ifname: p.dev,
    vlans: p.vlans.map((v) => {
      const flags = [...(v.pvid ? ['PVID'] : []), ...(v.untagged ? ['Egress Untagged'] : [])];
      return { vlan: v.vid, ...(v.vidEnd === undefined ? {} : { vlanEnd: v.vidEnd }), ...(flags.length ? { flags } : {}) };
    }),
  };
}

const key = (o: Json) => JSON.stringify(o);
const sorted = (list: Json[]) => list.map(key).sort();

const vlanFiltering = kernelSkipReason === undefined && kernelHasBridgeVlanFiltering();

describe.skipIf(kernelSkipReason !== undefined)('rtnl.bridge in a namespace of its own', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  const bridge = <T = Json[]>(...args: string[]): T => {
    const out = runOrThrow(['bridge', '-n', ns.name, '-j', ...args]).trim();
    return (out === '' ? [] : JSON.parse(out)) as T;
  };
  const fdbShown = (...args: string[]) => bridge('fdb', 'show', ...args);
  const fdbListed = async (filter = {}) => (await rtnl.bridge.fdb.list(filter)).map(fdbAsBridge);

  beforeAll(async () => {
    ns = createNetns('bridge');
    rtnl = await ns.rtnl();
    // Both ends up: the bridge refuses dynamic entries on a port whose link is down.
    ns.batch([
      'link add v0 type veth peer name v1',
      'link add w0 type veth peer name w1',
      'link add br0 type bridge',
      'link set v0 master br0',
      'link set w0 master br0',
      'link set br0 up',
      'link set v0 up',
      'link set v1 up',
      'link set w0 up',
      'link set w1 up',
    ]);
  });

  afterAll(() => ns?.remove());

  it('lists the FDB as bridge -j fdb show does, filtered by bridge and port as bridge does', async () => {
    runOrThrow(['bridge', '-n', ns.name, 'fdb', 'add', '02:00:00:00:0b:01', 'dev', 'v0', 'master', 'static']);
    runOrThrow(['bridge', '-n', ns.name, 'fdb', 'add', '02:00:00:00:0b:02', 'dev', 'w0', 'master', 'sticky', 'static']);
    runOrThrow(['bridge', '-n', ns.name, 'fdb', 'add', '02:00:00:00:0b:03', 'dev', 'v0', 'self']);
    const all = fdbShown();
    expect(all.length).toBeGreaterThan(3);
    expect(sorted(await fdbListed())).toEqual(sorted(all));
    expect(sorted(await fdbListed({ bridge: 'br0' }))).toEqual(sorted(fdbShown('br', 'br0')));
    // With dev, bridge leaves the interface's name out of each entry.
    const withoutName = ({ ifname: _, ...rest }: Json) => rest;
    expect(sorted((await fdbListed({ dev: 'v0' })).map(withoutName))).toEqual(sorted(fdbShown('dev', 'v0')));
    expect(sorted((await fdbListed({ dev: 'w0' })).map(withoutName))).toEqual(sorted(fdbShown('dev', 'w0')));
    expect(fdbShown('dev', 'v0').length).toBeGreaterThan(1);
  });

  it('adds static, permanent, dynamic, sticky and extern_learn entries that bridge lists as asked', async () => {
    const fdb = rtnl.bridge.fdb;
    await fdb.add({ mac: '02:00:00:00:0c:01', dev: 'v0', master: true, state: 'static' });
    await fdb.add({ mac: '02:00:00:00:0c:02', dev: 'v0', master: true, state: 'permanent' });
    await fdb.add({ mac: '02:00:00:00:0c:03', dev: 'v0', master: true, state: 'dynamic' });
    await fdb.add({ mac: '02:00:00:00:0c:04', dev: 'w0', master: true, state: 'static', sticky: true });
    await fdb.add({ mac: '02:00:00:00:0c:05', dev: 'w0', master: true, externLearn: true });
    await fdb.add({ mac: '02:00:00:00:0c:06', dev: 'v0' });
    const byMac = new Map(fdbShown().map((e) => [`${e.mac as string}/${e.ifname as string}`, e]));
    expect(byMac.get('02:00:00:00:0c:01/v0')).toMatchObject({ master: 'br0', state: 'static', flags: [] });
    expect(byMac.get('02:00:00:00:0c:02/v0')).toMatchObject({ master: 'br0', state: 'permanent' });
    expect(byMac.get('02:00:00:00:0c:03/v0')).toMatchObject({ master: 'br0', state: '' });
    expect(byMac.get('02:00:00:00:0c:04/w0')).toMatchObject({ master: 'br0', state: 'static', flags: ['sticky'] });
    expect(byMac.get('02:00:00:00:0c:05/w0')).toMatchObject({ master: 'br0', flags: ['extern_learn'] });
    // No table named: the device's own (self), as bridge fdb add.
    expect(byMac.get('02:00:00:00:0c:06/v0')).toMatchObject({ flags: ['self'], state: 'permanent' });
    expect(sorted(await fdbListed())).toEqual(sorted(fdbShown()));
    await expect(fdb.add({ mac: '02:00:00:00:0c:01', dev: 'v0', master: true, state: 'static' })).rejects.toMatchObject({ errnoName: 'EEXIST' });
  });

  it('replace moves an entry to another port; delete removes one, also as listed', async () => {
    const fdb = rtnl.bridge.fdb;
    await fdb.replace({ mac: '02:00:00:00:0c:01', dev: 'w0', master: true, state: 'static' });
    const moved = fdbShown().filter((e) => e.mac === '02:00:00:00:0c:01');
    expect(moved).toEqual([expect.objectContaining({ ifname: 'w0', master: 'br0', state: 'static' })]);
    await fdb.delete({ mac: '02:00:00:00:0c:01', dev: 'w0', master: true });
    const listed = (await fdb.list({ dev: 'v0' })).find((e) => e.mac === '02:00:00:00:0c:02');
    expect(listed).toBeDefined();
    await fdb.delete(listed!);
    const self = (await fdb.list({ dev: 'v0' })).find((e) => e.mac === '02:00:00:00:0c:06');
    await fdb.delete(self!);
    const left = fdbShown().map((e) => e.mac);
    expect(left).not.toContain('02:00:00:00:0c:01');
    expect(left).not.toContain('02:00:00:00:0c:02');
    expect(left).not.toContain('02:00:00:00:0c:06');
    await expect(fdb.delete({ mac: '02:00:00:00:0c:02', dev: 'v0', master: true })).rejects.toMatchObject({ errnoName: 'ENOENT' });
  });

  it('flush deletes what bridge fdb flush would: dynamic entries only, then a port’s static ones', async () => {
    const fdb = rtnl.bridge.fdb;
    await fdb.add({ mac: '02:00:00:00:0d:01', dev: 'v0', master: true, state: 'dynamic' });
    await fdb.add({ mac: '02:00:00:00:0d:02', dev: 'v0', master: true, state: 'static' });
    await fdb.add({ mac: '02:00:00:00:0d:03', dev: 'w0', master: true, state: 'static' });
    await fdb.flush({ dev: 'br0', state: 'dynamic' });
    let macs = fdbShown().map((e) => e.mac);
    expect(macs).not.toContain('02:00:00:00:0d:01');
    expect(macs).not.toContain('02:00:00:00:0c:03');
    expect(macs).toContain('02:00:00:00:0d:02');
    expect(macs).toContain('02:00:00:00:0d:03');
    await fdb.flush({ dev: 'v0', master: true, state: 'static' });
    macs = fdbShown().map((e) => e.mac);
    expect(macs).not.toContain('02:00:00:00:0d:02');
    expect(macs).toContain('02:00:00:00:0d:03');
    // The bridge's own permanent entries (its and its ports' addresses) survive.
    expect(fdbShown().some((e) => e.state === 'permanent' && e.master === 'br0')).toBe(true);
    expect(sorted(await fdbListed())).toEqual(sorted(fdbShown()));
  });

  it('refuses bad input before sending, and names an unknown port', async () => {
    const fdb = rtnl.bridge.fdb;
    await expect(fdb.add({ mac: '02:00:00:00:00:01:07', dev: 'v0' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fdb.add({ mac: '02:00:00:00:0e:01', dev: 'v0', vlan: 4095 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fdb.add({ mac: '02:00:00:00:0e:01', dev: 'v0', vlan: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fdb.add({ mac: '02:00:00:00:0e:01', dev: 'v0', state: 'stale' as 'static' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fdb.add({ mac: '02:00:00:00:0e:01', dev: 'v0', colour: 'red' } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fdb.delete({ mac: '02:00:00:00:0e:01', dev: 'v0', state: 'static' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fdb.flush({ dev: 'br0', state: 'gone' as 'static' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fdb.list({ vlan: 5000 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fdb.add({ mac: '02:00:00:00:0e:01', dev: 'nosuch0' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(fdb.list({ bridge: 'nosuch0' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    expect(fdbShown().map((e) => e.mac)).not.toContain('02:00:00:00:0e:01');
    const vlans = rtnl.bridge.vlans;
    await expect(vlans.add({ dev: 'v0', vid: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(vlans.add({ dev: 'v0', vid: 4095 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(vlans.add({ dev: 'v0', vid: 30, vidEnd: 20 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(vlans.add({ dev: 'v0', vid: 20, vidEnd: 30, pvid: true })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(vlans.add({ dev: 'v0', vid: 20, tunnelId: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(vlans.add({ dev: 'nosuch0', vid: 20 })).rejects.toBeInstanceOf(NoSuchInterfaceError);
  });

  it('lists VLANs as bridge -j vlan show does (none without VLAN filtering)', async () => {
    const shown = bridge('vlan', 'show');
    expect((await rtnl.bridge.vlans.list()).map(vlansAsBridge)).toEqual(shown);
  });

  it.skipIf(vlanFiltering)('without CONFIG_BRIDGE_VLAN_FILTERING the kernel refuses a VLAN as it refuses bridge vlan add (EOPNOTSUPP)', async () => {
    const error = await rtnl.bridge.vlans.add({ dev: 'v0', vid: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).errnoName).toBe('EOPNOTSUPP');
  });

  describe.runIf(vlanFiltering)('VLANs on a filtering bridge (needs CONFIG_BRIDGE_VLAN_FILTERING)', () => {
    beforeAll(() => {
      ns.batch(['link add br1 type bridge vlan_filtering 1', 'link add u0 type veth peer name u1', 'link set u0 master br1', 'link set br1 up', 'link set u0 up']);
    });

    const shownOf = (dev: string) => bridge('vlan', 'show', 'dev', dev);
    const listedOf = async (dev: string) => (await rtnl.bridge.vlans.list({ dev })).map(vlansAsBridge);

    it('adds a PVID untagged VLAN, a range, and deletes part of the range, as bridge shows', async () => {
      const vlans = rtnl.bridge.vlans;
      await vlans.add({ dev: 'u0', vid: 10, pvid: true, untagged: true });
      await vlans.add({ dev: 'u0', vid: 20, vidEnd: 30 });
      await vlans.delete({ dev: 'u0', vid: 22, vidEnd: 25 });
      expect(await listedOf('u0')).toEqual(shownOf('u0'));
      const vids = (await vlans.list({ dev: 'u0' }))[0]!.vlans.map((v) => v.vid);
      expect(vids).toEqual(expect.arrayContaining([10, 20, 21, 26, 30]));
      expect(vids).not.toContain(23);
      const ranged = (await vlans.list({ dev: 'u0', ranges: true }))[0]!.vlans;
      expect(ranged).toEqual(expect.arrayContaining([{ vid: 26, vidEnd: 30, pvid: false, untagged: false }]));
    });

    it('adds a VLAN to the bridge itself with self', async () => {
      await rtnl.bridge.vlans.add({ dev: 'br1', vid: 40, self: true });
      expect(await listedOf('br1')).toEqual(shownOf('br1'));
      expect(shownOf('br1')[0]!.vlans).toEqual(expect.arrayContaining([expect.objectContaining({ vlan: 40 })]));
    });
  });
});
