// The filter type guard alone, without the filter decoding beside its types in ./shape.ts: @linx/rtnl
// exports it from its entry point, where tc's code is loaded on first use only.
import type { FilterKindInfo } from './kinds.js';
import type { TcFilter, TcFilterOf } from './shape.js';

/** Narrows a listed filter to a kind, with its `options` typed. */
export function isFilterOf<K extends keyof FilterKindInfo>(f: TcFilter, kind: K): f is TcFilterOf<K> {
  return f.kind === kind;
}
