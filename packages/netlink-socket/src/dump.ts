import { NLMSG_DONE, NLMSG_ERROR, NLM_F_DUMP_INTR, NetlinkError, parseDoneMessage, parseErrorMessage, type NetlinkMessage } from '@linx/netlink-wire';
import type { Operation } from './operation.js';
import { DumpInterruptedError } from './request-errors.js';

/** What a dump needs from its connection. */
export interface DumpHost {
  /** Sends the request (now, or once the socket's current dump ends) and registers the dump. */
  begin(dump: PendingDump): void;
  /** Messages were queued (positive) or taken by the consumer (negative): for backpressure. */
  queued(delta: number): void;
  /** The consumer stopped early: the rest of the dump must be drained and discarded. */
  abandon(dump: PendingDump): void;
}

type Waiter = { resolve(result: IteratorResult<NetlinkMessage>): void; reject(error: unknown): void };

/**
 * A dump in progress, as an async iterator: messages are yielded as they arrive, the iteration ends at
 * NLMSG_DONE, and an error (NLMSG_ERROR, a DONE carrying an errno, an interrupted dump, a closed socket,
 * a timeout, an abort) is thrown from `next()`. The request is sent on the first `next()`.
 */
export class PendingDump implements Operation, AsyncIterableIterator<NetlinkMessage> {
  readonly isDump = true;
  seq = 0;
  readonly #queue: NetlinkMessage[] = [];
  #head = 0;
  #waiter: Waiter | undefined;
  #started = false;
  #finished = false;
  #error: Error | undefined;
  #interrupted = false;
  #received = 0;

  constructor(
    private readonly host: DumpHost,
    readonly bytes: Uint8Array,
    readonly headerLength: number | undefined,
  ) {}

  /** Messages delivered so far. */
  get received(): number {
    return this.#received;
  }

  deliver(message: NetlinkMessage): boolean {
    if (this.#finished) return true;
    if (message.flags & NLM_F_DUMP_INTR) this.#interrupted = true;
    if (message.type === NLMSG_DONE) {
      const done = parseDoneMessage(message);
      if (done.errno !== 0) this.#end(NetlinkError.fromDoneMessage(done, this.#context()));
      else this.#end(this.#interrupted ? new DumpInterruptedError(this.#received) : undefined);
      return true;
    }
    if (message.type === NLMSG_ERROR) {
      const error = parseErrorMessage(message);
      this.#end(error.errno === 0 ? undefined : NetlinkError.fromErrorMessage(error, this.#context()));
      return true;
    }
    this.#received++;
    if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.resolve({ value: message, done: false });
    } else {
      this.#queue.push(message);
      this.host.queued(1);
    }
    return false;
  }

  fail(error: Error): void {
    if (!this.#finished) this.#end(error);
  }

  next(): Promise<IteratorResult<NetlinkMessage>> {
    if (!this.#started) {
      this.#started = true;
      try {
        this.host.begin(this);
      } catch (error) {
        this.#finished = true;
        return Promise.reject(error);
      }
    }
    if (this.#head < this.#queue.length) {
      const value = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined as never;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue.splice(0, this.#head);
        this.#head = 0;
      }
      this.host.queued(-1);
      return Promise.resolve({ value, done: false });
    }
    if (this.#finished) {
      if (this.#error) {
        const error = this.#error;
        this.#error = undefined; // thrown once; later calls just end
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Stopping early (break, return, throw in a for-await loop): the rest is drained in the background. */
  return(): Promise<IteratorResult<NetlinkMessage>> {
    if (!this.#finished) {
      this.#finished = true;
      if (this.#started) this.host.abandon(this);
    }
    this.#discardQueue();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Reads the whole dump into an array. */
  async toArray(): Promise<NetlinkMessage[]> {
    const out: NetlinkMessage[] = [];
    for await (const message of this) out.push(message);
    return out;
  }

  #context() {
    return this.headerLength === undefined
      ? { request: this.bytes, seq: this.seq }
      : { request: this.bytes, headerLength: this.headerLength, seq: this.seq };
  }

  #end(error: Error | undefined): void {
    this.#finished = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (error) {
      // An error outranks what is still queued only when nothing can consume it usefully: a closed
      // socket or a timeout. Kernel errors are thrown after the queued messages have been read.
      if (waiter) waiter.reject(error);
      else this.#error = error;
    } else if (waiter) {
      waiter.resolve({ value: undefined, done: true });
    }
  }

  #discardQueue(): void {
    const left = this.#queue.length - this.#head;
    if (left > 0) this.host.queued(-left);
    this.#queue.length = 0;
    this.#head = 0;
  }
}
