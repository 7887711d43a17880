// The leaf types one by one, against payload bytes written out by hand (host order is little-endian on
// the machines these run on; struct layouts from the kernel UAPI headers named at each use): what they
// decode to, what they refuse to decode or encode and with which words, and when a payload that does not
// re-encode the same keeps its bytes (checked through an attribute set's byte-exact round trip).
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  DecodeError,
  InvalidValueError,
  attr,
  attrset,
  binary,
  bitfield32,
  decode,
  encode,
  enumOf,
  flagsOf,
  indexedArray,
  ip,
  ipv4,
  ipv6,
  mac,
  nest,
  packed,
  s16,
  s32,
  s64,
  s8,
  sint,
  string,
  u16,
  u32,
  u64,
  u8,
  uint,
  type TypeDecl,
} from '../src/index.js';
import { hex, thrown } from './codec-variants.js';

/** The payload in an attribute (id 1), for round trips that keep what the value alone would lose. */
function inAttribute(type: TypeDecl, payload: Uint8Array) {
  const set = attrset('one', { v: attr(1, type) });
  const bytes = new Uint8Array(((4 + payload.length + 3) & ~3));
  new DataView(bytes.buffer).setUint16(0, 4 + payload.length, true);
  bytes[2] = 1;
  bytes.set(payload, 4);
  const value = decode(set, bytes);
  return { value: value.v, again: encode(set, value), bytes, fresh: encode(set, { v: value.v as never }) };
}

function decodeError(type: TypeDecl, payload: string): DecodeError {
  const error = thrown(() => decode(type, hex(payload)));
  expect(error).toBeInstanceOf(DecodeError);
  return error as DecodeError;
}

function invalid(type: TypeDecl, value: unknown): string {
  const error = thrown(() => encode(type, value as never));
  expect(error).toBeInstanceOf(InvalidValueError);
  return error.message;
}

