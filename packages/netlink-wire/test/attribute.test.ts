import { describe, expect, it } from 'vitest';
import {
  AttributeDecoder,
  AttributeEncoder,
  EncodeError,
  MalformedError,
  NLA_F_NESTED,
  NLA_F_NET_BYTEORDER,
  NLA_MAX_PAYLOAD,
  encodeAttribute,
  iterateAttributes,
  parseAttributes,
  parseMessages,
} from '../src/index.js';
import { bytesFrom } from './helpers/bytes.js';
import { vethPayload, vethRequest } from './golden.js';

// rtnetlink ids used by the golden request (from linux/if_link.h and linux/veth.h).
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_LINKINFO = 18;
const IFLA_INFO_KIND = 1;
const IFLA_INFO_DATA = 2;
const VETH_INFO_PEER = 1;

describe('attributes', () => {
  it('walks the attributes of a real request, nesting included', () => {
    const attrs = parseAttributes(vethPayload.subarray(16));
    expect(attrs.map((a) => a.type)).toEqual([IFLA_IFNAME, IFLA_LINKINFO]);
    const info = parseAttributes(attrs[1]!.payload);
    expect(info.map((a) => a.type)).toEqual([IFLA_INFO_KIND, IFLA_INFO_DATA]);
    expect(new TextDecoder().decode(info[0]!.payload)).toBe('veth');
    const peer = parseAttributes(info[1]!.payload)[0]!;
    expect(peer.type).toBe(VETH_INFO_PEER);
    // The peer's payload is an ifinfomsg followed by IFLA_IFNAME "v1".
    expect(parseAttributes(peer.payload.subarray(16))[0]!.payload).toEqual(Uint8Array.of(0x76, 0x31, 0));
  });

  it('builds the same bytes iproute2 sends with the encoder', () => {
    const encoder = new AttributeEncoder();
    encoder.writer.write(new Uint8Array(16)); // ifinfomsg
    encoder
      .string(IFLA_IFNAME, 'v0')
      .nested(
        IFLA_LINKINFO,
        (info) =>
          // iproute2 sends the kind without its NUL (the kernel's NLA_STRING allows that).
          info.bytes(IFLA_INFO_KIND, new TextEncoder().encode('veth')).nested(
            IFLA_INFO_DATA,
            (data) =>
              data.nested(
                VETH_INFO_PEER,
                (peer) => {
                  peer.writer.write(new Uint8Array(16));
                  peer.string(IFLA_IFNAME, 'v1');
                },
                {},
              ),
            {},
          ),
        {},
      );
    expect(encoder.finish()).toEqual(vethPayload);
    expect(parseMessages(vethRequest)[0]!.payload).toEqual(encoder.finish());
  });

  it('masks the flag bits off the type and reports them', () => {
    const bytes = bytesFrom('08 00 05 80 04 00 01 00 08 00 07 40 00 00 01 bb');
    const [nested, net] = parseAttributes(bytes);
    expect(nested).toMatchObject({ type: 5, nested: true, netByteOrder: false, offset: 0 });
    expect(net).toMatchObject({ type: 7, nested: false, netByteOrder: true, offset: 8 });
    expect(encodeAttribute(5, Uint8Array.of(4, 0, 1, 0), { nested: true })).toEqual(bytes.subarray(0, 8));
    expect(encodeAttribute(7, Uint8Array.of(0, 0, 1, 0xbb), { netByteOrder: true })).toEqual(bytes.subarray(8));
    expect(NLA_F_NESTED | NLA_F_NET_BYTEORDER).toBe(0xc000);
  });

  it('payloads are views into the decoded buffer', () => {
    const bytes = encodeAttribute(1, Uint8Array.of(1, 2, 3));
    const [attr] = parseAttributes(bytes);
    expect(attr!.payload.buffer).toBe(bytes.buffer);
    expect(attr!.payload.byteOffset).toBe(4);
    expect(attr!.payload.length).toBe(3);
  });

  it('refuses payloads over the 16-bit length limit, and accepts the largest that fits', () => {
    expect(encodeAttribute(1, new Uint8Array(NLA_MAX_PAYLOAD)).length).toBe(65536);
    expect(() => encodeAttribute(1, new Uint8Array(NLA_MAX_PAYLOAD + 1))).toThrow(EncodeError);
    expect(() => encodeAttribute(1, new Uint8Array(NLA_MAX_PAYLOAD + 1))).toThrow(/65531-byte limit/);
    expect(() => new AttributeEncoder().bytes(1, new Uint8Array(70000))).toThrow(EncodeError);
    expect(() =>
      new AttributeEncoder().nested(1, (e) => {
        e.bytes(1, new Uint8Array(40000)).bytes(2, new Uint8Array(40000));
      }),
    ).toThrow(/65535-byte limit/);
  });

  it('refuses types that do not fit in 14 bits', () => {
    expect(() => encodeAttribute(0x4000, new Uint8Array(0))).toThrow(EncodeError);
    expect(() => new AttributeEncoder().u8(-1, 0)).toThrow(EncodeError);
  });

  it.each([
    ['length below 4', '02 00 01 00', 0, /shorter than the attribute header/],
    ['length past the end', '04 00 01 00 09 00 02 00 00 00', 4, /runs past the end/],
    ['truncated header', '04 00 01 00 05 00', 4, /truncated attribute header/],
  ])('malformed: %s', (_, hex, offset, pattern) => {
    let error: unknown;
    try {
      parseAttributes(bytesFrom(hex));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MalformedError);
    expect((error as MalformedError).offset).toBe(offset);
    expect((error as MalformedError).message).toMatch(pattern);
  });

  it('accepts a last attribute without padding', () => {
    expect(parseAttributes(bytesFrom('04 00 01 00 05 00 02 00 07')).map((a) => a.payload.length)).toEqual([0, 1]);
  });

  it('iterates a window of a buffer with offsets relative to the buffer', () => {
    const bytes = bytesFrom('ff ff ff ff 05 00 09 00 07 00 00 00');
    expect(Array.from(iterateAttributes(bytes, 4), (a) => [a.type, a.offset])).toEqual([[9, 4]]);
  });
});

