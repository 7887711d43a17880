import { LinxError } from '@linx/netlink-wire';

/**
 * The MPTCP path manager has no endpoint with that id (the kernel answered EINVAL "address not found" or
 * ENOENT). `id` is the endpoint id asked for.
 */
export class MptcpEndpointNotFoundError extends LinxError {
  readonly id: number;

  constructor(id: number, options?: { cause?: unknown }) {
    super('ERR_LINX_MPTCP_ENDPOINT_NOT_FOUND', `mptcp: no endpoint with id ${id}`, options);
    this.id = id;
  }
}
