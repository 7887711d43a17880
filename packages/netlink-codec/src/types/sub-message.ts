import type { ByteWriter } from '@linx/netlink-wire';
import type { SelectedCodec } from '../codec.js';
import { InvalidValueError } from '../errors.js';
import type { SubMessageDecl } from '../schema.js';
import { compileFormat, decodeFormat, encodeFormat, type CompiledFormat } from './format.js';

/**
 * The payload's format is picked by the sibling `selector` attribute (e.g. IFLA_INFO_KIND "veth" picks the
 * veth attributes for IFLA_INFO_DATA). A format with a fixed header decodes to `{ header, ...attrs }`. An
 * unknown or absent selector keeps the payload as bytes.
 */
export function compileSubMessage(decl: SubMessageDecl): SelectedCodec {
  const formats = new Map<string, CompiledFormat>();
  const formatFor = (selector: unknown): CompiledFormat | undefined => {
    if (selector === undefined || selector === null) return undefined;
    const key = String(selector);
    let compiled = formats.get(key);
    if (!compiled && Object.hasOwn(decl.formats, key)) {
      compiled = compileFormat(decl.formats[key]!);
      formats.set(key, compiled);
    }
    return compiled;
  };
  return {
    decode(selector, bytes, view, start, end, state) {
      const format = formatFor(selector);
      return format ? decodeFormat(format, bytes, view, start, end, state) : bytes.slice(start, end);
    },
    encode(selector, value, w: ByteWriter) {
      const format = formatFor(selector);
      if (!format) {
        if (value instanceof Uint8Array) return w.write(value);
        throw new InvalidValueError(
          selector === undefined
            ? `cannot encode without the ${decl.selector} attribute that selects its format`
            : `no format for ${decl.selector} ${JSON.stringify(selector)}; pass the payload as bytes`,
        );
      }
      if (value instanceof Uint8Array) return w.write(value);
      encodeFormat(format, value, w);
    },
    knows: (selector) => formatFor(selector) !== undefined,
  };
}
