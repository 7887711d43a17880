import { attr, attrset, be32, be64, binary } from '@linx/netlink-codec';

/**
 * `last` (NFTA_LAST_*): when the rule last matched (`set` 0: never; `msecs` ago). Declared in the order
 * libnftnl writes them (msecs, then set), which is the order linx encodes them in.
 */
export const lastAttrs = attrset('expr-last-attrs', {
  msecs: attr(2, be64()),
  set: attr(1, be32()),
  pad: attr(3, binary()),
});
