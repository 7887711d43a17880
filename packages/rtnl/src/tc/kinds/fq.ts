import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import type { fqAttrs } from '../../generated/tc.js';
import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';
import { parseRate, parseSize, parseTime, type Rate, type Size, type Time } from '../units.js';

// fq (sch_fq): one attribute per option given, as iproute2 6.1's q_fq.c sends them (an empty
// TCA_OPTIONS for none). Delays in µs, the timer slack in ns, rates in bytes per second (u32).

type FqInput = { -readonly [K in keyof AttrsInput<typeof fqAttrs.attributes>]: AttrsInput<typeof fqAttrs.attributes>[K] };
type FqValue = AttrsValue<typeof fqAttrs.attributes>;

/** Options of fq (`tc qdisc add … fq limit 5000 flow_limit 50 maxrate 10mbit buckets 2048`). */
export interface FqOptions {
  /** Packets it may hold (`limit`). */
  limit?: number;
  /** Packets per flow (`flow_limit`). */
  flowLimit?: number;
  quantum?: Size;
  initialQuantum?: Size;
  /** Pace flows (`pacing` / `nopacing`). */
  pacing?: boolean;
  /** The most a flow may send (`maxrate`). */
  maxRate?: Rate;
  /** Hash buckets: a power of two is expected; tc sends the base-2 logarithm, rounded down. */
  buckets?: number;
  refillDelay?: Time;
  orphanMask?: number;
  lowRateThreshold?: Rate;
  ceThreshold?: Time;
  timerSlack?: Time;
  horizon?: Time;
  /** Drop packets past the horizon (`horizon_drop`), or cap their time (`horizon_cap`). */
  horizonDrop?: boolean;
}

/** fq's options as listed (delays in µs, the timer slack in ns). */
export interface FqInfo {
  limit?: number;
  flowLimit?: number;
  quantum?: number;
  initialQuantum?: number;
  pacing?: boolean;
  maxRate?: number;
  bucketsLog?: number;
  refillDelay?: number;
  orphanMask?: number;
  lowRateThreshold?: number;
  ceThreshold?: number;
  timerSlackNs?: number;
  horizon?: number;
  horizonDrop?: boolean;
}

function rate32(value: unknown, argument: string): number {
  const rate = parseRate(value, argument);
  if (rate > 0xffff_ffff) throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is past fq's u32 of bytes per second`);
  return rate;
}

export function fqOptions(o: FqOptions, argument: string): FqInput {
  // Not an object: a number or text (null is {} by now: the kind table passes `options ?? {}`).
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected fq options');
  const a = (name: string) => `${argument}.${name}`;
  const out: FqInput = {};
  if (o.buckets !== undefined) out.bucketsLog = Math.floor(Math.log2(checkInteger(o.buckets, a('buckets'), 1, 0x8000_0000)));
  if (o.limit !== undefined) out.plimit = checkInteger(o.limit, a('limit'), 0, 0xffff_ffff);
  if (o.flowLimit !== undefined) out.flowPlimit = checkInteger(o.flowLimit, a('flowLimit'), 0, 0xffff_ffff);
  if (o.quantum !== undefined) out.quantum = parseSize(o.quantum, a('quantum'));
  if (o.initialQuantum !== undefined) out.initialQuantum = parseSize(o.initialQuantum, a('initialQuantum'));
  if (o.pacing !== undefined) {
    if (typeof o.pacing !== 'boolean') throw new InvalidArgumentError(a('pacing'), 'expected true or false');
    out.rateEnable = o.pacing ? 1 : 0;
  }
  if (o.maxRate !== undefined) out.flowMaxRate = rate32(o.maxRate, a('maxRate'));
  if (o.lowRateThreshold !== undefined) out.lowRateThreshold = rate32(o.lowRateThreshold, a('lowRateThreshold'));
  if (o.refillDelay !== undefined) out.flowRefillDelay = parseTime(o.refillDelay, a('refillDelay'));
  if (o.orphanMask !== undefined) out.orphanMask = checkInteger(o.orphanMask, a('orphanMask'), 0, 0xffff_ffff);
  if (o.ceThreshold !== undefined) out.ceThreshold = parseTime(o.ceThreshold, a('ceThreshold'));
  if (o.timerSlack !== undefined) out.timerSlack = parseTime(o.timerSlack, a('timerSlack'), 0xffff_ffff / 1000) * 1000;
  if (o.horizon !== undefined) out.horizon = parseTime(o.horizon, a('horizon'));
  if (o.horizonDrop !== undefined) {
    if (typeof o.horizonDrop !== 'boolean') throw new InvalidArgumentError(a('horizonDrop'), 'expected true or false');
    out.horizonDrop = o.horizonDrop ? 1 : 0;
  }
  return out;
}

export function fqInfo(v: FqValue): FqInfo {
  const out: FqInfo = {};
  if (v.plimit !== undefined) out.limit = v.plimit;
  if (v.flowPlimit !== undefined) out.flowLimit = v.flowPlimit;
  if (v.quantum !== undefined) out.quantum = v.quantum;
  if (v.initialQuantum !== undefined) out.initialQuantum = v.initialQuantum;
  if (v.rateEnable !== undefined) out.pacing = v.rateEnable !== 0;
  if (v.flowMaxRate !== undefined) out.maxRate = v.flowMaxRate;
  if (v.bucketsLog !== undefined) out.bucketsLog = v.bucketsLog;
  if (v.flowRefillDelay !== undefined) out.refillDelay = v.flowRefillDelay;
  if (v.orphanMask !== undefined) out.orphanMask = v.orphanMask;
  if (v.lowRateThreshold !== undefined) out.lowRateThreshold = v.lowRateThreshold;
  if (v.ceThreshold !== undefined) out.ceThreshold = v.ceThreshold;
  if (v.timerSlack !== undefined) out.timerSlackNs = v.timerSlack;
  if (v.horizon !== undefined) out.horizon = v.horizon;
  if (v.horizonDrop !== undefined) out.horizonDrop = v.horizonDrop !== 0;
  return out;
}
