/**
 * Sequence numbers for requests on one socket: 32-bit, starting at a random point, never 0 (the kernel
 * uses 0 for notifications), wrapping around, and skipping numbers still in use by a request in flight.
 */
export class SequenceAllocator {
  #next: number;

  constructor(start = 1 + Math.floor(Math.random() * 0xffff_fffe)) {
    this.#next = start >>> 0 || 1;
  }

  /** The next free number. `inUse` says which are taken. */
  next(inUse: (seq: number) => boolean): number {
    for (;;) {
      const seq = this.#next;
      this.#next = seq === 0xffff_ffff ? 1 : seq + 1;
      if (!inUse(seq)) return seq;
    }
  }
}
