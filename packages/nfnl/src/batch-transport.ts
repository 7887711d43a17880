import type { ReceiveHandlers, Transport } from '@linx/netlink-socket';
import { META_GROUP, META_LENGTH, META_OFFSET, META_PORT_ID, META_STRIDE } from '@linx/netlink-socket/native';
import { HOST_LITTLE_ENDIAN as LE, NLM_F_ACK, NLM_F_REQUEST, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_NOOP, viewOf, writeHeader } from '@linx/netlink-wire';
import { NFNL_MSG_BATCH_BEGIN } from './subsystem.js';

/** What is known of a batch in flight: BEGIN's sequence number and those of the messages that asked for an ACK. */
interface BatchInFlight {
  begin: number;
  messages: number[];
}

/**
 * A transport under the connection that makes nfnetlink batches answerable. The engine's `requestMany`
 * waits for one answer per message that asked for an ACK, but BATCH_BEGIN is answered only when the whole
 * batch is refused (ERESTART, EPERM, …; kernels since 6.10 also ACK it, older ones never do), and when it is
 * refused the messages are never answered at all. So, for a datagram that starts with BATCH_BEGIN:
 *
 * - right after it, a NOOP carrying BEGIN's sequence number is sent. The kernel handles the batch inside the
 *   first `sendmsg`, so every answer of the batch is queued before the NOOP's ACK: BEGIN's first answer is
 *   its own error, the 6.10+ ACK, or the NOOP's ACK, and never comes too early.
 * - if BEGIN's first answer is an error, NOOPs carrying the messages' sequence numbers follow, so their
 *   requests end too (the caller reports BEGIN's error for the batch).
 *
 * (Echoes, which the kernel marks with the nftables group although they are unicast answers, are routed
 * to their requests by the engine itself.)
 *
 * Everything else passes through untouched; unicast datagrams are only scanned while a batch is in flight.
 */
export class BatchTransport implements Transport {
  readonly #inner: Transport;
  readonly #inFlight = new Map<number, BatchInFlight>();
  readonly #overrunListeners = new Set<() => void>();

  constructor(inner: Transport) {
    this.#inner = inner;
  }

  /** The wrapped transport (a `RawNetlinkSocket`, or a fake kernel in tests). */
  get inner(): Transport {
    return this.#inner;
  }
  get portId(): number {
    return this.#inner.portId;
  }
  get closed(): boolean {
    return this.#inner.closed;
  }
  /** Batches sent whose BEGIN has not been answered yet. */
  get batchesInFlight(): number {
    return this.#inFlight.size;
  }

  send(bytes: Uint8Array): number {
    const batch = batchOf(bytes);
    const sent = this.#inner.send(bytes);
    if (batch) {
      this.#inFlight.set(batch.begin, batch);
      this.#inner.send(noops([batch.begin]));
    }
    return sent;
  }

  /** Calls `listener` when the kernel drops messages for this socket (ENOBUFS); returns the unsubscribe. */
  watchOverrun(listener: () => void): () => void {
    this.#overrunListeners.add(listener);
    return () => this.#overrunListeners.delete(listener);
  }

  start(handlers: ReceiveHandlers): void {
    this.#inner.start({
      ...handlers,
      onOverrun: () => {
        for (const listener of [...this.#overrunListeners]) listener();
        handlers.onOverrun();
      },
      onBatch: (data, meta) => {
        // Stryker disable next-line ConditionalExpression,EqualityOperator: with no batch in flight the scan finds nothing; the test only saves the work
        if (this.#inFlight.size > 0) this.#scan(data, meta);
        handlers.onBatch(data, meta);
      },
    });
  }

  /** Finds the first answer to each batch's BEGIN; after an error, ends the messages' requests. */
  #scan(data: Uint8Array, meta: Uint32Array): void {
    const view = viewOf(data);
    // Stryker disable next-line ArithmeticOperator: with `i - META_STRIDE` the extra strides read past the end of meta, where the port id is undefined, not 0, so they are skipped
    for (let i = 0; i + META_STRIDE <= meta.length; i += META_STRIDE) {
      if (meta[i + META_PORT_ID] !== 0 || meta[i + META_GROUP] !== 0) continue;
      // Stryker disable next-line ArithmeticOperator: META_OFFSET is 0, so i - META_OFFSET is i
      const start = meta[i + META_OFFSET]!;
      const end = start + meta[i + META_LENGTH]!;
      for (let at = start; at + NLMSG_HDRLEN <= end; ) {
        const length = view.getUint32(at, LE);
        if (length < NLMSG_HDRLEN) break;
        const batch = view.getUint16(at + 4, LE) === NLMSG_ERROR ? this.#inFlight.get(view.getUint32(at + 8, LE)) : undefined;
        if (batch) {
          this.#inFlight.delete(batch.begin);
          const errno = length >= NLMSG_HDRLEN + 4 ? view.getInt32(at + NLMSG_HDRLEN, LE) : 0;
          if (errno !== 0 && batch.messages.length > 0 && !this.#inner.closed) this.#inner.send(noops(batch.messages));
        }
        at += (length + 3) & ~3;
      }
    }
  }

  pause(): void {
    this.#inner.pause();
  }
  resume(): void {
    this.#inner.resume();
  }
  addMembership(group: number): void {
    this.#inner.addMembership(group);
  }
  dropMembership(group: number): void {
    this.#inner.dropMembership(group);
  }
  close(): void {
    this.#inFlight.clear();
    this.#inner.close();
  }
  ref(): void {
    this.#inner.ref?.();
  }
  unref(): void {
    this.#inner.unref?.();
  }
  setExtendedAck(on: boolean): void {
    this.#inner.setExtendedAck?.(on);
  }
  setStrictCheck(on: boolean): void {
    this.#inner.setStrictCheck?.(on);
  }
  setCapAck(on: boolean): void {
    this.#inner.setCapAck?.(on);
  }
  setPacketInfo(on: boolean): void {
    this.#inner.setPacketInfo?.(on);
  }
}

/** BEGIN's and the ACK-asking messages' sequence numbers, if the datagram is a batch whose BEGIN asks for an ACK. */
function batchOf(bytes: Uint8Array): BatchInFlight | undefined {
  if (bytes.length < NLMSG_HDRLEN) return undefined;
  const view = viewOf(bytes);
  if (view.getUint16(4, LE) !== NFNL_MSG_BATCH_BEGIN || (view.getUint16(6, LE) & NLM_F_ACK) === 0) return undefined;
  const begin = view.getUint32(8, LE);
  const messages: number[] = [];
  let at = (view.getUint32(0, LE) + 3) & ~3;
  while (at + NLMSG_HDRLEN <= bytes.length) {
    const length = view.getUint32(at, LE);
    if (length < NLMSG_HDRLEN) break;
    if (view.getUint16(at + 6, LE) & NLM_F_ACK) messages.push(view.getUint32(at + 8, LE));
    at += (length + 3) & ~3;
  }
  return { begin, messages };
}

/** One datagram of NOOP requests asking for an ACK, one per sequence number. */
function noops(seqs: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(seqs.length * NLMSG_HDRLEN);
  const view = viewOf(bytes);
  seqs.forEach((seq, i) => writeHeader(view, i * NLMSG_HDRLEN, NLMSG_HDRLEN, { type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq, pid: 0 }));
  return bytes;
}
