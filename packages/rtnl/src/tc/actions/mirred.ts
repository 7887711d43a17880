import { InvalidArgumentError, type InterfaceRef } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { MIRRED_ACTIONS } from '../filters/tc-words.js';
import { verdictName, verdictNumber, type TcVerdict } from './verdict.js';

/** mirred: send the packet to another interface's egress or ingress, moved (`redirect`) or copied (`mirror`). */
export interface MirredAction {
  kind: 'mirred';
  /** `'egress redirect'` (tc's default verb for `redirect`), `'egress mirror'`, `'ingress redirect'`, `'ingress mirror'`. */
  action: keyof typeof MIRRED_ACTIONS;
  /** The interface, by name or index (a name is looked up before sending). */
  dev: InterfaceRef;
  /** What happens next: `tc`'s default is `stolen` for a redirect, `pipe` for a mirror. */
  then?: TcVerdict;
  /** An existing action's index to share, or the index for the new one. */
  index?: number;
}

/** A listed mirred action's options. */
export interface MirredInfo {
  action: keyof typeof MIRRED_ACTIONS | number;
  ifindex: number;
  /** The interface's name, when the list looked names up. */
  dev?: string;
}

const KEYS = new Set(['kind', 'action', 'dev', 'then', 'index']);

/** The parts of a mirred action checked before sending (the interface index filled in later). */
export function checkMirred(a: unknown, argument: string): { eaction: number; dev: InterfaceRef; action: number; index: number } {
  const o = checkKeys(a, KEYS, argument, 'a mirred action') as Partial<MirredAction>;
  if (typeof o.action !== 'string' || !Object.hasOwn(MIRRED_ACTIONS, o.action)) throw new InvalidArgumentError(`${argument}.action`, `expected one of ${Object.keys(MIRRED_ACTIONS).join(', ')}`);
  const eaction = MIRRED_ACTIONS[o.action];
  if (typeof o.dev !== 'string' && typeof o.dev !== 'number') throw new InvalidArgumentError(`${argument}.dev`, 'the interface to send to, by name or index');
  const redirect = eaction === MIRRED_ACTIONS['egress redirect'] || eaction === MIRRED_ACTIONS['ingress redirect'];
  const action = o.then === undefined ? verdictNumber(redirect ? 'stolen' : 'pipe', `${argument}.then`) : verdictNumber(o.then, `${argument}.then`);
  const index = o.index === undefined ? 0 : o.index;
  if (!Number.isInteger(index) || index < 0 || index > 0xffff_ffff) throw new InvalidArgumentError(`${argument}.index`, `${String(index)} is not an action index (a u32)`);
  return { eaction, dev: o.dev, action, index };
}

/** TCA_MIRRED_PARMS (struct tc_mirred) as the generated act-mirred-attrs encode it. */
export function mirredParms(c: { eaction: number; action: number; index: number }, ifindex: number): Record<string, number> {
  return { index: c.index, capab: 0, action: c.action, refcnt: 0, bindcnt: 0, eaction: c.eaction, ifindex };
}

/** A mirred action's parameters read back: its tc_gen (index, verdict, references) and where it sends. */
export function readMirred(v: Record<string, number>): { gen: { index: number; action: number; refcnt: number; bindcnt: number }; info: MirredInfo } {
  const name = (Object.keys(MIRRED_ACTIONS) as (keyof typeof MIRRED_ACTIONS)[]).find((k) => MIRRED_ACTIONS[k] === v.eaction);
  return { gen: { index: v.index!, action: v.action!, refcnt: v.refcnt!, bindcnt: v.bindcnt! }, info: { action: name ?? v.eaction!, ifindex: v.ifindex! } };
}

export { verdictName };
