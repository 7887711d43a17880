/**
 * Route requests laid out as iproute2 sends them, where that differs from the generated declarations
 * (which are the kernel's view, for decoding):
 * - RTA_METRICS without NLA_F_NESTED. iproute2 builds the metrics in a buffer of their own and adds it
 *   with `addattr_l(…, RTA_METRICS, …)` (ip/iproute.c), and the kernel writes it the same way
 *   (rtnetlink_put_metrics: nla_nest_start_noflag), so a request with the flag is one the kernel never
 *   sees from `ip`;
 * - RTAX_CC_ALGO without a NUL (`rta_addattr_l(…, congctl, strlen(congctl))`; the kernel copies it with
 *   nla_strscpy, which takes either; TCP_CA_NAME_MAX is 16 with the NUL);
 * - RTA_DST, RTA_SRC, RTA_GATEWAY and RTA_PREFSRC as the bytes the verbs parsed and checked against the
 *   route's family (iproute2's get_addr does the same): the generated declaration reads them as IPv4 or
 *   IPv6 text, and an MPLS route's RTA_DST is a label, which no address text says;
 * - RTA_MULTIPATH's next hops with these request attributes (the generated records of struct rtnexthop);
 * - RTA_ENCAP as the one encapsulation linx sends, MPLS (a nest of MPLS_IPTUNNEL_*, with NLA_F_NESTED as
 *   iproute2 sets it; the generated declaration keeps RTA_ENCAP as bytes, its format depends on RTA_ENCAP_TYPE).
 * Every route request linx sends is encoded with this.
 */
import { attr, attrset, binary, message, nest, records, type AttrSetDecl } from '@linx/netlink-codec';
import { metricsAttrs, mplsIptunnelAttrs, routeAttrs, routeMessage, rtmsg, rtnexthop } from '../generated/rt-route.js';
import { unterminatedText } from '../shared/unterminated-text.js';

/** The metrics for requests: the generated set, the congestion control name without a NUL. */
export const metricsRequestAttrs = attrset('metrics', {
  ...metricsAttrs.attributes,
  ccAlgo: attr(metricsAttrs.attributes.ccAlgo.id, unterminatedText('tcp-ca-name', 15)),
});

const { dst, src, gateway, prefsrc, encap, multipath } = routeAttrs.attributes;

/** The route attributes for requests: the generated set, addresses as parsed bytes, RTA_METRICS written without NLA_F_NESTED. */
export const routeRequestAttrs = attrset('route-attrs', {
  ...routeAttrs.attributes,
  dst: attr(dst.id, binary()),
  src: attr(src.id, binary()),
  gateway: attr(gateway.id, binary()),
  prefsrc: attr(prefsrc.id, binary()),
  encap: attr(encap.id, nest(mplsIptunnelAttrs)),
  multipath: attr(multipath.id, records(rtnexthop, (): AttrSetDecl => routeRequestAttrs)),
  metrics: attr(routeAttrs.attributes.metrics.id, nest(metricsRequestAttrs), { nestedFlag: false }),
});

/** RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE as linx sends them. */
export const routeRequestMessage = message('route', { header: rtmsg, attrs: routeRequestAttrs, types: routeMessage.types });
