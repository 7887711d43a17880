// The bridge verb groups as lazy groups (see shared/lazy-group.ts): their code loads on the first call.
import { lazyGroup } from '../shared/lazy-group.js';
import type { BridgeVlans as RealBridgeVlans } from './vlans.js';
import type { BridgeFdb as RealBridgeFdb } from './fdb.js';
import type { BridgeMdb as RealBridgeMdb } from './mdb.js';

export const BridgeVlans = lazyGroup<typeof RealBridgeVlans>({ name: 'BridgeVlans', load: async () => (await import('../first-use.js')).BridgeVlans, calls: ['list', 'add', 'delete'] });
export type BridgeVlans = RealBridgeVlans;
export const BridgeFdb = lazyGroup<typeof RealBridgeFdb>({ name: 'BridgeFdb', load: async () => (await import('../first-use.js')).BridgeFdb, calls: ['list', 'get', 'add', 'replace', 'delete', 'flush'] });
export type BridgeFdb = RealBridgeFdb;
export const BridgeMdb = lazyGroup<typeof RealBridgeMdb>({ name: 'BridgeMdb', load: async () => (await import('../first-use.js')).BridgeMdb, calls: ['list', 'add', 'replace', 'delete', 'flush'] });
export type BridgeMdb = RealBridgeMdb;
