// conntrack's filters and tuples as plain functions (no kernel, no root): the CTA_FILTER flags and status
// words a dump asks the kernel for, the JavaScript match that checks every part of a filter again on what
// comes back, tuples read from the codec's nests and written back, the reply direction of an ICMP request,
// and the errors bad filters and tuples get (argument and message) before anything is sent.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { conntrack, type ConntrackEntry } from '../src/index.js';

const { checkFilter, dumpAttrsOf, matches, checkTuples, tupleAttrsOf, tupleFrom, invertTuple, protocolNumberOf } = conntrack;

/**
 * CTA_FILTER_F_* from net/netfilter/nf_internals.h (Linux 6.18), which the kernel keeps out of the UAPI
 * headers: written here from the kernel source, not from linx's table.
 */
const F = {
  ipSrc: 0x1,
  ipDst: 0x2,
  protoNum: 0x8,
  protoSrcPort: 0x10,
  protoDstPort: 0x20,
  icmpType: 0x40,
  icmpCode: 0x80,
  icmpId: 0x100,
  icmpv6Type: 0x200,
  icmpv6Code: 0x400,
  icmpv6Id: 0x800,
};

/** The error `fn` throws: an InvalidArgumentError, else the test fails. */
function thrown(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError, nothing was thrown');
}

/** A listed TCP entry 192.0.2.1:1000 → 192.0.2.2:80, with `over` laid over it. */
function entry(over: Partial<ConntrackEntry> = {}): ConntrackEntry {
  return {
    family: 'ip',
    original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'tcp', sport: 1000, dport: 80 },
    reply: { src: '192.0.2.2', dst: '192.0.2.1', protocol: 'tcp', sport: 80, dport: 1000 },
    status: ['seen-reply', 'assured', 'confirmed'],
    mark: 0x12,
    ...over,
  };
}

