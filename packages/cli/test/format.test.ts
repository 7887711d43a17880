// The `ip -j` shapes and the text printed from them, without a kernel: objects as @linx/rtnl lists them
// (the fields its decoders set), and what iproute2 6.1 printed for the same objects in a namespace (the
// expected lines below were copied from `ip` / `ip -j` output; the live tests compare with ip itself).
import { describe, expect, it } from 'vitest';
import type { Address, Link, Neighbour, Route, Rule } from '@linx/rtnl';
import { addressToIp, linkToIp, neighbourToIp, routeToIp, ruleToIp } from '../src/index.js';
import { addressText, linkText, neighbourText, routeText, ruleText } from '../src/output/text.js';

const names = new Map([[2, 'v1'], [3, 'v0'], [4, 'br0']]);
const v1 = {
  index: 2, family: 'unspec', type: 'ether', flags: ['broadcast', 'multicast', 'up', 'lower-up', 'running'],
  ifname: 'v1', link: 3, mtu: 1500, qdisc: 'noqueue', master: 4, operstate: 'up', linkmode: 0, group: 0, txqlen: 1000,
  address: 'fe:e7:74:65:ab:6a', broadcast: 'ff:ff:ff:ff:ff:ff', promiscuity: 1, allmulti: 1, minMtu: 68, maxMtu: 65535,
  linkinfo: { kind: 'veth', slaveKind: 'bridge' }, numTxQueues: 2, numRxQueues: 2, gsoMaxSize: 65536, gsoMaxSegs: 65535,
  tsoMaxSize: 524280, tsoMaxSegs: 65535, groMaxSize: 65536, afSpec: { inet6: { addrGenMode: 0 } },
} as unknown as Link;
const shape = { names, up: new Set([2, 3, 4]), linkmode: true, details: false, stats: 0, linkLayer: true };

describe('links', () => {
  it('ip -j link show', () => {
    expect(linkToIp(v1, shape)).toEqual({
      ifindex: 2, link: 'v0', ifname: 'v1', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, qdisc: 'noqueue', master: 'br0',
      operstate: 'UP', linkmode: 'DEFAULT', group: 'default', txqlen: 1000, link_type: 'ether', address: 'fe:e7:74:65:ab:6a', broadcast: 'ff:ff:ff:ff:ff:ff',
    });
  });
  it('ip link show, ip addr show (no mode), -4 (no link layer)', () => {
    expect(linkText(linkToIp(v1, shape))).toBe('2: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n    link/ether fe:e7:74:65:ab:6a brd ff:ff:ff:ff:ff:ff');
    expect(linkText(linkToIp(v1, { ...shape, linkmode: false, linkLayer: false }))).toBe('2: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000');
  });
  it('-d adds the details; the parent down is M-DOWN; up without carrier is NO-CARRIER', () => {
    expect(linkToIp(v1, { ...shape, details: true })).toMatchObject({ promiscuity: 1, allmulti: 1, min_mtu: 68, max_mtu: 65535, linkinfo: { info_kind: 'veth', info_slave_kind: 'bridge' }, inet6_addr_gen_mode: 'eui64', num_tx_queues: 2, gro_max_size: 65536 });
    const noCarrier = { ...v1, flags: ['broadcast', 'multicast', 'up'] } as unknown as Link;
    expect(linkToIp(noCarrier, { ...shape, up: new Set([2]) }).flags).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP', 'M-DOWN']);
  });
  it('-s: the counters as numbers in ip -s -j\'s names', () => {
    const stats64 = { rxPackets: 3n, txPackets: 1n, rxBytes: 254n, txBytes: 110n, rxErrors: 0n, txErrors: 0n, rxDropped: 0n, txDropped: 0n, multicast: 0n, collisions: 0n, rxOverErrors: 0n, txCarrierErrors: 0n };
    expect(linkToIp({ ...v1, stats64 } as unknown as Link, { ...shape, stats: 1 }).stats64).toEqual({
      rx: { bytes: 254, packets: 3, errors: 0, dropped: 0, over_errors: 0, multicast: 0 }, tx: { bytes: 110, packets: 1, errors: 0, dropped: 0, carrier_errors: 0, collisions: 0 },
    });
  });
});

