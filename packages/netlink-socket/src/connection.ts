import {
  ByteWriter,
  HOST_LITTLE_ENDIAN as LE,
  MalformedError,
  messageAt,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  NLMSG_HDRLEN,
  NLMSG_ERROR,
  NLMSG_MIN_TYPE,
  NLMSG_NOOP,
  viewOf,
  writeHeader,
  type NetlinkMessage,
} from '@linx/netlink-wire';
import { META_GROUP, META_LENGTH, META_NSID, META_OFFSET, META_PORT_ID, META_STRIDE, NO_NSID } from './batch.js';
import { PendingDump, type DumpHost } from './dump.js';
import { NativeError, SocketClosedError } from './errors.js';
import type { ConnectionOptions, DumpAllOptions, RequestAllOptions, RequestMessage, RequestOptions, SendOptions } from './request-types.js';
import { Drain, type Operation } from './operation.js';
import { Fifo } from './fifo.js';
import { armCall } from './arm.js';
import { Outbox } from './outbox.js';
import { Memberships } from './memberships.js';
import { BulkCall, BulkSlot } from './bulk.js';
import { RawNetlinkSocket } from './raw-socket.js';
import { NO_REPLIES, PendingRequest } from './request.js';
import { AbortError, DumpInterruptedError, OverrunError } from './request-errors.js';
import { SequenceAllocator } from './sequence.js';
import type { Subscription, SubscriptionHost } from './subscription.js';
import type { Transport } from './transport.js';

/** The receive buffer asked for by default: room for hundreds of answers in flight. */
const DEFAULT_RECEIVE_BUFFER = 4 * 1024 * 1024;

/**
 * One netlink socket and the requests in flight on it. Any number of requests and dumps can run at
 * once: each gets its own sequence number and its own reply assembly, and only messages from the kernel
 * (port id 0) are taken as replies. Ext-ack and strict checking are switched on where the kernel has them.
 */
export class Connection implements DumpHost, SubscriptionHost {
  readonly #transport: Transport;
  readonly #operations = new Map<number, Operation>();
  readonly #sequence = new SequenceAllocator();
  readonly #memberships: Memberships;
  readonly #highWaterMark: number;
  readonly #maxInFlight: number;
  /** Requests waiting for a free slot in the window, in order. */
  readonly #waiting = new Fifo<() => void>();
  /** Plain requests waiting to go out in one datagram. */
  readonly #outbox: Outbox;
  /** Plain requests whose answers may have been dropped, checked by a barrier after an overrun. */
  #barrier: number | undefined;
  #queued = 0;
  #paused = false;
  #requestsInFlight = 0;
  #closed = false;
  /** Datagrams from ports other than the kernel's, ignored. */
  foreignDatagrams = 0;
  /** Unicast messages whose sequence number belongs to no request, ignored. */
  unmatchedMessages = 0;

  /** Wraps a transport (a `RawNetlinkSocket`, or the fake kernel of `@linx/netlink-socket/testing`). */
  constructor(transport: Transport, options: { highWaterMark?: number; maxInFlight?: number } = {}) {
    this.#transport = transport;
    this.#highWaterMark = options.highWaterMark ?? 8192;
    this.#maxInFlight = options.maxInFlight ?? 256;
    this.#memberships = new Memberships(transport);
    this.#outbox = new Outbox(
      (bytes) => (this.#closed ? 0 : transport.send(bytes)),
      (seqs, error) => {
        for (const seq of seqs) this.#operations.get(seq)?.fail(error);
        this.#updateRef();
      },
    );
    for (const enable of [transport.setExtendedAck, transport.setStrictCheck, transport.setCapAck]) {
      try {
        enable?.call(transport, true);
      } catch (error) {
        // Older kernels lack some of these options (ENOPROTOOPT): work without them.
        if (!(error instanceof NativeError)) throw error;
      }
    }
    transport.start({
      // Smaller batches than the socket's default: backpressure reacts within half a megabyte.
      maxBytes: 512 * 1024,
      onBatch: (data, meta) => this.#receive(data, meta),
      onOverrun: () => this.#overrun(),
      onError: (error) => this.#failAll(error),
    });
    // An idle connection (nothing in flight, no subscription) does not keep the process alive.
    transport.unref?.();
  }

