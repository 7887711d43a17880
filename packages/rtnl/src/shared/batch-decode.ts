import { compileMessage, nameBlamedAttribute, type Attributes, type Fields, type MessageDecl, type MessageInput } from '@linx/netlink-codec';
import { dumpList, readWholeDump, type DumpList, type MessageChunk } from '@linx/netlink-socket';
import { HOST_LITTLE_ENDIAN, NLMSG_HDRLEN, type NetlinkMessage } from '@linx/netlink-wire';
import { checkListOptions, requestOptions, type CallOptions, type ListOptions, type RtnlClient } from './client.js';
import { noSuchInterface } from './interfaces.js';

/**
 * Dumps and requests whose replies are decoded straight from the receive batch by a hand-written decoder
 * (routes and addresses into their flat result objects), for the address and route verbs. Like
 * `RtnlClient`, requests are encoded with a message declaration and kernel errors name the attribute their
 * ext-ack offset points at.
 */

/** Decodes one message's payload at `bytes[start, end)`. */
export type PayloadDecoder<T> = (bytes: Uint8Array, view: DataView, start: number, end: number) => T;


/**
 * The messages of type `replyType` in a chunk, decoded straight from the receive batch, kept when
 * `accept` says so and completed by `finish`, in an array made once at the chunk's size. The chunk's runs
 * of messages were checked on receipt, so they are walked by their lengths alone.
 */
function decodeChunk<T>(chunk: MessageChunk, replyType: number, decode: PayloadDecoder<T>, accept: ((item: T) => boolean) | undefined, finish: ((item: T) => void) | undefined): T[] {
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

/** What a stream needs before its dump starts (interface names looked up, …). */
export interface StreamPlan<T, H extends Fields, A extends Attributes> {
  /** The dump request. */
  value: MessageInput<H, A>;
  /** Drops what the kernel did not filter itself. */
  accept?: ((item: T) => boolean) | undefined;
  /** Completes each item (interface names). */
  finish?: ((item: T) => void) | undefined;
}

/**
 * A dump's messages of type `replyType`, decoded one by one as they arrive, in one generator (a yield per
 * item, nothing more). `prepare` runs first, inside the iteration; `mapError` turns a failure into another
 * error, or into the end of the stream (undefined). An interrupted dump (NLM_F_DUMP_INTR) throws
 * `DumpInterruptedError`: items were already handed out.
 */
export async function* streamDump<T, H extends Fields, A extends Attributes>(
  client: RtnlClient,
  decl: MessageDecl<H, A>,
  type: number,
  replyType: number,
  decode: PayloadDecoder<T>,
  prepare: () => Promise<StreamPlan<T, H, A>>,
  mapError: (error: unknown) => unknown,
  options: CallOptions,
): AsyncGenerator<T, void, undefined> {
  try {
    const { value, accept, finish } = await prepare();
    for await (const chunk of client.chunks(decl, type, value, options)) {
      for (const item of decodeChunk(chunk, replyType, decode, accept, finish)) yield item;
    }
  } catch (error) {
    const mapped = mapError(error);
    if (mapped !== undefined) throw mapped;
  }
}

/**
 * A whole dump decoded into an array, in one tight loop per receive batch (no promise per item); `finish`
 * completes each item kept (interface names) while it is fresh in the cache. An interrupted dump is
 * handled as `options.onInterrupt` says (see `ListOptions`).
 */
export async function collectDump<T, H extends Fields, A extends Attributes>(
  client: RtnlClient,
  decl: MessageDecl<H, A>,
  type: number,
  replyType: number,
  value: MessageInput<H, A>,
  decode: PayloadDecoder<T>,
  accept: ((item: T) => boolean) | undefined,
  options: ListOptions,
  finish?: (item: T) => void,
): Promise<DumpList<T>> {
  checkListOptions(options);
  // One array per chunk, made at its size, then one for the whole: growing a single array by push
  // would allocate and copy it over and over (≈ 1.8 MB for 65,000 routes, against 1 MB this way).
  const { result: parts, interrupted } = await readWholeDump(
    (): T[][] => [],
    async (parts) => {
      for await (const chunk of client.chunks(decl, type, value, options)) parts.push(decodeChunk(chunk, replyType, decode, accept, finish));
    },
    options,
  );
  return dumpList(parts.length === 1 ? parts[0]! : ([] as T[]).concat(...parts), interrupted);
}

/** One request whose reply messages are returned undecoded (for `routes.get`). */
export async function requestRaw<H extends Fields, A extends Attributes>(
  client: RtnlClient,
  decl: MessageDecl<H, A>,
  type: number,
  value: MessageInput<H, A>,
  flags: number,
  options: CallOptions & { ack?: boolean },
): Promise<NetlinkMessage[]> {
  const codec = compileMessage(decl);
  const payload = codec.encode(value);
  try {
    return await client.connection.request({ type, flags, payload }, { ...requestOptions(options, codec.headerLength), ...(options.ack === false ? { ack: false } : {}) });
  } catch (error) {
    throw nameBlamedAttribute(error, decl, payload);
  }
}

/** A request answered by an ACK (or an error naming the attribute it blames): `routes.add` and friends. */
export async function requestAck<H extends Fields, A extends Attributes>(
  client: RtnlClient,
  decl: MessageDecl<H, A>,
  type: number,
  value: MessageInput<H, A>,
  flags: number,
  options: CallOptions,
): Promise<void> {
  const codec = compileMessage(decl);
  const payload = codec.encode(value);
  try {
    await client.connection.request({ type, flags, payload }, requestOptions(options, codec.headerLength));
  } catch (error) {
    throw nameBlamedAttribute(error, decl, payload);
  }
}
