import { viewOf } from '../endian.js';
import { CaptureError } from './errors.js';
import { type PcapngInterface, readInterfaceBody } from './pcapng-interface.js';
import type { CaptureRecord } from './record.js';
import { timestampFromTicks } from './timestamp.js';

/** Block type of a pcapng Section Header Block, which is also the file's magic number. */
export const PCAPNG_SECTION_HEADER_BLOCK = 0x0a0d_0d0a;
/** Byte-order magic inside a Section Header Block, written in the byte order of the section. */
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b_3c4d;

const INTERFACE_DESCRIPTION_BLOCK = 1;
const SIMPLE_PACKET_BLOCK = 3;
const ENHANCED_PACKET_BLOCK = 6;

/** Block type, block total length, and the copy of the total length that ends every block. */
const BLOCK_OVERHEAD = 12;
/** The fixed body bytes each understood block type needs before its variable part. */
const SHB_FIXED = 16; // byte-order magic, major, minor, section length (64-bit)
const IDB_FIXED = 8; // link type, reserved, snap length
const EPB_FIXED = 20; // interface id, timestamp high, timestamp low, captured length, original length
const SPB_FIXED = 4; // original length

/** The state a section carries: its byte order and the interfaces declared in it so far. */
interface Section {
  index: number;
  littleEndian: boolean;
  interfaces: PcapngInterface[];
}

/** True when `bytes` begins like a pcapng file (with a Section Header Block). */
export function isPcapng(bytes: Uint8Array): boolean {
  // The block type is a palindrome, so it reads the same in either byte order.
  return bytes.length >= 4 && viewOf(bytes).getUint32(0) === PCAPNG_SECTION_HEADER_BLOCK;
}

/** The byte order a Section Header Block at `offset` announces, from its byte-order magic. */
function sectionByteOrder(view: DataView, offset: number): boolean {
  if (view.getUint32(offset + 8, true) === PCAPNG_BYTE_ORDER_MAGIC) return true;
  if (view.getUint32(offset + 8, false) === PCAPNG_BYTE_ORDER_MAGIC) return false;
  throw new CaptureError('pcapng Section Header Block with an unknown byte-order magic', offset + 8);
}

/**
 * Checks the total length of the block at `offset`: at least the 12 bytes of overhead and whatever the
 * block type needs, a multiple of 4, inside the file, and repeated at the end of the block. These
 * checks are what guarantee that the walk always moves forward and never reads past the file.
 */
function checkBlockLength(view: DataView, offset: number, length: number, minimum: number, le: boolean): void {
  if (length < minimum) throw new CaptureError(`pcapng block length ${length} is less than the ${minimum} bytes its type needs`, offset + 4);
  if (length % 4 !== 0) throw new CaptureError(`pcapng block length ${length} is not a multiple of 4`, offset + 4);
  const left = view.byteLength - offset;
  if (length > left) throw new CaptureError(`truncated pcapng block: length ${length}, ${left} bytes left in the file`, offset);
  const trailing = view.getUint32(offset + length - 4, le);
  if (trailing !== length) {
    throw new CaptureError(`pcapng block length ${length} does not match its trailing copy ${trailing}`, offset + length - 4);
  }
}

/** The minimum total length of a block of `type`: overhead plus its fixed body. */
function minimumLength(type: number): number {
  switch (type) {
    case PCAPNG_SECTION_HEADER_BLOCK:
      return BLOCK_OVERHEAD + SHB_FIXED;
    case INTERFACE_DESCRIPTION_BLOCK:
      return BLOCK_OVERHEAD + IDB_FIXED;
    case ENHANCED_PACKET_BLOCK:
      return BLOCK_OVERHEAD + EPB_FIXED;
    case SIMPLE_PACKET_BLOCK:
      return BLOCK_OVERHEAD + SPB_FIXED;
    default:
      return BLOCK_OVERHEAD;
  }
}

function interfaceOf(section: Section, id: number, offset: number): PcapngInterface {
  const found = section.interfaces[id];
  if (found === undefined) {
    throw new CaptureError(`packet on interface ${id}, but section ${section.index} declares ${section.interfaces.length}`, offset);
  }
  return found;
}

