import { describe, expect, it } from 'vitest';
import {
  EncodeError,
  MalformedError,
  checkInt,
  intBytes,
  readS16,
  readS32be,
  readS64,
  readS64be,
  readS8,
  readSint,
  readU16,
  readU32,
  readU64,
  readU8,
  readUint,
  writeInt,
  type IntKind,
} from '../src/index.js';

// What the integer readers and writers say when a value does not fit, and the two's-complement bytes
// of signed values (as the kernel's s8..s64 and NLA_SINT/NLA_UINT, include/net/netlink.h, carry them).

describe('readers: too-short payloads name the kind and the sizes', () => {
  it.each([
    ['u8', readU8, 1],
    ['s8', readS8, 1],
    ['u16', readU16, 2],
    ['s16', readS16, 2],
    ['u32', readU32, 4],
    ['s32', (b: Uint8Array) => readS32be(b), 4],
    ['u64', readU64, 8],
    ['s64', readS64, 8],
  ] as const)('%s', (kind, read, width) => {
    const short = new Uint8Array(width - 1);
    expect(() => read(short)).toThrow(new MalformedError(`${kind} needs ${width} bytes, payload has ${width - 1}`, 0));
  });
});

describe('big-endian signed readers', () => {
  it('read two\'s complement in network order', () => {
    expect(readS32be(Uint8Array.of(0xff, 0xff, 0xff, 0xfe))).toBe(-2);
    expect(readS32be(Uint8Array.of(0x7f, 0xff, 0xff, 0xff))).toBe(0x7fff_ffff);
    expect(readS64be(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd))).toBe(-3n);
    expect(readS64be(Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 0))).toBe(256n);
  });
});

describe('NLA_UINT / NLA_SINT', () => {
  const le8 = (v: bigint) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, v, true);
    return b;
  };
  it('sint reads 4 and 8 bytes, sign-extended', () => {
    expect(readSint(Uint8Array.of(0xfb, 0xff, 0xff, 0xff), true)).toBe(-5n);
    expect(readSint(le8(-(2n ** 40n)), true)).toBe(-(2n ** 40n));
    expect(readSint(le8(2n ** 40n + 7n), true)).toBe(2n ** 40n + 7n);
  });
  it('uint reads 8 bytes whole', () => {
    expect(readUint(le8(2n ** 40n + 7n), true)).toBe(2n ** 40n + 7n);
  });
  it('any other length is malformed, even one long enough for a wider read', () => {
    for (const n of [0, 2, 5, 12, 16]) {
      expect(() => readUint(new Uint8Array(n))).toThrow(new MalformedError(`uint attribute must be 4 or 8 bytes, not ${n}`, 0));
      expect(() => readSint(new Uint8Array(n))).toThrow(new MalformedError(`sint attribute must be 4 or 8 bytes, not ${n}`, 0));
    }
  });
});

describe('checkInt messages', () => {
  it('a fraction is not an integer, whatever the kind', () => {
    expect(() => checkInt('u32', 1.5)).toThrow(new EncodeError('u32: 1.5 is not an integer'));
    expect(() => checkInt('s64', 0.5)).toThrow(new EncodeError('s64: 0.5 is not an integer'));
    expect(() => checkInt('u8', NaN)).toThrow(new EncodeError('u8: NaN is not an integer'));
  });
  it('an integer out of a 32-bit range is out of range, not a bigint matter', () => {
    expect(() => checkInt('u32', 2 ** 32)).toThrow(new EncodeError('u32: 4294967296 is out of range 0..4294967295'));
    expect(() => checkInt('s8', -129)).toThrow(new EncodeError('s8: -129 is out of range -128..127'));
    expect(() => checkInt('u16', 2 ** 60)).toThrow(new EncodeError(`u16: ${2 ** 60} is out of range 0..65535`));
  });
  it('64-bit kinds take numbers only while they are safe', () => {
    expect(() => checkInt('u64', 2 ** 53)).toThrow(new EncodeError('u64: 9007199254740992 is not a safe integer; pass a bigint'));
    expect(() => checkInt('u64', -1)).toThrow(new EncodeError('u64: -1 is out of range 0..18446744073709551615'));
    expect(() => checkInt('u64', 2n ** 53n)).not.toThrow();
  });
  it('bigints are range-checked, other types refused', () => {
    expect(() => checkInt('u8', 256n)).toThrow(new EncodeError('u8: 256 is out of range 0..255'));
    expect(() => checkInt('s16', -32769n)).toThrow(new EncodeError('s16: -32769 is out of range -32768..32767'));
    expect(() => checkInt('u32', '7' as unknown as number)).toThrow(new EncodeError('u32: 7 is not a number'));
  });
});

describe('writers: exact widths and two\'s complement', () => {
  const cases: [IntKind, number | bigint, number[]][] = [
    ['u8', 0xfe, [0xfe]],
    ['s8', -2, [0xfe]],
    ['u16', 0xfffe, [0xfe, 0xff]],
    ['s16', -2, [0xfe, 0xff]],
    ['u32', 0xffff_fffe, [0xfe, 0xff, 0xff, 0xff]],
    ['s32', -2, [0xfe, 0xff, 0xff, 0xff]],
    ['u64', 0xffff_ffff_ffff_fffen, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
    ['s64', -2n, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
    ['u32', 5n, [5, 0, 0, 0]],
    ['s64', -2, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
  ];
  it.each(cases)('%s %s', (kind, value, bytes) => {
    expect(Array.from(intBytes(kind, value, true))).toEqual(bytes);
    expect(Array.from(intBytes(kind, value, false))).toEqual([...bytes].reverse());
  });
  it('writes only its own width into a larger buffer', () => {
    for (const [kind, width] of [['u8', 1], ['s8', 1], ['u16', 2], ['s16', 2], ['u32', 4], ['s32', 4]] as const) {
      const buffer = new Uint8Array(10).fill(0xaa);
      writeInt(new DataView(buffer.buffer), 1, kind, 1, true);
      expect(Array.from(buffer)).toEqual([0xaa, 1, ...new Array<number>(width - 1).fill(0), ...new Array<number>(9 - width).fill(0xaa)]);
    }
  });
});