  /** Opens a netlink socket (see `RawNetlinkSocket.open`) and a connection over it. */
  static open(options: ConnectionOptions): Connection {
    const socket = RawNetlinkSocket.open({
      protocol: options.protocol,
      ...(options.netns === undefined ? {} : { netns: options.netns }),
      receiveBufferSize: options.receiveBufferSize ?? DEFAULT_RECEIVE_BUFFER,
    });
    return new Connection(socket, {
      ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
      ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
    });
  }

  /** The port id the kernel assigned to this socket. */
  get portId(): number {
    return this.#transport.portId;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Messages received for dumps and subscriptions that their consumers have not taken yet. */
  get buffered(): number {
    return this.#queued;
  }

  /** Requests and dumps in flight. */
  get pending(): number {
    return this.#operations.size;
  }

  /**
   * Sends a request and resolves with the kernel's reply messages (none for a plain ACK), or rejects
   * with a `NetlinkError` carrying the errno, the kernel's ext-ack message and the attribute it blames.
   */
  request(message: RequestMessage, options: SendOptions = {}): Promise<NetlinkMessage[]> {
    const flags = NLM_F_REQUEST | (options.ack === false ? 0 : NLM_F_ACK) | (message.flags ?? 0);
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new SocketClosedError());
      // An already-aborted call sends nothing.
      if (options.signal?.aborted) return reject(new AbortError(options.signal.reason));
      let pending: PendingRequest | undefined;
      let settled = false;
      const finish = () => {
        disarm();
        if (pending) {
          this.#requestsInFlight--;
          this.#plain.delete(pending.seq);
          this.#waiting.shift()?.();
          this.#updateFlow();
        }
      };
      // A timeout or abort before the request got a window slot takes it out of the queue; after, the rest
      // of its answer is drained.
      const disarm = armCall(options, 'request', (error) => {
        if (settled) return;
        if (pending) {
          this.#replaceWithDrain(pending, false);
          pending.fail(error);
        } else {
          this.#waiting.remove(start);
          settled = true;
          disarm();
          reject(error);
        }
      });
      const start = () => {
        if (settled) return;
        let seq = 0;
        try {
          this.#check();
          const bytes = this.#frame(message, flags, (s) => (seq = s));
          pending = new PendingRequest(seq, flags, bytes, options.headerLength, {
            resolve: (replies) => {
              settled = true;
              finish();
              resolve(replies);
            },
            reject: (error) => {
              settled = true;
              finish();
              reject(error);
            },
          });
          this.#requestsInFlight++;
          this.#plain.add(seq);
          this.#updateFlow();
          this.#register(pending);
          this.#outbox.post(bytes, seq);
        } catch (error) {
          if (pending && this.#operations.has(seq)) pending.fail(error as Error);
          else if (!settled) {
            settled = true;
            disarm();
            reject(error);
          }
        }
      };
      if (this.#requestsInFlight < this.#maxInFlight && this.#waiting.length === 0) start();
      else this.#waiting.push(start);
    });
  }

  /** Sequence numbers of plain requests in flight (not dumps, not batches), for overrun recovery. */
  readonly #plain = new Set<number>();

