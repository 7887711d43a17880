import type { NetlinkMessage } from '@linx/netlink-wire';

/**
 * A request or dump waiting for the kernel's answer, found by its sequence number. The connection hands
 * it every message the kernel sends with that number, until it says it is finished.
 */
export interface Operation {
  readonly seq: number;
  /** Receives one message; returns true once the operation is complete (its number can be freed). */
  deliver(message: NetlinkMessage): boolean;
  /**
   * Ends the operation with an error (closed socket, timeout, abort); later messages are discarded. `seq`
   * names the request concerned, for operations that hold several (a bulk call's run).
   */
  fail(error: Error, seq?: number): void;
  /** A dump holds queued messages for a consumer; requests hold none. */
  readonly isDump: boolean;
  /**
   * The fast path for the commonest answer, an ACK (NLMSG_ERROR with errno 0), taken without decoding it:
   * returns true once the operation is complete. Operations without it get the message through `deliver`.
   */
  ack?(): boolean;
}

/**
 * Stands in for an operation that was abandoned (aborted, timed out) before the kernel finished
 * answering: it swallows the rest of the answer so its sequence number is not reused too early.
 */
export class Drain implements Operation {
  readonly isDump = false;
  constructor(
    readonly seq: number,
    private readonly dump: boolean,
  ) {}

  deliver(message: NetlinkMessage): boolean {
    // A dump ends with DONE (or an error); a request with its ACK or error, or its single reply.
    if (message.type === 2 || message.type === 3) return true;
    return !this.dump && (message.flags & 2) === 0;
  }

  ack(): boolean {
    return true;
  }

  fail(): void {}
}
