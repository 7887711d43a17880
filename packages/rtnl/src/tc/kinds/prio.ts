import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { tcPrioMax, tcqPrioBands, type tcPrioQopt } from '../../generated/tc.js';
import type { StructValue } from '@linx/netlink-codec';

// prio (sch_prio): struct tc_prio_qopt, followed (in requests) by the empty nested TCA_OPTIONS that
// iproute2's addattr_nest_compat writes after it (see declarations.ts).

/** TCQ_PRIO_BANDS. */
const PRIO_MAX_BANDS = tcqPrioBands;
/** TC_PRIO_MAX + 1: the priomap has an entry per skb priority 0..15. */
const PRIOMAP_SIZE = tcPrioMax + 1;
/** The priomap `tc` sends when none is given (its prio2band, the same as pfifo_fast's). */
const DEFAULT_PRIOMAP = [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];

/** Options of prio (`tc qdisc add … prio bands 4 priomap 0 1 2 3 …`). */
export interface PrioOptions {
  /** 2..16 bands (3 by default). */
  bands?: number;
  /** The band of each of the 16 priorities (tc's default map otherwise). */
  priomap?: readonly number[];
}

/** prio's options as listed. */
export interface PrioInfo {
  bands: number;
  priomap: number[];
}

export function prioOptions(o: PrioOptions, argument: string): { header: { bands: number; priomap: Uint8Array }; compat: Uint8Array } {
  // Not an object: a number or text (null is {} by now: the kind table passes `options ?? {}`).
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected prio options');
  const bands = o.bands === undefined ? 3 : checkInteger(o.bands, `${argument}.bands`, 2, PRIO_MAX_BANDS);
  const map = o.priomap ?? DEFAULT_PRIOMAP;
  if (!Array.isArray(map) || map.length !== PRIOMAP_SIZE) throw new InvalidArgumentError(`${argument}.priomap`, `a priomap has ${PRIOMAP_SIZE} bands, one per priority`);
  const priomap = Uint8Array.from(map.map((band, i) => checkInteger(band, `${argument}.priomap[${i}]`, 0, bands - 1)));
  return { header: { bands, priomap }, compat: new Uint8Array(0) };
}

export function prioInfo(v: { header: StructValue<typeof tcPrioQopt.fields> }): PrioInfo {
  return { bands: v.header.bands, priomap: [...v.header.priomap] };
}
