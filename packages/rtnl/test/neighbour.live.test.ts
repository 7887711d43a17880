// rtnl.neighbours against the running kernel, in a network namespace of this file's own (deleted in
// afterAll): every verb, and after each change what `ip -j neigh` / `bridge -j fdb` print, field by field.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError } from '@linx/netlink-wire';
import { NoSuchInterfaceError, type Neighbour, type Rtnl } from '../src/index.js';
import { createNetns, kernelHasLinkKind, kernelSkipReason, type TestNetns } from './helpers/netns.js';

const hasVxlan = kernelSkipReason === undefined && kernelHasLinkKind('vxlan', ['id', '5']);

/** One entry as `ip -j neigh show` prints it. */
interface IpNeigh {
  dst: string;
  dev: string;
  lladdr?: string;
  state?: string[];
  router?: null;
  proxy?: null;
  extern_learn?: null;
}

/** One entry as `bridge -j fdb show` prints it. */
interface BridgeFdb {
  mac: string;
  ifname?: string;
  vlan?: number;
  dst?: string;
  port?: number;
  vni?: number;
  viaIf?: string;
  flags: string[];
  master?: string;
  state: string;
}

const sortByJson = <T>(list: T[]): T[] => list.map((x) => JSON.stringify(x)).sort().map((s) => JSON.parse(s) as T);

