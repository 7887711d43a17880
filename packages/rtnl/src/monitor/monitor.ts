import { EventEmitter } from 'node:events';
import { AbortError, Connection, type MulticastEvent, type NetnsTarget, type Subscription } from '@linx/netlink-socket';
import { InvalidArgumentError } from '../shared/arguments.js';
import { FamilyClient } from '@linx/netlink-client';
import { interfaceNames } from '../shared/ifname-cache.js';
import { Links } from '../link/links.js';
// The decoder of every kind's notifications (tc, mdb, nexthop, … included) loads with the first monitor.
import type { NotificationDecoder } from './decode.js';
import type { MonitorEvent, MonitorObjectEvent } from './events.js';
import { LINK_GROUP, groupsFor } from './groups.js';
import { checkMonitorOptions, eventFilter, type CheckedMonitorOptions, type MonitorOptions } from './options.js';

/** Where a monitor opens its own socket: the namespace and buffer its handle was opened with. */
export interface MonitorHost {
  connection: Connection;
  /** How the handle was opened; undefined for a handle made around an existing connection. */
  opened: { netns?: NetnsTarget; receiveBufferSize?: number } | undefined;
}

/**
 * A running `rtnl.monitor()`: rtnetlink notifications as typed events, each object decoded exactly as
 * its kind's `list()` decodes it, and `{ type: 'overrun' }` when the kernel dropped some (re-list what you
 * keep; the monitor goes on). Consume it one way:
 *
 * - iterate it: `for await (const event of monitor)`. A consumer that falls behind holds the kernel back
 *   (reading pauses once `highWaterMark` events wait); past the socket's receive buffer the kernel drops
 *   notifications and the next event is an overrun. Memory stays bounded either way. Leaving the loop
 *   closes the monitor.
 * - or listen: `monitor.on('event', (event) => …)`, with 'error' (the socket failed, or a notification
 *   could not be decoded) and 'close'. Listeners get events as they are read.
 *
 * `close()` or the `signal` given to `monitor()` stops it.
 */
export class Monitor extends EventEmitter implements AsyncIterableIterator<MonitorEvent> {
  readonly #subscription: Subscription;
  readonly #connection: Connection | undefined;
  readonly #decoder: NotificationDecoder;
  readonly #accept: (event: MonitorObjectEvent) => boolean;
  /** The first pull, made when the monitor starts so that the subscription queues from then on. */
  #first: Promise<IteratorResult<MulticastEvent>> | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  // Stryker disable next-line StringLiteral: the mode is only compared with 'iterate' and 'listen', so any other initial value reads as none
  #mode: 'none' | 'iterate' | 'listen' = 'none';
  #closed = false;
  readonly #onAbort: (() => void) | undefined;
  readonly #signal: AbortSignal | undefined;

