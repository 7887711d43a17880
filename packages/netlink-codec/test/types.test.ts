import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DecodeError,
  InvalidValueError,
  attr,
  attrset,
  be16,
  be32,
  be64,
  binary,
  bitfield32,
  custom,
  decode,
  encode,
  enumOf,
  flag,
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
  struct,
  structType,
  subMessage,
  typeValue,
  u16,
  u32,
  u64,
  u8,
  uint,
  pad,
  type TypeDecl,
  type AttrsInput,
  type AttrsValue,
  type StructInput,
  type StructValue,
} from '../src/index.js';
import {
  structTail,
} from '../src/runtime.js';

/** Every kind of type, each with an arbitrary for values it accepts. */
const inner = attrset('inner', { a: attr(1, u32()), b: attr(2, string()) });
const point = struct('point', { x: s16(), pad: pad(2), y: u32({ order: 'big' }), tag: string({ fixedLength: 8 }) });
const color = enumOf(u8(), { red: 1, green: 2, blue: 3 });
const perms = flagsOf(u32(), { read: 1, write: 2, exec: 4 });
const sub = subMessage('kind', { num: { attrs: inner }, pt: { header: point, attrs: inner }, bare: { value: u16() } });
const hexCodec = custom('hex', (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''), (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16)));

const u32a = fc.integer({ min: 0, max: 0xffff_ffff });
const text = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\0'));
const cases: [string, TypeDecl, fc.Arbitrary<unknown>][] = [
  ['u8', u8(), fc.integer({ min: 0, max: 255 })],
  ['u16', u16(), fc.integer({ min: 0, max: 0xffff })],
  ['u32', u32(), u32a],
  ['u64', u64(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })],
  ['u64 as number', u64({ bigint: false }), fc.maxSafeNat()],
  ['s8', s8(), fc.integer({ min: -128, max: 127 })],
  ['s16', s16(), fc.integer({ min: -32768, max: 32767 })],
  ['s32', s32(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })],
  ['s64', s64(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })],
  ['be16', be16(), fc.integer({ min: 0, max: 0xffff })],
  ['be32', be32(), u32a],
  ['be64', be64(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })],
  ['uint', uint(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })],
  ['sint', sint(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })],
  ['string', string(), text],
  ['binary', binary(), fc.uint8Array({ maxLength: 40 })],
  ['flag', flag(), fc.constant(true)],
  ['ipv4', ipv4(), fc.ipV4()],
  ['ipv6', ipv6(), fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => new URL(`http://[${Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16)).join(':')}]`).hostname.slice(1, -1)).filter((t) => !t.includes('.'))],
  ['ip', ip(), fc.ipV4()],
  ['mac', mac(), fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':'))],
  ['enum', color, fc.oneof(fc.constantFrom('red', 'green', 'blue'), fc.integer({ min: 4, max: 255 }))],
  ['flags', perms, fc.subarray(['read', 'write', 'exec'] as const).map((names) => names.slice())],
  ['bitfield32', bitfield32({ a: 1, b: 2, c: 4 }), fc.record({ value: fc.subarray(['a', 'b', 'c']), selector: fc.subarray(['a', 'b', 'c']) })],
  ['packed', packed(u16()), fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 10 })],
  ['nest', nest(inner), fc.record({ a: u32a, b: text }, { requiredKeys: [] })],
  ['indexed array', indexedArray(u32()), fc.array(u32a, { maxLength: 6 })],
  ['indexed array of nests', indexedArray(nest(inner)), fc.array(fc.record({ a: u32a }), { maxLength: 4 })],
  ['type-value', typeValue(u16()), fc.array(fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), value: fc.integer({ min: 0, max: 0xffff }) }), { maxLength: 5 })],
  ['struct', structType(point), fc.record({ x: fc.integer({ min: -32768, max: 32767 }), y: u32a, tag: fc.stringMatching(/^[a-z]{0,7}$/) })],
  ['custom', hexCodec, fc.uint8Array({ maxLength: 8 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''))],
];

