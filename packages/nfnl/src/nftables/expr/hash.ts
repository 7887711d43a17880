import { attr, attrset, be32, enumOf, string } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_hash_types. */
export const hashTypeValues = { jenkins: 0, sym: 1 } as const;

/** `hash` (NFTA_HASH_*): a hash of `len` bytes of `sreg` (or of the flow, `sym`), modulo `modulus`, plus `offset`, into `dreg`. */
export const hashAttrs = attrset('expr-hash-attrs', {
  sreg: attr(1, register()),
  dreg: attr(2, register()),
  len: attr(3, be32()),
  modulus: attr(4, be32()),
  seed: attr(5, be32()),
  offset: attr(6, be32()),
  type: attr(7, enumOf(be32(), hashTypeValues, 'hash-type')),
  setName: attr(8, string()),
  setId: attr(9, be32()),
});
