import type { MulticastEvent, Subscription } from '@linx/netlink-socket';

/**
 * A subscription's messages as an async iterator of a family's own events: each multicast event (a
 * message or an overrun) goes through `decode`, which gives the event or `undefined` to skip it (another
 * family's message on the same socket, a command the family's client does not know). Leaving a
 * `for await` loop, or `close()`, leaves the groups. The families' monitors are this with their decoder.
 */
export class DecodedEvents<E> implements AsyncIterableIterator<E> {
  constructor(
    readonly subscription: Subscription,
    readonly decode: (event: MulticastEvent) => E | undefined,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<E>> {
    for (;;) {
      const result = await this.subscription.next();
      if (result.done) return { value: undefined, done: true };
      const event = this.decode(result.value);
      if (event !== undefined) return { value: event, done: false };
    }
  }

  async return(): Promise<IteratorResult<E>> {
    this.close();
    return { value: undefined, done: true };
  }

  close(): void {
    this.subscription.close();
  }
}
