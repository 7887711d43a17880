// `bridge`'s request bytes for `bridge vlan`, `bridge fdb` and `bridge mdb`, kept as literal fixtures
// with the command that made them, compared with linx's by helpers/iproute2-requests.ts's `canonical`
// (attribute order aside). Captured from iproute2 6.1 (x86_64) with strace, one command per fresh
// namespace set up by BRIDGE_SETUP (v1 index 2, v0 index 3 and a port of br0, br0 index 4); seq and pid
// zeroed. This kernel lacks CONFIG_BRIDGE_VLAN_FILTERING, so it refuses most VLAN commands: the request
// was sent all the same. bridge-requests.live.test.ts checks every fixture against this machine's bridge.
import { parseMessages, type NetlinkMessage } from '@linx/netlink-wire';
import { SETUP, type RequestFixture } from './iproute2-requests.js';
import { unhex } from './link-golden.js';

/** SETUP, with v0 a port of br0 and both up (the bridge's multicast router needs them up for MDB entries). */
export const BRIDGE_SETUP: readonly (readonly string[])[] = [
  ...SETUP,
  ['link', 'set', 'v0', 'master', 'br0'],
  ['link', 'set', 'br0', 'up'],
  ['link', 'set', 'v0', 'up'],
];

const RTM_GETLINK = 18;
const RTM_SETLINK = 19;
const RTM_DELLINK = 17;
const RTM_NEWNEIGH = 28;
const RTM_DELNEIGH = 29;
const RTM_GETNEIGH = 30;
const RTM_NEWMDB = 84;
const RTM_DELMDB = 85;
const RTM_GETMDB = 86;
/** RTM_GETVLAN, the VLAN database dump (br_vlan_msg + BRIDGE_VLANDB_DUMP_FLAGS). */
const RTM_GETVLAN = 114;

