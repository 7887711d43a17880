import { describe, expect, it } from 'vitest';
import {
  AttributeDecoder,
  AttributeEncoder,
  ByteWriter,
  EncodeError,
  MalformedError,
  attributeTypeField,
  encodeAttribute,
  parseAttributes,
  parsesAsAttributes,
} from '../src/index.js';
import { bytesFrom } from './helpers/bytes.js';

// The limits of struct nlattr (linux/netlink.h): nla_len is a u16 that counts the 4-byte header, so a
// payload holds at most 65531 bytes and a nest at most 65535 with its header; nla_type keeps 14 bits for
// the type (NLA_TYPE_MASK 0x3fff) beside NLA_F_NESTED 0x8000 and NLA_F_NET_BYTEORDER 0x4000.

describe('attribute types', () => {
  it('takes 0 and 0x3fff, refuses -1 and 0x4000 by name', () => {
    expect(attributeTypeField(0)).toBe(0);
    expect(attributeTypeField(0x3fff)).toBe(0x3fff);
    expect(attributeTypeField(0x3fff, { nested: true, netByteOrder: true })).toBe(0xffff);
    expect(Array.from(encodeAttribute(0, Uint8Array.of(1)))).toEqual([5, 0, 0, 0, 1, 0, 0, 0]);
    expect(() => attributeTypeField(-1)).toThrow(new EncodeError('attribute type -1 is not an integer in 0..16383'));
    expect(() => attributeTypeField(0x4000)).toThrow(new EncodeError('attribute type 16384 is not an integer in 0..16383'));
    expect(() => new AttributeEncoder().u8(0x4000, 1)).toThrow(EncodeError);
  });
});

describe('payload size', () => {
  it('a 65531-byte payload fills nla_len exactly; one more byte is refused', () => {
    const fits = new AttributeEncoder().bytes(1, new Uint8Array(65531)).finish();
    expect(fits.length).toBe(65536); // 65535 rounded up to 4
    expect(new DataView(fits.buffer).getUint16(0, true)).toBe(0xffff);
    expect(() => new AttributeEncoder().bytes(1, new Uint8Array(65532))).toThrow(
      new EncodeError('attribute 1: payload of 65532 bytes exceeds the 65531-byte limit of nla_len'),
    );
  });

  it('the largest nest (65532 bytes: its contents are padded to 4) is written; one attribute byte more is refused', () => {
    const fits = new AttributeEncoder().nested(2, (e) => e.bytes(1, new Uint8Array(65524))).finish();
    expect(fits.length).toBe(65532);
    expect(new DataView(fits.buffer).getUint16(0, true)).toBe(65532);
    expect(new DataView(fits.buffer).getUint16(2, true)).toBe(0x8002);
    expect(() => new AttributeEncoder().nested(2, (e) => e.bytes(1, new Uint8Array(65525)))).toThrow(
      new EncodeError('nested attribute 2: 65536 bytes exceed the 65535-byte limit of nla_len'),
    );
  });
});

describe('string attributes', () => {
  it('are NUL-terminated, and maxLength counts the UTF-8 bytes without the NUL', () => {
    // IFNAMSIZ is 16 with the NUL: 15 bytes of name
    const ok = new AttributeEncoder().string(3, 'a'.repeat(15), 15).finish();
    expect(parseAttributes(ok)[0]!.payload.length).toBe(16);
    expect(() => new AttributeEncoder().string(3, 'a'.repeat(16), 15)).toThrow(
      new EncodeError('attribute 3: string of 16 bytes is longer than 15'),
    );
    expect(() => new AttributeEncoder().string(3, 'é'.repeat(8), 15)).toThrow(new EncodeError('attribute 3: string of 16 bytes is longer than 15'));
    expect(new AttributeEncoder().string(3, 'x'.repeat(300)).finish().length).toBe(308);
  });
  it('refuses NUL inside and values that are not strings', () => {
    expect(() => new AttributeEncoder().string(3, 'a\0b')).toThrow(new EncodeError('attribute 3: string contains a NUL character'));
    expect(() => new AttributeEncoder().string(3, 42 as unknown as string)).toThrow(new EncodeError('attribute 3: 42 is not a string'));
  });
});