describe('a dump\'s kernel-side filter', () => {
  it('asks for each tuple part the kernel compares by its CTA_FILTER flag, per direction', () => {
    const attrs = dumpAttrsOf(checkFilter({ original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 53, dport: 4000 }, reply: { dst: '10.0.0.1' } }));
    expect(attrs.filter).toEqual({ origFlags: F.ipSrc | F.ipDst | F.protoNum | F.protoSrcPort | F.protoDstPort, replyFlags: F.ipDst });
    expect(attrs.tupleOrig).toEqual({ tupleIp: { ipV4Src: '10.0.0.1', ipV4Dst: '10.0.0.2' }, tupleProto: { protoNum: 17, protoSrcPort: 53, protoDstPort: 4000 } });
    expect(attrs.tupleReply).toEqual({ tupleIp: { ipV4Dst: '10.0.0.1' } });
  });

  it('names ICMP fields by the flags of ICMP or of ICMPv6, as the protocol is', () => {
    const v4 = dumpAttrsOf(checkFilter({ original: { protocol: 'icmp', icmp: { type: 8, code: 0, id: 5 } } }));
    // CTA_FILTER needs the family, which ICMP fields without an address or `family` do not give: all in JavaScript then.
    expect(v4).toEqual({});
    const withFamily = dumpAttrsOf(checkFilter({ family: 'ip', original: { protocol: 'icmp', icmp: { type: 8, code: 0, id: 5 } } }));
    expect(withFamily.filter).toEqual({ origFlags: F.protoNum | F.icmpType | F.icmpCode | F.icmpId, replyFlags: 0 });
    expect(withFamily.tupleOrig).toEqual({ tupleProto: { protoNum: 1, protoIcmpType: 8, protoIcmpCode: 0, protoIcmpId: 5 } });
    const v6 = dumpAttrsOf(checkFilter({ family: 'ip6', reply: { protocol: 'icmpv6', icmp: { type: 129 } } }));
    expect(v6.filter).toEqual({ origFlags: 0, replyFlags: F.protoNum | F.icmpv6Type });
    expect(v6.tupleReply).toEqual({ tupleProto: { protoNum: 58, protoIcmpv6Type: 129 } });
    expect(v6.tupleOrig).toBeUndefined();
    const idOnly = dumpAttrsOf(checkFilter({ family: 'ip6', original: { protocol: 'icmpv6', icmp: { id: 9 } } }));
    expect(idOnly.filter).toEqual({ origFlags: F.protoNum | F.icmpv6Id, replyFlags: 0 });
    const codeOnly = dumpAttrsOf(checkFilter({ family: 'ip', original: { protocol: 'icmp', icmp: { code: 3 } } }));
    expect(codeOnly.filter).toEqual({ origFlags: F.protoNum | F.icmpCode, replyFlags: 0 });
  });

  it('sends no CTA_FILTER when nothing of a tuple is left for the kernel (an IPv6 address only)', () => {
    expect(dumpAttrsOf(checkFilter({ family: 'ip6', original: { src: '2001:db8::1' }, reply: { dst: '2001:db8::2' } }))).toEqual({});
    // …but the other direction's parts still go.
    const attrs = dumpAttrsOf(checkFilter({ original: { src: '2001:db8::1' }, reply: { protocol: 'tcp' } }));
    expect(attrs).toEqual({ tupleReply: { tupleProto: { protoNum: 6 } }, filter: { origFlags: 0, replyFlags: F.protoNum } });
  });

  it('status bits go as CTA_STATUS under CTA_STATUS_MASK, as conntrack -L --status ASSURED,SEEN_REPLY sends them', () => {
    // strace of conntrack 1.4.7: CTA_STATUS (3) = 00 00 00 06 and CTA_STATUS_MASK (26) = 00 00 00 06.
    const checked = checkFilter({ status: ['assured', 'seen-reply'] });
    expect(checked.status).toBe(0x06);
    const attrs = dumpAttrsOf(checked);
    expect(attrs.status).toEqual(['seen-reply', 'assured']);
    expect(attrs.statusMask).toEqual(['seen-reply', 'assured']);
    // A mark alone is the value under an all-ones mask; zone 0 is a zone like any other.
    expect(dumpAttrsOf(checkFilter({ mark: 7, zone: 0 }))).toEqual({ mark: 7, markMask: 0xffffffff, zone: 0 });
    expect(checkFilter({}).status).toBeUndefined();
  });
});

