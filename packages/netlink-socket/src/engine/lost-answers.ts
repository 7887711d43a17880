import { NLM_F_ACK, NLM_F_REQUEST, NLMSG_HDRLEN, NLMSG_NOOP, viewOf, writeHeader, type NetlinkMessage } from '@linx/netlink-wire';
import { Drain, type Operation } from './operation.js';
import type { OperationTable } from './operation-table.js';
import type { Outbox } from './outbox.js';
import { PendingRequest } from './request.js';
import { SilentRun } from './silent-run.js';
import { OverrunError } from './errors.js';
import type { Transport } from './transport.js';

/**
 * Finds the requests whose answers an overrun dropped, and fails them with `OverrunError`, so that nothing
 * waits forever and the window slots they hold are freed.
 *
 * The kernel answers a socket's requests (not its dumps) while `sendmsg` runs, in the order it gets them.
 * So when the ACK of a probe (an NLMSG_NOOP asking for one) arrives, every request sent before the probe
 * and still unanswered lost its answer. The probe can be lost too: after dropping a message the kernel
 * marks the socket congested (NETLINK_S_CONGESTED, net/netlink/af_netlink.c) and drops everything for it,
 * silently, until a read finds the receive queue empty — and ENOBUFS is reported once per congestion, not
 * per message dropped. A probe sent when the overrun is reported is therefore usually dropped as well
 * (the queue is still full then). So while an overrun is unresolved, a new probe goes out after every
 * batch read: the socket is read until it is empty, so one of them is sent once the congestion has
 * cleared, and its ACK settles everything before it. Probes older than the one answered were lost, and
 * so were those answers; an overrun reported after the answered probe was sent starts another round.
 *
 * Until a probe is answered the socket may still be congested, so anything sent into it may vanish
 * without another report: plain requests are held back (`congested`) and get a probe of their own when
 * nothing else is in flight; bulk requests, which go anyway, are probed after the next batch; and reading
 * is not paused for backpressure while a probe is out (`probing`), or it would never be answered.
 *
 * A request failed this way gives its sequence number to the table's quarantine, not back to the
 * allocator: a late answer carrying it is swallowed, never taken for a newer request's.
 *
 * Dumps are not probed: the kernel writes a dump's answer as the socket is read and waits for room rather
 * than drop it.
 */
export class LostAnswers {
  /** Overruns reported so far. */
  overruns = 0;
  /** An overrun was reported and no probe answered since covers it: probes go on. */
  #unresolved = false;
  /** An overrun was reported and no probe has been answered since: the socket may still be congested. */
  #congested = false;
  /** Probes sent and not answered, oldest first. */
  #probes: Probe[] = [];

  constructor(
    private readonly table: OperationTable,
    private readonly outbox: Outbox,
    private readonly transport: Transport,
    private readonly closed: () => boolean,
    /** The socket takes requests again: those held back meanwhile may go. */
    private readonly resolved: () => void,
    /** Whether plain requests are being held back (see `congested`). */
    private readonly holding: () => boolean,
  ) {}

  /**
   * Whether plain requests should wait: an overrun was reported and no probe has been answered since, so
   * the kernel is likely still dropping everything for this socket. A probe's answer shows it no longer
   * does, so requests never wait longer than that, even while overruns keep coming.
   */
  get congested(): boolean {
    return this.#congested;
  }

  /** Whether reading must go on whatever the consumers' lag: a probe is out, or needed. */
  get probing(): boolean {
    return this.#probes.length > 0 || this.#unresolved || (this.#congested && this.holding());
  }

  /** The kernel reported an overrun (ENOBUFS). */
  overrun(): void {
    // Stryker disable next-line UpdateOperator: the count is only compared for equality with an earlier reading of it (a probe's, a silent run's), which counting down changes just as well
    this.overruns++;
    this.#unresolved = true;
    this.#congested = true;
    this.#probe();
  }

