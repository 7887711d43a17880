import { attr, attrset, flagsOf, ipv4, ipv6, message, nest, string, u16, u32 } from '@linx/netlink-codec';
import { nfgenmsg } from '../nfgenmsg.js';
import * as gen from './generated/conntrack.js';

// The ctnetlink messages, built from the generated declarations (tools/ynl-gen, from the kernel's YNL spec)
// with what the spec lacks or states loosely declared from linux/netfilter/nfnetlink_conntrack.h: the
// message numbers beyond GET, addresses as addresses (the spec writes NAT addresses as plain u32 and IPv6
// ones as bytes), the global statistics (CTA_STATS_GLOBAL_*). The header is nfgenmsg with the family by name.

/** enum cntl_msg_types: IPCTNL_MSG_CT_* (the low byte of nlmsg_type; the subsystem is NFNL_SUBSYS_CTNETLINK). */
export const ctMsgValues = {
  new: 0,
  get: 1,
  delete: 2,
  getCtrzero: 3,
  getStatsCpu: 4,
  getStats: 5,
  getDying: 6,
  getUnconfirmed: 7,
} as const;
export type CtMsg = keyof typeof ctMsgValues;

/** enum ctnl_exp_msg_types: IPCTNL_MSG_EXP_* (subsystem NFNL_SUBSYS_CTNETLINK_EXP). */
export const expMsgValues = { new: 0, get: 1, delete: 2, getStatsCpu: 3 } as const;
export type ExpMsg = keyof typeof expMsgValues;

/** CTA_IP_*: IPv6 addresses as addresses (16 bytes; the spec says bytes with a display hint). */
export const tupleIpAttrs = attrset('tuple-ip-attrs', {
  ...gen.tupleIpAttrs.attributes,
  ipV6Src: attr(3, ipv6()),
  ipV6Dst: attr(4, ipv6()),
});

export const tupleAttrs = attrset('tuple-attrs', {
  ...gen.tupleAttrs.attributes,
  tupleIp: attr(1, nest(tupleIpAttrs)),
});

/** CTA_NAT_*: the range's addresses (nla_put_in_addr / nla_put_in6_addr in the kernel). */
export const natAttrs = attrset('nat-attrs', {
  ...gen.natAttrs.attributes,
  natV4Minip: attr(1, ipv4()),
  natV4Maxip: attr(2, ipv4()),
  natV6Minip: attr(4, ipv6()),
  natV6Maxip: attr(5, ipv6()),
});

export const conntrackAttrs = attrset('conntrack-attrs', {
  ...gen.conntrackAttrs.attributes,
  tupleOrig: attr(1, nest(tupleAttrs)),
  tupleReply: attr(2, nest(tupleAttrs)),
  natSrc: attr(6, nest(natAttrs)),
  natDst: attr(13, nest(natAttrs)),
  tupleMaster: attr(14, nest(tupleAttrs)),
});

/** enum ctattr_stats_global: what IPCTNL_MSG_CT_GET_STATS answers (big-endian u32, nla_put_be32). */
export const statsGlobalAttrs = attrset('stats-global-attrs', {
  entries: attr(1, u32({ order: 'big' })),
  maxEntries: attr(2, u32({ order: 'big' })),
});

/** A conntrack entry: IPCTNL_MSG_CT_NEW / GET / DELETE, and their notifications. */
export const conntrackMessage = message('conntrack', { header: nfgenmsg, attrs: conntrackAttrs, types: gen.conntrackMessage.types });
/** One CPU's statistics (IPCTNL_MSG_CT_GET_STATS_CPU; nfgenmsg's res_id is the CPU). */
export const statsCpuMessage = message('conntrack-stats', { header: nfgenmsg, attrs: gen.conntrackStatsAttrs, types: gen.conntrackStatsMessage.types });
/** The table's size (IPCTNL_MSG_CT_GET_STATS). */
export const statsGlobalMessage = message('conntrack-stats-global', { header: nfgenmsg, attrs: statsGlobalAttrs });

/** NF_CT_EXPECT_* (linux/netfilter/nf_conntrack_common.h): an expectation's flags. */
export const expectFlagsValues = { permanent: 1, inactive: 2, userspace: 4 } as const;

/** enum ctattr_expect_nat: where an expected connection is NATed to. */
export const expectNatAttrs = attrset('expect-nat-attrs', {
  dir: attr(1, u32({ order: 'big' })),
  tuple: attr(2, nest(tupleAttrs)),
});

/** enum ctattr_expect (nla_put_be32 / be16 in ctnetlink_exp_dump_expect()): an expectation. */
export const expectAttrs = attrset('expect-attrs', {
  master: attr(1, nest(tupleAttrs)),
  tuple: attr(2, nest(tupleAttrs)),
  mask: attr(3, nest(tupleAttrs)),
  timeout: attr(4, u32({ order: 'big' })),
  id: attr(5, u32({ order: 'big' })),
  helpName: attr(6, string()),
  zone: attr(7, u16({ order: 'big' })),
  flags: attr(8, flagsOf(u32({ order: 'big' }), expectFlagsValues, 'expect-flags')),
  class: attr(9, u32({ order: 'big' })),
  nat: attr(10, nest(expectNatAttrs)),
  fn: attr(11, string()),
});

/** An expectation (NFNL_SUBSYS_CTNETLINK_EXP: IPCTNL_MSG_EXP_NEW / GET / DELETE). */
export const expectMessage = message('conntrack-expect', { header: nfgenmsg, attrs: expectAttrs });

