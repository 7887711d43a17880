import { InvalidArgumentError } from '../shared/arguments.js';

/** A probability as `tc` writes it: a number of percent (0..100) or text like `'1%'`, `'0.5%'`. */
export type Percent = number | string;

/** C's rint (round half to even), which `tc` rounds a scaled percentage with. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** A percentage scaled to the kernel's u32 probability (100% is 2^32 − 1), as iproute2's get_percent does. */
export function parsePercent(value: unknown, argument: string): number {
  let percent: number | undefined;
  if (typeof value === 'number') percent = value;
  else if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*%?\s*$/.exec(value);
    if (m) percent = Number(m[1]);
  }
  if (percent === undefined || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a percentage (0 to 100, as a number or text such as '1%')`);
  }
  return rint((percent / 100) * 0xffff_ffff);
}

/** A kernel u32 probability back to percent (what `tc` prints, before its own rounding). */
export const percentOf = (probability: number): number => (probability / 0xffff_ffff) * 100;
