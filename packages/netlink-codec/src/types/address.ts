import { formatIPv4, formatIPv6, formatMAC, parseIPv4, parseIPv6, parseMAC } from '@linx/netlink-wire';
import type { Codec } from '../codec.js';
import { DecodeError, InvalidValueError } from '../errors.js';
import type { AddressDecl } from '../schema.js';

const PARSE = { ipv4: parseIPv4, ipv6: parseIPv6, mac: parseMAC, ip: (t: string) => (t.includes(':') ? parseIPv6(t) : parseIPv4(t)) };

/** Addresses as text. `ip` takes 4 or 16 bytes; `mac` any length. */
export function compileAddress(decl: AddressDecl): Codec<string> {
  const size = decl.family === 'ipv4' ? 4 : decl.family === 'ipv6' ? 16 : undefined;
  const parse = PARSE[decl.family];
  return {
    size,
    decode(bytes, _view, start, end, state) {
      const length = end - start;
      // The common case, formatted in place without a subarray.
      if (length === 4 && decl.family !== 'ipv6' && decl.family !== 'mac') return `${bytes[start]}.${bytes[start + 1]}.${bytes[start + 2]}.${bytes[start + 3]}`;
      const payload = bytes.subarray(start, end);
      if (decl.family === 'mac') return formatMAC(payload);
      if (size !== undefined && length !== size) {
        // Stryker disable next-line EqualityOperator: inside length !== size, <= and < agree
        if (length < size) throw new DecodeError(`${decl.family} address needs ${size} bytes, payload has ${length}`, start);
        state.exact = false;
        return size === 4 ? formatIPv4(payload.subarray(0, 4)) : formatIPv6(payload.subarray(0, 16));
      }
      // (Four bytes of ipv4 or ip were formatted above.)
      if (length === 16) return formatIPv6(payload);
      throw new DecodeError(`an IP address is 4 or 16 bytes, not ${length}`, start);
    },
    encode(value, w) {
      if (typeof value !== 'string') throw new InvalidValueError(`expected an address string, got ${typeof value}`);
      let bytes: Uint8Array;
      try {
        bytes = parse(value);
      } catch (error) {
        throw new InvalidValueError((error as Error).message);
      }
      const at = w.reserve(bytes.length);
      w.bytes.set(bytes, at);
    },
  };
}
