import { packetTypeValues, skbeditFValues } from '../../generated/tc.js';
import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { formatHandle, parseHandle, type TcHandle } from '../handles.js';
import { genParms } from './gen.js';
import type { TcVerdict } from './verdict.js';

type PacketType = keyof typeof packetTypeValues;

/** skbedit: sets a packet's priority, queue, mark or packet type (`tc … action skbedit mark 5 …`). */
export interface SkbeditAction {
  kind: 'skbedit';
  /** skb->priority, as a class handle (`'1:2'`) or the number. */
  priority?: TcHandle;
  /** The transmit queue. */
  queueMapping?: number;
  mark?: number;
  /** Which bits of the mark to set (tc's `mark 5/0xff`). */
  mask?: number;
  /** The packet type (tc's `ptype`). */
  ptype?: PacketType;
  /** Take the priority from the DS field (tc's `inheritdsfield`). */
  inheritDsfield?: boolean;
  /** What happens next: `tc`'s default is `pipe`. */
  then?: TcVerdict;
  index?: number;
}

export interface SkbeditInfo {
  priority?: string;
  queueMapping?: number;
  mark?: number;
  mask?: number;
  ptype?: PacketType | number;
  inheritDsfield?: boolean;
}

const KEYS = new Set(['kind', 'priority', 'queueMapping', 'mark', 'mask', 'ptype', 'inheritDsfield', 'then', 'index']);

export function skbeditOptions(a: unknown, argument: string): Record<string, unknown> {
  const o = checkKeys(a, KEYS, argument, 'a skbedit action') as Partial<SkbeditAction> as SkbeditAction;
  const out: Record<string, unknown> = { parms: genParms(o.index, o.then, 'pipe', argument) };
  if (o.priority !== undefined) out.priority = parseHandle(o.priority, `${argument}.priority`);
  if (o.queueMapping !== undefined) out.queueMapping = checkInteger(o.queueMapping, `${argument}.queueMapping`, 0, 0xffff);
  if (o.mark !== undefined) out.mark = checkInteger(o.mark, `${argument}.mark`, 0, 0xffff_ffff);
  if (o.mask !== undefined) {
    if (o.mark === undefined) throw new InvalidArgumentError(`${argument}.mask`, 'a mask goes with a mark');
    out.mask = checkInteger(o.mask, `${argument}.mask`, 0, 0xffff_ffff);
  }
  if (o.ptype !== undefined) {
    if (typeof o.ptype !== 'string' || !Object.hasOwn(packetTypeValues, o.ptype)) throw new InvalidArgumentError(`${argument}.ptype`, `expected one of ${Object.keys(packetTypeValues).join(', ')}`);
    out.ptype = packetTypeValues[o.ptype];
  }
  if (o.inheritDsfield !== undefined && typeof o.inheritDsfield !== 'boolean') throw new InvalidArgumentError(`${argument}.inheritDsfield`, 'expected true or false');
  if (o.inheritDsfield) out.flags = BigInt(skbeditFValues.inheritdsfield);
  if (Object.keys(out).length === 1) throw new InvalidArgumentError(argument, 'a skbedit action sets at least one of priority, queueMapping, mark, ptype, inheritDsfield');
  return out;
}

export function skbeditInfo(v: Record<string, any>): SkbeditInfo {
  const out: SkbeditInfo = {};
  if (v.priority !== undefined) out.priority = formatHandle(v.priority);
  if (v.queueMapping !== undefined) out.queueMapping = v.queueMapping;
  if (v.mark !== undefined) out.mark = v.mark;
  if (v.mask !== undefined) out.mask = v.mask;
  if (v.ptype !== undefined) out.ptype = (Object.keys(packetTypeValues) as PacketType[]).find((k) => packetTypeValues[k] === v.ptype) ?? v.ptype;
  if (v.flags !== undefined && (BigInt(v.flags) & BigInt(skbeditFValues.inheritdsfield)) !== 0n) out.inheritDsfield = true;
  return out;
}
