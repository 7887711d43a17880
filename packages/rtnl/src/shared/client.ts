import { compileMessage, nameBlamedAttribute, type Attributes, type Fields, type MessageDecl, type MessageInput, type MessageValue } from '@linx/netlink-codec';
import { Connection, checkOnInterrupt, dumpList, readWholeDump, type DumpList, type MessageChunk, type OnInterrupt, type RequestOptions } from '@linx/netlink-socket';

/** Options every rtnl verb takes: a timeout and an AbortSignal. */
export interface CallOptions {
  timeout?: number;
  signal?: AbortSignal;
}

/**
 * Options of the list verbs: a call's, and what to do when the kernel marks the dump interrupted by a
 * concurrent change (`onInterrupt`, from @linx/netlink-socket): `{ action: 'retry' }` (the default: dump
 * again with backoff for up to 5 seconds, then `DumpInterruptedError`), `{ action: 'accept' }` (the list
 * comes back with `interrupted: true`), or `{ action: 'fail' }`.
 */
export interface ListOptions extends CallOptions {
  onInterrupt?: OnInterrupt;
}

/** Checks a list verb's `onInterrupt` before anything is sent (`InvalidArgumentError`). */
export function checkListOptions(options: ListOptions): void {
  checkOnInterrupt(options.onInterrupt, 'options.onInterrupt');
}

/**
 * The verbs' way to the kernel: encodes a request with a message declaration, sends it on the
 * connection, decodes the answers, and names the attribute a kernel error blames (`linkinfo.data.peer`)
 * from the declaration.
 */
export class RtnlClient {
  constructor(readonly connection: Connection) {}

  /** Sends one request and returns the decoded replies (none for a plain ACK). */
  async request<H extends Fields, A extends Attributes>(
    decl: MessageDecl<H, A>,
    type: number,
    value: MessageInput<H, A>,
    flags: number,
    options: CallOptions & { ack?: boolean } = {},
  ): Promise<MessageValue<H, A>[]> {
    const codec = compileMessage(decl);
    const payload = codec.encode(value);
    try {
      const replies = await this.connection.request({ type, flags, payload }, { ...requestOptions(options, codec.headerLength), ...(options.ack === false ? { ack: false } : {}) });
      return replies.filter((m) => m.type >= 16).map((m) => codec.decode(m.payload));
    } catch (error) {
      throw nameBlamedAttribute(error, decl, payload);
    }
  }

  /**
   * A dump's messages as they arrive, in chunks left in the receive batch (for decoders that read
   * straight from it). A kernel error names the request attribute it blames.
   */
  async *chunks<H extends Fields, A extends Attributes>(
    decl: MessageDecl<H, A>,
    type: number,
    value: MessageInput<H, A>,
    options: CallOptions & { flags?: number } = {},
  ): AsyncGenerator<MessageChunk, void, undefined> {
    const codec = compileMessage(decl);
    const payload = codec.encode(value);
    const dump = this.connection.dump({ type, flags: options.flags ?? 0, payload }, requestOptions(options, codec.headerLength));
    try {
      yield* dump.chunks();
    } catch (error) {
      throw nameBlamedAttribute(error, decl, payload);
    }
  }

  /** A dump, decoded message by message as the kernel sends it (straight from the receive batches). */
  async *dump<H extends Fields, A extends Attributes>(
    decl: MessageDecl<H, A>,
    type: number,
    value: MessageInput<H, A>,
    options: CallOptions & { flags?: number } = {},
  ): AsyncGenerator<MessageValue<H, A>, void, undefined> {
    const codec = compileMessage(decl);
    for await (const chunk of this.chunks(decl, type, value, options)) {
      for (let i = 0; i < chunk.count; i++) yield codec.decodeAt(chunk.bytes, chunk.view, chunk.payloadStart(i), chunk.payloadEnd(i));
    }
  }

  /** A whole dump as an array; an interrupted one is handled as `options.onInterrupt` says (see `ListOptions`). */
  async dumpAll<H extends Fields, A extends Attributes>(
    decl: MessageDecl<H, A>,
    type: number,
    value: MessageInput<H, A>,
    options: ListOptions & { flags?: number } = {},
  ): Promise<DumpList<MessageValue<H, A>>> {
    checkListOptions(options);
    const { result, interrupted } = await readWholeDump(
      (): MessageValue<H, A>[] => [],
      async (out) => {
        for await (const item of this.dump(decl, type, value, options)) out.push(item);
      },
      options,
    );
    return dumpList(result, interrupted);
  }
}

/** The engine's options for a call: its timeout and signal, and the header length for naming attributes. */
export function requestOptions(options: CallOptions, headerLength: number): RequestOptions {
  const out: RequestOptions = { headerLength };
  if (options.timeout !== undefined) out.timeout = options.timeout;
  if (options.signal !== undefined) out.signal = options.signal;
  return out;
}
