import { HOST_LITTLE_ENDIAN, NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK } from '@linx/netlink-wire';
import type { Codec } from '../codec.js';
import { compileType } from '../compile.js';
import { DecodeError, InvalidValueError, rethrowWithin } from '../errors.js';
import type { IndexedArrayDecl, TypeValueDecl } from '../schema.js';
import { describe } from './int.js';

const LE = HOST_LITTLE_ENDIAN;

/** Walks the children of a nest, calling `each(typeField, start, end)`. */
function children(view: DataView, start: number, end: number, each: (typeField: number, start: number, end: number) => void): void {
  let offset = start;
  while (offset < end) {
    if (end - offset < NLA_HDRLEN) throw new DecodeError(`truncated attribute header: ${end - offset} bytes left`, offset);
    const length = view.getUint16(offset, LE);
    if (length < NLA_HDRLEN || length > end - offset) throw new DecodeError(`bad attribute length ${length}`, offset);
    each(view.getUint16(offset + 2, LE), offset + NLA_HDRLEN, offset + length);
    offset += (length + 3) & ~3;
  }
}

function writeChild(w: Parameters<Codec['encode']>[1], typeField: number, item: Codec, value: unknown): void {
  const at = w.reserve(NLA_HDRLEN);
  item.encode(value, w);
  const length = w.length - at;
  if (length > 0xffff) throw new InvalidValueError(`encoded item is ${length} bytes, more than nla_len's 65535`);
  w.view.setUint16(at, length, LE);
  w.view.setUint16(at + 2, typeField, LE);
  w.pad();
}

/**
 * A nest holding an array: child i has attribute type start + i. The children's types are not kept: a
 * round trip renumbers them from `start` (the kernel numbers them so too), unless they came otherwise,
 * in which case the payload stays raw.
 */
export function compileIndexedArray(decl: IndexedArrayDecl): Codec<unknown[]> {
  const item = compileType(decl.item);
  const childFlags = item.nested ? NLA_F_NESTED : 0;
  return {
    size: undefined,
    nested: true,
    decode(bytes, view, start, end, state) {
      const out: unknown[] = [];
      children(view, start, end, (typeField, s, e) => {
        if (typeField !== ((decl.start + out.length) | childFlags)) state.exact = false;
        try {
          out.push(item.decode(bytes, view, s, e, state));
        } catch (error) {
          rethrowWithin(error, out.length);
        }
      });
      return out;
    },
    encode(value, w) {
      if (!Array.isArray(value)) throw new InvalidValueError(`expected an array, got ${describe(value)}`);
      value.forEach((v, i) => {
        try {
          writeChild(w, (decl.start + i) | childFlags, item, v);
        } catch (error) {
          rethrowWithin(error, i);
        }
      });
    },
  };
}

/** YNL nest-type-value: each child's attribute type is itself a value (an index, an id). */
export function compileTypeValue(decl: TypeValueDecl): Codec<{ type: number; value: unknown }[]> {
  const item = compileType(decl.item);
  const childFlags = item.nested ? NLA_F_NESTED : 0;
  return {
    size: undefined,
    nested: true,
    decode(bytes, view, start, end, state) {
      const out: { type: number; value: unknown }[] = [];
      children(view, start, end, (typeField, s, e) => {
        if ((typeField & ~NLA_TYPE_MASK & 0xffff) !== childFlags) state.exact = false;
        try {
          out.push({ type: typeField & NLA_TYPE_MASK, value: item.decode(bytes, view, s, e, state) });
        } catch (error) {
          rethrowWithin(error, out.length);
        }
      });
      return out;
    },
    encode(value, w) {
      if (!Array.isArray(value)) throw new InvalidValueError(`expected an array of { type, value }, got ${describe(value)}`);
      value.forEach((entry: { type?: unknown; value?: unknown }, i) => {
        try {
          const type = entry?.type;
          if (typeof type !== 'number' || !Number.isInteger(type) || type < 0 || type > NLA_TYPE_MASK) {
            throw new InvalidValueError(`type must be an integer in 0..${NLA_TYPE_MASK}, got ${describe(type)}`);
          }
          writeChild(w, type | childFlags, item, entry.value);
        } catch (error) {
          rethrowWithin(error, i);
        }
      });
    },
  };
}
