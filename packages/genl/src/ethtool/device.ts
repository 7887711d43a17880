import { InvalidArgumentError } from '@linx/netlink-socket';

/** An interface by name (`'eth0'`) or by index (`2`). */
export type DeviceRef = string | number;

/** IFNAMSIZ (linux/if.h): an interface name and its terminating NUL. */
const IFNAMSIZ = 16;

/**
 * The ETHTOOL_A_HEADER_DEV_NAME or _DEV_INDEX for a device, checked before anything is sent. Header flags
 * stay clear of ETHTOOL_FLAG_COMPACT_BITSETS so that the kernel answers bitsets with their names.
 */
export function deviceHeader(device: DeviceRef): { devName: string } | { devIndex: number } {
  if (typeof device === 'number') {
    if (!Number.isInteger(device) || device < 1 || device > 0xffffffff) throw new InvalidArgumentError('device', `${device} is not an interface index (an integer from 1 to 2^32-1)`);
    return { devIndex: device };
  }
  if (typeof device !== 'string' || device.length === 0 || device.length >= IFNAMSIZ || /[\s/:\0]/.test(device)) {
    throw new InvalidArgumentError('device', `${JSON.stringify(device)} is not an interface name (1 to ${IFNAMSIZ - 1} characters, no whitespace, '/' or ':')`);
  }
  return { devName: device };
}
