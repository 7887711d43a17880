// iproute2's request bytes for commands covering the attributes linx sends for rt-link, rt-addr,
// rt-route, rt-neigh and rt-rule, kept as literal fixtures with the command that made them, and how a
// request is compared with linx's: attribute order aside (iproute2 writes attributes in the order of its
// command line, linx in its declarations' order; the kernel does not care), at every nesting level linx
// knows, with the attribute types' flag bits (NLA_F_NESTED, NLA_F_NET_BYTEORDER) and every payload byte
// compared. Fixed headers are compared byte for byte.
//
// Each fixture was captured from iproute2 6.1 (x86_64) with strace (`-e trace=sendmsg,sendto -e
// write=all`), one command per fresh namespace set up by SETUP, so that v1 is index 2, v0 index 3 and
// br0 index 4; seq and pid are zeroed. The kernel may refuse a command (a kind or feature it lacks, a
// gateway it cannot reach): the request was sent all the same. iproute2-requests.live.test.ts checks
// every fixture against this machine's `ip` and `bridge`.
import { iterateAttributes, NLA_F_NESTED, NLA_F_NET_BYTEORDER, parseMessages, type NetlinkMessage } from '@linx/netlink-wire';
import type { Rtnl } from '../../src/index.js';
import { unhex } from './link-golden.js';

/** The namespace every fixture command ran in: v1 index 2, v0 index 3, br0 index 4. */
export const SETUP: readonly (readonly string[])[] = [
  ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1'],
  ['link', 'add', 'br0', 'type', 'bridge'],
];
/** The interface indexes SETUP makes, for linx's fake kernel. */
export const INDEXES = { v1: 2, v0: 3, br0: 4 } as const;

export interface RequestFixture {
  /** The command: `ip` or `bridge` with its arguments (run with `-n NAMESPACE` after the tool's name). */
  readonly command: readonly string[];
  /** The type of the request that does the work: the last message of this type the command sent. */
  readonly type: number;
  /** That message as iproute2 sent it (nlmsghdr included, seq and pid zeroed), hex. */
  readonly bytes: string;
  /** The same request made through linx. */
  readonly linx: (rtnl: Rtnl) => Promise<unknown>;
}

const RTM_NEWLINK = 16;
const RTM_GETADDR = 22;
const RTM_NEWADDR = 20;
const RTM_DELADDR = 21;
const RTM_NEWROUTE = 24;
const RTM_DELROUTE = 25;
const RTM_GETROUTE = 26;
const RTM_NEWNEIGH = 28;
const RTM_DELNEIGH = 29;
const RTM_GETNEIGH = 30;
const RTM_NEWRULE = 32;
const RTM_DELRULE = 33;
const RTM_GETRULE = 34;
const RTM_GETSTATS = 94;

