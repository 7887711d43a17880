// Qdisc kinds against the bytes iproute2's `tc` (6.1) sends, without root: each HEX below is the payload
// (struct tcmsg + attributes) of the RTM_NEWQDISC `tc` sent for the command beside it, traced once with
// `strace -f -e trace=sendmsg -e write=all tc …` in a throwaway namespace where v0 had ifindex 3. linx's
// request for the same options must be those bytes (attributes compared as sets, as tc orders them
// differently), and the same bytes listed back (a fake kernel answers the dump with them) must read as the
// command's values, strictly (no option present as undefined). Several of these kinds (fq_codel, netem,
// cake's modes) are missing from this kernel, so their listed options are otherwise never read.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Rtnl, type QdiscSpec, type TcClassSpec } from '../src/index.js';
import { attrs } from './helpers/tc-bytes.js';

const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((h) => parseInt(h, 16)));

/** What linx lists for a dump answered with these RTM_NEWQDISC payloads (the link dump for names finds none). */
async function listed(...payloads: Uint8Array[]) {
  const kernel = new FakeKernel((req, k) => {
    if ((req.flags & NLM_F_DUMP) === 0) return k.ack(req);
    if (req.type === 18) return k.multipart(req, [], { type: 16 });
    return k.multipart(req, payloads, { type: 36 });
  }, { replyType: rtnetlinkReplyType });
  return new Rtnl(new Connection(kernel)).tc.qdiscs.list();
}

/** The attributes, TCA_OPTIONS opened past the struct of `size` bytes it starts with. */
function withStruct(bytes: Uint8Array, size: number) {
  return attrs(bytes, 20, bytes.length, false).map(([type, value]) => {
    if (type !== 2) return [type, value] as const;
    const options = Uint8Array.from(value as number[]);
    return [type, [options.subarray(0, size).join(), attrs(options, size, options.length)]] as const;
  });
}

/** linx's RTM_NEWQDISC (or, for a class, RTM_NEWTCLASS) for `spec` as a comparable tree, and tc's. */
async function compare(spec: QdiscSpec | TcClassSpec, tcHex: string, what: 'qdisc' | 'class' = 'qdisc') {
  // The interface's index is asked for by name (RTM_GETLINK): answered with v0's 3.
  const kernel = new FakeKernel((req, k) => {
    if (req.type !== 18) return k.ack(req);
    const link = new Uint8Array(16);
    new DataView(link.buffer).setInt32(4, 3, true);
    return { messages: [k.reply(req, { type: 16, payload: link })] };
  }, { replyType: rtnetlinkReplyType });
  const rtnl = new Rtnl(new Connection(kernel));
  await (what === 'qdisc' ? rtnl.tc.qdiscs.add(spec as QdiscSpec) : rtnl.tc.classes.add(spec as TcClassSpec));
  const sent = kernel.requests.find((r) => r.type === (what === 'qdisc' ? 36 : 40))!.payload;
  const theirs = hex(tcHex);
  // netem's and an hfsc qdisc's options start with a struct (tc_netem_qopt, tc_hfsc_qopt), not attributes.
  const struct = what === 'qdisc' ? ({ netem: 24, hfsc: 2 } as Record<string, number>)[spec.kind] : undefined;
  const tree = (bytes: Uint8Array) => (struct !== undefined ? withStruct(bytes, struct) : attrs(bytes, 20, bytes.length));
  return { mine: { header: [...sent.subarray(0, 20)], attrs: tree(sent) }, theirs: { header: [...theirs.subarray(0, 20)], attrs: tree(theirs) } };
}

// tc qdisc add dev v0 root handle 1: htb default 0x1f (and `default 1F`, the same bytes): tc reads the minor as hexadecimal.
const HTB_DEFAULT_1F = '000000000300000000000100ffffffff0000000008000100687462001c00020018000200030000000a0000001f0000000000000000000000';
const HTB_DEFAULT_FFFF = // tc qdisc add dev v0 root handle 1: htb default ffff
  '000000000300000000000100ffffffff0000000008000100687462001c00020018000200030000000a000000ffff00000000000000000000';
const FQ_CODEL_ALL = // tc qdisc add dev v0 root fq_codel limit 1000 flows 512 target 4ms interval 90ms quantum 1400 ecn ce_threshold 2ms memory_limit 16mb drop_batch 32
  '000000000300000000000000ffffffff000000000d00010066715f636f64656c000000004c00020008000200e80300000800050000020000080006007805000008000300905f010008000100a00f0000080004000100000008000700d007000008000900000000010800080020000000';
