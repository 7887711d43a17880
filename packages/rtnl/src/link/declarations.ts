/**
 * The link message as linx speaks it: the declarations generated from rt-link.yaml, completed with the
 * info data the spec lacks (veth, macvlan/macvtap, ipvlan/ipvtap, vxlan; declared by hand from the UAPI
 * headers linux/if_link.h and linux/veth.h), and the bond mode named.
 *
 * Two views of the same attributes:
 * - `linkMessage` / `linkAttrs` decode what the kernel sends (attribute ids in order), and encode dump
 *   filters and lookups;
 * - `linkRequestMessage` encodes what linx sends to change links, laid out the way iproute2 lays out
 *   `ip link add/set` (the settings, then IFLA_LINK, IFLA_IFNAME, IFLA_LINKINFO; IFLA_IFALIAS without a
 *   NUL, which also lets an empty alias clear it), so that linx's requests are iproute2's bytes.
 * Both share IFLA_LINKINFO as iproute2 writes it: nests without NLA_F_NESTED, kind names without a NUL.
 */
import {
  attr,
  attrset,
  binary,
  custom,
  enumOf,
  flag,
  flagsOf,
  headedNest,
  ipv4,
  ipv6,
  mac,
  message,
  nest,
  s32,
  struct,
  structType,
  subMessage,
  u16,
  u32,
  u8,
  InvalidValueError,
  type AttrSetDecl,
  type FormatValue,
} from '@linx/netlink-codec';
import {
  ifinfomsg,
  linkAttrs as generatedLinkAttrs,
  linkinfoBondAttrs,
  linkinfoDataMsgFormats,
  linkinfoMemberDataMsgFormats,
  linkMessage as generatedLinkMessage,
} from '../generated/rt-link.js';
import { unterminatedText } from '../shared/unterminated-text.js';

// ---- names (values from linux/if_link.h)

/** MACVLAN_MODE_*: how macvlan/macvtap devices on one lower device reach each other. */
export const MACVLAN_MODES = { private: 1, vepa: 2, bridge: 4, passthru: 8, source: 16 } as const;
export type LinkMacvlanMode = keyof typeof MACVLAN_MODES;
/** MACVLAN_FLAG_*. */
export const MACVLAN_FLAGS = { nopromisc: 1, nodst: 2 } as const;
/** MACVLAN_MACADDR_*: what IFLA_MACVLAN_MACADDR does to the source list (mode source). */
export const MACVLAN_MACADDR_MODES = { add: 0, del: 1, flush: 2, set: 3 } as const;

/** IPVLAN_MODE_*. */
export const IPVLAN_MODES = { l2: 0, l3: 1, l3s: 2 } as const;
export type LinkIpvlanMode = keyof typeof IPVLAN_MODES;
/** IPVLAN_F_* (no flag: "bridge"). */
export const IPVLAN_FLAGS = { private: 1, vepa: 2 } as const;

/** VXLAN_DF_*. */
export const VXLAN_DF = { unset: 0, set: 1, inherit: 2 } as const;
/** VXLAN_LABEL_* (IPv6 flow label policy). */
export const VXLAN_LABEL_POLICIES = { fixed: 0, inherit: 1 } as const;

/** BOND_MODE_* with the names `ip` prints and takes. */
export const BOND_MODES = {
  'balance-rr': 0,
  'active-backup': 1,
  'balance-xor': 2,
  broadcast: 3,
  '802.3ad': 4,
  'balance-tlb': 5,
  'balance-alb': 6,
} as const;
export type LinkBondMode = keyof typeof BOND_MODES;

// ---- info data the spec lacks

/** struct ifla_vxlan_port_range: the UDP source port range, in network byte order. */
export const iflaVxlanPortRange = struct('ifla-vxlan-port-range', {
  low: u16({ order: 'big' }),
  high: u16({ order: 'big' }),
});

