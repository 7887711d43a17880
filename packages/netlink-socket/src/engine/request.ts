import { NLMSG_DONE, NLMSG_ERROR, NLM_F_ACK, NLM_F_DUMP, NLM_F_MULTI, NetlinkError, parseDoneMessage, parseErrorMessage, type NetlinkMessage } from '@linx/netlink-wire';
import type { Operation } from './operation.js';

/** The answer of a request that got only an ACK: one shared, frozen empty list. */
export const NO_REPLIES: NetlinkMessage[] = Object.freeze([]) as unknown as NetlinkMessage[];

/** Where a request's answer goes. */
export interface RequestCallbacks {
  resolve(replies: NetlinkMessage[]): void;
  reject(error: Error): void;
}

/**
 * A request that is not a dump. It collects the reply messages; it completes with the ACK (when it asked
 * for one), with its single reply (when it did not), with NLMSG_DONE after a multipart reply, or with an
 * error, which becomes a `NetlinkError` carrying the kernel's ext-ack and the attribute it points at.
 */
export class PendingRequest implements Operation {
  /** The replies, made only when one comes (most requests are answered by an ACK alone). */
  #replies: NetlinkMessage[] | undefined;
  #settled = false;

  constructor(
    readonly seq: number,
    private readonly flags: number,
    private readonly bytes: Uint8Array,
    private readonly headerLength: number | undefined,
    private readonly callbacks: RequestCallbacks,
  ) {}

  /** Whether the request asked for an ACK (its answer then ends with the ACK or an error). */
  get acked(): boolean {
    return (this.flags & NLM_F_ACK) !== 0;
  }

  /**
   * Whether it was sent as a dump (both NLM_F_DUMP bits; NLM_F_REPLACE or NLM_F_EXCL alone is a NEW
   * request's). The kernel writes a dump's answer as the socket is read, never dropping it for lack of
   * room, so an overrun cannot have lost it.
   */
  get isDump(): boolean {
    return (this.flags & NLM_F_DUMP) === NLM_F_DUMP;
  }

  deliver(message: NetlinkMessage): boolean {
    if (message.type === NLMSG_ERROR) {
      const error = parseErrorMessage(message);
      if (error.errno === 0) this.#resolve();
      else this.#reject(NetlinkError.fromErrorMessage(error, this.#context()));
      return true;
    }
    if (message.type === NLMSG_DONE) {
      const done = parseDoneMessage(message);
      if (done.errno !== 0) {
        this.#reject(NetlinkError.fromDoneMessage(done, { ...this.#context(), seq: this.seq }));
        return true;
      }
      // With NLM_F_ACK, the ACK still follows the DONE of a multipart reply.
      if ((this.flags & NLM_F_ACK) === 0) this.#resolve();
      return (this.flags & NLM_F_ACK) === 0;
    }
    (this.#replies ??= []).push(message);
    // Without an ACK to wait for, a single (non-multipart) reply is the whole answer.
    if ((this.flags & NLM_F_ACK) === 0 && (message.flags & NLM_F_MULTI) === 0) {
      this.#resolve();
      return true;
    }
    return false;
  }

  ack(): boolean {
    this.#resolve();
    return true;
  }

  fail(error: Error): void {
    this.#reject(error);
  }

  #context() {
    return this.headerLength === undefined ? { request: this.bytes } : { request: this.bytes, headerLength: this.headerLength };
  }

  #resolve(): void {
    if (this.#settled) return;
    // Stryker disable next-line BooleanLiteral: nothing settles a request twice (it leaves the table as it settles, and settling disarms its timeout and abort), so the guard above is a safeguard never taken
    this.#settled = true;
    this.callbacks.resolve(this.#replies ?? NO_REPLIES);
  }

  #reject(error: Error): void {
    if (this.#settled) return;
    // Stryker disable next-line BooleanLiteral: nothing settles a request twice (it leaves the table as it settles, and settling disarms its timeout and abort), so the guard above is a safeguard never taken
    this.#settled = true;
    this.callbacks.reject(error);
  }
}