const FQ_CODEL_NOECN = // tc qdisc add dev v0 root fq_codel noecn
  '000000000300000000000000ffffffff000000000d00010066715f636f64656c000000000c0002000800040000000000';
const FQ_ALL = // tc qdisc add dev v0 root fq limit 5000 flow_limit 50 quantum 3000 initial_quantum 15000 maxrate 10mbit buckets 2048 pacing refill_delay 50ms orphan_mask 511 low_rate_threshold 1mbit ce_threshold 2ms timer_slack 20us horizon 5s horizon_drop
  '000000000300000000000000ffffffff00000000070001006671000074000200080008000b0000000800010088130000080002003200000008000300b80b000008000400983a0000080005000100000008000700d012130008000b0048e801000800090050c3000008000a00ff01000008000c00d007000008000d00204e000008000e00404b4c0005000f0001000000';
const FQ_OFF = // tc qdisc add dev v0 root fq nopacing horizon_cap
  '000000000300000000000000ffffffff00000000070001006671000014000200080005000000000005000f0000000000';
const CAKE_ON = // tc qdisc add dev v0 root cake unlimited autorate-ingress ingress ack-filter split-gso memlimit 32mb fwmark 0xff besteffort flows noatm
  '000000000300000000000000ffffffff000000000900010063616b6500000000580002000c0002000000000000000000080003000300000008000400000000000800050004000000080009000100000008000a000000000208001200ff000000080011000100000008000f00010000000800100001000000';
const CAKE_OFF = // tc qdisc add dev v0 root cake egress no-ack-filter no-split-gso diffserv4 srchost ptm
  '000000000300000000000000ffffffff000000000900010063616b650000000034000200080003000100000008000400020000000800050001000000080011000000000008000f00000000000800100000000000';
const SFQ = // tc qdisc add dev v0 root sfq perturb 10 quantum 1514 limit 100 divisor 2048 flows 64 depth 50 headdrop
  '000000000300000000000000ffffffff0000000008000100736671004c000200ea0500000a00000064000000000800004000000032000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000';
const PRIO = // tc qdisc add dev v0 root prio bands 4 priomap 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3
  '000000000300000000000000ffffffff00000000090001007072696f000000001c000200040000000001020300010203000102030001020304000200';
const NETEM = // tc qdisc add dev v0 root netem delay 10ms 2ms
  '000000000300000000000000ffffffff000000000a0001006e6574656d0000001c0002005a620200e8030000000000000000000000000000127a0000';
const NETEM_PERCENTS = // tc qdisc add dev v0 root netem loss 30% duplicate 10% corrupt 0.5% delay 1ms reorder 12.5% gap 5
  '000000000300000000000000ffffffff000000000a0001006e6574656d00000034000200093d0000e8030000cccccc4c050000009a999919000000000c00030000000020000000000c00040014ae470100000000';
// tc qdisc add dev v0 root red limit 400000 min 30000 max 90000 avpkt 1000 burst 55 probability 0.02 bandwidth 10mbit ecn harddrop adaptive nodrop
const RED_ALL =
  '000000000300000000000000ffffffff0000000008000100726564003001020014000100801a060030750000905f010005160f0004010200000000000000000000000000000101010101010101010101010202020202020202020202020303030303030303030303030404040404040404040404040505050505050505050505050606060606060606060606060707070707070707070707070808080808080808080808080909090909090909090909090a0a0a0a0a0a0a0a0a0a0a0a0b0b0b0b0b0b0b0b0b0b0b0b0c0c0c0c0c0c0c0c0c0c0c0c0d0d0d0d0d0d0d0d0d0d0d0d0e0e0e0e0e0e0e0e0e0e0e0e0f0f0f0f0f0f0f0f0f0f0f0f10101010101010101010101011111111111111111111111112121212121212121212121213131313131313131313131314141414141414141414141415151f0800030051b81e050c0004000f0000000f000000';
// tc qdisc add dev v0 root red limit 100000 avpkt 1000 (min, max, burst, probability and bandwidth tc's defaults)
const RED_DEFAULTS =
  '000000000300000000000000ffffffff0000000008000100726564003001020014000100a08601008d200000a861000003140d0004010200000000000000000000000000010101010101010101010102020202020202020202020203030303030303030303030404040404040404040404040505050505050505050505060606060606060606060607070707070707070707070708080808080808080808080909090909090909090909090a0a0a0a0a0a0a0a0a0a0a0b0b0b0b0b0b0b0b0b0b0b0b0c0c0c0c0c0c0c0c0c0c0c0d0d0d0d0d0d0d0d0d0d0d0e0e0e0e0e0e0e0e0e0e0e0e0f0f0f0f0f0f0f0f0f0f0f1010101010101010101010101111111111111111111111121212121212121212121212131313131313131313131314141414141414141414141515151515151515151515151616161f0800030051b81e050c000400000000000f000000';

