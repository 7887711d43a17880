import type { NetlinkMessage } from '@linx/netlink-wire';
import { InvalidArgumentError, NativeError } from '../native/errors.js';
import { OverrunError } from './errors.js';
import { Subscription, type SubscriptionHost } from './subscription.js';
import type { Transport } from './transport.js';

/** The group a subscription to the kernel's own unicast messages is told (no multicast group is 0). */
export const UNICAST = 0;

/**
 * The multicast side of a connection: which groups are joined and by how many subscriptions (a group is
 * left when its last subscription closes), and the delivery of notifications and overruns to them.
 */
export class Memberships {
  readonly #subscriptions = new Set<Subscription>();
  readonly #users = new Map<number, number>();
  /** Subscriptions to the kernel's own unicast messages (`listen`). */
  #listeners = 0;
  #packetInfo = false;

  constructor(private readonly transport: Transport) {}

  get size(): number {
    return this.#subscriptions.size;
  }

  /** Joins `groups` for a new subscription. NETLINK_PKTINFO is switched on so every group number is told. */
  subscribe(groups: number | readonly number[], host: SubscriptionHost): Subscription {
    const list = (typeof groups === 'number' ? [groups] : [...groups]).map((group) => {
      if (!Number.isInteger(group) || group < 1 || group > 0xffff_ffff) throw new InvalidArgumentError('group', `${group} is not a multicast group number (1 or more)`);
      return group;
    });
    if (!this.#packetInfo) {
      try {
        this.transport.setPacketInfo?.(true);
        this.#packetInfo = true;
      } catch (error) {
        // Without it, only groups 1..32 can be told: a notification of a higher group arrives marked 0,
        // like a unicast datagram, and reaches no subscription.
        if (!(error instanceof NativeError)) throw error;
      }
    }
    for (const group of list) {
      const users = this.#users.get(group) ?? 0;
      if (users === 0) this.transport.addMembership(group);
      this.#users.set(group, users + 1);
    }
    const subscription = new Subscription(host, list);
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /**
   * A subscription to the messages the kernel sends this socket on its own, by unicast with sequence
   * number 0 (nfqueue's queued packets, nflog's logged packets): they are told as group 0. No group is
   * joined. `accept` picks the messages this subscription takes (all by default).
   */
  listen(host: SubscriptionHost, accept?: (message: NetlinkMessage) => boolean): Subscription {
    const subscription = new Subscription(host, [UNICAST], accept);
    this.#subscriptions.add(subscription);
    this.#listeners++;
    return subscription;
  }

  /** Whether some subscription listens to the kernel's own unicast messages. */
  get listening(): boolean {
    return this.#listeners > 0;
  }

  /**
   * Forgets a subscription and leaves the groups no other one wants. Called once per subscription, while
   * the connection is open: closing it again, or after the connection ended it, does nothing.
   */
  unsubscribe(subscription: Subscription): void {
    this.#subscriptions.delete(subscription);
    for (const group of subscription.groups) {
      if (group === UNICAST) {
        this.#listeners--;
        continue;
      }
      const users = (this.#users.get(group) ?? 1) - 1;
      if (users === 0) {
        this.#users.delete(group);
        this.transport.dropMembership(group);
      } else this.#users.set(group, users);
    }
  }

  /** A notification for `group` (0: a unicast message of the kernel's own; nsid undefined unless NETLINK_LISTEN_ALL_NSID). */
  notify(message: NetlinkMessage, group: number, nsid: number | undefined): void {
    for (const subscription of this.#subscriptions) {
      if (subscription.wants(group) && subscription.accepts(message)) subscription.push({ kind: 'message', message, group, nsid });
    }
  }

  overrun(): void {
    const error = new OverrunError();
    for (const subscription of this.#subscriptions) subscription.push({ kind: 'overrun', error });
  }

  /** Ends every subscription (with `error`, or plainly when the socket was closed) and forgets them. */
  endAll(error: Error | undefined): void {
    const subscriptions = [...this.#subscriptions];
    // Forgotten first: an ended subscription keeps nothing alive, and a new one joins its groups afresh.
    this.#subscriptions.clear();
    this.#users.clear();
    this.#listeners = 0;
    for (const subscription of subscriptions) subscription.end(error);
  }
}
