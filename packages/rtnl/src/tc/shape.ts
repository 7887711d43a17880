import type { MessageValue } from '@linx/netlink-codec';
import type { attrsAttrs, tcmsg } from '../generated/tc.js';
import { formatHandle, formatParent } from './handles.js';
import { classOptionsInfo, qdiscOptionsInfo, type ClassKindInfo, type ClassKindXstats, type HtbClassInfo, type HtbClassXstats, type QdiscKindInfo, type QdiscKindXstats } from './kinds/index.js';

/** A tc message as the generated codec decodes it. */
export type TcMessage = MessageValue<typeof tcmsg.fields, typeof attrsAttrs.attributes>;

/**
 * A qdisc's or class's statistics (`tc -s`): from TCA_STATS2 (basic, queue, rate estimator), or the older
 * TCA_STATS when the kernel sent only that.
 */
export interface TcStatistics {
  bytes: number;
  packets: number;
  drops: number;
  overlimits: number;
  requeues: number;
  /** Packets queued now. */
  qlen: number;
  /** Bytes queued now. */
  backlog: number;
  /** The rate estimator's view (bytes and packets per second), when an estimator runs. */
  rate?: { bps: number; pps: number };
}

interface TcObject {
  /** The interface index. */
  ifindex: number;
  /** The interface's name (`tc`'s `dev`), when the call looked names up. */
  dev?: string;
  /** `'1:'`, `'1:10'`, `'ffff:'`: the handle as `tc` prints it. */
  handle: string;
  /** `'root'`, `'ingress'` (also clsact's), or a handle. */
  parent: string;
  /** The handle and parent as numbers. */
  handleId: number;
  parentId: number;
  stats: TcStatistics;
  /** The kind's extended statistics (TCA_XSTATS): decoded where the spec or linx knows the kind's struct, else bytes. */
  xstats?: unknown;
}

interface QdiscFields {
  /** The kernel's reference count (tcm_info), as `tc` prints `refcnt`. */
  refcnt: number;
  /** At the root (parent TC_H_ROOT). */
  root: boolean;
  /** At TC_H_INGRESS (ingress and clsact). */
  ingress: boolean;
}

/** A qdisc of a kind linx reads, with its `options` typed (and its `xstats`, for fq_codel and cake). */
export type QdiscOf<K extends keyof QdiscKindInfo> = TcObject & QdiscFields & { kind: K; options?: QdiscKindInfo[K] } & (K extends keyof QdiscKindXstats ? { xstats?: QdiscKindXstats[K] } : unknown);

/**
 * A qdisc as listed. `options` is typed for the kinds of `QdiscKindInfo`; other kinds give what the codec
 * decoded, or bytes. `kind` alone cannot narrow it (any string may be a kind): `isQdiscOf(q, 'htb')` does.
 */
export type Qdisc = { [K in keyof QdiscKindInfo]: QdiscOf<K> }[keyof QdiscKindInfo] | (TcObject & QdiscFields & { kind: string; options?: unknown });

/** An htb class, with its `options` and `xstats` typed. */
export type HtbClass = TcObject & { kind: 'htb'; options?: HtbClassInfo; xstats?: HtbClassXstats };

/** The class kinds linx types: by their options (htb, drr, qfq, hfsc) or their xstats (htb, hfsc, fq_codel's and cake's flows). */
export type ClassKind = keyof ClassKindInfo | keyof ClassKindXstats;

/** A class of a kind linx reads, with its `options` and `xstats` typed where linx knows them. */
export type ClassOf<K extends ClassKind> = K extends 'htb'
  ? HtbClass & { leaf?: string }
  : TcObject & { kind: K; leaf?: string } & (K extends keyof ClassKindInfo ? { options?: ClassKindInfo[K] } : { options?: unknown }) & (K extends keyof ClassKindXstats ? { xstats?: ClassKindXstats[K] } : unknown);

/**
 * A class as listed; `options` is typed for the kinds of `ClassKindInfo`, `xstats` for those of
 * `ClassKindXstats` (`isClassOf(c, 'drr')` or `isHtbClass(c)` narrows it). `leaf` is the qdisc attached to
 * it (tc's `leaf 10:`).
 */
export type TcClass = (HtbClass | { [K in Exclude<ClassKind, 'htb'>]: ClassOf<K> }[Exclude<ClassKind, 'htb'>] | (TcObject & { kind: string; options?: unknown })) & { leaf?: string };

function statistics(m: TcMessage): TcStatistics {
  return statisticsOf(m.attrs.stats2, m.attrs.stats);
}

/** Statistics from a TCA_STATS2-shaped nest (also an action's TCA_ACT_STATS) and the older struct. */
export function statisticsOf(s2: TcMessage['attrs']['stats2'], old: TcMessage['attrs']['stats']): TcStatistics {
  const out: TcStatistics = {
    bytes: Number(s2?.basic?.bytes ?? old?.bytes ?? 0),
    packets: s2?.basic?.packets ?? old?.packets ?? 0,
    drops: s2?.queue?.drops ?? old?.drops ?? 0,
    overlimits: s2?.queue?.overlimits ?? old?.overlimits ?? 0,
    requeues: s2?.queue?.requeues ?? 0,
    qlen: s2?.queue?.qlen ?? old?.qlen ?? 0,
    backlog: s2?.queue?.backlog ?? old?.backlog ?? 0,
  };
  if (s2?.rateEst64 !== undefined) out.rate = { bps: Number(s2.rateEst64.bps), pps: Number(s2.rateEst64.pps) };
  else if (s2?.rateEst !== undefined) out.rate = { bps: s2.rateEst.bps, pps: s2.rateEst.pps };
  return out;
}

function common(m: TcMessage, names: Map<number, string> | undefined): TcObject {
  const o: TcObject = {
    ifindex: m.header.ifindex,
    handle: formatHandle(m.header.handle),
    parent: formatParent(m.header.parent),
    handleId: m.header.handle,
    parentId: m.header.parent,
    stats: statistics(m),
  };
  const dev = names?.get(m.header.ifindex);
  if (dev !== undefined) o.dev = dev;
  // A kind whose xstats are one struct decodes to { header } (a sub-message format of a fixed header only).
  const x = m.attrs.xstats as unknown;
  if (x !== undefined) o.xstats = x !== null && typeof x === 'object' && !(x instanceof Uint8Array) && 'header' in x && Object.keys(x).length === 1 ? (x as { header: unknown }).header : x;
  return o;
}

/** A decoded RTM_NEWQDISC as a `Qdisc`. */
export function toQdisc(m: TcMessage, names?: Map<number, string>): Qdisc {
  const kind = m.attrs.kind ?? '';
  const q = { ...common(m, names), kind, refcnt: m.header.info, root: m.header.parent === 0xffff_ffff, ingress: m.header.parent === 0xffff_fff1 } as Qdisc;
  const options = qdiscOptionsInfo(kind, m.attrs.options);
  if (options !== undefined) q.options = options as never;
  return q;
}

/** A decoded RTM_NEWTCLASS as a `TcClass`. */
export function toClass(m: TcMessage, names?: Map<number, string>): TcClass {
  const kind = m.attrs.kind ?? '';
  const c = { ...common(m, names), kind } as TcClass;
  // tcm_info of a class is its leaf qdisc's handle (0: none).
  if (m.header.info !== 0) c.leaf = formatHandle(m.header.info);
  const options = classOptionsInfo(kind, m.attrs.options);
  if (options !== undefined) c.options = options as never;
  return c;
}
