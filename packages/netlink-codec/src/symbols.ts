/**
 * Symbol-keyed properties on decoded objects. They carry what a byte-exact round trip needs beyond the
 * values, stay out of JSON.stringify and of `Object.keys`, and are exported so users can read them.
 * UNKNOWN is data and enumerable; the bookkeeping ones (ORDER, RAW, TAIL, SHORT) are not, so they stay
 * out of printouts and deep-equality checks.
 */

/** Sets a non-enumerable bookkeeping property. */
export function hide(target: object, key: symbol, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}

/** Attributes the declaration does not know: `{ type, flags, payload }` in arrival order. */
export const UNKNOWN: unique symbol = Symbol('linx.unknown');

/** The attribute type fields (flag bits included) in arrival order, for re-encoding in the same order. */
export const ORDER: unique symbol = Symbol('linx.order');

/** Original payloads of attributes whose value would not re-encode to the same bytes. */
export const RAW: unique symbol = Symbol('linx.raw');

/** Bytes after the last declared field of a struct (a newer kernel's longer struct). */
export const TAIL: unique symbol = Symbol('linx.tail');

/** The length of a struct that arrived shorter than declared (an older kernel's, or a short header). */
export const SHORT: unique symbol = Symbol('linx.short');

/** An attribute the declaration does not know, kept as it came. */
export interface UnknownAttribute {
  type: number;
  /** NLA_F_NESTED / NLA_F_NET_BYTEORDER bits as they were set. */
  flags: number;
  payload: Uint8Array;
}
