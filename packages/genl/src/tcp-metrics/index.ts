/**
 * @linx/genl/tcp-metrics: the kernel's TCP metrics cache (generic netlink family `tcp_metrics`): list, get,
 * delete, flush, as `ip tcp_metrics`; the declarations generated from the kernel's tcp_metrics.yaml as
 * `declarations`.
 */
export { tcpMetrics, TcpMetricsCache, type TcpMetrics } from './tcp-metrics.js';
export { TcpMetricsNotFoundError } from './errors.js';
export * as declarations from './generated/tcp_metrics.js';
