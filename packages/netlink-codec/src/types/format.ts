import type { ByteWriter } from '@linx/netlink-wire';
import { compileAttrSet, type AttrSetCodec } from '../attrset.js';
import type { Codec, DecodeState } from '../codec.js';
import { compileType } from '../compile.js';
import { rethrowWithin } from '../errors.js';
import type { SubMessageFormat } from '../schema.js';
import { resolve } from '../schema.js';
import { compileStruct, type StructCodec } from './struct.js';

/** A payload laid out as an optional fixed header then attributes, or as one bare value. */
export interface CompiledFormat {
  header: StructCodec | undefined;
  body: AttrSetCodec | undefined;
  value: Codec | undefined;
}

export function compileFormat(format: SubMessageFormat): CompiledFormat {
  return {
    header: format.header ? compileStruct(format.header) : undefined,
    body: format.attrs ? compileAttrSet(resolve(format.attrs)) : undefined,
    value: format.value ? compileType(format.value) : undefined,
  };
}

/** Decodes to the bare value, or to the attributes with the header's value under `header`. */
export function decodeFormat(format: CompiledFormat, bytes: Uint8Array, view: DataView, start: number, end: number, state: DecodeState): unknown {
  if (format.value) return format.value.decode(bytes, view, start, end, state);
  let header: Record<string | symbol, unknown> | undefined;
  let bodyStart = start;
  if (format.header) {
    const headerEnd = Math.min(end, start + format.header.size);
    // A short header cannot be followed by attributes padded as written: keep the bytes for the round trip.
    if (headerEnd - start < format.header.size) state.exact = false;
    header = format.header.decode(bytes, view, start, headerEnd, state);
    bodyStart = Math.min(end, start + ((format.header.size + 3) & ~3));
  }
  const body: Record<string | symbol, unknown> = format.body ? format.body.decode(bytes, view, bodyStart, end, state) : {};
  if (!format.body && bodyStart < end) state.exact = false;
  return header ? Object.assign(body, { header }) : body;
}

export function encodeFormat(format: CompiledFormat, value: unknown, w: ByteWriter): void {
  if (format.value) return format.value.encode(value, w);
  const v = (value ?? {}) as Record<string | symbol, unknown>;
  if (format.header) {
    try {
      format.header.encode(v.header ?? {}, w);
    } catch (error) {
      rethrowWithin(error, 'header');
    }
    w.pad();
  }
  if (format.body) format.body.encodeExcept(v, w, 'header');
}
