import type { Codec } from '../codec.js';
import { InvalidValueError } from '../errors.js';
import type { StringDecl } from '../schema.js';
import { describe } from './int.js';

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

// Stryker disable next-line BlockStatement: an empty body answers "no", which only sends the text to TextDecoder, which decodes ASCII the same
function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
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
      // Stryker disable next-line EqualityOperator,ArithmeticOperator: the limit only picks the faster of two decoders that agree on ASCII
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
