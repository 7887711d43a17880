import { type MessageDecl } from '@linx/netlink-codec';
import { nameBlamedAttribute } from '@linx/netlink-codec/runtime';
import { AbortError, type Connection, type RequestMessage, type Transport } from '@linx/netlink-socket';
import { NLM_F_ACK, NetlinkError, viewOf, type NetlinkMessage } from '@linx/netlink-wire';
import { BatchAnswersLostError, BatchError, BatchRejectedError, ERESTART, GenerationConflictError, type BatchFailure } from './errors.js';
import { NFGENMSG_LENGTH } from './nfgenmsg.js';
import type { BatchTransport } from './batch-transport.js';
import { NFNL_BATCH_GENID, NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, subsystemValues, type Subsystem } from './subsystem.js';

/** One message of a batch: its type, flags beyond NLM_F_REQUEST | NLM_F_ACK, and payload (nfgenmsg + attributes). */
export interface BatchMessage extends RequestMessage {
  payload: Uint8Array;
  /** What it does, for errors (`add rule inet filter input`). */
  description?: string;
  /** Its declaration, to name the attribute a kernel error points at (`expressions.elem[2].data.sreg`). */
  decl?: MessageDecl;
}

/** Options of a batch. */
export interface BatchOptions {
  /**
   * The ruleset generation the batch was computed against (NFNL_BATCH_GENID): if another writer committed
   * since, the kernel refuses the whole batch and it fails with `GenerationConflictError`.
   */
  generation?: number;
  timeout?: number;
  signal?: AbortSignal;
}

/** Receive buffer room asked for per message of a batch: its ACK costs about 830 bytes of buffer (skb truesize). */
const RECEIVE_ROOM_PER_MESSAGE = 2048;

/**
 * Sends messages of one subsystem as one transaction: NFNL_MSG_BATCH_BEGIN, the messages, BATCH_END, all in
 * one datagram (the kernel reads a batch from a single datagram: a batch whose END comes in a later
 * datagram is aborted, though every message in it is ACKed). Each message asks for an ACK, so its answer
 * (its echo with NLM_F_ECHO, its error with the kernel's ext-ack) comes back to it by sequence number.
 * The send buffer grows to fit the datagram (RawNetlinkSocket does it) and the receive buffer to fit one
 * ACK per message, so big batches lose no answer.
 *
 * @returns the replies of each message (empty unless it asked for an echo), in order.
 * @throws BatchError naming every refused message; GenerationConflictError (ERESTART) when `generation`
 *   is stale; BatchRejectedError when the kernel refused the batch as a whole; BatchAnswersLostError when
 *   the receive buffer overflowed meanwhile (the outcome is then unknown).
 */
export async function sendBatch(
  connection: Connection,
  transport: Transport,
  subsystem: Subsystem | number,
  messages: readonly BatchMessage[],
  options: BatchOptions = {},
): Promise<NetlinkMessage[][]> {
  // An already-aborted call sends nothing (the engine's requestMany would send the batch, and only a later
  // abort would end its wait).
  if (options.signal?.aborted) throw new AbortError(options.signal.reason);
  const id = typeof subsystem === 'number' ? subsystem : subsystemValues[subsystem];
  const roomy = ensureReceiveRoom(transport, messages.length);
  const control = new Uint8Array(NFGENMSG_LENGTH + (options.generation === undefined ? 0 : 8));
  const view = viewOf(control);
  view.setUint16(2, id, false);
  if (options.generation !== undefined) {
    view.setUint16(4, 8, true);
    view.setUint16(6, NFNL_BATCH_GENID, true);
    view.setUint32(8, options.generation >>> 0, false);
  }
  const requests: RequestMessage[] = [
    { type: NFNL_MSG_BATCH_BEGIN, flags: NLM_F_ACK, payload: control },
    ...messages.map((m) => ({ type: m.type, flags: NLM_F_ACK | (m.flags ?? 0), payload: m.payload })),
    { type: NFNL_MSG_BATCH_END, payload: control.subarray(0, NFGENMSG_LENGTH) },
  ];
  // Where the receive buffer could not be made big enough, answers lost to an overrun would leave the batch
  // waiting forever: give up on them at once instead. (Not done otherwise: it costs a listener per message.)
  const lost = new AbortController();
  const unwatch = roomy ? undefined : (transport as Partial<BatchTransport>).watchOverrun?.(() => lost.abort(new BatchAnswersLostError()));
  const signal = unwatch ? unlimited(options.signal ? AbortSignal.any([options.signal, lost.signal]) : lost.signal) : options.signal;
  const requestOptions = { headerLength: NFGENMSG_LENGTH, ...(signal ? { signal } : {}), timeout: options.timeout };
  let results: (NetlinkMessage[] | Error | undefined)[];
  try {
    ({ results } = await connection.requestMany(requests, requestOptions));
  } finally {
    unwatch?.();
  }
  if (lost.signal.aborted) throw lost.signal.reason as BatchAnswersLostError;
  const begin = results[0];
  if (begin instanceof NetlinkError) {
    if (begin.errno === ERESTART && options.generation !== undefined) throw new GenerationConflictError(begin, options.generation);
    throw new BatchRejectedError(begin);
  }
  if (begin instanceof Error) throw begin;
  const failures: BatchFailure[] = [];
  const replies: NetlinkMessage[][] = [];
  for (let i = 0; i < messages.length; i++) {
    const result = results[i + 1];
    if (result instanceof NetlinkError) {
      const message = messages[i]!;
      failures.push({ index: i, description: message.description ?? `message type 0x${message.type.toString(16)}`, error: message.decl ? nameBlamedAttribute(result, message.decl, message.payload) : result });
    } else if (result instanceof Error) {
      throw result;
    } else {
      // Every message asks for an ACK, so each has a reply list (empty without an echo).
      replies.push(result!);
    }
  }
  if (failures.length > 0) throw new BatchError(failures);
  return replies;
}

/**
 * Raises the receive buffer so that one ACK per message fits (the kernel queues them all before `sendmsg`
 * returns). Returns whether it fits; a transport without buffer sizes (a fake kernel) always has room.
 */
function ensureReceiveRoom(transport: Transport, count: number): boolean {
  const socket = ((transport as { inner?: Transport }).inner ?? transport) as Partial<{
    getReceiveBufferSize(): number;
    setReceiveBufferSize(bytes: number, options?: { force?: boolean }): void;
  }>;
  if (!socket.getReceiveBufferSize || !socket.setReceiveBufferSize) return true;
  const wanted = (count + 16) * RECEIVE_ROOM_PER_MESSAGE;
  // The kernel reports (and allots) twice what was asked for.
  if (socket.getReceiveBufferSize() >= wanted) return true;
  const half = Math.min(wanted / 2, 0x3fff_ffff);
  try {
    socket.setReceiveBufferSize(half, { force: true });
  } catch {
    // Without CAP_NET_ADMIN: SO_RCVBUF, capped at net.core.rmem_max.
    try {
      socket.setReceiveBufferSize(half);
    } catch {
      // Neither: the buffer stays as it is.
    }
  }
  return socket.getReceiveBufferSize() >= wanted;
}

/** A signal that may have one listener per message of a batch without Node warning of a leak. */
function unlimited(signal: AbortSignal): AbortSignal {
  const events = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process?.getBuiltinModule?.('node:events') as
    | { setMaxListeners?(n: number, ...targets: unknown[]): void }
    | undefined;
  events?.setMaxListeners?.(0, signal);
  return signal;
}

