import { LinxError } from '@linx/netlink-wire';

/** The device's driver does not give what was asked (the kernel answered EOPNOTSUPP): veth keeps no queue statistics. */
export class NetdevNotSupportedError extends LinxError {
  readonly operation: string;
  readonly device: string | number;

  constructor(operation: string, device: string | number, options?: { cause?: unknown }) {
    super('ERR_LINX_NETDEV_NOT_SUPPORTED', `netdev ${operation} on ${device}: not supported by the device's driver (EOPNOTSUPP)`, options);
    this.operation = operation;
    this.device = device;
  }
}
