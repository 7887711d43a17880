import { compileMessage, nameBlamedAttribute, type Attributes, type Fields, type MessageDecl, type MessageInput, type MessageValue } from '@linx/netlink-codec';
import { checkOnInterrupt, dumpList, readWholeDump, type Connection, type DumpList, type OnInterrupt, type RequestOptions } from '@linx/netlink-socket';
import { messageType, type Subsystem } from './subsystem.js';

/** Options every nfnetlink verb takes: a timeout and an AbortSignal. */
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

/**
 * One nfnetlink subsystem's way to the kernel outside batches: encodes a request with its declaration,
 * decodes the replies (dumps straight from the receive batches), and names the attribute a kernel error
 * blames. `messages` maps the subsystem's message names to their numbers (the low byte of nlmsg_type).
 */
export class SubsystemClient<M extends { readonly [name: string]: number }> {
  constructor(
    readonly connection: Connection,
    readonly subsystem: Subsystem,
    readonly messages: M,
  ) {}

  /** The nlmsg_type of one of the subsystem's messages. */
  type(msg: keyof M & string): number {
    return messageType(this.subsystem, this.messages[msg]!);
  }

  /** A dump (NLM_F_DUMP), decoded message by message; `flags` are added to the request's. */
  async *dump<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: keyof M & string, value: MessageInput<H, A>, options: CallOptions = {}, flags = 0): AsyncGenerator<MessageValue<H, A>, void, undefined> {
    const codec = compileMessage(decl);
    const payload = codec.encode(value);
    try {
      for await (const chunk of this.connection.dump({ type: this.type(msg), flags, payload }, requestOptions(options, codec.headerLength)).chunks()) {
        for (let i = 0; i < chunk.count; i++) yield codec.decodeAt(chunk.bytes, chunk.view, chunk.payloadStart(i), chunk.payloadEnd(i));
      }
    } catch (error) {
      throw nameBlamedAttribute(error, decl, payload);
    }
  }

  /** A whole dump; one interrupted by a concurrent change is handled as `options.onInterrupt` says (see `ListOptions`). */
  async dumpAll<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: keyof M & string, value: MessageInput<H, A>, options: ListOptions = {}): Promise<DumpList<MessageValue<H, A>>> {
    checkOnInterrupt(options.onInterrupt, 'options.onInterrupt');
    const { result, interrupted } = await readWholeDump(
      (): MessageValue<H, A>[] => [],
      async (out) => {
        for await (const item of this.dump(decl, msg, value, options)) out.push(item);
      },
      options,
    );
    return dumpList(result, interrupted);
  }

  /**
   * One request with an ACK: the decoded data replies (none for a change the kernel only ACKs). `flags`
   * are added to NLM_F_REQUEST | NLM_F_ACK (NLM_F_CREATE, NLM_F_EXCL, …).
   */
  async request<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: keyof M & string, value: MessageInput<H, A>, options: CallOptions = {}, flags = 0): Promise<MessageValue<H, A>[]> {
    const codec = compileMessage(decl);
    const payload = codec.encode(value);
    try {
      const replies = await this.connection.request({ type: this.type(msg), flags, payload }, requestOptions(options, codec.headerLength));
      // The engine keeps the ACK and errors to itself: every reply is a data message.
      return replies.map((m) => codec.decode(m.payload));
    } catch (error) {
      throw nameBlamedAttribute(error, decl, payload);
    }
  }
}

function requestOptions(options: CallOptions, headerLength: number): RequestOptions {
  // (An option left undefined is no option: the engine and sendBatch test for undefined.)
  return { headerLength, timeout: options.timeout, signal: options.signal };
}
