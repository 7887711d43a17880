import type { Codec } from '../codec.js';
import { compileAttrSet } from '../attrset.js';
import type { NestDecl } from '../schema.js';
import { resolve } from '../schema.js';
import { compileFormat, decodeFormat, encodeFormat, type CompiledFormat } from './format.js';

/**
 * A nested attribute set, optionally after a fixed header. Resolved lazily, so sets can refer to
 * themselves or to sets defined later.
 */
export function compileNest(decl: NestDecl): Codec {
  if (decl.header) {
    let format: CompiledFormat | undefined;
    const get = () => (format ??= compileFormat({ header: decl.header!, attrs: decl.attrs }));
    return {
      size: undefined,
      nested: true,
      decode: (bytes, view, start, end, state) => decodeFormat(get(), bytes, view, start, end, state),
      encode: (value, w) => encodeFormat(get(), value, w),
    };
  }
  let inner: Codec | undefined;
  const get = () => (inner ??= compileAttrSet(resolve(decl.attrs)));
  return {
    size: undefined,
    nested: true,
    decode: (bytes, view, start, end, state) => get().decode(bytes, view, start, end, state),
    encode: (value, w) => get().encode(value, w),
  };
}
