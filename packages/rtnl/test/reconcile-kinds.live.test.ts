// Every link kind reconcile can create, with its kind-specific options, and address, route, neighbour
// and rule options beyond the defaults, in a network namespace of this file's own (deleted in afterAll):
// once applied, a second plan is empty — what the kernel reports compares equal to what was asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, observe, plan, type DesiredState, type LinkCreateOptions, type Rtnl } from '../src/index.js';
import { createNetns, kernelHasBridgeVlanFiltering, kernelHasLinkKind, kernelSkipReason, type TestNetns } from './helpers/netns.js';

const PROTOCOL = 220;

describe.skipIf(kernelSkipReason !== undefined)('reconcile of every kind, twice', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  const links: LinkCreateOptions[] = [
    { name: 'low0', kind: 'veth', peer: { name: 'low1', mtu: 1600 }, up: true, mtu: 1600, address: '02:AA:00:00:00:01', txqlen: 500, alias: 'the lower end' },
    {
      name: 'br0',
      kind: 'bridge',
      up: true,
      stp: true,
      forwardDelay: 800,
      helloTime: 300,
      maxAge: 2500,
      ageingTime: 20000,
      priority: 4096,
      mcastSnooping: false,
      groupFwdMask: 8,
    },
  ];

  // Kinds (and bridge VLAN filtering) this kernel lacks are left out of the desired links.
  beforeAll(async () => {
    ns = createNetns('reconcile-kinds');
    rtnl = await ns.rtnl();
    if (kernelHasLinkKind('macvlan', [], true)) links.push({ name: 'mv0', kind: 'macvlan', link: 'low0', mode: 'bridge', up: true });
    if (kernelHasLinkKind('ipvlan', [], true)) links.push({ name: 'ipv0', kind: 'ipvlan', link: 'low1', mode: 'l3', isolation: 'private' });
    if (kernelHasLinkKind('vxlan', ['id', '1', 'dstport', '4789'])) {
      links.push({ name: 'vx0', kind: 'vxlan', vni: 42, port: 4789, remote: '2001:DB8::9', local: '2001:db8::1', dev: 'low0', ttl: 8, learning: false, srcPortRange: { low: 2000, high: 3000 }, ageing: 600, udpCsum: true });
      links.push({ name: 'vx1', kind: 'vxlan', vni: 43, group: '239.1.1.1', dev: 'low0', port: 4790, tos: 4 });
    }
    if (kernelHasLinkKind('ifb')) links.push({ name: 'ifb0', kind: 'ifb', master: 'br0' } as LinkCreateOptions);
    if (kernelHasBridgeVlanFiltering()) links.push({ name: 'br1', kind: 'bridge', vlanFiltering: true, vlanProtocol: '802.1ad', vlanDefaultPvid: 7 });
  });
  afterAll(() => ns?.remove());

  it('links of each kind, then addresses, routes, neighbours and rules with their options: the second plan is empty', async () => {
    const desired: DesiredState = {
      links,
      addresses: [
        { dev: 'low0', address: '10.0.0.1/24', broadcast: true, label: 'low0:a', rtPriority: 7, proto: 3 },
        { dev: 'low0', address: '10.0.1.1', peer: '10.0.1.2/24', scope: 'link' },
        { dev: 'low0', address: '2001:db8::1/64', flags: ['nodad', 'noprefixroute'], validLifetime: 3600, preferredLifetime: 1800 },
        { dev: 'low0', address: '2001:db8:1::1/64', flags: ['nodad'], rtPriority: 300 },
        { dev: 'br0', address: '127.1.0.1/8', scope: 'host' },
      ],
      routes: [
        { dst: '10.8.0.0/16', multipath: [{ gateway: '10.0.0.2', weight: 3 }, { gateway: '10.0.0.3', dev: 'low0' }] },
        { dst: '10.9.0.0/16', gateway: '10.0.0.4', metrics: { mtu: 1400, lock: ['mtu'] }, prefsrc: '10.0.0.1', table: 300, priority: 20 },
        { dst: '203.0.113.0/24', type: 'blackhole', table: 300 },
        { dst: '2001:db8:f::/48', type: 'unreachable' },
        { dst: '2001:db8:e::/48', type: 'blackhole', table: 300, metrics: { mtu: 1300 } },
        { dst: '2001:db8:9::/48', dev: 'low0', pref: 'high', priority: 5 },
        { dst: '10.10.0.0/16', gateway: '10.0.0.5', flags: ['onlink'], dev: 'low0', tos: 8 },
        { dst: '2001:db8:a::/48', multipath: [{ gateway: '2001:db8:1::2', dev: 'low0' }, { gateway: '2001:db8:1::3', dev: 'low0' }] },
        { dst: '2001:db8:b::/48', src: '2001:db8:c::/48', dev: 'low0' },
        { dst: '10.11.0.1', dev: 'low0', scope: 'host', table: 70000 },
      ],
      neighbours: [
        { interface: 'low0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02', protocol: 'static' },
        { interface: 'low0', dst: '2001:db8::2', lladdr: '02:00:00:00:00:03', flags: ['router'] },
        { interface: 'low0', dst: '10.0.0.3', lladdr: '02:00:00:00:00:04', state: 'noarp' },
        { interface: 'br0', dst: 'fe80::5', lladdr: '02:00:00:00:00:05', state: 'noarp' },
      ],
      rules: [
        { priority: 10, iifname: 'low0', oifname: 'br0', fwmark: 0x10, fwmask: 0xff, table: 300 },
        { priority: 11, src: '10.0.0.0/8', dst: '192.0.2.0/24', tos: 0x10, ipProto: 'tcp', dportRange: { start: 80, end: 90 }, sportRange: 1024, table: 'main', suppressPrefixlen: 0 },
        { priority: 12, uidRange: { start: 1000, end: 2000 }, action: 'blackhole' },
        { priority: 13, goto: 15 },
        { family: 'inet6', priority: 14, dst: '2001:db8::/32', invert: true, table: 301 },
        { priority: 15, l3mdev: true },
        { priority: 16, oifname: 'low1', dscp: 10, action: 'prohibit' },
        { priority: 17, tunId: 9n, flow: 0x0003_0004, table: 70000 },
        { priority: 18, fwmark: 3, suppressIfgroup: 5, action: 'nop' },
        { family: 'inet6', priority: 19, src: '2001:DB8:0:1::/64', table: 'main', suppressPrefixlen: 32 },
      ],
    };
    const first = await apply(rtnl, plan(desired, await observe(rtnl), { protocol: PROTOCOL }));
    expect(first.results.filter((r) => r.status !== 'applied')).toEqual([]);
    const second = plan(desired, await observe(rtnl), { protocol: PROTOCOL, owned: first.ownership });
    expect(second.steps.map((step) => ({ key: step.key, changes: step.changes }))).toEqual([]);
    // What ip shows is what was asked, for a few that normalisation had to get right.
    const vx0 = (ns.ipJson('-d', 'link', 'show', 'vx0') as Record<string, any>[])[0];
    if (vx0) expect(vx0.linkinfo.info_data).toMatchObject({ id: 42, remote6: '2001:db8::9', port: 4789 });
    const lowAddresses = (ns.ipJson('addr', 'show', 'dev', 'low0') as Record<string, any>[])[0]!.addr_info.map((a: Record<string, any>) => `${a.local}/${a.prefixlen}`);
    expect(lowAddresses).toEqual(expect.arrayContaining(['10.0.0.1/24', '10.0.1.1/24', '2001:db8::1/64']));
  });
});
