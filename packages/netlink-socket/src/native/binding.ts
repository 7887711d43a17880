import { createRequire } from 'node:module';
import { NativeLoadError } from './errors.js';
import { loadAddonFrom } from './load-addon.js';

// node:fs, node:path and node:url through `require`, when the addon is first loaded, not imported: an ESM
// import of a built-in makes a module facade of all its exports, and those three cost every import of
// this package about 2 ms (0.8 ms through require; node 20, measured alone). Only the loader needs them.
const nodeRequire = createRequire(import.meta.url);

/**
 * The addon's socket object, one netlink socket fd. Every method of a closed socket throws an error
 * with code `ERR_LINX_CLOSED`; failed system calls throw errors with code `ERR_LINX_NATIVE` and
 * `stage`/`errno`/`errnoName` (see `fromNativeError`). The TypeScript API on top is `RawNetlinkSocket`.
 */
export interface NativeSocket {
  /** The file descriptor, -1 once closed. */
  readonly fd: number;
  /** Whether `close()` has run. */
  readonly closed: boolean;
  /** bind(2) with `nl_pid = portId` (0: the kernel picks one) and `nl_groups`; returns the bound port id. */
  bind(portId?: number, groups?: number): number;
  /** The socket's port id, from getsockname(2) (0 before it is bound). */
  getPortId(): number;
  /** setsockopt(2) with an int value. */
  setOption(level: number, name: number, value: number): void;
  /** getsockopt(2) of an int value. */
  getOption(level: number, name: number): number;
  /** The multicast groups joined, from NETLINK_LIST_MEMBERSHIPS, in increasing order. */
  listMemberships(): number[];
  /** sendto(2) to `portId` (0, the kernel, by default); returns the bytes sent. Never blocks. */
  send(bytes: Uint8Array, portId?: number): number;
  /**
   * Starts reading on the event loop (or replaces the callbacks and limits when already started). Each
   * readable wake-up drains at most `maxDatagrams` datagrams / about `maxBytes` bytes and calls
   * `onBatch` once; see `batch.ts` for the layout of `data` and `meta`.
   */
  start(
    onBatch: (data: Uint8Array, meta: Uint32Array) => void,
    onOverrun: () => void,
    onError: (error: Error) => void,
    maxDatagrams?: number,
    maxBytes?: number,
  ): void;
  /** Stops reading until `resume()` (the kernel keeps queueing, up to the receive buffer). */
  pause(): void;
  /** Whether a full batch is followed by draining the next one on the thread pool (see `RawNetlinkSocket.setReadAhead`). */
  setReadAhead(on: boolean): void;
  /** Reads again after `pause()`. */
  resume(): void;
  /** Lets a started socket keep the event loop alive (the default). */
  ref(): void;
  /** Lets the process exit while a started socket is still open. */
  unref(): void;
  /** Stops reading and closes the fd; idempotent, and safe from inside a callback. */
  close(): void;
  /**
   * Sends the dump requests of `requests` (messages back to back) one after another on a thread-pool
   * thread, each once the answer before it ended, reading every answer (see `RawNetlinkSocket.runSeries`).
   * Only on a socket that is not started; one run at a time.
   */
  runSeries(requests: Uint8Array, firstSent: boolean, maxDatagrams?: number, maxBytes?: number, waitMs?: number): Promise<[data: Uint8Array, meta: Uint32Array, finished: number, inProgress: boolean, stop: number, errno: number, sendFailed: boolean]>;
  /** A new fd of the socket's network namespace (ioctl SIOCGSKNS); the caller closes it. */
  namespaceFd(): number;
}

/** The numbers the addon was compiled with; `options.ts` and `batch.ts` must agree with them. */
export interface NativeConstants {
  readonly AF_NETLINK: number;
  readonly SOL_SOCKET: number;
  readonly SOL_NETLINK: number;
  readonly SO_SNDBUF: number;
  readonly SO_RCVBUF: number;
  readonly SO_SNDBUFFORCE: number;
  readonly SO_RCVBUFFORCE: number;
  readonly NETLINK_ADD_MEMBERSHIP: number;
  readonly NETLINK_DROP_MEMBERSHIP: number;
  readonly NETLINK_PKTINFO: number;
  readonly NETLINK_BROADCAST_ERROR: number;
  readonly NETLINK_NO_ENOBUFS: number;
  readonly NETLINK_LISTEN_ALL_NSID: number;
  readonly NETLINK_LIST_MEMBERSHIPS: number;
  readonly NETLINK_CAP_ACK: number;
  readonly NETLINK_EXT_ACK: number;
  readonly NETLINK_GET_STRICT_CHK: number;
  readonly META_STRIDE: number;
  readonly META_NO_NSID: number;
}

/** What the addon exports. */
export interface NativeBinding {
  /**
   * Creates a netlink socket (SOCK_RAW, close-on-exec, non-blocking) for `protocol` in the caller's
   * network namespace, or in another one given as a namespace file path or an open namespace fd.
   */
  readonly NetlinkSocket: new (protocol: number, netns?: string | number) => NativeSocket;
  /**
   * Makes a new network namespace and bind-mounts it at `path`, a file directly under `runDir` (made and
   * made a shared mount point when needed), as `ip netns add` does; see `native/named-netns.h`. Throws an
   * `ERR_LINX_NATIVE` error whose stage is `'mkdir'`, `'mount'`, `'create'` (EEXIST: taken),
   * `'unshare'` or `'thread'`.
   */
  readonly createNamedNetns: (runDir: string, path: string) => void;
  /** Detaches the bind mount at `path` and removes the file, as `ip netns delete` does (stage `'unlink'`). */
  readonly deleteNamedNetns: (path: string) => void;
  /** A new close-on-exec fd of the BPF object pinned at `path` (bpf(2) BPF_OBJ_GET; stage `'bpf'`). */
  readonly bpfObjGet: (path: string) => number;
  readonly constants: NativeConstants;
}

/**
 * The package root: the nearest folder up from this module holding a package.json. Not a fixed `../..`:
 * this module is `src/native/binding.ts` when run from source but part of the bundled `dist/index.js`
 * (or a chunk beside it) when built and installed.
 */
function packageRoot(): string {
  const { existsSync } = nodeRequire('node:fs') as typeof import('node:fs');
  const { dirname, join } = nodeRequire('node:path') as typeof import('node:path');
  const { fileURLToPath } = nodeRequire('node:url') as typeof import('node:url');
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

let binding: NativeBinding | undefined;

/**
 * The addon, loaded on first use: a local build (`native/build/Release`) first, else the
 * prebuilt binary for this platform under `prebuilds/`; `NativeBinaryMissingError` when there is neither
 * (it says how to compile one). The environment variable LINX_NETLINK_ADDON,
 * when set, names a `.node` file to load instead (a sanitizer or debug build).
 */
export function loadNative(): NativeBinding {
  if (binding) return binding;
  if (process.platform !== 'linux') {
    throw new NativeLoadError(`netlink sockets exist only on Linux, not on ${process.platform}`);
  }
  try {
    const override = process.env['LINX_NETLINK_ADDON'];
    if (override) {
      binding = nodeRequire(override) as NativeBinding;
    } else {
      binding = loadAddonFrom(packageRoot()) as NativeBinding;
    }
  } catch (error) {
    if (error instanceof NativeLoadError) throw error;
    throw new NativeLoadError(`cannot load the linx netlink addon: ${(error as Error).message}`, { cause: error });
  }
  return binding;
}
