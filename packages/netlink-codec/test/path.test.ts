import { encodeMessage } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { attr, attrset, indexedArray, message, nest, string, u32, u8 } from '../src/index.js';
import { attributePathAt, attributePathInPayload } from '../src/runtime.js';
import { linkMessage } from './link-decl.js';
import { vethPayload } from './golden.js';

// The veth request as sent: nlmsghdr (16) + ifinfomsg (16) + IFLA_IFNAME "v0" at 32 + IFLA_LINKINFO at 40
// { IFLA_INFO_KIND at 44, IFLA_INFO_DATA at 52 { VETH_INFO_PEER at 56 { ifinfomsg, IFLA_IFNAME "v1" at 76 } } }.
const request = encodeMessage({ type: 16, flags: 0x605, payload: vethPayload });

describe('attributePathAt maps an ext-ack offset to names', () => {
  it.each([
    [32, 'ifname', true],
    [40, 'linkinfo', true],
    [44, 'linkinfo.kind', true],
    [52, 'linkinfo.data', true],
    [56, 'linkinfo.data.peer', true],
    [76, 'linkinfo.data.peer.ifname', true],
    [78, 'linkinfo.data.peer.ifname', false],
  ])('offset %i → %s', (offset, text, exact) => {
    expect(attributePathAt(linkMessage, request, offset)).toMatchObject({ text, exact });
  });

  it('a request known by its payload maps the same offsets', () => {
    expect(attributePathInPayload(linkMessage, vethPayload, 76)).toEqual(attributePathAt(linkMessage, request, 76));
    expect(attributePathInPayload(linkMessage, vethPayload, 8)).toBeUndefined();
  });

  it('offsets in the headers or past the end have no path', () => {
    expect(attributePathAt(linkMessage, request, 8)).toBeUndefined();
    expect(attributePathAt(linkMessage, request, 20)).toBeUndefined();
    expect(attributePathAt(linkMessage, request, 500)).toBeUndefined();
  });

  it('descends into indexed arrays and names unknown attributes by number', () => {
    const item = attrset('item', { name: attr(1, string()) });
    const decl = message('m', { attrs: attrset('top', { list: attr(1, indexedArray(nest(item))), n: attr(2, u32()) }) });
    const payload = Uint8Array.of(
      // list [ {name "a"}, {name "b"} ]
      28, 0, 1, 0x80, 12, 0, 1, 0x80, 6, 0, 1, 0, 0x61, 0, 0, 0, 12, 0, 2, 0x80, 6, 0, 1, 0, 0x62, 0, 0, 0,
      // attribute 9, unknown
      8, 0, 9, 0, 1, 0, 0, 0,
    );
    const msg = encodeMessage({ type: 30, payload });
    expect(attributePathAt(decl, msg, 16 + 20)).toMatchObject({ path: ['list', 1, 'name'], text: 'list[1].name', exact: true });
    expect(attributePathAt(decl, msg, 16 + 28)).toMatchObject({ path: [9], exact: true });
  });

  it('an offset at an indexed array item\'s header is that item exactly; inside a leaf item, the item, not exactly', () => {
    const item = attrset('item', { name: attr(1, string()) });
    const nests = message('m', { attrs: attrset('top', { list: attr(1, indexedArray(nest(item))) }) });
    // The same list as above: item 0 at payload byte 4, item 1 at 16.
    const list = Uint8Array.of(28, 0, 1, 0x80, 12, 0, 1, 0x80, 6, 0, 1, 0, 0x61, 0, 0, 0, 12, 0, 2, 0x80, 6, 0, 1, 0, 0x62, 0, 0, 0);
    expect(attributePathInPayload(nests, list, 16 + 16)).toEqual({ path: ['list', 1], text: 'list[1]', exact: true });
    const leaves = message('m', { attrs: attrset('top', { vals: attr(1, indexedArray(u32())) }) });
    // vals [7, 8]: items of 8 bytes at payload bytes 4 and 12.
    const vals = Uint8Array.of(20, 0, 1, 0x80, 8, 0, 1, 0, 7, 0, 0, 0, 8, 0, 2, 0, 8, 0, 0, 0);
    expect(attributePathInPayload(leaves, vals, 16 + 12)).toEqual({ path: ['vals', 1], text: 'vals[1]', exact: true });
    expect(attributePathInPayload(leaves, vals, 16 + 14)).toEqual({ path: ['vals', 1], text: 'vals[1]', exact: false });
  });

  it('an offset inside an indexed array\'s own header lies in no item, whatever ends the payload', () => {
    const decl = message('m', { attrs: attrset('top', { list: attr(1, indexedArray(u8())) }) });
    // One attribute of 9 bytes, not padded (the payload ends there): its one item, u8 7, at byte 4.
    const payload = Uint8Array.of(9, 0, 1, 0x80, 5, 0, 1, 0, 7);
    expect(attributePathInPayload(decl, payload, 16 + 1)).toEqual({ path: ['list'], text: 'list', exact: false });
  });
});
