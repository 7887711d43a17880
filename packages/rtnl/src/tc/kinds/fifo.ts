import { InvalidArgumentError } from '../../shared/arguments.js';
import type { tcFifoQopt } from '../../generated/tc.js';
import type { StructValue } from '@linx/netlink-codec';
import { parseSize, type Size } from '../units.js';

// pfifo and bfifo (sch_fifo): a struct tc_fifo_qopt, the limit in packets (pfifo) or bytes (bfifo).

/** Options of pfifo (`limit` in packets) and bfifo (`limit` in bytes, a size); the device's txqueuelen by default. */
export interface FifoOptions {
  limit?: Size;
}

/** A fifo's options as listed. */
export interface FifoInfo {
  limit: number;
}

export function fifoOptions(o: FifoOptions | undefined, argument: string): { header: { limit: number } } | undefined {
  // No options (null too, as for the other kinds whose options are all optional): tc's default limit.
  if (o === undefined || o === null) return undefined;
  if (typeof o !== 'object') throw new InvalidArgumentError(argument, 'expected { limit }');
  if (o.limit === undefined) return undefined;
  return { header: { limit: parseSize(o.limit, `${argument}.limit`) } };
}

export function fifoInfo(v: { header: StructValue<typeof tcFifoQopt.fields> }): FifoInfo {
  return { limit: v.header.limit };
}
