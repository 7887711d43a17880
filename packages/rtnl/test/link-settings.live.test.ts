// The link kinds and settings of #11 §4 on the running kernel, each in a namespace of its own: alternative
// names against `ip -j link show`, bridge port settings against `ip -d -j link show` and `bridge -d -j link
// show`, and every new kind created where this kernel has it (compared with `ip -d -j link show`) or, where
// it lacks it (probed when the file loads, not assumed), refused by the kernel with nothing created. Their
// request bytes are compared with iproute2's in iproute2-link-kinds.test.ts.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NetlinkError, type LinkCreateOptions, type Rtnl } from '../src/index.js';
import { linkRequestMessage, type FamilyClient } from '../src/protocol.js';
import { expectSameAsIp, linkKindAvailable, type IpLink } from './helpers/link-compare.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

const KINDS: [kind: string, spec: LinkCreateOptions][] = [
  ['gre', { name: 'gre1', kind: 'gre', remote: '192.0.2.1', local: '192.0.2.2', ttl: 64, key: 5 }],
  ['gretap', { name: 'gt1', kind: 'gretap', remote: '192.0.2.1', csum: true }],
  ['ip6gre', { name: 'g6', kind: 'ip6gre', remote: '2001:db8::1', hoplimit: 10 }],
  ['ip6gretap', { name: 'g6t', kind: 'ip6gretap', remote: '2001:db8::1', flowlabel: 5 }],
  ['ipip', { name: 'ipip1', kind: 'ipip', remote: '192.0.2.1', ttl: 10 }],
  ['sit', { name: 'sit1', kind: 'sit', remote: '192.0.2.1', mode: 'ip6ip' }],
  ['ip6tnl', { name: 't6', kind: 'ip6tnl', remote: '2001:db8::1', mode: 'ip6ip6' }],
  ['geneve', { name: 'gn1', kind: 'geneve', vni: 10, remote: '192.0.2.1' }],
  ['vrf', { name: 'vrf1', kind: 'vrf', table: 10 }],
  ['macsec', { name: 'ms1', kind: 'macsec', link: 'v0', port: 11, encrypt: true }],
  ['wireguard', { name: 'wg1', kind: 'wireguard' }],
  ['xfrm', { name: 'xf1', kind: 'xfrm', ifId: 5 }],
  ['netkit', { name: 'nk0', kind: 'netkit', mode: 'l3', peer: { name: 'nk1' } }],
  ['vlan', { name: 'vl2', kind: 'vlan', link: 'v0', id: 20, egressQos: [{ from: 1, to: 2 }], gvrp: true }],
  ['bond', { name: 'b2', kind: 'bond', mode: 'balance-xor', xmitHashPolicy: 'layer3+4', miimon: 100 }],
];

// Probed in scratch namespaces when the file loads (netkit needs no arguments to be refused or made; the
// tunnels take none either; vlan and macsec sit on a veth).
const available: Record<string, boolean> =
  kernelSkipReason === undefined
    ? Object.fromEntries(KINDS.map(([kind]) => [kind, linkKindAvailable(kind)]))
    : {};
const hasBridgeTool = spawnSync('bridge', ['-V'], { stdio: 'ignore' }).status === 0;

