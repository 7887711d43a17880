import { describe, expect, it } from 'vitest';
import {
  AttributeEncoder,
  MalformedError,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLMSGERR_ATTR_COOKIE,
  NLMSGERR_ATTR_MISS_NEST,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  NLMSGERR_ATTR_POLICY,
  NL_ATTR_TYPE_U32,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_U,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_U,
  NL_POLICY_TYPE_ATTR_TYPE,
  NetlinkError,
  encodeMessage,
  isAck,
  LinxError,
  locateAttribute,
  parseDoneMessage,
  parseErrorMessage,
  parseMessages,
} from '../src/index.js';
import { concat, header, s32 } from './helpers/bytes.js';
import { eexistReply, mtuReply, mtuRequest, vethRequest } from './golden.js';

const only = (bytes: Uint8Array) => parseMessages(bytes)[0]!;

describe('NLMSG_ERROR from the real kernel', () => {
  it('EEXIST without TLVs echoes the whole request', () => {
    const error = parseErrorMessage(only(eexistReply));
    expect(error.errno).toBe(17);
    expect(error.capped).toBe(false);
    expect(error.request).toEqual({ length: 84, type: 16, flags: 0x605, seq: 1795814487, pid: 0 });
    expect(error.requestPayload).toEqual(only(vethRequest).payload);
    expect(error.extAck).toEqual({});
    const e = NetlinkError.fromErrorMessage(error);
    expect(e).toBeInstanceOf(LinxError);
    expect(e).toMatchObject({ code: 'ERR_LINX_KERNEL', errno: 17, errnoName: 'EEXIST', seq: 1795814487, requestType: 16 });
    expect(e.message).toBe('EEXIST (Already exists)');
    // The echoed payload is kept, as a copy of the receive buffer's bytes.
    expect(e.echoedPayload).toEqual(only(vethRequest).payload);
    expect(e.echoedPayload!.buffer).not.toBe(error.requestPayload!.buffer);
  });

  it('EINVAL with the ext-ack message', () => {
    const error = parseErrorMessage(only(mtuReply));
    expect(error.errno).toBe(22);
    expect(error.requestPayload).toEqual(only(mtuRequest).payload);
    expect(error.extAck).toEqual({ message: 'mtu greater than device maximum' });
    const e = NetlinkError.fromErrorMessage(error);
    expect(e.errnoName).toBe('EINVAL');
    expect(e.extAckMessage).toBe('mtu greater than device maximum');
    expect(e.message).toBe('EINVAL (Invalid argument): mtu greater than device maximum');
  });
});

describe('NLMSG_ERROR built from the layout in linux/netlink.h', () => {
  const request = encodeMessage({
    type: 16,
    flags: 5,
    seq: 42,
    payload: concat(new Uint8Array(16), new AttributeEncoder().u32(4, 70000).nested(18, (e) => e.u32(1, 5).u8(2, 9)).finish()),
  });
  const tlvs = new AttributeEncoder()
    .string(NLMSGERR_ATTR_MSG, 'bad value')
    .u32(NLMSGERR_ATTR_OFFS, 52) // the u8 inside the nest: 16 nlmsghdr + 16 ifinfomsg + 8 (u32) + 4 (nest hdr) + 8 (u32)
    .bytes(NLMSGERR_ATTR_COOKIE, Uint8Array.of(1, 2, 3))
    .nested(NLMSGERR_ATTR_POLICY, (p) =>
      p.u32(NL_POLICY_TYPE_ATTR_TYPE, NL_ATTR_TYPE_U32).u64(NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 1n).u64(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, 9n),
    )
    .u32(NLMSGERR_ATTR_MISS_TYPE, 3)
    .u32(NLMSGERR_ATTR_MISS_NEST, 36)
    .finish();

  it('capped (NETLINK_CAP_ACK) with TLVs', () => {
    const reply = encodeMessage({
      type: 2,
      flags: NLM_F_CAPPED | NLM_F_ACK_TLVS,
      seq: 42,
      pid: 99,
      payload: concat(s32(-34), request.subarray(0, 16), tlvs),
    });
    const error = parseErrorMessage(only(reply));
    expect(error.capped).toBe(true);
    expect(error.requestPayload).toBeUndefined();
    expect(error.request.length).toBe(request.length);
    expect(error.extAck).toEqual({
      message: 'bad value',
      offset: 52,
      cookie: Uint8Array.of(1, 2, 3),
      policy: { type: NL_ATTR_TYPE_U32, minValueUnsigned: 1n, maxValueUnsigned: 9n },
      missingType: 3,
      missingNest: 36,
    });
    // The engine passes the request it sent, so the offset maps to an attribute path.
    const e = NetlinkError.fromErrorMessage(error, { request, headerLength: 16 });
    expect(e.errnoName).toBe('ERANGE');
    expect(e.attribute).toEqual({ path: [18, 2], attributeOffset: 52, exact: true });
    expect(e).toMatchObject({ offset: 52, missingType: 3, missingNest: 36, cookie: Uint8Array.of(1, 2, 3) });
    expect(e.policy?.maxValueUnsigned).toBe(9n);
  });

  it('not capped, with TLVs after the echoed request: the echo locates the attribute', () => {
    const reply = encodeMessage({ type: 2, flags: NLM_F_ACK_TLVS, seq: 42, payload: concat(s32(-22), request, tlvs) });
    const error = parseErrorMessage(only(reply));
    expect(error.capped).toBe(false);
    expect(error.requestPayload?.length).toBe(request.length - 16);
    expect(error.extAck.message).toBe('bad value');
    expect(NetlinkError.fromErrorMessage(error, { headerLength: 16 }).attribute?.path).toEqual([18, 2]);
  });

  it('an ACK (errno 0), capped, from a modern kernel', () => {
    const ack = encodeMessage({ type: 2, flags: NLM_F_CAPPED, seq: 42, payload: concat(s32(0), request.subarray(0, 16)) });
    expect(isAck(only(ack))).toBe(true);
    expect(parseErrorMessage(only(ack))).toMatchObject({ errno: 0, capped: true, extAck: {} });
  });

  it('an ACK without the CAPPED flag and without the payload, as older kernels sent it', () => {
    const ack = encodeMessage({ type: 2, seq: 42, payload: concat(s32(0), request.subarray(0, 16)) });
    expect(parseErrorMessage(only(ack))).toMatchObject({ errno: 0, capped: true });
  });

  it('an ACK carrying a cookie', () => {
    const cookie = new AttributeEncoder().bytes(NLMSGERR_ATTR_COOKIE, Uint8Array.of(7, 7)).finish();
    const ack = encodeMessage({ type: 2, flags: NLM_F_CAPPED | NLM_F_ACK_TLVS, payload: concat(s32(0), request.subarray(0, 16), cookie) });
    expect(parseErrorMessage(only(ack)).extAck.cookie).toEqual(Uint8Array.of(7, 7));
  });

  it('a truncated nlmsgerr is malformed', () => {
    expect(() => parseErrorMessage(only(encodeMessage({ type: 2, payload: s32(-1) })))).toThrow(MalformedError);
    expect(() => parseErrorMessage(only(encodeMessage({ type: 3, payload: s32(0) })))).toThrow(/not NLMSG_ERROR/);
  });

  it('corrupt TLVs are malformed, not a crash', () => {
    const reply = encodeMessage({ type: 2, flags: NLM_F_CAPPED | NLM_F_ACK_TLVS, payload: concat(s32(-1), request.subarray(0, 16), Uint8Array.of(9, 0, 1, 0)) });
    expect(() => parseErrorMessage(only(reply))).toThrow(MalformedError);
  });
});

