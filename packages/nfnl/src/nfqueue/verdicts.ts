import type { Connection, RequestMessage } from '@linx/netlink-socket';
import { NFGENMSG_LENGTH } from '../nfgenmsg.js';

interface Pending {
  message: RequestMessage;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Sends a queue's verdicts: those given in the same turn of the event loop (while a receive batch of
 * packets is handled) go out together, in one `requestAll` without ACKs: one datagram, one system call,
 * and the kernel answers only the verdicts it refuses (a NOOP after them settles the rest). Each verdict
 * still gets its own result.
 */
export class VerdictSender {
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(
    private readonly connection: Connection,
    /** The error a refused verdict rejects with (index into the flushed run's messages). */
    private readonly refused: (message: RequestMessage, error: Error) => Error,
  ) {}

  /** Queues one verdict message; resolves once the kernel took it. */
  send(message: RequestMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ message, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // After every microtask of this turn: a for-await loop over a batch of packets runs entirely in
      // microtasks, so all its verdicts are sent together.
      process.nextTick(() => this.#flush());
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const run = this.#pending;
    this.#pending = [];
    this.connection.requestAll(run.map((p) => p.message), { acks: 'errors', headerLength: NFGENMSG_LENGTH }).then(
      (results) => {
        for (let i = 0; i < run.length; i++) {
          const result = results[i];
          if (result instanceof Error) run[i]!.reject(this.refused(run[i]!.message, result));
          else run[i]!.resolve();
        }
      },
      (error: Error) => {
        for (const p of run) p.reject(error);
      },
    );
  }
}
