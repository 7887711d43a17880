import { attr, attrset, be32, be64, binary } from '@linx/netlink-codec';

/** `last` (NFTA_LAST_*): when the rule last matched (`set` 0: never; `msecs` ago). */
export const lastAttrs = attrset('expr-last-attrs', {
  set: attr(1, be32()),
  msecs: attr(2, be64()),
  pad: attr(3, binary()),
});
