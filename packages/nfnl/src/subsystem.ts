/**
 * nfnetlink subsystems (linux/netfilter/nfnetlink.h): a message type is `subsystem << 8 | message`, and a
 * batch (NFNL_MSG_BATCH_BEGIN … END) carries messages of one subsystem, named in BEGIN's res_id.
 */

/** NFNL_SUBSYS_*: the subsystem in the high byte of every nfnetlink message type. */
export const subsystemValues = {
  none: 0,
  ctnetlink: 1,
  ctnetlinkExp: 2,
  queue: 3,
  ulog: 4,
  osf: 5,
  ipset: 6,
  acct: 7,
  ctnetlinkTimeout: 8,
  cthelper: 9,
  nftables: 10,
  nftCompat: 11,
  hook: 12,
} as const;
export type Subsystem = keyof typeof subsystemValues;

/** NFNL_MSG_BATCH_BEGIN (NLMSG_MIN_TYPE): opens a transaction; its nfgenmsg res_id names the subsystem. */
export const NFNL_MSG_BATCH_BEGIN = 0x10;
/** NFNL_MSG_BATCH_END: commits the transaction BEGIN opened (only within the same datagram). */
export const NFNL_MSG_BATCH_END = 0x11;
/** NFNL_BATCH_GENID: the ruleset generation the batch was computed against (u32, network order). */
export const NFNL_BATCH_GENID = 1;
/** nfgenmsg.version: NFNETLINK_V0, the only version. */
export const NFNETLINK_V0 = 0;

/** NFNLGRP_*: nfnetlink multicast groups. */
export const nfnlGroupValues = {
  conntrackNew: 1,
  conntrackUpdate: 2,
  conntrackDestroy: 3,
  conntrackExpNew: 4,
  conntrackExpUpdate: 5,
  conntrackExpDestroy: 6,
  nftables: 7,
  acctQuota: 8,
  nftrace: 9,
} as const;

/** `subsystem << 8 | message`: the nlmsg_type of a subsystem's message. */
export function messageType(subsystem: Subsystem | number, message: number): number {
  const id = typeof subsystem === 'number' ? subsystem : subsystemValues[subsystem];
  return ((id & 0xff) << 8) | (message & 0xff);
}

/** The subsystem id of an nlmsg_type (NFNL_SUBSYS_ID). */
export function subsystemOf(type: number): number {
  return (type >> 8) & 0xff;
}
