// The nexthop verb group as a lazy group (see shared/lazy-group.ts): its code loads on the first call.
import { lazyGroup } from '../shared/lazy-group.js';
import type { Nexthops as RealNexthops } from './nexthops.js';

export const Nexthops = lazyGroup<typeof RealNexthops>({
  name: 'Nexthops',
  load: async () => (await import('../first-use.js')).Nexthops,
  calls: ['list', 'get', 'add', 'replace', 'delete', 'flush', 'buckets', 'bucket'],
  streams: ['stream'],
});
export type Nexthops = RealNexthops;
