import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import type { netemAttrs, tcNetemQopt } from '../../generated/tc.js';
import type { AttrsInput, AttrsValue, StructValue } from '@linx/netlink-codec';
import { rate32, ticksToTime, timeToTicks } from '../psched.js';
import { parsePercent, percentOf, type Percent } from '../percent.js';
import { parseRate, parseSize, parseTime, type Rate, type Size, type Time } from '../units.js';

// netem (sch_netem): struct tc_netem_qopt (times in psched ticks, probabilities scaled to u32) followed by
// attributes, built as iproute2 6.1's q_netem.c builds them. Delay distribution tables (`distribution
// normal`, read by tc from /usr/lib/tc) are not built.

type NetemInput = { -readonly [K in keyof AttrsInput<typeof netemAttrs.attributes>]: AttrsInput<typeof netemAttrs.attributes>[K] } & {
  header: StructValue<typeof tcNetemQopt.fields>;
};
type NetemValue = AttrsValue<typeof netemAttrs.attributes> & { header: StructValue<typeof tcNetemQopt.fields> };

/** The limit `tc` gives netem when none is said (packets). */
const NETEM_DEFAULT_LIMIT = 1000;

/** Options of a netem qdisc (`tc qdisc add … netem delay 10ms 2ms 25% loss 1% rate 1mbit`). */
export interface NetemOptions {
  /** Packets it may hold (1000 by default, as `tc`). */
  limit?: number;
  /** Added delay (`delay`/`latency`). */
  delay?: Time;
  /** Random variation of the delay (needs `delay`). */
  jitter?: Time;
  delayCorrelation?: Percent;
  /** Random loss. */
  loss?: Percent;
  lossCorrelation?: Percent;
  duplicate?: Percent;
  duplicateCorrelation?: Percent;
  corrupt?: Percent;
  corruptCorrelation?: Percent;
  /** Packets sent at once, out of order (needs `delay`); `gap` 1 by default then. */
  reorder?: Percent;
  reorderCorrelation?: Percent;
  gap?: number;
  /** A rate limit; above 32 bits it goes in TCA_NETEM_RATE64. */
  rate?: Rate;
  packetOverhead?: number;
  cellSize?: Size;
  cellOverhead?: number;
  /**
   * A loss model instead of random `loss`: the 4-state Markov model (`loss state p13 p31 p32 p23 p14`;
   * p31 defaults to 100% − p13, p23 to 100%) or Gilbert-Elliott (`loss gemodel p r 1-h 1-k`; r defaults
   * to 100% − p).
   */
  lossModel?:
    | { model: 'state'; p13: Percent; p31?: Percent; p32?: Percent; p23?: Percent; p14?: Percent }
    | { model: 'gemodel'; p: Percent; r?: Percent; oneMinusH?: Percent; oneMinusK?: Percent };
  /** Mark instead of dropping (needs `loss` or `lossModel`). */
  ecn?: boolean;
  /** Send in slots: every `min`..`max` (max = min by default), at most `packets` and `bytes` per slot (0: no limit). */
  slot?: { min: Time; max?: Time; packets?: number; bytes?: Size };
}

/** A netem qdisc's options as listed (times in µs, probabilities in percent). */
export interface NetemInfo {
  limit: number;
  delay: number;
  jitter: number;
  gap: number;
  loss: number;
  duplicate: number;
  delayCorrelation?: number;
  lossCorrelation?: number;
  duplicateCorrelation?: number;
  reorder?: number;
  reorderCorrelation?: number;
  corrupt?: number;
  corruptCorrelation?: number;
  rate?: number;
  packetOverhead?: number;
  cellSize?: number;
  cellOverhead?: number;
  ecn?: boolean;
  slot?: { min: number; max: number; packets: number; bytes: number };
  /** The loss model's probabilities in percent (h and k as the kernel keeps them: h, and 1 − k as `k1`). */
  lossModel?: { model: 'state'; p13: number; p31: number; p32: number; p23: number; p14: number } | { model: 'gemodel'; p: number; r: number; h: number; k1: number };
}

const percent = (value: unknown, argument: string) => (value === undefined ? 0 : parsePercent(value, argument));

