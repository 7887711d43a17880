import { LinxError } from '@linx/netlink-wire';

/** The kernel keeps no TCP metrics for that destination (and source): it answered ESRCH. */
export class TcpMetricsNotFoundError extends LinxError {
  readonly address: string;
  readonly source: string | undefined;

  constructor(address: string, source: string | undefined, options?: { cause?: unknown }) {
    super('ERR_LINX_TCP_METRICS_NOT_FOUND', `tcp_metrics: no entry for ${address}${source === undefined ? '' : ` from ${source}`}`, options);
    this.address = address;
    this.source = source;
  }
}
