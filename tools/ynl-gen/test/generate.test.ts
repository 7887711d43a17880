// The generator's rules, one at a time, on small specs written here: what each YNL construct becomes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileMessage, decode, encode, resolve, type AttrSetDecl, type StructDecl } from '@linx/netlink-codec';
import { compileAttrSet, compileStruct } from '@linx/netlink-codec/runtime';
import { generate } from '../src/emit.js';
import { parseSpec } from '../src/load.js';
import { attrSetIdent, camelCase, messageIdent, propertyKey, safeIdentifier } from '../src/naming.js';
import { resolveFamily, resolveLen } from '../src/resolve.js';
import { GENERATED_DIR } from './helpers/specs.js';

const SPDX = '# SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)\n';

let counter = 0;
/** Generates a module from spec text, writes it under test/.generated/unit/ and imports it. */
async function load(yaml: string): Promise<{ code: string; warnings: string[]; m: Record<string, unknown> }> {
  const { code, warnings } = generate(parseSpec(SPDX + yaml, 'test.yaml'));
  const dir = join(GENERATED_DIR, 'unit');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `spec${++counter}.ts`);
  writeFileSync(file, code);
  const m = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
  return { code, warnings, m };
}

const ids = (set: unknown) => Object.fromEntries(Object.entries((set as AttrSetDecl).attributes).map(([k, a]) => [k, a.id]));

const raw = (body: string) => `name: test\nprotocol: netlink-raw\nprotonum: 0\ndoc: x\n${body}\noperations:\n  list: []\n`;

describe('naming', () => {
  it('camelCases spec names and keeps non-identifiers quoted', () => {
    expect(camelCase('proto-down')).toBe('protoDown');
    expect(camelCase('rtnl-link-stats64')).toBe('rtnlLinkStats64');
    expect(camelCase('--kernel-timespec')).toBe('kernelTimespec');
    expect(camelCase('labels mask')).toBe('labelsMask');
    expect(camelCase('flow_offload')).toBe('flowOffload');
    expect(propertyKey('6rdPrefix')).toBe("'6rdPrefix'");
    expect(propertyKey('not-present')).toBe("'not-present'");
    expect(propertyKey('up')).toBe('up');
    expect(safeIdentifier('delete')).toBe('delete_');
    expect(safeIdentifier('8021q')).toBe('_8021q');
    expect(attrSetIdent('link-attrs')).toBe('linkAttrs');
    expect(attrSetIdent('metrics')).toBe('metricsAttrs');
    expect(attrSetIdent('linkinfo-bridge-attrs')).toBe('linkinfoBridgeAttrs');
    expect(messageIdent('fib-rule')).toBe('fibRuleMessage');
  });
});

describe('attribute ids', () => {
  it('count from 1; an explicit value resets the count; unused takes a number and is not emitted', async () => {
    const { m, code } = await load(
      raw(`attribute-sets:
  - name: a-attrs
    attributes:
      - { name: one, type: u32 }
      - { name: two, type: string }
      - { name: ten, type: u8, value: 10 }
      - { name: eleven, type: flag }
      - { name: gone, type: unused }
      - { name: thirteen, type: pad }
  - name: zero-based
    attributes:
      - { name: unspec, type: unused, value: 0 }
      - { name: first, type: u16 }`),
    );
    expect(ids(m.aAttrs)).toEqual({ one: 1, two: 2, ten: 10, eleven: 11, thirteen: 13 });
    expect(ids(m.zeroBasedAttrs)).toEqual({ first: 1 });
    expect(code).toContain('// 12: gone (unused)');
    expect((m.aAttrs as AttrSetDecl).attributes.thirteen!.type).toEqual({ kind: 'binary' });
  });

  it('a subset reuses its parent’s ids and types, with its own overrides', async () => {
    const { m } = await load(
      raw(`attribute-sets:
  - name: parent
    attributes:
      - { name: a, type: u16, byte-order: big-endian }
      - { name: b, type: binary, display-hint: ipv4-or-v6 }
      - { name: c, type: string }
  - name: child
    subset-of: parent
    attributes:
      - { name: c, multi-attr: true }
      - { name: b, display-hint: ipv6 }`),
    );
    expect(ids(m.childAttrs)).toEqual({ c: 3, b: 2 });
    expect((m.childAttrs as AttrSetDecl).attributes.c).toMatchObject({ multi: true, type: { kind: 'string' } });
    expect((m.childAttrs as AttrSetDecl).attributes.b!.type).toEqual({ kind: 'binary', display: 'ipv6' });
  });
});

