import {
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  NLMSG_HDRLEN,
  viewOf,
  writeHeader,
  type NetlinkMessage,
} from '@linx/netlink-wire';
import { PendingDump, type DumpHost } from './dump.js';
import { NativeError, SocketClosedError } from '../native/errors.js';
import type { ConnectionOptions, DumpAllOptions, RequestAllOptions, RequestMessage, RequestOptions, RequestSource, SendOptions } from './request-types.js';
import { Fifo } from './fifo.js';
import { armCall } from './deadlines.js';
import { Outbox } from './outbox.js';
import { Memberships } from './memberships.js';
import { requestAll, requestMany, type BulkHost } from './bulk-requests.js';
import { DumpScheduler } from './dump-scheduler.js';
import { Flow } from './backpressure.js';
import { OperationTable } from './operation-table.js';
import { Router } from './router.js';
import { RawNetlinkSocket } from '../native/raw-socket.js';
import { PendingRequest } from './request.js';
import { AbortError } from './errors.js';
import { checkOnInterrupt, dumpList, readWholeDump, type DumpList } from './interrupted-dumps.js';
import { LostAnswers } from './lost-answers.js';
import type { Subscription, SubscriptionHost } from './subscription.js';
import type { Transport } from './transport.js';

/** The receive buffer asked for by default: room for hundreds of answers in flight. */
const DEFAULT_RECEIVE_BUFFER = 4 * 1024 * 1024;

/**
 * One netlink socket and the requests in flight on it. Any number of requests and dumps can run at
 * once: each gets its own sequence number and its own reply assembly, and only messages from the kernel
 * (port id 0) are taken as replies. Ext-ack and strict checking are switched on where the kernel has them.
 *
 * It is the `DumpHost` of its dumps and the `SubscriptionHost` of its subscriptions, checked where it is
 * passed as one: not an `implements` clause, since the published declarations leave out the internal
 * members those interfaces name (`stripInternal`), and a clause would not hold there.
 */
export class Connection {
  readonly #transport: Transport;
  /** Operations in flight by sequence number, the numbers they hold, and the socket's dump slot. */
  readonly #operations: OperationTable;
  /** Dumps, one at a time per socket. */
  readonly #dumps: DumpScheduler;
  /** The receive side: datagrams to operations and subscriptions. */
  readonly #router: Router;
  /** Backpressure: requests in flight and messages queued for consumers. */
  readonly #flow: Flow;
  /** What `requestAll` and `requestMany` use of this connection. */
  readonly #bulk: BulkHost;
  readonly #memberships: Memberships;
  readonly #maxInFlight: number;
  /** Requests waiting for a free slot in the window, in order. */
  readonly #waiting = new Fifo<() => void>();
  /** Plain requests waiting to go out in one datagram. */
  readonly #outbox: Outbox;
  /** Finds and fails the requests whose answers an overrun dropped. */
  readonly #lostAnswers: LostAnswers;
  #closed = false;
  /** Datagrams from ports other than the kernel's, ignored. */
  foreignDatagrams = 0;
  /** Unicast messages whose sequence number belongs to no request, ignored. */
  unmatchedMessages = 0;

