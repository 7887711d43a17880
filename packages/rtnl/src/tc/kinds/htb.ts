import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { tcHtbNumprio, tcHtbProtover, type htbAttrs, type tcHtbXstats } from '../../generated/tc.js';
import type { AttrsInput, AttrsValue, StructValue } from '@linx/netlink-codec';
import { burstTicks, rate32, rateTable, ticksToSize } from '../psched.js';
import { parseRate, parseSize, type Rate, type Size } from '../units.js';

// HTB (sch_htb): the qdisc's TCA_HTB_INIT and a class's TCA_HTB_PARMS, built as `tc` builds them.

type HtbInput = { -readonly [K in keyof AttrsInput<typeof htbAttrs.attributes>]: AttrsInput<typeof htbAttrs.attributes>[K] };
type HtbValue = AttrsValue<typeof htbAttrs.attributes>;

/** TC_HTB_PROTOVER, the version `tc` sends in TCA_HTB_INIT. */
const HTB_PROTOVER = tcHtbProtover;
/** The MTU `tc` assumes for htb's rate tables and default bursts. */
const HTB_DEFAULT_MTU = 1600;
/** TC_HTB_NUMPRIO: class priorities are 0..7. */
const HTB_NUMPRIO = tcHtbNumprio;
/** `tc` divides a 64-bit rate by the psched clock's 10^9 Hz for the default burst: rate / 10^9 + mtu. */
const PSCHED_HZ = 1e9;

/** Options of an htb qdisc (`tc qdisc add … htb default 10 r2q 10`). */
export interface HtbQdiscOptions {
  /** The minor of the class unclassified traffic goes to: a number, or hexadecimal text as `tc` reads it (`'10'` is 0x10). 0 (the default) sends it unshaped. */
  default?: number | string;
  /** Rate to quantum divisor (10 by default). */
  r2q?: number;
  /** The direct queue's length in packets (TCA_HTB_DIRECT_QLEN; the device's txqueuelen by default). */
  directQlen?: number;
}

/** An htb qdisc's options as listed. */
export interface HtbQdiscInfo {
  version: number;
  r2q: number;
  /** The default class's minor. */
  default: number;
  /** Packets sent unshaped (to no class). */
  directPacketsStat: number;
  directQlen?: number;
}

/** Options of an htb class (`tc class add … htb rate 1mbit ceil 2mbit burst 15k prio 1`). */
export interface HtbClassOptions {
  /** The guaranteed rate (required). */
  rate: Rate;
  /** The most it may borrow up to (the rate by default). */
  ceil?: Rate;
  /** Bytes that may go at ceil speed in a burst (rate / 10^9 + mtu by default, as `tc`). */
  burst?: Size;
  /** The same for the ceil. */
  cburst?: Size;
  /** 0 (highest) to 7. */
  prio?: number;
  /** Bytes served per round (the kernel derives it from the rate and r2q when 0 or absent). */
  quantum?: Size;
  /** The MTU for the rate tables (1600 by default). */
  mtu?: Size;
  mpu?: Size;
  overhead?: number;
}

/** An htb class's options as listed. Rates in bytes per second, bursts in bytes (converted back from ticks). */
export interface HtbClassInfo {
  rate: number;
  ceil: number;
  burst: number;
  cburst: number;
  /** The bursts as the kernel keeps them, in psched ticks. */
  buffer: number;
  cbuffer: number;
  prio: number;
  quantum: number;
  level: number;
  linklayer: number;
  overhead: number;
  mpu: number;
}

/** An htb class's xstats (struct tc_htb_xstats). */
export type HtbClassXstats = StructValue<typeof tcHtbXstats.fields>;

