// The link kinds and settings of #11 §4 against iproute2's own requests (helpers/iproute2-link-kinds.ts):
// linx's request for each command must be iproute2's — same type, flags and fixed header, the same
// attributes with the same flag bits and bytes, attribute order aside — and iproute2's bytes, decoded with
// the declarations linx exports (the request layout of @linx/rtnl/protocol, whose kinds' data are the
// generated rt-link sets), mean what the command said.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { NLM_F_DUMP, parseMessages } from '@linx/netlink-wire';
import { linkRequestMessage, rtLink } from '../src/protocol.js';
import { LINK_KIND_FIXTURES, type LinkKindFixture } from './helpers/iproute2-link-kinds.js';
import { canonical, INDEXES } from './helpers/iproute2-requests.js';
import { fakeRtnl, unhex } from './helpers/link-golden.js';

const fixture = (name: LinkKindFixture) => parseMessages(unhex(LINK_KIND_FIXTURES[name].bytes))[0]!;

/** Port settings are checked against the link's master kind first: v0 is then a port of a bridge or a bond. */
const MASTER_KIND: Partial<Record<LinkKindFixture, string>> = { bridgePort: 'bridge', bondSlave: 'bond' };
const linkCodec = compileMessage(rtLink.linkMessage);

async function linxRequest(name: LinkKindFixture) {
  const slaveKind = MASTER_KIND[name];
  const { rtnl, kernel } = fakeRtnl({ ...INDEXES }, (request, k) => {
    if (slaveKind === undefined || request.type !== 18 || (request.flags & NLM_F_DUMP) !== 0) return undefined;
    const attrs = { ifname: 'v0', mtu: 1500, address: '02:00:00:00:00:00', linkinfo: { kind: 'veth', slaveKind } };
    return { messages: [k.reply(request, { type: 16, payload: linkCodec.encode({ header: { ifiIndex: INDEXES.v0, ifiType: 1 }, attrs } as never) })] };
  });
  await LINK_KIND_FIXTURES[name].linx(rtnl);
  const sent = kernel.requests.filter((m) => m.type === LINK_KIND_FIXTURES[name].type);
  expect(sent, 'linx sent the request').toHaveLength(1);
  return sent[0]!;
}

describe.runIf(endianness() === 'LE')('link kinds and settings: requests are iproute2’s, attribute order aside', () => {
  for (const name of Object.keys(LINK_KIND_FIXTURES) as LinkKindFixture[]) {
    it(LINK_KIND_FIXTURES[name].command.join(' '), async () => {
      expect(canonical(await linxRequest(name))).toEqual(canonical(fixture(name)));
    });
  }
});

