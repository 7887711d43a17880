// rtnl.tc.filters without a kernel: bad input refused with InvalidArgumentError naming the argument before
// anything is sent (a FakeKernel records requests: none may be a filter's), u32 handles as tc writes them,
// and bytes `tc` sent (traced with strace from iproute2 6.1) decoded back to the command's meaning.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError, isFilterOf, type TcFilterSpec } from '../src/index.js';
import { filterMessage } from '../src/tc/filters/declarations.js';
import { toFilter } from '../src/tc/filters/shape.js';
import { decodeFilter } from '../src/tc/filters/decode.js';
import { formatU32Handle, u32Handle } from '../src/tc/filters/u32.js';
import { acknowledgingKernel } from './helpers/acknowledging-kernel.js';

const recording = acknowledgingKernel;

describe('rtnl.tc.filters input', () => {
  it.each<[unknown, string]>([
    [{ dev: 'v0', kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.0.0.0/40' }] } }, 'spec.options.match[0].prefix'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ ip: 'dst', prefix: '2001:db8::/32' }] } }, 'spec.options.match[0].prefix'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ ip: 'sport', value: 70000 }] } }, 'spec.options.match[0].value'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ u16: 1, mask: 0xffff, at: 3 }] } }, 'spec.options.match[0].at'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }, { u32: 0x0b000000, mask: 0xff000000, at: 16 }] } }, 'spec.options.match[1]'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ ip: 'ttl', value: 1 }] } }, 'spec.options.match[0].ip'],
    [{ dev: 'v0', kind: 'u32', options: { match: [] } }, 'spec.options.match'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ udp: 'src', value: 53 }, { icmp: 'type', value: 8 }] } }, 'spec.options.match[1]'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ ip6: 'dst', prefix: '10.0.0.0/8' }] } }, 'spec.options.match[0].prefix'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ ip6: 'hoplimit', value: 1 }] } }, 'spec.options.match[0].ip6'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ ip6: 'flowlabel', value: 0x100000 }] } }, 'spec.options.match[0].value'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ tcp: 'flags', value: 2 }] } }, 'spec.options.match[0].tcp'],
    [{ dev: 'v0', kind: 'u32', options: { match: [{ u16: 1, mask: 0xffff, at: 2, nexthdr: 'yes' }] } }, 'spec.options.match[0].nexthdr'],
    [{ dev: 'v0', kind: 'u32', options: { offset: { mask: 0x10000 } } }, 'spec.options.offset.mask'],
    [{ dev: 'v0', kind: 'u32', options: { hashkey: { mask: 0xff, at: 13 } } }, 'spec.options.hashkey.at'],
    [{ dev: 'v0', kind: 'u32', options: { divisor: 257 } }, 'spec.options.divisor'],
    [{ dev: 'v0', kind: 'u32', options: { flowid: '1:1' } }, 'spec.options.flowid'],
    [{ dev: 'v0', kind: 'u32', handle: '1000::', options: {} }, 'spec.handle'],
    [{ dev: 'v0', kind: 'u32', priority: 0x10000 }, 'spec.priority'],
    [{ dev: 'v0', kind: 'u32', protocol: 'ipx' }, 'spec.protocol'],
    [{ dev: 'v0', kind: 'u32', chain: -1 }, 'spec.chain'],
    [{ dev: 'v0', kind: 'u32', chain: 0x1000_0000 }, 'spec.chain'],
    [{ dev: 'v0', kind: 'u32', parent: 'sideways' }, 'spec.parent'],
    [{ dev: 'v0', kind: 'no such kind!' }, 'spec.kind'],
    [{ dev: 'v0', kind: 'bpf', options: {} }, 'spec.options'],
    [{ dev: 'v0', kind: 'bpf', options: { bytecode: [[1, 2, 3]] } }, 'spec.options.bytecode[0]'],
    [{ dev: 'v0', kind: 'bpf', options: { bytecode: [[0x10000, 0, 0, 0]] } }, 'spec.options.bytecode[0]'],
    [{ dev: 'v0', kind: 'bpf', options: { fd: -1 } }, 'spec.options.fd'],
    [{ dev: 'v0', kind: 'flower', options: { dstPort: 80 } }, 'spec.options.dstPort'],
    [{ dev: 'v0', kind: 'flower', options: { ipProto: 'tcp', srcIp: '10.0.0.1', dstIp: '::1' } }, 'spec.options.srcIp'],
    [{ dev: 'v0', kind: 'flower', options: { ethDst: '00:11:22:33:44' } }, 'spec.options.ethDst'],
    [{ dev: 'v0', kind: 'flower', options: { ethSrc: '00:11:22:33:44:55/ff' } }, 'spec.options.ethSrc'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { vlanId: 5 } }, 'spec.options.vlanId'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { mplsLabel: 5 } }, 'spec.options.mplsLabel'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encErspan: { ver: 3 } } }, 'spec.options.encErspan.ver'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encErspan: { ver: 1, hwid: 5 } } }, 'spec.options.encErspan.hwid'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encErspan: { ver: 2, index: 5 } } }, 'spec.options.encErspan.index'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encErspan: { ver: 1, index: 0x10_0000 } } }, 'spec.options.encErspan.index'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encVxlanGbp: 1, encErspan: { ver: 1 } } }, 'spec.options.encErspan'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encVxlanGbp: -1 } }, 'spec.options.encVxlanGbp'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encVxlanGbp: 1, encGeneve: '0108:80:00880022' } }, 'spec.options.encGeneve'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encGeneve: '0108:80:008800' } }, 'spec.options.encGeneve[0].data'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encGeneve: '0108:80:00880022/ffff:ff:ff' } }, 'spec.options.encGeneve[0].mask'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encGeneve: '10108:80:00880022' } }, 'spec.options.encGeneve[0]'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encGeneve: [{ class: 1, type: 256, data: '00000000' }] } }, 'spec.options.encGeneve[0].type'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encGeneve: [{ class: 1, type: 1, data: new Uint8Array(128) }] } }, 'spec.options.encGeneve[0].data'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encGeneve: [1, 2, 3].map((type) => ({ class: 1, type, data: new Uint8Array(120) })) } }, 'spec.options.encGeneve'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { encGeneve: [] } }, 'spec.options.encGeneve'],
    [{ dev: 'v0', kind: 'u32', options: { hashTable: '2:', sample: { match: { ip6: 'dst', prefix: '2001:db8::/64' } } } }, 'spec.options.sample.match'],
    [{ dev: 'v0', kind: 'u32', options: { hashTable: '2:', sample: { match: { ip: 'dst', prefix: '10.0.0.5/32' }, divisor: 10 } } }, 'spec.options.sample.divisor'],
    [{ dev: 'v0', kind: 'u32', options: { hashTable: '2:', sample: { match: { ip: 'dst', prefix: '10.0.0.5/32' }, divisor: 512 } } }, 'spec.options.sample.divisor'],
    [{ dev: 'v0', kind: 'u32', options: { hashTable: '2:', sample: { match: { tcp: 'dst', value: 80 } } } }, 'spec.options.sample.match'],
    [{ dev: 'v0', kind: 'u32', options: { hashTable: '2:', sample: { ip: 'dst', prefix: '10.0.0.5/32' } } }, 'spec.options.sample.ip'],
    [{ dev: 'v0', kind: 'flower', protocol: 'mpls_uc', options: { mplsLabel: 0x10_0000 } }, 'spec.options.mplsLabel'],
    [{ dev: 'v0', kind: 'flower', protocol: 'mpls_uc', options: { mplsBos: 2 } }, 'spec.options.mplsBos'],
    [{ dev: 'v0', kind: 'flower', protocol: 'mpls_mc', options: { mplsTc: 8 } }, 'spec.options.mplsTc'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { arpOp: 'request' } }, 'spec.options.arpOp'],
    [{ dev: 'v0', kind: 'flower', protocol: 'arp', options: { arpOp: 5 } }, 'spec.options.arpOp'],
    [{ dev: 'v0', kind: 'flower', protocol: 'arp', options: { arpSip: '2001:db8::1' } }, 'spec.options.arpSip'],
    [{ dev: 'v0', kind: 'flower', protocol: 'arp', options: { arpTha: '02:00:00:00:00' } }, 'spec.options.arpTha'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { ipProto: 'tcp', srcPort: '2000-1000' } }, 'spec.options.srcPort'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { ipProto: 'tcp', dstPort: { min: 1, max: 70000 } } }, 'spec.options.dstPort.max'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { ipProto: 'tcp', dstPort: '80to90' } }, 'spec.options.dstPort'],
    [{ dev: 'v0', kind: 'flower', protocol: 'ip', options: { ipProto: 'icmp', dstPort: '80-90' } }, 'spec.options.dstPort'],
    [{ dev: 'v0', kind: 'flower', protocol: '802.1q', options: { vlanId: 4096 } }, 'spec.options.vlanId'],
    [{ dev: 'v0', kind: 'flower', protocol: '802.1q', options: { vlanPrio: 8 } }, 'spec.options.vlanPrio'],
    [{ dev: 'v0', kind: 'flower', options: { ipTos: 256 } }, 'spec.options.ipTos'],
    [{ dev: 'v0', kind: 'flower', options: { ipTtl: { value: 1 } } }, 'spec.options.ipTtl.mask'],
    [{ dev: 'v0', kind: 'flower', options: { ipProto: 'udp', tcpFlags: 2 } }, 'spec.options.tcpFlags'],
    [{ dev: 'v0', kind: 'flower', options: { ctState: 'trk' } }, 'spec.options.ctState'],
    [{ dev: 'v0', kind: 'flower', options: { ctState: '+trk+bogus' } }, 'spec.options.ctState'],
    [{ dev: 'v0', kind: 'flower', options: { encSrcIp: '10.0.0.1', encDstIp: '2001:db8::1' } }, 'spec.options.encSrcIp'],
    [{ dev: 'v0', kind: 'flower', options: { encKeyId: -1 } }, 'spec.options.encKeyId'],
    [{ dev: 'v0', kind: 'basic', options: { classid: 1 } }, 'spec.options'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'mirred', action: 'sideways', dev: 'v1' }] }, 'spec.actions[0].action'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'mirred', action: 'egress redirect' }] }, 'spec.actions[0].dev'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'gact', verdict: 'explode' }] }, 'spec.actions[0].verdict'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'gact', verdict: { gotoChain: -1 } }] }, 'spec.actions[0].verdict.gotoChain'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'gact', verdict: 'pass', random: { type: 'determ', verdict: 'drop', value: 0 } }] }, 'spec.actions[0].random.value'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'sample' }] }, 'spec.actions[0].kind'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'nat' }] }, 'spec.actions[0].direction'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'nat', direction: 'ingress', old: '2001:db8::1', new: '10.0.0.1' }] }, 'spec.actions[0].old'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'nat', direction: 'ingress', old: '10.0.0.0/8', new: '10.1.0.0/16' }] }, 'spec.actions[0].new'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'police', rate: '1mbit' }] }, 'spec.actions[0].burst'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'police', burst: '10k' }] }, 'spec.actions[0].rate'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'police' }] }, 'spec.actions[0]'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'police', rate: '1kbit', burst: '4gb' }] }, 'spec.actions[0].burst'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'police', avrate: '100gbit' }] }, 'spec.actions[0].avrate'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'police', rate: '1mbit', burst: '10k', exceed: 'explode' }] }, 'spec.actions[0].exceed'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'skbedit' }] }, 'spec.actions[0]'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'skbedit', queueMapping: 0x10000 }] }, 'spec.actions[0].queueMapping'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'skbedit', mask: 1 }] }, 'spec.actions[0].mask'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'skbedit', ptype: 'loopback' }] }, 'spec.actions[0].ptype'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'vlan', op: 'push' }] }, 'spec.actions[0].id'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'vlan', op: 'push', id: 4096 }] }, 'spec.actions[0].id'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'vlan', op: 'pop', id: 5 }] }, 'spec.actions[0].id'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'vlan', op: 'push', id: 5, priority: 8 }] }, 'spec.actions[0].priority'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'csum', update: [] }] }, 'spec.actions[0].update'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'csum', update: ['tcp', 'ipv6hdr'] }] }, 'spec.actions[0].update[1]'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'tunnel_key', op: 'set' }] }, 'spec.actions[0]'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'tunnel_key', op: 'set', srcIp: '10.0.0.1', dstIp: '2001:db8::1' }] }, 'spec.actions[0].dstIp'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'tunnel_key', op: 'unset', id: 1 }] }, 'spec.actions[0].id'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'tunnel_key', op: 'set', id: 2 ** 32 }] }, 'spec.actions[0].id'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [] }] }, 'spec.actions[0].keys'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ offset: 9, size: 'u16', set: 1 }] }] }, 'spec.actions[0].keys[0].offset'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ offset: 8, size: 'u8', set: 256 }] }] }, 'spec.actions[0].keys[0].set'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ offset: 8, size: 'u8', add: 1 }] }] }, 'spec.actions[0].keys[0].add'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'ip5', offset: 8, size: 'u8', set: 1 }] }] }, 'spec.actions[0].keys[0].header'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'ip4', offset: 8, size: 'u8', set: 1, add: 1 }] }] }, 'spec.actions[0].keys[0]'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'ip4', field: 'hoplimit', set: 1 }] }] }, 'spec.actions[0].keys[0].field'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ field: 'ttl', set: 1 }] }] }, 'spec.actions[0].keys[0].header'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'network', field: 'ttl', set: 1 }] }] }, 'spec.actions[0].keys[0].header'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'ip4', field: 'ttl', set: 256 }] }] }, 'spec.actions[0].keys[0].set'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'ip4', field: 'ihl', set: 16 }] }] }, 'spec.actions[0].keys[0].set'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'ip4', field: 'src', set: '10.0.0.256' }] }] }, 'spec.actions[0].keys[0].set'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'ip4', field: 'src', add: 1 }] }] }, 'spec.actions[0].keys[0].add'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'eth', field: 'dst', set: '02:00:00:00:01' }] }] }, 'spec.actions[0].keys[0].set'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'ip6', field: 'dst', set: '10.0.0.1' }] }] }, 'spec.actions[0].keys[0].set'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: [{ header: 'tcp', field: 'dport', offset: 2, set: 80 }] }] }, 'spec.actions[0].keys[0].offset'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: [{ kind: 'pedit', keys: Array.from({ length: 33 }, () => ({ header: 'ip6', field: 'src', set: '::1' })) }] }, 'spec.actions[0].keys'],
    [{ dev: 'v0', kind: 'u32', options: {}, actions: Array.from({ length: 33 }, () => ({ kind: 'gact', verdict: 'pass' })) }, 'spec.actions'],
    [{ dev: 'v0', kind: 'basic', options: new Uint8Array(4), actions: [] }, 'spec.actions'],
    [{ kind: 'u32' }, 'spec.dev'],
    [{ dev: 'v0', block: 1, kind: 'u32' }, 'spec.dev'],
  ])('refuses %j naming %s, sending nothing', async (spec, argument) => {
    const { kernel, rtnl } = recording();
    const error = await rtnl.tc.filters.add(spec as TcFilterSpec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument });
    expect(kernel.requests.filter((r) => r.type === 44)).toEqual([]);
  });

  it('chains and lists refuse bad input too', async () => {
    const { kernel, rtnl } = recording();
    await expect(rtnl.tc.chains.add({ dev: 'v0', chain: 2 ** 32 })).rejects.toMatchObject({ argument: 'spec.chain' });
    await expect(rtnl.tc.chains.list({} as never)).rejects.toMatchObject({ argument: 'filter.dev' });
    await expect(rtnl.tc.filters.list({ dev: 'v0', protocol: 'ipx' })).rejects.toMatchObject({ argument: 'filter.protocol' });
    await expect(rtnl.tc.filters.delete({ dev: 'v0', kind: 'u32', options: {} } as never)).rejects.toMatchObject({ argument: 'spec.options' });
    expect(kernel.requests.filter((r) => [44, 45, 46, 100, 101, 102].includes(r.type))).toEqual([]);
  });

  it.each([
    ['800:', 0x8000_0000],
    ['800::800', 0x8000_0800],
    ['1:2:3', 0x0010_2003],
    ['2:', 0x0020_0000],
    [':1', 0x0000_1000],
  ])('the u32 handle %s is %i, and prints back as tc prints it', (text, value) => {
    expect(u32Handle(text, 'h')).toBe(value);
    expect(u32Handle(formatU32Handle(value), 'h')).toBe(value);
  });
});

