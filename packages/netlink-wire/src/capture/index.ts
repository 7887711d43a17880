/**
 * @linx/netlink-wire/capture: netlink messages from pcap and pcapng files (`tcpdump -i nlmon0 -w`,
 * Wireshark), with each packet's time, protocol and decoded messages.
 */
export * from './cooked.js';
export * from './detect.js';
export * from './errors.js';
export * from './netlink.js';
export * from './pcap.js';
export * from './pcapng.js';
export type { CaptureRecord } from './record.js';
export { type CaptureTimestamp, timestampToMilliseconds } from './timestamp.js';
