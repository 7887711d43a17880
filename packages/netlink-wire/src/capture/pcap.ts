import { viewOf } from '../endian.js';
import { CaptureError } from './errors.js';
import type { CaptureRecord } from './record.js';
import { timestampFromFraction } from './timestamp.js';

/** Magic number of a classic pcap file whose timestamps count microseconds. */
export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
/** Magic number of a classic pcap file whose timestamps count nanoseconds. */
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;

const GLOBAL_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;

/**
 * The link type shares its 32-bit field with FCS-length bits (the top nibble and bit 26, per the pcap
 * format specification); the link type proper is what is left below them.
 */
const LINK_TYPE_MASK = 0x03ff_ffff;

/** The global header at the start of a classic pcap file. */
export interface PcapHeader {
  /** Byte order of every header field: the byte order of the host that wrote the file. */
  littleEndian: boolean;
  /** True for the nanosecond variant (magic 0xa1b23c4d), false for microseconds (0xa1b2c3d4). */
  nanoseconds: boolean;
  /** Format version: 2.4 in practice. */
  versionMajor: number;
  versionMinor: number;
  /** The most bytes of each packet the capture kept. */
  snapLength: number;
  /** LINKTYPE_* of every packet in the file (253 = LINKTYPE_NETLINK). */
  linkType: number;
}

/**
 * The byte order and resolution announced by the first four bytes, or `undefined` if they are not a
 * pcap magic number. The writer stores the magic in its own byte order, so reading it both ways tells
 * which order the rest of the file is in.
 */
export function pcapMagic(bytes: Uint8Array): { littleEndian: boolean; nanoseconds: boolean } | undefined {
  if (bytes.length < 4) return undefined;
  const view = viewOf(bytes);
  for (const littleEndian of [true, false]) {
    const magic = view.getUint32(0, littleEndian);
    if (magic === PCAP_MAGIC_MICROSECONDS) return { littleEndian, nanoseconds: false };
    if (magic === PCAP_MAGIC_NANOSECONDS) return { littleEndian, nanoseconds: true };
  }
  return undefined;
}

/** Reads and checks the 24-byte global header of a classic pcap file. */
export function readPcapHeader(bytes: Uint8Array): PcapHeader {
  if (bytes.length < GLOBAL_HEADER_LENGTH) {
    throw new CaptureError(`truncated pcap header: ${bytes.length} bytes, ${GLOBAL_HEADER_LENGTH} needed`, 0);
  }
  const magic = pcapMagic(bytes);
  if (magic === undefined) throw new CaptureError('not a pcap file: unknown magic number', 0);
  const view = viewOf(bytes);
  const le = magic.littleEndian;
  const versionMajor = view.getUint16(4, le);
  // Version 2 is the only one written since the 1990s; anything else would be laid out differently.
  if (versionMajor !== 2) throw new CaptureError(`unsupported pcap version ${versionMajor}`, 4);
  return {
    ...magic,
    versionMajor,
    versionMinor: view.getUint16(6, le),
    snapLength: view.getUint32(16, le),
    linkType: view.getUint32(20, le) & LINK_TYPE_MASK,
  };
}

/**
 * Walks the packet records of a classic pcap file, yielding each as it is read (views into `bytes`,
 * no copies). A file that ends exactly after a record is complete; one that ends inside a record
 * header or inside the captured bytes throws a `CaptureError`. A record whose captured length exceeds
 * its original length is accepted as it is (libpcap and Wireshark do too); the captured bytes are
 * what there is to decode.
 */
export function* iteratePcapRecords(bytes: Uint8Array): Generator<CaptureRecord, void, undefined> {
  const header = readPcapHeader(bytes);
  const le = header.littleEndian;
  const unitsPerSecond = header.nanoseconds ? 1_000_000_000 : 1_000_000;
  const view = viewOf(bytes);
  let offset = GLOBAL_HEADER_LENGTH;
  let index = 0;
  while (offset < bytes.length) {
    const left = bytes.length - offset;
    if (left < RECORD_HEADER_LENGTH) {
      throw new CaptureError(`truncated pcap record header: ${left} bytes left, ${RECORD_HEADER_LENGTH} needed`, offset);
    }
    const capturedLength = view.getUint32(offset + 8, le);
    const originalLength = view.getUint32(offset + 12, le);
    const dataOffset = offset + RECORD_HEADER_LENGTH;
    if (capturedLength > bytes.length - dataOffset) {
      throw new CaptureError(
        `truncated pcap record: ${capturedLength} captured bytes declared, ${bytes.length - dataOffset} left in the file`,
        offset,
      );
    }
    yield {
      index,
      offset,
      dataOffset,
      section: 0,
      interface: 0,
      linkType: header.linkType,
      timestamp: timestampFromFraction(view.getUint32(offset, le), view.getUint32(offset + 4, le), unitsPerSecond),
      data: bytes.subarray(dataOffset, dataOffset + capturedLength),
      originalLength,
      truncated: capturedLength < originalLength,
      littleEndian: le,
    };
    offset = dataOffset + capturedLength;
    index += 1;
  }
}
