import type { CallOptions, FamilyClient } from '@linx/netlink-client';
import { tcaActMaxPrio as TCA_ACT_MAX_PRIO } from '../../generated/tc.js';
import { InvalidArgumentError } from '../../shared/arguments.js';
import { resolveIndex } from '../../shared/interfaces.js';
import { statisticsOf, type TcStatistics } from '../shape.js';
import { checkMirred, mirredParms, readMirred, type MirredAction, type MirredInfo } from './mirred.js';
import { gactInfo, gactOptions, type GactAction, type GactInfo } from './gact.js';
import { policeInfo, policeOptions, type PoliceAction, type PoliceInfo } from './police.js';
import { skbeditInfo, skbeditOptions, type SkbeditAction, type SkbeditInfo } from './skbedit.js';
import { vlanInfo, vlanOptions, type VlanAction, type VlanInfo } from './vlan.js';
import { csumInfo, csumOptions, type CsumAction, type CsumInfo } from './csum.js';
import { natInfo, natOptions, type NatAction, type NatInfo } from './nat.js';
import { tunnelKeyInfo, tunnelKeyOptions, type TunnelKeyAction, type TunnelKeyInfo } from './tunnel-key.js';
import { peditOptions, readPedit, type PeditAction, type PeditInfo, type PeditKey, type PeditKeyInfo, type PeditOffsetKey } from './pedit.js';
import type { PeditFieldKey, PeditFields } from './pedit-fields.js';
import { bpfActionInfo, bpfActionOptions, type BpfAction, type BpfActionInfo } from './bpf.js';
import { verdictName, type TcVerdict } from './verdict.js';

export type { MirredAction, MirredInfo, GactAction, GactInfo, PoliceAction, PoliceInfo, SkbeditAction, SkbeditInfo, VlanAction, VlanInfo, CsumAction, CsumInfo, NatAction, NatInfo, TunnelKeyAction, TunnelKeyInfo, PeditAction, PeditInfo, PeditKey, PeditKeyInfo, PeditOffsetKey, PeditFieldKey, PeditFields, BpfAction, BpfActionInfo, TcVerdict };

/** An action to attach to a filter or to add on its own; TCA_ACT_MAX_PRIO (32) at most per filter. */
export type TcAction = MirredAction | GactAction | PoliceAction | SkbeditAction | VlanAction | CsumAction | NatAction | TunnelKeyAction | PeditAction | BpfAction;

/** The kinds whose options are whole once checked (mirred's interface is looked up later). */
const BUILDERS: Record<string, (a: unknown, argument: string) => unknown> = {
  gact: gactOptions,
  police: policeOptions,
  skbedit: skbeditOptions,
  vlan: vlanOptions,
  csum: csumOptions,
  nat: natOptions,
  tunnel_key: tunnelKeyOptions,
  pedit: peditOptions,
  bpf: bpfActionOptions,
};

type Checked = { kind: 'mirred'; m: ReturnType<typeof checkMirred> } | { kind: string; options: unknown };

/** Checks a filter's actions before anything is sent; `single`: one shared action, named `argument` itself. */
export function checkActions(value: unknown, argument: string, single = false): Checked[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(argument, 'expected an array of actions');
  if (value.length > TCA_ACT_MAX_PRIO) throw new InvalidArgumentError(argument, `at most ${TCA_ACT_MAX_PRIO} actions (TCA_ACT_MAX_PRIO)`);
  return value.map((a: unknown, i): Checked => {
    const at = single ? argument : `${argument}[${i}]`;
    const kind = a !== null && typeof a === 'object' ? (a as { kind?: unknown }).kind : undefined;
    if (kind === 'mirred') return { kind, m: checkMirred(a, at) };
    if (typeof kind === 'string' && Object.hasOwn(BUILDERS, kind)) return { kind, options: BUILDERS[kind]!(a, at) };
    throw new InvalidArgumentError(`${at}.kind`, `${JSON.stringify(kind)} is not an action linx builds (mirred, ${Object.keys(BUILDERS).join(', ')})`);
  });
}

/** The TCA_*_ACT list's codec input, the interfaces mirred names looked up. */
export async function actionsInput(checked: Checked[], client: FamilyClient, argument: string, options: CallOptions, single = false): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const [i, c] of checked.entries()) {
    if ('m' in c) out.push({ kind: 'mirred', options: { parms: mirredParms(c.m, await resolveIndex(client, c.m.dev, single ? `${argument}.dev` : `${argument}[${i}].dev`, options)) } });
    else out.push({ kind: c.kind, options: c.options });
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
  /** The typed kinds' options decoded; other kinds what the spec decodes, or bytes. */
  options?: MirredInfo | GactInfo | PoliceInfo | SkbeditInfo | VlanInfo | CsumInfo | NatInfo | TunnelKeyInfo | PeditInfo | BpfActionInfo | unknown;
}

/** Each typed kind's options read back, from the decoded TCA_OPTIONS. */
const READERS: Record<string, (opts: Record<string, any>) => unknown> = {
  skbedit: skbeditInfo,
  vlan: vlanInfo,
  csum: csumInfo,
  nat: natInfo,
  tunnel_key: tunnelKeyInfo,
  bpf: bpfActionInfo,
};

function setGen(a: TcActionInfo, g: { index?: number; action?: number; refcnt?: number; bindcnt?: number } | undefined): void {
  if (g === undefined || typeof g.index !== 'number') return;
  Object.assign(a, { index: g.index, verdict: verdictName(g.action ?? 0), refcnt: g.refcnt, bindcnt: g.bindcnt });
}

/** One decoded TCA_ACT item as a `TcActionInfo`. */
export function toActionInfo(item: Record<string, any>, order: number, names: Map<number, string> | undefined): TcActionInfo {
  const kind: string = item.kind ?? '';
  const a: TcActionInfo = { order, kind };
  const opts = item.options;
  if (kind === 'mirred' && opts?.parms !== undefined) {
    const r = readMirred(opts.parms);
    setGen(a, r.gen);
    const dev = names?.get(r.info.ifindex);
    a.options = dev === undefined ? r.info : { ...r.info, dev };
  } else if (kind === 'gact' && opts?.parms) {
    setGen(a, opts.parms);
    a.options = gactInfo(opts.prob);
  } else if (kind === 'police' && opts?.tbf) {
    setGen(a, opts.tbf);
    a.options = policeInfo(opts);
  } else if (kind === 'pedit' && (opts?.parms ?? opts?.parmsEx) instanceof Uint8Array && readPedit(opts.parms ?? opts.parmsEx) !== undefined) {
    const r = readPedit(opts.parms ?? opts.parmsEx)!;
    setGen(a, r.gen);
    // pedit ex: each key's header type and command, in the keys' order.
    const ex: { htype?: string | number; cmd?: string | number }[] | undefined = opts.keysEx?.keyEx;
    if (ex !== undefined) r.info.keys.forEach((k, i) => Object.assign(k, { header: ex[i]?.htype, cmd: ex[i]?.cmd }));
    a.options = r.info;
  } else if (Object.hasOwn(READERS, kind) && opts?.parms !== undefined && !(opts.parms instanceof Uint8Array)) {
    setGen(a, opts.parms);
    a.options = READERS[kind]!(opts);
  } else if (opts !== undefined) {
    a.options = opts;
  }
  if (a.index === undefined && typeof item.index === 'number') a.index = item.index;
  if (item.stats !== undefined) a.stats = statisticsOf(item.stats, undefined);
  return a;
}
