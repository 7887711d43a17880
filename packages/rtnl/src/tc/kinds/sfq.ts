import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import type { tcSfqQoptV1 } from '../../generated/tc.js';
import type { StructInput, StructValue } from '@linx/netlink-codec';
import { parseSize, type Size } from '../units.js';

// sfq (sch_sfq): struct tc_sfq_qopt_v1, sent whole when any option is given (nothing when none), as
// iproute2 6.1's q_sfq.c does. Its RED mode (redflowlimit, min, max, probability, ecn, harddrop) is not
// offered.

/** Options of sfq (`tc qdisc add … sfq perturb 10 quantum 1514 limit 100 depth 50 headdrop`). */
export interface SfqOptions {
  quantum?: Size;
  /** Seconds between hash perturbations (0: never). */
  perturb?: number;
  /** Packets it may hold. */
  limit?: number;
  /** Hash table size. */
  divisor?: number;
  flows?: number;
  /** Packets per flow. */
  depth?: number;
  /** Drop from the head of a full flow instead of the tail. */
  headdrop?: boolean;
}

/** sfq's options as listed. */
export interface SfqInfo {
  quantum: number;
  perturb: number;
  limit: number;
  divisor: number;
  flows: number;
  depth: number;
  headdrop: boolean;
}

export function sfqOptions(o: SfqOptions, argument: string): { header: StructInput<typeof tcSfqQoptV1.fields> } | undefined {
  // Not an object: a number or text (null is {} by now: the kind table passes `options ?? {}`).
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected sfq options');
  if (Object.values(o).every((v) => v === undefined)) return undefined;
  const a = (name: string) => `${argument}.${name}`;
  const count = (value: unknown, name: string) => (value === undefined ? 0 : checkInteger(value, a(name), 0, 0xffff_ffff));
  if (o.headdrop !== undefined && typeof o.headdrop !== 'boolean') throw new InvalidArgumentError(a('headdrop'), 'expected true or false');
  const zeroStats = { probDrop: 0, forcedDrop: 0, probMark: 0, forcedMark: 0, probMarkHead: 0, forcedMarkHead: 0 };
  return {
    header: {
      v0: {
        quantum: o.quantum === undefined ? 0 : parseSize(o.quantum, a('quantum')),
        perturbPeriod: o.perturb === undefined ? 0 : checkInteger(o.perturb, a('perturb'), 0, 0x7fff_ffff),
        limit: count(o.limit, 'limit'),
        divisor: count(o.divisor, 'divisor'),
        flows: count(o.flows, 'flows'),
      },
      depth: count(o.depth, 'depth'),
      headdrop: o.headdrop ? 1 : 0,
      limit: 0, qthMin: 0, qthMax: 0, wlog: 0, plog: 0, scellLog: 0, flags: 0, maxP: 0,
      stats: zeroStats,
    },
  };
}

export function sfqInfo(v: { header: StructValue<typeof tcSfqQoptV1.fields> }): SfqInfo {
  const h = v.header;
  return { quantum: h.v0.quantum, perturb: h.v0.perturbPeriod, limit: h.v0.limit, divisor: h.v0.divisor, flows: h.v0.flows, depth: h.depth, headdrop: h.headdrop !== 0 };
}
