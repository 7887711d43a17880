import { HOST_LITTLE_ENDIAN, viewOf } from './endian.js';
import { EncodeError, MalformedError } from './errors.js';

/**
 * Integer readers and writers for attribute payloads. "Native" order is the host's (what netlink uses
 * for most attributes); the `be` variants are network byte order (ports, some netfilter values).
 * 64-bit values are bigints, since a u64 counter does not fit a double exactly.
 */

/** The width in bytes of each integer kind. */
export type IntKind = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64';

export const INT_WIDTH: Readonly<Record<IntKind, number>> = { u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8 };

const LIMITS: Readonly<Record<IntKind, readonly [bigint, bigint]>> = {
  u8: [0n, 0xffn],
  u16: [0n, 0xffffn],
  u32: [0n, 0xffff_ffffn],
  u64: [0n, 0xffff_ffff_ffff_ffffn],
  s8: [-0x80n, 0x7fn],
  s16: [-0x8000n, 0x7fffn],
  s32: [-0x8000_0000n, 0x7fff_ffffn],
  s64: [-0x8000_0000_0000_0000n, 0x7fff_ffff_ffff_ffffn],
};

function need(bytes: Uint8Array, width: number, kind: string): DataView {
  if (bytes.length < width) throw new MalformedError(`${kind} needs ${width} bytes, payload has ${bytes.length}`, 0);
  return viewOf(bytes);
}

export function readU8(bytes: Uint8Array): number {
  return need(bytes, 1, 'u8').getUint8(0);
}
export function readS8(bytes: Uint8Array): number {
  return need(bytes, 1, 's8').getInt8(0);
}
export function readU16(bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): number {
  return need(bytes, 2, 'u16').getUint16(0, littleEndian);
}
export function readS16(bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): number {
  return need(bytes, 2, 's16').getInt16(0, littleEndian);
}
export function readU32(bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): number {
  return need(bytes, 4, 'u32').getUint32(0, littleEndian);
}
export function readS32(bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): number {
  return need(bytes, 4, 's32').getInt32(0, littleEndian);
}
export function readU64(bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): bigint {
  return need(bytes, 8, 'u64').getBigUint64(0, littleEndian);
}
export function readS64(bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): bigint {
  return need(bytes, 8, 's64').getBigInt64(0, littleEndian);
}
export function readU16be(bytes: Uint8Array): number {
  return readU16(bytes, false);
}
export function readU32be(bytes: Uint8Array): number {
  return readU32(bytes, false);
}
export function readU64be(bytes: Uint8Array): bigint {
  return readU64(bytes, false);
}
export function readS16be(bytes: Uint8Array): number {
  return readS16(bytes, false);
}
export function readS32be(bytes: Uint8Array): number {
  return readS32(bytes, false);
}
export function readS64be(bytes: Uint8Array): bigint {
  return readS64(bytes, false);
}

/**
 * Reads an integer of any kind; 64-bit kinds as bigint. Netlink's "uint"/"sint" attributes (variable
 * width, 4 or 8 bytes) are read by `readUint`/`readSint`.
 */
export function readInt(kind: IntKind, bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): number | bigint {
  switch (kind) {
    case 'u8': return readU8(bytes);
    case 's8': return readS8(bytes);
    case 'u16': return readU16(bytes, littleEndian);
    case 's16': return readS16(bytes, littleEndian);
    case 'u32': return readU32(bytes, littleEndian);
    case 's32': return readS32(bytes, littleEndian);
    case 'u64': return readU64(bytes, littleEndian);
    case 's64': return readS64(bytes, littleEndian);
  }
}

/** NLA_UINT: an unsigned integer sent as 4 or 8 bytes, whichever the value needs. */
export function readUint(bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): bigint {
  if (bytes.length === 4) return BigInt(readU32(bytes, littleEndian));
  if (bytes.length === 8) return readU64(bytes, littleEndian);
  throw new MalformedError(`uint attribute must be 4 or 8 bytes, not ${bytes.length}`, 0);
}

/** NLA_SINT: a signed integer sent as 4 or 8 bytes. */
export function readSint(bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): bigint {
  if (bytes.length === 4) return BigInt(readS32(bytes, littleEndian));
  if (bytes.length === 8) return readS64(bytes, littleEndian);
  throw new MalformedError(`sint attribute must be 4 or 8 bytes, not ${bytes.length}`, 0);
}

/** The limits as numbers, for the common case of a number checked against a kind up to 32 bits. */
const NUMBER_LIMITS: Readonly<Record<IntKind, readonly [number, number]>> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffff_ffff],
  u64: [0, Number.MAX_SAFE_INTEGER],
  s8: [-0x80, 0x7f],
  s16: [-0x8000, 0x7fff],
  s32: [-0x8000_0000, 0x7fff_ffff],
  s64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Throws an `EncodeError` unless `value` is an integer within the range of `kind`. */
export function checkInt(kind: IntKind, value: number | bigint, what = kind): void {
  if (typeof value === 'number') {
    const [min, max] = NUMBER_LIMITS[kind];
    // The fast path: an integer in range (64-bit kinds: a safe integer, the only numbers accepted there).
    if (Number.isInteger(value) && value >= min && value <= max) return;
    if (!Number.isInteger(value)) throw new EncodeError(`${what}: ${value} is not an integer`);
    if (INT_WIDTH[kind] === 8 && !Number.isSafeInteger(value)) throw new EncodeError(`${what}: ${value} is not a safe integer; pass a bigint`);
    const [bigMin, bigMax] = LIMITS[kind];
    throw new EncodeError(`${what}: ${value} is out of range ${bigMin}..${bigMax}`);
  }
  if (typeof value !== 'bigint') throw new EncodeError(`${what}: ${String(value)} is not a number`);
  const [min, max] = LIMITS[kind];
  if (value < min || value > max) throw new EncodeError(`${what}: ${value} is out of range ${min}..${max}`);
}

/** Writes `value` as `kind` at `offset` of `view`, after range-checking it. */
export function writeInt(view: DataView, offset: number, kind: IntKind, value: number | bigint, littleEndian = HOST_LITTLE_ENDIAN): void {
  checkInt(kind, value);
  // Only the width matters once the value is in range: DataView's setters wrap modulo 2^bits, so a
  // negative value is written in two's complement by the unsigned setter of its width.
  switch (INT_WIDTH[kind]) {
    case 1: view.setUint8(offset, Number(value)); return;
    case 2: view.setUint16(offset, Number(value), littleEndian); return;
    case 4: view.setUint32(offset, Number(value), littleEndian); return;
    default: view.setBigUint64(offset, BigInt(value), littleEndian);
  }
}

/** `value` as a fresh `kind`-sized payload. */
export function intBytes(kind: IntKind, value: number | bigint, littleEndian = HOST_LITTLE_ENDIAN): Uint8Array {
  const out = new Uint8Array(INT_WIDTH[kind]);
  writeInt(viewOf(out), 0, kind, value, littleEndian);
  return out;
}
