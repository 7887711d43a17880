import { EventEmitter } from 'node:events';
import type { NetlinkMessage } from '@linx/netlink-wire';
import { OverrunError } from './errors.js';

/** A multicast notification. */
export interface Notification {
  kind: 'message';
  message: NetlinkMessage;
  /** The group it was sent to (any number with NETLINK_PKTINFO, which subscriptions switch on); 0 for a unicast message of the kernel's own (`Connection.listen`). */
  group: number;
  /** With NETLINK_LISTEN_ALL_NSID, the nsid of the namespace it came from. */
  nsid: number | undefined;
}

/** The kernel dropped notifications (ENOBUFS): re-read the state you mirror. The subscription goes on. */
export interface Overrun {
  kind: 'overrun';
  error: OverrunError;
}

export type MulticastEvent = Notification | Overrun;

/** What a subscription needs from its connection. */
export interface SubscriptionHost {
  queued(delta: number): void;
  unsubscribe(subscription: Subscription): void;
}

type Waiter = { resolve(result: IteratorResult<MulticastEvent>): void; reject(error: unknown): void };

/**
 * Multicast groups joined on a connection. Iterate it (`for await (const event of subscription)`: a
 * notification or an overrun), or listen to it (`on('message', (message, info) => …)`,
 * `on('overrun', (error) => …)`). With listeners and no iteration, events are not queued; without
 * listeners, events that arrive before the iteration starts wait for it.
 *
 * A listener that throws is the caller's bug, not the kernel's: it must not fail other calls on the
 * connection (requests and dumps whose answers share the receive batch). Its exception is rethrown on
 * its own (`process.nextTick`), so it reaches `process.on('uncaughtException')` as a throw from a
 * `net.Socket` 'data' listener does: Node's EventEmitter calls listeners synchronously and lets their
 * exceptions go, and an emitter fed by I/O has no caller to hand them to. The rest of the batch is
 * delivered first, and the subscription keeps going. An async listener's rejection is EventEmitter's own
 * business: with `captureRejections` it becomes an 'error' event of the subscription, else an unhandled
 * rejection.
 */
export class Subscription extends EventEmitter implements AsyncIterableIterator<MulticastEvent> {
  readonly groups: readonly number[];
  readonly #queue: MulticastEvent[] = [];
  #waiter: Waiter | undefined;
  #iterating = false;
  #closed = false;
  #error: Error | undefined;

  readonly #accept: ((message: NetlinkMessage) => boolean) | undefined;

  constructor(
    private readonly host: SubscriptionHost,
    groups: readonly number[],
    accept?: (message: NetlinkMessage) => boolean,
  ) {
    super();
    this.groups = groups;
    this.#accept = accept;
  }

  /** Whether this subscription wants notifications of `group`. */
  wants(group: number): boolean {
    return this.groups.includes(group);
  }

  /** Whether this subscription takes `message` (a listener's filter; every message otherwise). */
  accepts(message: NetlinkMessage): boolean {
    return this.#accept === undefined || this.#accept(message);
  }

  /** @internal delivered by the connection */
  push(event: MulticastEvent): void {
    if (this.#closed) return;
    if (event.kind === 'message') this.#emitIsolated('message', event.message, { group: event.group, nsid: event.nsid });
    else this.#emitIsolated('overrun', event.error);
    // A listener closed it: the iteration has ended, nothing more is queued for it.
    if (this.#closed) return;
    // Listened to and not iterated: the listeners had it, nothing is kept. Otherwise it waits for the
    // iteration, also one that has not started yet (subscribe now, iterate later loses nothing; the
    // queue counts toward the connection's backpressure like a dump's).
    if (!this.#iterating && (this.listenerCount('message') > 0 || this.listenerCount('overrun') > 0)) return;
    if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.resolve({ value: event, done: false });
    } else {
      this.#queue.push(event);
      this.host.queued(1);
    }
  }

  /** @internal the connection closed or failed */
  end(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    // The error is thrown once: to the next() waiting now, else by the next one.
    this.#error = waiter ? undefined : error;
    if (waiter) {
      if (error) waiter.reject(error);
      else waiter.resolve({ value: undefined, done: true });
    }
    if (error && this.listenerCount('error') > 0) this.#emitIsolated('error', error);
    this.#emitIsolated('close');
  }

  /** Emits `event`; a listener's exception is rethrown on its own tick, out of the connection's way. */
  #emitIsolated(event: string, ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (error) {
      process.nextTick(rethrow, error);
    }
  }

  next(): Promise<IteratorResult<MulticastEvent>> {
    this.#iterating = true;
    const event = this.#queue.shift();
    if (event) {
      this.host.queued(-1);
      return Promise.resolve({ value: event, done: false });
    }
    if (this.#closed) {
      const error = this.#error;
      this.#error = undefined;
      return error ? Promise.reject(error) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Leaving a for-await loop unsubscribes. */
  return(): Promise<IteratorResult<MulticastEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Leaves the groups (unless another subscription still wants them) and ends the iteration. */
  close(): void {
    if (this.#closed) return;
    this.host.unsubscribe(this);
    if (this.#queue.length) this.host.queued(-this.#queue.length);
    this.#queue.length = 0;
    this.end();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function rethrow(error: unknown): never {
  throw error;
}
