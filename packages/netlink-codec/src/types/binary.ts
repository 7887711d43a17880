import type { Codec } from '../codec.js';
import { DecodeError, InvalidValueError } from '../errors.js';
import type { BinaryDecl } from '../schema.js';
import { describe } from './int.js';

/** Raw bytes, copied out of the receive buffer so a kept value never pins or aliases it. */
export function compileBinary(decl: BinaryDecl): Codec<Uint8Array> {
  return {
    size: decl.length,
    decode(bytes, _view, start, end, state) {
      if (decl.length !== undefined && end - start !== decl.length) {
        // Stryker disable next-line EqualityOperator: inside end - start !== decl.length, <= and < agree
        if (end - start < decl.length) throw new DecodeError(`binary needs ${decl.length} bytes, payload has ${end - start}`, start);
        // A longer payload decodes to its first `length` bytes; the rest survives a round trip raw.
        state.exact = false;
      }
      return bytes.slice(start, decl.length !== undefined ? start + decl.length : end);
    },
    encode(value, w) {
      if (!(value instanceof Uint8Array)) throw new InvalidValueError(`expected bytes (Uint8Array), got ${describe(value)}`);
      if (decl.length !== undefined && value.length !== decl.length) {
        throw new InvalidValueError(`expected exactly ${decl.length} bytes, got ${value.length}`);
      }
      if (value.length > (decl.maxLength ?? Infinity)) {
        throw new InvalidValueError(`${value.length} bytes is more than the ${decl.maxLength} allowed`);
      }
      const at = w.reserve(value.length);
      w.bytes.set(value, at);
    },
  };
}
