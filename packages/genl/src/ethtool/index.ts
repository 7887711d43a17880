/**
 * @linx/genl/ethtool: the ethtool generic netlink family, first-class (link settings and modes, link
 * state, features get/set, rings, channels, coalescing, pause, EEE, standard statistics, notifications), and the
 * declarations generated from the kernel's ethtool.yaml as `declarations`.
 */
export { ethtool, Ethtool, type EthtoolDevice, type LinkInfo, type LinkModes, type LinkState, type Features, type Rings, type Channels, type Coalesce, type Pause, type Eee, type Stats, type StatsGroup } from './ethtool.js';
export { decodeBitset, bitsetChange, type Bitset, type BitsetAttrs } from './bitset.js';
export { deviceHeader, type DeviceRef } from './device.js';
export { EthtoolNotSupportedError, EthtoolNoSuchDeviceError } from './errors.js';
export { EthtoolMonitor, type EthtoolEvent } from './monitor.js';
export * as declarations from './generated/ethtool.js';
