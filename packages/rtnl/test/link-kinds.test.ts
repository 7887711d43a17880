// The link kinds' options as IFLA_INFO_DATA (KINDS[kind].data) and the argument checks they share,
// without a kernel or a connection. Numbers from linux/if_link.h and linux/if_ether.h: ETH_P_8021Q 0x8100,
// ETH_P_8021AD 0x88a8; MACVLAN_MODE_* and IPVLAN_* as in declarations.ts; multicast is 224.0.0.0/4 and ff00::/8.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkBoolean, checkIp, checkKeys, checkMac, checkName, checkUint, describe as describeValue } from '../src/link/checks.js';
import { KINDS, kindHandler, type BuildContext } from '../src/link/kinds.js';
import { refusal } from './helpers/refusal.js';
import { fakeRtnl } from './helpers/link-golden.js';

/** Interfaces by name are index 42, by index themselves; namespaces become a pid attribute. */
const context: BuildContext = {
  index: (ref) => (typeof ref === 'number' ? ref : 42),
  netns: (target) => ({ netNsPid: (target as { pid: number }).pid }) as never,
};
const data = (kind: keyof typeof KINDS, options: Record<string, unknown>, create = true) => KINDS[kind].data(options, context, create);

describe('checks', () => {
  it('describe: values as they read in a message', () => {
    expect(['a"b', 1, true, null, undefined, [1], {}, () => 1].map(describeValue)).toEqual(['"a\\"b"', '1', 'true', 'null', 'undefined', 'an array', 'object', 'function']);
  });

  it('checkBoolean and checkUint', () => {
    expect(checkBoolean(false, 'up')).toBe(false);
    expect(refusal(() => checkBoolean('yes', 'up')).message).toBe('up: expected true or false, got "yes"');
    expect(refusal(() => checkBoolean([], 'up')).message).toBe('up: expected true or false, got an array');
    expect(checkUint(5, 'n', 10, 5)).toBe(5);
    expect(refusal(() => checkUint(4, 'n', 10, 5)).message).toBe('n: 4 is not an integer in 5..10');
  });

  it('checkName: a name of the table, or with numbers allowed one of its values', () => {
    const table = { a: 1, b: 4 };
    expect(checkName('b', table, 'x')).toBe('b');
    expect(checkName(4, table, 'x', true)).toBe('b');
    expect(refusal(() => checkName(4, table, 'x')).message).toBe('x: 4 is not one of "a", "b"');
    expect(refusal(() => checkName(2, table, 'x', true)).message).toBe('x: 2 is not one of "a", "b" (or their numbers)');
    expect(refusal(() => checkName('toString', table, 'x')).argument).toBe('x');
  });

  it('checkMac: 1 to 32 octets of 1-2 hex digits, colon- or dash-separated', () => {
    for (const good of ['02:00:5e:10:00:01', '02-00-5E-10-00-01', '2:0:5e:10:0:1', Array(20).fill('a0').join(':'), Array(32).fill('ff').join(':')]) expect(checkMac(good, 'address')).toBe(good);
    for (const bad of [Array(33).fill('ff').join(':'), '02:00:5e:10:00:', '020:00:5e:10:00:01', 'zz:00:00:00:00:01', '', 5]) {
      expect(refusal(() => checkMac(bad, 'address')).message, String(bad)).toMatch(/^address: .* is not a link-layer address like "02:00:00:00:00:01"$/);
    }
  });

  it('checkIp: IPv4 or IPv6 without a length', () => {
    expect(checkIp('192.0.2.1', 'local')).toEqual({ family: 4, text: '192.0.2.1', bytes: Uint8Array.of(192, 0, 2, 1) });
    expect(checkIp('ff02::1', 'group')).toMatchObject({ family: 6, text: 'ff02::1' });
    for (const bad of ['192.0.2.1/24', 'fe80::1%eth0', 'x', 7]) expect(refusal(() => checkIp(bad, 'local')).message).toMatch(/^local: .* is not an IPv4 or IPv6 address$/);
  });

  it('checkKeys: an object whose set keys are all allowed, naming the first that is not', () => {
    const allowed = new Set(['low', 'high']);
    expect(checkKeys({ low: 1, other: undefined }, allowed, 'range', 'a range')).toEqual({ low: 1, other: undefined });
    expect(refusal(() => checkKeys({ low: 1, mid: 2 }, allowed, 'range', 'a range')).message).toBe('range.mid: unknown option for a range; the options are low, high');
    expect(refusal(() => checkKeys({ mid: 2 }, allowed, '', 'a range')).argument).toBe('mid');
    for (const bad of [null, [], 'x']) expect(refusal(() => checkKeys(bad, allowed, 'range', 'a range')).message).toMatch(/^range: expected an object of options, got /);
  });
});

