// The exported generated declarations decode addresses to the text the verbs return (ynl-gen fixes:
// FRA_SRC/FRA_DST, IFA_*, NDA_DST, RTA_DST/SRC/GATEWAY/PREFSRC), from bytes laid out as the kernel writes
// them (fib_rule_hdr, ifaddrmsg, ndmsg, rtmsg from linux/fib_rules.h, if_addr.h, neighbour.h, rtnetlink.h).
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { AttributeEncoder } from '@linx/netlink-wire';
import { rtAddr, rtNeigh, rtRoute, rtRule } from '../src/protocol.js';
import { toRule } from '../src/rule/shape.js';
import { decodeAddress } from '../src/address/shape.js';
import { decodeRoute } from '../src/route/shape.js';

const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const v6 = (...tail: number[]) => Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, ...new Array(12 - tail.length).fill(0), ...tail);

describe('rtRule.fibRuleMessage', () => {
  const codec = compileMessage(rtRule.fibRuleMessage);
  // fib_rule_hdr: family, dst_len, src_len, tos, table, res1, res2, action; flags (u32).
  const hdr = (family: number, dstLen: number, srcLen: number) => Uint8Array.of(family, dstLen, srcLen, 0, 100, 0, 0, 1, 0, 0, 0, 0);

  it('FRA_SRC/FRA_DST of an IPv4 rule as text (10.9.0.0 was 2314 as the spec\'s u32)', () => {
    const bytes = concat(hdr(2, 24, 16), new AttributeEncoder().bytes(2, Uint8Array.of(10, 9, 0, 0)).bytes(1, Uint8Array.of(192, 0, 2, 0)).finish());
    const value = codec.decode(bytes);
    expect(value.attrs).toEqual({ src: '10.9.0.0', dst: '192.0.2.0' });
    expect(codec.encode(value)).toEqual(bytes);
    // The verbs' shape is built from exactly this decoded value.
    expect(toRule(value)).toMatchObject({ src: '10.9.0.0', srcPrefix: '10.9.0.0/16', dst: '192.0.2.0', dstPrefix: '192.0.2.0/24', action: 'to-table', table: 100 });
  });

  it('a 16-byte IPv6 source whole, not its first 4 bytes', () => {
    const bytes = concat(hdr(10, 0, 32), new AttributeEncoder().bytes(2, v6()).finish());
    const value = codec.decode(bytes);
    expect(value.attrs.src).toBe('2001:db8::');
    expect(codec.encode(value)).toEqual(bytes);
    expect(toRule(value).srcPrefix).toBe('2001:db8::/32');
  });
});

describe('rtAddr.addrMessage', () => {
  const codec = compileMessage(rtAddr.addrMessage);
  // ifaddrmsg: family, prefixlen, flags, scope; index (u32).
  const hdr = (family: number, prefixlen: number) => Uint8Array.of(family, prefixlen, 0x80, 0, 3, 0, 0, 0);

  it('IFA_LOCAL/IFA_ADDRESS as text, the same text decodeAddress gives', () => {
    const bytes = concat(hdr(2, 32), new AttributeEncoder().bytes(2, Uint8Array.of(10, 0, 0, 1)).bytes(1, Uint8Array.of(10, 0, 0, 2)).finish());
    const value = codec.decode(bytes);
    expect(value.attrs).toEqual({ local: '10.0.0.1', address: '10.0.0.2' });
    expect(codec.encode(value)).toEqual(bytes);
    const shaped = decodeAddress(bytes, new DataView(bytes.buffer), 0, bytes.length);
    expect(shaped).toMatchObject({ local: value.attrs.local, peer: value.attrs.address });
  });

  it('IFA_ANYCAST and IFA_MULTICAST (IPv6 only) as text', () => {
    const bytes = concat(hdr(10, 128), new AttributeEncoder().bytes(7, Uint8Array.of(0xff, 0x02, ...new Array(13).fill(0), 1)).bytes(5, v6(1)).finish());
    expect(codec.decode(bytes).attrs).toEqual({ multicast: 'ff02::1', anycast: '2001:db8::1' });
  });

  it('an address of 5 bytes is a DecodeError naming the attribute', () => {
    const bytes = concat(hdr(2, 32), new AttributeEncoder().bytes(2, Uint8Array.of(10, 0, 0, 1, 9)).finish());
    expect(() => codec.decode(bytes)).toThrow(expect.objectContaining({ name: 'DecodeError', path: ['local'] }));
  });
});

