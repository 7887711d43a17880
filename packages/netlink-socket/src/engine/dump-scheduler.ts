import { HOST_LITTLE_ENDIAN as LE } from '@linx/netlink-wire';
import { armCall } from './deadlines.js';
import type { PendingDump } from './dump.js';
import type { Flow } from './backpressure.js';
import type { OperationTable } from './operation-table.js';
import { AbortError } from './errors.js';
import type { Transport } from './transport.js';

/**
 * Starts a connection's dumps one at a time: the kernel runs a single dump per socket and answers a second
 * one with EBUSY, so a dump whose iteration begins while another runs waits in a queue. A dump's sequence
 * number is reserved when it is created and registered when it starts (renumbered if taken meanwhile).
 * The slot itself (`activeDump`) lives in the operation table, which frees it when the dump finishes and
 * then calls `next()`.
 *
 * After an overrun, dumps also wait until a probe shows the socket is no longer congested (see
 * `LostAnswers`): the kernel answers a dump whatever the congestion, but it may still be dropping
 * notifications without a word. A dump made to re-read the state after an overrun therefore starts only
 * once every later drop would be reported again, so what it lists and what is announced after it leave
 * no hole between them.
 */
export class DumpScheduler {
  /** Dumps waiting for the active one to end, and what starts each. */
  readonly #queue: { dump: PendingDump; start: () => void }[] = [];

  constructor(
    private readonly table: OperationTable,
    private readonly transport: Transport,
    private readonly flow: Flow,
    /** Whether the socket may be congested after an overrun (no probe answered since). */
    private readonly congested: () => boolean,
    /** A dump waits for the congestion to clear: a probe must find out when it does. */
    private readonly held: () => void,
  ) {}

  /** Whether dumps wait to be started. */
  get waiting(): boolean {
    return this.#queue.length > 0;
  }

  /** Starts `dump` now if the slot is free, else queues it. Arms its timeout and abort signal now. */
  begin(dump: PendingDump): void {
    const table = this.table;
    // Every dump begun was created by this connection (its reservation goes when it starts or ends).
    const reservation = table.reserved.get(dump)!;
    const { signal } = reservation.options;
    if (signal?.aborted) {
      table.reserved.delete(dump);
      dump.fail(new AbortError(signal.reason));
      return;
    }
    const start = () => {
      table.activeDump = dump;
      // The kernel builds a dump's datagrams as they are read: read them on another core.
      this.transport.setReadAhead?.(true);
      try {
        this.#start(dump);
      } catch (error) {
        table.activeDump = undefined;
        dump.fail(error as Error);
        this.next();
      }
    };
    // Armed now, so the timeout counts from the start of iteration and a queued dump can be cancelled.
    table.cleanups.set(
      dump,
      armCall(reservation.options, 'dump', (error) => {
        if (this.cancel(dump)) table.reserved.delete(dump);
        else table.replaceWithDrain(dump, true);
        table.disarm(dump);
        dump.fail(error);
        this.flow.update();
      }),
    );
    if (table.activeDump === undefined && !this.congested()) start();
    else {
      this.#queue.push({ dump, start });
      if (this.congested()) this.held();
    }
  }

  /** Takes `dump` out of the queue (it is never sent); false if it was not waiting there. */
  cancel(dump: PendingDump): boolean {
    const queued = this.#queue.findIndex((entry) => entry.dump === dump);
    if (queued === -1) return false;
    this.#queue.splice(queued, 1);
    return true;
  }

  /** The slot is free, or the congestion cleared: start the next queued dump, or stop reading ahead. */
  next(): void {
    if (this.table.activeDump !== undefined) return;
    if (this.#queue.length === 0) {
      if (!this.transport.closed) this.transport.setReadAhead?.(false);
    } else if (!this.congested()) this.#queue.shift()!.start();
  }

  /** Forgets the queue and the slot (every operation is being failed; queued dumps through their reservations). */
  clear(): void {
    this.#queue.length = 0;
    this.table.activeDump = undefined;
  }

  #start(dump: PendingDump): void {
    const table = this.table;
    const reservation = table.reserved.get(dump)!;
    table.reserved.delete(dump);
    let { seq } = reservation;
    if (table.bySeq.has(seq)) {
      // Another operation took the number meanwhile: renumber the request.
      seq = table.next((s) => table.bySeq.has(s));
      new DataView(dump.bytes.buffer, dump.bytes.byteOffset).setUint32(8, seq, LE);
    }
    dump.seq = seq;
    table.register(dump);
    try {
      this.transport.send(dump.bytes);
    } catch (error) {
      dump.fail(error as Error);
      table.forget(seq);
      throw error;
    }
  }
}
