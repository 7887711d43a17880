// The bytes the `value` helpers build for compare and set data (NFTA_DATA_VALUE), checked against the
// layouts nft itself uses: packet fields in network order, marks in host order (nft 1.0.6 sends
// `meta mark 0x2a` as cmp data 2a 00 00 00 on x86), interface names as 16 NUL-padded bytes (IFNAMSIZ),
// concatenated fields each padded to a 4-byte register, and prefixes as their first and last address.
import { describe, expect, it } from 'vitest';
import { value } from '../src/index.js';
import { InvalidArgumentError } from '@linx/netlink-socket';

const bytes = (b: Uint8Array) => [...b];
const hostLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

describe('value: integers', () => {
  it('u8 keeps the low byte', () => {
    expect(bytes(value.u8(1))).toEqual([1]);
    expect(bytes(value.u8(0x1_07))).toEqual([7]);
  });

  it('be16 is a port or ethertype in network order, low 16 bits only', () => {
    expect(bytes(value.be16(0x1234))).toEqual([0x12, 0x34]);
    expect(bytes(value.be16(0x8100))).toEqual([0x81, 0x00]); // ETH_P_8021Q, as `ether type vlan` compares it
    expect(bytes(value.be16(0x1_0203))).toEqual([0x02, 0x03]);
  });

  it('be32 is network order; u32 (a mark, an ifindex) host order', () => {
    expect(bytes(value.be32(0x01020304))).toEqual([1, 2, 3, 4]);
    expect(bytes(value.be32(-1))).toEqual([255, 255, 255, 255]);
    // nft 1.0.6, `meta mark 0x2a`: cmp NFTA_DATA_VALUE 2a 00 00 00 (x86, little-endian host).
    expect(bytes(value.u32(0x2a))).toEqual(hostLittleEndian ? [0x2a, 0, 0, 0] : [0, 0, 0, 0x2a]);
    expect(bytes(value.u32(-2))).toEqual(hostLittleEndian ? [0xfe, 0xff, 0xff, 0xff] : [0xff, 0xff, 0xff, 0xfe]);
  });
});

describe('value: names and addresses', () => {
  it('ifname is IFNAMSIZ (16) bytes, NUL-padded, and always ends with a NUL', () => {
    expect(bytes(value.ifname('eth0'))).toEqual([101, 116, 104, 48, ...Array(12).fill(0)]);
    const long = value.ifname('abcdefghijklmnopqrst');
    expect(long).toHaveLength(16);
    expect(new TextDecoder().decode(long.subarray(0, 15))).toBe('abcdefghijklmno');
    expect(long[15]).toBe(0);
  });

  it('addresses as their bytes', () => {
    expect(bytes(value.ipv4('192.0.2.1'))).toEqual([192, 0, 2, 1]);
    expect(bytes(value.ipv6('2001:db8::1'))).toEqual([0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1]);
    expect(bytes(value.mac('02:00:5e:10:00:01'))).toEqual([2, 0, 0x5e, 0x10, 0, 1]);
  });
});

describe('value: concatenations', () => {
  it('pads each field to 4 bytes, as a concatenated set key sits in 32-bit registers', () => {
    // `ipv4_addr . inet_service . ether_addr`: 4 + 4 (2 padded) + 8 (6 padded) bytes.
    const key = value.concat(value.ipv4('10.0.0.1'), value.be16(443), value.mac('02:00:00:00:00:01'));
    expect(bytes(key)).toEqual([10, 0, 0, 1, 1, 187, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('a field already a multiple of 4 gets no padding; a single byte gets three', () => {
    expect(bytes(value.concat(value.u8(6), value.ipv4('10.0.0.2')))).toEqual([6, 0, 0, 0, 10, 0, 0, 2]);
    expect(value.concat()).toHaveLength(0);
  });
});

describe('value.next: the exclusive end of an interval', () => {
  it('adds one to the last byte', () => {
    expect(bytes(value.next(Uint8Array.of(10, 0, 0, 1)))).toEqual([10, 0, 0, 2]);
  });

  it('carries through 0xff bytes', () => {
    expect(bytes(value.next(Uint8Array.of(10, 0, 255, 255)))).toEqual([10, 1, 0, 0]);
    expect(bytes(value.next(Uint8Array.of(0, 0xff)))).toEqual([1, 0]);
  });

  it('wraps the all-ones value to zero and leaves its input alone', () => {
    const input = Uint8Array.of(255, 255);
    expect(bytes(value.next(input))).toEqual([0, 0]);
    expect(bytes(input)).toEqual([255, 255]);
  });
});

describe('value.prefix: first and last address', () => {
  it('an IPv4 prefix that ends mid-byte', () => {
    const { first, last } = value.prefix('192.168.1.77/27');
    expect(bytes(first)).toEqual([192, 168, 1, 64]);
    expect(bytes(last)).toEqual([192, 168, 1, 95]);
  });

  it('/0 is everything, a full-length prefix or no length is the address itself', () => {
    expect(value.prefix('10.1.2.3/0')).toEqual({ first: Uint8Array.of(0, 0, 0, 0), last: Uint8Array.of(255, 255, 255, 255) });
    expect(value.prefix('10.1.2.3/32')).toEqual({ first: Uint8Array.of(10, 1, 2, 3), last: Uint8Array.of(10, 1, 2, 3) });
    expect(value.prefix('10.1.2.3')).toEqual({ first: Uint8Array.of(10, 1, 2, 3), last: Uint8Array.of(10, 1, 2, 3) });
  });

  it('an IPv6 prefix', () => {
    const { first, last } = value.prefix('2001:db8:abcd:12ff::1/60');
    expect(bytes(first)).toEqual([0x20, 0x01, 0x0d, 0xb8, 0xab, 0xcd, 0x12, 0xf0, ...Array(8).fill(0)]);
    expect(bytes(last)).toEqual([0x20, 0x01, 0x0d, 0xb8, 0xab, 0xcd, 0x12, 0xff, ...Array(8).fill(0xff)]);
    expect(bytes(value.prefix('::1/128').first)).toEqual(bytes(value.ipv6('::1')));
  });

  it('refuses a length beyond the address, negative or not a number', () => {
    expect(() => value.prefix('10.0.0.0/33')).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', message: 'cidr: bad prefix length in 10.0.0.0/33 (0 to 32)' }));
    expect(() => value.prefix('2001:db8::/129')).toThrow(InvalidArgumentError);
    expect(() => value.prefix('10.0.0.0/-1')).toThrow(InvalidArgumentError);
    expect(() => value.prefix('10.0.0.0/8.5')).toThrow(InvalidArgumentError);
    expect(() => value.prefix('10.0.0.0/x')).toThrow(InvalidArgumentError);
  });
});
