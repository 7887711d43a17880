import type { DoneMessage, ErrorMessage } from './ack.js';
import { errnoDescription, errnoName, formatErrno } from './errno.js';
import { LinxError } from './errors.js';
import type { AttributePolicy, ExtAck } from './ext-ack.js';
import { locateAttribute, type AttributeLocation } from './locate.js';

/** What is known about the request a kernel error answers. */
export interface RequestContext {
  /** The request as sent (a whole message), to locate the attribute an ext-ack offset points at. */
  request?: Uint8Array;
  /** Size of the family's fixed header after nlmsghdr, needed to walk the request's attributes. */
  headerLength?: number;
  /** The request's sequence number and type, when the error itself does not echo them (NLMSG_DONE). */
  seq?: number;
  type?: number;
  /** The request's payload (after its nlmsghdr) as the kernel echoed it back in the error. */
  echoedPayload?: Uint8Array;
}

/**
 * The kernel refused a request (NLMSG_ERROR with a non-zero errno) or ended a dump with an error
 * (NLMSG_DONE carrying an errno). Carries the errno by number and name, the kernel's ext-ack text and
 * offset, the attribute the offset points into, and the policy/missing-attribute details.
 */
export class NetlinkError extends LinxError {
  /** The positive errno, e.g. 17. */
  readonly errno: number;
  /** Its name, e.g. 'EEXIST' (or 'errno N' for numbers without a name). */
  readonly errnoName: string;
  /** The kernel's ext-ack message, when it sent one. */
  readonly extAckMessage: string | undefined;
  /** The ext-ack offset into the request (from the start of its nlmsghdr). */
  readonly offset: number | undefined;
  /** The attribute of the request the offset points into, when the request was known. */
  readonly attribute: AttributeLocation | undefined;
  readonly policy: AttributePolicy | undefined;
  readonly missingType: number | undefined;
  readonly missingNest: number | undefined;
  readonly cookie: Uint8Array | undefined;
  /** Sequence number and message type of the request that failed. */
  readonly seq: number | undefined;
  readonly requestType: number | undefined;
  /**
   * The failed request's payload (after its nlmsghdr) as the kernel echoed it back, when it did (an
   * NLMSG_ERROR without NLM_F_CAPPED). Some subsystems write into it: ipset puts the failing element's
   * IPSET_ATTR_LINENO there when a request adds or deletes many (call_ad() in net/netfilter/ipset/ip_set_core.c).
   */
  readonly echoedPayload: Uint8Array | undefined;
  /**
   * The attribute the ext-ack offset points into, named by a family that knows the request's schema
   * (e.g. `linkinfo.data.peer.ifname`); set with `nameAttribute`.
   */
  attributePath: string | undefined;
  /**
   * What was being done, to what, as the family that sent the request says it (`routes.add 192.0.2.0/24
   * via 10.0.0.2`); set with `during`.
   */
  operation: string | undefined;
  /** What the errno means for that operation (`a route with this key exists`), when the family knows. */
  hint: string | undefined;

  constructor(errno: number, extAck: ExtAck = {}, context: RequestContext = {}) {
    const name = formatErrno(errno);
    const description = errnoDescription(errno);
    const detail = extAck.message ? `: ${extAck.message}` : '';
    super('ERR_LINX_KERNEL', `${name}${description ? ` (${description})` : ''}${detail}`);
    this.errno = Math.abs(errno);
    this.errnoName = errnoName(errno) ?? name;
    this.extAckMessage = extAck.message;
    this.offset = extAck.offset;
    this.policy = extAck.policy;
    this.missingType = extAck.missingType;
    this.missingNest = extAck.missingNest;
    this.cookie = extAck.cookie;
    this.seq = context.seq;
    this.requestType = context.type;
    this.echoedPayload = context.echoedPayload;
    // Without an offset, or without the header length that says where the attributes start, no attribute is
    // found: an offset of Infinity is in none, and attributes that start at Infinity are none.
    this.attribute = context.request && locateAttribute(context.request, extAck.offset ?? Infinity, context.headerLength ?? Infinity);
  }

  /** Records the name of the attribute the offset points into, and adds it to the message. */
  nameAttribute(path: string): this {
    if (this.attributePath === undefined) {
      this.attributePath = path;
      this.message += ` (attribute ${path})`;
    }
    return this;
  }

  /**
   * Says what was being done when the kernel refused it, and what the errno means there: the message
   * becomes `routes.add 192.0.2.0/24 via 10.0.0.2: EEXIST (a route with this key exists)`, the kernel's
   * ext-ack text and the blamed attribute kept after it. The first call wins (the innermost caller knows
   * best); `errno`, `code` and the rest are unchanged.
   */
  during(operation: string, hint?: string): this {
    if (this.operation !== undefined) return this;
    this.operation = operation;
    this.hint = hint;
    const name = formatErrno(this.errno);
    const description = hint ?? errnoDescription(this.errno);
    const detail = this.extAckMessage ? `: ${this.extAckMessage}` : '';
    const attribute = this.attributePath === undefined ? '' : ` (attribute ${this.attributePath})`;
    this.message = `${operation}: ${name}${description ? ` (${description})` : ''}${detail}${attribute}`;
    return this;
  }

  /** The error an NLMSG_ERROR carries. The request is located from `context.request` or the echoed payload. */
  static fromErrorMessage(error: ErrorMessage, context: RequestContext = {}): NetlinkError {
    const request = context.request ?? echoedRequest(error);
    return new NetlinkError(error.errno, error.extAck, {
      ...context,
      ...(request ? { request } : {}),
      // A copy: the echo lies in a receive buffer that is reused.
      ...(error.requestPayload ? { echoedPayload: error.requestPayload.slice() } : {}),
      seq: error.request.seq,
      type: error.request.type,
    });
  }

  /** The error an NLMSG_DONE carries at the end of a dump. */
  static fromDoneMessage(done: DoneMessage, context: RequestContext = {}): NetlinkError {
    return new NetlinkError(done.errno, done.extAck, context);
  }
}

/** Rebuilds the request message from an uncapped NLMSG_ERROR, so its offset can be located. */
function echoedRequest(error: ErrorMessage): Uint8Array | undefined {
  if (!error.requestPayload) return undefined;
  const bytes = new Uint8Array(16 + error.requestPayload.length);
  bytes.set(error.requestPayload, 16);
  return bytes;
}