const CAKE_FULL = // tc qdisc add dev v0 root cake bandwidth 100mbit rtt 50ms nat wash ack-filter-aggressive overhead -10 mpu 64 diffserv8 dual-dsthost atm
  '000000000300000000000000ffffffff000000000900010063616b6500000000680002000c00020020bcbe000000000008000300020000000800040001000000080005000600000008000600f6ffffff08000e00400000000800070050c3000008000800c4090000080009000000000008000b000100000008000d00010000000800100002000000';
const CAKE_RAW = // tc qdisc add dev v0 root cake raw
  '000000000300000000000000ffffffff000000000900010063616b65000000001c0002000800040000000000080006000000000008000c0000000000';
const CAKE_ZEROS = // tc qdisc add dev v0 root cake mpu 0 nonat nowash (an mpu of 0 is not sent)
  '000000000300000000000000ffffffff000000000900010063616b65000000001400020008000b000000000008000d0000000000';
const FQ_LIMIT = '000000000300000000000000ffffffff0000000007000100667100000c0002000800010064000000'; // tc qdisc add dev v0 root fq limit 100
const FQ_CODEL_LIMIT = // tc qdisc add dev v0 root fq_codel limit 1000
  '000000000300000000000000ffffffff000000000d00010066715f636f64656c000000000c00020008000200e8030000';
const HFSC_BARE = '000000000300000000000100ffffffff000000000900010068667363000000000600020000000000'; // tc qdisc add dev v0 root handle 1: hfsc
const HTB_QDISC = // tc qdisc add dev v0 root handle 1: htb default 10 r2q 20 direct_qlen 500
  '000000000300000000000100ffffffff0000000008000100687462002400020018000200030000001400000010000000000000000000000008000500f4010000';
const PFIFO = // tc qdisc add dev v0 root pfifo limit 100
  '000000000300000000000000ffffffff000000000a000100706669666f0000000800020064000000';
const BFIFO = // tc qdisc add dev v0 root bfifo limit 10kb
  '000000000300000000000000ffffffff000000000a000100626669666f0000000800020000280000';

