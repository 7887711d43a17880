import { ByteWriter, NLM_F_ACK, NLM_F_REQUEST, NLMSG_HDRLEN, NLMSG_NOOP, writeHeader, type NetlinkMessage } from '@linx/netlink-wire';
import { armCall } from './deadlines.js';
import { BulkCall, BulkSlot } from './bulk-call.js';
import { SocketClosedError } from '../native/errors.js';
import type { Flow } from './backpressure.js';
import type { OperationTable } from './operation-table.js';
import type { Outbox } from './outbox.js';
import { PendingRequest } from './request.js';
import { AbortError } from './errors.js';
import { SilentRun } from './silent-run.js';
import type { RequestAllOptions, RequestMessage, RequestOptions, RequestSource } from './request-types.js';
import type { Transport } from './transport.js';

const EMPTY = new Uint8Array(0);

/** What the bulk calls need from their connection. */
export interface BulkHost {
  readonly closed: boolean;
  readonly maxInFlight: number;
  /** Overruns (ENOBUFS) seen so far: a silent run that saw one cannot count silence as success. */
  readonly overruns: number;
  readonly table: OperationTable;
  readonly outbox: Outbox;
  readonly flow: Flow;
  readonly transport: Transport;
  /** Throws `SocketClosedError` once the socket is closed. */
  check(): void;
  /** Requests were answered: plain requests waiting for a window slot may go now. */
  release(): void;
}

/**
 * `Connection.requestAll`: many requests, each with its own sequence number, at most a window of them
 * outstanding, coalesced into few datagrams by the outbox. With ACKs, one `BulkCall` and one small slot
 * per message instead of a promise and closures each; without (`acks: 'errors'`), one `SilentRun` per run
 * of messages and nothing per message, so thousands pipeline at kernel speed. Messages come as objects
 * with payloads, or from a `RequestSource` that writes each payload straight into the datagram.
 */
export function requestAll(host: BulkHost, messages: readonly RequestMessage[] | RequestSource, options: RequestAllOptions): Promise<(NetlinkMessage[] | Error)[]> {
  if (host.closed) return Promise.reject(new SocketClosedError());
  if (options.signal?.aborted) return Promise.reject(new AbortError(options.signal.reason));
  const { table, outbox, flow } = host;
  const bulk = Array.isArray(messages) ? fromList(messages as readonly RequestMessage[]) : fromSource(messages as RequestSource);
  const count = bulk.count;
  const silent = options.acks === 'errors';
  const flagsOf = (index: number) => NLM_F_REQUEST | (silent ? 0 : NLM_F_ACK) | bulk.flagsOf(index);
  // With ACKs, at most maxInFlight answers are awaited at once; without, runs of messages end in a NOOP.
  const window = silent ? host.maxInFlight * 16 : host.maxInFlight;
  /** Request `index` framed on its own, for an error's context. */
  const requestBytes = (index: number, seq: number): Uint8Array => {
    const w = new ByteWriter(256);
    const at = w.reserve(NLMSG_HDRLEN);
    bulk.write(index, w);
    // Stryker disable next-line ArithmeticOperator: the writer is new, so the header's place, at, is 0
    writeHeader(w.view, at, w.length - at, { type: bulk.typeOf(index), flags: flagsOf(index), seq, pid: 0 });
    return w.finish();
  };
  return new Promise((resolve) => {
    const slots = new Map<number, PendingRequest>();
    const runs = new Set<SilentRun>();
    const pump = (call: BulkCall) => {
      const first = call.next;
      const run = silent ? new SilentRun(call, first, table, requestBytes, options.headerLength) : undefined;
      let unwritable: Error | undefined;
      try {
        // A stopped call has nothing left to send (stop() moves `next` to the end).
        while (call.next < call.count && call.outstanding < window && !host.closed) {
          const index = call.next;
          const flags = flagsOf(index);
          const seq = table.next();
          const bytes = outbox.postWritten(bulk, index, bulk.typeOf(index), flags, seq, !silent);
          call.next++;
          call.outstanding++;
          if (run) {
            run.add(seq);
            continue;
          }
          const pending = new PendingRequest(seq, flags, bytes!, options.headerLength, new BulkSlot(call, index));
          slots.set(index, pending);
          table.register(pending);
        }
      } catch (error) {
        unwritable = error as Error;
      }
      flow.requestsInFlight += call.next - first;
      // A request that cannot be written (a source's payload failed): it and the rest fail with that; those
      // already sent still get their answers.
      if (unwritable) stop(call, unwritable, false);
      if (run && run.size > 0) {
        runs.add(run);
        const overrunsBefore = host.overruns;
        postBarrier(table, outbox, () => {
          runs.delete(run);
          run.settleRest(host.overruns !== overrunsBefore);
        });
      }
      if (host.closed && call.next < call.count) stop(call, new SocketClosedError());
    };
    /** Fails the requests not sent yet with `error`, and (unless `unanswered` is false) those sent and unanswered. */
    const stop = (call: BulkCall, error: Error, unanswered = true) => {
      for (let i = call.next; i < call.count; i++) call.results[i] = error;
      call.answered += call.count - call.next;
      call.next = call.count;
      if (unanswered) {
        for (const [index, pending] of slots) {
          if (call.results[index] !== undefined) continue;
          table.replaceWithDrain(pending, false);
          pending.fail(error);
        }
        // Runs keep their numbers until their barrier is answered (late errors are swallowed then).
        for (const run of runs) run.failKeepingNumbers(error);
      }
      if (call.done) {
        disarm();
        resolve(call.results as (NetlinkMessage[] | Error)[]);
      }
    };
    const call = new BulkCall(count, (c, settled) => {
      flow.requestsInFlight -= settled;
      host.release();
      if (c.done) {
        disarm();
        flow.update();
        resolve(c.results as (NetlinkMessage[] | Error)[]);
      } else if (!silent || c.outstanding === 0) pump(c);
    });
    const disarm = armCall(options, 'requestAll', (error) => stop(call, error));
    if (count === 0) return resolve([]);
    pump(call);
    flow.update();
  });
}