  /** Made by `startMonitor` (`rtnl.monitor()`), not by users. */
  constructor(subscription: Subscription, ownConnection: Connection | undefined, decoder: NotificationDecoder, accept: (event: MonitorObjectEvent) => boolean, first: Promise<IteratorResult<MulticastEvent>>, signal: AbortSignal | undefined) {
    super();
    this.#subscription = subscription;
    this.#connection = ownConnection;
    this.#decoder = decoder;
    this.#accept = accept;
    this.#first = first;
    this.#signal = signal;
    if (signal !== undefined) {
      this.#onAbort = () => this.close();
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal aborts once, and close() is idempotent; once only spares the listener
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    this.on('newListener', (name: string | symbol) => {
      if (name !== 'event' || this.#mode === 'listen') return;
      if (this.#mode === 'iterate') throw new InvalidArgumentError('listener', "this monitor is being iterated; use either iteration or 'event' listeners");
      this.#mode = 'listen';
      queueMicrotask(() => void this.#pump());
    });
  }

  /** Whether the monitor was closed (by `close()`, its signal, leaving a loop, or a failed socket). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Interface index → name as the monitor knows it (kept current from link notifications). */
  get interfaceNames(): ReadonlyMap<number, string> | undefined {
    return this.#decoder.names;
  }

  next(): Promise<IteratorResult<MonitorEvent>> {
    if (this.#mode === 'listen') return Promise.reject(new InvalidArgumentError('iteration', "this monitor has 'event' listeners; use either iteration or listeners"));
    this.#mode = 'iterate';
    // The subscription serves one pull at a time: overlapping calls wait for each other.
    const result = this.#tail.then(() => this.#pull());
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Leaving a for-await loop closes the monitor. */
  return(): Promise<IteratorResult<MonitorEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Stops the monitor: leaves the groups, closes its socket, ends the iteration, emits 'close'. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,OptionalChaining,StringLiteral: a listener left on the signal only calls close() again, which does nothing (the signal is there whenever the listener is)
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#subscription.close();
    this.#connection?.close();
    this.emit('close');
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async #pull(): Promise<IteratorResult<MonitorEvent>> {
    for (;;) {
      if (this.#closed) return { value: undefined, done: true };
      const pending = this.#first ?? this.#subscription.next();
      this.#first = undefined;
      let result: IteratorResult<MulticastEvent>;
      try {
        result = await pending;
      } catch (error) {
        this.close();
        throw error;
      }
      if (result.done) {
        this.close();
        return { value: undefined, done: true };
      }
      const event = result.value;
      if (event.kind === 'overrun') return { value: { type: 'overrun' }, done: false };
      const decoded = this.#decoder.decode(event.message);
      if (decoded !== undefined && this.#accept(decoded)) return { value: decoded, done: false };
    }
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const result = await this.#pull();
        if (result.done) return;
        this.emit('event', result.value);
      }
    } catch (error) {
      this.emit('error', error);
    }
  }
}

/**
 * Starts a monitor for `rtnl.monitor()`: checks the options, opens the monitor's own socket in the
 * handle's namespace (or uses the handle's connection when it was made around one), joins the groups,
 * then resolves the interface filter and loads interface names. Changes made after it resolves are seen.
 */
export async function startMonitor(host: MonitorHost, options: MonitorOptions = {}): Promise<Monitor> {
  const checked = checkMonitorOptions(options);
  const { signal } = checked;
  if (signal?.aborted) throw new AbortError(signal.reason);
  if (host.opened === undefined && (checked.receiveBufferSize !== undefined || checked.highWaterMark !== undefined)) {
    throw new InvalidArgumentError(checked.receiveBufferSize !== undefined ? 'options.receiveBufferSize' : 'options.highWaterMark', 'a handle made around an existing connection monitors on that connection, whose buffer is set already');
  }
  const own = host.opened === undefined ? undefined : openMonitorConnection(host.opened, checked);
  const connection = own ?? host.connection;
  let subscription: Subscription | undefined;
  try {
    const wantsNames = checked.names && ['link', 'route', 'address', 'neighbour', 'qdisc', 'class', 'filter', 'action', 'nexthop', 'netconf', 'mdb', 'vlan'].some((k) => checked.kinds.has(k as never));
    const groups = groupsFor(checked.kinds, checked.family);
    if (wantsNames && !groups.includes(LINK_GROUP)) groups.push(LINK_GROUP);
    subscription = connection.subscribe(groups);
    // Pulling at once makes the subscription queue what arrives while names load (else it drops them).
    const first = subscription.next();
    // Handled here too: a socket failing before anyone consumes the monitor is no unhandled rejection.
    first.catch(() => undefined);
    const client = new FamilyClient(connection);
    const callOptions = signal === undefined ? {} : { signal };
    let index: number | undefined;
    let name: string | undefined;
    if (checked.interface !== undefined) {
      const link = await new Links(client).get(checked.interface, callOptions);
      index = link.index;
      name = link.ifname;
    }
    const names = wantsNames ? await interfaceNames(client, callOptions) : undefined;
    const { NotificationDecoder } = await import('../first-use.js');
    return new Monitor(subscription, own, new NotificationDecoder(names), eventFilter(checked, index, name), first, signal);
  } catch (error) {
    subscription?.close();
    own?.close();
    throw error;
  }
}

/** A socket of a monitor's (or mirror's) own, in the namespace its handle was opened in. */
export function openMonitorConnection(opened: NonNullable<MonitorHost['opened']>, checked: Pick<CheckedMonitorOptions, 'receiveBufferSize' | 'highWaterMark'>): Connection {
  const receiveBufferSize = checked.receiveBufferSize ?? opened.receiveBufferSize;
  return Connection.open({
    protocol: 0,
    ...(opened.netns === undefined ? {} : { netns: opened.netns }),
    ...(receiveBufferSize === undefined ? {} : { receiveBufferSize }),
    ...(checked.highWaterMark === undefined ? {} : { highWaterMark: checked.highWaterMark }),
  });
}
