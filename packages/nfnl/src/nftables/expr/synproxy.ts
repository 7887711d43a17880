import { attr, attrset, be16, be32, flagsOf, u8 } from '@linx/netlink-codec';

/** NF_SYNPROXY_OPT_* (linux/netfilter/nf_synproxy.h): the TCP options synproxy offers the client. */
export const synproxyFlagsValues = { mss: 0x1, wscale: 0x2, 'sack-perm': 0x4, timestamp: 0x8, ecn: 0x10 } as const;

/** `synproxy` (NFTA_SYNPROXY_*), also the `synproxy` object: the MSS and window scale sent on, and the options. */
export const synproxyAttrs = attrset('synproxy-attrs', {
  mss: attr(1, be16()),
  wscale: attr(2, u8()),
  flags: attr(3, flagsOf(be32(), synproxyFlagsValues, 'synproxy-flags')),
});