export const BRIDGE_FIXTURES = {
  // ---- bridge vlan: AF_BRIDGE link messages, IFLA_AF_SPEC (no NLA_F_NESTED) with IFLA_BRIDGE_*
  vlanShow: {
    command: ['bridge', 'vlan', 'show'],
    type: RTM_GETLINK,
    bytes: '280000001200010300000000000000000700000000000000000000000000000008001d0002000000',
    linx: (r) => r.bridge.vlans.list(),
  },
  vlanAddPvidUntagged: {
    command: ['bridge', 'vlan', 'add', 'dev', 'v0', 'vid', '10', 'pvid', 'untagged'],
    type: RTM_SETLINK,
    bytes: '2c000000130005000000000000000000070000000300000000000000000000000c001a000800020006000a00',
    linx: (r) => r.bridge.vlans.add({ dev: 'v0', vid: 10, pvid: true, untagged: true }),
  },
  vlanAddRange: {
    command: ['bridge', 'vlan', 'add', 'dev', 'v0', 'vid', '20-30'],
    type: RTM_SETLINK,
    bytes: '340000001300050000000000000000000700000003000000000000000000000014001a0008000200080014000800020010001e00',
    linx: (r) => r.bridge.vlans.add({ dev: 'v0', vid: 20, vidEnd: 30 }),
  },
  vlanDeleteRange: {
    command: ['bridge', 'vlan', 'del', 'dev', 'v0', 'vid', '22-25'],
    type: RTM_DELLINK,
    bytes: '340000001100050000000000000000000700000003000000000000000000000014001a0008000200080016000800020010001900',
    linx: (r) => r.bridge.vlans.delete({ dev: 'v0', vid: 22, vidEnd: 25 }),
  },
  vlanAddSelf: {
    command: ['bridge', 'vlan', 'add', 'dev', 'br0', 'vid', '10', 'self'],
    type: RTM_SETLINK,
    bytes: '340000001300050000000000000000000700000004000000000000000000000014001a0006000000020000000800020000000a00',
    linx: (r) => r.bridge.vlans.add({ dev: 'br0', vid: 10, self: true }),
  },
  vlanAddMaster: {
    command: ['bridge', 'vlan', 'add', 'dev', 'v0', 'vid', '5', 'master'],
    type: RTM_SETLINK,
    bytes: '340000001300050000000000000000000700000003000000000000000000000014001a0006000000010000000800020000000500',
    linx: (r) => r.bridge.vlans.add({ dev: 'v0', vid: 5, master: true }),
  },
  vlanTunnel: {
    command: ['bridge', 'vlan', 'add', 'dev', 'v0', 'vid', '7', 'tunnel_info', 'id', '1007'],
    type: RTM_SETLINK,
    bytes: '400000001300050000000000000000000700000003000000000000000000000020001a001c00030008000100ef03000006000200070000000600030000000000',
    linx: (r) => r.bridge.vlans.add({ dev: 'v0', vid: 7, tunnelId: 1007 }),
  },

  // ---- bridge -d vlan / vlan global: RTM_GETVLAN, struct br_vlan_msg (family, reserved, ifindex 0 even
  // with `dev`: bridge filters in user space) and BRIDGE_VLANDB_DUMP_FLAGS (0, STATS 1, GLOBAL 2)
  vlanDbShow: {
    command: ['bridge', '-d', 'vlan', 'show'],
    type: RTM_GETVLAN,
    bytes: '2000000072000103000000000000000007000000000000000800010000000000',
    linx: (r) => r.bridge.vlans.entries(),
  },
  vlanDbShowStats: {
    command: ['bridge', '-s', '-d', 'vlan', 'show'],
    type: RTM_GETVLAN,
    bytes: '2000000072000103000000000000000007000000000000000800010001000000',
    linx: (r) => r.bridge.vlans.entries({ stats: true }),
  },
  vlanDbShowDev: {
    command: ['bridge', '-d', 'vlan', 'show', 'dev', 'br0'],
    type: RTM_GETVLAN,
    bytes: '2000000072000103000000000000000007000000000000000800010000000000',
    linx: (r) => r.bridge.vlans.entries({ dev: 'br0' }),
  },
  vlanGlobalShow: {
    command: ['bridge', 'vlan', 'global', 'show'],
    type: RTM_GETVLAN,
    bytes: '2000000072000103000000000000000007000000000000000800010002000000',
    linx: (r) => r.bridge.vlans.globalOptions(),
  },

  // ---- bridge fdb: neighbour messages of family AF_BRIDGE
  fdbShow: {
    command: ['bridge', 'fdb', 'show'],
    type: RTM_GETNEIGH,
    bytes: '1c0000001e0001030000000000000000070000000000000000000000',
    linx: (r) => r.bridge.fdb.list(),
  },
  fdbShowBridge: {
    command: ['bridge', 'fdb', 'show', 'br', 'br0'],
    type: RTM_GETNEIGH,
    bytes: '240000001e00010300000000000000000700000000000000000000000800090004000000',
    linx: (r) => r.bridge.fdb.list({ bridge: 'br0' }),
  },
  fdbShowDev: {
    command: ['bridge', 'fdb', 'show', 'dev', 'v0'],
    type: RTM_GETNEIGH,
    bytes: '1c0000001e0001030000000000000000070000000300000000000000',
    linx: (r) => r.bridge.fdb.list({ dev: 'v0' }),
  },
  fdbShowBridgeDev: {
    command: ['bridge', 'fdb', 'show', 'br', 'br0', 'dev', 'v0'],
    type: RTM_GETNEIGH,
    bytes: '240000001e00010300000000000000000700000003000000000000000800090004000000',
    linx: (r) => r.bridge.fdb.list({ bridge: 'br0', dev: 'v0' }),
  },
  // The VLAN is filtered in user space by bridge as by linx: nothing of it in the request.
  fdbShowVlan: {
    command: ['bridge', 'fdb', 'show', 'vlan', '10'],
    type: RTM_GETNEIGH,
    bytes: '1c0000001e0001030000000000000000070000000000000000000000',
    linx: (r) => r.bridge.fdb.list({ vlan: 10 }),
  },
  fdbGetBridge: {
    command: ['bridge', 'fdb', 'get', '02:00:00:00:00:01', 'br', 'br0'],
    type: RTM_GETNEIGH,
    bytes: '300000001e00010000000000000000000700000000000000000000000a00020002000000000100000800090004000000',
    linx: (r) => r.bridge.fdb.get({ mac: '02:00:00:00:00:01', bridge: 'br0' }),
  },
  fdbGetSelfVlan: {
    command: ['bridge', 'fdb', 'get', '02:00:00:00:00:01', 'dev', 'v0', 'vlan', '10', 'self'],
    type: RTM_GETNEIGH,
    bytes: '300000001e00010000000000000000000700000003000000000002000a0002000200000000010000060005000a000000',
    linx: (r) => r.bridge.fdb.get({ mac: '02:00:00:00:00:01', dev: 'v0', vlan: 10, self: true }),
  },
  fdbGetMaster: {
    command: ['bridge', 'fdb', 'get', '02:00:00:00:00:01', 'dev', 'v0', 'master'],
    type: RTM_GETNEIGH,
    bytes: '280000001e00010000000000000000000700000003000000000004000a0002000200000000010000',
    linx: (r) => r.bridge.fdb.get({ mac: '02:00:00:00:00:01', dev: 'v0', master: true }),
  },
  fdbAddStatic: {
    command: ['bridge', 'fdb', 'add', '02:00:00:00:00:01', 'dev', 'v0', 'master', 'static'],
    type: RTM_NEWNEIGH,
    bytes: '280000001c00050600000000000000000700000003000000420004000a0002000200000000010000',
    linx: (r) => r.bridge.fdb.add({ mac: '02:00:00:00:00:01', dev: 'v0', master: true, state: 'static' }),
  },
  fdbAddVlanPermanent: {
    command: ['bridge', 'fdb', 'add', '02:00:00:00:00:02', 'dev', 'v0', 'master', 'vlan', '10', 'permanent'],
    type: RTM_NEWNEIGH,
    bytes: '300000001c00050600000000000000000700000003000000c00004000a0002000200000000020000060005000a000000',
    linx: (r) => r.bridge.fdb.add({ mac: '02:00:00:00:00:02', dev: 'v0', master: true, vlan: 10, state: 'permanent' }),
  },
  fdbReplaceDynamic: {
    command: ['bridge', 'fdb', 'replace', '02:00:00:00:00:01', 'dev', 'v0', 'master', 'dynamic'],
    type: RTM_NEWNEIGH,
    bytes: '280000001c00050500000000000000000700000003000000020004000a0002000200000000010000',
    linx: (r) => r.bridge.fdb.replace({ mac: '02:00:00:00:00:01', dev: 'v0', master: true, state: 'dynamic' }),
  },
  fdbAddSelf: {
    command: ['bridge', 'fdb', 'add', '02:00:00:00:00:03', 'dev', 'v0', 'self'],
    type: RTM_NEWNEIGH,
    bytes: '280000001c00050600000000000000000700000003000000c00002000a0002000200000000030000',
    linx: (r) => r.bridge.fdb.add({ mac: '02:00:00:00:00:03', dev: 'v0' }),
  },
  fdbAddExternLearn: {
    command: ['bridge', 'fdb', 'add', '02:00:00:00:00:04', 'dev', 'v0', 'master', 'static', 'extern_learn'],
    type: RTM_NEWNEIGH,
    bytes: '280000001c00050600000000000000000700000003000000420014000a0002000200000000040000',
    linx: (r) => r.bridge.fdb.add({ mac: '02:00:00:00:00:04', dev: 'v0', master: true, state: 'static', externLearn: true }),
  },
  fdbDelete: {
    command: ['bridge', 'fdb', 'del', '02:00:00:00:00:01', 'dev', 'v0', 'master'],
    type: RTM_DELNEIGH,
    bytes: '280000001d00050000000000000000000700000003000000c00004000a0002000200000000010000',
    linx: (r) => r.bridge.fdb.delete({ mac: '02:00:00:00:00:01', dev: 'v0', master: true }),
  },
  fdbFlushPort: {
    command: ['bridge', 'fdb', 'flush', 'dev', 'v0', 'master'],
    type: RTM_DELNEIGH,
    bytes: '1c0000001d0005020000000000000000070000000300000000000400',
    linx: (r) => r.bridge.fdb.flush({ dev: 'v0', master: true }),
  },
  fdbFlushBridge: {
    command: ['bridge', 'fdb', 'flush', 'dev', 'br0'],
    type: RTM_DELNEIGH,
    bytes: '1c0000001d0005020000000000000000070000000400000000000200',
    linx: (r) => r.bridge.fdb.flush({ dev: 'br0' }),
  },
  fdbFlushVlanStatic: {
    command: ['bridge', 'fdb', 'flush', 'dev', 'br0', 'vlan', '10', 'static'],
    type: RTM_DELNEIGH,
    bytes: '2c0000001d0005020000000000000000070000000400000040000200060005000a00000006001000c0000000',
    linx: (r) => r.bridge.fdb.flush({ dev: 'br0', vlan: 10, state: 'static' }),
  },
  fdbFlushDynamic: {
    command: ['bridge', 'fdb', 'flush', 'dev', 'br0', 'dynamic'],
    type: RTM_DELNEIGH,
    bytes: '240000001d000502000000000000000007000000040000000000020006001000c0000000',
    linx: (r) => r.bridge.fdb.flush({ dev: 'br0', state: 'dynamic' }),
  },
  // ---- bridge mdb: struct br_port_msg, MDBA_SET_ENTRY (struct br_mdb_entry), MDBA_SET_ENTRY_ATTRS
  mdbShow: {
    command: ['bridge', 'mdb', 'show'],
    type: RTM_GETMDB,
    bytes: '180000005600010300000000000000000700000000000000',
    linx: (r) => r.bridge.mdb.list(),
  },
  mdbAddPermanent: {
    command: ['bridge', 'mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.1', 'permanent'],
    type: RTM_NEWMDB,
    bytes: '380000005400050600000000000000000700000004000000200001000300000001000000ef01010100000000000000000000000008000000',
    linx: (r) => r.bridge.mdb.add({ dev: 'br0', port: 'v0', group: '239.1.1.1', state: 'permanent' }),
  },
  mdbAddTempVlan: {
    command: ['bridge', 'mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.2', 'temp', 'vid', '10'],
    type: RTM_NEWMDB,
    bytes: '380000005400050600000000000000000700000004000000200001000300000000000a00ef01010200000000000000000000000008000000',
    linx: (r) => r.bridge.mdb.add({ dev: 'br0', port: 'v0', group: '239.1.1.2', vid: 10 }),
  },
  mdbAddIPv6: {
    command: ['bridge', 'mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', 'ff0e::1', 'permanent'],
    type: RTM_NEWMDB,
    bytes: '380000005400050600000000000000000700000004000000200001000300000001000000ff0e000000000000000000000000000186dd0000',
    linx: (r) => r.bridge.mdb.add({ dev: 'br0', port: 'v0', group: 'ff0e::1', state: 'permanent' }),
  },
  mdbAddSource: {
    command: ['bridge', 'mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.3', 'src', '10.0.0.1', 'permanent'],
    type: RTM_NEWMDB,
    bytes:
      '440000005400050600000000000000000700000004000000200001000300000001000000ef010103000000000000000000000000080000000c000280080001000a000001',
    linx: (r) => r.bridge.mdb.add({ dev: 'br0', port: 'v0', group: '239.1.1.3', source: '10.0.0.1', state: 'permanent' }),
  },
  mdbAddMac: {
    command: ['bridge', 'mdb', 'add', 'dev', 'br0', 'port', 'v0', 'grp', '01:00:5e:01:01:05', 'permanent'],
    type: RTM_NEWMDB,
    bytes: '38000000540005060000000000000000070000000400000020000100030000000100000001005e0101050000000000000000000000000000',
    linx: (r) => r.bridge.mdb.add({ dev: 'br0', port: 'v0', group: '01:00:5e:01:01:05', state: 'permanent' }),
  },
  mdbDelete: {
    command: ['bridge', 'mdb', 'del', 'dev', 'br0', 'port', 'v0', 'grp', '239.1.1.1'],
    type: RTM_DELMDB,
    bytes: '380000005500050000000000000000000700000004000000200001000300000000000000ef01010100000000000000000000000008000000',
    linx: (r) => r.bridge.mdb.delete({ dev: 'br0', port: 'v0', group: '239.1.1.1' }),
  },
} satisfies Record<string, RequestFixture>;

export type BridgeFixtureName = keyof typeof BRIDGE_FIXTURES;

/** A fixture's request, as `bridge` sent it. */
export const bridgeFixtureRequest = (name: BridgeFixtureName): NetlinkMessage => parseMessages(unhex(BRIDGE_FIXTURES[name].bytes))[0]!;
