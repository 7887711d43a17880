import { NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_MIN_TYPE, NLM_F_DUMP_INTR, NetlinkError, errnoNumber, parseDoneMessage, parseErrorMessage, type NetlinkMessage } from '@linx/netlink-wire';
import { MessageChunk } from './message-chunk.js';
import type { Operation } from './operation.js';
import { DumpInterruptedError } from './errors.js';

/** What a dump needs from its connection. */
export interface DumpHost {
  /** Sends the request (now, or once the socket's current dump ends) and registers the dump. */
  begin(dump: PendingDump): void;
  /** Messages were queued (positive) or taken by the consumer (negative): for backpressure. */
  queued(delta: number): void;
  /** The consumer stopped early: the rest of the dump must be drained and discarded. */
  abandon(dump: PendingDump): void;
}

type Waiter = () => void;

const ENOBUFS = errnoNumber('ENOBUFS')!;

/**
 * A dump in progress. Iterate it for messages (`for await (const message of dump)`), or iterate
 * `dump.chunks()` for the messages of each receive batch at once (the fast path: no object per message
 * until the consumer wants one). Either ends at NLMSG_DONE; an error (NLMSG_ERROR, a DONE carrying an
 * errno, an interrupted dump, a closed socket, a timeout, an abort) is thrown once what came before it
 * was consumed. The request is sent when iteration starts.
 */
// An `Operation` of the connection's table (checked where it is armed), not by `implements`: the
// published declarations leave out `deliver`, an internal member (see Connection).
export class PendingDump implements AsyncIterableIterator<NetlinkMessage> {
  seq = 0;
  readonly #chunks: MessageChunk[] = [];
  /** Messages of the first queued chunk already taken by `next()`. */
  #taken = 0;
  #filling: MessageChunk | undefined;
  #waiter: Waiter | undefined;
  #started = false;
  #finished = false;
  #error: Error | undefined;
  #interrupted = false;
  #received = 0;
  /** Messages accepted from the current datagram, not yet reported to the host. */
  #unflushed = 0;

  constructor(
    private readonly host: DumpHost,
    readonly bytes: Uint8Array,
    readonly headerLength: number | undefined,
  ) {}

  /** Messages delivered so far. */
  get received(): number {
    return this.#received;
  }

  /**
   * @internal The data messages of this dump from `at` on in a datagram, up to its end, a control message
   * or another sequence number: queued in one tight loop. Returns where it stopped. The caller checked
   * the first header (so at least that message is taken); each further one is checked here.
   */
  acceptRun(bytes: Uint8Array, view: DataView, at: number, end: number, le: boolean): number {
    const start = at;
    const seq = this.seq;
    let count = 0;
    let flags = 0;
    while (end - at >= NLMSG_HDRLEN) {
      const length = view.getUint32(at, le);
      if (length < NLMSG_HDRLEN || length > end - at) break;
      if (view.getUint16(at + 4, le) < NLMSG_MIN_TYPE || view.getUint32(at + 8, le) !== seq) break;
      flags |= view.getUint16(at + 6, le);
      count++;
      at += (length + 3) & ~3;
    }
    // One run per datagram: no offset is kept per message.
    this.#chunkFor(bytes, view).addRun(start, at, count);
    if (flags & NLM_F_DUMP_INTR) this.#interrupted = true;
    this.#received += count;
    this.#unflushed += count;
    return at;
  }

