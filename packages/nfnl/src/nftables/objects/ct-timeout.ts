import { attr, attrset, be16, be32, typeValue, u8 } from '@linx/netlink-codec';

/**
 * The `ct timeout` object (NFTA_CT_TIMEOUT_*, linux/netfilter/nf_tables.h): per-state conntrack timeouts
 * for one layer 4 protocol. `data` holds one attribute per state, its type the state's CTA_TIMEOUT_<PROTO>_*
 * number (linux/netfilter/nfnetlink_cttimeout.h; which states depends on `l4proto`), its value seconds.
 * The kernel lists every state, the ones not given at their defaults.
 */
export const ctTimeoutAttrs = attrset('ct-timeout-attrs', {
  /** NFPROTO_* of the connections: 2 (ip), 10 (ip6). */
  l3proto: attr(1, be16()),
  /** IPPROTO_*. */
  l4proto: attr(2, u8()),
  data: attr(3, typeValue(be32())),
});