/** IFLA_VXLAN_* (linux/if_link.h, up to IFLA_VXLAN_MC_ROUTE of Linux 6.16). */
export const linkinfoVxlanAttrs = attrset('linkinfo-vxlan-attrs', {
  id: attr(1, u32()),
  group: attr(2, ipv4()),
  link: attr(3, u32()),
  local: attr(4, ipv4()),
  ttl: attr(5, u8()),
  tos: attr(6, u8()),
  learning: attr(7, u8()),
  ageing: attr(8, u32()),
  limit: attr(9, u32()),
  portRange: attr(10, structType(iflaVxlanPortRange)),
  proxy: attr(11, u8()),
  rsc: attr(12, u8()),
  l2miss: attr(13, u8()),
  l3miss: attr(14, u8()),
  port: attr(15, u16({ order: 'big' })),
  group6: attr(16, ipv6()),
  local6: attr(17, ipv6()),
  udpCsum: attr(18, u8()),
  udpZeroCsum6Tx: attr(19, u8()),
  udpZeroCsum6Rx: attr(20, u8()),
  remcsumTx: attr(21, u8()),
  remcsumRx: attr(22, u8()),
  gbp: attr(23, flag()),
  remcsumNopartial: attr(24, flag()),
  collectMetadata: attr(25, u8()),
  label: attr(26, u32({ order: 'big' })),
  gpe: attr(27, flag()),
  // The kernel takes IFLA_VXLAN_TTL_INHERIT as a flag but sends it as a u8 (vxlan_fill_info).
  ttlInherit: attr(28, u8()),
  df: attr(29, enumOf(u8(), VXLAN_DF, 'ifla-vxlan-df')),
  vnifilter: attr(30, u8()),
  localbypass: attr(31, u8()),
  labelPolicy: attr(32, enumOf(u32(), VXLAN_LABEL_POLICIES, 'ifla-vxlan-label-policy')),
  reservedBits: attr(33, binary({ length: 8 })),
  mcRoute: attr(34, u8()),
});

/** IFLA_MACVLAN_MACADDR_DATA: the source addresses, each an IFLA_MACVLAN_MACADDR. */
export const macvlanMacaddrDataAttrs = attrset('macvlan-macaddr-data-attrs', {
  macaddr: attr(4, mac(), { multi: true }),
});

/** IFLA_MACVLAN_* (macvlan and macvtap). */
export const linkinfoMacvlanAttrs = attrset('linkinfo-macvlan-attrs', {
  mode: attr(1, enumOf(u32(), MACVLAN_MODES, 'macvlan-mode')),
  flags: attr(2, flagsOf(u16(), MACVLAN_FLAGS, 'macvlan-flags')),
  macaddrMode: attr(3, enumOf(u32(), MACVLAN_MACADDR_MODES, 'macvlan-macaddr-mode')),
  macaddr: attr(4, mac()),
  macaddrData: attr(5, nest(macvlanMacaddrDataAttrs), { nestedFlag: false }),
  macaddrCount: attr(6, u32()),
  bcQueueLen: attr(7, u32()),
  bcQueueLenUsed: attr(8, u32()),
  bcCutoff: attr(9, s32()),
});

/** IFLA_IPVLAN_* (ipvlan and ipvtap). */
export const linkinfoIpvlanAttrs = attrset('linkinfo-ipvlan-attrs', {
  mode: attr(1, enumOf(u16(), IPVLAN_MODES, 'ipvlan-mode')),
  flags: attr(2, flagsOf(u16(), IPVLAN_FLAGS, 'ipvlan-flags')),
});

/**
 * VETH_INFO_* (linux/veth.h). VETH_INFO_PEER is an ifinfomsg then link attributes: the peer's name,
 * namespace, address… (sent on creation only; the kernel's dumps show the peer as IFLA_LINK).
 */
export const linkinfoVethAttrs = attrset('linkinfo-veth-attrs', {
  peer: attr(1, headedNest(ifinfomsg, (): AttrSetDecl => linkRequestAttrs), { nestedFlag: false }),
});

/** The generated bond attributes with IFLA_BOND_MODE named (`'active-backup'`), as `ip` shows it. */
export const linkinfoBondNamedAttrs = attrset('linkinfo-bond-attrs', {
  ...linkinfoBondAttrs.attributes,
  mode: attr(1, enumOf(u8(), BOND_MODES, 'bond-mode')),
});

