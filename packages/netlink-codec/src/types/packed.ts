import { INT_WIDTH } from '@linx/netlink-wire';
import type { Codec } from '../codec.js';
import { InvalidValueError, rethrowWithin } from '../errors.js';
import type { PackedArrayDecl } from '../schema.js';
import { describe, intReader, intWriter } from './int.js';

/** Integers back to back in one payload (a trailing partial item is kept only through the raw bytes). */
export function compilePacked(decl: PackedArrayDecl): Codec<(number | bigint)[]> {
  const size = INT_WIDTH[decl.item.int];
  const read = intReader(decl.item);
  const write = intWriter(decl.item);
  return {
    size: undefined,
    decode(_bytes, view, start, end, state) {
      const out: (number | bigint)[] = [];
      let at = start;
      for (; at + size <= end; at += size) out.push(read(view, at));
      if (at !== end) state.exact = false;
      return out;
    },
    encode(value, w) {
      if (!Array.isArray(value)) throw new InvalidValueError(`expected an array of ${decl.item.int}, got ${describe(value)}`);
      const at = w.reserve(value.length * size);
      value.forEach((item, i) => {
        try {
          write(w.view, at + i * size, item);
        } catch (error) {
          rethrowWithin(error, i);
        }
      });
    },
  };
}
