// Encoding is synchronous and shares one scratch writer; a hand-written encoder that encodes on its own
// (here: a length byte, then an attribute set) must get a writer of its own, whatever it does with the
// bytes. Bytes written out by hand (struct nlattr, host order little-endian).
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hex, variants } from './codec-variants.js';

describe.runIf(endianness() === 'LE').each(variants)('an encode inside an encode (%s)', (_, load) => {
  it('leaves the outer message intact', async () => {
    const c = await load();
    const inner = c.attrset('inner', { a: c.attr(1, c.u8()) });
    const counted = c.custom(
      'counted',
      (payload: Uint8Array) => c.decode(inner, payload.subarray(1)),
      (value: { a?: number }) => {
        const body = c.encode(inner, value);
        return Uint8Array.of(body.length, ...body);
      },
    );
    const set = c.attrset('outer', { n: c.attr(1, c.u32()), x: c.attr(2, counted), m: c.attr(3, c.u8()) });
    const bytes = c.encode(set, { n: 7, x: { a: 5 }, m: 9 } as never);
    expect(bytes).toEqual(hex('08 00 01 00 07 00 00 00  0d 00 02 00 08 05 00 01 00 05 00 00 00 00 00 00  05 00 03 00 09 00 00 00'));
    expect(c.decode(set, bytes)).toEqual({ n: 7, x: { a: 5 }, m: 9 });
  });
});
