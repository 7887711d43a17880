import {
  HOST_LITTLE_ENDIAN as LE,
  MalformedError,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_MIN_TYPE,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_REQUEST,
  NetlinkError,
  errnoNumber,
  messageAt,
  parseDoneMessage,
  parseErrorMessage,
  viewOf,
  writeHeader,
} from '@linx/netlink-wire';
import { InvalidArgumentError } from '../native/errors.js';
import type { RawNetlinkSocket, SeriesRun } from '../native/raw-socket.js';
import { META_LENGTH, META_OFFSET, META_PORT_ID, META_STRIDE } from '../native/receive-batch.js';
import { AbortError, OverrunError, TimeoutError } from './errors.js';
import { MessageChunk } from './message-chunk.js';
import type { RequestMessage } from './request-types.js';

/** The answer to one dump of a series. */
export interface SeriesAnswer {
  /** Its data messages, left in the receive batches they came in (decode them as a dump's chunks). */
  readonly chunks: MessageChunk[];
  /** A message carried NLM_F_DUMP_INTR: the kernel's table changed while it was read. */
  interrupted: boolean;
  /** The kernel refused the dump (NLMSG_ERROR) or ended it with an errno (NLMSG_DONE). */
  error: NetlinkError | undefined;
}

/** Options of `DumpSeries.run`. */
export interface DumpSeriesOptions {
  /** The requests' fixed header length, so that an ext-ack error names the attribute it blames. */
  headerLength?: number;
  /** Stops the series (as `read` throwing does, see `run`); it rejects with `AbortError`. */
  signal?: AbortSignal;
  /**
   * Milliseconds the whole series may take: past them it stops the same way and rejects with
   * `TimeoutError` (checked as each of the addon's runs ends, at least every 100 ms).
   */
  timeout?: number;
}

/** How much one run of the addon reads before it hands a batch over (so decoding overlaps its reading). */
const RUN_LIMITS = { maxDatagrams: 256, maxBytes: 256 * 1024 };

const ENOBUFS = errnoNumber('ENOBUFS')!;

/**
 * Many dumps, one after another, on a socket of their own whose reading and sending happen on a thread
 * of libuv's pool (`RawNetlinkSocket.runSeries`): each request goes out as soon as the answer before it
 * ends, without a round trip through the event loop, and the kernel's work for the dumps (done inside
 * sendmsg and recvmsg) runs on that thread while JS decodes what came before, or does anything else.
 * Made for many small dumps asked at once (nftables asks one per set for the elements: 2,001 for #14's
 * ruleset), which on a connection would cost an event-loop round trip each, with the kernel's work on
 * the JS thread. Plain dumps: no retry of interrupted ones (each answer says whether it was), no
 * backpressure (a run's answers are all kept until it resolves, or handed to `read` as they end).
 */
export class DumpSeries {
  readonly #socket: RawNetlinkSocket;
  #seq = 0;
  /** The run in progress: runs take turns (the socket's one reader is the addon's thread). */
  #turn: Promise<unknown> = Promise.resolve();

  /** Takes over `socket` (not started: the series is its only reader); ext-ack is switched on where the kernel has it. */
  constructor(socket: RawNetlinkSocket) {
    this.#socket = socket;
    try {
      socket.setExtendedAck(true);
      socket.setCapAck(true);
    } catch {
      // A kernel without them (before 4.12 / 4.3): errors come without the ext-ack text.
    }
  }

  /** A series on a new socket beside `socket`: the same protocol and network namespace (see `RawNetlinkSocket.openBeside`). */
  static beside(socket: RawNetlinkSocket): DumpSeries {
    return new DumpSeries(socket.openBeside({ receiveBufferSize: 4 * 1024 * 1024 }));
  }

  get closed(): boolean {
    return this.#socket.closed;
  }

