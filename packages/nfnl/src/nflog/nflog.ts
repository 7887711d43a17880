import { AbortError, type Connection } from '@linx/netlink-socket';
import { SubsystemClient, type CallOptions } from '../subsystem-client.js';
import { checkInteger } from '../arguments.js';
import { groupSettingsAttrs, type GroupSettings } from './config.js';
import { NflogGroup } from './group.js';
import { nfulnlMsgValues } from './messages.js';

/** Options of `bind`: the group's settings, and the call's timeout and signal (which, once bound, also closes the group). */
export interface NflogBindOptions extends GroupSettings, CallOptions {}

/**
 * nflog (nfnetlink_log): packets that firewall rules log to a group (nft `log group N`, iptables
 * `-j NFLOG --nflog-group N`) go to the program bound to that group. Logging to a group no one is bound
 * to loses the messages and nothing else.
 */
export class Nflog {
  readonly #client: SubsystemClient<typeof nfulnlMsgValues>;

  constructor(connection: Connection) {
    this.#client = new SubsystemClient(connection, 'ulog', nfulnlMsgValues);
  }

  /**
   * Binds group `group` (0–65535) to this handle's socket and configures it. The kernel refuses a group
   * bound by another socket (EPERM) or already bound by this one (EBUSY), and flags it lacks
   * (EOPNOTSUPP); a group whose settings it refuses is unbound again before the error is thrown.
   */
  async bind(group: number, options: NflogBindOptions = {}): Promise<NflogGroup> {
    checkInteger('group', group, 0, 0xffff);
    const attrs = groupSettingsAttrs(options);
    const { signal, timeout } = options;
    // Stryker disable next-line ConditionalExpression: without it the BIND request refuses the aborted signal before sending and open() closes the listener: the same AbortError, nothing sent; this only skips making the stream
    if (signal?.aborted) throw new AbortError(signal.reason);
    // Listening starts before the bind, so no packet logged right after it is missed.
    const bound = new NflogGroup(this.#client, group, signal);
    await bound.open(attrs, { signal, timeout });
    return bound;
  }
}