  /**
   * Many requests at once, answered together: each message is sent with its own sequence number (ACK
   * asked for), at most `maxInFlight` outstanding, coalesced into few datagrams. Resolves, once every
   * message is answered, with one entry per message: its replies (empty for an ACK) or its error
   * (a `NetlinkError`, or the call's `TimeoutError`/`AbortError` for those it stopped). Much cheaper per
   * message than `request()`: no promise or closure per message, so thousands pipeline at kernel speed.
   */
  requestAll(messages: readonly RequestMessage[], options: RequestAllOptions = {}): Promise<(NetlinkMessage[] | Error)[]> {
    if (this.#closed) return Promise.reject(new SocketClosedError());
    if (options.signal?.aborted) return Promise.reject(new AbortError(options.signal.reason));
    const silent = options.acks === 'errors';
    // With ACKs, at most maxInFlight answers are awaited at once; without, runs of messages end in a NOOP.
    const window = silent ? this.#maxInFlight * 16 : this.#maxInFlight;
    return new Promise((resolve) => {
      const slots = new Map<number, PendingRequest>();
      const pump = (call: BulkCall) => {
        const first = call.next;
        while (call.stopped === undefined && call.next < call.count && call.outstanding < window && !this.#closed) {
          const index = call.next++;
          const message = messages[index]!;
          const flags = NLM_F_REQUEST | (silent ? 0 : NLM_F_ACK) | (message.flags ?? 0);
          const seq = this.#sequence.next(this.#seqInUse);
          const bytes = this.#outbox.postFramed(message, flags, seq);
          const pending = new PendingRequest(seq, flags, bytes, options.headerLength, new BulkSlot(call, index));
          slots.set(index, pending);
          call.outstanding++;
          this.#requestsInFlight++;
          this.#register(pending);
        }
        if (silent && call.next > first) {
          const overrunsBefore = this.#overruns;
          const to = call.next;
          this.#postBarrier(() => settleRun(call, first, to, this.#overruns !== overrunsBefore));
        }
        if (this.#closed && call.next < call.count) stop(call, new SocketClosedError());
      };
      // The NOOP after a run was acknowledged: the run's messages that got no error are done, unless the
      // kernel dropped messages meanwhile (an overrun), which may have been their errors.
      const settleRun = (call: BulkCall, from: number, to: number, overrun: boolean) => {
        for (let index = from; index < to; index++) {
          const pending = slots.get(index)!;
          if (call.results[index] !== undefined || this.#operations.get(pending.seq) !== pending) continue;
          this.#finish(pending);
          call.settle(index, overrun ? new OverrunError() : NO_REPLIES);
        }
      };
      const stop = (call: BulkCall, error: Error) => {
        call.stopped = error;
        for (let i = call.next; i < call.count; i++) call.results[i] = error;
        call.answered += call.count - call.next;
        call.next = call.count;
        for (const [index, pending] of slots) {
          if (call.results[index] !== undefined) continue;
          this.#replaceWithDrain(pending, false);
          pending.fail(error);
        }
        if (call.done) {
          disarm();
          resolve(call.results as (NetlinkMessage[] | Error)[]);
        }
      };
      const call = new BulkCall(messages.length, (c) => {
        this.#requestsInFlight--;
        if (c.done) {
          disarm();
          this.#updateFlow();
          resolve(c.results as (NetlinkMessage[] | Error)[]);
        } else if (!silent || c.outstanding === 0) pump(c);
      });
      const disarm = armCall(options, 'requestAll', (error) => stop(call, error));
      if (messages.length === 0) return resolve([]);
      pump(call);
      this.#updateFlow();
    });
  }

  /** Posts a NOOP asking for an ACK; `done` runs when it is answered (after everything posted before it). */
  #postBarrier(done: () => void): void {
    const seq = this.#sequence.next(this.#seqInUse);
    const bytes = this.#outbox.postFramed({ type: NLMSG_NOOP }, NLM_F_REQUEST | NLM_F_ACK, seq);
    this.#register(new PendingRequest(seq, NLM_F_REQUEST | NLM_F_ACK, bytes, undefined, { resolve: done, reject: done }));
  }


  /**
   * Sends several requests in one datagram (one transaction for nfnetlink batches), each with its own
   * sequence number. Resolves once every message that asked for an ACK (`NLM_F_ACK` in its flags) is
   * answered, with one entry per message: its replies, its error, or undefined when it asked for nothing.
   */
  async requestMany(messages: readonly RequestMessage[], options: RequestOptions = {}): Promise<{ seqs: number[]; results: (NetlinkMessage[] | Error | undefined)[] }> {
    this.#check();
    const w = new ByteWriter(4096);
    const seqs: number[] = [];
    const waits: (Promise<NetlinkMessage[] | Error> | undefined)[] = [];
    for (const message of messages) {
      const flags = NLM_F_REQUEST | (message.flags ?? 0);
      const start = w.length;
      const payload = message.payload ?? new Uint8Array(0);
      w.reserve(NLMSG_HDRLEN);
      w.write(payload);
      const seq = this.#sequence.next((s) => this.#operations.has(s) || seqs.includes(s));
      writeHeader(w.view, start, NLMSG_HDRLEN + payload.length, { type: message.type, flags, seq, pid: 0 });
      w.pad();
      seqs.push(seq);
      if ((flags & NLM_F_ACK) === 0) {
        waits.push(undefined);
        continue;
      }
      const bytes = w.bytes.slice(start, start + NLMSG_HDRLEN + payload.length);
      waits.push(
        new Promise<NetlinkMessage[] | Error>((resolve) => {
          const pending = new PendingRequest(seq, flags, bytes, options.headerLength, {
            resolve: (replies) => {
              cleanup();
              this.#requestsInFlight--;
              resolve(replies);
            },
            reject: (error) => {
              cleanup();
              this.#requestsInFlight--;
              resolve(error);
            },
          });
          const cleanup = armCall(options, 'request', (error) => {
            this.#replaceWithDrain(pending, false);
            pending.fail(error);
          });
          this.#requestsInFlight++;
          this.#register(pending);
        }),
      );
    }
    this.#updateFlow();
    // Requests made before this call go first, in datagrams of their own: a transaction (nfnetlink's
    // BATCH_BEGIN…END) must be a datagram by itself.
    this.#outbox.flush();
    try {
      this.#transport.ref?.();
      this.#transport.send(w.finish());
    } catch (error) {
      for (const seq of seqs) this.#operations.get(seq)?.fail(error as Error);
    }
    const results = await Promise.all(waits);
    this.#updateFlow();
    return { seqs, results };
  }

  /**
   * Starts a dump (NLM_F_DUMP): an async iterator over the reply messages as they arrive, ending at
   * NLMSG_DONE. Reading pauses while more than `highWaterMark` messages wait for consumers, so a huge
   * dump iterated slowly keeps memory bounded. The request is sent on the first `next()`.
   */
  dump(message: RequestMessage, options: RequestOptions = {}): PendingDump {
    this.#check();
    const flags = NLM_F_REQUEST | NLM_F_DUMP | (message.flags ?? 0);
    let seq = 0;
    const bytes = this.#frame(message, flags, (s) => (seq = s));
    const dump = new PendingDump(this, bytes, options.headerLength);
    // begin() registers it; until then the number is only reserved in the bytes.
    this.#reserved.set(dump, { seq, options });
    return dump;
  }

  /**
   * A whole dump as an array. A dump interrupted by a concurrent change (NLM_F_DUMP_INTR) is read to its
   * end and done again, up to `retries` times; then `DumpInterruptedError` is thrown.
   */
  async dumpAll(message: RequestMessage, options: DumpAllOptions = {}): Promise<NetlinkMessage[]> {
    const retries = options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.dump(message, options).toArray();
      } catch (error) {
        if (!(error instanceof DumpInterruptedError) || attempt >= retries) throw error;
      }
    }
  }

