import { InvalidArgumentError } from '../shared/arguments.js';

// A handle is major:minor in one u32. TC_H_ROOT is the parent of a root qdisc; TC_H_INGRESS (= TC_H_CLSACT)
// the parent of the ingress and clsact qdiscs; TC_H_UNSPEC no handle (the kernel picks one for a new qdisc).
// From the constants module, not generated/tc.js: this module loads with the package, the tc declarations on first tc use.
export { tcHRoot as TC_H_ROOT, tcHIngress as TC_H_INGRESS, tcHUnspec as TC_H_UNSPEC } from '../generated/tc-constants.js';
import { tcHIngress as TC_H_INGRESS, tcHRoot as TC_H_ROOT } from '../generated/tc-constants.js';

/**
 * A qdisc or class handle as `tc` writes it: `'1:'` (major 1, a qdisc), `'1:10'` (a class), `'ffff:'`,
 * hexadecimal digits as in `tc`; or the u32 itself. Parents also take `'root'`, `'ingress'` and
 * `'clsact'` (`tc`'s words for TC_H_ROOT and TC_H_INGRESS).
 */
export type TcHandle = string | number;

/** A handle's text as `tc` prints it: `'1:'` when the minor is 0, else `'1:10'` (hexadecimal). */
export function formatHandle(handle: number): string {
  const major = handle >>> 16;
  const minor = handle & 0xffff;
  return minor === 0 ? `${major.toString(16)}:` : `${major.toString(16)}:${minor.toString(16)}`;
}

/** A parent as `tc` names it: `'root'`, `'ingress'` (TC_H_INGRESS, also clsact's), or a handle. */
export function formatParent(parent: number): string {
  if (parent === TC_H_ROOT) return 'root';
  if (parent === TC_H_INGRESS) return 'ingress';
  return formatHandle(parent);
}

/** Parses `'major:minor'` (hexadecimal, either part may be empty: `'1:'`, `':10'`) or a u32. */
export function parseHandle(value: unknown, argument: string): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff) return value;
    throw new InvalidArgumentError(argument, `${String(value)} is not a handle (a u32)`);
  }
  if (typeof value !== 'string') throw new InvalidArgumentError(argument, `a handle is 'major:minor' text or a number, not ${value === null ? 'null' : typeof value}`);
  const m = /^([0-9a-fA-F]{0,4}):([0-9a-fA-F]{0,4})$/.exec(value);
  if (!m) throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a handle ('major:minor' in hexadecimal, e.g. '1:' or '1:10')`);
  const major = m[1] ? parseInt(m[1], 16) : 0;
  const minor = m[2] ? parseInt(m[2], 16) : 0;
  return ((major << 16) | minor) >>> 0;
}

/** Parses a parent: `'root'`, `'ingress'`, `'clsact'`, or a handle. */
export function parseParent(value: unknown, argument: string): number {
  if (value === 'root') return TC_H_ROOT;
  if (value === 'ingress' || value === 'clsact') return TC_H_INGRESS;
  return parseHandle(value, argument);
}
