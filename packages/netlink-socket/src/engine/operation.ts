import { HOST_LITTLE_ENDIAN, NLM_F_MULTI, NLMSG_DONE, NLMSG_ERROR, errnoNumber, viewOf, type NetlinkMessage } from '@linx/netlink-wire';

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
  /**
   * The fast path for the commonest answer, an ACK (NLMSG_ERROR with errno 0), taken without decoding it:
   * returns true once the operation is complete. Operations without it get the message through `deliver`.
   */
  ack?(): boolean;
}

/** What ends the rest of an abandoned answer: a dump's, or a request's that asked for an ACK or did not. */
export type DrainKind = 'dump' | 'acked' | 'unacked';

/**
 * Stands in for an operation that was abandoned (aborted, timed out) before the kernel finished
 * answering: it swallows the rest of the answer so its sequence number is not reused too early. It ends
 * where the operation would have: an error ends any answer (but ENOBUFS a dump's, which goes on); NLMSG_DONE a dump's, a DONE carrying an errno
 * any request's, a plain DONE the multipart reply of a request without NLM_F_ACK (with it, the ACK still
 * follows); and such a request's single reply (no NLM_F_MULTI) is its whole answer.
 */
export class Drain implements Operation {
  constructor(
    readonly seq: number,
    readonly kind: DrainKind,
  ) {}

  deliver(message: NetlinkMessage): boolean {
    // (ENOBUFS answering a dump's request does not end it: see PendingDump.deliver.)
    if (message.type === NLMSG_ERROR) return this.kind !== 'dump' || errnoOf(message) !== ENOBUFS;
    if (message.type === NLMSG_DONE) return this.kind !== 'acked' || doneErrno(message) !== 0;
    return this.kind === 'unacked' && (message.flags & NLM_F_MULTI) === 0;
  }

  ack(): boolean {
    return true;
  }

  fail(): void {}
}

function doneErrno(message: NetlinkMessage): number {
  return message.payload.length < 4 ? 0 : viewOf(message.payload).getInt32(0, HOST_LITTLE_ENDIAN);
}

/** The errno of an NLMSG_ERROR (positive; 0 for an ACK). */
function errnoOf(message: NetlinkMessage): number {
  return message.payload.length < 4 ? 0 : -viewOf(message.payload).getInt32(0, HOST_LITTLE_ENDIAN);
}

const ENOBUFS = errnoNumber('ENOBUFS')!;