describe("qdisc kinds: linx sends tc's bytes", () => {
  it.each([
    ['htb default 0x1f', HTB_DEFAULT_1F, { default: '0x1f' }, 'htb'],
    ['htb default 1F', HTB_DEFAULT_1F, { default: '1F' }, 'htb'],
    ['htb default ffff', HTB_DEFAULT_FFFF, { default: 'ffff' }, 'htb'],
    ['fq_codel, every option', FQ_CODEL_ALL, { limit: 1000, flows: 512, target: '4ms', interval: '90ms', quantum: 1400, ecn: true, ceThreshold: '2ms', memoryLimit: '16mb', dropBatch: 32 }, 'fq_codel'],
    ['fq_codel noecn', FQ_CODEL_NOECN, { ecn: false }, 'fq_codel'],
    ['fq nopacing horizon_cap', FQ_OFF, { pacing: false, horizonDrop: false }, 'fq'],
    ['fq, every option', FQ_ALL, { limit: 5000, flowLimit: 50, quantum: 3000, initialQuantum: 15000, maxRate: '10mbit', buckets: 2048, pacing: true, refillDelay: '50ms', orphanMask: 511, lowRateThreshold: '1mbit', ceThreshold: '2ms', timerSlack: '20us', horizon: '5s', horizonDrop: true }, 'fq'],
    ['fq limit alone', FQ_LIMIT, { limit: 100 }, 'fq'],
    ['fq_codel limit alone', FQ_CODEL_LIMIT, { limit: 1000 }, 'fq_codel'],
    ['hfsc without a default', HFSC_BARE, undefined, 'hfsc'],
    // tc qdisc add dev v0 root sfq: no TCA_OPTIONS (nor for options whose every value is undefined).
    ['sfq without options', '000000000300000000000000ffffffff000000000800010073667100', undefined, 'sfq'],
    ['sfq with options all undefined', '000000000300000000000000ffffffff000000000800010073667100', { limit: undefined, headdrop: undefined }, 'sfq'],
    ['cake with rtt, nat, wash, overhead, mpu and modes', CAKE_FULL, { bandwidth: '100mbit', rtt: '50ms', nat: true, wash: true, ackFilter: 'aggressive', overhead: -10, mpu: 64, diffserv: 'diffserv8', flowMode: 'dual-dsthost', atm: 'atm' }, 'cake'],
    ['cake mpu 0 nonat nowash', CAKE_ZEROS, { mpu: 0, nat: false, wash: false }, 'cake'],
    // tc's ranges' ends: overhead -64 and 256, mpu 256 (tc refuses -65, 257: "valid range is -64 to 256").
    ['cake overhead -64', '000000000300000000000000ffffffff000000000900010063616b65000000000c00020008000600c0ffffff', { overhead: -64 }, 'cake'],
    ['cake overhead 256', '000000000300000000000000ffffffff000000000900010063616b65000000000c0002000800060000010000', { overhead: 256 }, 'cake'],
    ['cake mpu 256', '000000000300000000000000ffffffff000000000900010063616b65000000000c00020008000e0000010000', { mpu: 256 }, 'cake'],
    ['htb default, r2q and direct_qlen', HTB_QDISC, { default: '10', r2q: 20, directQlen: 500 }, 'htb'],
    ['pfifo limit', PFIFO, { limit: 100 }, 'pfifo'],
    // tc qdisc add dev v0 root pfifo: no TCA_OPTIONS at all (the kernel's default limit, txqueuelen).
    ['pfifo without options', '000000000300000000000000ffffffff000000000a000100706669666f000000', undefined, 'pfifo'],
    ['pfifo with options {}', '000000000300000000000000ffffffff000000000a000100706669666f000000', {}, 'pfifo'],
    ['pfifo with options null', '000000000300000000000000ffffffff000000000a000100706669666f000000', null, 'pfifo'],
    ['bfifo limit as a size', BFIFO, { limit: '10kb' }, 'bfifo'],
    ['netem loss, duplicate, corrupt, reorder and gap', NETEM_PERCENTS, { loss: '30%', duplicate: '10%', corrupt: '0.5%', delay: '1ms', reorder: '12.5%', gap: 5 }, 'netem'],
    ['cake, the switches on', CAKE_ON, { bandwidth: 'unlimited', autorateIngress: true, ingress: true, ackFilter: true, splitGso: true, memlimit: '32mb', fwmark: 0xff, diffserv: 'besteffort', flowMode: 'flows', atm: 'none' }, 'cake'],
    ['cake, the switches off', CAKE_OFF, { ingress: false, ackFilter: false, splitGso: false, diffserv: 'diffserv4', flowMode: 'srchost', atm: 'ptm' }, 'cake'],
    ['red, every option and flag', RED_ALL, { limit: 400000, min: 30000, max: 90000, avpkt: 1000, burst: 55, probability: 0.02, bandwidth: '10mbit', ecn: true, harddrop: true, adaptive: true, nodrop: true }, 'red'],
    ["red with tc's defaults for min, max, burst, probability and bandwidth", RED_DEFAULTS, { limit: 100000, avpkt: 1000 }, 'red'],
  ] as const)('%s', async (_what, tcHex, options, kind) => {
    const handle = kind === 'htb' || kind === 'hfsc' ? '1:' : undefined;
    const { mine, theirs } = await compare({ dev: 'v0', handle, kind, options } as QdiscSpec, tcHex);
    expect(mine).toEqual(theirs);
  });
});

