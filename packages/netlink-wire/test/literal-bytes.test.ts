// Byte order against literal bytes. Every expected byte here is written out by hand from a source other
// than this package: the layout of struct nlattr and the NLA_F_* bits in linux/netlink.h, network byte
// order (most significant byte first, RFC 1700), and requests captured from iproute2 6.1 with
// `strace -f -e trace=sendmsg -e write=all` in a throwaway network namespace (the command is named at
// each use). A round trip alone cannot catch an encoder and a decoder that agree on the wrong order.
//
// Native-order fields (nla_len, nla_type, host-order payloads) are little-endian on the machines the
// captures come from; the file runs only there.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  AttributeDecoder,
  AttributeEncoder,
  intBytes,
  iterateAttributes,
  parseIP,
  parseIPv4,
  parseIPv6,
  readInt,
  readS16be,
  readS32be,
  readS64be,
  readU16be,
  readU32be,
  readU64be,
  writeInt,
  formatIPv6,
  formatIPv4,
} from '../src/index.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
/** One attribute as raw bytes and its decoder, positioned on it. */
function decoderOn(raw: Uint8Array): AttributeDecoder {
  const d = new AttributeDecoder(raw);
  expect(d.next()).toBe(true);
  return d;
}

describe.runIf(endianness() === 'LE')('big-endian attributes, byte for byte', () => {
  it('be16: `ip route get 10.7.0.1 ipproto tcp sport 22 dport 443` sends RTA_SPORT 22 as 00 16, RTA_DPORT 443 as 01 bb', () => {
    // From the capture: 06 00 1c 00 00 16 00 00 (RTA_SPORT = 28), 06 00 1d 00 01 bb 00 00 (RTA_DPORT = 29).
    expect([...new AttributeEncoder().be16(28, 22).be16(29, 443).finish()]).toEqual([0x06, 0x00, 0x1c, 0x00, 0x00, 0x16, 0x00, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x01, 0xbb, 0x00, 0x00]);
    expect(decoderOn(bytes(0x06, 0x00, 0x1c, 0x00, 0x00, 0x16, 0x00, 0x00)).be16()).toBe(22);
    expect(decoderOn(bytes(0x06, 0x00, 0x1d, 0x00, 0x01, 0xbb, 0x00, 0x00)).be16()).toBe(443);
  });

  it('be16: `bridge fdb add … port 4789` sends NDA_PORT as 12 b5', () => {
    expect([...new AttributeEncoder().be16(6, 4789).finish()]).toEqual([0x06, 0x00, 0x06, 0x00, 0x12, 0xb5, 0x00, 0x00]);
    expect(decoderOn(bytes(0x06, 0x00, 0x06, 0x00, 0x12, 0xb5, 0x00, 0x00)).be16()).toBe(4789);
  });

  it('be16 of a value whose two bytes differ in both halves (0x1234 → 12 34, 0xff00 → ff 00)', () => {
    expect([...new AttributeEncoder().be16(1, 0x1234).be16(2, 0xff00).finish()]).toEqual([6, 0, 1, 0, 0x12, 0x34, 0, 0, 6, 0, 2, 0, 0xff, 0x00, 0, 0]);
    expect(decoderOn(bytes(6, 0, 1, 0, 0xff, 0x00, 0, 0)).be16()).toBe(0xff00);
  });

  it('be32: `nft add chain … hook output priority 10` sends NFTA_HOOK_HOOKNUM 3 as 00 00 00 03 and the priority as 00 00 00 0a', () => {
    expect([...new AttributeEncoder().be32(1, 3).be32(2, 10).finish()]).toEqual([8, 0, 1, 0, 0, 0, 0, 3, 8, 0, 2, 0, 0, 0, 0, 0x0a]);
    expect(decoderOn(bytes(8, 0, 1, 0, 0, 0, 0, 3)).be32()).toBe(3);
    expect([...new AttributeEncoder().be32(1, 0x01020304).finish()]).toEqual([8, 0, 1, 0, 1, 2, 3, 4]);
    expect(decoderOn(bytes(8, 0, 1, 0, 0xde, 0xad, 0xbe, 0xef)).be32()).toBe(0xdeadbeef);
  });

  it('be64: `ip rule add tun_id 0x1234 …` sends FRA_TUN_ID as 00 00 00 00 00 00 12 34', () => {
    const captured = bytes(0x0c, 0x00, 0x0c, 0x00, 0, 0, 0, 0, 0, 0, 0x12, 0x34);
    expect([...new AttributeEncoder().be64(12, 0x1234n).finish()]).toEqual([...captured]);
    expect(decoderOn(captured).be64()).toBe(0x1234n);
    expect([...new AttributeEncoder().be64(1, 0x0102030405060708n).finish()]).toEqual([12, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(decoderOn(bytes(12, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0, 0x01)).be64()).toBe(0x8000000000000001n);
  });

  it('be* leave NLA_F_NET_BYTEORDER (0x4000) clear unless asked, then set it in nla_type', () => {
    expect([...new AttributeEncoder().be16(5, 1).finish()]).toEqual([6, 0, 5, 0x00, 0, 1, 0, 0]);
    expect([...new AttributeEncoder().be16(5, 1, { netByteOrder: true }).finish()]).toEqual([6, 0, 5, 0x40, 0, 1, 0, 0]);
    expect([...new AttributeEncoder().be32(5, 1, { netByteOrder: true }).finish()]).toEqual([8, 0, 5, 0x40, 0, 0, 0, 1]);
  });

  it('int() with { netByteOrder: true } writes big-endian and sets the bit; the plain getters then read big-endian', () => {
    const encoded = new AttributeEncoder().int(7, 'u16', 0x0102, { netByteOrder: true }).int(8, 'u32', 0x0a0b0c0d, { netByteOrder: true }).int(9, 'u64', 0x0102030405060708n, { netByteOrder: true }).finish();
    expect([...encoded]).toEqual([
      6, 0, 7, 0x40, 0x01, 0x02, 0, 0,
      8, 0, 8, 0x40, 0x0a, 0x0b, 0x0c, 0x0d,
      12, 0, 9, 0x40, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    // Attributes from the kernel with the bit set, decoded by the native getters.
    expect(decoderOn(bytes(6, 0, 7, 0x40, 0x01, 0x02, 0, 0)).u16()).toBe(0x0102);
    expect(decoderOn(bytes(6, 0, 7, 0x40, 0xff, 0xfe, 0, 0)).s16()).toBe(-2);
    expect(decoderOn(bytes(8, 0, 8, 0x40, 0x0a, 0x0b, 0x0c, 0x0d)).u32()).toBe(0x0a0b0c0d);
    expect(decoderOn(bytes(8, 0, 8, 0x40, 0xff, 0xff, 0xff, 0xfe)).s32()).toBe(-2);
    expect(decoderOn(bytes(12, 0, 9, 0x40, 1, 2, 3, 4, 5, 6, 7, 8)).u64()).toBe(0x0102030405060708n);
    expect(decoderOn(bytes(12, 0, 9, 0x40, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe)).s64()).toBe(-2n);
    expect(decoderOn(bytes(8, 0, 8, 0x40, 0, 0, 0, 5)).uint()).toBe(5n);
    // The same payload without the bit is host order.
    expect(decoderOn(bytes(6, 0, 7, 0x00, 0x01, 0x02, 0, 0)).u16()).toBe(0x0201);
  });

  it('iterateAttributes reports the NLA_F_NET_BYTEORDER and NLA_F_NESTED bits of nla_type', () => {
    const [a, b] = [...iterateAttributes(bytes(6, 0, 7, 0x40, 1, 2, 0, 0, 4, 0, 8, 0x80))];
    expect(a).toMatchObject({ type: 7, netByteOrder: true, nested: false });
    expect(b).toMatchObject({ type: 8, netByteOrder: false, nested: true });
  });

  it('the be getters read big-endian whatever the NLA_F_NET_BYTEORDER bit says', () => {
    expect(decoderOn(bytes(6, 0, 1, 0x40, 0x00, 0x16, 0, 0)).be16()).toBe(22);
    expect(decoderOn(bytes(8, 0, 1, 0x40, 0, 0, 0x01, 0xbb)).be32()).toBe(443);
  });
});

describe('network-order integer helpers', () => {
  it('read*be read the most significant byte first', () => {
    expect(readU16be(bytes(0x01, 0xbb))).toBe(443);
    expect(readS16be(bytes(0x80, 0x00))).toBe(-32768);
    expect(readU32be(bytes(0xc0, 0x00, 0x02, 0x01))).toBe(0xc0000201);
    expect(readS32be(bytes(0xff, 0xff, 0xff, 0x6a))).toBe(-150);
    expect(readU64be(bytes(0, 0, 0, 0, 0, 0, 0x12, 0x34))).toBe(0x1234n);
    expect(readS64be(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe))).toBe(-2n);
  });

  it('intBytes and writeInt with littleEndian false write the most significant byte first, for every kind', () => {
    expect([...intBytes('u16', 443, false)]).toEqual([0x01, 0xbb]);
    expect([...intBytes('s16', -2, false)]).toEqual([0xff, 0xfe]);
    expect([...intBytes('u32', 0xc0000201, false)]).toEqual([0xc0, 0x00, 0x02, 0x01]);
    // nft's `priority mangle` (-150) in NFTA_HOOK_PRIORITY.
    expect([...intBytes('s32', -150, false)]).toEqual([0xff, 0xff, 0xff, 0x6a]);
    expect([...intBytes('u64', 0x0102030405060708n, false)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...intBytes('s64', -2n, false)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]);
    expect([...intBytes('u8', 0xab, false)]).toEqual([0xab]);
    const out = new Uint8Array(6);
    writeInt(new DataView(out.buffer), 2, 'u32', 0x0a0b0c0d, false);
    expect([...out]).toEqual([0, 0, 0x0a, 0x0b, 0x0c, 0x0d]);
    expect(readInt('u32', bytes(0x0a, 0x0b, 0x0c, 0x0d), false)).toBe(0x0a0b0c0d);
    expect(readInt('s64', bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe), false)).toBe(-2n);
  });

  it.runIf(endianness() === 'LE')('native order on this host is least significant byte first', () => {
    expect([...intBytes('u16', 0x1234)]).toEqual([0x34, 0x12]);
    expect([...intBytes('u32', 0x01020304)]).toEqual([4, 3, 2, 1]);
    expect([...new AttributeEncoder().u16(3, 0x1234).finish()]).toEqual([6, 0, 3, 0, 0x34, 0x12, 0, 0]);
  });
});

describe('addresses are in network order', () => {
  it('IPv4: `ip addr add 192.0.2.20/24` sends IFA_LOCAL c0 00 02 14', () => {
    expect([...parseIPv4('192.0.2.20')]).toEqual([0xc0, 0x00, 0x02, 0x14]);
    expect(formatIPv4(bytes(0xc0, 0x00, 0x02, 0x14))).toBe('192.0.2.20');
    expect([...new AttributeEncoder().ipv4(2, '192.0.2.20').finish()]).toEqual([8, 0, 2, 0, 0xc0, 0x00, 0x02, 0x14]);
    expect(decoderOn(bytes(8, 0, 2, 0, 0xc0, 0x00, 0x02, 0x14)).ipv4()).toBe('192.0.2.20');
  });

  it('IPv6: `ip -6 addr add 2001:db8::5/64` and `ip -6 route add … from 2001:db8:1::/64` send these 16 bytes', () => {
    const five = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05];
    const net = [0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect([...parseIPv6('2001:db8::5')]).toEqual(five);
    expect([...parseIP('2001:db8:1::')]).toEqual(net);
    expect(formatIPv6(Uint8Array.from(five))).toBe('2001:db8::5');
    expect(formatIPv6(Uint8Array.from(net))).toBe('2001:db8:1::');
    // Groups are big-endian 16-bit words: 0x1234 is 12 34, not 34 12.
    expect([...parseIPv6('1234:5678::abcd')]).toEqual([0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd]);
    expect(formatIPv6(bytes(0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd))).toBe('1234:5678::abcd');
    expect([...parseIPv6('::ffff:192.0.2.1')]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xc0, 0x00, 0x02, 0x01]);
  });
});