  /**
   * Dumps each of `requests` (NLM_F_REQUEST | NLM_F_DUMP are added to its flags), one after another, and
   * calls `read(answer, index)` as each answer ends, in order, on the JS thread while the next dumps run;
   * resolves with what `read` returned, by request. A request the kernel refuses is an answer with
   * `error` (the series goes on). Rejects if `read` throws, and with the socket's failure (`NativeError`,
   * `OverrunError`, `SocketClosedError`, `MalformedError`: the series is then closed); after a throw or an abort, the addon's run already going on
   * (it starts before the answers of the one before are handed to `read`) is read to its end, its open
   * answer included, and no further run starts.
   */
  run<T>(requests: readonly RequestMessage[], read: (answer: SeriesAnswer, index: number) => T, options: DumpSeriesOptions = {}): Promise<T[]> {
    if (typeof read !== 'function') throw new InvalidArgumentError('read', 'must be a function');
    if (options.timeout !== undefined && !(options.timeout >= 0)) throw new InvalidArgumentError('timeout', `${options.timeout} is not a number of milliseconds`);
    const turn = this.#turn.then(() => this.#run(requests, read, options));
    this.#turn = turn.catch(() => undefined);
    return turn;
  }

  /** Closes the socket; a run in progress rejects with `SocketClosedError`. Idempotent. */
  close(): void {
    this.#socket.close();
  }

  async #run<T>(requests: readonly RequestMessage[], read: (answer: SeriesAnswer, index: number) => T, options: DumpSeriesOptions): Promise<T[]> {
    const count = requests.length;
    const results = new Array<T>(count);
    if (count === 0) return results;
    const { bytes, starts, firstSeq } = this.#frame(requests);
    const socket = this.#socket;
    const signal = options.signal;
    let failure: { error: unknown } | undefined = signal?.aborted ? { error: new AbortError(signal.reason) } : undefined;
    if (failure) throw failure.error;
    const deadline = options.timeout === undefined ? undefined : performance.now() + options.timeout;
    const answers: (SeriesAnswer | undefined)[] = [];
    let ended = 0;
    const end = (index: number, answer: SeriesAnswer): void => {
      ended++;
      if (failure) return;
      try {
        results[index] = read(answer, index);
      } catch (error) {
        failure = { error };
      }
    };

