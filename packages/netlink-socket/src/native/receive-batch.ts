/**
 * The layout of a received batch, as `RawNetlinkSocket.start`'s `onBatch(data, meta)` gets it: `data`
 * holds the datagrams back to back (each starting 8-byte aligned), and `meta` holds, per datagram,
 * {@link META_STRIDE} numbers: offset in `data`, length, sender port id, multicast group, nsid. `data` is
 * the very memory the kernel wrote the datagrams to (no copy); slicing it copies nothing.
 */

/** The number of `meta` entries per datagram. */
export const META_STRIDE = 5;
/** `meta[i * META_STRIDE + META_OFFSET]`: the datagram's byte offset in `data`. */
export const META_OFFSET = 0;
/** `meta[i * META_STRIDE + META_LENGTH]`: its length in bytes (never truncated). */
export const META_LENGTH = 1;
/** `meta[i * META_STRIDE + META_PORT_ID]`: the sender's port id (nl_pid); 0 is the kernel. */
export const META_PORT_ID = 2;
/**
 * `meta[i * META_STRIDE + META_GROUP]`: the multicast group the datagram was sent to, 0 for unicast.
 * With NETLINK_PKTINFO on (`setPacketInfo(true)`) any group number; without it only groups 1..32 can be
 * told (the kernel's nl_groups bitmask), and a notification of a higher group shows as 0.
 */
export const META_GROUP = 3;
/**
 * `meta[i * META_STRIDE + META_NSID]`: with NETLINK_LISTEN_ALL_NSID on, the nsid (in the socket's
 * namespace) of the namespace the datagram came from; {@link NO_NSID} otherwise.
 */
export const META_NSID = 4;
/** The `META_NSID` value of a datagram without an nsid. */
export const NO_NSID = 0xffff_ffff;

/** One datagram of a batch, as {@link datagrams} yields it. */
export interface Datagram {
  /** The datagram's bytes: a view into the batch, not a copy. */
  bytes: Uint8Array;
  /** The sender's port id: 0 for the kernel. */
  portId: number;
  /** The multicast group it was sent to, or 0 (unicast, or a group above 32 without NETLINK_PKTINFO). */
  group: number;
  /** The nsid of its origin namespace, with NETLINK_LISTEN_ALL_NSID; `undefined` otherwise. */
  nsid: number | undefined;
}

/** The number of datagrams in a batch. */
export function datagramCount(meta: Uint32Array): number {
  return Math.floor(meta.length / META_STRIDE);
}

/** The datagrams of a batch, in the order they were received. */
export function* datagrams(data: Uint8Array, meta: Uint32Array): Generator<Datagram, void, undefined> {
  for (let base = 0; base + META_STRIDE <= meta.length; base += META_STRIDE) {
    // Stryker disable next-line ArithmeticOperator: META_OFFSET is 0, so base - META_OFFSET is base + META_OFFSET
    const offset = meta[base + META_OFFSET]!;
    const nsid = meta[base + META_NSID]!;
    yield {
      bytes: data.subarray(offset, offset + meta[base + META_LENGTH]!),
      portId: meta[base + META_PORT_ID]!,
      group: meta[base + META_GROUP]!,
      nsid: nsid === NO_NSID ? undefined : nsid,
    };
  }
}