  /** The chunk being filled with messages of `bytes`' batch (a new one for a new batch). */
  #chunkFor(bytes: Uint8Array, view: DataView): MessageChunk {
    let chunk = this.#filling;
    if (chunk === undefined || chunk.bytes !== bytes) {
      chunk = this.#filling = MessageChunk.ofRuns(bytes, view);
      this.#chunks.push(chunk);
    }
    return chunk;
  }

  /** @internal The end of a datagram: account for the messages it brought and wake the consumer. */
  flush(): void {
    if (this.#unflushed === 0) return;
    const count = this.#unflushed;
    this.#unflushed = 0;
    this.host.queued(count);
    this.#wake();
  }

  /**
   * @internal The messages that are not data (data messages come through `acceptRun`): NLMSG_DONE and
   * NLMSG_ERROR end the dump; other control messages (NLMSG_NOOP…) carry nothing for it.
   */
  deliver(message: NetlinkMessage): boolean {
    // The messages before it in this datagram are counted now: the datagram may not be read to its end.
    this.flush();
    if (message.flags & NLM_F_DUMP_INTR) this.#interrupted = true;
    if (message.type === NLMSG_DONE) {
      const done = parseDoneMessage(message);
      if (done.errno !== 0) this.#end(NetlinkError.fromDoneMessage(done, this.#context()));
      else this.#end(this.#interrupted ? new DumpInterruptedError(this.#received) : undefined);
      return true;
    }
    if (message.type === NLMSG_ERROR) {
      const error = parseErrorMessage(message);
      // The kernel started the dump but found the receive buffer full (netlink_dump returns ENOBUFS,
      // net/netlink/af_netlink.c): it answers the request with that error, yet the dump stays running and
      // goes on once the socket is read. Not an end.
      if (error.errno === ENOBUFS) return false;
      this.#end(error.errno === 0 ? undefined : NetlinkError.fromErrorMessage(error, this.#context()));
      return true;
    }
    return false;
  }

  fail(error: Error): void {
    this.flush();
    if (!this.#finished) this.#end(error);
  }

  /** The next message. */
  next(): Promise<IteratorResult<NetlinkMessage>> {
    // A queued message is handed over without an async function's extra promise and microtasks.
    const ready = this.#take();
    return ready !== undefined ? Promise.resolve(ready) : this.#nextSlow();
  }

  #take(): IteratorResult<NetlinkMessage> | undefined {
    const chunk = this.#chunks[0];
    if (chunk === undefined) return undefined;
    const message = chunk.message(this.#taken++);
    if (this.#taken === chunk.count) this.#shift();
    this.host.queued(-1);
    return { value: message, done: false };
  }

  async #nextSlow(): Promise<IteratorResult<NetlinkMessage>> {
    for (;;) {
      const ready = this.#take();
      if (ready !== undefined) return ready;
      const end = this.#endResult();
      if (end) return end;
      await this.#wait();
    }
  }

  /**
   * The dump as chunks: each holds the messages that arrived in one receive batch. Use it to decode
   * straight from the batch's bytes (`chunk.bytes`, `chunk.view`, `chunk.payloadStart(i)`).
   */
  async *chunks(): AsyncGenerator<MessageChunk, void, undefined> {
    try {
      for (;;) {
        const chunk = this.#chunks[0];
        if (chunk !== undefined) {
          const rest = this.#taken === 0 ? chunk : new MessageChunk(chunk.bytes, chunk.view, chunk.offsets.slice(this.#taken));
          this.#shift();
          this.host.queued(-rest.count);
          yield rest;
          continue;
        }
        const end = this.#endResult();
        if (end) return;
        await this.#wait();
      }
    } finally {
      if (!this.#finished || this.#chunks.length) await this.return();
    }
  }

  /** Stopping early (break, return, throw in a for-await loop): the rest is drained in the background. */
  return(): Promise<IteratorResult<NetlinkMessage>> {
    if (!this.#finished) {
      // Over: a dump stopped before its first next() is never begun (never sent) afterwards.
      this.#finished = true;
      this.host.abandon(this);
    }
    let left = -this.#taken;
    for (const chunk of this.#chunks) left += chunk.count;
    if (left > 0) this.host.queued(-left);
    this.#chunks.length = 0;
    this.#taken = 0;
    this.#filling = undefined;
    // A next() still waiting ends too.
    this.#wake();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Reads the whole dump into an array of messages. */
  async toArray(): Promise<NetlinkMessage[]> {
    const out: NetlinkMessage[] = [];
    for await (const chunk of this.chunks()) for (let i = 0; i < chunk.count; i++) out.push(chunk.message(i));
    return out;
  }

  /** The iteration's end once the queue is empty: done, or the error (thrown once). */
  #endResult(): IteratorResult<NetlinkMessage> | undefined {
    if (!this.#started) {
      this.#started = true;
      // A dump failed before its first next() (its connection failed) is not begun: its error is thrown.
      // begin() may end the dump at once (an already-aborted signal).
      if (!this.#finished) this.host.begin(this);
    }
    if (!this.#finished) return undefined;
    if (this.#error) {
      const error = this.#error;
      this.#error = undefined;
      throw error;
    }
    return { value: undefined, done: true };
  }

  #wait(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter();
    }
  }

  #shift(): void {
    const chunk = this.#chunks.shift();
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a later batch has bytes of its own, so it never fills a chunk of an earlier one; forgetting the chunk here only lets its batch be collected sooner
    if (chunk === this.#filling) this.#filling = undefined;
    this.#taken = 0;
  }

  #context() {
    return this.headerLength === undefined
      ? { request: this.bytes, seq: this.seq }
      : { request: this.bytes, headerLength: this.headerLength, seq: this.seq };
  }

  #end(error: Error | undefined): void {
    this.#finished = true;
    this.#filling = undefined;
    this.#error = error;
    this.#wake();
  }
}
