import type { NetlinkMessage } from '@linx/netlink-wire';

/**
 * The message type of the replies that answer a request (the parts of a dump), for
 * `FakeKernel.multipart`: a number, or a function of the request. Protocols differ, so the fake kernel
 * assumes none: rtnetlink answers RTM_GETLINK (18) with RTM_NEWLINK (16), generic netlink answers with
 * the family id the request was sent to, nfnetlink with `subsystem << 8 | message` of the subsystem's
 * own choosing (nftables answers NFT_MSG_GETTABLE with NFT_MSG_NEWTABLE).
 */
export type ReplyType = number | ((request: NetlinkMessage) => number);

/**
 * rtnetlink's rule: every object has four consecutive types from a multiple of 4 (NEW, DEL, GET, SET,
 * from RTM_BASE 16 on), and a GET is answered with the object's NEW: RTM_GETROUTE (26) with
 * RTM_NEWROUTE (24), RTM_GETSTATS (94) with RTM_NEWSTATS (92).
 */
export function rtnetlinkReplyType(request: NetlinkMessage): number {
  return request.type & ~3;
}

/**
 * Generic netlink's rule: a reply carries the request's own type, the family id (the command that
 * tells replies apart is in the genlmsghdr of the payload).
 */
export function genlReplyType(request: NetlinkMessage): number {
  return request.type;
}
