import { LinxError, NetlinkError } from '@linx/netlink-wire';

/** ERESTART: nfnetlink's answer to a batch whose NFNL_BATCH_GENID is not the current generation. */
export const ERESTART = 85;

/** One message of a batch that the kernel refused. */
export interface BatchFailure {
  /** Its index among the caller's messages (0-based; BEGIN and END are not counted). */
  index: number;
  /** What the message was, e.g. `add rule inet filter input`. */
  description: string;
  /** The kernel's error: errno, ext-ack text, the attribute it blames (`attributePath`). */
  error: NetlinkError;
}

/**
 * A batch the kernel refused: nothing in it was applied (an nfnetlink batch is one transaction). `failures`
 * lists every message the kernel refused, in order; the first is usually the cause, later ones may follow
 * from it (a rule in a chain the batch failed to add). Errors the kernel finds at commit time come back
 * against the batch's first message, as the kernel reports them.
 */
export class BatchError extends LinxError {
  readonly failures: readonly BatchFailure[];
  /** The first failure's error, for code that only wants one. */
  override readonly cause: NetlinkError;

  constructor(failures: readonly BatchFailure[]) {
    const first = failures[0]!;
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
    // (No `{ cause }` for Error: the `cause` field below defines it, over anything the constructor set.)
    super('ERR_LINX_NFNL_BATCH', `batch message ${first.index + 1} (${first.description}) failed: ${first.error.message}${more}; nothing was applied`);
    this.failures = failures;
    this.cause = first.error;
  }
}

/**
 * The whole batch was refused before any message was looked at (the kernel answered BATCH_BEGIN with an
 * error: EPERM without CAP_NET_ADMIN, EOPNOTSUPP for a subsystem without batches, …). Nothing was applied.
 */
export class BatchRejectedError extends LinxError {
  override readonly cause: NetlinkError;
  constructor(error: NetlinkError, code = 'ERR_LINX_NFNL_BATCH_REJECTED', message = `the kernel refused the batch: ${error.message}; nothing was applied`) {
    super(code, message);
    this.cause = error;
  }
}

/**
 * The batch named a ruleset generation (NFNL_BATCH_GENID) that is no longer current: another writer
 * committed in between, and the kernel refused the batch with ERESTART. Nothing was applied. Read the
 * state again, recompute, and send again (`retryable` is true).
 */
export class GenerationConflictError extends BatchRejectedError {
  readonly retryable = true;
  /** The generation the batch was computed against. */
  readonly generation: number;
  constructor(error: NetlinkError, generation: number) {
    super(error, 'ERR_LINX_NFNL_GENERATION', `the ruleset changed since generation ${generation} (ERESTART): another writer committed first; nothing was applied; read again and retry`);
    this.generation = generation;
  }
}

/**
 * The receive buffer overflowed (ENOBUFS) while the kernel answered a batch: some answers were lost, so
 * whether the batch was applied is unknown. Read the generation or the ruleset to find out. (linx raises the
 * receive buffer to fit one ACK per message first; this happens when it cannot, without CAP_NET_ADMIN.)
 */
export class BatchAnswersLostError extends LinxError {
  constructor() {
    super('ERR_LINX_NFNL_ANSWERS_LOST', 'the receive buffer overflowed while the kernel answered the batch: whether it was applied is unknown; read the generation or the ruleset');
  }
}

/**
 * A verdict for a packet that is not waiting in the queue: an id this queue never delivered or already
 * has a verdict for (found before sending), or one the kernel no longer holds (`cause`: its ENOENT; the
 * kernel drops queued packets when their interface goes away or the queue is unbound).
 */
export class UnknownPacketError extends LinxError {
  override readonly cause: NetlinkError | undefined;
  readonly queue: number;
  readonly packetId: number;
  constructor(queue: number, packetId: number, cause?: NetlinkError) {
    super(
      'ERR_LINX_NFQUEUE_UNKNOWN_PACKET',
      cause === undefined
        ? `queue ${queue} has no packet ${packetId} waiting for a verdict (never delivered, or already given one); nothing was sent`
        : `queue ${queue}: the kernel holds no packet ${packetId} (${cause.message})`,
    );
    this.cause = cause;
    this.queue = queue;
    this.packetId = packetId;
  }
}
