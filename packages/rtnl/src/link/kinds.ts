/**
 * The kinds of link linx creates, their options, and how each becomes IFLA_INFO_DATA. Options are checked
 * here (InvalidArgumentError naming the option) before anything is sent; values the declarations bound
 * (attribute widths) are checked again by the codec when the request is encoded.
 */
import type { NetnsTarget } from '@linx/netlink-socket';
import { InvalidArgumentError, checkIfname, type InterfaceRef } from '../shared/arguments.js';
import {
  bondAdLacpRateValues,
  bondAdSelectValues,
  bondArpAllTargetsValues,
  bondArpValidateValues,
  bondFailOverMacValues,
  bondModeValues,
  bondPrimaryReselectValues,
  bondXmitHashPolicyValues,
  ipvlanModeValues,
  macsecOffloadValues,
  macsecValidationTypeValues,
  macvlanModeValues,
  netkitModeValues,
  netkitPolicyValues,
  vlanFlagsValues,
  vxlanDfValues,
  type BondAdLacpRate,
  type BondAdSelect,
  type BondArpAllTargets,
  type BondArpValidate,
  type BondFailOverMac,
  type BondMode,
  type BondPrimaryReselect,
  type BondXmitHashPolicy,
  type IpvlanMode,
  type MacsecOffload,
  type MacsecValidationType,
  type MacvlanMode,
  type NetkitMode,
  type NetkitPolicy,
  type VxlanDf,
} from '../generated/rt-link.js';
import { U16, U32, U8, checkBoolean, checkIp, checkKeys, checkMac, checkName, checkUint } from './checks.js';
import { TUNNEL_KINDS, type LinkGeneveOptions, type LinkGreOptions, type LinkIp6greOptions, type LinkIp6tnlOptions, type LinkIpipOptions, type LinkSitOptions } from './tunnels.js';
import { flag01, orNothing, put, uint, type Data, type KindHandler } from './kind-handler.js';

export type { BuildContext } from './kind-handler.js';

// ---- options

/** The peer of a veth pair. */
export interface LinkVethPeerOptions {
  /** Its name (the kernel picks `vethN` without one). */
  name?: string;
  address?: string;
  mtu?: number;
  txqlen?: number;
  // No `up`: the kernel brings the peer up before the pair is linked, and veth_open() then fails with
  // ENOTCONN (`ip link add … type veth peer … up` fails the same way). Bring it up with set().
  /** Create the peer in another namespace: a name (`/run/netns/NAME`), `{ name }`, `{ path }`, `{ pid }` or `{ fd }`. */
  netns?: NetnsTarget;
}

/** Bridge options. Times are in centiseconds (USER_HZ), as the kernel and `ip` take them. */
export interface LinkBridgeOptions {
  /** Kernel STP on (IFLA_BR_STP_STATE 1) or off. */
  stp?: boolean;
  forwardDelay?: number;
  helloTime?: number;
  maxAge?: number;
  ageingTime?: number;
  /** Bridge priority, 0..65535. */
  priority?: number;
  vlanFiltering?: boolean;
  vlanProtocol?: LinkVlanProtocol;
  /** The default PVID, 0..4094 (0: none). */
  vlanDefaultPvid?: number;
  mcastSnooping?: boolean;
  groupFwdMask?: number;
}

/** 802.1Q (the default) or 802.1ad (QinQ); lower-case and without the dot are accepted too. */
export type LinkVlanProtocol = '802.1Q' | '802.1ad' | '802.1q' | '8021q' | '8021ad';

/** A VLAN priority mapping: `from` → `to` (egress: skb priority → 802.1p PCP 0..7; ingress: PCP → skb priority). */
export interface LinkVlanQosMapping {
  from: number;
  to: number;
}

