import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { cakeAtmValues, cakeDiffservValues, cakeFlowValues, type cakeAttrs, type cakeStatsAttrs } from '../../generated/tc.js';
import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';
import { parseRate, parseSize, parseTime, type Rate, type Size, type Time } from '../units.js';

// CAKE (sch_cake): one u32 attribute per setting given, as iproute2 6.1's q_cake.c sends them. The
// values of the modes are the enums of linux/pkt_sched.h (CAKE_DIFFSERV_*, CAKE_FLOW_*, CAKE_ATM_*,
// CAKE_ACK_*), which the spec does not declare. tc's overhead presets (`ethernet`, `docsis`, `pppoe-…`)
// and `raw` are not offered: give `overhead`, `mpu` and `atm` instead.

type CakeInput = { -readonly [K in keyof AttrsInput<typeof cakeAttrs.attributes>]: AttrsInput<typeof cakeAttrs.attributes>[K] };
type CakeValue = AttrsValue<typeof cakeAttrs.attributes>;

/** CAKE_DIFFSERV_* (generated) by `tc`'s keywords. */
const DIFFSERV = cakeDiffservValues;
/** CAKE_FLOW_* (generated) by `tc`'s keywords. */
const FLOW_MODES = {
  flowblind: cakeFlowValues.none,
  srchost: cakeFlowValues['src-ip'],
  dsthost: cakeFlowValues['dst-ip'],
  hosts: cakeFlowValues.hosts,
  flows: cakeFlowValues.flows,
  'dual-srchost': cakeFlowValues['dual-src'],
  'dual-dsthost': cakeFlowValues['dual-dst'],
  'triple-isolate': cakeFlowValues.triple,
} as const;
/** CAKE_ATM_* (generated). */
const ATM = cakeAtmValues;

export type CakeDiffserv = keyof typeof DIFFSERV;
export type CakeFlowMode = keyof typeof FLOW_MODES;

/** Options of cake (`tc qdisc add … cake bandwidth 100mbit rtt 50ms diffserv4 dual-srchost nat`). */
export interface CakeOptions {
  /** The shaper's rate, or 'unlimited'. */
  bandwidth?: Rate | 'unlimited';
  /** Estimate the rate from arriving traffic (`autorate-ingress`). */
  autorateIngress?: boolean;
  /** The RTT the AQM is tuned for (its target is a twentieth of it, as tc computes). */
  rtt?: Time;
  diffserv?: CakeDiffserv;
  flowMode?: CakeFlowMode;
  nat?: boolean;
  wash?: boolean;
  /** Shape arriving traffic (`ingress` / `egress`). */
  ingress?: boolean;
  /** `true` (`ack-filter`), `'aggressive'`, or `false` (`no-ack-filter`). */
  ackFilter?: boolean | 'aggressive';
  splitGso?: boolean;
  memlimit?: Size;
  fwmark?: number;
  /** Link layer compensation: 'atm', 'ptm', or 'none' (`noatm`). */
  atm?: keyof typeof ATM;
  /** Bytes added per packet, -64..256. */
  overhead?: number;
  mpu?: number;
}

/** cake's options as listed (the modes by name where known). */
export interface CakeInfo {
  bandwidth?: number;
  autorate?: boolean;
  rtt?: number;
  target?: number;
  diffserv?: CakeDiffserv | number;
  flowMode?: CakeFlowMode | number;
  nat?: boolean;
  wash?: boolean;
  ingress?: boolean;
  ackFilter?: boolean | 'aggressive';
  splitGso?: boolean;
  memlimit?: number;
  fwmark?: number;
  atm?: keyof typeof ATM | number;
  overhead?: number;
  mpu?: number;
  raw?: boolean;
}