/** The messages of a bulk call, whichever way they were given. */
interface BulkMessages {
  readonly count: number;
  typeOf(index: number): number;
  /** NLM_F_* flags beyond NLM_F_REQUEST and NLM_F_ACK. */
  flagsOf(index: number): number;
  write(index: number, w: ByteWriter): void;
}

function fromList(messages: readonly RequestMessage[]): BulkMessages {
  return {
    count: messages.length,
    typeOf: (index) => messages[index]!.type,
    flagsOf: (index) => messages[index]!.flags ?? 0,
    write: (index, w) => w.write(messages[index]!.payload ?? EMPTY),
  };
}

function fromSource(source: RequestSource): BulkMessages {
  const flags = source.flags ?? 0;
  return { count: source.count, typeOf: () => source.type, flagsOf: () => flags, write: (index, w) => source.write(index, w) };
}

/** Posts a NOOP asking for an ACK; `done` runs when it is answered (after everything posted before it). */
function postBarrier(table: OperationTable, outbox: Outbox, done: () => void): void {
  const seq = table.next();
  const bytes = outbox.postFramed({ type: NLMSG_NOOP }, NLM_F_REQUEST | NLM_F_ACK, seq);
  table.register(new PendingRequest(seq, NLM_F_REQUEST | NLM_F_ACK, bytes, undefined, { resolve: done, reject: done }));
}

/**
 * `Connection.requestMany`: several requests in one datagram of their own (one transaction for nfnetlink
 * batches), each with its own sequence number; only those asking for an ACK are waited for.
 */
export async function requestMany(host: BulkHost, messages: readonly RequestMessage[], options: RequestOptions): Promise<{ seqs: number[]; results: (NetlinkMessage[] | Error | undefined)[] }> {
  host.check();
  // A signal aborted already would never fire its listener (armCall below): nothing is sent.
  if (options.signal?.aborted) throw new AbortError(options.signal.reason);
  const { table, flow } = host;
  const w = new ByteWriter(4096);
  const seqs: number[] = [];
  const waits: (Promise<NetlinkMessage[] | Error> | undefined)[] = [];
  for (const message of messages) {
    const flags = NLM_F_REQUEST | (message.flags ?? 0);
    const start = w.length;
    const payload = message.payload ?? new Uint8Array(0);
    w.reserve(NLMSG_HDRLEN);
    w.write(payload);
    const seq = table.next((s) => table.bySeq.has(s) || seqs.includes(s));
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
            flow.requestsInFlight--;
            host.release();
            resolve(replies);
          },
          reject: (error) => {
            cleanup();
            flow.requestsInFlight--;
            host.release();
            resolve(error);
          },
        });
        const cleanup = armCall(options, 'request', (error) => {
          table.replaceWithDrain(pending, false);
          pending.fail(error);
        });
        flow.requestsInFlight++;
        table.register(pending);
      }),
    );
  }
  flow.update();
  // Requests made before this call go first, in datagrams of their own: a transaction (nfnetlink's
  // BATCH_BEGIN…END) must be a datagram by itself.
  host.outbox.flush();
  try {
    host.transport.send(w.finish());
  } catch (error) {
    // Only the ACK-asking messages were registered.
    table.failUnsent(seqs, error as Error);
  }
  const results = await Promise.all(waits);
  flow.update();
  return { seqs, results };
}
