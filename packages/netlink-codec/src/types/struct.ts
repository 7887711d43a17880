import type { ByteWriter } from '@linx/netlink-wire';
import type { Codec, DecodeState } from '../codec.js';
import { InvalidValueError, rethrowWithin } from '../errors.js';
import { InvalidArgumentError } from '@linx/netlink-wire';
import type { StructDecl, StructTypeDecl } from '../schema.js';
import { resolve } from '../schema.js';
import { Struct } from '../decoded.js';
import { compileType } from '../compile.js';
import { codeGeneration } from '../decode-loop.js';
import { tiered } from '../tier.js';
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
    if (codec.size === undefined) throw new InvalidArgumentError('', `struct ${decl.name}: field ${name} has no fixed size`);
    fields.push({ name, offset, size: codec.size, codec });
    offset += codec.size;
  }
  const size = offset;
  const valueFields = fields.filter((f) => f.codec);
  // Field by field for the first structs, then straight-line generated code (see tier.ts): each variable
  // is replaced by its generated function when that is built. Without code generation, field by field.
  const generate = valueFields.length > 0 && codeGeneration();
  if (generate) checkOffsets(valueFields);
  let whole: WholeDecoder | undefined = generate ? tiered(fieldsDecoder(valueFields), () => wholeDecoder(valueFields), (generated) => (whole = generated)) : undefined;
  const fieldsEncoder = interpretedEncoder(valueFields);
  let encodeFields: WholeEncoder = generate ? tiered(fieldsEncoder, () => wholeEncoder(valueFields), (generated) => (encodeFields = generated)) : fieldsEncoder;
  const fieldNames = new Set(valueFields.map((f) => f.name));

  const codec: StructCodec = {
    size,
    fields,
    // Never throws: every field has a fixed size, and only the fields the payload holds whole are read.
    decode(bytes: Uint8Array, view: DataView, start: number, end: number, state: DecodeState) {
      // The common case, a struct of exactly its size, through the generated straight-line decoder.
      if (end - start === size && whole !== undefined) return whole(new Struct() as never, bytes, view, start, state);
      const out: Record<string | symbol, unknown> = new Struct() as never;
      const length = end - start;
      for (const field of valueFields) {
        if (field.offset + field.size > length) break;
        const at = start + field.offset;
        out[field.name] = field.codec!.decode(bytes, view, at, at + field.size, state);
      }
      if (length < size) Struct.record(out, length, undefined);
      else if (length > size) Struct.record(out, undefined, bytes.slice(start + size, end));
      return out;
    },
    encode(value: unknown, w: ByteWriter) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
        throw new InvalidValueError(`expected a ${decl.name} object, got ${describe(value)}`);
      }
      const v = value as Record<string | symbol, unknown>;
      for (const key in v) {
        if (!fieldNames.has(key) && Object.hasOwn(v, key) && v[key] !== undefined) {
          throw new InvalidValueError(`unknown field ${JSON.stringify(key)} in ${decl.name}`);
        }
      }
      const start = w.reserve(size);
      const sub = w.length;
      // Field codecs append; each is written into place by rewinding the writer (see wholeEncoder).
      // Stryker disable next-line ObjectLiteral,UnaryOperator: the encoder sets the field before it can throw
      const at = { field: -1 };
      try {
        encodeFields(v, w, start, at);
      } catch (error) {
        rethrowWithin(error, valueFields[at.field]!.name);
      }
      w.length = sub;
      const short = Struct.shortOf(v);
      if (short !== undefined && valueFields.every((f) => f.offset + f.size <= short || v[f.name] === undefined)) {
        w.length = start + short;
      }
      const tail = Struct.tailOf(v);
      if (tail instanceof Uint8Array) w.write(tail);
    },
  };
  cache.set(decl, codec);
  return codec;
}

type WholeEncoder = (v: Record<string | symbol, unknown>, w: ByteWriter, start: number, at: { field: number }) => void;

/** Field by field: for each field given, rewind the writer to the field's offset and let its codec write it. */
function interpretedEncoder(fields: readonly Field[]): WholeEncoder {
  return (v, w, start, at) => {
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const item = v[f.name];
      if (item === undefined) continue;
      at.field = i;
      w.length = start + f.offset;
      f.codec!.encode(item, w);
    }
  };
}

/**
 * A straight-line encoder: the same as interpretedEncoder, one statement per field (unset fields stay
 * zero, as the reserved bytes are). `at.field` tells which field threw.
 */
function wholeEncoder(fields: readonly Field[]): WholeEncoder {
  // The offsets were checked to be integers by checkOffsets.
  const lines = fields.map(
    (f, i) => `item = v[${JSON.stringify(f.name)}]; if (item !== undefined) { at.field = ${i}; w.length = start + ${f.offset}; e${i}(item, w); }`,
  );
  // Stryker disable next-line StringLiteral: the separator only lays out the generated source
  const statements = lines.join('\n');
  const body = `return function encodeWhole(v, w, start, at) {\nlet item;\n${statements}\n};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the declaration's field names and offsets
  const factory = new Function(...fields.map((_, i) => `e${i}`), body);
  return factory(...fields.map((f) => f.codec!.encode)) as WholeEncoder;
}

type WholeDecoder = (out: Record<string | symbol, unknown>, bytes: Uint8Array, view: DataView, start: number, state: DecodeState) => Record<string | symbol, unknown>;

/** The offsets and sizes that generated code writes as numbers are integers (they come from the codecs' sizes). */
function checkOffsets(fields: readonly Field[]): void {
  for (const f of fields) if (!Number.isInteger(f.offset) || !Number.isInteger(f.size)) throw new InvalidArgumentError('', 'struct field offsets are integers');
}

/** A struct of its full size, field by field. */
function fieldsDecoder(fields: readonly Field[]): WholeDecoder {
  return (out, bytes, view, start, state) => {
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      out[f.name] = f.codec!.decode(bytes, view, start + f.offset, start + f.offset + f.size, state);
    }
    return out;
  };
}

/**
 * A straight-line decoder for a struct of its full size: one statement per field, each with its own
 * call site and property name (see decode-loop.ts for why that is faster). Fields are at fixed offsets.
 */
function wholeDecoder(fields: readonly Field[]): WholeDecoder {
  const lines = fields.map((f, i) => `out[${JSON.stringify(f.name)}] = d${i}(bytes, view, start + ${f.offset}, start + ${f.offset + f.size}, state);`);
  // Stryker disable next-line StringLiteral: the separators only lay out the generated source
  const body = `return function decodeWhole(out, bytes, view, start, state) {\n${lines.join('\n')}\nreturn out;\n};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the declaration's field names and offsets
  const factory = new Function(...fields.map((_, i) => `d${i}`), body);
  return factory(...fields.map((f) => f.codec!.decode)) as WholeDecoder;
}

export function compileStructType(decl: StructTypeDecl): Codec {
  return compileStruct(resolve(decl.struct));
}
