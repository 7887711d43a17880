import type { Connection, Notification, OverrunError, Subscription } from '@linx/netlink-socket';

/**
 * A stream of ctnetlink notifications from some nfnetlink multicast groups: each message read into an
 * event by `read` (undefined skips it), an overrun into a resync event, and events going on after it.
 * Iterate with `for await`; `close()` leaves the groups (so does leaving the loop).
 */
export class GroupEvents<E> implements AsyncIterableIterator<E> {
  readonly #subscription: Subscription;

  constructor(
    connection: Connection,
    groups: readonly number[],
    private readonly read: (event: Notification) => E | undefined,
    private readonly resync: (error: OverrunError) => E,
  ) {
    this.#subscription = connection.subscribe([...new Set(groups)]);
  }

  async next(): Promise<IteratorResult<E>> {
    for (;;) {
      const result = await this.#subscription.next();
      if (result.done) return { value: undefined, done: true };
      const event = result.value;
      if (event.kind === 'overrun') return { value: this.resync(event.error), done: false };
      const value = this.read(event);
      if (value !== undefined) return { value, done: false };
    }
  }

  /** Leaving a for-await loop closes the subscription. */
  async return(): Promise<IteratorResult<E>> {
    this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Stops: leaves the groups and ends iteration. Idempotent. */
  close(): void {
    this.#subscription.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
