/**
 * @linx/netlink-socket/native: the native layer under `Connection`, a second tier for those who write a
 * transport of their own or read the socket without the engine. `RawNetlinkSocket` (open in any network
 * namespace, bind, options, multicast, batched non-blocking receive into one buffer), the layout of a
 * receive batch (`META_*`: per datagram, its offset, length, sender port, group and namespace id;
 * `datagrams` reads it), the addon's loader (`loadNative`), the mapping of its errors, and `bpfObjGet`
 * (the fd of a pinned BPF object, for tc's bpf filters).
 */
export { RawNetlinkSocket, type OpenOptions, type ReceiveHandlers, type BufferSizeOptions, type SeriesRun } from './raw-socket.js';
export { META_STRIDE, META_OFFSET, META_LENGTH, META_PORT_ID, META_GROUP, META_NSID, NO_NSID, datagramCount, datagrams, type Datagram } from './receive-batch.js';
export { loadNative, type NativeBinding, type NativeSocket, type NativeConstants } from './binding.js';
export { fromNativeError, type NativeStage } from './errors.js';
export { bpfObjGet } from './bpf.js';
