import { createRequire } from 'node:module';
import { errnoName } from '@linx/netlink-wire';
import { InvalidArgumentError, NativeError, SocketClosedError, fromNativeError } from './errors.js';
import { loadNative, type NativeSocket } from './binding.js';
import { resolveNetns, type NetnsTarget, type ResolvedNetns } from './netns.js';
import {
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_BROADCAST_ERROR,
  NETLINK_CAP_ACK,
  NETLINK_DROP_MEMBERSHIP,
  NETLINK_EXT_ACK,
  NETLINK_GET_STRICT_CHK,
  NETLINK_LISTEN_ALL_NSID,
  NETLINK_NO_ENOBUFS,
  NETLINK_PKTINFO,
  SOL_NETLINK,
  SOL_SOCKET,
  SO_RCVBUF,
  SO_RCVBUFFORCE,
  SO_SNDBUF,
  SO_SNDBUFFORCE,
} from './socket-options.js';

/** Options of {@link RawNetlinkSocket.open}. */
export interface OpenOptions {
  /** The netlink protocol: 0 NETLINK_ROUTE, 12 NETLINK_NETFILTER, 16 NETLINK_GENERIC, … */
  protocol: number;
  /** The network namespace to open the socket in; the caller's when omitted. */
  netns?: NetnsTarget;
  /**
   * The receive buffer size to ask for, in bytes: set with SO_RCVBUFFORCE when the process may
   * (CAP_NET_ADMIN), else with SO_RCVBUF, which the kernel caps at net.core.rmem_max.
   */
  receiveBufferSize?: number;
  /** The send buffer size to ask for, in bytes, the same way (SO_SNDBUFFORCE, else SO_SNDBUF). */
  sendBufferSize?: number;
}

/** What {@link RawNetlinkSocket.start} calls, and how much it reads per wake-up. */
export interface ReceiveHandlers {
  /**
   * Called once per readable wake-up with every datagram read then: `data` and `meta` are laid out as
   * `batch.ts` describes (iterate them with `datagrams(data, meta)`). Both are fresh per call and may
   * be kept. Runs as an event-loop callback: an exception thrown here is an uncaught exception.
   */
  onBatch(data: Uint8Array, meta: Uint32Array): void;
  /**
   * The kernel dropped messages for this socket (recvmsg failed with ENOBUFS: the receive buffer
   * overflowed). Reading goes on; a monitor should resynchronise (dump again).
   */
  onOverrun(): void;
  /** Receiving failed otherwise (stage `'recvmsg'` or `'poll'`). Reading goes on unless the fd is gone. */
  onError(error: NativeError): void;
  /** At most this many datagrams per batch (default 64). */
  maxDatagrams?: number;
  /**
   * A batch ends once it holds this many bytes (default 2 MiB; the last datagram may pass it). While
   * reading ahead, batches read on the event loop stop at 64 KiB already; those read ahead use this limit.
   */
  maxBytes?: number;
}

/** How a buffer size is set. */
export interface BufferSizeOptions {
  /**
   * Use SO_RCVBUFFORCE / SO_SNDBUFFORCE, which may exceed net.core.rmem_max / wmem_max but need
   * CAP_NET_ADMIN (else the call fails with EPERM). Default false.
   */
  force?: boolean;
}

// node:fs through `require`, on first use (see binding.ts: an ESM import of a built-in costs every import).
const nodeRequire = createRequire(import.meta.url);

/** How far one {@link RawNetlinkSocket.runSeries} got. */
export interface SeriesRun {
  /** The datagrams read, laid out as `onBatch` gets them (see `receive-batch.ts`). */
  data: Uint8Array;
  meta: Uint32Array;
  /** How many of the requests (from the first) had their answer end in this run. */
  finished: number;
  /** Whether the request after those was sent and its answer has not ended (pass `firstSent` next time). */
  inProgress: boolean;
  /**
   * Why it stopped before every answer ended: `'limit'` (the batch is full), `'wait'` (nothing came for
   * `waitMs`), `'overrun'` (recvmsg said ENOBUFS), or a `NativeError` (stage `'send'` or `'recvmsg'`).
   * `'wait'` too when every answer ended.
   */
  stop: 'limit' | 'wait' | 'overrun' | NativeError;
}