describe('addresses', () => {
  const base = { family: 'inet', ifindex: 3, prefixlen: 24, scope: 'universe', flags: ['permanent'], local: '10.0.0.1', label: 'v0', validLifetime: 'forever', preferredLifetime: 'forever' };
  it('an IPv4 address with its label', () => {
    const a = addressToIp(base as unknown as Address);
    expect(a).toEqual({ family: 'inet', local: '10.0.0.1', prefixlen: 24, scope: 'global', label: 'v0', valid_life_time: 4294967295, preferred_life_time: 4294967295 });
    expect(addressText(a)).toBe('    inet 10.0.0.1/24 scope global v0\n       valid_lft forever preferred_lft forever');
  });
  it('secondary, peer, IPv6 flags; not permanent is dynamic', () => {
    expect(addressText(addressToIp({ ...base, local: '10.9.0.1', peer: '10.9.0.2', prefixlen: 32, flags: ['permanent', 'secondary'] } as unknown as Address))).toBe('    inet 10.9.0.1 peer 10.9.0.2/32 scope global secondary v0\n       valid_lft forever preferred_lft forever');
    const v6 = addressToIp({ family: 'inet6', ifindex: 3, prefixlen: 64, scope: 'link', flags: ['tentative'], local: 'fe80::1', validLifetime: 100, preferredLifetime: 50 } as unknown as Address);
    expect(v6).toEqual({ family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link', tentative: true, dynamic: true, valid_life_time: 100, preferred_life_time: 50 });
    expect(addressText(v6)).toBe('    inet6 fe80::1/64 scope link tentative dynamic\n       valid_lft 100sec preferred_lft 50sec');
  });
});

describe('routes, neighbours, rules', () => {
  const route = (fields: object) => ({ family: 'inet', type: 'unicast', table: 254, dstLen: 24, srcLen: 0, tos: 0, protocol: 'boot', scope: 'universe', flags: [], priority: undefined, gateway: undefined, oif: 3, dev: 'v0', ...fields }) as unknown as Route;
  it.each([
    [{ dst: '10.0.0.0', protocol: 'kernel', scope: 'link', prefsrc: '10.0.0.1' }, { dst: '10.0.0.0/24', dev: 'v0', protocol: 'kernel', scope: 'link', prefsrc: '10.0.0.1', flags: [] }, '10.0.0.0/24 dev v0 proto kernel scope link src 10.0.0.1'],
    [{ dst: '192.0.2.0', gateway: '10.0.0.2' }, { dst: '192.0.2.0/24', gateway: '10.0.0.2', dev: 'v0', flags: [] }, '192.0.2.0/24 via 10.0.0.2 dev v0'],
    [{ dst: undefined, dstLen: 0, gateway: '10.0.0.254' }, { dst: 'default', gateway: '10.0.0.254', dev: 'v0', flags: [] }, 'default via 10.0.0.254 dev v0'],
    [{ type: 'blackhole', dst: '203.0.113.0', oif: undefined, dev: undefined }, { type: 'blackhole', dst: '203.0.113.0/24', flags: [] }, 'blackhole 203.0.113.0/24'],
    [{ family: 'inet6', dst: '2001:db8::', dstLen: 64, protocol: 'kernel', priority: 256, pref: 'medium' }, { dst: '2001:db8::/64', dev: 'v0', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' }, '2001:db8::/64 dev v0 proto kernel metric 256 pref medium'],
  ])('route %#', (fields, json, text) => {
    const shaped = routeToIp(route(fields), { names, showTable: false });
    expect(shaped).toEqual(json);
    expect(routeText(shaped)).toBe(text);
  });
  it('a multipath route', () => {
    const shaped = routeToIp(route({ dst: '100.64.0.0', dstLen: 10, oif: undefined, dev: undefined, multipath: [{ oif: 3, weight: 1, flags: [], gateway: '10.0.0.2' }, { oif: 3, weight: 3, flags: [], gateway: '10.0.0.3' }] }), { names, showTable: false });
    expect(routeText(shaped)).toBe('100.64.0.0/10\n\tnexthop via 10.0.0.2 dev v0 weight 1\n\tnexthop via 10.0.0.3 dev v0 weight 3');
  });
  it('a neighbour', () => {
    const n = neighbourToIp({ family: 'inet6', ifindex: 3, state: 'permanent', states: ['permanent'], flags: ['router'], type: 'unicast', dst: '2001:db8::9', lladdr: '02:00:00:00:00:0a' } as unknown as Neighbour, names);
    expect(n).toEqual({ dst: '2001:db8::9', dev: 'v0', lladdr: '02:00:00:00:00:0a', router: null, state: ['PERMANENT'] });
    expect(neighbourText(n)).toBe('2001:db8::9 dev v0 lladdr 02:00:00:00:00:0a router PERMANENT');
  });
  it.each([
    [{ priority: 1000, action: 'to-table', table: 100, src: '10.1.0.0', srcLen: 16, dstLen: 0 }, { priority: 1000, src: '10.1.0.0', srclen: 16, table: '100' }, '1000:\tfrom 10.1.0.0/16 lookup 100'],
    [{ priority: 5, action: 'to-table', table: 254, srcLen: 0, dstLen: 0, fwmark: 16, fwmask: 255, iifname: 'v0' }, { priority: 5, src: 'all', fwmark: '0x10', fwmask: '0xff', iif: 'v0', table: 'main' }, '5:\tfrom all fwmark 0x10/0xff iif v0 lookup main'],
    [{ priority: 6, action: 'prohibit', srcLen: 0, dst: '10.9.0.0', dstLen: 16 }, { priority: 6, src: 'all', dst: '10.9.0.0', dstlen: 16, action: 'prohibit' }, '6:\tfrom all to 10.9.0.0/16 prohibit'],
  ])('rule %#', (fields, json, text) => {
    const shaped = ruleToIp({ family: 'inet', tos: 0, flags: [], ...fields } as unknown as Rule);
    expect(shaped).toEqual(json);
    expect(ruleText(shaped)).toBe(text);
  });
});

describe('a bridge\'s -d data', async () => {
  const { bridgeInfoData, bridgeIdText } = await import('../src/output/bridge-data.js');
  it('bridge ids as iproute2 prints them (ether_ntoa: no leading zeros)', () => {
    expect(bridgeIdText({ prio: 0x8000, addr: [0x0e, 0xda, 0x8b, 0x0a, 0x9a, 0x21] })).toBe('8000.e:da:8b:a:9a:21');
  });
  it('timers in seconds, the group mask as text, the bool options ip 6.1 knows, nothing it does not print', () => {
    expect(bridgeInfoData({ helloTimer: 250n, gcTimer: 29556n, groupFwdMask: 8, multiBoolopt: { optval: 2, optmask: 31 }, vlanProtocol: 0x8100, fdbNLearned: 0, forwardDelay: 1500 })).toEqual({
      hello_timer: 2.5, gc_timer: 295.56, group_fwd_mask: '0x8', no_linklocal_learn: 0, mcast_vlan_snooping: 1, vlan_protocol: '802.1Q', forward_delay: 1500,
    });
  });
});