describe('definitions', () => {
  it('enums start at value-start (0 by default), entries may set values; flags are bit masks from 1 << (value-start + i)', async () => {
    const { m } = await load(
      raw(`definitions:
  - { name: plain, type: enum, entries: [a, b, c] }
  - { name: started, type: enum, value-start: 5, entries: [a, { name: b, value: 9 }, c] }
  - { name: bits, type: flags, name-prefix: bits-, entries: [x, y, z] }
  - { name: high-bits, type: flags, value-start: 3, entries: [x, { name: y, value: 31 }] }
  - { name: width, type: const, value: 16 }
attribute-sets:
  - name: s
    attributes:
      - { name: e, type: u8, enum: plain }
      - { name: f, type: u32, enum: bits }
      - { name: g, type: u32, enum: plain, enum-as-flags: true }
      - { name: h, type: string, checks: { max-len: width - 1 } }
      - { name: i, type: bitfield32, enum: bits }`),
    );
    expect(m.plainValues).toEqual({ a: 0, b: 1, c: 2 });
    expect(m.startedValues).toEqual({ a: 5, b: 9, c: 10 });
    expect(m.bitsValues).toEqual({ x: 1, y: 2, z: 4 });
    expect(m.highBitsValues).toEqual({ x: 8, y: 2 ** 31 });
    expect(m.plainBits).toEqual({ a: 1, b: 2, c: 4 });
    expect(m.width).toBe(16);
    const attrs = (m.sAttrs as AttrSetDecl).attributes;
    expect(attrs.e!.type).toMatchObject({ kind: 'enum', name: 'plain', base: { int: 'u8' } });
    expect(attrs.f!.type).toMatchObject({ kind: 'flags', bits: { x: 1, y: 2, z: 4 } });
    expect(attrs.g!.type).toMatchObject({ kind: 'flags', bits: { a: 1, b: 2, c: 4 } });
    expect(attrs.h!.type).toEqual({ kind: 'string', maxLength: 15 });
    expect(attrs.i!.type).toEqual({ kind: 'bitfield32', bits: { x: 1, y: 2, z: 4 } });
    expect(decode(m.sAttrs as AttrSetDecl, encode(m.sAttrs as AttrSetDecl, { e: 'c', f: ['x', 'z'], g: ['b'] } as never))).toMatchObject({ e: 'c', f: ['x', 'z'], g: ['b'] });
  });

  it('resolves lengths written as consts, with " - 1" and C-prefixed names', () => {
    const family = resolveFamily(parseSpec(SPDX + raw(`definitions:\n  - { name: key-len, name-prefix: wg-, type: const, value: 32 }\nattribute-sets: []`), 't.yaml'));
    expect(resolveLen(family, 'key-len')).toBe(32);
    expect(resolveLen(family, 'wg-key-len')).toBe(32);
    expect(resolveLen(family, 'WG_KEY_LEN - 1')).toBe(31);
    expect(resolveLen(family, 7)).toBe(7);
    expect(resolveLen(family, 'nope')).toBeUndefined();
  });

  it('structs: members in order, fixed strings and binaries, nested structs, enums, big-endian, C padding', async () => {
    const { m } = await load(
      raw(`definitions:
  - { name: kind, type: enum, entries: [none, some] }
  - name: inner
    type: struct
    members:
      - { name: a, type: u16, byte-order: big-endian }
      - { name: b, type: u64 }
  - name: outer
    type: struct
    members:
      - { name: tag, type: u8, enum: kind }
      - { name: name, type: string, len: 5 }
      - { name: pad, type: pad, len: 2 }
      - { name: inner, type: binary, struct: inner }
      - { name: mac, type: binary, len: 6, display-hint: mac }
      - { name: addr, type: binary, len: 4, display-hint: ipv4 }
      - { name: last, type: u32 }
  - { name: tail, type: struct, members: [ { name: big, type: u64 }, { name: small, type: u8 } ] }
attribute-sets:
  - name: s
    attributes:
      - { name: o, type: binary, struct: outer }`),
    );
    const outer = compileStruct(m.outer as StructDecl);
    expect(outer.fields.map((f) => [f.name, f.offset, f.size])).toEqual([
      ['tag', 0, 1],
      ['name', 1, 5],
      ['pad', 6, 2],
      ['inner', 8, 16],
      ['mac', 24, 6],
      ['addr', 30, 4],
      ['_align34', 34, 2],
      ['last', 36, 4],
    ]);
    expect(outer.size).toBe(40);
    expect((m.inner as StructDecl).fields).toMatchObject({ a: { int: 'u16', order: 'big' }, _align2: { kind: 'pad', length: 6 }, b: { int: 'u64' } });
    const value = { tag: 'some', name: 'eth0', inner: { a: 0x1234, b: 7n }, mac: Uint8Array.of(1, 2, 3, 4, 5, 6), addr: '10.0.0.1', last: 9 };
    const bytes = encode(m.outer as StructDecl, value as never);
    expect(bytes.length).toBe(40);
    // A struct whose size is not a multiple of its alignment ends with padding, as in C.
    expect(compileStruct(m.tail as StructDecl).fields.map((f) => [f.name, f.offset, f.size])).toEqual([['big', 0, 8], ['small', 8, 1], ['_align9', 9, 7]]);
    expect(decode(m.outer as StructDecl, bytes)).toEqual(value);
  });
});