/** A default class's minor: a number, or hexadecimal text as `tc` reads it (htb's and hfsc's `default`). */
export function defaultMinor(value: unknown, argument: string): number {
  if (typeof value === 'number') return checkInteger(value, argument, 0, 0xffff);
  // parseInt with radix 16 skips a leading 0x itself.
  if (typeof value === 'string' && /^(0x)?[0-9a-fA-F]{1,4}$/.test(value)) return parseInt(value, 16);
  throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a class minor (a number, or up to 4 hexadecimal digits as tc reads them)`);
}

export function htbQdiscOptions(o: HtbQdiscOptions, argument: string): HtbInput {
  // Not an object: a number or text (null is {} by now: the kind table passes `options ?? {}`).
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected htb options: { default?, r2q?, directQlen? }');
  const r2q = o.r2q === undefined ? 10 : checkInteger(o.r2q, `${argument}.r2q`, 1, 0xffff_ffff);
  const defcls = o.default === undefined ? 0 : defaultMinor(o.default, `${argument}.default`);
  const out: HtbInput = { init: { version: HTB_PROTOVER, rate2quantum: r2q, defcls, debug: 0, directPkts: 0 } };
  if (o.directQlen !== undefined) out.directQlen = checkInteger(o.directQlen, `${argument}.directQlen`, 0, 0xffff_ffff);
  return out;
}

export function htbQdiscInfo(v: HtbValue): HtbQdiscInfo {
  const out: HtbQdiscInfo = { version: v.init?.version ?? 0, r2q: v.init?.rate2quantum ?? 0, default: v.init?.defcls ?? 0, directPacketsStat: v.init?.directPkts ?? 0 };
  if (v.directQlen !== undefined) out.directQlen = v.directQlen;
  return out;
}

export function htbClassOptions(o: HtbClassOptions, argument: string): HtbInput {
  if (o === null || typeof o !== 'object') throw new InvalidArgumentError(argument, 'an htb class needs options with at least a rate');
  if (o.rate === undefined) throw new InvalidArgumentError(`${argument}.rate`, 'an htb class needs a rate');
  const rate = parseRate(o.rate, `${argument}.rate`);
  const ceil = o.ceil === undefined ? rate : parseRate(o.ceil, `${argument}.ceil`);
  const mtu = o.mtu === undefined ? HTB_DEFAULT_MTU : parseSize(o.mtu, `${argument}.mtu`);
  const mpu = o.mpu === undefined ? 0 : parseSize(o.mpu, `${argument}.mpu`, 0xffff);
  const overhead = o.overhead === undefined ? 0 : checkInteger(o.overhead, `${argument}.overhead`, 0, 0xffff);
  const burst = o.burst === undefined ? Math.trunc(rate / PSCHED_HZ) + mtu : parseSize(o.burst, `${argument}.burst`);
  const cburst = o.cburst === undefined ? Math.trunc(ceil / PSCHED_HZ) + mtu : parseSize(o.cburst, `${argument}.cburst`);
  const prio = o.prio === undefined ? 0 : checkInteger(o.prio, `${argument}.prio`, 0, HTB_NUMPRIO - 1);
  const quantum = o.quantum === undefined ? 0 : parseSize(o.quantum, `${argument}.quantum`);
  const r = rateTable(rate, mtu, mpu, overhead);
  const c = rateTable(ceil, mtu, mpu, overhead);
  const out: HtbInput = {
    parms: { rate: r.spec, ceil: c.spec, buffer: burstTicks(rate, burst, `${argument}.burst`), cbuffer: burstTicks(ceil, cburst, `${argument}.cburst`), quantum, level: 0, prio },
    rtab: r.table,
    ctab: c.table,
  };
  if (rate !== rate32(rate)) out.rate64 = rate;
  if (ceil !== rate32(ceil)) out.ceil64 = ceil;
  return out;
}

export function htbClassInfo(v: HtbValue): HtbClassInfo {
  const p = v.parms;
  const rate = Number(v.rate64 ?? p?.rate.rate ?? 0);
  const ceil = Number(v.ceil64 ?? p?.ceil.rate ?? 0);
  return {
    rate,
    ceil,
    burst: ticksToSize(rate, p?.buffer ?? 0),
    cburst: ticksToSize(ceil, p?.cbuffer ?? 0),
    buffer: p?.buffer ?? 0,
    cbuffer: p?.cbuffer ?? 0,
    prio: p?.prio ?? 0,
    quantum: p?.quantum ?? 0,
    level: p?.level ?? 0,
    linklayer: p?.rate.linklayer ?? 0,
    overhead: p?.rate.overhead ?? 0,
    mpu: p?.rate.mpu ?? 0,
  };
}
