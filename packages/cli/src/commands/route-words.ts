import { UsageError } from '../errors.js';

const TABLES: Record<string, number> = { default: 253, main: 254, local: 255 };

/** A routing table as `ip` names it: main, local, default, or a number 1..2^32-1. */
export function tableOf(text: string): number {
  const named = TABLES[text];
  if (named !== undefined) return named;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > 0xffff_ffff) throw new UsageError(`"${text}" is not a table (main, local, default or 1..4294967295)`);
  return value;
}