export const FIXTURES = {
  // ---- rt-link
  bridgeOptions: {
    command: ['ip', 'link', 'add', 'br1', 'type', 'bridge', 'stp_state', '1', 'forward_delay', '400', 'hello_time', '300', 'max_age', '2000', 'ageing_time', '30000', 'priority', '4096', 'vlan_filtering', '0', 'vlan_protocol', '802.1ad', 'vlan_default_pvid', '2', 'mcast_snooping', '0', 'group_fwd_mask', '0x4000'],
    type: RTM_NEWLINK,
    bytes: 
      '940000001000050600000000000000000000000000000000000000000000000008000300627231006c0012000a000100' +
      '62726964676500005c00020008000500010000000800010090010000080002002c01000008000300d007000008000400' +
      '30750000060006000010000005000700000000000600080088a800000600270002000000050017000000000006000900' +
      '00400000',
    linx: (r) => r.links.create({ name: 'br1', kind: 'bridge', stp: true, forwardDelay: 400, helloTime: 300, maxAge: 2000, ageingTime: 30000, priority: 4096, vlanFiltering: false, vlanProtocol: '802.1ad', vlanDefaultPvid: 2, mcastSnooping: false, groupFwdMask: 0x4000 }),
  },
  vethPeerOptions: {
    command: ['ip', 'link', 'add', 'v4', 'address', '02:00:00:00:00:04', 'mtu', '1400', 'txqueuelen', '5', 'type', 'veth', 'peer', 'name', 'v5', 'address', '02:00:00:00:00:05', 'mtu', '1300', 'txqueuelen', '6'],
    type: RTM_NEWLINK,
    bytes: 
      '8c000000100005060000000000000000000000000000000000000000000000000a000100020000000004000008000400' +
      '7805000008000d000500000007000300763400004800120008000100766574683c000200380001000000000000000000' +
      '00000000000000000a0001000200000000050000080004001405000008000d00060000000700030076350000',
    linx: (r) => r.links.create({ name: 'v4', kind: 'veth', address: '02:00:00:00:00:04', mtu: 1400, txqlen: 5, peer: { name: 'v5', address: '02:00:00:00:00:05', mtu: 1300, txqlen: 6 } }),
  },
  macvlanPassthru: {
    command: ['ip', 'link', 'add', 'mv1', 'link', 'v0', 'type', 'macvlan', 'mode', 'passthru', 'nopromisc', 'bcqueuelen', '100'],
    type: RTM_NEWLINK,
    bytes: 
      '5c000000100005060000000000000000000000000000000000000000000000000800050003000000080003006d763100' +
      '2c0012000b0001006d6163766c616e001c000200080007006400000008000100080000000600020001000000',
    linx: (r) => r.links.create({ name: 'mv1', kind: 'macvlan', link: 'v0', mode: 'passthru', nopromisc: true, bcQueueLen: 100 }),
  },
  macvtap: {
    command: ['ip', 'link', 'add', 'mvt0', 'link', 'v0', 'type', 'macvtap', 'mode', 'vepa'],
    type: RTM_NEWLINK,
    bytes: 
      '50000000100005060000000000000000000000000000000000000000000000000800050003000000090003006d767430' +
      '000000001c0012000b0001006d616376746170000c0002000800010002000000',
    linx: (r) => r.links.create({ name: 'mvt0', kind: 'macvtap', link: 'v0', mode: 'vepa' }),
  },
  ipvtap: {
    command: ['ip', 'link', 'add', 'ivt0', 'link', 'v0', 'type', 'ipvtap', 'mode', 'l2', 'vepa'],
    type: RTM_NEWLINK,
    bytes: 
      '580000001000050600000000000000000000000000000000000000000000000008000500030000000900030069767430' +
      '00000000240012000a00010069707674617000001400020006000100000000000600020002000000',
    linx: (r) => r.links.create({ name: 'ivt0', kind: 'ipvtap', link: 'v0', mode: 'l2', isolation: 'vepa' }),
  },
  vxlanOptions: {
    command: ['ip', 'link', 'add', 'vx1', 'type', 'vxlan', 'id', '7', 'group', '239.1.1.1', 'dev', 'v0', 'local', '192.0.2.2', 'ttl', '10', 'tos', '0x10', 'ageing', '300', 'srcport', '1000', '2000', 'dstport', '8472', 'udpcsum', 'df', 'inherit', 'nolearning'],
    type: RTM_NEWLINK,
    bytes: 
      '9c0000001000050600000000000000000000000000000000000000000000000008000300767831007400120009000100' +
      '76786c616e000000640002000800030003000000050005000a0000000500060010000000080008002c01000008000a00' +
      '03e807d0050012000100000005001d0002000000080001000700000008000400c000020208000200ef01010105000700' +
      '0000000006000f0021180000',
    linx: (r) => r.links.create({ name: 'vx1', kind: 'vxlan', vni: 7, group: '239.1.1.1', dev: 'v0', local: '192.0.2.2', ttl: 10, tos: 0x10, ageing: 300, srcPortRange: { low: 1000, high: 2000 }, port: 8472, udpCsum: true, df: 'inherit', learning: false }),
  },
  vxlanIpv6: {
    command: ['ip', 'link', 'add', 'vx2', 'type', 'vxlan', 'id', '8', 'remote', '2001:db8::1', 'local', '2001:db8::2', 'dstport', '4789'],
    type: RTM_NEWLINK,
    bytes: 
      '7c0000001000050600000000000000000000000000000000000000000000000008000300767832005400120009000100' +
      '76786c616e0000004400020008000100080000001400110020010db80000000000000000000000021400100020010db8' +
      '000000000000000000000001050007000100000006000f0012b50000',
    linx: (r) => r.links.create({ name: 'vx2', kind: 'vxlan', vni: 8, remote: '2001:db8::1', local: '2001:db8::2', port: 4789 }),
  },
  vxlanExternal: {
    command: ['ip', 'link', 'add', 'vx3', 'type', 'vxlan', 'external', 'dstport', '4789'],
    type: RTM_NEWLINK,
    bytes: 
      '540000001000050600000000000000000000000000000000000000000000000008000300767833002c00120009000100' +
      '76786c616e0000001c0002000500190001000000050007000000000006000f0012b50000',
    linx: (r) => r.links.create({ name: 'vx3', kind: 'vxlan', external: true, port: 4789 }),
  },
  bondOptions: {
    command: ['ip', 'link', 'add', 'b1', 'type', 'bond', 'mode', '802.3ad', 'miimon', '50', 'updelay', '100', 'downdelay', '200', 'min_links', '1'],
    type: RTM_NEWLINK,
    bytes: 
      '600000001000050600000000000000000000000000000000000000000000000007000300623100003800120008000100' +
      '626f6e642c00020005000100040000000800030032000000080004006400000008000500c80000000800120001000000',
    linx: (r) => r.links.create({ name: 'b1', kind: 'bond', mode: '802.3ad', miimon: 50, updelay: 100, downdelay: 200, minLinks: 1 }),
  },
  vlanDefaultProtocol: {
    command: ['ip', 'link', 'add', 'vl1', 'link', 'v0', 'type', 'vlan', 'id', '10'],
    type: RTM_NEWLINK,
    bytes: 
      '4800000010000506000000000000000000000000000000000000000000000000080005000300000008000300766c3100' +
      '1800120008000100766c616e0c000200060001000a000000',
    linx: (r) => r.links.create({ name: 'vl1', kind: 'vlan', link: 'v0', id: 10 }),
  },
  ifb: {
    command: ['ip', 'link', 'add', 'ifb1', 'type', 'ifb'],
    type: RTM_NEWLINK,
    bytes: 
      '38000000100005060000000000000000000000000000000000000000000000000900030069666231000000000c001200' +
      '0700010069666200',
    linx: (r) => r.links.create({ name: 'ifb1', kind: 'ifb' }),
  },
  setMaster: {
    command: ['ip', 'link', 'set', 'v0', 'master', 'br0'],
    type: RTM_NEWLINK,
    bytes: '280000001000050000000000000000000000000003000000000000000000000008000a0004000000',
    linx: (r) => r.links.set('v0', { master: 'br0' }),
  },
  setNomaster: {
    command: ['ip', 'link', 'set', 'v0', 'nomaster'],
    type: RTM_NEWLINK,
    bytes: '280000001000050000000000000000000000000003000000000000000000000008000a0000000000',
    linx: (r) => r.links.set('v0', { master: null }),
  },
  setNameUpBroadcast: {
    command: ['ip', 'link', 'set', 'v0', 'up', 'name', 'v9', 'broadcast', 'ff:ff:ff:ff:ff:fe'],
    type: RTM_NEWLINK,
    bytes: 
      '34000000100005000000000000000000000000000300000001000000010000000a000200fffffffffffe000007000300' +
      '76390000',
    linx: (r) => r.links.set('v0', { up: true, name: 'v9', broadcast: 'ff:ff:ff:ff:ff:fe' }),
  },
  setBridgeOptions: {
    command: ['ip', 'link', 'set', 'br0', 'type', 'bridge', 'stp_state', '0', 'ageing_time', '1000'],
    type: RTM_NEWLINK,
    bytes: 
      '4400000010000500000000000000000000000000040000000000000000000000240012000a0001006272696467650000' +
      '14000200080005000000000008000400e8030000',
    linx: (r) => r.links.set('br0', { kind: 'bridge', stp: false, ageingTime: 1000 }),
  },

  setVxlanTtl: {
    // A change of kind data on v0 (a veth: the kernel refuses, after the request was sent): no learning default.
    command: ['ip', 'link', 'set', 'v0', 'type', 'vxlan', 'ttl', '3'],
    type: RTM_NEWLINK,
    bytes: 
      '3c000000100005000000000000000000000000000300000000000000000000001c0012000900010076786c616e000000' +
      '0c0002000500050003000000',
    linx: (r) => r.links.set('v0', { kind: 'vxlan', ttl: 3 }),
  },
  setIpvlanMode: {
    command: ['ip', 'link', 'set', 'v0', 'type', 'ipvlan', 'mode', 'l3'],
    type: RTM_NEWLINK,
    bytes: 
      '4400000010000500000000000000000000000000030000000000000000000000240012000a0001006970766c616e0000' +
      '1400020006000100010000000600020000000000',
    linx: (r) => r.links.set('v0', { kind: 'ipvlan', mode: 'l3' }),
  },
  // A pid above any pid_max (2^22): IFLA_NET_NS_PID is sent and the kernel refuses it (ESRCH), so nothing
  // can move to another namespace, whatever runs the command.
  setNetnsPid: {
    command: ['ip', 'link', 'set', 'v0', 'netns', '1073741823'],
    type: RTM_NEWLINK,
    bytes: '280000001000050000000000000000000000000003000000000000000000000008001300ffffff3f',
    linx: (r) => r.links.set('v0', { netns: { pid: 1073741823 } }),
  },
  vethPeerNetnsPid: {
    command: ['ip', 'link', 'add', 'v6', 'type', 'veth', 'peer', 'name', 'v7', 'netns', '1073741823'],
    type: RTM_NEWLINK,
    bytes: 
      '5c0000001000050600000000000000000000000000000000000000000000000007000300763600003400120008000100' +
      '7665746828000200240001000000000000000000000000000000000008001300ffffff3f0700030076370000',
    linx: (r) => r.links.create({ name: 'v6', kind: 'veth', peer: { name: 'v7', netns: { pid: 1073741823 } } }),
  },

  // ---- rt-addr
  addrBroadcastLabelScope: {
    command: ['ip', 'addr', 'add', '192.0.2.30/24', 'brd', '+', 'dev', 'v0', 'label', 'v0:1', 'scope', 'link'],
    type: RTM_NEWADDR,
    bytes: 
      '3c000000140005060000000000000000021800fd0300000008000200c000021e0900030076303a310000000008000100' +
      'c000021e08000400c00002ff',
    linx: (r) => r.addresses.add('v0', '192.0.2.30/24', { broadcast: true, label: 'v0:1', scope: 'link' }),
  },
  addrBroadcastExplicit: {
    command: ['ip', 'addr', 'add', '192.0.2.31/24', 'broadcast', '192.0.2.127', 'dev', 'v0'],
    type: RTM_NEWADDR,
    bytes: '30000000140005060000000000000000021800000300000008000200c000021f08000400c000027f08000100c000021f',
    linx: (r) => r.addresses.add('v0', '192.0.2.31/24', { broadcast: '192.0.2.127' }),
  },
  addrPeer: {
    command: ['ip', 'addr', 'add', '10.20.0.1', 'peer', '10.20.0.2/32', 'dev', 'v0'],
    type: RTM_NEWADDR,
    bytes: '280000001400050600000000000000000220000003000000080002000a140001080001000a140002',
    linx: (r) => r.addresses.add('v0', '10.20.0.1', { peer: '10.20.0.2/32' }),
  },
  addr6FlagsLifetimes: {
    command: ['ip', '-6', 'addr', 'add', '2001:db8::7/64', 'dev', 'v0', 'noprefixroute', 'nodad', 'home', 'valid_lft', '300', 'preferred_lft', '100', 'metric', '50'],
    type: RTM_NEWADDR,
    bytes: 
      '640000001400050600000000000000000a400000030000001400020020010db800000000000000000000000708000900' +
      '3200000008000800120200001400010020010db800000000000000000000000714000600640000002c01000000000000' +
      '00000000',
    linx: (r) => r.addresses.add('v0', '2001:db8::7/64', { flags: ['noprefixroute', 'nodad', 'homeaddress'], validLifetime: 300, preferredLifetime: 100, rtPriority: 50 }),
  },
  addr6Mngtmpaddr: {
    command: ['ip', '-6', 'addr', 'add', '2001:db8::8/64', 'dev', 'v0', 'mngtmpaddr', 'optimistic'],
    type: RTM_NEWADDR,
    bytes: 
      '480000001400050600000000000000000a400000030000001400020020010db800000000000000000000000808000800' +
      '040100001400010020010db8000000000000000000000008',
    linx: (r) => r.addresses.add('v0', '2001:db8::8/64', { flags: ['managetempaddr', 'optimistic'] }),
  },
  addrReplace: {
    command: ['ip', 'addr', 'replace', '192.0.2.32/24', 'dev', 'v0', 'valid_lft', '60', 'preferred_lft', '0'],
    type: RTM_NEWADDR,
    bytes: 
      '3c000000140005050000000000000000021800000300000008000200c000022008000100c00002201400060000000000' +
      '3c0000000000000000000000',
    linx: (r) => r.addresses.replace('v0', '192.0.2.32/24', { validLifetime: 60, preferredLifetime: 0 }),
  },
  addrDeletePeer: {
    command: ['ip', 'addr', 'del', '10.20.0.1', 'peer', '10.20.0.2/32', 'dev', 'v0'],
    type: RTM_DELADDR,
    bytes: '280000001500050000000000000000000220000003000000080002000a140001080001000a140002',
    linx: (r) => r.addresses.delete('v0', '10.20.0.1', { peer: '10.20.0.2/32' }),
  },

  addrDumpDev: {
    command: ['ip', 'addr', 'show', 'dev', 'v0'],
    type: RTM_GETADDR,
    bytes: '180000001600010300000000000000000000000003000000',
    linx: (r) => r.addresses.list({ interface: 'v0', names: false }),
  },
  addrDump6: {
    command: ['ip', '-6', 'addr', 'show'],
    type: RTM_GETADDR,
    bytes: '180000001600010300000000000000000a00000000000000',
    linx: (r) => r.addresses.list({ family: 'inet6', names: false }),
  },

  // ---- rt-route
  // ---- rt-route: MPLS (this kernel has CONFIG_MPLS but neither MPLS_ROUTING nor MPLS_IPTUNNEL: ip's requests
  // are refused, EOPNOTSUPP for AF_MPLS routes and "lwt encapsulation type not supported" for encap mpls)
  mplsRouteSwap: {
    command: ['ip', '-f', 'mpls', 'route', 'add', '100', 'as', '200', 'via', 'inet', '10.0.0.2', 'dev', 'v0'],
    type: RTM_NEWROUTE,
    bytes: '400000001800050600000000000000001c140000fe03000100000000080001000006410008001300000c81000a00120002000a00000200000800040003000000',
    linx: (r) => r.routes.add({ family: 'mpls', dst: '100', newdst: 200, via: { family: 'inet', address: '10.0.0.2' }, dev: 'v0' }),
  },
  mplsRouteVia6: {
    command: ['ip', '-f', 'mpls', 'route', 'add', '101', 'via', 'inet6', '2001:db8::2', 'dev', 'v0'],
    type: RTM_NEWROUTE,
    bytes: '440000001800050600000000000000001c140000fe030001000000000800010000065100160012000a0020010db800000000000000000000000200000800040003000000',
    linx: (r) => r.routes.add({ family: 'mpls', dst: '101', via: { family: 'inet6', address: '2001:db8::2' }, dev: 'v0' }),
  },
  mplsRouteStack: {
    command: ['ip', '-f', 'mpls', 'route', 'add', '102', 'as', '300/400', 'via', 'inet', '10.0.0.2', 'dev', 'v0'],
    type: RTM_NEWROUTE,
    bytes: '440000001800050600000000000000001c140000fe0300010000000008000100000661000c0013000012c000001901000a00120002000a00000200000800040003000000',
    linx: (r) => r.routes.add({ family: 'mpls', dst: '102', newdst: '300/400', via: { family: 'inet', address: '10.0.0.2' }, dev: 'v0' }),
  },
  mplsRouteViaLink: {
    command: ['ip', '-f', 'mpls', 'route', 'add', '103', 'via', 'link', '02:00:00:00:00:01', 'dev', 'v0'],
    type: RTM_NEWROUTE,
    bytes: '380000001800050600000000000000001c140000fe0300010000000008000100000671000c00120011000200000000010800040003000000',
    linx: (r) => r.routes.add({ family: 'mpls', dst: '103', via: { family: 'packet', address: '02:00:00:00:00:01' }, dev: 'v0' }),
  },
  mplsRouteDelete: {
    command: ['ip', '-f', 'mpls', 'route', 'del', '100', 'dev', 'v0'],
    type: RTM_DELROUTE,
    bytes: '2c0000001900050000000000000000001c140000fe0000010000000008000100000641000800040003000000',
    linx: (r) => r.routes.delete({ family: 'mpls', dst: '100', dev: 'v0' }),
  },
  mplsRouteShow: {
    command: ['ip', '-f', 'mpls', 'route', 'show'],
    type: RTM_GETROUTE,
    bytes: '240000001a00010300000000000000001c000000000000000000000008000f00fe000000',
    linx: (r) => r.routes.list({ family: 'mpls', table: 'main', names: false }),
  },
  routeEncapMpls: {
    command: ['ip', 'route', 'add', '10.1.0.0/24', 'encap', 'mpls', '100/200', 'via', '10.0.0.2', 'dev', 'v0'],
    type: RTM_NEWROUTE,
    bytes: '4c00000018000506000000000000000002180000fe03000100000000080001000a010000100016800c00010000064000000c81000600150001000100080005000a0000020800040003000000',
    linx: (r) => r.routes.add({ dst: '10.1.0.0/24', encap: { type: 'mpls', labels: [100, 200] }, gateway: '10.0.0.2', dev: 'v0' }),
  },
  routeEncapMplsDev: {
    command: ['ip', 'route', 'add', '10.2.0.0/24', 'encap', 'mpls', '100', 'dev', 'v0'],
    type: RTM_NEWROUTE,
    bytes: '4000000018000506000000000000000002180000fe03fd0100000000080001000a0200000c001680080001000006410006001500010000000800040003000000',
    linx: (r) => r.routes.add({ dst: '10.2.0.0/24', encap: { type: 'mpls', labels: 100 }, dev: 'v0' }),
  },
  routeEncapMpls6: {
    command: ['ip', '-6', 'route', 'add', '2001:db8:5::/64', 'encap', 'mpls', '300', 'via', '2001:db8::2', 'dev', 'v0'],
    type: RTM_NEWROUTE,
    bytes: '600000001800050600000000000000000a400000fe030001000000001400010020010db80005000000000000000000000c001680080001000012c10006001500010000001400050020010db80000000000000000000000020800040003000000',
    linx: (r) => r.routes.add({ dst: '2001:db8:5::/64', encap: { type: 'mpls', labels: [300] }, gateway: '2001:db8::2', dev: 'v0' }),
  },
  routeEncapMplsTtl: {
    command: ['ip', 'route', 'add', '10.3.0.0/24', 'encap', 'mpls', '100', 'ttl', '10', 'via', '10.0.0.2', 'dev', 'v0'],
    type: RTM_NEWROUTE,
    bytes: '5000000018000506000000000000000002180000fe03000100000000080001000a030000140016800800010000064100050002000a0000000600150001000000080005000a0000020800040003000000',
    linx: (r) => r.routes.add({ dst: '10.3.0.0/24', encap: { type: 'mpls', labels: [100], ttl: 10 }, gateway: '10.0.0.2', dev: 'v0' }),
  },
  routeEverything: {
    command: ['ip', 'route', 'add', '10.10.0.0/16', 'via', '192.0.2.1', 'dev', 'v0', 'src', '192.0.2.5', 'metric', '5', 'table', '100', 'proto', 'static'],
    type: RTM_NEWROUTE,
    bytes: 
      '44000000180005060000000000000000021000006404000100000000080001000a0a000008000500c000020108000700' +
      'c000020508000600050000000800040003000000',
    linx: (r) => r.routes.add({ dst: '10.10.0.0/16', gateway: '192.0.2.1', dev: 'v0', prefsrc: '192.0.2.5', priority: 5, table: 100, protocol: 'static' }),
  },
  routeMetrics: {
    command: ['ip', 'route', 'add', '10.11.0.0/16', 'dev', 'v0', 'mtu', 'lock', '1300', 'advmss', '1200', 'window', '65535', 'hoplimit', '5', 'initcwnd', '10', 'congctl', 'cubic'],
    type: RTM_NEWROUTE,
    bytes: 
      '6c00000018000506000000000000000002100000fe03fd0100000000080001000a0b0000080004000300000040000800' +
      '080002001405000008000800b004000008000300ffff000008000a000500000008000b000a0000000900100063756269' +
      '630000000800010004000000',
    linx: (r) => r.routes.add({ dst: '10.11.0.0/16', dev: 'v0', metrics: { mtu: 1300, advmss: 1200, window: 65535, hoplimit: 5, initcwnd: 10, ccAlgo: 'cubic', lock: ['mtu'] } }),
  },
  routeMetricsMore: {
    // rtt and rttvar without a unit are sent as given (`80ms` would be sent ×8, ×4); ip always locks
    // rto_min (RTAX_LOCK bit 13); features ecn is RTAX_FEATURE_ECN (1).
    command: ['ip', 'route', 'add', '10.19.0.0/16', 'dev', 'v0', 'rtt', '80', 'rttvar', '20', 'ssthresh', '100', 'cwnd', '20', 'reordering', '3', 'initrwnd', '30', 'quickack', '1', 'fastopen_no_cookie', '1', 'features', 'ecn', 'rto_min', '200'],
    type: RTM_NEWROUTE,
    bytes:
      '8800000018000506000000000000000002100000fe03fd0100000000080001000a13000008000400030000005c000800' +
      '0800040050000000080005001400000008000600640000000800070014000000080009000300000008000e001e000000' +
      '08000f0001000000080011000100000008000c000100000008000d00c80000000800010000200000',
    linx: (r) => r.routes.add({ dst: '10.19.0.0/16', dev: 'v0', metrics: { rtt: 80, rttvar: 20, ssthresh: 100, cwnd: 20, reordering: 3, initrwnd: 30, quickack: 1, fastopenNoCookie: 1, features: 1, rtoMin: 200, lock: ['rtoMin'] } }),
  },
  routeMultipath: {
    command: ['ip', 'route', 'add', '10.12.0.0/16', 'nexthop', 'via', '192.0.2.1', 'dev', 'v0', 'weight', '1', 'nexthop', 'via', '192.0.2.2', 'dev', 'v1', 'weight', '3', 'onlink'],
    type: RTM_NEWROUTE,
    bytes: 
      '4800000018000506000000000000000002100000fe03000100000000080001000a0c0000240009001000000003000000' +
      '08000500c0000201100004020200000008000500c0000202',
    linx: (r) => r.routes.add({ dst: '10.12.0.0/16', multipath: [{ gateway: '192.0.2.1', dev: 'v0', weight: 1 }, { gateway: '192.0.2.2', dev: 'v1', weight: 3, flags: ['onlink'] }] }),
  },
  route6Multipath: {
    command: ['ip', '-6', 'route', 'add', '2001:db8:9::/64', 'nexthop', 'via', 'fe80::1', 'dev', 'v0', 'nexthop', 'via', 'fe80::2', 'dev', 'v1', 'weight', '2'],
    type: RTM_NEWROUTE,
    bytes: 
      '6c0000001800050600000000000000000a400000fe030001000000001400010020010db8000900000000000000000000' +
      '3c0009001c0000000300000014000500fe8000000000000000000000000000011c0000010200000014000500fe800000' +
      '000000000000000000000002',
    linx: (r) => r.routes.add({ dst: '2001:db8:9::/64', multipath: [{ gateway: 'fe80::1', dev: 'v0' }, { gateway: 'fe80::2', dev: 'v1', weight: 2 }] }),
  },
  route6PrefExpires: {
    command: ['ip', '-6', 'route', 'add', '2001:db8:5::/64', 'via', 'fe80::1', 'dev', 'v0', 'pref', 'high', 'expires', '300'],
    type: RTM_NEWROUTE,
    bytes: 
      '5c0000001800050600000000000000000a400000fe030001000000001400010020010db8000500000000000000000000' +
      '14000500fe8000000000000000000000000000010500140001000000080017002c0100000800040003000000',
    linx: (r) => r.routes.add({ dst: '2001:db8:5::/64', gateway: 'fe80::1', dev: 'v0', pref: 'high', expires: 300 }),
  },
  routeUnreachable: {
    command: ['ip', 'route', 'add', 'unreachable', '10.13.0.0/16', 'metric', '9'],
    type: RTM_NEWROUTE,
    bytes: '2c00000018000506000000000000000002100000fe03000700000000080001000a0d00000800060009000000',
    linx: (r) => r.routes.add({ dst: '10.13.0.0/16', type: 'unreachable', priority: 9 }),
  },
  routeProhibit6: {
    command: ['ip', '-6', 'route', 'add', 'prohibit', '2001:db8:6::/48'],
    type: RTM_NEWROUTE,
    bytes: '300000001800050600000000000000000a300000fe030008000000001400010020010db8000600000000000000000000',
    linx: (r) => r.routes.add({ dst: '2001:db8:6::/48', type: 'prohibit' }),
  },
  routeThrowLocalTable: {
    command: ['ip', 'route', 'add', 'throw', '10.14.0.0/16', 'table', 'local'],
    type: RTM_NEWROUTE,
    bytes: '2400000018000506000000000000000002100000ff03000900000000080001000a0e0000',
    linx: (r) => r.routes.add({ dst: '10.14.0.0/16', type: 'throw', table: 'local' }),
  },
  routeNhid: {
    command: ['ip', 'route', 'add', '10.15.0.0/16', 'nhid', '5'],
    type: RTM_NEWROUTE,
    bytes: '2c00000018000506000000000000000002100000fe03000100000000080001000a0f000008001e0005000000',
    linx: (r) => r.routes.add({ dst: '10.15.0.0/16', nhId: 5 }),
  },
  routeDefault6: {
    command: ['ip', '-6', 'route', 'add', 'default', 'via', 'fe80::1', 'dev', 'v0', 'metric', '1024'],
    type: RTM_NEWROUTE,
    bytes: 
      '540000001800050600000000000000000a000000fe030001000000001400010000000000000000000000000000000000' +
      '14000500fe80000000000000000000000000000108000600000400000800040003000000',
    linx: (r) => r.routes.add({ dst: 'default', family: 'inet6', gateway: 'fe80::1', dev: 'v0', priority: 1024 }),
  },
  routeDefault4: {
    command: ['ip', 'route', 'add', 'default', 'via', '192.0.2.1', 'dev', 'v0'],
    type: RTM_NEWROUTE,
    bytes: '2c00000018000506000000000000000002000000fe0300010000000008000500c00002010800040003000000',
    linx: (r) => r.routes.add({ dst: 'default', gateway: '192.0.2.1', dev: 'v0' }),
  },
  routeDefault4Table: {
    command: ['ip', '-4', 'route', 'add', 'default', 'dev', 'v0', 'table', '5'],
    type: RTM_NEWROUTE,
    bytes: '2c000000180005060000000000000000020000000503fd010000000008000100000000000800040003000000',
    linx: (r) => r.routes.add({ dst: 'default', family: 'inet', dev: 'v0', table: 5 }),
  },
  routeZeroPrefix: {
    command: ['ip', 'route', 'add', '0.0.0.0/0', 'dev', 'v0', 'table', '6'],
    type: RTM_NEWROUTE,
    bytes: '2c000000180005060000000000000000020000000603fd010000000008000100000000000800040003000000',
    linx: (r) => r.routes.add({ dst: '0.0.0.0/0', dev: 'v0', table: 6 }),
  },
  routeDeleteDefault6: {
    command: ['ip', '-6', 'route', 'del', 'default', 'dev', 'v0'],
    type: RTM_DELROUTE,
    bytes: 
      '380000001900050000000000000000000a000000fe000000000000001400010000000000000000000000000000000000' +
      '0800040003000000',
    linx: (r) => r.routes.delete({ dst: 'default', family: 'inet6', dev: 'v0' }),
  },
  routeReplace: {
    command: ['ip', 'route', 'replace', '10.16.0.0/16', 'dev', 'v0', 'scope', 'host'],
    type: RTM_NEWROUTE,
    bytes: '2c00000018000505000000000000000002100000fe03fe0100000000080001000a1000000800040003000000',
    linx: (r) => r.routes.replace({ dst: '10.16.0.0/16', dev: 'v0', scope: 'host' }),
  },
  routeAppend: {
    command: ['ip', 'route', 'append', '10.16.0.0/16', 'dev', 'v0', 'metric', '7'],
    type: RTM_NEWROUTE,
    bytes: 
      '340000001800050c000000000000000002100000fe03fd0100000000080001000a100000080006000700000008000400' +
      '03000000',
    linx: (r) => r.routes.append({ dst: '10.16.0.0/16', dev: 'v0', priority: 7 }),
  },
  routeDeleteFull: {
    command: ['ip', 'route', 'del', '10.10.0.0/16', 'via', '192.0.2.1', 'dev', 'v0', 'table', '100', 'proto', 'static', 'metric', '5'],
    type: RTM_DELROUTE,
    bytes: 
      '3c000000190005000000000000000000021000006404ff0000000000080001000a0a000008000500c000020108000600' +
      '050000000800040003000000',
    linx: (r) => r.routes.delete({ dst: '10.10.0.0/16', gateway: '192.0.2.1', dev: 'v0', table: 100, protocol: 'static', priority: 5 }),
  },
  routeGetEverything: {
    command: ['ip', 'route', 'get', '10.7.0.1', 'from', '192.0.2.5', 'iif', 'v0', 'mark', '7', 'uid', '1000', 'tos', '0x10', 'ipproto', 'udp', 'sport', '5', 'dport', '53'],
    type: RTM_GETROUTE,
    bytes: 
      '5c0000001a0001000000000000000000022020100000000000100000080001000a07000108000200c000020508001900' +
      'e803000005001b001100000006001c000005000006001d000035000008000300030000000800100007000000',
    linx: (r) => r.routes.get('10.7.0.1', { from: '192.0.2.5', iif: 'v0', mark: 7, uid: 1000, tos: 0x10, ipProto: 17, sport: 5, dport: 53, names: false }),
  },
  routeGetOifFibmatch: {
    command: ['ip', 'route', 'get', 'fibmatch', '10.7.0.2', 'oif', 'v0'],
    type: RTM_GETROUTE,
    bytes: '2c0000001a0001000000000000000000022000000000000000300000080001000a0700020800040003000000',
    linx: (r) => r.routes.get('10.7.0.2', { oif: 'v0', fibMatch: true, names: false }),
  },
  routeGet6: {
    command: ['ip', '-6', 'route', 'get', '2001:db8::1', 'from', '2001:db8::2'],
    type: RTM_GETROUTE,
    bytes: 
      '440000001a00010000000000000000000a80800000000000000000001400010020010db8000000000000000000000001' +
      '1400020020010db8000000000000000000000002',
    linx: (r) => r.routes.get('2001:db8::1', { from: '2001:db8::2', names: false }),
  },

  routeDumpFiltered: {
    // (A type filter differs: ip filters types itself, with rtm_type 0; linx asks the kernel to.)
    command: ['ip', '-4', 'route', 'show', 'table', '100', 'proto', 'static', 'dev', 'v0'],
    type: RTM_GETROUTE,
    bytes: '2c0000001a000103000000000000000002000000000400000000000008000f00640000000800040003000000',
    linx: (r) => r.routes.list({ family: 'inet', table: 100, protocol: 'static', interface: 'v0', names: false }),
  },
  routeDump6AllTables: {
    command: ['ip', '-6', 'route', 'show', 'table', 'all'],
    type: RTM_GETROUTE,
    bytes: '1c0000001a00010300000000000000000a0000000000000000000000',
    linx: (r) => r.routes.list({ family: 'inet6', names: false }),
  },

  // ---- rt-neigh
  neigh6RouterStale: {
    command: ['ip', '-6', 'neigh', 'add', '2001:db8::9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0', 'nud', 'stale', 'router'],
    type: RTM_NEWNEIGH,
    bytes: 
      '3c0000001c00050600000000000000000a00000003000000040080001400010020010db8000000000000000000000009' +
      '0a0002000200000000090000',
    linx: (r) => r.neighbours.add({ interface: 'v0', dst: '2001:db8::9', lladdr: '02:00:00:00:00:09', state: 'stale', flags: ['router'] }),
  },
  neighProxy: {
    command: ['ip', 'neigh', 'add', 'proxy', '192.0.2.77', 'dev', 'v0'],
    type: RTM_NEWNEIGH,
    bytes: '240000001c000506000000000000000002000000030000008000080008000100c000024d',
    linx: (r) => r.neighbours.add({ interface: 'v0', dst: '192.0.2.77', flags: ['proxy'] }),
  },
  neighExternLearnProtocol: {
    command: ['ip', 'neigh', 'add', '192.0.2.78', 'lladdr', '02:00:00:00:00:78', 'dev', 'v0', 'nud', 'noarp', 'extern_learn', 'protocol', 'static'],
    type: RTM_NEWNEIGH,
    bytes: 
      '380000001c000506000000000000000002000000030000004000100005000c000400000008000100c000024e0a000200' +
      '0200000000780000',
    linx: (r) => r.neighbours.add({ interface: 'v0', dst: '192.0.2.78', lladdr: '02:00:00:00:00:78', state: 'noarp', flags: ['extern-learn'], protocol: 'static' }),
  },
  neighDelete: {
    command: ['ip', 'neigh', 'del', '192.0.2.50', 'dev', 'v0'],
    type: RTM_DELNEIGH,
    bytes: '240000001d000500000000000000000002000000030000008000000008000100c0000232',
    linx: (r) => r.neighbours.delete({ interface: 'v0', dst: '192.0.2.50' }),
  },
  fdbMasterVlan: {
    command: ['bridge', 'fdb', 'add', '02:00:00:00:00:04', 'dev', 'v0', 'vlan', '10', 'master', 'static'],
    type: RTM_NEWNEIGH,
    bytes: '300000001c00050600000000000000000700000003000000420004000a0002000200000000040000060005000a000000',
    // bridge's `static` is NUD_NOARP | NUD_REACHABLE.
    linx: (r) => r.neighbours.add({ family: 'bridge', interface: 'v0', lladdr: '02:00:00:00:00:04', vlan: 10, flags: ['master'], state: ['noarp', 'reachable'] }),
  },
  fdbVxlanRemote: {
    // bridge's `permanent` is NUD_NOARP | NUD_PERMANENT, linx's default for the FDB.
    command: ['bridge', 'fdb', 'add', '00:00:00:00:00:00', 'dev', 'v0', 'dst', '192.0.2.9', 'vni', '100', 'src_vni', '5', 'via', 'v1', 'port', '4789', 'self', 'permanent'],
    type: RTM_NEWNEIGH,
    bytes: 
      '500000001c00050600000000000000000700000003000000c00002000a000200000000000000000008000100c0000209' +
      '0600060012b50000080007006400000008000b00050000000800080002000000',
    linx: (r) => r.neighbours.add({ family: 'bridge', interface: 'v0', lladdr: '00:00:00:00:00:00', dst: '192.0.2.9', vni: 100, srcVni: 5, viaIfindex: 2, port: 4789, flags: ['self'] }),
  },
  fdbDelete: {
    command: ['bridge', 'fdb', 'del', '02:00:00:00:00:04', 'dev', 'v0', 'vlan', '10', 'master'],
    type: RTM_DELNEIGH,
    bytes: '300000001d00050000000000000000000700000003000000c00004000a0002000200000000040000060005000a000000',
    linx: (r) => r.neighbours.delete({ family: 'bridge', interface: 'v0', lladdr: '02:00:00:00:00:04', vlan: 10, flags: ['master'] }),
  },
  neighProxyDelete: {
    command: ['ip', 'neigh', 'del', 'proxy', '192.0.2.77', 'dev', 'v0'],
    type: RTM_DELNEIGH,
    bytes: '240000001d000500000000000000000002000000030000008000080008000100c000024d',
    linx: (r) => r.neighbours.delete({ interface: 'v0', dst: '192.0.2.77', flags: ['proxy'] }),
  },

  neighManaged: {
    // A managed entry goes without a state (the kernel refuses NTF_EXT_MANAGED on a permanent one).
    command: ['ip', 'neigh', 'add', '192.0.2.79', 'lladdr', '02:00:00:00:00:79', 'dev', 'v0', 'managed'],
    type: RTM_NEWNEIGH,
    bytes: 
      '380000001c000506000000000000000002000000030000000000000008000100c000024f08000f00010000000a000200' +
      '0200000000790000',
    linx: (r) => r.neighbours.add({ interface: 'v0', dst: '192.0.2.79', lladdr: '02:00:00:00:00:79', flags: ['managed'] }),
  },
  fdbNhid: {
    command: ['bridge', 'fdb', 'add', '02:00:00:00:00:05', 'dev', 'v0', 'nhid', '5', 'self'],
    type: RTM_NEWNEIGH,
    bytes: '300000001c00050600000000000000000700000003000000c00002000a000200020000000005000008000d0005000000',
    linx: (r) => r.neighbours.add({ family: 'bridge', interface: 'v0', lladdr: '02:00:00:00:00:05', nhId: 5, flags: ['self'] }),
  },
  neighDumpDev: {
    command: ['ip', 'neigh', 'show', 'dev', 'v0'],
    type: RTM_GETNEIGH,
    bytes: '240000001e00010300000000000000000000000000000000000000000800080003000000',
    linx: (r) => r.neighbours.list({ interface: 'v0' }),
  },
  neighDumpProxy: {
    command: ['ip', 'neigh', 'show', 'proxy'],
    type: RTM_GETNEIGH,
    bytes: '1c0000001e0001030000000000000000000000000000000000000800',
    linx: (r) => r.neighbours.list({ proxy: true }),
  },
  fdbDumpBridge: {
    command: ['bridge', 'fdb', 'show', 'br', 'br0'],
    type: RTM_GETNEIGH,
    bytes: '240000001e00010300000000000000000700000000000000000000000800090004000000',
    linx: (r) => r.neighbours.list({ family: 'bridge', master: 'br0' }),
  },

  neighGet: {
    command: ['ip', 'neigh', 'get', '192.0.2.50', 'dev', 'v0'],
    type: RTM_GETNEIGH,
    bytes: '240000001e000100000000000000000002000000030000000000000008000100c0000232',
    linx: (r) => r.neighbours.get({ interface: 'v0', dst: '192.0.2.50' }),
  },

  // ---- rt-rule
  ruleSelectors: {
    command: ['ip', 'rule', 'add', 'from', '10.0.0.0/8', 'to', '10.1.0.0/16', 'iif', 'v0', 'oif', 'v1', 'fwmark', '0x10/0xff', 'table', '100', 'pref', '10', 'proto', 'static'],
    type: RTM_NEWRULE,
    bytes: 
      '5c000000200005060000000000000000021008006400000100000000080002000a000000080001000a01000007000300' +
      '76300000070011007631000008000a001000000008001000ff000000080006000a0000000500150004000000',
    linx: (r) => r.rules.add({ src: '10.0.0.0/8', dst: '10.1.0.0/16', iifname: 'v0', oifname: 'v1', fwmark: 0x10, fwmask: 0xff, table: 100, priority: 10, protocol: 'static' }),
  },
  rulePorts: {
    command: ['ip', 'rule', 'add', 'uidrange', '1000-2000', 'ipproto', 'tcp', 'sport', '1000-2000', 'dport', '80', 'table', '5', 'pref', '11'],
    type: RTM_NEWRULE,
    bytes: 
      '480000002000050600000000000000000200000005000001000000000c001400e8030000d00700000500160006000000' +
      '08001700e803d0070800180050005000080006000b000000',
    linx: (r) => r.rules.add({ uidRange: { start: 1000, end: 2000 }, ipProto: 'tcp', sportRange: { start: 1000, end: 2000 }, dportRange: 80, table: 5, priority: 11 }),
  },
  ruleSuppress: {
    command: ['ip', 'rule', 'add', 'table', 'main', 'suppress_prefixlength', '0', 'suppress_ifgroup', '3', 'pref', '12'],
    type: RTM_NEWRULE,
    bytes: 
      '3400000020000506000000000000000002000000fe0000010000000008000e000000000008000d000300000008000600' +
      '0c000000',
    linx: (r) => r.rules.add({ table: 'main', suppressPrefixlen: 0, suppressIfgroup: 3, priority: 12 }),
  },
  ruleL3mdev: {
    command: ['ip', 'rule', 'add', 'l3mdev', 'pref', '13'],
    type: RTM_NEWRULE,
    bytes: '2c0000002000050600000000000000000200000000000001000000000500130001000000080006000d000000',
    linx: (r) => r.rules.add({ l3mdev: true, priority: 13 }),
  },
  rule6: {
    command: ['ip', '-6', 'rule', 'add', 'from', '2001:db8::/32', 'table', '7', 'pref', '14'],
    type: RTM_NEWRULE,
    bytes: 
      '380000002000050600000000000000000a00200007000001000000001400020020010db8000000000000000000000000' +
      '080006000e000000',
    linx: (r) => r.rules.add({ src: '2001:db8::/32', table: 7, priority: 14 }),
  },
  ruleRealmsProhibit: {
    command: ['ip', 'rule', 'add', 'realms', '5', 'prohibit', 'pref', '15'],
    type: RTM_NEWRULE,
    bytes: '2c00000020000506000000000000000002000000000000080000000008000b0005000000080006000f000000',
    linx: (r) => r.rules.add({ flow: 5, action: 'prohibit', priority: 15 }),
  },
  ruleInvertOifDsfield: {
    command: ['ip', 'rule', 'add', 'not', 'from', '10.0.0.0/8', 'oif', 'v1', 'dsfield', '0x20', 'fwmark', '5', 'lookup', '100', 'pref', '20'],
    type: RTM_NEWRULE,
    bytes: 
      '3c000000200005060000000000000000020008206400000102000000080002000a000000070011007631000008000a00' +
      '050000000800060014000000',
    linx: (r) => r.rules.add({ src: '10.0.0.0/8', invert: true, oifname: 'v1', tos: 0x20, fwmark: 5, table: 100, priority: 20 }),
  },
  ruleDump6: {
    command: ['ip', '-6', 'rule', 'show'],
    type: RTM_GETRULE,
    bytes: '1c0000002200010300000000000000000a0000000000000000000000',
    linx: (r) => r.rules.list({ family: 'inet6' }),
  },
  ruleDeleteGoto: {
    command: ['ip', 'rule', 'del', 'goto', '1000', 'pref', '900'],
    type: RTM_DELRULE,
    bytes: '2c00000021000500000000000000000002000000000000020000000008000400e80300000800060084030000',
    linx: (r) => r.rules.delete({ goto: 1000, priority: 900 }),
  },
  ruleDeleteSelectors: {
    command: ['ip', 'rule', 'del', 'from', '10.0.0.0/8', 'iif', 'v0', 'table', '100', 'pref', '10'],
    type: RTM_DELRULE,
    bytes: 
      '34000000210005000000000000000000020008006400000000000000080002000a000000070003007630000008000600' +
      '0a000000',
    linx: (r) => r.rules.delete({ src: '10.0.0.0/8', iifname: 'v0', table: 100, priority: 10 }),
  },

  // ---- link statistics (RTM_GETSTATS)
  statsGet: {
    command: ['ip', 'stats', 'show', 'dev', 'v0', 'group', 'link'],
    type: RTM_GETSTATS,
    bytes: '1c0000005e0001000000000000000000000000000300000001000000',
    linx: (r) => r.stats.get('v0'),
  },
  statsDump: {
    command: ['ip', 'stats', 'show', 'group', 'link'],
    type: RTM_GETSTATS,
    bytes: '1c0000005e0001030000000000000000000000000000000001000000',
    linx: (r) => r.stats.list(),
  },
} satisfies Record<string, RequestFixture>;

