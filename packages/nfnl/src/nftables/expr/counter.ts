import { attr, attrset, be64, binary } from '@linx/netlink-codec';

/** `counter` (NFTA_COUNTER_*): packets and bytes seen (u64, network order). */
export const counterAttrs = attrset('expr-counter-attrs', {
  bytes: attr(1, be64()),
  packets: attr(2, be64()),
  pad: attr(3, binary()),
});
