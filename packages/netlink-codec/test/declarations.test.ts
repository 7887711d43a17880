// Declarations are plain data a printer, a path mapper or a generator reads at run time: what each DSL
// function puts in them (and leaves out), and what the compiler makes of them.
import { describe, expect, it } from 'vitest';
import {
  attr,
  attrset,
  be16,
  be32,
  be64,
  binary,
  decode,
  encode,
  enumOf,
  flagsOf,
  headedNest,
  message,
  nest,
  resolve,
  s16,
  s32,
  s64,
  s8,
  string,
  struct,
  subMessage,
  u16,
  u32,
  u64,
  u8,
} from '../src/index.js';
import {
  compileType,
} from '../src/runtime.js';
import { hex, thrown, variants } from './codec-variants.js';

describe('the DSL writes plain data', () => {
  it('integers: kind, byte order (host unless said), bigint for 64-bit kinds unless declared safe, display hint only when given', () => {
    expect(u8()).toEqual({ kind: 'int', int: 'u8', order: 'host', bigint: false });
    expect(s8()).toEqual({ kind: 'int', int: 's8', order: 'host', bigint: false });
    expect(u16({ order: 'little' })).toEqual({ kind: 'int', int: 'u16', order: 'little', bigint: false });
    expect(s16()).toEqual({ kind: 'int', int: 's16', order: 'host', bigint: false });
    expect(u32({ display: 'hex' })).toEqual({ kind: 'int', int: 'u32', order: 'host', bigint: false, display: 'hex' });
    expect(s32()).toEqual({ kind: 'int', int: 's32', order: 'host', bigint: false });
    expect(u64()).toEqual({ kind: 'int', int: 'u64', order: 'host', bigint: true });
    expect(u64({ bigint: false })).toEqual({ kind: 'int', int: 'u64', order: 'host', bigint: false });
    expect(s64()).toEqual({ kind: 'int', int: 's64', order: 'host', bigint: true });
    expect(s64({ bigint: false, order: 'big' })).toEqual({ kind: 'int', int: 's64', order: 'big', bigint: false });
    expect(be16()).toEqual({ kind: 'int', int: 'u16', order: 'big', bigint: false });
    expect(be32({ display: 'ipv4' })).toEqual({ kind: 'int', int: 'u32', order: 'big', bigint: false, display: 'ipv4' });
    expect(be64()).toEqual({ kind: 'int', int: 'u64', order: 'big', bigint: true });
    expect('display' in u32()).toBe(false);
  });

  it('a 64-bit integer declared safe decodes to a number', () => {
    expect(decode(u64({ bigint: false }), hex('00 00 00 00 00 00 10 00'))).toBe(2 ** 52);
    expect(decode(s64({ bigint: false }), hex('ff ff ff ff ff ff ff ff'))).toBe(-1);
    expect(decode(u64(), hex('01 00 00 00 00 00 00 00'))).toBe(1n);
  });

  it('names, options and parts only when given', () => {
    expect(enumOf(u8(), { a: 1 }, 'letters')).toEqual({ kind: 'enum', base: u8(), values: { a: 1 }, name: 'letters' });
    expect('name' in enumOf(u8(), { a: 1 })).toBe(false);
    expect(flagsOf(u8(), { a: 1 }, 'bits')).toEqual({ kind: 'flags', base: u8(), bits: { a: 1 }, name: 'bits' });
    expect('name' in flagsOf(u8(), { a: 1 })).toBe(false);
    expect(subMessage('kind', {}, 'data')).toEqual({ kind: 'sub-message', selector: 'kind', formats: {}, name: 'data' });
    expect('name' in subMessage('kind', {})).toBe(false);
    expect(attr(3, u8())).toEqual({ id: 3, type: u8(), multi: false });
    expect(attr(3, u8(), { multi: true, nestedFlag: false, netByteOrder: true })).toEqual({ id: 3, type: u8(), multi: true, nestedFlag: false, netByteOrder: true });
    expect(Object.keys(attr(3, u8(), { multi: true }))).toEqual(['id', 'type', 'multi']);
    const set = attrset('s', {});
    const header = struct('h', {});
    expect(message('m', {})).toEqual({ kind: 'message', name: 'm', types: {} });
    expect(message('m', { header, attrs: set, types: { get: 1 } })).toEqual({ kind: 'message', name: 'm', types: { get: 1 }, header, attrs: set });
    expect(headedNest(header, set)).toEqual({ kind: 'nest', header, attrs: set });
    expect(string({ maxLength: 3 })).toEqual({ kind: 'string', maxLength: 3 });
    expect(binary({ length: 6, display: 'mac' })).toEqual({ kind: 'binary', length: 6, display: 'mac' });
  });

  it('lazy references resolve to what the function returns; values resolve to themselves', () => {
    const set = attrset('s', {});
    expect(resolve(() => set)).toBe(set);
    expect(resolve(set)).toBe(set);
  });

  it('a recursive nest refers to its own set', () => {
    const tree: ReturnType<typeof attrset> = attrset('tree', { leaf: attr(1, u8()), child: attr(2, nest(() => tree)) });
    const bytes = encode(tree, { leaf: 1, child: { leaf: 2, child: { leaf: 3 } } } as never);
    expect(bytes).toEqual(hex('05 00 01 00 01 00 00 00  18 00 02 80  05 00 01 00 02 00 00 00  0c 00 02 80 05 00 01 00 03 00 00 00'));
    expect(decode(tree, bytes)).toEqual({ leaf: 1, child: { leaf: 2, child: { leaf: 3 } } });
  });
});

describe('generated code holds only integers from the declaration', () => {
  it('refuses an attribute id or a struct layout that is not whole numbers', async () => {
    const load = Object.fromEntries(variants);
    const g = await load.generated!();
    expect(thrown(() => g.compileAttrSet(g.attrset('x', { a: g.attr(1.5, g.u8()) }))).message).toBe('attribute id 1.5 is not an integer');
    expect(thrown(() => g.compileStruct(g.struct('x', { p: g.pad(0.5), a: g.u8() }))).message).toBe('struct field offsets are integers');
    expect(thrown(() => g.compileStruct(g.struct('y', { s: g.string({ fixedLength: 2.5 }) }))).message).toBe('struct field offsets are integers');
    // The interpreted copy has no code to protect.
    const i = await load.interpreted!();
    expect(i.compileStruct(i.struct('x', { p: i.pad(0.5), a: i.u8() })).size).toBe(1.5);
  });
});

describe('compileType', () => {
  it('compiles each declaration once', () => {
    const decl = u32();
    expect(compileType(decl)).toBe(compileType(decl));
  });
  it('refuses kinds that are not types of their own', () => {
    expect(thrown(() => compileType(message('m', {}) as never)).message).toBe('cannot compile a declaration of kind "message" here');
    expect(thrown(() => compileType(subMessage('kind', {}))).message).toBe('cannot compile a declaration of kind "sub-message" here');
  });
});
