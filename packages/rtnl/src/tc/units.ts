import { InvalidArgumentError } from '../shared/arguments.js';

// Rates, sizes and times as `tc` reads them (iproute2's get_rate64, get_size, get_time): a number and a
// unit, units matched without regard to case.

/** Bits per second of each rate unit. `bit` units count bits, `Bps` units bytes; K/M/G/T are decimal, Ki/Mi/Gi/Ti binary. */
const RATE_UNITS: Record<string, number> = {
  bit: 1, kibit: 1024, kbit: 1e3, mibit: 1024 ** 2, mbit: 1e6, gibit: 1024 ** 3, gbit: 1e9, tibit: 1024 ** 4, tbit: 1e12,
  bps: 8, kibps: 8 * 1024, kbps: 8e3, mibps: 8 * 1024 ** 2, mbps: 8e6, gibps: 8 * 1024 ** 3, gbps: 8e9, tibps: 8 * 1024 ** 4, tbps: 8e12,
};

/** Bytes of each size unit: k/kb, m/mb, g/gb binary; kbit, mbit, gbit the binary units over 8. */
const SIZE_UNITS: Record<string, number> = {
  b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, kbit: 1024 / 8, mbit: 1024 ** 2 / 8, gbit: 1024 ** 3 / 8,
};

/** Microseconds of each time unit. */
const TIME_UNITS: Record<string, number> = {
  s: 1e6, sec: 1e6, secs: 1e6, ms: 1e3, msec: 1e3, msecs: 1e3, us: 1, usec: 1, usecs: 1,
};

/** A rate: bytes per second as a number (the kernel's unit, what `tc -j` prints), or text like `'1mbit'`, `'100kbps'`. */
export type Rate = number | string;
/** A size: bytes as a number, or text like `'10kb'` (10240 bytes), `'1500b'`. */
export type Size = number | string;
/** A time: microseconds as a number, or text like `'50ms'`, `'1s'`, `'200us'`. */
export type Time = number | string;

function split(text: string): [number, string] | undefined {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*([a-zA-Z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const number = Number(text.trim().slice(0, text.trim().length - m[2]!.length));
  return Number.isFinite(number) ? [number, m[2]!.toLowerCase()] : undefined;
}

/** A rate in bytes per second. A bare number in text is bits per second, as in `tc`. */
export function parseRate(value: unknown, argument: string): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value > 0) return value;
    throw new InvalidArgumentError(argument, `${String(value)} is not a rate (a positive whole number of bytes per second)`);
  }
  const parts = typeof value === 'string' ? split(value) : undefined;
  const unit = parts === undefined ? undefined : parts[1] === '' ? 1 : RATE_UNITS[parts[1]];
  if (parts === undefined || unit === undefined) {
    throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a rate (bytes per second as a number, or text such as '1mbit', '512kbit', '10mbps')`);
  }
  const bytes = Math.trunc((parts[0] * unit) / 8);
  if (bytes <= 0 || !Number.isSafeInteger(bytes)) throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is ${bytes} bytes per second; a rate is at least 1`);
  return bytes;
}

/** A whole non-negative number, or text of a number and a unit of `units` (a bare number counts as 1), at most `max`. */
function parseAmount(value: unknown, units: Record<string, number>, max: number, argument: string, what: string, unit: string): number {
  let amount: number | undefined;
  if (typeof value === 'number') amount = Number.isInteger(value) && value >= 0 ? value : undefined;
  else if (typeof value === 'string') {
    const parts = split(value);
    const scale = parts === undefined ? undefined : parts[1] === '' ? 1 : units[parts[1]];
    if (parts !== undefined && scale !== undefined) amount = Math.trunc(parts[0] * scale);
  }
  if (amount === undefined) throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not ${what}`);
  if (amount > max) throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is ${amount} ${unit}; the kernel's field holds at most ${max}`);
  return amount;
}

/** A size in bytes, at most `max` (the kernel field's range). */
export function parseSize(value: unknown, argument: string, max = 0xffff_ffff): number {
  return parseAmount(value, SIZE_UNITS, max, argument, "a size (bytes as a number, or text such as '10kb', '1500b', '1mb')", 'bytes');
}

/** A time in microseconds (a bare number in text is microseconds, as in `tc`). */
export function parseTime(value: unknown, argument: string, max = 0xffff_ffff): number {
  return parseAmount(value, TIME_UNITS, max, argument, "a time (microseconds as a number, or text such as '50ms', '1s', '200us')", 'µs');
}
