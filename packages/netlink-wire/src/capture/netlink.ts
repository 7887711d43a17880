import { viewOf } from '../endian.js';
import type { MalformedError } from '../errors.js';
import { iterateMessages, NLMSG_HDRLEN, type NetlinkMessage } from '../message.js';
import { COOKED_HEADER_LENGTH, decodeCookedHeader, LINKTYPE_NETLINK } from './cooked.js';
import { iterateCaptureRecords } from './detect.js';
import { CaptureError } from './errors.js';
import type { CaptureRecord } from './record.js';
import { type CaptureTimestamp, timestampToMilliseconds } from './timestamp.js';

/** Options of `readCapture`. */
export interface ReadCaptureOptions {
  /**
   * Throw a `CaptureError` on a packet whose link type is not LINKTYPE_NETLINK (253). By default such
   * packets (say, an Ethernet interface captured alongside nlmon in a pcapng file) are skipped.
   */
  strictLinkType?: boolean;
  /**
   * The byte order of the netlink headers. By default it is the byte order of the file (or pcapng
   * section), which is the capturing host's: that host wrote both the file and the messages.
   */
  littleEndian?: boolean;
}

/** A netlink packet read from a capture: where and when it was seen, and the messages it carried. */
export interface CapturedPacket {
  /** Position among all the packet records of the file, from 0, skipped ones included. */
  index: number;
  /** When the packet was captured; `undefined` only for a pcapng Simple Packet Block. */
  timestamp: CaptureTimestamp | undefined;
  /** The same instant as milliseconds since the epoch (a float), for `new Date(time)`. */
  time: number | undefined;
  /** pcapng section, from 0 (0 for pcap). */
  section: number;
  /** pcapng interface id within the section (0 for pcap). */
  interface: number;
  /** PACKET_* type from the cooked header (4, PACKET_OUTGOING, for nlmon traffic seen by tcpdump). */
  packetType: number;
  /** Netlink protocol family of the socket: 0 NETLINK_ROUTE, 16 NETLINK_GENERIC, ... */
  protocol: number;
  /**
   * True when the capture kept fewer bytes than the packet had. `messages` then holds the messages that
   * were captured whole; the cut-off one is left out.
   */
  truncated: boolean;
  /** Length of the packet on the wire, cooked header included. */
  originalLength: number;
  /** The captured netlink bytes after the cooked header (a view into the file). */
  data: Uint8Array;
  /** The netlink messages of the packet, their payloads being views into the file. */
  messages: NetlinkMessage[];
}

/**
 * Whether the header at `offset` of a truncated packet's data is where the capture cut it: too few
 * bytes left for a header, or a plausible length that runs past the end. A length below the header
 * size is corruption, truncated packet or not.
 */
function isCutOff(data: Uint8Array, offset: number, le: boolean): boolean {
  const left = data.length - offset;
  if (left < NLMSG_HDRLEN) return true;
  // The walk stopped here with a whole header left, so a length of at least a header runs past the end.
  // Stryker disable next-line EqualityOperator: a length of exactly 16 fits in the 16 or more bytes left, so the walk never stops on it
  return viewOf(data).getUint32(offset, le) >= NLMSG_HDRLEN;
}

/** The messages of one packet's netlink bytes, which start at file offset `dataOffset`. */
function decodeMessages(record: CaptureRecord, data: Uint8Array, dataOffset: number, le: boolean): NetlinkMessage[] {
  const messages: NetlinkMessage[] = [];
  try {
    for (const message of iterateMessages(data, { littleEndian: le })) messages.push(message);
  } catch (caught) {
    // iterateMessages throws nothing but MalformedError (bad or truncated headers); its offset is in `data`.
    const error = caught as MalformedError;
    if (record.truncated && isCutOff(data, error.offset, le)) return messages;
    throw new CaptureError(`corrupt netlink in packet ${record.index}, offsets relative to its netlink data: ${error.message}`, dataOffset + error.offset, {
      cause: error,
    });
  }
  return messages;
}

/**
 * Reads a pcap or pcapng capture of netlink traffic (as `tcpdump -i nlmon0 -w file` or Wireshark
 * writes it), yielding each LINKTYPE_NETLINK packet with its decoded messages as it is read. The
 * format is detected from the magic number. Every problem with the file, including a corrupt
 * netlink message, throws a `CaptureError`; a packet the capture truncated is yielded with the
 * messages it holds whole and `truncated: true`.
 */
export function* readCapture(bytes: Uint8Array, options: ReadCaptureOptions = {}): Generator<CapturedPacket, void, undefined> {
  for (const record of iterateCaptureRecords(bytes)) {
    if (record.linkType !== LINKTYPE_NETLINK) {
      if (options.strictLinkType === true) {
        throw new CaptureError(`packet ${record.index} has link type ${record.linkType}, not LINKTYPE_NETLINK (${LINKTYPE_NETLINK})`, record.offset);
      }
      continue;
    }
    const cooked = decodeCookedHeader(record.data, record.dataOffset);
    const data = record.data.subarray(COOKED_HEADER_LENGTH);
    const le = options.littleEndian ?? record.littleEndian;
    yield {
      index: record.index,
      timestamp: record.timestamp,
      time: record.timestamp === undefined ? undefined : timestampToMilliseconds(record.timestamp),
      section: record.section,
      interface: record.interface,
      packetType: cooked.packetType,
      protocol: cooked.protocol,
      truncated: record.truncated,
      originalLength: record.originalLength,
      data,
      messages: decodeMessages(record, data, record.dataOffset + COOKED_HEADER_LENGTH, le),
    };
  }
}

/** All the netlink packets of a capture, as an array. See `readCapture`. */
export function readCaptureArray(bytes: Uint8Array, options: ReadCaptureOptions = {}): CapturedPacket[] {
  return Array.from(readCapture(bytes, options));
}
