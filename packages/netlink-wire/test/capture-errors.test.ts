// Where and how a damaged capture is reported: each CaptureError names the problem and the byte of the
// file it was found at (pcap: the libpcap file format, pcapng: draft-ietf-opsawg-pcapng; the files are
// written by test/helpers/capture-writer.ts, independently of the reader).
import { describe, expect, it } from 'vitest';
import {
  CaptureError,
  decodeCookedHeader,
  detectCaptureFormat,
  isPcapng,
  iteratePcapRecords,
  iteratePcapngRecords,
  pcapMagic,
  readCaptureArray,
  readPcapHeader,
} from '../src/capture/index.js';
import {
  ByteWriter,
  block,
  concat,
  cookedHeader,
  enhancedPacket,
  interfaceDescription,
  netlinkMessages,
  netlinkPacket,
  sectionHeader,
  simplePacket,
  writePcap,
} from './helpers/capture-writer.js';

/** The CaptureError `fn` throws. */
function captureError(fn: () => unknown): CaptureError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CaptureError) return error;
    throw error;
  }
  throw new Error('no error');
}
const drain = (iterable: Iterable<unknown>) => () => Array.from(iterable);
const GETLINK = { type: 18, flags: 0x301, seq: 1, pid: 0, payload: Uint8Array.of(0, 0, 0, 0) };

describe('format detection', () => {
  it('needs only the four magic bytes', () => {
    expect(pcapMagic(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1))).toEqual({ littleEndian: true, nanoseconds: false });
    expect(pcapMagic(Uint8Array.of(0xa1, 0xb2, 0x3c, 0x4d))).toEqual({ littleEndian: false, nanoseconds: true });
    expect(pcapMagic(Uint8Array.of(0xd4, 0xc3, 0xb2))).toBeUndefined();
    expect(detectCaptureFormat(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1))).toBe('pcap');
    expect(isPcapng(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a))).toBe(true);
    expect(isPcapng(Uint8Array.of(0x0a, 0x0d, 0x0d))).toBe(false);
    expect(detectCaptureFormat(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a))).toBe('pcapng');
  });

  it('refuses anything else', () => {
    const e = captureError(() => detectCaptureFormat(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)));
    expect(e.message).toBe('not a pcap or pcapng file: unknown magic number (at byte 0 of the capture)');
    expect(captureError(() => readPcapHeader(new Uint8Array(24))).message).toBe('not a pcap file: unknown magic number (at byte 0 of the capture)');
    const notPcapng = writePcap({ littleEndian: true, records: [] });
    expect(captureError(drain(iteratePcapngRecords(notPcapng))).message).toBe(
      'not a pcapng file: no Section Header Block at the start (at byte 0 of the capture)',
    );
  });
});

describe('pcap records', () => {
  const record = (n: number) => ({ seconds: 1, fraction: 0, data: new Uint8Array(n).fill(n) });

  it('are numbered from 0', () => {
    const file = writePcap({ littleEndian: true, linkType: 1, records: [record(1), record(2), record(3)] });
    expect(Array.from(iteratePcapRecords(file), (r) => [r.index, r.offset, r.data.length])).toEqual([
      [0, 24, 1],
      [1, 41, 2],
      [2, 59, 3],
    ]);
  });

  it('a cut record header is named with what is left, at its offset', () => {
    const file = concat(writePcap({ littleEndian: true, records: [record(4)] }), new Uint8Array(10));
    const e = captureError(drain(iteratePcapRecords(file)));
    expect(e.offset).toBe(44);
    expect(e.message).toBe('truncated pcap record header: 10 bytes left, 16 needed (at byte 44 of the capture)');
  });

  it('a record claiming more bytes than the file has is truncated, at its header', () => {
    const file = writePcap({ littleEndian: false, records: [record(4)] });
    new DataView(file.buffer).setUint32(24 + 8, 100, false);
    const e = captureError(drain(iteratePcapRecords(file)));
    expect(e.offset).toBe(24);
    expect(e.message).toBe('truncated pcap record: 100 captured bytes declared, 4 left in the file (at byte 24 of the capture)');
  });

  it('a record that exactly fills the rest of the file is whole, an empty last record included', () => {
    const file = writePcap({ littleEndian: true, records: [record(4)] });
    expect(Array.from(iteratePcapRecords(file), (r) => r.data.length)).toEqual([4]);
    const empty = writePcap({ littleEndian: true, records: [record(4), record(0)] });
    expect(Array.from(iteratePcapRecords(empty), (r) => [r.offset, r.data.length])).toEqual([[24, 4], [44, 0]]);
  });

  it('a record claiming a few bytes more than are left is truncated too', () => {
    const file = writePcap({ littleEndian: true, records: [record(4)] });
    new DataView(file.buffer).setUint32(24 + 8, 10, true);
    expect(captureError(drain(iteratePcapRecords(file))).message).toBe(
      'truncated pcap record: 10 captured bytes declared, 4 left in the file (at byte 24 of the capture)',
    );
  });
});

