import type { Codec } from '../codec.js';
import { InvalidValueError } from '../errors.js';
import type { StringDecl } from '../schema.js';
import { describe } from './int.js';

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

// Stryker disable next-line BlockStatement: an empty body answers "no", which only sends the text to TextDecoder, which decodes ASCII the same
function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  // Stryker disable next-line BooleanLiteral: a "no" for ASCII only sends the text to TextDecoder, which decodes ASCII the same
  return true;
}

/** Short ASCII text is looked up in `shared` first: names repeat (every expression of a rule dump has one). */
const SHARED_TEXT_LENGTH = 32;
const SHARED_SLOTS = 1024;
/** The last short string decoded into each slot (by a hash of its bytes): one object for many equal names. */
// Stryker disable next-line ArrayDeclaration: an empty array reads undefined in every slot and grows as slots are written; only memory differs
const shared: (string | undefined)[] = new Array<string | undefined>(SHARED_SLOTS).fill(undefined);

/**
 * ASCII text at `bytes[start, end)` as the string decoded last time the same bytes came, else a new one
 * (kept for next time); undefined if it is not ASCII. Equal text, so nothing but memory changes: a list of
 * 10,000 nftables rules otherwise holds 92,000 copies of a dozen expression names.
 */
// Stryker disable next-line BlockStatement: undefined sends the text to the other decoders, which give the same text
function sharedAscii(bytes: Uint8Array, start: number, end: number): string | undefined {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80) return undefined;
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  // Stryker disable next-line ArithmeticOperator: the slot only decides which strings are shared; only memory changes: a miss makes a new string of the same text
  const slot = (hash ^ (hash >>> 16)) & (SHARED_SLOTS - 1);
  const known = shared[slot];
  // Stryker disable next-line BlockStatement: never sharing, only memory changes: a miss makes a new string of the same text
  if (known !== undefined && known.length === end - start) {
    // Stryker disable next-line BooleanLiteral: never sharing, only memory changes: a miss makes a new string of the same text
    let same = true;
    // Stryker disable next-line UpdateOperator: i-- reads charCodeAt(-1), NaN, which matches no byte: only memory changes: a miss makes a new string of the same text
    for (let i = 0; i < known.length; i++) {
      if (known.charCodeAt(i) !== bytes[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return known;
  }
  const text = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  shared[slot] = text;
  return text;
}

/** Non-ASCII text re-encodes to its bytes unless it was invalid UTF-8 (then replacement characters differ). */
function sameBytes(encoded: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (encoded.length !== end - start) return false;
  for (let i = 0; i < encoded.length; i++) if (encoded[i] !== bytes[start + i]) return false;
  return true;
}

function bytesOf(value: unknown, decl: StringDecl): Uint8Array {
  if (typeof value !== 'string') throw new InvalidValueError(`expected a string, got ${describe(value)}`);
  if (value.includes('\0')) throw new InvalidValueError('string contains a NUL character');
  const bytes = encoder.encode(value);
  const max = decl.fixedLength !== undefined ? decl.fixedLength - 1 : (decl.maxLength ?? Infinity);
  if (bytes.length > max) {
    throw new InvalidValueError(`${JSON.stringify(value)} is ${bytes.length} bytes, longer than the ${max} allowed`);
  }
  return bytes;
}

/**
 * A NUL-terminated string. Decoding stops at the first NUL (or the end: some senders, iproute2 among
 * them, omit it); anything but "text, then one NUL" marks the value inexact so the original bytes survive
 * a round trip. A fixed-length char array (structs) is NUL-padded to its size.
 */
export function compileString(decl: StringDecl): Codec<string> {
  const fixed = decl.fixedLength;
  return {
    size: fixed,
    decode(bytes, _view, start, end, state) {
      let nul = bytes.indexOf(0, start);
      if (nul === -1 || nul >= end) nul = end;
      if (fixed === undefined ? nul !== end - 1 : end - start !== fixed) state.exact = false;
      else if (fixed !== undefined) for (let i = nul; i < end; i++) if (bytes[i] !== 0) state.exact = false;
      // Netlink text is nearly always ASCII (names, kinds): decode it without TextDecoder.
      // Stryker disable next-line EqualityOperator,ArithmeticOperator,ConditionalExpression,BlockStatement: the limit only picks the faster of decoders that agree on ASCII
      if (nul - start <= SHARED_TEXT_LENGTH) {
        const text = sharedAscii(bytes, start, nul);
        if (text !== undefined) return text;
      }
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: the limit only picks the faster of two decoders that agree on ASCII (an attribute holds at most 65,531 bytes, few enough for fromCharCode.apply)
      const short = nul - start <= 64;
      if (short && isAscii(bytes, start, nul)) return String.fromCharCode.apply(null, bytes.subarray(start, nul) as unknown as number[]);
      const value = utf8.decode(bytes.subarray(start, nul));
      // Invalid UTF-8 decodes to replacement characters, which would not re-encode to the same bytes.
      if (!sameBytes(encoder.encode(value), bytes, start, nul)) state.exact = false;
      return value;
    },
    encode(value, w) {
      const bytes = bytesOf(value, decl);
      const at = w.reserve(fixed ?? bytes.length + 1);
      w.bytes.set(bytes, at);
    },
  };
}
