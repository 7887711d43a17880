import { compileMessage, type Attributes, type Fields, type MessageDecl, type MessageInput, type MessageValue } from '@linx/netlink-codec';
import { nameBlamedAttribute } from '@linx/netlink-codec/runtime';
import { FamilyClient, type CallOptions, type ChunkReader, type DumpCallOptions, type ListOptions } from '@linx/netlink-client';
import type { Connection, DumpList } from '@linx/netlink-socket';
import { messageType, type Subsystem } from './subsystem.js';

export type { CallOptions, ListOptions } from '@linx/netlink-client';

/**
 * One nfnetlink subsystem's way to the kernel outside batches, over the client every family shares
 * (`FamilyClient` of @linx/netlink-client: encoding with the declaration, decoding straight from the
 * receive batches, the attribute a kernel error blames, interrupted dumps). What it adds is nfnetlink's
 * message numbering: `messages` maps the subsystem's message names to their numbers (the low byte of
 * nlmsg_type, the subsystem id being the high byte).
 */
export class SubsystemClient<M extends { readonly [name: string]: number }> {
  readonly #client: FamilyClient;

  constructor(
    readonly connection: Connection,
    readonly subsystem: Subsystem,
    readonly messages: M,
  ) {
    this.#client = new FamilyClient(connection);
  }

  /** The nlmsg_type of one of the subsystem's messages. */
  type(msg: keyof M & string): number {
    return messageType(this.subsystem, this.messages[msg]!);
  }

  /** A dump (NLM_F_DUMP), decoded message by message; `flags` are added to the request's. */
  dump<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: keyof M & string, value: MessageInput<H, A>, options: CallOptions = {}, flags = 0): AsyncGenerator<MessageValue<H, A>, void, undefined> {
    return this.#client.dump(decl, this.type(msg), value, { ...options, flags });
  }

  /**
   * A whole dump; one interrupted by a concurrent change is handled as `options.onInterrupt` says (see
   * `ListOptions`); `options.flags` are added to the request's.
   */
  dumpAll<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: keyof M & string, value: MessageInput<H, A>, options: ListOptions & DumpCallOptions = {}): Promise<DumpList<MessageValue<H, A>>> {
    return this.#client.dumpAll(decl, this.type(msg), value, options);
  }

  /**
   * A whole dump read by `reader` (a hand-written decoder straight from the receive batch, no promise per
   * item); an interrupted dump is handled as `options.onInterrupt` says.
   */
  collect<R, H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: keyof M & string, value: MessageInput<H, A>, reader: ChunkReader<R>, options: ListOptions = {}): Promise<DumpList<R>> {
    return this.#client.collect(decl, this.type(msg), value, reader, options);
  }

  /**
   * One request with an ACK: the decoded data replies (none for a change the kernel only ACKs). `flags`
   * are added to NLM_F_REQUEST | NLM_F_ACK (NLM_F_CREATE, NLM_F_EXCL, …).
   */
  request<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: keyof M & string, value: MessageInput<H, A>, options: CallOptions = {}, flags = 0): Promise<MessageValue<H, A>[]> {
    return this.#client.request(decl, this.type(msg), value, flags, options);
  }

  /**
   * Many requests of one message type at once (`Connection.requestAll`: pipelined, coalesced into few
   * datagrams, only failures answered): one entry per value, its decoded replies or its error (a kernel
   * error with the attribute it blames named).
   */
  async requestAll<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: keyof M & string, values: readonly MessageInput<H, A>[], options: CallOptions = {}, flags = 0): Promise<(MessageValue<H, A>[] | Error)[]> {
    const codec = compileMessage(decl);
    const type = this.type(msg);
    const payloads = values.map((value) => codec.encode(value));
    const results = await this.connection.requestAll(
      payloads.map((payload) => ({ type, flags, payload })),
      { headerLength: codec.headerLength, timeout: options.timeout, signal: options.signal, acks: 'errors' },
    );
    return results.map((result, i) => (result instanceof Error ? (nameBlamedAttribute(result, decl, payloads[i]!) as Error) : result.map((m) => codec.decode(m.payload))));
  }
}
