import { HOST_LITTLE_ENDIAN, NLMSG_HDRLEN, type NetlinkMessage } from '@linx/netlink-wire';

/**
 * Messages of one dump that arrived together, left where they are in the receive batch: the batch's
 * bytes, a DataView over them, and where each message starts. Decoders that take (bytes, view, start,
 * end) read them without any per-message object; `message(i)` and iteration make message objects.
 */
export class MessageChunk {
  constructor(
    /** The receive batch's bytes (shared by every chunk of that batch). */
    readonly bytes: Uint8Array,
    readonly view: DataView,
    /** Offset of each message's nlmsghdr in `bytes`. */
    readonly offsets: number[],
  ) {}

  /** How many messages the chunk holds. */
  get count(): number {
    return this.offsets.length;
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
    for (let i = 0; i < this.offsets.length; i++) yield this.message(i);
  }
}
