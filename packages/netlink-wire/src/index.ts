/**
 * @linx/netlink-wire: netlink on the wire. Messages, attributes, integers and addresses, constants,
 * errno, the kernel's errors and ext-ack, and a debug printer. The pcap/pcapng reader is
 * `@linx/netlink-wire/capture`.
 */
export * from './align.js';
export * from './endian.js';
export * from './errors.js';
export * from './message.js';
export * from './attribute.js';
export * from './attribute-decoder.js';
export * from './attribute-encoder.js';
export * from './writer.js';
export * from './int.js';
export * from './address.js';
export * from './ip-protocols.js';
export * from './constants.js';
export * from './errno.js';
export * from './ext-ack.js';
export * from './ack.js';
export * from './locate.js';
export * from './kernel-error.js';
export * from './debug.js';