/** The order of the addon's DrainStop values. */
const SERIES_STOPS = ['limit', 'wait', 'overrun'] as const;

/** The room sk_sndbuf must have beyond a datagram for netlink_sendmsg to accept it. */
const SEND_OVERHEAD = 32;

/**
 * A netlink socket with nothing protocol-specific about it: bound to a kernel-assigned port id when
 * opened; sends bytes to the kernel; reads datagrams in batches on Node's event loop, never blocking it.
 * Sequence numbers, requests, dumps and acks are the business of the engine built on top.
 *
 * Every method of a closed socket throws {@link SocketClosedError}; failed system calls throw
 * {@link NativeError}.
 *
 * @example
 * const socket = RawNetlinkSocket.open({ protocol: 0, netns: 'blue' });
 * socket.setExtendedAck(true);
 * socket.start({
 *   onBatch(data, meta) { for (const d of datagrams(data, meta)) console.log(d.portId, d.bytes.length); },
 *   onOverrun() { console.warn('messages lost'); },
 *   onError(error) { console.error(error); },
 * });
 * socket.send(request);
 */
export class RawNetlinkSocket {
  /** The netlink protocol number the socket was opened for. */
  readonly protocol: number;
  /** The port id (nl_pid) the kernel assigned at bind time; replies from the kernel are addressed to it. */
  readonly portId: number;
  readonly #native: NativeSocket;
  #sendCapacity: number | undefined;

  private constructor(native: NativeSocket, protocol: number, portId: number) {
    this.#native = native;
    this.protocol = protocol;
    this.portId = portId;
  }

  /**
   * Opens a netlink socket for `protocol`, in the caller's network namespace or in `netns` (entered on
   * a short-lived native thread, so no Node or libuv thread ever changes namespace), binds it to a
   * kernel-assigned port id and applies the buffer sizes asked for.
   * @throws InvalidArgumentError before anything native runs, for a bad protocol, namespace or size.
   * @throws NativeError naming the failing stage: `'open'` (e.g. ENOENT: no such namespace), `'setns'`
   *   (EPERM without CAP_SYS_ADMIN, EINVAL for a file that is not a network namespace), `'socket'`
   *   (EPROTONOSUPPORT for a protocol the kernel lacks), `'bind'`, `'setsockopt'`.
   */
  static open(options: OpenOptions): RawNetlinkSocket {
    const protocol = checkInteger('protocol', options.protocol, 0, 0x7fff_ffff);
    const netns = options.netns === undefined ? undefined : resolveNetns(options.netns);
    const receiveBufferSize = optionalSize('receiveBufferSize', options.receiveBufferSize);
    const sendBufferSize = optionalSize('sendBufferSize', options.sendBufferSize);
    const { NetlinkSocket } = loadNative();
    let native: NativeSocket;
    try {
      native = call(() => new NetlinkSocket(protocol, netns === undefined ? undefined : 'path' in netns ? netns.path : netns.fd));
    } catch (error) {
      throw netns === undefined ? error : inNamespace(error, options.netns!, netns);
    }
    try {
      const portId = call(() => native.bind(0, 0));
      const socket = new RawNetlinkSocket(native, protocol, portId);
      if (receiveBufferSize !== undefined) socket.#setBufferSize(SO_RCVBUFFORCE, SO_RCVBUF, receiveBufferSize);
      if (sendBufferSize !== undefined) socket.#setBufferSize(SO_SNDBUFFORCE, SO_SNDBUF, sendBufferSize);
      return socket;
    } catch (error) {
      native.close();
      throw error;
    }
  }

  /** The socket's file descriptor, for diagnostics (do not close it). */
  get fd(): number {
    this.#check();
    return this.#native.fd;
  }

  /** Whether {@link close} has run. */
  get closed(): boolean {
    return this.#native.closed;
  }