describe.runIf(endianness() === 'LE')('leaf types', () => {
  describe('integers', () => {
    it('read each width in host (little-endian here), little and big order', () => {
      const bytes = hex('fe 01 02 03 04 05 06 07');
      const table: [TypeDecl, unknown, unknown][] = [
        [u8(), 0xfe, 0xfe],
        [s8(), -2, -2],
        [u16(), 0x01fe, 0xfe01],
        [s16(), 0x01fe, -0x1ff],
        [u32(), 0x030201fe, 0xfe010203],
        [s32(), 0x030201fe, -0x1fefdfd],
        [u64(), 0x07060504030201fen, 0xfe01020304050607n],
        [s64(), 0x07060504030201fen, -0x1fefdfcfbfaf9f9n],
      ];
      for (const [decl, little, big] of table) {
        const d = decl as ReturnType<typeof u8>;
        const width = { u8: 1, s8: 1, u16: 2, s16: 2, u32: 4, s32: 4, u64: 8, s64: 8 }[d.int];
        const payload = bytes.subarray(0, width);
        expect(decode(d, payload)).toBe(little);
        expect(decode({ ...d, order: 'little' }, payload)).toBe(little);
        expect(decode({ ...d, order: 'big' }, payload)).toBe(big);
        expect(encode({ ...d, order: 'big' }, big as never)).toEqual(payload);
        expect(encode({ ...d, order: 'little' }, little as never)).toEqual(payload);
      }
    });
    it('name the type and what they got when given something else', () => {
      expect(invalid(u64(), '1')).toBe('expected u64 as a number or bigint, got "1"');
      expect(invalid(u8(), 'x'.repeat(40))).toBe(`expected u8 as a number, got "${'x'.repeat(40)}"`);
      expect(invalid(u8(), 'x'.repeat(41))).toBe(`expected u8 as a number, got "${'x'.repeat(40)}…"`);
      expect(invalid(u8(), undefined)).toBe('expected u8 as a number, got undefined undefined');
      expect(invalid(u8(), 256)).toBe('u8: 256 is out of range 0..255');
      const nested = thrown(() => encode(indexedArray(nest(attrset('i', { a: attr(1, u8()) }))), [{ a: -1 }]));
      expect(nested.message).toBe('[0].a: u8: -1 is out of range 0..255');
    });
  });

  describe('enum', () => {
    const color = enumOf(u16(), { red: 1, green: 2, crimson: 1 }, 'color');
    it('decodes known numbers to the first name declared for them, others to the number', () => {
      expect(decode(color, hex('01 00'))).toBe('red');
      expect(decode(color, hex('02 00'))).toBe('green');
      expect(decode(color, hex('09 01'))).toBe(0x109);
    });
    it('encodes names and numbers in its base integer', () => {
      expect(encode(color, 'crimson')).toEqual(hex('01 00'));
      expect(encode(color, 0x203)).toEqual(hex('03 02'));
    });
    it('a short payload is an error; a longer one decodes its first bytes and keeps the rest for the round trip', () => {
      expect(decodeError(color, '01').message).toBe('u16 needs 2 bytes, payload has 1 (at byte 0)');
      const long = inAttribute(color, hex('02 00 00 00 ff ff'));
      expect(long.value).toBe('green');
      expect(long.again).toEqual(long.bytes);
      expect(long.fresh).toEqual(hex('06 00 01 00 02 00 00 00'));
    });
    it('names the enum and the choices in an unknown-name error, at most 12 of them', () => {
      expect(invalid(color, 'blue')).toBe('unknown color name "blue"; expected one of red, green, crimson or a number');
      const twelve = enumOf(u8(), Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`v${i}`, i])));
      expect(invalid(twelve, 'x')).toBe('unknown enum name "x"; expected one of v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11 or a number');
      const thirteen = enumOf(u8(), Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`v${i}`, i])));
      expect(invalid(thirteen, 'x')).toBe('unknown enum name "x"; expected one of v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, … or a number');
      expect(invalid(color, null)).toBe('expected an enum name or number, got null');
      expect(invalid(color, 0x10000)).toMatch(/out of range 0\.\.65535/);
    });
  });

  describe('flags', () => {
    const perms = flagsOf(u32(), { exec: 4, read: 1, write: 2, none: 0 }, 'perm');
    it('decodes to names in bit order, unnamed bits as their values; a zero-valued name never shows', () => {
      expect(decode(perms, hex('07 00 00 00'))).toEqual(['read', 'write', 'exec']);
      expect(decode(perms, hex('0c 01 00 80'))).toEqual(['exec', 8, 256, 0x80000000]);
      expect(decode(perms, hex('00 00 00 00'))).toEqual([]);
    });
    it('encodes names, bit values and a plain mask', () => {
      expect(encode(perms, ['write', 'exec', 16])).toEqual(hex('16 00 00 00'));
      expect(encode(perms, 0x80000001)).toEqual(hex('01 00 00 80'));
      expect(encode(perms, [])).toEqual(hex('00 00 00 00'));
      expect(encode(perms, [0, 'read'])).toEqual(hex('01 00 00 00'));
    });
    it('a name standing for several bits is shown only when all of them are set', () => {
      const both = flagsOf(u8(), { a: 1, ab: 3 });
      expect(decode(both, hex('03'))).toEqual(['a', 2]);
      expect(decode(flagsOf(u8(), { ab: 3, c: 4 }), hex('07'))).toEqual(['ab', 'c']);
      expect(decode(flagsOf(u8(), { ab: 3 }), hex('01'))).toEqual([1]);
    });
    it('64-bit masks decode beyond 2^53 and encode as bigint, or as number when declared so', () => {
      const wide = flagsOf(u64(), { low: 1, top: 2 ** 63 });
      expect(decode(wide, hex('01 00 00 00 00 00 00 80'))).toEqual(['low', 'top']);
      expect(decode(wide, hex('00 00 00 00 00 00 00 40'))).toEqual([2 ** 62]);
      expect(encode(wide, ['low', 'top'])).toEqual(hex('01 00 00 00 00 00 00 80'));
      expect(encode(flagsOf(u64({ bigint: false }), { a: 1, b: 2 ** 40 }), ['a', 'b'])).toEqual(hex('01 00 00 00 00 01 00 00'));
    });
    it('refuses unknown names, negative or fractional bits, and anything but a list or a number', () => {
      expect(invalid(perms, ['read', 'fly'])).toBe('unknown perm name "fly"; expected some of read, write, exec');
      expect(invalid(perms, [-1])).toBe('unknown perm name -1; expected some of read, write, exec');
      expect(invalid(perms, [1.5])).toBe('unknown perm name 1.5; expected some of read, write, exec');
      expect(invalid(perms, 'read')).toBe('expected a list of perm names or a number, got "read"');
      expect(invalid(flagsOf(u8(), { a: 1 }), {})).toBe('expected a list of flag names or a number, got an object');
      const many = flagsOf(u16(), Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`b${i}`, 1 << i])));
      expect(invalid(many, ['z'])).toBe('unknown flag name "z"; expected some of b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, …');
      const twelve = flagsOf(u16(), Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`b${i}`, 1 << i])));
      expect(invalid(twelve, ['z'])).toBe('unknown flag name "z"; expected some of b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11');
      expect(invalid(flagsOf(u8(), { a: 1 }), [0x100])).toMatch(/out of range 0\.\.255/);
    });
    it('a short payload is an error; a longer one keeps its bytes for the round trip', () => {
      expect(decodeError(perms, '01 00').message).toBe('u32 needs 4 bytes, payload has 2 (at byte 0)');
      const long = inAttribute(perms, hex('01 00 00 00 01'));
      expect(long.value).toEqual(['read']);
      expect(long.again).toEqual(long.bytes);
      expect(long.fresh).toEqual(hex('08 00 01 00 01 00 00 00'));
    });
  });

  describe('bitfield32 (struct nla_bitfield32 { __u32 value; __u32 selector; }, linux/netlink.h)', () => {
    const bf = bitfield32({ a: 1, b: 2, c: 4 });
    it('decodes value and selector to names', () => {
      expect(decode(bf, hex('01 00 00 00 03 00 00 00'))).toEqual({ value: ['a'], selector: ['a', 'b'] });
      expect(decode(bf, hex('08 00 00 00 0c 00 00 00'))).toEqual({ value: [8], selector: ['c', 8] });
      expect(encode(bf, { value: ['a'], selector: ['a', 'b'] })).toEqual(hex('01 00 00 00 03 00 00 00'));
      expect(encode(bf, { value: 0xffffffff, selector: 0 })).toEqual(hex('ff ff ff ff 00 00 00 00'));
    });
    it('needs 8 bytes; more are kept for the round trip', () => {
      expect(decodeError(bf, '01 00 00 00 03 00 00').message).toBe('bitfield32 needs 8 bytes, payload has 7 (at byte 0)');
      const long = inAttribute(bf, hex('01 00 00 00 01 00 00 00 00 00 00 00'));
      expect(long.value).toEqual({ value: ['a'], selector: ['a'] });
      expect(long.again).toEqual(long.bytes);
      expect(long.fresh).toEqual(hex('0c 00 01 00 01 00 00 00 01 00 00 00'));
    });
    it('refuses a value without both parts, and masks that do not fit 32 bits', () => {
      expect(invalid(bf, { value: ['a'] })).toBe('expected { value, selector }, got an object');
      expect(invalid(bf, { selector: ['a'] })).toBe('expected { value, selector }, got an object');
      expect(invalid(bf, null)).toBe('expected { value, selector }, got null');
      expect(invalid(bf, 3)).toBe('expected { value, selector }, got number 3');
      expect(invalid(bf, { value: 2 ** 32, selector: 0 })).toBe('value: 4294967296 does not fit 32 bits');
      expect(invalid(bf, { value: 0, selector: -1 })).toBe('selector: -1 does not fit 32 bits');
      expect(invalid(bf, { value: 0.5, selector: 0 })).toBe('value: 0.5 does not fit 32 bits');
    });
  });

  describe('string', () => {
    it('stops at the first NUL, or at the end when there is none', () => {
      expect(decode(string(), hex('61 62 00'))).toBe('ab');
      expect(decode(string(), hex('61 62'))).toBe('ab');
      expect(decode(string(), hex('61 00 62 00'))).toBe('a');
      expect(decode(string(), hex('00'))).toBe('');
    });
    it('only "text, one NUL" re-encodes the same; anything else keeps its bytes', () => {
      for (const payload of ['61 62', '61 00 62 00', '61 00 00']) {
        const round = inAttribute(string(), hex(payload));
        expect(round.again).toEqual(round.bytes);
      }
      const exact = inAttribute(string(), hex('61 62 00'));
      expect(exact.fresh).toEqual(exact.bytes);
    });
    it('decodes UTF-8; bytes that are not UTF-8 (0x80 alone, too) decode to U+FFFD and keep their bytes', () => {
      expect(decode(string(), hex('c3 a9 74 c3 a9 00'))).toBe('été');
      expect(decode(string(), hex('80 00'))).toBe('\ufffd');
      expect(decode(string(), hex('61 ff 00'))).toBe('a\ufffd');
      for (const payload of ['61 ff 00', 'f0 9f 98 00']) {
        // ("f0 9f 98" is a 4-byte sequence cut short: one U+FFFD, whose UTF-8 is as long but not the same.)
        const bad = inAttribute(string(), hex(payload));
        expect(bad.value).toMatch(/\ufffd$/);
        expect(bad.again).toEqual(bad.bytes);
      }
      const good = inAttribute(string(), hex('c3 a9 00'));
      expect(good.fresh).toEqual(good.bytes);
      // Long text takes the same path as short.
      const long = 'x'.repeat(64) + 'é';
      expect(decode(string(), new TextEncoder().encode(`${long}\0`))).toBe(long);
      expect(decode(string(), new TextEncoder().encode(`${'y'.repeat(65)}\0`))).toBe('y'.repeat(65));
    });
    it('encodes with one NUL; refuses NUL inside, non-strings, and more bytes than allowed (NUL not counted)', () => {
      expect(encode(string(), 'ab')).toEqual(hex('61 62 00'));
      expect(encode(string({ maxLength: 2 }), 'ab')).toEqual(hex('61 62 00'));
      expect(invalid(string({ maxLength: 2 }), 'abc')).toBe('"abc" is 3 bytes, longer than the 2 allowed');
      expect(invalid(string({ maxLength: 2 }), 'é!')).toBe('"é!" is 3 bytes, longer than the 2 allowed');
      expect(invalid(string(), 'a\0b')).toBe('string contains a NUL character');
      expect(invalid(string(), 5)).toBe('expected a string, got number 5');
    });
    it('a fixed-length char array is NUL-padded, holds one byte less than its size, and keeps junk after the NUL', () => {
      expect(encode(string({ fixedLength: 4 }), 'ab')).toEqual(hex('61 62 00 00'));
      expect(encode(string({ fixedLength: 4 }), 'abc')).toEqual(hex('61 62 63 00'));
      expect(invalid(string({ fixedLength: 4 }), 'abcd')).toBe('"abcd" is 4 bytes, longer than the 3 allowed');
      expect(decode(string({ fixedLength: 4 }), hex('61 62 00 00'))).toBe('ab');
      expect(decode(string({ fixedLength: 4 }), hex('61 62 63 64'))).toBe('abcd');
      for (const payload of ['61 00 62 00', '61 62 00 00 00 00', '61 62 00']) {
        const round = inAttribute(string({ fixedLength: 4 }), hex(payload));
        expect(round.again).toEqual(round.bytes);
      }
      const exact = inAttribute(string({ fixedLength: 4 }), hex('61 62 00 00'));
      expect(exact.fresh).toEqual(exact.bytes);
    });
  });

  describe('binary', () => {
    it('copies its bytes out of the buffer it came in', () => {
      const payload = hex('01 02 03');
      const value = decode(binary(), payload);
      payload[0] = 9;
      expect(value).toEqual(hex('01 02 03'));
    });
    it('a fixed length: shorter is an error, longer decodes its first bytes and keeps the rest for the round trip', () => {
      expect(decodeError(binary({ length: 4 }), '01 02').message).toBe('binary needs 4 bytes, payload has 2 (at byte 0)');
      expect(decode(binary({ length: 2 }), hex('01 02 03'))).toEqual(hex('01 02'));
      const long = inAttribute(binary({ length: 2 }), hex('01 02 03'));
      expect(long.again).toEqual(long.bytes);
      expect(long.fresh).toEqual(hex('06 00 01 00 01 02 00 00'));
    });
    it('refuses anything but bytes, a wrong fixed length and more than the maximum', () => {
      expect(invalid(binary(), [1, 2])).toBe('expected bytes (Uint8Array), got an array');
      expect(invalid(binary({ length: 2 }), hex('01 02 03'))).toBe('expected exactly 2 bytes, got 3');
      expect(invalid(binary({ length: 2 }), hex('01'))).toBe('expected exactly 2 bytes, got 1');
      expect(invalid(binary({ maxLength: 2 }), hex('01 02 03'))).toBe('3 bytes is more than the 2 allowed');
      expect(encode(binary({ maxLength: 2 }), hex('01 02'))).toEqual(hex('01 02'));
    });
  });

  describe('addresses', () => {
    it('IPv4 is dotted, IPv6 is RFC 5952 text, a link-layer address colon-separated hex of any length', () => {
      expect(decode(ipv4(), hex('0a 00 00 01'))).toBe('10.0.0.1');
      expect(decode(ipv6(), hex('20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01'))).toBe('2001:db8::1');
      expect(decode(mac(), hex('02 00 00 00 00 01'))).toBe('02:00:00:00:00:01');
      expect(decode(mac(), hex('0a 0b 0c 0d'))).toBe('0a:0b:0c:0d');
      expect(decode(ip(), hex('c0 a8 01 02'))).toBe('192.168.1.2');
      expect(decode(ip(), hex('fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 02'))).toBe('fe80::2');
    });
    it('a payload shorter than the family needs is an error, a longer one keeps its bytes', () => {
      expect(decodeError(ipv4(), '0a 00').message).toBe('ipv4 address needs 4 bytes, payload has 2 (at byte 0)');
      expect(decodeError(ipv6(), '0a 00 00 01').message).toBe('ipv6 address needs 16 bytes, payload has 4 (at byte 0)');
      expect(decodeError(ip(), '0a 00 00 01 00 00').message).toBe('an IP address is 4 or 16 bytes, not 6 (at byte 0)');
      const v4 = inAttribute(ipv4(), hex('0a 00 00 01 ff ff ff ff'));
      expect(v4.value).toBe('10.0.0.1');
      expect(v4.again).toEqual(v4.bytes);
      expect(v4.fresh).toEqual(hex('08 00 01 00 0a 00 00 01'));
      const v6 = inAttribute(ipv6(), hex('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 aa aa aa aa'));
      expect(v6.value).toBe('::1');
      expect(v6.again).toEqual(v6.bytes);
    });
    it('encodes text of its family; ip tells IPv4 from IPv6 by the text', () => {
      expect(encode(ipv4(), '10.0.0.1')).toEqual(hex('0a 00 00 01'));
      expect(encode(ip(), '10.0.0.1')).toEqual(hex('0a 00 00 01'));
      expect(encode(ip(), '::1')).toEqual(hex('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01'));
      expect(encode(mac(), 'aa:bb')).toEqual(hex('aa bb'));
      expect(invalid(ipv4(), '::1')).toBe('invalid IPv4 address: "::1"');
      expect(invalid(ipv6(), '10.0.0.1')).toBe('invalid IPv6 address: "10.0.0.1"');
      expect(invalid(ipv4(), 167772161)).toBe('expected an address string, got number');
    });
  });

  describe('NLA_UINT / NLA_SINT (4 bytes when the value fits, else 8, as nla_put_uint/nla_put_sint in include/net/netlink.h)', () => {
    it('decodes 4 and 8 bytes, signed or not', () => {
      expect(decode(uint(), hex('ff ff ff ff'))).toBe(0xffffffffn);
      expect(decode(sint(), hex('ff ff ff ff'))).toBe(-1n);
      expect(decode(uint(), hex('00 00 00 00 01 00 00 00'))).toBe(2n ** 32n);
      expect(decode(sint(), hex('ff ff ff ff ff ff ff ff'))).toBe(-1n);
      expect(decode(uint(), hex('ff ff ff ff ff ff ff ff'))).toBe(2n ** 64n - 1n);
      expect(decodeError(uint(), '01 00').message).toBe('uint must be 4 or 8 bytes, not 2 (at byte 0)');
      expect(decodeError(sint(), '01 00 00 00 00 00').message).toBe('sint must be 4 or 8 bytes, not 6 (at byte 0)');
    });
    it('chooses the width at the 32-bit boundaries', () => {
      expect(encode(uint(), 0xffffffff)).toEqual(hex('ff ff ff ff'));
      expect(encode(uint(), 2n ** 32n)).toEqual(hex('00 00 00 00 01 00 00 00'));
      expect(encode(uint(), 0)).toEqual(hex('00 00 00 00'));
      expect(encode(sint(), 2 ** 31 - 1)).toEqual(hex('ff ff ff 7f'));
      expect(encode(sint(), 2 ** 31)).toEqual(hex('00 00 00 80 00 00 00 00'));
      expect(encode(sint(), -(2 ** 31))).toEqual(hex('00 00 00 80'));
      expect(encode(sint(), -(2 ** 31) - 1)).toEqual(hex('ff ff ff 7f ff ff ff ff'));
      expect(encode(uint(), 2n ** 64n - 1n)).toEqual(hex('ff ff ff ff ff ff ff ff'));
      expect(encode(sint(), -(2n ** 63n))).toEqual(hex('00 00 00 00 00 00 00 80'));
    });
    it('8 bytes holding a value that fits 4 keep their bytes; a value that needs 8 re-encodes the same', () => {
      for (const payload of ['ff ff ff ff 00 00 00 00', '00 00 00 00 00 00 00 00']) {
        const round = inAttribute(uint(), hex(payload));
        expect(round.again).toEqual(round.bytes);
      }
      for (const payload of ['ff ff ff 7f ff ff ff ff', '00 00 00 80 ff ff ff ff', 'ff ff ff ff ff ff ff ff']) {
        const round = inAttribute(sint(), hex(payload));
        expect(round.again).toEqual(round.bytes);
      }
      const wide = inAttribute(uint(), hex('00 00 00 00 01 00 00 00'));
      expect(wide.fresh).toEqual(wide.bytes);
      const low = inAttribute(sint(), hex('ff ff ff 7f ff ff ff ff'));
      expect(low.fresh).toEqual(low.bytes);
      const high = inAttribute(sint(), hex('00 00 00 80 00 00 00 00'));
      expect(high.fresh).toEqual(high.bytes);
    });
    it('refuses what is out of range or not an integer', () => {
      expect(invalid(uint(), -1)).toBe('-1 is out of range 0..18446744073709551615');
      expect(invalid(uint(), 2n ** 64n)).toBe('18446744073709551616 is out of range 0..18446744073709551615');
      expect(invalid(sint(), 2n ** 63n)).toBe('9223372036854775808 is out of range -9223372036854775808..9223372036854775807');
      expect(invalid(sint(), -(2n ** 63n) - 1n)).toBe('-9223372036854775809 is out of range -9223372036854775808..9223372036854775807');
      expect(invalid(uint(), 1.5)).toBe('expected an integer (number or bigint), got number 1.5');
      expect(invalid(uint(), 2 ** 53)).toBe('expected an integer (number or bigint), got number 9007199254740992');
      expect(invalid(uint(), '1')).toBe('expected an integer (number or bigint), got "1"');
    });
  });

  describe('packed integers', () => {
    it('decodes back to back items; a trailing partial item is kept for the round trip only', () => {
      expect(decode(packed(u16()), hex('01 00 02 00 03 00'))).toEqual([1, 2, 3]);
      expect(decode(packed(s16()), hex('ff ff'))).toEqual([-1]);
      expect(decode(packed(u16()), hex('01 00 02'))).toEqual([1]);
      expect(decode(packed(u16()), hex(''))).toEqual([]);
      const partial = inAttribute(packed(u16()), hex('01 00 02'));
      expect(partial.again).toEqual(partial.bytes);
      expect(partial.fresh).toEqual(hex('06 00 01 00 01 00 00 00'));
    });
    it('encodes an array, naming the item out of range', () => {
      expect(encode(packed(u32()), [1, 0x01020304])).toEqual(hex('01 00 00 00 04 03 02 01'));
      expect(invalid(packed(u16()), 5)).toBe('expected an array of u16, got number 5');
      const error = thrown(() => encode(attrset('p', { p: attr(1, packed(u8())) }), { p: [1, 2, 256] }));
      expect((error as InvalidValueError).path).toEqual(['p', 2]);
      expect(error.message).toMatch(/^p\[2\]: .*out of range 0\.\.255/);
    });
  });
});
