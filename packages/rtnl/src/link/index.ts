// The links verb group: the `Links` class, the link object (its IFLA_LINKINFO a union that narrows on the
// kind), the create/set options. The formats are the generated rt-link declarations (the kinds' name tables
// too: `rtLink.macvlanModeValues`, `rtLink.bondModeValues`, …) and, for requests, ./request-layout.ts.
export { Links, type LinkCommonOptions, type LinkCreateOptions, type LinkChanges, type LinkSetOptions, type LinkKindReplacedWhole, type LinkFilter } from './links.js';
export { type Link, type LinkFlag, type LinkInfo } from './link.js';
export type {
  LinkKind,
  LinkKindOptionMap,
  LinkVethPeerOptions,
  LinkBridgeOptions,
  LinkVlanOptions,
  LinkVlanProtocol,
  LinkMacvlanOptions,
  LinkIpvlanOptions,
  LinkVxlanOptions,
  LinkVlanQosMapping,
  LinkBondOptions,
  LinkVrfOptions,
  LinkMacsecOptions,
  LinkMacsecCipher,
  LinkXfrmOptions,
  LinkNetkitOptions,
} from './kinds.js';
export type { LinkGreOptions, LinkIp6greOptions, LinkIpipOptions, LinkSitOptions, LinkIp6tnlOptions, LinkGeneveOptions } from './tunnels.js';
export type { LinkKindData, LinkPortData, KnownLinkKind, LinkKindWithoutData } from './link.js';
export type { LinkBridgePortSettings, LinkBondPortSettings } from './ports.js';
// The kinds' name tables under linx's names: the generated enums themselves (not copies).
export {
  macvlanModeValues as MACVLAN_MODES,
  macvlanFlagsValues as MACVLAN_FLAGS,
  macvlanMacaddrModeValues as MACVLAN_MACADDR_MODES,
  ipvlanModeValues as IPVLAN_MODES,
  ipvlanFlagsValues as IPVLAN_FLAGS,
  vxlanDfValues as VXLAN_DF,
  vxlanLabelPolicyValues as VXLAN_LABEL_POLICIES,
  bondModeValues as BOND_MODES,
  type MacvlanMode as LinkMacvlanMode,
  type IpvlanMode as LinkIpvlanMode,
  type BondMode as LinkBondMode,
} from '../generated/rt-link.js';
