import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import type { tbfAttrs } from '../../generated/tc.js';
import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';
import { burstTicks, rate32, rateTable, ticksToSize } from '../psched.js';
import { parseRate, parseSize, parseTime, type Rate, type Size, type Time } from '../units.js';

// TBF (sch_tbf): TCA_TBF_PARMS with the burst in ticks, and the attributes `tc` adds beside it.

type TbfInput = { -readonly [K in keyof AttrsInput<typeof tbfAttrs.attributes>]: AttrsInput<typeof tbfAttrs.attributes>[K] };
type TbfValue = AttrsValue<typeof tbfAttrs.attributes>;

/** Options of a tbf qdisc (`tc qdisc add … tbf rate 1mbit burst 10kb latency 50ms`). */
export interface TbfOptions {
  /** The rate (required). */
  rate: Rate;
  /** The bucket's size (required). */
  burst: Size;
  /** The queue's size in bytes; give this or `latency`. */
  limit?: Size;
  /** The longest a packet may wait; the limit is computed from it as `tc` does (rate × latency + burst). */
  latency?: Time;
  /** A peak rate, with `mtu` (the peak bucket's size). */
  peakrate?: Rate;
  mtu?: Size;
  mpu?: Size;
  overhead?: number;
}

/** A tbf qdisc's options as listed. */
export interface TbfInfo {
  rate: number;
  /** The burst in bytes (converted back from the kernel's ticks). */
  burst: number;
  /** The burst as the kernel keeps it, in psched ticks. */
  buffer: number;
  limit: number;
  peakrate?: number;
  /** The peak bucket in bytes (from `mtu` ticks) when there is a peak rate. */
  mtu?: number;
  mpu: number;
  overhead: number;
  linklayer: number;
}

export function tbfOptions(o: TbfOptions, argument: string): TbfInput {
  if (o === null || typeof o !== 'object') throw new InvalidArgumentError(argument, 'tbf needs options: rate, burst, and limit or latency');
  if (o.rate === undefined) throw new InvalidArgumentError(`${argument}.rate`, 'tbf needs a rate');
  if (o.burst === undefined) throw new InvalidArgumentError(`${argument}.burst`, 'tbf needs a burst');
  if ((o.limit === undefined) === (o.latency === undefined)) throw new InvalidArgumentError(`${argument}.limit`, 'tbf needs either limit or latency (not both)');
  const rate = parseRate(o.rate, `${argument}.rate`);
  const burst = parseSize(o.burst, `${argument}.burst`);
  const peakrate = o.peakrate === undefined ? undefined : parseRate(o.peakrate, `${argument}.peakrate`);
  const mtu = o.mtu === undefined ? 0 : parseSize(o.mtu, `${argument}.mtu`);
  if (peakrate !== undefined && mtu === 0) throw new InvalidArgumentError(`${argument}.mtu`, 'a peakrate needs an mtu (the peak bucket)');
  const mpu = o.mpu === undefined ? 0 : parseSize(o.mpu, `${argument}.mpu`, 0xffff);
  const overhead = o.overhead === undefined ? 0 : checkInteger(o.overhead, `${argument}.overhead`, 0, 0xffff);
  let limit: number;
  if (o.limit !== undefined) limit = parseSize(o.limit, `${argument}.limit`);
  else {
    const latency = parseTime(o.latency, `${argument}.latency`);
    let lim = (rate * latency) / 1e6 + burst;
    if (peakrate !== undefined) lim = Math.min(lim, (peakrate * latency) / 1e6 + mtu);
    if (lim > 0xffff_ffff) throw new InvalidArgumentError(`${argument}.latency`, `the limit it makes (${Math.trunc(lim)} bytes) does not fit the kernel's u32`);
    limit = Math.trunc(lim);
  }
  const r = rateTable(rate, mtu, mpu, overhead);
  const p = peakrate === undefined ? undefined : rateTable(peakrate, mtu, mpu, overhead);
  const zero = { cellLog: 0, linklayer: 0, overhead: 0, cellAlign: 0, mpu: 0, rate: 0 };
  const out: TbfInput = {
    parms: { rate: r.spec, peakrate: p?.spec ?? zero, limit, buffer: burstTicks(rate32(rate), burst, `${argument}.burst`), mtu: peakrate === undefined ? 0 : burstTicks(rate32(peakrate), mtu, `${argument}.mtu`) },
    burst,
    rtab: r.table,
  };
  if (rate !== rate32(rate)) out.rate64 = rate;
  if (p !== undefined && peakrate !== undefined) {
    if (peakrate !== rate32(peakrate)) out.prate64 = peakrate;
    out.pburst = mtu;
    out.ptab = p.table;
  }
  return out;
}

export function tbfInfo(v: TbfValue): TbfInfo {
  const p = v.parms;
  const rate = Number(v.rate64 ?? p?.rate.rate ?? 0);
  const out: TbfInfo = {
    rate,
    burst: ticksToSize(rate, p?.buffer ?? 0),
    buffer: p?.buffer ?? 0,
    limit: p?.limit ?? 0,
    mpu: p?.rate.mpu ?? 0,
    overhead: p?.rate.overhead ?? 0,
    linklayer: p?.rate.linklayer ?? 0,
  };
  const peak = Number(v.prate64 ?? p?.peakrate.rate ?? 0);
  if (peak) {
    out.peakrate = peak;
    out.mtu = ticksToSize(peak, p?.mtu ?? 0);
  }
  return out;
}
