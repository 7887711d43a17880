// rtnl.bridge.fdb, rtnl.bridge.mdb and rtnl.bridge.vlans against the running kernel, in a network namespace
// of this file's own (deleted in afterAll): after each change, what `bridge -j fdb show` / `bridge -j -d mdb
// show` / `bridge -j vlan show` print
// (iproute2 6.1), entry by entry; entries made by `bridge` read by linx and the other way round; bad input
// refused before anything reaches the kernel. VLANs need CONFIG_BRIDGE_VLAN_FILTERING, detected here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, type BridgePortVlans, type MonitorEvent, type Rtnl } from '../src/index.js';
import { createNetns, kernelHasBridgeVlanFiltering, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { run, runOrThrow } from './helpers/live.js';
import { fdbAsBridge, mdbAsBridge } from './helpers/bridge-json.js';

type Json = Record<string, unknown>;

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
  /**
   * linx's FDB and bridge's, sorted, read until bridge reads the same before and after linx: the bridge
   * learns addresses from the ports' own traffic (IPv6 DAD, MLD reports) at any time.
   */
  async function fdbViews(filter: object, args: string[], shape: (o: Json) => Json = (o) => o): Promise<[string[], string[]]> {
    for (let attempt = 0; ; attempt++) {
      const before = sorted(fdbShown(...args));
      const ours = sorted((await fdbListed(filter)).map(shape));
      const after = sorted(fdbShown(...args));
      if (key(before as unknown as Json) === key(after as unknown as Json) || attempt === 20) return [ours, after];
    }
  }

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
    let [ours, theirs] = await fdbViews({}, []);
    expect(ours).toEqual(theirs);
    [ours, theirs] = await fdbViews({ bridge: 'br0' }, ['br', 'br0']);
    expect(ours).toEqual(theirs);
    // With dev, bridge leaves the interface's name out of each entry.
    const withoutName = ({ ifname: _, ...rest }: Json) => rest;
    [ours, theirs] = await fdbViews({ dev: 'v0' }, ['dev', 'v0'], withoutName);
    expect(ours).toEqual(theirs);
    [ours, theirs] = await fdbViews({ dev: 'w0' }, ['dev', 'w0'], withoutName);
    expect(ours).toEqual(theirs);
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
    const [listedNow, shownNow] = await fdbViews({}, []);
    expect(listedNow).toEqual(shownNow);
    await expect(fdb.add({ mac: '02:00:00:00:0c:01', dev: 'v0', master: true, state: 'static' })).rejects.toMatchObject({ errnoName: 'EEXIST' });
  });

  it('get finds one entry as bridge fdb get does, in the bridge’s table or a device’s own; undefined when there is none', async () => {
    const fdb = rtnl.bridge.fdb;
    const got = await fdb.get({ mac: '02:00:00:00:0c:02', bridge: 'br0' });
    const theirs = bridge('fdb', 'get', '02:00:00:00:0c:02', 'br', 'br0');
    expect(theirs).toHaveLength(1);
    expect(fdbAsBridge(got!)).toEqual(theirs[0]);
    const viaPort = await fdb.get({ mac: '02:00:00:00:0c:04', dev: 'w0', master: true });
    expect(fdbAsBridge(viaPort!)).toEqual(bridge('fdb', 'get', '02:00:00:00:0c:04', 'dev', 'w0', 'master')[0]);
    expect(await fdb.get({ mac: '02:00:00:00:0f:0f', bridge: 'br0' })).toBeUndefined();
    await expect(fdb.get({ mac: '02:00:00:00:0c:02' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fdb.get({ mac: '02:00:00:00:0c:02', bridge: 'br0', vlan: 4095 })).rejects.toBeInstanceOf(InvalidArgumentError);
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
    const [listedNow, shownNow] = await fdbViews({}, []);
    expect(listedNow).toEqual(shownNow);
  });

  it('the monitor reports FDB changes as neighbour events of family bridge, as list() shows the entry', async () => {
    const monitor = await rtnl.monitor({ kinds: ['neighbour'], interface: 'w0' });
    try {
      runOrThrow(['bridge', '-n', ns.name, 'fdb', 'add', '02:00:00:00:0a:01', 'dev', 'w0', 'master', 'static']);
      const listed = (await rtnl.bridge.fdb.list({ dev: 'w0' })).find((e) => e.mac === '02:00:00:00:0a:01');
      runOrThrow(['bridge', '-n', ns.name, 'fdb', 'del', '02:00:00:00:0a:01', 'dev', 'w0', 'master']);
      const events: Extract<MonitorEvent, { kind: 'neighbour' }>[] = [];
      for await (const event of monitor) {
        expect(event.type).not.toBe('overrun');
        if (event.type !== 'overrun' && event.kind === 'neighbour' && event.object.lladdr === '02:00:00:00:0a:01') events.push(event);
        if (events.length === 2) break;
      }
      expect(events.map((e) => `${e.type} ${e.object.family}`)).toEqual(['new bridge', 'del bridge']);
      expect(listed).toMatchObject({ dev: 'w0', masterDev: 'br0', state: 'static' });
      // The kernel keeps a static entry as NUD_NOARP alone (bridge fdb add sends NOARP | REACHABLE).
      expect(events[0]!.object).toMatchObject({ ifindex: listed!.ifindex, master: listed!.master, lladdr: listed!.mac, states: ['noarp'] });
    } finally {
      monitor.close();
    }
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

  describe('the multicast database', () => {
    type Shown = { mdb?: Json[] }[];
    const mdbShown = () => bridge<Shown>('-d', 'mdb', 'show').flatMap((b) => b.mdb ?? []);
    /**
     * linx's list and bridge's, read until bridge reads the same before and after linx (the bridge learns
     * groups of its own from MLD reports at any time).
     */
    async function bothViews(): Promise<[Json[], Json[]]> {
      for (let attempt = 0; ; attempt++) {
        const before = sorted(mdbShown());
        const ours = (await rtnl.bridge.mdb.list()).map(mdbAsBridge);
        const after = sorted(mdbShown());
        if (key(before as unknown as Json) === key(after as unknown as Json) || attempt === 20) return [ours, mdbShown()];
      }
    }

    it('lists what bridge -j -d mdb show prints: IPv4, IPv6 and MAC groups, a source, a VLAN, permanent and temp', async () => {
      const add = (...args: string[]) => runOrThrow(['bridge', '-n', ns.name, 'mdb', 'add', 'dev', 'br0', 'port', 'v0', ...args]);
      add('grp', '239.2.0.1', 'permanent');
      add('grp', '239.2.0.2', 'temp');
      add('grp', 'ff0e::2:1', 'permanent');
      add('grp', '239.2.0.3', 'src', '10.0.0.1', 'permanent');
      add('grp', '01:00:5e:02:00:05', 'permanent');
      add('grp', '239.2.0.7', 'permanent', 'vid', '10');
      const [ours, theirs] = await bothViews();
      expect(theirs.filter((e) => String(e.grp).startsWith('239.2.0.') || e.grp === 'ff0e::2:1' || e.grp === '01:00:5e:02:00:05').length).toBe(6);
      expect(sorted(ours)).toEqual(sorted(theirs));
      const mine = await rtnl.bridge.mdb.list({ dev: 'br0', port: 'v0' });
      expect(mine.find((e) => e.group === '239.2.0.3')).toMatchObject({ source: '10.0.0.1', state: 'permanent', protocol: 'static', portDev: 'v0', dev: 'br0' });
      expect(mine.find((e) => e.group === '239.2.0.2')!.timer).toBeGreaterThan(0);
      const onW0 = await rtnl.bridge.mdb.list({ port: 'w0' });
      expect(onW0.every((e) => e.portDev === 'w0')).toBe(true);
      expect(onW0.map((e) => e.group)).not.toContain('239.2.0.1');
    });

    it('adds, replaces and deletes entries that bridge then shows as asked', async () => {
      const mdb = rtnl.bridge.mdb;
      await mdb.add({ dev: 'br0', port: 'w0', group: '239.3.0.1', state: 'permanent' });
      await mdb.add({ dev: 'br0', port: 'w0', group: '239.3.0.2' });
      await mdb.add({ dev: 'br0', port: 'w0', group: 'ff0e::3:1', state: 'permanent', vid: 20 });
      await mdb.add({ dev: 'br0', port: 'w0', group: '239.3.0.3', source: '10.0.0.9', state: 'permanent' });
      await mdb.add({ dev: 'br0', port: 'w0', group: '01:00:5e:03:00:05', state: 'permanent' });
      const onW0 = () => mdbShown().filter((e) => e.port === 'w0');
      const shown = new Map(onW0().map((e) => [`${e.grp as string}/${(e.src as string) ?? ''}`, e]));
      expect(shown.get('239.3.0.1/')).toMatchObject({ state: 'permanent', protocol: 'static' });
      expect(shown.get('239.3.0.2/')).toMatchObject({ state: 'temp' });
      expect(shown.get('ff0e::3:1/')).toMatchObject({ state: 'permanent', vid: 20 });
      expect(shown.get('239.3.0.3/10.0.0.9')).toMatchObject({ state: 'permanent' });
      expect(shown.get('01:00:5e:03:00:05/')).toMatchObject({ state: 'permanent' });
      await expect(mdb.add({ dev: 'br0', port: 'w0', group: '239.3.0.1', state: 'permanent' })).rejects.toMatchObject({ errnoName: 'EEXIST' });
      // replace (Linux 6.3): the temp entry made permanent.
      await mdb.replace({ dev: 'br0', port: 'w0', group: '239.3.0.2', state: 'permanent' });
      expect(onW0().find((e) => e.grp === '239.3.0.2')).toMatchObject({ state: 'permanent' });
      await mdb.delete({ dev: 'br0', port: 'w0', group: '239.3.0.1' });
      const listed = (await mdb.list({ port: 'w0' })).find((e) => e.group === '239.3.0.3')!;
      await mdb.delete(listed);
      const ipv6 = (await mdb.list({ port: 'w0' })).find((e) => e.group === 'ff0e::3:1')!;
      expect(ipv6.vid).toBe(20);
      await mdb.delete(ipv6);
      const groups = onW0().map((e) => e.grp);
      expect(groups).not.toContain('239.3.0.1');
      expect(groups).not.toContain('239.3.0.3');
      expect(groups).not.toContain('ff0e::3:1');
      expect(groups).toContain('239.3.0.2');
      // An entry not there: the kernel answers EINVAL (br_mdb_del), to bridge as to linx.
      await expect(mdb.delete({ dev: 'br0', port: 'w0', group: '239.3.0.1' })).rejects.toMatchObject({ errnoName: 'EINVAL' });
      const r = run(['bridge', '-n', ns.name, 'mdb', 'del', 'dev', 'br0', 'port', 'w0', 'grp', '239.3.0.1']);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/Invalid argument/);
    });

    it('flush deletes in one request what it is asked to: a port’s temp entries, a VLAN’s, then the static ones', async () => {
      const mdb = rtnl.bridge.mdb;
      const add = (...args: string[]) => runOrThrow(['bridge', '-n', ns.name, 'mdb', 'add', 'dev', 'br0', ...args]);
      add('port', 'v0', 'grp', '239.5.0.1', 'temp');
      add('port', 'v0', 'grp', '239.5.0.2', 'permanent');
      add('port', 'w0', 'grp', '239.5.0.3', 'temp');
      add('port', 'w0', 'grp', '239.5.0.4', 'permanent', 'vid', '30');
      add('port', 'w0', 'grp', '239.5.0.5', 'permanent');
      const ours = () => mdbShown().filter((e) => String(e.grp).startsWith('239.5.0.')).map((e) => e.grp).sort();
      expect(ours()).toEqual(['239.5.0.1', '239.5.0.2', '239.5.0.3', '239.5.0.4', '239.5.0.5']);
      await mdb.flush({ dev: 'br0', port: 'v0', state: 'temp' });
      expect(ours()).toEqual(['239.5.0.2', '239.5.0.3', '239.5.0.4', '239.5.0.5']);
      await mdb.flush({ dev: 'br0', vid: 30 });
      expect(ours()).toEqual(['239.5.0.2', '239.5.0.3', '239.5.0.5']);
      await mdb.flush({ dev: 'br0', protocol: 'static', state: 'permanent' });
      expect(ours()).toEqual(['239.5.0.3']);
      await mdb.flush({ dev: 'br0', port: 'w0' });
      expect(ours()).toEqual([]);
      await expect(mdb.flush({ dev: 'br0', vid: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(mdb.flush({ dev: 'br0', protocol: 'nosuch' as 'static' })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(mdb.flush({ dev: 'nosuch0' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    });

    it('the monitor reports MDB changes (opt-in kind mdb) as list() shows the entry', async () => {
      const monitor = await rtnl.monitor({ kinds: ['mdb'] });
      try {
        runOrThrow(['bridge', '-n', ns.name, 'mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.6.0.1', 'permanent', 'vid', '6']);
        const listed = (await rtnl.bridge.mdb.list({ port: 'v0' })).find((e) => e.group === '239.6.0.1');
        runOrThrow(['bridge', '-n', ns.name, 'mdb', 'del', 'dev', 'br0', 'port', 'v0', 'grp', '239.6.0.1', 'vid', '6']);
        // The bridge also reports groups it learns from MLD reports: only this group's events count.
        const events: Extract<MonitorEvent, { kind: 'mdb' }>[] = [];
        for await (const event of monitor) {
          expect(event.type).not.toBe('overrun');
          if (event.type !== 'overrun' && event.kind === 'mdb' && event.object.group === '239.6.0.1') events.push(event);
          if (events.length === 2) break;
        }
        expect(events.map((e) => e.type)).toEqual(['new', 'del']);
        expect(events[0]!.object).toEqual(listed);
        expect(events[1]!.object).toMatchObject({ dev: 'br0', portDev: 'v0', group: '239.6.0.1', vid: 6 });
      } finally {
        monitor.close();
      }
    });

    it('adds a (*, G) entry with an IGMPv3 filter mode and sources, which bridge shows and the kernel expands to (S, G) entries', async () => {
      ns.ip('link', 'set', 'br0', 'type', 'bridge', 'mcast_igmp_version', '3');
      const mdb = rtnl.bridge.mdb;
      await mdb.add({ dev: 'br0', port: 'w0', group: '239.8.0.1', state: 'permanent', filterMode: 'include', sources: ['10.0.8.1', '10.0.8.2'] });
      const shown = mdbShown().filter((e) => e.grp === '239.8.0.1');
      const star = shown.find((e) => e.src === undefined);
      expect(star).toMatchObject({ port: 'w0', filter_mode: 'include' });
      expect((star!.source_list as Json[]).map((s) => s.address).sort()).toEqual(['10.0.8.1', '10.0.8.2']);
      expect(shown.filter((e) => e.src !== undefined).map((e) => e.src).sort()).toEqual(['10.0.8.1', '10.0.8.2']);
      const listed = (await mdb.list({ port: 'w0' })).filter((e) => e.group === '239.8.0.1');
      const ours = listed.find((e) => e.source === undefined)!;
      expect(ours.filterMode).toBe('include');
      expect(ours.sources!.map((s) => s.address).sort()).toEqual(['10.0.8.1', '10.0.8.2']);
      expect(listed.filter((e) => e.source !== undefined).map((e) => e.source).sort()).toEqual(['10.0.8.1', '10.0.8.2']);
      await mdb.delete(ours);
      expect(mdbShown().filter((e) => e.grp === '239.8.0.1')).toEqual([]);
      await expect(mdb.add({ dev: 'br0', port: 'w0', group: '239.8.0.2', source: '10.0.8.1', filterMode: 'include' })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(mdb.add({ dev: 'br0', port: 'w0', group: '239.8.0.2', sources: ['2001:db8::1'] })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(mdb.add({ dev: 'br0', port: 'w0', group: '239.8.0.2', filterMode: 'both' as 'include' })).rejects.toBeInstanceOf(InvalidArgumentError);
    });

    it('refuses bad input before sending', async () => {
      const mdb = rtnl.bridge.mdb;
      const bad = [
        { dev: 'br0', port: 'w0', group: '10.0.0.1' },
        { dev: 'br0', port: 'w0', group: '2001:db8::1' },
        { dev: 'br0', port: 'w0', group: '02:00:00:00:00:01' },
        { dev: 'br0', port: 'w0', group: '239.4.0.1', source: '2001:db8::1' },
        { dev: 'br0', port: 'w0', group: '01:00:5e:04:00:01', source: '10.0.0.1' },
        { dev: 'br0', port: 'w0', group: '239.4.0.1', vid: 4095 },
        { dev: 'br0', port: 'w0', group: '239.4.0.1', state: 'forever' as 'temp' },
        { dev: 'br0', group: '239.4.0.1' } as never,
      ];
      for (const spec of bad) await expect(mdb.add(spec), JSON.stringify(spec)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(mdb.delete({ dev: 'br0', port: 'w0', group: '239.4.0.1', state: 'permanent' })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(mdb.add({ dev: 'br0', port: 'nosuch0', group: '239.4.0.1' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
      await expect(mdb.list({ dev: 'nosuch0' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
      expect(mdbShown().map((e) => e.grp)).not.toContain('239.4.0.1');
    });
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

  it.skipIf(vlanFiltering)('without CONFIG_BRIDGE_VLAN_FILTERING the VLAN database dump is refused as bridge -d vlan show and vlan global show are (EOPNOTSUPP)', async () => {
    for (const args of [['-d', 'vlan', 'show'], ['vlan', 'global', 'show']]) {
      const shown = run(['bridge', '-n', ns.name, ...args]);
      expect(shown.status, args.join(' ')).not.toBe(0);
      expect(shown.stderr).toContain('Operation not supported');
    }
    for (const call of [() => rtnl.bridge.vlans.entries(), () => rtnl.bridge.vlans.entries({ stats: true }), () => rtnl.bridge.vlans.globalOptions()]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetlinkError);
      expect((error as NetlinkError).errnoName).toBe('EOPNOTSUPP');
    }
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

    it('the VLAN database lists the ports\' VLANs and ranges as bridge -j -d vlan show does, and the global options of bridge -j vlan global show', async () => {
      await rtnl.bridge.vlans.add({ dev: 'u0', vid: 50, vidEnd: 52 });
      const vids = (list: Json[]) => list.flatMap((p) => ((p.vlans as Json[]) ?? []).map((v) => `${String(p.ifname)} ${String(v.vlan)}-${String(v.vlanEnd ?? v.vlan)}`)).sort();
      const entries = await rtnl.bridge.vlans.entries();
      expect(entries.map((e) => `${e.dev} ${e.vid}-${e.vidEnd ?? e.vid}`).sort()).toEqual(vids(bridge('-d', 'vlan', 'show')));
      expect(entries.filter((e) => e.dev === 'u0').every((e) => e.state !== undefined)).toBe(true);
      const globals = await rtnl.bridge.vlans.globalOptions({ dev: 'br1' });
      expect(globals.map((g) => `${g.dev} ${g.vid}-${g.vidEnd ?? g.vid}`).sort()).toEqual(vids(bridge('vlan', 'global', 'show', 'dev', 'br1')));
    });

    it('adds a VLAN to the bridge itself with self', async () => {
      await rtnl.bridge.vlans.add({ dev: 'br1', vid: 40, self: true });
      expect(await listedOf('br1')).toEqual(shownOf('br1'));
      expect(shownOf('br1')[0]!.vlans).toEqual(expect.arrayContaining([expect.objectContaining({ vlan: 40 })]));
    });
  });
});
