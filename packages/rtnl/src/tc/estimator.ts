import { InvalidArgumentError } from '../shared/arguments.js';
import { parseTime, type Time } from './units.js';

/**
 * A rate estimator (`tc … estimator 250ms 1sec`): the kernel samples every `interval` (250 ms · 2^n, from
 * 250 ms to 8 s) and averages over about `timeConstant`. Its readings come back in `stats.rate`.
 */
export interface Estimator {
  interval: Time;
  timeConstant: Time;
}

/** struct tc_estimator (TCA_RATE) as iproute2's tc_setup_estimator computes it. */
export function estimatorInput(value: unknown, argument: string): { interval: number; ewmaLog: number } {
  if (value === null || typeof value !== 'object') throw new InvalidArgumentError(argument, 'expected { interval, timeConstant }');
  const e = value as Partial<Estimator>;
  const interval = parseTime(e.interval, `${argument}.interval`);
  const timeConstant = parseTime(e.timeConstant, `${argument}.timeConstant`);
  let n = 0;
  while (n <= 5 && interval > (1 << n) * 250_000) n++;
  if (n > 5) throw new InvalidArgumentError(`${argument}.interval`, `${JSON.stringify(e.interval)} is longer than the 8 s the kernel's estimators go up to`);
  let ewmaLog = 1;
  for (; ewmaLog < 32; ewmaLog++) {
    const w = 1 - 1 / 2 ** ewmaLog;
    if (interval / -Math.log(w) > timeConstant) break;
  }
  ewmaLog--;
  if (ewmaLog === 0 || ewmaLog >= 31) throw new InvalidArgumentError(`${argument}.timeConstant`, `${JSON.stringify(e.timeConstant)} is not a time constant the kernel can average over with an interval of ${JSON.stringify(e.interval)}`);
  return { interval: n - 2, ewmaLog };
}
