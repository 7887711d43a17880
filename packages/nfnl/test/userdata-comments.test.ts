// User data (NFTA_*_USERDATA) as libnftnl writes it: type byte, length byte, value. The literals are what
// nft 1.0.6 sent (strace) for `add table inet t { comment "tc"; }` (00 03 74 63 00) and for a set with
// `comment "sc"`, whose user data holds other items first (the key byte order, 0, and the key's typeof, 3: NFTNL_UDATA_SET_*)
// and the comment last as type 7.
import { describe, expect, it } from 'vitest';
import { nft } from '../src/index.js';

// nft 1.0.6, `add set inet t s { type ipv4_addr . inet_service; flags interval; timeout 30s; comment "sc"; }`: NFTA_SET_USERDATA.
const NFT_SET_USERDATA = Uint8Array.of(0, 4, 0, 0, 0, 0, 3, 8, 0, 4, 13, 0, 0, 0, 1, 0, 7, 3, 115, 99, 0);

describe('user data TLVs', () => {
  it('parses what nft wrote for a set: each item, the comment last', () => {
    const items = nft.parseUserdata(NFT_SET_USERDATA)!;
    expect(items.map((i) => [i.type, [...i.value]])).toEqual([
      [0, [0, 0, 0, 0]],
      [3, [0, 4, 13, 0, 0, 0, 1, 0]],
      [7, [115, 99, 0]],
    ]);
    expect(nft.commentOf(NFT_SET_USERDATA, nft.commentTypes.set)).toBe('sc');
  });

  it('writes a table comment as nft does', () => {
    expect([...nft.withComment('tc', nft.commentTypes.table)]).toEqual([0, 3, 116, 99, 0]);
  });

  it('replaces a comment already there and keeps the other items in front, as nft orders them', () => {
    const withoutComment = NFT_SET_USERDATA.subarray(0, 16);
    expect([...nft.withComment('sc', nft.commentTypes.set, withoutComment)]).toEqual([...NFT_SET_USERDATA]);
    expect([...nft.withComment('sc', nft.commentTypes.set, nft.withComment('old', 7, withoutComment))]).toEqual([...NFT_SET_USERDATA]);
  });

  it('bytes that are not TLVs: no items, no comment, and a new comment starts afresh', () => {
    expect(nft.parseUserdata(Uint8Array.of(0))).toBeUndefined(); // a header cut short
    expect(nft.parseUserdata(Uint8Array.of(0, 3, 104, 105))).toBeUndefined(); // a value cut short
    expect(nft.parseUserdata(Uint8Array.of(0, 2, 104, 105))).toHaveLength(1); // exactly to the end
    expect(nft.parseUserdata(new Uint8Array(0))).toEqual([]);
    expect(nft.commentOf(Uint8Array.of(0, 3, 104, 105), 0)).toBeUndefined();
    expect(nft.commentOf(undefined, 0)).toBeUndefined();
    expect([...nft.withComment('x', 0, Uint8Array.of(5))]).toEqual([0, 2, 120, 0]);
  });

  it('an item with an empty value at the very end is an item', () => {
    expect(nft.parseUserdata(Uint8Array.of(0, 4, 1, 2, 3, 4, 9, 0))!.map((i) => [i.type, [...i.value]])).toEqual([
      [0, [1, 2, 3, 4]],
      [9, []],
    ]);
  });

  it('an empty comment is a lone NUL, and reads back empty', () => {
    expect([...nft.withComment('', 0)]).toEqual([0, 1, 0]);
    expect(nft.commentOf(Uint8Array.of(0, 1, 0), 0)).toBe('');
  });

  it('a comment without its NUL reads to the end of the item', () => {
    expect(nft.commentOf(Uint8Array.of(0, 2, 104, 105, 3, 1, 0), 0)).toBe('hi');
  });

  it('user data holds at most NFT_USERDATA_MAXLEN (256) bytes, so an item at most 254 and a comment 253', () => {
    expect(nft.buildUserdata([{ type: 1, value: new Uint8Array(254) }])).toHaveLength(256);
    expect(() => nft.buildUserdata([{ type: 1, value: new Uint8Array(255) }])).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', message: "userdata: 257 bytes of user data is more than the kernel's 256 (NFT_USERDATA_MAXLEN)" }));
    expect(nft.withComment('x'.repeat(253), 0)).toHaveLength(256);
    expect(() => nft.withComment('x'.repeat(254), 0)).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'comment' }));
  });
});
