import { compileMessage, type Attributes, type Fields, type MessageDecl, type MessageInput, type MessageValue } from '@linx/netlink-codec';
import type { ChunkReader } from '@linx/netlink-client';
import type { Connection, DumpList, DumpSeries } from '@linx/netlink-socket';
import { NLM_F_ECHO, type NetlinkMessage } from '@linx/netlink-wire';
import type { BatchMessage, BatchOptions } from '../batch.js';
import { messageType } from '../subsystem.js';
import { SubsystemClient, type CallOptions, type ListOptions } from '../subsystem-client.js';
import { nftMsgValues } from './messages.js';

export type { CallOptions, ListOptions } from '../subsystem-client.js';

/** What the nftables verbs need from the nfnetlink handle. */
export interface NfnlCore {
  readonly connection: Connection;
  batch(subsystem: 'nftables', messages: readonly BatchMessage[], options?: BatchOptions): Promise<NetlinkMessage[][]>;
  /**
   * A series of dumps on a second socket of the handle (in the same namespace), opened on first use, or
   * undefined where there is none (a fake kernel, or a namespace where it cannot be opened).
   */
  dumpSeries?(): DumpSeries | undefined;
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
  readonly #requests: SubsystemClient<typeof nftMsgValues>;

  constructor(readonly core: NfnlCore) {
    this.#requests = new SubsystemClient(core.connection, 'nftables', nftMsgValues);
  }

  /** A dump (NLM_F_DUMP), decoded message by message. */
  dump<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: NftMsg, value: MessageInput<H, A>, options: CallOptions = {}): AsyncGenerator<MessageValue<H, A>, void, undefined> {
    return this.#requests.dump(decl, msg, value, options);
  }

  /** A whole dump; one interrupted by a concurrent change is handled as `options.onInterrupt` says (see `ListOptions`). */
  dumpAll<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: NftMsg, value: MessageInput<H, A>, options: ListOptions = {}): Promise<DumpList<MessageValue<H, A>>> {
    return this.#requests.dumpAll(decl, msg, value, options);
  }

  /**
   * A whole dump read by `reader` straight from the receive batches, in one loop per batch with no promise
   * per message; one interrupted by a concurrent change is handled as `options.onInterrupt` says.
   */
  collect<R, H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: NftMsg, value: MessageInput<H, A>, reader: ChunkReader<R>, options: ListOptions = {}): Promise<DumpList<R>> {
    return this.#requests.collect(decl, msg, value, reader, options);
  }

  /** A GET of one object: the decoded replies (the kernel answers ENOENT when there is none). */
  get<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>, msg: NftMsg, value: MessageInput<H, A>, options: CallOptions = {}): Promise<MessageValue<H, A>[]> {
    return this.#requests.request(decl, msg, value, options);
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