/**
 * Walks the packets of a pcapng file, yielding Enhanced and Simple Packet Blocks as records (views into
 * `bytes`, no copies). Sections may follow one another, each with its own byte order and its own
 * interfaces. Blocks of other types (statistics, name resolution, custom, ...) are skipped by their
 * length. A file that ends exactly after a block is complete; any inconsistency throws a `CaptureError`.
 */
export function* iteratePcapngRecords(bytes: Uint8Array): Generator<CaptureRecord, void, undefined> {
  if (!isPcapng(bytes)) throw new CaptureError('not a pcapng file: no Section Header Block at the start', 0);
  const view = viewOf(bytes);
  // Set by the first block, which isPcapng made sure is a Section Header Block.
  let section!: Section;
  let sections = 0;
  let offset = 0;
  let index = 0;
  while (offset < bytes.length) {
    const left = bytes.length - offset;
    if (left < BLOCK_OVERHEAD) throw new CaptureError(`truncated pcapng block: ${left} bytes left, at least ${BLOCK_OVERHEAD} needed`, offset);
    const isSectionHeader = view.getUint32(offset) === PCAPNG_SECTION_HEADER_BLOCK;
    // A new section may switch byte order, so its header is the one block read before knowing it.
    const le = isSectionHeader ? sectionByteOrder(view, offset) : section.littleEndian;
    const type = view.getUint32(offset, le);
    const length = view.getUint32(offset + 4, le);
    checkBlockLength(view, offset, length, minimumLength(type), le);
    const body = offset + 8;
    const bodyEnd = offset + length - 4;

    if (isSectionHeader) {
      const major = view.getUint16(body + 4, le);
      // Major version 1 is the only one; a different major would mean an incompatible layout.
      if (major !== 1) throw new CaptureError(`unsupported pcapng version ${major}`, body + 4);
      section = { index: sections++, littleEndian: le, interfaces: [] };
    } else if (type === INTERFACE_DESCRIPTION_BLOCK) {
      section.interfaces.push(readInterfaceBody(bytes, body, bodyEnd, le));
    } else if (type === ENHANCED_PACKET_BLOCK) {
      const id = view.getUint32(body, le);
      const iface = interfaceOf(section, id, body);
      const capturedLength = view.getUint32(body + 12, le);
      const originalLength = view.getUint32(body + 16, le);
      const dataOffset = body + EPB_FIXED;
      if (capturedLength > bodyEnd - dataOffset) {
        throw new CaptureError(`Enhanced Packet Block captured length ${capturedLength} runs past the block`, body + 12);
      }
      const ticks = (BigInt(view.getUint32(body + 4, le)) << 32n) | BigInt(view.getUint32(body + 8, le));
      yield {
        index,
        offset,
        dataOffset,
        section: section.index,
        interface: id,
        linkType: iface.linkType,
        timestamp: timestampFromTicks(ticks, iface.unitsPerSecond, iface.offsetSeconds),
        data: bytes.subarray(dataOffset, dataOffset + capturedLength),
        originalLength,
        truncated: capturedLength < originalLength,
        littleEndian: le,
      };
      index += 1;
    } else if (type === SIMPLE_PACKET_BLOCK) {
      const iface = interfaceOf(section, 0, body);
      const originalLength = view.getUint32(body, le);
      const dataOffset = body + SPB_FIXED;
      // The block does not store a captured length: it is the original length, unless the snap length
      // or the room in the block (which includes padding) cut it shorter.
      let capturedLength = Math.min(originalLength, bodyEnd - dataOffset);
      if (iface.snapLength !== 0) capturedLength = Math.min(capturedLength, iface.snapLength);
      yield {
        index,
        offset,
        dataOffset,
        section: section.index,
        interface: 0,
        linkType: iface.linkType,
        timestamp: undefined,
        data: bytes.subarray(dataOffset, dataOffset + capturedLength),
        originalLength,
        truncated: capturedLength < originalLength,
        littleEndian: le,
      };
      index += 1;
    }
    offset += length;
  }
}