describe("qdisc kinds: tc's bytes listed back as the command's values", () => {
  it.each([
    ['fq_codel, every option', FQ_CODEL_ALL, { limit: 1000, flows: 512, target: 4000, interval: 90_000, quantum: 1400, ecn: true, ceThreshold: 2000, memoryLimit: 16 * 1024 * 1024, dropBatch: 32 }],
    ['fq_codel noecn', FQ_CODEL_NOECN, { ecn: false }],
    // buckets 2048 is kept as its log (11); timer_slack 20us as nanoseconds; rates in bytes per second.
    ['fq, every option', FQ_ALL, { limit: 5000, flowLimit: 50, quantum: 3000, initialQuantum: 15000, maxRate: 1_250_000, bucketsLog: 11, pacing: true, refillDelay: 50_000, orphanMask: 511, lowRateThreshold: 125_000, ceThreshold: 2000, timerSlackNs: 20_000, horizon: 5_000_000, horizonDrop: true }],
    ['fq nopacing horizon_cap', FQ_OFF, { pacing: false, horizonDrop: false }],
    ['fq limit alone', FQ_LIMIT, { limit: 100 }],
    ['fq_codel limit alone', FQ_CODEL_LIMIT, { limit: 1000 }],
    ['cake, the switches on', CAKE_ON, { bandwidth: 0, autorate: true, ingress: true, ackFilter: true, splitGso: true, memlimit: 32 * 1024 * 1024, fwmark: 0xff, diffserv: 'besteffort', flowMode: 'flows', atm: 'none' }],
    ['cake, the switches off', CAKE_OFF, { ingress: false, ackFilter: false, splitGso: false, diffserv: 'diffserv4', flowMode: 'srchost', atm: 'ptm' }],
    // rtt 50ms makes tc send a target of rtt / 20 (2.5 ms); overhead -10 is a u32 on the wire.
    ['cake with rtt, nat, wash, overhead, mpu and modes', CAKE_FULL, { bandwidth: 12_500_000, autorate: false, rtt: 50_000, target: 2500, nat: true, wash: true, ackFilter: 'aggressive', overhead: -10, mpu: 64, diffserv: 'diffserv8', flowMode: 'dual-dsthost', atm: 'atm' }],
    ['cake raw', CAKE_RAW, { atm: 'none', overhead: 0, raw: true }],
    ['cake nonat nowash', CAKE_ZEROS, { nat: false, wash: false }],
    // tc sends version 3 (TC_HTB_PROTOVER) and no direct packets count of its own.
    ['htb default, r2q and direct_qlen', HTB_QDISC, { version: 3, r2q: 20, default: 0x10, directPacketsStat: 0, directQlen: 500 }],
    ['pfifo limit', PFIFO, { limit: 100 }],
    ['bfifo limit', BFIFO, { limit: 10_240 }],
    ['sfq, every option', SFQ, { perturb: 10, quantum: 1514, limit: 100, divisor: 2048, flows: 64, depth: 50, headdrop: true }],
    ['prio', PRIO, { bands: 4, priomap: [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3] }],
    // 10 ms and 2 ms are 156250 and 31250 psched ticks of 64 ns in tc's struct.
    ['netem delay and jitter', NETEM, { limit: 1000, delay: 10_000, jitter: 2000, gap: 0, loss: 0, duplicate: 0 }],
    // Wlog 5, Plog 22, Scell_log 15 and max_P 0x051eb851 are tc's own numbers in these bytes.
    ['red, every flag', RED_ALL, { limit: 400000, min: 30000, max: 90000, wlog: 5, plog: 22, scellLog: 15, probability: 0x051e_b851 / 2 ** 32, flags: ['ecn', 'harddrop', 'adaptive', 'nodrop'] }],
    // tc's defaults: max = limit / 4, min = max / 3, burst (2 min + max) / (3 avpkt) = 13; no flags.
    ["red with tc's defaults", RED_DEFAULTS, { limit: 100000, min: 8333, max: 25000, wlog: 3, plog: 20, scellLog: 13, probability: 0x051e_b851 / 2 ** 32, flags: [] }],
  ] as const)('%s', async (_what, tcHex, options) => {
    const [q] = await listed(hex(tcHex));
    expect(q!.options).toStrictEqual(options);
  });
});

// `tc class add dev v0 parent 1: classid 1:1 hfsc CURVES` (the kernel lacks hfsc; tc's request is traced all
// the same): tc turns umax/dmax/rate into the two segments the kernel keeps, concave when umax within dmax
// is steeper than rate, else a flat first segment.
describe("drr and qfq classes: linx sends tc's bytes", () => {
  // `tc class add dev v0 parent 1: classid 1:1 KIND OPTIONS`; with none, tc sends an empty TCA_OPTIONS.
  it.each([
    ['drr', undefined, '0000000003000000010001000000010000000000080001006472720004000200'],
    ['drr', { quantum: '9k' }, '000000000300000001000100000001000000000008000100647272000c0002000800010000240000'],
    ['qfq', undefined, '0000000003000000010001000000010000000000080001007166710004000200'],
    ['qfq', { weight: 20, maxPacket: 1514 }, '0000000003000000010001000000010000000000080001007166710014000200080001001400000008000200ea050000'],
  ] as const)('%s %j', async (kind, options, tcHex) => {
    const { mine, theirs } = await compare({ dev: 'v0', parent: '1:', handle: '1:1', kind, options } as TcClassSpec, tcHex, 'class');
    expect(mine).toEqual(theirs);
  });
});

