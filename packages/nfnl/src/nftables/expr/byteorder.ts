import { attr, attrset, be32, enumOf } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_byteorder_ops. */
export const byteorderOpsValues = { ntoh: 0, hton: 1 } as const;

/** `byteorder` (NFTA_BYTEORDER_*): converts `len` bytes of `size`-byte words between host and network order. */
export const byteorderAttrs = attrset('expr-byteorder-attrs', {
  sreg: attr(1, register()),
  dreg: attr(2, register()),
  op: attr(3, enumOf(be32(), byteorderOpsValues, 'byteorder-ops')),
  len: attr(4, be32()),
  size: attr(5, be32()),
});
