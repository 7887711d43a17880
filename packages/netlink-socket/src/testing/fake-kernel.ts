import { NLM_F_DUMP_INTR, NLM_F_MULTI, encodeMessages, parseMessages, type MessageInit, type NetlinkMessage } from '@linx/netlink-wire';
import { InvalidArgumentError, SocketClosedError } from '../native/errors.js';
import type { ReceiveHandlers } from '../native/raw-socket.js';
import type { Transport } from '../engine/transport.js';
import { writeReceiveBatch } from './batch-writer.js';
import { doneReply, errorReply, type ExtAckInit } from './replies.js';
import type { ReplyType } from './reply-types.js';
import { checkRequests, type ExpectedRequest, type RequestCheckOptions } from './request-check.js';

/** One datagram the fake kernel sends: its messages, and the multicast group (0 for unicast). */
export interface FakeDatagram {
  messages: MessageInit[];
  group?: number;
  /** The sender's port id: 0 (the kernel) unless a test impersonates another process. */
  portId?: number;
}

/** A handler's answer: datagrams to send back (or nothing). */
export type FakeAnswer = FakeDatagram | FakeDatagram[] | void;

/** How the fake kernel answers requests: a function of each request message. */
export type FakeHandler = (request: NetlinkMessage, kernel: FakeKernel) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeKernelOptions {
  /** The socket's port id, which replies are addressed to (default 4242). */
  portId?: number;
  /**
   * The type of the messages of a `multipart` answer when it is not given there: a number, or a rule
   * such as `rtnetlinkReplyType` or `genlReplyType`. Without either, `multipart` refuses to guess.
   */
  replyType?: ReplyType;
  /** Names message types in the failures of `assertRequests`: 18 → 'RTM_GETLINK'. */
  typeName?: RequestCheckOptions['typeName'];
}

/**
 * A transport that is a kernel in miniature, for unit tests of code built on the engine (in the spirit
 * of mdlayher/netlink's nltest). Each request message sent goes to `handler`, whose answer is delivered
 * asynchronously like the real socket does; the helpers build ACKs, errors with ext-ack, multipart dumps
 * (optionally interrupted), and notifications, in the host's byte order as the kernel writes them.
 * `assertRequests` checks what was sent (type, flags, payload).
 *
 *     const kernel = new FakeKernel((req, k) => k.multipart(req, [payloadA, payloadB]), { replyType: rtnetlinkReplyType });
 *     const connection = new Connection(kernel);
 *     await connection.dump(...);
 *     kernel.assertRequests({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_DUMP });
 */
export class FakeKernel implements Transport {
  readonly portId: number;
  /** Every request message received, in order. */
  readonly requests: NetlinkMessage[] = [];
  /** Multicast groups joined. */
  readonly groups = new Set<number>();
  /** Options the engine switched on (name → value). */
  readonly options = new Map<string, boolean>();
  #handlers: ReceiveHandlers | undefined;
  #pending: FakeDatagram[] = [];
  #paused = false;
  #closed = false;
  #scheduled = false;
  readonly #replyType: ReplyType | undefined;
  readonly #typeName: RequestCheckOptions['typeName'];
  /** How many of `requests` the previous `assertRequests` calls have checked. */
  #asserted = 0;

  constructor(
    private readonly handler: FakeHandler = () => {},
    options: FakeKernelOptions = {},
  ) {
    this.portId = options.portId ?? 4242;
    this.#replyType = options.replyType;
    this.#typeName = options.typeName;
  }

  get closed(): boolean {
    return this.#closed;
  }
  get paused(): boolean {
    return this.#paused;
  }
  /** Datagrams waiting to be delivered (while paused, or before the next tick). */
  get backlog(): number {
    return this.#pending.length;
  }

