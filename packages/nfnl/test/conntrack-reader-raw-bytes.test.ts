// The list's fast reader (`readEntry`) on conntrack messages written byte by byte here from the kernel's
// layout (linux/netfilter/nfnetlink_conntrack.h numbers, host-order attribute headers with NLA_F_NESTED on
// nests as nla_nest_start() sets it, network-order values), not with linx's encoder: what it reads is checked
// against literal values. It must skip what it does not know (the 4-byte CTA_*_PAD attributes the kernel puts
// before 64-bit values, the unused 32-bit counters, attributes of newer kernels) whatever their size, stop at
// a truncated attribute, keep status bits without a name as numbers, and never hand out another address's
// text from its address caches nor one entry's status list to another.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { conntrack } from '../src/index.js';

const NESTED = 0x8000;

/** One attribute: host-order (little-endian here) length and type, the value, padding to 4 bytes. */
function attr(type: number, value: Uint8Array | Uint8Array[]): Uint8Array {
  const body = Array.isArray(value) ? concat(value) : value;
  const out = new Uint8Array((4 + body.length + 3) & ~3);
  const view = new DataView(out.buffer);
  view.setUint16(0, 4 + body.length, true);
  view.setUint16(2, Array.isArray(value) ? type | NESTED : type, true);
  out.set(body, 4);
  return out;
}
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
const u8 = (v: number) => Uint8Array.of(v);
const be16 = (v: number) => Uint8Array.of(v >> 8, v & 0xff);
const be32 = (v: number) => Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
const be64 = (v: bigint) => concat([be32(Number(v >> 32n)), be32(Number(v & 0xffffffffn))]);
const v4 = (text: string) => Uint8Array.from(text.split('.').map(Number));
const v6 = (...words: number[]) => concat(words.map(be32));
const text = (s: string, pad = 1) => concat([new TextEncoder().encode(s), new Uint8Array(pad)]);
/** An attribute of a newer kernel (or an unused one) of `size` value bytes: the reader must skip it. */
const unknown = (type: number, size: number) => attr(type, new Uint8Array(size).fill(0xee));

// enum ctattr_type, ctattr_tuple, ctattr_ip, ctattr_l4proto, ctattr_protoinfo*, ctattr_counters, ctattr_tstamp, ctattr_help.
const CTA = { tupleOrig: 1, tupleReply: 2, status: 3, protoinfo: 4, help: 5, timeout: 7, mark: 8, countersOrig: 9, countersReply: 10, use: 11, id: 12, tupleMaster: 14, zone: 18, secctx: 19, timestamp: 20, labels: 22 };
const TUPLE = { ip: 1, proto: 2, zone: 3 };
const IP = { v4Src: 1, v4Dst: 2, v6Src: 3, v6Dst: 4 };
const PROTO = { num: 1, sport: 2, dport: 3, icmpId: 4, icmpType: 5, icmpCode: 6, icmpv6Id: 7, icmpv6Type: 8, icmpv6Code: 9 };

function tuple4(src: string, dst: string, proto: Uint8Array[], extra: Uint8Array[] = []): Uint8Array[] {
  return [attr(TUPLE.ip, [attr(IP.v4Src, v4(src)), attr(IP.v4Dst, v4(dst))]), attr(TUPLE.proto, proto), ...extra];
}
const ports = (protocol: number, sport: number, dport: number) => [attr(PROTO.num, u8(protocol)), attr(PROTO.sport, be16(sport)), attr(PROTO.dport, be16(dport))];

/** nfgenmsg (family, version 0, res_id 0) and the attributes. */
function message(family: number, attrs: Uint8Array[]): Uint8Array {
  return concat([Uint8Array.of(family, 0, 0, 0), ...attrs]);
}
const read = (bytes: Uint8Array) => conntrack.readEntry(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length);