/** IFLA_INFO_DATA formats by IFLA_INFO_KIND: the generated ones and linx's. */
export const linkinfoDataFormats = {
  ...linkinfoDataMsgFormats,
  bond: { attrs: linkinfoBondNamedAttrs },
  veth: { attrs: linkinfoVethAttrs },
  macvlan: { attrs: linkinfoMacvlanAttrs },
  macvtap: { attrs: linkinfoMacvlanAttrs },
  ipvlan: { attrs: linkinfoIpvlanAttrs },
  ipvtap: { attrs: linkinfoIpvlanAttrs },
  vxlan: { attrs: linkinfoVxlanAttrs },
};

/** The decoded IFLA_INFO_DATA of each kind linx declares, e.g. `LinkKindData['vxlan']`. */
export type LinkKindData = { [K in keyof typeof linkinfoDataFormats]: FormatValue<(typeof linkinfoDataFormats)[K]> };

/**
 * IFLA_INFO_SLAVE_DATA formats by IFLA_INFO_SLAVE_KIND: the generated ones (whose bridge port attributes
 * the generator declares as the u8s the kernel sends, not the flags rt-link.yaml says).
 */
export const linkinfoMemberDataFormats = linkinfoMemberDataMsgFormats;

/**
 * A kind name (IFLA_INFO_KIND, IFLA_INFO_SLAVE_KIND) as iproute2 sends it: without a NUL (iplink.c adds
 * it with `addattr_l(…, strlen(type))`; the kernel compares it with nla_strcmp or copies it with
 * nla_strscpy, which take both, and sends it with one, which decoding drops). At most 63 bytes, the
 * bound `links.list({ kind })` checks (the kernel's own kinds are shorter: MODULE_NAME_LEN, 56 with the NUL).
 */
const kindText = unterminatedText('link-kind', 63);

/**
 * IFLA_LINKINFO with linx's data formats, written as iproute2 writes it: nests without NLA_F_NESTED, kind
 * names without a NUL (requests, dump filters and lookups alike).
 */
export const linkinfoAttrs = attrset('linkinfo-attrs', {
  kind: attr(1, kindText),
  data: attr(2, subMessage('kind', linkinfoDataFormats, 'linkinfo-data-msg'), { nestedFlag: false }),
  xstats: attr(3, binary()),
  slaveKind: attr(4, kindText),
  slaveData: attr(5, subMessage('slaveKind', linkinfoMemberDataFormats, 'linkinfo-member-data-msg'), { nestedFlag: false }),
});

/** The link attributes: the generated set with IFLA_LINKINFO replaced by linx's. */
export const linkAttrs = attrset('link-attrs', {
  ...generatedLinkAttrs.attributes,
  linkinfo: attr(18, nest(linkinfoAttrs), { nestedFlag: false }),
});

/** RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK / RTM_SETLINK: ifinfomsg and `linkAttrs`. */
export const linkMessage = message('link', { header: ifinfomsg, attrs: linkAttrs, types: generatedLinkMessage.types });

// ---- the request layout

const IFALIASZ = 256;
/** IFLA_IFALIAS as iproute2 sends it: the text without a NUL; '' (zero bytes) removes the alias. */
const aliasText = unterminatedText('ifalias', IFALIASZ - 1);

const { mtu, address, broadcast, txqlen, ifalias: _ifalias, master, netNsPid, netNsFd, link, ifname, linkinfo, ...others } = linkAttrs.attributes;

/**
 * The link attributes in the order iproute2 writes them (settings, then IFLA_LINK, IFLA_IFNAME,
 * IFLA_LINKINFO last), for requests.
 */
export const linkRequestAttrs = attrset('link-attrs', {
  mtu,
  address,
  broadcast,
  txqlen,
  ifalias: attr(20, aliasText),
  master,
  netNsPid,
  netNsFd,
  ...others,
  link,
  ifname,
  linkinfo,
});

/** The link message for requests linx sends (same attributes as `linkMessage`, laid out like iproute2). */
export const linkRequestMessage = message('link', { header: ifinfomsg, attrs: linkRequestAttrs, types: generatedLinkMessage.types });
