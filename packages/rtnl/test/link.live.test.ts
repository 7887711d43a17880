// rtnl.links on the running kernel, in namespaces of its own (deleted in afterAll). After each change the
// namespace as linx lists it is compared with `ip -j -d link show` field by field (helpers/link-compare).
// Kinds this kernel lacks are detected when the file loads, not assumed: where one is missing, its test
// is skipped (saying so in its title) and a test of the kernel's own refusal runs instead (their bytes
// are compared with iproute2's in link-golden.test.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { open as openFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError } from '@linx/netlink-wire';
import { NoSuchInterfaceError, type Link, type LinkKindData, type Rtnl } from '../src/index.js';
import { bridgeVlanFilteringAvailable, expectSameAsIp, linkKindAvailable, unknownPaths, type IpLink } from './helpers/link-compare.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

// Probed in scratch namespaces when the file loads, so that the tests can be skipped by what is missing.
const available: Record<string, boolean> =
  kernelSkipReason === undefined ? Object.fromEntries(['veth', 'bridge', 'vxlan', 'macvlan', 'macvtap', 'ifb', 'vlan', 'dummy', 'ipvlan', 'bond'].map((kind) => [kind, linkKindAvailable(kind)])) : {};
const vlanFiltering = kernelSkipReason === undefined && bridgeVlanFilteringAvailable();
/** " (skipped: …)" for the title of a test that needs what `has` says is missing. */
const unless = (has: boolean | undefined, what: string) => (has ? '' : ` (skipped: this kernel has no ${what})`);