  /**
   * Joins multicast groups and returns a subscription to iterate or listen to. Overruns (the kernel
   * dropping notifications) are delivered as events; the subscription keeps going.
   */
  subscribe(groups: number | readonly number[]): Subscription {
    this.#check();
    const subscription = this.#memberships.subscribe(groups, this);
    this.#updateRef();
    return subscription;
  }

  /** Closes the socket; everything in flight is rejected with `SocketClosedError`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // Requests still waiting for a window slot start now, and fail at once on the closed socket.
    for (const start of this.#waiting.drain()) start();
    this.#failAll(new SocketClosedError());
    this.#transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // ---- DumpHost ----

  readonly #reserved = new Map<PendingDump, { seq: number; options: RequestOptions }>();

  /** The dump the kernel is running for this socket: it runs one at a time per socket (else EBUSY). */
  #activeDump: Operation | undefined;
  /** Dumps waiting for the active one to end. */
  readonly #dumpQueue: (() => void)[] = [];

  /** @internal */
  begin(dump: PendingDump): void {
    this.#check();
    const reservation = this.#reserved.get(dump);
    if (!reservation) throw new Error('dump was not created by this connection');
    const { signal } = reservation.options;
    if (signal?.aborted) {
      this.#reserved.delete(dump);
      dump.fail(new AbortError(signal.reason));
      return;
    }
    const start = () => {
      this.#activeDump = dump;
      try {
        this.#startDump(dump);
      } catch (error) {
        this.#activeDump = undefined;
        dump.fail(error as Error);
        this.#dumpQueue.shift()?.();
      }
    };
    // Armed now, so the timeout counts from the start of iteration and a queued dump can be cancelled.
    this.#cleanups.set(
      dump,
      armCall(reservation.options, 'dump', (error) => {
        const queued = this.#dumpQueue.indexOf(start);
        if (queued !== -1) {
          this.#dumpQueue.splice(queued, 1);
          this.#reserved.delete(dump);
        } else this.#replaceWithDrain(dump, true);
        this.#cleanups.get(dump)?.();
        this.#cleanups.delete(dump);
        dump.fail(error);
        this.#updateFlow();
      }),
    );
    if (this.#activeDump === undefined) start();
    else this.#dumpQueue.push(start);
  }

