/**
 * @linx/genl/netdev: the `netdev` generic netlink family: devices' XDP and AF_XDP features, queues, NAPI
 * instances and queue statistics; the declarations generated from the kernel's netdev.yaml as
 * `declarations`.
 */
export { netdev, Netdev, type NetdevDevice, type NetdevQueue, type NetdevNapi, type NetdevQueueStats, type DeviceRef } from './netdev.js';
export { NetdevNotSupportedError } from './errors.js';
export { NoSuchInterfaceError } from '../interface.js';
export * as declarations from './generated/netdev.js';
