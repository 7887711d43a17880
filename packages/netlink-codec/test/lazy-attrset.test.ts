// An attribute set given as a function (`attrset(name, () => ({ … }))`, as the generated modules of rtnl
// declare theirs): its attributes are made when first read, once, and the set decodes and encodes as the
// same set given as an object. The bytes are laid out by hand from linux/netlink.h (struct nlattr: u16
// length, u16 type, payload padded to 4).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { attr, attrset, decode, encode, nest, string, u32 } from '../src/index.js';
import { hex } from './codec-variants.js';

describe('an attribute set made on first use', () => {
  it('calls its function when `attributes` is first read, and only then', () => {
    let made = 0;
    const set = attrset('counted', () => {
      made += 1;
      return { a: attr(1, u32()) };
    });
    expect(made).toBe(0);
    expect(set.kind).toBe('attrset');
    expect(set.name).toBe('counted');
    expect(made).toBe(0);
    const first = set.attributes;
    expect(made).toBe(1);
    expect(set.attributes).toBe(first);
    expect(Object.keys(set)).toEqual(['kind', 'name', 'attributes']);
    expect(made).toBe(1);
    expect(first.a.id).toBe(1);
  });

  it('decodes and encodes the bytes the same set given as an object does, nested too', () => {
    const innerEager = attrset('inner', { n: attr(1, u32()), s: attr(2, string()) });
    const eager = attrset('outer', { id: attr(1, u32()), inner: attr(2, nest(innerEager)) });
    const innerLazy = attrset('inner', () => ({ n: attr(1, u32()), s: attr(2, string()) }));
    const lazy = attrset('outer', () => ({ id: attr(1, u32()), inner: attr(2, nest(innerLazy)) }));
    // id = 7 (type 1); inner (type 2 with NLA_F_NESTED, 0x8000, as the codec writes nests): n = 0x01020304
    // (type 1), s = "ab\0" (type 2, padded to 4).
    const bytes = hex('08000100 07000000 14000280 08000100 04030201 07000200 61620000');
    expect(decode(lazy, bytes)).toEqual(decode(eager, bytes));
    expect(decode(lazy, bytes)).toEqual({ id: 7, inner: { n: 0x01020304, s: 'ab' } });
    expect(Buffer.from(encode(lazy, { id: 7, inner: { n: 0x01020304, s: 'ab' } }))).toEqual(Buffer.from(bytes));
  });

  it('has the type of the same set given as an object', () => {
    const lazy = attrset('typed', () => ({ n: attr(1, u32()), s: attr(2, string()) }));
    const eager = attrset('typed', { n: attr(1, u32()), s: attr(2, string()) });
    expectTypeOf(lazy).toEqualTypeOf(eager);
    expectTypeOf(decode(lazy, new Uint8Array(0)).n).toEqualTypeOf<number | undefined>();
  });
});
