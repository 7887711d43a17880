import type { StructValue } from '@linx/netlink-codec';
import { pgactValues, type tcGactP } from '../../generated/tc.js';
import { InvalidArgumentError } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { verdictName, verdictNumber, type TcVerdict } from './verdict.js';

/** gact's random types by tc's words (PGACT_NETRAND, PGACT_DETERM). */
const PGACT = { netrand: pgactValues.netrand, determ: pgactValues.determ } as const;

/** gact: a fixed verdict (`tc … action drop`), optionally another one at random or every n-th packet. */
export interface GactAction {
  kind: 'gact';
  verdict: TcVerdict;
  /** `tc`'s `random netrand|determ VERDICT VALUE`: the other verdict for 1 in `value` packets (determ: every `value`-th). */
  random?: { type: keyof typeof PGACT; verdict: TcVerdict; value: number };
  index?: number;
}

/** A listed gact action's options. */
export interface GactInfo {
  random?: { type: keyof typeof PGACT | number; verdict: ReturnType<typeof verdictName>; value: number };
}

const KEYS = new Set(['kind', 'verdict', 'random', 'index']);
const RANDOM_KEYS = new Set(['type', 'verdict', 'value']);

/** gact's TCA_OPTIONS as the generated act-gact-attrs encode it. */
export function gactOptions(a: unknown, argument: string): { parms: StructValue<{ index: never }> & Record<string, number>; prob?: Record<string, number> } {
  const o = checkKeys(a, KEYS, argument, 'a gact action') as Partial<GactAction>;
  const index = o.index ?? 0;
  if (!Number.isInteger(index) || index < 0 || index > 0xffff_ffff) throw new InvalidArgumentError(`${argument}.index`, `${String(index)} is not an action index (a u32)`);
  const parms = { index, capab: 0, action: verdictNumber(o.verdict, `${argument}.verdict`), refcnt: 0, bindcnt: 0 } as never;
  if (o.random === undefined) return { parms };
  const r = checkKeys(o.random, RANDOM_KEYS, `${argument}.random`, 'a gact random verdict') as Partial<NonNullable<GactAction['random']>>;
  if (typeof r.type !== 'string' || !Object.hasOwn(PGACT, r.type)) throw new InvalidArgumentError(`${argument}.random.type`, "expected 'netrand' or 'determ'");
  if (typeof r.value !== 'number' || !Number.isInteger(r.value) || r.value < 1 || r.value > 10000) throw new InvalidArgumentError(`${argument}.random.value`, `${String(r.value)} is not in 1..10000 (tc's limit)`);
  return { parms, prob: { ptype: PGACT[r.type], pval: r.value, paction: verdictNumber(r.verdict, `${argument}.random.verdict`) } };
}

export function gactInfo(prob: StructValue<typeof tcGactP.fields> | undefined): GactInfo {
  if (prob === undefined || prob.ptype === 0) return {};
  const type = (Object.keys(PGACT) as (keyof typeof PGACT)[]).find((k) => PGACT[k] === prob.ptype) ?? prob.ptype;
  return { random: { type, verdict: verdictName(prob.paction), value: prob.pval } };
}