describe('attribute types', () => {
  it('binary display hints become addresses only where the length fits; packed sub-types; structs; mac of any length', async () => {
    const { m } = await load(
      raw(`definitions:
  - { name: pair, type: struct, members: [ { name: a, type: u32 }, { name: b, type: u32 } ] }
attribute-sets:
  - name: s
    attributes:
      - { name: v4, type: binary, display-hint: ipv4, checks: { exact-len: 4 } }
      - { name: v6, type: binary, display-hint: ipv6, checks: { exact-len: 16 } }
      - { name: loose-v6, type: binary, display-hint: ipv6 }
      - { name: either, type: binary, display-hint: ipv4-or-v6 }
      - { name: u32-addr, type: u32, byte-order: big-endian, display-hint: ipv4 }
      - { name: hw, type: binary, display-hint: mac }
      - { name: key, type: binary, display-hint: hex, checks: { exact-len: 32 } }
      - { name: blob, type: binary, checks: { max-len: 8 } }
      - { name: nums, type: binary, sub-type: u16 }
      - { name: st, type: binary, struct: pair }
      - { name: big, type: u64, byte-order: big-endian }
      - { name: signed, type: s8 }
      - { name: auto, type: uint }
      - { name: sauto, type: sint }`),
    );
    const t = (k: string) => (m.sAttrs as AttrSetDecl).attributes[k]!.type;
    expect(t('v4')).toEqual({ kind: 'address', family: 'ipv4' });
    expect(t('v6')).toEqual({ kind: 'address', family: 'ipv6' });
    expect(t('looseV6')).toEqual({ kind: 'binary', display: 'ipv6' });
    expect(t('either')).toEqual({ kind: 'binary', display: 'ipv4-or-v6' });
    expect(t('u32Addr')).toEqual({ kind: 'address', family: 'ipv4' });
    expect(t('hw')).toEqual({ kind: 'address', family: 'mac' });
    expect(t('key')).toEqual({ kind: 'binary', length: 32, display: 'hex' });
    expect(t('blob')).toEqual({ kind: 'binary', maxLength: 8 });
    expect(t('nums')).toMatchObject({ kind: 'packed', item: { int: 'u16' } });
    expect(t('st')).toMatchObject({ kind: 'struct', struct: m.pair });
    expect(t('big')).toMatchObject({ kind: 'int', int: 'u64', order: 'big', bigint: true });
    // exact-len: a longer payload decodes to its first bytes and still re-encodes as it came.
    const longer = Uint8Array.from([36, 0, 7, 0, ...Array.from({ length: 32 }, (_, i) => i)]);
    const decoded = decode(m.sAttrs as AttrSetDecl, longer.slice(0, 36)) as { key?: Uint8Array };
    expect(decoded.key).toHaveLength(32);
    const key34 = Uint8Array.from([38, 0, 7, 0, ...Array.from({ length: 34 }, (_, i) => i), 0, 0]);
    const value34 = decode(m.sAttrs as AttrSetDecl, key34) as { key?: Uint8Array };
    expect(value34.key).toEqual(Uint8Array.from({ length: 32 }, (_, i) => i));
    expect(encode(m.sAttrs as AttrSetDecl, value34 as never)).toEqual(key34);
    expect(t('signed')).toMatchObject({ kind: 'int', int: 's8' });
    expect(t('auto')).toEqual({ kind: 'varint', signed: false });
    expect(t('sauto')).toEqual({ kind: 'varint', signed: true });
  });

  it('nests, indexed arrays (of nests and of scalars), nest-type-value, multi-attr', async () => {
    const { m } = await load(
      raw(`attribute-sets:
  - name: outer
    attributes:
      - { name: child, type: nest, nested-attributes: inner }
      - { name: list, type: indexed-array, sub-type: nest, nested-attributes: inner }
      - { name: old-list, type: array-nest, nested-attributes: inner }
      - { name: ports, type: indexed-array, sub-type: u16 }
      - { name: by-id, type: nest-type-value, type-value: [ policy-id, attr-id ], nested-attributes: inner }
      - { name: many, type: u32, multi-attr: true }
  - name: inner
    attributes:
      - { name: x, type: u8 }`),
    );
    const outer = m.outerAttrs as AttrSetDecl;
    expect(outer.attributes.child!.type).toEqual({ kind: 'nest', attrs: m.innerAttrs });
    expect(outer.attributes.list!.type).toEqual({ kind: 'indexed-array', start: 0, item: { kind: 'nest', attrs: m.innerAttrs } });
    expect(outer.attributes.oldList!.type).toEqual(outer.attributes.list!.type);
    expect(outer.attributes.ports!.type).toMatchObject({ kind: 'indexed-array', item: { int: 'u16' } });
    expect(outer.attributes.byId!.type).toEqual({ kind: 'type-value', item: { kind: 'type-value', item: { kind: 'nest', attrs: m.innerAttrs } } });
    expect(outer.attributes.many).toMatchObject({ multi: true });
    const value = { child: { x: 1 }, list: [{ x: 2 }, { x: 3 }], ports: [80, 443], byId: [{ type: 4, value: [{ type: 5, value: { x: 6 } }] }], many: [7, 8] };
    expect(decode(outer, encode(outer, value))).toEqual(value);
  });

  it('cycles: a set written after its uses is referred to by an annotated thunk; the rest directly', async () => {
    const { m, code } = await load(
      raw(`attribute-sets:
  - name: node
    attributes:
      - { name: value, type: u32 }
      - { name: next, type: nest, nested-attributes: node }
      - { name: other, type: nest, nested-attributes: other }
  - name: other
    attributes:
      - { name: back, type: nest, nested-attributes: node }
      - { name: leaf, type: nest, nested-attributes: leaf }
  - name: leaf
    attributes:
      - { name: v, type: u8 }`),
    );
    expect(code).toContain('next: attr(2, nest((): AttrSetDecl => nodeAttrs))');
    expect(code).toContain('back: attr(1, nest((): AttrSetDecl => nodeAttrs))');
    expect(code).toContain('leaf: attr(2, nest(leafAttrs))');
    expect(code).toContain('other: attr(3, nest(otherAttrs))');
    expect(code.indexOf('export const leafAttrs')).toBeLessThan(code.indexOf('export const otherAttrs'));
    expect(code.indexOf('export const otherAttrs')).toBeLessThan(code.indexOf('export const nodeAttrs'));
    const node = m.nodeAttrs as AttrSetDecl;
    const value = { value: 1, next: { value: 2, other: { back: { value: 3 }, leaf: { v: 4 } } } };
    expect(decode(node, encode(node, value))).toEqual(value);
    expect(resolve((node.attributes.next!.type as unknown as { attrs: () => AttrSetDecl }).attrs)).toBe(node);
  });

  it('sub-messages: formats by selector value, with attributes, a fixed header, both, or neither', async () => {
    const { m, code, warnings } = await load(
      raw(`definitions:
  - { name: hdr, type: struct, members: [ { name: h, type: u32 } ] }
attribute-sets:
  - name: top
    attributes:
      - { name: kind, type: string }
      - { name: data, type: sub-message, sub-message: by-kind, selector: kind }
  - name: a-data
    attributes:
      - { name: x, type: u32 }
      - { name: back, type: nest, nested-attributes: top }
sub-messages:
  - name: by-kind
    formats:
      - { value: a, attribute-set: a-data }
      - { value: h, fixed-header: hdr }
      - { value: ha, fixed-header: hdr, attribute-set: a-data }
      - { value: none }
      - { value: lost, attribute-set: no-such-set }`),
    );
    expect(Object.keys(m.byKindFormats as object)).toEqual(['a', 'h', 'ha', 'none']);
    expect(m.byKindFormats).toEqual({ a: { attrs: m.aDataAttrs }, h: { header: m.hdr }, ha: { header: m.hdr, attrs: m.aDataAttrs }, none: {} });
    expect(code).toContain("data: attr(2, subMessage('kind', byKindFormats, 'by-kind'))");
    expect(code).toContain('back: attr(2, nest((): AttrSetDecl => topAttrs))');
    expect(warnings).toEqual(['sub-message by-kind, format lost: attribute set no-such-set is not defined in the spec; left out (the value stays bytes)']);
    const top = m.topAttrs as AttrSetDecl;
    for (const value of [
      { kind: 'a', data: { x: 1, back: { kind: 'h', data: { header: { h: 2 } } } } },
      { kind: 'ha', data: { header: { h: 3 }, x: 4 } },
      { kind: 'none', data: {} },
      { kind: 'lost', data: Uint8Array.of(1, 2, 3, 4) },
    ]) {
      expect(decode(top, encode(top, value as never))).toEqual(value);
    }
  });
});

