import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { tcRedFlagsValues, type redAttrs } from '../../generated/tc.js';
import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';
import { xmitTicks } from '../psched.js';
import { parseRate, parseSize, type Rate, type Size } from '../units.js';

// RED (sch_red): TCA_RED_PARMS with the EWMA and probability logs, the 256-byte idle damping table
// (TCA_RED_STAB), TCA_RED_MAX_P and TCA_RED_FLAGS, computed as iproute2 6.1's q_red.c and tc_red.c do.

type RedInput = { -readonly [K in keyof AttrsInput<typeof redAttrs.attributes>]: AttrsInput<typeof redAttrs.attributes>[K] };
type RedValue = AttrsValue<typeof redAttrs.attributes>;

/** TC_RED_* (generated) by linx's option names (`tc`'s `adaptive` is TC_RED_ADAPTATIVE). */
const RED_FLAGS = { ecn: tcRedFlagsValues.ecn, harddrop: tcRedFlagsValues.harddrop, adaptive: tcRedFlagsValues.adaptative, nodrop: tcRedFlagsValues.nodrop } as const;
/** The selector `tc` sends with TCA_RED_FLAGS: every flag it knows (TC_RED_HISTORIC_FLAGS | TC_RED_NODROP). */
const RED_SUPPORTED_FLAGS = RED_FLAGS.ecn | RED_FLAGS.harddrop | RED_FLAGS.adaptive | RED_FLAGS.nodrop;
/** The bandwidth `tc` assumes when none is given (10Mbit). */
const DEFAULT_BANDWIDTH = 1_250_000;
/** The drop probability at max `tc` assumes when none is given. */
const DEFAULT_PROBABILITY = 0.02;

/** Options of red (`tc qdisc add … red limit 400000 min 30000 max 90000 avpkt 1000 burst 55 probability 0.02 bandwidth 10mbit ecn`). */
export interface RedOptions {
  /** Bytes it may hold (required). */
  limit: Size;
  /** Average queue sizes where marking starts and where it reaches `probability` (tc's defaults: max = limit / 4, min = max / 3). */
  min?: Size;
  max?: Size;
  /** The average packet size (required). */
  avpkt: Size;
  /** Packets allowed in a burst ((2·min + max) / (3·avpkt) by default). */
  burst?: number;
  /** The marking probability at max, 0..1 (0.02 by default). */
  probability?: number;
  /** The link's rate, for the idle time damping (10mbit by default, as `tc`). */
  bandwidth?: Rate;
  ecn?: boolean;
  harddrop?: boolean;
  adaptive?: boolean;
  nodrop?: boolean;
}

/** red's options as listed. */
export interface RedInfo {
  limit: number;
  min: number;
  max: number;
  wlog: number;
  plog: number;
  scellLog: number;
  probability?: number;
  flags: (keyof typeof RED_FLAGS)[];
}

/** The EWMA weight's log (tc_red_eval_ewma). */
function ewmaLog(qmin: number, burst: number, avpkt: number, argument: string): number {
  const a = burst + 1 - qmin / avpkt;
  if (a < 1) throw new InvalidArgumentError(argument, `a burst of ${burst} is too small for min ${qmin} and avpkt ${avpkt}`);
  let w = 0.5;
  for (let wlog = 1; wlog < 32; wlog++, w /= 2) if (a <= (1 - (1 - w) ** burst) / w) return wlog;
  throw new InvalidArgumentError(argument, `no EWMA weight fits a burst of ${burst}`);
}

/** The probability's log (tc_red_eval_P). */
function probabilityLog(qmin: number, qmax: number, probability: number, argument: string): number {
  const range = qmax - qmin;
  if (range === 0) return 0;
  if (range < 0) throw new InvalidArgumentError(argument, `max (${qmax}) is below min (${qmin})`);
  let p = probability / range;
  let i = 0;
  for (; i < 32; i++) {
    if (p > 1) break;
    p *= 2;
  }
  if (i >= 32) throw new InvalidArgumentError(argument, `a probability of ${probability} is too small for min ${qmin} and max ${qmax}`);
  return i;
}

