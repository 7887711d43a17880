import { HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import type { Codec } from '../codec.js';
import { DecodeError, InvalidValueError } from '../errors.js';
import type { VarIntDecl } from '../schema.js';
import { describe } from './int.js';

/** NLA_UINT/NLA_SINT: written as 4 bytes when the value fits, else 8, as the kernel's nla_put_uint does. */
export function compileVarInt(decl: VarIntDecl): Codec<bigint> {
  const [min, max] = decl.signed ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
  const [min32, max32] = decl.signed ? [-(2n ** 31n), 2n ** 31n - 1n] : [0n, 2n ** 32n - 1n];
  return {
    size: undefined,
    decode(_bytes, view, start, end, state) {
      const length = end - start;
      let value: bigint;
      if (length === 4) value = BigInt(decl.signed ? view.getInt32(start, HOST_LITTLE_ENDIAN) : view.getUint32(start, HOST_LITTLE_ENDIAN));
      else if (length === 8) value = decl.signed ? view.getBigInt64(start, HOST_LITTLE_ENDIAN) : view.getBigUint64(start, HOST_LITTLE_ENDIAN);
      else throw new DecodeError(`${decl.signed ? 'sint' : 'uint'} must be 4 or 8 bytes, not ${length}`, start);
      // An 8-byte encoding of a value that fits 4 bytes would come back shorter.
      if (length === 8 && value >= min32 && value <= max32) state.exact = false;
      return value;
    },
    encode(value, w) {
      if ((typeof value !== 'number' || !Number.isSafeInteger(value)) && typeof value !== 'bigint') {
        throw new InvalidValueError(`expected an integer (number or bigint), got ${describe(value)}`);
      }
      const big = BigInt(value);
      if (big < min || big > max) throw new InvalidValueError(`${big} is out of range ${min}..${max}`);
      if (big >= min32 && big <= max32) {
        // DataView's setters wrap modulo 2^bits: the unsigned one writes a negative value's two's complement.
        w.view.setUint32(w.reserve(4), Number(big), HOST_LITTLE_ENDIAN);
      } else {
        w.view.setBigUint64(w.reserve(8), big, HOST_LITTLE_ENDIAN);
      }
    },
  };
}
