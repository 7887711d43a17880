import { InvalidArgumentError } from '../../shared/arguments.js';
import type { drrAttrs } from '../../generated/tc.js';
import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';
import { parseSize, type Size } from '../units.js';

// drr (sch_drr): the qdisc takes no options; a class takes its quantum (TCA_DRR_QUANTUM), which `tc`
// reads as a size and omits when not given (an empty TCA_OPTIONS; the kernel then uses the device's MTU).

type DrrInput = { -readonly [K in keyof AttrsInput<typeof drrAttrs.attributes>]: AttrsInput<typeof drrAttrs.attributes>[K] };

/** Options of a drr class (`tc class add … drr quantum 1500`). */
export interface DrrClassOptions {
  /** Bytes the class may send per round. */
  quantum?: Size;
}

/** A drr class's options as listed. */
export interface DrrClassInfo {
  quantum?: number;
}

export function drrClassOptions(o: DrrClassOptions, argument: string): DrrInput {
  // Not an object: a number or text (null is {} by now: the kind table passes `options ?? {}`).
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected drr class options');
  const out: DrrInput = {};
  if (o.quantum !== undefined) out.quantum = parseSize(o.quantum, `${argument}.quantum`);
  return out;
}

export function drrClassInfo(v: AttrsValue<typeof drrAttrs.attributes>): DrrClassInfo {
  return v.quantum === undefined ? {} : { quantum: v.quantum };
}
