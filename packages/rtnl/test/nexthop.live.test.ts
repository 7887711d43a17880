// rtnl.nexthops and rtnl.netconf against the running kernel, in a network namespace of this file's own
// (deleted in afterAll): after each change, what `ip -j nexthop show` / `ip -j nexthop bucket show` /
// `ip -j route show` / `ip -j netconf show` print (iproute2 6.1), field by field; monitor events against
// list(); bad input refused before anything reaches the kernel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, type MonitorEvent, type Netconf, type Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { runOrThrow } from './helpers/live.js';
import { nexthopAsIp, type IpJson } from './helpers/ip-nexthop.js';
import { netconfAsIp } from './helpers/ip-netconf.js';

type Json = IpJson;
const asIp = nexthopAsIp;

describe.skipIf(kernelSkipReason !== undefined)('rtnl.nexthops and rtnl.netconf in a namespace of their own', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  // -d: ip prints the protocol only with it.
  const shown = (...args: string[]) => ns.ipJson<Json[]>('-d', 'nexthop', 'show', ...args);
  const listed = async (filter = {}) => (await rtnl.nexthops.list(filter)).map(asIp);

  beforeAll(async () => {
    ns = createNetns('nexthop');
    rtnl = await ns.rtnl();
    // lo up: blackhole nexthops use it.
    ns.batch([
      'link set lo up',
      'link add v0 type veth peer name v1',
      'link set v0 up',
      'link set v1 up',
      'addr add 10.0.0.1/24 dev v0',
      'addr add 2001:db8::1/64 dev v0 nodad',
    ]);
  });
  afterAll(() => ns?.remove());

  it('adds every kind of nexthop; list() equals ip -j nexthop show', async () => {
    await rtnl.nexthops.add({ id: 1, gateway: '10.0.0.2', dev: 'v0' });
    await rtnl.nexthops.add({ id: 2, gateway: '10.0.0.3', dev: 'v0', protocol: 'static' });
    await rtnl.nexthops.add({ id: 3, blackhole: true });
    await rtnl.nexthops.add({ id: 4, family: 'inet6', dev: 'v0' });
    await rtnl.nexthops.add({ id: 5, gateway: 'fe80::1', dev: 'v0', onlink: true });
    await rtnl.nexthops.add({ id: 6, gateway: '10.0.0.9', fdb: true });
    await rtnl.nexthops.add({ id: 10, group: [1, { id: 2, weight: 3 }] });
    await rtnl.nexthops.add({ id: 11, group: [1, { id: 2, weight: 3 }], groupType: 'resilient', resilient: { buckets: 8, idleTimer: 60, unbalancedTimer: 20 } });
    await rtnl.nexthops.add({ id: 12, group: [6], fdb: true });
    const ours = await listed();
    expect(ours.map((n) => n.id)).toEqual([1, 2, 3, 4, 5, 6, 10, 11, 12]);
    expect(ours).toEqual(shown());
    const five = ours.find((n) => n.id === 5)!;
    expect(five.flags).toEqual(['onlink']);
  });

  it('filters as ip does: dev, groups, fdb, family; get() equals ip nexthop show id', async () => {
    expect(await listed({ dev: 'v0' })).toEqual(shown('dev', 'v0'));
    expect(await listed({ groups: true })).toEqual(shown('groups'));
    const streamed: Json[] = [];
    for await (const n of rtnl.nexthops.stream({ dev: 'v0' })) streamed.push(asIp(n));
    expect(streamed).toEqual(shown('dev', 'v0'));
    expect(await listed({ fdb: true })).toEqual(shown('fdb'));
    expect(await listed({ family: 'inet6' })).toEqual(ns.ipJson<Json[]>('-d', '-6', 'nexthop', 'show'));
    expect((await listed({ family: 'inet6' })).map((n) => n.id)).toEqual([4, 5]);
    expect(asIp(await rtnl.nexthops.get(11))).toEqual(shown('id', '11')[0]);
    expect(await listed({ id: 11 })).toEqual(shown('id', '11'));
    expect(await rtnl.nexthops.list({ id: 999 })).toEqual([]);
    expect(await rtnl.nexthops.list({ id: 11, fdb: true })).toEqual([]);
    // master: the nexthops through ports of a bridge.
    ns.batch(['link add br0 type bridge', 'link add v2 type veth peer name v3', 'link set v2 master br0', 'link set v2 up', 'link set v3 up', 'link set br0 up']);
    await rtnl.nexthops.add({ id: 40, dev: 'v2' });
    expect(await listed({ master: 'br0' })).toEqual(shown('master', 'br0'));
    expect((await listed({ master: 'br0' })).map((n) => n.id)).toEqual([40]);
    await rtnl.nexthops.delete(40);
    await expect(rtnl.nexthops.get(999)).rejects.toMatchObject({ errnoName: 'ENOENT' });
  });

  it("a resilient group's buckets equal ip -j nexthop bucket show (weights 1:3 over 8 buckets)", async () => {
    const buckets = await rtnl.nexthops.buckets({ id: 11 });
    const ip = ns.ipJson<{ id: number; bucket: { index: number; idle_time: number; nhid: number }; flags: string[] }[]>('nexthop', 'bucket', 'show', 'id', '11');
    // idle_time moves between the two reads; the assignment does not.
    expect(buckets.map((b) => ({ id: b.id, index: b.index, nhId: b.nhId, flags: b.flags }))).toEqual(ip.map((b) => ({ id: b.id, index: b.bucket.index, nhId: b.bucket.nhid, flags: b.flags })));
    expect(buckets.filter((b) => b.nhId === 2)).toHaveLength(6);
    for (const b of buckets) expect(b.idleTime).toBeGreaterThanOrEqual(0);
    const one = await rtnl.nexthops.bucket(11, 2);
    const [ipOne] = ns.ipJson<{ id: number; bucket: { index: number; nhid: number } }[]>('nexthop', 'bucket', 'get', 'id', '11', 'index', '2');
    expect({ id: one.id, index: one.index, nhId: one.nhId }).toEqual({ id: ipOne!.id, index: ipOne!.bucket.index, nhId: ipOne!.bucket.nhid });
    await expect(rtnl.nexthops.bucket(11, 8)).rejects.toBeInstanceOf(NetlinkError);
    const ofMember = await rtnl.nexthops.buckets({ nhId: 1 });
    expect(ofMember.map((b) => b.index)).toEqual(ns.ipJson<{ bucket: { index: number } }[]>('nexthop', 'bucket', 'show', 'nhid', '1').map((b) => b.bucket.index));
  });

  it('replace changes a group in place; a weight above 256 uses weight_high (ip 6.1 reads the low byte only)', async () => {
    await rtnl.nexthops.replace({ id: 10, group: [1, { id: 2, weight: 1000 }] });
    const group = (await rtnl.nexthops.get(10)).group;
    expect(group).toEqual([{ id: 1, weight: 1 }, { id: 2, weight: 1000 }]);
    // 999 = 0x3e7: weight 0xe7 (+1 = 232 as ip prints it), weight_high 3.
    expect(shown('id', '10')[0]!.group).toEqual([{ id: 1 }, { id: 2, weight: 232 }]);
    await rtnl.nexthops.replace({ id: 10, group: [1, { id: 2, weight: 3 }] });
    expect(await listed()).toEqual(shown());
    // The kernel keeps a group a group, of its type.
    await expect(rtnl.nexthops.replace({ id: 10, gateway: '10.0.0.2', dev: 'v0' })).rejects.toBeInstanceOf(NetlinkError);
    await expect(rtnl.nexthops.replace({ id: 10, group: [1, 2], groupType: 'resilient' })).rejects.toBeInstanceOf(NetlinkError);
    expect(await listed()).toEqual(shown());
  });

  it('routes by nhid: routes.add({ nhId }) and the route listing its nhId, as ip -j route show', async () => {
    await rtnl.routes.add({ dst: '10.9.0.0/16', nhId: 10 });
    const [route] = await rtnl.routes.list({ dst: '10.9.0.0/16', table: 'main' });
    const [ip] = ns.ipJson<Json[]>('route', 'show', '10.9.0.0/16');
    expect(route!.nhId).toBe(10);
    expect(ip!.nhid).toBe(10);
    expect(route!.multipath?.map((h) => ({ gateway: h.gateway, dev: h.dev, weight: h.weight }))).toEqual((ip!.nexthops as Json[]).map((h) => ({ gateway: h.gateway, dev: h.dev, weight: h.weight })));
    // The nhId filter (ip 6.1 has none: its listing filtered by its nhid field).
    await rtnl.routes.add({ dst: '10.10.0.0/16', nhId: 1 });
    const byNh = async (id: number) => (await rtnl.routes.list({ nhId: id })).map((r) => `${r.dst}/${r.dstLen}`);
    const ipByNh = (id: number) => ns.ipJson<Json[]>('route', 'show').filter((r) => r.nhid === id).map((r) => r.dst);
    expect(await byNh(10)).toEqual(ipByNh(10));
    expect(await byNh(1)).toEqual(['10.10.0.0/16']);
    expect(ipByNh(1)).toEqual(['10.10.0.0/16']);
    await rtnl.routes.delete({ dst: '10.10.0.0/16' });
  });

  it('group statistics (stats: true) count the packets sent through each member: 100 UDP datagrams, 100 counted', async () => {
    await rtnl.nexthops.add({ id: 50, gateway: '10.0.0.50', dev: 'v0' });
    await rtnl.nexthops.add({ id: 51, gateway: '10.0.0.51', dev: 'v0' });
    await rtnl.nexthops.add({ id: 52, group: [50, 51], hwStats: true });
    await rtnl.routes.add({ dst: '10.50.0.0/16', nhId: 52 });
    ns.batch(['neigh add 10.0.0.50 lladdr 02:00:00:00:00:50 dev v0', 'neigh add 10.0.0.51 lladdr 02:00:00:00:00:51 dev v0']);
    const before = await rtnl.nexthops.get(52, { stats: true });
    expect(before.stats).toEqual([{ id: 50, packets: 0n }, { id: 51, packets: 0n }]);
    // Each unconnected sendto looks its route up: one path selection per datagram.
    const send = ['import socket', 's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)', 'for i in range(100): s.sendto(b"x", ("10.50.0.%d" % (i + 1), 9))'].join('\n');
    runOrThrow(['ip', 'netns', 'exec', ns.name, '/usr/bin/python3', '-c', send]);
    const after = await rtnl.nexthops.get(52, { stats: true });
    expect(after.stats!.map((e) => e.id)).toEqual([50, 51]);
    expect(after.stats!.reduce((sum, e) => sum + e.packets, 0n)).toBe(100n);
    // No driver here counts in hardware; enabling it is still reported back.
    expect(after.hwStatsEnable).toBe(true);
    // 'hw' asks the drivers too: none counts in hardware here.
    const hw = await rtnl.nexthops.get(52, { stats: 'hw' });
    expect(hw).toMatchObject({ hwStatsEnable: true, hwStatsUsed: false });
    expect(hw.stats!.map((e) => e.packetsHw)).toEqual([0n, 0n]);
    const listed = (await rtnl.nexthops.list({ groups: true, stats: true })).find((n) => n.id === 52)!;
    expect(listed.stats!.reduce((sum, e) => sum + e.packets, 0n)).toBe(100n);
    // Without stats the kernel leaves them out.
    expect((await rtnl.nexthops.get(52)).stats).toBeUndefined();
    await rtnl.nexthops.delete(52);
    await rtnl.nexthops.delete(50);
    await rtnl.nexthops.delete(51);
  });

  it('refuses bad input before sending: nothing reaches the kernel', async () => {
    const before = shown();
    await expect(rtnl.nexthops.add({ id: 20, gateway: '10.0.0.5', dev: 'nosuch0' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(rtnl.nexthops.add({ id: 20, group: [1, { id: 2, weight: 65537 }] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.add({ id: 20, group: [1, { id: 2, weight: 0 }] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.add({ id: 20, group: [1, 1] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.add({ id: 20, group: [0] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.add({ id: 20, group: [1], gateway: '10.0.0.5' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.add({ id: 20, blackhole: true, dev: 'v0' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.add({ id: 20, gateway: '10.0.0.5', dev: 'v0', fdb: true })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.nexthops.add({ id: 20, family: 'inet6', gateway: '10.0.0.5', dev: 'v0' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(shown()).toEqual(before);
    // What the kernel itself refuses comes back as its error: a member that does not exist.
    await expect(rtnl.nexthops.add({ id: 20, group: [1, 77] })).rejects.toBeInstanceOf(NetlinkError);
  });

  it('the monitor reports nexthop changes (kind nexthop) as list() shows them', async () => {
    const monitor = await rtnl.monitor({ kinds: ['nexthop'] });
    try {
      ns.ip('nexthop', 'add', 'id', '30', 'via', '10.0.0.30', 'dev', 'v0');
      ns.ip('nexthop', 'del', 'id', '30');
      const events: MonitorEvent[] = [];
      for await (const event of monitor) {
        events.push(event);
        if (events.length === 2) break;
      }
      expect(events.map((e) => (e.type === 'overrun' ? 'overrun' : `${e.type} ${e.kind}`))).toEqual(['new nexthop', 'del nexthop']);
      const added = events[0] as Extract<MonitorEvent, { kind: 'nexthop' }>;
      expect(asIp(added.object)).toEqual({ id: 30, gateway: '10.0.0.30', dev: 'v0', scope: 'link', protocol: 'unspec', flags: [] });
    } finally {
      monitor.close();
    }
  });

  it('delete and flush, as ip nexthop del / flush leave it', async () => {
    await rtnl.nexthops.delete(3);
    expect(shown().map((n) => n.id)).not.toContain(3);
    await expect(rtnl.nexthops.delete(3)).rejects.toMatchObject({ errnoName: 'ENOENT' });
    expect(await rtnl.nexthops.flush({ groups: true })).toBe(3);
    expect(shown('groups')).toEqual([]);
    expect(await rtnl.nexthops.flush()).toBeGreaterThan(0);
    expect(shown()).toEqual([]);
    expect(await rtnl.nexthops.list()).toEqual([]);
  });

  it('netconf: list() equals ip -j netconf show, also after sysctl changes in the namespace', async () => {
    const show = (...args: string[]) => ns.ipJson<Json[]>('netconf', 'show', ...args);
    const ours = async () => (await rtnl.netconf.list()).map(netconfAsIp);
    expect(await ours()).toEqual(show());
    const streamed: Json[] = [];
    for await (const c of rtnl.netconf.stream()) streamed.push(netconfAsIp(c));
    expect(streamed).toEqual(show());
    runOrThrow(['ip', 'netns', 'exec', ns.name, 'sysctl', '-q', '-w', 'net.ipv4.conf.v0.forwarding=1', 'net.ipv4.conf.v0.rp_filter=2', 'net.ipv6.conf.v0.forwarding=1', 'net.ipv4.conf.all.proxy_arp=0', 'net.ipv4.conf.v0.proxy_arp=1', 'net.ipv4.conf.v0.ignore_routes_with_linkdown=1']);
    expect(await ours()).toEqual(show());
    const v4 = await rtnl.netconf.get('v0', 'inet');
    expect(v4).toMatchObject({ family: 'inet', dev: 'v0', forwarding: true, rpFilter: 'loose', proxyNeigh: true, ignoreRoutesWithLinkdown: true });
    expect(netconfAsIp(v4)).toEqual(show('dev', 'v0').find((c) => c.family === 'inet'));
    expect(netconfAsIp(await rtnl.netconf.get('all', 'inet6'))).toEqual(show().find((c) => c.family === 'inet6' && c.interface === 'all'));
    // ip 6.1 prints one interface of one family (RTM_GETNETCONF without a dump) as text even with -j.
    const text = (c: Json) => `${Object.entries(c).map(([k, v]) => (k === 'family' || k === 'interface' ? String(v) : `${k} ${v === true ? 'on' : v === false ? 'off' : String(v)}`)).join(' ')} `;
    expect((await rtnl.netconf.list({ family: 'inet6', dev: 'v0' })).map((c) => text(netconfAsIp(c))).join('\n')).toBe(ns.ip('-6', 'netconf', 'show', 'dev', 'v0').trimEnd().replace(/ *$/, ' '));
    await expect(rtnl.netconf.get('nosuch0')).rejects.toBeInstanceOf(NoSuchInterfaceError);
  });

  it('the monitor reports netconf changes (kind netconf): the setting that changed, and a link\'s configuration coming and going', async () => {
    const monitor = await rtnl.monitor({ kinds: ['netconf'], family: 'inet' });
    // next() rather than for-await: leaving a loop would close the monitor.
    const nextNetconf = async () => {
      for (;;) {
        const { value, done } = await monitor.next();
        if (done) throw new Error('the monitor ended');
        if (value.type !== 'overrun' && value.kind === 'netconf') return value;
      }
    };
    try {
      runOrThrow(['ip', 'netns', 'exec', ns.name, 'sysctl', '-q', '-w', 'net.ipv4.conf.v0.rp_filter=1']);
      expect(await nextNetconf()).toEqual({ type: 'new', kind: 'netconf', object: { family: 'inet', ifindex: (await rtnl.links.get('v0')).index, dev: 'v0', rpFilter: 'strict' } });
      // A link made and deleted: its IPv4 configuration comes and goes (RTM_NEWNETCONF, RTM_DELNETCONF).
      ns.ip('link', 'add', 'v8', 'type', 'veth', 'peer', 'name', 'v9');
      const index = (await rtnl.links.get('v8')).index;
      ns.ip('link', 'del', 'v8');
      const seen: string[] = [];
      while (!seen.includes('del v8')) {
        const event = await nextNetconf();
        if (event.object.ifindex === index) seen.push(`${event.type} ${event.object.dev}`);
      }
      // The kernel announces a new link's configuration before the link itself (NETDEV_REGISTER before
      // RTM_NEWLINK), so its first event cannot name it yet.
      expect(seen).toEqual(['new undefined', 'del v8']);
    } finally {
      monitor.close();
    }
  });
});
