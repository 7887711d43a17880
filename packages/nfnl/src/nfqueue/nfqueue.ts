import { AbortError, type Connection } from '@linx/netlink-socket';
import { SubsystemClient, type CallOptions } from '../subsystem-client.js';
import { checkInteger } from '../arguments.js';
import { settingsAttrs, type QueueSettings } from './config.js';
import { nfqnlMsgValues } from './messages.js';
import { NfQueue } from './queue.js';

/** Options of `bind`: the queue's settings, and the call's timeout and signal (which, once bound, also closes the queue). */
export interface BindOptions extends QueueSettings, CallOptions {}

/**
 * nfqueue (nfnetlink_queue): packets that a firewall rule sends to a queue (iptables' `-j NFQUEUE
 * --queue-num N`, nft's `queue`) wait there for a verdict from the program bound to it. A queue number no
 * one is bound to drops its packets, unless the rule says `--queue-bypass` (then they go on as if
 * accepted).
 */
export class Nfqueue {
  readonly #client: SubsystemClient<typeof nfqnlMsgValues>;

  constructor(connection: Connection) {
    this.#client = new SubsystemClient(connection, 'queue', nfqnlMsgValues);
  }

  /**
   * Binds queue `queue` (0–65535) to this handle's socket and configures it (copy 'packet' of up to
   * `range` bytes, 65535 by default; `maxLength`; `flags`). The kernel refuses a queue bound by another
   * socket (EPERM) or already bound by this one (EBUSY), and flags it lacks (EOPNOTSUPP); a queue whose
   * settings it refuses is unbound again before the error is thrown.
   */
  async bind(queue: number, options: BindOptions = {}): Promise<NfQueue> {
    checkInteger('queue', queue, 0, 0xffff);
    const attrs = settingsAttrs(options, true);
    const { signal, timeout } = options;
    // Stryker disable next-line ConditionalExpression: without it the BIND request refuses the aborted signal before sending and open() closes the listener: the same AbortError, nothing sent; this only skips making the stream
    if (signal?.aborted) throw new AbortError(signal.reason);
    // Listening starts before the bind, so no packet queued right after it is missed.
    const bound = new NfQueue(this.#client, queue, signal);
    await bound.open(attrs, { signal, timeout });
    return bound;
  }
}