export type FixtureName = keyof typeof FIXTURES;

/** A fixture's request, as iproute2 sent it. */
export const fixtureRequest = (name: FixtureName): NetlinkMessage => parseMessages(unhex(FIXTURES[name].bytes))[0]!;

// ---- comparison, attribute order aside

/** A request in a form that ignores attribute order: the fixed header's bytes, then each level sorted. */
export type Canonical = { header: string; attrs: CanonicalAttr[] };
type CanonicalAttr = [type: number, value: string | CanonicalAttr[] | Canonical | Canonical[]];

interface Tlv {
  /** nla_type with its flag bits (NLA_F_NESTED, NLA_F_NET_BYTEORDER). */
  type: number;
  payload: Uint8Array;
}

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function tlvs(bytes: Uint8Array): Tlv[] {
  return [...iterateAttributes(bytes)].map((a) => ({ type: a.type | (a.nested ? NLA_F_NESTED : 0) | (a.netByteOrder ? NLA_F_NET_BYTEORDER : 0), payload: a.payload }));
}

/** How to read the payload of an attribute: as bytes (undefined), or as something nested. */
type Reader = (payload: Uint8Array, siblings: Tlv[]) => CanonicalAttr[1];

function sortedAttrs(bytes: Uint8Array, nested: (type: number) => Reader | undefined): CanonicalAttr[] {
  const items = tlvs(bytes);
  const out = items.map((item): CanonicalAttr => {
    const read = nested(item.type & 0x3fff);
    return [item.type, read ? read(item.payload, items) : hexOf(item.payload)];
  });
  return out.sort((a, b) => (a[0] - b[0]) || (JSON.stringify(a[1]) < JSON.stringify(b[1]) ? -1 : JSON.stringify(a[1]) > JSON.stringify(b[1]) ? 1 : 0));
}

