import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import type { qfqAttrs } from '../../generated/tc.js';
import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';

// qfq (sch_qfq): the qdisc takes no options; a class takes a weight (TCA_QFQ_WEIGHT) and its largest
// packet (TCA_QFQ_LMAX, tc's `maxpkt`), both decimal integers to `tc`, each sent only when given. Their
// ranges (the kernel's QFQ_MAX_WEIGHT, QFQ_MIN_LMAX..QFQ_MAX_LMAX) are in no header: the kernel judges them.

type QfqInput = { -readonly [K in keyof AttrsInput<typeof qfqAttrs.attributes>]: AttrsInput<typeof qfqAttrs.attributes>[K] };

/** Options of a qfq class (`tc class add … qfq weight 10 maxpkt 2048`). */
export interface QfqClassOptions {
  /** The class's share (1 when not given: the kernel's default). */
  weight?: number;
  /** The largest packet the class sends, in bytes (tc's `maxpkt`; the device's MTU by default). */
  maxPacket?: number;
}

/** A qfq class's options as listed. */
export interface QfqClassInfo {
  weight?: number;
  maxPacket?: number;
}

export function qfqClassOptions(o: QfqClassOptions, argument: string): QfqInput {
  // Not an object: a number or text (null is {} by now: the kind table passes `options ?? {}`).
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected qfq class options');
  const out: QfqInput = {};
  if (o.weight !== undefined) out.weight = checkInteger(o.weight, `${argument}.weight`, 1, 0xffff_ffff);
  if (o.maxPacket !== undefined) out.lmax = checkInteger(o.maxPacket, `${argument}.maxPacket`, 1, 0xffff_ffff);
  return out;
}

export function qfqClassInfo(v: AttrsValue<typeof qfqAttrs.attributes>): QfqClassInfo {
  const out: QfqClassInfo = {};
  if (v.weight !== undefined) out.weight = v.weight;
  if (v.lmax !== undefined) out.maxPacket = v.lmax;
  return out;
}
