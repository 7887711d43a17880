import { encodeMessages, type MessageInit, type NetlinkMessage, parseMessages } from '@linx/netlink-wire';
import { SocketClosedError } from '../../src/native/errors.js';
import { writeReceiveBatch } from '../../src/testing/batch-writer.js';
import { errorReply } from '../../src/testing/replies.js';
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
    const { data, meta } = writeReceiveBatch(datagrams.map((d) => ({ ...d, bytes: d.bytes ?? encodeMessages(d.messages ?? []) })));
    this.handlers!.onBatch(data, meta);
  }

  overrun(): void {
    this.handlers!.onOverrun();
  }
}

/** The kernel's NLMSG_ERROR for `request` (errno 0: an ACK), capped, from port 0: the fake kernel's own. */
export function nlmsgerr(request: NetlinkMessage, errno: number): MessageInit {
  return errorReply(request, errno);
}
