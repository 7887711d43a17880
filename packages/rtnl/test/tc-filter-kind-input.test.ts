// The options of the filter kinds linx builds (u32, bpf, matchall) without a kernel: bad input refused with an
// InvalidArgumentError naming the argument and saying why, before anything is sent; the limits accepted
// (BPF_MAXINSNS 4096 instructions, linux/bpf_common.h; 128 u32 keys, TC_U32_MAXDEPTH's neighbour tc enforces;
// divisor 1..256 and offsets as s16, struct tc_u32_sel in linux/pkt_cls.h); and an eBPF program given by fd
// written as TCA_BPF_FD (6) and TCA_BPF_NAME (7) of linux/pkt_cls.h. Requests compared with tc's own bytes
// are in tc-requests.test.ts.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type TcFilterSpec } from '../src/index.js';
import { DecodeError } from '@linx/netlink-codec';
import { decodeSelector } from '../src/tc/filters/u32.js';
import { acknowledgingKernel } from './helpers/acknowledging-kernel.js';

const recording = acknowledgingKernel;

/** RTM_NEWTFILTER's attributes after struct tcmsg (20 bytes), TCA_OPTIONS (2) opened: [type, bytes]. */
function sentAttrs(payload: Uint8Array, from = 20, to = payload.length): [number, number[] | [number, number[]][]][] {
  const out: [number, number[] | [number, number[]][]][] = [];
  for (let at = from; at + 4 <= to; ) {
    const len = payload[at]! | (payload[at + 1]! << 8);
    const type = payload[at + 2]! | (payload[at + 3]! << 8);
    out.push([type, type === 2 && from === 20 ? (sentAttrs(payload, at + 4, at + len) as [number, number[]][]) : [...payload.subarray(at + 4, at + len)]]);
    at += (len + 3) & ~3;
  }
  return out;
}

async function sendsFilter(options: unknown, kind = 'u32') {
  const { kernel, rtnl } = recording();
  await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', priority: 1, kind, options } as TcFilterSpec);
  const sent = kernel.requests.filter((r) => r.type === 44);
  expect(sent.length).toBe(1);
  return sent[0]!.payload;
}

const one = [[6, 0, 0, 0]];
const ip = (value: number) => ({ ip: 'protocol', value });