describe('operations', () => {
  it('netlink-raw, directional: one message per header and set, request/reply/notification types by name', async () => {
    const { m } = await load(`name: test
protocol: netlink-raw
protonum: 0
doc: x
definitions:
  - { name: hdr, type: struct, members: [ { name: family, type: u8 }, { name: pad, type: pad, len: 3 } ] }
  - { name: other-hdr, type: struct, members: [ { name: x, type: u32 } ] }
attribute-sets:
  - { name: thing-attrs, attributes: [ { name: name, type: string } ] }
operations:
  enum-model: directional
  fixed-header: hdr
  list:
    - { name: newthing, doc: x, attribute-set: thing-attrs, do: { request: { value: 40 } } }
    - { name: newthing-ntf, doc: x, value: 40, notify: getthing }
    - { name: getthing, doc: x, attribute-set: thing-attrs, do: { request: { value: 42 }, reply: { value: 40 } }, dump: { request: { value: 42 }, reply: { value: 40 } } }
    - { name: same, doc: x, attribute-set: thing-attrs, do: { request: { value: 50 }, reply: { value: 50 } } }
    - { name: other, doc: x, attribute-set: thing-attrs, fixed-header: other-hdr, do: { request: { value: 60 } } }
mcast-groups:
  list:
    - { name: grp-things, value: 7 }
    - { name: named }
`);
    // One set under two headers: both messages are named <set>-<header>.
    expect(m.thingHdrMessage).toEqual({ kind: 'message', name: 'thing-hdr', header: m.hdr, attrs: m.thingAttrs, types: { newthing: 40, newthingNtf: 40, getthing: 42, getthingReply: 40, same: 50 } });
    expect(m.thingOtherHdrMessage).toMatchObject({ header: m.otherHdr, types: { other: 60 } });
    expect(m.thingMessage).toBeUndefined();
    expect(m.mcastGroups).toEqual({ grpThings: 7, named: 'named' });
    const codec = compileMessage(m.thingHdrMessage as never);
    expect(codec.headerLength).toBe(4);
  });

  it('genetlink: commands numbered as the kernel’s YNL library numbers them, messages without a header', async () => {
    const unified = await load(`name: fam
protocol: genetlink-legacy
doc: x
attribute-sets:
  - { name: main, attributes: [ { name: a, type: u32 } ] }
operations:
  list:
    - { name: first, doc: x, attribute-set: main, do: { request: { attributes: [a] } } }
    - { name: jump, doc: x, value: 7, attribute-set: main, do: { request: { attributes: [a] } } }
    - { name: after, doc: x, attribute-set: main, dump: { request: { attributes: [a] } } }
`);
    expect(unified.m.commandValues).toEqual({ first: 1, jump: 7, after: 8 });
    expect(unified.m.mainMessage).toEqual({ kind: 'message', name: 'main', attrs: unified.m.mainAttrs, types: {} });
    const directional = await load(`name: fam
protocol: genetlink-legacy
doc: x
attribute-sets:
  - { name: main, attributes: [ { name: a, type: u32 } ] }
operations:
  enum-model: directional
  list:
    - { name: get, doc: x, attribute-set: main, do: { request: { attributes: [a] }, reply: { attributes: [a] } } }
    - { name: set, doc: x, attribute-set: main, do: { request: { attributes: [a] } } }
    - { name: ntf, doc: x, notify: get }
    - { name: act, doc: x, attribute-set: main, do: { request: { attributes: [a] } } }
    - { name: evt, doc: x, attribute-set: main, event: { attributes: [a] } }
`);
    expect(directional.m.requestCommandValues).toEqual({ get: 1, set: 2, act: 3 });
    expect(directional.m.replyCommandValues).toEqual({ 'get-reply': 1, ntf: 2, evt: 3 });
  });
});

