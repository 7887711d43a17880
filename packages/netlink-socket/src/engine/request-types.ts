import type { ByteWriter } from '@linx/netlink-wire';
import type { NetnsTarget } from '../native/netns.js';
import type { WholeDumpOptions } from './interrupted-dumps.js';

/** Options of `Connection.open`. */
export interface ConnectionOptions {
  /** Netlink protocol: 0 NETLINK_ROUTE, 12 NETLINK_NETFILTER, 16 NETLINK_GENERIC, … */
  protocol: number;
  /** The network namespace (a name as `ip netns` makes them, a path, a pid or an fd). */
  netns?: NetnsTarget;
  /** Receive buffer size in bytes (SO_RCVBUFFORCE as root, else SO_RCVBUF). */
  receiveBufferSize?: number;
  /** Queued dump messages above which reading pauses (default 8192): bounds memory on huge dumps. */
  highWaterMark?: number;
  /**
   * Plain requests sent and not yet answered at most (default 256); more wait their turn. Together with
   * the receive buffer this keeps the kernel's answers from overflowing it.
   */
  maxInFlight?: number;
}

/** What a request is made of: the nlmsghdr fields linx does not fill in, and the payload. */
export interface RequestMessage {
  type: number;
  /** NLM_F_* flags beyond NLM_F_REQUEST (and NLM_F_ACK / NLM_F_DUMP, which the verbs set). */
  flags?: number;
  payload?: Uint8Array;
}

/**
 * Many requests of one type made as they are sent (for `requestAll`): `write(index, w)` appends the
 * payload of request `index` at the end of `w`, the datagram being built, so that no request needs a
 * buffer of its own. It must write the same bytes each time it is called for an index: a request that
 * fails is written again, into a buffer of its own, for its error to name the attribute it blames.
 */
export interface RequestSource {
  readonly count: number;
  readonly type: number;
  /** NLM_F_* flags beyond NLM_F_REQUEST, for every request. */
  readonly flags?: number;
  write(index: number, w: ByteWriter): void;
}

/** Options of a request or dump. */
export interface RequestOptions {
  /** Fail with `TimeoutError` after this many milliseconds. */
  timeout?: number;
  signal?: AbortSignal;
  /**
   * Size of the family's fixed header (ifinfomsg 16, rtmsg 12, nfgenmsg 4…): lets a `NetlinkError`
   * name the attribute its ext-ack offset points at.
   */
  headerLength?: number;
}

/** Options of `requestAll`. */
export interface RequestAllOptions extends RequestOptions {
  /**
   * `'each'` (the default): every message asks for an ACK. `'errors'`: none does; the kernel then answers
   * only the messages that fail, and a NOOP sent after each run of messages (whose ACK comes after every
   * answer to them, since the kernel handles a socket's requests in order) settles the rest as done. For
   * requests that have no reply but an ACK (adding routes, addresses…), this saves the kernel an ACK and
   * linx a read for every message.
   */
  acks?: 'each' | 'errors';
}

/** Options of a request. */
export interface SendOptions extends RequestOptions {
  /** Ask for an ACK (default true): the promise then settles on the kernel's ACK or error. */
  ack?: boolean;
}

/** Options of `dumpAll`: a dump's, and what to do when it is interrupted (`onInterrupt`, default retry). */
export interface DumpAllOptions extends RequestOptions, WholeDumpOptions {}
