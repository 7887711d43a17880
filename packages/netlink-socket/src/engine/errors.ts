import { LinxError } from '@linx/netlink-wire';

/** A request or dump took longer than its `timeout`. */
export class TimeoutError extends LinxError {
  readonly timeout: number;
  constructor(timeout: number, what: string) {
    super('ERR_LINX_TIMEOUT', `${what} timed out after ${timeout} ms`);
    this.timeout = timeout;
  }
}

/** A request or dump was cancelled through its AbortSignal; `cause` is the signal's reason. */
export class AbortError extends LinxError {
  constructor(reason: unknown) {
    super('ERR_LINX_ABORTED', 'the operation was aborted', { cause: reason });
  }
}

/**
 * The kernel's table changed while it was being dumped (NLM_F_DUMP_INTR): the dump may have missed or
 * repeated entries. Raised after the dump was read to its end; dump again (`dumpAll` does as its `onInterrupt` option says).
 */
export class DumpInterruptedError extends LinxError {
  /** How many messages the interrupted dump delivered. */
  readonly received: number;
  constructor(received: number) {
    super('ERR_LINX_DUMP_INTERRUPTED', `the dump was interrupted by a concurrent change (NLM_F_DUMP_INTR) after ${received} messages; dump again`);
    this.received = received;
  }
}

/**
 * The kernel dropped messages for this socket (ENOBUFS: its receive buffer overflowed). For a monitor
 * this is an event, not an end: notifications were lost, so state should be re-read (dumped).
 */
export class OverrunError extends LinxError {
  constructor() {
    super('ERR_LINX_OVERRUN', 'the receive buffer overflowed and the kernel dropped messages (ENOBUFS); resynchronise by dumping');
  }
}
