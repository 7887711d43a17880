import { attr, attrset, be32, enumOf, nest } from '@linx/netlink-codec';
import { dataAttrs } from '../data.js';
import { register } from '../registers.js';

/** enum nft_bitwise_ops: `bool` is (sreg & mask) ^ xor; the shifts shift by `data`. */
export const bitwiseOpsValues = { bool: 0, lshift: 1, rshift: 2 } as const;

/** `bitwise` (NFTA_BITWISE_*): `len` bytes of `sreg`, masked and xored or shifted, into `dreg`. */
export const bitwiseAttrs = attrset('expr-bitwise-attrs', {
  sreg: attr(1, register()),
  dreg: attr(2, register()),
  len: attr(3, be32()),
  mask: attr(4, nest(dataAttrs)),
  xor: attr(5, nest(dataAttrs)),
  op: attr(6, enumOf(be32(), bitwiseOpsValues, 'bitwise-ops')),
  data: attr(7, nest(dataAttrs)),
});
