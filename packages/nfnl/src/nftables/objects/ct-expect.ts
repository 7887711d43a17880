import { attr, attrset, be16, u32, u8 } from '@linx/netlink-codec';

/**
 * The `ct expectation` object (NFTA_CT_EXPECT_*, linux/netfilter/nf_tables.h): an expectation a rule
 * creates for the connection it sees, to `dport` of the same protocol, living `timeout` milliseconds,
 * at most `size` per connection.
 */
export const ctExpectAttrs = attrset('ct-expect-attrs', {
  /** NFPROTO_*: 2 (ip), 10 (ip6). */
  l3proto: attr(1, be16()),
  /** IPPROTO_*. */
  l4proto: attr(2, u8()),
  dport: attr(3, be16()),
  /** Milliseconds, in host order (nft_ct_expect_obj_dump: nla_put_u32). */
  timeout: attr(4, u32()),
  size: attr(5, u8()),
});
