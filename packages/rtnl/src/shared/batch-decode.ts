import type { Attributes, Fields, MessageDecl, MessageInput } from '@linx/netlink-codec';
import { decodeChunk, type CallOptions, type FamilyClient, type PayloadDecoder } from '@linx/netlink-client';

/**
 * Streams whose replies are decoded straight from the receive batch by a hand-written decoder (routes
 * and addresses into their flat result objects). Whole lists go through `FamilyClient.collect`; a stream
 * has its own generator because it prepares inside the iteration and maps its errors.
 */

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
  client: FamilyClient,
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
    const reader = { replyType, decode, accept, finish };
    for await (const chunk of client.chunks(decl, type, value, options)) {
      for (const item of decodeChunk(chunk, reader)) yield item;
    }
  } catch (error) {
    const mapped = mapError(error);
    if (mapped !== undefined) throw mapped;
  }
}
