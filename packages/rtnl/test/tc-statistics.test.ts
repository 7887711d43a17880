// A qdisc's statistics from each place the kernel puts them, without root. The kernel's RTM_NEWQDISC for an
// htb qdisc after 4 packets (captured with tc's output by tc-dumps.live.test.ts: tc -j -s counted 192 bytes,
// 4 packets) carries the counters twice: TCA_STATS2's nested gnet_stats_basic and gnet_stats_queue, and the
// older struct tc_stats in TCA_STATS (linux/pkt_sched.h, linux/gen_stats.h). Each alone must give the same
// numbers; a rate estimator's reading comes from TCA_STATS_RATE_EST64 when the kernel sends it (rates past
// 32 bits), else from TCA_STATS_RATE_EST, both added here as gen_stats.h lays them out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { attrsMessage } from '../src/generated/tc.js';
import { toQdisc } from '../src/tc/shape.js';
import { TC_DUMPS_FILE, type CapturedDumps } from './helpers/tc-bytes.js';

const captured = JSON.parse(readFileSync(TC_DUMPS_FILE, 'utf8')) as CapturedDumps;
const dump = captured.dumps['qdiscs: htb with a default class and a direct queue, clsact, after 4 packets']!;
const htb = Uint8Array.from(Buffer.from(dump.replies.find((hex) => hex.includes('68746200'))!, 'hex'));
const tcHtb = (dump.json as any[]).find((q) => q.kind === 'htb');

const TCA_STATS = 3;
const TCA_STATS2 = 7;
const TCA_STATS_RATE_EST = 2;
const TCA_STATS_RATE_EST64 = 5;

/** The attributes of bytes[from, to) as [type, value]. */
function split(bytes: Uint8Array, from: number): [number, Uint8Array][] {
  const out: [number, Uint8Array][] = [];
  for (let at = from; at + 4 <= bytes.length; ) {
    const len = bytes[at]! | (bytes[at + 1]! << 8);
    out.push([bytes[at + 2]! | (bytes[at + 3]! << 8), bytes.slice(at + 4, at + len)]);
    at += (len + 3) & ~3;
  }
  return out;
}
function join(attrs: [number, Uint8Array][]): Uint8Array {
  const parts = attrs.map(([type, value]) => {
    const a = new Uint8Array((4 + value.length + 3) & ~3);
    new DataView(a.buffer).setUint16(0, 4 + value.length, true);
    new DataView(a.buffer).setUint16(2, type, true);
    a.set(value, 4);
    return a;
  });
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
/** The captured message with its attributes changed by `edit`. */
function edited(edit: (attrs: [number, Uint8Array][]) => [number, Uint8Array][]): Uint8Array {
  return Uint8Array.from([...htb.subarray(0, 20), ...join(edit(split(htb, 20)))]);
}
const stats = (payload: Uint8Array) => toQdisc(compileMessage(attrsMessage).decode(payload)).stats;
/** A struct of little-endian fields (host order here) as bytes. */
function struct(fields: [number | bigint, 4 | 8][]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, [, size]) => n + size, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [value, size] of fields) {
    if (size === 8) view.setBigUint64(at, BigInt(value), true);
    else view.setUint32(at, Number(value), true);
    at += size;
  }
  return out;
}

describe('qdisc statistics', () => {
  it('as captured: the counters tc -j -s shows', () => {
    expect(tcHtb.packets).toBe(4);
    expect(stats(htb)).toEqual({ bytes: tcHtb.bytes, packets: tcHtb.packets, drops: tcHtb.drops, overlimits: tcHtb.overlimits, requeues: tcHtb.requeues, qlen: tcHtb.qlen, backlog: tcHtb.backlog });
  });

  it('from TCA_STATS alone (struct tc_stats, no requeues): the same counters', () => {
    const old = stats(edited((attrs) => attrs.filter(([type]) => type !== TCA_STATS2)));
    expect(old).toEqual({ ...stats(htb), requeues: 0 });
  });

  it('from TCA_STATS2 alone: the same counters', () => {
    expect(stats(edited((attrs) => attrs.filter(([type]) => type !== TCA_STATS)))).toEqual(stats(htb));
  });

  it('with neither: zeros', () => {
    expect(stats(edited((attrs) => attrs.filter(([type]) => type !== TCA_STATS && type !== TCA_STATS2)))).toEqual({ bytes: 0, packets: 0, drops: 0, overlimits: 0, requeues: 0, qlen: 0, backlog: 0 });
  });

  it('TCA_STATS2 first where both give different counters (the old struct is for old tools)', () => {
    // struct tc_stats: bytes (u64), packets, drops, overlimits, bps, pps, qlen, backlog (u32 each).
    const old = struct([[999_999, 8], [77, 4], [5, 4], [6, 4], [0, 4], [0, 4], [7, 4], [8, 4]]);
    const both = stats(edited((attrs) => attrs.map(([type, value]) => [type, type === TCA_STATS ? old : value])));
    expect(both).toEqual(stats(htb));
    const alone = stats(edited((attrs) => attrs.filter(([type]) => type !== TCA_STATS2).map(([type, value]) => [type, type === TCA_STATS ? old : value])));
    expect(alone).toEqual({ bytes: 999_999, packets: 77, drops: 5, overlimits: 6, requeues: 0, qlen: 7, backlog: 8 });
  });

  it('a rate estimator: TCA_STATS_RATE_EST64 when sent, else TCA_STATS_RATE_EST', () => {
    const withRates = (rates: [number, Uint8Array][]) =>
      edited((attrs) => attrs.map(([type, value]) => [type, type === TCA_STATS2 ? join([...split(value, 0), ...rates]) : value]));
    // struct gnet_stats_rate_est { __u32 bps; __u32 pps; }, struct gnet_stats_rate_est64 { __u64 bps; __u64 pps; }
    const est = struct([[4_000_000_000, 4], [123, 4]]);
    const est64 = struct([[6_250_000_000n, 8], [5_000_000n, 8]]);
    expect(stats(withRates([[TCA_STATS_RATE_EST, est]])).rate).toEqual({ bps: 4_000_000_000, pps: 123 });
    expect(stats(withRates([[TCA_STATS_RATE_EST, struct([[0xffff_ffff, 4], [123, 4]])], [TCA_STATS_RATE_EST64, est64]])).rate).toEqual({ bps: 6_250_000_000, pps: 5_000_000 });
    expect(stats(htb).rate).toBeUndefined();
  });
});
