import { encodeMessages, type MessageInit, type NetlinkMessage, parseMessages } from '@linx/netlink-wire';
import { META_STRIDE, NO_NSID } from '../../src/native/receive-batch.js';
import { SocketClosedError } from '../../src/native/errors.js';
import type { ReceiveHandlers } from '../../src/native/raw-socket.js';
import type { Transport } from '../../src/engine/transport.js';

/** One datagram handed to the connection: raw bytes (possibly malformed) or messages to encode. */
export interface ScriptedDatagram {
  bytes?: Uint8Array;
  messages?: MessageInit[];
  portId?: number;
  group?: number;
  nsid?: number;
}

/**
 * A transport driven by the test, synchronously: what the connection sends is recorded (`sent`,
 * `requests`), and `receive()` calls the connection's batch handler at once with datagrams laid out as
 * batch.ts describes (each 8-byte aligned). Unlike the FakeKernel it can hand over malformed bytes, senders
 * other than the kernel, nsids, and it counts pause/resume/ref/unref.
 */
export class ScriptedTransport implements Transport {
  readonly portId: number;
  closed = false;
  readonly sent: Uint8Array[] = [];
  handlers: ReceiveHandlers | undefined;
  paused = false;
  readonly calls: string[] = [];
  readonly groups = new Set<number>();
  /** Makes the next send throw this. */
  failNextSend: Error | undefined;
  /** The optional socket options: absent unless a test sets them. */
  setExtendedAck?: (on: boolean) => void;
  setStrictCheck?: (on: boolean) => void;
  setCapAck?: (on: boolean) => void;
  setPacketInfo?: (on: boolean) => void;
  setReadAhead?: (on: boolean) => void;

  constructor(portId = 4242) {
    this.portId = portId;
  }

  /** Every request message sent so far, in order. */
  get requests(): NetlinkMessage[] {
    return this.sent.flatMap((bytes) => parseMessages(bytes));
  }

  send(bytes: Uint8Array): number {
    if (this.closed) throw new SocketClosedError();
    const failure = this.failNextSend;
    if (failure) {
      this.failNextSend = undefined;
      throw failure;
    }
    this.sent.push(bytes.slice());
    return bytes.length;
  }
  start(handlers: ReceiveHandlers): void {
    this.handlers = handlers;
  }
  pause(): void {
    this.paused = true;
    this.calls.push('pause');
  }
  resume(): void {
    this.paused = false;
    this.calls.push('resume');
  }
  addMembership(group: number): void {
    this.groups.add(group);
  }
  dropMembership(group: number): void {
    this.groups.delete(group);
  }
  close(): void {
    this.closed = true;
  }
  ref(): void {
    this.calls.push('ref');
  }
  unref(): void {
    this.calls.push('unref');
  }

  /** Hands `datagrams` to the connection as one receive batch, now. */
  receive(...datagrams: ScriptedDatagram[]): void {
    const encoded = datagrams.map((d) => d.bytes ?? encodeMessages(d.messages ?? []));
    const data = new Uint8Array(encoded.reduce((n, e) => n + ((e.length + 7) & ~7), 0));
    const meta = new Uint32Array(datagrams.length * META_STRIDE);
    let at = 0;
    datagrams.forEach((d, i) => {
      data.set(encoded[i]!, at);
      meta.set([at, encoded[i]!.length, d.portId ?? 0, d.group ?? 0, d.nsid ?? NO_NSID], i * META_STRIDE);
      at += (encoded[i]!.length + 7) & ~7;
    });
    this.handlers!.onBatch(data, meta);
  }

  overrun(): void {
    this.handlers!.onOverrun();
  }
}

/** struct nlmsgerr for `request`: int error (negative errno, 0 for an ACK), then its nlmsghdr (capped). */
export function nlmsgerr(request: NetlinkMessage, errno: number): MessageInit {
  const payload = new Uint8Array(20);
  const view = new DataView(payload.buffer);
  view.setInt32(0, -errno, true);
  view.setUint32(4, 16 + request.payload.length, true);
  view.setUint16(8, request.type, true);
  view.setUint16(10, request.flags, true);
  view.setUint32(12, request.seq, true);
  view.setUint32(16, request.pid, true);
  // NLMSG_ERROR = 2, NLM_F_CAPPED = 0x100 (include/uapi/linux/netlink.h).
  return { type: 2, flags: 0x100, seq: request.seq, pid: 0, payload };
}
