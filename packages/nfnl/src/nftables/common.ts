import type { MessageDecl, MessageValue } from '@linx/netlink-codec';
import { familyValues, type Family } from '../nfgenmsg.js';

/** The family of a decoded header: its name, or the number when nft has no name for it. */
export function familyOf(value: unknown): Family {
  return (typeof value === 'number' ? (Object.entries(familyValues).find(([, v]) => v === value)?.[0] ?? value) : value) as Family;
}

/** Checks a family name up front, with a clear message. */
export function checkFamily(family: Family, what: string): Family {
  if (!(family in familyValues)) throw new RangeError(`${what}: unknown family ${JSON.stringify(family)} (one of ${Object.keys(familyValues).join(', ')})`);
  return family;
}

const decoded = new WeakMap<object, unknown>();

/** Keeps the decoded message a friendly object was made from (with every attribute, unknown ones too). */
export function keepDecoded<T extends object>(friendly: T, message: unknown): T {
  decoded.set(friendly, message);
  return friendly;
}

/**
 * The decoded message (`{ header, attrs }`) a listed object was made from: every attribute as the kernel
 * sent it, those linx does not know under the codec's `UNKNOWN` symbol.
 */
export function decodedMessage(object: object): unknown {
  return decoded.get(object);
}

/** Copies the defined properties of `source` named in `keys`. */
export function defined<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** The decoded value of a message declaration: `{ header, attrs }`. */
export type DecodedMessage<D> = D extends MessageDecl<infer H, infer A> ? MessageValue<H, A> : never;