describe.skipIf(kernelSkipReason !== undefined)('rtnl.neighbours in a namespace of its own', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;

  const names = (): Map<number, string> => new Map(ns.ipJson<{ ifindex: number; ifname: string }[]>('link', 'show').map((l) => [l.ifindex, l.ifname]));
  const indexOf = (name: string): number => ns.ipJson<{ ifindex: number }[]>('link', 'show', 'dev', name)[0]!.ifindex;

  /** A neighbour the way `ip -j neigh show` prints it. */
  function asIp(n: Neighbour, devs: Map<number, string>, withDev = true): IpNeigh {
    const out = { dst: n.dst!, ...(withDev ? { dev: devs.get(n.ifindex)! } : {}) } as IpNeigh;
    if (n.lladdr !== undefined) out.lladdr = n.lladdr;
    if (n.flags.includes('extern-learn')) out.extern_learn = null;
    if (n.flags.includes('router')) out.router = null;
    if (n.flags.includes('proxy')) out.proxy = null;
    if (n.states.length > 0) out.state = n.states.map((s) => String(s).toUpperCase());
    return out;
  }

  /** An FDB entry the way `bridge -j fdb show` prints it (`withIfname` false for `show dev X`). */
  function asBridge(n: Neighbour, devs: Map<number, string>, withIfname = true): BridgeFdb {
    const out: BridgeFdb = { mac: n.lladdr!, flags: [], state: '' };
    if (withIfname) out.ifname = devs.get(n.ifindex)!;
    if (n.vlan !== undefined) out.vlan = n.vlan;
    if (n.dst !== undefined) out.dst = n.dst;
    if (n.port !== undefined) out.port = n.port;
    if (n.vni !== undefined) out.vni = n.vni;
    if (n.viaIfindex !== undefined) out.viaIf = devs.get(n.viaIfindex)!;
    const names: Record<string, string> = { self: 'self', router: 'router', 'extern-learn': 'extern_learn', offloaded: 'offload', master: 'master', sticky: 'sticky', locked: 'locked' };
    for (const f of n.flags) if (typeof f === 'string' && names[f]) out.flags.push(names[f]);
    if (n.master !== undefined) out.master = devs.get(n.master)!;
    out.state = n.state === 'permanent' ? 'permanent' : n.state === 'noarp' ? 'static' : n.state === 'stale' ? 'stale' : n.state === 'reachable' ? '' : `0x${n.states.reduce<number>((m, s) => m | (typeof s === 'number' ? s : 0), 0).toString(16)}`;
    return out;
  }

  /**
   * linx's answer must be iproute2's. The kernel adds entries of its own now and then (IGMP/MLD reports
   * resolve multicast neighbours): iproute2 is asked before and after, and a comparison counts only when
   * both agree, i.e. nothing changed meanwhile.
   */
  async function agree<T>(ours: () => Promise<T[]>, theirs: () => T[]): Promise<T[]> {
    for (let attempt = 0; ; attempt++) {
      const before = sortByJson(theirs());
      const got = sortByJson(await ours());
      const after = sortByJson(theirs());
      if (JSON.stringify(before) === JSON.stringify(after) || attempt >= 10) {
        expect(got).toEqual(after);
        return got;
      }
      await sleep(200);
    }
  }

  const ipNeigh = (...args: string[]) => () => ns.ipJson<IpNeigh[]>(...args);
  // `ip neigh show dev X` leaves out "dev".
  const ours = (filter: Parameters<Rtnl['neighbours']['list']>[0], withDev = filter?.interface === undefined) => async () => {
    const devs = names();
    return (await rtnl.neighbours.list(filter)).map((n) => asIp(n, devs, withDev));
  };
  const bridgeFdb = (...args: string[]): BridgeFdb[] => {
    const r = spawnSync('bridge', ['-n', ns.name, '-j', 'fdb', 'show', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bridge fdb show ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim() ? (JSON.parse(r.stdout) as BridgeFdb[]) : [];
  };

  beforeAll(async () => {
    ns = createNetns('neigh');
    ns.batch([
      'link set lo up',
      'link add br0 type bridge',
      'link add v0 type veth peer name v1',
      'link add v2 type veth peer name v3',
      'link set v0 master br0',
      'link set v2 master br0',
      ...['br0', 'v0', 'v1', 'v2', 'v3'].map((d) => `link set ${d} up`),
      'addr add 10.1.0.1/24 dev v1',
      'addr add fd00::1/64 dev v1 nodad',
      'addr add 10.3.0.1/24 dev v3',
      'neigh add 10.1.0.2 lladdr 02:00:00:00:01:02 dev v1',
      'neigh add 10.1.0.3 lladdr 02:00:00:00:01:03 dev v1 nud reachable',
      'neigh add 10.1.0.4 lladdr 02:00:00:00:01:04 dev v1 nud stale',
      'neigh add 10.1.0.5 lladdr 02:00:00:00:01:05 dev v1 extern_learn',
      'neigh add 10.1.0.6 lladdr 02:00:00:00:01:06 dev v1 nud noarp',
      'neigh add fd00::2 lladdr 02:00:00:00:01:12 dev v1 router nud stale',
      'neigh add fd00::3 lladdr 02:00:00:00:01:13 dev v1',
      'neigh add 10.3.0.2 lladdr 02:00:00:00:03:02 dev v3 nud reachable',
      // Entries on bridge ports (for the master filter).
      'neigh add 10.2.0.2 lladdr 02:00:00:00:02:02 dev v0',
      'neigh add 10.2.0.3 lladdr 02:00:00:00:02:03 dev v2 nud stale',
    ]);
    rtnl = await ns.rtnl();
  });
  afterAll(() => ns?.remove());

  it('list() is `ip neigh show nud all`: ARP and NDP entries, every state and flag', async () => {
    const got = await agree(ours({}), ipNeigh('neigh', 'show', 'nud', 'all'));
    expect(got).toContainEqual({ dst: '10.1.0.5', dev: 'v1', lladdr: '02:00:00:00:01:05', extern_learn: null, state: ['PERMANENT'] });
    expect(got).toContainEqual({ dst: 'fd00::2', dev: 'v1', lladdr: '02:00:00:00:01:12', router: null, state: ['STALE'] });
    const n = (await rtnl.neighbours.list({ dst: '10.1.0.3' }))[0]!;
    expect(n).toMatchObject({ family: 'inet', ifindex: indexOf('v1'), state: 'reachable', states: ['reachable'], flags: [], type: 'unicast', dst: '10.1.0.3', lladdr: '02:00:00:00:01:03' });
    expect(n.cacheinfo).toEqual({ confirmed: expect.any(Number), used: expect.any(Number), updated: expect.any(Number), refcnt: expect.any(Number) });
    expect(typeof n.probes).toBe('number');
  });

  it('family filters: inet is `ip -4 neigh`, inet6 is `ip -6 neigh`', async () => {
    await agree(ours({ family: 'inet' }), ipNeigh('-4', 'neigh', 'show', 'nud', 'all'));
    const v6 = await agree(ours({ family: 'inet6' }), ipNeigh('-6', 'neigh', 'show', 'nud', 'all'));
    expect(v6.some((n) => n.dst === 'fd00::3')).toBe(true);
  });

  it('interface and master filters are the kernel’s (NDA_IFINDEX, NDA_MASTER), by name or index', async () => {
    const onV1 = await agree(ours({ interface: 'v1' }), ipNeigh('neigh', 'show', 'dev', 'v1', 'nud', 'all'));
    expect(onV1.length).toBeGreaterThanOrEqual(7);
    expect((await rtnl.neighbours.list({ interface: 'v1' })).every((n) => n.ifindex === indexOf('v1'))).toBe(true);
    await agree(ours({ interface: indexOf('v3') }), ipNeigh('neigh', 'show', 'dev', 'v3', 'nud', 'all'));
    const onPorts = await agree(ours({ master: 'br0' }), ipNeigh('neigh', 'show', 'master', 'br0', 'nud', 'all'));
    expect(onPorts.map((n) => n.dst)).toEqual(expect.arrayContaining(['10.2.0.2', '10.2.0.3']));
    expect(onPorts.every((n) => n.dev === 'v0' || n.dev === 'v2')).toBe(true);
  });

  it('state, dst and lladdr filters (client-side) agree with `ip neigh show nud …`', async () => {
    // iproute2 shows extern_learn (and proxy) entries whatever state was asked for; linx filters by state.
    const inState = (state: string, ...args: string[]) => () => ipNeigh(...args)().filter((n) => n.state?.includes(state.toUpperCase()));
    const shown = ipNeigh('neigh', 'show', 'nud', 'reachable')();
    expect(shown.some((n) => n.extern_learn === null && !n.state?.includes('REACHABLE'))).toBe(true);
    await agree(ours({ state: 'reachable' }), inState('reachable', 'neigh', 'show', 'nud', 'reachable'));
    await agree(ours({ state: 'stale' }), inState('stale', 'neigh', 'show', 'nud', 'stale'));
    await agree(ours({ state: 'permanent', family: 'inet' }), ipNeigh('-4', 'neigh', 'show', 'nud', 'permanent'));
    expect((await rtnl.neighbours.list({ state: ['reachable', 'stale'], interface: 'v1' })).map((n) => n.dst).sort()).toEqual(['10.1.0.3', '10.1.0.4', 'fd00::2']);
    expect((await rtnl.neighbours.list({ dst: 'FD00:0::2' })).map((n) => n.lladdr)).toEqual(['02:00:00:00:01:12']);
    expect((await rtnl.neighbours.list({ lladdr: '02:00:00:00:01:0A'.replace('0A', '04') })).map((n) => n.dst)).toEqual(['10.1.0.4']);
  });

  it('stream() yields what list() returns, and stopping early leaves the handle usable', async () => {
    const listed: Neighbour[] = [];
    for await (const n of rtnl.neighbours.stream({ interface: 'v1' })) listed.push(n);
    expect(sortByJson(listed.map((n) => n.dst))).toEqual(sortByJson((await rtnl.neighbours.list({ interface: 'v1' })).map((n) => n.dst)));
    for await (const n of rtnl.neighbours.stream()) {
      expect(n.family === 'inet' || n.family === 'inet6').toBe(true);
      break;
    }
    expect((await rtnl.neighbours.list({ interface: 'v3' })).length).toBeGreaterThan(0);
  });

  it('add, replace, get, delete an IPv4 entry; EEXIST and ENOENT are NetlinkErrors', async () => {
    await rtnl.neighbours.add({ interface: 'v1', dst: '10.1.0.50', lladdr: '02:00:00:00:01:50' });
    expect(ns.ipJson<IpNeigh[]>('neigh', 'show', '10.1.0.50')).toEqual([{ dst: '10.1.0.50', dev: 'v1', lladdr: '02:00:00:00:01:50', state: ['PERMANENT'] }]);
    const again = await rtnl.neighbours.add({ interface: 'v1', dst: '10.1.0.50', lladdr: '02:00:00:00:01:51' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(NetlinkError);
    expect((again as NetlinkError).errnoName).toBe('EEXIST');
    await rtnl.neighbours.replace({ interface: 'v1', dst: '10.1.0.50', lladdr: '02:00:00:00:01:51', state: 'reachable' });
    expect(ns.ipJson<IpNeigh[]>('neigh', 'show', '10.1.0.50')).toEqual([{ dst: '10.1.0.50', dev: 'v1', lladdr: '02:00:00:00:01:51', state: ['REACHABLE'] }]);
    // replace creates too.
    await rtnl.neighbours.replace({ interface: indexOf('v1'), dst: '10.1.0.51', lladdr: '02:00:00:00:01:52', state: 'stale' });
    expect(ns.ipJson<IpNeigh[]>('neigh', 'show', '10.1.0.51')).toEqual([{ dst: '10.1.0.51', dev: 'v1', lladdr: '02:00:00:00:01:52', state: ['STALE'] }]);
    const got = await rtnl.neighbours.get({ interface: 'v1', dst: '10.1.0.50' });
    expect(got).toMatchObject({ family: 'inet', dst: '10.1.0.50', lladdr: '02:00:00:00:01:51', state: 'reachable', ifindex: indexOf('v1') });
    expect(await rtnl.neighbours.get({ interface: 'v1', dst: '10.1.0.99' })).toBeUndefined();
    await rtnl.neighbours.delete({ interface: 'v1', dst: '10.1.0.50' });
    // A listed entry can be passed back as it is.
    await rtnl.neighbours.delete((await rtnl.neighbours.list({ dst: '10.1.0.51' }))[0]!);
    expect(ns.ipJson('neigh', 'show', '10.1.0.50')).toEqual([]);
    expect(ns.ipJson('neigh', 'show', '10.1.0.51')).toEqual([]);
    const gone = await rtnl.neighbours.delete({ interface: 'v1', dst: '10.1.0.50' }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NetlinkError);
    expect((gone as NetlinkError).errnoName).toBe('ENOENT');
  });

  it('IPv6 entries with flags: router, extern-learn (iproute2’s extern_learn accepted), managed state names', async () => {
    await rtnl.neighbours.add({ interface: 'v1', dst: 'fd00::50', lladdr: '02:00:00:00:01:60', flags: ['router'], state: 'stale' });
    await rtnl.neighbours.add({ interface: 'v1', dst: 'fd00::51', lladdr: '02:00:00:00:01:61', flags: ['extern_learn'] });
    await rtnl.neighbours.add({ interface: 'v1', dst: 'fd00::52', lladdr: '02:00:00:00:01:62', state: 'noarp' });
    const shown = ns.ipJson<IpNeigh[]>('-6', 'neigh', 'show', 'dev', 'v1', 'nud', 'all');
    expect(shown).toContainEqual({ dst: 'fd00::50', lladdr: '02:00:00:00:01:60', router: null, state: ['STALE'] });
    expect(shown).toContainEqual({ dst: 'fd00::51', lladdr: '02:00:00:00:01:61', extern_learn: null, state: ['PERMANENT'] });
    expect(shown).toContainEqual({ dst: 'fd00::52', lladdr: '02:00:00:00:01:62', state: ['NOARP'] });
    const ours6 = await rtnl.neighbours.list({ family: 'inet6', interface: 'v1' });
    expect(ours6.find((n) => n.dst === 'fd00::50')).toMatchObject({ family: 'inet6', flags: ['router'], state: 'stale' });
    expect(ours6.find((n) => n.dst === 'fd00::51')).toMatchObject({ flags: ['extern-learn'], state: 'permanent' });
    await agree(ours({ family: 'inet6' }), ipNeigh('-6', 'neigh', 'show', 'nud', 'all'));
    for (const dst of ['fd00::50', 'fd00::51', 'fd00::52']) await rtnl.neighbours.delete({ interface: 'v1', dst });
    expect(ns.ipJson<IpNeigh[]>('-6', 'neigh', 'show', 'dev', 'v1', 'nud', 'all').filter((n) => ['fd00::50', 'fd00::51', 'fd00::52'].includes(n.dst))).toEqual([]);
  });

  it('a managed entry (NTF_EXT_MANAGED) is added without a state, as `ip neigh add … managed` adds it (a permanent one is refused)', async () => {
    await rtnl.neighbours.add({ interface: 'v1', dst: '10.1.0.90', lladdr: '02:00:00:00:01:90', flags: ['managed'] });
    ns.ip('neigh', 'add', '10.1.0.91', 'lladdr', '02:00:00:00:01:91', 'dev', 'v1', 'managed');
    const ours = await rtnl.neighbours.list({ interface: 'v1' });
    const [mine, theirs] = ['10.1.0.90', '10.1.0.91'].map((dst) => ours.find((n) => n.dst === dst));
    expect(mine?.flags).toContain('managed');
    // The same entry as ip's; the state is left aside: the kernel probes managed entries on its own.
    expect(mine?.flags).toEqual(theirs?.flags);
    expect([mine?.states, theirs?.states].map((states) => states?.includes('permanent'))).toEqual([false, false]);
    await expect(rtnl.neighbours.add({ interface: 'v1', dst: '10.1.0.92', lladdr: '02:00:00:00:01:92', flags: ['managed'], state: 'permanent' })).rejects.toMatchObject({ errnoName: 'EINVAL' });
    for (const dst of ['10.1.0.90', '10.1.0.91']) await rtnl.neighbours.delete({ interface: 'v1', dst });
  });

  it('proxy entries: add, list({ proxy }) is `ip neigh show proxy`, get, delete', async () => {
    await rtnl.neighbours.add({ interface: 'v1', dst: '10.1.0.200', flags: ['proxy'] });
    await rtnl.neighbours.add({ interface: 'v3', dst: 'fd00::200', flags: ['proxy'] });
    const proxies = await agree(ours({ proxy: true }), ipNeigh('neigh', 'show', 'proxy'));
    expect(proxies).toEqual(expect.arrayContaining([{ dst: '10.1.0.200', dev: 'v1', proxy: null }, { dst: 'fd00::200', dev: 'v3', proxy: null }]));
    expect((await rtnl.neighbours.list({ proxy: true, interface: 'v3' })).map((n) => n.dst)).toEqual(['fd00::200']);
    await agree(ours({ proxy: true, interface: 'v3' }), ipNeigh('neigh', 'show', 'proxy', 'dev', 'v3'));
    expect(await rtnl.neighbours.get({ interface: 'v1', dst: '10.1.0.200', flags: ['proxy'] })).toMatchObject({ dst: '10.1.0.200', flags: ['proxy'], state: 'none' });
    // The cache does not list proxy entries.
    expect((await rtnl.neighbours.list({ dst: '10.1.0.200' })).length).toBe(0);
    await rtnl.neighbours.delete({ interface: 'v1', dst: '10.1.0.200', flags: ['proxy'] });
    await rtnl.neighbours.delete((await rtnl.neighbours.list({ proxy: true, dst: 'fd00::200' }))[0]!);
    expect(ns.ipJson('neigh', 'show', 'proxy')).toEqual([]);
  });

  it('flush() deletes what `ip neigh flush` would (not permanent, not noarp) and says what it deleted', async () => {
    ns.batch(['neigh add 10.3.0.3 lladdr 02:00:00:00:03:03 dev v3 nud stale', 'neigh add 10.3.0.4 lladdr 02:00:00:00:03:04 dev v3', 'neigh add 10.3.0.5 lladdr 02:00:00:00:03:05 dev v3 nud noarp']);
    const before = ns.ipJson<IpNeigh[]>('neigh', 'show', 'dev', 'v1', 'nud', 'all');
    const deleted = await rtnl.neighbours.flush({ interface: 'v3' });
    expect(deleted.map((n) => n.dst).sort()).toEqual(['10.3.0.2', '10.3.0.3']);
    expect(deleted.every((n) => n.state !== 'permanent' && n.state !== 'noarp')).toBe(true);
    expect(ns.ipJson<IpNeigh[]>('-4', 'neigh', 'show', 'dev', 'v3', 'nud', 'all').map((n) => n.dst).sort()).toEqual(['10.3.0.4', '10.3.0.5']);
    // Other interfaces are untouched.
    expect(sortByJson(ns.ipJson<IpNeigh[]>('neigh', 'show', 'dev', 'v1', 'nud', 'all').filter((n) => !n.dst.startsWith('ff02')))).toEqual(sortByJson(before.filter((n) => !n.dst.startsWith('ff02'))));
    // A state filter flushes permanent entries too.
    expect((await rtnl.neighbours.flush({ interface: 'v3', family: 'inet', state: ['permanent', 'noarp'] })).map((n) => n.dst).sort()).toEqual(['10.3.0.4', '10.3.0.5']);
    expect(ns.ipJson('-4', 'neigh', 'show', 'dev', 'v3', 'nud', 'all')).toEqual([]);
  });

  it('kernel refusals are NetlinkErrors with the ext-ack text; unknown names are NoSuchInterfaceError', async () => {
    const short = await rtnl.neighbours.add({ interface: 'v1', dst: '10.1.0.77', lladdr: '02:00:01' }).catch((e: unknown) => e);
    expect(short).toBeInstanceOf(NetlinkError);
    expect((short as NetlinkError).errnoName).toBe('EINVAL');
    expect((short as NetlinkError).extAckMessage).toBe('Invalid link address');
    const noDev = await rtnl.neighbours.add({ interface: 'nosuch0', dst: '10.1.0.77', lladdr: '02:00:00:00:00:01' }).catch((e: unknown) => e);
    expect(noDev).toBeInstanceOf(NoSuchInterfaceError);
    const badIndex = await rtnl.neighbours.add({ interface: 9999, dst: '10.1.0.77', lladdr: '02:00:00:00:00:01' }).catch((e: unknown) => e);
    expect(badIndex).toBeInstanceOf(NetlinkError);
    expect((badIndex as NetlinkError).errnoName).toBe('ENODEV');
    await expect(rtnl.neighbours.list({ interface: 'nosuch0' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
  });

  describe('the bridge FDB (family bridge), through the same decoder', () => {
    const fdbOurs = (filter: Parameters<Rtnl['neighbours']['list']>[0], withIfname = true) => async () => {
      const devs = names();
      return (await rtnl.neighbours.list({ family: 'bridge', ...filter })).map((n) => asBridge(n, devs, withIfname));
    };

    it('list({ family: "bridge" }) is `bridge fdb show`; master and interface filters are `br` and `dev`', async () => {
      const r = spawnSync('bridge', ['-n', ns.name, 'fdb', 'add', '02:00:00:00:00:0a', 'dev', 'v0', 'master', 'static'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const all = await agree(fdbOurs({}), () => bridgeFdb());
      expect(all).toContainEqual({ mac: '02:00:00:00:00:0a', ifname: 'v0', flags: [], master: 'br0', state: 'static' });
      expect(all.some((e) => e.flags.includes('self'))).toBe(true);
      await agree(fdbOurs({ master: 'br0' }), () => bridgeFdb('br', 'br0'));
      await agree(fdbOurs({ interface: 'v0' }, false), () => bridgeFdb('dev', 'v0'));
      const n = (await rtnl.neighbours.list({ family: 'bridge', lladdr: '02:00:00:00:00:0a' }))[0]!;
      expect(n).toMatchObject({ family: 'bridge', ifindex: indexOf('v0'), master: indexOf('br0'), state: 'noarp', lladdr: '02:00:00:00:00:0a' });
      expect(n.dst).toBeUndefined();
    });

    it('add (static, dynamic, local, extern-learn on the bridge; self on a device), replace, delete', async () => {
      await rtnl.neighbours.add({ family: 'bridge', interface: 'v2', lladdr: '02:00:00:00:00:b1', flags: ['master'], state: 'noarp' });
      await rtnl.neighbours.add({ family: 'bridge', interface: 'v2', lladdr: '02:00:00:00:00:b2', flags: ['master'], state: 'reachable' });
      await rtnl.neighbours.add({ family: 'bridge', interface: 'v2', lladdr: '02:00:00:00:00:b3', flags: ['master'] });
      await rtnl.neighbours.add({ family: 'bridge', interface: 'v2', lladdr: '02:00:00:00:00:b4', flags: ['master', 'extern-learn'] });
      await rtnl.neighbours.add({ interface: 'v1', lladdr: '33:33:00:00:00:b5', flags: ['self'] });
      const shown = bridgeFdb();
      expect(shown).toContainEqual({ mac: '02:00:00:00:00:b1', ifname: 'v2', flags: [], master: 'br0', state: 'static' });
      expect(shown).toContainEqual({ mac: '02:00:00:00:00:b2', ifname: 'v2', flags: [], master: 'br0', state: '' });
      expect(shown).toContainEqual({ mac: '02:00:00:00:00:b3', ifname: 'v2', flags: [], master: 'br0', state: 'permanent' });
      expect(shown).toContainEqual({ mac: '02:00:00:00:00:b4', ifname: 'v2', flags: ['extern_learn'], master: 'br0', state: '' });
      expect(shown).toContainEqual({ mac: '33:33:00:00:00:b5', ifname: 'v1', flags: ['self'], state: 'permanent' });
      await agree(fdbOurs({}), () => bridgeFdb());
      await rtnl.neighbours.replace({ family: 'bridge', interface: 'v2', lladdr: '02:00:00:00:00:b2', flags: ['master'], state: 'noarp' });
      expect(bridgeFdb('dev', 'v2')).toContainEqual({ mac: '02:00:00:00:00:b2', flags: [], master: 'br0', state: 'static' });
      expect(await rtnl.neighbours.get({ family: 'bridge', interface: 'v2', lladdr: '02:00:00:00:00:b2', flags: ['master'] })).toMatchObject({ state: 'noarp', lladdr: '02:00:00:00:00:b2' });
      for (const mac of ['b1', 'b2', 'b3', 'b4']) await rtnl.neighbours.delete({ family: 'bridge', interface: 'v2', lladdr: `02:00:00:00:00:${mac}`, flags: ['master'] });
      await rtnl.neighbours.delete((await rtnl.neighbours.list({ family: 'bridge', lladdr: '33:33:00:00:00:b5' }))[0]!);
      const after = bridgeFdb().map((e) => e.mac);
      for (const mac of ['02:00:00:00:00:b1', '02:00:00:00:00:b2', '02:00:00:00:00:b3', '02:00:00:00:00:b4', '33:33:00:00:00:b5']) expect(after).not.toContain(mac);
    });

    it('flush({ family: "bridge" }) deletes the learned and dynamic entries of a port, not static or local ones', async () => {
      await rtnl.neighbours.add({ family: 'bridge', interface: 'v2', lladdr: '02:00:00:00:00:c1', flags: ['master'], state: 'reachable' });
      await rtnl.neighbours.add({ family: 'bridge', interface: 'v2', lladdr: '02:00:00:00:00:c2', flags: ['master'], state: 'noarp' });
      const deleted = await rtnl.neighbours.flush({ family: 'bridge', interface: 'v2' });
      expect(deleted.map((n) => n.lladdr)).toContain('02:00:00:00:00:c1');
      expect(deleted.every((n) => n.state === 'reachable' || n.state === 'stale')).toBe(true);
      const left = bridgeFdb('dev', 'v2').map((e) => e.mac);
      expect(left).toContain('02:00:00:00:00:c2');
      expect(left).not.toContain('02:00:00:00:00:c1');
      await rtnl.neighbours.delete({ family: 'bridge', interface: 'v2', lladdr: '02:00:00:00:00:c2' });
    });

    it.skipIf(!hasVxlan)(`VXLAN FDB entries: dst, port, vni and via (NDA_IFINDEX) as \`bridge fdb\` prints them${hasVxlan ? '' : ' (skipped: this kernel has no vxlan)'}`, async () => {
      ns.ip('link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'nolearning');
      ns.ip('link', 'set', 'vx0', 'up');
      await rtnl.neighbours.add({ family: 'bridge', interface: 'vx0', lladdr: '02:00:00:00:00:d1', dst: '192.0.2.9', port: 4790, vni: 7, viaIfindex: indexOf('lo'), flags: ['self'] });
      const shown = bridgeFdb('dev', 'vx0');
      expect(shown).toContainEqual({ mac: '02:00:00:00:00:d1', dst: '192.0.2.9', port: 4790, vni: 7, viaIf: 'lo', flags: ['self'], state: 'permanent' });
      await agree(fdbOurs({ interface: 'vx0' }, false), () => bridgeFdb('dev', 'vx0'));
      const n = (await rtnl.neighbours.list({ family: 'bridge', interface: 'vx0', lladdr: '02:00:00:00:00:d1' }))[0]!;
      expect(n).toMatchObject({ dst: '192.0.2.9', port: 4790, vni: 7, viaIfindex: indexOf('lo'), flags: ['self'] });
      await rtnl.neighbours.delete(n);
      expect(bridgeFdb('dev', 'vx0').map((e) => e.mac)).not.toContain('02:00:00:00:00:d1');
    });
  });
});