describe('the output', () => {
  it('starts with the spec’s SPDX line and names the spec and the generator; two spec names for one export are an error', async () => {
    const { code } = await load(raw('attribute-sets: []'));
    expect(code.split('\n').slice(0, 2)).toEqual([
      '// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)',
      "// Generated by @linx/ynl-gen from the kernel's YNL spec test.yaml (Documentation/netlink/specs/test.yaml).",
    ]);
    expect(() => generate(parseSpec(SPDX + raw(`definitions:\n  - { name: x-y, type: struct, members: [] }\n  - { name: x_y, type: const, value: 1 }\nattribute-sets: []`), 't.yaml'))).toThrow(
      /struct x-y and const x_y would both be exported as xY/,
    );
    expect(() => parseSpec('name: x\n', 'x.yaml')).toThrow(/SPDX/);
  });

  it('the --codec-import option changes the import', () => {
    const { code } = generate(parseSpec(SPDX + raw('attribute-sets: [ { name: s, attributes: [ { name: a, type: u8 } ] } ]'), 't.yaml'), { codecImport: '../codec.js' });
    expect(code).toContain("import { attr, attrset, u8 } from '../codec.js';");
  });

  it('compiles what it wrote (a set compiles and round-trips)', async () => {
    const { m } = await load(raw('attribute-sets: [ { name: s, attributes: [ { name: a, type: u8 }, { name: b, type: string } ] } ]'));
    const codec = compileAttrSet(m.sAttrs as AttrSetDecl);
    expect(codec.byName.get('b')?.id).toBe(2);
  });
});