  /** Puts a drain in place of an abandoned operation, so the rest of its answer is swallowed. */
  #replaceWithDrain(operation: Operation, isDump: boolean): void {
    if (this.#operations.get(operation.seq) !== operation) return;
    const drain = new Drain(operation.seq, isDump);
    this.#operations.set(operation.seq, drain);
    if (this.#activeDump === operation) this.#activeDump = drain;
  }

  /** The active dump ended (or was drained): start the next. */
  #dumpEnded(operation: Operation): void {
    if (this.#activeDump !== operation) return;
    this.#activeDump = undefined;
    this.#dumpQueue.shift()?.();
  }

  #startDump(dump: PendingDump): void {
    const reservation = this.#reserved.get(dump);
    if (!reservation) throw new Error('dump was not created by this connection');
    this.#reserved.delete(dump);
    let { seq } = reservation;
    if (this.#operations.has(seq)) {
      // Another operation took the number meanwhile: renumber the request.
      seq = this.#sequence.next((s) => this.#operations.has(s));
      new DataView(dump.bytes.buffer, dump.bytes.byteOffset).setUint32(8, seq, LE);
    }
    dump.seq = seq;
    this.#register(dump);
    this.#send(dump.bytes, seq);
  }

  /** Disarms the timeout and abort listener of a dump once it is over. */
  readonly #cleanups = new Map<Operation, () => void>();

