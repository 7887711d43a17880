import { align } from './align.js';
import { NLM_F_ACK_TLVS, NLM_F_CAPPED, NLMSG_DONE, NLMSG_ERROR } from './constants.js';
import { HOST_LITTLE_ENDIAN, viewOf } from './endian.js';
import { MalformedError } from './errors.js';
import { decodeExtAck, type ExtAck } from './ext-ack.js';
import { NLMSG_HDRLEN, type NetlinkHeader, type NetlinkMessage } from './message.js';

/** An NLMSG_ERROR message, decoded. `errno` 0 means it is an ACK. */
export interface ErrorMessage {
  /** The positive errno (the kernel sends it negated; either sign is read as its magnitude); 0 for an ACK. */
  errno: number;
  /** The header of the request this answers (its length is the request's full length). */
  request: NetlinkHeader & { length: number };
  /**
   * The request's payload as echoed back; absent when capped (NLM_F_CAPPED, NETLINK_CAP_ACK, or any
   * successful ACK) or cut short.
   */
  requestPayload?: Uint8Array;
  /** The kernel left out the request's payload. */
  capped: boolean;
  /** The extended ACK, empty when the kernel sent no TLVs. */
  extAck: ExtAck;
}

/** An NLMSG_DONE that ends a dump, with the errno the dump ended on (0 for success). */
export interface DoneMessage {
  errno: number;
  extAck: ExtAck;
}

/** Decodes the payload of an NLMSG_ERROR message (with or without NLM_F_CAPPED and NLM_F_ACK_TLVS). */
export function parseErrorMessage(message: NetlinkMessage, littleEndian = HOST_LITTLE_ENDIAN): ErrorMessage {
  if (message.type !== NLMSG_ERROR) throw new MalformedError(`message type ${message.type} is not NLMSG_ERROR`, 0);
  const payload = message.payload;
  // struct nlmsgerr: int error, then the request's nlmsghdr.
  if (payload.length < 4 + NLMSG_HDRLEN) {
    throw new MalformedError(`NLMSG_ERROR payload of ${payload.length} bytes is shorter than struct nlmsgerr (20)`, 0);
  }
  const errno = Math.abs(viewOf(payload).getInt32(0, littleEndian));
  const header = payload.subarray(4, 4 + NLMSG_HDRLEN);
  // The echoed header's length is the whole request's, which may not be here: read the fields directly.
  const request = readEchoedHeader(header, littleEndian);
  let rest = 4 + NLMSG_HDRLEN;
  let capped = (message.flags & NLM_F_CAPPED) !== 0;
  let requestPayload: Uint8Array | undefined;
  if (!capped) {
    const echoed = request.length - NLMSG_HDRLEN;
    if (echoed >= 0 && rest + echoed <= payload.length) {
      requestPayload = payload.subarray(rest, rest + echoed);
      rest += align(echoed);
    } else {
      // Kernels before NLM_F_CAPPED existed sent successful ACKs without the payload and without the flag.
      capped = true;
    }
  }
  // Without TLVs after the request (rest at or past the end), the TLV walk finds nothing: an empty ext-ack.
  const extAck = (message.flags & NLM_F_ACK_TLVS) !== 0 ? decodeExtAck(payload.subarray(rest), littleEndian) : {};
  const result: ErrorMessage = { errno, request, capped, extAck };
  if (requestPayload) result.requestPayload = requestPayload;
  return result;
}

function readEchoedHeader(header: Uint8Array, littleEndian: boolean): NetlinkHeader & { length: number } {
  const view = viewOf(header);
  return {
    length: view.getUint32(0, littleEndian),
    type: view.getUint16(4, littleEndian),
    flags: view.getUint16(6, littleEndian),
    seq: view.getUint32(8, littleEndian),
    pid: view.getUint32(12, littleEndian),
  };
}

/** Decodes an NLMSG_DONE: an optional int errno, then ext-ack TLVs when NLM_F_ACK_TLVS is set. */
export function parseDoneMessage(message: NetlinkMessage, littleEndian = HOST_LITTLE_ENDIAN): DoneMessage {
  if (message.type !== NLMSG_DONE) throw new MalformedError(`message type ${message.type} is not NLMSG_DONE`, 0);
  const payload = message.payload;
  // Some families end dumps with an empty DONE; treat it as success.
  if (payload.length < 4) return { errno: 0, extAck: {} };
  const errno = Math.abs(viewOf(payload).getInt32(0, littleEndian));
  return { errno, extAck: (message.flags & NLM_F_ACK_TLVS) !== 0 ? decodeExtAck(payload.subarray(4), littleEndian) : {} };
}

/** True for an NLMSG_ERROR whose errno is 0: an acknowledgement. */
export function isAck(message: NetlinkMessage): boolean {
  return message.type === NLMSG_ERROR && message.payload.length >= 4 && viewOf(message.payload).getInt32(0, HOST_LITTLE_ENDIAN) === 0;
}