describe('round trips over every type', () => {
  it.each(cases)('%s: decode(encode(x)) is x, and re-encoding the decoded value gives the same bytes', (_, type, values) => {
    const set = attrset('one', { v: attr(7, type), multi: attr(8, type, { multi: true }) });
    fc.assert(
      fc.property(values, fc.array(values, { maxLength: 3 }), (value, many) => {
        const bytes = encode(set, { v: value as never, multi: many as never });
        const back = decode(set, bytes);
        expect(back.v).toEqual(value);
        expect(back.multi ?? []).toEqual(many);
        expect(encode(set, back as never)).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('sub-messages follow their selector, including a fixed header and a bare value', () => {
    const set = attrset('sel', { kind: attr(1, string()), data: attr(2, sub) });
    const values = [
      { kind: 'num', data: { a: 5, b: 'x' } },
      { kind: 'pt', data: { header: { x: -3, y: 9, tag: 'abc' }, a: 1 } },
      { kind: 'bare', data: 513 },
    ];
    for (const value of values) {
      const bytes = encode(set, value as never);
      const back = decode(set, bytes);
      expect(back).toEqual(value);
      expect(encode(set, back)).toEqual(bytes);
    }
    // An unknown kind keeps the bytes, and writes them back.
    const raw = decode(set, encode(set, { kind: 'num', data: { a: 5 } }).map((b, i) => (i === 4 ? 0x6d : b)));
    expect(raw.kind).toBe('mum');
    expect(raw.data).toBeInstanceOf(Uint8Array);
  });
});

describe('byte-exact round trips of what a kernel may send', () => {
  const set = attrset('exact', { s: attr(1, string()), n: attr(2, u32()), f: attr(3, flag()), big: attr(4, uint()), st: attr(5, structType(point)) });
  const hex = (h: string) => Uint8Array.from(h.replace(/\s/g, '').match(/../g)!, (x) => parseInt(x, 16));
  it.each([
    ['a string without its NUL', '06 00 01 00 61 62 00 00'],
    ['a string with bytes after the NUL', '08 00 01 00 61 00 62 00'],
    ['invalid UTF-8', '07 00 01 00 ff fe 00 00'],
    ['a u32 in 8 bytes', '0c 00 02 00 01 00 00 00 00 00 00 00'],
    ['a flag with a payload', '05 00 03 00 01 00 00 00'],
    ['a uint that fits 4 bytes sent in 8', '0c 00 04 00 05 00 00 00 00 00 00 00'],
    ['a single attribute sent twice', '08 00 02 00 01 00 00 00 08 00 02 00 02 00 00 00'],
    ['a struct longer than declared', '18 00 05 00 01 00 00 00 00 00 00 02 61 00 00 00 00 00 00 00 aa bb cc dd'],
    ['a struct shorter than declared', '0c 00 05 00 01 00 00 00 00 00 00 02'],
    ['attributes in an unusual order with flag bits', '08 00 02 40 01 00 00 00 06 00 01 80 61 00 00 00'],
  ])('%s', (_, bytesHex) => {
    const bytes = hex(bytesHex);
    expect(encode(set, decode(set, bytes))).toEqual(bytes);
  });

  it('keeps a struct tail for the user to see', () => {
    const value = decode(set, hex('18 00 05 00 01 00 00 00 00 00 00 02 61 00 00 00 00 00 00 00 aa bb cc dd'));
    expect(structTail(value.st!)).toEqual(Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd));
  });
});

describe('malformed input raises only typed errors', () => {
  const set = attrset('fuzz', {
    a: attr(1, u32()),
    b: attr(2, string()),
    c: attr(3, nest(inner)),
    d: attr(4, indexedArray(nest(inner))),
    e: attr(5, structType(point)),
    f: attr(6, ipv6()),
    g: attr(7, u64()),
    h: attr(8, color),
    kind: attr(9, string()),
    i: attr(10, sub),
    j: attr(11, typeValue(u32())),
    k: attr(12, bitfield32({ a: 1 })),
  });
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decode(set, bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 3000 },
    );
  }, 30_000); // ~0.5 s alone; instrumented for mutation testing on a loaded machine it can take several
  it('valid messages with bytes changed', () => {
    const seed = encode(set, { a: 1, b: 'hello', c: { a: 2, b: 'x' }, d: [{ a: 1 }, { b: 'y' }], e: { x: 1, y: 2, tag: 't' }, f: '2001:db8::1', g: 5n, h: 'red', kind: 'pt', i: { header: { x: 1, y: 1, tag: '' }, a: 3 }, j: [{ type: 3, value: 4 }], k: { value: ['a'], selector: ['a'] } });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (changes) => {
        const bytes = seed.slice();
        for (const [at, v] of changes) bytes[at] = v;
        try {
          const value = decode(set, bytes);
          // Whatever decodes encodes again, to bytes that decode to the same value. (Byte identity holds for
          // zero alignment padding, which the kernel always writes; a mutation can make padding non-zero.)
          expect(decode(set, encode(set, value))).toEqual(value);
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
        }
      }),
      { numRuns: 3000, examples: [[[[136, 17], [45, 0]]]] },
    );
  }, 30_000);
  it('decode errors carry the attribute path', () => {
    const bad = Uint8Array.of(12, 0, 3, 0x80, 6, 0, 1, 0, 1, 2, 0, 0);
    let error: unknown;
    try {
      decode(set, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).path).toEqual(['c', 'a']);
    expect((error as DecodeError).message).toMatch(/^c\.a: u32 needs 4 bytes, payload has 2/);
    expect((error as DecodeError).offset).toBe(8);
  });
});

