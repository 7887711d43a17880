import type { ReceiveHandlers } from '../native/raw-socket.js';

/**
 * What the request engine needs from a socket. `RawNetlinkSocket` is one; the fake kernel in
 * `@linx/netlink-socket/testing` is another, so the layers above can be tested without a kernel.
 */
export interface Transport {
  /** The port id replies are addressed to. */
  readonly portId: number;
  readonly closed: boolean;
  /** Sends one datagram (one or more messages). Throws synchronously on failure. */
  send(bytes: Uint8Array): number;
  /** Starts delivering received datagrams (see `RawNetlinkSocket.start` for the batch layout). */
  start(handlers: ReceiveHandlers): void;
  /** Stops reading until `resume` (backpressure); the kernel keeps messages in the receive buffer meanwhile. */
  pause(): void;
  resume(): void;
  addMembership(group: number): void;
  dropMembership(group: number): void;
  close(): void;
  /** Lets the process exit while only this socket is open (and `ref` undoes it). Optional. */
  ref?(): void;
  unref?(): void;
  /** Socket options the engine turns on when it can; a transport without them simply lacks them. */
  setExtendedAck?(on: boolean): void;
  setStrictCheck?(on: boolean): void;
  setCapAck?(on: boolean): void;
  setPacketInfo?(on: boolean): void;
  /** Drain full batches' successors on the thread pool (while a dump runs). Optional. */
  setReadAhead?(on: boolean): void;
}
