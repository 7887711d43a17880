// Decoding route attributes from literal RTM_NEWROUTE payloads (no kernel): alignment, repeated and
// flagged attributes, what is malformed (a DecodeError naming where), metrics with their lock mask, next
// hops (struct rtnexthop), and the default destination per family. Layouts and numbers from
// linux/rtnetlink.h (struct rtmsg, struct rtattr, struct rtnexthop, struct rta_cacheinfo, RTA_*, RTAX_*,
// RTNH_F_*, RTNL_FAMILY_IPMR 128 / IP6MR 129) and linux/netlink.h (NLA_F_NESTED 0x8000,
// NLA_F_NET_BYTEORDER 0x4000). Little-endian hosts only (the attribute headers are host order).
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DecodeError, UNKNOWN } from '@linx/netlink-codec';
import { addRouteNames, decodeRoute } from '../src/route/shape.js';
import { thrownAs } from './helpers/refusal.js';

/** rtmsg: `family`, dst_len 24, src_len 0, tos 0, table main, RTPROT_STATIC, universe, unicast, flags 0. */
const rtmsg = (family = 2) => [family, 24, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0];

function decode(...parts: number[][]) {
  const bytes = Uint8Array.from(parts.flat());
  return decodeRoute(bytes, new DataView(bytes.buffer), 0, bytes.length);
}

const decodeError = (...parts: number[][]): DecodeError => thrownAs(DecodeError, () => decode(...parts));

