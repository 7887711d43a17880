import type { PendingDump } from './dump.js';
import { Drain, type Operation } from './operation.js';
import { PendingRequest } from './request.js';
import type { RequestOptions } from './request-types.js';
import { SequenceAllocator } from './sequence.js';

/** A dump created and not started yet: its number is written in its bytes but not registered. */
export interface Reservation {
  seq: number;
  options: RequestOptions;
}

/**
 * Numbers kept out of use after their requests were failed because an overrun dropped their answers (at
 * most this many, the oldest released first). Bounded so a connection that overruns for days does not
 * grow without end; a released number still comes round again only after the allocator has gone through
 * the other four billion.
 */
const QUARANTINE_SIZE = 65_536;

/**
 * The operations in flight on a socket, by sequence number, and the numbers they hold. A number stays
 * taken from the request until its last answer (an abandoned operation is replaced by a drain, not
 * removed), so a late answer can never be taken for another request's. The numbers of requests failed
 * after an overrun are quarantined instead: their answers are known lost, so they no longer count as in
 * flight, but a number is not handed out again while quarantined and a message carrying it is swallowed.
 *
 * The table also knows which operation holds the socket's one dump slot: finishing it frees the slot, and
 * a drain put in its place keeps the slot taken (the kernel is still running the dump). Keeping that here
 * costs the hot path (`finish`, once per answered request) a single comparison.
 */
export class OperationTable {
  /** Read directly by the receive side: one map lookup per sequence number seen. */
  readonly bySeq = new Map<number, Operation>();
  readonly reserved = new Map<PendingDump, Reservation>();
  /** Disarms the timeout and abort listener of a dump once it is over. */
  readonly cleanups = new Map<Operation, () => void>();
  /** The dump the kernel is running for this socket: it runs one at a time per socket (else EBUSY). */
  activeDump: Operation | undefined;
  readonly #sequence = new SequenceAllocator();
  /** Quarantined numbers, oldest first (a Set keeps insertion order). */
  readonly #quarantine = new Set<number>();

  constructor(
    /** An operation was registered or forgotten: the connection decides whether to keep the process alive. */
    private readonly changed: () => void,
    /** The active dump ended (or its drain did): the next queued dump may start. */
    private readonly dumpEnded: () => void,
  ) {}

  get size(): number {
    return this.bySeq.size;
  }

  /** Whether a sequence number is taken (by an operation, or by a dump created and not started). */
  readonly inUse = (seq: number): boolean => this.bySeq.has(seq) || this.#reserves(seq);

  #reserves(seq: number): boolean {
    // (No array of the reservations per number asked: this runs for every request.)
    for (const reservation of this.reserved.values()) if (reservation.seq === seq) return true;
    return false;
  }

  /**
   * A fresh sequence number, free by `inUse` (by default: neither registered nor reserved) and not
   * quarantined.
   */
  next(inUse: (seq: number) => boolean = this.inUse): number {
    const quarantine = this.#quarantine;
    return this.#sequence.next(quarantine.size === 0 ? inUse : (seq) => quarantine.has(seq) || inUse(seq));
  }

  /** Whether `seq` belongs to a request whose answer was lost: a message with it is swallowed. */
  quarantined(seq: number): boolean {
    return this.#quarantine.has(seq);
  }

  /**
   * Takes `seq` out of the table into quarantine: its operation's answer is lost (an overrun dropped it),
   * so the operation stops counting as in flight, but the number is not reused while quarantined.
   */
  quarantine(seq: number): void {
    this.bySeq.delete(seq);
    const quarantine = this.#quarantine;
    quarantine.delete(seq);
    quarantine.add(seq);
    if (quarantine.size > QUARANTINE_SIZE) quarantine.delete(quarantine.values().next().value!);
  }

  register(operation: Operation): void {
    this.bySeq.set(operation.seq, operation);
    this.changed();
  }

  /** Numbers were taken or freed through `bySeq` directly (a bulk call's run): tell the connection. */
  // Stryker disable next-line BlockStatement: every caller runs inside a receive batch (a barrier's or a probe's answer), an overrun report or failAll, after which the connection updates its ref/unref anyway; only the count of idempotent ref/unref calls changes
  changedSize(): void {
    this.changed();
  }

  /**
   * Requests that were registered but never sent (their datagram's send failed): no answer will come, so
   * each number is free at once and its operation fails with `error`. Numbers not registered are skipped.
   */
  failUnsent(seqs: Iterable<number>, error: Error): void {
    for (const seq of seqs) {
      const operation = this.bySeq.get(seq);
      if (operation === undefined) continue;
      this.bySeq.delete(seq);
      operation.fail(error, seq);
    }
    this.changed();
  }

  /** Drops a number whose request could not be sent. */
  forget(seq: number): void {
    this.bySeq.delete(seq);
    this.changed();
  }

  /** The operation is complete: frees its number, the dump slot if it held it, and its timeout. */
  finish(operation: Operation): void {
    this.bySeq.delete(operation.seq);
    if (this.activeDump === operation) {
      this.activeDump = undefined;
      this.dumpEnded();
    }
    const cleanup = this.cleanups.get(operation);
    if (cleanup) {
      this.cleanups.delete(operation);
      cleanup();
    }
  }

  /** Disarms an operation's timeout and abort listener now. */
  disarm(operation: Operation): void {
    this.cleanups.get(operation)?.();
    this.cleanups.delete(operation);
  }

  /** Puts a drain in place of an abandoned operation, so the rest of its answer is swallowed. */
  replaceWithDrain(operation: Operation, isDump: boolean): void {
    if (this.bySeq.get(operation.seq) !== operation) return;
    const drain = new Drain(operation.seq, isDump ? 'dump' : operation instanceof PendingRequest && !operation.acked ? 'unacked' : 'acked');
    this.bySeq.set(operation.seq, drain);
    if (this.activeDump === operation) this.activeDump = drain;
  }
}
