import { attr, attrset, be32, enumOf, string } from '@linx/netlink-codec';
import { objectTypeValues } from '../generated/nftables.js';
import { register } from '../registers.js';

/** `objref` (NFTA_OBJREF_*): uses a stateful object, named (`immType` + `immName`) or looked up in a map by `setSreg`. */
export const objrefAttrs = attrset('expr-objref-attrs', {
  immType: attr(1, enumOf(be32(), objectTypeValues, 'object-type')),
  immName: attr(2, string({ maxLength: 255 })),
  setSreg: attr(3, register()),
  setName: attr(4, string({ maxLength: 255 })),
  setId: attr(5, be32()),
});
