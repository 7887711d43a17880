// Damaged captures: every failure must be a CaptureError (never a RangeError, never a hang), and the
// packets before the damage must still come out, lazily, before the error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureError, type CapturedPacket, readCapture, readCaptureArray } from '../src/capture/index.js';
import { ByteWriter, concat, interfaceDescription, netlinkPacket, samplePcapng, samplePcapngBlocks, sectionHeader, writePcap } from './helpers/capture-writer.js';
import { NL0_PACKETS, NL0_RECORD_ENDS, nl0Pcap } from './helpers/nl0-reference.js';

/** Reads `bytes` to the end, returning the packets yielded and the error thrown, if any. */
function drain(bytes: Uint8Array): { packets: CapturedPacket[]; error: unknown } {
  const packets: CapturedPacket[] = [];
  try {
    for (const packet of readCapture(bytes)) packets.push(packet);
    return { packets, error: undefined };
  } catch (error) {
    return { packets, error };
  }
}

/** Fails unless reading `bytes` either succeeds or throws a CaptureError with an offset inside the file. */
function expectOnlyCaptureErrors(bytes: Uint8Array): void {
  const { error } = drain(bytes);
  if (error === undefined) return;
  if (!(error instanceof CaptureError)) throw error;
  expect(error.offset).toBeGreaterThanOrEqual(0);
  expect(error.offset).toBeLessThanOrEqual(bytes.length);
}

/**
 * What identifies the packets read, cheaply: deep equality of payload views into a 20 kB buffer for
 * every prefix length would dominate the run time. Payloads are compared by where they sit in the
 * shared buffer, which pins their bytes as well.
 */
function fingerprint(packets: CapturedPacket[]): unknown[] {
  return packets.map((p) => [
    p.index,
    p.section,
    p.interface,
    p.protocol,
    p.truncated,
    p.timestamp?.seconds,
    p.timestamp?.nanoseconds,
    p.data.byteOffset,
    p.data.length,
    ...p.messages.map((m) => [m.type, m.flags, m.seq, m.pid, m.payload.byteOffset, m.payload.length]),
  ]);
}

function mutate(bytes: Uint8Array, changes: [number, number][]): Uint8Array {
  const copy = bytes.slice();
  for (const [position, value] of changes) copy[position % copy.length] = value;
  return copy;
}

function setWord(bytes: Uint8Array, position: number, value: number, littleEndian: boolean): Uint8Array {
  const copy = bytes.slice();
  const at = Math.min(position, copy.length - 4);
  new DataView(copy.buffer).setUint32(at, value, littleEndian);
  return copy;
}

const fullPcap = readCaptureArray(nl0Pcap);
const pcapng = samplePcapng();
const fullPcapng = readCaptureArray(pcapng);

describe('truncated captures', () => {
  it('nl0.pcap cut at every length: complete up to a record boundary, else a CaptureError after the whole records', () => {
    // Prefixes ending where the global header or a record ends are valid files with fewer packets.
    const boundaries = new Set([24, ...NL0_RECORD_ENDS]);
    let failures = 0;
    for (let length = 0; length <= nl0Pcap.length; length++) {
      const { packets, error } = drain(nl0Pcap.subarray(0, length));
      const whole = NL0_RECORD_ENDS.filter((end) => end <= length).length;
      expect(fingerprint(packets)).toEqual(fingerprint(fullPcap.slice(0, whole)));
      if (boundaries.has(length)) {
        expect(error).toBeUndefined();
      } else {
        expect(error).toBeInstanceOf(CaptureError);
        failures += 1;
      }
    }
    expect(failures).toBe(nl0Pcap.length + 1 - boundaries.size);
  }, 30_000); // about 21 000 reads of up to 20 kB: a couple of seconds, more on a loaded machine

  it('a written pcapng cut at every length: complete up to a block boundary, else a CaptureError', () => {
    const blocks = samplePcapngBlocks();
    const ends: { end: number; netlinkPackets: number }[] = [];
    let end = 0;
    let netlinkPackets = 0;
    for (const block of blocks) {
      end += block.bytes.length;
      if (block.netlink) netlinkPackets += 1;
      ends.push({ end, netlinkPackets });
    }
    expect(end).toBe(pcapng.length);
    for (let length = 0; length <= pcapng.length; length++) {
      const { packets, error } = drain(pcapng.subarray(0, length));
      const reached = ends.filter((e) => e.end <= length).at(-1);
      expect(fingerprint(packets)).toEqual(fingerprint(fullPcapng.slice(0, reached?.netlinkPackets ?? 0)));
      if (reached?.end === length) expect(error).toBeUndefined();
      else expect(error).toBeInstanceOf(CaptureError);
    }
  });
});