describe.runIf(endianness() === 'LE')('route attributes', () => {
  it('each attribute starts 4-aligned after one of odd length (RTA_PREF, 5 bytes + 3 of padding)', () => {
    // RTA_PREF (20) = 1 (high), padded; RTA_OIF (4) = 7; RTA_PRIORITY (6) = 1024.
    const route = decode(rtmsg(10), [5, 0, 20, 0, 1, 0, 0, 0], [8, 0, 4, 0, 7, 0, 0, 0], [8, 0, 6, 0, 0, 4, 0, 0]);
    expect(route).toMatchObject({ family: 'inet6', pref: 'high', oif: 7, priority: 1024, dst: '::' });
  });

  it('decodes a payload where it lies in a receive batch: lengths are counted from its start', () => {
    const bytes = Uint8Array.from([9, 9, 9, 9, ...rtmsg(), 8, 0, 7, 0, 192, 0, 2, 5, 9, 9]);
    const view = new DataView(bytes.buffer);
    expect(decodeRoute(bytes, view, 4, 24)).toMatchObject({ family: 'inet', dstLen: 24, prefsrc: '192.0.2.5' });
    expect(() => decodeRoute(bytes, view, 4, 15)).toThrow(/rtmsg needs 12 bytes, payload has 11/);
    const short = Uint8Array.from([9, 9, 9, 9, ...rtmsg(), 7, 0, 4, 0, 1, 2, 3]);
    expect(() => decodeRoute(short, new DataView(short.buffer), 4, short.length)).toThrow(/u32 needs 4 bytes, payload has 3/);
  });

  it('RTA_PREFSRC and RTA_GATEWAY of IPv6 routes as IPv6 text', () => {
    const v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7];
    expect(decode(rtmsg(10), [20, 0, 7, 0, ...v6], [20, 0, 5, 0, 0xfe, 0x80, ...new Array(13).fill(0), 1])).toMatchObject({ prefsrc: '2001:db8::7', gateway: 'fe80::1' });
  });

  it('unknown attribute types 0 and 32 are two attributes, both kept', () => {
    expect(decode(rtmsg(), [5, 0, 0, 0, 1, 0, 0, 0], [5, 0, 32, 0, 2, 0, 0, 0])[UNKNOWN]).toEqual([
      { type: 0, flags: 0, payload: Uint8Array.of(1) },
      { type: 32, flags: 0, payload: Uint8Array.of(2) },
    ]);
  });

  it('RTA_PREF names: medium 0, high 1, low 3 (ICMPV6_ROUTER_PREF_*)', () => {
    expect([0, 1, 3].map((p) => decode(rtmsg(10), [5, 0, 20, 0, p, 0, 0, 0]).pref)).toEqual(['medium', 'high', 'low']);
  });

  it('a repeated attribute keeps its first value; unknown ones above 31 are all kept, with their flag bits', () => {
    const route = decode(
      rtmsg(),
      [8, 0, 4, 0, 3, 0, 0, 0], [8, 0, 4, 0, 9, 0, 0, 0], // RTA_OIF 3, then 9
      [8, 0, 5, 0, 192, 0, 2, 1], [8, 0, 5, 0, 192, 0, 2, 2], // RTA_GATEWAY twice
      [8, 0, 31, 0, 0, 0, 0, 1], [8, 0, 31, 0, 0, 0, 0, 2], // RTA_FLOWLABEL (31, big-endian) twice
      [5, 0, 40, 0x80, 1, 0, 0, 0], [6, 0, 40, 0x40, 2, 3, 0, 0], // type 40 with NLA_F_NESTED, then with NLA_F_NET_BYTEORDER
    );
    expect(route).toMatchObject({ oif: 3, gateway: '192.0.2.1', flowlabel: 1 });
    expect(route[UNKNOWN]).toEqual([
      { type: 40, flags: 0x8000, payload: Uint8Array.of(1) },
      { type: 40, flags: 0x4000, payload: Uint8Array.of(2, 3) },
    ]);
  });

  it('RTA_METRICS with NLA_F_NESTED set is still RTA_METRICS; the lock mask becomes names (ids the spec lacks as numbers)', () => {
    // RTAX_LOCK (1) = bits 2 (mtu), 8 (advmss), 0 and 31 (no such metrics); RTAX_MTU (2) = 1400; RTAX_CC_ALGO (16) = "bbr".
    const route = decode(rtmsg(), [28, 0, 8, 0x80], [8, 0, 1, 0, 0x05, 0x01, 0, 0x80], [8, 0, 2, 0, 0x78, 0x05, 0, 0], [8, 0, 16, 0, 0x62, 0x62, 0x72, 0]);
    expect({ ...route.metrics }).toEqual({ lock: [0, 'mtu', 'advmss', 31], mtu: 1400, ccAlgo: 'bbr' });
    expect({ ...decode(rtmsg(), [12, 0, 8, 0], [8, 0, 2, 0, 0xdc, 0x05, 0, 0]).metrics }).toEqual({ mtu: 1500 });
  });

  it('RTA_CACHEINFO: struct rta_cacheinfo as the kernel sends it (8 u32: clntref, lastuse, expires, error, used, id, ts, tsage)', () => {
    const route = decode(rtmsg(), [36, 0, 12, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xf5, 0xff, 0xff, 0xff, 5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0]);
    expect(route.cacheinfo).toEqual({ rtaClntref: 1, rtaLastuse: 2, rtaExpires: 3, rtaError: 0xffff_fff5, rtaUsed: 5 });
  });

  it('attributes decoded by the declaration: RTA_MARK, RTA_UID, RTA_SPORT (big-endian), RTA_EXPIRES', () => {
    const route = decode(rtmsg(), [8, 0, 16, 0, 0x2a, 0, 0, 0], [8, 0, 25, 0, 0xe8, 0x03, 0, 0], [6, 0, 28, 0, 0x01, 0xbb, 0, 0], [8, 0, 23, 0, 60, 0, 0, 0]);
    expect(route).toMatchObject({ mark: 42, uid: 1000, sport: 443, expires: 60 });
  });

  it('RTA_VIA: a gateway of another family (struct rtvia: family u16, then the address)', () => {
    expect(decode(rtmsg(), [10, 0, 18, 0, 2, 0, 192, 0, 2, 7, 0, 0]).via).toEqual({ family: 'inet', address: '192.0.2.7' });
    expect(decode(rtmsg(), [8, 0, 18, 0, 0x2c, 0x01, 0xaa, 0xbb]).via).toEqual({ family: 300, address: 'aa:bb' });
    expect(decode(rtmsg(), [6, 0, 18, 0, 0x2c, 0x01, 0, 0]).via).toEqual({ family: 300, address: '' });
  });

  it('RTA_NEWDST and an MPLS destination: label stacks, the label in the top 20 bits of each entry', () => {
    // Labels 100 (0x00064) and 1048575 (0xfffff, bottom of stack).
    const route = decode(rtmsg(28), [12, 0, 1, 0, 0x00, 0x06, 0x40, 0x00, 0xff, 0xff, 0xf1, 0xff], [8, 0, 19, 0, 0x00, 0x00, 0x11, 0x00]);
    expect(route).toMatchObject({ family: 'mpls', dst: '100/1048575', newdst: '1' });
  });

  describe('what is malformed is a DecodeError saying where', () => {
    it('a header shorter than struct rtmsg (12 bytes)', () => {
      const error = decodeError([2, 24, 0, 0, 254, 4, 0, 1, 0, 0, 0]);
      expect(error.message).toMatch(/rtmsg needs 12 bytes, payload has 11/);
      expect(error.path).toEqual(['header']);
    });

    it('fewer than 4 bytes left for an attribute header', () => {
      expect(decodeError(rtmsg(), [8, 0, 4, 0, 1, 0, 0, 0], [4, 0]).message).toMatch(/truncated attribute header: 2 bytes left/);
      expect(decodeError(rtmsg(), [4, 0, 4]).message).toMatch(/truncated attribute header: 3 bytes left/);
    });

    it('an attribute length below 4 or past the end', () => {
      expect(decodeError(rtmsg(), [3, 0, 4, 0, 0, 0, 0, 0]).message).toMatch(/bad attribute length 3 \(8 bytes left\)/);
      expect(decodeError(rtmsg(), [9, 0, 4, 0, 0, 0, 0, 0]).message).toMatch(/bad attribute length 9 \(8 bytes left\)/);
      // Exactly to the end is fine: an empty RTA_PROTOINFO (4 bytes).
      expect(decode(rtmsg(), [4, 0, 10, 0]).protoinfo).toEqual(new Uint8Array(0));
    });

    it('a u32 attribute shorter than 4 bytes names it', () => {
      for (const [type, name] of [[3, 'iif'], [4, 'oif'], [6, 'priority'], [15, 'table']] as const) {
        const error = decodeError(rtmsg(), [7, 0, type, 0, 1, 2, 3, 0]);
        expect(error.path, name).toEqual([name]);
        expect(error.message).toMatch(/u32 needs 4 bytes, payload has 3/);
      }
    });

    it('an RTA_VIA without its family, an empty RTA_PREF, a bad metric', () => {
      expect(decodeError(rtmsg(), [5, 0, 18, 0, 2, 0, 0, 0]).path).toEqual(['via']);
      expect(decodeError(rtmsg(), [5, 0, 18, 0, 2, 0, 0, 0]).message).toMatch(/rtvia needs 2 bytes, payload has 1/);
      expect(decodeError(rtmsg(), [4, 0, 20, 0]).path).toEqual(['pref']);
      expect(decodeError(rtmsg(), [4, 0, 20, 0]).message).toMatch(/u8 needs 1 byte, payload has 0/);
      expect(decodeError(rtmsg(), [10, 0, 8, 0], [6, 0, 2, 0, 1, 2, 0, 0]).path).toEqual(['metrics', 'mtu']);
      expect(decodeError(rtmsg(), [6, 0, 16, 0, 1, 2, 0, 0]).path).toEqual(['mark']);
    });
  });

  describe('RTA_MULTIPATH', () => {
    it('next hops: rtnh_len, flags by name, weight = rtnh_hops + 1, ifindex, then their own attributes; each 4-aligned', () => {
      // Hop 1: len 16, RTNH_F_ONLINK|RTNH_F_LINKDOWN (0x14), hops 1, ifindex 3, RTA_GATEWAY 192.0.2.1.
      // Hop 2: len 13, flags 0x80 (no name), hops 255, ifindex 4, RTA_PREF 3 (5 bytes; the next hop starts at 16).
      // Hop 3: len 8, no attributes.
      const hops = [
        [16, 0, 0x14, 1, 3, 0, 0, 0, 8, 0, 5, 0, 192, 0, 2, 1],
        [13, 0, 0x80, 255, 4, 0, 0, 0, 5, 0, 20, 0, 3, 0, 0, 0],
        [8, 0, 0, 0, 5, 0, 0, 0],
      ].flat();
      const route = decode(rtmsg(), [4 + hops.length, 0, 9, 0], hops);
      expect(route.multipath).toEqual([
        { oif: 3, weight: 2, flags: ['onlink', 'linkdown'], gateway: '192.0.2.1' },
        { oif: 4, weight: 256, flags: [0x80], pref: 'low' },
        { oif: 5, weight: 1, flags: [] },
      ]);
    });

    it('a truncated rtnexthop, a bad rtnh_len, a bad attribute in a hop: errors naming the hop', () => {
      const mp = (...hop: number[]) => [[4 + hop.length, 0, 9, 0], hop];
      const truncated = decodeError(rtmsg(), ...mp(8, 0, 0, 0, 3, 0, 0, 0, 8, 0, 0, 0));
      expect(truncated.path).toEqual(['multipath', 1]);
      expect(truncated.message).toMatch(/truncated rtnexthop: 4 bytes left/);
      expect(decodeError(rtmsg(), ...mp(7, 0, 0, 0, 3, 0, 0, 0)).message).toMatch(/bad rtnexthop length 7 \(8 bytes left\)/);
      expect(decodeError(rtmsg(), ...mp(12, 0, 0, 0, 3, 0, 0, 0)).message).toMatch(/bad rtnexthop length 12 \(8 bytes left\)/);
      expect(decodeError(rtmsg(), ...mp(8, 0, 0, 0, 3, 0, 0, 0, 14, 0, 0, 0, 4, 0, 0, 0, 6, 0, 4, 0, 1, 2, 0, 0)).path).toEqual(['multipath', 1, 'oif']);
    });
  });

  describe('a route without RTA_DST is the default route of its family', () => {
    it('0.0.0.0 for IPv4 and IPMR (128), :: for IPv6 and IP6MR (129), nothing for other families', () => {
      expect(decode(rtmsg(2)).dst).toBe('0.0.0.0');
      expect(decode(rtmsg(128)).dst).toBe('0.0.0.0');
      expect(decode(rtmsg(10)).dst).toBe('::');
      expect(decode(rtmsg(129)).dst).toBe('::');
      const bridge = decode(rtmsg(7));
      expect(bridge.family).toBe('bridge');
      expect('dst' in bridge).toBe(false);
    });

    it('families, types, protocols and scopes without a name stay numbers', () => {
      const route = decode([200, 0, 0, 0, 7, 77, 99, 30, 0, 0, 0, 0]);
      expect(route).toMatchObject({ family: 200, table: 7, protocol: 77, scope: 99, type: 30 });
    });
  });

  // Numbers from the UAPI: RTA_CACHEINFO 12, RTA_ENCAP_TYPE 21, RTA_ENCAP 22 (linux/rtnetlink.h);
  // LWTUNNEL_ENCAP_MPLS 1, LWTUNNEL_ENCAP_IP 2, LWTUNNEL_IP_ID 1 (linux/lwtunnel.h); MPLS_IPTUNNEL_DST 1,
  // MPLS_IPTUNNEL_TTL 2 (linux/mpls_iptunnel.h); an MPLS label entry is label << 12 | S bit 0x100, big-endian.
  describe('encapsulations, cache info, prefixes without an address, names', () => {
    it('RTA_ENCAP is decoded as MPLS only under LWTUNNEL_ENCAP_MPLS; another type keeps its bytes', () => {
      const ipEncap = [12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0];
      const route = decode(rtmsg(), [6, 0, 21, 0, 2, 0, 0, 0], [16, 0, 22, 0x80, ...ipEncap]);
      expect(route.encap).toEqual(Uint8Array.from(ipEncap));
      expect(route.encapType).toBe(2);
    });

    it('an MPLS push decodes its labels; ttl only when sent; no label stack is an empty list', () => {
      const labels = [12, 0, 1, 0, 0x00, 0x06, 0x40, 0x00, 0x00, 0x0c, 0x81, 0x00]; // 100, then 200 (bottom of stack)
      expect(decode(rtmsg(), [6, 0, 21, 0, 1, 0, 0, 0], [16, 0, 22, 0x80, ...labels]).encap).toStrictEqual({ type: 'mpls', labels: [100, 200] });
      expect(decode(rtmsg(), [6, 0, 21, 0, 1, 0, 0, 0], [24, 0, 22, 0x80, ...labels, 5, 0, 2, 0, 9, 0, 0, 0]).encap).toStrictEqual({ type: 'mpls', labels: [100, 200], ttl: 9 });
      expect(decode(rtmsg(), [6, 0, 21, 0, 1, 0, 0, 0], [12, 0, 22, 0x80, 5, 0, 2, 0, 9, 0, 0, 0]).encap).toStrictEqual({ type: 'mpls', labels: [], ttl: 9 });
    });

    it('a next hop whose rtnh_len runs past RTA_MULTIPATH is a DecodeError naming its index', () => {
      // Hop 0 { len 8, ifindex 3 } is whole; hop 1 says 12 bytes where 8 are left.
      const error = decodeError(rtmsg(), [20, 0, 9, 0, 8, 0, 0, 0, 3, 0, 0, 0, 12, 0, 0, 0, 4, 0, 0, 0]);
      expect(error.path).toEqual(['multipath', 1]);
      expect(error.message).toMatch(/bad rtnexthop length 12 \(8 bytes left\)/);
    });

    it('a malformed MPLS push is a DecodeError naming it', () => {
      const error = decodeError(rtmsg(), [6, 0, 21, 0, 1, 0, 0, 0], [12, 0, 22, 0x80, 9, 0, 1, 0, 0, 0, 0, 0]);
      expect(error.path).toEqual(['encap']);
      expect(error.message).toMatch(/bad attribute length 9 \(8 bytes left\)/);
    });

    it('an AF_MPLS route without RTA_DST has neither dst nor dstPrefix (no zero address for labels)', () => {
      const route = decode([28, 20, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0]);
      expect('dst' in route).toBe(false);
      expect('dstPrefix' in route).toBe(false);
    });

    it('names fill in dev and iifName only where the interface has one', () => {
      // RTA_MULTIPATH (9): rtnexthop { len 8, flags 0, hops 0, ifindex } for interfaces 3 and 99; RTA_IIF (3) 98.
      const route = decode(rtmsg(), [20, 0, 9, 0, 8, 0, 0, 0, 3, 0, 0, 0, 8, 0, 0, 0, 99, 0, 0, 0], [8, 0, 3, 0, 98, 0, 0, 0]);
      addRouteNames(route, new Map([[3, 'v0']]));
      expect(route.multipath![0]!.dev).toBe('v0');
      expect('dev' in route.multipath![1]!).toBe(false);
      expect(route.iif).toBe(98);
      expect('iifName' in route).toBe(false);
    });
  });
});
