import { AbortError, SocketClosedError, type Connection, type MulticastEvent, type OverrunError, type Subscription } from '@linx/netlink-socket';
import type { NetlinkMessage } from '@linx/netlink-wire';

/** What a packet stream yields: a packet, or an overrun (the kernel dropped packets meant for this socket). */
export type PacketEvent<P> = { kind: 'packet'; packet: P } | { kind: 'overrun'; error: OverrunError };

/**
 * The packets the kernel sends one socket on its own for one nfqueue queue or nflog group (unicast, sequence
 * number 0; `Connection.listen`), decoded, as an async iterator, and the binding's life: it listens from
 * the moment it is made, so nothing sent after the bind is missed, and `close()` unbinds. An overrun (the
 * socket's receive buffer overflowed: the kernel dropped packets, or with nfqueue's fail-open accepted
 * them unseen) is an event, and the stream goes on. A consumer slower than the traffic makes reading
 * pause once the connection's high-water mark of messages waits; the kernel then overflows the receive
 * buffer and the next event is an overrun. Leaving a for-await loop, `close()` or the signal ends it.
 */
export class PacketStream<P> implements AsyncIterableIterator<PacketEvent<P>> {
  readonly #connection: Connection;
  readonly #subscription: Subscription;
  readonly #decode: (message: NetlinkMessage) => P | undefined;
  readonly #unbind: () => Promise<unknown>;
  /** The first pull, made at once: a subscription queues only once pulled. */
  #first: Promise<IteratorResult<MulticastEvent>> | undefined;
  #stopped = false;
  #closing: Promise<void> | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  constructor(
    connection: Connection,
    /** Which of the kernel's unicast messages are this binding's. */
    accept: (message: NetlinkMessage) => boolean,
    decode: (message: NetlinkMessage) => P | undefined,
    /** Sends the unbind command. */
    unbind: () => Promise<unknown>,
    signal: AbortSignal | undefined,
  ) {
    this.#connection = connection;
    this.#subscription = connection.listen(accept);
    this.#decode = decode;
    this.#unbind = unbind;
    this.#first = this.#subscription.next();
    // (A pull made now may never be awaited: a failure is thrown to the next one.)
    this.#first.catch(() => undefined);
    this.#signal = signal;
    if (signal !== undefined) {
      this.#onAbort = () => void this.close().catch(() => undefined);
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal aborts once, so `once` only drops the listener sooner
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  /**
   * Sends the bind command, then the settings (if any). A refused bind sends nothing more; refused
   * settings unbind again. Either way the error is thrown and the stream is over.
   */
  async open(bind: () => Promise<unknown>, configure: (() => Promise<unknown>) | undefined): Promise<void> {
    try {
      await bind();
    } catch (error) {
      // (Unless the signal's close() already sent an unbind, behind the bind.) Nothing can call close()
      // after this (the stream is never handed out, and #stop drops the abort listener): this only says
      // it is closed.
      // Stryker disable next-line AssignmentOperator: as said, no later close() reads it
      this.#closing ??= Promise.resolve();
      this.#stop();
      throw error;
    }
    if (configure === undefined) return;
    try {
      await configure();
    } catch (error) {
      await this.close().catch(() => undefined);
      throw error;
    }
  }

  async next(): Promise<IteratorResult<PacketEvent<P>>> {
    for (;;) {
      if (this.#stopped) {
        if (this.#signal?.aborted) throw new AbortError(this.#signal.reason);
        return { value: undefined, done: true };
      }
      const pending = this.#first ?? this.#subscription.next();
      this.#first = undefined;
      const result = await pending;
      if (result.done) {
        this.#stop();
        continue;
      }
      const event = result.value;
      if (event.kind === 'overrun') return { value: { kind: 'overrun', error: event.error }, done: false };
      const packet = this.#decode(event.message);
      if (packet !== undefined) return { value: { kind: 'packet', packet }, done: false };
    }
  }

  /** Leaving a for-await loop closes the binding. */
  async return(): Promise<IteratorResult<PacketEvent<P>>> {
    await this.close().catch(() => undefined);
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Stops listening and unbinds (unless the handle was closed: the kernel unbinds a closed socket's bindings itself). Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stop();
      // Stryker disable next-line ConditionalExpression: on a closed connection the unbind is refused with SocketClosedError, which is ignored below too; this only skips trying
      if (this.#connection.closed) return;
      try {
        await this.#unbind();
      } catch (error) {
        if (!(error instanceof SocketClosedError)) throw error;
      }
    })();
    return this.#closing;
  }

  #stop(): void {
    // Stryker disable next-line ConditionalExpression: stopping again removes a removed listener and closes a closed subscription, which do nothing
    if (this.#stopped) return;
    this.#stopped = true;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,OptionalChaining,StringLiteral: a later abort's close() returns the same promise and sends nothing; removing the listener only lets the stream be collected sooner
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#subscription.close();
  }
}
