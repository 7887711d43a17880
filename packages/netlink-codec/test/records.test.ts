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

  it('the errors say what is wrong, with the record (and attribute) they are in', () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return [(error as Error).name, (error as Error).message, (error as { path?: unknown }).path];
      }
      return undefined;
    };
    // 4 bytes left at byte 16, where a record's header needs 8 (sizeof(struct rtnexthop)).
    expect(message(() => c.decode(hops, IP.subarray(0, 20)))).toEqual(['DecodeError', '[1]: truncated record: 4 bytes left, the header needs 8 (at byte 16)', [1]]);
    const long = IP.slice();
    long.set([40, 0], 16);
    expect(message(() => c.decode(hops, long))).toEqual(['DecodeError', '[1]: bad record length 40 (16 bytes left) (at byte 16)', [1]]);
    // A gateway of 3 bytes in the second record: the path goes on into the record's attributes.
    const badGateway = IP.slice(0, 16 + 8 + 8);
    badGateway.set([7, 0], 24);
    badGateway.set([15, 0], 16);
    expect(message(() => c.decode(hops, badGateway))).toEqual(['DecodeError', '[1].gateway: an IP address is 4 or 16 bytes, not 3 (at byte 28)', [1, 'gateway']]);
    expect(message(() => c.encode(hops, null as never))).toEqual(['InvalidValueError', 'expected a list of records, got null', []]);
    expect(message(() => c.encode(hops, 'no' as never))).toEqual(['InvalidValueError', 'expected a list of records, got string', []]);
    expect(message(() => c.encode(hops, [{ header: { flags: 0, hops: 0, ifindex: 1 } }, null] as never))).toEqual(['InvalidValueError', '[1]: expected a record object, got null', [1]]);
    expect(message(() => c.encode(hops, [7] as never))).toEqual(['InvalidValueError', '[0]: expected a record object, got number', [0]]);
    expect(message(() => c.encode(hops, [{ header: { flags: 0, hops: 0, ifindex: 1 }, gateway: 'x' }] as never))?.slice(0, 1)).toEqual(['InvalidValueError']);
    expect(message(() => c.encode(hops, [{ header: { flags: 0, hops: 0, ifindex: 1 }, gateway: 'x' }] as never))?.[2]).toEqual([0, 'gateway']);
    // A header with no members at all is refused as one without the u16 length.
    expect(message(() => c.records(c.struct('none', {}), c.attrset('a', {})) && c.encode(c.records(c.struct('none', {}), c.attrset('a', {})), []))?.slice(0, 2)).toEqual([
      'InvalidValueError',
      "records: the header's first member must be the record's u16 length (none)",
    ]);
  });

  it('a record of its header alone (rtnh_len 8, no attributes) decodes', () => {
    expect(c.decode(hops, unhex('0800000003000000'))).toEqual([{ header: { len: 8, flags: 0, hops: 0, ifindex: 3 } }]);
  });
});
