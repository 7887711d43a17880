/**
 * @linx/genl/wireguard: WireGuard interfaces (generic netlink family `wireguard`): device get (keys in
 * base64, peers, endpoints, allowed IPs, handshakes, counters) and set (private key, port, fwmark, peers
 * added, changed, replaced or removed, allowed IPs added or removed), large configurations cut into
 * messages as wg cuts them; the declarations generated from the kernel's wireguard.yaml as `declarations`.
 */
export { wireguard, WireGuard, type DeviceConfig, type PeerConfig } from './wireguard.js';
export type { WireGuardDevice, WireGuardPeer } from './device.js';
export { deviceFromDump } from './device.js';
export { splitSetDevice, WG_MESSAGE_MAX } from './split.js';
export { keyFromBase64, keyToBase64 } from './keys.js';
export { WireGuardNoSuchDeviceError } from './errors.js';
export * as declarations from './generated/wireguard.js';