describe('KINDS: options as IFLA_INFO_DATA', () => {
  it('kindHandler: the kinds linx creates', () => {
    expect(kindHandler('bridge')).toBe(KINDS.bridge);
    expect(refusal(() => kindHandler(undefined)).message).toBe(
      'kind: missing; the kinds are veth, bridge, vlan, macvlan, macvtap, ipvlan, ipvtap, vxlan, bond, gre, gretap, ip6gre, ip6gretap, ipip, sit, ip6tnl, geneve, vrf, macsec, xfrm, netkit, wireguard, dummy, ifb',
    );
    expect(refusal(() => kindHandler('team')).message).toMatch(/^kind: "team" is not a kind linx creates; the kinds are veth, /);
    expect(refusal(() => kindHandler('hasOwnProperty')).argument).toBe('kind');
  });

  it('bridge: times and masks as numbers, booleans as 0/1, the VLAN protocol as its ethertype; nothing given, no data', () => {
    expect(data('bridge', { stp: true, forwardDelay: 1500, helloTime: 200, maxAge: 2000, ageingTime: 30000, priority: 0xffff, vlanFiltering: false, vlanProtocol: '802.1ad', vlanDefaultPvid: 4094, mcastSnooping: true, groupFwdMask: 0xffff })).toEqual({
      stpState: 1, forwardDelay: 1500, helloTime: 200, maxAge: 2000, ageingTime: 30000, priority: 0xffff, vlanFiltering: 0, vlanProtocol: 0x88a8, vlanDefaultPvid: 4094, mcastSnooping: 1, groupFwdMask: 0xffff,
    });
    expect(data('bridge', { stp: false, vlanProtocol: '8021q' })).toEqual({ stpState: 0, vlanProtocol: 0x8100 });
    expect(data('bridge', {})).toBeUndefined();
    expect(refusal(() => data('bridge', { vlanDefaultPvid: 4095 })).argument).toBe('vlanDefaultPvid');
    expect(refusal(() => data('bridge', { groupFwdMask: 0x10000 })).argument).toBe('groupFwdMask');
    expect(refusal(() => data('bridge', { forwardDelay: 2 ** 32 })).argument).toBe('forwardDelay');
  });

  it('vlan: the id is needed to create, not to change; protocols in every spelling', () => {
    expect(data('vlan', { id: 4094, protocol: '802.1Q' })).toEqual({ id: 4094, protocol: '8021q' });
    expect(data('vlan', { id: 0, protocol: '802.1q' })).toEqual({ id: 0, protocol: '8021q' });
    expect(data('vlan', { id: 7, protocol: '8021ad' })).toEqual({ id: 7, protocol: '8021ad' });
    expect(data('vlan', {}, false)).toBeUndefined();
    expect(refusal(() => data('vlan', {})).message).toBe('id: a vlan link needs its VLAN id (0..4094)');
    expect(refusal(() => data('vlan', { id: 1, protocol: 0x8100 })).message).toBe('protocol: 33024 is not a VLAN protocol ("802.1Q" or "802.1ad")');
    expect(KINDS.vlan.needsLink).toBe(true);
  });

  it('macvlan / macvtap: mode, nopromisc as a flag list, broadcast queue length', () => {
    expect(data('macvlan', { mode: 'passthru', nopromisc: true, bcQueueLen: 2 ** 32 - 1 })).toEqual({ mode: 'passthru', flags: ['nopromisc'], bcQueueLen: 2 ** 32 - 1 });
    expect(data('macvtap', { nopromisc: false })).toEqual({ flags: [] });
    expect(data('macvlan', {})).toBeUndefined();
    expect(refusal(() => data('macvlan', { nopromisc: 1 })).argument).toBe('nopromisc');
    expect(KINDS.macvtap.needsLink).toBe(true);
  });

  it('ipvlan / ipvtap: mode, isolation as the flag (bridge is none)', () => {
    expect(data('ipvlan', { mode: 'l3s', isolation: 'vepa' })).toEqual({ mode: 'l3s', flags: ['vepa'] });
    expect(data('ipvtap', { isolation: 'private' })).toEqual({ flags: ['private'] });
    expect(data('ipvlan', { isolation: 'bridge' })).toEqual({ flags: [] });
    expect(data('ipvlan', {})).toBeUndefined();
    expect(refusal(() => data('ipvlan', { mode: 'l4' })).argument).toBe('mode');
  });

  it('vxlan: addresses by family, groups only multicast (224.0.0.0/4, ff00::/8), remotes only unicast', () => {
    expect(data('vxlan', { vni: 0xff_ffff, group: '224.0.0.1', local: '192.0.2.1', dev: 'eth0', ttl: 255, tos: 0, learning: false, ageing: 300, port: 4789, udpCsum: true, df: 'inherit' })).toEqual({
      id: 0xff_ffff, group: '224.0.0.1', link: 42, local: '192.0.2.1', ttl: 255, tos: 0, learning: 0, ageing: 300, port: 4789, udpCsum: 1, df: 'inherit',
    });
    expect(data('vxlan', { vni: 0, group: '239.255.255.255' })).toEqual({ id: 0, group: '239.255.255.255' });
    expect(data('vxlan', { vni: 1, group: 'ff05::1', local: '2001:db8::1', dev: 7 })).toEqual({ id: 1, group6: 'ff05::1', link: 7, local6: '2001:db8::1' });
    expect(data('vxlan', { vni: 1, remote: '223.255.255.255' })).toEqual({ id: 1, group: '223.255.255.255' });
    expect(data('vxlan', { vni: 1, remote: '240.0.0.1' })).toEqual({ id: 1, group: '240.0.0.1' });
    expect(data('vxlan', { vni: 1, remote: '2001:db8::9' })).toEqual({ id: 1, group6: '2001:db8::9' });
    expect(refusal(() => data('vxlan', { vni: 1, group: '223.255.255.255' })).message).toBe('group: 223.255.255.255 is not a multicast address; use remote');
    expect(refusal(() => data('vxlan', { vni: 1, group: '240.0.0.1' })).argument).toBe('group');
    expect(refusal(() => data('vxlan', { vni: 1, remote: '239.1.1.1' })).message).toBe('remote: 239.1.1.1 is a multicast address; use group');
    expect(refusal(() => data('vxlan', { vni: 1, group: 'fe80::1' })).argument).toBe('group');
    expect(refusal(() => data('vxlan', { vni: 1, ttl: 256 })).argument).toBe('ttl');
    expect(refusal(() => data('vxlan', { vni: 1, df: 'maybe' })).argument).toBe('df');
  });

  it('iproute2Defaults: what `ip link add/set` sends unasked (vxlan learning on create, ipvlan flags with a mode)', () => {
    const defaults = (kind: keyof typeof KINDS, options: Record<string, unknown>, create = true) => KINDS[kind].iproute2Defaults?.(data(kind, options, create), options, create);
    // vxlan_parse_opt: IFLA_VXLAN_LEARNING on every create, 0 for an external device, what was given otherwise.
    expect(defaults('vxlan', { vni: 42, port: 4789 })).toEqual({ id: 42, port: 4789, learning: 1 });
    expect(defaults('vxlan', { external: true })).toEqual({ collectMetadata: 1, learning: 0 });
    expect(defaults('vxlan', { external: true, learning: true })).toEqual({ collectMetadata: 1, learning: 1 });
    expect(defaults('vxlan', { vni: 1, learning: false })).toEqual({ id: 1, learning: 0 });
    expect(defaults('vxlan', { ttl: 3 }, false)).toEqual({ ttl: 3 });
    // ipvlan_parse_opt: IFLA_IPVLAN_FLAGS with every mode (0, bridge), nothing without a mode.
    expect(defaults('ipvlan', { mode: 'l2' })).toEqual({ mode: 'l2', flags: [] });
    expect(defaults('ipvtap', { mode: 'l3' }, false)).toEqual({ mode: 'l3', flags: [] });
    expect(defaults('ipvlan', { mode: 'l3s', isolation: 'vepa' })).toEqual({ mode: 'l3s', flags: ['vepa'] });
    expect(defaults('ipvlan', {})).toBeUndefined();
    // The caller's own data (what reconcile compares) has none of them.
    expect(data('vxlan', { vni: 42 })).toEqual({ id: 42 });
    expect(data('ipvlan', { mode: 'l2' })).toEqual({ mode: 'l2' });
    expect(KINDS.bridge.iproute2Defaults).toBeUndefined();
  });

  it('vxlan: external needs no VNI (collect metadata); the source port range low..high', () => {
    expect(data('vxlan', { external: true })).toEqual({ collectMetadata: 1 });
    expect(data('vxlan', { vni: 5, external: false })).toEqual({ id: 5, collectMetadata: 0 });
    expect(data('vxlan', { port: 8472 }, false)).toEqual({ port: 8472 });
    expect(data('vxlan', { vni: 5, srcPortRange: { low: 1000, high: 1000 } })).toEqual({ id: 5, portRange: { low: 1000, high: 1000 } });
    expect(refusal(() => data('vxlan', {})).message).toBe('vni: a vxlan link needs its VNI (0..16777215), unless it is external');
    expect(refusal(() => data('vxlan', { vni: 1, external: 'yes' })).argument).toBe('external');
    expect(refusal(() => data('vxlan', { vni: 1, group: '239.0.0.1', remote: '10.0.0.1' })).message).toBe('remote: give a multicast group or a unicast remote, not both');
    expect(refusal(() => data('vxlan', { vni: 1, srcPortRange: { low: 2, high: 1 } })).message).toBe('srcPortRange: low 2 is above high 1');
    expect(refusal(() => data('vxlan', { vni: 1, srcPortRange: { low: 1, high: 0x10000 } })).argument).toBe('srcPortRange.high');
    expect(refusal(() => data('vxlan', { vni: 1, srcPortRange: { low: -1, high: 1 } })).argument).toBe('srcPortRange.low');
    expect(refusal(() => data('vxlan', { vni: 1, srcPortRange: { low: 1, high: 2, step: 1 } })).argument).toBe('srcPortRange.step');
  });

  it('bond: the mode by name or number, timers', () => {
    expect(data('bond', { mode: 4, miimon: 100, updelay: 0, downdelay: 2 ** 32 - 1, minLinks: 1 })).toEqual({ mode: '802.3ad', miimon: 100, updelay: 0, downdelay: 2 ** 32 - 1, minLinks: 1 });
    expect(data('bond', { mode: 'active-backup' })).toEqual({ mode: 'active-backup' });
    expect(data('bond', {})).toBeUndefined();
    expect(refusal(() => data('bond', { miimon: -1 })).argument).toBe('miimon');
  });

  it('veth: the peer\'s own settings in IFLA_INFO_DATA; no peer, no data; dummy and ifb have none', () => {
    expect(data('veth', { peer: { name: 'v1', mtu: 9000, address: '02:00:00:00:00:09', txqlen: 0, netns: { pid: 99 } } })).toEqual({
      peer: { header: {}, ifname: 'v1', mtu: 9000, address: '02:00:00:00:00:09', txqlen: 0, netNsPid: 99 },
    });
    expect(data('veth', { peer: {} })).toEqual({ peer: { header: {} } });
    expect(data('veth', {})).toBeUndefined();
    expect(refusal(() => data('veth', { peer: { mtu: -1 } })).argument).toBe('peer.mtu');
    expect(refusal(() => data('veth', { peer: { txqlen: 1.5 } })).argument).toBe('peer.txqlen');
    expect(refusal(() => data('veth', { peer: 'v1' })).argument).toBe('peer');
    expect(data('dummy', {})).toBeUndefined();
    expect(KINDS.ifb.keys).toEqual([]);
  });
});