describe('mutated captures', () => {
  // The offsets where nl0.pcap has headers (global, record, cooked, nlmsghdr): mutations there reach
  // the length checks, which random positions in 20 kB of payload rarely would.
  const headerOffsets: number[] = [...Array(24).keys()];
  let offset = 24;
  for (const packet of NL0_PACKETS) {
    for (let i = 0; i < 32; i++) headerOffsets.push(offset + i);
    let message = offset + 32;
    for (const [length] of packet.messages) {
      for (let i = 0; i < 16; i++) headerOffsets.push(message + i);
      message += (length + 3) & ~3;
    }
    offset += 16 + packet.length;
  }

  it('nl0.pcap with random bytes changed anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (changes) => {
        expectOnlyCaptureErrors(mutate(nl0Pcap, changes));
      }),
      { numRuns: 300 },
    );
  });

  it('nl0.pcap with random bytes changed in its headers', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...headerOffsets), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (changes) => {
        expectOnlyCaptureErrors(mutate(nl0Pcap, changes));
      }),
      { numRuns: 1000 },
    );
  });

  it('nl0.pcap with a header word set to an extreme value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...headerOffsets),
        fc.constantFrom(0, 1, 3, 12, 15, 16, 17, 0x7fff_ffff, 0xffff_ffff, nl0Pcap.length),
        fc.boolean(),
        (position, value, littleEndian) => {
          expectOnlyCaptureErrors(setWord(nl0Pcap, position, value, littleEndian));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a written pcapng with random bytes changed', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (changes) => {
        expectOnlyCaptureErrors(mutate(pcapng, changes));
      }),
      { numRuns: 2000 },
    );
  });

  it('a written pcapng with a word set to an extreme value', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: pcapng.length - 4 }),
        fc.constantFrom(0, 1, 4, 8, 12, 16, 0x8000_0000, 0xffff_fffc, 0xffff_ffff, 0x0a0d0d0a, 0x1a2b3c4d, 0x4d3c2b1a),
        fc.boolean(),
        (position, value, littleEndian) => {
          expectOnlyCaptureErrors(setWord(pcapng, position, value, littleEndian));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('arbitrary bytes after a pcap or pcapng magic', () => {
    const starts = [
      Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0),
      Uint8Array.of(0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4),
      sectionHeader(true),
      concat(sectionHeader(false), interfaceDescription(false, { linkType: 253 })),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 300 }), (start, rest) => {
        expectOnlyCaptureErrors(concat(start, rest));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lengths that could stall a reader', () => {
  const head = concat(sectionHeader(true), interfaceDescription(true, { linkType: 253 }));

  it('rejects pcapng block lengths of 0 and near 2^32', () => {
    for (const length of [0, 4, 0xffff_fff0, 0xffff_fffc]) {
      const file = concat(head, new ByteWriter(true).u32(6).u32(length).u32(0).u32(0).bytes());
      expect(() => readCaptureArray(file)).toThrow(CaptureError);
    }
  });

  it('rejects a pcap record claiming 4 GiB', () => {
    const file = writePcap({ littleEndian: true, records: [{ seconds: 0, fraction: 0, data: netlinkPacket(0, [], true) }] });
    expect(() => readCaptureArray(setWord(file, 32, 0xffff_ffff, true))).toThrow(/truncated pcap record/);
  });

  it('walks many empty records and blocks in linear time', () => {
    const records = Array.from({ length: 20_000 }, () => ({ seconds: 0, fraction: 0, data: new Uint8Array(0) }));
    expect(readCaptureArray(writePcap({ littleEndian: true, linkType: 1, records }))).toEqual([]);
    const unknown = new ByteWriter(false).u32(0x99).u32(12).u32(12).bytes();
    const blocks = concat(sectionHeader(false), ...Array.from({ length: 20_000 }, () => unknown));
    expect(readCaptureArray(blocks)).toEqual([]);
  });
});
