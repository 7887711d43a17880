// Sub-messages at their edges: a format that is only a fixed header (tc's struct-only qdisc options),
// whose decoded header stays editable in place; and a selector that is absent, which is no selector at
// all, not the text "undefined" or "null". Payloads written out by hand (host order little-endian; an
// attribute header is nla_len u16, nla_type u16, NLA_F_NESTED 0x8000, include/uapi/linux/netlink.h).
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hex, variants } from './codec-variants.js';

describe.runIf(endianness() === 'LE').each(variants)('sub-messages (%s)', (_, load) => {
  it('a format of a header alone: the decoded header changed in place is written anew', async () => {
    const c = await load();
    const set = c.attrset('s', {
      kind: c.attr(1, c.string()),
      data: c.attr(2, c.subMessage('kind', { h: { header: c.struct('h', { x: c.u32() }) } })),
    });
    // kind "h" (len 6), then data (len 8, nested) holding x = 7.
    const bytes = hex('06 00 01 00 68 00 00 00  08 00 02 80 07 00 00 00');
    const value = c.decode(set, bytes) as { kind: string; data: { header: { x: number } } };
    expect(value.data).toEqual({ header: { x: 7 } });
    expect(c.encode(set, value as never)).toEqual(bytes);
    value.data.header.x = 8;
    expect(c.encode(set, value as never)).toEqual(hex('06 00 01 00 68 00 00 00  08 00 02 80 08 00 00 00'));
  });

  it('a header alone with bytes after it: they come back on a round trip', async () => {
    const c = await load();
    const set = c.attrset('s', {
      kind: c.attr(1, c.string()),
      data: c.attr(2, c.subMessage('kind', { h: { header: c.struct('h', { x: c.u32() }) } })),
    });
    const bytes = hex('06 00 01 00 68 00 00 00  0c 00 02 80 07 00 00 00 aa bb cc dd');
    const value = c.decode(set, bytes) as { data: { header: { x: number } } };
    expect(value.data).toEqual({ header: { x: 7 } });
    expect(c.encode(set, value as never)).toEqual(bytes);
  });

  it('without its selector the payload stays bytes, even where formats are named "undefined" and "null"', async () => {
    const c = await load();
    const formats = { undefined: { value: c.u32() }, null: { value: c.u32() } };
    const set = c.attrset('s', { kind: c.attr(1, c.string()), data: c.attr(2, c.subMessage('kind', formats)) });
    const value = c.decode(set, hex('08 00 02 80 07 00 00 00')) as { data: unknown };
    expect(value.data).toEqual(hex('07 00 00 00'));
    // The formats are there: named by the selector, they are used.
    expect((c.decode(set, hex('0e 00 01 00 75 6e 64 65 66 69 6e 65 64 00 00 00  08 00 02 80 07 00 00 00')) as { data: unknown }).data).toBe(7);
    expect((c.decode(set, hex('09 00 01 00 6e 75 6c 6c 00 00 00 00  08 00 02 80 07 00 00 00')) as { data: unknown }).data).toBe(7);
  });

  it('a selector given as null picks no format, not the one named "null"', async () => {
    const c = await load();
    // data declared first, so it is encoded before the (invalid) null kind is looked at.
    const set = c.attrset('s', { data: c.attr(2, c.subMessage('kind', { null: { value: c.u32() } })), kind: c.attr(1, c.string()) });
    expect(() => c.encode(set, { data: 7, kind: null } as never)).toThrow('data: no format for kind null; pass the payload as bytes');
  });
});