describe('NLMSG_DONE', () => {
  it('with errno 0, or empty, ends a dump successfully', () => {
    expect(parseDoneMessage(only(encodeMessage({ type: 3, flags: 2, payload: s32(0) })))).toEqual({ errno: 0, extAck: {} });
    expect(parseDoneMessage(only(encodeMessage({ type: 3 })))).toEqual({ errno: 0, extAck: {} });
  });

  it('carrying an errno and ext-ack TLVs is an error', () => {
    const tlvs = new AttributeEncoder().string(NLMSGERR_ATTR_MSG, 'dump failed').finish();
    const done = parseDoneMessage(only(encodeMessage({ type: 3, flags: 2 | NLM_F_ACK_TLVS, seq: 5, payload: concat(s32(-4), tlvs) })));
    expect(done).toEqual({ errno: 4, extAck: { message: 'dump failed' } });
    const e = NetlinkError.fromDoneMessage(done, { seq: 5, type: 18 });
    expect(e).toMatchObject({ errnoName: 'EINTR', extAckMessage: 'dump failed', seq: 5, requestType: 18 });
  });
});

describe('NetlinkError', () => {
  it('names errnos without a name by number', () => {
    const e = new NetlinkError(4242);
    expect(e.errnoName).toBe('errno 4242');
    expect(e.message).toBe('errno 4242');
  });
  it('knows ERESTART, the nfnetlink generation conflict', () => {
    expect(new NetlinkError(85).errnoName).toBe('ERESTART');
  });
});

describe('locateAttribute', () => {
  const request = concat(header(0, 16, 0, 0, 0), new Uint8Array(16), new AttributeEncoder().u32(4, 1).nested(18, (e) => e.string(1, 'veth').nested(2, (d) => d.u32(1, 1))).finish());
  new DataView(request.buffer).setUint32(0, request.length, true);

  it('finds top-level, nested and doubly nested attributes', () => {
    expect(locateAttribute(request, 32, 16)).toEqual({ path: [4], attributeOffset: 32, exact: true });
    expect(locateAttribute(request, 40, 16)).toEqual({ path: [18], attributeOffset: 40, exact: true });
    expect(locateAttribute(request, 44, 16)).toEqual({ path: [18, 1], attributeOffset: 44, exact: true });
    expect(locateAttribute(request, 56, 16)).toEqual({ path: [18, 2], attributeOffset: 56, exact: true });
    expect(locateAttribute(request, 60, 16)).toEqual({ path: [18, 2, 1], attributeOffset: 60, exact: true });
  });
  it('an offset inside a leaf payload points at that attribute, not exactly', () => {
    expect(locateAttribute(request, 46, 16)).toEqual({ path: [18, 1], attributeOffset: 44, exact: false });
  });
  it('an offset in the headers or past the end has no attribute', () => {
    expect(locateAttribute(request, 20, 16)).toBeUndefined();
    expect(locateAttribute(request, 1000, 16)).toBeUndefined();
  });
});
