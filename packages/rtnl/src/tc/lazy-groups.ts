// The tc verb groups as lazy groups (see shared/lazy-group.ts): `rtnl.tc` is made with every handle, and
// tc's code (the qdisc, class, filter and action kinds, the tc declarations) loads on the first tc call.
// Each type is an interface extending the real class, not an alias of it: a consumer's declarations then
// name it through the entry point (an alias prints the real class, which no entry point exports: TS2742).
import { lazyGroup } from '../shared/lazy-group.js';
import type { Qdiscs as RealQdiscs } from './qdiscs.js';
import type { TcClasses as RealTcClasses } from './classes.js';
import type { TcFilters as RealTcFilters } from './filters/filters.js';
import type { TcChains as RealTcChains } from './filters/chains.js';
import type { TcActions as RealTcActions } from './actions/actions.js';

const VERBS = ['list', 'add', 'replace', 'change', 'delete'] as const;

/** The qdisc verbs (`tc qdisc`): list, add, replace, change, delete. Loaded on first call. */
export const Qdiscs = lazyGroup<typeof RealQdiscs>({ name: 'Qdiscs', load: async () => (await import('../first-use.js')).Qdiscs, calls: VERBS });
export interface Qdiscs extends RealQdiscs {}
/** The class verbs (`tc class`): list, add, replace, change, delete. Loaded on first call. */
export const TcClasses = lazyGroup<typeof RealTcClasses>({ name: 'TcClasses', load: async () => (await import('../first-use.js')).TcClasses, calls: VERBS });
export interface TcClasses extends RealTcClasses {}
/** The filter verbs (`tc filter`), with their actions: list, add, replace, change, delete. Loaded on first call. */
export const TcFilters = lazyGroup<typeof RealTcFilters>({ name: 'TcFilters', load: async () => (await import('../first-use.js')).TcFilters, calls: VERBS });
export interface TcFilters extends RealTcFilters {}
/** The filter chain verbs (`tc chain`): list, add, delete. Loaded on first call. */
export const TcChains = lazyGroup<typeof RealTcChains>({ name: 'TcChains', load: async () => (await import('../first-use.js')).TcChains, calls: ['list', 'add', 'delete'] });
export interface TcChains extends RealTcChains {}
/** The shared action verbs (`tc actions`): list, add, replace, delete. Loaded on first call. */
export const TcActions = lazyGroup<typeof RealTcActions>({ name: 'TcActions', load: async () => (await import('../first-use.js')).TcActions, calls: ['list', 'add', 'replace', 'delete'] });
export interface TcActions extends RealTcActions {}
