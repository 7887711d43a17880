import { formatHandle, formatParent } from '../handles.js';
import { toActionInfo, type TcActionInfo } from '../actions/index.js';
import { filterOptionsInfo, type FilterKindInfo } from './kinds.js';
import { formatU32Handle } from './u32.js';
import { ETH_PROTOCOLS, TC_H_CLSACT_EGRESS, TC_H_CLSACT_INGRESS, TCM_IFINDEX_MAGIC_BLOCK } from './uapi.js';

/** The parts of a decoded `filterMessage` a filter is made of. */
interface FilterMessage {
  header: { ifindex: number; handle: number; parent: number; info: number };
  attrs: { kind?: string; options?: unknown; chain?: number };
}

interface FilterFields {
  /** The interface index (0 for a shared block's filter). */
  ifindex: number;
  dev?: string;
  /** The shared block's index, for a block's filter. */
  block?: number;
  /** The qdisc or class the filter is attached to: a handle, `'root'`, or clsact's `'ingress'`/`'egress'`. */
  parent: string;
  parentId: number;
  /** tc's `pref`. */
  priority: number;
  /** tc's name for the protocol (`'ip'`, `'all'`, …), else the number. */
  protocol: string | number;
  protocolId: number;
  chain: number;
  /** The filter's handle as tc prints it (`800::800` for u32, `0x1` for others); `''` for a priority's head entry. */
  handle: string;
  handleId: number;
  /** The attached actions (tc's `action order N: …`). */
  actions?: TcActionInfo[];
}

/** A filter of a kind linx reads, with `options` typed. */
export type TcFilterOf<K extends keyof FilterKindInfo> = FilterFields & { kind: K; options?: FilterKindInfo[K] };

/** A filter as listed; `isFilterOf(f, 'u32')` narrows `options`. */
export type TcFilter = { [K in keyof FilterKindInfo]: TcFilterOf<K> }[keyof FilterKindInfo] | (FilterFields & { kind: string; options?: unknown });

export function isFilterOf<K extends keyof FilterKindInfo>(f: TcFilter, kind: K): f is TcFilterOf<K> {
  return f.kind === kind;
}

/** A filter parent as tc names it: clsact's ingress and egress by name. */
export function formatFilterParent(parent: number): string {
  if (parent === TC_H_CLSACT_INGRESS) return 'ingress';
  if (parent === TC_H_CLSACT_EGRESS) return 'egress';
  return formatParent(parent);
}

/** The protocol of tcm_info's low 16 bits (network order) by tc's name, else the number. */
export function protocolName(id: number): string | number {
  return Object.keys(ETH_PROTOCOLS).find((k) => ETH_PROTOCOLS[k] === id) ?? id;
}

/** A decoded RTM_NEWTFILTER as a `TcFilter`. */
export function toFilter(m: FilterMessage, names?: Map<number, string>): TcFilter {
  const kind = m.attrs.kind ?? '';
  const info = m.header.info;
  const protocolId = ((info & 0xff) << 8) | ((info >>> 8) & 0xff);
  const block = m.header.ifindex === (TCM_IFINDEX_MAGIC_BLOCK | 0);
  const f = {
    ifindex: block ? 0 : m.header.ifindex,
    parent: block ? '' : formatFilterParent(m.header.parent),
    parentId: m.header.parent,
    priority: info >>> 16,
    protocol: protocolName(protocolId),
    protocolId,
    chain: m.attrs.chain ?? 0,
    handle: m.header.handle === 0 ? '' : kind === 'u32' ? formatU32Handle(m.header.handle) : `0x${m.header.handle.toString(16)}`,
    handleId: m.header.handle,
    kind,
  } as TcFilter;
  if (block) f.block = m.header.parent;
  const dev = names?.get(m.header.ifindex);
  if (dev !== undefined && !block) f.dev = dev;
  const raw = m.attrs.options as Record<string, any> | Uint8Array | undefined;
  if (raw !== undefined) {
    const options = filterOptionsInfo(kind, raw);
    if (options !== undefined && !(typeof options === 'object' && options !== null && !(options instanceof Uint8Array) && Object.keys(options).length === 0)) f.options = options as never;
    const act = raw instanceof Uint8Array ? undefined : raw.act;
    if (Array.isArray(act) && act.length > 0) f.actions = act.map((a: Record<string, any>, i: number) => toActionInfo(a, i + 1, names));
  }
  return f;
}
