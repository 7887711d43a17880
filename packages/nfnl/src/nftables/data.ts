import { attr, attrset, binary, enumOf, nest, s32, string, u32 } from '@linx/netlink-codec';

/**
 * Verdict codes (NFTA_VERDICT_CODE, a signed 32-bit value in network order): netfilter's NF_DROP … NF_STOP
 * and nf_tables' own NFT_CONTINUE … NFT_RETURN. A queue verdict carries its queue number in the high bits
 * (kept as a number).
 */
export const verdictCodeValues = {
  drop: 0,
  accept: 1,
  stolen: 2,
  queue: 3,
  repeat: 4,
  stop: 5,
  continue: -1,
  break: -2,
  jump: -3,
  goto: -4,
  return: -5,
} as const;
export type VerdictCode = keyof typeof verdictCodeValues;

/** NFTA_VERDICT_*: a verdict, and for jump/goto the chain (by name, or by id within a batch). */
export const verdictAttrs = attrset('verdict-attrs', {
  code: attr(1, enumOf(s32({ order: 'big' }), verdictCodeValues, 'verdict-code')),
  chain: attr(2, string({ maxLength: 255 })),
  // Stryker disable next-line ObjectLiteral,StringLiteral: the codec's integers are big-endian unless the order is 'little' or 'host', so `{}` and `order: ''` are big-endian too
  chainId: attr(3, u32({ order: 'big' })),
});

/**
 * NFTA_DATA_*: what registers hold: a value (bytes in the order the packet or the key type has them) or a
 * verdict. Used by immediate, cmp, bitwise, range, and set element keys and data.
 */
export const dataAttrs = attrset('data-attrs', {
  value: attr(1, binary({ maxLength: 64 })),
  verdict: attr(2, nest(verdictAttrs)),
});

/** A verdict as rules and verdict maps carry it. */
export interface Verdict {
  code: VerdictCode | number;
  /** The chain of a jump or goto. */
  chain?: string;
  chainId?: number;
}

/** A verdict value for immediate expressions and verdict maps: `verdict('accept')`, `verdict('jump', 'other')`. */
export function verdict(code: VerdictCode | number, chain?: string): { verdict: Verdict } {
  return { verdict: chain === undefined ? { code } : { code, chain } };
}
