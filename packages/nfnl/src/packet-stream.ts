import { AbortError, type MulticastEvent, type OverrunError, type Subscription } from '@linx/netlink-socket';
import type { NetlinkMessage } from '@linx/netlink-wire';

/** What a packet stream yields: a packet, or an overrun (the kernel dropped packets meant for this socket). */
export type PacketEvent<P> = { kind: 'packet'; packet: P } | { kind: 'overrun'; error: OverrunError };

/**
 * The packets the kernel sends one socket on its own for one nfqueue queue or nflog group (unicast, sequence
 * number 0; `Connection.listen`), decoded, as an async iterator. It reads from the moment it is made, so
 * nothing sent after the bind is missed. An overrun (the socket's receive buffer overflowed: the kernel
 * dropped packets, or with nfqueue's fail-open accepted them unseen) is an event, and the stream goes on.
 * A consumer slower than the traffic makes reading pause once the connection's high-water mark of messages
 * waits; the kernel then overflows the receive buffer and the next event is an overrun. `stop()` or the
 * signal ends it.
 */
export class PacketStream<P> implements AsyncIterableIterator<PacketEvent<P>> {
  readonly #subscription: Subscription;
  readonly #decode: (message: NetlinkMessage) => P | undefined;
  /** The first pull, made at once: a subscription queues only once pulled. */
  #first: Promise<IteratorResult<MulticastEvent>> | undefined;
  #stopped = false;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  constructor(subscription: Subscription, decode: (message: NetlinkMessage) => P | undefined, signal: AbortSignal | undefined, onAbort: () => void) {
    this.#subscription = subscription;
    this.#decode = decode;
    this.#first = subscription.next();
    // (A pull made now may never be awaited: a failure is thrown to the next one.)
    this.#first.catch(() => undefined);
    this.#signal = signal;
    if (signal !== undefined) {
      this.#onAbort = onAbort;
      signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  get stopped(): boolean {
    return this.#stopped;
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
        this.stop();
        continue;
      }
      const event = result.value;
      if (event.kind === 'overrun') return { value: { kind: 'overrun', error: event.error }, done: false };
      const packet = this.#decode(event.message);
      if (packet !== undefined) return { value: { kind: 'packet', packet }, done: false };
    }
  }

  /** Leaving a for-await loop stops the stream (its owner decides what else that means). */
  async return(): Promise<IteratorResult<PacketEvent<P>>> {
    this.stop();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Stops listening; idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#subscription.close();
  }
}
