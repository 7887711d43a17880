import { describe, expect, it } from 'vitest';
import { CaptureError, detectCaptureFormat, iteratePcapngRecords, readCaptureArray } from '../src/capture/index.js';
import {
  concat,
  enhancedPacket,
  interfaceDescription,
  netlinkPacket,
  SAMPLE_MESSAGES,
  samplePcapng,
  sectionHeader,
  simplePacket,
} from './helpers/capture-writer.js';

const { GETLINK, NEWLINK, CTRL } = SAMPLE_MESSAGES;
const sampleFile = samplePcapng;

function summary(p: { messages: { type: number; seq: number; pid: number; payload: Uint8Array }[] }) {
  return p.messages.map((m) => [m.type, m.seq, m.pid, Array.from(m.payload)]);
}

describe('pcapng', () => {
    // samplePcapng, described in helpers/capture-writer.ts, has two sections of opposite byte orders.
  it('reads sections of both byte orders, several interfaces, EPB and SPB, and skips unknown blocks', () => {
    const file = sampleFile();
    expect(detectCaptureFormat(file)).toBe('pcapng');
    const records = Array.from(iteratePcapngRecords(file));
    expect(records.map((r) => [r.index, r.section, r.interface, r.linkType, r.littleEndian])).toEqual([
      [0, 0, 0, 253, true],
      [1, 0, 1, 1, true],
      [2, 0, 0, 253, true],
      [3, 0, 0, 253, true],
      [4, 1, 0, 253, false],
    ]);

    const packets = readCaptureArray(file);
    expect(packets.map((p) => [p.index, p.section, p.interface, p.protocol, p.truncated])).toEqual([
      [0, 0, 0, 0, false],
      [2, 0, 0, 0, false],
      [3, 0, 0, 16, false],
      [4, 1, 0, 16, false],
    ]);
    expect(packets.map(summary)).toEqual([
      [[18, 42, 0, [0, 0, 0, 0]]],
      [
        [16, 42, 4242, [9, 8, 7, 6, 5, 4, 3, 2]],
        [16, 42, 4242, [9, 8, 7, 6, 5, 4, 3, 2]],
      ],
      [[16, 1, 77, [3, 1, 0, 0]]],
      [[16, 1, 77, [3, 1, 0, 0]]],
    ]);
  });

  it('converts timestamps at 10^-9 s, 2^-20 s with if_tsoffset, and has none for an SPB', () => {
    const packets = readCaptureArray(sampleFile());
    expect(packets.map((p) => p.timestamp)).toEqual([
      { seconds: 1_710_366_817, nanoseconds: 123_456_789 },
      { seconds: 1_710_366_818, nanoseconds: 1 },
      undefined,
      { seconds: 1_000_000_700, nanoseconds: 500_000_000 },
    ]);
    expect(packets[0]!.time).toBeCloseTo(1_710_366_817_123.456789, 3);
    expect(packets[2]!.time).toBeUndefined();
  });

  it('defaults to microseconds and handles other resolutions exactly', () => {
    const cases: [number | undefined, bigint, { seconds: number; nanoseconds: number }][] = [
      [undefined, 1_500_000n, { seconds: 1, nanoseconds: 500_000_000 }],
      [3, 1_234n, { seconds: 1, nanoseconds: 234_000_000 }],
      [0, 77n, { seconds: 77, nanoseconds: 0 }],
      [12, 2_000_000_000_001n, { seconds: 2, nanoseconds: 0 }],
      [0x80 | 0, 9n, { seconds: 9, nanoseconds: 0 }],
      [0x80 | 1, 3n, { seconds: 1, nanoseconds: 500_000_000 }],
      [0x80 | 30, (1n << 30n) * 5n + (1n << 28n), { seconds: 5, nanoseconds: 250_000_000 }],
      [6, 0xffff_ffff_ffff_ffffn, { seconds: 18_446_744_073_709, nanoseconds: 551_615_000 }],
    ];
    for (const [tsresol, ticks, expected] of cases) {
      const file = concat(
        sectionHeader(true),
        interfaceDescription(true, tsresol === undefined ? { linkType: 253 } : { linkType: 253, tsresol }),
        enhancedPacket(true, { interfaceId: 0, ticks, data: netlinkPacket(0, [], true) }),
      );
      expect(readCaptureArray(file)[0]!.timestamp).toEqual(expected);
    }
  });

  it('applies a negative if_tsoffset', () => {
    const file = concat(
      sectionHeader(false),
      interfaceDescription(false, { linkType: 253, tsoffset: -100n }),
      enhancedPacket(false, { interfaceId: 0, ticks: 250_000_000n, data: netlinkPacket(0, [], false) }),
    );
    expect(readCaptureArray(file)[0]!.timestamp).toEqual({ seconds: 150, nanoseconds: 0 });
  });

  it('gives each section its own interfaces', () => {
    const file = concat(
      sectionHeader(true),
      interfaceDescription(true, { linkType: 253 }),
      interfaceDescription(true, { linkType: 253 }),
      sectionHeader(true),
      interfaceDescription(true, { linkType: 253 }),
      enhancedPacket(true, { interfaceId: 1, ticks: 0n, data: netlinkPacket(0, [], true) }),
    );
    expect(() => readCaptureArray(file)).toThrow(/interface 1, but section 1 declares 1/);
  });

  it('rejects packets before any interface', () => {
    expect(() => readCaptureArray(concat(sectionHeader(true), simplePacket(true, netlinkPacket(0, [], true))))).toThrow(CaptureError);
    expect(() => readCaptureArray(concat(sectionHeader(true), enhancedPacket(true, { interfaceId: 0, ticks: 0n, data: new Uint8Array(16) })))).toThrow(
      CaptureError,
    );
  });

  it('flags truncated EPBs and SPBs cut by the snap length', () => {
    const whole = netlinkPacket(0, [NEWLINK, NEWLINK], true);
    const cut = 16 + 24 + 10;
    const file = concat(
      sectionHeader(true),
      interfaceDescription(true, { linkType: 253, snapLength: cut }),
      enhancedPacket(true, { interfaceId: 0, ticks: 0n, data: whole.subarray(0, cut), originalLength: whole.length }),
      // An SPB stores no captured length: the room in the block is larger than the snap length here.
      simplePacket(true, concat(whole.subarray(0, cut), new Uint8Array(8)), whole.length),
    );
    const packets = readCaptureArray(file);
    expect(packets).toHaveLength(2);
    for (const packet of packets) {
      expect(packet.truncated).toBe(true);
      expect(packet.data.length).toBe(cut - 16);
      expect(summary(packet)).toEqual([[16, 42, 4242, [9, 8, 7, 6, 5, 4, 3, 2]]]);
    }
  });

  it('drops the padding of an SPB when the snap length is unlimited', () => {
    const data = netlinkPacket(16, [{ type: 16, payload: Uint8Array.of(1, 2) }], true).subarray(0, 16 + 18); // unpadded
    const file = concat(sectionHeader(true), interfaceDescription(true, { linkType: 253 }), simplePacket(true, data, data.length));
    const [packet] = readCaptureArray(file);
    expect(packet!.data.length).toBe(18);
    expect(packet!.truncated).toBe(false);
  });

  it('skips the Ethernet interface by default and throws with strictLinkType', () => {
    expect(() => readCaptureArray(sampleFile(), { strictLinkType: true })).toThrow(/packet 1 has link type 1/);
  });

  it('checks block lengths: minimum, multiple of 4, inside the file, trailing copy', () => {
    const head = concat(sectionHeader(true), interfaceDescription(true, { linkType: 253 }));
    const epb = enhancedPacket(true, { interfaceId: 0, ticks: 0n, data: netlinkPacket(0, [GETLINK], true) });
    const withLength = (length: number, trailing = length) => {
      const copy = epb.slice();
      const view = new DataView(copy.buffer);
      view.setUint32(4, length, true);
      view.setUint32(copy.length - 4, trailing, true);
      return concat(head, copy);
    };
    expect(readCaptureArray(withLength(epb.length))).toHaveLength(1);
    for (const [file, message] of [
      [withLength(0), /less than/],
      [withLength(8), /less than/],
      [withLength(28), /less than the 32/],
      [withLength(epb.length - 2), /multiple of 4/],
      [withLength(epb.length + 4), /truncated pcapng block/],
      [withLength(0xffff_fffc), /truncated pcapng block/],
      [withLength(epb.length, epb.length + 4), /trailing copy/],
    ] as const) {
      expect(() => readCaptureArray(file)).toThrow(CaptureError);
      expect(() => readCaptureArray(file)).toThrow(message);
    }
  });

  it('rejects a captured length that runs past its block, and bad options', () => {
    const head = concat(sectionHeader(true), interfaceDescription(true, { linkType: 253 }));
    const epb = enhancedPacket(true, { interfaceId: 0, ticks: 0n, data: netlinkPacket(0, [GETLINK], true) });
    new DataView(epb.buffer).setUint32(20, epb.length, true);
    expect(() => readCaptureArray(concat(head, epb))).toThrow(/runs past the block/);

    const badResolution = interfaceDescription(true, { linkType: 253, options: [{ code: 9, value: Uint8Array.of(6, 6) }] });
    expect(() => readCaptureArray(concat(sectionHeader(true), badResolution))).toThrow(/if_tsresol/);
    const badOffset = interfaceDescription(true, { linkType: 253, options: [{ code: 14, value: Uint8Array.of(1, 2, 3, 4) }] });
    expect(() => readCaptureArray(concat(sectionHeader(true), badOffset))).toThrow(/if_tsoffset/);
    const overlong = interfaceDescription(true, { linkType: 253, options: [{ code: 2, value: Uint8Array.of(1, 2, 3, 4) }] });
    new DataView(overlong.buffer).setUint16(18, 200, true);
    expect(() => readCaptureArray(concat(sectionHeader(true), overlong))).toThrow(/option 2 of 200 bytes/);
  });

  it('rejects an unknown byte-order magic and an unsupported major version', () => {
    const shb = sectionHeader(true);
    const badMagic = shb.slice();
    new DataView(badMagic.buffer).setUint32(8, 0x12345678, true);
    expect(() => readCaptureArray(badMagic)).toThrow(/byte-order magic/);
    const badVersion = shb.slice();
    new DataView(badVersion.buffer).setUint16(12, 2, true);
    expect(() => readCaptureArray(badVersion)).toThrow(/version 2/);
  });

  it('reads an empty section as no packets', () => {
    expect(readCaptureArray(sectionHeader(false))).toEqual([]);
  });
});
