import { InvalidArgumentError } from '../../shared/arguments.js';
import { TC_ACT, TC_ACT_EXT_MASK, TC_ACT_GOTO_CHAIN } from '../filters/tc-words.js';

/**
 * What happens to a packet after an action (`tc`'s control action): `'ok'`/`'pass'`, `'drop'`/`'shot'`,
 * `'continue'`, `'reclassify'`, `'pipe'`, `'stolen'`, `'trap'`, … or `{ gotoChain: n }`.
 */
export type TcVerdict = 'continue' | 'ok' | 'pass' | 'reclassify' | 'drop' | 'shot' | 'pipe' | 'stolen' | 'queued' | 'repeat' | 'redirect' | 'trap' | { gotoChain: number };

/** A verdict's TC_ACT_* number. */
export function verdictNumber(value: unknown, argument: string): number {
  if (typeof value === 'string' && Object.hasOwn(TC_ACT, value)) return TC_ACT[value]!;
  if (value !== null && typeof value === 'object' && 'gotoChain' in value) {
    const n = (value as { gotoChain: unknown }).gotoChain;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= ~TC_ACT_EXT_MASK >>> 0) return (TC_ACT_GOTO_CHAIN | n) >>> 0;
    throw new InvalidArgumentError(`${argument}.gotoChain`, `${String(n)} is not a chain number (0..${~TC_ACT_EXT_MASK >>> 0})`);
  }
  throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a control action; expected one of ${Object.keys(TC_ACT).join(', ')} or { gotoChain }`);
}

/** A TC_ACT_* number as `tc -j` names it (`pass`, `drop`, `stolen`, …; `{ gotoChain }`; else the number). */
export function verdictName(n: number): Exclude<TcVerdict, 'ok' | 'shot'> | number {
  if ((n & TC_ACT_EXT_MASK) >>> 0 === TC_ACT_GOTO_CHAIN) return { gotoChain: n & ~TC_ACT_EXT_MASK };
  // tc prints TC_ACT_OK as "pass" and TC_ACT_SHOT as "drop".
  const name = n === 0 ? 'pass' : n === 2 ? 'drop' : Object.keys(TC_ACT).find((k) => TC_ACT[k] === n);
  return (name as Exclude<TcVerdict, 'ok' | 'shot'> | undefined) ?? n;
}