describe('parsesAsAttributes', () => {
  it('needs at least one header: an empty or short range is not a run of attributes', () => {
    const bytes = bytesFrom('08 00 01 00 2a 00 00 00 04 00 02 00');
    expect(parsesAsAttributes(new Uint8Array(0))).toBe(false);
    expect(parsesAsAttributes(bytes, 8, 8)).toBe(false);
    expect(parsesAsAttributes(bytes, 8, 11)).toBe(false);
    expect(parsesAsAttributes(bytes, 8, 12)).toBe(true); // one empty attribute
    expect(parsesAsAttributes(bytes, 0, 12)).toBe(true);
    expect(parsesAsAttributes(bytes, 0, 10)).toBe(false);
  });
});

describe('ByteWriter', () => {
  it('grows from any starting capacity, zero included', () => {
    const w = new ByteWriter(0);
    w.write(Uint8Array.of(1, 2, 3));
    w.pad();
    w.write(Uint8Array.of(4));
    expect(Array.from(w.finish())).toEqual([1, 2, 3, 0, 4]);
  });
  it('keeps what was written when one reservation is more than double the capacity', () => {
    const w = new ByteWriter(4);
    w.write(Uint8Array.of(9, 8));
    const at = w.reserve(100);
    w.view.setUint32(at + 96, 0x01020304, false);
    const out = w.finish();
    expect(out.length).toBe(102);
    expect(Array.from(out.subarray(0, 2))).toEqual([9, 8]);
    expect(Array.from(out.subarray(98))).toEqual([1, 2, 3, 4]);
  });
});

