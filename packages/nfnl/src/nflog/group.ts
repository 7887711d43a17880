import type { AttrsInput, Fields, MessageDecl } from '@linx/netlink-codec';
import { PacketStream, type PacketEvent } from '../packet-stream.js';
import type { CallOptions, SubsystemClient } from '../subsystem-client.js';
import { resIdOf } from '../packet-fields.js';
import { groupSettingsAttrs, type GroupSettings } from './config.js';
import { nflogConfigMessage, nflogPacketMessage, nfulnlMsgValues } from './messages.js';
import { loggedPacketFrom, type LoggedPacket } from './packet.js';

/**
 * A log group bound on the handle's socket (`nfnl.nflog.bind`): iterate it for the packets the rules
 * logging to it (nft `log group N`, iptables `-j NFLOG --nflog-group N`) send.
 *
 *     for await (const event of group) {
 *       if (event.kind === 'overrun') console.warn('the kernel dropped log messages'); // and the group goes on
 *       else console.log(event.packet.prefix, event.packet.indev, event.packet.payload.length);
 *     }
 *
 * Leaving the loop, `close()` or the bind's signal unbinds the group.
 */
export class NflogGroup implements AsyncIterable<PacketEvent<LoggedPacket>> {
  /** The group number. */
  readonly number: number;
  readonly #client: SubsystemClient<typeof nfulnlMsgValues>;
  readonly #stream: PacketStream<LoggedPacket>;

  /** Made by `Nflog.bind`, not by users. */
  constructor(client: SubsystemClient<typeof nfulnlMsgValues>, group: number, signal: AbortSignal | undefined) {
    this.number = group;
    this.#client = client;
    const type = nflogPacketMessage.types.packet;
    this.#stream = new PacketStream(
      client.connection,
      // (nfgenmsg's res_id, where nfqueue has the queue number, holds the group number.)
      (m) =>
        // Stryker disable next-line ConditionalExpression: loggedPacketFrom checks the type again (it is public), so a message of another type let through here is skipped there
        m.type === type &&
        resIdOf(m) === group,
      loggedPacketFrom,
      () => this.#configure({ cmd: { command: 'unbind' } }),
      signal,
    );
  }

  /** @internal BIND, then the settings (see `PacketStream.open`). */
  open(attrs: ReturnType<typeof groupSettingsAttrs>, options: CallOptions): Promise<void> {
    return this.#stream.open(
      () => this.#configure({ cmd: { command: 'bind' } }, options),
      Object.keys(attrs).length > 0 ? () => this.#configure(attrs, options) : undefined,
    );
  }

  [Symbol.asyncIterator](): AsyncIterator<PacketEvent<LoggedPacket>> {
    return this.#stream;
  }

  /** Changes the copy mode, range, batching or flags (see `GroupSettings`). */
  async configure(settings: GroupSettings, options: CallOptions = {}): Promise<void> {
    const attrs = groupSettingsAttrs(settings);
    if (Object.keys(attrs).length > 0) await this.#configure(attrs, options);
  }

  /** Unbinds the group and stops the iteration. Idempotent. */
  close(): Promise<void> {
    return this.#stream.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #configure(attrs: ConfigAttrs, options: CallOptions = {}): Promise<unknown> {
    return this.#client.request(nflogConfigMessage, 'config', { header: { family: 'unspec', resId: this.number }, attrs }, options);
  }
}

/** NFULA_CFG_* attributes. */
type ConfigAttrs = typeof nflogConfigMessage extends MessageDecl<Fields, infer A> ? AttrsInput<A> : never;