export interface LinkVlanOptions {
  /** The lower device. */
  link: InterfaceRef;
  /** The VLAN id, 0..4094. */
  id: number;
  protocol?: LinkVlanProtocol;
  /** `egress-qos-map`: skb priorities to 802.1p priorities (0..7). */
  egressQos?: LinkVlanQosMapping[];
  /** `ingress-qos-map`: 802.1p priorities (0..7) to skb priorities. */
  ingressQos?: LinkVlanQosMapping[];
  /** VLAN_FLAG_REORDER_HDR (`reorder_hdr`; the kernel's default is on). */
  reorderHdr?: boolean;
  /** VLAN_FLAG_GVRP (`gvrp`). */
  gvrp?: boolean;
  /** VLAN_FLAG_MVRP (`mvrp`). */
  mvrp?: boolean;
  /** VLAN_FLAG_LOOSE_BINDING (`loose_binding`). */
  looseBinding?: boolean;
  /** VLAN_FLAG_BRIDGE_BINDING (`bridge_binding`). */
  bridgeBinding?: boolean;
}

export interface LinkMacvlanOptions {
  /** The lower device. */
  link: InterfaceRef;
  mode?: MacvlanMode;
  /** MACVLAN_FLAG_NOPROMISC (passthru mode: do not put the lower device in promiscuous mode). */
  nopromisc?: boolean;
  /** Broadcast queue length. */
  bcQueueLen?: number;
}

export interface LinkIpvlanOptions {
  /** The lower device. */
  link: InterfaceRef;
  mode?: IpvlanMode;
  /** The mode flag: 'bridge' (none, the default), 'private' or 'vepa'; with a `mode`, 'bridge' is sent when none is given, as `ip` does. */
  isolation?: 'bridge' | 'private' | 'vepa';
}

export interface LinkVxlanOptions {
  /** The VXLAN network identifier, 0..16777215 (required unless `external`). */
  vni?: number;
  /** UDP destination port (the kernel's default is 8472; IANA's is 4789). */
  port?: number;
  /** Multicast group to join (IPv4 or IPv6). */
  group?: string;
  /** Unicast remote (IPv4 or IPv6); exclusive with `group`. */
  remote?: string;
  /** Source address. */
  local?: string;
  /** The device to send through (IFLA_VXLAN_LINK). */
  dev?: InterfaceRef;
  ttl?: number;
  tos?: number;
  /** Learn remote addresses into the FDB; on create, sent as `ip` does: true, or false for an `external` device, unless given. */
  learning?: boolean;
  /** FDB entry lifetime in seconds. */
  ageing?: number;
  /** UDP source port range. */
  srcPortRange?: { low: number; high: number };
  /** Collect metadata (`ip … external`): the VNI and remote come from the route or the BPF program. */
  external?: boolean;
  udpCsum?: boolean;
  df?: VxlanDf;
}

export interface LinkBondOptions {
  /** A name as `ip` takes it, or the number. */
  mode?: BondMode | number;
  /** MII link monitoring interval in ms. */
  miimon?: number;
  updelay?: number;
  downdelay?: number;
  minLinks?: number;
  /** `use_carrier`. */
  useCarrier?: boolean;
  /** ARP monitoring interval in ms, and its targets (IPv4, at most 16). */
  arpInterval?: number;
  arpIpTarget?: string[];
  arpValidate?: BondArpValidate;
  arpAllTargets?: BondArpAllTargets;
  /** The primary port (a name or index). */
  primary?: InterfaceRef;
  primaryReselect?: BondPrimaryReselect;
  failOverMac?: BondFailOverMac;
  xmitHashPolicy?: BondXmitHashPolicy;
  resendIgmp?: number;
  /** `num_grat_arp` / `num_unsol_na`. */
  numPeerNotif?: number;
  allSlavesActive?: boolean;
  lpInterval?: number;
  packetsPerSlave?: number;
  /** `lacp_rate`. */
  adLacpRate?: BondAdLacpRate;
  adSelect?: BondAdSelect;
  tlbDynamicLb?: boolean;
}

/** A VRF: its routing table. */
export interface LinkVrfOptions {
  /** The table its ports' routes go to (1..2^32-1; `ip link add … type vrf table N`). */
  table: number;
}

