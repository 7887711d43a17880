// nl0.pcap from the pyroute2 fixtures, and a reference decode of it read out with Python's struct
// module, independently of linx: per packet its time, length, protocol and message headers.
import { readFileSync } from 'node:fs';

export const FIXTURES = new URL('../../../../fixtures/pyroute2/', import.meta.url);
export const nl0Pcap: Uint8Array = new Uint8Array(readFileSync(new URL('nl0.pcap', FIXTURES)));

export interface ReferencePacket {
  seconds: number;
  microseconds: number;
  /** incl_len = orig_len, cooked header included. */
  length: number;
  protocol: number;
  /** [nlmsg_len, type, flags, seq, pid] */
  messages: [number, number, number, number, number][];
}

export const NL0_PACKETS: ReferencePacket[] = [
  { seconds: 1710366817, microseconds: 678556, length: 52, protocol: 16, messages: [[36, 36, 0x305, 1709936513, 2098]] },
  { seconds: 1710366817, microseconds: 679341, length: 2496, protocol: 16, messages: [[2480, 36, 0x2, 1709936513, 2098]] },
  { seconds: 1710366817, microseconds: 679388, length: 36, protocol: 16, messages: [[20, 3, 0x2, 1709936513, 2098]] },
  { seconds: 1710366817, microseconds: 724847, length: 36, protocol: 0, messages: [[20, 18, 0x301, 1710366817, 0]] },
  { seconds: 1710366817, microseconds: 724888, length: 2916, protocol: 0, messages: [[1432, 16, 0x2, 1710366817, 778142], [1468, 16, 0x2, 1710366817, 778142]] },
  { seconds: 1710366817, microseconds: 724951, length: 7476, protocol: 0, messages: [[1852, 16, 0x2, 1710366817, 778142], [1852, 16, 0x2, 1710366817, 778142], [1416, 16, 0x2, 1710366817, 778142], [1432, 16, 0x2, 1710366817, 778142], [908, 16, 0x2, 1710366817, 778142]] },
  { seconds: 1710366817, microseconds: 724992, length: 5660, protocol: 0, messages: [[1580, 16, 0x2, 1710366817, 778142], [1596, 16, 0x2, 1710366817, 778142], [880, 16, 0x2, 1710366817, 778142], [1588, 16, 0x2, 1710366817, 778142]] },
  { seconds: 1710366817, microseconds: 725005, length: 36, protocol: 0, messages: [[20, 3, 0x2, 1710366817, 778142]] },
  { seconds: 1710366817, microseconds: 725018, length: 36, protocol: 0, messages: [[20, 22, 0x301, 1710366818, 0]] },
  { seconds: 1710366817, microseconds: 725029, length: 440, protocol: 0, messages: [[76, 20, 0x2, 1710366818, 778142], [92, 20, 0x2, 1710366818, 778142], [88, 20, 0x2, 1710366818, 778142], [88, 20, 0x2, 1710366818, 778142], [80, 20, 0x2, 1710366818, 778142]] },
  { seconds: 1710366817, microseconds: 725040, length: 304, protocol: 0, messages: [[72, 20, 0x2, 1710366818, 778142], [72, 20, 0x2, 1710366818, 778142], [72, 20, 0x2, 1710366818, 778142], [72, 20, 0x2, 1710366818, 778142]] },
  { seconds: 1710366817, microseconds: 725048, length: 36, protocol: 0, messages: [[20, 3, 0x2, 1710366818, 778142]] },
  { seconds: 1710366817, microseconds: 951905, length: 48, protocol: 16, messages: [[32, 16, 0x1, 0, 778144]] },
  { seconds: 1710366817, microseconds: 951917, length: 404, protocol: 16, messages: [[388, 16, 0x0, 0, 778144]] },
  { seconds: 1710366817, microseconds: 952368, length: 36, protocol: 16, messages: [[20, 37, 0x301, 255, 778144]] },
  { seconds: 1710366817, microseconds: 952376, length: 336, protocol: 16, messages: [[320, 37, 0x2, 255, 778144]] },
  { seconds: 1710366817, microseconds: 952404, length: 36, protocol: 16, messages: [[20, 3, 0x2, 255, 778144]] },
  { seconds: 1710366817, microseconds: 953528, length: 76, protocol: 16, messages: [[60, 37, 0x605, 256, 778144]] },
  { seconds: 1710366817, microseconds: 953532, length: 96, protocol: 16, messages: [[80, 2, 0x0, 256, 778144]] },
];

/** The byte offsets at which a record of nl0.pcap ends, after the 24-byte global header. */
export const NL0_RECORD_ENDS: number[] = NL0_PACKETS.reduce<number[]>((ends, p) => [...ends, (ends.at(-1) ?? 24) + 16 + p.length], []);