describe("hfsc classes: linx's curves are tc's", () => {
  const HFSC = '00000000030000000100010000000100000000000900010068667363000000';
  it.each([
    // umax within dmax exactly at rate (1250 bytes in 10 ms is 1mbit): not steeper, so one segment.
    ['rt umax 1250 dmax 10ms rate 1mbit', { rt: { umax: 1250, dmax: '10ms', rate: '1mbit' } }, `${HFSC}001400020010000100000000000000000048e80100`],
    // steeper: m1 = 1000 bytes per ms for the first 1 ms.
    ['rt umax 1000 dmax 1ms rate 1mbit', { rt: { umax: 1000, dmax: '1ms', rate: '1mbit' } }, `${HFSC}00140002001000010040420f00e803000048e80100`],
    // shallower: flat until 100 ms less the 800 µs 100 bytes take at rate.
    ['ls umax 100 dmax 100ms rate 1mbit', { ls: { umax: 100, dmax: '100ms', rate: '1mbit' } }, `${HFSC}001400020010000200000000008083010048e80100`],
    // no umax: flat for all of dmax.
    ['ls dmax 5ms rate 1mbit', { ls: { dmax: '5ms', rate: '1mbit' } }, `${HFSC}001400020010000200000000008813000048e80100`],
    // sc is rt and ls at once; m1 0 is a flat first segment.
    ['sc m1 0 d 5ms m2 2mbit', { sc: { m1: 0, d: '5ms', m2: '2mbit' } }, `${HFSC}002400020010000100000000008813000090d0030010000200000000008813000090d00300`],
  ] as const)('%s', async (_command, options, tcHex) => {
    const { mine, theirs } = await compare({ dev: 'v0', parent: '1:', handle: '1:1', kind: 'hfsc', options } as TcClassSpec, tcHex, 'class');
    expect(mine).toEqual(theirs);
  });
});

/** Attributes of a request's TCA_OPTIONS as a sorted tree, leaving out rate tables (1 KiB each). */
const optionsOf = (payload: Uint8Array) => (attrs(payload, 20, payload.length).find(([type]) => type === 2)![1] as [number, number[]][]).filter(([, value]) => value.length < 1024);

/** What linx sends for a class or qdisc (a fake kernel that knows v0 as 3). */
async function sent(call: (rtnl: Rtnl) => Promise<void>, type: number) {
  const kernel = new FakeKernel((req, k) => k.ack(req), { replyType: rtnetlinkReplyType });
  await call(new Rtnl(new Connection(kernel)));
  return kernel.requests.find((r) => r.type === type)!.payload;
}

// htb classes and tbf with a peak rate or a 64-bit rate: tc's attributes verbatim but the rate tables
// (TCA_HTB_RTAB/CTAB, TCA_TBF_RTAB/PTAB: 256 transmit times each, checked with the live tests).
describe("htb classes and tbf: linx's parameters are tc's (rate tables aside)", () => {
  it.each([
    // tc class add dev v0 parent 1: classid 1:1 htb rate 1mbit: burst and cburst 1600 bytes (rate / 10^9 + mtu).
    ['htb rate 1mbit', { rate: '1mbit' }, ['3000010003010000ffff000048e8010003010000ffff000048e80100400d0300400d0300000000000000000000000000']],
    // … htb rate 1mbit ceil 2mbit burst 15k cburst 20k prio 3 quantum 3000 mtu 9000 mpu 64 overhead 4
    ['htb with every option', { rate: '1mbit', ceil: '2mbit', burst: '15k', cburst: '20k', prio: 3, quantum: 3000, mtu: 9000, mpu: 64, overhead: 4 }, ['3000010006010400ffff400048e8010006010400ffff400090d00300004c1d0000881300b80b00000000000003000000']],
    // … htb rate 40gbit ceil 50gbit: past 32 bits, the struct says ~0 and TCA_HTB_RATE64/CEIL64 carry them.
    ['htb rate 40gbit ceil 50gbit', { rate: '40gbit', ceil: '50gbit' }, ['0c00060000f2052a01000000', '0c000700806e877401000000', '3000010003010000ffff0000ffffffff03010000ffff0000ffffffff0000000000000000000000000000000000000000']],
  ] as const)('class %s', async (_what, options, tcAttrs) => {
    const payload = await sent((r) => r.tc.classes.add({ dev: 3, parent: '1:', handle: '1:1', kind: 'htb', options }), 40);
    const theirs = hex(tcAttrs.join(''));
    expect(optionsOf(payload)).toEqual(attrs(theirs, 0, theirs.length, false));
  });

  it.each([
    // tc qdisc add dev v0 root tbf rate 1mbit burst 10kb latency 50ms peakrate 2mbit mtu 2kb: the limit is the
    // smaller of rate × latency + burst (16490) and peakrate × latency + mtu (14548).
    ['tbf latency with a peak rate', { rate: '1mbit', burst: '10kb', latency: '50ms', peakrate: '2mbit', mtu: '2kb' }, ['2800010004010000ffff000048e8010004010000ffff000090d00300d43800000088130000f40100', '0800060000280000', '0800070000080000']],
    // … tbf rate 40gbit burst 1mb limit 1mb: TCA_TBF_RATE64.
    ['tbf rate 40gbit', { rate: '40gbit', burst: '1mb', limit: '1mb' }, ['2800010003010000ffff0000ffffffff00000000000000000000000000001000e40e000000000000', '0800060000001000', '0c00040000f2052a01000000']],
    // … tbf rate 1mbit burst 10kb limit 20kb peakrate 40gbit mtu 9000: TCA_TBF_PRATE64.
    ['tbf peakrate 40gbit', { rate: '1mbit', burst: '10kb', limit: '20kb', peakrate: '40gbit', mtu: 9000 }, ['2800010006010000ffff000048e8010006010000ffff0000ffffffff00500000008813001f000000', '0800060000280000', '0c00050000f2052a01000000', '0800070028230000']],
  ] as const)('qdisc %s', async (_what, options, tcAttrs) => {
    const payload = await sent((r) => r.tc.qdiscs.add({ dev: 3, kind: 'tbf', options }), 36);
    const theirs = hex(tcAttrs.join(''));
    expect(optionsOf(payload)).toEqual(attrs(theirs, 0, theirs.length, false));
  });
});

