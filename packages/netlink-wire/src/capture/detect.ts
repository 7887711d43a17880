import { CaptureError } from './errors.js';
import { iteratePcapRecords, pcapMagic } from './pcap.js';
import { isPcapng, iteratePcapngRecords } from './pcapng.js';
import type { CaptureRecord } from './record.js';

/** The two capture file formats linx reads. */
export type CaptureFormat = 'pcap' | 'pcapng';

/** Which format `bytes` is in, told by its first four bytes; a `CaptureError` if neither. */
export function detectCaptureFormat(bytes: Uint8Array): CaptureFormat {
  if (isPcapng(bytes)) return 'pcapng';
  if (pcapMagic(bytes) !== undefined) return 'pcap';
  throw new CaptureError('not a pcap or pcapng file: unknown magic number', 0);
}

/**
 * Walks the packet records of a pcap or pcapng file, whichever `bytes` is, without looking inside
 * the packets. See `iteratePcapRecords` and `iteratePcapngRecords`.
 */
export function iterateCaptureRecords(bytes: Uint8Array): Generator<CaptureRecord, void, undefined> {
  return detectCaptureFormat(bytes) === 'pcapng' ? iteratePcapngRecords(bytes) : iteratePcapRecords(bytes);
}