  /**
   * A receive batch was handled: probe again while an overrun is unresolved, or while the socket may be
   * congested and something was sent into it (a bulk call is not held back) or waits to be.
   */
  afterBatch(): void {
    if (this.#unresolved || this.#congested) this.#probe();
  }

  /** A plain request was held back because the socket may be congested: a probe must find out when it is not. */
  held(): void {
    if (this.#probes.length === 0) this.#probe();
  }

  /** Every operation is being failed (the socket closed or failed): nothing is left to find. */
  reset(): void {
    this.#unresolved = false;
    this.#congested = false;
    this.#probes = [];
  }

  #probe(): void {
    if (this.closed()) return;
    // Requests framed into the datagram being built go out first: they are sent before the probe.
    this.outbox.flush();
    const suspects: [number, Operation][] = [];
    for (const entry of this.table.bySeq) if (canLoseAnswer(entry[1])) suspects.push(entry);
    if (suspects.length === 0) {
      // Nothing in flight can have lost an answer: the overrun took only notifications. Until a probe
      // gets through, though, the socket may still be congested, and a request sent now would be dropped
      // without a word: requests held meanwhile get one sent for them.
      this.#unresolved = false;
      if (!this.#congested) return this.#resolve();
      if (!this.holding()) return;
    }
    const table = this.table;
    const seq = table.next((s) => table.bySeq.has(s));
    const bytes = new Uint8Array(NLMSG_HDRLEN);
    writeHeader(viewOf(bytes), 0, NLMSG_HDRLEN, { type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq, pid: 0 });
    const probe = new Probe(seq, suspects, this.overruns, (answered) => this.#answered(answered));
    table.register(probe);
    try {
      this.transport.send(bytes);
    } catch {
      // Not sent (the send buffer is full): the next batch read tries again.
      table.forget(seq);
      return;
    }
    this.#probes.push(probe);
  }

  /** A probe's ACK (or error) arrived: what was sent before it and is still unanswered lost its answer. */
  #answered(probe: Probe): void {
    const index = this.#probes.indexOf(probe);
    // Stryker disable next-line ConditionalExpression: a probe no longer listed was quarantined, so no answer reaches it
    if (index < 0) return;
    // Older probes were dropped: their ACKs would have come first.
    this.#forgetProbes(index);
    this.#probes.shift();
    const table = this.table;
    const lost: [number, Operation][] = [];
    for (const entry of probe.suspects) {
      const now = table.bySeq.get(entry[0]);
      // Still waiting, or abandoned (timeout, abort) since the probe went out: then a drain holds its number
      // (numbers are not reused while held), waiting for the same lost answer.
      if (now === entry[1] || now instanceof Drain) lost.push(entry);
    }
    for (const [seq] of lost) table.quarantine(seq);
    table.changedSize();
    // Failed after the table is consistent: a caller's callback may start new requests.
    for (const [seq, operation] of lost) operation.fail(new OverrunError(), seq);
    if (this.overruns === probe.overrunsBefore) this.#resolve();
    else {
      // Another overrun came after it was sent: probing goes on, but the socket took this ACK, so it
      // takes requests again.
      this.#congested = false;
      this.resolved();
    }
  }

  #resolve(): void {
    this.#unresolved = false;
    this.#congested = false;
    // Probes still out are no longer needed; should their ACKs come, they are swallowed.
    this.#forgetProbes(this.#probes.length);
    this.resolved();
  }

  /** Quarantines the first `count` probes still out. */
  #forgetProbes(count: number): void {
    if (count <= 0) return;
    for (const probe of this.#probes.splice(0, count)) {
      if (this.table.bySeq.get(probe.seq) === probe) this.table.quarantine(probe.seq);
    }
    this.table.changedSize();
  }
}

/** Whether an overrun can have dropped the answer `operation` waits for. */
function canLoseAnswer(operation: Operation): boolean {
  if (operation instanceof PendingRequest) return !operation.isDump;
  if (operation instanceof Drain) return operation.kind !== 'dump';
  return operation instanceof SilentRun;
}

/** A NOOP sent to find lost answers: its ACK comes after the answers to everything sent before it. */
class Probe implements Operation {
  constructor(
    readonly seq: number,
    /** Requests in flight when it was sent, with the operation each number belonged to then. */
    readonly suspects: readonly [number, Operation][],
    /** Overruns reported before it was sent. */
    readonly overrunsBefore: number,
    private readonly answered: (probe: Probe) => void,
  ) {}

  deliver(_message: NetlinkMessage): boolean {
    // A NOOP is answered by one NLMSG_ERROR (an ACK, or an error): either ends it.
    this.answered(this);
    return true;
  }

  ack(): boolean {
    this.answered(this);
    return true;
  }

  fail(): void {}
}