/** MACsec (`ip link add link DEV NAME type macsec …`): the secure channel's settings. */
export interface LinkMacsecOptions {
  /** The lower device. */
  link: InterfaceRef;
  /** The port of the SCI (the link's address then this port), 1..65535; exclusive with `sci`. */
  port?: number;
  /** The whole SCI, 16 hex digits ("0102030405060708"). */
  sci?: string;
  /** The cipher suite: 'gcm-aes-128' (the default), 'gcm-aes-256', 'gcm-aes-xpn-128', 'gcm-aes-xpn-256'. */
  cipher?: LinkMacsecCipher;
  /** The ICV length in bytes, 8..16. */
  icvLen?: number;
  encrypt?: boolean;
  /** Send an SCI in every packet (`send_sci`). */
  sendSci?: boolean;
  /** End station (`end_station`). */
  endStation?: boolean;
  /** Single copy broadcast (`scb`). */
  scb?: boolean;
  protect?: boolean;
  /** Replay protection, with its window. */
  replay?: boolean;
  window?: number;
  validate?: MacsecValidationType;
  /** The association used to send, 0..3 (`encodingsa`). */
  encodingSa?: number;
  offload?: MacsecOffload;
}

/** MACSEC_CIPHER_ID_* of linux/if_macsec.h, by the names `ip` takes. */
export type LinkMacsecCipher = 'gcm-aes-128' | 'gcm-aes-256' | 'gcm-aes-xpn-128' | 'gcm-aes-xpn-256';

/** An XFRM interface: the IPsec policies' interface id, the device it sends through. */
export interface LinkXfrmOptions {
  /** XFRM if_id, 1..2^32-1 (`if_id`; policies and states with this id use the interface). */
  ifId?: number;
  /** The lower device (IFLA_XFRM_LINK, `dev`). */
  dev?: InterfaceRef;
  /** Collect metadata (`external`). */
  external?: boolean;
}

/** netkit (Linux 6.7): a pair like veth whose traffic BPF programs steer. */
export interface LinkNetkitOptions {
  /** l3 (the default) or l2. */
  mode?: NetkitMode;
  /** What the primary does without a program: 'forward' (the default) or 'blackhole'. */
  policy?: NetkitPolicy;
  peerPolicy?: NetkitPolicy;
  /** The peer's name and namespace. */
  peer?: { name?: string; netns?: NetnsTarget };
}

/** The options of each kind linx creates (besides the common ones). */
export interface LinkKindOptionMap {
  veth: { peer?: LinkVethPeerOptions };
  bridge: LinkBridgeOptions;
  vlan: LinkVlanOptions;
  macvlan: LinkMacvlanOptions;
  macvtap: LinkMacvlanOptions;
  ipvlan: LinkIpvlanOptions;
  ipvtap: LinkIpvlanOptions;
  vxlan: LinkVxlanOptions;
  bond: LinkBondOptions;
  gre: LinkGreOptions;
  gretap: LinkGreOptions;
  ip6gre: LinkIp6greOptions;
  ip6gretap: LinkIp6greOptions;
  ipip: LinkIpipOptions;
  sit: LinkSitOptions;
  ip6tnl: LinkIp6tnlOptions;
  geneve: LinkGeneveOptions;
  vrf: LinkVrfOptions;
  macsec: LinkMacsecOptions;
  xfrm: LinkXfrmOptions;
  netkit: LinkNetkitOptions;
  wireguard: {};
  dummy: {};
  ifb: {};
}

/** The kinds `create` knows. */
export type LinkKind = keyof LinkKindOptionMap;

// ---- kinds → IFLA_INFO_DATA

/** A name of a generated enum's values. */
const named = (table: Record<string, number>) => (value: unknown, argument: string) => checkName(value, table, argument);