describe('the kinds of #11 §4: options as IFLA_INFO_DATA', () => {
  const defaults = (kind: keyof typeof KINDS, options: Record<string, unknown>, create = true) => KINDS[kind].iproute2Defaults?.(data(kind, options, create), options, create);

  it('gre: key both ways sets GRE_KEY both ways; csum/seq per direction; the defaults iproute2 sends only on create and not for external', () => {
    expect(data('gre', { key: 5 })).toEqual({ ikey: 5, okey: 5, iflags: ['key'], oflags: ['key'] });
    expect(data('gretap', { icsum: true, oseq: true, okey: 9 })).toEqual({ okey: 9, iflags: ['csum'], oflags: ['seq', 'key'] });
    expect(defaults('gre', { remote: '192.0.2.1' })).toEqual({ ikey: 0, okey: 0, iflags: [], oflags: [], pmtudisc: 1, tos: 0, ttl: 0, fwmark: 0, encapType: 0, encapFlags: [], encapSport: 0, encapDport: 0, remote: '192.0.2.1' });
    expect(defaults('gre', { ttl: 3 }, false)).toEqual({ ttl: 3 });
    expect(defaults('gre', { external: true })).toEqual({ collectMetadata: true });
    expect(refusal(() => data('gre', { csum: true, icsum: false })).argument).toBe('csum');
    expect(refusal(() => data('gre', { key: 2 ** 32 })).argument).toBe('key');
  });

  it('ip6gre and ip6tnl: hop limit, encapsulation limit or none, the flow info word', () => {
    expect(data('ip6gre', { tclass: 0xff, flowlabel: 0xf_ffff, encapLimit: 'none', hoplimit: 1 })).toEqual({ flowinfo: 0x0fff_ffff, ttl: 1, flags: ['ign-encap-limit'] });
    expect(data('ip6tnl', { mode: 'ipip6', encapLimit: 0 })).toEqual({ proto: 4, encapLimit: 0 });
    expect(refusal(() => data('ip6tnl', { tclass: 256 })).argument).toBe('tclass');
    expect(refusal(() => data('ip6gretap', { remote: '192.0.2.1' })).message).toBe('remote: 192.0.2.1 is not an IPv6 address');
  });

  it('ipip and sit: the carried protocol by mode, sit also sends IFLA_IPTUN_FLAGS', () => {
    expect(data('ipip', { mode: 'mplsip' })).toEqual({ proto: 137 });
    expect(defaults('sit', { mode: 'ip6ip' })).toMatchObject({ proto: 41, flags: 0, link: 0, pmtudisc: 1 });
    expect(defaults('ipip', {})).not.toHaveProperty('flags');
    expect(refusal(() => data('ipip', { mode: 'ip6ip' })).argument).toBe('mode');
  });

  it('geneve: the VNI unless external, the remote by family', () => {
    expect(data('geneve', { vni: 1, remote: '2001:db8::5' })).toEqual({ id: 1, remote6: '2001:db8::5' });
    expect(defaults('geneve', { external: true })).toEqual({ id: 0, label: 0, ttl: 0, tos: 0, collectMetadata: true });
    expect(refusal(() => data('geneve', { vni: 0x100_0000 })).argument).toBe('vni');
  });

  it('vlan: QoS maps within their bounds, flags with the mask of those given', () => {
    expect(data('vlan', { id: 1, egressQos: [{ from: 2 ** 32 - 1, to: 7 }], ingressQos: [], reorderHdr: true, bridgeBinding: false })).toEqual({
      id: 1,
      egressQos: { mapping: [{ from: 2 ** 32 - 1, to: 7 }] },
      ingressQos: { mapping: [] },
      flags: { flags: ['reorder-hdr'], mask: 1 | 16 },
    });
    expect(refusal(() => data('vlan', { id: 1, ingressQos: [{ from: 8, to: 0 }] })).argument).toBe('ingressQos[0].from');
    expect(refusal(() => data('vlan', { id: 1, egressQos: [{ from: 0 }] })).argument).toBe('egressQos[0].to');
  });

  it('bond: options by ip\'s names, ARP targets IPv4 only and at most 16, the primary by interface', () => {
    expect(data('bond', { arpIpTarget: ['192.0.2.1'], primary: 'eth0', xmitHashPolicy: 'vlan+srcmac', arpValidate: 'filter_backup', useCarrier: true })).toEqual({
      arpIpTarget: ['192.0.2.1'], primary: 42, xmitHashPolicy: 'vlan+srcmac', arpValidate: 'filter_backup', useCarrier: 1,
    });
    expect(refusal(() => data('bond', { arpIpTarget: Array(17).fill('192.0.2.1') })).argument).toBe('arpIpTarget');
    expect(refusal(() => data('bond', { lpInterval: 0 })).argument).toBe('lpInterval');
  });

  it('vrf, xfrm, macsec, netkit, wireguard', () => {
    expect(data('vrf', { table: 10 })).toEqual({ table: 10 });
    expect(refusal(() => data('vrf', { table: 0 })).argument).toBe('table');
    expect(data('xfrm', { external: true })).toEqual({ collectMetadata: true });
    expect(data('xfrm', { ifId: 7, dev: 3 })).toEqual({ ifId: 7, link: 3 });
    expect(data('macsec', { sci: 'ffffffffffffffff', cipher: 'gcm-aes-xpn-256', offload: 'mac' })).toEqual({ sci: 0xffff_ffff_ffff_ffffn, cipherSuite: 0x0080_c200_0100_0004n, offload: 'mac' });
    expect(data('netkit', { mode: 'l2', policy: 'blackhole', peer: { name: 'nk1', netns: { pid: 7 } } })).toEqual({ peerInfo: { header: {}, netNsPid: 7, ifname: 'nk1' }, mode: 'l2', policy: 'blackhole' });
    expect(KINDS.wireguard.keys).toEqual([]);
    expect(KINDS.macsec.needsLink).toBe(true);
  });

  it('macsec cipher suites are linux/if_macsec.h\'s MACSEC_CIPHER_ID_* (read from the header where it is installed)', () => {
    const header = '/usr/include/linux/if_macsec.h';
    if (!existsSync(header)) return;
    const text = readFileSync(header, 'utf8');
    for (const [name, c] of [['gcm-aes-128', 'GCM_AES_128'], ['gcm-aes-256', 'GCM_AES_256'], ['gcm-aes-xpn-128', 'GCM_AES_XPN_128'], ['gcm-aes-xpn-256', 'GCM_AES_XPN_256']] as const) {
      const m = new RegExp(`#define\\s+MACSEC_CIPHER_ID_${c}\\s+(0x[0-9A-Fa-f]+)ULL`).exec(text);
      expect(m, c).not.toBeNull();
      expect(data('macsec', { cipher: name })).toEqual({ cipherSuite: BigInt(m![1]!) });
    }
  });
});

