// Writes pcap and pcapng files byte by byte, so that the capture tests can build files in either byte
// order, with any resolution, block layout or damage, without depending on the reader they test.
import { writeHeader, type MessageInit } from '../../src/message.js';

/** Appends integers in one byte order; `bytes()` returns what was written. */
export class ByteWriter {
  private readonly chunks: number[] = [];
  constructor(readonly littleEndian: boolean) {}

  u8(value: number): this {
    this.chunks.push(value & 0xff);
    return this;
  }
  u16(value: number): this {
    const b = [value & 0xff, (value >>> 8) & 0xff];
    this.chunks.push(...(this.littleEndian ? b : b.reverse()));
    return this;
  }
  u32(value: number): this {
    const b = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
    this.chunks.push(...(this.littleEndian ? b : b.reverse()));
    return this;
  }
  u64(value: bigint): this {
    const v = BigInt.asUintN(64, value);
    const high = Number(v >> 32n);
    const low = Number(v & 0xffff_ffffn);
    return this.littleEndian ? this.u32(low).u32(high) : this.u32(high).u32(low);
  }
  /** A pcapng packet timestamp: high 32 bits first, then low, each in the byte order (not a u64). */
  timestamp(ticks: bigint): this {
    return this.u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffff_ffffn));
  }
  raw(bytes: Uint8Array): this {
    this.chunks.push(...bytes);
    return this;
  }
  /** Zero bytes up to the next multiple of 4 of the total written. */
  pad4(): this {
    while (this.chunks.length % 4 !== 0) this.chunks.push(0);
    return this;
  }
  get length(): number {
    return this.chunks.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The 16-byte LINKTYPE_NETLINK cooked header, big-endian as libpcap writes it. */
export function cookedHeader(protocol: number, packetType = 4, hardwareType = 824): Uint8Array {
  return new ByteWriter(false).u16(packetType).u16(hardwareType).u16(0).u32(0).u32(0).u16(protocol).bytes();
}

/** Netlink messages back to back, headers in the given byte order, each padded to 4 bytes. */
export function netlinkMessages(messages: MessageInit[], littleEndian: boolean): Uint8Array {
  const parts = messages.map((message) => {
    const payload = message.payload ?? new Uint8Array(0);
    const length = 16 + payload.length;
    const out = new Uint8Array((length + 3) & ~3);
    writeHeader(new DataView(out.buffer), 0, length, message, littleEndian);
    out.set(payload, 16);
    return out;
  });
  return concat(...parts);
}

/** A LINKTYPE_NETLINK packet: cooked header, then the messages in the given byte order. */
export function netlinkPacket(protocol: number, messages: MessageInit[], littleEndian: boolean): Uint8Array {
  return concat(cookedHeader(protocol), netlinkMessages(messages, littleEndian));
}

export interface PcapRecordInit {
  seconds: number;
  /** Microseconds or nanoseconds, as the file says. */
  fraction: number;
  data: Uint8Array;
  /** Defaults to `data.length`. */
  originalLength?: number;
}

export interface PcapInit {
  littleEndian: boolean;
  nanoseconds?: boolean;
  linkType?: number;
  snapLength?: number;
  versionMajor?: number;
  records: PcapRecordInit[];
}

/** A classic pcap file. */
export function writePcap(init: PcapInit): Uint8Array {
  const w = new ByteWriter(init.littleEndian);
  w.u32(init.nanoseconds === true ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(init.versionMajor ?? 2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(init.snapLength ?? 262144)
    .u32(init.linkType ?? 253);
  for (const record of init.records) {
    w.u32(record.seconds).u32(record.fraction).u32(record.data.length).u32(record.originalLength ?? record.data.length).raw(record.data);
  }
  return w.bytes();
}

/** One pcapng option: code, length, value padded to 4. */
export interface OptionInit {
  code: number;
  value: Uint8Array;
}

function writeOptions(w: ByteWriter, options: OptionInit[] | undefined): void {
  if (options === undefined || options.length === 0) return;
  for (const option of options) w.u16(option.code).u16(option.value.length).raw(option.value).pad4();
  w.u16(0).u16(0);
}

/** A whole block: type, total length, body padded to 4, total length again. */
export function block(littleEndian: boolean, type: number, body: Uint8Array): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const total = 12 + padded;
  return new ByteWriter(littleEndian).u32(type).u32(total).raw(body).pad4().u32(total).bytes();
}

export function sectionHeader(littleEndian: boolean, options?: OptionInit[]): Uint8Array {
  const w = new ByteWriter(littleEndian).u32(0x1a2b3c4d).u16(1).u16(0).u64(-1n);
  writeOptions(w, options);
  return block(littleEndian, 0x0a0d0d0a, w.bytes());
}

export interface InterfaceInit {
  linkType: number;
  snapLength?: number;
  /** Raw if_tsresol byte (e.g. 9 for ns, 0x80 | 20 for 2^-20 s). */
  tsresol?: number;
  tsoffset?: bigint;
  options?: OptionInit[];
}

export function interfaceDescription(littleEndian: boolean, init: InterfaceInit): Uint8Array {
  const w = new ByteWriter(littleEndian).u16(init.linkType).u16(0).u32(init.snapLength ?? 0);
  const options: OptionInit[] = [...(init.options ?? [])];
  if (init.tsresol !== undefined) options.push({ code: 9, value: Uint8Array.of(init.tsresol) });
  if (init.tsoffset !== undefined) options.push({ code: 14, value: new ByteWriter(littleEndian).u64(init.tsoffset).bytes() });
  writeOptions(w, options);
  return block(littleEndian, 1, w.bytes());
}

export interface EnhancedPacketInit {
  interfaceId: number;
  ticks: bigint;
  data: Uint8Array;
  originalLength?: number;
  options?: OptionInit[];
}

export function enhancedPacket(littleEndian: boolean, init: EnhancedPacketInit): Uint8Array {
  const w = new ByteWriter(littleEndian)
    .u32(init.interfaceId)
    .timestamp(init.ticks)
    .u32(init.data.length)
    .u32(init.originalLength ?? init.data.length)
    .raw(init.data)
    .pad4();
  writeOptions(w, init.options);
  return block(littleEndian, 6, w.bytes());
}

export function simplePacket(littleEndian: boolean, data: Uint8Array, originalLength = data.length): Uint8Array {
  return block(littleEndian, 3, new ByteWriter(littleEndian).u32(originalLength).raw(data).bytes());
}

/** The netlink messages of `samplePcapng`. */
export const SAMPLE_MESSAGES = {
  GETLINK: { type: 18, flags: 0x301, seq: 42, pid: 0, payload: Uint8Array.of(0, 0, 0, 0) },
  NEWLINK: { type: 16, flags: 2, seq: 42, pid: 4242, payload: Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2) },
  CTRL: { type: 16, flags: 5, seq: 1, pid: 77, payload: Uint8Array.of(3, 1, 0, 0) },
};

/** A block of `samplePcapngBlocks`, and whether it is a LINKTYPE_NETLINK packet. */
export interface SampleBlock {
  bytes: Uint8Array;
  netlink: boolean;
}

/**
 * Two sections. The first, little-endian: interfaces 0 (nlmon, ns timestamps) and 1 (Ethernet), an
 * unknown block, EPBs on both interfaces (one with an option) and an SPB. The second, big-endian: one
 * nlmon interface at 2^-20 s with a time offset, an unknown block, and an EPB.
 */
export function samplePcapngBlocks(): SampleBlock[] {
  const { GETLINK, NEWLINK, CTRL } = SAMPLE_MESSAGES;
  const other = (bytes: Uint8Array): SampleBlock => ({ bytes, netlink: false });
  const packet = (bytes: Uint8Array): SampleBlock => ({ bytes, netlink: true });
  return [
    other(sectionHeader(true, [{ code: 4, value: Uint8Array.from('linx test', (c) => c.charCodeAt(0)) }])),
    other(interfaceDescription(true, { linkType: 253, snapLength: 65535, tsresol: 9 })),
    other(interfaceDescription(true, { linkType: 1, tsresol: 6 })),
    packet(enhancedPacket(true, { interfaceId: 0, ticks: 1_710_366_817_123_456_789n, data: netlinkPacket(0, [GETLINK], true) })),
    other(block(true, 5, new ByteWriter(true).u32(0).u64(0n).bytes())),
    other(enhancedPacket(true, { interfaceId: 1, ticks: 5n, data: new Uint8Array(60) })),
    packet(
      enhancedPacket(true, {
        interfaceId: 0,
        ticks: 1_710_366_818_000_000_001n,
        data: netlinkPacket(0, [NEWLINK, NEWLINK], true),
        options: [{ code: 2, value: Uint8Array.of(1, 0, 0, 0) }],
      }),
    ),
    packet(simplePacket(true, netlinkPacket(16, [CTRL], true))),
    other(sectionHeader(false)),
    other(interfaceDescription(false, { linkType: 253, tsresol: 0x80 | 20, tsoffset: 1_000_000_000n })),
    other(block(false, 0x0000_0bad, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))),
    packet(enhancedPacket(false, { interfaceId: 0, ticks: (700n << 20n) | (1n << 19n), data: netlinkPacket(16, [CTRL], false) })),
  ];
}

/** The blocks of `samplePcapngBlocks` as one file. */
export function samplePcapng(): Uint8Array {
  return concat(...samplePcapngBlocks().map((b) => b.bytes));
}
