import { InvalidArgumentError } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { formatHandle, parseHandle, type TcHandle } from '../handles.js';
import { clsFlagsValues } from '../../generated/tc.js';

/** matchall's options (cls_matchall): every packet matches; its actions or `classid` decide. */
export interface MatchallOptions {
  classid?: TcHandle;
  skipHw?: boolean;
  skipSw?: boolean;
}

export interface MatchallInfo {
  classid?: string;
  flags?: number;
  /** Packets that hit (tc -s). */
  hits?: number;
}

const KEYS = new Set(['classid', 'skipHw', 'skipSw']);

export function matchallOptions(o: unknown, argument: string): Record<string, unknown> {
  const opts = checkKeys(o ?? {}, KEYS, argument, 'a matchall filter') as MatchallOptions;
  const out: Record<string, unknown> = {};
  if (opts.classid !== undefined) out.classid = parseHandle(opts.classid, `${argument}.classid`);
  for (const k of ['skipHw', 'skipSw'] as const) if (opts[k] !== undefined && typeof opts[k] !== 'boolean') throw new InvalidArgumentError(`${argument}.${k}`, 'expected true or false');
  const flags = (opts.skipHw ? clsFlagsValues['skip-hw'] : 0) | (opts.skipSw ? clsFlagsValues['skip-sw'] : 0);
  if (flags) out.flags = flags;
  return out;
}

export function matchallInfo(v: Record<string, any>): MatchallInfo {
  const out: MatchallInfo = {};
  if (v.classid !== undefined) out.classid = formatHandle(v.classid);
  if (v.flags !== undefined) out.flags = v.flags;
  if (v.pcnt !== undefined) out.hits = Number(v.pcnt.rhit);
  return out;
}
