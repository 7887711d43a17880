import type { AttrsInput, Fields, MessageDecl } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError } from '@linx/netlink-wire';
import { UnknownPacketError } from '../errors.js';
import { verdictCodeValues } from '../nftables/data.js';
import { PacketStream, type PacketEvent } from '../packet-stream.js';
import { resIdOf } from '../packet-fields.js';
import type { SubsystemClient } from '../subsystem-client.js';
import type { CallOptions } from '../subsystem-client.js';
import { checkInteger } from '../arguments.js';
import { settingsAttrs, type QueueSettings } from './config.js';
import { nfqnlMsgValues, nfqueueConfigMessage, nfqueuePacketMessage } from './messages.js';
import { queuedPacketFrom, type QueuedPacket } from './packet.js';
import { VerdictSender, type VerdictValue } from './verdicts.js';

/** A verdict: let the packet go on ('accept'), drop it, or run the hook again from the start ('repeat'). */
export type NfqueueVerdict = 'accept' | 'drop' | 'repeat';

/** What a verdict may change. */
export interface VerdictOptions {
  /** Sets the packet's mark (a u32). */
  mark?: number;
  /**
   * Replaces the whole packet with these bytes (from the network header on, as `payload` came). The
   * kernel does not fix checksums; with a copy range shorter than the packet, a payload made from the
   * copied bytes would cut the packet to them.
   */
  payload?: Uint8Array;
}

/** What a batch verdict may change: the mark of every packet it covers. */
export interface BatchVerdictOptions {
  mark?: number;
}

const VERDICTS: Record<NfqueueVerdict, number> = { accept: verdictCodeValues.accept, drop: verdictCodeValues.drop, repeat: verdictCodeValues.repeat };

/**
 * A queue bound on the handle's socket (`nfnl.nfqueue.bind`): iterate it for the packets that iptables'
 * NFQUEUE target (or nft's `queue`, where the kernel has it) sends to it, and give each a verdict.
 *
 *     for await (const event of queue) {
 *       if (event.kind === 'overrun') continue;              // the kernel dropped (or, fail-open, accepted) packets unseen
 *       queue.verdict(event.packet, 'accept').catch(report); // verdicts of one batch go out together
 *     }
 *
 * Every packet delivered waits in the kernel until its verdict (or until the queue is closed, which drops
 * them). Leaving the loop, `close()` or the bind's signal unbinds the queue.
 */
export class NfQueue implements AsyncIterable<PacketEvent<QueuedPacket>> {
  /** The queue number. */
  readonly number: number;
  readonly #client: SubsystemClient<typeof nfqnlMsgValues>;
  readonly #stream: PacketStream<QueuedPacket>;
  readonly #verdicts: VerdictSender;
  /** Ids delivered and not given a verdict yet. */
  readonly #waiting = new Set<number>();