// `tc filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 10.0.0.0/8 match ip sport 80 0xffff
// flowid 1:10 action mirred egress redirect dev v1` (v0 index 3, v1 index 2), the payload after nlmsghdr.
const TC_PAYLOAD = Uint8Array.from(
  [
    '00 00 00 00 03 00 00 00 00 00 00 00 00 00 01 00',
    '08 00 0a 00 08 00 01 00 75 33 32 00 78 00 02 00',
    '08 00 01 00 10 00 01 00 38 00 07 00 34 00 01 00',
    '0b 00 01 00 6d 69 72 72 65 64 00 00 24 00 02 80',
    '20 00 02 00 00 00 00 00 00 00 00 00 04 00 00 00',
    '00 00 00 00 00 00 00 00 01 00 00 00 02 00 00 00',
    '34 00 05 00 01 00 02 00 00 00 00 00 00 00 00 00',
    '00 00 00 00 ff 00 00 00 0a 00 00 00 10 00 00 00',
    '00 00 00 00 ff ff 00 00 00 50 00 00 14 00 00 00',
    '00 00 00 00',
  ]
    .join(' ')
    .split(' ')
    .map((h) => parseInt(h, 16)),
);

/** tc's request above carries a mirred action: the list path hands its options to the generated codec. */
const payloadOfTc = (): Uint8Array => TC_PAYLOAD;

