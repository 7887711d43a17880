import { attr, attrset, be32, be64, binary, enumOf, flagsOf, nest, string, type AttrSetDecl } from '@linx/netlink-codec';
import { register } from '../registers.js';
import { exprAttrs, exprListAttrs } from './expression.js';

/** enum nft_dynset_ops. */
export const dynsetOpValues = { add: 0, update: 1, delete: 2 } as const;
/** enum nft_dynset_flags. */
export const dynsetFlagsValues = { inv: 1, expr: 2 } as const;

/**
 * `dynset` (NFTA_DYNSET_*): adds, updates or deletes the element `sreg_key` (with data `sreg_data`, a
 * `timeout` in ms, and per-element expressions) in a set, from the packet path.
 */
export const dynsetAttrs = attrset('expr-dynset-attrs', {
  setName: attr(1, string({ maxLength: 255 })),
  setId: attr(2, be32()),
  op: attr(3, enumOf(be32(), dynsetOpValues, 'dynset-op')),
  sregKey: attr(4, register()),
  sregData: attr(5, register()),
  timeout: attr(6, be64()),
  expr: attr(7, nest((): AttrSetDecl => exprAttrs)),
  pad: attr(8, binary()),
  flags: attr(9, flagsOf(be32(), dynsetFlagsValues, 'dynset-flags')),
  expressions: attr(10, nest((): AttrSetDecl => exprListAttrs)),
});