describe.skipIf(kernelSkipReason !== undefined)('link kinds and settings on the kernel', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;

  beforeAll(async () => {
    ns = createNetns('link-settings');
    rtnl = await ns.rtnl();
    await rtnl.links.create({ name: 'v0', kind: 'veth', peer: { name: 'v1' } });
  });
  afterAll(() => ns?.remove());

  const exists = (name: string) => ns.ipJson<IpLink[]>('link', 'show').some((l) => l.ifname === name);

  it('altnames: added and removed as ip shows them, listed as altnames (and propList.altIfname)', async () => {
    await rtnl.links.addAltnames('v0', ['v0-first-alternative-name', 'v0alt']);
    const [ip] = ns.ipJson<{ altnames?: string[] }[]>('link', 'show', 'dev', 'v0');
    const link = await rtnl.links.get('v0');
    expect(ip!.altnames).toEqual(['v0-first-alternative-name', 'v0alt']);
    expect(link.altnames).toEqual(ip!.altnames);
    expect(link.propList?.altIfname).toEqual(ip!.altnames);
    // An altname names the link for ip, and for linx.
    expect((await rtnl.links.get('v0alt')).index).toBe(link.index);
    const listed = (await rtnl.links.list()).find((l) => l.index === link.index)!;
    expect(listed.altnames).toEqual(ip!.altnames);

    await rtnl.links.deleteAltnames(link.index, ['v0-first-alternative-name']);
    expect(ns.ipJson<{ altnames?: string[] }[]>('link', 'show', 'dev', 'v0')[0]!.altnames).toEqual(['v0alt']);
    expect((await rtnl.links.get('v0')).altnames).toEqual(['v0alt']);
  });

  it('altnames: a name taken is EEXIST, an unknown one ENOENT (kernel refusals, named); a bad name is refused before sending', async () => {
    await expect(rtnl.links.addAltnames('v1', ['v0alt'])).rejects.toMatchObject({ name: 'NetlinkError', errnoName: 'EEXIST' });
    const missing = await rtnl.links.deleteAltnames('v1', ['nothing-here']).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NetlinkError);
    expect(missing).toMatchObject({ errnoName: 'ENOENT' });
    expect((missing as Error).message).toContain('links.deleteAltnames v1 nothing-here');
    for (const bad of [[], ['a b'], ['x'.repeat(128)], [''], 'v1alt'] as unknown[]) {
      await expect(rtnl.links.addAltnames('v1', bad as string[])).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(ns.ipJson<{ altnames?: string[] }[]>('link', 'show', 'dev', 'v1')[0]!.altnames).toBeUndefined();
  });

  it('bridge port settings: set on a port, read back as ip -d and bridge -d show them', async () => {
    // A port's STP state can be set by hand only on an up port of an up bridge without kernel STP (ENETDOWN otherwise).
    await rtnl.links.create({ name: 'br0', kind: 'bridge', up: true });
    await rtnl.links.set('v1', { master: 'br0', up: true });
    await rtnl.links.set('v0', { up: true });
    await rtnl.links.set('v1', {
      bridgePort: { cost: 7, priority: 9, learning: false, flood: false, mcastFlood: false, bcastFlood: false, hairpin: true, guard: true, rootBlock: true, fastLeave: true, proxyArp: true, neighSuppress: true, isolated: true, mcastRouter: 2 },
    });
    const [ip] = ns.ipJson<IpLink[]>('-d', 'link', 'show', 'dev', 'v1');
    const j = ip!.linkinfo!.info_slave_data!;
    expect(j).toMatchObject({
      cost: 7, priority: 9, learning: false, flood: false, mcast_flood: false, bcast_flood: false, hairpin: true, guard: true, root_block: true, fastleave: true, proxy_arp: true,
      neigh_suppress: true, isolated: true, multicast_router: 2,
      // A port's state follows the bridge's STP (none here: forwarding); the state setting is compared as bytes.
      state: 'forwarding',
    });
    const link = await rtnl.links.get('v1');
    expect(link.linkinfo?.slaveKind).toBe('bridge');
    if (link.linkinfo?.slaveKind === 'bridge') {
      expect(link.linkinfo.slaveData).toMatchObject({ cost: 7, priority: 9, state: 'forwarding', multicastRouter: 2, mode: 1, protect: 1, unicastFlood: 0 });
    }
    expectSameAsIp(await rtnl.links.list(), ns.ipJson<IpLink[]>('-d', 'link', 'show'));
    if (hasBridgeTool) {
      const [port] = JSON.parse(spawnSync('bridge', ['-n', ns.name, '-d', '-j', 'link', 'show', 'dev', 'v1'], { encoding: 'utf8' }).stdout) as Record<string, unknown>[];
      expect(port).toMatchObject({ ifname: 'v1', master: 'br0', state: 'forwarding', priority: 9, cost: 7, hairpin: true, guard: true, root_block: true, fastleave: true, learning: false, flood: false, isolated: true });
    }
  });

  it('bridge and bond port settings: refused before sending when wrong, by the kernel when the link is no such port', async () => {
    await expect(rtnl.links.set('v1', { bridgePort: { cost: 0 } })).rejects.toMatchObject({ name: 'InvalidArgumentError', argument: 'bridgePort.cost' });
    await expect(rtnl.links.set('v1', { bridgePort: { state: 'up' as never } })).rejects.toMatchObject({ argument: 'bridgePort.state' });
    await expect(rtnl.links.set('v1', { bridgePort: { flood: true }, bondPort: { queueId: 1 } })).rejects.toMatchObject({ argument: 'bondPort' });
    await expect(rtnl.links.set('v1', { bridgePort: { nosuch: 1 } as never })).rejects.toMatchObject({ argument: 'bridgePort.nosuch' });
    // The kernel would parse a bond port's settings sent to a bridge port with the bridge's policy: refused here.
    await expect(rtnl.links.set('v1', { bondPort: { queueId: 2 } })).rejects.toMatchObject({ name: 'InvalidArgumentError', argument: 'bondPort', message: 'bondPort: v1 is a port of a bridge, not of a bond' });
    await expect(rtnl.links.set('v0', { bridgePort: { cost: 3 } })).rejects.toMatchObject({ argument: 'bridgePort', message: 'bridgePort: v0 is not a port of a bridge (it has no master)' });
    expect(ns.ipJson<IpLink[]>('-d', 'link', 'show', 'dev', 'v1')[0]!.linkinfo!.info_slave_data).toMatchObject({ guard: true, cost: 7 });
    // What the kernel does with port settings for a link of no master (as ip gets it): EOPNOTSUPP.
    const client = (rtnl.links as unknown as { client: FamilyClient }).client;
    const raw = await client.request(linkRequestMessage, 'newlink', { header: { ifiIndex: (await rtnl.links.get('v0')).index }, attrs: { linkinfo: { kind: 'bridge_slave', slaveData: { cost: 3 } } as never } }, 0).catch((e: unknown) => e);
    expect(raw).toMatchObject({ name: 'NetlinkError', errnoName: 'EOPNOTSUPP' });
  });

  it('veth, bridge, vxlan and macvlan info data decode as ip -d -j shows it', async () => {
    await rtnl.links.create({ name: 'vx0', kind: 'vxlan', vni: 42, remote: '192.0.2.9', port: 4789, ttl: 5, srcPortRange: { low: 1000, high: 2000 } });
    await rtnl.links.create({ name: 'mv0', kind: 'macvlan', link: 'v0', mode: 'bridge' });
    const links = await rtnl.links.list();
    expectSameAsIp(links, ns.ipJson<IpLink[]>('-d', 'link', 'show'));
    const vx = links.find((l) => l.ifname === 'vx0')!;
    // The union narrows on the kind.
    if (vx.linkinfo?.kind !== 'vxlan') throw new Error('vx0 is not a vxlan');
    expect(vx.linkinfo.data).toMatchObject({ id: 42, group: '192.0.2.9', port: 4789, ttl: 5, portRange: { low: 1000, high: 2000 }, learning: 1 });
  });

  for (const [kind, spec] of KINDS) {
    it.skipIf(!available[kind])(`${kind}: created, as ip -d shows it${available[kind] ? '' : ` (skipped: this kernel has no ${kind})`}`, async () => {
      const link = await rtnl.links.create(spec);
      expect(link.linkinfo?.kind).toBe(kind);
      expectSameAsIp(await rtnl.links.list(), ns.ipJson<IpLink[]>('-d', 'link', 'show'));
    });
    it.skipIf(available[kind])(`${kind}: a kernel without it refuses with EOPNOTSUPP, "Unknown device type", and creates nothing${available[kind] ? ` (skipped: this kernel has ${kind})` : ''}`, async () => {
      const error = await rtnl.links.create(spec).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(NetlinkError);
      expect(error).toMatchObject({ errnoName: 'EOPNOTSUPP', extAckMessage: 'Unknown device type' });
      expect((error as Error).message).toContain(`links.create ${spec.name} type ${kind}`);
      expect(exists(spec.name)).toBe(false);
    });
  }

  it('bad kind options are refused before anything is sent', async () => {
    const refusals: [LinkCreateOptions, string][] = [
      [{ name: 'g0', kind: 'gre', remote: '2001:db8::1' }, 'remote'],
      [{ name: 'g0', kind: 'gre', key: 1, ikey: 2 }, 'key'],
      [{ name: 'g0', kind: 'gre', external: true, remote: '192.0.2.1' }, 'remote'],
      [{ name: 'g0', kind: 'ip6gre', local: '192.0.2.1' }, 'local'],
      [{ name: 't0', kind: 'ip6tnl', flowlabel: 0x10_0000 }, 'flowlabel'],
      [{ name: 't0', kind: 'sit', mode: 'ip6ip6' as never }, 'mode'],
      [{ name: 'gn0', kind: 'geneve' } as LinkCreateOptions, 'vni'],
      [{ name: 'vrf0', kind: 'vrf' } as LinkCreateOptions, 'table'],
      [{ name: 'ms0', kind: 'macsec', link: 'v0', sci: '0102' }, 'sci'],
      [{ name: 'ms0', kind: 'macsec', link: 'v0', port: 1, sci: '0102030405060708' }, 'sci'],
      [{ name: 'ms0', kind: 'macsec', link: 'v0', cipher: 'aes' as never }, 'cipher'],
      [{ name: 'ms0', kind: 'macsec', link: 'v0', icvLen: 20 }, 'icvLen'],
      [{ name: 'ms0', kind: 'macsec', link: 'v0', window: 5 }, 'window'],
      [{ name: 'xf0', kind: 'xfrm' } as LinkCreateOptions, 'ifId'],
      [{ name: 'vl0', kind: 'vlan', link: 'v0', id: 3, egressQos: [{ from: 1, to: 8 }] }, 'egressQos[0].to'],
      [{ name: 'b0', kind: 'bond', arpIpTarget: ['2001:db8::1'] }, 'arpIpTarget[0]'],
      [{ name: 'b0', kind: 'bond', xmitHashPolicy: 'layer5' as never }, 'xmitHashPolicy'],
      [{ name: 'nk0', kind: 'netkit', peer: { name: 'x', mtu: 1 } as never }, 'peer.mtu'],
      [{ name: 'wg0', kind: 'wireguard', listenPort: 1 } as never, 'listenPort'],
    ];
    for (const [spec, argument] of refusals) {
      const error = await rtnl.links.create(spec).then(() => undefined, (e: unknown) => e);
      expect(error, JSON.stringify(spec)).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument, JSON.stringify(spec)).toBe(argument);
    }
    expect(ns.ipJson<IpLink[]>('link', 'show').map((l) => l.ifname).sort()).not.toContain('g0');
  });
});
