import type { Connection } from '@linx/netlink-socket';
import { SocketClosedError } from '@linx/netlink-socket';
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
  readonly #connection: Connection;
  readonly #stream: PacketStream<LoggedPacket>;
  #closing: Promise<void> | undefined;

  /** @internal made by `Nflog.bind` */
  constructor(client: SubsystemClient<typeof nfulnlMsgValues>, group: number, signal: AbortSignal | undefined) {
    this.number = group;
    this.#client = client;
    this.#connection = client.connection;
    const type = nflogPacketMessage.types.packet;
    // (nfgenmsg's res_id, where nfqueue has the queue number, holds the group number.)
    const subscription = this.#connection.listen((m) => m.type === type && resIdOf(m) === group);
    this.#stream = new PacketStream(subscription, loggedPacketFrom, signal, () => void this.close().catch(() => undefined));
  }

  [Symbol.asyncIterator](): AsyncIterator<PacketEvent<LoggedPacket>> {
    const stream = this.#stream;
    return {
      next: () => stream.next(),
      return: async () => {
        await this.close().catch(() => undefined);
        return { value: undefined, done: true };
      },
    };
  }

  /** Changes the copy mode, range, batching or flags (see `GroupSettings`). */
  async configure(settings: GroupSettings, options: CallOptions = {}): Promise<void> {
    const attrs = groupSettingsAttrs(settings);
    if (Object.keys(attrs).length === 0) return;
    await this.#client.request(nflogConfigMessage, 'config', { header: { family: 'unspec', resId: this.number }, attrs }, options);
  }

  /** Unbinds the group and stops the iteration. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stream.stop();
      if (this.#connection.closed) return;
      try {
        await this.#client.request(nflogConfigMessage, 'config', { header: { family: 'unspec', resId: this.number }, attrs: { cmd: { command: 'unbind' } } });
      } catch (error) {
        // The handle was closed meanwhile: the kernel unbinds a closed socket's groups itself.
        if (!(error instanceof SocketClosedError)) throw error;
      }
    })();
    return this.#closing;
  }

  /** @internal the bind failed: stop listening, send nothing. */
  abandon(): void {
    this.#closing ??= Promise.resolve();
    this.#stream.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
