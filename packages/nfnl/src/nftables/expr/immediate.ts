import { attr, attrset, nest } from '@linx/netlink-codec';
import { dataAttrs } from '../data.js';
import { register } from '../registers.js';

/** `immediate` (NFTA_IMMEDIATE_*): loads a value or a verdict into a register (dreg 0 for verdicts). */
export const immediateAttrs = attrset('expr-immediate-attrs', {
  dreg: attr(1, register()),
  data: attr(2, nest(dataAttrs)),
});
