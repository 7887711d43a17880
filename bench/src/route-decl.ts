import { attr, attrset, enumOf, ipv4, message, struct, u32, u8 } from '@linx/netlink-codec';

// A subset of rtnetlink's route message for the codec benchmark (facts from linux/rtnetlink.h).
export const rtmsg = struct('rtmsg', {
  family: u8(),
  dstLen: u8(),
  srcLen: u8(),
  tos: u8(),
  table: u8(),
  protocol: u8(),
  scope: u8(),
  type: enumOf(u8(), { unspec: 0, unicast: 1, local: 2, broadcast: 3, anycast: 4, multicast: 5, blackhole: 6, unreachable: 7, prohibit: 8, throw: 9, nat: 10, xresolve: 11 }),
  flags: u32(),
});

export const routeAttrs = attrset('route-attrs', {
  dst: attr(1, ipv4()),
  oif: attr(4, u32()),
  gateway: attr(5, ipv4()),
  priority: attr(6, u32()),
  table: attr(15, u32()),
});

export const routeMessage = message('route', { header: rtmsg, attrs: routeAttrs, types: { newroute: 24 } });
