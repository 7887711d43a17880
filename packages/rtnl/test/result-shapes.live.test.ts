// The convention of rtnl's results against `ip`, in a network namespace of this file's own (deleted in
// afterAll): `dev` on neighbours (list, stream, get, monitor events) as `ip -j neigh` prints it; the
// prefix strings of routes (`ip -j route`'s `dst`), rules (`ip rule`'s from/to) and addresses (`ip -o
// addr`'s `inet 10.0.0.1/24`); table names as `ip -j route` prints them; rules.stream() as `ip -j rule`;
// and links with real traffic through JSON.stringify with jsonReplacer as `ip -j -s link` prints them.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonReplacer, type Monitor, type MonitorEvent, type Neighbour, type Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

interface IpRoute {
  dst: string;
  dev?: string;
  table?: string;
  type?: string;
}
interface IpRule {
  priority: number;
  src: string;
  srclen?: number;
  dst?: string;
  dstlen?: number;
  table?: string;
}
interface IpLinkStats {
  ifname: string;
  stats64: { rx: Record<string, number>; tx: Record<string, number> };
}

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe.skipIf(kernelSkipReason !== undefined)('result shapes against ip, in a namespace of their own', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;

  beforeAll(async () => {
    ns = createNetns('shapes');
    // No IPv6 autoconfiguration traffic: the counters move only when the test sends.
    for (const conf of ['all', 'default']) execFileSync('ip', ['netns', 'exec', ns.name, 'sh', '-c', `echo 1 > /proc/sys/net/ipv6/conf/${conf}/disable_ipv6`]);
    ns.batch([
      'link set lo up',
      'link add v0 type veth peer name v1',
      'link set v0 up',
      'link set v1 up',
      'addr add 10.9.0.1/24 dev v0',
      'addr add 10.9.5.1 peer 10.9.5.2/32 dev v0',
      'addr add 10.9.6.1/32 dev v1',
      'route add 10.9.1.5 dev v0',
      'route add 10.9.2.0/23 via 10.9.0.254',
      'route add default via 10.9.0.254 table 100',
      'route add 10.9.3.0/24 dev v1 table 253',
      'rule add from 10.0.0.0/8 table 100 priority 1000',
      'rule add from 10.1.1.1 to 192.0.2.0/24 table 100 priority 1001',
      'rule add to 198.51.100.7 table main priority 1002',
      'neigh add 10.9.0.2 lladdr 02:00:00:00:09:02 dev v0',
      'neigh add 10.9.0.3 lladdr 02:00:00:00:09:03 dev v0 nud stale',
      // A bridge with a port, for FDB entries (their master) and the JSON of every kind of result.
      'link add br0 type bridge',
      'link add p0 type veth peer name p1',
      'link set p0 master br0',
      'link set br0 up',
      'link set p0 up',
      'link set p1 up',
    ]);
    execFileSync('tc', ['-n', ns.name, 'qdisc', 'add', 'dev', 'v1', 'root', 'tbf', 'rate', '1mbit', 'burst', '32kb', 'latency', '50ms']);
    rtnl = await ns.rtnl();
  });
  afterAll(() => ns?.remove());

  it('neighbours have `dev`, the name `ip -j neigh` prints, in list, stream and get', async () => {
    const ip = ns.ipJson<{ dst: string; dev: string }[]>('neigh', 'show', 'nud', 'all').map((n) => ({ dst: n.dst, dev: n.dev })).sort((a, b) => a.dst.localeCompare(b.dst));
    expect(ip.length).toBeGreaterThanOrEqual(2);
    const pairs = (list: Neighbour[]) => list.map((n) => ({ dst: n.dst, dev: n.dev })).sort((a, b) => a.dst!.localeCompare(b.dst!));
    expect(pairs(await rtnl.neighbours.list())).toEqual(ip);
    expect(pairs(await collect(rtnl.neighbours.stream()))).toEqual(ip);
    const v0 = ns.ipJson<{ ifindex: number }[]>('link', 'show', 'dev', 'v0')[0]!.ifindex;
    expect((await rtnl.neighbours.get({ interface: 'v0', dst: '10.9.0.2' }))?.dev).toBe('v0');
    expect((await rtnl.neighbours.get({ interface: v0, dst: '10.9.0.3' }))?.dev).toBe('v0');
    // names: false skips the link dump: the entries keep only their index.
    const bare = await rtnl.neighbours.list({ names: false });
    expect(bare.length).toBe(ip.length);
    expect(bare.every((n) => n.dev === undefined && n.ifindex > 0)).toBe(true);
  });

  it('links name their master and parent (`masterDev`, `linkDev`) as `ip -j link` does, in list, a filtered list, stream and get', async () => {
    const ip = ns.ipJson<{ ifname: string; master?: string; link?: string }[]>('link', 'show');
    const fromIp = ip.map((l) => ({ ifname: l.ifname, master: l.master, link: l.link })).sort((a, b) => a.ifname.localeCompare(b.ifname));
    const mine = (links: { ifname?: string; masterDev?: string; linkDev?: string }[]) => links.map((l) => ({ ifname: l.ifname!, master: l.masterDev, link: l.linkDev })).sort((a, b) => a.ifname.localeCompare(b.ifname));
    expect(mine(await rtnl.links.list())).toEqual(fromIp);
    expect(mine(await collect(rtnl.links.stream()))).toEqual(fromIp);
    expect(fromIp).toContainEqual({ ifname: 'p0', master: 'br0', link: 'p1' });
    // Filtered by the kernel to the bridge's ports: the bridge is not in the dump, and still named.
    expect(mine(await rtnl.links.list({ master: 'br0' }))).toEqual([{ ifname: 'p0', master: 'br0', link: 'p1' }]);
    expect(await rtnl.links.get('p0')).toMatchObject({ masterDev: 'br0', linkDev: 'p1' });
    const bare = await rtnl.links.list({ names: false });
    expect(bare.some((l) => l.masterDev !== undefined || l.linkDev !== undefined)).toBe(false);
    expect(bare.find((l) => l.ifname === 'p0')!.master).toBeGreaterThan(0);
  });

  it('bridge FDB entries name their master (`masterDev`) as `bridge -j fdb show` does', async () => {
    ns.ip('link', 'set', 'p0', 'type', 'bridge_slave', 'learning', 'on');
    execFileSync('bridge', ['-n', ns.name, 'fdb', 'add', '02:00:00:00:0b:01', 'dev', 'p0', 'master', 'static']);
    const bridge = JSON.parse(execFileSync('bridge', ['-n', ns.name, '-j', 'fdb', 'show', 'br', 'br0'], { encoding: 'utf8' })) as { mac: string; ifname: string; master?: string }[];
    const ours = await rtnl.neighbours.list({ family: 'bridge', master: 'br0' });
    const key = (e: { mac: string; ifname: string; master?: string }) => `${e.mac} ${e.ifname} ${e.master ?? '-'}`;
    expect(ours.map((n) => key({ mac: n.lladdr!, ifname: n.dev!, master: n.masterDev })).sort()).toEqual(bridge.map(key).sort());
    expect(ours.find((n) => n.lladdr === '02:00:00:00:0b:01')).toMatchObject({ dev: 'p0', masterDev: 'br0' });
  });

  it('neighbour monitor events carry `dev` like list() does', async () => {
    const monitor: Monitor = await rtnl.monitor({ kinds: ['neighbour'] });
    const events: MonitorEvent[] = [];
    const done = (async () => {
      for await (const event of monitor) events.push(event);
    })();
    try {
      ns.ip('neigh', 'add', '10.9.0.4', 'lladdr', '02:00:00:00:09:04', 'dev', 'v0');
      let found: MonitorEvent | undefined;
      for (const deadline = Date.now() + 10_000; !found && Date.now() < deadline; await sleep(10)) {
        found = events.find((e) => e.type === 'new' && e.kind === 'neighbour' && e.object.dst === '10.9.0.4');
      }
      expect(found).toBeDefined();
      const listed = (await rtnl.neighbours.list({ dst: '10.9.0.4' }))[0]!;
      expect(found!.type !== 'overrun' && found!.object).toMatchObject({ dev: 'v0', ifindex: listed.ifindex });
      expect(listed.dev).toBe('v0');
    } finally {
      monitor.close();
      await done;
    }
  });

  it('routes: dstPrefix is `ip -j route`\'s dst, tableName its table (main when ip leaves it out)', async () => {
    const ip = ns.ipJson<IpRoute[]>('-4', 'route', 'show', 'table', 'all');
    const ours = await rtnl.routes.list({ family: 'inet' });
    const key = (r: { dst: string; table: string; dev?: string; type: string }) => `${r.type} ${r.table} ${r.dst} ${r.dev ?? ''}`;
    const theirs = ip.map((r) => key({ dst: r.dst, table: r.table ?? 'main', dev: r.dev, type: r.type ?? 'unicast' })).sort();
    const mine = ours.map((r) => key({ dst: r.dstPrefix!, table: String(r.tableName), dev: r.dev, type: String(r.type) })).sort();
    expect(mine).toEqual(theirs);
    // The cases the convention names, each one seen.
    expect(mine).toEqual(expect.arrayContaining(['unicast 100 default v0', 'unicast main 10.9.1.5 v0', 'unicast main 10.9.2.0/23 v0', 'unicast default 10.9.3.0/24 v1', 'local local 10.9.0.1 v0']));
    // The old fields are still there beside them.
    const host = ours.find((r) => r.dstPrefix === '10.9.1.5')!;
    expect({ dst: host.dst, dstLen: host.dstLen, table: host.table, tableName: host.tableName }).toEqual({ dst: '10.9.1.5', dstLen: 32, table: 254, tableName: 'main' });
    // What a route says of itself can be given back: the same route, found by its prefix.
    const again = await rtnl.routes.list({ dst: ours.find((r) => r.dstPrefix === '10.9.2.0/23')!.dstPrefix!, table: 'main' });
    expect(again.map((r) => r.gateway)).toEqual(['10.9.0.254']);
    // A listed route, new fields and all, is still what delete takes.
    await rtnl.routes.delete(again[0]!);
    expect(ns.ipJson<IpRoute[]>('route', 'show', '10.9.2.0/23')).toEqual([]);
  });

  it('rules: srcPrefix/dstPrefix are ip\'s from/to (`ip -j rule` src + srclen), table names as ip prints them; stream() is list()', async () => {
    const ip = ns.ipJson<IpRule[]>('rule', 'show');
    const fromIp = ip.map((r) => ({
      priority: r.priority,
      src: r.src === 'all' ? undefined : r.srclen === undefined ? r.src : `${r.src}/${r.srclen}`,
      dst: r.dst === undefined ? undefined : r.dstlen === undefined ? r.dst : `${r.dst}/${r.dstlen}`,
      table: r.table,
    }));
    const listed = await rtnl.rules.list({ family: 'inet' });
    const ours = listed.map((r) => ({ priority: r.priority, src: r.srcPrefix, dst: r.dstPrefix, table: r.table === undefined ? undefined : String(r.table) }));
    expect(ours).toEqual(fromIp);
    expect(ours).toEqual(expect.arrayContaining([
      { priority: 1000, src: '10.0.0.0/8', dst: undefined, table: '100' },
      { priority: 1001, src: '10.1.1.1', dst: '192.0.2.0/24', table: '100' },
      { priority: 1002, src: undefined, dst: '198.51.100.7', table: 'main' },
    ]));
    expect(await collect(rtnl.rules.stream({ family: 'inet' }))).toEqual([...listed]);
    expect((await collect(rtnl.rules.stream({ table: 100 }))).map((r) => r.priority)).toEqual([1000, 1001]);
    // A prefix given back finds the rule it came from.
    const rule = listed.find((r) => r.priority === 1000)!;
    await rtnl.rules.delete({ src: rule.srcPrefix!, table: 100, priority: 1000 });
    expect(ns.ipJson<IpRule[]>('rule', 'show').some((r) => r.priority === 1000)).toBe(false);
  });

  it('addresses: localPrefix (and peerPrefix) are what `ip -o addr` prints after inet', async () => {
    const text = ns.ip('-o', '-4', 'addr', 'show');
    // "3: v0    inet 10.9.5.1 peer 10.9.5.2/32 scope global v0\ …"
    const fromIp = [...text.matchAll(/^\d+: (\S+)\s+inet (\S+)(?: peer (\S+))? /gm)].map((m) => ({ dev: m[1], local: m[2], peer: m[3] })).sort((a, b) => a.local!.localeCompare(b.local!));
    const ours = (await rtnl.addresses.list({ family: 'inet' })).map((a) => ({ dev: a.dev, local: a.localPrefix, peer: a.peerPrefix })).sort((a, b) => a.local!.localeCompare(b.local!));
    expect(ours).toEqual(fromIp);
    expect(ours).toEqual(expect.arrayContaining([{ dev: 'v0', local: '10.9.0.1/24', peer: undefined }, { dev: 'v0', local: '10.9.5.1', peer: '10.9.5.2/32' }, { dev: 'v1', local: '10.9.6.1/32', peer: undefined }]));
  });

  it('a link with traffic survives JSON.stringify with jsonReplacer, its stats64 the numbers `ip -j -s link` prints', async () => {
    // Frames out of v0 (to a neighbour with v1's address: v1 counts them received).
    const v1mac = ns.ipJson<{ address: string }[]>('link', 'show', 'dev', 'v1')[0]!.address;
    ns.ip('neigh', 'replace', '10.9.0.9', 'lladdr', v1mac, 'dev', 'v0');
    const script = "const s=require('dgram').createSocket('udp4');let n=50;const go=()=>{if(n--===0)return s.close();s.send(Buffer.alloc(300),9,'10.9.0.9',go)};go();";
    execFileSync('ip', ['netns', 'exec', ns.name, process.execPath, '-e', script], { stdio: 'pipe' });
    const links = await rtnl.links.list();
    expect(() => JSON.stringify(links)).toThrow(TypeError); // the bigints, without the replacer
    const parsed = JSON.parse(JSON.stringify(links, jsonReplacer)) as { ifname: string; stats64: Record<string, number> }[];
    const ip = ns.ipJson<IpLinkStats[]>('-s', 'link', 'show');
    for (const name of ['v0', 'v1']) {
      const ours = parsed.find((l) => l.ifname === name)!.stats64;
      const theirs = ip.find((l) => l.ifname === name)!.stats64;
      const s = ours;
      expect({
        rx: { bytes: s.rxBytes, packets: s.rxPackets, errors: s.rxErrors, dropped: s.rxDropped, over_errors: s.rxOverErrors, multicast: s.multicast },
        tx: { bytes: s.txBytes, packets: s.txPackets, errors: s.txErrors, dropped: s.txDropped, carrier_errors: s.txCarrierErrors, collisions: s.collisions },
      }, name).toEqual({ rx: theirs.rx, tx: { ...theirs.tx, carrier_changes: undefined } });
      expect(typeof s.txBytes).toBe('number');
    }
    expect(parsed.find((l) => l.ifname === 'v0')!.stats64.txPackets).toBeGreaterThanOrEqual(50);
  });

  it('every kind of result goes through JSON.stringify with jsonReplacer, and comes back as JSON text that parses', async () => {
    const results: Record<string, unknown> = {
      links: await rtnl.links.list(),
      addresses: await rtnl.addresses.list(),
      routes: await rtnl.routes.list(),
      routeLookup: await rtnl.routes.get('10.9.0.2'),
      neighbours: await rtnl.neighbours.list(),
      fdb: await rtnl.neighbours.list({ family: 'bridge' }),
      rules: await rtnl.rules.list(),
      nexthops: await rtnl.nexthops.list(),
      netconf: await rtnl.netconf.list(),
      stats: await rtnl.stats.list(),
      qdiscs: await rtnl.tc.qdiscs.list(),
    };
    for (const [kind, value] of Object.entries(results)) {
      const text = JSON.stringify(value, jsonReplacer);
      expect(typeof text, kind).toBe('string');
      // Nothing of a result is lost but what JSON cannot hold: it parses back to the same entries.
      const back = JSON.parse(text) as unknown;
      expect(Array.isArray(value) ? (back as unknown[]).length : typeof back, kind).toBe(Array.isArray(value) ? value.length : 'object');
      expect(text, kind).not.toMatch(/"\d+":\d+,"\d+":/); // no Uint8Array spelled as an object of indexes
    }
    // Without the replacer, the kinds with 64-bit counters throw (links: stats64; stats: the counters).
    expect(() => JSON.stringify(results.links)).toThrow(TypeError);
    expect(() => JSON.stringify(results.stats)).toThrow(TypeError);
    expect(JSON.parse(JSON.stringify(results.qdiscs, jsonReplacer))).toContainEqual(expect.objectContaining({ kind: 'tbf', dev: 'v1' }));
  });
});
