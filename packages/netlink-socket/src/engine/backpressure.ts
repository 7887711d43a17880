import type { Transport } from './transport.js';

/**
 * Backpressure: reading pauses while consumers of dumps and subscriptions lag (more than `highWaterMark`
 * messages queued), unless a plain request waits for an answer (pausing then would deadlock it). The
 * counters are plain fields, bumped directly on the request paths.
 */
export class Flow {
  /** Messages received for dumps and subscriptions that their consumers have not taken yet. */
  queued = 0;
  /** Plain and bulk requests sent and not answered yet. */
  requestsInFlight = 0;
  #paused = false;

  constructor(
    private readonly transport: Transport,
    private readonly highWaterMark: number,
    private readonly closed: () => boolean,
  ) {}

  /** Pauses or resumes reading to match the counters. */
  update(): void {
    if (this.closed()) return;
    const shouldPause = this.queued > this.highWaterMark && this.requestsInFlight === 0;
    if (shouldPause && !this.#paused) {
      this.#paused = true;
      this.transport.pause();
    } else if (!shouldPause && this.#paused && this.queued <= this.highWaterMark / 2) {
      this.#paused = false;
      this.transport.resume();
    } else if (!shouldPause && this.#paused && this.requestsInFlight > 0) {
      this.#paused = false;
      this.transport.resume();
    }
  }
}
