import { InvalidArgumentError } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import type { StructValue } from '@linx/netlink-codec';
import type { tcHfscQopt, tcHfscStats, tcServiceCurve } from '../../generated/tc.js';
import { defaultMinor } from './htb.js';
import { parseRate, parseSize, parseTime, type Rate, type Size, type Time } from '../units.js';

// hfsc (sch_hfsc) classes: up to three service curves (TCA_HFSC_RSC real-time, _FSC link-sharing, _USC
// upper limit), each a struct tc_service_curve of two linear segments: slope m1 (bytes/s) for d µs, then
// slope m2. `tc` writes a curve as `m1 M1 d D m2 M2`, or `umax U dmax D rate R` (the largest packet U
// sent within delay D at rate R), which it turns into m1/d/m2 as below; `sc` is rt and ls at once, and
// ul needs ls or sc. The kernel lacks hfsc here: the tests compare the bytes `tc` sends.

/** Options of an hfsc qdisc (`tc qdisc add … hfsc default 10`): the default class's minor (hexadecimal text as in `tc`; 0, the default, drops unclassified traffic). */
export interface HfscQdiscOptions {
  default?: number | string;
}

/** An hfsc qdisc's options as listed. */
export interface HfscQdiscInfo {
  default: number;
}

export function hfscQdiscOptions(o: HfscQdiscOptions, argument: string): { header: StructValue<typeof tcHfscQopt.fields> } {
  const opts = checkKeys(o, new Set(['default']), argument, 'hfsc qdisc options') as HfscQdiscOptions;
  return { header: { defcls: opts.default === undefined ? 0 : defaultMinor(opts.default, `${argument}.default`) } };
}

export function hfscQdiscInfo(v: { header: StructValue<typeof tcHfscQopt.fields> }): HfscQdiscInfo {
  return { default: v.header.defcls };
}

/** A service curve: its two segments, or tc's `umax`/`dmax`/`rate` form (`rate` alone is m2). */
export type HfscCurve = { m1?: Rate; d?: Time; m2: Rate } | { umax?: Size; dmax?: Time; rate: Rate };

/** Options of an hfsc class (`tc class add … hfsc rt m1 2mbit d 10ms m2 1mbit ls rate 1mbit ul rate 2mbit`). */
export interface HfscClassOptions {
  /** Real-time curve. */
  rt?: HfscCurve;
  /** Link-sharing curve. */
  ls?: HfscCurve;
  /** Both rt and ls (not with either). */
  sc?: HfscCurve;
  /** Upper limit (with ls or sc). */
  ul?: HfscCurve;
}

/** A curve as the kernel keeps it: slopes in bytes per second, d in µs. */
export interface HfscCurveInfo {
  m1: number;
  d: number;
  m2: number;
}

/** An hfsc class's curves as listed. */
export interface HfscClassInfo {
  rt?: HfscCurveInfo;
  ls?: HfscCurveInfo;
  ul?: HfscCurveInfo;
}

const U32 = 0xffff_ffff;

function rate32(v: unknown, argument: string): number {
  const r = parseRate(v, argument);
  if (r > U32) throw new InvalidArgumentError(argument, `hfsc's slopes are 32-bit: at most ${U32} bytes per second (about 34 gbit)`);
  return r;
}

