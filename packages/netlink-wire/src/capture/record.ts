import type { CaptureTimestamp } from './timestamp.js';

/**
 * One captured packet as the file format stores it, before anything looks inside: what the pcap and
 * pcapng readers yield. The link-layer meaning of `data` depends on `linkType`.
 */
export interface CaptureRecord {
  /** Position among the packet records of the file, from 0 (Wireshark's frame number minus 1). */
  index: number;
  /** Byte offset in the file of the record header (pcap) or of the block (pcapng). */
  offset: number;
  /** Byte offset in the file of the first byte of `data`. */
  dataOffset: number;
  /** pcapng section, from 0; always 0 for pcap, which has a single section. */
  section: number;
  /** pcapng interface id within the section; always 0 for pcap. */
  interface: number;
  /** The LINKTYPE_* value of the interface the packet was captured on (253 for netlink). */
  linkType: number;
  /** When the packet was captured; `undefined` for a pcapng Simple Packet Block, which has no time. */
  timestamp: CaptureTimestamp | undefined;
  /** The captured bytes: a view into the file, not a copy. */
  data: Uint8Array;
  /** The length the packet had on the wire, which can be more than `data.length`. */
  originalLength: number;
  /** True when fewer bytes were captured than the packet had (snap length reached). */
  truncated: boolean;
  /**
   * The byte order of the file (or of the pcapng section) the packet is in: the byte order of the host
   * that wrote it, which for a live capture is also the byte order of host-endian data inside packets.
   */
  littleEndian: boolean;
}
