import { attr, attrset, enumOf, nest } from '@linx/netlink-codec';
import { cmpOpsValues } from '../generated/nftables.js';
import { dataAttrs } from '../data.js';
import { register } from '../registers.js';

export { cmpOpsValues };

/** `cmp` (NFTA_CMP_*): compares a register with a value (eq, neq, lt, lte, gt, gte). */
export const cmpAttrs = attrset('expr-cmp-attrs', {
  sreg: attr(1, register()),
  op: attr(2, enumOf(register(), cmpOpsValues, 'cmp-ops')),
  data: attr(3, nest(dataAttrs)),
});