    let next = socket.runSeries(bytes, false, RUN_LIMITS);
    for (let finished = 0; ; ) {
      const run: SeriesRun = await next;
      finished += run.finished;
      if (!failure && signal?.aborted) failure = { error: new AbortError(signal.reason) };
      if (!failure && deadline !== undefined && performance.now() >= deadline) failure = { error: new TimeoutError(options.timeout!, 'dump series') };
      const stopped = typeof run.stop !== 'string' || run.stop === 'overrun';
      // The next run starts before this one's batch is read, so the thread goes on meanwhile. After a
      // failure nothing more is sent, but an open answer is still read to its end (the kernel would
      // refuse this socket's next dump while it runs one: EBUSY).
      const more = !stopped && (run.inProgress || (finished < count && !failure));
      if (more) {
        const rest = failure ? bytes.subarray(starts[finished]!, starts[finished + 1] ?? bytes.length) : bytes.subarray(starts[finished]!);
        next = socket.runSeries(rest, run.inProgress, RUN_LIMITS);
      }
      try {
        this.#route(run.data, run.meta, firstSeq, count, answers, bytes, starts, options.headerLength, end);
      } catch (error) {
        // Malformed bytes from the kernel: nothing later on this socket can be trusted either. Closing it
        // ends the run going on (its rejection is dropped here); later runs fail with SocketClosedError.
        if (more) next.catch(() => undefined);
        this.close();
        throw error;
      }
      // The socket failed: the kernel may still be running a dump for it (and would refuse the next one),
      // so it is closed; later runs fail with SocketClosedError.
      if (typeof run.stop !== 'string') this.#closeFor(run.stop);
      if (run.stop === 'overrun') this.#closeFor(new OverrunError());
      if (!more) break;
    }
    if (failure) throw failure.error;
    if (ended !== count) this.#closeFor(new MalformedError(`a series of ${count} dumps ended with ${count - ended} unanswered`, 0));
    return results;
  }

  #closeFor(error: Error): never {
    this.close();
    throw error;
  }

  /** The requests back to back with consecutive sequence numbers from `firstSeq`, and where each starts. */
  #frame(requests: readonly RequestMessage[]): { bytes: Uint8Array; starts: number[]; firstSeq: number } {
    let total = 0;
    for (const request of requests) total += (NLMSG_HDRLEN + (request.payload?.length ?? 0) + 3) & ~3;
    const bytes = new Uint8Array(total);
    const view = viewOf(bytes);
    // Numbers of this socket alone: a run's are consecutive, never 0, and differ from the last run's.
    if (this.#seq + requests.length >= 0xffff_ffff) this.#seq = 0;
    const firstSeq = this.#seq + 1;
    this.#seq += requests.length;
    const starts: number[] = [];
    let at = 0;
    requests.forEach((request, i) => {
      const payload = request.payload ?? new Uint8Array(0);
      const length = NLMSG_HDRLEN + payload.length;
      writeHeader(view, at, length, { type: request.type, flags: NLM_F_REQUEST | NLM_F_DUMP | (request.flags ?? 0), seq: firstSeq + i, pid: 0 });
      bytes.set(payload, at + NLMSG_HDRLEN);
      starts.push(at);
      at += (length + 3) & ~3;
    });
    return { bytes, starts, firstSeq };
  }

  /** Hands the kernel's messages of a run's batch to the answers they belong to (by sequence number). */
  #route(
    data: Uint8Array,
    meta: Uint32Array,
    firstSeq: number,
    count: number,
    answers: (SeriesAnswer | undefined)[],
    requests: Uint8Array,
    starts: readonly number[],
    headerLength: number | undefined,
    end: (index: number, answer: SeriesAnswer) => void,
  ): void {
    const view = viewOf(data);
    // One chunk per answer and batch, filled with runs of its messages.
    let chunkOf: MessageChunk | undefined;
    let chunkIndex = -1;
    for (let d = 0; d < meta.length; d += META_STRIDE) {
      if (meta[d + META_PORT_ID] !== 0) continue;
      // Stryker disable next-line ArithmeticOperator: META_OFFSET is 0
      const start = meta[d + META_OFFSET]!;
      const stop = start + meta[d + META_LENGTH]!;
      for (let at = start; at < stop; ) {
        if (stop - at < NLMSG_HDRLEN) throw new MalformedError('malformed netlink message from the kernel', at);
        const length = view.getUint32(at, LE);
        if (length < NLMSG_HDRLEN || length > stop - at) throw new MalformedError('malformed netlink message from the kernel', at);
        const index = view.getUint32(at + 8, LE) - firstSeq;
        const next = at + ((length + 3) & ~3);
        // Another run's late messages (one given up) belong to no answer of this one.
        if (index < 0 || index >= count) {
          at = next;
          continue;
        }
        const answer = (answers[index] ??= { chunks: [], interrupted: false, error: undefined });
        const type = view.getUint16(at + 4, LE);
        if (view.getUint16(at + 6, LE) & NLM_F_DUMP_INTR) answer.interrupted = true;
        if (type >= NLMSG_MIN_TYPE) {
          if (chunkIndex !== index) {
            chunkOf = MessageChunk.ofRuns(data, view);
            answer.chunks.push(chunkOf);
            chunkIndex = index;
          }
          chunkOf!.addRun(at, next, 1);
        } else if (type === NLMSG_DONE || type === NLMSG_ERROR) {
          const message = messageAt(data, view, at, stop);
          const context = {
            request: requests.subarray(starts[index]!, starts[index + 1] ?? requests.length),
            seq: firstSeq + index,
            ...(headerLength === undefined ? {} : { headerLength }),
          };
          if (type === NLMSG_DONE) {
            const done = parseDoneMessage(message);
            if (done.errno !== 0) answer.error = NetlinkError.fromDoneMessage(done, context);
          } else {
            const error = parseErrorMessage(message);
            // The dump goes on after the kernel found the receive buffer full at its start (see PendingDump).
            if (error.errno === ENOBUFS) {
              at = next;
              continue;
            }
            if (error.errno !== 0) answer.error = NetlinkError.fromErrorMessage(error, context);
          }
          answers[index] = undefined;
          chunkIndex = -1;
          end(index, answer);
        }
        at = next;
      }
    }
  }
}
