import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError, type Connection, type Notification, type OverrunError } from '@linx/netlink-socket';
import { nfnlGroupValues, subsystemOf, subsystemValues } from '../subsystem.js';
import { entryFrom, type ConntrackEntry } from './entry.js';
import { expectationFrom, type ConntrackExpectation } from './expectation.js';
import { GroupEvents } from './group-events.js';
import { conntrackMessage, expectMessage } from './messages.js';

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

/** What an expectation event says: one was made, or is gone (matched, expired, deleted or flushed). */
export type ExpectationEventKind = 'new' | 'destroy';

/** What `conntrack.expectationEvents()` yields (`conntrack -E expect`), or `resync` as for entries. */
export type ExpectationEvent = { type: ExpectationEventKind; expectation: ConntrackExpectation } | { type: 'resync'; error: OverrunError };

/**
 * NFNLGRP_CONNTRACK_EXP_* per kind. The kernel has an update group but sends nothing on it
 * (ctnetlink_expect_event() knows IPEXP_NEW and IPEXP_DESTROY only).
 */
const EXPECT_GROUPS: Record<ExpectationEventKind, number> = {
  new: nfnlGroupValues.conntrackExpNew,
  destroy: nfnlGroupValues.conntrackExpDestroy,
};

/** The kinds asked for, checked, as their groups. */
function groupsOf<K extends string>(kinds: readonly K[], groups: Record<K, number>): number[] {
  const names = Object.keys(groups).map((k) => `'${k}'`).join(', ');
  if (!Array.isArray(kinds) || kinds.length === 0) throw new InvalidArgumentError('kinds', `a list of one or more of ${names}`);
  for (const kind of kinds) if (!(kind in groups)) throw new InvalidArgumentError('kinds', `${String(kind)} is not an event kind (${names})`);
  return kinds.map((k: K) => groups[k]);
}

/** The kind of the group a notification came on, if it is one of `groups` and from `subsystem`. */
function kindOf<K extends string>(event: Notification, groups: Record<K, number>, subsystem: number): K | undefined {
  if (subsystemOf(event.message.type) !== subsystem) return undefined;
  for (const kind in groups) if (groups[kind] === event.group) return kind;
  return undefined;
}

/**
 * Conntrack events (`conntrack -E`): the NFNLGRP_CONNTRACK_NEW, _UPDATE and _DESTROY multicast groups, each
 * notification decoded into an entry and named by the group it came on. Iterate with `for await`; `close()`
 * leaves the groups (so does leaving the loop).
 */
export class ConntrackEvents extends GroupEvents<ConntrackEvent> {
  constructor(connection: Connection, kinds: readonly ConntrackEventKind[]) {
    const codec = compileMessage(conntrackMessage);
    super(
      connection,
      groupsOf(kinds, GROUPS),
      (event) => {
        // Only ctnetlink's own messages (expectations have groups of their own).
        const type = kindOf(event, GROUPS, subsystemValues.ctnetlink);
        return type === undefined ? undefined : { type, entry: entryFrom(codec.decode(event.message.payload)) };
      },
      (error) => ({ type: 'resync', error }),
    );
  }
}

/**
 * Expectation events (`conntrack -E expect`): NFNLGRP_CONNTRACK_EXP_NEW and _DESTROY, each notification
 * decoded as `expectations()` decodes expectations. Iterate with `for await`; `close()` leaves the groups.
 */
export class ExpectationEvents extends GroupEvents<ExpectationEvent> {
  constructor(connection: Connection, kinds: readonly ExpectationEventKind[]) {
    const codec = compileMessage(expectMessage);
    super(
      connection,
      groupsOf(kinds, EXPECT_GROUPS),
      (event) => {
        const type = kindOf(event, EXPECT_GROUPS, subsystemValues.ctnetlinkExp);
        return type === undefined ? undefined : { type, expectation: expectationFrom(codec.decode(event.message.payload)) };
      },
      (error) => ({ type: 'resync', error }),
    );
  }
}
