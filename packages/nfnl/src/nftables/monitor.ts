import type { OverrunError, Subscription } from '@linx/netlink-socket';
import { nfnlGroupValues } from '../subsystem.js';
import { decodeNftMessage, type NftChange } from './change.js';
import type { Generation } from './generation.js';

/** What a monitor yields: the changes one commit made, closed by its generation; or an overrun. */
export type MonitorEvent =
  | { kind: 'generation'; generation: Generation; changes: NftChange[] }
  | { kind: 'overrun'; error: OverrunError };

/**
 * nftables notifications (the NFNLGRP_NFTABLES multicast group, 7), grouped per commit: the kernel sends
 * a transaction's changes, then NFT_MSG_NEWGEN, so each event holds every change of one generation. After an
 * overrun (the kernel dropped notifications) the changes gathered so far are dropped with it: re-read the
 * ruleset. Iterate with `for await`; `close()` leaves the group.
 */
export class NftMonitor implements AsyncIterable<MonitorEvent> {
  readonly #subscription: Subscription;

  constructor(subscription: Subscription) {
    this.#subscription = subscription;
  }

  /** The multicast group joined. */
  static readonly group = nfnlGroupValues.nftables;

  async *[Symbol.asyncIterator](): AsyncGenerator<MonitorEvent, void, undefined> {
    let changes: NftChange[] = [];
    for await (const event of this.#subscription) {
      if (event.kind === 'overrun') {
        changes = [];
        yield { kind: 'overrun', error: event.error };
        continue;
      }
      const meaning = decodeNftMessage(event.message);
      if (!meaning) continue;
      if (meaning.kind === 'generation') {
        const done = changes;
        changes = [];
        yield { kind: 'generation', generation: meaning.value, changes: done };
      } else {
        changes.push(meaning);
      }
    }
  }

  /** Stops monitoring: leaves the group and ends iteration. */
  close(): void {
    this.#subscription.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
