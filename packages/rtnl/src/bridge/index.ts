export * from './bridge.js';
export * from './vlans.js';
export * from './fdb.js';
export * from './mdb.js';
export type { BridgePortVlans, BridgeVlan, BridgeVlanSpec, BridgeVlanTunnel } from './vlan-shape.js';
