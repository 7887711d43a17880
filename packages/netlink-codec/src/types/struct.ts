import type { ByteWriter } from '@linx/netlink-wire';
import type { Codec, DecodeState } from '../codec.js';
import { InvalidValueError, rethrowWithin } from '../errors.js';
import type { StructDecl, StructTypeDecl } from '../schema.js';
import { resolve } from '../schema.js';
import { Struct } from '../decoded.js';
import { compileType } from '../compile.js';
import { describe } from './int.js';

interface Field {
  name: string;
  offset: number;
  size: number;
  codec: Codec | undefined; // undefined for padding
}

export interface StructCodec extends Codec<Record<string | symbol, unknown>> {
  readonly size: number;
  readonly fields: readonly Field[];
}

const cache = new WeakMap<StructDecl, StructCodec>();

/**
 * A fixed struct. A payload shorter than the struct (an older kernel's, or the 4-byte rtgenmsg that some
 * tools send where an ifinfomsg belongs) decodes the fields that fit; a longer one keeps the extra bytes;
 * both are written back as they came.
 */
export function compileStruct(decl: StructDecl): StructCodec {
  const cached = cache.get(decl);
  if (cached) return cached;
  const fields: Field[] = [];
  let offset = 0;
  for (const [name, type] of Object.entries(decl.fields)) {
    if (type.kind === 'pad') {
      fields.push({ name, offset, size: type.length, codec: undefined });
      offset += type.length;
      continue;
    }
    const codec = compileType(type);
    if (codec.size === undefined) throw new Error(`struct ${decl.name}: field ${name} has no fixed size`);
    fields.push({ name, offset, size: codec.size, codec });
    offset += codec.size;
  }
  const size = offset;
  const valueFields = fields.filter((f) => f.codec);

  const codec: StructCodec = {
    size,
    fields,
    decode(bytes: Uint8Array, view: DataView, start: number, end: number, state: DecodeState) {
      const out: Record<string | symbol, unknown> = new Struct() as never;
      const length = end - start;
      let i = 0;
      try {
        for (; i < valueFields.length; i++) {
          const field = valueFields[i]!;
          if (field.offset + field.size > length) break;
          const at = start + field.offset;
          out[field.name] = field.codec!.decode(bytes, view, at, at + field.size, state);
        }
      } catch (error) {
        rethrowWithin(error, valueFields[i]!.name);
      }
      if (length !== size) Struct.record(out, length < size ? length : undefined, length > size ? bytes.slice(start + size, end) : undefined);
      return out;
    },
    encode(value: unknown, w: ByteWriter) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
        throw new InvalidValueError(`expected a ${decl.name} object, got ${describe(value)}`);
      }
      const v = value as Record<string | symbol, unknown>;
      const start = w.reserve(size);
      const sub = w.length;
      for (const field of valueFields) {
        const item = v[field.name];
        if (item === undefined) continue; // zero, as the buffer is
        // Field codecs append; write each into place by temporarily rewinding the writer.
        w.length = start + field.offset;
        try {
          field.codec!.encode(item, w);
        } catch (error) {
          rethrowWithin(error, field.name);
        }
      }
      w.length = sub;
      const short = Struct.shortOf(v);
      if (typeof short === 'number' && short < size && valueFields.every((f) => f.offset + f.size <= short || v[f.name] === undefined)) {
        w.length = start + short;
      }
      const tail = Struct.tailOf(v);
      if (tail instanceof Uint8Array) w.write(tail);
    },
  };
  cache.set(decl, codec);
  return codec;
}

export function compileStructType(decl: StructTypeDecl): Codec {
  return compileStruct(resolve(decl.struct));
}
