// The nexthop verb group as a lazy group (see shared/lazy-group.ts): its code loads on the first call.
// Each type is an interface extending the real class, not an alias of it: a consumer's declarations then
// name it through the entry point (an alias prints the real class, which no entry point exports: TS2742).
import { lazyGroup } from '../shared/lazy-group.js';
import type { Nexthops as RealNexthops } from './nexthops.js';

/** Nexthop objects (`ip nexthop`): list, stream, get, add, replace, delete, flush, buckets. Loaded on first call. */
export const Nexthops = lazyGroup<typeof RealNexthops>({
  name: 'Nexthops',
  load: async () => (await import('../first-use.js')).Nexthops,
  calls: ['list', 'get', 'add', 'replace', 'delete', 'flush', 'buckets', 'bucket'],
  streams: ['stream'],
});
export interface Nexthops extends RealNexthops {}
