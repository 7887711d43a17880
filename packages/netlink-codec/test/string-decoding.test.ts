// Text decoding's fast paths (short ASCII text shared between equal names, ASCII without TextDecoder) must
// give exactly the text of the bytes, whatever was decoded before; and exactness (whether the bytes are
// kept for a byte-identical re-encode) looks only at the payload. Bytes written out by hand (struct
// nlattr: nla_len u16, nla_type u16, host order little-endian; payload padded to 4).
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hex, variants } from './codec-variants.js';

const ascii = new TextEncoder();

/**
 * The slot of the shared-text cache a short ASCII text lands in (FNV-1a, folded to 1,024 slots, as
 * string.ts computes it): only to pick texts that share a slot. What the tests assert is that each
 * text decodes to its own bytes, whatever shares its slot.
 */
function slotOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash ^ (hash >>> 16)) & 1023;
}
const letters = 'abcdefghijklmnopqrstuvwxyz';
const pairs = [...letters].flatMap((a) => [...letters].map((b) => a + b));

describe.runIf(endianness() === 'LE').each(variants)('text decoding (%s)', (_, load) => {
  it('every short name decodes to itself, after its prefixes and its neighbours were decoded', async () => {
    const c = await load();
    const type = c.string();
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const wrong: string[] = [];
    for (const x of letters) {
      for (const y of letters) {
        for (const z of letters) {
          // The prefixes first (shorter text that a cache of decoded names must not hand back), then the name.
          for (const text of [x, x + y, x + y + z, y + z + x]) {
            const got = c.decode(type, ascii.encode(`${text}\0`));
            if (got !== text) wrong.push(`${text} → ${got}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('text at an offset in a larger buffer decodes to its own bytes, not those before it', async () => {
    const c = await load();
    const set = c.attrset('s', { a: c.attr(1, c.string()), b: c.attr(2, c.string()) });
    // a "ab", then b "ba": equal length, equal letters, other order.
    const value = c.decode(set, hex('07 00 01 00 61 62 00 00  07 00 02 00 62 61 00 00'));
    expect(value).toEqual({ a: 'ab', b: 'ba' });
  });

  it('a text sharing a cache slot with another is compared with its own bytes, not those around it', async () => {
    const c = await load();
    // x and y share a slot and a first letter; y is read with x's second letter just before it.
    const [x, y] = pairs.flatMap((x) => pairs.filter((y) => y !== x && y[0] === x[0] && slotOf(y) === slotOf(x)).map((y) => [x, y] as const)).at(0)!;
    c.decode(c.string(), ascii.encode(`${x}\0`));
    const before = c.struct('before', { c: c.u8(), name: c.string({ fixedLength: 3 }) });
    expect(c.decode(before, Uint8Array.of(x.charCodeAt(1), y.charCodeAt(0), y.charCodeAt(1), 0))).toEqual({ c: x.charCodeAt(1), name: y });
    // yz (four letters) shares y's slot; y is read at byte 1 of a struct, z right after it.
    const [yy, z] = pairs.flatMap((yy) => pairs.filter((z) => slotOf(yy + z) === slotOf(yy)).map((z) => [yy, z] as const)).at(0)!;
    c.decode(c.string(), ascii.encode(`${yy}${z}\0`));
    const after = c.struct('after', { c: c.u8(), name: c.string({ fixedLength: 2 }), rest: c.string({ fixedLength: 2 }) });
    expect(c.decode(after, Uint8Array.of(0, ...ascii.encode(yy + z)))).toEqual({ c: 0, name: yy, rest: z });
  });

  it('invalid UTF-8 without a NUL keeps its own bytes, whatever the padding after it holds', async () => {
    const c = await load();
    const set = c.attrset('s', { name: c.attr(1, c.string()) });
    // nla_len 6: the payload is EF BF (a truncated U+FFFD), no NUL; the two padding bytes are BD 00.
    const value = c.decode(set, hex('06 00 01 00 ef bf bd 00'));
    expect(value.name).toBe('\uFFFD');
    // Written back as it came (the padding as zeros), not as the three bytes of U+FFFD and a NUL.
    expect(c.encode(set, value)).toEqual(hex('06 00 01 00 ef bf 00 00'));
  });

  it('invalid UTF-8 filling a fixed-length text keeps its bytes, whatever the byte after it in the struct', async () => {
    const c = await load();
    const s = c.struct('s', { name: c.string({ fixedLength: 2 }), x: c.u8() });
    const set = c.attrset('t', { s: c.attr(1, c.structType(s)) });
    // name EF BF (a truncated U+FFFD, no room for a NUL), then x = BD: with it, the three bytes of U+FFFD.
    const bytes = hex('07 00 01 00 ef bf bd 00');
    const value = c.decode(set, bytes) as { s: { name: string; x: number } };
    expect(value.s).toEqual({ name: '\uFFFD', x: 0xbd });
    expect(c.encode(set, value as never)).toEqual(bytes);
  });

  it('a fixed-length text in a struct: the byte after it is not the text\'s, and the struct stays editable in place', async () => {
    const c = await load();
    const s = c.struct('s', { name: c.string({ fixedLength: 4 }), x: c.u32() });
    const set = c.attrset('t', { s: c.attr(1, c.structType(s)) });
    // name "ab" NUL-padded to 4, then x = 7 (its first byte, 07, right after the text).
    const bytes = hex('0c 00 01 00 61 62 00 00 07 00 00 00');
    const value = c.decode(set, bytes) as { s: { name: string; x: number } };
    expect(value.s).toEqual({ name: 'ab', x: 7 });
    value.s.x = 8;
    expect(c.encode(set, value as never)).toEqual(hex('0c 00 01 00 61 62 00 00 08 00 00 00'));
  });
});
