// What the declaration tells about bytes beyond decoding them: the ext-ack offset of a kernel error mapped
// to attribute names (attributePathAt / nameBlamedAttribute), and a debug dump named by the schema
// (formatWithSchema). The requests are encoded with the codec and their offsets counted by hand:
// nlmsghdr is 16 bytes, struct nlattr 4, payloads padded to 4 (linux/netlink.h).
import { NetlinkError, encodeMessage, parseMessages } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import {
  attr,
  attrset,
  binary,
  compileMessage,
  formatWithSchema,
  headedNest,
  indexedArray,
  message,
  nest,
  string,
  struct,
  subMessage,
  typeValue,
  u16,
  u32,
  u8,
} from '../src/index.js';
import {
  attributePathAt,
  attributePathInPayload,
  nameBlamedAttribute,
} from '../src/runtime.js';
import { hex } from './codec-variants.js';

const inner = attrset('inner', { a: attr(1, u32()), s: attr(2, string()) });
// 3 bytes, so a header of it is padded by one.
const hdr = struct('hdr', { x: u16(), y: u8() });
const top = attrset('top', {
  kind: attr(1, string()),
  data: attr(2, subMessage('kind', { h: { header: hdr, attrs: inner }, v: { value: u32() } })),
  hn: attr(3, headedNest(hdr, inner)),
  arr: attr(4, indexedArray(u32())),
  n: attr(5, nest(inner)),
  tv: attr(6, typeValue(u32())),
  blob: attr(7, binary()),
});
const decl = message('thing', { header: struct('g', { cmd: u8() }), attrs: top, types: { newthing: 20, getthing: 21, delthing: 22, newalias: 20 } });
const codec = compileMessage(decl);

