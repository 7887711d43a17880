import { attr, attrset, be32, enumOf, nest } from '@linx/netlink-codec';
import { dataAttrs } from '../data.js';
import { register } from '../registers.js';

/** enum nft_range_ops. */
export const rangeOpsValues = { eq: 0, neq: 1 } as const;

/** `range` (NFTA_RANGE_*): whether `sreg` lies in [from, to] (or not). */
export const rangeAttrs = attrset('expr-range-attrs', {
  sreg: attr(1, register()),
  op: attr(2, enumOf(be32(), rangeOpsValues, 'range-ops')),
  fromData: attr(3, nest(dataAttrs)),
  toData: attr(4, nest(dataAttrs)),
});
