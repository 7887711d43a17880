// Addresses between bytes and text for routes and addresses: the fast IPv4 parser the route verbs use
// agrees with the thorough one (parsePrefix) and handles the common forms itself; on the way back,
// bytes are formatted by family and length: IPv4 (and RTNL_FAMILY_IPMR 128), IPv6 (and IP6MR 129), MPLS
// label stacks (AF_MPLS 28, linux/mpls.h: the label in the top 20 bits of each 4-byte entry), and
// colon-separated hex for anything else.
import { describe, expect, it } from 'vitest';
import { parsePrefix } from '../src/shared/arguments.js';
import { parse } from '../src/route/address-args.js';
import { formatAddressAt, formatRepeatedAt, parseIPv4Fast } from '../src/shared/ip-text.js';
import { ADDRESS_FAMILIES } from '../src/shared/names.js';

const { unspec: AF_UNSPEC, inet: AF_INET, inet6: AF_INET6, mpls: AF_MPLS } = ADDRESS_FAMILIES;
// RTNL_FAMILY_IPMR and RTNL_FAMILY_IP6MR (include/uapi/linux/rtnetlink.h): no table of rtnl names them.
const IPMR = 128;
const IP6MR = 129;

const text = (family: number, ...bytes: number[]) => formatAddressAt(family, Uint8Array.from(bytes), 0, bytes.length);
const repeated = (family: number, ...bytes: number[]) => formatRepeatedAt(family, Uint8Array.from(bytes), 0, bytes.length);
const V6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

