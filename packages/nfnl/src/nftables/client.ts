import { compileMessage, nameBlamedAttribute, type Attributes, type Fields, type MessageDecl, type MessageInput, type MessageValue } from '@linx/netlink-codec';
import { checkOnInterrupt, dumpList, readWholeDump, type Connection, type DumpList, type OnInterrupt, type RequestOptions } from '@linx/netlink-socket';
import { NLM_F_ECHO, type NetlinkMessage } from '@linx/netlink-wire';
import type { BatchMessage, BatchOptions } from '../batch.js';
import { messageType } from '../subsystem.js';
import { nftMsgValues } from './messages.js';

/** Options every nftables verb takes: a timeout and an AbortSignal. */
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

/** What the nftables verbs need from the nfnetlink handle. */
export interface NfnlCore {
  readonly connection: Connection;
  batch(subsystem: 'nftables', messages: readonly BatchMessage[], options?: BatchOptions): Promise<NetlinkMessage[][]>;
}

/** NFT_MSG_* by name. */
export type NftMsg = keyof typeof nftMsgValues;

/** One change of a batch, before encoding: the message, its declaration and value, and what it does. */
export interface NftOperation {
  msg: NftMsg;
  /** NLM_F_CREATE, NLM_F_EXCL, NLM_F_APPEND, NLM_F_REPLACE as the verb needs. */
  flags: number;
  decl: MessageDecl;
  /** The message; an attribute whose value is undefined is not written. */
  value: MessageInput<Fields, Attributes>;
  /** `add rule inet filter input`: names the message in errors. */
  description: string;
}

/** The nlmsg_type of an NFT_MSG_*. */
export function nftType(msg: NftMsg): number {
  return messageType('nftables', nftMsgValues[msg]);
}

/**
 * The nftables verbs' way to the kernel: encodes requests with the declarations, decodes replies (dumps
 * straight from the receive batches), names the attribute a kernel error blames, sends batches.
 */
export class NftClient {
  constructor(readonly core: NfnlCore) {}

  /** A dump (NLM_F_DUMP), decoded message by message. */
  async *dump<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: NftMsg, value: MessageInput<H, A>, options: CallOptions = {}): AsyncGenerator<MessageValue<H, A>, void, undefined> {
    const codec = compileMessage(decl);
    const payload = codec.encode(value);
    const type = nftType(msg);
    try {
      for await (const chunk of this.core.connection.dump({ type, payload }, requestOptions(options, codec.headerLength)).chunks()) {
        for (let i = 0; i < chunk.count; i++) yield codec.decodeAt(chunk.bytes, chunk.view, chunk.payloadStart(i), chunk.payloadEnd(i));
      }
    } catch (error) {
      throw nameBlamedAttribute(error, decl, payload);
    }
  }

  /** A whole dump; one interrupted by a concurrent change is handled as `options.onInterrupt` says (see `ListOptions`). */
  async dumpAll<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: NftMsg, value: MessageInput<H, A>, options: ListOptions = {}): Promise<DumpList<MessageValue<H, A>>> {
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

  /** A GET of one object: the decoded replies (the kernel answers ENOENT when there is none). */
  async get<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: NftMsg, value: MessageInput<H, A>, options: CallOptions = {}): Promise<MessageValue<H, A>[]> {
    const codec = compileMessage(decl);
    const payload = codec.encode(value);
    const type = nftType(msg);
    try {
      const replies = await this.core.connection.request({ type, payload }, requestOptions(options, codec.headerLength));
      // The engine keeps the ACK and errors to itself: every reply is a data message.
      return replies.map((m) => codec.decode(m.payload));
    } catch (error) {
      throw nameBlamedAttribute(error, decl, payload);
    }
  }

  /**
   * Sends operations as one batch. With `echo`, each message asks the kernel to echo what it made
   * (NLM_F_ECHO): handles of new objects, and the new generation (NEWGEN, echoed to the first message).
   */
  send(operations: readonly NftOperation[], options: BatchOptions & { echo?: boolean } = {}): Promise<NetlinkMessage[][]> {
    const messages: BatchMessage[] = operations.map((op) => ({
      type: nftType(op.msg),
      flags: op.flags | (options.echo ? NLM_F_ECHO : 0),
      payload: compileMessage(op.decl).encode(op.value),
      description: op.description,
      decl: op.decl,
    }));
    const batchOptions: BatchOptions = { generation: options.generation, timeout: options.timeout, signal: options.signal };
    return this.core.batch('nftables', messages, batchOptions);
  }
}

function requestOptions(options: CallOptions, headerLength: number): RequestOptions {
  // (An option left undefined is no option: the engine and sendBatch test for undefined.)
  return { headerLength, timeout: options.timeout, signal: options.signal };
}

