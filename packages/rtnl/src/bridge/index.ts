export * from './bridge.js';
// The verb classes are lazy groups (their code loads on first call); their types from their own modules.
export { BridgeVlans, BridgeFdb, BridgeMdb } from './lazy-groups.js';
export type * from './vlans.js';
export type * from './fdb.js';
export type * from './mdb.js';
export type { BridgePortVlans, BridgeVlan, BridgeVlanSpec, BridgeVlanTunnel } from './vlan-shape.js';
export type { BridgeVlanEntry, BridgeVlanGlobalOptions } from './vlan-db-shape.js';
