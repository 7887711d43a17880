/**
 * @linx/netlink-socket: netlink sockets for Node.js. The native `RawNetlinkSocket` (open in any network
 * namespace, bind, options, multicast, batched non-blocking receive) and the request engine on top of it:
 * `Connection` (requests, dumps and multicast subscriptions over one socket). Test helpers (a fake kernel)
 * are under `@linx/netlink-socket/testing`.
 */
export { RawNetlinkSocket, type OpenOptions, type ReceiveHandlers, type BufferSizeOptions } from './raw-socket.js';
export { NETNS_RUN_DIR, resolveNetns, type NetnsTarget, type ResolvedNetns } from './netns.js';
export {
  NativeError,
  SocketClosedError,
  InvalidArgumentError,
  NativeLoadError,
  fromNativeError,
  type NativeStage,
} from './errors.js';
export {
  META_STRIDE,
  META_OFFSET,
  META_LENGTH,
  META_PORT_ID,
  META_GROUP,
  META_NSID,
  NO_NSID,
  datagramCount,
  datagrams,
  type Datagram,
} from './batch.js';
export { loadNative, type NativeBinding, type NativeSocket, type NativeConstants } from './native.js';
export { Connection } from './connection.js';
export type { ConnectionOptions, RequestMessage, RequestSource, RequestOptions, RequestAllOptions, SendOptions, DumpAllOptions } from './request-types.js';
export { PendingDump } from './dump.js';
export { MessageChunk } from './chunk.js';
export { Subscription, type MulticastEvent, type Notification, type Overrun } from './subscription.js';
export { TimeoutError, AbortError, DumpInterruptedError, OverrunError } from './request-errors.js';
export type { Transport } from './transport.js';
