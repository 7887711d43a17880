import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import type { Connection, RequestSource } from '@linx/netlink-socket';
import { NFGENMSG_LENGTH } from '../nfgenmsg.js';
import { nfqueuePacketMessage } from './messages.js';

const codec = onFirstUse(() => compileMessage(nfqueuePacketMessage));

/** A verdict message's value (nfgenmsg and NFQA_* attributes), checked before it is queued. */
export type VerdictValue = Parameters<ReturnType<typeof codec>['encode']>[0];

interface Pending {
  id: number;
  value: VerdictValue;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Sends a queue's verdicts: those given in the same turn of the event loop (while a receive batch of
 * packets is handled) go out together, in one `requestAll` without ACKs: written straight into one
 * datagram, one system call, and the kernel answers only the verdicts it refuses (a NOOP after them
 * settles the rest). Each verdict still gets its own result.
 */
export class VerdictSender {
  #pending: Pending[] = [];
  #type = 0;
  #scheduled = false;

  constructor(
    private readonly connection: Connection,
    /** The error a refused verdict (of packet `id`) rejects with. */
    private readonly refused: (id: number, error: Error) => Error,
  ) {}

  /** Queues one verdict message (on packet `id`) of nlmsg_type `type`; resolves once the kernel took it. */
  send(type: number, id: number, value: VerdictValue): Promise<void> {
    return new Promise((resolve, reject) => {
      // A run holds one message type: a batch verdict among plain ones starts a run of its own (flushing
      // nothing queued does nothing).
      if (type !== this.#type) this.flush();
      this.#type = type;
      this.#pending.push({ id, value, resolve, reject });
      // Stryker disable next-line ConditionalExpression,BooleanLiteral: one flush per turn is what this saves; a second tick would find nothing queued and send nothing
      if (this.#scheduled) return;
      // Stryker disable next-line BooleanLiteral: as above
      this.#scheduled = true;
      // After every microtask of this turn: a for-await loop over a batch of packets runs entirely in
      // microtasks, so all its verdicts are sent together.
      process.nextTick(() => {
        this.#scheduled = false;
        this.flush();
      });
    });
  }

  /** Sends the verdicts queued so far, now (before an unbind, which would drop their packets). */
  flush(): void {
    const run = this.#pending;
    // Stryker disable next-line ConditionalExpression: a requestAll of no messages sends nothing either; this only skips the call
    if (run.length === 0) return;
    this.#pending = [];
    const source: RequestSource = { count: run.length, type: this.#type, write: (index, w) => codec().encodeInto(w, run[index]!.value) };
    this.connection.requestAll(source, { acks: 'errors', headerLength: NFGENMSG_LENGTH }).then(
      (results) => {
        for (let i = 0; i < run.length; i++) {
          const result = results[i];
          if (result instanceof Error) run[i]!.reject(this.refused(run[i]!.id, result));
          else run[i]!.resolve();
        }
      },
      (error: Error) => {
        for (const p of run) p.reject(error);
      },
    );
  }
}
