import { describe, expect, it } from 'vitest';
import {
  EncodeError,
  MalformedError,
  checkInt,
  intBytes,
  readInt,
  readS16be,
  readS32,
  readS64,
  readSint,
  readU16,
  readU16be,
  readU32,
  readU32be,
  readU64,
  readU64be,
  readU8,
  readUint,
  type IntKind,
} from '../src/index.js';

describe('integer readers', () => {
  const bytes = Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x88);
  it('read native (little-endian here) and network order', () => {
    expect(readU8(bytes)).toBe(1);
    expect(readU16(bytes)).toBe(0x0201);
    expect(readU16be(bytes)).toBe(0x0102);
    expect(readU32(bytes)).toBe(0x04030201);
    expect(readU32be(bytes)).toBe(0x01020304);
    expect(readU64(bytes)).toBe(0x8807060504030201n);
    expect(readU64be(bytes)).toBe(0x0102030405060788n);
    expect(readS64(bytes)).toBe(0x8807060504030201n - 2n ** 64n);
    expect(readS16be(Uint8Array.of(0xff, 0xfe))).toBe(-2);
    expect(readS32(Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toBe(-1);
  });
  it('refuse payloads that are too short with a MalformedError', () => {
    expect(() => readU32(Uint8Array.of(1, 2))).toThrow(MalformedError);
    expect(() => readU8(new Uint8Array(0))).toThrow(MalformedError);
  });
  it('read variable-width uint/sint', () => {
    expect(readUint(intBytes('u32', 5))).toBe(5n);
    expect(readUint(intBytes('u64', 2n ** 63n))).toBe(2n ** 63n);
    expect(readSint(intBytes('s32', -5))).toBe(-5n);
    expect(() => readUint(new Uint8Array(2))).toThrow(MalformedError);
  });
});

describe('integer writers', () => {
  const cases: [IntKind, number | bigint, number | bigint][] = [
    ['u8', 0, 255],
    ['u16', 0, 65535],
    ['u32', 0, 4294967295],
    ['u64', 0n, 2n ** 64n - 1n],
    ['s8', -128, 127],
    ['s16', -32768, 32767],
    ['s32', -2147483648, 2147483647],
    ['s64', -(2n ** 63n), 2n ** 63n - 1n],
  ];
  it.each(cases)('%s accepts its bounds and refuses one past them', (kind, min, max) => {
    for (const v of [min, max]) expect(readInt(kind, intBytes(kind, v))).toBe(v);
    const below = typeof min === 'bigint' ? min - 1n : min - 1;
    const above = typeof max === 'bigint' ? max + 1n : max + 1;
    expect(() => checkInt(kind, below)).toThrow(EncodeError);
    expect(() => checkInt(kind, above)).toThrow(EncodeError);
  });
  it('writes big-endian when asked', () => {
    expect(Array.from(intBytes('u16', 0x1234, false))).toEqual([0x12, 0x34]);
  });
  it('refuses non-integers and non-numbers', () => {
    expect(() => checkInt('u32', NaN)).toThrow(EncodeError);
    expect(() => checkInt('u32', Infinity)).toThrow(EncodeError);
    expect(() => checkInt('u32', '5' as unknown as number)).toThrow(EncodeError);
    expect(() => checkInt('u64', 2 ** 53)).toThrow(/pass a bigint/);
  });
});
