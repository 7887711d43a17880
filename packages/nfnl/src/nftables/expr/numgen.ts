import { attr, attrset, be32, enumOf, string } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_ng_types. */
export const numgenTypeValues = { inc: 0, random: 1 } as const;

/** `numgen` (NFTA_NG_*): an incrementing or random number modulo `modulus`, plus `offset`, into `dreg`. */
export const numgenAttrs = attrset('expr-numgen-attrs', {
  dreg: attr(1, register()),
  modulus: attr(2, be32()),
  type: attr(3, enumOf(be32(), numgenTypeValues, 'numgen-type')),
  offset: attr(4, be32()),
  setName: attr(5, string()),
  setId: attr(6, be32()),
});
