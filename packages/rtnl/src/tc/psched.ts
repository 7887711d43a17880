import { tcLinklayerValues, tcRatespec } from '../generated/tc.js';
import { InvalidArgumentError } from '../shared/arguments.js';
import type { StructInput } from '@linx/netlink-codec';

// The kernel's packet scheduler clock, as `tc` converts to it. /proc/net/psched says 000003e8 00000040
// 000f4240 3b9aca00 on every kernel since 2.6.31 (PSCHED_SHIFT 6: a tick is 64 ns, an hrtimer clock of
// 10^9 Hz), so a microsecond is 1000/64 ticks; `tc` multiplies by that after truncating to whole µs.

/** Ticks per microsecond (1000 ns / 64 ns). */
const TICKS_PER_US = 1000 / 64;
/** TC_LINKLAYER_ETHERNET: the rate counts bytes as they are (no ATM cells). */
export const LINKLAYER_ETHERNET = tcLinklayerValues.ethernet;

/**
 * The time to send `size` bytes at `rate` bytes per second, in psched ticks, computed as iproute2's
 * tc_calc_xmittime does (size / rate in seconds, times 10^6, truncated to whole µs, then to ticks), so
 * that the bursts and rate tables are the very numbers `tc` sends.
 */
export function xmitTicks(rate: number, size: number): number {
  return Math.trunc(Math.trunc(1e6 * (size / rate)) * TICKS_PER_US);
}

/** `xmitTicks` for a burst the kernel keeps in a u32 of ticks: one that does not fit is an `InvalidArgumentError`. */
export function burstTicks(rate: number, size: number, argument: string): number {
  const ticks = xmitTicks(rate, size);
  if (ticks > 0xffff_ffff) throw new InvalidArgumentError(argument, `${size} bytes take ${ticks} psched ticks at ${rate} bytes/s; the kernel keeps a burst in a u32 of ticks (about 274 s of sending)`);
  return ticks;
}

/** Ticks back to bytes at `rate`, as `tc` prints a burst (tc_calc_xmitsize: whole µs, then bytes, truncated). */
export function ticksToSize(rate: number, ticks: number): number {
  return Math.trunc((rate * Math.trunc(ticks / TICKS_PER_US)) / 1e6);
}

/** The rate a struct tc_ratespec holds: the rate itself, or ~0 when it needs the 64-bit attribute. */
export const rate32 = (rate: number): number => (rate >= 2 ** 32 ? 0xffff_ffff : rate);

/**
 * A struct tc_ratespec and the 256-slot rate table `tc` sends with it (tc_calc_rtable): the cell size is
 * the smallest power of two that fits `mtu` (2047 when 0) in 256 cells; slot i holds the ticks to send
 * (i + 1) cells, at least `mpu` bytes. Kernels since 3.11 compute from the rate when the link layer is
 * set, but the table is still what `tc` sends, and older kernels need it.
 */
export function rateTable(rate: number, mtu: number, mpu = 0, overhead = 0): { spec: StructInput<typeof tcRatespec.fields>; table: Uint8Array } {
  const cellMtu = mtu === 0 ? 2047 : mtu;
  let cellLog = 0;
  while (cellMtu >> cellLog > 255) cellLog++;
  const r = rate32(rate);
  const table = new Uint8Array(1024);
  const view = new DataView(table.buffer);
  for (let i = 0; i < 256; i++) view.setUint32(i * 4, xmitTicks(r, Math.max((i + 1) << cellLog, mpu)), true);
  return { spec: { cellLog, linklayer: LINKLAYER_ETHERNET, overhead, cellAlign: -1, mpu, rate: r }, table };
}

/** Microseconds to ticks, as `tc` converts netem's delays (tc_core_time2tick). */
export const timeToTicks = (us: number): number => Math.trunc(us * TICKS_PER_US);
/** Ticks to whole microseconds (tc_core_tick2time). */
export const ticksToTime = (ticks: number): number => Math.trunc(ticks / TICKS_PER_US);