describe('AttributeEncoder and AttributeDecoder', () => {
  it('round-trip every typed value', () => {
    const bytes = new AttributeEncoder()
      .u8(1, 255)
      .u16(2, 65535)
      .u32(3, 0xffff_ffff)
      .u64(4, 0xffff_ffff_ffff_ffffn)
      .s8(5, -128)
      .s16(6, -32768)
      .s32(7, -2147483648)
      .s64(8, -(2n ** 63n))
      .be16(9, 0x1234)
      .be32(10, 0x12345678)
      .be64(11, 0x0102030405060708n)
      .string(12, 'héllo')
      .flag(13)
      .flag(14, false)
      .ipv4(15, '192.0.2.1')
      .ipv6(16, '2001:db8::1')
      .ip(17, '10.1.2.3')
      .mac(18, '02:00:5e:10:00:01')
      .bytes(19, Uint8Array.of(1, 2, 3))
      .nested(20, (e) => e.u32(1, 7).nested(2, (f) => f.string(1, 'deep')))
      .int(21, 'u32', 9, { netByteOrder: true })
      .finish();

    const seen: Record<number, unknown> = {};
    const d = new AttributeDecoder(bytes);
    while (d.next()) {
      switch (d.type) {
        case 1: seen[1] = d.u8(); break;
        case 2: seen[2] = d.u16(); break;
        case 3: seen[3] = d.u32(); break;
        case 4: seen[4] = d.u64(); break;
        case 5: seen[5] = d.s8(); break;
        case 6: seen[6] = d.s16(); break;
        case 7: seen[7] = d.s32(); break;
        case 8: seen[8] = d.s64(); break;
        case 9: seen[9] = d.be16(); break;
        case 10: seen[10] = d.be32(); break;
        case 11: seen[11] = d.be64(); break;
        case 12: seen[12] = d.string(); break;
        case 13: seen[13] = d.flag(); break;
        case 14: seen[14] = 'should not be present'; break;
        case 15: seen[15] = d.ipv4(); break;
        case 16: seen[16] = d.ipv6(); break;
        case 17: seen[17] = d.ip(); break;
        case 18: seen[18] = d.mac(); break;
        case 19: seen[19] = Array.from(d.bytesCopy()); break;
        case 20:
          expect(d.nestedFlag).toBe(true);
          d.nested((inner) => {
            while (inner.next()) {
              if (inner.type === 1) seen['20.1' as never] = inner.u32();
              if (inner.type === 2) inner.nested((deep) => deep.next() && (seen['20.2.1' as never] = deep.string()));
            }
          });
          break;
        case 21:
          expect(d.netByteOrder).toBe(true);
          seen[21] = d.u32(); // NLA_F_NET_BYTEORDER makes the getter read big-endian
          break;
      }
    }
    d.finish();
    expect(seen).toEqual({
      1: 255, 2: 65535, 3: 0xffff_ffff, 4: 0xffff_ffff_ffff_ffffn, 5: -128, 6: -32768, 7: -2147483648,
      8: -(2n ** 63n), 9: 0x1234, 10: 0x12345678, 11: 0x0102030405060708n, 12: 'héllo', 13: true,
      15: '192.0.2.1', 16: '2001:db8::1', 17: '10.1.2.3', 18: '02:00:5e:10:00:01', 19: [1, 2, 3],
      '20.1': 7, '20.2.1': 'deep', 21: 9,
    });
  });

  it.each([
    ['u8', (e: AttributeEncoder) => e.u8(1, 256)],
    ['u16', (e: AttributeEncoder) => e.u16(1, -1)],
    ['u32', (e: AttributeEncoder) => e.u32(1, 2 ** 32)],
    ['u32 fraction', (e: AttributeEncoder) => e.u32(1, 1.5)],
    ['u64', (e: AttributeEncoder) => e.u64(1, 2n ** 64n)],
    ['u64 unsafe number', (e: AttributeEncoder) => e.u64(1, 2 ** 60)],
    ['s8', (e: AttributeEncoder) => e.s8(1, 128)],
    ['s64', (e: AttributeEncoder) => e.s64(1, -(2n ** 63n) - 1n)],
    ['be16', (e: AttributeEncoder) => e.be16(1, 65536)],
    ['string with NUL', (e: AttributeEncoder) => e.string(1, 'a\0b')],
    ['string too long', (e: AttributeEncoder) => e.string(1, 'sixteen-chars-xx', 15)],
    ['ipv4', (e: AttributeEncoder) => e.ipv4(1, '256.0.0.1')],
    ['ipv6', (e: AttributeEncoder) => e.ipv6(1, '1:2:3')],
    ['mac', (e: AttributeEncoder) => e.mac(1, 'zz:00')],
  ])('the encoder refuses a bad %s with an EncodeError', (_, write) => {
    expect(() => write(new AttributeEncoder())).toThrow(EncodeError);
  });

  it('keeps the first error, returns zero values after it, and stops', () => {
    const bytes = new AttributeEncoder().u16(1, 5).u32(2, 6).finish();
    const d = new AttributeDecoder(bytes);
    expect(d.next()).toBe(true);
    expect(d.u32()).toBe(0); // a u16 payload is too short for u32
    expect(d.error).toBeInstanceOf(MalformedError);
    expect(d.error!.message).toMatch(/attribute 1: u32 needs 4 bytes/);
    expect(d.error!.offset).toBe(0);
    expect(d.u16()).toBe(0);
    expect(d.next()).toBe(false);
    expect(() => d.finish()).toThrow(MalformedError);
  });

  it('rebases an error inside a nest onto the outer buffer', () => {
    const bytes = new AttributeEncoder().u32(9, 1).nested(1, (e) => e.u8(1, 1).u8(2, 2)).finish();
    bytes[20 + 2] = 0xff; // corrupt the length of the second inner attribute (outer at 8, inner 2 at 8+4+8)
    bytes[20] = 0x40;
    const d = new AttributeDecoder(bytes);
    while (d.next()) if (d.type === 1) d.nested((inner) => { while (inner.next()); });
    expect(d.error).toBeInstanceOf(MalformedError);
    expect(d.error!.offset).toBe(20);
  });

  it('reads uint as 4 or 8 bytes', () => {
    const bytes = new AttributeEncoder().u32(1, 7).u64(2, 2n ** 40n).u16(3, 1).finish();
    const d = new AttributeDecoder(bytes);
    const values: bigint[] = [];
    while (d.next()) values.push(d.uint());
    expect(values).toEqual([7n, 2n ** 40n, 0n]);
    expect(d.error?.message).toMatch(/uint must be 4 or 8 bytes/);
  });

  it('reads a string without a terminating NUL, and stops at the first NUL', () => {
    const d = new AttributeDecoder(bytesFrom('07 00 01 00 61 62 63 00 08 00 02 00 61 00 62 00'));
    d.next();
    expect(d.string()).toBe('abc');
    d.next();
    expect(d.string()).toBe('a');
  });
});
