import { INT_WIDTH } from '@linx/netlink-wire';
import type { Codec } from '../codec.js';
import { DecodeError, InvalidValueError } from '../errors.js';
import type { EnumDecl } from '../schema.js';
import { describe, intReader, intWriter } from './int.js';

/** Number ↔ name. Unknown numbers decode as numbers (a newer kernel's value never breaks decoding). */
export function compileEnum(decl: EnumDecl): Codec<string | number> {
  const size = INT_WIDTH[decl.base.int];
  const read = intReader(decl.base);
  const write = intWriter(decl.base);
  const names = new Map<number, string>();
  for (const [name, value] of Object.entries(decl.values)) if (!names.has(value)) names.set(value, name);
  const values = new Map(Object.entries(decl.values));
  return {
    size,
    decode(_bytes, view, start, end, state) {
      if (end - start < size) throw new DecodeError(`${decl.base.int} needs ${size} bytes, payload has ${end - start}`, start);
      if (end - start !== size) state.exact = false;
      const number = Number(read(view, start));
      return names.get(number) ?? number;
    },
    encode(value, w) {
      const at = w.reserve(size);
      write(w.view, at, toNumber(decl, values, value));
    },
  };
}

function toNumber(decl: EnumDecl, values: Map<string, number>, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const number = values.get(value);
    if (number !== undefined) return number;
    const known = [...values.keys()];
    throw new InvalidValueError(
      `unknown ${decl.name ?? 'enum'} name ${JSON.stringify(value)}; expected one of ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''} or a number`,
    );
  }
  throw new InvalidValueError(`expected an enum name or number, got ${describe(value)}`);
}
