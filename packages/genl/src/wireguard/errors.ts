import { LinxError } from '@linx/netlink-wire';

/** No WireGuard interface of that name or index in the namespace (the kernel answered ENODEV). */
export class WireGuardNoSuchDeviceError extends LinxError {
  readonly device: string | number;

  constructor(device: string | number, options?: { cause?: unknown }) {
    super('ERR_LINX_WIREGUARD_NO_SUCH_DEVICE', `wireguard: no WireGuard interface ${typeof device === 'string' ? `"${device}"` : `with index ${device}`} in this namespace`, options);
    this.device = device;
  }
}