function ticks(value: unknown, argument: string): number {
  const t = timeToTicks(parseTime(value, argument));
  if (t > 0xffff_ffff) throw new InvalidArgumentError(argument, `${JSON.stringify(value)} does not fit netem's u32 of psched ticks (about 274 s at most)`);
  return t;
}

export function netemOptions(o: NetemOptions, argument: string): NetemInput {
  // Not an object: a number or text (null is {} by now: the kind table passes `options ?? {}`).
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected netem options');
  const a = (name: string) => `${argument}.${name}`;
  if (o.jitter !== undefined && o.delay === undefined) throw new InvalidArgumentError(a('jitter'), 'a jitter needs a delay');
  if (o.reorder !== undefined && o.delay === undefined) throw new InvalidArgumentError(a('reorder'), 'reordering needs a delay (as tc says: not possible without specifying some delay)');
  if (o.ecn !== undefined && typeof o.ecn !== 'boolean') throw new InvalidArgumentError(a('ecn'), 'expected true or false');
  if (o.ecn && o.loss === undefined && o.lossModel === undefined) throw new InvalidArgumentError(a('ecn'), 'ecn needs a loss probability or model');
  if (o.loss !== undefined && o.lossModel !== undefined) throw new InvalidArgumentError(a('lossModel'), 'give loss or lossModel, not both');
  const latency = o.delay === undefined ? 0 : ticks(o.delay, a('delay'));
  const reorder = percent(o.reorder, a('reorder'));
  let gap = o.gap === undefined ? 0 : checkInteger(o.gap, a('gap'), 0, 0xffff_ffff);
  // As tc (q_netem.c): packets are sent out of order only with a reorder probability, so a gap without one is a mistake.
  if (reorder === 0 && gap !== 0) throw new InvalidArgumentError(a('gap'), 'a gap needs a reorder probability (as tc says: gap specified without reorder probability)');
  if (reorder !== 0 && gap === 0) gap = 1;
  const out: NetemInput = {
    header: {
      latency,
      limit: o.limit === undefined ? NETEM_DEFAULT_LIMIT : checkInteger(o.limit, a('limit'), 0, 0xffff_ffff),
      loss: percent(o.loss, a('loss')),
      gap,
      duplicate: percent(o.duplicate, a('duplicate')),
      jitter: o.jitter === undefined ? 0 : ticks(o.jitter, a('jitter')),
    },
  };
  if (o.delayCorrelation !== undefined || o.lossCorrelation !== undefined || o.duplicateCorrelation !== undefined) {
    out.corr = { delayCorr: percent(o.delayCorrelation, a('delayCorrelation')), lossCorr: percent(o.lossCorrelation, a('lossCorrelation')), dupCorr: percent(o.duplicateCorrelation, a('duplicateCorrelation')) };
  }
  if (o.reorder !== undefined) out.reorder = { probability: reorder, correlation: percent(o.reorderCorrelation, a('reorderCorrelation')) };
  if (o.corrupt !== undefined) out.corrupt = { probability: percent(o.corrupt, a('corrupt')), correlation: percent(o.corruptCorrelation, a('corruptCorrelation')) };
  if (o.ecn) out.ecn = 1;
  if (o.rate !== undefined) {
    const rate = parseRate(o.rate, a('rate'));
    if (rate !== rate32(rate)) out.rate64 = rate;
    out.rate = {
      rate: rate32(rate),
      packetOverhead: o.packetOverhead === undefined ? 0 : checkInteger(o.packetOverhead, a('packetOverhead'), -0x8000_0000, 0x7fff_ffff),
      cellSize: o.cellSize === undefined ? 0 : parseSize(o.cellSize, a('cellSize')),
      cellOverhead: o.cellOverhead === undefined ? 0 : checkInteger(o.cellOverhead, a('cellOverhead'), -0x8000_0000, 0x7fff_ffff),
    };
  }
  if (o.lossModel !== undefined) out.loss = lossModel(o.lossModel, a('lossModel'));
  if (o.slot !== undefined) {
    if (o.slot === null || typeof o.slot !== 'object' || o.slot.min === undefined) throw new InvalidArgumentError(a('slot'), 'a slot needs at least { min }');
    const min = parseTime(o.slot.min, a('slot.min')) * 1000;
    const max = o.slot.max === undefined ? min : parseTime(o.slot.max, a('slot.max')) * 1000;
    out.slot = {
      minDelay: min,
      maxDelay: max,
      maxPackets: o.slot.packets === undefined ? 0 : checkInteger(o.slot.packets, a('slot.packets'), 0, 0x7fff_ffff),
      maxBytes: o.slot.bytes === undefined ? 0 : parseSize(o.slot.bytes, a('slot.bytes'), 0x7fff_ffff),
      distDelay: 0,
      distJitter: 0,
    };
  }
  return out;
}

