// The bridge verb groups as lazy groups (see shared/lazy-group.ts): their code loads on the first call.
// Each type is an interface extending the real class, not an alias of it: a consumer's declarations then
// name it through the entry point (an alias prints the real class, which no entry point exports: TS2742).
import { lazyGroup } from '../shared/lazy-group.js';
import type { BridgeVlans as RealBridgeVlans } from './vlans.js';
import type { BridgeFdb as RealBridgeFdb } from './fdb.js';
import type { BridgeMdb as RealBridgeMdb } from './mdb.js';

/** VLANs per bridge port (`bridge vlan`): list, add, delete. Loaded on first call. */
export const BridgeVlans = lazyGroup<typeof RealBridgeVlans>({ name: 'BridgeVlans', load: async () => (await import('../first-use.js')).BridgeVlans, calls: ['list', 'entries', 'globalOptions', 'add', 'delete'] });
export interface BridgeVlans extends RealBridgeVlans {}
/** The forwarding database (`bridge fdb`): list, get, add, replace, delete, flush. Loaded on first call. */
export const BridgeFdb = lazyGroup<typeof RealBridgeFdb>({ name: 'BridgeFdb', load: async () => (await import('../first-use.js')).BridgeFdb, calls: ['list', 'get', 'add', 'replace', 'delete', 'flush'] });
export interface BridgeFdb extends RealBridgeFdb {}
/** The multicast database (`bridge mdb`): list, add, replace, delete, flush. Loaded on first call. */
export const BridgeMdb = lazyGroup<typeof RealBridgeMdb>({ name: 'BridgeMdb', load: async () => (await import('../first-use.js')).BridgeMdb, calls: ['list', 'add', 'replace', 'delete', 'flush'] });
export interface BridgeMdb extends RealBridgeMdb {}
