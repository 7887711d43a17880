import type { MessageDecl, MessageValue } from '@linx/netlink-codec';
import type { Family } from '../nfgenmsg.js';

/**
 * The family of a decoded header: its name, or the number when nft has no name for it. (nfgenmsg's family
 * is an enum of `familyValues`: the codec already names every known number.)
 */
export function familyOf(value: unknown): Family {
  return value as Family;
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

/** The decoded value of a message declaration: `{ header, attrs }`. */
export type DecodedMessage<D> = D extends MessageDecl<infer H, infer A> ? MessageValue<H, A> : never;
