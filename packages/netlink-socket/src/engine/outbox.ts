import { ByteWriter, NLMSG_HDRLEN, writeHeader } from '@linx/netlink-wire';
import type { RequestMessage } from './request-types.js';

/** Requests coalesced into one datagram are sent once they reach this size (keeping datagrams to a size any socket sends without raising its buffer much). */
const MAX_COALESCED = 64 * 1024;
const EMPTY = new Uint8Array(0);

/** What writes the payloads of `postWritten`. */
export interface WrittenSource {
  write(index: number, w: ByteWriter): void;
}

/**
 * Plain requests waiting to be sent. Requests made in the same tick go out together in one datagram (the
 * kernel handles the messages of a datagram one by one and answers each), which saves a system call per
 * request when many are pipelined. The send happens in a microtask, before any I/O.
 */
export class Outbox {
  #writer: ByteWriter | undefined;
  // Stryker disable next-line ArrayDeclaration: a send that fails hands its numbers to failUnsent, which skips every number not registered, so an extra entry is never looked at
  #seqs: number[] = [];

  constructor(
    private readonly send: (bytes: Uint8Array) => number,
    /** The send failed: these requests will never be answered. */
    private readonly failed: (seqs: number[], error: Error) => void,
  ) {}

  /**
   * Writes a request (header and payload) straight into the datagram being built, without a buffer of its
   * own. Returns the request's bytes: a view that stays valid (a growing writer copies into a new buffer
   * and never rewrites the old one).
   */
  postFramed(message: RequestMessage, flags: number, seq: number): Uint8Array {
    const payload = message.payload ?? EMPTY;
    const length = NLMSG_HDRLEN + payload.length;
    const writer = this.#open(length);
    const at = writer.reserve(length);
    try {
      writeHeader(writer.view, at, length, { type: message.type, flags, seq, pid: 0 });
    } catch (error) {
      // A header field out of range: nothing was written, so nothing of this request may be sent.
      writer.length = at;
      throw error;
    }
    writer.bytes.set(payload, at + NLMSG_HDRLEN);
    const bytes = writer.bytes.subarray(at, at + length);
    writer.pad();
    this.#added(seq);
    return bytes;
  }

  /**
   * Writes request `index` of `source` (its header, then the payload `source.write` appends) straight into
   * the datagram being built. Returns a view of its bytes when `view` is set (for an error's context).
   */
  postWritten(source: WrittenSource, index: number, type: number, flags: number, seq: number, view: boolean): Uint8Array | undefined {
    const writer = this.#open(256);
    const at = writer.reserve(NLMSG_HDRLEN);
    try {
      source.write(index, writer);
      writeHeader(writer.view, at, writer.length - at, { type, flags, seq, pid: 0 });
    } catch (error) {
      // Nothing of this request may be sent. What it wrote is zeroed again: the writer relies on zeroed
      // bytes past its end.
      writer.bytes.fill(0, at, writer.length);
      writer.length = at;
      throw error;
    }
    const bytes = view ? writer.bytes.subarray(at, writer.length) : undefined;
    writer.pad();
    this.#added(seq);
    return bytes;
  }

  /** Sends what is queued, now. */
  flush(): void {
    const writer = this.#writer;
    const seqs = this.#seqs;
    if (writer === undefined) return;
    this.#writer = undefined;
    // Stryker disable next-line ArrayDeclaration: a send that fails hands its numbers to failUnsent, which skips every number not registered, so an extra entry is never looked at
    this.#seqs = [];
    // Every request begun in it was refused while being written: nothing to send.
    if (writer.length === 0) return;
    try {
      this.send(writer.bytes.subarray(0, writer.length));
    } catch (error) {
      this.failed(seqs, error as Error);
    }
  }

  #open(room: number): ByteWriter {
    // A full datagram is sent when the next request comes, not when it fills up: by then the caller has
    // registered every request in it, so a failed send reaches them all.
    if (this.#writer !== undefined && this.#writer.length >= MAX_COALESCED) this.flush();
    if (this.#writer === undefined) {
      // Stryker disable next-line MethodExpression,ArithmeticOperator: only the writer's first capacity; it grows as needed
      this.#writer = new ByteWriter(Math.max(4096, room + 4));
      queueMicrotask(() => this.flush());
    }
    return this.#writer;
  }

  #added(seq: number): void {
    this.#seqs.push(seq);
  }
}