describe('filter kind options refused, naming the argument and why', () => {
  const cases: [kind: string, options: unknown, argument: string, message: RegExp][] = [
    // bpf
    ['bpf', {}, 'spec.options', /: a bpf filter takes one of bytecode \(classic BPF\), fd or pinned \(an eBPF program\)$/],
    ['bpf', { bytecode: one, fd: 3 }, 'spec.options', /takes one of bytecode/],
    ['bpf', { fd: 3, pinned: '/sys/fs/bpf/p' }, 'spec.options', /takes one of bytecode/],
    ['bpf', { pinned: 'sys/fs/bpf/p' }, 'spec.options.pinned', /: expected the absolute path of a program pinned on a bpffs$/],
    ['bpf', { pinned: '/sys/fs/bpf/p\0' }, 'spec.options.pinned', /absolute path/],
    ['bpf', { pinned: 5 }, 'spec.options.pinned', /absolute path/],
    ['bpf', { pinned: '/sys/fs/bpf/p', name: '' }, 'spec.options.name', /: expected the program name tc shows$/],
    ['bpf', { pinned: '/sys/fs/bpf/p', name: 5 }, 'spec.options.name', /program name/],
    ['bpf', { bytecode: [] }, 'spec.options.bytecode', /: expected 1 to 4096 instructions$/],
    ['bpf', { bytecode: 'ret #0' }, 'spec.options.bytecode', /1 to 4096/],
    ['bpf', { bytecode: Array.from({ length: 4097 }, () => [6, 0, 0, 0]) }, 'spec.options.bytecode', /1 to 4096/],
    ['bpf', { bytecode: [[6, 0, 0]] }, 'spec.options.bytecode[0]', /: an instruction is \[code, jt, jf, k\]$/],
    ['bpf', { bytecode: [[6, 0, 0, 0], 6] }, 'spec.options.bytecode[1]', /\[code, jt, jf, k\]/],
    ['bpf', { bytecode: [[0x10000, 0, 0, 0]] }, 'spec.options.bytecode[0]', /65536 is not an integer in 0\.\.65535/],
    ['bpf', { bytecode: [[-1, 0, 0, 0]] }, 'spec.options.bytecode[0]', /-1 is not an integer in 0\.\.65535/],
    ['bpf', { bytecode: [[6, 256, 0, 0]] }, 'spec.options.bytecode[0]', /256 is not an integer in 0\.\.255/],
    ['bpf', { bytecode: [[6, 0, 256, 0]] }, 'spec.options.bytecode[0]', /256 is not an integer in 0\.\.255/],
    ['bpf', { bytecode: [[6, 0, 0, 2 ** 32]] }, 'spec.options.bytecode[0]', /4294967296 is not an integer in 0\.\.4294967295/],
    ['bpf', { fd: -1 }, 'spec.options.fd', /-1 is not an integer in 0\.\.2147483647/],
    ['bpf', { fd: 2 ** 31 }, 'spec.options.fd', /0\.\.2147483647/],
    ['bpf', { fd: 3, name: '' }, 'spec.options.name', /: expected the program name tc shows$/],
    ['bpf', { fd: 3, name: 7 }, 'spec.options.name', /program name/],
    ['bpf', { bytecode: one, name: 'prog' }, 'spec.options.name', /: a name goes with an eBPF program \(fd\)$/],
    ['bpf', { bytecode: one, directAction: 'yes' }, 'spec.options.directAction', /: expected true or false$/],
    ['bpf', { bytecode: one, classid: 'one' }, 'spec.options.classid', /not a handle/],
    ['bpf', { bytecode: one, object: 'prog.o' }, 'spec.options.object', /: unknown option for a bpf filter; the options are bytecode, fd, pinned, name, directAction, classid, skipHw, skipSw$/],
    // matchall
    ['matchall', 'all', 'spec.options', /expected an object of options/],
    ['matchall', { skipHw: 'yes' }, 'spec.options.skipHw', /: expected true or false$/],
    ['matchall', { skipSw: 1 }, 'spec.options.skipSw', /: expected true or false$/],
    ['matchall', { classid: 'one' }, 'spec.options.classid', /not a handle/],
    ['matchall', { hits: 1 }, 'spec.options.hits', /: unknown option for a matchall filter; the options are classid, skipHw, skipSw$/],
    // u32: the options
    ['u32', 'all', 'spec.options', /expected an object of options/],
    ['u32', { flowid: '1:1' }, 'spec.options.flowid', /: unknown option for a u32 filter; the options are classid, match, divisor, link, hashTable, offset, hashkey, sample$/],
    ['u32', { classid: 'one' }, 'spec.options.classid', /not a handle/],
    ['u32', { divisor: 0 }, 'spec.options.divisor', /0 is not an integer in 1\.\.256/],
    ['u32', { divisor: 257 }, 'spec.options.divisor', /257 is not an integer in 1\.\.256/],
    ['u32', { hashTable: 'two' }, 'spec.options.hashTable', /: "two" is not a u32 handle \('800:', '1:2', '800::800'\)$/],
    ['u32', { link: '1000:' }, 'spec.options.link', /not a u32 handle/],
    ['u32', { link: '1:100' }, 'spec.options.link', /not a u32 handle/],
    ['u32', { link: '1:1:1000' }, 'spec.options.link', /not a u32 handle/],
    ['u32', { link: 'x1:' }, 'spec.options.link', /not a u32 handle/],
    ['u32', { link: '1:x' }, 'spec.options.link', /not a u32 handle/],
    ['u32', { link: 1.5 }, 'spec.options.link', /1\.5 is not an integer in 0\.\.4294967295/],
    ['u32', { link: ['1:'] }, 'spec.options.link', /not a u32 handle/],
    // u32: matches
    ['u32', { match: ip(6) }, 'spec.options.match', /: expected an array of 1 to 128 matches$/],
    ['u32', { match: [] }, 'spec.options.match', /1 to 128 matches/],
    ['u32', { match: Array.from({ length: 129 }, () => ip(6)) }, 'spec.options.match', /1 to 128 matches/],
    ['u32', { match: [ip(6), 5] }, 'spec.options.match[1]', /: expected a match object$/],
    ['u32', { match: [null] }, 'spec.options.match[0]', /: expected a match object$/],
    ['u32', { match: [{}] }, 'spec.options.match[0]', /: a match is \{ ip \| ip6, prefix \}, \{ ip \| ip6, value \}, \{ tcp \| udp \| icmp, value \}, or \{ u32 \| u16 \| u8, mask, at \}$/],
    ['u32', { match: [{ ip: 'dst', prefix: '2001:db8::/32' }] }, 'spec.options.match[0].prefix', /: an IPv4 prefix \(u32 ip matches IPv4; ip6 matches IPv6\)$/],
    ['u32', { match: [{ ip: 'src', prefix: '10.0.0.0/8', value: 1 }] }, 'spec.options.match[0].value', /: unknown option for an ip address match; the options are ip, prefix$/],
    ['u32', { match: [{ ip: 'ttl', value: 1 }] }, 'spec.options.match[0].ip', /: "ttl" is not an ip field linx matches \(src, dst, protocol, tos, sport, dport\)$/],
    ['u32', { match: [{ ip: 7, value: 1 }] }, 'spec.options.match[0].ip', /: 7 is not an ip field/],
    ['u32', { match: [{ ip: 'protocol', value: 256 }] }, 'spec.options.match[0].value', /256 is not an integer in 0\.\.255/],
    ['u32', { match: [{ ip: 'tos', value: 1, mask: 256 }] }, 'spec.options.match[0].mask', /256 is not an integer in 0\.\.255/],
    ['u32', { match: [{ ip: 'sport', value: 1, mask: 0x10000 }] }, 'spec.options.match[0].mask', /65536 is not an integer in 0\.\.65535/],
    ['u32', { match: [{ ip: 'dport', value: 0x10000 }] }, 'spec.options.match[0].value', /65536 is not an integer in 0\.\.65535/],
    ['u32', { match: [{ ip: 'protocol', value: 6, at: 9 }] }, 'spec.options.match[0].at', /: unknown option for an ip field match; the options are ip, value, mask$/],
    ['u32', { match: [{ ip6: 'dst', prefix: '10.0.0.0/8' }] }, 'spec.options.match[0].prefix', /: an IPv6 prefix \(u32 ip6 matches IPv6\)$/],
    ['u32', { match: [{ ip6: 'src', prefix: '2001:db8::/32', mask: 1 }] }, 'spec.options.match[0].mask', /: unknown option for an ip6 address match; the options are ip6, prefix$/],
    ['u32', { match: [{ ip6: 'hoplimit', value: 1 }] }, 'spec.options.match[0].ip6', /: "hoplimit" is not an ip6 field linx matches \(src, dst, priority, flowlabel, protocol, sport, dport\)$/],
    ['u32', { match: [{ ip6: 'priority', value: 256 }] }, 'spec.options.match[0].value', /256 is not an integer in 0\.\.255/],
    ['u32', { match: [{ ip6: 'flowlabel', value: 1, mask: 0x10_0000 }] }, 'spec.options.match[0].mask', /1048576 is not an integer in 0\.\.1048575/],
    ['u32', { match: [{ ip6: 'sport', value: 0x10000 }] }, 'spec.options.match[0].value', /65536 is not an integer in 0\.\.65535/],
    ['u32', { match: [{ ip6: 'protocol', value: 6, at: 6 }] }, 'spec.options.match[0].at', /: unknown option for an ip6 field match; the options are ip6, value, mask$/],
    ['u32', { match: [{ tcp: 'flags', value: 2 }] }, 'spec.options.match[0].tcp', /: expected src or dst$/],
    ['u32', { match: [{ icmp: 'id', value: 2 }] }, 'spec.options.match[0].icmp', /: expected type or code$/],
    ['u32', { match: [{ udp: 'src', value: 53, at: 0 }] }, 'spec.options.match[0].at', /: unknown option for a udp match; the options are udp, value, mask$/],
    ['u32', { match: [{ icmp: 'type', value: 256 }] }, 'spec.options.match[0].value', /256 is not an integer in 0\.\.255/],
    ['u32', { match: [{ tcp: 'dst', value: 1, mask: 0x10000 }] }, 'spec.options.match[0].mask', /65536 is not an integer in 0\.\.65535/],
    ['u32', { match: [{ u32: 1, mask: 1, at: 2 }] }, 'spec.options.match[0].at', /: a u32 match is at a multiple of 4$/],
    ['u32', { match: [{ u16: 1, mask: 1, at: 3 }] }, 'spec.options.match[0].at', /: a u16 match is at a multiple of 2$/],
    ['u32', { match: [{ u8: 256, mask: 0xff, at: 0 }] }, 'spec.options.match[0].value', /256 is not an integer in 0\.\.255/],
    ['u32', { match: [{ u8: 1, mask: 256, at: 0 }] }, 'spec.options.match[0].mask', /256 is not an integer in 0\.\.255/],
    ['u32', { match: [{ u16: 0x10000, mask: 1, at: 0 }] }, 'spec.options.match[0].value', /65536 is not an integer in 0\.\.65535/],
    ['u32', { match: [{ u32: 2 ** 32, mask: 1, at: 0 }] }, 'spec.options.match[0].value', /4294967296 is not an integer in 0\.\.4294967295/],
    ['u32', { match: [{ u32: 1, mask: 2 ** 32, at: 0 }] }, 'spec.options.match[0].mask', /0\.\.4294967295/],
    ['u32', { match: [{ u8: 1, mask: 1, at: -1 }] }, 'spec.options.match[0].at', /-1 is not an integer in 0\.\.2147483647/],
    ['u32', { match: [{ u8: 1, mask: 1, at: 2 ** 31 }] }, 'spec.options.match[0].at', /0\.\.2147483647/],
    ['u32', { match: [{ u32: 1, mask: 1, at: 0, nexthdr: 1 }] }, 'spec.options.match[0].nexthdr', /: expected true or false$/],
    ['u32', { match: [{ u16: 1, mask: 1, at: 0, offset: 1 }] }, 'spec.options.match[0].offset', /: unknown option for a u16 match; the options are u16, mask, at, nexthdr$/],
    ['u32', { match: [{ u8: 1, mask: 0xff, at: 0 }, { u8: 2, mask: 0xff, at: 0 }] }, 'spec.options.match[1]', /: it asks other bits at offset 0 than an earlier match$/],
    ['u32', { match: [{ ip: 'tos', value: 0x10 }, { u16: 0x0011, mask: 0x00ff, at: 0 }] }, 'spec.options.match[1]', /other bits at offset 0/],
    // u32: offset, hashkey, sample
    ['u32', { offset: { plus: 0x10000 } }, 'spec.options.offset.plus', /65536 is not an integer in 0\.\.65535/],
    ['u32', { offset: { plus: -1 } }, 'spec.options.offset.plus', /-1 is not an integer in 0\.\.65535/],
    ['u32', { offset: { at: 0x8000 } }, 'spec.options.offset.at', /32768 is not an integer in -32768\.\.32767/],
    ['u32', { offset: { at: -0x8001 } }, 'spec.options.offset.at', /-32769 is not an integer in -32768\.\.32767/],
    ['u32', { offset: { mask: -1 } }, 'spec.options.offset.mask', /-1 is not an integer in 0\.\.65535/],
    ['u32', { offset: { shift: 256 } }, 'spec.options.offset.shift', /256 is not an integer in 0\.\.255/],
    ['u32', { offset: { eat: 1 } }, 'spec.options.offset.eat', /: expected true or false$/],
    ['u32', { offset: { nexthdr: 1 } }, 'spec.options.offset.nexthdr', /: unknown option for a u32 offset; the options are at, mask, shift, plus, eat$/],
    ['u32', { hashkey: { mask: 0xff, at: 2 } }, 'spec.options.hashkey.at', /: the hash key is a 32-bit word: at a multiple of 4$/],
    ['u32', { hashkey: { mask: -1, at: 0 } }, 'spec.options.hashkey.mask', /-1 is not an integer in 0\.\.4294967295/],
    ['u32', { hashkey: { mask: 1, at: 0x8000 } }, 'spec.options.hashkey.at', /32768 is not an integer in -32768\.\.32767/],
    ['u32', { hashkey: { mask: 1, at: -0x8001 } }, 'spec.options.hashkey.at', /-32769 is not an integer/],
    ['u32', { hashkey: { mask: 1, at: 0, off: 1 } }, 'spec.options.hashkey.off', /: unknown option for a u32 hash key; the options are mask, at$/],
    ['u32', { hashTable: '2:', sample: { match: { ip6: 'dst', prefix: '2001:db8::/64' } } }, 'spec.options.sample.match', /: a sample is one 32-bit key; this match makes 2$/],
    ['u32', { hashTable: '2:', sample: { match: { udp: 'dst', value: 53 } } }, 'spec.options.sample.match', /: a sample is at a fixed offset, not after the next header \(as tc refuses `sample tcp dport`\)$/],
    ['u32', { hashTable: '2:', sample: { match: { u16: 1, mask: 0xffff, at: 0, nexthdr: true } } }, 'spec.options.sample.match', /a fixed offset/],
    ['u32', { hashTable: '2:', sample: { match: ip(6), divisor: 12 } }, 'spec.options.sample.divisor', /: a hash table's size is a power of 2, not 12$/],
    ['u32', { hashTable: '2:', sample: { match: ip(6), divisor: 3 } }, 'spec.options.sample.divisor', /power of 2, not 3/],
    ['u32', { hashTable: '2:', sample: { match: ip(6), divisor: 0 } }, 'spec.options.sample.divisor', /0 is not an integer in 1\.\.256/],
    ['u32', { hashTable: '2:', sample: { match: ip(6), divisor: 512 } }, 'spec.options.sample.divisor', /512 is not an integer in 1\.\.256/],
    ['u32', { hashTable: '2:', sample: { match: ip(6), bucket: 1 } }, 'spec.options.sample.bucket', /: unknown option for a u32 sample \{ match, divisor\? \}; the options are match, divisor$/],
  ];
  it.each(cases)('%s %j: %s', async (kind, options, argument, message) => {
    const { kernel, rtnl } = recording();
    const error = await rtnl.tc.filters.add({ dev: 'v0', parent: '1:', priority: 1, kind, options } as TcFilterSpec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument });
    expect((error as Error).message).toMatch(message);
    expect(kernel.requests.filter((r) => r.type === 44)).toEqual([]);
  });
});