describe('a filter checked in JavaScript', () => {
  it('each part drops the entries it does not name', () => {
    const e = entry();
    const yes = (filter: Parameters<typeof checkFilter>[0]) => matches(checkFilter(filter), e);
    expect(yes({})).toBe(true);
    expect(yes({ family: 'ip' })).toBe(true);
    expect(yes({ family: 'ip6' })).toBe(false);
    expect(yes({ zone: 0 })).toBe(true);
    expect(yes({ zone: 1 })).toBe(false);
    expect(yes({ mark: 0x12 })).toBe(true);
    expect(yes({ mark: 0x13 })).toBe(false);
    expect(yes({ mark: { value: 0x02, mask: 0x0f } })).toBe(true);
    expect(yes({ mark: { value: 0x03, mask: 0x0f } })).toBe(false);
    expect(yes({ status: ['assured', 'seen-reply'] })).toBe(true);
    expect(yes({ status: ['assured', 'dying'] })).toBe(false);
    expect(yes({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'tcp', sport: 1000, dport: 80 } })).toBe(true);
    expect(yes({ original: { src: '192.0.2.9' } })).toBe(false);
    expect(yes({ original: { dst: '192.0.2.9' } })).toBe(false);
    expect(yes({ original: { protocol: 'udp' } })).toBe(false);
    expect(yes({ original: { protocol: 6 } })).toBe(true);
    expect(yes({ original: { protocol: 'tcp', sport: 1001 } })).toBe(false);
    expect(yes({ original: { protocol: 'tcp', dport: 81 } })).toBe(false);
    expect(yes({ original: { zone: 0 } })).toBe(true);
    expect(yes({ original: { zone: 2 } })).toBe(false);
    expect(yes({ reply: { src: '192.0.2.2', sport: 80, protocol: 'tcp' } })).toBe(true);
    expect(yes({ reply: { src: '192.0.2.1' } })).toBe(false);
    expect(yes({ labels: [] })).toBe(true);
    expect(yes({ labels: [1] })).toBe(false);
  });

  it('an entry without a mark has mark 0; a zone or directional zone is compared as listed', () => {
    const { mark: _mark, ...unmarked } = entry();
    expect(matches(checkFilter({ mark: 0 }), unmarked)).toBe(true);
    expect(matches(checkFilter({ mark: { value: 0, mask: 1 } }), unmarked)).toBe(true);
    expect(matches(checkFilter({ mark: 1 }), unmarked)).toBe(false);
    const zoned = entry({ zone: 4, original: { ...entry().original, zone: 4 } });
    expect(matches(checkFilter({ zone: 4 }), zoned)).toBe(true);
    expect(matches(checkFilter({ zone: 0 }), zoned)).toBe(false);
    expect(matches(checkFilter({ original: { zone: 4 } }), zoned)).toBe(true);
    expect(matches(checkFilter({ reply: { zone: 4 } }), zoned)).toBe(false);
  });

  it('labels must all be set; an entry without labels has none', () => {
    const labelled = entry({ labels: [0, 5, 127] });
    expect(matches(checkFilter({ labels: [5, 127] }), labelled)).toBe(true);
    expect(matches(checkFilter({ labels: [5, 6] }), labelled)).toBe(false);
    expect(matches(checkFilter({ labels: [0] }), entry())).toBe(false);
  });

  it('ICMP fields: each one given must match, and an entry without ICMP fields matches none', () => {
    const ping = entry({
      original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'icmp', icmp: { type: 8, code: 0, id: 77 } },
      reply: { src: '192.0.2.2', dst: '192.0.2.1', protocol: 'icmp', icmp: { type: 0, code: 0, id: 77 } },
    });
    const yes = (icmp: { type?: number; code?: number; id?: number }, e = ping) => matches(checkFilter({ original: { protocol: 'icmp', icmp } }), e);
    expect(yes({ type: 8, code: 0, id: 77 })).toBe(true);
    expect(yes({})).toBe(true);
    expect(yes({ type: 0 })).toBe(false);
    expect(yes({ code: 1 })).toBe(false);
    expect(yes({ id: 78 })).toBe(false);
    expect(yes({ id: 77 })).toBe(true);
    expect(matches(checkFilter({ reply: { protocol: 'icmp', icmp: { type: 0 } } }), ping)).toBe(true);
    // A TCP entry has no ICMP fields (and another protocol, which the check of the protocol drops first).
    expect(matches(checkFilter({ original: { protocol: 'icmp', icmp: {} } }), { ...ping, original: { ...ping.original, icmp: undefined } as never })).toBe(false);
  });

  it('IPv6 addresses match in any spelling, IPv4 ones as written', () => {
    const v6 = entry({ family: 'ip6', original: { src: '2001:db8::1', dst: 'fe80::1', protocol: 'udp', sport: 1, dport: 2 } });
    expect(matches(checkFilter({ original: { src: '2001:0db8:0:0::1' } }), v6)).toBe(true);
    expect(matches(checkFilter({ original: { src: '2001:db8::1', dst: 'fe80:0::1' } }), v6)).toBe(true);
    expect(matches(checkFilter({ original: { src: '2001:db8::2' } }), v6)).toBe(false);
    expect(matches(checkFilter({ original: { dst: 'fe80::2' } }), v6)).toBe(false);
  });
});

