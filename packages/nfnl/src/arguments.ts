import { InvalidArgumentError } from '@linx/netlink-socket';

/** Throws `InvalidArgumentError` naming `argument` unless `value` is an integer from `min` to `max`; returns it. */
export function checkInteger(argument: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new InvalidArgumentError(argument, `${String(value)} is not an integer from ${min} to ${max}`);
  return value;
}
