/**
 * @linx/netlink-socket: netlink sockets for Node.js. The request engine, `Connection` (requests, dumps and
 * multicast subscriptions over one socket in any network namespace), named network namespaces, and the
 * errors. The raw native socket it runs on (`RawNetlinkSocket`, its receive layout, the addon's loader)
 * is `@linx/netlink-socket/native`; test helpers (a fake kernel) are `@linx/netlink-socket/testing`.
 */
// Types a public signature uses (Connection's options and transport), from the native layer.
export type { OpenOptions, ReceiveHandlers, BufferSizeOptions } from './native/raw-socket.js';
export { NETNS_RUN_DIR, resolveNetns, checkNetnsName, type NetnsTarget, type ResolvedNetns } from './native/netns.js';
export { addNetns, deleteNetns, listNetns, NetnsExistsError, NetnsNotFoundError } from './native/named-netns.js';
export {
  NativeError,
  SocketClosedError,
  InvalidArgumentError,
  NativeLoadError,
  NativeBinaryMissingError,
  type NativeStage,
} from './native/errors.js';
export { Connection } from './engine/connection.js';
export type { ConnectionOptions, RequestMessage, RequestSource, RequestOptions, RequestAllOptions, SendOptions, DumpAllOptions } from './engine/request-types.js';
export { PendingDump } from './engine/dump.js';
export { DumpSeries, type SeriesAnswer, type DumpSeriesOptions } from './engine/dump-series.js';
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
