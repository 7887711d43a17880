// The tc verb groups as lazy groups (see shared/lazy-group.ts): `rtnl.tc` is made with every handle, and
// tc's code (the qdisc, class, filter and action kinds, the tc declarations) loads on the first tc call.
import { lazyGroup } from '../shared/lazy-group.js';
import type { Qdiscs as RealQdiscs } from './qdiscs.js';
import type { TcClasses as RealTcClasses } from './classes.js';
import type { TcFilters as RealTcFilters } from './filters/filters.js';
import type { TcChains as RealTcChains } from './filters/chains.js';
import type { TcActions as RealTcActions } from './actions/actions.js';

const VERBS = ['list', 'add', 'replace', 'change', 'delete'] as const;

export const Qdiscs = lazyGroup<typeof RealQdiscs>({ name: 'Qdiscs', load: async () => (await import('../first-use.js')).Qdiscs, calls: VERBS });
export type Qdiscs = RealQdiscs;
export const TcClasses = lazyGroup<typeof RealTcClasses>({ name: 'TcClasses', load: async () => (await import('../first-use.js')).TcClasses, calls: VERBS });
export type TcClasses = RealTcClasses;
export const TcFilters = lazyGroup<typeof RealTcFilters>({ name: 'TcFilters', load: async () => (await import('../first-use.js')).TcFilters, calls: VERBS });
export type TcFilters = RealTcFilters;
export const TcChains = lazyGroup<typeof RealTcChains>({ name: 'TcChains', load: async () => (await import('../first-use.js')).TcChains, calls: ['list', 'add', 'delete'] });
export type TcChains = RealTcChains;
export const TcActions = lazyGroup<typeof RealTcActions>({ name: 'TcActions', load: async () => (await import('../first-use.js')).TcActions, calls: ['list', 'add', 'replace', 'delete'] });
export type TcActions = RealTcActions;
