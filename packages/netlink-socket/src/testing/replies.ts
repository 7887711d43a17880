// The kernel's control answers, built with the wire layer's writers: every integer in the host's byte
// order, as the kernel writes them (netlink is host-endian), so that the fake kernel's bytes are what a
// kernel on this machine would send.
import {
  AttributeEncoder,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  align,
  intBytes,
  viewOf,
  writeHeader,
  writeInt,
  type MessageInit,
  type NetlinkMessage,
} from '@linx/netlink-wire';

/** The extended ACK of an error: the kernel's message and the offset of the offending attribute. */
export interface ExtAckInit {
  message?: string;
  offset?: number;
}

export interface ErrorReplyOptions extends ExtAckInit {
  /**
   * Leave out the request's payload (NLM_F_CAPPED). The kernel always does for an ACK, and for an error
   * when the socket asked for NETLINK_CAP_ACK; otherwise it echoes the whole request. Default true.
   */
  capped?: boolean;
  /** nlmsg_pid of the reply: the port id of the socket it goes to (default 0). */
  portId?: number;
}

/**
 * An NLMSG_ERROR answering `request`: struct nlmsgerr (the negated errno, then the request's header,
 * its length that of the whole request), the request's payload unless capped, then the ext-ack TLVs
 * (with NLM_F_ACK_TLVS). `errno` 0 is an ACK.
 */
export function errorReply(request: NetlinkMessage, errno: number, options: ErrorReplyOptions = {}): MessageInit {
  const capped = options.capped ?? true;
  const tlvs = new AttributeEncoder();
  if (options.message !== undefined) tlvs.string(NLMSGERR_ATTR_MSG, options.message);
  if (options.offset !== undefined) tlvs.u32(NLMSGERR_ATTR_OFFS, options.offset);
  const tail = tlvs.finish();
  const echoed = capped ? 0 : align(request.payload.length);
  const payload = new Uint8Array(4 + NLMSG_HDRLEN + echoed + tail.length);
  const view = viewOf(payload);
  writeInt(view, 0, 's32', -errno);
  writeHeader(view, 4, NLMSG_HDRLEN + request.payload.length, request);
  if (!capped) payload.set(request.payload, 4 + NLMSG_HDRLEN);
  payload.set(tail, 4 + NLMSG_HDRLEN + echoed);
  return {
    type: NLMSG_ERROR,
    flags: (capped ? NLM_F_CAPPED : 0) | (tail.length > 0 ? NLM_F_ACK_TLVS : 0),
    seq: request.seq,
    pid: options.portId ?? 0,
    payload,
  };
}

/** The NLMSG_DONE that ends a dump answering `request`: its int is the negated errno (0: success). */
export function doneReply(request: NetlinkMessage, errno: number, options: { flags?: number; portId?: number } = {}): MessageInit {
  return { type: NLMSG_DONE, flags: options.flags ?? 0, seq: request.seq, pid: options.portId ?? 0, payload: intBytes('s32', -errno) };
}
