import { attr, attrset, be32, flagsOf } from '@linx/netlink-codec';
import { natRangeFlagsValues } from '../generated/nftables.js';
import { register } from '../registers.js';

/** `redir` (NFTA_REDIR_*): destination NAT to the local machine, optionally to a port range. */
export const redirAttrs = attrset('expr-redir-attrs', {
  regProtoMin: attr(1, register()),
  regProtoMax: attr(2, register()),
  flags: attr(3, flagsOf(be32(), natRangeFlagsValues, 'nat-range-flags')),
});