describe('genetlink operations for a typed client', () => {
  const genl = (ops: string, groups = '') => `name: test
protocol: genetlink-legacy
doc: x
attribute-sets:
  - name: dev
    attributes:
      - { name: ifindex, type: u32 }
      - { name: name, type: string }
      - { name: stats, type: u64 }
operations:
  enum-model: directional
  list:
${ops}
${groups}`;

  it('per operation and mode: request command and attributes, reply command and attributes (member names); no reply where the spec gives none', async () => {
    const { m, warnings } = await load(
      genl(`    - name: dev-get
      attribute-set: dev
      do:
        request: { value: 5, attributes: [ifindex] }
        reply: { value: 9, attributes: [ifindex, name, stats, nonesuch] }
      dump:
        reply: { value: 9, attributes: [ifindex] }
    - name: dev-set
      attribute-set: dev
      do:
        request: { value: 6, attributes: [ifindex, name] }`),
    );
    const operations = m.operations as Record<string, Record<string, unknown>>;
    expect(Object.keys(operations)).toEqual(['dev-get', 'dev-set']);
    expect(operations['dev-get']!.attrs).toBe(m.devAttrs);
    expect(operations['dev-get']!.do).toEqual({ request: { cmd: 5, attributes: ['ifindex'] }, reply: { cmd: 9, attributes: ['ifindex', 'name', 'stats'] } });
    expect(operations['dev-get']!.dump).toEqual({ request: { cmd: 5, attributes: [] }, reply: { cmd: 9, attributes: ['ifindex'] } });
    expect(operations['dev-set']!.do).toEqual({ request: { cmd: 6, attributes: ['ifindex', 'name'] } });
    expect(warnings).toContain('dev-get do reply: nonesuch is not an attribute of dev; left out');
  });

  it("notifications: command, set, the notified operation's reply attributes, the group (mcgrp, else the family's only one); groups list theirs", async () => {
    const { m } = await load(
      genl(
        `    - name: dev-get
      attribute-set: dev
      do:
        request: { value: 1, attributes: [ifindex] }
        reply: { value: 1, attributes: [ifindex, name] }
    - name: dev-add-ntf
      notify: dev-get
      value: 7
    - name: dev-stats
      attribute-set: dev
      event: { attributes: [stats] }`,
        `mcast-groups:
  list:
    - name: mgmt`,
      ),
    );
    expect(m.notifications).toEqual({
      'dev-add-ntf': { cmd: 7, attrs: m.devAttrs, attributes: ['ifindex', 'name'], group: 'mgmt' },
      'dev-stats': { cmd: 8, attrs: m.devAttrs, attributes: ['stats'], group: 'mgmt' },
    });
    expect(m.groupNotifications).toEqual({ mgmt: ['dev-add-ntf', 'dev-stats'] });
  });

  it('netlink-raw families get none of these', async () => {
    const { m } = await load(raw('attribute-sets: []'));
    expect(m.operations).toBeUndefined();
  });
});
