import { attr, attrset, enumOf } from '@linx/netlink-codec';
import { metaKeysValues } from '../generated/nftables.js';
import { register } from '../registers.js';

export { metaKeysValues };

/** `meta` (NFTA_META_*): loads packet metadata (`key`: 'mark', 'iifname', 'l4-proto', …) into `dreg`, or sets it from `sreg`. */
export const metaAttrs = attrset('expr-meta-attrs', {
  dreg: attr(1, register()),
  key: attr(2, enumOf(register(), metaKeysValues, 'meta-keys')),
  sreg: attr(3, register()),
});