const flat: Reader = (payload) => sortedAttrs(payload, () => undefined);
const text = (payload: Uint8Array) => new TextDecoder().decode(payload).replace(/\0+$/, '');

// rt-link: IFLA_LINKINFO (18) holds IFLA_INFO_DATA (2: the kind's attributes, compared as bytes but for
// a veth's VETH_INFO_PEER, an ifinfomsg and link attributes) and IFLA_INFO_SLAVE_DATA (5); IFLA_AF_SPEC
// (26) a nest per family; IFLA_PROP_LIST (52).
const linkNests = (type: number): Reader | undefined => {
  if (type === 18) return linkinfo;
  if (type === 26) return (payload) => sortedAttrs(payload, () => flat);
  if (type === 52) return flat;
  return undefined;
};
const linkinfo: Reader = (payload) =>
  sortedAttrs(payload, (type) => {
    if (type === 2) {
      return (data, siblings) => {
        const kind = siblings.find((s) => (s.type & 0x3fff) === 1);
        const veth = kind !== undefined && text(kind.payload) === 'veth';
        return sortedAttrs(data, (inner) => (veth && inner === 1 ? (peer) => canonicalPayload(peer, 16, linkNests) : undefined));
      };
    }
    return type === 5 ? flat : undefined;
  });

// rt-route: RTA_METRICS (8) a nest; RTA_MULTIPATH (9) rtnexthops (len u16, flags u8, hops u8, ifindex
// s32) each followed by its attributes, kept in order.
const routeNests = (type: number): Reader | undefined => {
  if (type === 8) return flat;
  if (type === 9) return multipath;
  return undefined;
};
const multipath: Reader = (payload) => {
  const hops: Canonical[] = [];
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  for (let at = 0; at + 8 <= payload.length; ) {
    const length = view.getUint16(at, true);
    if (length < 8 || at + length > payload.length) throw new Error(`malformed rtnexthop at ${at}`);
    hops.push(canonicalPayload(payload.subarray(at, at + length), 8, () => undefined));
    at += (length + 3) & ~3;
  }
  return hops;
};

