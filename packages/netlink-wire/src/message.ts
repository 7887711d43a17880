import { align } from './align.js';
import { HOST_LITTLE_ENDIAN, viewOf } from './endian.js';
import { EncodeError, MalformedError } from './errors.js';

/** Size of `struct nlmsghdr`: length u32, type u16, flags u16, seq u32, port id u32. */
export const NLMSG_HDRLEN = 16;

/** The largest message length the 32-bit `nlmsg_len` can express. */
const MAX_MESSAGE_LENGTH = 0xffff_ffff;

/** The fields of `struct nlmsghdr` except its length, which is derived from the payload. */
export interface NetlinkHeader {
  /** Message type: NLMSG_* control types below 16, family-specific types above. */
  type: number;
  /** NLM_F_* flags. */
  flags: number;
  /** Sequence number, chosen by the requester and echoed by the kernel. */
  seq: number;
  /** Port id of the sender (0 for the kernel). */
  pid: number;
}

/** A decoded netlink message: its header and a view (not a copy) of its payload. */
export interface NetlinkMessage extends NetlinkHeader {
  /** The payload: the `nlmsg_len - 16` bytes after the header, without trailing alignment padding. */
  payload: Uint8Array;
}

/** What `encodeMessage` accepts: the type is required, the rest defaults to zero/empty. */
export interface MessageInit {
  type: number;
  flags?: number;
  seq?: number;
  pid?: number;
  payload?: Uint8Array;
}

/** Options for decoding: the byte order of the header fields (the capturing host's; default: this host's). */
export interface DecodeOptions {
  littleEndian?: boolean;
}

/** Writes a 16-byte header for a message of `length` bytes (header included) at `offset` of `view`. */
export function writeHeader(view: DataView, offset: number, length: number, header: MessageInit, le = HOST_LITTLE_ENDIAN): void {
  if (!Number.isInteger(length) || length < NLMSG_HDRLEN || length > MAX_MESSAGE_LENGTH) {
    throw new EncodeError(`message length ${length} does not fit nlmsg_len`);
  }
  checkField('type', header.type, 0xffff);
  checkField('flags', header.flags ?? 0, 0xffff);
  checkField('seq', header.seq ?? 0, 0xffff_ffff);
  checkField('pid', header.pid ?? 0, 0xffff_ffff);
  view.setUint32(offset, length, le);
  view.setUint16(offset + 4, header.type, le);
  view.setUint16(offset + 6, header.flags ?? 0, le);
  view.setUint32(offset + 8, header.seq ?? 0, le);
  view.setUint32(offset + 12, header.pid ?? 0, le);
}

function checkField(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new EncodeError(`nlmsghdr ${name} ${value} is not an integer in 0..${max}`);
  }
}

/** The number of bytes `messages` take when written back to back, each aligned to 4 bytes. */
export function encodedLength(messages: readonly MessageInit[]): number {
  let total = 0;
  for (const message of messages) total += align(NLMSG_HDRLEN + (message.payload?.length ?? 0));
  return total;
}

/** Encodes one message: header plus payload, padded to a multiple of 4 bytes. */
export function encodeMessage(message: MessageInit): Uint8Array {
  return encodeMessages([message]);
}

/**
 * Encodes several messages back to back into one buffer, each aligned, as a batch or a multi-message
 * datagram is sent.
 */
export function encodeMessages(messages: readonly MessageInit[]): Uint8Array {
  const out = new Uint8Array(encodedLength(messages));
  const view = viewOf(out);
  let offset = 0;
  for (const message of messages) {
    const payload = message.payload ?? new Uint8Array(0);
    const length = NLMSG_HDRLEN + payload.length;
    writeHeader(view, offset, length, message);
    out.set(payload, offset + NLMSG_HDRLEN);
    offset += align(length);
  }
  return out;
}

/**
 * The `nlmsg_len` of the header at `offset`, after checking that the header and the length it declares
 * fit in `view`.
 */
function checkedLength(view: DataView, offset: number, le: boolean, end = view.byteLength): number {
  const left = end - offset;
  if (left < NLMSG_HDRLEN) throw new MalformedError(`truncated nlmsghdr: ${left} bytes left, 16 needed`, offset);
  const length = view.getUint32(offset, le);
  if (length < NLMSG_HDRLEN) throw new MalformedError(`nlmsg_len ${length} is shorter than the header`, offset);
  if (length > left) throw new MalformedError(`nlmsg_len ${length} runs past the end of the buffer (${left} bytes left)`, offset);
  return length;
}

/** Reads the header at `offset`, checking that it and its declared length fit in `bytes`. */
export function readHeader(bytes: Uint8Array, offset = 0, options: DecodeOptions = {}): NetlinkHeader & { length: number } {
  const le = options.littleEndian ?? HOST_LITTLE_ENDIAN;
  const view = viewOf(bytes);
  const length = checkedLength(view, offset, le);
  return {
    length,
    type: view.getUint16(offset + 4, le),
    flags: view.getUint16(offset + 6, le),
    seq: view.getUint32(offset + 8, le),
    pid: view.getUint32(offset + 12, le),
  };
}

/**
 * The message at `offset` of `bytes` (whose DataView the caller already has, for speed in receive
 * loops), checked to fit before `end`; its payload is a view. Returns the message and where the next
 * one starts.
 */
export function messageAt(bytes: Uint8Array, view: DataView, offset: number, end = bytes.length, le = HOST_LITTLE_ENDIAN): NetlinkMessage {
  const length = checkedLength(view, offset, le, end);
  return {
    type: view.getUint16(offset + 4, le),
    flags: view.getUint16(offset + 6, le),
    seq: view.getUint32(offset + 8, le),
    pid: view.getUint32(offset + 12, le),
    payload: bytes.subarray(offset + NLMSG_HDRLEN, offset + length),
  };
}

/**
 * Walks the messages of a datagram (or of a capture packet, or of a batch), yielding each as it is read.
 * A final message without trailing padding is accepted; anything malformed throws a `MalformedError`
 * naming the offset of the bad header.
 */
export function* iterateMessages(bytes: Uint8Array, options: DecodeOptions = {}): Generator<NetlinkMessage, void, undefined> {
  const view = viewOf(bytes);
  let offset = 0;
  while (offset < bytes.length) {
    // messageAt reads in this host's order when littleEndian is not given
    const message = messageAt(bytes, view, offset, bytes.length, options.littleEndian);
    yield message;
    offset += align(NLMSG_HDRLEN + message.payload.length);
  }
}

/** All the messages of a datagram, as an array. See `iterateMessages`. */
export function parseMessages(bytes: Uint8Array, options: DecodeOptions = {}): NetlinkMessage[] {
  return Array.from(iterateMessages(bytes, options));
}