describe('kinds whose settings the kernel replaces as a whole', () => {
  it('set refuses to change a tunnel\'s or an xfrm interface\'s settings (the kernel would zero those not given); a vxlan\'s it changes', async () => {
    const { rtnl, changes } = fakeRtnl({ t0: 5 });
    for (const changes of [{ kind: 'gre', ttl: 9 }, { kind: 'ip6tnl', hoplimit: 3 }, { kind: 'sit', ttl: 1 }, { kind: 'ip6gretap', key: 1 }, { kind: 'xfrm', ifId: 2 }]) {
      const error = await rtnl.links.set('t0', changes as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(changes)).toMatchObject({ name: 'InvalidArgumentError', argument: 'kind' });
      expect((error as Error).message).toMatch(/cannot be changed in place/);
    }
    // The type says so too.
    // @ts-expect-error a gre tunnel's settings are not changed in place
    await rtnl.links.set('t0', { kind: 'gre', ttl: 9 }).catch(() => undefined);
    // The kind alone (no settings) is still a plain change, and other kinds change what is given.
    await rtnl.links.set('t0', { kind: 'gre', mtu: 1400 });
    await rtnl.links.set('t0', { kind: 'vxlan', ttl: 3 });
    expect(changes()).toHaveLength(2);
  });
});