describe("tc's bytes decoded back", () => {
  const payload = TC_PAYLOAD;

  it('as the filter, selector and mirred action the command describes', () => {
    const f = toFilter(compileMessage(filterMessage).decode(payload) as never, new Map([[2, 'v1'], [3, 'v0']]));
    expect([f.dev, f.parent, f.priority, f.protocol, f.kind]).toEqual(['v0', '1:', 10, 'ip', 'u32']);
    expect(isFilterOf(f, 'u32')).toBe(true);
    if (!isFilterOf(f, 'u32')) return;
    expect(f.options?.classid).toBe('1:10');
    expect(f.options?.selector?.flags).toBe(1);
    expect(f.options?.selector?.keys).toEqual([
      { value: 0x0a00_0000, mask: 0xff00_0000, at: 16, offmask: 0 },
      { value: 0x0050_0000, mask: 0xffff_0000, at: 20, offmask: 0 },
    ]);
    expect(f.actions).toEqual([{ order: 1, kind: 'mirred', index: 0, verdict: 'stolen', refcnt: 0, bindcnt: 0, options: { action: 'egress redirect', ifindex: 2, dev: 'v1' } }]);
  });
});

describe('the list path (decode.ts) against the generic decode', () => {
  const codec = compileMessage(filterMessage);
  const names = new Map([[2, 'v1'], [3, 'v0']]);
  const header = (handle: number, info: number) => ({ family: 0, ifindex: 3, handle, parent: 0x10000, info });
  const sel = (keys: { value: number; mask: number; at: number; offmask: number }[]) => ({ flags: 1, offshift: 0, offmask: 0, off: 0, offoff: 0, hoff: 0, hmask: 0, keys });
  const messages: [string, Uint8Array][] = [
    ['u32 read in place (classid, hash, selector)', codec.encode({ header: header(0x800_800, (1 << 16) | 0x0008), attrs: { kind: 'u32', chain: 0, options: { classid: 0x10010, hash: 0x800_000, sel: sel([{ value: 0x0a00_0001, mask: 0xffff_ffff, at: 16, offmask: 0 }, { value: 0x0050_0000, mask: 0xffff_0000, at: 20, offmask: 0 }]) } } } as never)],
    ['u32 hash table head (divisor)', codec.encode({ header: header(0x800_000, (1 << 16) | 0x0008), attrs: { kind: 'u32', chain: 3, options: { divisor: 1 } } } as never)],
    ['u32 with an action (the generated codec)', payloadOfTc()],
    ['bpf', codec.encode({ header: header(1, (2 << 16) | 0x0300), attrs: { kind: 'bpf', options: { classid: 0x10001, opsLen: 1, ops: Uint8Array.of(6, 0, 0, 0, 0xff, 0xff, 0, 0), flags: 1 } } } as never)],
    ['a kind linx does not know (bytes)', codec.encode({ header: header(5, (3 << 16) | 0x0008), attrs: { kind: 'route', options: Uint8Array.of(8, 0, 1, 0, 1, 0, 0, 0) } } as never)],
    ['no options (a priority head)', codec.encode({ header: header(0, (4 << 16) | 0x0008), attrs: { kind: 'u32' } } as never)],
  ];
  it.each(messages)('%s', (_title, payload) => {
    const generic = toFilter(codec.decode(payload) as never, names);
    const fast = decodeFilter(payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length, names);
    expect(fast).toEqual(generic);
    expect(fast.kind).not.toBe('');
  });
});
