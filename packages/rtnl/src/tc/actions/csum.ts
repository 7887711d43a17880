import { tcaCsumUpdateFlagValues } from '../../generated/tc.js';
import { InvalidArgumentError } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { genParms } from './gen.js';
import type { TcVerdict } from './verdict.js';

type CsumHeader = keyof typeof tcaCsumUpdateFlagValues;

/** csum: recomputes the checksums of the headers named (`tc … action csum ip4h tcp udp`; tc's `ip4h`/`iph` is `ipv4hdr`). */
export interface CsumAction {
  kind: 'csum';
  update: CsumHeader[];
  /** What happens next: `tc`'s default is `ok`. */
  then?: TcVerdict;
  index?: number;
}

export interface CsumInfo {
  update: CsumHeader[];
}

const KEYS = new Set(['kind', 'update', 'then', 'index']);

export function csumOptions(a: unknown, argument: string): Record<string, unknown> {
  const o = checkKeys(a, KEYS, argument, 'a csum action') as Partial<CsumAction> as CsumAction;
  if (!Array.isArray(o.update) || o.update.length === 0) throw new InvalidArgumentError(`${argument}.update`, `expected a list of ${Object.keys(tcaCsumUpdateFlagValues).join(', ')}`);
  let flags = 0;
  o.update.forEach((h, i) => {
    if (typeof h !== 'string' || !Object.hasOwn(tcaCsumUpdateFlagValues, h)) throw new InvalidArgumentError(`${argument}.update[${i}]`, `expected one of ${Object.keys(tcaCsumUpdateFlagValues).join(', ')}`);
    flags |= tcaCsumUpdateFlagValues[h];
  });
  return { parms: { ...genParms(o.index, o.then, 'ok', argument), updateFlags: flags } };
}

export function csumInfo(v: Record<string, any>): CsumInfo {
  const flags: number = v.parms?.updateFlags ?? 0;
  return { update: (Object.keys(tcaCsumUpdateFlagValues) as CsumHeader[]).filter((k) => (flags & tcaCsumUpdateFlagValues[k]) !== 0) };
}
