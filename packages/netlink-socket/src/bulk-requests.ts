import { ByteWriter, NLM_F_ACK, NLM_F_REQUEST, NLMSG_HDRLEN, NLMSG_NOOP, writeHeader, type NetlinkMessage } from '@linx/netlink-wire';
import { armCall } from './arm.js';
import { BulkCall, BulkSlot } from './bulk.js';
import { SocketClosedError } from './errors.js';
import type { Flow } from './flow.js';
import type { OperationTable } from './operation-table.js';
import type { Outbox } from './outbox.js';
import { NO_REPLIES, PendingRequest } from './request.js';
import { AbortError, OverrunError } from './request-errors.js';
import type { RequestAllOptions, RequestMessage, RequestOptions } from './request-types.js';
import type { Transport } from './transport.js';

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
}

/**
 * `Connection.requestAll`: many requests, each with its own sequence number, at most a window of them
 * outstanding, coalesced into few datagrams by the outbox. One `BulkCall` and one small slot per message
 * instead of a promise and closures each, so thousands pipeline at kernel speed.
 */
export function requestAll(host: BulkHost, messages: readonly RequestMessage[], options: RequestAllOptions): Promise<(NetlinkMessage[] | Error)[]> {
  if (host.closed) return Promise.reject(new SocketClosedError());
  if (options.signal?.aborted) return Promise.reject(new AbortError(options.signal.reason));
  const { table, outbox, flow } = host;
  const silent = options.acks === 'errors';
  // With ACKs, at most maxInFlight answers are awaited at once; without, runs of messages end in a NOOP.
  const window = silent ? host.maxInFlight * 16 : host.maxInFlight;
  return new Promise((resolve) => {
    const slots = new Map<number, PendingRequest>();
    const pump = (call: BulkCall) => {
      const first = call.next;
      while (call.stopped === undefined && call.next < call.count && call.outstanding < window && !host.closed) {
        const index = call.next++;
        const message = messages[index]!;
        const flags = NLM_F_REQUEST | (silent ? 0 : NLM_F_ACK) | (message.flags ?? 0);
        const seq = table.next();
        const bytes = outbox.postFramed(message, flags, seq);
        const pending = new PendingRequest(seq, flags, bytes, options.headerLength, new BulkSlot(call, index));
        slots.set(index, pending);
        call.outstanding++;
        flow.requestsInFlight++;
        table.register(pending);
      }
      if (silent && call.next > first) {
        const overrunsBefore = host.overruns;
        const to = call.next;
        postBarrier(table, outbox, () => settleRun(call, first, to, host.overruns !== overrunsBefore));
      }
      if (host.closed && call.next < call.count) stop(call, new SocketClosedError());
    };
    // The NOOP after a run was acknowledged: the run's messages that got no error are done, unless the
    // kernel dropped messages meanwhile (an overrun), which may have been their errors.
    const settleRun = (call: BulkCall, from: number, to: number, overrun: boolean) => {
      for (let index = from; index < to; index++) {
        const pending = slots.get(index)!;
        if (call.results[index] !== undefined || table.bySeq.get(pending.seq) !== pending) continue;
        table.finish(pending);
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
        table.replaceWithDrain(pending, false);
        pending.fail(error);
      }
      if (call.done) {
        disarm();
        resolve(call.results as (NetlinkMessage[] | Error)[]);
      }
    };
    const call = new BulkCall(messages.length, (c) => {
      flow.requestsInFlight--;
      if (c.done) {
        disarm();
        flow.update();
        resolve(c.results as (NetlinkMessage[] | Error)[]);
      } else if (!silent || c.outstanding === 0) pump(c);
    });
    const disarm = armCall(options, 'requestAll', (error) => stop(call, error));
    if (messages.length === 0) return resolve([]);
    pump(call);
    flow.update();
  });
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
            resolve(replies);
          },
          reject: (error) => {
            cleanup();
            flow.requestsInFlight--;
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
    host.transport.ref?.();
    host.transport.send(w.finish());
  } catch (error) {
    for (const seq of seqs) table.bySeq.get(seq)?.fail(error as Error);
  }
  const results = await Promise.all(waits);
  flow.update();
  return { seqs, results };
}
