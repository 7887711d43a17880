import { attr, attrset, be32, flagsOf, string } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_lookup_flags. */
export const lookupFlagsValues = { inv: 1 } as const;

/** `lookup` (NFTA_LOOKUP_*): looks `sreg` up in a set (by name, or by id within a batch); a map's data goes to `dreg`. */
export const lookupAttrs = attrset('expr-lookup-attrs', {
  set: attr(1, string({ maxLength: 255 })),
  sreg: attr(2, register()),
  dreg: attr(3, register()),
  setId: attr(4, be32()),
  flags: attr(5, flagsOf(be32(), lookupFlagsValues, 'lookup-flags')),
});