function named<T extends Record<string, number>>(table: T, value: unknown, argument: string): number {
  if (typeof value === 'string' && Object.hasOwn(table, value)) return table[value]!;
  throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not one of ${Object.keys(table).join(', ')}`);
}

function bool(value: unknown, argument: string): number {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, 'expected true or false');
  return value ? 1 : 0;
}

const nameOf = <T extends Record<string, number>>(table: T, value: number): keyof T | number =>
  (Object.keys(table) as (keyof T)[]).find((k) => table[k] === value) ?? value;

export function cakeOptions(o: CakeOptions, argument: string): CakeInput {
  // Not an object: a number or text (null is {} by now: the kind table passes `options ?? {}`).
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected cake options');
  const a = (name: string) => `${argument}.${name}`;
  const out: CakeInput = {};
  if (o.bandwidth !== undefined) {
    out.baseRate64 = o.bandwidth === 'unlimited' ? 0 : parseRate(o.bandwidth, a('bandwidth'));
    out.autorate = 0;
  }
  if (o.autorateIngress !== undefined) {
    if (bool(o.autorateIngress, a('autorateIngress'))) out.autorate = 1;
  }
  if (o.diffserv !== undefined) out.diffservMode = named(DIFFSERV, o.diffserv, a('diffserv'));
  if (o.atm !== undefined) out.atm = named(ATM, o.atm, a('atm'));
  if (o.flowMode !== undefined) out.flowMode = named(FLOW_MODES, o.flowMode, a('flowMode'));
  if (o.overhead !== undefined) out.overhead = checkInteger(o.overhead, a('overhead'), -64, 256) >>> 0;
  if (o.mpu !== undefined) {
    const mpu = checkInteger(o.mpu, a('mpu'), 0, 256);
    if (mpu > 0) out.mpu = mpu;
  }
  if (o.rtt !== undefined) {
    const rtt = parseTime(o.rtt, a('rtt'));
    if (rtt === 0) throw new InvalidArgumentError(a('rtt'), 'an rtt of 0 is not one cake can tune for');
    out.rtt = rtt;
    out.target = Math.max(1, Math.trunc(rtt / 20));
  }
  if (o.memlimit !== undefined) out.memory = parseSize(o.memlimit, a('memlimit'));
  if (o.fwmark !== undefined) out.fwmark = checkInteger(o.fwmark, a('fwmark'), 0, 0xffff_ffff);
  if (o.nat !== undefined) out.nat = bool(o.nat, a('nat'));
  if (o.wash !== undefined) out.wash = bool(o.wash, a('wash'));
  if (o.ingress !== undefined) out.ingress = bool(o.ingress, a('ingress'));
  if (o.ackFilter !== undefined) out.ackFilter = o.ackFilter === 'aggressive' ? 2 : bool(o.ackFilter, a('ackFilter'));
  if (o.splitGso !== undefined) out.splitGso = bool(o.splitGso, a('splitGso'));
  return out;
}

export function cakeInfo(v: CakeValue): CakeInfo {
  const out: CakeInfo = {};
  if (v.baseRate64 !== undefined) out.bandwidth = Number(v.baseRate64);
  if (v.autorate !== undefined) out.autorate = v.autorate !== 0;
  if (v.rtt !== undefined) out.rtt = v.rtt;
  if (v.target !== undefined) out.target = v.target;
  if (v.diffservMode !== undefined) out.diffserv = nameOf(DIFFSERV, v.diffservMode) as CakeDiffserv | number;
  if (v.flowMode !== undefined) out.flowMode = nameOf(FLOW_MODES, v.flowMode) as CakeFlowMode | number;
  if (v.nat !== undefined) out.nat = v.nat !== 0;
  if (v.wash !== undefined) out.wash = v.wash !== 0;
  if (v.ingress !== undefined) out.ingress = v.ingress !== 0;
  if (v.ackFilter !== undefined) out.ackFilter = v.ackFilter === 2 ? 'aggressive' : v.ackFilter !== 0;
  if (v.splitGso !== undefined) out.splitGso = v.splitGso !== 0;
  if (v.memory !== undefined) out.memlimit = v.memory;
  if (v.fwmark !== undefined) out.fwmark = v.fwmark;
  if (v.atm !== undefined) out.atm = nameOf(ATM, v.atm) as keyof typeof ATM | number;
  if (v.overhead !== undefined) out.overhead = v.overhead | 0;
  if (v.mpu !== undefined) out.mpu = v.mpu;
  if (v.raw !== undefined) out.raw = true;
  return out;
}

/**
 * CAKE's xstats (TCA_CAKE_STATS_*, a nest of attributes): a qdisc's capacity estimate, memory, packet
 * sizes and `tinStats` (per tin: sent, dropped, ECN-marked, backlog, delays, flows); a class's (one
 * flow's) deficit, COBALT count, dropping state and drop probability.
 */
export type CakeXstats = AttrsValue<typeof cakeStatsAttrs.attributes>;
