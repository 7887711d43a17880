import type { CallOptions, FamilyClient } from '@linx/netlink-client';
import { tcaActMaxPrio as TCA_ACT_MAX_PRIO } from '../../generated/tc.js';
import { InvalidArgumentError } from '../../shared/arguments.js';
import { resolveIndex } from '../../shared/interfaces.js';
import { statisticsOf, type TcStatistics } from '../shape.js';
import { checkMirred, mirredParms, readMirred, type MirredAction, type MirredInfo } from './mirred.js';
import { gactInfo, gactOptions, type GactAction, type GactInfo } from './gact.js';
import { verdictName, type TcVerdict } from './verdict.js';

export type { MirredAction, MirredInfo, GactAction, GactInfo, TcVerdict };

/** An action to attach to a filter: mirred and gact are typed; TCA_ACT_MAX_PRIO (32) at most per filter. */
export type TcAction = MirredAction | GactAction;


type Checked = { kind: 'mirred'; m: ReturnType<typeof checkMirred> } | { kind: 'gact'; options: ReturnType<typeof gactOptions> };

/** Checks a filter's actions before anything is sent; `single`: one shared action, named `argument` itself. */
export function checkActions(value: unknown, argument: string, single = false): Checked[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(argument, 'expected an array of actions');
  if (value.length > TCA_ACT_MAX_PRIO) throw new InvalidArgumentError(argument, `at most ${TCA_ACT_MAX_PRIO} actions (TCA_ACT_MAX_PRIO)`);
  return value.map((a: unknown, i): Checked => {
    const at = single ? argument : `${argument}[${i}]`;
    const kind = a !== null && typeof a === 'object' ? (a as { kind?: unknown }).kind : undefined;
    if (kind === 'mirred') return { kind, m: checkMirred(a, at) };
    if (kind === 'gact') return { kind, options: gactOptions(a, at) };
    throw new InvalidArgumentError(`${at}.kind`, `${JSON.stringify(kind)} is not an action linx builds (mirred, gact)`);
  });
}

/** The TCA_*_ACT list's codec input, the interfaces mirred names looked up. */
export async function actionsInput(checked: Checked[], client: FamilyClient, argument: string, options: CallOptions, single = false): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const [i, c] of checked.entries()) {
    if (c.kind === 'gact') out.push({ kind: 'gact', options: c.options });
    else out.push({ kind: 'mirred', options: { parms: mirredParms(c.m, await resolveIndex(client, c.m.dev, single ? `${argument}.dev` : `${argument}[${i}].dev`, options)) } });
  }
  return out;
}

/** An action as listed (in a filter, or on its own). */
export interface TcActionInfo {
  /** Its place in the filter's list, from 1 (tc's `order`). */
  order: number;
  kind: string;
  /** The action's index (shared actions are named by it). */
  index?: number;
  /** The control action (`tc`'s `control_action`): `'pass'`, `'drop'`, `'stolen'`, `{ gotoChain }`, … */
  verdict?: ReturnType<typeof verdictName>;
  refcnt?: number;
  bindcnt?: number;
  stats?: TcStatistics;
  /** mirred's and gact's decoded; other kinds what the spec decodes, or bytes. */
  options?: MirredInfo | GactInfo | unknown;
}

/** One decoded TCA_ACT item as a `TcActionInfo`. */
export function toActionInfo(item: Record<string, any>, order: number, names: Map<number, string> | undefined): TcActionInfo {
  const kind: string = item.kind ?? '';
  const a: TcActionInfo = { order, kind };
  const opts = item.options;
  if (kind === 'mirred' && opts?.parms !== undefined) {
    const r = readMirred(opts.parms);
    Object.assign(a, { index: r.gen.index, verdict: verdictName(r.gen.action), refcnt: r.gen.refcnt, bindcnt: r.gen.bindcnt });
    const dev = names?.get(r.info.ifindex);
    a.options = dev === undefined ? r.info : { ...r.info, dev };
  } else if (kind === 'gact' && opts?.parms) {
    Object.assign(a, { index: opts.parms.index, verdict: verdictName(opts.parms.action), refcnt: opts.parms.refcnt, bindcnt: opts.parms.bindcnt });
    a.options = gactInfo(opts.prob);
  } else if (opts !== undefined) {
    a.options = opts;
  }
  if (a.index === undefined && typeof item.index === 'number') a.index = item.index;
  if (item.stats !== undefined) a.stats = statisticsOf(item.stats, undefined);
  return a;
}
