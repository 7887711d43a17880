import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import type { fqCodelAttrs, tcFqCodelClXstats, tcFqCodelXstats } from '../../generated/tc.js';
import type { AttrsInput, AttrsValue, StructValue } from '@linx/netlink-codec';
import { parseSize, parseTime, type Size, type Time } from '../units.js';

// fq_codel (sch_fq_codel): one attribute per option, only those given (`tc` sends an empty TCA_OPTIONS
// for none); times in µs.

type FqCodelInput = { -readonly [K in keyof AttrsInput<typeof fqCodelAttrs.attributes>]: AttrsInput<typeof fqCodelAttrs.attributes>[K] };
type FqCodelValue = AttrsValue<typeof fqCodelAttrs.attributes>;

/** Options of fq_codel (`tc qdisc add … fq_codel limit 2000 target 3ms interval 50ms flows 512 ecn`). */
export interface FqCodelOptions {
  /** Packets it may hold. */
  limit?: number;
  flows?: number;
  target?: Time;
  interval?: Time;
  quantum?: Size;
  /** Mark with ECN instead of dropping (`ecn` / `noecn`). */
  ecn?: boolean;
  ceThreshold?: Time;
  memoryLimit?: Size;
  dropBatch?: number;
}

/** fq_codel's options as listed (times in µs). */
export interface FqCodelInfo {
  limit?: number;
  flows?: number;
  target?: number;
  interval?: number;
  quantum?: number;
  ecn?: boolean;
  ceThreshold?: number;
  memoryLimit?: number;
  dropBatch?: number;
}

export function fqCodelOptions(o: FqCodelOptions, argument: string): FqCodelInput {
  // Not an object: a number or text (null is {} by now: the kind table passes `options ?? {}`).
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected fq_codel options');
  const a = (name: string) => `${argument}.${name}`;
  const out: FqCodelInput = {};
  if (o.limit !== undefined) out.limit = checkInteger(o.limit, a('limit'), 0, 0xffff_ffff);
  if (o.flows !== undefined) out.flows = checkInteger(o.flows, a('flows'), 1, 0xffff_ffff);
  if (o.quantum !== undefined) out.quantum = parseSize(o.quantum, a('quantum'));
  if (o.interval !== undefined) out.interval = parseTime(o.interval, a('interval'));
  if (o.target !== undefined) out.target = parseTime(o.target, a('target'));
  if (o.ecn !== undefined) {
    if (typeof o.ecn !== 'boolean') throw new InvalidArgumentError(a('ecn'), 'expected true or false');
    out.ecn = o.ecn ? 1 : 0;
  }
  if (o.ceThreshold !== undefined) out.ceThreshold = parseTime(o.ceThreshold, a('ceThreshold'));
  if (o.memoryLimit !== undefined) out.memoryLimit = parseSize(o.memoryLimit, a('memoryLimit'));
  if (o.dropBatch !== undefined) out.dropBatchSize = checkInteger(o.dropBatch, a('dropBatch'), 1, 0xffff_ffff);
  return out;
}

export function fqCodelInfo(v: FqCodelValue): FqCodelInfo {
  const out: FqCodelInfo = {};
  if (v.limit !== undefined) out.limit = v.limit;
  if (v.flows !== undefined) out.flows = v.flows;
  if (v.target !== undefined) out.target = v.target;
  if (v.interval !== undefined) out.interval = v.interval;
  if (v.quantum !== undefined) out.quantum = v.quantum;
  if (v.ecn !== undefined) out.ecn = v.ecn !== 0;
  if (v.ceThreshold !== undefined) out.ceThreshold = v.ceThreshold;
  if (v.memoryLimit !== undefined) out.memoryLimit = v.memoryLimit;
  if (v.dropBatchSize !== undefined) out.dropBatch = v.dropBatchSize;
  return out;
}

/** An fq_codel qdisc's xstats (struct tc_fq_codel_xstats, type 0: TCA_FQ_CODEL_XSTATS_QDISC). */
export type FqCodelXstats = StructValue<typeof tcFqCodelXstats.fields>;
/** An fq_codel class's (one flow's) xstats (struct tc_fq_codel_xstats, type 1: its tc_fq_codel_cl_stats). */
export type FqCodelClassXstats = StructValue<typeof tcFqCodelClXstats.fields>;
