// A decoded value that would re-encode to the bytes it came from is not kept as bytes: changing it in
// place (an item of an array, a field of a struct) is written anew. Checked per type as an item of an
// indexed array, whose array object stays the same when an item changes, so bytes kept by mistake would
// be written back stale. Payloads written out by hand (host order little-endian). Both decode loops.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hex, thrown, variants, type CodecModule } from './codec-variants.js';

type Case = [name: string, type: (c: CodecModule) => unknown, payload: string, changed: unknown];

const cases: Case[] = [
  ['u32', (c) => c.u32(), '05 00 00 00', 6],
  ['enum', (c) => c.enumOf(c.u16(), { a: 1, b: 2 }), '01 00', 'b'],
  ['flags', (c) => c.flagsOf(c.u8(), { a: 1, b: 2 }), '01', ['b']],
  ['bitfield32', (c) => c.bitfield32({ a: 1 }), '01 00 00 00 01 00 00 00', { value: [], selector: ['a'] }],
  ['string', (c) => c.string(), '61 62 00', 'x'],
  ['non-ASCII string', (c) => c.string(), 'c3 a9 00', 'x'],
  ['binary', (c) => c.binary(), '01 02 03', hex('04')],
  ['binary of a fixed length', (c) => c.binary({ length: 2 }), '01 02', hex('03 04')],
  ['ipv4', (c) => c.ipv4(), '0a 00 00 01', '10.0.0.2'],
  ['ipv6', (c) => c.ipv6(), '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01', '::2'],
  ['ip', (c) => c.ip(), '0a 00 00 01', '10.0.0.2'],
  ['mac', (c) => c.mac(), '02 00 00 00 00 01', '02:00:00:00:00:02'],
  ['uint in 4 bytes', (c) => c.uint(), 'ff ff ff ff', 1n],
  ['uint in 8 bytes', (c) => c.uint(), '00 00 00 00 01 00 00 00', 1n],
  ['sint in 8 bytes', (c) => c.sint(), 'ff ff ff 7f ff ff ff ff', 1n],
  ['flag', (c) => c.flag(), '', true],
  ['packed', (c) => c.packed(c.u16()), '01 00 02 00', [3]],
  ['packed u8 and s8', (c) => c.packed(c.s8()), 'ff fe', [-3]],
  ['packed u8', (c) => c.packed(c.u8()), 'ff fe', [3]],
  ['packed s64', (c) => c.packed(c.s64()), 'ff ff ff ff ff ff ff ff', [-2n]],
  ['enum over s16', (c) => c.enumOf(c.s16(), { minus: -1 }), 'ff ff', 'minus'],
  ['flags over s32', (c) => c.flagsOf(c.s32(), { a: 1 }), '01 00 00 00', ['a', 2]],
  ['u64 declared safe', (c) => c.u64({ bigint: false }), '01 00 00 00 00 00 00 00', 2],
  ['struct', (c) => c.structType(c.struct('p', { x: c.u16(), tag: c.string({ fixedLength: 4 }) })), '01 00 61 62 00 00', { x: 2, tag: 'ab' }],
  ['nest with a header', (c) => c.headedNest(c.struct('h', { x: c.u32() }), c.attrset('i', { a: c.attr(1, c.u8()) })), '07 00 00 00', { header: { x: 8 } }],
  ['indexed array', (c) => c.indexedArray(c.u8()), '05 00 01 00 07 00 00 00', [9]],
  ['type-value', (c) => c.typeValue(c.u8()), '05 00 03 00 07 00 00 00', [{ type: 4, value: 9 }]],
];

describe.runIf(endianness() === 'LE').each(variants)('exact values stay editable in place (%s)', (_, load) => {
  it.each(cases)('%s', async (_name, type, payload, changed) => {
    const c = await load();
    const set = c.attrset('s', { arr: c.attr(1, c.indexedArray(type(c) as never)) });
    const item = hex(payload);
    const child = new Uint8Array((4 + item.length + 3) & ~3);
    new DataView(child.buffer).setUint16(0, 4 + item.length, true);
    new DataView(child.buffer).setUint16(2, 1 | ((type(c) as { kind: string }).kind.match(/nest|indexed-array|type-value/) ? 0x8000 : 0), true);
    child.set(item, 4);
    const bytes = new Uint8Array(4 + child.length);
    new DataView(bytes.buffer).setUint16(0, bytes.length, true);
    new DataView(bytes.buffer).setUint16(2, 0x8001, true);
    bytes.set(child, 4);
    const value = c.decode(set, bytes) as { arr: unknown[] };
    expect(c.encode(set, value as never)).toEqual(bytes);
    value.arr[0] = changed;
    expect(c.encode(set, value as never)).toEqual(c.encode(set, { arr: [changed] } as never));
    // An item added to the same array is written too.
    value.arr.push(changed);
    expect(c.encode(set, value as never)).toEqual(c.encode(set, { arr: [changed, changed] } as never));
  });

  it('a repeated nest', async () => {
    const c = await load();
    const set = c.attrset('s', { list: c.attr(1, c.nest(c.attrset('i', { a: c.attr(1, c.u8()) })), { multi: true }) });
    const bytes = hex('0c 00 01 80 05 00 01 00 01 00 00 00  0c 00 01 80 05 00 01 00 02 00 00 00');
    const value = c.decode(set, bytes);
    expect(c.encode(set, value)).toEqual(bytes);
    value.list![1]!.a = 3;
    expect(c.encode(set, value)).toEqual(hex('0c 00 01 80 05 00 01 00 01 00 00 00  0c 00 01 80 05 00 01 00 03 00 00 00'));
    // An array the caller took away is not written, though the order remembers it.
    delete value.list;
    expect(c.encode(set, value)).toEqual(new Uint8Array(0));
  });
});

describe.runIf(endianness() === 'LE').each(variants)('payloads too short inside an attribute set (%s)', (_, load) => {
  it.each([
    ['u32', (c: CodecModule) => c.u32(), 'u32 needs 4 bytes, payload has 2'],
    ['enum', (c: CodecModule) => c.enumOf(c.u32(), { a: 1 }), 'u32 needs 4 bytes, payload has 2'],
    ['flags', (c: CodecModule) => c.flagsOf(c.u32(), { a: 1 }), 'u32 needs 4 bytes, payload has 2'],
    ['bitfield32', (c: CodecModule) => c.bitfield32({ a: 1 }), 'bitfield32 needs 8 bytes, payload has 2'],
    ['binary', (c: CodecModule) => c.binary({ length: 4 }), 'binary needs 4 bytes, payload has 2'],
    ['ipv4', (c: CodecModule) => c.ipv4(), 'ipv4 address needs 4 bytes, payload has 2'],
  ])('%s', async (_name, type, reason) => {
    const c = await load();
    const set = c.attrset('s', { pad: c.attr(1, c.u32()), v: c.attr(2, type(c) as never) });
    // pad 1, then v with a 2-byte payload at byte 12.
    const error = thrown(() => c.decode(set, hex('08 00 01 00 01 00 00 00  06 00 02 00 01 02 00 00')));
    expect(error).toBeInstanceOf(c.DecodeError);
    expect(error.message).toBe(`v: ${reason} (at byte 12)`);
    // One long enough decodes.
    expect(() => c.decode(set, hex('08 00 01 00 01 00 00 00  0c 00 02 00 01 00 00 00 01 00 00 00'))).not.toThrow();
  });
});
