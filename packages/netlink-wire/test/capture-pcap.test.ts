import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CaptureError,
  iterateCaptureRecords,
  iteratePcapRecords,
  readCaptureArray,
  readPcapHeader,
} from '../src/capture/index.js';
import { concat, cookedHeader, netlinkMessages, netlinkPacket, writePcap } from './helpers/capture-writer.js';

const RTM_NEWLINK = 16;
const NLMSG_DONE = 3;
const dump = [
  { type: RTM_NEWLINK, flags: 2, seq: 0x01020304, pid: 0x0a0b0c0d, payload: Uint8Array.of(1, 2, 3, 4, 5) },
  { type: NLMSG_DONE, flags: 2, seq: 0x01020304, pid: 0x0a0b0c0d, payload: Uint8Array.of(0, 0, 0, 0) },
];

function headers(packet: { messages: { type: number; flags: number; seq: number; pid: number; payload: Uint8Array }[] }) {
  return packet.messages.map((m) => ({ type: m.type, flags: m.flags, seq: m.seq, pid: m.pid, payload: m.payload }));
}

describe('classic pcap', () => {
  it('reads a big-endian capture whose netlink headers are big-endian too', () => {
    const file = writePcap({
      littleEndian: false,
      records: [
        { seconds: 1_700_000_000, fraction: 123_456, data: netlinkPacket(0, dump, false) },
        { seconds: 1_700_000_001, fraction: 999_999, data: netlinkPacket(16, [{ type: 0x10, flags: 1, seq: 7 }], false) },
      ],
    });
    expect(file.subarray(0, 4)).toEqual(Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4));
    expect(readPcapHeader(file)).toMatchObject({ littleEndian: false, nanoseconds: false, linkType: 253 });
    const [first, second, ...rest] = readCaptureArray(file);
    expect(rest).toEqual([]);
    expect(first!.timestamp).toEqual({ seconds: 1_700_000_000, nanoseconds: 123_456_000 });
    expect(first!.time).toBeCloseTo(1_700_000_000_123.456, 3);
    expect(first!.protocol).toBe(0);
    expect(headers(first!)).toEqual(dump);
    expect(second!.protocol).toBe(16);
    expect(second!.timestamp).toEqual({ seconds: 1_700_000_001, nanoseconds: 999_999_000 });
    expect(headers(second!)).toEqual([{ type: 0x10, flags: 1, seq: 7, pid: 0, payload: new Uint8Array(0) }]);
  });

  it('reads nanosecond timestamps in either byte order', () => {
    for (const littleEndian of [true, false]) {
      const file = writePcap({
        littleEndian,
        nanoseconds: true,
        records: [{ seconds: 1_710_366_817, fraction: 678_556_123, data: netlinkPacket(0, dump, littleEndian) }],
      });
      expect(readPcapHeader(file)).toMatchObject({ littleEndian, nanoseconds: true });
      const [packet] = readCaptureArray(file);
      expect(packet!.timestamp).toEqual({ seconds: 1_710_366_817, nanoseconds: 678_556_123 });
      expect(headers(packet!)).toEqual(dump);
    }
  });

  it('keeps every microsecond and nanosecond fraction exactly', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), fc.nat({ max: 999_999_999 }), fc.boolean(), (seconds, ns, nanoseconds) => {
        const fraction = nanoseconds ? ns : Math.floor(ns / 1000);
        const file = writePcap({ littleEndian: true, nanoseconds, records: [{ seconds, fraction, data: netlinkPacket(0, [], true) }] });
        expect(readCaptureArray(file)[0]!.timestamp).toEqual({ seconds, nanoseconds: nanoseconds ? ns : fraction * 1000 });
      }),
    );
  });

  it('carries an out-of-range fraction into the seconds', () => {
    const file = writePcap({ littleEndian: true, records: [{ seconds: 10, fraction: 2_500_000, data: netlinkPacket(0, [], true) }] });
    expect(readCaptureArray(file)[0]!.timestamp).toEqual({ seconds: 12, nanoseconds: 500_000_000 });
  });

  it('uses the file byte order for netlink unless told otherwise', () => {
    // A little-endian file holding big-endian messages, as a byte-swapping rewrite of a capture would.
    const file = writePcap({ littleEndian: true, records: [{ seconds: 0, fraction: 0, data: netlinkPacket(0, dump, false) }] });
    expect(() => readCaptureArray(file)).toThrow(CaptureError);
    expect(headers(readCaptureArray(file, { littleEndian: false })[0]!)).toEqual(dump);
  });

  it('flags a truncated packet and keeps the messages it holds whole', () => {
    const whole = netlinkPacket(0, [...dump, ...dump], true);
    // Cut inside the third message's payload, then inside its header, then right after the second.
    const secondEnd = 16 + netlinkMessages(dump, true).length;
    for (const cut of [secondEnd + 20, secondEnd + 7, secondEnd]) {
      const file = writePcap({ littleEndian: true, snapLength: cut, records: [{ seconds: 0, fraction: 0, data: whole.subarray(0, cut), originalLength: whole.length }] });
      const [packet] = readCaptureArray(file);
      expect(packet!.truncated).toBe(true);
      expect(packet!.originalLength).toBe(whole.length);
      expect(headers(packet!)).toEqual(dump);
    }
  });

  it('still rejects corruption inside a truncated packet', () => {
    const data = concat(cookedHeader(0), netlinkMessages(dump, true));
    new DataView(data.buffer).setUint32(16, 8, true); // nlmsg_len below the header size
    const file = writePcap({ littleEndian: true, records: [{ seconds: 0, fraction: 0, data, originalLength: data.length + 100 }] });
    expect(() => readCaptureArray(file)).toThrow(CaptureError);
  });

  it('wraps a corrupt message as a CaptureError with the MalformedError as cause and a file offset', () => {
    const data = concat(cookedHeader(0), netlinkMessages(dump, true));
    new DataView(data.buffer).setUint32(16, 9999, true);
    const file = writePcap({ littleEndian: true, records: [{ seconds: 0, fraction: 0, data }] });
    try {
      readCaptureArray(file);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CaptureError);
      const e = error as CaptureError;
      expect(e.code).toBe('ERR_LINX_CAPTURE');
      expect(e.offset).toBe(24 + 16 + 16);
      expect(e.message).toContain('at byte 56');
      expect((e.cause as { code?: string }).code).toBe('ERR_LINX_MALFORMED');
    }
  });

  it('accepts a record whose captured length exceeds its original length, untruncated', () => {
    const data = netlinkPacket(0, dump, true);
    const file = writePcap({ littleEndian: true, records: [{ seconds: 0, fraction: 0, data, originalLength: 10 }] });
    const [packet] = readCaptureArray(file);
    expect(packet!.truncated).toBe(false);
    expect(packet!.messages).toHaveLength(2);
  });

  it('skips other link types, or throws with strictLinkType', () => {
    const file = writePcap({ littleEndian: true, linkType: 1, records: [{ seconds: 0, fraction: 0, data: new Uint8Array(60) }] });
    expect(readCaptureArray(file)).toEqual([]);
    expect(Array.from(iteratePcapRecords(file)).map((r) => r.linkType)).toEqual([1]);
    expect(() => readCaptureArray(file, { strictLinkType: true })).toThrow(/link type 1/);
  });

  it('masks the FCS bits out of the link type field', () => {
    const file = writePcap({ littleEndian: true, linkType: 0x1400_0000 | 253, records: [] });
    expect(readPcapHeader(file).linkType).toBe(253);
  });

  it('rejects a cooked header that is cut short or not ARPHRD_NETLINK', () => {
    const short = writePcap({ littleEndian: true, records: [{ seconds: 0, fraction: 0, data: new Uint8Array(10) }] });
    expect(() => readCaptureArray(short)).toThrow(CaptureError);
    const ether = writePcap({ littleEndian: true, records: [{ seconds: 0, fraction: 0, data: cookedHeader(0, 0, 1) }] });
    expect(() => readCaptureArray(ether)).toThrow(/ARPHRD_NETLINK/);
  });

  it('yields a packet with no messages for a bare cooked header', () => {
    const file = writePcap({ littleEndian: true, records: [{ seconds: 0, fraction: 0, data: cookedHeader(12) }] });
    expect(readCaptureArray(file)).toMatchObject([{ protocol: 12, messages: [] }]);
  });

  it('rejects an unknown magic, an unsupported version, and a header cut short', () => {
    expect(() => readCaptureArray(new Uint8Array(0))).toThrow(CaptureError);
    expect(() => readCaptureArray(new Uint8Array(64))).toThrow(/unknown magic/);
    expect(() => readCaptureArray(writePcap({ littleEndian: true, versionMajor: 1, records: [] }))).toThrow(/version 1/);
    expect(() => readCaptureArray(writePcap({ littleEndian: false, records: [] }).subarray(0, 20))).toThrow(/truncated pcap header/);
  });

  it('reads a file that is a view into a larger buffer', () => {
    const file = writePcap({ littleEndian: true, records: [{ seconds: 5, fraction: 6, data: netlinkPacket(0, dump, true) }] });
    const big = new Uint8Array(file.length + 11);
    big.set(file, 7);
    const view = big.subarray(7, 7 + file.length);
    expect(headers(readCaptureArray(view)[0]!)).toEqual(dump);
    expect(Array.from(iterateCaptureRecords(view))[0]).toMatchObject({ offset: 24, dataOffset: 40 });
  });
});