describe.skipIf(kernelSkipReason !== undefined)('rtnl.links on the kernel', () => {
  let ns: TestNetns;
  let other: TestNetns;
  let rtnl: Rtnl;
  let otherRtnl: Rtnl;
  const sleepers: ChildProcess[] = [];

  beforeAll(async () => {
    ns = createNetns('link');
    other = createNetns('link-other');
    rtnl = await ns.rtnl();
    otherRtnl = await other.rtnl();
  });
  afterAll(() => {
    for (const child of sleepers) child.kill();
    ns?.remove();
    other?.remove();
  });

  /** The fields a comparison reads that the kernel may still be changing (linkwatch runs asynchronously). */
  const moving = (links: IpLink[]) => JSON.stringify(links.map((l) => [l.ifindex, l.ifname, l.flags, l.operstate, l.master, l.mtu]));

  /** linx's list and ip's view agree (retried while a state change is in flight between the two reads). */
  async function agree(where: TestNetns = ns, handle: Rtnl = rtnl): Promise<Link[]> {
    for (let attempt = 0; ; attempt++) {
      const before = where.ipJson<IpLink[]>('-d', 'link', 'show');
      const links = await handle.links.list();
      const after = where.ipJson<IpLink[]>('-d', 'link', 'show');
      if (moving(before) === moving(after) || attempt === 10) {
        expectSameAsIp(links, after);
        return links;
      }
      await sleep(20);
    }
  }
  const indexOf = (name: string, where: TestNetns = ns) => where.ipJson<IpLink[]>('link', 'show', 'dev', name)[0]!.ifindex;
  const exists = (name: string, where: TestNetns = ns) => where.ipJson<IpLink[]>('link', 'show').some((l) => l.ifname === name);

  it('knows which kinds this kernel has', () => {
    // Recorded for the report; each kind is tested below, or skipped with the reason and its refusal tested.
    expect(available.veth && available.bridge).toBe(true);
    console.info(`link kinds here: ${Object.entries(available).map(([k, v]) => `${k}${v ? '' : ' (missing)'}`).join(', ')}; bridge VLAN filtering ${vlanFiltering ? 'yes' : 'no'}`);
  });

  it('a fresh namespace: lo, as ip shows it', async () => {
    const [lo] = await agree();
    expect(lo).toMatchObject({ index: 1, ifname: 'lo', type: 'loopback', family: 'unspec', flags: ['loopback'] });
    expect(typeof lo!.stats64?.rxBytes).toBe('bigint');
  });

  it('veth: create returns the link, the peer is named and is its parent', async () => {
    const v0 = await rtnl.links.create({ name: 'v0', kind: 'veth', peer: { name: 'v1' }, up: true });
    expect(v0.flags).toContain('up');
    expect(v0).toMatchObject({ ifname: 'v0', type: 'ether', linkinfo: { kind: 'veth' }, link: indexOf('v1') });
    expect(v0.index).toBe(indexOf('v0'));
    const v1 = await rtnl.links.get('v1');
    expect(v1.link).toBe(v0.index);
    await agree();
  });

  it('veth with its peer in another namespace (by name), with settings on both ends', async () => {
    const a = await rtnl.links.create({ name: 'pa', kind: 'veth', mtu: 1400, address: '02:00:00:00:00:aa', peer: { name: 'pb', netns: other.name, mtu: 1400, address: '02:00:00:00:00:bb', txqlen: 50 } });
    expect(exists('pb')).toBe(false);
    const b = await otherRtnl.links.get('pb');
    expect(b).toMatchObject({ mtu: 1400, address: '02:00:00:00:00:bb', txqlen: 50, link: a.index });
    expect(a).toMatchObject({ mtu: 1400, address: '02:00:00:00:00:aa', link: b.index });
    expect(a.linkNetnsid).toBeTypeOf('number');
    await agree();
    await agree(other, otherRtnl);
  });

  it('bridge: its options on create, and changed with set', async () => {
    const br = await rtnl.links.create({ name: 'br0', kind: 'bridge', stp: true, forwardDelay: 400, helloTime: 300, maxAge: 2500, ageingTime: 1000, priority: 100, mcastSnooping: false, groupFwdMask: 8 });
    expect(br.linkinfo?.data).toMatchObject({ stpState: 1, forwardDelay: 400, helloTime: 300, maxAge: 2500, ageingTime: 1000, priority: 100, mcastSnooping: 0, groupFwdMask: 8 });
    await agree();
    await rtnl.links.set('br0', { kind: 'bridge', stp: false, forwardDelay: 1500, priority: 32768 });
    expect((await rtnl.links.get('br0')).linkinfo?.data).toMatchObject({ stpState: 0, forwardDelay: 1500, priority: 32768 });
    await agree();
  });

  it.skipIf(!vlanFiltering)(`bridge VLAN filtering: on at create, with its protocol and default PVID${unless(vlanFiltering, 'bridge VLAN filtering, CONFIG_BRIDGE_VLAN_FILTERING')}`, async () => {
    const brv = await rtnl.links.create({ name: 'brv', kind: 'bridge', vlanFiltering: true, vlanProtocol: '802.1ad', vlanDefaultPvid: 5 });
    expect(brv.linkinfo?.data).toMatchObject({ vlanFiltering: 1, vlanProtocol: 0x88a8, vlanDefaultPvid: 5 });
    await agree();
  });

  it.skipIf(vlanFiltering)(`bridge VLAN filtering: a kernel without it refuses the bridge with EOPNOTSUPP, and creates nothing${vlanFiltering ? ' (skipped: this kernel has bridge VLAN filtering)' : ''}`, async () => {
    const attempt = rtnl.links.create({ name: 'brv', kind: 'bridge', vlanFiltering: true, vlanProtocol: '802.1ad', vlanDefaultPvid: 5 });
    await expect(attempt).rejects.toMatchObject({ name: 'NetlinkError', errnoName: 'EOPNOTSUPP' });
    expect(exists('brv')).toBe(false);
    await agree();
  });

  it('vxlan: multicast group, unicast remote, IPv6, external', async () => {
    const vx0 = await rtnl.links.create({ name: 'vx0', kind: 'vxlan', vni: 42, port: 4789, group: '239.1.1.1', dev: 'v0', ttl: 5 });
    expect(vx0.linkinfo?.data).toMatchObject({ id: 42, port: 4789, group: '239.1.1.1', link: indexOf('v0'), ttl: 5 });
    const vx1 = await rtnl.links.create({ name: 'vx1', kind: 'vxlan', vni: 7, remote: '10.0.0.2', local: '10.0.0.1', srcPortRange: { low: 1000, high: 2000 }, learning: false, udpCsum: false, ageing: 100, df: 'set', tos: 4 });
    const data = vx1.linkinfo!.data as LinkKindData['vxlan'];
    expect(data).toMatchObject({ id: 7, group: '10.0.0.2', local: '10.0.0.1', portRange: { low: 1000, high: 2000 }, learning: 0, udpCsum: 0, ageing: 100, df: 'set', tos: 4 });
    await rtnl.links.create({ name: 'vx6', kind: 'vxlan', vni: 600, port: 4789, group: 'ff05::1', local: 'fd00::1', dev: 'v0' });
    expect((await rtnl.links.get('vx6')).linkinfo?.data).toMatchObject({ group6: 'ff05::1', local6: 'fd00::1' });
    await rtnl.links.create({ name: 'vxe', kind: 'vxlan', external: true, port: 4790 });
    expect((await rtnl.links.get('vxe')).linkinfo?.data).toMatchObject({ collectMetadata: 1, port: 4790 });
    await agree();
  });

  it('macvlan in every mode', async () => {
    // m2 is the lower device of the macvtap and ipvlan tests below.
    await rtnl.links.create({ name: 'm0', kind: 'veth', peer: { name: 'm1' } });
    await rtnl.links.create({ name: 'm2', kind: 'veth', peer: { name: 'm3' } });
    for (const mode of ['private', 'vepa', 'bridge', 'source'] as const) {
      const link = await rtnl.links.create({ name: `mv-${mode}`, kind: 'macvlan', link: 'm0', mode, bcQueueLen: 500 });
      expect(link.linkinfo).toMatchObject({ kind: 'macvlan', data: { mode, bcQueueLen: 500 } });
      expect(link.link).toBe(indexOf('m0'));
    }
    await agree();
  });

  it.skipIf(!available.macvtap)(`macvtap: passthru, nopromisc${unless(available.macvtap, 'macvtap')}`, async () => {
    const tap = await rtnl.links.create({ name: 'mt0', kind: 'macvtap', link: 'm2', mode: 'passthru', nopromisc: true });
    expect(tap.linkinfo).toMatchObject({ kind: 'macvtap', data: { mode: 'passthru', flags: ['nopromisc'] } });
    await agree();
  });

  it.skipIf(available.macvtap)(`macvtap: a kernel without it refuses with EOPNOTSUPP${available.macvtap ? ' (skipped: this kernel has macvtap)' : ''}`, async () => {
    await expect(rtnl.links.create({ name: 'mt0', kind: 'macvtap', link: 'm2' })).rejects.toMatchObject({ errnoName: 'EOPNOTSUPP', extAckMessage: 'Unknown device type' });
    expect(exists('mt0')).toBe(false);
  });

  it('ifb', async () => {
    const ifb = await rtnl.links.create({ name: 'ifb0', kind: 'ifb', txqlen: 32 });
    expect(ifb).toMatchObject({ linkinfo: { kind: 'ifb' }, txqlen: 32 });
    await agree();
  });

  // Kinds kernels often lack: created where this one has them; where it does not, that test is skipped
  // and the kernel's own refusal, in its words, is tested instead.
  const others = [
    ['vlan', { name: 'vl5', kind: 'vlan', link: 'v0', id: 5, protocol: '802.1ad' }, { id: 5, protocol: '8021ad' }],
    ['dummy', { name: 'd0', kind: 'dummy', mtu: 1400 }, undefined],
    ['ipvlan', { name: 'iv0', kind: 'ipvlan', link: 'm2', mode: 'l3', isolation: 'private' }, { mode: 'l3', flags: ['private'] }],
    ['bond', { name: 'bo0', kind: 'bond', mode: 'active-backup', miimon: 100 }, { mode: 'active-backup', miimon: 100 }],
  ] as const;
  for (const [kind, spec, data] of others) {
    it.skipIf(!available[kind])(`${kind}: created with its settings${unless(available[kind], kind)}`, async () => {
      const link = await rtnl.links.create(spec);
      expect(link).toMatchObject({ ifname: spec.name, linkinfo: { kind, ...(data ? { data } : {}) } });
      await agree();
    });

    it.skipIf(available[kind])(`${kind}: a kernel without it refuses with EOPNOTSUPP, "Unknown device type", and creates nothing${available[kind] ? ` (skipped: this kernel has ${kind})` : ''}`, async () => {
      const error = await rtnl.links.create(spec).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(NetlinkError);
      expect(error).toMatchObject({ errnoName: 'EOPNOTSUPP', extAckMessage: 'Unknown device type' });
      expect(exists(spec.name)).toBe(false);
      await agree();
    });
  }

  it('set: up and down, mtu, txqlen, address, broadcast, alias (and its removal)', async () => {
    await rtnl.links.set(indexOf('v1'), { up: false });
    await rtnl.links.set('v0', { up: true });
    expect((await rtnl.links.get('v0')).operstate).toBe('lowerlayerdown');
    await rtnl.links.set(indexOf('v1'), { up: true });
    expect((await rtnl.links.get('v0')).flags).toContain('up');
    await agree();
    await rtnl.links.set('v0', { mtu: 1400, txqlen: 10, address: '02:00:00:00:00:09', broadcast: 'ff:ff:ff:ff:ff:fe', alias: 'uplink to the lab' });
    expect(await rtnl.links.get('v0')).toMatchObject({ mtu: 1400, txqlen: 10, address: '02:00:00:00:00:09', broadcast: 'ff:ff:ff:ff:ff:fe', ifalias: 'uplink to the lab' });
    await agree();
    await rtnl.links.set('v0', { alias: null, up: false });
    const v0 = await rtnl.links.get('v0');
    expect(v0.ifalias).toBeUndefined();
    expect(v0.flags).not.toContain('up');
    await agree();
  });

  it('create with an alias: the link has it (the kernel ignores IFLA_IFALIAS in a create; ip link add … alias makes none)', async () => {
    ns.ip('link', 'add', 'ipal0', 'alias', 'made by ip', 'type', 'bridge');
    expect(ns.ipJson<{ ifalias?: string }[]>('link', 'show', 'dev', 'ipal0')[0]!.ifalias).toBeUndefined();
    const made = await rtnl.links.create({ name: 'al0', kind: 'bridge', alias: 'made by linx' });
    expect(made.ifalias).toBe('made by linx');
    expect(ns.ipJson<{ ifalias?: string }[]>('link', 'show', 'dev', 'al0')[0]!.ifalias).toBe('made by linx');
    await agree();
    await rtnl.links.delete('al0');
    ns.ip('link', 'del', 'ipal0');
  });

  it('set: rename, by name then by index', async () => {
    const index = indexOf('v1');
    await rtnl.links.set('v1', { name: 'v1-renamed' });
    expect((await rtnl.links.get(index)).ifname).toBe('v1-renamed');
    await agree();
    await rtnl.links.set(index, { name: 'v1' });
    expect(exists('v1')).toBe(true);
  });

  it('set: master and nomaster (bridge port settings decode as ip shows them)', async () => {
    const br = indexOf('br0');
    await rtnl.links.set('v0', { master: 'br0' });
    const port = await rtnl.links.get('v0');
    expect(port.master).toBe(br);
    expect(port.linkinfo?.slaveKind).toBe('bridge');
    expect(port.linkinfo?.slaveData).toMatchObject({ learning: 1, unicastFlood: 1, guard: 0, mode: 0 });
    expect((await rtnl.links.list({ master: 'br0' })).map((l) => l.ifname)).toEqual(['v0']);
    await agree();
    await rtnl.links.set('v0', { master: null });
    expect((await rtnl.links.get('v0')).master).toBeUndefined();
    await agree();
  });

  it('a kernel refusal carries its ext-ack text and the attribute it blames', async () => {
    const error = await rtnl.links.create({ name: 'vxbad', kind: 'vxlan', vni: 9, address: '01:00:5e:00:00:01' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).extAckMessage).toMatch(/unicast|Ethernet/i);
    expect((error as NetlinkError).attributePath).toBe('address');
  });

  it('creating a link that exists: EEXIST', async () => {
    await expect(rtnl.links.create({ name: 'br0', kind: 'bridge' })).rejects.toMatchObject({ name: 'NetlinkError', errnoName: 'EEXIST' });
  });

  it('moves links to another namespace by name, path, fd and pid', async () => {
    for (const n of [1, 2, 3, 4]) await rtnl.links.create({ name: `mv${n}a`, kind: 'veth', peer: { name: `mv${n}b` } });
    await rtnl.links.set('mv1a', { netns: other.name });
    await rtnl.links.set('mv2a', { netns: { path: `/run/netns/${other.name}` } });
    const handle = await openFile(`/run/netns/${other.name}`, 'r');
    try {
      await rtnl.links.set('mv3a', { netns: { fd: handle.fd } });
    } finally {
      await handle.close();
    }
    const sleeper = spawn('ip', ['netns', 'exec', other.name, 'sleep', '60'], { stdio: 'ignore' });
    sleepers.push(sleeper);
    // `ip netns exec` enters the namespace, then execs sleep in the same process.
    await waitUntil(async () => (await readNetns(sleeper.pid!)) === (await readNetns(`/run/netns/${other.name}`)));
    await rtnl.links.set('mv4a', { netns: { pid: sleeper.pid! } });
    for (const n of [1, 2, 3, 4]) {
      expect(exists(`mv${n}a`)).toBe(false);
      const moved = await otherRtnl.links.get(`mv${n}a`);
      expect(moved.link).toBe(indexOf(`mv${n}b`));
      expect((await rtnl.links.get(`mv${n}b`)).linkNetnsid).toBeTypeOf('number');
    }
    await agree();
    await agree(other, otherRtnl);
  });

  it('a namespace that does not exist: InvalidArgumentError, nothing moved', async () => {
    await expect(rtnl.links.set('v0', { netns: 'linx-no-such-namespace' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(exists('v0')).toBe(true);
  });

  it('list filters: kind and master in the kernel, up and type here, stats left out on request', async () => {
    const ipBridges = ns.ipJson<IpLink[]>('link', 'show', 'type', 'bridge').map((l) => l.ifname).sort();
    expect((await rtnl.links.list({ kind: 'bridge' })).map((l) => l.ifname).sort()).toEqual(ipBridges);
    await rtnl.links.set('v0', { master: 'br0' });
    const ipPorts = ns.ipJson<IpLink[]>('link', 'show', 'master', 'br0').map((l) => l.ifname);
    expect((await rtnl.links.list({ master: 'br0' })).map((l) => l.ifname)).toEqual(ipPorts);
    const loose = await rtnl.links.list({ master: null });
    expect(loose.map((l) => l.ifname)).not.toContain('v0');
    expect(loose.every((l) => l.master === undefined)).toBe(true);
    await rtnl.links.set('v0', { master: null });
    expect((await rtnl.links.list({ type: 'loopback' })).map((l) => l.ifname)).toEqual(['lo']);
    const up = await rtnl.links.list({ up: true });
    // (`ip -j link show up` prints an empty object for every link it leaves out.)
    const ipUp = ns.ipJson<IpLink[]>('link', 'show', 'up').filter((l) => l.ifname !== undefined);
    expect(up.map((l) => l.ifname).sort()).toEqual(ipUp.map((l) => l.ifname).sort());
    expect(up.length).toBeGreaterThan(0);
    // RTEXT_FILTER_SKIP_STATS drops the IPv6 (and VF) statistics; the link counters stay.
    const withStats = await rtnl.links.list();
    expect(withStats.some((l) => l.afSpec?.inet6?.stats !== undefined)).toBe(true);
    const noStats = await rtnl.links.list({ stats: false });
    expect(noStats.some((l) => l.afSpec?.inet6?.stats !== undefined || l.afSpec?.inet6?.icmp6stats !== undefined)).toBe(false);
    expect(noStats.every((l) => l.stats64 !== undefined)).toBe(true);
    // A kind the kernel does not know is no kernel filter at all: linx filters it out here.
    expect(await rtnl.links.list({ kind: available.dummy ? 'no-such-kind' : 'dummy' })).toEqual([]);
  });

  it('stream: a big table (1001 links) one link at a time, same as list and ip', async () => {
    // A namespace of its own: deleting a namespace is asynchronous in the kernel, deleting 1000 links is not.
    const big = createNetns('link-big');
    try {
      big.batch(Array.from({ length: 500 }, (_, i) => `link add s${i}a type veth peer name s${i}b`));
      const handle = await big.rtnl();
      const iterator = handle.links.stream();
      let count = 0;
      for await (const link of iterator) {
        expect(unknownPaths(link)).toEqual([]);
        count++;
      }
      expect(count).toBe(1001);
      expect(count).toBe(big.ipJson<IpLink[]>('link', 'show').length);
      expect((await handle.links.list()).length).toBe(count);
      // Leaving early is fine: the rest drains and the connection goes on.
      for await (const link of handle.links.stream({ kind: 'veth' })) {
        expect(link.linkinfo?.kind).toBe('veth');
        break;
      }
      expect((await handle.links.get('lo')).index).toBe(1);
    } finally {
      big.remove();
    }
  });

  it('delete: by name and by index, a veth end takes its peer; missing links are NoSuchInterfaceError', async () => {
    await rtnl.links.delete('ifb0');
    await rtnl.links.delete(indexOf('m0'));
    expect(exists('ifb0')).toBe(false);
    expect(exists('m0') || exists('m1')).toBe(false);
    await expect(rtnl.links.get('ifb0')).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(rtnl.links.get(999_999)).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(rtnl.links.delete('ifb0')).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(rtnl.links.set('ifb0', { up: true })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await agree();
  });

  it('call options: an aborted signal sends nothing, a timeout is accepted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(rtnl.links.create({ name: 'aborted', kind: 'bridge' }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(exists('aborted')).toBe(false);
    expect((await rtnl.links.list({}, { timeout: 5000 })).length).toBeGreaterThan(1);
  });
});

async function readNetns(pidOrPath: number | string): Promise<string> {
  const { readlink } = await import('node:fs/promises');
  const path = typeof pidOrPath === 'number' ? `/proc/${pidOrPath}/ns/net` : pidOrPath;
  try {
    if (typeof pidOrPath === 'number') return await readlink(path);
    const { stat } = await import('node:fs/promises');
    return `net:[${(await stat(path)).ino}]`;
  } catch {
    return '';
  }
}

async function waitUntil(check: () => Promise<boolean>, timeout = 2000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}
