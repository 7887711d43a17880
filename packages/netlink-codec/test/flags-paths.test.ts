// Flags are read with number operations when mask and bits fit in 32 bits, with BigInt otherwise: both
// must name the same bits. A u32 field (number path) and a u64 field holding the same value (BigInt path)
// are decoded with one bit table that has bit 31, a multi-bit mask and holes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, flagsOf, u32, u64 } from '../src/index.js';

const BITS = { a: 0x1, ab: 0x3, c: 0x4, high: 0x8000_0000, mid: 0x0001_0000 } as const;

function le(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

describe('flags: the 32-bit path and the BigInt path agree', () => {
  it('for every 32-bit mask', () => {
    const narrow = flagsOf(u32(), BITS);
    const wide = flagsOf(u64(), BITS);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (mask) => {
        expect(decode(narrow, le(BigInt(mask), 4))).toEqual(decode(wide, le(BigInt(mask), 8)));
      }),
      { numRuns: 2000 },
    );
  });

  it('bit 31, masks and unnamed bits: names in value order (a bit taken once), then the unnamed bits', () => {
    expect(decode(flagsOf(u32(), BITS), le(0x8001_000fn, 4))).toEqual(['a', 'c', 'mid', 'high', 2, 8]);
    expect(decode(flagsOf(u32(), BITS), le(0x8000_0003n, 4))).toEqual(['a', 'high', 2]);
    expect(decode(flagsOf(u32(), { ab: 3, high: 0x8000_0000 }), le(0x8000_0003n, 4))).toEqual(['ab', 'high']);
    expect(decode(flagsOf(u32(), BITS), le(0n, 4))).toEqual([]);
    expect(decode(flagsOf(u32(), BITS), le(0xffff_ffffn, 4))).toHaveLength(32);
  });
});

describe('flags over a u64 read as a number ({ bigint: false })', () => {
  it('a mask past 32 bits keeps its high bits, though every named bit fits in 32', () => {
    const wide = flagsOf(u64({ bigint: false }), BITS);
    // Bits 0, 31 and 33 set: 0x2_8000_0001, written out little-endian by hand.
    const bytes = Uint8Array.of(0x01, 0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00);
    expect(decode(wide, bytes)).toEqual(['a', 'high', 2 ** 33]);
    // A mask of exactly 32 bits set names all 32 of them.
    expect(decode(wide, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0))).toHaveLength(32);
  });
});
