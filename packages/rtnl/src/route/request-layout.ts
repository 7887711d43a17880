/**
 * Route requests laid out as iproute2 sends them, where that differs from the generated declarations
 * (which are the kernel's view, for decoding): RTA_METRICS without NLA_F_NESTED. iproute2 builds the
 * metrics in a buffer of their own and adds it with `addattr_l(…, RTA_METRICS, …)` (ip/iproute.c), and
 * the kernel writes it the same way (rtnetlink_put_metrics: nla_nest_start_noflag), so a request with
 * the flag is one the kernel never sees from `ip`. Every route request linx sends is encoded with this.
 */
import { attr, attrset, message, nest } from '@linx/netlink-codec';
import { metricsAttrs, routeAttrs, routeMessage, rtmsg } from '../generated/rt-route.js';

/** The route attributes for requests: the generated set, RTA_METRICS written without NLA_F_NESTED. */
export const routeRequestAttrs = attrset('route-attrs', {
  ...routeAttrs.attributes,
  metrics: attr(routeAttrs.attributes.metrics.id, nest(metricsAttrs), { nestedFlag: false }),
});

/** RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE as linx sends them. */
export const routeRequestMessage = message('route', { header: rtmsg, attrs: routeRequestAttrs, types: routeMessage.types });
