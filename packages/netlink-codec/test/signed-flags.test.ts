// Flags over a signed base (s8..s64): a mask with the top bit set is read by the integer reader as a
// negative number, yet names the same bits as the unsigned bytes do. Before, decoding one never returned
// (a negative BigInt has endless set bits), and encoding the top bit's name was refused as out of range.
// Bytes written out by hand, host order little-endian.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { decode, encode, flagsOf, s16, s32, s64, s8 } from '../src/index.js';
import { hex } from './codec-variants.js';

describe.runIf(endianness() === 'LE')('flags over a signed base', () => {
  it('s8: 0x81 names bit 0 and bit 7, and encodes back to 0x81', () => {
    const type = flagsOf(s8(), { low: 0x01, top: 0x80 });
    expect(decode(type, hex('81'))).toEqual(['low', 'top']);
    expect(encode(type, ['low', 'top'])).toEqual(hex('81'));
    // Unnamed bits come back as their values: 0xfe is bits 1..7 (2 + 4 + ... + 64, and 0x80 named).
    expect(decode(type, hex('fe'))).toEqual(['top', 2, 4, 8, 16, 32, 64]);
  });

  it('a bit past the base\'s width is still refused, not wrapped into it', () => {
    // 0x100 does not fit 8 bits: the s8 writer refuses 256 rather than writing 0.
    expect(() => encode(flagsOf(s8(), { low: 1 }), [0x100])).toThrow(/out of range -128\.\.127/);
  });

  it('s16 and s32: every bit of an all-ones mask, none past the width', () => {
    expect(decode(flagsOf(s16(), { a: 1 }), hex('ff ff'))).toEqual(['a', ...Array.from({ length: 15 }, (_, i) => 2 ** (i + 1))]);
    expect(decode(flagsOf(s32(), { a: 1, top: 0x8000_0000 }), hex('01 00 00 80'))).toEqual(['a', 'top']);
    expect(encode(flagsOf(s32(), { a: 1, top: 0x8000_0000 }), ['a', 'top'])).toEqual(hex('01 00 00 80'));
  });

  it('s64: bit 63 (as a bigint)', () => {
    const type = flagsOf(s64(), { a: 1, top: 2 ** 63 });
    expect(decode(type, hex('01 00 00 00 00 00 00 80'))).toEqual(['a', 'top']);
    expect(encode(type, ['a', 'top'])).toEqual(hex('01 00 00 00 00 00 00 80'));
  });
});
