// records(header, attrs): length-prefixed records in one attribute, as RTA_MULTIPATH holds its next hops
// (struct rtnexthop { __u16 rtnh_len; unsigned char rtnh_flags, rtnh_hops; int rtnh_ifindex; } from
// linux/rtnetlink.h, then route attributes). The bytes are the RTA_MULTIPATH payload of
// `ip route add 10.12.0.0/16 nexthop via 192.0.2.1 dev v0 weight 1 nexthop via 192.0.2.2 dev v1 weight 3 onlink`
// as iproute2 6.1 sends it (strace), on a little-endian host.
import { endianness } from 'node:os';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as c from '../src/index.js';

const rtnexthop = c.struct('rtnexthop', { len: c.u16(), flags: c.u8(), hops: c.u8(), ifindex: c.s32() });
const routeAttrs: c.AttrSetDecl = c.attrset('route-attrs', {
  gateway: c.attr(5, c.ip()),
  multipath: c.attr(9, c.records(rtnexthop, (): c.AttrSetDecl => routeAttrs)),
});
const hops = c.records(rtnexthop, c.attrset('hop-attrs', { gateway: c.attr(5, c.ip()), flow: c.attr(11, c.u32()) }));

const unhex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
const IP = unhex('1000000003000000' + '08000500c0000201' + '1000040202000000' + '08000500c0000202');

describe.runIf(endianness() === 'LE')('records', () => {
  it("decodes ip's next hops: each rtnexthop under header, its attributes beside it", () => {
    const value = c.decode(hops, IP);
    expect(value).toEqual([
      { header: { len: 16, flags: 0, hops: 0, ifindex: 3 }, gateway: '192.0.2.1' },
      { header: { len: 16, flags: 4, hops: 2, ifindex: 2 }, gateway: '192.0.2.2' },
    ]);
    expectTypeOf(value[0]!.header.ifindex).toEqualTypeOf<number>();
    expectTypeOf(value[0]!.gateway).toEqualTypeOf<string | undefined>();
  });

  it('encodes the same bytes, computing each record’s length (whatever len says)', () => {
    const input = [
      { header: { flags: 0, hops: 0, ifindex: 3 }, gateway: '192.0.2.1' },
      { header: { len: 999, flags: 4, hops: 2, ifindex: 2 }, gateway: '192.0.2.2' },
    ];
    expect(c.encode(hops, input)).toEqual(IP);
    // An attribute of 5 bytes is padded to 8 inside its record, whose length counts the padding (as the
    // hand-written encoders of iproute2 count it: rtnh_len grows by each attribute's aligned size).
    const odd = c.encode(c.records(rtnexthop, c.attrset('a', { tag: c.attr(1, c.u8()) })), [{ header: { flags: 0, hops: 0, ifindex: 1 }, tag: 7 }, { header: { flags: 0, hops: 0, ifindex: 2 } }]);
    expect([...odd]).toEqual([16, 0, 0, 0, 1, 0, 0, 0, 5, 0, 1, 0, 7, 0, 0, 0, 8, 0, 0, 0, 2, 0, 0, 0]);
  });

  it('records whose attributes are the set that holds them (a next hop is route attributes)', () => {
    const bytes = c.encode(routeAttrs, { multipath: [{ header: { flags: 0, hops: 0, ifindex: 3 }, gateway: '192.0.2.1' }] } as never);
    expect(c.decode(routeAttrs, bytes)).toEqual({ multipath: [{ header: { len: 16, flags: 0, hops: 0, ifindex: 3 }, gateway: '192.0.2.1' }] });
  });

  it('bad lengths are DecodeErrors naming the record; a header without a u16 length first is refused', () => {
    const short = IP.slice();
    short.set([40, 0], 16); // the second record claims more than is left
    expect(() => c.decode(hops, short)).toThrow(expect.objectContaining({ name: 'DecodeError', path: [1] }));
    expect(() => c.decode(hops, IP.subarray(0, 20))).toThrow(expect.objectContaining({ name: 'DecodeError', path: [1] }));
    const tiny = IP.slice();
    tiny.set([4, 0], 0);
    expect(() => c.decode(hops, tiny)).toThrow(/bad record length 4/);
    expect(() => c.encode(c.records(c.struct('bad', { ifindex: c.s32() }), c.attrset('a', {})), [])).toThrow(/first member must be the record's u16 length/);
    expect(() => c.encode(hops, 'no' as never)).toThrow(c.InvalidValueError);
  });
});
