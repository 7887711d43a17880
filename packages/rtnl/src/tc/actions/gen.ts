import { InvalidArgumentError } from '../../shared/arguments.js';
import { verdictNumber } from './verdict.js';

/**
 * tc_gen of linux/pkt_cls.h, the members every action's parameters struct starts with, as `tc` fills them:
 * the index (0: the kernel picks one), the control action (each kind has its own default in `tc`), and
 * zeros for what only the kernel sets.
 */
export function genParms(index: unknown, verdict: unknown, fallback: string, argument: string): { index: number; capab: number; action: number; refcnt: number; bindcnt: number } {
  const i = index ?? 0;
  if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i > 0xffff_ffff) throw new InvalidArgumentError(`${argument}.index`, `${String(i)} is not an action index (a u32)`);
  return { index: i, capab: 0, action: verdictNumber(verdict ?? fallback, `${argument}.then`), refcnt: 0, bindcnt: 0 };
}
