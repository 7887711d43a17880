/**
 * The kinds of link linx creates, their options, and how each becomes IFLA_INFO_DATA. Options are checked
 * here (InvalidArgumentError naming the option) before anything is sent; values the declarations bound
 * (attribute widths) are checked again by the codec when the request is encoded.
 */
import type { NetnsTarget } from '@linx/netlink-socket';
import { InvalidArgumentError, checkIfname, type InterfaceRef } from '../shared/arguments.js';
import { BOND_MODES, IPVLAN_MODES, MACVLAN_MODES, VXLAN_DF, type LinkBondMode, type LinkIpvlanMode, type LinkMacvlanMode } from './declarations.js';
import { U16, U32, U8, checkBoolean, checkIp, checkKeys, checkMac, checkName, checkUint } from './checks.js';
import type { NetnsAttrs } from './netns.js';

/** How a request builder names interfaces and namespaces: checked in a dry run, resolved when sent. */
export interface BuildContext {
  /** The index of an interface given by name or index. */
  index(ref: unknown, argument: string): number;
  /** The IFLA_NET_NS_FD / IFLA_NET_NS_PID attribute for a namespace target. */
  netns(target: unknown, argument: string): NetnsAttrs;
}

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

export interface LinkVlanOptions {
  /** The lower device. */
  link: InterfaceRef;
  /** The VLAN id, 0..4094. */
  id: number;
  protocol?: LinkVlanProtocol;
}

export interface LinkMacvlanOptions {
  /** The lower device. */
  link: InterfaceRef;
  mode?: LinkMacvlanMode;
  /** MACVLAN_FLAG_NOPROMISC (passthru mode: do not put the lower device in promiscuous mode). */
  nopromisc?: boolean;
  /** Broadcast queue length. */
  bcQueueLen?: number;
}

export interface LinkIpvlanOptions {
  /** The lower device. */
  link: InterfaceRef;
  mode?: LinkIpvlanMode;
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
  df?: keyof typeof VXLAN_DF;
}

export interface LinkBondOptions {
  /** A name as `ip` takes it, or the number. */
  mode?: LinkBondMode | number;
  /** MII link monitoring interval in ms. */
  miimon?: number;
  updelay?: number;
  downdelay?: number;
  minLinks?: number;
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
  dummy: {};
  ifb: {};
}

/** The kinds `create` knows. */
export type LinkKind = keyof LinkKindOptionMap;

// ---- kinds → IFLA_INFO_DATA

type Data = Record<string, unknown>;

interface KindHandler {
  /** The kind's own option names (`link` is a common option). */
  readonly keys: readonly string[];
  /** IFLA_LINK (the lower device) is required. */
  readonly needsLink?: boolean;
  /** Checks the kind's options and returns IFLA_INFO_DATA (undefined: none). */
  data(options: Record<string, unknown>, context: BuildContext, create: boolean): Data | undefined;
  /**
   * What `ip link add/set` sends for this kind although it was not asked for, added to the checked data
   * of a request (not to what reconcile compares: these are iproute2's habits, not the caller's wishes).
   */
  iproute2Defaults?(data: Data | undefined, options: Record<string, unknown>, create: boolean): Data | undefined;
}

/** Copies `options[key]` through `check` into `out[name]` when it is set. */
function put(out: Data, name: string, options: Record<string, unknown>, key: string, check: (value: unknown, argument: string) => unknown): void {
  if (options[key] !== undefined) out[name] = check(options[key], key);
}
const flag01 = (value: unknown, argument: string) => (checkBoolean(value, argument) ? 1 : 0);
const uint = (max: number, min = 0) => (value: unknown, argument: string) => checkUint(value, argument, max, min);
const orNothing = (data: Data) => (Object.keys(data).length ? data : undefined);

const VLAN_PROTOCOLS: Record<string, '8021q' | '8021ad'> = { '802.1Q': '8021q', '802.1q': '8021q', '8021q': '8021q', '802.1ad': '8021ad', '8021ad': '8021ad' };
function vlanProtocol(value: unknown, argument: string): '8021q' | '8021ad' {
  if (typeof value === 'string' && Object.hasOwn(VLAN_PROTOCOLS, value)) return VLAN_PROTOCOLS[value]!;
  throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a VLAN protocol ("802.1Q" or "802.1ad")`);
}

const VETH_PEER_KEYS = new Set(['name', 'address', 'mtu', 'txqlen', 'netns']);

const none: KindHandler = { keys: [], data: () => undefined };
const macvlan: KindHandler = {
  keys: ['mode', 'nopromisc', 'bcQueueLen'],
  needsLink: true,
  data(o) {
    const out: Data = {};
    put(out, 'mode', o, 'mode', (v, a) => checkName(v, MACVLAN_MODES, a));
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
    put(out, 'mode', o, 'mode', (v, a) => checkName(v, IPVLAN_MODES, a));
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
    keys: ['id', 'protocol'],
    needsLink: true,
    data(o, _context, create) {
      if (create && o.id === undefined) throw new InvalidArgumentError('id', 'a vlan link needs its VLAN id (0..4094)');
      const out: Data = {};
      put(out, 'id', o, 'id', uint(4094));
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
      put(out, 'df', o, 'df', (v, a) => checkName(v, VXLAN_DF, a));
      return orNothing(out);
    },
  },
  bond: {
    keys: ['mode', 'miimon', 'updelay', 'downdelay', 'minLinks'],
    data(o) {
      const out: Data = {};
      put(out, 'mode', o, 'mode', (v, a) => checkName(v, BOND_MODES, a, true));
      put(out, 'miimon', o, 'miimon', uint(U32));
      put(out, 'updelay', o, 'updelay', uint(U32));
      put(out, 'downdelay', o, 'downdelay', uint(U32));
      put(out, 'minLinks', o, 'minLinks', uint(U32));
      return orNothing(out);
    },
  },
  dummy: none,
  ifb: none,
};

/** The handler of a kind, or InvalidArgumentError for a kind linx does not create. */
export function kindHandler(kind: unknown): KindHandler {
  if (typeof kind === 'string' && Object.hasOwn(KINDS, kind)) return KINDS[kind as LinkKind];
  throw new InvalidArgumentError('kind', `${kind === undefined ? 'missing' : JSON.stringify(kind) + ' is not a kind linx creates'}; the kinds are ${Object.keys(KINDS).join(', ')}`);
}
