// nl0.pcap is a real nlmon capture from the pyroute2 project; nl0.json is pyroute2's own decode of it.
// The reference table (helpers/nl0-reference.ts) was read out of nl0.pcap with Python's struct module,
// independently of linx; nl0.json is checked separately, for the packets it covers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectCaptureFormat, iteratePcapRecords, readCaptureArray, readPcapHeader } from '../src/capture/index.js';
import { FIXTURES, NL0_PACKETS as PACKETS, NL0_RECORD_ENDS, nl0Pcap as pcap } from './helpers/nl0-reference.js';

describe('nl0.pcap (real nlmon capture from pyroute2)', () => {
  const packets = readCaptureArray(pcap);

  it('is a little-endian microsecond pcap of LINKTYPE_NETLINK', () => {
    expect(detectCaptureFormat(pcap)).toBe('pcap');
    expect(readPcapHeader(pcap)).toEqual({
      littleEndian: true,
      nanoseconds: false,
      versionMajor: 2,
      versionMinor: 4,
      snapLength: 262144,
      linkType: 253,
    });
    expect(NL0_RECORD_ENDS.at(-1)).toBe(pcap.length);
  });

  it('holds 19 packets and 34 netlink messages, rtnetlink and generic netlink', () => {
    expect(packets).toHaveLength(19);
    expect(packets.reduce((n, p) => n + p.messages.length, 0)).toBe(34);
    expect(new Set(packets.map((p) => p.protocol))).toEqual(new Set([0, 16]));
    expect(packets.filter((p) => p.protocol === 0)).toHaveLength(9);
    expect(packets.map((p) => p.index)).toEqual([...Array(19).keys()]);
  });

  it('matches the reference read with Python struct, packet by packet and message by message', () => {
    packets.forEach((packet, i) => {
      const ref = PACKETS[i]!;
      expect(packet.timestamp).toEqual({ seconds: ref.seconds, nanoseconds: ref.microseconds * 1000 });
      expect(packet.time).toBeCloseTo(ref.seconds * 1000 + ref.microseconds / 1000, 3);
      expect(packet.protocol).toBe(ref.protocol);
      expect(packet.packetType).toBe(4); // PACKET_OUTGOING: how tcpdump sees every nlmon packet
      expect(packet.truncated).toBe(false);
      expect(packet.originalLength).toBe(ref.length);
      expect(packet.data.length).toBe(ref.length - 16);
      expect(packet.section).toBe(0);
      expect(packet.interface).toBe(0);
      expect(packet.messages.map((m) => [16 + m.payload.length, m.type, m.flags, m.seq, m.pid])).toEqual(ref.messages);
    });
  });

  it('yields the record layer the same way', () => {
    const records = Array.from(iteratePcapRecords(pcap));
    expect(records.map((r) => r.dataOffset + r.data.length)).toEqual(NL0_RECORD_ENDS);
    expect(records.every((r) => r.linkType === 253 && r.littleEndian)).toBe(true);
  });

  it('decodes the NLMSG_ERROR of the last packet: EINVAL, echoing the IPVS request before it', () => {
    const error = packets[18]!.messages[0]!;
    const view = new DataView(error.payload.buffer, error.payload.byteOffset, error.payload.byteLength);
    expect(view.getInt32(0, true)).toBe(-22);
    const request = packets[17]!.messages[0]!;
    expect(error.payload.subarray(4, 20)).toEqual(packets[17]!.data.subarray(0, 16));
    expect(error.payload.length).toBe(4 + 16 + request.payload.length);
  });
});

// --- nl0.json: pyroute2's decode -------------------------------------------------------------------
// Its structure (checked below): 9 entries, one per rtnetlink packet (packets 3 to 11), each with the
// pcap record header and cooked header as Python reprs, and either the decoded first message of the
// packet ("data" with a "header") or, when pyroute2 failed to decode it, an "exception" and the raw
// message bytes as colon-separated hex. It does not cover the generic netlink packets, nor any
// message after the first of a packet.

interface PyrouteEntry {
  'pcap header': string;
  'link layer header': string;
  'message class': string | null;
  exception: string | null;
  data: string | { header: { length: number; type: number; flags: number; sequence_number: number; pid: number } };
}

function reprFields(repr: string): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const [, name, value] of repr.matchAll(/(\w+)=(\d+)/g)) fields[name!] = Number(value);
  return fields;
}

describe('nl0.pcap against pyroute2 (nl0.json)', () => {
  const entries = JSON.parse(readFileSync(new URL('nl0.json', FIXTURES), 'utf8')) as PyrouteEntry[];
  const packets = readCaptureArray(pcap);

  it('has the structure described above', () => {
    expect(entries).toHaveLength(9);
    for (const entry of entries) {
      expect(entry['pcap header']).toMatch(/^PcapPacketHeader\(/);
      expect(entry['link layer header']).toMatch(/^PcapLLHeader\(/);
      if (typeof entry.data === 'string') expect(entry.exception).not.toBeNull();
      else expect(entry.exception).toBeNull();
    }
  });

  it('agrees on record headers, cooked headers and the first message of each rtnetlink packet', () => {
    const covered = entries.map((entry) => {
      const record = reprFields(entry['pcap header']);
      const link = reprFields(entry['link layer header']);
      const matches = packets.filter((p) => p.timestamp?.seconds === record.ts_sec && p.timestamp?.nanoseconds === record.ts_usec! * 1000);
      expect(matches).toHaveLength(1);
      const packet = matches[0]!;
      expect(16 + packet.data.length).toBe(record.incl_len);
      expect(packet.originalLength).toBe(record.orig_len);
      expect(record.header_len).toBe(16);
      // pyroute2 calls the packet type "pad0" and the protocol "family".
      expect(packet.packetType).toBe(link.pad0);
      expect(packet.protocol).toBe(link.family);
      expect(link.addr_type).toBe(824);

      const first = packet.messages[0]!;
      if (typeof entry.data === 'string') {
        const bytes = Uint8Array.from(entry.data.split(':').map((h) => parseInt(h, 16)));
        expect(packet.data.subarray(0, 16 + first.payload.length)).toEqual(bytes);
      } else {
        const h = entry.data.header;
        expect([16 + first.payload.length, first.type, first.flags, first.seq, first.pid]).toEqual([h.length, h.type, h.flags, h.sequence_number, h.pid]);
      }
      return packet.index;
    });
    expect(covered).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
