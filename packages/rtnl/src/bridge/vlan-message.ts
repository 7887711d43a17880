// The AF_BRIDGE link message `bridge vlan` uses: ifinfomsg with IFLA_AF_SPEC holding the IFLA_BRIDGE_*
// attributes directly (not nested per family), from the generated declarations (the rt-link overlay in
// tools/ynl-gen/src/fixes.ts adds the set), written as iproute2 writes it: IFLA_AF_SPEC and each
// IFLA_BRIDGE_VLAN_TUNNEL_INFO without NLA_F_NESTED.
import { attr, attrset, message, nest, type MessageInput, type MessageValue } from '@linx/netlink-codec';
import { bridgeAfSpecAttrs, bridgeVlanTunnelAttrs, ifinfomsg, linkAttrs, linkMessage } from '../generated/rt-link.js';

const afSpec = attrset('bridge-af-spec-attrs', {
  ...bridgeAfSpecAttrs.attributes,
  vlanTunnelInfo: attr(bridgeAfSpecAttrs.attributes.vlanTunnelInfo.id, nest(bridgeVlanTunnelAttrs), { multi: true, nestedFlag: false }),
});

/**
 * Only the link attributes a VLAN dump is read for (the port's name and bridge, and the VLANs); the others
 * (IFLA_PROTINFO is a nest of port options in AF_BRIDGE messages) stay raw.
 */
const attrs = attrset('link-attrs', {
  ifname: linkAttrs.attributes.ifname,
  master: linkAttrs.attributes.master,
  extMask: linkAttrs.attributes.extMask,
  afSpec: attr(linkAttrs.attributes.afSpec.id, nest(afSpec), { nestedFlag: false }),
});

export const bridgeVlanLinkMessage = message('link', { header: ifinfomsg, attrs, types: linkMessage.types });

export type BridgeVlanLinkValue = MessageValue<typeof ifinfomsg.fields, typeof attrs.attributes>;
export type BridgeVlanLinkInput = MessageInput<typeof ifinfomsg.fields, typeof attrs.attributes>;