  /**
   * Hands each message of the datagram to the handler. A handler that throws (as `checkedHandler` does
   * for a request it did not expect) makes the send throw, like a send the kernel refused.
   */
  send(bytes: Uint8Array): number {
    if (this.#closed) throw new SocketClosedError();
    // Copy: the caller may reuse its buffer, and messages are kept in `requests`.
    for (const request of parseMessages(bytes.slice())) {
      this.requests.push(request);
      void Promise.resolve(this.handler(request, this)).then((answer) => {
        if (answer) this.deliver(...(Array.isArray(answer) ? answer : [answer]));
      });
    }
    return bytes.length;
  }

  /**
   * Asserts that the requests received since the previous `assertRequests` (or since the start) are
   * `expected`, one for one and in order: type and flags exactly, the payload where given. Throws a
   * `RequestMismatchError` naming the first request that differs (by its index in `requests`), the
   * field, and both values; one too many or too few is a mismatch too. Each call checks the requests
   * that came after the last one it checked, so a test can assert step by step:
   *
   *     await rtnl.links.set('v0', { mtu: 1400 });
   *     kernel.assertRequests({ type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK });
   */
  assertRequests(...expected: ExpectedRequest[]): void {
    const first = this.#asserted;
    checkRequests(this.requests.slice(first), expected, { first, typeName: this.#typeName });
    this.#asserted = this.requests.length;
  }

  start(handlers: ReceiveHandlers): void {
    this.#handlers = handlers;
    this.#schedule();
  }
  pause(): void {
    this.#paused = true;
  }
  resume(): void {
    this.#paused = false;
    this.#schedule();
  }
  addMembership(group: number): void {
    this.groups.add(group);
  }
  dropMembership(group: number): void {
    this.groups.delete(group);
  }
  close(): void {
    this.#closed = true;
    this.#pending = [];
  }
  setExtendedAck(on: boolean): void {
    this.options.set('extendedAck', on);
  }
  setStrictCheck(on: boolean): void {
    this.options.set('strictCheck', on);
  }
  setCapAck(on: boolean): void {
    this.options.set('capAck', on);
  }
  setPacketInfo(on: boolean): void {
    this.options.set('packetInfo', on);
  }
  setReadAhead(on: boolean): void {
    this.options.set('readAhead', on);
  }

  /** Queues datagrams for delivery (on a later tick, in one batch, unless paused). */
  deliver(...datagrams: FakeDatagram[]): void {
    if (this.#closed) return;
    this.#pending.push(...datagrams);
    this.#schedule();
  }

  /** Sends a notification to a multicast group (delivered only if the group was joined). */
  notify(group: number, ...messages: MessageInit[]): void {
    if (this.groups.has(group)) this.deliver({ messages, group });
  }

  /** Reports an overrun (ENOBUFS), as the socket does when its receive buffer overflowed. */
  overrun(): void {
    setImmediate(() => this.#handlers?.onOverrun());
  }

  // ---- answers ----

  /** A reply message to `request`, with its sequence number. */
  reply(request: NetlinkMessage, message: Omit<MessageInit, 'seq' | 'pid'>): MessageInit {
    return { ...message, seq: request.seq, pid: this.portId };
  }

  /** An ACK (NLMSG_ERROR with errno 0, capped as the kernel always caps an ACK). */
  ack(request: NetlinkMessage): FakeDatagram {
    return { messages: [errorReply(request, 0, { portId: this.portId })] };
  }

  /**
   * An error reply, optionally with the ext-ack message and offset. It echoes the request's payload
   * unless the engine switched NETLINK_CAP_ACK on (`setCapAck`), as the kernel does.
   */
  error(request: NetlinkMessage, errno: number, extAck: ExtAckInit = {}): FakeDatagram {
    return { messages: [errorReply(request, errno, { ...extAck, capped: this.options.get('capAck') === true, portId: this.portId })] };
  }

  /**
   * A multipart answer: one NLM_F_MULTI message per payload, then NLMSG_DONE, `perDatagram` messages to
   * a datagram. The parts have `type`, else the type the kernel's `replyType` option gives for `request`
   * (the protocols differ: see `ReplyType`); with neither it throws an `InvalidArgumentError`.
   * `interrupted` sets NLM_F_DUMP_INTR from the message at that index on, as the kernel does when the
   * table changes mid-dump; `errno` ends the dump with an error in the DONE.
   */
  multipart(request: NetlinkMessage, payloads: Uint8Array[], options: { type?: number; perDatagram?: number; interrupted?: number; errno?: number } = {}): FakeDatagram[] {
    const type = options.type ?? this.replyTypeOf(request);
    const intr = (i: number) => (options.interrupted !== undefined && i >= options.interrupted ? NLM_F_DUMP_INTR : 0);
    const messages: MessageInit[] = payloads.map((payload, i) => this.reply(request, { type, flags: NLM_F_MULTI | intr(i), payload }));
    messages.push(doneReply(request, options.errno ?? 0, { flags: NLM_F_MULTI | intr(payloads.length), portId: this.portId }));
    const per = options.perDatagram ?? 16;
    const datagrams: FakeDatagram[] = [];
    for (let i = 0; i < messages.length; i += per) datagrams.push({ messages: messages.slice(i, i + per) });
    return datagrams;
  }

  /** The type of the replies to `request`, by the `replyType` option; throws when there is none. */
  replyTypeOf(request: NetlinkMessage): number {
    const rule = this.#replyType;
    if (rule === undefined) {
      throw new InvalidArgumentError(
        'replyType',
        `the fake kernel does not know the reply type for request type ${request.type} (it differs by protocol): pass { type } to multipart, or { replyType } to new FakeKernel (a number, rtnetlinkReplyType, genlReplyType, or a function of the request)`,
      );
    }
    return typeof rule === 'number' ? rule : rule(request);
  }

  #schedule(): void {
    if (this.#scheduled || this.#paused || !this.#handlers || this.#pending.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#paused || this.#closed || !this.#handlers) return;
      // Like the socket: a bounded batch per wake-up.
      const batch = this.#pending.splice(0, 64);
      const { data, meta } = writeReceiveBatch(batch.map((d) => ({ bytes: encodeMessages(d.messages), portId: d.portId ?? 0, group: d.group ?? 0 })));
      this.#handlers.onBatch(data, meta);
      this.#schedule();
    });
  }
}
