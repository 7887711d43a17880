/**
 * @linx/genl/mptcp: the in-kernel MPTCP path manager (generic netlink family `mptcp_pm`): endpoints
 * add/list/get/delete/flush and flags, limits, events; the declarations generated from the kernel's
 * mptcp_pm.yaml as `declarations`.
 */
export { mptcp, Mptcp, type MptcpLimits } from './mptcp.js';
export type { MptcpEndpoint, EndpointInput, EndpointFlag } from './endpoint.js';
export { MptcpEndpointNotFoundError } from './errors.js';
export { MptcpMonitor, type MptcpEvent, type MptcpEventInfo } from './monitor.js';
export { NoSuchInterfaceError } from '../interface.js';
export * as declarations from './generated/mptcp_pm.js';