/** The complement of a u32 probability (100% − p), as `tc` computes the defaults and h from 1 − h. */
const complement = (p: number) => 0xffff_ffff - p;

function lossModel(m: NonNullable<NetemOptions['lossModel']>, argument: string): NonNullable<NetemInput['loss']> {
  if (m === null || typeof m !== 'object') throw new InvalidArgumentError(argument, "expected { model: 'state', p13, … } or { model: 'gemodel', p, … }");
  const a = (name: string) => `${argument}.${name}`;
  if (m.model === 'state') {
    const p13 = parsePercent(m.p13, a('p13'));
    return {
      gi: {
        p13,
        p31: m.p31 === undefined ? complement(p13) : parsePercent(m.p31, a('p31')),
        p32: percent(m.p32, a('p32')),
        p14: percent(m.p14, a('p14')),
        p23: m.p23 === undefined ? 0xffff_ffff : parsePercent(m.p23, a('p23')),
      },
    };
  }
  if (m.model === 'gemodel') {
    const p = parsePercent(m.p, a('p'));
    return {
      ge: {
        p,
        r: m.r === undefined ? complement(p) : parsePercent(m.r, a('r')),
        h: m.oneMinusH === undefined ? 0 : complement(parsePercent(m.oneMinusH, a('oneMinusH'))),
        k1: percent(m.oneMinusK, a('oneMinusK')),
      },
    };
  }
  throw new InvalidArgumentError(a('model'), `${JSON.stringify((m as { model?: unknown }).model)} is not a loss model ('state' or 'gemodel')`);
}

export function netemInfo(v: NetemValue): NetemInfo {
  const h = v.header;
  const out: NetemInfo = { limit: h.limit, delay: ticksToTime(h.latency), jitter: ticksToTime(h.jitter), gap: h.gap, loss: percentOf(h.loss), duplicate: percentOf(h.duplicate) };
  if (v.latency64 !== undefined) out.delay = Number(v.latency64) / 1000;
  if (v.jitter64 !== undefined) out.jitter = Number(v.jitter64) / 1000;
  if (v.corr !== undefined) {
    out.delayCorrelation = percentOf(v.corr.delayCorr);
    out.lossCorrelation = percentOf(v.corr.lossCorr);
    out.duplicateCorrelation = percentOf(v.corr.dupCorr);
  }
  if (v.reorder !== undefined) {
    out.reorder = percentOf(v.reorder.probability);
    out.reorderCorrelation = percentOf(v.reorder.correlation);
  }
  if (v.corrupt !== undefined) {
    out.corrupt = percentOf(v.corrupt.probability);
    out.corruptCorrelation = percentOf(v.corrupt.correlation);
  }
  if (v.rate !== undefined) {
    out.rate = Number(v.rate64 ?? v.rate.rate);
    out.packetOverhead = v.rate.packetOverhead;
    out.cellSize = v.rate.cellSize;
    out.cellOverhead = v.rate.cellOverhead;
  }
  if (v.ecn !== undefined) out.ecn = v.ecn !== 0;
  if (v.loss?.gi !== undefined) {
    const g = v.loss.gi;
    out.lossModel = { model: 'state', p13: percentOf(g.p13), p31: percentOf(g.p31), p32: percentOf(g.p32), p23: percentOf(g.p23), p14: percentOf(g.p14) };
  } else if (v.loss?.ge !== undefined) {
    const g = v.loss.ge;
    out.lossModel = { model: 'gemodel', p: percentOf(g.p), r: percentOf(g.r), h: percentOf(g.h), k1: percentOf(g.k1) };
  }
  if (v.slot !== undefined) out.slot = { min: Number(v.slot.minDelay) / 1000, max: Number(v.slot.maxDelay) / 1000, packets: v.slot.maxPackets, bytes: v.slot.maxBytes };
  return out;
}
