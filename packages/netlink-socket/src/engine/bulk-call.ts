import type { NetlinkMessage } from '@linx/netlink-wire';
import type { RequestCallbacks } from './request.js';

/** One request of a bulk call: where its answer goes in the results. */
export class BulkSlot implements RequestCallbacks {
  constructor(
    private readonly bulk: BulkCall,
    readonly index: number,
  ) {}

  resolve(replies: NetlinkMessage[]): void {
    this.bulk.settle(this.index, replies);
  }

  reject(error: Error): void {
    this.bulk.settle(this.index, error);
  }
}

/**
 * The state of a `requestAll`: results by index, how many are answered, and who to tell when all are.
 * One object for the whole call and one small slot per request, instead of a promise and closures each.
 */
export class BulkCall {
  readonly results: (NetlinkMessage[] | Error | undefined)[];
  answered = 0;
  /** Index of the next request to send. */
  next = 0;
  /** Requests sent and not answered yet. */
  outstanding = 0;

  constructor(
    readonly count: number,
    /** `count` more requests were answered. */
    private readonly onSettled: (call: BulkCall, count: number) => void,
  ) {
    // Stryker disable next-line ArrayDeclaration: only the array's first length; every index gets its result before the call resolves, so the array handed out is the same
    this.results = new Array(count);
  }

  settle(index: number, result: NetlinkMessage[] | Error): void {
    if (this.results[index] !== undefined) return;
    this.results[index] = result;
    this.settleCount(1);
  }

  /** `count` results were written into `results` directly (a run settled at once). */
  settleCount(count: number): void {
    if (count === 0) return;
    this.answered += count;
    this.outstanding -= count;
    this.onSettled(this, count);
  }

  get done(): boolean {
    return this.answered === this.count;
  }
}