describe('parseIPv4Fast', () => {
  it('parses dotted quads and prefixes, every octet and length in range', () => {
    expect(parseIPv4Fast('10.0.0.1')).toEqual({ family: 'inet', bytes: Uint8Array.of(10, 0, 0, 1), length: 32, written: false });
    expect(parseIPv4Fast('255.255.255.255/32')).toEqual({ family: 'inet', bytes: Uint8Array.of(255, 255, 255, 255), length: 32, written: true });
    expect(parseIPv4Fast('0.0.0.0/0')).toEqual({ family: 'inet', bytes: Uint8Array.of(0, 0, 0, 0), length: 0, written: true });
    expect(parseIPv4Fast('192.168.100.0/24')).toEqual({ family: 'inet', bytes: Uint8Array.of(192, 168, 100, 0), length: 24, written: true });
    expect(parseIPv4Fast('1.2.3.4/9')?.length).toBe(9);
  });

  it('gives up on anything else (the caller then parses it the thorough way)', () => {
    const malformed = [
      '', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '1.2.3.4/', '1.2.3.4/33', '1.2.3.4/3a', '1.2.3.4/-1',
      '256.0.0.1', '1.2.3.256', '1000.0.0.1', '01.2.3.4', '1.2.3.00', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4/8/8', 'a.b.c.d', '::1', '1:2.3.4',
      '1.2.3.4/0008', '1.2.3.4/:', '1.2.3.4/1:', '1.2.3.4/ 8',
    ];
    for (const input of malformed) expect(parseIPv4Fast(input), input).toBeUndefined();
  });

  it('whatever it parses, parsePrefix parses the same; what it refuses, parse() refuses too or parses as parsePrefix does', () => {
    const inputs = ['10.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '255.255.255.255/32', '01.2.3.4', '1.2.3.4/033', '256.1.1.1', '1.2.3', '2001:db8::/32', '1.2.3.4/', '9.9.9.9/10', '10.0.0.0/0008', '10.0.0.0/:', '10.0.0.0/1:'];
    for (const input of inputs) {
      let thorough: { family: string; bytes: Uint8Array; length: number } | string;
      try {
        const p = parsePrefix(input, 'dst');
        thorough = { family: p.family, bytes: p.bytes, length: p.prefixLength };
      } catch (error) {
        thorough = (error as Error).message;
      }
      let ours: { family: string; bytes: Uint8Array; length: number } | string;
      try {
        const p = parse(input, 'dst');
        ours = { family: p.family, bytes: p.bytes, length: p.length };
        expect(p.written, input).toBe(input.includes('/'));
      } catch (error) {
        ours = (error as Error).message;
      }
      expect(ours, input).toEqual(thorough);
    }
  });

  it('parse() shares one result for a repeated IPv4 text (thousands of routes via one gateway), and parses other text anew', () => {
    const a = parse('192.0.2.1', 'gateway');
    expect(parse('192.0.2.1', 'gateway')).toBe(a);
    expect(parse('192.0.2.2', 'gateway').bytes).toEqual(Uint8Array.of(192, 0, 2, 2));
    expect(parse('192.0.2.1', 'gateway').bytes).toEqual(Uint8Array.of(192, 0, 2, 1));
  });
});

describe('formatAddressAt', () => {
  it('4 bytes are an IPv4 address unless the family is IPv6', () => {
    expect(text(AF_INET, 192, 0, 2, 1)).toBe('192.0.2.1');
    expect(text(IPMR, 224, 0, 0, 251)).toBe('224.0.0.251');
    expect(text(AF_UNSPEC, 10, 1, 2, 3)).toBe('10.1.2.3');
    expect(text(AF_INET6, 10, 1, 2, 3)).toBe('0a:01:02:03');
    expect(text(IP6MR, 10, 1, 2, 3)).toBe('0a:01:02:03');
  });

  it('16 bytes are an IPv6 address unless the family is IPv4', () => {
    expect(text(AF_INET6, ...V6)).toBe('2001:db8::1');
    expect(text(IP6MR, ...V6)).toBe('2001:db8::1');
    expect(text(AF_UNSPEC, ...V6)).toBe('2001:db8::1');
    expect(text(AF_INET, ...V6)).toBe('20:01:0d:b8:00:00:00:00:00:00:00:00:00:00:00:01');
    expect(text(IPMR, ...V6)).toBe('20:01:0d:b8:00:00:00:00:00:00:00:00:00:00:00:01');
  });

  it('other lengths as hex, whatever the family', () => {
    expect(text(AF_INET, 2, 0, 0, 0, 0, 0xab)).toBe('02:00:00:00:00:ab');
    expect(text(AF_INET6, 0xff)).toBe('ff');
    expect(text(AF_INET, ...new Array(5).fill(0))).toBe('00:00:00:00:00');
    expect(text(AF_INET)).toBe('');
  });

  it('MPLS: labels joined by /, hex if the stack is not whole entries', () => {
    expect(text(AF_MPLS, 0x00, 0x06, 0x41, 0x00)).toBe('100');
    expect(text(AF_MPLS, 0x00, 0x00, 0x10, 0xff, 0xff, 0xff, 0xf1, 0xff)).toBe('1/1048575');
    expect(text(AF_MPLS, 0x12, 0x34, 0x5f, 0xff)).toBe(String(0x12345));
    expect(text(AF_MPLS, 0x00, 0x06, 0x41)).toBe('00:06:41');
    expect(text(AF_MPLS)).toBe('');
  });

  it('reads only bytes[start, end)', () => {
    const bytes = Uint8Array.of(9, 9, 192, 0, 2, 33, 9, 9);
    expect(formatAddressAt(AF_INET, bytes, 2, 6)).toBe('192.0.2.33');
    expect(formatAddressAt(AF_MPLS, bytes, 2, 6)).toBe(String((192 << 12) | (0 << 4) | (2 >> 4)));
    expect(formatAddressAt(AF_MPLS, bytes, 1, 5)).toBe(String((9 << 12) | (192 << 4) | (0 >> 4)));
    expect(formatAddressAt(AF_INET6, bytes, 1, 3)).toBe('09:c0');
  });
});

describe('formatRepeatedAt (gateways, preferred sources)', () => {
  it('formats as formatAddressAt does, for every family and length', () => {
    const cases: number[][] = [
      [AF_INET, 192, 0, 2, 1], [IPMR, 192, 0, 2, 2], [AF_UNSPEC, 192, 0, 2, 3], [AF_INET6, 192, 0, 2, 4], [IP6MR, 192, 0, 2, 5],
      [AF_MPLS, 0x00, 0x06, 0x41, 0x00], [AF_INET6, ...V6], [AF_INET, ...V6], [AF_INET, 1, 2, 3, 4, 5],
    ];
    for (const [family, ...bytes] of cases) expect(repeated(family!, ...bytes), `${family} ${bytes.length}`).toBe(text(family!, ...bytes));
    expect(repeated(AF_INET6, 192, 0, 2, 4)).toBe('c0:00:02:04');
    expect(repeated(AF_MPLS, 0x00, 0x06, 0x41, 0x00)).toBe('100');
  });

  it('addresses that differ in any one byte are told apart, wherever they lie in the batch', () => {
    for (const at of [0, 1, 2, 3]) {
      const bytes = Uint8Array.of(7, 10, 1, 0, 1, 7, 7, 7);
      const seen = new Set<string>();
      for (let v = 0; v < 4; v++) {
        bytes[1 + at] = 10 + v;
        const expected = [...bytes.subarray(1, 5)].join('.');
        expect(formatRepeatedAt(AF_INET, bytes, 1, 5)).toBe(expected);
        seen.add(expected);
      }
      expect(seen.size).toBe(4);
    }
  });

  it('two addresses in one cache slot each keep their own text', () => {
    // Keys 0x01000000 and 0x00000001 fold to the same slot (key ^ key>>>8 ^ key>>>16 ^ key>>>24, low 8 bits).
    expect(repeated(AF_INET, 1, 0, 0, 0)).toBe('1.0.0.0');
    expect(repeated(AF_INET, 0, 0, 0, 1)).toBe('0.0.0.1');
    expect(repeated(AF_INET, 1, 0, 0, 0)).toBe('1.0.0.0');
    expect(repeated(AF_INET, 0, 0, 0, 0)).toBe('0.0.0.0');
  });
});
