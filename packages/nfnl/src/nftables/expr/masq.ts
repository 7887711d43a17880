import { attr, attrset, be32, flagsOf } from '@linx/netlink-codec';
import { natRangeFlagsValues } from '../generated/nftables.js';
import { register } from '../registers.js';

/** `masq` (NFTA_MASQ_*): source NAT to the outgoing interface's address, optionally within a port range. */
export const masqAttrs = attrset('expr-masq-attrs', {
  flags: attr(1, flagsOf(be32(), natRangeFlagsValues, 'nat-range-flags')),
  regProtoMin: attr(2, register()),
  regProtoMax: attr(3, register()),
});