function curve(v: unknown, argument: string): HfscCurveInfo {
  if (v === null || typeof v !== 'object') throw new InvalidArgumentError(argument, 'expected a curve: { m1?, d?, m2 } or { umax?, dmax?, rate }');
  if ('m1' in v || 'd' in v || 'm2' in v) {
    const c = checkKeys(v, new Set(['m1', 'd', 'm2']), argument, 'an hfsc curve { m1?, d?, m2 }') as { m1?: unknown; d?: unknown; m2: unknown };
    if (c.m2 === undefined) throw new InvalidArgumentError(`${argument}.m2`, 'a curve needs its second slope (m2)');
    return { m1: c.m1 === undefined || c.m1 === 0 ? 0 : rate32(c.m1, `${argument}.m1`), d: c.d === undefined ? 0 : parseTime(c.d, `${argument}.d`), m2: rate32(c.m2, `${argument}.m2`) };
  }
  const c = checkKeys(v, new Set(['umax', 'dmax', 'rate']), argument, 'an hfsc curve { umax?, dmax?, rate }') as { umax?: unknown; dmax?: unknown; rate: unknown };
  if (c.rate === undefined) throw new InvalidArgumentError(`${argument}.rate`, 'a curve needs its rate (m2)');
  const rate = rate32(c.rate, `${argument}.rate`);
  const umax = c.umax === undefined ? 0 : parseSize(c.umax, `${argument}.umax`);
  const dmax = c.dmax === undefined ? 0 : parseTime(c.dmax, `${argument}.dmax`);
  if (umax !== 0 && dmax === 0) throw new InvalidArgumentError(`${argument}.dmax`, 'umax needs dmax (the delay it is sent within)');
  if (dmax === 0) return { m1: 0, d: 0, m2: rate };
  // umax bytes within dmax µs: steeper than rate, a first segment of that slope until dmax (concave);
  // else a flat first segment until the point from which rate still meets the deadline (convex).
  const slope = Math.ceil((umax * 1e6) / dmax);
  if (slope > rate) return { m1: rate32(slope, `${argument}.umax`), d: dmax, m2: rate };
  return { m1: 0, d: Math.max(0, Math.ceil(dmax - (umax * 1e6) / rate)), m2: rate };
}

export function hfscClassOptions(o: HfscClassOptions, argument: string): { rsc?: HfscCurveInfo; fsc?: HfscCurveInfo; usc?: HfscCurveInfo } {
  const opts = checkKeys(o, new Set(['rt', 'ls', 'sc', 'ul']), argument, 'hfsc class options') as HfscClassOptions;
  if (opts.sc !== undefined && (opts.rt !== undefined || opts.ls !== undefined)) throw new InvalidArgumentError(`${argument}.sc`, 'sc is rt and ls at once: give sc, or rt and/or ls');
  if (opts.ul !== undefined && opts.ls === undefined && opts.sc === undefined) throw new InvalidArgumentError(`${argument}.ul`, 'an upper limit needs a link-sharing curve (ls or sc)');
  if (opts.rt === undefined && opts.ls === undefined && opts.sc === undefined) throw new InvalidArgumentError(argument, 'an hfsc class needs a curve: rt, ls or sc');
  const out: { rsc?: HfscCurveInfo; fsc?: HfscCurveInfo; usc?: HfscCurveInfo } = {};
  if (opts.sc !== undefined) out.rsc = out.fsc = curve(opts.sc, `${argument}.sc`);
  if (opts.rt !== undefined) out.rsc = curve(opts.rt, `${argument}.rt`);
  if (opts.ls !== undefined) out.fsc = curve(opts.ls, `${argument}.ls`);
  if (opts.ul !== undefined) out.usc = curve(opts.ul, `${argument}.ul`);
  return out;
}

type Curve = StructValue<typeof tcServiceCurve.fields>;

export function hfscClassInfo(v: { rsc?: Curve; fsc?: Curve; usc?: Curve }): HfscClassInfo {
  const out: HfscClassInfo = {};
  const copy = (c: Curve): HfscCurveInfo => ({ m1: c.m1, d: c.d, m2: c.m2 });
  if (v.rsc !== undefined) out.rt = copy(v.rsc);
  if (v.fsc !== undefined) out.ls = copy(v.fsc);
  if (v.usc !== undefined) out.ul = copy(v.usc);
  return out;
}

/** An hfsc class's xstats (struct tc_hfsc_stats): the work done (bytes), by the real-time curve too, the current period, the level in the tree. */
export type HfscClassXstats = StructValue<typeof tcHfscStats.fields>;