describe('readEntry on the kernel\'s bytes', () => {
  // First in the file: the caches' empty slots must not answer for the all-ones or all-zero address.
  it('reads 255.255.255.255 and :: on first sight (an empty cache slot is no address)', () => {
    const e = read(message(2, [attr(CTA.tupleOrig, tuple4('0.0.0.0', '255.255.255.255', ports(17, 68, 67))), attr(CTA.status, be32(8))]));
    expect(e.original).toEqual({ src: '0.0.0.0', dst: '255.255.255.255', protocol: 'udp', sport: 68, dport: 67 });
    expect(read(message(2, [attr(CTA.tupleOrig, tuple4('255.255.255.255', '255.255.255.255', ports(17, 1, 2)))])).original.src).toBe('255.255.255.255');
    const six = read(message(10, [attr(CTA.tupleOrig, [attr(TUPLE.ip, [attr(IP.v6Src, v6(0, 0, 0, 0)), attr(IP.v6Dst, v6(0, 0, 0, 1))]), attr(TUPLE.proto, ports(17, 546, 547))])]));
    expect([six.original.src, six.original.dst]).toEqual(['::', '::1']);
  });

  it('a TCP entry as a dump sends it, with the PAD attributes and unused counters the kernel writes skipped', () => {
    const bytes = message(2, [
      attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', ports(6, 40000, 443))),
      attr(CTA.tupleReply, tuple4('10.0.0.2', '10.0.0.1', ports(6, 443, 40000))),
      attr(CTA.status, be32(0x18e)), // IPS_SEEN_REPLY | ASSURED | CONFIRMED | SRC_NAT_DONE | DST_NAT_DONE
      attr(CTA.timeout, be32(431999)),
      attr(CTA.mark, be32(0xdeadbeef)),
      attr(CTA.countersOrig, [attr(5, new Uint8Array(0)), attr(1, be64(12n)), attr(5, new Uint8Array(0)), attr(2, be64(0x1_0000_0001n)), attr(3, be32(7)), attr(4, be32(8))]),
      attr(CTA.countersReply, [attr(1, be64(10n)), attr(2, be64(5000n))]),
      attr(CTA.protoinfo, [attr(1, [attr(1, u8(3)), attr(2, u8(7)), attr(3, u8(9)), attr(4, Uint8Array.of(0x23, 0xff)), attr(5, Uint8Array.of(0x08, 0xff)), unknown(6, 8)])]),
      attr(CTA.use, be32(1)),
      attr(CTA.id, be32(0xc0ffee01)),
      attr(CTA.timestamp, [attr(3, new Uint8Array(0)), attr(1, be64(1_733_000_000_000_000_000n)), unknown(9, 8)]),
    ]);
    expect(read(bytes)).toEqual({
      family: 'ip',
      original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', sport: 40000, dport: 443 },
      reply: { src: '10.0.0.2', dst: '10.0.0.1', protocol: 'tcp', sport: 443, dport: 40000 },
      status: ['seen-reply', 'assured', 'confirmed', 'src-nat-done', 'dst-nat-done'],
      timeout: 431999,
      mark: 0xdeadbeef,
      id: 0xc0ffee01,
      use: 1,
      // IP_CT_TCP_FLAG_* (linux/netfilter/nf_conntrack_tcp.h): 0x23 = WINDOW_SCALE | SACK_PERM | MAXACK_SET (the YNL spec's 'maxack'); 0x08 = BE_LIBERAL.
      tcp: { state: 'established', wscaleOriginal: 7, wscaleReply: 9, flagsOriginal: ['window-scale', 'sack-perm', 'maxack'], flagsReply: ['be-liberal'] },
      counters: { original: { packets: 12n, bytes: 0x1_0000_0001n }, reply: { packets: 10n, bytes: 5000n } },
      timestamp: { start: 1_733_000_000_000_000_000n },
    });
  });

  it('skips attributes of a newer kernel at every level, whatever their size', () => {
    const plain = read(message(2, [attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', ports(17, 1, 2))), attr(CTA.tupleReply, tuple4('10.0.0.2', '10.0.0.1', ports(17, 2, 1))), attr(CTA.status, be32(8)), attr(CTA.mark, be32(0)), attr(CTA.use, be32(1)), attr(CTA.id, be32(5)), attr(CTA.timeout, be32(30))]));
    for (const size of [0, 1, 2, 4, 8, 12, 16, 20]) {
      const junkTuple = (src: string, dst: string, sport: number, dport: number) => [
        unknown(9, size),
        attr(TUPLE.ip, [unknown(9, size), attr(IP.v4Src, v4(src)), unknown(5, size), attr(IP.v4Dst, v4(dst)), unknown(0, size)]),
        attr(TUPLE.proto, [unknown(12, size), ...ports(17, sport, dport), unknown(10, size)]),
      ];
      const bytes = message(2, [
        unknown(31, size),
        attr(CTA.tupleOrig, junkTuple('10.0.0.1', '10.0.0.2', 1, 2)),
        unknown(0, size),
        attr(CTA.tupleReply, junkTuple('10.0.0.2', '10.0.0.1', 2, 1)),
        attr(CTA.status, be32(8)),
        unknown(40, size),
        attr(CTA.mark, be32(0)),
        attr(CTA.use, be32(1)),
        attr(CTA.id, be32(5)),
        attr(CTA.timeout, be32(30)),
        unknown(0x3fff, size),
      ]);
      expect(read(bytes), `${size}-byte unknown attributes`).toEqual(plain);
    }
    expect(plain).toEqual({
      family: 'ip',
      original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 1, dport: 2 },
      reply: { src: '10.0.0.2', dst: '10.0.0.1', protocol: 'udp', sport: 2, dport: 1 },
      status: ['confirmed'],
      mark: 0,
      id: 5,
      use: 1,
      timeout: 30,
    });
  });

  it('an address or a counter of the wrong size is no address or counter', () => {
    const e = read(
      message(2, [
        attr(CTA.tupleOrig, [attr(TUPLE.ip, [attr(IP.v4Src, v4('10.0.0.1')), attr(IP.v4Dst, Uint8Array.of(10, 0, 0, 2, 0, 0, 0, 0)), attr(IP.v6Src, v4('10.0.0.3')), attr(IP.v6Dst, v4('10.0.0.4'))]), attr(TUPLE.proto, ports(17, 1, 2))]),
        attr(CTA.countersOrig, [attr(1, be32(3)), attr(2, be64(9n))]),
        attr(CTA.timestamp, [attr(1, be32(3)), attr(2, be64(99n))]),
      ]),
    );
    expect(e.original).toEqual({ src: '10.0.0.1', dst: '', protocol: 'udp', sport: 1, dport: 2 });
    expect(e.counters).toEqual({ original: { packets: 0n, bytes: 9n } });
    expect(e.timestamp).toEqual({ stop: 99n });
  });

  it('stops at an attribute shorter than its header, keeping what came before', () => {
    const good = attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', ports(6, 1, 2)));
    const broken = Uint8Array.of(2, 0, CTA.mark, 0);
    const e = read(message(2, [good, broken, attr(CTA.mark, be32(7))]));
    expect(e.original.src).toBe('10.0.0.1');
    expect(e.mark).toBeUndefined();
    // The same inside each nest.
    const nested = read(
      message(2, [
        attr(CTA.tupleOrig, [attr(TUPLE.ip, [attr(IP.v4Src, v4('10.0.0.1')), Uint8Array.of(3, 0, IP.v4Dst, 0), attr(IP.v4Dst, v4('10.0.0.2'))]), attr(TUPLE.proto, [attr(PROTO.num, u8(6)), Uint8Array.of(0, 0, 0, 0), attr(PROTO.sport, be16(9))])]),
        attr(CTA.countersOrig, [attr(1, be64(4n)), Uint8Array.of(1, 0, 2, 0), attr(2, be64(8n))]),
        attr(CTA.protoinfo, [attr(1, [attr(1, u8(3)), Uint8Array.of(0, 0, 2, 0), attr(2, u8(7))])]),
        attr(CTA.timestamp, [attr(1, be64(4n)), Uint8Array.of(0, 0, 2, 0), attr(2, be64(8n))]),
      ]),
    );
    expect(nested.original).toEqual({ src: '10.0.0.1', dst: '', protocol: 'tcp' });
    expect(nested.counters).toEqual({ original: { packets: 4n, bytes: 0n } });
    expect(nested.tcp).toEqual({ state: 'established' });
    expect(nested.timestamp).toEqual({ start: 4n });
  });

  it('ICMP and ICMPv6 tuples have their type, code and id and no ports; a tuple zone is the direction\'s', () => {
    const e = read(
      message(2, [
        attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', [attr(PROTO.num, u8(1)), attr(PROTO.icmpId, be16(0x1234)), attr(PROTO.icmpType, u8(8)), attr(PROTO.icmpCode, u8(0))], [attr(TUPLE.zone, be16(7))])),
        attr(CTA.tupleReply, tuple4('10.0.0.2', '10.0.0.1', [attr(PROTO.num, u8(1)), attr(PROTO.icmpId, be16(0x1234)), attr(PROTO.icmpType, u8(0)), attr(PROTO.icmpCode, u8(0))])),
        attr(CTA.status, be32(8)),
        attr(CTA.mark, be32(0)),
        attr(CTA.use, be32(1)),
        attr(CTA.id, be32(5)),
        attr(CTA.timeout, be32(30)),
      ]),
    );
    expect(e.original).toEqual({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'icmp', icmp: { type: 8, code: 0, id: 0x1234 }, zone: 7 });
    expect(e.reply).toEqual({ src: '10.0.0.2', dst: '10.0.0.1', protocol: 'icmp', icmp: { type: 0, code: 0, id: 0x1234 } });
    const six = read(message(10, [attr(CTA.tupleOrig, [attr(TUPLE.ip, [attr(IP.v6Src, v6(0x20010db8, 0, 0, 1)), attr(IP.v6Dst, v6(0x20010db8, 0, 0, 2))]), attr(TUPLE.proto, [attr(PROTO.num, u8(58)), attr(PROTO.icmpv6Id, be16(3)), attr(PROTO.icmpv6Type, u8(128)), attr(PROTO.icmpv6Code, u8(1))])])]));
    expect(six.original).toEqual({ src: '2001:db8::1', dst: '2001:db8::2', protocol: 'icmpv6', icmp: { type: 128, code: 1, id: 3 } });
    // A tuple with a source port alone (none the kernel sends, but a reader must not invent the other).
    const half = read(message(2, [attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', [attr(PROTO.num, u8(132)), attr(PROTO.sport, be16(0))]))]));
    expect(half.original).toEqual({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'sctp', sport: 0 });
    const otherHalf = read(message(2, [attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', [attr(PROTO.num, u8(132)), attr(PROTO.dport, be16(0))], [attr(TUPLE.zone, be16(0))]))]));
    expect(otherHalf.original).toEqual({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'sctp', dport: 0, zone: 0 });
  });

  it('status bits without a name stay numbers; each entry gets its own status list', () => {
    const withStatus = (word: number) => read(message(2, [attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', ports(6, 1, 2))), attr(CTA.status, be32(word))]));
    expect(withStatus(0x80000009).status).toEqual(['expected', 'confirmed', 0x80000000]);
    expect(withStatus(0).status).toEqual([]);
    const first = withStatus(0x0e);
    first.status.push('dying');
    expect(withStatus(0x0e).status).toEqual(['seen-reply', 'assured', 'confirmed']);
  });

  it('the helper, security context, zone, labels, master tuple, SCTP and DCCP state', () => {
    const e = read(
      message(2, [
        attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', ports(132, 5000, 5001))),
        attr(CTA.help, [attr(1, text('ftp', 5))]),
        attr(CTA.secctx, [attr(1, text('system_u:object_r:unlabeled_t:s0'))]),
        attr(CTA.zone, be16(0x102)),
        attr(CTA.labels, concat([be32(0), be32(0), be32(0), be32(0)]).map((_, i) => (i === 0 ? 0x01 : i === 7 ? 0x80 : 0))),
        attr(CTA.tupleMaster, tuple4('10.0.0.9', '10.0.0.10', ports(6, 21, 2121))),
        attr(CTA.protoinfo, [attr(3, [attr(1, u8(3)), attr(2, be32(0x01020304)), attr(3, be32(0xfffffffe))]), attr(2, [attr(1, u8(4)), attr(2, u8(1)), attr(4, new Uint8Array(0)), attr(3, be64(0x1_0000_0000n))])]),
      ]),
    );
    expect(e).toMatchObject({ helper: 'ftp', secctx: 'system_u:object_r:unlabeled_t:s0', zone: 0x102, master: { src: '10.0.0.9', dst: '10.0.0.10', protocol: 'tcp', sport: 21, dport: 2121 } });
    // Label N is bit N % 32 of host-order word N / 32: byte 0 bit 0 is label 0, byte 7 bit 7 is label 63 here.
    expect(e.labels).toEqual([0, 63]);
    // SCTP_CONNTRACK_* 3 is COOKIE_ECHOED (linux/netfilter/nf_conntrack_sctp.h).
    expect(e.sctp).toEqual({ state: 'cookie-echoed', vtagOriginal: 0x01020304, vtagReply: 0xfffffffe });
    expect(e.dccp).toEqual({ state: 4, role: 1, handshakeSeq: 0x1_0000_0000n });
    // An empty CTA_HELP nest (no name) is no helper; a name's NUL padding is not part of it.
    const bare = read(message(2, [attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', ports(6, 1, 2))), attr(CTA.help, []), attr(CTA.secctx, [attr(1, text('a', 0))]), attr(CTA.mark, be32(0)), attr(CTA.use, be32(1)), attr(CTA.id, be32(1)), attr(CTA.timeout, be32(1))]));
    expect(bare.helper).toBeUndefined();
    expect(bare.secctx).toBe('a');
    expect(Object.keys(bare)).not.toContain('helper');
    // A DCCP handshake sequence of the wrong size is none; an SCTP state without a name stays a number.
    const odd = read(message(2, [attr(CTA.protoinfo, [attr(3, [attr(1, u8(200))]), attr(2, [attr(3, be32(5))])])]));
    expect(odd.sctp).toEqual({ state: 200 });
    expect(odd.dccp).toEqual({ state: 0 });
    // A TCP state without a name stays a number too.
    expect(read(message(2, [attr(CTA.protoinfo, [attr(1, [attr(1, u8(77))])])])).tcp).toEqual({ state: 77 });
  });
});

describe('entryFrom (events, get) and readEntry (lists)', () => {
  it('make the same entry, with no key for what the message leaves out', () => {
    const codec = compileMessage(conntrack.messages.conntrackMessage);
    const messages = [
      // A destroy event: no timeout, mark, use or id.
      message(2, [attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', ports(6, 1, 2))), attr(CTA.tupleReply, tuple4('10.0.0.2', '10.0.0.1', ports(6, 2, 1))), attr(CTA.status, be32(8))]),
      // Counters of one direction, a start without a stop, parts of TCP's, SCTP's and DCCP's state.
      message(2, [
        attr(CTA.tupleOrig, tuple4('10.0.0.1', '10.0.0.2', ports(6, 1, 2))),
        attr(CTA.countersOrig, [attr(1, be64(1n)), attr(2, be64(2n))]),
        attr(CTA.timestamp, [attr(1, be64(5n))]),
        attr(CTA.protoinfo, [attr(1, [attr(1, u8(1))]), attr(3, [attr(1, u8(2)), attr(3, be32(6))]), attr(2, [attr(1, u8(2))])]),
      ]),
      message(2, [attr(CTA.countersReply, [attr(2, be64(2n))]), attr(CTA.timestamp, [attr(2, be64(6n))]), attr(CTA.protoinfo, [attr(1, [attr(3, u8(4)), attr(5, Uint8Array.of(1, 0xff))]), attr(3, [attr(2, be32(7))]), attr(2, [attr(2, u8(1))])])]),
    ];
    for (const bytes of messages) {
      const decoded = conntrack.entryFrom(codec.decode(bytes));
      expect(decoded).toStrictEqual(read(bytes));
      for (const [key, value] of Object.entries(decoded)) expect(value, key).not.toBeUndefined();
      for (const part of [decoded.tcp, decoded.sctp, decoded.dccp, decoded.counters, decoded.timestamp]) if (part) for (const [key, value] of Object.entries(part)) expect(value, key).not.toBeUndefined();
    }
    expect(Object.keys(conntrack.entryFrom(codec.decode(messages[0]!))).sort()).toEqual(['family', 'original', 'reply', 'status']);
    expect(conntrack.entryFrom(codec.decode(messages[1]!))).toMatchObject({ counters: { original: { packets: 1n, bytes: 2n } }, timestamp: { start: 5n }, tcp: { state: 'syn-sent' }, sctp: { state: 'cookie-wait', vtagReply: 6 }, dccp: { state: 2 } });
    expect(conntrack.entryFrom(codec.decode(messages[2]!))).toMatchObject({ counters: { reply: { packets: 0n, bytes: 2n } }, timestamp: { stop: 6n }, tcp: { state: 0, wscaleReply: 4, flagsReply: ['window-scale'] }, sctp: { state: 0, vtagOriginal: 7 }, dccp: { state: 0, role: 1 } });
  });
});

describe('readEntry\'s address caches', () => {
  it('never answer with another address whose bits fold to the same slot', () => {
    // Pairs that differ by two bits the caches' hashes fold together (bits 0 and 12 of an IPv4 address;
    // bits 10 and 26 of one 32-bit word of an IPv6 address), read one after the other, back and forth.
    const four = (a: string, b: string) => read(message(2, [attr(CTA.tupleOrig, tuple4(a, b, ports(6, 1, 2)))])).original;
    expect(four('192.0.2.1', '192.0.18.0')).toMatchObject({ src: '192.0.2.1', dst: '192.0.18.0' });
    expect(four('192.0.18.0', '192.0.2.1')).toMatchObject({ src: '192.0.18.0', dst: '192.0.2.1' });
    const flip = 0x04000400;
    for (let word = 0; word < 4; word++) {
      const a = [0x20010db8, 0x11, 0x22, 0x33];
      const b = a.map((w, i) => (i === word ? (w ^ flip) >>> 0 : w));
      const six = read(message(10, [attr(CTA.tupleOrig, [attr(TUPLE.ip, [attr(IP.v6Src, v6(...a)), attr(IP.v6Dst, v6(...b))]), attr(TUPLE.proto, ports(6, 1, 2))])])).original;
      const hex = (w: number[]) => w.flatMap((x) => [x >>> 16, x & 0xffff]).map((h) => h.toString(16));
      expect([six.src, six.dst], `word ${word}`).toEqual([hex(a), hex(b)].map((h) => conntrackText(h)));
    }
  });
});

/** The RFC 5952 text of eight 16-bit groups (the longest run of two or more zero groups as ::). */
function conntrackText(groups: string[]): string {
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}
