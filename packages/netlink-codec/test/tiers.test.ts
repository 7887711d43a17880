// An attribute set's first GENERATE_AFTER objects are decoded by the interpreted loop, the ones after by
// the loop generated for the set; a struct's straight-line decoder and encoder are generated after as
// many calls. Observed here as the code the runtime is asked to generate (`new Function` counted) and,
// for attribute sets, as the function in the decoder's stack (the generated one is named decodeLoop).
// That both tiers give the same output is checked over every generated spec in
// tools/ynl-gen/test/decode-tiers.property.test.ts; here, for the objects either side of the switch.
import { afterEach, describe, expect, it } from 'vitest';
import { attr, attrset, custom, decode, encode, nest, string, struct, structType, u16, u32, u8 } from '../src/index.js';
import { attributeOrder } from '../src/runtime.js';
import { GENERATE_AFTER } from '../src/tier.js';
import { codeGeneration } from '../src/decode-loop.js';
import { hex } from './codec-variants.js';

const original = globalThis.Function;
let generated: string[] = [];

/** Counts the functions the codec generates from now on (their source), still generating them. */
function countGeneratedCode(): void {
  generated = [];
  codeGeneration(); // asked once per process, with a function of its own: not counted
  globalThis.Function = function counting(...args: string[]) {
    generated.push(args.at(-1)!);
    return original(...args);
  } as unknown as FunctionConstructor;
}

afterEach(() => {
  globalThis.Function = original;
});

describe('tiers', () => {
  it('switches at GENERATE_AFTER, a few objects into a run', () => {
    expect(GENERATE_AFTER).toBeGreaterThan(0);
    expect(GENERATE_AFTER).toBeLessThanOrEqual(256);
  });

  it("an attribute set's loop is generated at its GENERATE_AFTER-th object and decodes the ones after", () => {
    const inGenerated: boolean[] = [];
    const set = attrset('tiered', {
      name: attr(1, string()),
      probe: attr(2, custom('probe', (payload) => (inGenerated.push((new Error().stack ?? '').includes('at decodeLoop ')), payload.length), () => new Uint8Array(0))),
      list: attr(3, u32(), { multi: true }),
    });
    // "lo", a probe, two list items, and one attribute the set does not know (id 9).
    const bytes = hex('07 00 01 00 6c 6f 00 00  04 00 02 00  08 00 03 00 01 00 00 00  08 00 03 00 02 00 00 00  05 00 09 00 07 00 00 00');
    countGeneratedCode();
    const values = [];
    for (let i = 1; i <= GENERATE_AFTER + 2; i++) {
      values.push(decode(set, bytes));
      // Nothing is generated before the GENERATE_AFTER-th object; at it, the set's loop, once.
      expect(generated.filter((source) => source.includes('decodeLoop')).length, `after ${i} objects`).toBe(i < GENERATE_AFTER ? 0 : 1);
    }
    expect(inGenerated).toEqual(Array.from({ length: GENERATE_AFTER + 2 }, (_, i) => i >= GENERATE_AFTER));
    // Either side of the switch: the same value, the same shared order array, the same bytes again.
    const before = values[GENERATE_AFTER - 1]!;
    const after = values[GENERATE_AFTER]!;
    expect(after).toEqual(before);
    expect(before).toMatchObject({ name: 'lo', probe: 0, list: [1, 2] });
    expect(attributeOrder(after)).toBe(attributeOrder(before));
    expect(encode(set, after)).toEqual(bytes);
    expect(encode(set, before)).toEqual(bytes);
  });

  it('a nested set counts its own objects', () => {
    const inner = attrset('inner', { a: attr(1, u8()) });
    const outer = attrset('outer', { in: attr(1, nest(inner), { multi: true }) });
    // Two inner objects per outer one: the inner set reaches GENERATE_AFTER first.
    const bytes = hex('0c 00 01 80 05 00 01 00 07 00 00 00  0c 00 01 80 05 00 01 00 08 00 00 00');
    countGeneratedCode();
    for (let i = 1; i <= GENERATE_AFTER / 2; i++) decode(outer, bytes);
    expect(generated.length).toBe(1);
    expect(generated[0]).toContain('decodeLoop');
    expect(decode(outer, bytes)).toEqual({ in: [{ a: 7 }, { a: 8 }] });
  });

  it("a struct's decoder and encoder are generated each after GENERATE_AFTER calls of their own", () => {
    const point = struct('point', { x: u16(), y: u16(), z: u32() });
    const set = attrset('points', { p: attr(1, structType(point)) });
    const bytes = hex('0c 00 01 00 01 00 02 00 03 00 00 00');
    countGeneratedCode();
    const decodes = [];
    for (let i = 1; i <= GENERATE_AFTER + 1; i++) {
      decodes.push(decode(set, bytes));
      expect(generated.filter((source) => source.includes('decodeWhole')).length).toBe(i < GENERATE_AFTER ? 0 : 1);
    }
    expect(decodes[GENERATE_AFTER]).toEqual(decodes[GENERATE_AFTER - 1]);
    expect(decodes[GENERATE_AFTER]).toEqual({ p: { x: 1, y: 2, z: 3 } });
    expect(generated.some((source) => source.includes('encodeWhole'))).toBe(false);
    for (let i = 1; i <= GENERATE_AFTER + 1; i++) {
      expect(encode(set, { p: { x: 1, y: 2, z: 3 } }), `encode ${i}`).toEqual(bytes);
      expect(generated.filter((source) => source.includes('encodeWhole')).length).toBe(i < GENERATE_AFTER ? 0 : 1);
    }
  });
});
