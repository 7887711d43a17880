import { attributePathAt, compileMessage, type Attributes, type Fields, type MessageCodec, type MessageDecl, type MessageInput, type MessageValue } from '@linx/netlink-codec';
import { Connection, type RequestOptions } from '@linx/netlink-socket';
import { NLMSG_HDRLEN, NetlinkError, writeHeader, ByteWriter } from '@linx/netlink-wire';

/** Options every rtnl verb takes: a timeout and an AbortSignal. */
export interface CallOptions {
  timeout?: number;
  signal?: AbortSignal;
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
      const replies = await this.connection.request({ type, flags, payload }, { ...requestOptions(options, codec), ...(options.ack === false ? { ack: false } : {}) });
      return replies.filter((m) => m.type >= 16).map((m) => codec.decode(m.payload));
    } catch (error) {
      throw named(error, decl, type, flags, payload);
    }
  }

  /**
   * A dump, decoded message by message as the kernel sends it (straight from the receive batches).
   * `accept` can drop replies the kernel did not filter itself.
   */
  async *dump<H extends Fields, A extends Attributes>(
    decl: MessageDecl<H, A>,
    type: number,
    value: MessageInput<H, A>,
    options: CallOptions & { flags?: number } = {},
  ): AsyncGenerator<MessageValue<H, A>, void, undefined> {
    const codec = compileMessage(decl);
    const payload = codec.encode(value);
    const dump = this.connection.dump({ type, flags: options.flags ?? 0, payload }, requestOptions(options, codec));
    try {
      for await (const chunk of dump.chunks()) {
        for (let i = 0; i < chunk.count; i++) yield codec.decodeAt(chunk.bytes, chunk.view, chunk.payloadStart(i), chunk.payloadEnd(i));
      }
    } catch (error) {
      throw named(error, decl, type, options.flags ?? 0, payload);
    }
  }

  /** A whole dump as an array; a dump interrupted by a concurrent change is done again (3 times at most). */
  async dumpAll<H extends Fields, A extends Attributes>(
    decl: MessageDecl<H, A>,
    type: number,
    value: MessageInput<H, A>,
    options: CallOptions & { flags?: number } = {},
  ): Promise<MessageValue<H, A>[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        const out: MessageValue<H, A>[] = [];
        for await (const item of this.dump(decl, type, value, options)) out.push(item);
        return out;
      } catch (error) {
        if (attempt >= 3 || (error as { code?: string }).code !== 'ERR_LINX_DUMP_INTERRUPTED') throw error;
      }
    }
  }
}

function requestOptions(options: CallOptions, codec: MessageCodec<Fields, Attributes>): RequestOptions {
  const out: RequestOptions = { headerLength: codec.headerLength };
  if (options.timeout !== undefined) out.timeout = options.timeout;
  if (options.signal !== undefined) out.signal = options.signal;
  return out;
}

/** Adds the attribute's name to a kernel error whose ext-ack offset points into the request. */
function named(error: unknown, decl: MessageDecl, type: number, flags: number, payload: Uint8Array): unknown {
  if (!(error instanceof NetlinkError) || error.offset === undefined) return error;
  const w = new ByteWriter(NLMSG_HDRLEN + payload.length);
  w.reserve(NLMSG_HDRLEN);
  writeHeader(w.view, 0, NLMSG_HDRLEN + payload.length, { type, flags });
  w.write(payload);
  const where = attributePathAt(decl, w.finish(), error.offset);
  return where ? error.nameAttribute(where.text) : error;
}
