import { align } from './align.js';

/**
 * A growable byte buffer with a DataView over it: the one place encoders append bytes, so that a whole
 * message (header, fixed struct, attributes) is written in one pass without intermediate arrays.
 */
export class ByteWriter {
  bytes: Uint8Array;
  view: DataView;
  /** Bytes written so far. */
  length = 0;

  constructor(initialCapacity = 256) {
    this.bytes = new Uint8Array(initialCapacity);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `n` more bytes and returns the offset where they start (the bytes are zeroed). */
  reserve(n: number): number {
    const start = this.length;
    const needed = start + n;
    // Stryker disable next-line EqualityOperator: growing a buffer that is exactly full only reallocates one write earlier; the bytes written are the same
    if (needed > this.bytes.length) {
      // Double, or more when one reservation needs more (a writer made with capacity 0 has nothing to double).
      // Stryker disable next-line ArithmeticOperator: the growth factor only changes how often the buffer is reallocated (capacity is never below `needed`), not the bytes
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, needed));
      grown.set(this.bytes.subarray(0, start));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length = needed;
    return start;
  }

  /** Appends `data`. */
  write(data: Uint8Array): void {
    const at = this.reserve(data.length);
    this.bytes.set(data, at);
  }

  /** Appends zero bytes up to the next multiple of 4. Buffers start zeroed, so this only moves the end. */
  pad(): void {
    this.reserve(align(this.length) - this.length);
  }

  /** A copy of the bytes written, sized exactly. */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
