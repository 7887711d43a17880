import { attr, attrset, be32, enumOf, u8 } from '@linx/netlink-codec';

/** enum nft_reject_types. */
export const rejectTypeValues = { 'icmp-unreach': 0, 'tcp-rst': 1, 'icmpx-unreach': 2 } as const;
/** enum nft_reject_inet_code: the ICMPX codes (for `icmpx-unreach`). */
export const rejectIcmpxCodeValues = { 'no-route': 0, 'port-unreach': 1, 'host-unreach': 2, 'admin-prohibited': 3 } as const;

/** `reject` (NFTA_REJECT_*): answers with a TCP reset or an ICMP(v6/x) error of `icmpCode`. */
export const rejectAttrs = attrset('expr-reject-attrs', {
  type: attr(1, enumOf(be32(), rejectTypeValues, 'reject-type')),
  icmpCode: attr(2, u8()),
});
