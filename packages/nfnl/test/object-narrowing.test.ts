// A listed object's `data` narrows on its `type` (checked by tsc on the tests: `expectTypeOf` fails the
// type-check when narrowing breaks), for every object type nfnl declares; the types it does not declare
// (the kernel's NFT_OBJECT_TUNNEL, 6) keep bytes.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FormatValue } from '@linx/netlink-codec';
import { compileMessage } from '@linx/netlink-codec';
import { nft, type NftObject } from '../src/index.js';
import type { DeclaredObjectType } from '../src/nftables/object.js';

type Data<K extends DeclaredObjectType> = FormatValue<(typeof nft.messages.objDataFormats)[K]>;

/** Narrows by `type` alone, as a user would; returns the type each branch saw. */
function typeSeen(o: NftObject): string {
  switch (o.type) {
    case 'counter':
      expectTypeOf(o.data).toEqualTypeOf<Data<'counter'> | undefined>();
      return o.type;
    case 'quota':
      expectTypeOf(o.data).toEqualTypeOf<Data<'quota'> | undefined>();
      return o.type;
    case 'limit':
      expectTypeOf(o.data).toEqualTypeOf<Data<'limit'> | undefined>();
      return o.type;
    case 'connlimit':
      expectTypeOf(o.data).toEqualTypeOf<Data<'connlimit'> | undefined>();
      return o.type;
    case 'ct-helper':
      expectTypeOf(o.data).toEqualTypeOf<Data<'ct-helper'> | undefined>();
      return o.type;
    case 'secmark':
      expectTypeOf(o.data).toEqualTypeOf<Data<'secmark'> | undefined>();
      return o.type;
    case 'ct-timeout':
      expectTypeOf(o.data).toEqualTypeOf<Data<'ct-timeout'> | undefined>();
      return o.type;
    case 'ct-expect':
      expectTypeOf(o.data).toEqualTypeOf<Data<'ct-expect'> | undefined>();
      return o.type;
    case 'synproxy':
      expectTypeOf(o.data).toEqualTypeOf<Data<'synproxy'> | undefined>();
      return o.type;
    default:
      expectTypeOf(o.data).toEqualTypeOf<Uint8Array | undefined>();
      return `undeclared ${String(o.type)}`;
  }
}

/** A NEWOBJ as the kernel sends it (NFTA_OBJ_TABLE 1, NAME 2, TYPE 3 big-endian, DATA 4 nested). */
function newobj(type: number, data: number[]): Uint8Array {
  const attr = (t: number, payload: number[]) => {
    const len = 4 + payload.length;
    return [len & 0xff, len >> 8, t & 0xff, t >> 8, ...payload, ...new Array((4 - (len % 4)) % 4).fill(0)];
  };
  const attrs = [...attr(1, [0x74, 0x00]), ...attr(2, [0x6f, 0x00]), ...attr(3, [0, 0, 0, type]), ...attr(0x8004, data)];
  const payload = [2, 0, 0, 0, ...attrs]; // nfgenmsg: NFPROTO_IPV4, version 0, res_id 0
  const len = 16 + payload.length;
  const header = [len & 0xff, len >> 8, 0, 0, 0x12, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // NFT_MSG_NEWOBJ (18) of nftables (10)
  return new Uint8Array([...header, ...payload]);
}

describe("a listed object's data narrows on its type", () => {
  const decode = compileMessage(nft.messages.objMessage).decode;
  it('a counter (NFTA_COUNTER_BYTES 1 = 5, PACKETS 2 = 7, be64) decodes to its data and takes the counter branch', () => {
    const be64 = (n: number) => [0, 0, 0, 0, 0, 0, 0, n];
    const attr64 = (t: number, n: number) => [12, 0, t, 0, ...be64(n)];
    const m = decode(newobj(1, [...attr64(1, 5), ...attr64(2, 7)]).subarray(16));
    expect(m.attrs.type).toBe('counter');
    expect(m.attrs.data).toEqual({ bytes: 5n, packets: 7n });
    expect(typeSeen({ family: 'ip', table: 't', name: 'o', type: 'counter', data: { bytes: 5n, packets: 7n } })).toBe('counter');
  });
  it('a tunnel object (type 6, not declared) keeps its data as bytes and takes the default branch', () => {
    const m = decode(newobj(6, [8, 0, 1, 0, 0, 0, 0, 9]).subarray(16));
    expect(m.attrs.type).toBe('tunnel');
    expect(m.attrs.data).toBeInstanceOf(Uint8Array);
    expect(typeSeen({ family: 'ip', table: 't', name: 'o', type: 'tunnel', data: new Uint8Array(4) })).toBe('undeclared tunnel');
  });
});
