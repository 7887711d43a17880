/**
 * The socket-level option numbers `RawNetlinkSocket` uses (Linux values, the same on every architecture
 * for these). The netlink-level ones (SOL_NETLINK, NETLINK_*) come from @linx/netlink-wire, checked there
 * against linux/netlink.h. A test checks both against the numbers the addon was compiled with.
 * Internal: users call the named helpers, or `setOption`/`getOption` with their own numbers.
 */
export const SOL_SOCKET = 1;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_SNDBUFFORCE = 32;
export const SO_RCVBUFFORCE = 33;

export {
  SOL_NETLINK,
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_DROP_MEMBERSHIP,
  NETLINK_PKTINFO,
  NETLINK_BROADCAST_ERROR,
  NETLINK_NO_ENOBUFS,
  NETLINK_LISTEN_ALL_NSID,
  NETLINK_LIST_MEMBERSHIPS,
  NETLINK_CAP_ACK,
  NETLINK_EXT_ACK,
  NETLINK_GET_STRICT_CHK,
} from '@linx/netlink-wire';