  /** Made by `Nfqueue.bind`, not by users. */
  constructor(client: SubsystemClient<typeof nfqnlMsgValues>, queue: number, signal: AbortSignal | undefined) {
    this.number = queue;
    this.#client = client;
    const type = nfqueuePacketMessage.types.packet;
    this.#stream = new PacketStream(
      client.connection,
      (m) =>
        // Stryker disable next-line ConditionalExpression: queuedPacketFrom checks the type again (it is public), so a message of another type let through here is skipped there
        m.type === type &&
        resIdOf(m) === queue,
      (message) => {
        const packet = queuedPacketFrom(message);
        if (packet !== undefined) this.#waiting.add(packet.id);
        return packet;
      },
      () => {
        // Verdicts given before go first; the kernel drops the packets still waiting.
        this.#verdicts.flush();
        this.#waiting.clear();
        return this.#configure({ cmd: { command: 'unbind', pf: 0 } });
      },
      signal,
    );
    this.#verdicts = new VerdictSender(client.connection, (id, error) => this.#refused(id, error));
  }

  /** @internal BIND, then the settings (see `PacketStream.open`): there are always some, bind's copy mode at least. */
  open(attrs: ReturnType<typeof settingsAttrs>, options: CallOptions): Promise<void> {
    return this.#stream.open(
      () => this.#configure({ cmd: { command: 'bind', pf: 0 } }, options),
      () => this.#configure(attrs, options),
    );
  }

  /** Packets delivered that have no verdict yet. */
  get waiting(): number {
    return this.#waiting.size;
  }

  [Symbol.asyncIterator](): AsyncIterator<PacketEvent<QueuedPacket>> {
    return this.#stream;
  }

  /**
   * Gives a packet its verdict, optionally with a new mark or new bytes. Resolves once sent and not
   * refused; rejects with `UnknownPacketError` for a packet not waiting (before sending when linx knows,
   * else with the kernel's ENOENT), `InvalidArgumentError` for bad options (nothing sent).
   */
  verdict(packet: QueuedPacket | number, verdict: NfqueueVerdict, options: VerdictOptions = {}): Promise<void> {
    let id: number;
    let value: VerdictValue;
    try {
      id = checkInteger('packet id', typeof packet === 'number' ? packet : packet?.id, 0, 0xffff_ffff);
      value = this.#value(id, verdict, options.mark, options.payload);
      if (!this.#waiting.delete(id)) throw new UnknownPacketError(this.number, id);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#verdicts.send(nfqueuePacketMessage.types.verdict, id, value);
  }

  /**
   * One verdict (and mark) for every packet waiting with an id up to `packet`'s (NFQNL_MSG_VERDICT_BATCH):
   * one message for a run of packets taken in order. Rejects with `UnknownPacketError` when none waits.
   */
  verdictBatch(packet: QueuedPacket | number, verdict: NfqueueVerdict, options: BatchVerdictOptions = {}): Promise<void> {
    let id: number;
    let value: VerdictValue;
    try {
      id = checkInteger('packet id', typeof packet === 'number' ? packet : packet?.id, 0, 0xffff_ffff);
      value = this.#value(id, verdict, options.mark, undefined);
      let covered = false;
      // The kernel's test: an id is covered unless it comes after `id` in the 32-bit sequence.
      for (const waiting of this.#waiting) {
        if (((waiting - id) | 0) > 0) continue;
        this.#waiting.delete(waiting);
        covered = true;
      }
      if (!covered) throw new UnknownPacketError(this.number, id);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#verdicts.send(nfqueuePacketMessage.types.verdictBatch, id, value);
  }

  /** Changes the copy mode, range, maximum length or flags (see `QueueSettings`). */
  async configure(settings: QueueSettings, options: CallOptions = {}): Promise<void> {
    const attrs = settingsAttrs(settings, false);
    if (Object.keys(attrs).length > 0) await this.#configure(attrs, options);
  }

  /**
   * Unbinds the queue (the kernel drops the packets still waiting for a verdict) and stops the iteration.
   * Verdicts given before are sent first. Idempotent.
   */
  close(): Promise<void> {
    return this.#stream.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** A verdict message's value, its options checked (the codec would refuse them only while writing the datagram). */
  #value(id: number, verdict: NfqueueVerdict, mark: number | undefined, payload: Uint8Array | undefined): VerdictValue {
    if (!Object.hasOwn(VERDICTS, verdict)) throw new InvalidArgumentError('verdict', `${String(verdict)} is not a verdict ('accept', 'drop' or 'repeat')`);
    if (mark !== undefined) checkInteger('mark', mark, 0, 0xffff_ffff);
    if (payload !== undefined && !(payload instanceof Uint8Array)) throw new InvalidArgumentError('payload', 'must be a Uint8Array');
    if (payload !== undefined && payload.length > 0xffff - 4) throw new InvalidArgumentError('payload', `${payload.length} bytes do not fit an attribute (65531 at most)`);
    // (An attribute given as undefined is not written.)
    return { header: { family: 'unspec', resId: this.number }, attrs: { verdictHdr: { verdict: VERDICTS[verdict], id }, mark, payload } };
  }

  #configure(attrs: ConfigAttrs, options: CallOptions = {}): Promise<unknown> {
    return this.#client.request(nfqueueConfigMessage, 'config', { header: { family: 'unspec', resId: this.number }, attrs }, options);
  }

  /** A refused verdict's error: ENOENT means the kernel holds no such packet. */
  #refused(id: number, error: Error): Error {
    // Stryker disable next-line ConditionalExpression: a verdict's refusal is always a NetlinkError (the test is for the type of `cause`); only one has an errnoName
    if (error instanceof NetlinkError && error.errnoName === 'ENOENT') return new UnknownPacketError(this.number, id, error);
    return error;
  }
}

/** NFQA_CFG_* attributes. */
type ConfigAttrs = typeof nfqueueConfigMessage extends MessageDecl<Fields, infer A> ? AttrsInput<A> : never;
