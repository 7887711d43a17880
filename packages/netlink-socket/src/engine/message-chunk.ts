import { HOST_LITTLE_ENDIAN, NLMSG_HDRLEN, type NetlinkMessage } from '@linx/netlink-wire';

/**
 * Messages of one dump that arrived together, left where they are in the receive batch: the batch's
 * bytes, a DataView over them, and where the messages are. Decoders that take (bytes, view, start, end)
 * read them without any per-message object: walk `ranges` (runs of back-to-back messages, checked when
 * they were received), or index them with `offsets`; `message(i)` and iteration make message objects.
 */
export class MessageChunk {
  #offsets: number[] | undefined;
  #ranges: number[] | undefined;
  #count: number;

  constructor(
    /** The receive batch's bytes (shared by every chunk of that batch). */
    readonly bytes: Uint8Array,
    readonly view: DataView,
    /** Offset of each message's nlmsghdr in `bytes`. */
    offsets: number[] = [],
  ) {
    this.#offsets = offsets;
    this.#count = offsets.length;
  }

  /** @internal An empty chunk that the receive side fills with runs of messages (`addRun`). */
  static ofRuns(bytes: Uint8Array, view: DataView): MessageChunk {
    const chunk = new MessageChunk(bytes, view);
    chunk.#offsets = undefined;
    chunk.#ranges = [];
    return chunk;
  }

  /** @internal Appends `count` messages lying back to back in `bytes[start, end)` (to a chunk of runs). */
  addRun(start: number, end: number, count: number): void {
    this.#ranges!.push(start, end);
    this.#offsets = undefined;
    this.#count += count;
  }

  /** How many messages the chunk holds. */
  get count(): number {
    return this.#count;
  }

  /**
   * The messages as runs: pairs of [start, end) offsets in `bytes`, each run holding whole messages back to
   * back (walk one by adding each message's nlmsg_len, rounded up to 4, until `end`).
   */
  get ranges(): readonly number[] {
    if (this.#ranges === undefined) {
      const ranges: number[] = [];
      for (const at of this.#offsets!) ranges.push(at, at + ((this.view.getUint32(at, HOST_LITTLE_ENDIAN) + 3) & ~3));
      this.#ranges = ranges;
    }
    return this.#ranges;
  }

  /** Offset of each message's nlmsghdr in `bytes`. */
  get offsets(): readonly number[] {
    if (this.#offsets === undefined) {
      const offsets: number[] = [];
      const ranges = this.#ranges!;
      // Stryker disable next-line EqualityOperator: one step past the end reads ranges[length] (undefined), and the inner loop does not run for it
      for (let r = 0; r < ranges.length; r += 2) {
        for (let at = ranges[r]!, end = ranges[r + 1]!; at < end; at += (this.view.getUint32(at, HOST_LITTLE_ENDIAN) + 3) & ~3) offsets.push(at);
      }
      this.#offsets = offsets;
    }
    return this.#offsets;
  }

  /** Where message `i`'s payload starts and ends in `bytes`. */
  payloadStart(i: number): number {
    return this.offsets[i]! + NLMSG_HDRLEN;
  }
  payloadEnd(i: number): number {
    const at = this.offsets[i]!;
    return at + this.view.getUint32(at, HOST_LITTLE_ENDIAN);
  }

  /** Message `i` as an object (its payload a view into the batch). */
  message(i: number): NetlinkMessage {
    const at = this.offsets[i]!;
    const view = this.view;
    return {
      type: view.getUint16(at + 4, HOST_LITTLE_ENDIAN),
      flags: view.getUint16(at + 6, HOST_LITTLE_ENDIAN),
      seq: view.getUint32(at + 8, HOST_LITTLE_ENDIAN),
      pid: view.getUint32(at + 12, HOST_LITTLE_ENDIAN),
      payload: this.bytes.subarray(at + NLMSG_HDRLEN, at + view.getUint32(at, HOST_LITTLE_ENDIAN)),
    };
  }

  *[Symbol.iterator](): IterableIterator<NetlinkMessage> {
    for (let i = 0; i < this.count; i++) yield this.message(i);
  }
}
