import { checkInt, type IntKind, HOST_LITTLE_ENDIAN, INT_WIDTH } from '@linx/netlink-wire';
import type { Codec } from '../codec.js';
import { DecodeError, InvalidValueError } from '../errors.js';
import type { IntDecl } from '../schema.js';

type Reader = (view: DataView, at: number, le: boolean) => number | bigint;
type Writer = (view: DataView, at: number, value: number | bigint, le: boolean) => void;

const READERS: Record<IntKind, Reader> = {
  u8: (v, at) => v.getUint8(at),
  s8: (v, at) => v.getInt8(at),
  u16: (v, at, le) => v.getUint16(at, le),
  s16: (v, at, le) => v.getInt16(at, le),
  u32: (v, at, le) => v.getUint32(at, le),
  s32: (v, at, le) => v.getInt32(at, le),
  u64: (v, at, le) => v.getBigUint64(at, le),
  s64: (v, at, le) => v.getBigInt64(at, le),
};

const WRITERS: Record<IntKind, Writer> = {
  u8: (v, at, x) => v.setUint8(at, Number(x)),
  s8: (v, at, x) => v.setInt8(at, Number(x)),
  u16: (v, at, x, le) => v.setUint16(at, Number(x), le),
  s16: (v, at, x, le) => v.setInt16(at, Number(x), le),
  u32: (v, at, x, le) => v.setUint32(at, Number(x), le),
  s32: (v, at, x, le) => v.setInt32(at, Number(x), le),
  u64: (v, at, x, le) => v.setBigUint64(at, BigInt(x), le),
  s64: (v, at, x, le) => v.setBigInt64(at, BigInt(x), le),
};

export function littleEndianOf(decl: IntDecl): boolean {
  return decl.order === 'host' ? HOST_LITTLE_ENDIAN : decl.order === 'little';
}

/** Range-checks a number or bigint for `decl`, as an `InvalidValueError`. */
export function checkIntValue(decl: IntDecl, value: unknown): number | bigint {
  if (typeof value !== 'number' && typeof value !== 'bigint') {
    throw new InvalidValueError(`expected ${decl.int} as a number${decl.int.endsWith('64') ? ' or bigint' : ''}, got ${describe(value)}`);
  }
  try {
    checkInt(decl.int, value, decl.int);
  } catch (error) {
    throw new InvalidValueError((error as Error).message);
  }
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Reads an integer of `decl` at `at` (no bounds check): for structs, enums, flags. */
export function intReader(decl: IntDecl): (view: DataView, at: number) => number | bigint {
  const read = READERS[decl.int];
  const le = littleEndianOf(decl);
  // Stryker disable next-line StringLiteral: Number() of a kind narrower than 64 bits is its value already
  const asNumber = decl.int.endsWith('64') && !decl.bigint;
  return asNumber ? (view, at) => Number(read(view, at, le)) : (view, at) => read(view, at, le);
}

/** Writes a range-checked integer of `decl` at `at`. */
export function intWriter(decl: IntDecl): (view: DataView, at: number, value: unknown) => void {
  const write = WRITERS[decl.int];
  const le = littleEndianOf(decl);
  return (view, at, value) => write(view, at, checkIntValue(decl, value), le);
}

/** A reader specialised per kind and byte order, so the hot path makes one call. */
function fastReader(decl: IntDecl): (view: DataView, at: number) => number | bigint {
  const le = littleEndianOf(decl);
  // Stryker disable StringLiteral: a kind that misses its case falls to intReader, which reads the same value
  switch (decl.int) {
    case 'u8': return (v, at) => v.getUint8(at);
    case 's8': return (v, at) => v.getInt8(at);
    case 'u16': return le ? (v, at) => v.getUint16(at, true) : (v, at) => v.getUint16(at, false);
    case 's16': return le ? (v, at) => v.getInt16(at, true) : (v, at) => v.getInt16(at, false);
    case 'u32': return le ? (v, at) => v.getUint32(at, true) : (v, at) => v.getUint32(at, false);
    // Stryker disable next-line ConditionalExpression: an s32 whose case is emptied falls through to default, intReader, which reads the same value
    case 's32': return le ? (v, at) => v.getInt32(at, true) : (v, at) => v.getInt32(at, false);
    default: return intReader(decl);
  }
}
// Stryker restore StringLiteral

export function compileInt(decl: IntDecl): Codec<number | bigint> {
  const size = INT_WIDTH[decl.int];
  const read = fastReader(decl);
  const write = intWriter(decl);
  return {
    size,
    decode(_bytes, view, start, end, state) {
      if (end - start !== size) {
        // Stryker disable next-line EqualityOperator: inside end - start !== size, <= and < agree
        if (end - start < size) throw new DecodeError(`${decl.int} needs ${size} bytes, payload has ${end - start}`, start);
        state.exact = false;
      }
      return read(view, start);
    },
    encode(value, w) {
      const at = w.reserve(size);
      write(w.view, at, value);
    },
  };
}