describe('AttributeDecoder', () => {
  /** Attributes of `bytes` (hex), walked with `fn` on the first. */
  const first = (hex: string, options?: { littleEndian?: boolean }) => {
    const d = new AttributeDecoder(bytesFrom(hex), options);
    expect(d.next()).toBe(true);
    return d;
  };

  it('stops at a malformed attribute and stays stopped', () => {
    const d = new AttributeDecoder(bytesFrom('08 00 01 00 01 00 00 00 09 00 02 00 00 00 00 00'));
    expect(d.next()).toBe(true);
    expect(d.next()).toBe(false);
    expect(d.error).toEqual(new MalformedError('nla_len 9 runs past the end (8 bytes left)', 8));
    expect(d.next()).toBe(false);
    expect(() => d.finish()).toThrow(d.error);
  });

  it('reports the flag bits of the current attribute', () => {
    const d = new AttributeDecoder(bytesFrom('04 00 01 00 04 00 02 80 04 00 03 40'));
    const seen: [number, boolean, boolean][] = [];
    while (d.next()) seen.push([d.type, d.nestedFlag, d.netByteOrder]);
    expect(seen).toEqual([[1, false, false], [2, true, false], [3, false, true]]);
  });

  it.each([
    ['u8', (d: AttributeDecoder) => d.u8(), 1],
    ['s8', (d: AttributeDecoder) => d.s8(), 1],
    ['u16', (d: AttributeDecoder) => d.u16(), 2],
    ['s16', (d: AttributeDecoder) => d.s16(), 2],
    ['u32', (d: AttributeDecoder) => d.u32(), 4],
    ['s32', (d: AttributeDecoder) => d.s32(), 4],
    ['u64', (d: AttributeDecoder) => d.u64(), 8],
    ['s64', (d: AttributeDecoder) => d.s64(), 8],
    ['be16', (d: AttributeDecoder) => d.be16(), 2],
    ['be32', (d: AttributeDecoder) => d.be32(), 4],
    ['be64', (d: AttributeDecoder) => d.be64(), 8],
  ] as const)('%s on a short payload records an error naming the kind and returns zero', (kind, get, width) => {
    // type 7 at byte 4, after an empty attribute
    const d = new AttributeDecoder(bytesFrom('04 00 01 00 04 00 07 00'));
    d.next();
    d.next();
    expect(get(d)).toBe(width === 8 ? 0n : 0);
    expect(d.error?.message).toBe(`attribute 7: ${kind} needs ${width} bytes, payload has 0 (at byte 4)`);
  });

  it('after an error, every getter returns its empty value and nested() does not run', () => {
    const d = first('05 00 01 00 31 00 00 00');
    d.u16(); // too short: the error
    expect(d.string()).toBe('');
    expect(d.mac()).toBe('');
    expect(d.ipv4()).toBe('');
    expect(d.ip()).toBe('');
    let ran = false;
    d.nested(() => (ran = true));
    expect(ran).toBe(false);
    expect(d.error?.message).toBe('attribute 1: u16 needs 2 bytes, payload has 1 (at byte 0)');
  });

  it('after an error, an address getter returns empty even when the width is right', () => {
    const d = first('08 00 01 00 c0 00 02 01');
    expect(d.u64()).toBe(0n); // 4 bytes are too few: the error
    expect(d.ipv4()).toBe('');
    expect(d.ip()).toBe('');
    expect(d.error?.message).toBe('attribute 1: u64 needs 8 bytes, payload has 4 (at byte 0)');
  });

  it('string(): up to the first NUL of the payload, or all of it', () => {
    expect(first('07 00 01 00 61 62 00 00').string()).toBe('ab');
    expect(first('07 00 01 00 61 00 62 00').string()).toBe('a');
    // no NUL in a payload of 4: the string ends with the payload
    expect(first('08 00 01 00 61 62 63 64').string()).toBe('abcd');
    // no NUL in the payload, but the next attribute's header has one: not read into
    expect(first('06 00 01 00 61 62 00 00 05 00 02 00 63 00 00 00').string()).toBe('ab');
    expect(first('06 00 01 00 61 62 7a 7a').string()).toBe('ab');
  });

  it('ip(): 4 or 16 bytes; other lengths are an error that names the length', () => {
    expect(first('08 00 01 00 c0 00 02 01').ip()).toBe('192.0.2.1');
    expect(first('14 00 01 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01').ip()).toBe('2001:db8::1');
    const d = first('09 00 01 00 c0 00 02 01 05 00 00 00');
    expect(d.ip()).toBe('');
    expect(d.error?.message).toBe('attribute 1: an IP address is 4 or 16 bytes, not 5 (at byte 0)');
  });

  it('ipv4()/ipv6(): the exact width, or an error that names it', () => {
    const d = first('14 00 01 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01');
    expect(d.ipv4()).toBe('');
    expect(d.error?.message).toBe('attribute 1: address must be 4 bytes, not 16 (at byte 0)');
    const e = first('08 00 02 00 c0 00 02 01');
    expect(e.ipv6()).toBe('');
    expect(e.error?.message).toBe('attribute 2: address must be 16 bytes, not 4 (at byte 0)');
  });

  it('a nested decoder reads in the byte order of its parent', () => {
    // big-endian: a nest (type 1) holding a u32 (type 2) = 0x01020304
    const d = first('00 0c 80 01 00 08 00 02 01 02 03 04', { littleEndian: false });
    expect(d.type).toBe(1);
    const inner = d.nestedDecoder();
    expect(inner.next()).toBe(true);
    expect(inner.type).toBe(2);
    expect(inner.u32()).toBe(0x01020304);
  });

  it('an error inside a nest becomes the outer error, at the offset in the outer buffer', () => {
    // 12 bytes of padding attributes first, so the offsets have two digits
    const bytes = bytesFrom('04 00 01 00 04 00 01 00 04 00 01 00  0e 00 02 80 04 00 05 00 06 00 03 00 aa bb 00 00');
    const d = new AttributeDecoder(bytes);
    while (d.next()) {
      if (d.type === 2) d.nested((inner) => {
        while (inner.next()) if (inner.type === 3) inner.u32();
      });
    }
    expect(d.error).toBeInstanceOf(MalformedError);
    expect(d.error?.offset).toBe(20);
    expect(d.error?.message).toBe('attribute 3: u32 needs 4 bytes, payload has 2 (at byte 20)');
  });
});
