/**
 * Route requests laid out as iproute2 sends them, where that differs from the generated declarations
 * (which are the kernel's view, for decoding):
 * - RTA_METRICS without NLA_F_NESTED. iproute2 builds the metrics in a buffer of their own and adds it
 *   with `addattr_l(…, RTA_METRICS, …)` (ip/iproute.c), and the kernel writes it the same way
 *   (rtnetlink_put_metrics: nla_nest_start_noflag), so a request with the flag is one the kernel never
 *   sees from `ip`;
 * - RTAX_CC_ALGO without a NUL (`rta_addattr_l(…, congctl, strlen(congctl))`; the kernel copies it with
 *   nla_strscpy, which takes either; TCP_CA_NAME_MAX is 16 with the NUL).
 * Every route request linx sends is encoded with this.
 */
import { attr, attrset, message, nest } from '@linx/netlink-codec';
import { metricsAttrs, routeAttrs, routeMessage, rtmsg } from '../generated/rt-route.js';
import { unterminatedText } from '../shared/unterminated-text.js';

/** The metrics for requests: the generated set, the congestion control name without a NUL. */
export const metricsRequestAttrs = attrset('metrics', {
  ...metricsAttrs.attributes,
  ccAlgo: attr(metricsAttrs.attributes.ccAlgo.id, unterminatedText('tcp-ca-name', 15)),
});

/** The route attributes for requests: the generated set, RTA_METRICS written without NLA_F_NESTED. */
export const routeRequestAttrs = attrset('route-attrs', {
  ...routeAttrs.attributes,
  metrics: attr(routeAttrs.attributes.metrics.id, nest(metricsRequestAttrs), { nestedFlag: false }),
});

/** RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE as linx sends them. */
export const routeRequestMessage = message('route', { header: rtmsg, attrs: routeRequestAttrs, types: routeMessage.types });
