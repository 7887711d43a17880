// rtnl.stats: RTM_GETSTATS against the running kernel, in a network namespace of this file's own (deleted
// in afterAll), compared with the counters `ip -j -s -s link show` prints. Without a kernel:
// stats-requests.test.ts.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError } from '@linx/netlink-wire';
import { NoSuchInterfaceError, Rtnl, type StatsEntry } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

interface IpStats {
  ifindex: number;
  ifname: string;
  stats64: { rx: Record<string, number>; tx: Record<string, number> };
}

/** The counters as `ip -j -s -s link show` prints them (iproute2 6.1's print_stats64). */
function asIp(s: StatsEntry): IpStats['stats64'] {
  const c = s.link64!;
  const n = (v: bigint) => Number(v);
  const rx: Record<string, number> = {
    bytes: n(c.rxBytes), packets: n(c.rxPackets), errors: n(c.rxErrors), dropped: n(c.rxDropped), over_errors: n(c.rxOverErrors), multicast: n(c.multicast),
  };
  if (c.rxCompressed) rx.compressed = n(c.rxCompressed);
  Object.assign(rx, { length_errors: n(c.rxLengthErrors), crc_errors: n(c.rxCrcErrors), frame_errors: n(c.rxFrameErrors), fifo_errors: n(c.rxFifoErrors), missed_errors: n(c.rxMissedErrors) });
  if (c.rxNohandler) rx.nohandler = n(c.rxNohandler);
  if (c.rxOtherhostDropped) rx.otherhost = n(c.rxOtherhostDropped);
  const tx: Record<string, number> = { bytes: n(c.txBytes), packets: n(c.txPackets), errors: n(c.txErrors), dropped: n(c.txDropped), carrier_errors: n(c.txCarrierErrors), collisions: n(c.collisions) };
  if (c.txCompressed) tx.compressed = n(c.txCompressed);
  Object.assign(tx, { aborted_errors: n(c.txAbortedErrors), fifo_errors: n(c.txFifoErrors), window_errors: n(c.txWindowErrors), heartbeat_errors: n(c.txHeartbeatErrors) });
  return { rx, tx };
}

describe.skipIf(kernelSkipReason !== undefined)('rtnl.stats in a namespace of its own', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  /** ip's counters, without carrier_changes (IFLA_CARRIER_CHANGES, not part of the stats). */
  const ipStats = (...args: string[]): IpStats[] =>
    ns.ipJson<IpStats[]>('-s', '-s', 'link', 'show', ...args).map((l) => {
      const { carrier_changes: _, ...tx } = l.stats64.tx;
      return { ifindex: l.ifindex, ifname: l.ifname, stats64: { rx: l.stats64.rx, tx } };
    });
  /** Sends `count` UDP datagrams of `size` bytes from the namespace to 10.5.0.2 (out through v0). */
  function sendUdp(count: number, size: number): void {
    const script = `const s=require('dgram').createSocket('udp4');let n=${count};const go=()=>{if(n--===0)return s.close();s.send(Buffer.alloc(${size}),9,'10.5.0.2',go)};go();`;
    execFileSync('ip', ['netns', 'exec', ns.name, process.execPath, '-e', script], { stdio: 'pipe' });
  }

  beforeAll(async () => {
    ns = createNetns('stats');
    // No IPv6 (no router solicitations, MLD or DAD traffic): the counters move only when the test sends.
    for (const conf of ['all', 'default']) execFileSync('ip', ['netns', 'exec', ns.name, 'sh', '-c', `echo 1 > /proc/sys/net/ipv6/conf/${conf}/disable_ipv6`]);
    ns.batch([
      'link set lo up',
      'link add v0 type veth peer name v1',
      'link add v2 type veth peer name v3',
      ...['v0', 'v1', 'v2'].map((d) => `link set ${d} up`),
      'addr add 10.5.0.1/24 dev v0',
      'neigh add 10.5.0.2 lladdr 02:00:00:00:05:02 dev v0',
    ]);
    rtnl = await ns.rtnl();
  });
  afterAll(() => ns?.remove());

  it('get(): the 64-bit counters of one interface move as traffic is sent, as ip shows them', async () => {
    const before = await rtnl.stats.get('v0');
    expect(before).toMatchObject({ ifindex: ipStats('dev', 'v0')[0]!.ifindex, family: 'unspec', filterMask: ['link64'] });
    expect(asIp(before)).toEqual(ipStats('dev', 'v0')[0]!.stats64);
    sendUdp(5, 100);
    const after = await rtnl.stats.get('v0');
    expect(after.link64!.txPackets - before.link64!.txPackets).toBe(5n);
    // 100 bytes of payload + 8 UDP + 20 IP + 14 Ethernet.
    expect(after.link64!.txBytes - before.link64!.txBytes).toBe(5n * 142n);
    expect(asIp(after)).toEqual(ipStats('dev', 'v0')[0]!.stats64);
    // The other end received them.
    const peer = await rtnl.stats.get(ipStats('dev', 'v1')[0]!.ifindex);
    expect(peer.link64!.rxPackets).toBeGreaterThanOrEqual(5n);
    expect(asIp(peer)).toEqual(ipStats('dev', 'v1')[0]!.stats64);
    expect(typeof after.link64!.rxOtherhostDropped).toBe('bigint');
  });

  it('list(): every interface (a dump), counter for counter what `ip -s -s link show` prints', async () => {
    sendUdp(3, 10);
    const ours = await rtnl.stats.list();
    const theirs = ipStats();
    expect(ours.map((s) => s.ifindex)).toEqual(theirs.map((l) => l.ifindex));
    for (const [i, s] of ours.entries()) expect(asIp(s), theirs[i]!.ifname).toEqual(theirs[i]!.stats64);
    const streamed: StatsEntry[] = [];
    for await (const s of rtnl.stats.stream()) streamed.push(s);
    expect(streamed.map((s) => s.ifindex)).toEqual(ours.map((s) => s.ifindex));
  });

  it('filterMask: the groups asked for, and only those, come back', async () => {
    const all = await rtnl.stats.get('v0', { filterMask: ['link64', 'linkXstats', 'linkXstatsSlave', 'linkOffloadXstats', 'afSpec'] });
    expect(all.filterMask).toEqual(['link64', 'linkXstats', 'linkXstatsSlave', 'linkOffloadXstats', 'afSpec']);
    expect(all.link64).toBeDefined();
    const offload = await rtnl.stats.get('v0', { filterMask: ['linkOffloadXstats'] });
    expect(offload.link64).toBeUndefined();
    expect(offload.filterMask).toEqual(['linkOffloadXstats']);
    const listed = await rtnl.stats.list({ filterMask: 0x10 });
    expect(listed.every((s) => s.link64 === undefined && s.filterMask[0] === 'afSpec')).toBe(true);
  });

  it('kernel refusals are NetlinkErrors with the ext-ack text; unknown names NoSuchInterfaceError', async () => {
    const bad = await rtnl.stats.get('v0', { filterMask: 1 << 20 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(NetlinkError);
    expect((bad as NetlinkError).extAckMessage).toBe('Invalid stats requested through filter mask');
    const noDev = await rtnl.stats.get(99999).catch((e: unknown) => e);
    expect(noDev).toBeInstanceOf(NetlinkError);
    expect((noDev as NetlinkError).errnoName).toBe('ENODEV');
    await expect(rtnl.stats.get('nosuch0')).rejects.toBeInstanceOf(NoSuchInterfaceError);
  });
});
