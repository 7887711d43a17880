import { NLMSG_ERROR, NetlinkError, parseErrorMessage, type NetlinkMessage } from '@linx/netlink-wire';
import type { BulkCall } from './bulk-call.js';
import type { Operation } from './operation.js';
import type { OperationTable } from './operation-table.js';
import { NO_REPLIES } from './request.js';
import { OverrunError } from './errors.js';

/**
 * A run of a bulk call's requests sent without NLM_F_ACK, up to the NOOP barrier after them: one
 * operation for the whole run, registered under each request's sequence number (no object per request).
 * The kernel answers only the requests that fail; the barrier's ACK, which comes after all of those,
 * settles the rest as done.
 */
export class SilentRun implements Operation {
  /** The sequence numbers of the run's requests, in index order (increasing but for a wrap-around). */
  readonly #seqs: number[] = [];
  /** Every request has its result. */
  #over = false;
  #unregistered = false;

  constructor(
    private readonly call: BulkCall,
    /** Index of the run's first request in the call. */
    private readonly from: number,
    private readonly table: OperationTable,
    /** Request `index` framed again with its sequence number, for an error to name its attribute. */
    private readonly requestBytes: (index: number, seq: number) => Uint8Array,
    private readonly headerLength: number | undefined,
  ) {}

  /** The first request's number (the run is found under every one of its numbers). */
  // Stryker disable next-line BlockStatement: only the connection's failAll reads it, to delete the number in table.finish(), and the run's fail() right after deletes every number of the run still mapped to it
  get seq(): number {
    // Stryker disable next-line LogicalOperator: only the connection's failAll reads it, to delete the number in table.finish(), and the run's fail() right after deletes every number of the run still mapped to it
    return this.#seqs[0] ?? 0;
  }

  get size(): number {
    return this.#seqs.length;
  }

  /** Adds the next request of the call, numbered `seq`. */
  add(seq: number): void {
    this.#seqs.push(seq);
    this.table.bySeq.set(seq, this);
  }

  /** An answer to one of the run's requests: an error (or an ACK, if the request asked for one). */
  deliver(message: NetlinkMessage): boolean {
    const i = this.#indexOf(message.seq);
    // Stryker disable next-line BooleanLiteral: the router hands a run only messages whose number maps to it in the table, and add() puts each number in both places, so i is never negative
    if (i < 0) return false;
    // A reply, which these requests are not meant to get, is swallowed, and its number stays the run's
    // until the request's own error or ACK, or the barrier: every part of a multipart reply is the run's,
    // whichever datagram it comes in.
    if (message.type !== NLMSG_ERROR) return false;
    this.table.bySeq.delete(message.seq);
    // A run that already failed (timeout, abort) swallows its late answers.
    if (this.#over) return false;
    const index = this.from + i;
    const error = parseErrorMessage(message);
    const request = this.requestBytes(index, message.seq);
    const result = error.errno === 0 ? NO_REPLIES : NetlinkError.fromErrorMessage(error, this.headerLength === undefined ? { request } : { request, headerLength: this.headerLength });
    this.call.settle(index, result);
    // The router must not finish the run: it lives on under its other numbers.
    return false;
  }

  /** The barrier was acknowledged: every request not answered by now succeeded (or lost its answer). */
  settleRest(overrun: boolean): void {
    this.#unregister();
    this.#settleUnanswered(overrun ? new OverrunError() : NO_REPLIES);
  }

  /**
   * Ends the run with `error`, or only request `seq` when given (its datagram could not be sent; the
   * connection has freed that number): what is unanswered gets the error, and the numbers are freed.
   */
  fail(error: Error, seq?: number): void {
    if (seq !== undefined) {
      // A request already settled (answered, or the run failed) keeps its result.
      this.call.settle(this.from + this.#indexOf(seq), error);
      return;
    }
    this.#unregister();
    this.#settleUnanswered(error);
  }

  /** The call stopped (timeout, abort): unanswered requests get `error`; the numbers stay taken until the barrier. */
  failKeepingNumbers(error: Error): void {
    this.#settleUnanswered(error);
  }

  #settleUnanswered(result: NetlinkMessage[] | Error): void {
    if (this.#over) return;
    // Stryker disable next-line BooleanLiteral: once over, every request of the run has a result, so a second pass writes none, settleCount(0) does nothing, and call.settle() keeps a late answer out of a result already there
    this.#over = true;
    const results = this.call.results;
    let count = 0;
    for (let index = this.from, end = this.from + this.#seqs.length; index < end; index++) {
      if (results[index] !== undefined) continue;
      results[index] = result;
      count++;
    }
    this.call.settleCount(count);
  }

  #unregister(): void {
    if (this.#unregistered) return;
    // Stryker disable next-line BooleanLiteral: a second pass finds none of the run's numbers still mapped to it, and changedSize() only repeats the connection's idempotent ref/unref
    this.#unregistered = true;
    const bySeq = this.table.bySeq;
    for (const seq of this.#seqs) if (bySeq.get(seq) === this) bySeq.delete(seq);
    this.table.changedSize();
  }

  /** Where `seq` is among the run's numbers: a binary search, as they increase (else a linear one). */
  // The search is a shortcut: whenever it misses, the linear indexOf below gives the same index (the
  // numbers in a run are distinct), and each mutant disabled below still ends (lo rises or hi falls each turn).
  #indexOf(seq: number): number {
    const seqs = this.#seqs;
    let lo = 0;
    // Stryker disable next-line ArithmeticOperator: a search that misses falls through to indexOf, which finds the same index
    let hi = seqs.length - 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a search that misses falls through to indexOf, which finds the same index
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = seqs[mid]!;
      if (at === seq) return mid;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a search that misses falls through to indexOf, which finds the same index (at === seq returned above, so <= is <)
      if (at < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return seqs.indexOf(seq);
  }
}