/** The idle damping table and its cell log (tc_red_eval_idle_damping). */
function idleDamping(wlog: number, avpkt: number, bandwidth: number, argument: string): { scellLog: number; stab: Uint8Array } {
  const lW = -Math.log(1 - 1 / 2 ** wlog) / xmitTicks(bandwidth, avpkt);
  const maxtime = 31 / lW;
  let clog = 0;
  while (clog < 32 && maxtime / 2 ** clog >= 512) clog++;
  if (clog >= 32) throw new InvalidArgumentError(argument, 'no idle damping table fits this bandwidth and avpkt');
  const stab = new Uint8Array(256);
  for (let i = 1; i < 255; i++) stab[i] = Math.min(Math.trunc(i * 2 ** clog * lW), 31);
  stab[255] = 31;
  return { scellLog: clog, stab };
}

export function redOptions(o: RedOptions, argument: string): RedInput {
  if (o === null || typeof o !== 'object') throw new InvalidArgumentError(argument, 'red needs options: limit and avpkt at least');
  const a = (name: string) => `${argument}.${name}`;
  if (o.limit === undefined) throw new InvalidArgumentError(a('limit'), 'red needs a limit');
  if (o.avpkt === undefined) throw new InvalidArgumentError(a('avpkt'), 'red needs avpkt');
  const limit = parseSize(o.limit, a('limit'));
  const avpkt = parseSize(o.avpkt, a('avpkt'));
  if (limit === 0 || avpkt === 0) throw new InvalidArgumentError(a(limit === 0 ? 'limit' : 'avpkt'), 'must not be 0');
  let qmin = o.min === undefined ? 0 : parseSize(o.min, a('min'));
  let qmax = o.max === undefined ? 0 : parseSize(o.max, a('max'));
  if (qmax === 0) qmax = qmin ? qmin * 3 : Math.trunc(limit / 4);
  if (qmin === 0) qmin = Math.trunc(qmax / 3);
  const burst = o.burst === undefined ? Math.trunc((2 * qmin + qmax) / (3 * avpkt)) : checkInteger(o.burst, a('burst'), 1, 0xffff_ffff);
  const probability = o.probability ?? DEFAULT_PROBABILITY;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) throw new InvalidArgumentError(a('probability'), `${String(o.probability)} is not a probability (0 to 1)`);
  const bandwidth = o.bandwidth === undefined ? DEFAULT_BANDWIDTH : parseRate(o.bandwidth, a('bandwidth'));
  const wlog = ewmaLog(qmin, burst, avpkt, a('burst'));
  const plog = probabilityLog(qmin, qmax, probability, a('probability'));
  const { scellLog, stab } = idleDamping(wlog, avpkt, bandwidth, a('bandwidth'));
  const flags: number[] = [];
  for (const name of Object.keys(RED_FLAGS) as (keyof typeof RED_FLAGS)[]) {
    const v = o[name];
    if (v !== undefined && typeof v !== 'boolean') throw new InvalidArgumentError(a(name), 'expected true or false');
    if (v) flags.push(RED_FLAGS[name]);
  }
  return {
    parms: { limit, qthMin: qmin, qthMax: qmax, wlog, plog, scellLog, flags: 0 },
    stab,
    maxP: Math.min(Math.trunc(probability * 2 ** 32), 0xffff_ffff),
    flags: { value: flags, selector: [RED_SUPPORTED_FLAGS] },
  };
}

export function redInfo(v: RedValue): RedInfo {
  const p = v.parms;
  // Stryker disable next-line ArrayDeclaration: without TCA_RED_FLAGS any array of non-numbers gives the same bits (Number(text) is NaN, and x | NaN is x)
  const bits = (v.flags?.value ?? []).reduce<number>((m, f) => m | Number(f), p?.flags ?? 0);
  const out: RedInfo = {
    limit: p?.limit ?? 0,
    min: p?.qthMin ?? 0,
    max: p?.qthMax ?? 0,
    wlog: p?.wlog ?? 0,
    plog: p?.plog ?? 0,
    scellLog: p?.scellLog ?? 0,
    flags: (Object.keys(RED_FLAGS) as (keyof typeof RED_FLAGS)[]).filter((k) => bits & RED_FLAGS[k]),
  };
  if (v.maxP !== undefined) out.probability = v.maxP / 2 ** 32;
  return out;
}