  /** Wraps a transport (a `RawNetlinkSocket`, or the fake kernel of `@linx/netlink-socket/testing`). */
  constructor(transport: Transport, options: { highWaterMark?: number; maxInFlight?: number } = {}) {
    this.#transport = transport;
    this.#maxInFlight = options.maxInFlight ?? 256;
    this.#flow = new Flow(transport, options.highWaterMark ?? 8192, () => this.#closed, () => this.#lostAnswers.probing);
    this.#memberships = new Memberships(transport);
    const operations = (this.#operations = new OperationTable(
      () => this.#updateRef(),
      () => this.#dumps.next(),
    ));
    this.#dumps = new DumpScheduler(
      operations,
      transport,
      this.#flow,
      () => this.#lostAnswers.congested,
      () => this.#lostAnswers.held(),
    );
    this.#router = new Router(operations, this.#memberships, transport, this, (error) => this.#failAll(error, false));
    this.#outbox = new Outbox(
      (bytes) => (this.#closed ? 0 : transport.send(bytes)),
      (seqs, error) => operations.failUnsent(seqs, error),
    );
    this.#lostAnswers = new LostAnswers(
      operations,
      this.#outbox,
      transport,
      // Stryker disable next-line ArrowFunction: closing empties the table and the queue of held requests and resets the congestion (#failAll) before anything else can run, and nothing is registered afterwards, so a probe asked for after close finds nothing to probe and returns before sending
      () => this.#closed,
      () => {
        this.#startWaiting();
        this.#dumps.next();
        this.#flow.update();
      },
      () => this.#waiting.length > 0 || this.#dumps.waiting,
    );
    const lostAnswers = this.#lostAnswers;
    const connection = this;
    this.#bulk = {
      get closed() {
        return connection.#closed;
      },
      maxInFlight: this.#maxInFlight,
      get overruns() {
        return lostAnswers.overruns;
      },
      table: operations,
      outbox: this.#outbox,
      flow: this.#flow,
      transport,
      check: () => this.#check(),
      release: () => this.#startWaiting(),
    };
    for (const enable of [transport.setExtendedAck, transport.setStrictCheck, transport.setCapAck]) {
      try {
        enable?.call(transport, true);
      } catch (error) {
        // Older kernels lack some of these options (ENOPROTOOPT): work without them.
        if (!(error instanceof NativeError)) throw error;
      }
    }
    transport.start({
      // Smaller batches than the socket's default: backpressure reacts within 128 KiB, and a stream's
      // consumer holds few items of a batch at a time. Measured on 1,200,000 routes streamed: with 512 KiB
      // batches enough of each batch's items survived V8's young-generation collections that V8 grew that
      // generation to its 32 MB limit (peak RSS 97-99 MB); with 128 KiB it stayed at 16 MB (74-75 MB).
      // Listing 65,000 routes took the same CPU time either way.
      maxBytes: 128 * 1024,
      onBatch: (data, meta) => {
        this.#router.receive(data, meta);
        this.#lostAnswers.afterBatch();
        this.#updateRef();
      },
      onOverrun: () => {
        this.#memberships.overrun();
        this.#lostAnswers.overrun();
        this.#flow.update();
        this.#updateRef();
      },
      onError: (error) => this.#failAll(error),
    });
    // An idle connection (nothing in flight, no subscription) does not keep the process alive.
    transport.unref?.();
  }

  /** Opens a netlink socket (see `RawNetlinkSocket.open`) and a connection over it. */
  static open(options: ConnectionOptions): Connection {
    // Each side reads its own options: the socket protocol, netns and receive buffer, the connection the rest.
    const socket = RawNetlinkSocket.open({ ...options, receiveBufferSize: options.receiveBufferSize ?? DEFAULT_RECEIVE_BUFFER });
    return new Connection(socket, options);
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
    return this.#flow.queued;
  }

  /** Requests and dumps in flight. */
  get pending(): number {
    return this.#operations.size;
  }

  /**
   * Whether the socket may be congested: the kernel reported an overrun and no probe has been answered
   * since. Until then the kernel may drop notifications without reporting it again (it reports ENOBUFS
   * once per congestion), so a notification delivered now may follow a hole. Requests and dumps made
   * now wait until a probe gets through, so whatever they read is no older than the end of the congestion.
   */
  get congested(): boolean {
    return this.#lostAnswers.congested;
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
      const finish = () => {
        disarm();
        this.#flow.requestsInFlight--;
        this.#startWaiting();
        this.#flow.update();
      };
      // A timeout or abort before the request got a window slot takes it out of the queue; after, the rest
      // of its answer is drained. Settling disarms it, so it only ever fires before.
      const disarm = armCall(options, 'request', (error) => {
        if (pending) {
          this.#operations.replaceWithDrain(pending, false);
          pending.fail(error);
        } else {
          this.#waiting.remove(start);
          reject(error);
        }
      });
      // Runs once, now or when a window slot frees (a request that timed out or was aborted meanwhile has
      // left the queue).
      const start = () => {
        let request: PendingRequest;
        try {
          this.#check();
          const seq = this.#operations.next();
          // Framed straight into the datagram being built: no buffer of its own per request.
          const bytes = this.#outbox.postFramed(message, flags, seq);
          request = new PendingRequest(seq, flags, bytes, options.headerLength, {
            resolve: (replies) => {
              finish();
              resolve(replies);
            },
            reject: (error) => {
              finish();
              reject(error);
            },
          });
        } catch (error) {
          // Closed, or a header that cannot be written: nothing was sent or counted.
          disarm();
          return reject(error);
        }
        pending = request;
        this.#flow.requestsInFlight++;
        this.#flow.update();
        this.#operations.register(request);
      };
      // Requests waiting keep their order: a slot freed starts them first (see #startWaiting). Right after
      // an overrun the socket is likely congested, and the kernel would drop the answer: wait for a probe.
      if (this.#flow.requestsInFlight < this.#maxInFlight && this.#waiting.length === 0 && !this.#lostAnswers.congested) start();
      else {
        this.#waiting.push(start);
        if (this.#lostAnswers.congested) {
          this.#lostAnswers.held();
          this.#flow.update();
        }
      }
    });
  }

  /**
   * Many requests at once, answered together: each message is sent with its own sequence number (ACK
   * asked for), at most `maxInFlight` outstanding, coalesced into few datagrams. Resolves, once every
   * message is answered, with one entry per message: its replies (empty for an ACK) or its error
   * (a `NetlinkError`, or the call's `TimeoutError`/`AbortError` for those it stopped). Much cheaper per
   * message than `request()`: no promise or closure per message, so thousands pipeline at kernel speed.
   * `messages` may be a `RequestSource`, which writes each payload straight into the datagram.
   */
  requestAll(messages: readonly RequestMessage[] | RequestSource, options: RequestAllOptions = {}): Promise<(NetlinkMessage[] | Error)[]> {
    return requestAll(this.#bulk, messages, options);
  }

  /**
   * Sends several requests in one datagram (one transaction for nfnetlink batches), each with its own
   * sequence number. Resolves once every message that asked for an ACK (`NLM_F_ACK` in its flags) is
   * answered, with one entry per message: its replies, its error, or undefined when it asked for nothing.
   */
  requestMany(messages: readonly RequestMessage[], options: RequestOptions = {}): Promise<{ seqs: number[]; results: (NetlinkMessage[] | Error | undefined)[] }> {
    return requestMany(this.#bulk, messages, options);
  }

  /**
   * Starts a dump (NLM_F_DUMP): an async iterator over the reply messages as they arrive, ending at
   * NLMSG_DONE. Reading pauses while more than `highWaterMark` messages wait for consumers, so a huge
   * dump iterated slowly keeps memory bounded. The request is sent on the first `next()`.
   */
  dump(message: RequestMessage, options: RequestOptions = {}): PendingDump {
    this.#check();
    const flags = NLM_F_REQUEST | NLM_F_DUMP | (message.flags ?? 0);
    const { seq, bytes } = this.#frame(message, flags);
    const dump = new PendingDump(this, bytes, options.headerLength);
    // begin() registers it; until then the number is only reserved in the bytes.
    this.#operations.reserved.set(dump, { seq, options });
    return dump;
  }

  /**
   * A whole dump as an array. A dump interrupted by a concurrent change (NLM_F_DUMP_INTR) is handled as
   * `onInterrupt` says: by default it is done again, with backoff, for up to 5 seconds, then
   * `DumpInterruptedError` is thrown; `{ action: 'accept' }` returns it marked `interrupted: true`;
   * `{ action: 'fail' }` throws at once (see `OnInterrupt`).
   */
  async dumpAll(message: RequestMessage, options: DumpAllOptions = {}): Promise<DumpList<NetlinkMessage>> {
    checkOnInterrupt(options.onInterrupt);
    const { result, interrupted } = await readWholeDump(
      (): NetlinkMessage[] => [],
      async (out) => {
        for await (const chunk of this.dump(message, options).chunks()) for (let i = 0; i < chunk.count; i++) out.push(chunk.message(i));
      },
      options,
    );
    return dumpList(result, interrupted);
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

  /**
   * Listens to the messages the kernel sends this socket on its own, by unicast with sequence number 0:
   * nfqueue's queued packets and nflog's logged packets go to the port that bound the queue or group.
   * They come as notifications of group 0; `accept` picks the messages this subscription takes (all by
   * default), so that several consumers on one socket each get theirs. Overruns are delivered too.
   */
  listen(accept?: (message: NetlinkMessage) => boolean): Subscription {
    this.#check();
    const subscription = this.#memberships.listen(this, accept);
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

  /** @internal */
  begin(dump: PendingDump): void {
    this.#check();
    this.#dumps.begin(dump);
  }

  /** @internal */
  queued(delta: number): void {
    this.#flow.queued += delta;
    this.#flow.update();
  }

  /** @internal */
  abandon(dump: PendingDump): void {
    this.#operations.disarm(dump);
    // Not sent yet (never iterated, or waiting for the dump slot): it never will be, and its number is
    // free again. Sent: the rest of its answer is drained.
    if (this.#operations.reserved.delete(dump)) this.#dumps.cancel(dump);
    else this.#operations.replaceWithDrain(dump, true);
    this.#flow.update();
  }

  /** @internal */
  unsubscribe(subscription: Subscription): void {
    this.#memberships.unsubscribe(subscription);
    this.#updateRef();
  }

  // ---- internals ----

  #check(): void {
    if (this.#closed || this.#transport.closed) throw new SocketClosedError();
  }

  /**
   * Starts requests waiting for a window slot while there are free ones. Slots are freed by plain
   * requests and by the bulk calls (`requestAll`, `requestMany`), whose requests count in the window too.
   */
  #startWaiting(): void {
    if (this.#lostAnswers.congested && !this.#closed) return;
    while (this.#waiting.length > 0 && this.#flow.requestsInFlight < this.#maxInFlight) this.#waiting.shift()!();
  }

  /** Encodes the request with a fresh sequence number. */
  /** A dump's request with a fresh sequence number, in a buffer of its own (it is sent when iteration starts). */
  #frame(message: RequestMessage, flags: number): { seq: number; bytes: Uint8Array } {
    const payload = message.payload ?? new Uint8Array(0);
    const bytes = new Uint8Array(NLMSG_HDRLEN + payload.length);
    const seq = this.#operations.next();
    writeHeader(viewOf(bytes), 0, bytes.length, { type: message.type, flags, seq, pid: 0 });
    bytes.set(payload, NLMSG_HDRLEN);
    return { seq, bytes };
  }

  #failAll(error: Error, includeSubscriptions = true): void {
    const table = this.#operations;
    // Queued dumps are failed through their reservations, not started.
    this.#dumps.clear();
    this.#lostAnswers.reset();
    const operations = [...table.bySeq.values()];
    for (const operation of operations) table.finish(operation);
    for (const operation of operations) operation.fail(error);
    for (const dump of table.reserved.keys()) dump.fail(error);
    table.reserved.clear();
    if (includeSubscriptions || this.#closed) this.#memberships.endAll(this.#closed ? undefined : error);
    // Requests held back while the socket may have been congested were waiting for a probe, which is gone
    // with the rest: the socket stays open (closing it started and failed them already), so they go now.
    this.#startWaiting();
    this.#updateRef();
  }

  /** Keeps the process alive while something waits for the kernel. */
  #updateRef(): void {
    if (this.#closed) return;
    if (this.#operations.size > 0 || this.#memberships.size > 0) this.#transport.ref?.();
    else this.#transport.unref?.();
  }
}