describe("classes: tc's bytes listed back as the command's values", () => {
  /** What linx lists for a class dump answered with these RTM_NEWTCLASS payloads. */
  async function classes(...payloads: Uint8Array[]) {
    // Classes are dumped per interface: the link dump names one, v0 (index 3).
    const v0 = Uint8Array.from([0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 3, 0, 0x76, 0x30, 0, 0]);
    const kernel = new FakeKernel((req, k) => k.multipart(req, req.type === 18 ? [v0] : payloads, { type: req.type === 18 ? 16 : 40 }), { replyType: rtnetlinkReplyType });
    return new Rtnl(new Connection(kernel)).tc.classes.list();
  }
  const HTB_CLASS = '0000000003000000010001000000010000000000080001006874620';

  it.each([
    // tc class add dev v0 parent 1: classid 1:1 drr quantum 9k
    ['drr quantum 9k', '000000000300000001000100000001000000000008000100647272000c0002000800010000240000', 'drr', { quantum: 9216 }],
    // tc class add dev v0 parent 1: classid 1:1 hfsc rt umax 1250 dmax 10ms rate 1mbit: a real-time curve only
    ['hfsc with one curve', '00000000030000000100010000000100000000000900010068667363000000001400020010000100000000000000000048e80100', 'hfsc', { rt: { m1: 0, d: 0, m2: 125_000 } }],
    // tc class add dev v0 parent 1: classid 1:1 qfq (an empty TCA_OPTIONS: neither weight nor maxpkt listed)
    ['qfq without options', '0000000003000000010001000000010000000000080001007166710004000200', 'qfq', {}],
    // tc class add dev v0 parent 1: classid 1:1 drr (an empty TCA_OPTIONS: no quantum listed)
    ['drr without options', '0000000003000000010001000000010000000000080001006472720004000200', 'drr', {}],
    // tc class add dev v0 parent 1: classid 1:7 qfq weight 20 maxpkt 1514
    ['qfq weight 20 maxpkt 1514', '0000000003000000070001000000010000000000080001007166710014000200080001001400000008000200ea050000', 'qfq', { weight: 20, maxPacket: 1514 }],
    // tc class add dev v0 parent 1: classid 1:1 hfsc rt m1 2mbit d 10ms m2 1mbit ls rate 1mbit ul rate 2mbit
    ['hfsc rt ls ul', '0000000003000000010001000000010000000000090001006866736300000000340002001000010090d003001027000048e8010010000200000000000000000048e8010010000300000000000000000090d00300', 'hfsc', { rt: { m1: 250_000, d: 10_000, m2: 125_000 }, ls: { m1: 0, d: 0, m2: 125_000 }, ul: { m1: 0, d: 0, m2: 250_000 } }],
    // tc's htb class with every option (its rate tables left out: the kernel does not send them back either):
    // bursts back in bytes from their ticks (15k, 20k), the link layer Ethernet (1).
    ['htb with every option', `${HTB_CLASS}0340002003000010006010400ffff400048e8010006010400ffff400090d00300004c1d0000881300b80b00000000000003000000`, 'htb', { rate: 125_000, ceil: 250_000, burst: 15_360, cburst: 20_480, buffer: 1_920_000, cbuffer: 1_280_000, prio: 3, quantum: 3000, level: 0, linklayer: 1, overhead: 4, mpu: 64 }],
    // tc's htb rate 40gbit ceil 50gbit: the 64-bit rates, not the struct's ~0.
    ['htb rate 40gbit ceil 50gbit', `${HTB_CLASS}04c0002000c00060000f2052a010000000c000700806e8774010000003000010003010000ffff0000ffffffff03010000ffff0000ffffffff0000000000000000000000000000000000000000`, 'htb', { rate: 5_000_000_000, ceil: 6_250_000_000, burst: 0, cburst: 0, buffer: 0, cbuffer: 0, prio: 0, quantum: 0, level: 0, linklayer: 1, overhead: 0, mpu: 0 }],
  ] as const)('%s', async (_what, tcHex, kind, options) => {
    const [c] = await classes(hex(tcHex));
    expect({ kind: c!.kind, handle: c!.handle, options: c!.options }).toStrictEqual({ kind, handle: tcHex.slice(16, 24) === '07000100' ? '1:7' : '1:1', options });
  });
});