describe('attributePathAt', () => {
  // Payload: g (1 byte, padded to 4) | kind "h" @4 | data @12 { hdr @16, a @20 } | hn @28 { hdr @32, s @36 } | arr @44 { [1] @48, [2] @56 }
  const payload = codec.encode({ header: { cmd: 1 }, attrs: { kind: 'h', data: { header: { x: 1, y: 2 }, a: 7 }, hn: { header: { x: 3 }, s: 'q' }, arr: [5, 6] } });
  const request = encodeMessage({ type: 20, flags: 0x605, payload });
  const at = (offset: number) => attributePathAt(decl, request, offset);

  it('lays the request out as counted', () => {
    expect(payload.length).toBe(64);
    expect(Array.from(payload.subarray(44, 48))).toEqual([20, 0, 4, 0x80]);
  });

  it.each([
    [16 + 4, ['kind'], true],
    [16 + 6, ['kind'], false],
    [16 + 12, ['data'], true],
    [16 + 16, ['data'], false],
    [16 + 20, ['data', 'a'], true],
    [16 + 24, ['data', 'a'], false],
    [16 + 28, ['hn'], true],
    [16 + 32, ['hn'], false],
    [16 + 36, ['hn', 's'], true],
    [16 + 44, ['arr'], true],
    [16 + 48, ['arr', 0], true],
    [16 + 56, ['arr', 1], true],
    [16 + 60, ['arr', 1], false],
    [16 + 63, ['arr', 1], false],
  ])('offset %i → %j (exact: %s)', (offset, path, exact) => {
    expect(at(offset)).toEqual({ path, text: path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '['), exact });
  });

  it('has nothing for the headers, past the end, or a message without attributes', () => {
    expect(at(16 + 3)).toBeUndefined();
    expect(at(16 + 64)).toBeUndefined();
    expect(attributePathAt(message('bare', { header: hdr }), request, 20)).toBeUndefined();
  });

  it('stops at a sub-message whose format has no attributes or whose selector it cannot match', () => {
    for (const kind of ['v', 'zz']) {
      const p = codec.encode({ attrs: { kind, data: kind === 'v' ? 7 : hex('08 00 01 00 07 00 00 00') } });
      const r = encodeMessage({ type: 20, payload: p });
      // kind "v"/"zz" @4 (8 bytes, padded) … data @ 4 + 8 = 12 in the payload, its payload @16.
      expect(attributePathAt(decl, r, 16 + 16)).toEqual({ path: ['data'], text: 'data', exact: false });
    }
    const noSelector = encodeMessage({ type: 20, payload: codec.encode({ attrs: { data: hex('08 00 01 00 07 00 00 00') } }) });
    expect(attributePathAt(decl, noSelector, 16 + 12)).toEqual({ path: ['data'], text: 'data', exact: false });
  });

  it('the selector may carry bytes after its NUL', () => {
    // kind "h\0\nx" (7 bytes), data { hdr, a }.
    const p = hex('00 00 00 00  0b 00 01 00 68 00 0a 78 00 00 00 00  10 00 02 80 01 00 02 00 08 00 01 00 07 00 00 00');
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: p }), 16 + 24)).toEqual({ path: ['data', 'a'], text: 'data.a', exact: true });
  });

  it('finds an empty attribute or array item that ends the request, and names unknown attributes by number', () => {
    const empty = codec.encode({ attrs: { n: {} } });
    expect(Array.from(empty)).toEqual([0, 0, 0, 0, 4, 0, 5, 0x80]);
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: empty }), 16 + 4)).toEqual({ path: ['n'], text: 'n', exact: true });
    const arr = hex('00 00 00 00  10 00 04 80 08 00 01 00 05 00 00 00 04 00 02 00');
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: arr }), 16 + 16)).toEqual({ path: ['arr', 1], text: 'arr[1]', exact: true });
    const unknown = hex('00 00 00 00  08 00 1e 00 01 00 00 00');
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: unknown }), 16 + 4)).toEqual({ path: [30], text: '[30]', exact: true });
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: unknown }), 16 + 9)).toEqual({ path: [30], text: '[30]', exact: false });
  });

  it('stops where the bytes stop making sense', () => {
    const bad = hex('00 00 00 00  03 00 01 00');
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: bad }), 16 + 4)).toBeUndefined();
    const overlong = hex('00 00 00 00  08 00 01 00 68 00 00 00  10 00 01 00');
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: overlong }), 16 + 12)).toBeUndefined();
    // An array whose second child is cut short: the array is named, not the child.
    const arr = hex('00 00 00 00  14 00 04 80 08 00 01 00 05 00 00 00 0c 00 02 00 06 00 00 00');
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: arr }), 16 + 16)).toEqual({ path: ['arr'], text: 'arr', exact: false });
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: arr }), 16 + 8)).toEqual({ path: ['arr', 0], text: 'arr[0]', exact: true });
    const tiny = hex('00 00 00 00  0c 00 04 80 03 00 01 00 05 00 00 00');
    expect(attributePathAt(decl, encodeMessage({ type: 20, payload: tiny }), 16 + 8)).toEqual({ path: ['arr'], text: 'arr', exact: false });
  });

  it('counts the offset from the nlmsghdr when given the payload alone', () => {
    expect(attributePathInPayload(decl, payload, 16 + 36)).toEqual(at(16 + 36));
    expect(attributePathInPayload(decl, payload, 16 + 64)).toBeUndefined();
    expect(attributePathInPayload(decl, payload, 16 + 63)).toEqual(at(16 + 63));
  });

  it('nameBlamedAttribute names the attribute in a kernel error, and leaves anything else alone', () => {
    const error = nameBlamedAttribute(new NetlinkError(22, { message: 'bad thing', offset: 16 + 36 }), decl, payload);
    expect(error.attributePath).toBe('hn.s');
    expect(error.message).toBe('EINVAL (Invalid argument): bad thing (attribute hn.s)');
    const nowhere = nameBlamedAttribute(new NetlinkError(22, { offset: 8 }), decl, payload);
    expect(nowhere.attributePath).toBeUndefined();
    const noOffset = nameBlamedAttribute(new NetlinkError(22, {}), decl, payload);
    expect(noOffset.attributePath).toBeUndefined();
    const other = new Error('not from the kernel');
    expect(nameBlamedAttribute(other, decl, payload)).toBe(other);
  });
});

