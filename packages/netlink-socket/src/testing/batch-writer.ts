import { META_GROUP, META_LENGTH, META_NSID, META_OFFSET, META_PORT_ID, META_STRIDE, NO_NSID } from '../native/receive-batch.js';

/** One datagram to lay out in a receive batch: its bytes and where it came from. */
export interface BatchDatagram {
  bytes: Uint8Array;
  /** The sender's port id (default 0, the kernel). */
  portId?: number;
  /** The multicast group (default 0, unicast). */
  group?: number;
  /** The origin namespace's nsid (default none). */
  nsid?: number;
}

/**
 * The `(data, meta)` pair that `onBatch` receives for `datagrams`, laid out as the native socket does
 * (see native/receive-batch.ts): each datagram 8-byte aligned in `data`, META_STRIDE numbers each in
 * `meta`. The inverse of `datagrams(data, meta)`, for transports that stand in for the socket.
 */
export function writeReceiveBatch(datagrams: readonly BatchDatagram[]): { data: Uint8Array; meta: Uint32Array } {
  const data = new Uint8Array(datagrams.reduce((n, d) => n + ((d.bytes.length + 7) & ~7), 0));
  const meta = new Uint32Array(datagrams.length * META_STRIDE);
  let at = 0;
  datagrams.forEach((d, i) => {
    data.set(d.bytes, at);
    const base = i * META_STRIDE;
    meta[base + META_OFFSET] = at;
    meta[base + META_LENGTH] = d.bytes.length;
    meta[base + META_PORT_ID] = d.portId ?? 0;
    meta[base + META_GROUP] = d.group ?? 0;
    meta[base + META_NSID] = d.nsid ?? NO_NSID;
    at += (d.bytes.length + 7) & ~7;
  });
  return { data, meta };
}
