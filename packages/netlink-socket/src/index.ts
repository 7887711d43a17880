/**
 * @linx/netlink-socket: netlink sockets for Node.js. The native `RawNetlinkSocket` (open in any network
 * namespace, bind, options, multicast, batched non-blocking receive) and the request engine on top of it:
 * `Connection` (requests, dumps and multicast subscriptions over one socket). Test helpers (a fake kernel)
 * are under `@linx/netlink-socket/testing`.
 */
export { RawNetlinkSocket, type OpenOptions, type ReceiveHandlers, type BufferSizeOptions } from './native/raw-socket.js';
export { NETNS_RUN_DIR, resolveNetns, checkNetnsName, type NetnsTarget, type ResolvedNetns } from './native/netns.js';
export { addNetns, deleteNetns, listNetns, NetnsExistsError, NetnsNotFoundError } from './native/named-netns.js';
export { bpfObjGet } from './native/bpf.js';
export {
  NativeError,
  SocketClosedError,
  InvalidArgumentError,
  NativeLoadError,
  fromNativeError,
  type NativeStage,
} from './native/errors.js';
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
} from './native/receive-batch.js';
export { loadNative, type NativeBinding, type NativeSocket, type NativeConstants } from './native/binding.js';
export { Connection } from './engine/connection.js';
export type { ConnectionOptions, RequestMessage, RequestSource, RequestOptions, RequestAllOptions, SendOptions, DumpAllOptions } from './engine/request-types.js';
export { PendingDump } from './engine/dump.js';
export { MessageChunk } from './engine/message-chunk.js';
export { Subscription, type MulticastEvent, type Notification, type Overrun } from './engine/subscription.js';
export { TimeoutError, AbortError, DumpInterruptedError, OverrunError } from './engine/errors.js';
export {
  readWholeDump,
  checkOnInterrupt,
  dumpList,
  type OnInterrupt,
  type RetryOnInterrupt,
  type WholeDumpOptions,
  type WholeDump,
  type DumpList,
} from './engine/interrupted-dumps.js';
export type { Transport } from './engine/transport.js';