describe('pcapng blocks', () => {
  const shb = sectionHeader(true);
  const idb = interfaceDescription(true, { linkType: 253 });

  it('each block type has its minimum length', () => {
    const short = (type: number, length: number) => new ByteWriter(true).u32(type).u32(length).raw(new Uint8Array(length - 12)).u32(length).bytes();
    const cases: [Uint8Array, string, number][] = [
      // a Section Header Block with its byte-order magic and version 1.0, but no section length
      [new ByteWriter(true).u32(0x0a0d0d0a).u32(24).u32(0x1a2b3c4d).u16(1).u16(0).u32(0).u32(24).bytes(), 'pcapng block length 24 is less than the 28 bytes its type needs', 4],
      [concat(shb, short(1, 16)), 'pcapng block length 16 is less than the 20 bytes its type needs', shb.length + 4],
      [concat(shb, idb, short(6, 28)), 'pcapng block length 28 is less than the 32 bytes its type needs', shb.length + idb.length + 4],
      [concat(shb, idb, short(3, 12)), 'pcapng block length 12 is less than the 16 bytes its type needs', shb.length + idb.length + 4],
    ];
    for (const [file, message, offset] of cases) {
      const e = captureError(drain(iteratePcapngRecords(file)));
      expect(e.message).toBe(`${message} (at byte ${offset} of the capture)`);
      expect(e.offset).toBe(offset);
    }
    // a block of an unknown type needs only the 12 bytes of overhead
    const unknown = new ByteWriter(true).u32(0xbad).u32(8).u32(8).bytes();
    expect(captureError(drain(iteratePcapngRecords(concat(shb, unknown)))).message).toBe(
      `pcapng block length 8 is less than the 12 bytes its type needs (at byte ${shb.length + 4} of the capture)`,
    );
    expect(Array.from(iteratePcapngRecords(concat(shb, new ByteWriter(true).u32(0xbad).u32(12).u32(12).bytes())))).toEqual([]);
  });

  it('a length that is not a multiple of 4 is reported at the length field', () => {
    const odd = new ByteWriter(true).u32(0xbad).u32(13).raw(new Uint8Array(5)).u32(13).bytes();
    const e = captureError(drain(iteratePcapngRecords(concat(shb, odd))));
    expect(e.message).toBe(`pcapng block length 13 is not a multiple of 4 (at byte ${shb.length + 4} of the capture)`);
  });

  it('a trailing length that differs is reported where it sits', () => {
    const bad = new ByteWriter(true).u32(0xbad).u32(16).u32(0).u32(20).bytes();
    const e = captureError(drain(iteratePcapngRecords(concat(shb, bad))));
    expect(e.message).toBe(`pcapng block length 16 does not match its trailing copy 20 (at byte ${shb.length + 12} of the capture)`);
    expect(e.offset).toBe(shb.length + 12);
  });

  it('fewer than 12 bytes after the last block are a truncated block', () => {
    const e = captureError(drain(iteratePcapngRecords(concat(shb, new Uint8Array(8)))));
    expect(e.message).toBe(`truncated pcapng block: 8 bytes left, at least 12 needed (at byte ${shb.length} of the capture)`);
  });

  it('a Section Header Block with an unknown byte-order magic or version is reported at that field', () => {
    const badMagic = shb.slice();
    new DataView(badMagic.buffer).setUint32(8, 0x12345678, true);
    expect(captureError(drain(iteratePcapngRecords(badMagic))).offset).toBe(8);
    const second = concat(shb, shb);
    new DataView(second.buffer).setUint32(shb.length + 8, 0x12345678, true);
    const e = captureError(drain(iteratePcapngRecords(second)));
    expect(e.message).toBe(`pcapng Section Header Block with an unknown byte-order magic (at byte ${shb.length + 8} of the capture)`);
    const version2 = shb.slice();
    new DataView(version2.buffer).setUint16(12, 2, true);
    const v = captureError(drain(iteratePcapngRecords(version2)));
    expect(v.message).toBe('unsupported pcapng version 2 (at byte 12 of the capture)');
  });

  it('sections are numbered from 0, each with its own byte order', () => {
    const file = concat(
      shb,
      idb,
      simplePacket(true, Uint8Array.of(1, 2, 3, 4)),
      sectionHeader(false),
      interfaceDescription(false, { linkType: 253 }),
      simplePacket(false, Uint8Array.of(5, 6, 7, 8)),
    );
    expect(Array.from(iteratePcapngRecords(file), (r) => [r.index, r.section, r.littleEndian])).toEqual([
      [0, 0, true],
      [1, 1, false],
    ]);
  });

  it('an Enhanced Packet Block whose captured length runs past it is reported at that field', () => {
    const epb = enhancedPacket(true, { interfaceId: 0, ticks: 0n, data: Uint8Array.of(1, 2, 3, 4) });
    new DataView(epb.buffer).setUint32(8 + 12, 9, true);
    const e = captureError(drain(iteratePcapngRecords(concat(shb, idb, epb))));
    expect(e.message).toBe(`Enhanced Packet Block captured length 9 runs past the block (at byte ${shb.length + idb.length + 20} of the capture)`);
  });

  it('a Simple Packet Block keeps at most what the block holds, and says so', () => {
    // original length 100, but 8 bytes in the block; the bytes after it must not be read as its data
    const spb = simplePacket(true, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 100);
    const file = concat(shb, idb, spb, block(true, 0xbad, Uint8Array.of(9, 9, 9, 9)));
    const [record] = Array.from(iteratePcapngRecords(file));
    expect(Array.from(record!.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(record!.truncated).toBe(true);
    expect(record!.originalLength).toBe(100);
  });
});

describe('pcapng interface options', () => {
  const shb = sectionHeader(true);
  const records = (idb: Uint8Array) =>
    Array.from(iteratePcapngRecords(concat(shb, idb, enhancedPacket(true, { interfaceId: 0, ticks: 1_500_000n, data: new Uint8Array(4) }))));

  it('options other than if_tsresol and if_tsoffset are skipped, whatever their length', () => {
    const idb = interfaceDescription(true, { linkType: 253, options: [{ code: 2, value: Uint8Array.from('nlmon0', (c) => c.charCodeAt(0)) }] });
    expect(records(idb)[0]!.timestamp).toEqual({ seconds: 1, nanoseconds: 500_000_000 });
  });

  it('stops at opt_endofopt: what follows it is not read as options', () => {
    // opt_endofopt, then a 2-byte if_tsresol that would be an error if it were read
    const body = new ByteWriter(true).u16(253).u16(0).u32(0).u16(0).u16(0).u16(9).u16(2).u16(0x0909).bytes();
    expect(records(block(true, 1, body))[0]!.timestamp).toEqual({ seconds: 1, nanoseconds: 500_000_000 });
  });

  it('an option may end exactly at the end of the block, without opt_endofopt', () => {
    const body = new ByteWriter(true).u16(253).u16(0).u32(0).u16(9).u16(4).raw(Uint8Array.of(3, 0, 0, 0)).bytes();
    // if_tsresol is 1 byte: a 4-byte one is refused, which shows it was read
    expect(captureError(() => records(block(true, 1, body))).message).toBe(
      `if_tsresol option of 4 bytes, 1 expected (at byte ${shb.length + 16} of the capture)`,
    );
    const ok = new ByteWriter(true).u16(253).u16(0).u32(0).u16(9).u16(1).raw(Uint8Array.of(3, 0, 0, 0)).bytes();
    expect(records(block(true, 1, ok))[0]!.timestamp).toEqual({ seconds: 1500, nanoseconds: 0 });
  });

  it('an option running past its block is reported at its header', () => {
    const body = new ByteWriter(true).u16(253).u16(0).u32(0).u16(2).u16(5).raw(Uint8Array.of(1, 2, 3, 4)).bytes();
    const e = captureError(() => records(block(true, 1, body)));
    expect(e.message).toBe(`pcapng option 2 of 5 bytes runs past the end of its block (at byte ${shb.length + 16} of the capture)`);
  });

  it('an empty if_tsresol is refused', () => {
    const idb = interfaceDescription(true, { linkType: 253, options: [{ code: 9, value: new Uint8Array(0) }] });
    expect(captureError(() => records(idb)).message).toMatch(/^if_tsresol option of 0 bytes, 1 expected/);
  });
});

describe('the LINKTYPE_NETLINK cooked header', () => {
  it('reads every field big-endian, and keeps at most 8 address bytes', () => {
    // packet type 4 (PACKET_OUTGOING), ARPHRD_NETLINK 824, address length 6, address, protocol 12
    const header = new ByteWriter(false).u16(4).u16(824).u16(6).raw(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)).u16(12).bytes();
    const cooked = decodeCookedHeader(header);
    expect(cooked.packetType).toBe(4);
    expect(cooked.addressLength).toBe(6);
    expect(Array.from(cooked.address)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(cooked.protocol).toBe(12);
    const long = header.slice();
    new DataView(long.buffer).setUint16(4, 20, false);
    expect(Array.from(decodeCookedHeader(long).address)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('a short header or another hardware type is reported at the file offset given', () => {
    expect(captureError(() => decodeCookedHeader(new Uint8Array(10), 100)).message).toBe(
      'truncated netlink cooked header: 10 bytes, 16 needed (at byte 100 of the capture)',
    );
    const ether = cookedHeader(0, 4, 1);
    const e = captureError(() => decodeCookedHeader(ether, 100));
    expect(e.message).toBe('cooked header hardware type 1 is not ARPHRD_NETLINK (824) (at byte 102 of the capture)');
  });
});

describe('netlink inside packets', () => {
  const le = true;
  const pcapOf = (data: Uint8Array, originalLength = data.length) =>
    writePcap({ littleEndian: le, records: [{ seconds: 0, fraction: 0, data, originalLength }] });

  it('a packet the capture cut mid-header keeps the whole messages before the cut', () => {
    const data = concat(netlinkPacket(0, [GETLINK], le), Uint8Array.of(0x14, 0));
    const [packet] = readCaptureArray(pcapOf(data, data.length + 100));
    expect(packet!.truncated).toBe(true);
    expect(packet!.messages.map((m) => m.type)).toEqual([18]);
  });

  it('a packet the capture cut mid-message keeps the whole messages before the cut', () => {
    const cutMessage = netlinkMessages([{ type: 16, payload: new Uint8Array(40) }], le).subarray(0, 30);
    const data = concat(netlinkPacket(0, [GETLINK], le), cutMessage);
    expect(readCaptureArray(pcapOf(data, data.length + 26))[0]!.messages.map((m) => m.type)).toEqual([18]);
  });

  it('a length below the header is corruption even in a cut packet, reported in file offsets', () => {
    const bad = new Uint8Array(16);
    new DataView(bad.buffer).setUint32(0, 8, le);
    const data = concat(netlinkPacket(0, [GETLINK], le), bad);
    const e = captureError(() => readCaptureArray(pcapOf(data, data.length + 100)));
    // file: 24 global header + 16 record header + 16 cooked header, then GETLINK (20 bytes)
    expect(e.offset).toBe(24 + 16 + 16 + 20);
    expect(e.message).toBe(
      'corrupt netlink in packet 0, offsets relative to its netlink data: nlmsg_len 8 is shorter than the header (at byte 20) (at byte 76 of the capture)',
    );
    expect(e.cause).toBeInstanceOf(Error);
  });
});
