// Structs, arrays in nests, headed nests, sub-message formats and whole messages, against bytes written
// out by hand from the kernel's layouts (host order little-endian; struct ifinfomsg from
// linux/rtnetlink.h: { u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change }, 16 bytes).
// Structs have a generated and an interpreted reader and writer: every check runs with both.
import { endianness } from 'node:os';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { hex, thrown, variants } from './codec-variants.js';

describe.runIf(endianness() === 'LE').each(variants)('structured types (%s)', (_, load) => {
  const setup = async () => {
    const c = await load();
    const ifinfomsg = c.struct('ifinfomsg', {
      family: c.u8(),
      pad: c.pad(1),
      type: c.u16(),
      index: c.s32(),
      flags: c.flagsOf(c.u32(), { up: 1, broadcast: 2, multicast: 0x1000 }),
      change: c.u32(),
    });
    const inner = c.attrset('inner', { a: c.attr(1, c.u32()), s: c.attr(2, c.string()) });
    return { c, ifinfomsg, inner };
  };

  describe('struct', () => {
    it('reads and writes each field at its offset, padding skipped', async () => {
      const { c, ifinfomsg } = await setup();
      // An Ethernet link (ARPHRD_ETHER 1), index 2, IFF_UP|IFF_BROADCAST|IFF_MULTICAST, change ~0.
      const bytes = hex('00 00 01 00 02 00 00 00 03 10 00 00 ff ff ff ff');
      const value = c.decode(ifinfomsg, bytes);
      expect(value).toEqual({ family: 0, type: 1, index: 2, flags: ['up', 'broadcast', 'multicast'], change: 0xffffffff });
      expect(c.encode(ifinfomsg, value)).toEqual(bytes);
      expect(c.encode(ifinfomsg, { index: -1, family: 10 })).toEqual(hex('0a 00 00 00 ff ff ff ff 00 00 00 00 00 00 00 00'));
      expect(c.encode(ifinfomsg, {})).toEqual(new Uint8Array(16));
    });

    it('a struct may hold a struct', async () => {
      const { c, ifinfomsg } = await setup();
      const outer = c.struct('outer', { tag: c.u32(), info: c.structType(ifinfomsg), tail: c.u8(), pad: c.pad(3) });
      const bytes = hex('07 00 00 00  00 00 01 00 02 00 00 00 01 00 00 00 00 00 00 00  09 00 00 00');
      const value = c.decode(outer, bytes);
      expect(value).toEqual({ tag: 7, info: { family: 0, type: 1, index: 2, flags: ['up'], change: 0 }, tail: 9 });
      expect(c.encode(outer, value)).toEqual(bytes);
    });

    it('a shorter payload decodes the fields that fit, and is written back as short', async () => {
      const { c, ifinfomsg } = await setup();
      // What some tools send where an ifinfomsg belongs: a 4-byte struct rtgenmsg { u8 family } (AF_PACKET 17).
      const set = c.attrset('s', { info: c.attr(1, c.structType(ifinfomsg)) });
      const bytes = hex('08 00 01 00 11 00 00 00');
      const value = c.decode(set, bytes);
      expect(value.info).toEqual({ family: 17, type: 0 });
      expect(c.encode(set, value)).toEqual(bytes);
      // A field set past the short end makes it whole again.
      value.info!.index = 3;
      expect(c.encode(set, value)).toEqual(hex('14 00 01 00 11 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00'));
      // A field that only partly fits is left out.
      expect(c.decode(ifinfomsg, hex('11 00 01 00 02 00'))).toEqual({ family: 17, type: 1 });
      expect(c.decode(ifinfomsg, hex('11 00 01'))).toEqual({ family: 17 });
    });

    it('a longer payload keeps its tail, shown by structTail and written back', async () => {
      const { c, ifinfomsg } = await setup();
      const bytes = hex('00 00 01 00 02 00 00 00 00 00 00 00 00 00 00 00 aa bb');
      const value = c.decode(ifinfomsg, bytes);
      expect(value.index).toBe(2);
      expect(c.structTail(value)).toEqual(hex('aa bb'));
      expect(c.encode(ifinfomsg, value)).toEqual(bytes);
      expect(c.structTail(c.decode(ifinfomsg, new Uint8Array(16)))).toBeUndefined();
      expect(c.structTail({})).toBeUndefined();
    });

    it('refuses what is not an object, fields it does not have, and names the field that does not fit', async () => {
      const { c, ifinfomsg } = await setup();
      for (const [value, got] of [[[1], 'an array'], [null, 'null'], [hex('00'), 'bytes'], [3, 'number 3']] as const) {
        expect(thrown(() => c.encode(ifinfomsg, value as never)).message).toBe(`expected a ifinfomsg object, got ${got}`);
      }
      expect(thrown(() => c.encode(ifinfomsg, { family: 0, ifi_index: 1 } as never)).message).toBe('unknown field "ifi_index" in ifinfomsg');
      expect(thrown(() => c.encode(ifinfomsg, { pad: 1 } as never)).message).toBe('unknown field "pad" in ifinfomsg');
      expect(c.encode(ifinfomsg, Object.assign(Object.create({ other: 1 }), { ghost: undefined, family: 2 }))).toEqual(hex('02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00'));
      const first = thrown(() => c.encode(ifinfomsg, { family: 256 }));
      expect(first).toBeInstanceOf(c.InvalidValueError);
      expect(first.path).toEqual(['family']);
      const last = thrown(() => c.encode(ifinfomsg, { family: 1, change: -1 }));
      expect(last.path).toEqual(['change']);
      expect(last.message).toMatch(/^change: .*out of range/);
    });

    it('every member needs a fixed size', async () => {
      const { c } = await setup();
      expect(thrown(() => c.compileStruct(c.struct('bad', { n: c.u8(), name: c.string() }))).message).toBe('struct bad: field name has no fixed size');
    });
  });

  describe('indexed arrays and type-value nests', () => {
    it('numbers the children from 1 (or from start), with NLA_F_NESTED on nested items', async () => {
      const { c, inner } = await setup();
      expect(c.encode(c.indexedArray(c.u32()), [10, 11])).toEqual(hex('08 00 01 00 0a 00 00 00  08 00 02 00 0b 00 00 00'));
      expect(c.encode(c.indexedArray(c.u16(), 0), [10])).toEqual(hex('06 00 00 00 0a 00 00 00'));
      expect(c.encode(c.indexedArray(c.nest(inner)), [{ a: 1 }])).toEqual(hex('0c 00 01 80 08 00 01 00 01 00 00 00'));
      expect(c.decode(c.indexedArray(c.u32()), hex('08 00 01 00 0a 00 00 00  08 00 02 00 0b 00 00 00'))).toEqual([10, 11]);
    });

    it('children numbered otherwise, or items that would not re-encode the same, keep the bytes', async () => {
      const { c, inner } = await setup();
      const set = c.attrset('s', { arr: c.attr(1, c.indexedArray(c.u32())), nests: c.attr(2, c.indexedArray(c.nest(inner))), strs: c.attr(3, c.indexedArray(c.string())) });
      for (const bytes of [
        // arr with children 0 and 0 (as some kernel arrays number them)
        '14 00 01 80  08 00 00 00 0a 00 00 00  08 00 00 00 0b 00 00 00',
        // arr with children 1 and 3
        '14 00 01 80  08 00 01 00 0a 00 00 00  08 00 03 00 0b 00 00 00',
        // nests without NLA_F_NESTED on the child
        '10 00 02 80  0c 00 01 00 08 00 01 00 01 00 00 00',
        // strs: the first without its NUL, the second exact
        '14 00 03 80  06 00 01 00 61 62 00 00  07 00 02 00 63 64 00 00',
      ]) {
        const value = c.decode(set, hex(bytes));
        expect(c.encode(set, value)).toEqual(hex(bytes));
      }
      const renumbered = c.decode(set, hex('14 00 01 80  08 00 00 00 0a 00 00 00  08 00 00 00 0b 00 00 00'));
      expect(renumbered.arr).toEqual([10, 11]);
      expect(c.encode(set, { arr: renumbered.arr })).toEqual(hex('14 00 01 80  08 00 01 00 0a 00 00 00  08 00 02 00 0b 00 00 00'));
    });

    it('an array numbered from 1 as declared is kept as values: an item changed in place is written anew', async () => {
      const { c } = await setup();
      const set = c.attrset('s', { arr: c.attr(1, c.indexedArray(c.u32())) });
      // Children 1 and 2 (the default start), values 10 and 11.
      const value = c.decode(set, hex('14 00 01 80  08 00 01 00 0a 00 00 00  08 00 02 00 0b 00 00 00'));
      value.arr![1] = 12;
      expect(c.encode(set, value)).toEqual(hex('14 00 01 80  08 00 01 00 0a 00 00 00  08 00 02 00 0c 00 00 00'));
    });

    it('a type-value item that does not decode is named by its index; a type outside 0..0x3fff is refused', async () => {
      const { c } = await setup();
      const set = c.attrset('s', { tv: c.attr(1, c.typeValue(c.u32())) });
      // A child of type 5 whose payload has 2 bytes, not a u32's 4.
      const bad = thrown(() => c.decode(set, hex('0c 00 01 80  06 00 05 00 01 02 00 00')));
      expect(bad.path).toEqual(['tv', 0]);
      expect(bad.message).toBe('tv[0]: u32 needs 4 bytes, payload has 2 (at byte 8)');
      // linux/netlink.h: a type is what NLA_TYPE_MASK (0x3fff) leaves of nla_type, beside the two flag bits.
      expect(c.encode(set, { tv: [{ type: 0x3fff, value: 1 }] })).toEqual(hex('0c 00 01 80  08 00 ff 3f 01 00 00 00'));
      for (const [type, got] of [[0x4000, 'number 16384'], [-1, 'number -1'], [1.5, 'number 1.5'], ['1', '"1"']] as const) {
        const error = thrown(() => c.encode(set, { tv: [{ type: 1, value: 1 }, { type, value: 1 }] as never }));
        expect(error.path).toEqual(['tv', 1]);
        expect(error.message).toBe(`tv[1]: type must be an integer in 0..16383, got ${got}`);
      }
    });

    it('errors name the item; malformed children are DecodeErrors', async () => {
      const { c, inner } = await setup();
      const set = c.attrset('s', { arr: c.attr(1, c.indexedArray(c.nest(inner))), blobs: c.attr(2, c.indexedArray(c.binary())) });
      expect(thrown(() => c.encode(set, { arr: [{ a: 1 }, { a: -1 }] })).path).toEqual(['arr', 1, 'a']);
      expect(thrown(() => c.encode(set, { arr: {} as never })).message).toBe('arr: expected an array, got an object');
      const big = thrown(() => c.encode(set, { blobs: [new Uint8Array(65532)] }));
      expect(big.message).toBe("blobs[0]: encoded item is 65536 bytes, more than nla_len's 65535");
      expect(c.encode(c.indexedArray(c.binary()), [new Uint8Array(65531)]).length).toBe(65536);
      const bad = thrown(() => c.decode(set, hex('10 00 01 80  0c 00 01 80 06 00 01 00 01 02 00 00')));
      expect(bad.path).toEqual(['arr', 0, 'a']);
      expect(bad.message).toBe('arr[0].a: u32 needs 4 bytes, payload has 2 (at byte 12)');
      expect(thrown(() => c.decode(set, hex('06 00 01 80  08 00'))).message).toBe('arr: truncated attribute header: 2 bytes left (at byte 4)');
      expect(thrown(() => c.decode(c.indexedArray(c.u8()), hex('03 00 01 00'))).message).toBe('bad attribute length 3 (at byte 0)');
      expect(thrown(() => c.decode(c.indexedArray(c.u8()), hex('09 00 01 00 01 00 00 00'))).message).toBe('bad attribute length 9 (at byte 0)');
      expect(c.decode(c.indexedArray(c.binary()), hex('04 00 01 00'))).toEqual([new Uint8Array(0)]);
    });

    it('type-value: each child’s type is a value of its own', async () => {
      const { c, inner } = await setup();
      const tv = c.typeValue(c.u16());
      const bytes = hex('06 00 05 00 01 00 00 00  06 00 ff 3f 02 00 00 00');
      expect(c.decode(tv, bytes)).toEqual([{ type: 5, value: 1 }, { type: 0x3fff, value: 2 }]);
      expect(c.encode(tv, [{ type: 5, value: 1 }, { type: 0x3fff, value: 2 }])).toEqual(bytes);
      expect(c.encode(c.typeValue(c.nest(inner)), [{ type: 0, value: { a: 1 } }])).toEqual(hex('0c 00 00 80 08 00 01 00 01 00 00 00'));
      // Flag bits other than the item's default keep the bytes.
      const set = c.attrset('s', { tv: c.attr(1, tv), tn: c.attr(2, c.typeValue(c.nest(inner))) });
      for (const raw of ['0c 00 01 80  06 00 05 40 01 00 00 00', '10 00 02 80  0c 00 07 00 08 00 01 00 01 00 00 00']) {
        const value = c.decode(set, hex(raw));
        expect(c.encode(set, value)).toEqual(hex(raw));
      }
      expect(c.decode(set, hex('0c 00 01 80  06 00 05 40 01 00 00 00')).tv).toEqual([{ type: 5, value: 1 }]);
    });

    it('type-value refuses types outside 0..16383 and names the entry', async () => {
      const { c } = await setup();
      const set = c.attrset('s', { tv: c.attr(1, c.typeValue(c.u8())) });
      for (const [type, got] of [[-1, 'number -1'], [0x4000, 'number 16384'], [1.5, 'number 1.5'], [undefined, 'undefined undefined'], ['1', '"1"']] as const) {
        const error = thrown(() => c.encode(set, { tv: [{ type: 1, value: 1 }, { type, value: 1 }] as never }));
        expect(error.message).toBe(`tv[1]: type must be an integer in 0..16383, got ${got}`);
      }
      expect(thrown(() => c.encode(set, { tv: [null] as never })).message).toBe('tv[0]: type must be an integer in 0..16383, got undefined undefined');
      expect(thrown(() => c.encode(set, { tv: 1 as never })).message).toBe('tv: expected an array of { type, value }, got number 1');
      expect(thrown(() => c.encode(set, { tv: [{ type: 2, value: 300 }] })).path).toEqual(['tv', 0]);
      expect(thrown(() => c.decode(set, hex('0a 00 01 80  08 00 05 00 01 00'))).message).toBe('tv: bad attribute length 8 (at byte 4)');
    });
  });

  describe('headed nests and sub-message formats', () => {
    it('a header is followed by attributes at the next 4-byte boundary; its value sits under `header`', async () => {
      const { c, inner } = await setup();
      const hdr = c.struct('hdr', { x: c.u16(), y: c.u8(), pad: c.pad(1), z: c.u16() });
      const set = c.attrset('s', { n: c.attr(1, c.headedNest(hdr, inner)) });
      // hdr is 6 bytes, padded to 8, then { a 5 }.
      const bytes = hex('14 00 01 80  01 00 02 00 03 00 00 00  08 00 01 00 05 00 00 00');
      const value = c.decode(set, bytes);
      expect(value.n).toEqual({ header: { x: 1, y: 2, z: 3 }, a: 5 });
      expect(c.encode(set, value)).toEqual(bytes);
      expect(c.encode(set, { n: { header: { x: 1, y: 2, z: 3 }, a: 5 } })).toEqual(bytes);
      expect(c.encode(set, { n: { a: 5 } })).toEqual(hex('14 00 01 80  00 00 00 00 00 00 00 00  08 00 01 00 05 00 00 00'));
      expect(thrown(() => c.encode(set, { n: { header: { x: -1 } } })).path).toEqual(['n', 'header', 'x']);
    });

    it('a payload shorter than the header decodes what fits and keeps its bytes', async () => {
      const { c, inner } = await setup();
      const hdr = c.struct('hdr', { x: c.u16(), y: c.u16(), z: c.u32() });
      const set = c.attrset('s', { n: c.attr(1, c.headedNest(hdr, inner)) });
      const bytes = hex('0a 00 01 80  01 00 02 00 03 00 00 00');
      const value = c.decode(set, bytes);
      expect(value.n).toEqual({ header: { x: 1, y: 2 } });
      expect(c.encode(set, value)).toEqual(bytes);
    });

    it('sub-message formats: header only, attributes only, a bare value; bytes past a header-only format are kept', async () => {
      const { c, inner } = await setup();
      const hdr = c.struct('hdr', { x: c.u32() });
      const set = c.attrset('s', {
        kind: c.attr(1, c.string()),
        data: c.attr(2, c.subMessage('kind', { h: { header: hdr }, a: { attrs: () => inner }, v: { value: c.u16() } }, 'data-msg')),
      });
      const headerOnly = c.encode(set, { kind: 'h', data: { header: { x: 7 } } });
      expect(headerOnly).toEqual(hex('06 00 01 00 68 00 00 00  08 00 02 80 07 00 00 00'));
      expect(c.decode(set, headerOnly)).toEqual({ kind: 'h', data: { header: { x: 7 } } });
      const extra = hex('06 00 01 00 68 00 00 00  0c 00 02 80 07 00 00 00 01 02 03 04');
      const value = c.decode(set, extra);
      expect(value.data).toEqual({ header: { x: 7 } });
      expect(c.encode(set, value)).toEqual(extra);
      expect(c.encode(set, { kind: 'h' , data: undefined })).toEqual(hex('06 00 01 00 68 00 00 00'));
      expect(c.encode(set, { kind: 'h', data: null as never })).toEqual(hex('06 00 01 00 68 00 00 00  08 00 02 80 00 00 00 00'));
      expect(c.decode(set, c.encode(set, { kind: 'a', data: { a: 1 } })).data).toEqual({ a: 1 });
      expect(c.decode(set, c.encode(set, { kind: 'v', data: 9 })).data).toBe(9);
    });

    it('a selector without a format, or none at all, keeps bytes; bytes are written as given', async () => {
      const { c, inner } = await setup();
      const set = c.attrset('s', {
        kind: c.attr(1, c.string()),
        data: c.attr(2, c.subMessage('kind', { a: { attrs: inner } })),
      });
      expect(c.decode(set, hex('08 00 02 00 01 02 03 04')).data).toEqual(hex('01 02 03 04'));
      expect(c.decode(set, hex('06 00 01 00 62 00 00 00  08 00 02 00 01 02 03 04')).data).toEqual(hex('01 02 03 04'));
      // "toString" is no format, though every object has one.
      expect(c.decode(set, hex('0d 00 01 00 74 6f 53 74 72 69 6e 67 00 00 00 00  08 00 02 00 01 02 03 04')).data).toEqual(hex('01 02 03 04'));
      expect(c.encode(set, { kind: 'a', data: hex('08 00 01 00 01 00 00 00') })).toEqual(hex('06 00 01 00 61 00 00 00  0c 00 02 80 08 00 01 00 01 00 00 00'));
      expect(c.encode(set, { kind: 'b', data: hex('aa') })).toEqual(hex('06 00 01 00 62 00 00 00  05 00 02 80 aa 00 00 00'));
      expect(c.encode(set, { data: hex('aa') })).toEqual(hex('05 00 02 80 aa 00 00 00'));
      expect(thrown(() => c.encode(set, { data: { a: 1 } })).message).toBe('data: cannot encode without the kind attribute that selects its format');
      expect(thrown(() => c.encode(set, { kind: 'b', data: { a: 1 } })).message).toBe('data: no format for kind "b"; pass the payload as bytes');
    });

    it('unknownAs: an unknown selector’s payload is kept under its own property, and is written from there', async () => {
      const { c, inner } = await setup();
      const set = c.attrset('s', {
        kind: c.attr(1, c.string()),
        data: c.attr(2, c.subMessage('kind', { a: { attrs: inner } }, 'data-msg', { unknownAs: 'raw' })),
      });
      const unknown = hex('06 00 01 00 62 00 00 00  08 00 02 80 01 02 03 04');
      const value = c.decode(set, unknown);
      // Typed so too (checked by tsc): the bytes under `raw`, and `data` only the declared format's value.
      expectTypeOf(value.raw).toEqualTypeOf<Uint8Array | undefined>();
      expectTypeOf(value.data).toEqualTypeOf<{ a?: number; s?: string } | undefined>();
      expect(value).toEqual({ kind: 'b', raw: hex('01 02 03 04') });
      expect('data' in value).toBe(false);
      expect(c.encode(set, value)).toEqual(unknown);
      // No selector at all is unknown too.
      expect(c.decode(set, hex('08 00 02 00 01 02 03 04'))).toEqual({ raw: hex('01 02 03 04') });
      // A known selector still decodes under the attribute's name.
      const known = c.encode(set, { kind: 'a', data: { a: 1 } });
      expect(c.decode(set, known)).toEqual({ kind: 'a', data: { a: 1 } });
      // Written from either property; bytes for a known selector are written as given.
      expect(c.encode(set, { kind: 'b', raw: hex('aa') })).toEqual(hex('06 00 01 00 62 00 00 00  05 00 02 80 aa 00 00 00'));
      expect(c.encode(set, { kind: 'a', raw: hex('08 00 01 00 01 00 00 00') })).toEqual(known);
      expect(thrown(() => c.encode(set, { kind: 'b', data: hex('aa'), raw: hex('aa') } as never)).message).toBe('"data" and "raw" are the same attribute; give one');
      // A name that is neither an attribute nor an unknownAs property is still unknown.
      expect(thrown(() => c.encode(set, { kind: 'b', bogus: hex('aa') } as never)).message).toBe('unknown attribute "bogus" in s');
      // A declared format whose value is bytes stays under the attribute's name.
      const bytesFormat = c.attrset('s', {
        kind: c.attr(1, c.string()),
        data: c.attr(2, c.subMessage('kind', { v: { value: c.binary() } }, 'data-msg', { unknownAs: 'raw' })),
      });
      expect(c.decode(bytesFormat, c.encode(bytesFormat, { kind: 'v', data: hex('01 02') }))).toEqual({ kind: 'v', data: hex('01 02') });
    });

    it('a numeric selector (an enum’s unknown value) picks the format named by its digits', async () => {
      const { c } = await setup();
      const set = c.attrset('s', {
        kind: c.attr(1, c.enumOf(c.u8(), { one: 1 })),
        data: c.attr(2, c.subMessage('kind', { one: { value: c.u8() }, 2: { value: c.u16() } })),
      });
      expect(c.decode(set, c.encode(set, { kind: 2, data: 513 })).data).toBe(513);
      expect(c.encode(set, { kind: 'one', data: 3 })).toEqual(hex('05 00 01 00 01 00 00 00  05 00 02 80 03 00 00 00'));
    });
  });

  describe('messages', () => {
    it('a header padded to 4 bytes, then attributes', async () => {
      const { c, inner } = await setup();
      const hdr = c.struct('hdr', { cmd: c.u8(), version: c.u8() });
      const m = c.compileMessage(c.message('m', { header: hdr, attrs: inner, types: { newthing: 20 } }));
      expect(m.headerLength).toBe(4);
      const bytes = hex('03 01 00 00  08 00 01 00 05 00 00 00');
      expect(m.encode({ header: { cmd: 3, version: 1 }, attrs: { a: 5 } })).toEqual(bytes);
      expect(m.decode(bytes)).toEqual({ header: { cmd: 3, version: 1 }, attrs: { a: 5 } });
      expect(m.encode({})).toEqual(hex('00 00 00 00'));
      // A payload shorter than the header: the fields that fit, no attributes.
      expect(m.decode(hex('03'))).toEqual({ header: { cmd: 3 }, attrs: {} });
      expect(c.compileMessage(c.message('m', { header: hdr, attrs: inner, types: { newthing: 20 } })).headerLength).toBe(4);
    });

    it('names the header in errors, refuses non-objects and attributes where there are none', async () => {
      const { c, inner } = await setup();
      const hdr = c.struct('hdr', { cmd: c.u8() });
      const m = c.compileMessage(c.message('m', { header: hdr, attrs: inner }));
      const error = thrown(() => m.encode({ header: { cmd: 256 } }));
      expect(error.path).toEqual(['header', 'cmd']);
      expect(thrown(() => m.encode(null as never)).message).toBe('expected { header, attrs }, got null');
      expect(thrown(() => m.encode(7 as never)).message).toBe('expected { header, attrs }, got number 7');
      const headerOnly = c.compileMessage(c.message('ho', { header: hdr }));
      expect(headerOnly.headerLength).toBe(4);
      expect(headerOnly.encode({ header: { cmd: 1 } })).toEqual(hex('01 00 00 00'));
      expect(thrown(() => headerOnly.encode({ header: { cmd: 1 }, attrs: {} } as never)).message).toBe('ho has no attributes');
      expect(headerOnly.decode(hex('01 00 00 00'))).toEqual({ header: { cmd: 1 }, attrs: {} });
      const attrsOnly = c.compileMessage(c.message('ao', { attrs: inner }));
      expect(attrsOnly.headerLength).toBe(0);
      expect(attrsOnly.decode(hex('08 00 01 00 05 00 00 00'))).toEqual({ header: {}, attrs: { a: 5 } });
      expect(attrsOnly.encode({ attrs: { a: 5 } })).toEqual(hex('08 00 01 00 05 00 00 00'));
    });

    it('one encode’s bytes never leak into the padding of the next', async () => {
      const { c } = await setup();
      const set = c.attrset('s', { b: c.attr(1, c.binary()) });
      expect(c.encode(set, { b: hex('ff ff ff ff ff ff ff ff') }).length).toBe(12);
      expect(c.encode(set, { b: hex('ee') })).toEqual(hex('05 00 01 00 ee 00 00 00'));
      const m = c.compileMessage(c.message('m', { attrs: set }));
      expect(m.encode({ attrs: { b: hex('ff ff ff ff ff ff ff ff') } }).length).toBe(12);
      expect(m.encode({ attrs: { b: hex('ee') } })).toEqual(hex('05 00 01 00 ee 00 00 00'));
    });
  });
});
