// A few more edges, against bytes written out by hand (struct nlattr, host order little-endian).
import { MalformedError } from '@linx/netlink-wire';
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { attr, attrset, custom, decode, encode, message, u32, UNKNOWN } from '../src/index.js';
import { hex, thrown, variants } from './codec-variants.js';

describe.runIf(endianness() === 'LE')('more edges', () => {
  it('an unknown attribute of type 0 keeps its place', () => {
    const set = attrset('s', { mtu: attr(2, u32()) });
    const bytes = hex('05 00 00 00 07 00 00 00  08 00 02 00 01 00 00 00');
    const value = decode(set, bytes);
    expect(value[UNKNOWN as never]).toEqual([{ type: 0, flags: 0, payload: Uint8Array.of(7) }]);
    expect(encode(set, value)).toEqual(bytes);
  });

  it('an unknown attribute keeps its flag bits apart from its type, and writes them back', () => {
    const set = attrset('s', { mtu: attr(2, u32()) });
    // Type 5 with NLA_F_NESTED (0x8000) and NLA_F_NET_BYTEORDER (0x4000): type field 0xc005.
    const bytes = hex('08 00 05 c0 01 02 03 04  08 00 02 00 01 00 00 00');
    const value = decode(set, bytes);
    expect(value[UNKNOWN as never]).toEqual([{ type: 5, flags: 0xc000, payload: Uint8Array.of(1, 2, 3, 4) }]);
    expect(encode(set, value)).toEqual(bytes);
  });

  it('a value kept with its bytes (not exact) and then changed is written anew, not as the old bytes', () => {
    const set = attrset('s', { mtu: attr(2, u32()) });
    // mtu with an 8-byte payload: decodes to its first 4 bytes, 1500 (0x05dc), and keeps all 8 for the round trip.
    const bytes = hex('0c 00 02 00 dc 05 00 00 aa bb cc dd');
    const value = decode(set, bytes);
    expect(value.mtu).toBe(1500);
    expect(encode(set, value)).toEqual(bytes);
    value.mtu = 9000;
    expect(encode(set, value)).toEqual(hex('08 00 02 00 28 23 00 00'));
  });

  it('a maxDepth that is no positive integer is refused, naming it', () => {
    const set = attrset('s', { mtu: attr(2, u32()) });
    const error = thrown(() => decode(set, hex('08 00 02 00 01 00 00 00'), { maxDepth: 0 }));
    expect(error.message).toBe('maxDepth: maxDepth must be a positive integer, got number 0');
    expect(decode(set, hex('08 00 02 00 01 00 00 00'), { maxDepth: 1 })).toEqual({ mtu: 1 });
  });

  it('a malformed-bytes error from a hand-written decoder loses its "(at byte N)" once, whatever N', () => {
    const strict = custom('strict', () => {
      throw new MalformedError('no good', 1234);
    }, () => new Uint8Array(0));
    const error = thrown(() => decode(attrset('h', { x: attr(1, strict) }), hex('04 00 01 00')));
    expect(error.message).toBe('x: no good (at byte 1234)');
  });

  it('a message declaration holds only the parts it was given', () => {
    expect(Object.keys(message('m', {}))).toEqual(['kind', 'name', 'types']);
    expect(Object.keys(message('m', { attrs: attrset('s', {}) }))).toEqual(['kind', 'name', 'types', 'attrs']);
  });

  it('without code generation an attribute id is not checked for being an integer (no code is made from it)', async () => {
    const load = Object.fromEntries(variants);
    const i = await load.interpreted!();
    expect(() => i.compileAttrSet(i.attrset('x', { a: i.attr(1.5, i.u8()) }))).not.toThrow();
    expect(i.decode(i.attrset('y', { a: i.attr(1, i.u8()) }), hex('05 00 01 00 07 00 00 00'))).toEqual({ a: 7 });
  });
});

describe.runIf(endianness() === 'LE').each(variants)('a plain nest refuses what is no attribute set (%s)', (_, load) => {
  it('null, and a "header" it does not have, as a nest with a header would take', async () => {
    const c = await load();
    const set = c.attrset('outer', { n: c.attr(1, c.nest(c.attrset('inner', { a: c.attr(1, c.u8()) }))) });
    expect(thrown(() => c.encode(set, { n: null } as never)).message).toBe('n: expected an object of inner attributes, got null');
    expect(thrown(() => c.encode(set, { n: { header: { x: 1 } } } as never)).message).toBe('n: unknown attribute "header" in inner');
    // (The nest itself: a 5-byte u8 attribute inside a nested one, NLA_F_NESTED 0x8000.)
    expect(c.encode(set, { n: { a: 3 } })).toEqual(hex('0c 00 01 80 05 00 01 00 03 00 00 00'));
  });
});
