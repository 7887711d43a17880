import { describe, expect, expectTypeOf, it } from 'vitest';
import { UNKNOWN, InvalidValueError, compileMessage, decode, encode } from '../src/index.js';
import { attributeOrder } from '../src/runtime.js';
import { linkAttrs, linkMessage } from './link-decl.js';
import { vethPayload } from './golden.js';

const link = compileMessage(linkMessage);

describe('a real RTM_NEWLINK (veth) from iproute2', () => {
  it('decodes header, attributes, the linkinfo nest and the veth peer chosen by kind', () => {
    const value = link.decode(vethPayload);
    expect(value.header).toEqual({ family: 0, type: 0, index: 0, flags: [], change: 0 });
    expect(value.attrs.ifname).toBe('v0');
    expect(value.attrs.linkinfo?.kind).toBe('veth');
    const data = value.attrs.linkinfo?.data;
    if (!data || data instanceof Uint8Array) throw new Error('veth data should decode with the veth format');
    expect(data.peer?.header).toEqual({ family: 0, type: 0, index: 0, flags: [], change: 0 });
    expect(data.peer?.ifname).toBe('v1');
  });

  it('re-encodes byte for byte, although the kind came without its NUL', () => {
    const value = link.decode(vethPayload);
    expect(link.encode(value)).toEqual(vethPayload);
  });

  it('encodes the same request from a plain object, differing only in the NUL linx adds to the kind', () => {
    const bytes = link.encode({
      header: {},
      attrs: { ifname: 'v0', linkinfo: { kind: 'veth', data: { peer: { header: {}, ifname: 'v1' } } } },
    });
    const decoded = link.decode(bytes);
    expect(decoded.attrs.linkinfo?.kind).toBe('veth');
    expect(bytes.length).toBe(vethPayload.length + 4);
  });

  it('a changed value is written anew, the rest stays as it came', () => {
    const value = link.decode(vethPayload);
    value.attrs.ifname = 'veth-renamed';
    const back = link.decode(link.encode(value));
    expect(back.attrs.ifname).toBe('veth-renamed');
    expect((back.attrs.linkinfo?.data as { peer: { ifname: string } } | undefined)?.peer.ifname).toBe('v1');
  });
});

// Type tests: tsc checks them (the typecheck step of `npm test`); at run time expectTypeOf does nothing.
describe('types inferred from the declaration', () => {
  it('decoded values and encode input', () => {
    type Value = ReturnType<typeof link.decode>;
    expectTypeOf<Value['attrs']['mtu']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Value['attrs']['ifname']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Value['attrs']['altnames']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<Value['attrs']['stats64']>().toEqualTypeOf<{ rxPackets: bigint; txPackets: bigint; rxBytes: bigint; txBytes: bigint } | undefined>();
    expectTypeOf<Value['attrs']['operstate']>().toEqualTypeOf<'unknown' | 'notpresent' | 'down' | 'lowerlayerdown' | 'testing' | 'dormant' | 'up' | number | undefined>();
    expectTypeOf<Value['attrs']['protoDownFlag']>().toEqualTypeOf<true | undefined>();
    expectTypeOf<Value['header']['index']>().toEqualTypeOf<number>();
    expectTypeOf(link.encode).toBeCallableWith({ attrs: { mtu: 1500 } });
    // @ts-expect-error: not an attribute of this set
    expectTypeOf(link.encode).toBeCallableWith({ attrs: { nosuch: 1 } });
    // @ts-expect-error: mtu is a number
    expectTypeOf(link.encode).toBeCallableWith({ attrs: { mtu: 'big' } });
  });
});

describe('unknown attributes survive', () => {
  it('are kept with their type, flags and bytes, and written back in place', () => {
    // IFLA_IFNAME, then an attribute id 0x3fff no declaration knows (nested flag set), then IFLA_MTU.
    const bytes = Uint8Array.from([8, 0, 3, 0, 0x65, 0x30, 0, 0, 8, 0, 0xff, 0xbf, 1, 2, 3, 4, 8, 0, 4, 0, 0xdc, 5, 0, 0]);
    const value = decode(linkAttrs, bytes);
    expect(Object.keys(value)).toEqual(['ifname', 'mtu']);
    expect([value.ifname, value.mtu]).toEqual(['e0', 1500]);
    expect(value[UNKNOWN as never]).toEqual([{ type: 0x3fff, flags: 0x8000, payload: Uint8Array.of(1, 2, 3, 4) }]);
    expect(attributeOrder(value)).toEqual([3, 0xbfff, 4]);
    expect(encode(linkAttrs, value)).toEqual(bytes);
  });
});

describe('validation with the attribute path', () => {
  const cases: [string, unknown, RegExp][] = [
    ['linkinfo.data.peer.ifname', { linkinfo: { kind: 'veth', data: { peer: { ifname: 'x'.repeat(16) } } } }, /longer than the 15 allowed/],
    ['mtu', { mtu: -1 }, /out of range/],
    ['mtu', { mtu: 1.5 }, /not an integer/],
    ['operstate', { operstate: 'sideways' }, /unknown enum name "sideways"/],
    ['address', { address: 'nope' }, /invalid link-layer address/],
    ['altnames[1]', { altnames: ['ok', 'a\0b'] }, /NUL/],
    ['ifname', { ifname: 42 }, /expected a string/],
    ['linkinfo.data', { linkinfo: { kind: 'bogus', data: { peer: {} } } }, /no format for kind "bogus"/],
    ['', { nosuch: 1 }, /unknown attribute "nosuch"/],
  ];
  it.each(cases)('%s', (path, attrs, reason) => {
    let error: unknown;
    try {
      encode(linkAttrs, attrs as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidValueError);
    expect((error as InvalidValueError).code).toBe('ERR_LINX_INVALID');
    expect((error as InvalidValueError).path.join('.').replace(/\.(\d+)/g, '[$1]')).toBe(path);
    expect((error as InvalidValueError).message).toMatch(reason);
  });
});
