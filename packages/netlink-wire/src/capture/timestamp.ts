/**
 * When a packet was captured, as seconds since the Unix epoch plus nanoseconds. Two numbers rather than
 * one because a float of milliseconds cannot hold nanosecond precision for present-day dates.
 */
export interface CaptureTimestamp {
  /** Whole seconds since 1970-01-01T00:00:00Z (negative only if a pcapng if_tsoffset makes it so). */
  seconds: number;
  /** Nanoseconds within the second, 0 to 999 999 999. */
  nanoseconds: number;
}

const NS_PER_SECOND = 1_000_000_000;

/**
 * The timestamp of `seconds` plus `fraction` units of which `unitsPerSecond` make a second: 10^6 for
 * a microsecond pcap, 10^9 for a nanosecond one (it must divide 10^9, so that scaling is an exact
 * integer multiplication: `rest * 10^9 / units` would round above 2^53). A fraction of a second or
 * more, which some writers produce, is carried into the seconds rather than rejected: the instant is
 * still well defined.
 */
export function timestampFromFraction(seconds: number, fraction: number, unitsPerSecond: number): CaptureTimestamp {
  const carry = Math.floor(fraction / unitsPerSecond);
  const rest = fraction - carry * unitsPerSecond;
  return { seconds: seconds + carry, nanoseconds: rest * (NS_PER_SECOND / unitsPerSecond) };
}

/**
 * The timestamp of `ticks` units of which `unitsPerSecond` make a second, shifted by `offsetSeconds`.
 * pcapng timestamps are 64-bit counts in a resolution of the writer's choosing (down to 2^-127 s), so
 * the division is done on bigints to stay exact; only the results, which fit, become numbers.
 */
export function timestampFromTicks(ticks: bigint, unitsPerSecond: bigint, offsetSeconds: bigint): CaptureTimestamp {
  const seconds = ticks / unitsPerSecond + offsetSeconds;
  const nanoseconds = ((ticks % unitsPerSecond) * BigInt(NS_PER_SECOND)) / unitsPerSecond;
  return { seconds: Number(seconds), nanoseconds: Number(nanoseconds) };
}

/** The timestamp as milliseconds since the epoch, as `Date` wants them (precision below 1 µs is lost). */
export function timestampToMilliseconds(timestamp: CaptureTimestamp): number {
  return timestamp.seconds * 1000 + timestamp.nanoseconds / 1_000_000;
}