function canonicalPayload(payload: Uint8Array, headerLength: number, nests: (type: number) => Reader | undefined): Canonical {
  return { header: hexOf(payload.subarray(0, headerLength)), attrs: sortedAttrs(payload.subarray(headerLength), nests) };
}

/** The fixed header's length and the nests of each rtnetlink message type linx sends. */
function layout(type: number): { headerLength: number; nests: (type: number) => Reader | undefined } {
  if (type >= 16 && type <= 19) return { headerLength: 16, nests: linkNests };
  // RTM_NEWLINKPROP, RTM_DELLINKPROP, RTM_GETLINKPROP: an ifinfomsg and link attributes.
  if (type >= 108 && type <= 110) return { headerLength: 16, nests: linkNests };
  if (type >= 20 && type <= 23) return { headerLength: 8, nests: () => undefined };
  if (type >= 24 && type <= 27) return { headerLength: 12, nests: routeNests };
  if (type >= 28 && type <= 31) return { headerLength: 12, nests: () => undefined };
  if (type >= 32 && type <= 35) return { headerLength: 12, nests: () => undefined };
  // if_stats_msg: family, pads, ifindex, filter_mask.
  if (type >= 92 && type <= 95) return { headerLength: 12, nests: () => undefined };
  throw new Error(`no layout for message type ${type}`);
}

/** A message as `{ type, flags, payload }` with its payload in canonical form (order aside). */
export function canonical(message: NetlinkMessage): { type: number; flags: number; payload: Canonical } {
  const { headerLength, nests } = layout(message.type);
  return { type: message.type, flags: message.flags, payload: canonicalPayload(message.payload, headerLength, nests) };
}