describe('bad filters and tuples', () => {
  it('name the argument and say what is wrong', () => {
    expect(thrown(() => checkFilter(null as never)).message).toBe('filter: a filter is an object');
    expect(thrown(() => checkFilter('ip' as never)).argument).toBe('filter');
    expect(thrown(() => checkFilter({ mark: { value: 1 } as never })).message).toBe('filter.mark.mask: undefined is not an integer from 0 to 4294967295');
    expect(thrown(() => checkFilter({ mark: { mask: 1 } as never })).message).toBe('filter.mark.value: undefined is not an integer from 0 to 4294967295');
    expect(thrown(() => checkFilter({ mark: { value: 0x30, mask: 0x0f } })).message).toBe('filter.mark.value: 0x30 has bits outside the mask 0xf: no entry could match');
    expect(thrown(() => checkFilter({ status: 'assured' as never })).message).toBe('filter.status: status is a list of status names');
    expect(thrown(() => checkFilter({ status: ['assured', 'bogus' as never] })).message).toMatch(/^filter\.status: bogus is not a conntrack status \(expected, seen-reply, assured, confirmed, /);
    expect(thrown(() => checkFilter({ labels: 3 as never })).message).toBe('filter.labels: labels are a list of label numbers (0 to 127)');
    expect(thrown(() => checkFilter({ labels: [128] })).argument).toBe('filter.labels[0]');
    expect(thrown(() => checkFilter({ original: 'x' as never })).message).toBe('filter.original: a tuple is an object ({ src, dst, protocol, sport, dport, icmp })');
    expect(thrown(() => checkFilter({ reply: null as never })).argument).toBe('filter.reply');
  });

  it('tuples: addresses of one family, ports and ICMP fields only with a protocol that has them', () => {
    expect(thrown(() => checkTuples([], 'inet' as never)).message).toBe("family: inet is not a conntrack family ('ip' or 'ip6')");
    expect(checkTuples([], 'ip6')).toBe('ip6');
    expect(checkTuples([['t', undefined]])).toBeUndefined();
    expect(thrown(() => checkTuples([['t', { src: 'nowhere' }]])).message).toBe('t.src: "nowhere" is not an IPv4 or IPv6 address');
    expect(thrown(() => checkTuples([['t', { dst: 7 as never }]])).message).toBe('t.dst: 7 is not an IPv4 or IPv6 address');
    expect(thrown(() => checkTuples([['t', { src: '2001:db8::1' }]], 'ip')).message).toBe('t.src: 2001:db8::1 is IPv6, but family is IPv4: a conntrack entry\'s addresses are all of one family');
    expect(thrown(() => checkTuples([['a', { src: '2001:db8::1' }], ['b', { dst: '192.0.2.1' }]])).message).toBe('b.dst: 192.0.2.1 is IPv4, but a.src is IPv6: a conntrack entry\'s addresses are all of one family');
    expect(checkTuples([['a', { src: '2001:db8::1' }], ['b', { dst: '2001:db8::2' }]])).toBe('ip6');
    expect(thrown(() => checkTuples([['t', { sport: 1 }]])).message).toBe("t.sport: a port needs the tuple's protocol (tcp, udp, sctp, dccp, udplite)");
    expect(thrown(() => checkTuples([['t', { protocol: 'icmp', dport: 1 }]])).message).toBe('t.dport: protocol icmp has no ports');
    expect(thrown(() => checkTuples([['t', { protocol: 'tcp', dport: 65536 }]])).argument).toBe('t.dport');
    for (const protocol of ['tcp', 'udp', 'dccp', 'sctp', 'udplite'] as const) expect(checkTuples([['t', { protocol, sport: 1, dport: 65535 }]])).toBeUndefined();
    expect(thrown(() => checkTuples([['t', { protocol: 'tcp', icmp: {} }]])).message).toBe('t.icmp: icmp fields need protocol icmp (IPv4) or icmpv6 (IPv6)');
    expect(thrown(() => checkTuples([['t', { src: '2001:db8::1', protocol: 'icmp', icmp: {} }]])).message).toBe("t.protocol: icmp is IPv4's; IPv6 uses icmpv6");
    expect(thrown(() => checkTuples([['t', { src: '192.0.2.1', protocol: 'icmpv6', icmp: {} }]])).message).toBe("t.protocol: icmpv6 is IPv6's; IPv4 uses icmp");
    expect(checkTuples([['t', { src: '192.0.2.1', protocol: 'icmp', icmp: { type: 255, code: 255, id: 65535 } }]])).toBe('ip');
    expect(checkTuples([['t', { src: '2001:db8::1', protocol: 'icmpv6', icmp: {} }]])).toBe('ip6');
    expect(thrown(() => checkTuples([['t', { protocol: 'icmp', icmp: { type: 256 } }]])).message).toBe('t.icmp.type: 256 is not an integer from 0 to 255');
    expect(thrown(() => checkTuples([['t', { protocol: 'icmp', icmp: { code: 256 } }]])).message).toBe('t.icmp.code: 256 is not an integer from 0 to 255');
    expect(thrown(() => checkTuples([['t', { protocol: 'icmp', icmp: { id: 65536 } }]])).message).toBe('t.icmp.id: 65536 is not an integer from 0 to 65535');
    expect(thrown(() => checkTuples([['t', { zone: 65536 }]])).message).toBe('t.zone: 65536 is not an integer from 0 to 65535');
  });

  it('protocols: a name or a number from 0 to 255', () => {
    expect(protocolNumberOf('t', undefined)).toBeUndefined();
    expect(protocolNumberOf('t', 0)).toBe(0);
    expect(protocolNumberOf('t', 255)).toBe(255);
    expect(protocolNumberOf('t', 'sctp')).toBe(132);
    for (const bad of [-1, 256, 1.5, 'bogus']) expect(thrown(() => protocolNumberOf('t', bad as never)).message).toBe(`t.protocol: ${bad} is not an IP protocol name or a number from 0 to 255`);
  });
});

describe('tuples as nests', () => {
  it('are read from the codec\'s nest: names for known protocols, numbers for others, ICMP and ICMPv6 fields, the zone', () => {
    expect(tupleFrom({})).toEqual({ src: '', dst: '', protocol: 0 });
    expect(tupleFrom({ tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 47 } })).toEqual({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 'gre' });
    expect(tupleFrom({ tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 253 } })).toEqual({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 253 });
    expect(tupleFrom({ tupleProto: { protoNum: 1, protoIcmpType: 8 } })).toEqual({ src: '', dst: '', protocol: 'icmp', icmp: { type: 8, code: 0, id: 0 } });
    expect(tupleFrom({ tupleProto: { protoNum: 1, protoIcmpType: 3, protoIcmpCode: 1, protoIcmpId: 9 } }).icmp).toEqual({ type: 3, code: 1, id: 9 });
    expect(tupleFrom({ tupleIp: { ipV6Src: '::1', ipV6Dst: '::2' }, tupleProto: { protoNum: 58, protoIcmpv6Type: 128 }, tupleZone: 0 })).toEqual({ src: '::1', dst: '::2', protocol: 'icmpv6', icmp: { type: 128, code: 0, id: 0 }, zone: 0 });
    expect(tupleFrom({ tupleProto: { protoNum: 58, protoIcmpv6Type: 1, protoIcmpv6Code: 4, protoIcmpv6Id: 2 } }).icmp).toEqual({ type: 1, code: 4, id: 2 });
  });

  it('are written with the family\'s address attributes, the given parts only, and the zone when there is one', () => {
    expect(tupleAttrsOf({}, undefined)).toEqual({});
    expect(tupleAttrsOf({ src: '2001:db8::1', dst: '2001:db8::2' }, 'ip6')).toEqual({ tupleIp: { ipV6Src: '2001:db8::1', ipV6Dst: '2001:db8::2' } });
    expect(tupleAttrsOf({ protocol: 'icmpv6', icmp: { type: 128, code: 0, id: 3 } }, 'ip6', 5)).toEqual({ tupleProto: { protoNum: 58, protoIcmpv6Type: 128, protoIcmpv6Code: 0, protoIcmpv6Id: 3 }, tupleZone: 5 });
    expect(tupleAttrsOf({ protocol: 'icmp', icmp: { id: 3 } }, 'ip', 0)).toEqual({ tupleProto: { protoNum: 1, protoIcmpId: 3 }, tupleZone: 0 });
  });

  it('the reply of a connection without NAT swaps ends and ports; ICMP requests are answered by their reply types', () => {
    expect(invertTuple({ src: 'a', dst: 'b', protocol: 'udp', sport: 1, dport: 2 })).toEqual({ src: 'b', dst: 'a', protocol: 'udp', sport: 2, dport: 1 });
    expect(invertTuple({ src: 'a', dst: 'b', protocol: 'udp', sport: 1 })).toEqual({ src: 'b', dst: 'a', protocol: 'udp', dport: 1 });
    expect(invertTuple({ src: 'a', dst: 'b', protocol: 'udp', dport: 2 })).toEqual({ src: 'b', dst: 'a', protocol: 'udp', sport: 2 });
    // Request and reply types: RFC 792 and RFC 950 (echo 8/0, timestamp 13/14, information 15/16, address
    // mask 17/18), RFC 4443 (echo 128/129) and RFC 4620 (node information 139/140).
    const reply = (protocol: 'icmp' | 'icmpv6', type: number | undefined) => invertTuple({ src: 'a', dst: 'b', protocol, icmp: { type, code: 0, id: 4 } }).icmp;
    expect([8, 13, 15, 17].map((type) => reply('icmp', type)?.type)).toEqual([0, 14, 16, 18]);
    expect([128, 139].map((type) => reply('icmpv6', type)?.type)).toEqual([129, 140]);
    // Not a request (and echo's type given to ICMPv6): the type stays.
    expect(reply('icmp', 3)).toEqual({ type: 3, code: 0, id: 4 });
    expect(reply('icmpv6', 8)).toEqual({ type: 8, code: 0, id: 4 });
    // No type is echo-reply's 0 read as a request type of 0 (echo reply), which has no reply: none given.
    expect(reply('icmp', undefined)).toEqual({ type: undefined, code: 0, id: 4 });
  });
});