describe.runIf(endianness() === 'LE')('iproute2’s requests decoded with the exported declarations', () => {
  const request = compileMessage(linkRequestMessage);
  const info = (name: LinkKindFixture) => request.decode(fixture(name).payload).attrs.linkinfo as { kind?: string; data?: Record<string, unknown>; slaveData?: Record<string, unknown> };

  it('gre: keys and their GRE_KEY flag, endpoints as text, ttl, tos, pmtudisc, the lower device', () => {
    expect(info('gre')).toMatchObject({
      kind: 'gre',
      data: { ikey: 5, okey: 5, iflags: ['key'], oflags: ['key'], local: '192.0.2.2', remote: '192.0.2.1', ttl: 64, tos: 0x10, pmtudisc: 1, link: 3, encapFlags: [] },
    });
    expect(info('gretap').data).toMatchObject({ ikey: 1, okey: 2, iflags: ['seq', 'key', 'csum'], oflags: ['seq', 'key', 'csum'] });
    expect(info('greExternal').data).toEqual({ collectMetadata: true });
  });

  it('ip6gre/ip6gretap: IPv6 endpoints, hop limit, the flow info word (tclass << 20 | flow label), csum6 encapsulation', () => {
    expect(info('ip6gre').data).toMatchObject({ remote: '2001:db8::1', local: '2001:db8::2', ttl: 10, ikey: 7, iflags: ['key'], link: 3, encapLimit: 4, encapFlags: ['csum6'] });
    expect(info('ip6gretap')).toMatchObject({ kind: 'ip6gretap', data: { flowinfo: (0x20 << 20) | 5, ttl: 64 } });
  });

  it('ipip, sit, ip6tnl: the carried protocol (IPPROTO_IPV6 41 for ip6ip and ip6ip6), ignoring the encapsulation limit as a flag', () => {
    expect(info('ipip').data).toMatchObject({ proto: 0, remote: '192.0.2.1', local: '192.0.2.2', ttl: 10, link: 3, pmtudisc: 1 });
    expect(info('sit').data).toMatchObject({ proto: 41, flags: 0 });
    expect(info('ip6tnl').data).toMatchObject({ proto: 41, remote: '2001:db8::1', ttl: 20, encapLimit: 4, flags: ['ign-encap-limit'] });
  });

  it('geneve: the VNI, an IPv4 or IPv6 remote, the port in network order, external', () => {
    expect(info('geneve').data).toEqual({ id: 10, remote: '192.0.2.1', label: 0, ttl: 5, tos: 0, port: 6081 });
    expect(info('geneve6').data).toEqual({ id: 11, remote6: '2001:db8::1', label: 0, ttl: 0, tos: 0, udpZeroCsum6Tx: 1 });
    expect(info('geneveExternal').data).toEqual({ id: 0, label: 0, ttl: 0, tos: 0, collectMetadata: true });
  });

  it('vrf, xfrm, wireguard', () => {
    expect(info('vrf')).toEqual({ kind: 'vrf', data: { table: 10 } });
    expect(info('xfrm')).toEqual({ kind: 'xfrm', data: { ifId: 5, link: 3 } });
    expect(info('wireguard')).toEqual({ kind: 'wireguard' });
  });

  it('macsec: the SCI and port in network order, the cipher suite MACSEC_CIPHER_ID_GCM_AES_128, validation named', () => {
    expect(info('macsec').data).toEqual({ port: 11, encrypt: 1, validation: 'strict', cipherSuite: 0x0080_c200_0100_0001n, icvLen: 16, window: 32, replayProtect: 1, encodingSa: 1 });
    expect(info('macsecSci').data).toEqual({ sci: 0x0102_0304_0506_0708n, es: 1 });
  });

  it('vlan: QoS maps as from/to pairs, the flags with their mask', () => {
    expect(info('vlanQos').data).toEqual({
      id: 20,
      egressQos: { mapping: [{ from: 1, to: 2 }, { from: 3, to: 4 }] },
      ingressQos: { mapping: [{ from: 2, to: 1 }] },
      flags: { flags: ['gvrp'], mask: 3 },
    });
  });

  it('bond: options named as ip names them, ARP targets as text', () => {
    expect(info('bondOptions').data).toEqual({
      mode: 'balance-xor', xmitHashPolicy: 'layer3+4', arpInterval: 100, arpIpTarget: ['192.0.2.1', '192.0.2.2'], arpValidate: 'all', primaryReselect: 'better', failOverMac: 'active',
      allSlavesActive: 1, adLacpRate: 'fast', adSelect: 'bandwidth', numPeerNotif: 3, resendIgmp: 2, lpInterval: 5, packetsPerSlave: 4, useCarrier: 0, tlbDynamicLb: 1,
    });
  });

  it('port settings go only to a port of a master of their kind (the kernel would read them with the master\'s policy)', async () => {
    const { rtnl, kernel } = fakeRtnl({ ...INDEXES });
    await expect(LINK_KIND_FIXTURES.bridgePort.linx(rtnl)).rejects.toMatchObject({ name: 'InvalidArgumentError', argument: 'bridgePort' });
    expect(kernel.requests.filter((m) => m.type === 16)).toHaveLength(0);
  });

  it('port settings: bridge_slave and bond_slave kinds with IFLA_INFO_SLAVE_DATA', () => {
    expect(info('bridgePort')).toEqual({
      kind: 'bridge_slave',
      slaveData: { cost: 5, priority: 3, learning: 0, unicastFlood: 0, mcastFlood: 0, mode: 1, guard: 1, protect: 1, fastLeave: 1, proxyarp: 1, neighSuppress: 1, isolated: 1, bcastFlood: 0, state: 'forwarding' },
    });
    expect(info('bondSlave')).toEqual({ kind: 'bond_slave', slaveData: { queueId: 2, prio: 5 } });
  });

  it('altnames: RTM_NEWLINKPROP / RTM_DELLINKPROP on the index, IFLA_PROP_LIST with NLA_F_NESTED', () => {
    const link = compileMessage(rtLink.linkMessage);
    const add = fixture('altnameAdd');
    expect(add.type).toBe(rtLink.linkMessage.types.newlinkprop);
    expect(link.decode(add.payload)).toMatchObject({ header: { ifiIndex: 3 }, attrs: { propList: { altIfname: ['first-alt-name', 'second'] } } });
    expect(link.decode(fixture('altnameDel').payload).attrs).toEqual({ propList: { altIfname: ['first-alt-name'] } });
  });
});
