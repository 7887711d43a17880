import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError, type Connection, type OverrunError, type Subscription } from '@linx/netlink-socket';
import { nfnlGroupValues, subsystemOf, subsystemValues } from '../subsystem.js';
import { entryFrom, type ConntrackEntry } from './entry.js';
import { conntrackMessage } from './messages.js';

/** What a conntrack event says happened to an entry. */
export type ConntrackEventKind = 'new' | 'update' | 'destroy';

/**
 * What `conntrack.events()` yields: an entry that was made, changed or destroyed (decoded as `list()`
 * decodes entries; a destroy event has no timeout), or `resync`: the kernel dropped events (the socket's
 * receive buffer was full), so the consumer missed changes and should list again. Events go on after it.
 */
export type ConntrackEvent = { type: ConntrackEventKind; entry: ConntrackEntry } | { type: 'resync'; error: OverrunError };

/** NFNLGRP_CONNTRACK_* per kind: the group an event arrives on says which it is. */
const GROUPS: Record<ConntrackEventKind, number> = {
  new: nfnlGroupValues.conntrackNew,
  update: nfnlGroupValues.conntrackUpdate,
  destroy: nfnlGroupValues.conntrackDestroy,
};
const KIND_OF_GROUP = new Map<number, ConntrackEventKind>(Object.entries(GROUPS).map(([kind, group]) => [group, kind as ConntrackEventKind]));

/**
 * Conntrack events (`conntrack -E`): the NFNLGRP_CONNTRACK_NEW, _UPDATE and _DESTROY multicast groups, each
 * notification decoded into an entry and named by the group it came on. Iterate with `for await`; `close()`
 * leaves the groups (so does leaving the loop).
 */
export class ConntrackEvents implements AsyncIterableIterator<ConntrackEvent> {
  readonly #subscription: Subscription;
  readonly #codec = compileMessage(conntrackMessage);

  constructor(connection: Connection, kinds: readonly ConntrackEventKind[]) {
    if (!Array.isArray(kinds) || kinds.length === 0) throw new InvalidArgumentError('kinds', "a list of one or more of 'new', 'update', 'destroy'");
    for (const kind of kinds) if (!(kind in GROUPS)) throw new InvalidArgumentError('kinds', `${String(kind)} is not an event kind ('new', 'update', 'destroy')`);
    this.#subscription = connection.subscribe([...new Set(kinds.map((k: ConntrackEventKind) => GROUPS[k]))]);
  }

  async next(): Promise<IteratorResult<ConntrackEvent>> {
    for (;;) {
      const result = await this.#subscription.next();
      if (result.done) return { value: undefined, done: true };
      const event = result.value;
      if (event.kind === 'overrun') return { value: { type: 'resync', error: event.error }, done: false };
      const type = KIND_OF_GROUP.get(event.group);
      // Only ctnetlink's own messages (expectations have groups of their own).
      if (type === undefined || subsystemOf(event.message.type) !== subsystemValues.ctnetlink) continue;
      return { value: { type, entry: entryFrom(this.#codec.decode(event.message.payload)) }, done: false };
    }
  }

  /** Leaving a for-await loop closes the subscription. */
  async return(): Promise<IteratorResult<ConntrackEvent>> {
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