describe('labels as bytes', () => {
  it('CTA_LABELS words in host order: label N is bit N % 32 of word N / 32; the fewest whole words on create', () => {
    const hostWord = (bit: number) => {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, 2 ** bit, true);
      return [...bytes];
    };
    expect(conntrack.LABEL_MAX).toBe(127);
    expect([...conntrack.labelBytes([], 'least')]).toEqual([0, 0, 0, 0]);
    expect([...conntrack.labelBytes([31], 'least')]).toEqual(hostWord(31));
    expect([...conntrack.labelBytes([32], 'least')]).toEqual([0, 0, 0, 0, ...hostWord(0)]);
    expect(conntrack.labelBytes([127, 0], 'least').length).toBe(16);
    expect([...conntrack.labelBytes([1, 65])]).toEqual([...hostWord(1), 0, 0, 0, 0, ...hostWord(1), 0, 0, 0, 0]);
    expect(conntrack.labelNumbers(Uint8Array.from([...hostWord(31), 0, 0, 0, 0, ...hostWord(0), ...hostWord(31)]))).toEqual([31, 64, 127]);
    // A trailing part shorter than a word is no word.
    expect(conntrack.labelNumbers(Uint8Array.from([...hostWord(3), 0xff, 0xff]))).toEqual([3]);
  });
});
