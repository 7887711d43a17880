import { attr, attrset, be32, be64, binary, flagsOf } from '@linx/netlink-codec';

/** enum nft_quota_flags: `inv` is nft's `over`. */
export const quotaFlagsValues = { inv: 1, depleted: 2 } as const;

/** `quota` (NFTA_QUOTA_*), also the `quota` object: a byte budget and what was used of it. */
export const quotaAttrs = attrset('expr-quota-attrs', {
  bytes: attr(1, be64()),
  flags: attr(2, flagsOf(be32(), quotaFlagsValues, 'quota-flags')),
  pad: attr(3, binary()),
  consumed: attr(4, be64()),
});
