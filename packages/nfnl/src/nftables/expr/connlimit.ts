import { attr, attrset, be32, flagsOf } from '@linx/netlink-codec';

/** enum nft_connlimit_flags. */
export const connlimitFlagsValues = { inv: 1 } as const;

/** `connlimit` (NFTA_CONNLIMIT_*), also the `connlimit` object: matches above `count` connections. */
export const connlimitAttrs = attrset('expr-connlimit-attrs', {
  count: attr(1, be32()),
  flags: attr(2, flagsOf(be32(), connlimitFlagsValues, 'connlimit-flags')),
});
