// The links verb group: the `Links` class, the link object, the create/set options and the kinds' name
// tables. The link message declarations (the generated rt-link ones completed with veth, macvlan/macvtap,
// ipvlan/ipvtap and vxlan info data) are exported by ../protocol.ts (`@linx/rtnl/protocol`).
export { Links, type LinkCommonOptions, type LinkCreateOptions, type LinkChanges, type LinkSetOptions, type LinkFilter } from './links.js';
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
  LinkBondOptions,
} from './kinds.js';
export {
  MACVLAN_MODES,
  MACVLAN_FLAGS,
  MACVLAN_MACADDR_MODES,
  IPVLAN_MODES,
  IPVLAN_FLAGS,
  VXLAN_DF,
  VXLAN_LABEL_POLICIES,
  BOND_MODES,
  type LinkKindData,
  type LinkMacvlanMode,
  type LinkIpvlanMode,
  type LinkBondMode,
} from './declarations.js';