  #finish(operation: Operation): void {
    this.#operations.delete(operation.seq);
    this.#dumpEnded(operation);
    const cleanup = this.#cleanups.get(operation);
    if (cleanup) {
      this.#cleanups.delete(operation);
      cleanup();
    }
  }

  /** @internal */
  queued(delta: number): void {
    this.#queued += delta;
    this.#updateFlow();
  }

  /** @internal */
  abandon(dump: PendingDump): void {
    this.#cleanups.get(dump)?.();
    this.#cleanups.delete(dump);
    this.#replaceWithDrain(dump, true);
    this.#updateFlow();
  }

  /** @internal */
  unsubscribe(subscription: Subscription): void {
    if (this.#memberships.unsubscribe(subscription, !this.#closed)) this.#updateRef();
  }

  // ---- internals ----

  #check(): void {
    if (this.#closed || this.#transport.closed) throw new SocketClosedError();
  }

  /** Encodes the request with a fresh sequence number. */
  #frame(message: RequestMessage, flags: number, onSeq: (seq: number) => void): Uint8Array {
    const payload = message.payload ?? new Uint8Array(0);
    const bytes = new Uint8Array(NLMSG_HDRLEN + payload.length);
    const seq = this.#sequence.next(this.#seqInUse);
    onSeq(seq);
    writeHeader(viewOf(bytes), 0, bytes.length, { type: message.type, flags, seq, pid: 0 });
    bytes.set(payload, NLMSG_HDRLEN);
    return bytes;
  }

  #register(operation: Operation): void {
    this.#operations.set(operation.seq, operation);
    this.#updateRef();
  }

  /** Whether a sequence number is taken (by an operation, or by a dump created and not started). */
  readonly #seqInUse = (seq: number): boolean => this.#operations.has(seq) || (this.#reserved.size > 0 && [...this.#reserved.values()].some((r) => r.seq === seq));

  #send(bytes: Uint8Array, seq: number): void {
    try {
      this.#transport.send(bytes);
    } catch (error) {
      this.#operations.get(seq)?.fail(error as Error);
      this.#operations.delete(seq);
      this.#updateRef();
      throw error;
    }
  }

  #receive(data: Uint8Array, meta: Uint32Array): void {
    const view = viewOf(data);
    for (let i = 0; i < meta.length; i += META_STRIDE) {
      if (meta[i + META_PORT_ID] !== 0) {
        this.foreignDatagrams++;
        continue;
      }
      const start = meta[i + META_OFFSET]!;
      const end = start + meta[i + META_LENGTH]!;
      const group = meta[i + META_GROUP]!;
      try {
        if (group !== 0) this.#notify(data, view, start, end, group, meta[i + META_NSID]!);
        else this.#route(data, view, start, end);
      } catch (error) {
        // Malformed bytes from the kernel: nothing sane can be routed from this datagram.
        this.#failAll(error as Error, false);
      }
    }
    this.#updateRef();
  }

  /**
   * Routes the messages of a unicast datagram to their operations by sequence number. A dump's data
   * messages are handed over as offsets into the batch (no object per message); everything else as
   * message objects.
   */
  #route(data: Uint8Array, view: DataView, start: number, end: number): void {
    let seq = -1;
    let operation: Operation | undefined;
    let dump: PendingDump | undefined;
    for (let at = start; at < end; ) {
      if (end - at < NLMSG_HDRLEN) throw malformed(at);
      const length = view.getUint32(at, LE);
      if (length < NLMSG_HDRLEN || length > end - at) throw malformed(at);
      const messageSeq = view.getUint32(at + 8, LE);
      // Consecutive messages of a datagram nearly always share their sequence number.
      if (messageSeq !== seq) {
        seq = messageSeq;
        operation = this.#operations.get(seq);
      }
      const type = view.getUint16(at + 4, LE);
      if (operation === undefined) this.unmatchedMessages++;
      else if (type === NLMSG_ERROR && length >= NLMSG_HDRLEN + 4 && operation.ack !== undefined && view.getInt32(at + NLMSG_HDRLEN, LE) === 0) {
        // An ACK: no message object, no decoding.
        if (operation.ack()) {
          this.#finish(operation);
          operation = undefined;
          seq = -1;
        }
      }
      else if (type >= NLMSG_MIN_TYPE && operation instanceof PendingDump) {
        if (dump !== operation) {
          dump?.flush();
          dump = operation;
        }
        const next = operation.acceptRun(data, view, at, end, LE);
        if (next !== at) {
          at = next;
          continue;
        }
        // A finished dump takes nothing more: the message is dropped like an unmatched one.
        this.unmatchedMessages++;
      } else if (operation.deliver(messageAt(data, view, at, end))) {
        this.#finish(operation);
        operation = undefined;
        seq = -1;
      }
      at += (length + 3) & ~3;
    }
    dump?.flush();
  }

  /**
   * Hands the messages of a multicast datagram to the subscriptions of its group. A message addressed to
   * this socket's port with the sequence number of a request in flight is also that request's answer: the
   * kernel sends what NLM_F_ECHO asks for to the requester by unicast, but marked with the group.
   */
  #notify(data: Uint8Array, view: DataView, start: number, end: number, group: number, nsid: number): void {
    for (let at = start; at < end; ) {
      const message = messageAt(data, view, at, end);
      if (message.seq !== 0 && message.pid === this.#transport.portId) {
        const operation = this.#operations.get(message.seq);
        if (operation !== undefined && !(operation instanceof PendingDump) && operation.deliver(message)) this.#finish(operation);
      }
      this.#memberships.notify(message, group, nsid === NO_NSID ? undefined : nsid);
      at += (view.getUint32(at, LE) + 3) & ~3;
    }
  }

  /** Overruns (ENOBUFS) seen so far: a silent run that saw one cannot count silence as success. */
  #overruns = 0;

  #overrun(): void {
    this.#overruns++;
    this.#memberships.overrun();
    this.#checkLostAnswers();
  }

  /**
   * After an overrun, answers to requests in flight may have been dropped. The kernel answers requests
   * in the order it gets them, so a NOOP sent now is acknowledged after every answer that survived:
   * requests still unanswered by then lost theirs, and fail with OverrunError instead of hanging.
   */
  #checkLostAnswers(): void {
    if (this.#plain.size === 0 || this.#barrier !== undefined || this.#closed) return;
    const suspects = new Set(this.#plain);
    const seq = this.#sequence.next((s) => this.#operations.has(s));
    const bytes = new Uint8Array(NLMSG_HDRLEN);
    writeHeader(viewOf(bytes), 0, NLMSG_HDRLEN, { type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq, pid: 0 });
    this.#barrier = seq;
    const done = () => {
      this.#barrier = undefined;
      for (const lost of suspects) {
        const operation = this.#operations.get(lost);
        if (!operation || !this.#plain.has(lost)) continue;
        this.#replaceWithDrain(operation, false);
        operation.fail(new OverrunError());
      }
    };
    this.#register(new PendingRequest(seq, NLM_F_ACK, bytes, undefined, { resolve: done, reject: done }));
    try {
      this.#transport.send(bytes);
    } catch {
      this.#operations.delete(seq);
      this.#barrier = undefined;
    }
  }

  #failAll(error: Error, includeSubscriptions = true): void {
    // Queued dumps are failed through their reservations, not started.
    this.#dumpQueue.length = 0;
    this.#activeDump = undefined;
    const operations = [...this.#operations.values()];
    for (const operation of operations) this.#finish(operation);
    for (const operation of operations) operation.fail(error);
    for (const dump of this.#reserved.keys()) dump.fail(error);
    this.#reserved.clear();
    if (includeSubscriptions || this.#closed) this.#memberships.endAll(this.#closed ? undefined : error);
    if (this.#closed) this.#memberships.clear();
    this.#updateRef();
  }

  /** Pauses reading while consumers lag, unless a plain request waits for an answer (it would deadlock). */
  #updateFlow(): void {
    if (this.#closed) return;
    const shouldPause = this.#queued > this.#highWaterMark && this.#requestsInFlight === 0;
    if (shouldPause && !this.#paused) {
      this.#paused = true;
      this.#transport.pause();
    } else if (!shouldPause && this.#paused && this.#queued <= this.#highWaterMark / 2) {
      this.#paused = false;
      this.#transport.resume();
    } else if (!shouldPause && this.#paused && this.#requestsInFlight > 0) {
      this.#paused = false;
      this.#transport.resume();
    }
  }

  /** Keeps the process alive while something waits for the kernel. */
  #updateRef(): void {
    if (this.#closed) return;
    if (this.#operations.size > 0 || this.#memberships.size > 0) this.#transport.ref?.();
    else this.#transport.unref?.();
  }
}


function malformed(at: number): MalformedError {
  return new MalformedError('malformed netlink message from the kernel', at);
}
