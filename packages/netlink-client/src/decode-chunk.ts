import type { MessageChunk } from '@linx/netlink-socket';
import { HOST_LITTLE_ENDIAN, NLMSG_HDRLEN } from '@linx/netlink-wire';

/** Decodes one message's payload at `bytes[start, end)` (a hand-written decoder, or a codec's `decodeAt`). */
export type PayloadDecoder<T> = (bytes: Uint8Array, view: DataView, start: number, end: number) => T;

/**
 * How a dump's messages become items, straight from the receive batch: the message type to keep, its
 * decoder, what to drop (what the kernel did not filter itself) and what to complete on each item kept
 * (interface names, while they are fresh in a cache).
 */
export interface ChunkReader<T> {
  replyType: number;
  decode: PayloadDecoder<T>;
  accept?: ((item: T) => boolean) | undefined;
  finish?: ((item: T) => void) | undefined;
}

/**
 * The messages of type `reader.replyType` in a chunk, decoded straight from the receive batch, kept when
 * `accept` says so and completed by `finish`, in an array made once at the chunk's size. The chunk's runs
 * of messages were checked on receipt, so they are walked by their lengths alone.
 */
export function decodeChunk<T>(chunk: MessageChunk, reader: ChunkReader<T>): T[] {
  const { replyType, decode, accept, finish } = reader;
  // Stryker disable next-line ArrayDeclaration: made at the chunk's size only to save growing it; an empty array grows as items are written, to the same list
  const out = new Array<T>(chunk.count);
  let kept = 0;
  const { bytes, view, ranges } = chunk;
  for (let r = 0; r < ranges.length; r += 2) {
    for (let at = ranges[r]!, end = ranges[r + 1]!; at < end; ) {
      const length = view.getUint32(at, HOST_LITTLE_ENDIAN);
      const start = at;
      at += (length + 3) & ~3;
      if (view.getUint16(start + 4, HOST_LITTLE_ENDIAN) !== replyType) continue;
      const item = decode(bytes, view, start + NLMSG_HDRLEN, start + length);
      if (accept !== undefined && !accept(item)) continue;
      if (finish !== undefined) finish(item);
      out[kept++] = item;
    }
  }
  out.length = kept;
  return out;
}
