import { attr, attrset, be32, enumOf, flagsOf } from '@linx/netlink-codec';
import { natRangeFlagsValues } from '../generated/nftables.js';
import { familyValues } from '../../nfgenmsg.js';
import { register } from '../registers.js';

export { natRangeFlagsValues };
/** enum nft_nat_types. */
export const natTypeValues = { snat: 0, dnat: 1 } as const;

/** `nat` (NFTA_NAT_*): source or destination NAT to the address and port ranges held in registers. */
export const natAttrs = attrset('expr-nat-attrs', {
  type: attr(1, enumOf(be32(), natTypeValues, 'nat-type')),
  family: attr(2, enumOf(be32(), familyValues, 'nfproto')),
  regAddrMin: attr(3, register()),
  regAddrMax: attr(4, register()),
  regProtoMin: attr(5, register()),
  regProtoMax: attr(6, register()),
  flags: attr(7, flagsOf(be32(), natRangeFlagsValues, 'nat-range-flags')),
});
