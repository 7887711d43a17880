import type { Codec } from '../codec.js';
import { InvalidValueError } from '../errors.js';
import type { CustomDecl } from '../schema.js';
import { LinxError } from '@linx/netlink-wire';

/** Hand-written encode/decode; their errors are made typed if they are not already. */
export function compileCustom(decl: CustomDecl): Codec {
  return {
    size: undefined,
    decode: (bytes, _view, start, end) => decl.decode(bytes.slice(start, end)),
    encode(value, w) {
      let bytes: Uint8Array;
      try {
        bytes = decl.encode(value);
      } catch (error) {
        if (error instanceof LinxError) throw error;
        throw new InvalidValueError(`${decl.name}: ${(error as Error).message}`);
      }
      w.write(bytes);
    },
  };
}