describe('filter kind options at their limits, accepted', () => {
  it.each<[string, string, unknown]>([
    ['4096 instructions (BPF_MAXINSNS)', 'bpf', { bytecode: Array.from({ length: 4096 }, () => [6, 0, 0, 0]) }],
    ['128 matches', 'u32', { match: Array.from({ length: 128 }, (_, i) => ({ u32: 0, mask: 0, at: 4 * i })) }],
    ['divisor 1 and 256', 'u32', { divisor: 1 }],
    ['divisor 256', 'u32', { divisor: 256 }],
    ['offsets and hash key at the s16 ends', 'u32', { match: [ip(6)], offset: { at: -0x8000, mask: 0xffff, shift: 255, plus: 0xffff }, hashkey: { mask: 0xffff_ffff, at: -0x8000 }, link: '2:' }],
    ['offset at 0x7fff, hash key at 0x7ffc', 'u32', { match: [ip(6)], offset: { at: 0x7fff }, hashkey: { mask: 1, at: 0x7ffc }, link: '2:' }],
    ['u32 keys at the largest offset', 'u32', { match: [{ u32: 1, mask: 1, at: 0x7fff_fffc }, { u8: 0xff, mask: 0xff, at: 0x7fff_ffff }] }],
    ['sample divisors 1 and 256', 'u32', { hashTable: '2:', sample: { match: ip(6), divisor: 1 }, match: [ip(6)] }],
    ['a u32 handle by number', 'u32', { link: 0xfff0_0000, hashTable: 0 }],
    ['matchall with no options', 'matchall', undefined],
  ])('%s', async (_title, kind, options) => {
    await sendsFilter(options, kind);
  });

  it('128 matches send 128 keys (struct tc_u32_sel: 16 bytes, then 16 per struct tc_u32_key)', async () => {
    const payload = await sendsFilter({ match: Array.from({ length: 128 }, (_, i) => ({ u32: i, mask: 0xffff_ffff, at: 4 * i })) });
    const options = sentAttrs(payload).find(([t]) => t === 2)![1] as [number, number[]][];
    const sel = options.find(([t]) => t === 5)![1];
    expect(sel.length).toBe(16 + 128 * 16);
    // nkeys is the selector's third byte (u8 flags, u8 offshift, u8 nkeys).
    expect(sel[2]).toBe(128);
  });

  // tc sends no selector for these, which the kernel refuses ("cls_u32: Selector not specified"): linx sends
  // one with no keys. struct tc_u32_sel (linux/pkt_cls.h): flags, offshift, nkeys, a pad byte, offmask (be16),
  // off, offoff, hoff (16 bits each), hmask (be32).
  it.each<[string, unknown, number[]]>([
    ['classid alone: TC_U32_TERMINAL', { classid: '1:5' }, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['link alone', { link: '2:' }, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['offset plus alone: TC_U32_OFFSET', { offset: { plus: 20 }, link: '2:' }, [2, 0, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['hashkey alone', { hashkey: { mask: 0xff, at: 12 } }, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0xff]],
  ])('a u32 filter with no match, %s: a selector with no keys', async (_title, options, sel) => {
    const payload = await sendsFilter(options);
    const opts = sentAttrs(payload).find(([t]) => t === 2)![1] as [number, number[]][];
    expect(opts.find(([t]) => t === 5)![1]).toEqual(sel);
  });

  it('a u32 hash table (divisor alone): no selector', async () => {
    const payload = await sendsFilter({ divisor: 16 });
    const opts = sentAttrs(payload).find(([t]) => t === 2)![1] as [number, number[]][];
    // TCA_U32_DIVISOR (4) only.
    expect(opts).toEqual([[4, [16, 0, 0, 0]]]);
  });

  it('an eBPF program by fd, with its name: TCA_BPF_FD and TCA_BPF_NAME, no classic program', async () => {
    const payload = await sendsFilter({ fd: 7, name: 'prog', directAction: true }, 'bpf');
    const options = sentAttrs(payload).find(([t]) => t === 2)![1] as [number, number[]][];
    // TCA_BPF_FD 6 (u32), TCA_BPF_NAME 7 (string), TCA_BPF_FLAGS 8 = TCA_BPF_FLAG_ACT_DIRECT (1).
    expect(options.map(([t, v]) => [t, v])).toEqual([
      [6, [7, 0, 0, 0]],
      [7, [...Buffer.from('prog\0')]],
      [8, [1, 0, 0, 0]],
    ]);
  });

  it('an eBPF program by fd without a name: TCA_BPF_FD alone', async () => {
    const payload = await sendsFilter({ fd: 0x7fff_ffff }, 'bpf');
    const options = sentAttrs(payload).find(([t]) => t === 2)![1] as [number, number[]][];
    expect(options).toEqual([[6, [0xff, 0xff, 0xff, 0x7f]]]);
  });
});

describe('u32 selectors read back (struct tc_u32_sel: 16 bytes, then nkeys struct tc_u32_key of 16)', () => {
  /** A selector with `nkeys` in its head and `present` keys after it: key i has val i+1, mask 0xff, off 4i. */
  function selector(nkeys: number, present: number): Uint8Array {
    const b = new Uint8Array(16 + 16 * present);
    const dv = new DataView(b.buffer);
    b[0] = 1;
    b[2] = nkeys;
    for (let i = 0; i < present; i++) {
      // struct tc_u32_key: mask (be32), val (be32), off (int), offmask (int).
      dv.setUint32(16 + 16 * i, 0xff);
      dv.setUint32(16 + 16 * i + 4, i + 1);
      dv.setInt32(16 + 16 * i + 8, 4 * i, true);
    }
    return b;
  }
  const read = (b: Uint8Array) => decodeSelector(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length);
  it('nkeys keys when they are all there', () => {
    expect(read(selector(2, 2)).keys).toEqual([{ value: 1, mask: 0xff, at: 0, offmask: 0 }, { value: 2, mask: 0xff, at: 4, offmask: 0 }]);
    expect(read(selector(2, 2)).flags).toBe(1);
  });
  it('no more than nkeys, though more follow', () => {
    expect(read(selector(1, 2)).keys).toEqual([{ value: 1, mask: 0xff, at: 0, offmask: 0 }]);
  });
  it('only the whole keys there, though nkeys says more', () => {
    expect(read(selector(3, 2)).keys.length).toBe(2);
    expect(read(selector(3, 2).subarray(0, 16 + 16 + 15)).keys.length).toBe(1);
  });
  it('a head shorter than 16 bytes: a DecodeError naming sel', () => {
    expect(() => read(new Uint8Array(15))).toThrow(DecodeError);
    expect(() => read(new Uint8Array(15))).toThrow(/tc_u32_sel needs 16 bytes, the attribute has 15/);
    expect(read(new Uint8Array(16)).keys).toEqual([]);
  });
});

describe('gact and control actions in a filter: refused naming the argument and why, limits accepted', () => {
  const u32 = { dev: 'v0', parent: '1:', priority: 1, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } };
  const refuse: [unknown, string, RegExp][] = [
    [{ kind: 'gact', verdict: 'drop', index: -1 }, 'spec.actions[0].index', /: -1 is not an action index \(a u32\)$/],
    [{ kind: 'gact', verdict: 'drop', index: 2 ** 32 }, 'spec.actions[0].index', /4294967296 is not an action index/],
    [{ kind: 'gact', verdict: 'drop', index: 1.5 }, 'spec.actions[0].index', /1\.5 is not an action index/],
    [{ kind: 'gact', verdict: 'pass', random: { type: 'rand', verdict: 'drop', value: 5 } }, 'spec.actions[0].random.type', /: expected 'netrand' or 'determ'$/],
    [{ kind: 'gact', verdict: 'pass', random: { type: 1, verdict: 'drop', value: 5 } }, 'spec.actions[0].random.type', /netrand/],
    [{ kind: 'gact', verdict: 'pass', random: { type: 'netrand', verdict: 'drop', value: 0 } }, 'spec.actions[0].random.value', /: 0 is not in 1\.\.10000 \(tc's limit\)$/],
    [{ kind: 'gact', verdict: 'pass', random: { type: 'netrand', verdict: 'drop', value: 10001 } }, 'spec.actions[0].random.value', /10001 is not in 1\.\.10000/],
    [{ kind: 'gact', verdict: 'pass', random: { type: 'netrand', verdict: 'drop', value: '5' } }, 'spec.actions[0].random.value', /5 is not in 1\.\.10000/],
    [{ kind: 'gact', verdict: 'pass', random: { type: 'netrand', verdict: 'drop', value: 2.5 } }, 'spec.actions[0].random.value', /2\.5 is not in/],
    [{ kind: 'gact', verdict: 'pass', random: { type: 'netrand', verdict: 'explode', value: 5 } }, 'spec.actions[0].random.verdict', /not a control action/],
    [{ kind: 'gact', verdict: ['drop'] }, 'spec.actions[0].verdict', /: \["drop"\] is not a control action; expected one of continue, ok, pass, reclassify, drop, shot, pipe, stolen, queued, repeat, redirect, trap or \{ gotoChain \}$/],
    [{ kind: 'gact', verdict: null }, 'spec.actions[0].verdict', /null is not a control action/],
    [{ kind: 'gact', verdict: { gotoChain: -1 } }, 'spec.actions[0].verdict.gotoChain', /: -1 is not a chain number \(0\.\.268435455\)$/],
    [{ kind: 'gact', verdict: { gotoChain: 2 ** 28 } }, 'spec.actions[0].verdict.gotoChain', /268435456 is not a chain number/],
    [{ kind: 'gact', verdict: { gotoChain: '5' } }, 'spec.actions[0].verdict.gotoChain', /5 is not a chain number/],
    [{ kind: 'gact', verdict: { gotoChain: 1.5 } }, 'spec.actions[0].verdict.gotoChain', /1\.5 is not a chain number/],
    [{ kind: 'mirred', action: 'egress redirect', dev: 'v1', then: 'explode' }, 'spec.actions[0].then', /not a control action/],
    [{ kind: 'mirred', action: ['egress redirect'], dev: 'v1' }, 'spec.actions[0].action', /expected one of egress redirect, egress mirror, ingress redirect, ingress mirror/],
    [{ kind: 'mirred', action: 'egress redirect', dev: 'v1', index: 2 ** 32 }, 'spec.actions[0].index', /4294967296 is not an action index/],
  ];
  it.each(refuse)('%j: %s', async (action, argument, message) => {
    const { kernel, rtnl } = recording();
    const error = await rtnl.tc.filters.add({ ...u32, actions: [action] } as TcFilterSpec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument });
    expect((error as Error).message).toMatch(message);
    expect(kernel.requests.filter((r) => r.type === 44)).toEqual([]);
  });
  it.each<[unknown]>([
    [{ kind: 'gact', verdict: 'drop', index: 0xffff_ffff }],
    [{ kind: 'gact', verdict: 'pass', random: { type: 'determ', verdict: 'drop', value: 1 } }],
    [{ kind: 'gact', verdict: 'pass', random: { type: 'netrand', verdict: 'drop', value: 10000 } }],
    [{ kind: 'gact', verdict: { gotoChain: 0 } }],
    [{ kind: 'gact', verdict: { gotoChain: 2 ** 28 - 1 } }],
    [{ kind: 'mirred', action: 'ingress redirect', dev: 'v1', index: 0xffff_ffff }],
  ])('%j accepted', async (action) => {
    const { kernel, rtnl } = recording();
    await rtnl.tc.filters.add({ ...u32, actions: [action] } as TcFilterSpec);
    expect(kernel.requests.filter((r) => r.type === 44).length).toBe(1);
  });
});
