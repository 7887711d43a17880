import { HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import type { Codec } from '../codec.js';
import { DecodeError, InvalidValueError, rethrowWithin } from '../errors.js';
import type { RecordsDecl } from '../schema.js';
import { compileFormat, decodeFormat, encodeFormat, type CompiledFormat } from './format.js';

/**
 * Length-prefixed records (RTA_MULTIPATH's struct rtnexthop + attributes): each record's first two bytes
 * are its length in host order, header and attributes together; records start 4-byte aligned. Resolved
 * lazily, so the attributes may be the set that holds the records (a route's next hops are route
 * attributes); the attribute sets' depth limit bounds such nesting.
 */
export function compileRecords(decl: RecordsDecl): Codec {
  let format: CompiledFormat | undefined;
  const get = () => (format ??= compileFormat({ header: decl.header, attrs: decl.attrs }));
  const lengthMember = Object.keys(decl.header.fields)[0];
  // Stryker disable next-line ConditionalExpression: with no member, fields[undefined] is undefined as well
  const first = lengthMember === undefined ? undefined : (decl.header.fields[lengthMember] as { kind?: string; int?: string });
  if (first?.kind !== 'int' || first.int !== 'u16') throw new InvalidValueError(`records: the header's first member must be the record's u16 length (${decl.header.name})`);
  return {
    size: undefined,
    decode(bytes, view, start, end, state) {
      const f = get();
      const headerSize = f.header!.size;
      const out: unknown[] = [];
      for (let at = start; at < end; ) {
        const index = out.length;
        if (end - at < headerSize) throw new DecodeError(`truncated record: ${end - at} bytes left, the header needs ${headerSize}`, at, [index]);
        const length = view.getUint16(at, HOST_LITTLE_ENDIAN);
        if (length < headerSize || length > end - at) throw new DecodeError(`bad record length ${length} (${end - at} bytes left)`, at, [index]);
        try {
          out.push(decodeFormat(f, bytes, view, at, at + length, state));
        } catch (error) {
          rethrowWithin(error, index);
        }
        at += (length + 3) & ~3;
      }
      return out;
    },
    encode(value, w) {
      if (!Array.isArray(value)) throw new InvalidValueError(`expected a list of records, got ${value === null ? 'null' : typeof value}`);
      const f = get();
      value.forEach((item, index) => {
        try {
          if (typeof item !== 'object' || item === null) throw new InvalidValueError(`expected a record object, got ${item === null ? 'null' : typeof item}`);
          const at = w.length;
          const record = item as { header?: Record<string, unknown> };
          // The length is the record's own: written as 0, then patched.
          encodeFormat(f, { ...record, header: { ...record.header, [lengthMember!]: 0 } }, w);
          w.view.setUint16(at, w.length - at, HOST_LITTLE_ENDIAN);
          w.pad();
        } catch (error) {
          rethrowWithin(error, index);
        }
      });
    },
  };
}