const VLAN_PROTOCOLS: Record<string, '8021q' | '8021ad'> = { '802.1Q': '8021q', '802.1q': '8021q', '8021q': '8021q', '802.1ad': '8021ad', '8021ad': '8021ad' };
function vlanProtocol(value: unknown, argument: string): '8021q' | '8021ad' {
  if (typeof value === 'string' && Object.hasOwn(VLAN_PROTOCOLS, value)) return VLAN_PROTOCOLS[value]!;
  throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a VLAN protocol ("802.1Q" or "802.1ad")`);
}

const VETH_PEER_KEYS = new Set(['name', 'address', 'mtu', 'txqlen', 'netns']);
const NETKIT_PEER_KEYS = new Set(['name', 'netns']);

/** The VLAN flag options, each with its VLAN_FLAG_* (vlanFlagsValues). */
const VLAN_FLAG_OPTIONS = [
  ['reorderHdr', 'reorder-hdr'],
  ['gvrp', 'gvrp'],
  ['looseBinding', 'loose-binding'],
  ['mvrp', 'mvrp'],
  ['bridgeBinding', 'bridge-binding'],
] as const;

/** A QoS map: `{ from, to }` pairs (struct ifla_vlan_qos_mapping), each side within its bound. */
function qosMappings(value: unknown, argument: string, maxFrom: number, maxTo: number): { from: number; to: number }[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(argument, 'expected an array of { from, to } mappings');
  return value.map((item, i) => {
    const m = checkKeys(item, new Set(['from', 'to']), `${argument}[${i}]`, 'a QoS mapping');
    return { from: checkUint(m.from, `${argument}[${i}].from`, maxFrom), to: checkUint(m.to, `${argument}[${i}].to`, maxTo) };
  });
}

/** MACSEC_CIPHER_ID_* (linux/if_macsec.h), by the names `ip` takes. */
const MACSEC_CIPHERS: Record<LinkMacsecCipher, bigint> = {
  'gcm-aes-128': 0x0080_c200_0100_0001n,
  'gcm-aes-256': 0x0080_c200_0100_0002n,
  'gcm-aes-xpn-128': 0x0080_c200_0100_0003n,
  'gcm-aes-xpn-256': 0x0080_c200_0100_0004n,
};
const MACSEC_CIPHER_NAMES = { 'gcm-aes-128': 0, 'gcm-aes-256': 1, 'gcm-aes-xpn-128': 2, 'gcm-aes-xpn-256': 3 };

const none: KindHandler = { keys: [], data: () => undefined };
const macvlan: KindHandler = {
  keys: ['mode', 'nopromisc', 'bcQueueLen'],
  needsLink: true,
  data(o) {
    const out: Data = {};
    put(out, 'mode', o, 'mode', named(macvlanModeValues));
    put(out, 'flags', o, 'nopromisc', (v, a) => (checkBoolean(v, a) ? ['nopromisc'] : []));
    put(out, 'bcQueueLen', o, 'bcQueueLen', uint(U32));
    return orNothing(out);
  },
};
const ipvlan: KindHandler = {
  keys: ['mode', 'isolation'],
  needsLink: true,
  // ipvlan_parse_opt sends IFLA_IPVLAN_FLAGS with every mode (0: bridge), never without one.
  iproute2Defaults: (data) => (data?.mode !== undefined && data.flags === undefined ? { ...data, flags: [] } : data),
  data(o) {
    const out: Data = {};
    put(out, 'mode', o, 'mode', named(ipvlanModeValues));
    put(out, 'flags', o, 'isolation', (v, a) => {
      const name = checkName(v, { bridge: 0, private: 1, vepa: 2 }, a);
      return name === 'bridge' ? [] : [name];
    });
    return orNothing(out);
  },
};

export const KINDS: { readonly [K in LinkKind]: KindHandler } = {
  veth: {
    keys: ['peer'],
    data(o, context) {
      if (o.peer === undefined) return undefined;
      const peer = checkKeys(o.peer, VETH_PEER_KEYS, 'peer', 'a veth peer');
      const attrs: Data = {};
      put(attrs, 'mtu', peer, 'mtu', (v) => checkUint(v, 'peer.mtu', U32));
      put(attrs, 'address', peer, 'address', (v) => checkMac(v, 'peer.address'));
      put(attrs, 'txqlen', peer, 'txqlen', (v) => checkUint(v, 'peer.txqlen', U32));
      if (peer.netns !== undefined) Object.assign(attrs, context.netns(peer.netns, 'peer.netns'));
      put(attrs, 'ifname', peer, 'name', (v) => checkIfname(v, 'peer.name'));
      return { peer: { header: {}, ...attrs } };
    },
  },
  bridge: {
    keys: ['stp', 'forwardDelay', 'helloTime', 'maxAge', 'ageingTime', 'priority', 'vlanFiltering', 'vlanProtocol', 'vlanDefaultPvid', 'mcastSnooping', 'groupFwdMask'],
    data(o) {
      const out: Data = {};
      put(out, 'forwardDelay', o, 'forwardDelay', uint(U32));
      put(out, 'helloTime', o, 'helloTime', uint(U32));
      put(out, 'maxAge', o, 'maxAge', uint(U32));
      put(out, 'ageingTime', o, 'ageingTime', uint(U32));
      put(out, 'stpState', o, 'stp', flag01);
      put(out, 'priority', o, 'priority', uint(U16));
      put(out, 'vlanFiltering', o, 'vlanFiltering', flag01);
      put(out, 'vlanProtocol', o, 'vlanProtocol', (v, a) => (vlanProtocol(v, a) === '8021q' ? 0x8100 : 0x88a8));
      put(out, 'groupFwdMask', o, 'groupFwdMask', uint(U16));
      put(out, 'mcastSnooping', o, 'mcastSnooping', flag01);
      put(out, 'vlanDefaultPvid', o, 'vlanDefaultPvid', uint(4094));
      return orNothing(out);
    },
  },
  vlan: {
    keys: ['id', 'protocol', 'egressQos', 'ingressQos', 'reorderHdr', 'gvrp', 'mvrp', 'looseBinding', 'bridgeBinding'],
    needsLink: true,
    data(o, _context, create) {
      if (create && o.id === undefined) throw new InvalidArgumentError('id', 'a vlan link needs its VLAN id (0..4094)');
      const out: Data = {};
      put(out, 'id', o, 'id', uint(4094));
      // vlan_parse_opt writes the maps, then the flags, then the protocol.
      put(out, 'egressQos', o, 'egressQos', (v, a) => ({ mapping: qosMappings(v, a, U32, 7) }));
      put(out, 'ingressQos', o, 'ingressQos', (v, a) => ({ mapping: qosMappings(v, a, 7, U32) }));
      const flags: string[] = [];
      let mask = 0;
      for (const [key, flag] of VLAN_FLAG_OPTIONS) {
        if (o[key] === undefined) continue;
        mask |= vlanFlagsValues[flag];
        if (checkBoolean(o[key], key)) flags.push(flag);
      }
      if (mask !== 0) out.flags = { flags, mask };
      put(out, 'protocol', o, 'protocol', vlanProtocol);
      return orNothing(out);
    },
  },
  macvlan,
  macvtap: macvlan,
  ipvlan,
  ipvtap: ipvlan,
  vxlan: {
    keys: ['vni', 'port', 'group', 'remote', 'local', 'dev', 'ttl', 'tos', 'learning', 'ageing', 'srcPortRange', 'external', 'udpCsum', 'df'],
    // vxlan_parse_opt sends IFLA_VXLAN_LEARNING on every create: 1, or 0 for an external (collect-metadata)
    // device, unless `learning` is given.
    iproute2Defaults: (data, _options, create) => (create && data?.learning === undefined ? { ...data, learning: data?.collectMetadata === 1 ? 0 : 1 } : data),
    data(o, context, create) {
      const external = o.external === undefined ? false : checkBoolean(o.external, 'external');
      if (create && o.vni === undefined && !external) throw new InvalidArgumentError('vni', 'a vxlan link needs its VNI (0..16777215), unless it is external');
      if (o.group !== undefined && o.remote !== undefined) throw new InvalidArgumentError('remote', 'give a multicast group or a unicast remote, not both');
      const out: Data = {};
      put(out, 'id', o, 'vni', uint(0xff_ffff));
      for (const key of ['group', 'remote'] as const) {
        if (o[key] === undefined) continue;
        const address = checkIp(o[key], key);
        const multicast = address.family === 4 ? address.bytes[0]! >= 224 && address.bytes[0]! <= 239 : address.bytes[0] === 0xff;
        if ((key === 'group') !== multicast) throw new InvalidArgumentError(key, `${address.text} is ${multicast ? 'a multicast' : 'not a multicast'} address; use ${key === 'group' ? 'remote' : 'group'}`);
        out[address.family === 4 ? 'group' : 'group6'] = address.text;
      }
      if (o.dev !== undefined) out.link = context.index(o.dev, 'dev');
      if (o.local !== undefined) {
        const address = checkIp(o.local, 'local');
        out[address.family === 4 ? 'local' : 'local6'] = address.text;
      }
      put(out, 'ttl', o, 'ttl', uint(U8));
      put(out, 'tos', o, 'tos', uint(U8));
      put(out, 'learning', o, 'learning', flag01);
      put(out, 'ageing', o, 'ageing', uint(U32));
      if (o.srcPortRange !== undefined) {
        const range = checkKeys(o.srcPortRange, new Set(['low', 'high']), 'srcPortRange', 'a port range');
        const low = checkUint(range.low, 'srcPortRange.low', U16);
        const high = checkUint(range.high, 'srcPortRange.high', U16);
        if (low > high) throw new InvalidArgumentError('srcPortRange', `low ${low} is above high ${high}`);
        out.portRange = { low, high };
      }
      put(out, 'port', o, 'port', uint(U16));
      put(out, 'udpCsum', o, 'udpCsum', flag01);
      if (o.external !== undefined) out.collectMetadata = external ? 1 : 0;
      put(out, 'df', o, 'df', named(vxlanDfValues));
      return orNothing(out);
    },
  },
  bond: {
    keys: [
      'mode', 'miimon', 'updelay', 'downdelay', 'minLinks', 'useCarrier', 'arpInterval', 'arpIpTarget', 'arpValidate', 'arpAllTargets', 'primary', 'primaryReselect',
      'failOverMac', 'xmitHashPolicy', 'resendIgmp', 'numPeerNotif', 'allSlavesActive', 'lpInterval', 'packetsPerSlave', 'adLacpRate', 'adSelect', 'tlbDynamicLb',
    ],
    data(o, context) {
      const out: Data = {};
      put(out, 'mode', o, 'mode', (v, a) => checkName(v, bondModeValues, a, true));
      put(out, 'miimon', o, 'miimon', uint(U32));
      put(out, 'updelay', o, 'updelay', uint(U32));
      put(out, 'downdelay', o, 'downdelay', uint(U32));
      put(out, 'useCarrier', o, 'useCarrier', flag01);
      put(out, 'arpInterval', o, 'arpInterval', uint(U32));
      put(out, 'arpIpTarget', o, 'arpIpTarget', (v, a) => {
        // BOND_MAX_ARP_TARGETS (include/net/bonding.h).
        if (!Array.isArray(v) || v.length > 16) throw new InvalidArgumentError(a, 'expected an array of at most 16 IPv4 addresses');
        return v.map((target, i) => {
          const address = checkIp(target, `${a}[${i}]`);
          if (address.family !== 4) throw new InvalidArgumentError(`${a}[${i}]`, `${address.text} is not an IPv4 address`);
          return address.text;
        });
      });
      put(out, 'arpValidate', o, 'arpValidate', named(bondArpValidateValues));
      put(out, 'arpAllTargets', o, 'arpAllTargets', named(bondArpAllTargetsValues));
      if (o.primary !== undefined) out.primary = context.index(o.primary, 'primary');
      put(out, 'primaryReselect', o, 'primaryReselect', named(bondPrimaryReselectValues));
      put(out, 'failOverMac', o, 'failOverMac', named(bondFailOverMacValues));
      put(out, 'xmitHashPolicy', o, 'xmitHashPolicy', named(bondXmitHashPolicyValues));
      put(out, 'resendIgmp', o, 'resendIgmp', uint(255));
      put(out, 'numPeerNotif', o, 'numPeerNotif', uint(255));
      put(out, 'allSlavesActive', o, 'allSlavesActive', flag01);
      put(out, 'minLinks', o, 'minLinks', uint(U32));
      put(out, 'lpInterval', o, 'lpInterval', uint(U32, 1));
      put(out, 'packetsPerSlave', o, 'packetsPerSlave', uint(65535));
      put(out, 'adLacpRate', o, 'adLacpRate', named(bondAdLacpRateValues));
      put(out, 'adSelect', o, 'adSelect', named(bondAdSelectValues));
      put(out, 'tlbDynamicLb', o, 'tlbDynamicLb', flag01);
      return orNothing(out);
    },
  },
  ...TUNNEL_KINDS,
  vrf: {
    keys: ['table'],
    data(o, _context, create) {
      if (create && o.table === undefined) throw new InvalidArgumentError('table', 'a vrf link needs its routing table (1..4294967295)');
      const out: Data = {};
      put(out, 'table', o, 'table', uint(U32, 1));
      return orNothing(out);
    },
  },
  macsec: {
    keys: ['port', 'sci', 'cipher', 'icvLen', 'encrypt', 'sendSci', 'endStation', 'scb', 'protect', 'replay', 'window', 'validate', 'encodingSa', 'offload'],
    needsLink: true,
    data(o) {
      if (o.port !== undefined && o.sci !== undefined) throw new InvalidArgumentError('sci', 'give a port or a whole SCI, not both');
      if (o.window !== undefined && o.replay === undefined) throw new InvalidArgumentError('window', 'a replay window goes with replay: true');
      const out: Data = {};
      // macsec_parse_opt's order: sci or port, then the rest as given; bytes compared order aside.
      put(out, 'sci', o, 'sci', (v, a) => {
        if (typeof v !== 'string' || !/^[0-9a-fA-F]{16}$/.test(v)) throw new InvalidArgumentError(a, `${JSON.stringify(v)} is not an SCI of 16 hex digits`);
        return BigInt(`0x${v}`);
      });
      put(out, 'port', o, 'port', uint(U16, 1));
      put(out, 'encrypt', o, 'encrypt', flag01);
      put(out, 'validation', o, 'validate', named(macsecValidationTypeValues));
      put(out, 'cipherSuite', o, 'cipher', (v, a) => MACSEC_CIPHERS[checkName(v, MACSEC_CIPHER_NAMES, a)]);
      put(out, 'icvLen', o, 'icvLen', uint(16, 8));
      put(out, 'incSci', o, 'sendSci', flag01);
      put(out, 'es', o, 'endStation', flag01);
      put(out, 'scb', o, 'scb', flag01);
      put(out, 'protect', o, 'protect', flag01);
      put(out, 'replayProtect', o, 'replay', flag01);
      put(out, 'window', o, 'window', uint(U32));
      put(out, 'encodingSa', o, 'encodingSa', uint(3));
      put(out, 'offload', o, 'offload', named(macsecOffloadValues));
      return orNothing(out);
    },
  },
  xfrm: {
    noChange: "the kernel replaces an xfrm interface's settings as a whole (xfrmi_changelink): delete the link and create it with its new settings",
    keys: ['ifId', 'dev', 'external'],
    data(o, context, create) {
      const external = o.external === undefined ? false : checkBoolean(o.external, 'external');
      if (create && o.ifId === undefined && !external) throw new InvalidArgumentError('ifId', 'an xfrm link needs its if_id (1..4294967295), unless it is external');
      const out: Data = {};
      put(out, 'ifId', o, 'ifId', uint(U32, 1));
      if (o.dev !== undefined) out.link = context.index(o.dev, 'dev');
      if (external) out.collectMetadata = true;
      return orNothing(out);
    },
  },
  netkit: {
    keys: ['mode', 'policy', 'peerPolicy', 'peer'],
    data(o, context) {
      const out: Data = {};
      if (o.peer !== undefined) {
        const peer = checkKeys(o.peer, NETKIT_PEER_KEYS, 'peer', 'a netkit peer');
        const attrs: Data = {};
        if (peer.netns !== undefined) Object.assign(attrs, context.netns(peer.netns, 'peer.netns'));
        put(attrs, 'ifname', peer, 'name', (v) => checkIfname(v, 'peer.name'));
        out.peerInfo = { header: {}, ...attrs };
      }
      put(out, 'mode', o, 'mode', named(netkitModeValues));
      put(out, 'policy', o, 'policy', named(netkitPolicyValues));
      put(out, 'peerPolicy', o, 'peerPolicy', named(netkitPolicyValues));
      return orNothing(out);
    },
  },
  wireguard: none,
  dummy: none,
  ifb: none,
};

/** The handler of a kind, or InvalidArgumentError for a kind linx does not create. */
export function kindHandler(kind: unknown): KindHandler {
  if (typeof kind === 'string' && Object.hasOwn(KINDS, kind)) return KINDS[kind as LinkKind];
  throw new InvalidArgumentError('kind', `${kind === undefined ? 'missing' : JSON.stringify(kind) + ' is not a kind linx creates'}; the kinds are ${Object.keys(KINDS).join(', ')}`);
}