// netem's loss models, ecn, rate and slots, and a tbf with a peak rate: tc's request (the dump's layout) listed
// back as the command's values; probabilities in percent, rounded here to 6 places (a u32 is not exact).
describe("netem and tbf: tc's bytes listed back as the command's values", () => {
  const round = (value: unknown): unknown =>
    typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)])) : value;
  const NETEM_STATE = // tc qdisc add dev v0 root netem loss state 1% 2% 3% 4% 5% ecn rate 1mbit 20 100 5 slot 800us 1ms packets 32 bytes 64k
    '000000000300000000000000ffffffff000000000a0001006e6574656d0000008000020000000000e80300000000000000000000000000000000000008000700010000002c000c0000350c000000000040420f00000000002000000000000100000000000000000000000000000000001c00058018000100295c8f0252b81e057b14ae07cdcccc0ca4703d0a1400060048e80100140000006400000005000000';
  const NETEM_GE = // tc qdisc add dev v0 root netem loss gemodel 1% 10% 70% 0.1% (h is 100% − 70%, k1 the 0.1%)
    '000000000300000000000000ffffffff000000000a0001006e6574656d0000003400020000000000e8030000000000000000000000000000000000001800058014000200295c8f029a999919cdcccc4c37894100';
  // tc qdisc add dev v0 root tbf rate 1mbit burst 10kb latency 50ms peakrate 2mbit mtu 2kb, its rate tables left out
  // (the kernel does not send them back): TCA_TBF_PARMS, TCA_TBF_BURST, TCA_TBF_PBURST.
  const TBF_PEAK = '000000000300000000000000ffffffff00000000' + '0800010074626600' + '3c00020028000100' +
    '04010000ffff000048e8010004010000ffff000090d00300d43800000088130000f40100' + '0800060000280000' + '0800070000080000';

  it.each([
    ['netem 4-state loss, ecn, rate, slot', NETEM_STATE, {
      limit: 1000, delay: 0, jitter: 0, gap: 0, loss: 0, duplicate: 0, rate: 125_000, packetOverhead: 20, cellSize: 100, cellOverhead: 5, ecn: true,
      lossModel: { model: 'state', p13: 1, p31: 2, p32: 3, p23: 4, p14: 5 }, slot: { min: 800, max: 1000, packets: 32, bytes: 65_536 },
    }],
    ['netem Gilbert-Elliott loss', NETEM_GE, { limit: 1000, delay: 0, jitter: 0, gap: 0, loss: 0, duplicate: 0, lossModel: { model: 'gemodel', p: 1, r: 10, h: 30, k1: 0.1 } }],
    // The bursts back in bytes from the kernel's ticks: 10kb and 2kb.
    ['tbf with a peak rate', TBF_PEAK, { rate: 125_000, burst: 10_240, buffer: 1_280_000, limit: 14_548, peakrate: 250_000, mtu: 2048, mpu: 0, overhead: 0, linklayer: 1 }],
  ] as const)('%s', async (_what, tcHex, options) => {
    const [q] = await listed(hex(tcHex));
    expect(round(q!.options)).toStrictEqual(options);
  });

  it.each([
    ['netem 4-state loss, ecn, rate, slot', NETEM_STATE, { lossModel: { model: 'state', p13: '1%', p31: '2%', p32: '3%', p23: '4%', p14: '5%' }, ecn: true, rate: '1mbit', packetOverhead: 20, cellSize: 100, cellOverhead: 5, slot: { min: '800us', max: '1ms', packets: 32, bytes: '64k' } }],
    ['netem Gilbert-Elliott loss', NETEM_GE, { lossModel: { model: 'gemodel', p: '1%', r: '10%', oneMinusH: '70%', oneMinusK: '0.1%' } }],
  ] as const)('linx sends tc\'s bytes: %s', async (_what, tcHex, options) => {
    const { mine, theirs } = await compare({ dev: 'v0', kind: 'netem', options } as QdiscSpec, tcHex);
    expect(mine).toEqual(theirs);
  });
});