describe('encode validation', () => {
  const set = attrset('v', { n: attr(1, u8()), e: attr(2, color), f: attr(3, perms), s: attr(4, string({ maxLength: 3 })), b: attr(5, binary({ length: 2 })), st: attr(6, structType(point)), arr: attr(7, indexedArray(u8())), g: attr(8, flag()) });
  it.each([
    [{ n: 256 }, 'n', /out of range/],
    [{ n: '1' }, 'n', /expected u8 as a number/],
    [{ e: 'purple' }, 'e', /unknown enum name "purple"/],
    [{ f: ['read', 'fly'] }, 'f', /unknown flag name "fly"/],
    [{ s: 'abcd' }, 's', /longer than the 3 allowed/],
    [{ b: Uint8Array.of(1) }, 'b', /exactly 2 bytes/],
    [{ st: { x: 1, tag: 'way too long' } }, 'st.tag', /longer than the 7 allowed/],
    [{ st: { y: -1 } }, 'st.y', /out of range/],
    [{ st: { x: 1, z: 2 } }, 'st', /unknown field "z" in point/],
    [{ arr: [1, 2, 300] }, 'arr[2]', /out of range/],
    [{ g: 'yes' }, 'g', /expected a boolean/],
  ])('%j → %s', (value, path, reason) => {
    let error: unknown;
    try {
      encode(set, value as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidValueError);
    expect((error as InvalidValueError).message).toMatch(reason);
    expect((error as InvalidValueError).message.startsWith(`${path}: `)).toBe(true);
  });
  it('flag false is written as absence', () => {
    expect(encode(set, { g: false })).toEqual(new Uint8Array(0));
    expect(decode(set, encode(set, { g: true })).g).toBe(true);
  });
});

describe('a sub-message chosen by an enclosing set (as tc chooses its stats data by the message kind)', () => {
  const fqStats = attrset('fq-stats', { flows: attr(1, u32()) });
  const stats = attrset('stats', { basic: attr(1, binary()), app: attr(4, subMessage('kind', { fq: { attrs: fqStats }, pfifo: { value: u32() } })) });
  const top = attrset('top', { kind: attr(1, string()), stats: attr(7, nest(stats)) });
  it('decodes and encodes with the selector found one level up', () => {
    const value = { kind: 'fq', stats: { basic: Uint8Array.of(1, 2), app: { flows: 9 } } };
    const bytes = encode(top, value as never);
    const back = decode(top, bytes);
    expect(back).toEqual(value);
    expect(encode(top, back)).toEqual(bytes);
    expect(decode(top, encode(top, { kind: 'pfifo', stats: { app: 5 } } as never)).stats?.app).toBe(5);
  });
  it('a sibling of the same name wins over the enclosing one; no selector anywhere keeps bytes', () => {
    const bytes = encode(top, { stats: { app: Uint8Array.of(1, 2, 3, 4) } } as never);
    expect(decode(top, bytes).stats?.app).toEqual(Uint8Array.of(1, 2, 3, 4));
  });
});

// Type tests (tsc checks them): the value types are plain objects, padding left out, and print as such.
describe('value types', () => {
  it('a struct: its fields but padding, writable; as input each optional', () => {
    expectTypeOf<StructValue<typeof point.fields>>().toEqualTypeOf<{ x: number; y: number; tag: string }>();
    expectTypeOf<StructInput<typeof point.fields>>().toEqualTypeOf<{ x?: number | bigint; y?: number | bigint; tag?: string }>();
    const value = decode(point, encode(point, { x: -2, y: 7, tag: 'ab' }));
    value.y = 8;
    expect(value).toEqual({ x: -2, y: 8, tag: 'ab' });
  });

  it('an attribute set: every attribute optional', () => {
    expectTypeOf<AttrsValue<typeof inner.attributes>>().toEqualTypeOf<{ a?: number; b?: string }>();
    expectTypeOf<AttrsInput<typeof inner.attributes>>().toEqualTypeOf<{ readonly a?: number | bigint; readonly b?: string }>();
  });
});
