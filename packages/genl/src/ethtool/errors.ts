import { LinxError } from '@linx/netlink-wire';

/**
 * The device's driver does not implement the ethtool operation asked for (the kernel answered
 * EOPNOTSUPP): veth has no ring parameters to set, lo no coalescing, and so on. `cause` is the kernel's
 * NetlinkError.
 */
export class EthtoolNotSupportedError extends LinxError {
  readonly operation: string;
  readonly device: string | number | undefined;

  constructor(operation: string, device: string | number | undefined, options?: { cause?: unknown }) {
    super('ERR_LINX_ETHTOOL_NOT_SUPPORTED', `ethtool ${operation}${device === undefined ? '' : ` on ${device}`}: not supported by the device's driver (EOPNOTSUPP)`, options);
    this.operation = operation;
    this.device = device;
  }
}

/** No network interface of that name or index in the namespace (the kernel answered ENODEV). */
export class EthtoolNoSuchDeviceError extends LinxError {
  readonly device: string | number;

  constructor(device: string | number, options?: { cause?: unknown }) {
    super('ERR_LINX_ETHTOOL_NO_SUCH_DEVICE', `ethtool: no network interface ${typeof device === 'string' ? `"${device}"` : `with index ${device}`} in this namespace`, options);
    this.device = device;
  }
}
