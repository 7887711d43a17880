import { compileMessage } from '@linx/netlink-codec';
import type { Connection, OverrunError, Subscription } from '@linx/netlink-socket';
import type { NetlinkMessage } from '@linx/netlink-wire';
import { messageType, nfnlGroupValues } from '../subsystem.js';
import { nfacctMessage, nfacctMsgValues } from './messages.js';
import { toNfacctObject, type NfacctObject } from './object.js';

/** What a quota monitor yields: an object that has just reached its quota, or an overrun. */
export type NfacctQuotaEvent = { kind: 'overquota'; object: NfacctObject } | { kind: 'overrun'; error: OverrunError };

const NEW = messageType('acct', nfacctMsgValues.new);
const OVERQUOTA = messageType('acct', nfacctMsgValues.overquota);

/** A quota report: an accounting message the kernel sent on its own (sequence number 0). */
function isReport(message: NetlinkMessage): boolean {
  return message.seq === 0 && (message.type === NEW || message.type === OVERQUOTA);
}

/**
 * Quota notifications (the NFNLGRP_ACCT_QUOTA multicast group): the kernel reports an object once, when
 * a rule's packet brings its count to the quota (again only after a reset). The kernel (nfnl_overquota_
 * report, up to 6.18 at least) sends it as an NFNL_MSG_ACCT_NEW message and through netlink_broadcast
 * without marking the group (NETLINK_PKTINFO says group 0), so the monitor joins the group and takes the
 * kernel's own messages too (`Connection.listen`); it would take an OVERQUOTA message marked with the
 * group as well. After an overrun some may be lost: read `list({ overQuota: true })`. Iterate with
 * `for await`; `close()` leaves the group.
 */
export class NfacctQuotaMonitor implements AsyncIterable<NfacctQuotaEvent> {
  /** The multicast group joined. */
  static readonly group = nfnlGroupValues.acctQuota;
  readonly #group: Subscription;
  readonly #own: Subscription;
  readonly #queue: NfacctQuotaEvent[] = [];
  #wake: (() => void) | undefined;
  #running = 2;

  constructor(connection: Connection) {
    this.#group = connection.subscribe(NfacctQuotaMonitor.group);
    this.#own = connection.listen(isReport);
    // Both sources are read from now on (a report that comes before the first `next()` is kept), events in
    // arrival order. An overrun reaches both (it is the socket's): it is yielded once, from the listener.
    void this.#pump(this.#group, false);
    void this.#pump(this.#own, true);
  }

  async #pump(source: Subscription, overruns: boolean): Promise<void> {
    const codec = compileMessage(nfacctMessage);
    try {
      for await (const event of source) {
        if (event.kind === 'overrun') {
          if (overruns) this.#queue.push({ kind: 'overrun', error: event.error });
        } else if (isReport(event.message)) {
          this.#queue.push({ kind: 'overquota', object: toNfacctObject(codec.decode(event.message.payload)) });
        }
        this.#wake?.();
      }
    } finally {
      this.#running--;
      this.#wake?.();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<NfacctQuotaEvent, void, undefined> {
    while (this.#running > 0 || this.#queue.length > 0) {
      const next = this.#queue.shift();
      if (next) yield next;
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  /** Stops monitoring: leaves the group and ends iteration. */
  close(): void {
    this.#group.close();
    this.#own.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
