import type { Transport } from './transport.js';

/**
 * Backpressure: reading pauses while consumers of dumps and subscriptions lag (more than `highWaterMark`
 * messages queued), unless a plain request waits for an answer, or an overrun for a probe's (pausing then
 * would deadlock it). The counters are plain fields, bumped directly on the request paths.
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
    /**
     * Reading must go on whatever is queued: after an overrun, requests are held until a probe is
     * answered, and only reading gets it answered.
     */
    private readonly mustRead: () => boolean = () => false,
  ) {}

  /** Pauses or resumes reading to match the counters. */
  update(): void {
    if (this.closed()) return;
    const shouldPause = this.queued > this.highWaterMark && this.requestsInFlight === 0 && !this.mustRead();
    if (shouldPause && !this.#paused) {
      this.#paused = true;
      this.transport.pause();
    } else if (!shouldPause && this.#paused && (this.queued <= this.highWaterMark / 2 || this.requestsInFlight > 0 || this.mustRead())) {
      this.#paused = false;
      this.transport.resume();
    }
  }
}
