import { HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import type { Codec } from '../codec.js';
import { DecodeError, InvalidValueError } from '../errors.js';
import type { Bitfield32Decl } from '../schema.js';
import { u32 } from '../dsl.js';
import { bitNames } from './flags.js';
import { describe } from './int.js';

/** struct nla_bitfield32 { u32 value; u32 selector; } with both masks as lists of names. */
export function compileBitfield32(decl: Bitfield32Decl): Codec<{ value: (string | number)[]; selector: (string | number)[] }> {
  const names = bitNames(decl.bits, u32());
  return {
    size: 8,
    decode(_bytes, view, start, end, state) {
      if (end - start < 8) throw new DecodeError(`bitfield32 needs 8 bytes, payload has ${end - start}`, start);
      if (end - start !== 8) state.exact = false;
      return {
        value: names.toNames(view.getUint32(start, HOST_LITTLE_ENDIAN)),
        selector: names.toNames(view.getUint32(start + 4, HOST_LITTLE_ENDIAN)),
      };
    },
    encode(value, w) {
      if (typeof value !== 'object' || value === null || !('value' in value) || !('selector' in value)) {
        throw new InvalidValueError(`expected { value, selector }, got ${describe(value)}`);
      }
      const mask = (part: unknown, name: string) => {
        const m = Number(names.toMask(part));
        if (!Number.isInteger(m) || m < 0 || m > 0xffff_ffff) throw new InvalidValueError(`${name}: ${m} does not fit 32 bits`);
        return m;
      };
      const v = mask(value.value, 'value');
      const s = mask(value.selector, 'selector');
      const at = w.reserve(8);
      w.view.setUint32(at, v, HOST_LITTLE_ENDIAN);
      w.view.setUint32(at + 4, s, HOST_LITTLE_ENDIAN);
    },
  };
}