describe('rtNeigh.neighbourMessage', () => {
  it('NDA_DST as text, IPv4 and IPv6', () => {
    const codec = compileMessage(rtNeigh.neighbourMessage);
    // ndmsg: family, pad1, pad2 (u16), ifindex (s32), state (u16), flags, type.
    const hdr = (family: number) => Uint8Array.of(family, 0, 0, 0, 3, 0, 0, 0, 0x80, 0, 0, 1);
    expect(codec.decode(concat(hdr(2), new AttributeEncoder().bytes(1, Uint8Array.of(10, 0, 0, 9)).finish())).attrs.dst).toBe('10.0.0.9');
    expect(codec.decode(concat(hdr(10), new AttributeEncoder().bytes(1, v6(9)).finish())).attrs.dst).toBe('2001:db8::9');
  });
});

describe('rtRoute.routeMessage', () => {
  it('RTA_DST/SRC/GATEWAY/PREFSRC as text, the same text decodeRoute gives', () => {
    const codec = compileMessage(rtRoute.routeMessage);
    // rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type; flags (u32).
    const bytes = concat(
      Uint8Array.of(10, 64, 48, 0, 254, 4, 0, 1, 0, 0, 0, 0),
      new AttributeEncoder().bytes(1, v6(0, 0, 0, 1, 0, 0, 0, 0)).bytes(2, v6()).bytes(5, Uint8Array.of(0xfe, 0x80, ...new Array(13).fill(0), 1)).bytes(7, v6(7)).finish(),
    );
    const value = codec.decode(bytes);
    expect(value.attrs).toEqual({ dst: '2001:db8::1:0:0', src: '2001:db8::', gateway: 'fe80::1', prefsrc: '2001:db8::7' });
    expect(codec.encode(value)).toEqual(bytes);
    expect(decodeRoute(bytes, new DataView(bytes.buffer), 0, bytes.length)).toMatchObject(value.attrs);
  });
});

describe('rtRoute.routeMessage: RTA_MULTIPATH', () => {
  it("decodes ip's next hops as records of struct rtnexthop and route attributes, as the route verbs read them", async () => {
    const { fixtureRequest } = await import('./helpers/iproute2-requests.js');
    // ip route add 10.12.0.0/16 nexthop via 192.0.2.1 dev v0 weight 1 nexthop via 192.0.2.2 dev v1 weight 3 onlink
    const { payload } = fixtureRequest('routeMultipath');
    const codec = compileMessage(rtRoute.routeMessage);
    const value = codec.decode(payload);
    expect(value.attrs.multipath!.map((hop) => ({ ...hop }))).toEqual([
      { header: { rtnhLen: 16, rtnhFlags: 0, rtnhHops: 0, rtnhIfindex: 3 }, gateway: '192.0.2.1' },
      { header: { rtnhLen: 16, rtnhFlags: 4, rtnhHops: 2, rtnhIfindex: 2 }, gateway: '192.0.2.2' },
    ]);
    expect(codec.encode(value)).toEqual(payload);
    const route = decodeRoute(payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);
    expect(route.multipath).toEqual([
      { oif: 3, weight: 1, flags: [], gateway: '192.0.2.1' },
      { oif: 2, weight: 3, flags: ['onlink'], gateway: '192.0.2.2' },
    ]);
  });
});
