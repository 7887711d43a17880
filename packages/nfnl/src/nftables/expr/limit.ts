import { attr, attrset, be32, be64, binary, enumOf, flagsOf } from '@linx/netlink-codec';

/** enum nft_limit_type. */
export const limitTypeValues = { pkts: 0, 'pkt-bytes': 1 } as const;
/** enum nft_limit_flags. */
export const limitFlagsValues = { inv: 1 } as const;

/** `limit` (NFTA_LIMIT_*), also the `limit` object: `rate` per `unit` seconds, with `burst`, in packets or bytes. */
export const limitAttrs = attrset('expr-limit-attrs', {
  rate: attr(1, be64()),
  unit: attr(2, be64()),
  burst: attr(3, be32()),
  type: attr(4, enumOf(be32(), limitTypeValues, 'limit-type')),
  flags: attr(5, flagsOf(be32(), limitFlagsValues, 'limit-flags')),
  pad: attr(6, binary()),
});
