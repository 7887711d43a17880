import { formatHandle, formatParent } from '../handles.js';
import { toActionInfo, type TcActionInfo } from '../actions/index.js';
import { filterOptionsInfo, type FilterKindInfo } from './kinds.js';
import { formatU32Handle } from './u32.js';
import { ETH_PROTOCOLS, TC_H_CLSACT_EGRESS, TC_H_CLSACT_INGRESS, TCM_IFINDEX_MAGIC_BLOCK } from './tc-words.js';

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

// isFilterOf is in ./is-filter-of.ts: @linx/rtnl exports it, and this module's code loads with tc's.
export { isFilterOf } from './is-filter-of.js';

/** The last parent formatted: a list's filters share their parent, so its text is made once. */
let lastParent = -1;
let lastParentText = '';

/** A filter parent as tc names it: clsact's ingress and egress by name. */
export function formatFilterParent(parent: number): string {
  if (parent === lastParent) return lastParentText;
  const text = parent === TC_H_CLSACT_INGRESS ? 'ingress' : parent === TC_H_CLSACT_EGRESS ? 'egress' : formatParent(parent);
  lastParent = parent;
  lastParentText = text;
  return text;
}

/** tc's protocol names by number (the first name of each, as tc prints it). */
const PROTOCOL_NAMES = new Map<number, string>();
for (const [name, id] of Object.entries(ETH_PROTOCOLS)) if (!PROTOCOL_NAMES.has(id)) PROTOCOL_NAMES.set(id, name);

/** The protocol of tcm_info's low 16 bits (network order) by tc's name, else the number. */
export function protocolName(id: number): string | number {
  return PROTOCOL_NAMES.get(id) ?? id;
}

/** A decoded RTM_NEWTFILTER as a `TcFilter`. */
export function toFilter(m: FilterMessage, names?: Map<number, string>): TcFilter {
  return filterOf(m.header, m.attrs.kind ?? '', m.attrs.chain, m.attrs.options, names);
}

/** A filter of its tcmsg, kind, chain and decoded TCA_OPTIONS (the generic decode's and the list path's). */
export function filterOf(header: FilterMessage['header'], kind: string, chain: number | undefined, raw: Record<string, any> | Uint8Array | undefined | unknown, names?: Map<number, string>): TcFilter {
  const info = header.info;
  const protocolId = ((info & 0xff) << 8) | ((info >>> 8) & 0xff);
  const block = header.ifindex === (TCM_IFINDEX_MAGIC_BLOCK | 0);
  const parent = block ? '' : formatFilterParent(header.parent);
  const handle = header.handle === 0 ? '' : kind === 'u32' ? formatU32Handle(header.handle) : `0x${header.handle.toString(16)}`;
  const dev = block ? undefined : names?.get(header.ifindex);
  let options: unknown;
  let actions: TcActionInfo[] | undefined;
  if (raw !== undefined) {
    const o = filterOptionsInfo(kind, raw);
    if (o !== undefined && !(typeof o === 'object' && o !== null && !(o instanceof Uint8Array) && Object.keys(o).length === 0)) options = o;
    const act = raw instanceof Uint8Array ? undefined : (raw as Record<string, unknown>).act;
    if (Array.isArray(act) && act.length > 0) actions = act.map((a: Record<string, any>, i: number) => toActionInfo(a, i + 1, names));
  }
  const ifindex = block ? 0 : header.ifindex;
  const chainId = chain ?? 0;
  // The common case in one literal (a list's many filters have a dev and options and no block or actions):
  // properties added later would cost each filter a separate property store.
  if (dev !== undefined && options !== undefined && actions === undefined) {
    return { ifindex, dev, parent, parentId: header.parent, priority: info >>> 16, protocol: protocolName(protocolId), protocolId, chain: chainId, handle, handleId: header.handle, kind, options } as TcFilter;
  }
  const f = { ifindex, parent, parentId: header.parent, priority: info >>> 16, protocol: protocolName(protocolId), protocolId, chain: chainId, handle, handleId: header.handle, kind } as TcFilter;
  if (block) f.block = header.parent;
  if (dev !== undefined) f.dev = dev;
  if (options !== undefined) f.options = options as never;
  if (actions !== undefined) f.actions = actions;
  return f;
}
