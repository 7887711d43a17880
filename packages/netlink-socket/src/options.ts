/**
 * The socket option numbers `RawNetlinkSocket` uses, with their C names (Linux values, the same on
 * every architecture for these). A test checks them against the numbers the addon was compiled with.
 * Internal: users call the named helpers, or `setOption`/`getOption` with their own numbers.
 */
export const SOL_SOCKET = 1;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_SNDBUFFORCE = 32;
export const SO_RCVBUFFORCE = 33;

export const SOL_NETLINK = 270;
export const NETLINK_ADD_MEMBERSHIP = 1;
export const NETLINK_DROP_MEMBERSHIP = 2;
export const NETLINK_PKTINFO = 3;
export const NETLINK_BROADCAST_ERROR = 4;
export const NETLINK_NO_ENOBUFS = 5;
export const NETLINK_LISTEN_ALL_NSID = 8;
export const NETLINK_LIST_MEMBERSHIPS = 9;
export const NETLINK_CAP_ACK = 10;
export const NETLINK_EXT_ACK = 11;
export const NETLINK_GET_STRICT_CHK = 12;
