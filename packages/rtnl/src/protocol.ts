/**
 * @linx/rtnl/protocol: rtnetlink's messages themselves, a second tier for those who send or decode raw
 * messages rather than use the verb groups. The declarations generated from the YNL specs, one namespace
 * per spec (`rtLink.linkMessage`, `rtAddr.addrMessage`, `rtRoute.routeMessage`, `rtNeigh.neighbourMessage`,
 * `rtRule.fibRuleMessage`, `tc.attrsMessage`, and from linx's own specs `rtNexthop.nexthopMessage`,
 * `rtNetconf.netconfMessage`, `rtMdb.mdbMessage`, `rtVlan.vlandbMessage`); the link requests as iproute2 lays them out
 * (`linkRequestMessage`: the generated formats with iproute2's attribute order and nest flags), and the
 * link formats under their former names (`linkMessage`, `linkinfoDataFormats`, …: the generated ones); `FamilyClient`, which `rtnl.client` is, to send them; the
 * decoder of notifications read from a socket of one's own (`NotificationDecoder`); and the lookups of a
 * name table (`nameOf`, `numberOf`).
 */
export { FamilyClient } from '@linx/netlink-client';
export { linkRequestMessage, linkRequestAttrs } from './link/request-layout.js';
// The link formats under the names they had when linx completed them by hand: now the generated
// declarations themselves (the same objects as under rtLink), which the links verbs decode with.
export {
  linkMessage,
  linkAttrs,
  linkinfoAttrs,
  linkinfoDataMsgFormats as linkinfoDataFormats,
  linkinfoVethAttrs,
  linkinfoMacvlanAttrs,
  linkinfoIpvlanAttrs,
  linkinfoVxlanAttrs,
  linkinfoBondAttrs as linkinfoBondNamedAttrs,
  linkinfoMemberDataMsgFormats as linkinfoMemberDataFormats,
  macvlanMacaddrDataAttrs,
  iflaVxlanPortRange,
} from './generated/rt-link.js';
export { NotificationDecoder } from './monitor/decode.js';
export { nameOf, numberOf } from './shared/names.js';
export * as rtLink from './generated/rt-link.js';
export * as rtAddr from './generated/rt-addr.js';
export * as rtRoute from './generated/rt-route.js';
export * as rtNeigh from './generated/rt-neigh.js';
export * as rtRule from './generated/rt-rule.js';
export * as rtNexthop from './generated/rt-nexthop.js';
export * as rtNetconf from './generated/rt-netconf.js';
export * as rtMdb from './generated/rt-mdb.js';
export * as rtVlan from './generated/rt-vlan.js';
export * as tc from './generated/tc.js';
