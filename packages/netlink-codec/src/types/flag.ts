import type { Codec } from '../codec.js';
import { InvalidValueError } from '../errors.js';
import { describe } from './int.js';

/** A zero-length attribute: present means true. `false` is written by leaving the attribute out. */
export function compileFlag(): Codec<true> {
  return {
    size: 0,
    decode(_bytes, _view, start, end, state) {
      if (end !== start) state.exact = false;
      return true;
    },
    encode(value) {
      if (typeof value !== 'boolean') throw new InvalidValueError(`expected a boolean, got ${describe(value)}`);
    },
  };
}
