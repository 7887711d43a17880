// An attribute set's decoder and encoder, against bytes written out by hand from struct nlattr
// (linux/netlink.h: { __u16 nla_len; __u16 nla_type }, host order, payloads padded to 4 bytes, bit 15 of the
// type NLA_F_NESTED, bit 14 NLA_F_NET_BYTEORDER). Every check runs with the generated attribute loop and
// with the interpreted one.
import { describe, expect, it } from 'vitest';
import { hex, thrown, variants } from './codec-variants.js';

describe.each(variants)('attribute sets (%s)', (_, load) => {
  const setup = async () => {
    const c = await load();
    const inner = c.attrset('inner', { a: c.attr(1, c.u32()), s: c.attr(2, c.string()) });
    const set = c.attrset('s', {
      name: c.attr(1, c.string()),
      mtu: c.attr(2, c.u32()),
      up: c.attr(3, c.flag()),
      tags: c.attr(4, c.string(), { multi: true }),
      inner: c.attr(5, c.nest(inner)),
      blob: c.attr(6, c.binary()),
    });
    return { c, inner, set };
  };

  describe('decoding', () => {
    it('steps over each payload padded to 4 bytes; a header of 4 is an empty payload', async () => {
      const { c, set } = await setup();
      // name "ab\0" (nla_len 7, one byte of padding), up (nla_len 4), mtu 1500.
      const bytes = hex('07 00 01 00 61 62 00 00  04 00 03 00  08 00 02 00 dc 05 00 00');
      expect(c.decode(set, bytes)).toEqual({ name: 'ab', up: true, mtu: 1500 });
      // The last attribute may end the buffer exactly, without padding.
      expect(c.decode(set, hex('05 00 06 00 2a'))).toEqual({ blob: Uint8Array.of(0x2a) });
    });

    it('a header cut short is a DecodeError at its offset, outside any attribute', async () => {
      const { c, set } = await setup();
      for (const [bytes, left] of [['08 00 02 00 dc 05 00 00 01 00', 2], ['08 00 02 00 dc 05 00 00 01 00 02', 3]] as const) {
        const error = thrown(() => c.decode(set, hex(bytes)));
        expect(error).toBeInstanceOf(c.DecodeError);
        expect(error.message).toBe(`truncated attribute header: ${left} bytes left (at byte 8)`);
        expect(error.path).toEqual([]);
        expect(error.offset).toBe(8);
      }
    });

    it('an nla_len below 4 or past the end is a DecodeError naming it and what is left', async () => {
      const { c, set } = await setup();
      const short = thrown(() => c.decode(set, hex('03 00 02 00')));
      expect(short).toBeInstanceOf(c.DecodeError);
      expect(short.message).toBe('bad attribute length 3 (4 bytes left) (at byte 0)');
      const long = thrown(() => c.decode(set, hex('04 00 03 00 0c 00 02 00 dc 05 00 00')));
      expect(long.message).toBe('bad attribute length 12 (8 bytes left) (at byte 4)');
      expect(long.path).toEqual([]);
    });

    it('an attribute whose payload does not fit its type is blamed by name, at the payload offset', async () => {
      const { c, set } = await setup();
      const error = thrown(() => c.decode(set, hex('04 00 03 00 06 00 02 00 dc 05 00 00')));
      expect(error).toBeInstanceOf(c.DecodeError);
      expect(error.path).toEqual(['mtu']);
      expect(error.message).toBe('mtu: u32 needs 4 bytes, payload has 2 (at byte 8)');
      // Inside a nest the path goes on in.
      const nested = thrown(() => c.decode(set, hex('0c 00 05 80 06 00 01 00 01 02 00 00')));
      expect(nested.path).toEqual(['inner', 'a']);
    });

    it('decodes a range of a larger buffer, with offsets counted in that buffer', async () => {
      const { c, set } = await setup();
      const codec = c.compileMessage(c.message('m', { attrs: set }));
      const bytes = hex('ff ff ff ff  08 00 02 00 dc 05 00 00  ee ee');
      expect(codec.decodeAt(bytes, c.wire.viewOf(bytes), 4, 12).attrs).toEqual({ mtu: 1500 });
      const error = thrown(() => codec.decodeAt(bytes, c.wire.viewOf(bytes), 4, 14));
      expect(error.message).toBe('truncated attribute header: 2 bytes left (at byte 12)');
    });

    it('keeps the first of a single attribute sent twice; the second survives a round trip as bytes', async () => {
      const { c, set } = await setup();
      const bytes = hex('08 00 02 00 01 00 00 00  08 00 02 00 02 00 00 00');
      const value = c.decode(set, bytes);
      expect(value).toEqual({ mtu: 1 });
      expect(c.encode(set, value)).toEqual(bytes);
      value.mtu = 7;
      expect(c.encode(set, value)).toEqual(hex('08 00 02 00 07 00 00 00  08 00 02 00 02 00 00 00'));
      delete value.mtu;
      expect(c.encode(set, value)).toEqual(new Uint8Array(0));
    });

    it('past the 31st single attribute a repeat is still told apart from a first', async () => {
      const { c } = await setup();
      // 34 single u8 attributes (ids 1..34): the decoder tracks the first 31 in a bit mask, the rest by value.
      const wide = c.attrset('wide', Object.fromEntries(Array.from({ length: 34 }, (_, i) => [`a${i}`, c.attr(i + 1, c.u8())])));
      for (const id of [31, 32, 34]) {
        const bytes = hex(`05 00 ${id.toString(16).padStart(2, '0')} 00 07 00 00 00  05 00 ${id.toString(16).padStart(2, '0')} 00 09 00 00 00`);
        const value = c.decode(wide, bytes);
        expect(value).toEqual({ [`a${id - 1}`]: 7 });
        expect(c.encode(wide, value)).toEqual(bytes);
      }
      // Different attributes past the 31st do not shadow each other.
      expect(c.decode(wide, hex('05 00 20 00 01 00 00 00  05 00 21 00 02 00 00 00  05 00 01 00 03 00 00 00'))).toEqual({ a31: 1, a32: 2, a0: 3 });
    });

    it('an attribute of id 0 added to a decoded object is written after the ones it came with, with its NLA_F_NESTED', async () => {
      const { c } = await setup();
      const set = c.attrset('with-zero', { zero: c.attr(0, c.nest(c.attrset('zero-inner', { x: c.attr(1, c.u8()) }))), a: c.attr(1, c.u8()) });
      const value = c.decode(set, hex('05 00 01 00 07 00 00 00')) as Record<string, unknown>;
      value.zero = { x: 1 };
      // linux/netlink.h: NLA_F_NESTED is 0x8000 of nla_type.
      expect(c.encode(set, value as never)).toEqual(hex('05 00 01 00 07 00 00 00  0c 00 00 80 05 00 01 00 01 00 00 00'));
    });

    it('an attribute taken away is not written, even beside one named "undefined"', async () => {
      const { c } = await setup();
      const set = c.attrset('named-undefined', { undefined: c.attr(1, c.u8()), x: c.attr(2, c.u8()) });
      const value = c.decode(set, hex('05 00 02 00 01 00 00 00  05 00 01 00 02 00 00 00')) as Record<string, unknown>;
      expect({ ...value }).toEqual({ x: 1, undefined: 2 });
      delete value.x;
      expect(c.encode(set, value as never)).toEqual(hex('05 00 01 00 02 00 00 00'));
    });

    it('a set of 64 attributes (as many as rtnetlink links have) tells the 32nd from the 64th', async () => {
      const { c } = await setup();
      const wide = c.attrset('sixty-four', Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`a${i}`, c.attr(i + 1, c.u8())])));
      // a31 (id 32) and a63 (id 64), each once.
      expect({ ...c.decode(wide, hex('05 00 20 00 01 00 00 00  05 00 40 00 02 00 00 00')) }).toEqual({ a31: 1, a63: 2 });
    });

    it('a first copy that decodes to undefined is still the first, inside the bit mask and past it', async () => {
      const { c } = await setup();
      // A hand-written decoder that gives undefined for a zero byte.
      const maybe = c.custom('maybe', (payload) => (payload[0] === 0 ? undefined : payload[0]), (value) => Uint8Array.of(value as number));
      const wide = c.attrset('wide-maybe', Object.fromEntries(Array.from({ length: 34 }, (_, i) => [`a${i}`, c.attr(i + 1, maybe)])));
      for (const id of [1, 34]) {
        const type = id.toString(16).padStart(2, '0');
        const value = c.decode(wide, hex(`05 00 ${type} 00 00 00 00 00  05 00 ${type} 00 09 00 00 00`)) as Record<string, unknown>;
        expect(Object.hasOwn(value, `a${id - 1}`)).toBe(true);
        expect(value[`a${id - 1}`]).toBeUndefined();
      }
    });

    it('attributes named like what every object inherits (constructor, toString…) decode as any other name', async () => {
      const { c } = await setup();
      // Ids 1..32 are a0..a31; valueOf (33) is past the bit mask's 31, toString and hasOwnProperty repeat,
      // and the sub-message `data` repeats too (its format chosen by `kind`, 36).
      const wide = c.attrset('inherited-names', {
        ...Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`a${i}`, c.attr(i + 1, c.u8())])),
        valueOf: c.attr(33, c.u8()),
        toString: c.attr(34, c.u8(), { multi: true }),
        hasOwnProperty: c.attr(35, c.u8(), { multi: true }),
        kind: c.attr(36, c.string()),
        constructor: c.attr(37, c.subMessage('kind', { n: { attrs: c.attrset('n', { x: c.attr(1, c.u8()) }) } }), { multi: true }),
      });
      const bytes = hex(
        '05 00 21 00 04 00 00 00  05 00 21 00 09 00 00 00  05 00 22 00 02 00 00 00  05 00 22 00 03 00 00 00 ' +
          '05 00 23 00 05 00 00 00  06 00 24 00 6e 00 00 00  0c 00 25 80 05 00 01 00 06 00 00 00  0c 00 25 80 05 00 01 00 07 00 00 00',
      );
      const value = c.decode(wide, bytes) as Record<string, unknown>;
      // The second valueOf is a repeat: the first is the value, the repeat is kept as bytes.
      expect({ ...value }).toEqual({ valueOf: 4, toString: [2, 3], hasOwnProperty: [5], kind: 'n', constructor: [{ x: 6 }, { x: 7 }] });
      expect(c.encode(wide, value as never)).toEqual(bytes);
      expect(c.encode(wide, { valueOf: 4, toString: [2, 3], hasOwnProperty: [5], kind: 'n', constructor: [{ x: 6 }, { x: 7 }] } as never)).toEqual(hex(
        '05 00 21 00 04 00 00 00  05 00 22 00 02 00 00 00  05 00 22 00 03 00 00 00  05 00 23 00 05 00 00 00 ' +
          '06 00 24 00 6e 00 00 00  0c 00 25 80 05 00 01 00 06 00 00 00  0c 00 25 80 05 00 01 00 07 00 00 00',
      ));
    });

    it('a repeated attribute collects every copy; copies that would not re-encode the same keep their bytes', async () => {
      const { c, set } = await setup();
      // tags "ab" without its NUL (as iproute2 writes some strings), then "cd\0".
      const bytes = hex('06 00 04 00 61 62 00 00  07 00 04 00 63 64 00 00');
      const value = c.decode(set, bytes);
      expect(value.tags).toEqual(['ab', 'cd']);
      expect(c.encode(set, value)).toEqual(bytes);
    });

    it('an inexact value deep in a nest keeps its bytes there, and a changed sibling is still written anew', async () => {
      const { c, set } = await setup();
      // inner { s "x" without NUL, a 1 }
      const bytes = hex('14 00 05 80  05 00 02 00 78 00 00 00  08 00 01 00 01 00 00 00');
      const value = c.decode(set, bytes);
      expect(value.inner).toEqual({ s: 'x', a: 1 });
      expect(c.encode(set, value)).toEqual(bytes);
      value.inner!.a = 2;
      expect(c.encode(set, value)).toEqual(hex('14 00 05 80  05 00 02 00 78 00 00 00  08 00 01 00 02 00 00 00'));
    });

    it('attributes it does not know are kept under UNKNOWN with their flag bits, in arrival order', async () => {
      const { c, set } = await setup();
      const bytes = hex('05 00 09 40 01 00 00 00  08 00 02 00 01 00 00 00  04 00 0a 80');
      const value = c.decode(set, bytes);
      expect(value[c.UNKNOWN as never]).toEqual([
        { type: 9, flags: 0x4000, payload: Uint8Array.of(1) },
        { type: 10, flags: 0x8000, payload: new Uint8Array(0) },
      ]);
      expect(c.attributeOrder(value)).toEqual([0x4009, 2, 0x800a]);
      expect(c.encode(set, value)).toEqual(bytes);
      // A plain object's unknown attributes go after the known ones.
      expect(c.encode(set, { mtu: 1, [c.UNKNOWN]: [{ type: 9, flags: 0x4000, payload: Uint8Array.of(1) }] } as never)).toEqual(
        hex('08 00 02 00 01 00 00 00  05 00 09 40 01 00 00 00'),
      );
      // Unknown attributes the caller dropped from a decoded value are not written.
      const dropped = c.decode(set, bytes);
      (dropped as Record<symbol, unknown>)[c.UNKNOWN] = [];
      expect(c.encode(set, dropped)).toEqual(hex('08 00 02 00 01 00 00 00'));
      // Ones the caller put in place of those that came go after the known attributes.
      const replaced = c.decode(set, bytes);
      (replaced as Record<symbol, unknown>)[c.UNKNOWN] = [{ type: 12, flags: 0, payload: Uint8Array.of(2) }];
      expect(c.encode(set, replaced)).toEqual(hex('08 00 02 00 01 00 00 00  05 00 0c 00 02 00 00 00'));
      expect(c.attributeOrder({ mtu: 1 })).toBeUndefined();
    });
  });

  describe('sub-messages', () => {
    const setupSub = async () => {
      const { c, inner } = await setup();
      const sel = c.attrset('sel', {
        kind: c.attr(1, c.string()),
        data: c.attr(2, c.subMessage('kind', { n: { value: c.u32() }, in: { attrs: inner } })),
        list: c.attr(3, c.subMessage('kind', { n: { value: c.u32() } }), { multi: true }),
      });
      return { c, sel };
    };

    it('is decoded by a selector that comes after it, and re-encoded in the order it came', async () => {
      const { c, sel } = await setupSub();
      const bytes = hex('08 00 02 00 05 00 00 00  06 00 01 00 6e 00 00 00');
      const value = c.decode(sel, bytes);
      expect(value).toEqual({ kind: 'n', data: 5 });
      expect(c.encode(sel, value)).toEqual(bytes);
      // Written anew: the selector first, the sub-message with NLA_F_NESTED.
      expect(c.encode(sel, { kind: 'n', data: 5 })).toEqual(hex('06 00 01 00 6e 00 00 00  08 00 02 80 05 00 00 00'));
    });

    it('a repeated sub-message collects its values', async () => {
      const { c, sel } = await setupSub();
      const bytes = hex('06 00 01 00 6e 00 00 00  08 00 03 00 01 00 00 00  08 00 03 00 02 00 00 00');
      const value = c.decode(sel, bytes);
      expect(value.list).toEqual([1, 2]);
      expect(c.encode(sel, value)).toEqual(bytes);
    });

    it('a value that would not re-encode the same keeps its bytes', async () => {
      const { c, sel } = await setupSub();
      // data: a u32 in 8 bytes.
      const bytes = hex('06 00 01 00 6e 00 00 00  0c 00 02 00 05 00 00 00 09 00 00 00');
      const value = c.decode(sel, bytes);
      expect(value.data).toBe(5);
      expect(c.encode(sel, value)).toEqual(bytes);
    });

    it('a change inside a sub-message after an inexact selector is written anew', async () => {
      const { c, sel } = await setupSub();
      // kind "in" without its NUL (inexact), then data { a 1 }.
      const bytes = hex('06 00 01 00 69 6e 00 00  0c 00 02 00 08 00 01 00 01 00 00 00');
      const value = c.decode(sel, bytes);
      expect(value.data).toEqual({ a: 1 });
      expect(c.encode(sel, value)).toEqual(bytes);
      (value.data as { a: number }).a = 2;
      expect(c.encode(sel, value)).toEqual(hex('06 00 01 00 69 6e 00 00  0c 00 02 00 08 00 01 00 02 00 00 00'));
    });

    it('a decode error inside is blamed on the sub-message', async () => {
      const { c, sel } = await setupSub();
      const error = thrown(() => c.decode(sel, hex('06 00 01 00 6e 00 00 00  06 00 02 00 05 00 00 00')));
      expect(error).toBeInstanceOf(c.DecodeError);
      expect(error.path).toEqual(['data']);
      expect(error.message).toBe('data: u32 needs 4 bytes, payload has 2 (at byte 12)');
    });
  });

  describe('encoding', () => {
    it('writes attributes in declaration order, skipping undefined and inherited properties', async () => {
      const { c, set } = await setup();
      const input = Object.assign(Object.create({ blob: Uint8Array.of(1) }), { mtu: 1500, name: 'ab', tags: undefined, up: false });
      expect(c.encode(set, input)).toEqual(hex('07 00 01 00 61 62 00 00  08 00 02 00 dc 05 00 00'));
      expect(c.encode(set, { up: true })).toEqual(hex('04 00 03 00'));
    });

    it('refuses anything but an object of attributes', async () => {
      const { c, set } = await setup();
      for (const [input, got] of [[5, 'number 5'], [null, 'null'], [[1], 'an array'], [Uint8Array.of(1), 'bytes'], ['x', '"x"']] as const) {
        const error = thrown(() => c.encode(set, input as never));
        expect(error).toBeInstanceOf(c.InvalidValueError);
        expect(error.message).toBe(`expected an object of s attributes, got ${got}`);
      }
      expect(thrown(() => c.encode(set, { header: {} } as never)).message).toBe('unknown attribute "header" in s');
    });

    it('sets NLA_F_NESTED on nests and arrays by default, and as the attribute options say', async () => {
      const { c, inner } = await setup();
      const flags = c.attrset('flags', {
        plain: c.attr(1, c.u8()),
        nested: c.attr(2, c.nest(inner)),
        notNested: c.attr(3, c.nest(inner), { nestedFlag: false }),
        forced: c.attr(4, c.u8(), { nestedFlag: true }),
        net: c.attr(5, c.be16(), { netByteOrder: true }),
        array: c.attr(6, c.indexedArray(c.u8())),
      });
      const bytes = c.encode(flags, { plain: 1, nested: {}, notNested: {}, forced: 2, net: 0x0102, array: [] });
      expect(bytes).toEqual(hex('05 00 01 00 01 00 00 00  04 00 02 80  04 00 03 00  05 00 04 80 02 00 00 00  06 00 05 40 01 02 00 00  04 00 06 80'));
    });

    it('a payload over nla_len’s 65535 bytes is refused, one that just fits is written', async () => {
      const { c, set } = await setup();
      const fits = c.encode(set, { blob: new Uint8Array(65531) });
      expect(fits.length).toBe(65536);
      expect([fits[0], fits[1]]).toEqual([0xff, 0xff]);
      const error = thrown(() => c.encode(set, { blob: new Uint8Array(65532) }));
      expect(error).toBeInstanceOf(c.InvalidValueError);
      expect(error.message).toBe('blob: encoded attribute is 65536 bytes, more than nla_len\u2019s 65535'.replace('\u2019', "'"));
    });

    it('a repeated attribute takes an array, skipping undefined items, and names the item that fails', async () => {
      const { c, set } = await setup();
      expect(c.encode(set, { tags: ['a', undefined, 'b'] as never })).toEqual(hex('06 00 04 00 61 00 00 00  06 00 04 00 62 00 00 00'));
      const notArray = thrown(() => c.encode(set, { tags: 'a' } as never));
      expect(notArray.message).toBe('tags: expected an array (repeated attribute), got "a"');
      expect(notArray.path).toEqual(['tags']);
      expect(thrown(() => c.encode(set, { tags: ['a', 5] } as never)).path).toEqual(['tags', 1]);
    });

    it('a decoded value re-encodes with the caller’s changes: items added, attributes added and removed', async () => {
      const { c, set } = await setup();
      const bytes = hex('06 00 04 00 61 00 00 00  08 00 02 00 01 00 00 00  06 00 04 00 62 00 00 00');
      const value = c.decode(set, bytes);
      value.tags!.push('c');
      delete value.mtu;
      value.name = 'n';
      // The arrival order first (tags a, tags b), then what it does not cover in declaration order.
      expect(c.encode(set, value)).toEqual(hex('06 00 04 00 61 00 00 00  06 00 04 00 62 00 00 00  06 00 01 00 6e 00 00 00  06 00 04 00 63 00 00 00'));
      // Encoded with a declaration where the attribute is single, a value decoded as repeated is written once.
      const single = c.attrset('s1', { tags: c.attr(4, c.string()) });
      const twice = c.decode(set, hex('06 00 04 00 61 00 00 00  06 00 04 00 62 00 00 00'));
      (twice as Record<string, unknown>).tags = 'z';
      expect(c.encode(single, twice as never)).toEqual(hex('06 00 04 00 7a 00 00 00'));
      // Items removed from a decoded array are not written.
      const fewer = c.decode(set, bytes);
      fewer.tags!.pop();
      expect(c.encode(set, fewer)).toEqual(hex('06 00 04 00 61 00 00 00  08 00 02 00 01 00 00 00'));
    });
  });

  describe('hand-written types', () => {
    it('their encode errors become InvalidValueErrors with the path; other typed errors pass through', async () => {
      const { c } = await setup();
      const failing = (error: Error) => c.custom('thing', () => 0, () => {
        throw error;
      });
      const encodeWith = (error: Error) => thrown(() => c.encode(c.attrset('h', { x: c.attr(1, failing(error)) }), { x: 1 } as never));
      const plain = encodeWith(new Error('too odd'));
      expect(plain).toBeInstanceOf(c.InvalidValueError);
      expect(plain.message).toBe('x: thing: too odd');
      const wire = encodeWith(new c.wire.EncodeError('does not fit'));
      expect(wire).toBeInstanceOf(c.InvalidValueError);
      expect(wire.message).toBe('x: does not fit');
      expect(wire.path).toEqual(['x']);
      const other = new c.wire.LinxError('ERR_LINX_OTHER', 'something else');
      expect(encodeWith(other)).toBe(other);
    });

    it('their malformed-bytes errors become DecodeErrors with the path and the offset', async () => {
      const { c } = await setup();
      const strict = c.custom('strict', (payload: Uint8Array) => {
        throw new c.wire.MalformedError(`no good: ${payload.length}`, 7);
      }, () => new Uint8Array(0));
      const error = thrown(() => c.decode(c.attrset('h', { x: c.attr(1, strict) }), hex('05 00 01 00 01 00 00 00')));
      expect(error).toBeInstanceOf(c.DecodeError);
      expect(error.message).toBe('x: no good: 1 (at byte 7)');
      expect(error.offset).toBe(7);
      // Anything else is not a codec error: it escapes as it is.
      const bug = new TypeError('bug');
      const buggy = c.custom('buggy', () => {
        throw bug;
      }, () => new Uint8Array(0));
      expect(thrown(() => c.decode(c.attrset('h', { x: c.attr(1, buggy) }), hex('04 00 01 00')))).toBe(bug);
    });

    it('a hand-written encoder may itself call encode', async () => {
      const { c, inner } = await setup();
      const wrapped = c.custom('wrapped', (payload: Uint8Array) => c.decode(inner, payload), (value: { a: number }) => c.encode(inner, value));
      const set = c.attrset('w', { w: c.attr(1, wrapped), n: c.attr(2, c.u8()) });
      const bytes = c.encode(set, { w: { a: 3 }, n: 4 } as never);
      expect(bytes).toEqual(hex('0c 00 01 00 08 00 01 00 03 00 00 00  05 00 02 00 04 00 00 00'));
      expect(c.decode(set, bytes)).toEqual({ w: { a: 3 }, n: 4 });
    });
  });
});