  /**
   * Sends `bytes` (one datagram: one or more netlink messages) to the kernel; any Uint8Array view works.
   * A datagram larger than the send buffer allows first raises it (SO_SNDBUFFORCE when permitted, else
   * SO_SNDBUF up to net.core.wmem_max); one that still does not fit fails with EMSGSIZE.
   * @returns the number of bytes sent (all of them: netlink datagrams are never split).
   * @throws NativeError at stage `'send'`: EMSGSIZE, EAGAIN (the receiver's buffer is full; only for
   *   user-space peers), ECONNREFUSED (no such port), …
   */
  send(bytes: Uint8Array): number {
    this.#check();
    if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('bytes', 'must be a Uint8Array');
    if (bytes.byteLength > this.#sendRoom()) this.#growSendBuffer(bytes.byteLength);
    return call(() => this.#native.send(bytes));
  }

  /** setsockopt(2) with an int value (booleans are 1/0), for options without a named helper. */
  setOption(level: number, name: number, value: number | boolean): void {
    this.#check();
    const v = typeof value === 'boolean' ? Number(value) : checkInteger('value', value, -0x8000_0000, 0x7fff_ffff);
    call(() => this.#native.setOption(checkInteger('level', level, 0, 0x7fff_ffff), checkInteger('name', name, 0, 0x7fff_ffff), v));
    if (level === SOL_SOCKET && (name === SO_SNDBUF || name === SO_SNDBUFFORCE)) this.#sendCapacity = undefined;
  }

  /** getsockopt(2) of an int value. */
  getOption(level: number, name: number): number {
    this.#check();
    return call(() => this.#native.getOption(checkInteger('level', level, 0, 0x7fff_ffff), checkInteger('name', name, 0, 0x7fff_ffff)));
  }

  /** NETLINK_EXT_ACK: error replies carry the kernel's message text and the offending attribute. */
  setExtendedAck(on = true): void {
    this.setOption(SOL_NETLINK, NETLINK_EXT_ACK, on);
  }

  /** NETLINK_GET_STRICT_CHK: the kernel validates dump requests strictly (and honours their filters). */
  setStrictCheck(on = true): void {
    this.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, on);
  }

  /** NETLINK_CAP_ACK: error replies echo only the request's header, not the whole request. */
  setCapAck(on = true): void {
    this.setOption(SOL_NETLINK, NETLINK_CAP_ACK, on);
  }

  /** NETLINK_NO_ENOBUFS: receive buffer overflows are no longer reported (no overrun events). */
  setNoEnobufs(on = true): void {
    this.setOption(SOL_NETLINK, NETLINK_NO_ENOBUFS, on);
  }

  /**
   * NETLINK_LISTEN_ALL_NSID: also receive the notifications of every namespace that has an nsid in this
   * one (needs CAP_NET_BROADCAST); each datagram's nsid is then in the batch metadata.
   */
  setListenAllNsid(on = true): void {
    this.setOption(SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, on);
  }

  /** NETLINK_BROADCAST_ERROR: report failures to deliver this socket's broadcasts. */
  setBroadcastError(on = true): void {
    this.setOption(SOL_NETLINK, NETLINK_BROADCAST_ERROR, on);
  }

  /**
   * NETLINK_PKTINFO: every datagram carries the multicast group it was sent to, so groups above 32
   * can be told apart in the batch metadata.
   */
  setPacketInfo(on = true): void {
    this.setOption(SOL_NETLINK, NETLINK_PKTINFO, on);
  }

  /**
   * Sets the receive buffer. The kernel doubles the value asked for (bookkeeping overhead), caps it at
   * net.core.rmem_max unless `force`, and enforces a small minimum.
   */
  setReceiveBufferSize(bytes: number, options: BufferSizeOptions = {}): void {
    this.setOption(SOL_SOCKET, options.force ? SO_RCVBUFFORCE : SO_RCVBUF, checkInteger('bytes', bytes, 0, 0x7fff_ffff));
  }

  /** The receive buffer size as the kernel reports it (twice the value that was set). */
  getReceiveBufferSize(): number {
    return this.getOption(SOL_SOCKET, SO_RCVBUF);
  }

  /** Sets the send buffer, as {@link setReceiveBufferSize} does (net.core.wmem_max is the cap). */
  setSendBufferSize(bytes: number, options: BufferSizeOptions = {}): void {
    this.setOption(SOL_SOCKET, options.force ? SO_SNDBUFFORCE : SO_SNDBUF, checkInteger('bytes', bytes, 0, 0x7fff_ffff));
  }

  /** The send buffer size as the kernel reports it. */
  getSendBufferSize(): number {
    return this.getOption(SOL_SOCKET, SO_SNDBUF);
  }

  /** Joins multicast group `group` (a group number, 1 or more: any, not only the first 32). */
  addMembership(group: number): void {
    this.setOption(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, checkInteger('group', group, 1, 0x7fff_ffff));
  }

  /** Leaves multicast group `group`. */
  dropMembership(group: number): void {
    this.setOption(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, checkInteger('group', group, 1, 0x7fff_ffff));
  }

  /** The multicast groups joined, in increasing order. */
  memberships(): number[] {
    this.#check();
    return call(() => this.#native.listMemberships());
  }

  /**
   * Starts reading datagrams on the event loop; calling it again replaces the handlers. While started
   * (until {@link close}) the socket stays alive even without references, and keeps the process running
   * unless {@link unref} is called.
   */
  start(handlers: ReceiveHandlers): void {
    this.#check();
    const { onBatch, onOverrun, onError } = handlers;
    if (typeof onBatch !== 'function' || typeof onOverrun !== 'function' || typeof onError !== 'function') {
      throw new InvalidArgumentError('handlers', 'onBatch, onOverrun and onError must be functions');
    }
    const maxDatagrams = handlers.maxDatagrams === undefined ? undefined : checkInteger('maxDatagrams', handlers.maxDatagrams, 1, 1 << 20);
    const maxBytes = handlers.maxBytes === undefined ? undefined : checkInteger('maxBytes', handlers.maxBytes, 1, 256 * 1024 * 1024);
    const deliverError = (error: Error): void => {
      const converted = fromNativeError(error);
      onError(converted instanceof NativeError ? converted : new NativeError('recvmsg', 0, 'E0', String(error), { cause: error }));
    };
    call(() => this.#native.start(onBatch, onOverrun, deliverError, maxDatagrams, maxBytes));
  }

  /**
   * Reading ahead (off by default): a batch that fills up is followed by draining the next one on libuv's
   * thread pool while `onBatch` handles it. For dumps: the kernel builds a dump's datagrams inside
   * recvmsg, so this moves that work to another core. Batches still arrive one at a time, in order. The
   * engine turns it on while a dump runs; notifications, already built, gain nothing from it, and should
   * not wait for a thread pool busy with other work.
   */
  setReadAhead(on = true): void {
    this.#check();
    call(() => this.#native.setReadAhead(on === true));
  }

  /**
   * Sends the requests in `requests` (netlink messages back to back, each with its own sequence number;
   * dumps, typically) one after another from a thread of libuv's pool: each goes out once a message of
   * the kernel with its sequence number ended the answer before (NLMSG_DONE, or NLMSG_ERROR other than a
   * dump's ENOBUFS), and every datagram read meanwhile lands in the run's batch. The kernel does a dump's
   * work inside those sendmsg and recvmsg calls (net/netlink/af_netlink.c), so it happens on that thread,
   * not on the event loop's. `firstSent`: the first request went out in an earlier run whose answer had
   * not ended. A run stops when every answer ended, the batch reaches `limits`, nothing arrives for
   * `waitMs` (default 100) while an answer is open, or a call fails.
   *
   * Only for a socket that is not started (the run must be its only reader), one run at a time; the
   * socket cannot be started while one runs. Closing the socket during a run rejects it with
   * `SocketClosedError` once its thread is done.
   */
  async runSeries(requests: Uint8Array, firstSent: boolean, limits: { maxDatagrams?: number; maxBytes?: number; waitMs?: number } = {}): Promise<SeriesRun> {
    this.#check();
    if (!(requests instanceof Uint8Array)) throw new InvalidArgumentError('requests', 'must be a Uint8Array');
    const maxDatagrams = limits.maxDatagrams === undefined ? undefined : checkInteger('maxDatagrams', limits.maxDatagrams, 1, 1 << 20);
    const maxBytes = limits.maxBytes === undefined ? undefined : checkInteger('maxBytes', limits.maxBytes, 1, 256 * 1024 * 1024);
    const waitMs = limits.waitMs === undefined ? undefined : checkInteger('waitMs', limits.waitMs, 0, 60_000);
    let result: Awaited<ReturnType<NativeSocket['runSeries']>>;
    try {
      result = await call(() => this.#native.runSeries(requests, firstSent === true, maxDatagrams, maxBytes, waitMs));
    } catch (error) {
      throw fromNativeError(error);
    }
    const [data, meta, finished, inProgress, stop, errno, sendFailed] = result;
    return {
      data,
      meta,
      finished,
      inProgress,
      stop: stop < SERIES_STOPS.length ? SERIES_STOPS[stop]! : new NativeError(sendFailed ? 'send' : 'recvmsg', errno, errnoName(errno) ?? `E${errno}`),
    };
  }

  /**
   * Opens another socket of the same protocol in this socket's network namespace, whichever way that one
   * was named (the namespace comes from the socket itself: ioctl SIOCGSKNS, which needs CAP_NET_ADMIN
   * there), with the same receive buffer size asked for when given.
   * @throws NativeError at stage `'ioctl'` (EPERM without CAP_NET_ADMIN in the namespace), or as `open` does.
   */
  openBeside(options: { receiveBufferSize?: number } = {}): RawNetlinkSocket {
    this.#check();
    const fd = call(() => this.#native.namespaceFd());
    const { closeSync } = nodeRequire('node:fs') as typeof import('node:fs');
    try {
      return RawNetlinkSocket.open({ protocol: this.protocol, netns: { fd }, ...options });
    } finally {
      closeSync(fd);
    }
  }

  /** Stops reading (backpressure): nothing is delivered until {@link resume}; the kernel queues meanwhile. */
  pause(): void {
    this.#check();
    call(() => this.#native.pause());
  }

  /** Reads again after {@link pause}. */
  resume(): void {
    this.#check();
    call(() => this.#native.resume());
  }

  /** Makes a started socket keep the process alive (the default). */
  ref(): void {
    this.#check();
    call(() => this.#native.ref());
  }

  /** Lets the process exit even though this socket is started and open. */
  unref(): void {
    this.#check();
    call(() => this.#native.unref());
  }

  /** Stops reading and closes the socket. Idempotent; safe from inside `onBatch`. */
  close(): void {
    this.#native.close();
  }

  #check(): void {
    if (this.#native.closed) throw new SocketClosedError();
  }

  #sendRoom(): number {
    this.#sendCapacity ??= this.getSendBufferSize() - SEND_OVERHEAD;
    return this.#sendCapacity;
  }

  #growSendBuffer(length: number): void {
    // The kernel doubles the value; asking for the datagram's size leaves room for the overhead.
    const wanted = Math.min(length + SEND_OVERHEAD, 0x3fff_ffff);
    try {
      this.#setBufferSize(SO_SNDBUFFORCE, SO_SNDBUF, wanted);
    } finally {
      this.#sendCapacity = undefined;
    }
  }

  /** Sets a buffer size with the FORCE option, falling back to the capped one without CAP_NET_ADMIN. */
  #setBufferSize(forced: number, plain: number, bytes: number): void {
    try {
      this.setOption(SOL_SOCKET, forced, bytes);
    } catch (error) {
      if (!(error instanceof NativeError) || error.errnoName !== 'EPERM') throw error;
      this.setOption(SOL_SOCKET, plain, bytes);
    }
  }
}

/** A failure to enter a namespace, its message naming the namespace as the caller gave it (and its file). */
function inNamespace(error: unknown, target: NetnsTarget, resolved: ResolvedNetns): unknown {
  if (!(error instanceof NativeError) || !['open', 'setns', 'thread'].includes(error.stage)) return error;
  const named = typeof target === 'string' ? target : 'name' in target ? target.name : undefined;
  const where = 'fd' in resolved ? `fd ${resolved.fd}` : resolved.path;
  const label = named === undefined ? where : `${JSON.stringify(named)} (${where})`;
  return new NativeError(error.stage, error.errno, error.errnoName, `network namespace ${label}: ${error.message}`, { cause: error });
}

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw fromNativeError(error);
  }
}

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(name, `must be an integer in ${min}..${max}, got ${String(value)}`);
  }
  return value;
}

function optionalSize(name: string, value: number | undefined): number | undefined {
  return value === undefined ? undefined : checkInteger(name, value, 0, 0x7fff_ffff);
}
