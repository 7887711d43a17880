import { HOST_LITTLE_ENDIAN as LE, MalformedError, messageAt, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_MIN_TYPE, viewOf } from '@linx/netlink-wire';
import { META_GROUP, META_LENGTH, META_NSID, META_OFFSET, META_PORT_ID, META_STRIDE, NO_NSID } from '../native/receive-batch.js';
import { PendingDump } from './dump.js';
import type { Memberships } from './memberships.js';
import type { Operation } from './operation.js';
import type { OperationTable } from './operation-table.js';
import type { Transport } from './transport.js';

/** The connection's public counters of what the router ignored. */
export interface RouterCounters {
  /** Datagrams from ports other than the kernel's. */
  foreignDatagrams: number;
  /** Unicast messages whose sequence number belongs to no request. */
  unmatchedMessages: number;
}

/**
 * The receive side of a connection: hands each datagram of a receive batch to whom it is for. Unicast
 * messages go to their operations by sequence number (a dump's data as offsets into the batch, an ACK
 * without decoding it), the kernel's own (sequence number 0) to the subscriptions that listen; multicast ones to the subscriptions of their group, and to the request they echo.
 * This is the hot path: no object is made per message a dump or an ACK receives.
 */
export class Router {
  constructor(
    private readonly table: OperationTable,
    private readonly memberships: Memberships,
    private readonly transport: Transport,
    /** The connection itself, whose counters are public fields. */
    private readonly counters: RouterCounters,
    /** Malformed bytes from the kernel: nothing sane can be routed from this datagram. */
    private readonly malformedDatagram: (error: Error) => void,
  ) {}

  /** One receive batch: `data` holds the datagrams, `meta` their offsets, lengths, senders and groups. */
  receive(data: Uint8Array, meta: Uint32Array): void {
    const view = viewOf(data);
    for (let i = 0; i < meta.length; i += META_STRIDE) {
      if (meta[i + META_PORT_ID] !== 0) {
        this.counters.foreignDatagrams++;
        continue;
      }
      // Stryker disable next-line ArithmeticOperator: META_OFFSET is 0, so i - META_OFFSET is i + META_OFFSET
      const start = meta[i + META_OFFSET]!;
      const end = start + meta[i + META_LENGTH]!;
      const group = meta[i + META_GROUP]!;
      try {
        if (group !== 0) this.#notify(data, view, start, end, group, meta[i + META_NSID]!);
        else this.#route(data, view, start, end);
      } catch (error) {
        this.malformedDatagram(error as Error);
      }
    }
  }

  /**
   * Routes the messages of a unicast datagram to their operations by sequence number. A dump's data
   * messages are handed over as offsets into the batch (no object per message); everything else as
   * message objects.
   */
  #route(data: Uint8Array, view: DataView, start: number, end: number): void {
    const operations = this.table.bySeq;
    let seq = -1;
    let operation: Operation | undefined;
    let dump: PendingDump | undefined;
    for (let at = start; at < end; ) {
      if (end - at < NLMSG_HDRLEN) throw malformed(at);
      const length = view.getUint32(at, LE);
      if (length < NLMSG_HDRLEN || length > end - at) throw malformed(at);
      const messageSeq = view.getUint32(at + 8, LE);
      // Consecutive messages of a datagram nearly always share their sequence number.
      if (messageSeq !== seq) {
        seq = messageSeq;
        operation = operations.get(seq);
      }
      const type = view.getUint16(at + 4, LE);
      if (operation === undefined) {
        // Sequence number 0 is no request's: a message the kernel sends on its own (a queued or logged
        // packet), for the subscriptions that listen to those.
        if (seq === 0 && this.memberships.listening) this.memberships.notify(messageAt(data, view, at, end), 0, undefined);
        // A late answer to a request failed after an overrun is swallowed, not counted as stray.
        else if (!this.table.quarantined(seq)) this.counters.unmatchedMessages++;
      }
      else if (type === NLMSG_ERROR && length >= NLMSG_HDRLEN + 4 && operation.ack !== undefined && view.getInt32(at + NLMSG_HDRLEN, LE) === 0) {
        // An ACK: no message object, no decoding.
        if (operation.ack()) {
          this.table.finish(operation);
          operation = undefined;
          seq = -1;
        }
      }
      else if (type >= NLMSG_MIN_TYPE && operation instanceof PendingDump) {
        // Stryker disable next-line ConditionalExpression: a socket runs one dump at a time, so within a datagram this is the same dump each time; flushing it early would only report its messages sooner
        if (dump !== operation) {
          dump?.flush();
          dump = operation;
        }
        // A dump in the table is not over (it leaves the table as it ends), and this message passed the
        // checks above: the run takes at least it.
        at = operation.acceptRun(data, view, at, end, LE);
        continue;
      } else if (operation.deliver(messageAt(data, view, at, end))) {
        this.table.finish(operation);
        operation = undefined;
        seq = -1;
      }
      at += (length + 3) & ~3;
    }
    dump?.flush();
  }

  /**
   * Hands the messages of a multicast datagram to the subscriptions of its group. A message addressed to
   * this socket's port with the sequence number of a request in flight is also that request's answer: the
   * kernel sends what NLM_F_ECHO asks for to the requester by unicast, but marked with the group.
   */
  #notify(data: Uint8Array, view: DataView, start: number, end: number, group: number, nsid: number): void {
    for (let at = start; at < end; ) {
      const message = messageAt(data, view, at, end);
      if (message.seq !== 0 && message.pid === this.transport.portId) {
        const operation = this.table.bySeq.get(message.seq);
        // (A dump takes nothing from it: it ignores data messages handed to deliver().)
        if (operation !== undefined && operation.deliver(message)) this.table.finish(operation);
      }
      this.memberships.notify(message, group, nsid === NO_NSID ? undefined : nsid);
      at += (view.getUint32(at, LE) + 3) & ~3;
    }
  }
}

function malformed(at: number): MalformedError {
  return new MalformedError('malformed netlink message from the kernel', at);
}
