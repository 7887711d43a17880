// A declaration compiles once, however many messages, nests and calls use it: the codecs are cached per
// declaration object (what keeps a dump of 65,000 routes from compiling anything past the first message).
import { describe, expect, it } from 'vitest';
import { attr, attrset, compileMessage, message, nest, struct, u32, u8 } from '../src/index.js';
import { compileAttrSet, compileStruct, compileType } from '../src/runtime.js';

describe('compiled once per declaration', () => {
  it('types, attribute sets, structs and messages', () => {
    const set = attrset('s', { a: attr(1, u8()) });
    const hdr = struct('h', { x: u32() });
    const msg = message('m', { header: hdr, attrs: set });
    const n = nest(set);
    expect(compileType(n)).toBe(compileType(n));
    expect(compileAttrSet(set)).toBe(compileAttrSet(set));
    expect(compileStruct(hdr)).toBe(compileStruct(hdr));
    expect(compileMessage(msg)).toBe(compileMessage(msg));
    // Equal but distinct declarations are distinct codecs.
    expect(compileStruct(struct('h', { x: u32() }))).not.toBe(compileStruct(hdr));
  });
});
