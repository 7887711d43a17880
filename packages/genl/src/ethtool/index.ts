/**
 * @linx/genl/ethtool: the ethtool generic netlink family, first-class (link info, modes and state; features,
 * rings, channels, coalescing, pause, EEE and link modes get/set; timestamping capabilities; standard
 * statistics; notifications), and the declarations generated from the kernel's ethtool.yaml as `declarations`.
 */
export { ethtool, Ethtool } from './ethtool.js';
export type { EthtoolDevice, LinkInfo, LinkModes, LinkState, Features, Rings, Channels, Coalesce, Pause, Eee, Stats, StatsGroup, TsInfo } from './replies.js';
export { decodeBitset, bitsetChange, type Bitset, type BitsetAttrs } from './bitset.js';
export { deviceHeader, type DeviceRef } from './device.js';
export { EthtoolNotSupportedError, EthtoolNoSuchDeviceError } from './errors.js';
export { EthtoolMonitor, type EthtoolEvent } from './monitor.js';
export * as declarations from './generated/ethtool.js';
