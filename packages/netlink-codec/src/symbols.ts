/** Attributes the declaration does not know: `{ type, flags, payload }` in arrival order (enumerable: it is data). */
export const UNKNOWN: unique symbol = Symbol('linx.unknown');

/** An attribute the declaration does not know, kept as it came. */
export interface UnknownAttribute {
  type: number;
  /** NLA_F_NESTED / NLA_F_NET_BYTEORDER bits as they were set. */
  flags: number;
  payload: Uint8Array;
}
