import type { MessageDecl, MessageValue } from '@linx/netlink-codec';
import type { Family } from '../nfgenmsg.js';

/**
 * The family of a decoded header: its name, or the number when nft has no name for it. (nfgenmsg's family
 * is an enum of `familyValues`: the codec already names every known number.)
 */
export function familyOf(value: unknown): Family {
  return value as Family;
}

/**
 * Where a listed object keeps the decoded message it was made from: a non-enumerable property, out of
 * printouts, JSON, spread copies and equality checks. Not a WeakMap: V8's young-generation collections
 * keep a WeakMap's young keys alive, so every rule `rules.stream()` handed out was promoted to the old
 * generation (a 30,000-rule stream peaked at 118 MB; 75 MB this way, 69 MB for 10,000 rules).
 */
const DECODED = Symbol('linx.nftables.decoded');

/** Keeps the decoded message a friendly object was made from (with every attribute, unknown ones too). */
export function keepDecoded<T extends object>(friendly: T, message: unknown): T {
  Object.defineProperty(friendly, DECODED, { value: message });
  return friendly;
}

/**
 * The decoded message (`{ header, attrs }`) a listed object was made from: every attribute as the kernel
 * sent it, those linx does not know under the codec's `UNKNOWN` symbol.
 */
export function decodedMessage(object: object): unknown {
  return (object as { [DECODED]?: unknown })[DECODED];
}

/** The decoded value of a message declaration: `{ header, attrs }`. */
export type DecodedMessage<D> = D extends MessageDecl<infer H, infer A> ? MessageValue<H, A> : never;
