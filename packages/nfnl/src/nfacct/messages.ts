import { attr, attrset, be32, be64, binary, flagsOf, message, nest, string } from '@linx/netlink-codec';
import { nfgenmsg } from '../nfgenmsg.js';

// The nfacct (extended accounting) messages, declared from linux/netfilter/nfnetlink_acct.h: there is no
// YNL spec for this subsystem (NFNL_SUBSYS_ACCT). The header is nfgenmsg; every integer is big-endian.

/** NFACCT_NAME_MAX: an accounting object's name, NUL included. */
export const NFACCT_NAME_MAX = 32;

/** enum nfnl_acct_msg_types. */
export const nfacctMsgValues = {
  new: 0,
  get: 1,
  getCtrzero: 2,
  del: 3,
  overquota: 4,
} as const;

/** enum nfnl_acct_flags (`overquota` is the kernel's; userspace cannot set it). */
export const nfacctFlagsValues = {
  'quota-pkts': 1,
  'quota-bytes': 2,
  overquota: 4,
} as const;

/** enum nfnl_attr_filter_type: a dump lists the objects whose flags & mask == value. */
export const nfacctFilterAttrs = attrset('nfacct-filter-attrs', {
  mask: attr(1, flagsOf(be32(), nfacctFlagsValues, 'nfacct-flags')),
  value: attr(2, flagsOf(be32(), nfacctFlagsValues, 'nfacct-flags')),
});

/** enum nfnl_acct_type. */
export const nfacctAttrs = attrset('nfacct-attrs', {
  name: attr(1, string({ maxLength: NFACCT_NAME_MAX - 1 })),
  pkts: attr(2, be64()),
  bytes: attr(3, be64()),
  use: attr(4, be32()),
  flags: attr(5, flagsOf(be32(), nfacctFlagsValues, 'nfacct-flags')),
  quota: attr(6, be64()),
  filter: attr(7, nest(nfacctFilterAttrs)),
  pad: attr(8, binary()),
});

/** Every nfacct message: nfgenmsg and the attributes above. */
export const nfacctMessage = message('nfacct', { header: nfgenmsg, attrs: nfacctAttrs });