describe('formatWithSchema', () => {
  // A kind without a format, its data an attribute list as bytes. (With kind "h" the dump would read data's
  // header as attributes: the NLA_F_NESTED flag a sub-message is written with makes it look like a nest.)
  const attrs = { kind: 'zz', n: { a: 1 }, arr: [2], tv: [{ type: 9, value: 3 }], hn: { header: { x: 4 }, a: 5 }, data: hex('08 00 01 00 06 00 00 00'), blob: hex('08 00 01 00 00 00 00 00') };
  const dump = (type: number, flags: number, payload = codec.encode({ header: { cmd: 1 }, attrs })) =>
    formatWithSchema(decl, parseMessages(encodeMessage({ type, flags, seq: 1, payload }))[0]!).split('\n');

  it('shows nests, arrays and type-value nests as nests, and leaf types (a headed nest included) as bytes', () => {
    expect(dump(20, 0x605)).toEqual([
      'newthing (20) len=104 flags=NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE seq=1 pid=0',
      '  header: 01 00 00 00',
      '  kind [1] len=7: "zz" (7a 7a 00)',
      '  data [2 NESTED] len=12 {',
      '    [1] len=8: 06 00 00 00',
      '  }',
      '  hn [3 NESTED] len=16: 04 00 00 00 08 00 01 00 05 00 00 00',
      '  arr [4 NESTED] len=12 {',
      '    [1] len=8: 02 00 00 00',
      '  }',
      '  n [5 NESTED] len=12 {',
      '    a [1] len=8: 01 00 00 00',
      '  }',
      '  tv [6 NESTED] len=12 {',
      '    [9] len=8: 03 00 00 00',
      '  }',
      '  blob [7] len=12: 08 00 01 00 00 00 00 00',
    ]);
  });

  it('an attribute the schema does not know is shown as a nest when it parses as one', () => {
    const p = hex('01 00 00 00  0c 00 1e 00 08 00 01 00 01 00 00 00');
    expect(dump(20, 0x5, p).slice(2)).toEqual(['  [30] len=12 {', '    [1] len=8: 01 00 00 00', '  }']);
    const bare = message('bare', { header: struct('g', { cmd: u8() }), types: { newbare: 20 } });
    const lines = formatWithSchema(bare, parseMessages(encodeMessage({ type: 20, flags: 0x5, payload: p }))[0]!).split('\n');
    expect(lines.slice(2)).toEqual(['  [30] len=12 {', '    [1] len=8: 01 00 00 00', '  }']);
  });

  it('a sub-message is a nest when its flag says so', () => {
    // data without NLA_F_NESTED, and a payload that is no attribute list.
    const p = hex('01 00 00 00  06 00 01 00 68 00 00 00  08 00 02 00 01 02 03 04');
    expect(dump(20, 0x5, p).slice(3)).toEqual(['  data [2] len=8: 01 02 03 04']);
  });

  it('names the flag bits by the kind of request its type name tells', () => {
    expect(dump(21, 0x301)[0]).toBe('getthing (21) len=104 flags=NLM_F_REQUEST|NLM_F_DUMP seq=1 pid=0');
    expect(dump(22, 0x105)[0]).toBe('delthing (22) len=104 flags=NLM_F_REQUEST|NLM_F_ACK|NLM_F_NONREC seq=1 pid=0');
    const named = (name: string) =>
      formatWithSchema(message('x', { attrs: inner, types: { [name]: 30 } }), parseMessages(encodeMessage({ type: 30, flags: 0x101, seq: 1, payload: new Uint8Array(0) }))[0]!);
    expect(named('setthing')).toMatch(/flags=NLM_F_REQUEST\|NLM_F_REPLACE /);
    expect(named('addthing')).toMatch(/flags=NLM_F_REQUEST\|NLM_F_REPLACE /);
    expect(named('newthing')).toMatch(/flags=NLM_F_REQUEST\|NLM_F_REPLACE /);
    expect(named('getthing')).toMatch(/flags=NLM_F_REQUEST\|NLM_F_ROOT /);
    expect(named('delthing')).toMatch(/flags=NLM_F_REQUEST\|NLM_F_NONREC /);
    // Only a name that starts so counts.
    for (const name of ['reset', 'forget', 'model', 'other']) expect(named(name)).toMatch(/flags=NLM_F_REQUEST\|0x100 /);
    expect(formatWithSchema(decl, parseMessages(encodeMessage({ type: 99, flags: 0x101, payload: new Uint8Array(0) }))[0]!)).toMatch(/^type \(99\) len=16 flags=NLM_F_REQUEST\|0x100 /);
  });
});
