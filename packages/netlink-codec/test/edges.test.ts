// Edges of the public API that the per-type tests leave out, each against bytes written out by hand
// (struct nlattr from linux/netlink.h, host order little-endian; nlmsghdr 16 bytes before the payload).
import { NetlinkError, encodeMessage, viewOf } from '@linx/netlink-wire';
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  DecodeError,
  attr,
  attrset,
  binary,
  bitfield32,
  compileMessage,
  custom,
  decode,
  encode,
  flagsOf,
  indexedArray,
  message,
  nest,
  pad,
  string,
  sint,
  struct,
  subMessage,
  typeValue,
  u16,
  u32,
  u64,
  u8,
  uint,
} from '../src/index.js';
import {
  attributePathAt,
  compileStruct,
  nameBlamedAttribute,
} from '../src/runtime.js';
import { hex, thrown } from './codec-variants.js';

describe.runIf(endianness() === 'LE')('edges', () => {
  it('bitfield32 names an unknown bit name as a flags name', () => {
    expect(thrown(() => encode(bitfield32({ a: 1 }), { value: ['b'], selector: [] } as never)).message).toBe('unknown flags name "b"; expected some of a');
  });

  it('a 64-bit flags mask may be given as a bigint', () => {
    expect(encode(flagsOf(u64(), { a: 1 }), 0x100000001n as never)).toEqual(hex('01 00 00 00 01 00 00 00'));
  });

  it('a sub-message’s selector is looked for up every enclosing set', () => {
    const app = attrset('app', { data: attr(1, subMessage('kind', { n: { value: u16() } })) });
    const mid = attrset('mid', { app: attr(1, nest(app)) });
    const top = attrset('top', { kind: attr(1, string()), mid: attr(2, nest(mid)) });
    const bytes = encode(top, { kind: 'n', mid: { app: { data: 513 } } });
    expect(bytes).toEqual(hex('06 00 01 00 6e 00 00 00  10 00 02 80 0c 00 01 80 06 00 01 80 01 02 00 00'));
    expect(decode(top, bytes)).toEqual({ kind: 'n', mid: { app: { data: 513 } } });
  });

  it('a message decoded from the middle of a buffer reads a short header only up to its end', () => {
    const m = compileMessage(message('m', { header: struct('h', { a: u16(), b: u16() }), attrs: attrset('s', {}) }));
    const bytes = hex('ff ff ff ff  01 00  02 00');
    expect(m.decodeAt(bytes, viewOf(bytes), 4, 6)).toEqual({ header: { a: 1 }, attrs: {} });
  });

  it('false is written as absence only for flags', () => {
    const set = attrset('s', { n: attr(1, u8()) });
    expect(thrown(() => encode(set, { n: false as never })).message).toBe('n: expected u8 as a number, got boolean false');
  });

  it('a variable-width integer refuses what is not an integer, by what it got', () => {
    expect(thrown(() => encode(uint(), 1.5)).message).toBe('expected an integer (number or bigint), got number 1.5');
    expect(thrown(() => encode(sint(), '1' as never)).message).toBe('expected an integer (number or bigint), got "1"');
    expect(thrown(() => encode(uint(), 2 ** 53)).message).toBe('expected an integer (number or bigint), got number 9007199254740992');
  });

  it('a sub-message declared without options has no unknownAs key (declarations are data, compared and printed as they are)', () => {
    expect(subMessage('kind', {})).toStrictEqual({ kind: 'sub-message', selector: 'kind', formats: {} });
    expect(subMessage('kind', {}, 'named', { unknownAs: 'raw' })).toStrictEqual({ kind: 'sub-message', selector: 'kind', formats: {}, name: 'named', unknownAs: 'raw' });
  });

  it('a type-value nest is written with NLA_F_NESTED', () => {
    const set = attrset('s', { tv: attr(1, typeValue(u8())) });
    expect(encode(set, { tv: [{ type: 2, value: 3 }] })).toEqual(hex('0c 00 01 80 05 00 02 00 03 00 00 00'));
  });

  it('a malformed-bytes error from a hand-written decoder keeps its offset once, however many digits', () => {
    const strict = custom('strict', () => {
      throw new DecodeError('no good', 1234);
    }, () => new Uint8Array(0));
    const plain = custom('plain', (p: Uint8Array) => decode(u32(), p), () => new Uint8Array(0));
    expect(thrown(() => decode(attrset('h', { x: attr(1, strict) }), hex('04 00 01 00'))).message).toBe('x: no good (at byte 1234)');
    // A payload too short for the inner decode: offset 0 within the copy the custom decoder got.
    expect(thrown(() => decode(attrset('h', { x: attr(1, plain) }), hex('06 00 01 00 01 02 00 00'))).message).toBe('x: u32 needs 4 bytes, payload has 2 (at byte 0)');
  });

  it('nameBlamedAttribute leaves errors that are not the kernel’s alone, even with an offset', () => {
    const decl = message('m', { attrs: attrset('s', { a: attr(1, u8()) }) });
    const error = new DecodeError('not from the kernel', 16);
    expect(nameBlamedAttribute(error, decl, hex('05 00 01 00 01 00 00 00'))).toBe(error);
    expect(error.message).toBe('not from the kernel (at byte 16)');
    const kernel = nameBlamedAttribute(new NetlinkError(22, { offset: 16 }), decl, hex('05 00 01 00 01 00 00 00'));
    expect(kernel.attributePath).toBe('a');
  });

  it('a compiled struct lists its fields with offsets and sizes, padding included', () => {
    const codec = compileStruct(struct('s', { a: u8(), gap: pad(3), b: u32() }));
    expect(codec.size).toBe(8);
    expect(codec.fields.map(({ name, offset, size }) => ({ name, offset, size }))).toEqual([
      { name: 'a', offset: 0, size: 1 },
      { name: 'gap', offset: 1, size: 3 },
      { name: 'b', offset: 4, size: 4 },
    ]);
  });

  describe('ext-ack offsets inside payloads that look like attributes', () => {
    const inner = attrset('inner', { a: attr(1, u32()) });
    const decl = message('m', { attrs: attrset('top', { blob: attr(1, binary()), n: attr(2, nest(inner)), arr: attr(3, indexedArray(u32())) }) });
    const at = (payload: string, offset: number) => attributePathAt(decl, encodeMessage({ type: 20, payload: hex(payload) }), 16 + offset);
    it('a leaf is not descended into', () => {
      expect(at('0c 00 01 00  08 00 01 00 05 00 00 00', 4)).toEqual({ path: ['blob'], text: 'blob', exact: false });
    });
    it('a nest whose inside does not parse names the nest, not exactly', () => {
      expect(at('0c 00 02 80  03 00 01 00 05 00 00 00', 4)).toEqual({ path: ['n'], text: 'n', exact: false });
      expect(at('0c 00 02 80  08 00 01 00 05 00 00 00', 2)).toEqual({ path: ['n'], text: 'n', exact: false });
    });
    it('an array item that is not a nest is not descended into, though its value looks like an attribute', () => {
      // arr [4]: the item's payload 04 00 00 00 reads as an empty attribute of type 0.
      expect(at('0c 00 03 80  08 00 01 00 04 00 00 00', 8)).toEqual({ path: ['arr', 0], text: 'arr[0]', exact: false });
    });
  });
});
