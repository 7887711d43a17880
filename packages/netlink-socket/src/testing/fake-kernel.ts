import {
  AttributeEncoder,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  encodeMessages,
  parseMessages,
  type MessageInit,
  type NetlinkMessage,
} from '@linx/netlink-wire';
import { META_STRIDE, NO_NSID } from '../native/receive-batch.js';
import { SocketClosedError } from '../native/errors.js';
import type { ReceiveHandlers } from '../native/raw-socket.js';
import type { Transport } from '../engine/transport.js';

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

/**
 * A transport that is a kernel in miniature, for unit tests of code built on the engine (in the spirit
 * of mdlayher/netlink's nltest). Each request message sent goes to `handler`, whose answer is delivered
 * asynchronously like the real socket does; the helpers build ACKs, errors with ext-ack, multipart dumps
 * (optionally interrupted), and notifications.
 *
 *     const kernel = new FakeKernel((req, k) => k.multipart(req, [payloadA, payloadB]));
 *     const connection = new Connection(kernel);
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

  constructor(
    private readonly handler: FakeHandler = () => {},
    options: { portId?: number } = {},
  ) {
    this.portId = options.portId ?? 4242;
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

  /** An ACK (NLMSG_ERROR with errno 0, capped). */
  ack(request: NetlinkMessage): FakeDatagram {
    return { messages: [this.#error(request, 0, {})] };
  }

  /** An error reply, optionally with the ext-ack message and offset. */
  error(request: NetlinkMessage, errno: number, extAck: { message?: string; offset?: number } = {}): FakeDatagram {
    return { messages: [this.#error(request, errno, extAck)] };
  }

  /**
   * A multipart answer: one NLM_F_MULTI message of `type` per payload, then NLMSG_DONE, `perDatagram`
   * messages to a datagram. `interrupted` sets NLM_F_DUMP_INTR from the message at that index on, as the
   * kernel does when the table changes mid-dump; `errno` ends the dump with an error in the DONE.
   */
  multipart(request: NetlinkMessage, payloads: Uint8Array[], options: { type?: number; perDatagram?: number; interrupted?: number; errno?: number } = {}): FakeDatagram[] {
    const type = options.type ?? request.type - 2;
    const intr = (i: number) => (options.interrupted !== undefined && i >= options.interrupted ? NLM_F_DUMP_INTR : 0);
    const messages: MessageInit[] = payloads.map((payload, i) => this.reply(request, { type, flags: NLM_F_MULTI | intr(i), payload }));
    const doneErrno = new Uint8Array(4);
    new DataView(doneErrno.buffer).setInt32(0, -(options.errno ?? 0), true);
    messages.push(this.reply(request, { type: NLMSG_DONE, flags: NLM_F_MULTI | intr(payloads.length), payload: doneErrno }));
    const per = options.perDatagram ?? 16;
    const datagrams: FakeDatagram[] = [];
    for (let i = 0; i < messages.length; i += per) datagrams.push({ messages: messages.slice(i, i + per) });
    return datagrams;
  }

  #error(request: NetlinkMessage, errno: number, extAck: { message?: string; offset?: number }): MessageInit {
    const head = encodeMessages([{ type: request.type, flags: request.flags, seq: request.seq, pid: request.pid, payload: request.payload }]).subarray(0, 16);
    new DataView(head.buffer, head.byteOffset).setUint32(0, 16 + request.payload.length, true);
    const tlvs = new AttributeEncoder();
    if (extAck.message !== undefined) tlvs.string(NLMSGERR_ATTR_MSG, extAck.message);
    if (extAck.offset !== undefined) tlvs.u32(NLMSGERR_ATTR_OFFS, extAck.offset);
    const tail = tlvs.finish();
    const payload = new Uint8Array(4 + 16 + tail.length);
    new DataView(payload.buffer).setInt32(0, -errno, true);
    payload.set(head, 4);
    payload.set(tail, 20);
    return this.reply(request, { type: NLMSG_ERROR, flags: NLM_F_CAPPED | (tail.length ? NLM_F_ACK_TLVS : 0), payload });
  }

  #schedule(): void {
    if (this.#scheduled || this.#paused || !this.#handlers || this.#pending.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#paused || this.#closed || !this.#handlers) return;
      // Like the socket: a bounded batch per wake-up.
      const batch = this.#pending.splice(0, 64);
      const encoded = batch.map((d) => encodeMessages(d.messages));
      const data = new Uint8Array(encoded.reduce((n, e) => n + ((e.length + 7) & ~7), 0));
      const meta = new Uint32Array(batch.length * META_STRIDE);
      let at = 0;
      batch.forEach((datagram, i) => {
        data.set(encoded[i]!, at);
        meta.set([at, encoded[i]!.length, datagram.portId ?? 0, datagram.group ?? 0, NO_NSID], i * META_STRIDE);
        at += (encoded[i]!.length + 7) & ~7;
      });
      this.#handlers.onBatch(data, meta);
      this.#schedule();
    });
  }
}
