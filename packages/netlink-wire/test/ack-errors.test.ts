import { describe, expect, it } from 'vitest';
import {
  AttributeEncoder,
  EncodeError,
  MalformedError,
  NetlinkError,
  decodeExtAck,
  isAck,
  locateAttribute,
  parseDoneMessage,
  parseErrorMessage,
  type NetlinkMessage,
} from '../src/index.js';
import { bytesFrom, concat, header, s32 } from './helpers/bytes.js';

// The edges of struct nlmsgerr, NLMSG_DONE and the extended ACK (linux/netlink.h), and what NetlinkError
// makes of them. Numbers below are the UAPI values, written out: NLMSG_ERROR 2, NLMSG_DONE 3,
// NLM_F_CAPPED 0x100, NLM_F_ACK_TLVS 0x200, NLMSGERR_ATTR_MSG 1 / OFFS 2 / POLICY 4 / MISS_TYPE 5.

const ERROR = 2;
const DONE = 3;
const CAPPED = 0x100;
const ACK_TLVS = 0x200;
const msg = (type: number, flags: number, payload: Uint8Array): NetlinkMessage => ({ type, flags, seq: 9, pid: 0, payload });
/** An NLMSGERR_ATTR_MSG TLV, little-endian. */
const messageTlv = (text: string) => new AttributeEncoder().string(1, text).finish();

describe('parseErrorMessage: the echoed request', () => {
  it('a request that was only an nlmsghdr is echoed as an empty payload, not as capped', () => {
    // e.g. a bare request of 16 bytes answered with -EOPNOTSUPP, NETLINK_CAP_ACK off
    const error = parseErrorMessage(msg(ERROR, 0, concat(s32(-95), header(16, 40, 0x5, 9, 0))));
    expect(error).toStrictEqual({
      errno: 95,
      request: { length: 16, type: 40, flags: 0x5, seq: 9, pid: 0 },
      capped: false,
      requestPayload: new Uint8Array(0),
      extAck: {},
    });
  });

  it('an echoed nlmsg_len shorter than a header cannot be echoed: treated as capped, no payload key', () => {
    const error = parseErrorMessage(msg(ERROR, 0, concat(s32(-22), header(8, 16, 0, 9, 0), new Uint8Array(8))));
    expect(error).toStrictEqual({ errno: 22, request: { length: 8, type: 16, flags: 0, seq: 9, pid: 0 }, capped: true, extAck: {} });
  });

  it('a capped reply has no requestPayload key at all', () => {
    const error = parseErrorMessage(msg(ERROR, CAPPED, concat(s32(-1), header(40, 16, 0x5, 9, 0))));
    expect(Object.keys(error).sort()).toEqual(['capped', 'errno', 'extAck', 'request']);    expect(NetlinkError.fromErrorMessage(error).echoedPayload).toBeUndefined();
  });

  it('the truncation message names the sizes', () => {
    expect(() => parseErrorMessage(msg(ERROR, 0, s32(-1)))).toThrow(
      'NLMSG_ERROR payload of 4 bytes is shorter than struct nlmsgerr (20) (at byte 0)',
    );
  });
});

describe('parseErrorMessage: ext-ack TLVs', () => {
  it('bytes after the request are TLVs only when NLM_F_ACK_TLVS says so', () => {
    const payload = concat(s32(-22), header(16, 16, 0, 9, 0), messageTlv('ignored'));
    expect(parseErrorMessage(msg(ERROR, CAPPED, payload)).extAck).toEqual({});
    expect(parseErrorMessage(msg(ERROR, CAPPED | ACK_TLVS, payload)).extAck).toEqual({ message: 'ignored' });
  });

  it('NLM_F_ACK_TLVS with nothing after the request is an empty ext-ack', () => {
    expect(parseErrorMessage(msg(ERROR, CAPPED | ACK_TLVS, concat(s32(-22), header(16, 16, 0, 9, 0)))).extAck).toEqual({});
  });

  it('reads a big-endian host capture with the byte order it is given', () => {
    // errno -22, nlmsghdr {len 16, type 16, seq 9}, then NLMSGERR_ATTR_OFFS = 36, all big-endian
    const payload = bytesFrom('ff ff ff ea  00 00 00 10 00 10 00 00 00 00 00 09 00 00 00 00  00 08 00 02 00 00 00 24');
    const error = parseErrorMessage(msg(ERROR, CAPPED | ACK_TLVS, payload), false);
    expect(error.errno).toBe(22);
    expect(error.request).toEqual({ length: 16, type: 16, flags: 0, seq: 9, pid: 0 });
    expect(error.extAck).toEqual({ offset: 36 });
  });
});

describe('parseDoneMessage', () => {
  it('refuses a message that is not NLMSG_DONE', () => {
    expect(() => parseDoneMessage(msg(ERROR, 0, s32(0)))).toThrow(new MalformedError('message type 2 is not NLMSG_DONE', 0));
  });

  it('a DONE of just the errno int carries that errno', () => {
    expect(parseDoneMessage(msg(DONE, 0x2, s32(-16)))).toEqual({ errno: 16, extAck: {} });
  });

  it('ignores bytes after the errno without NLM_F_ACK_TLVS, decodes them with it', () => {
    const payload = concat(s32(-4), messageTlv('interrupted'));
    expect(parseDoneMessage(msg(DONE, 0x2, payload))).toEqual({ errno: 4, extAck: {} });
    expect(parseDoneMessage(msg(DONE, 0x2 | ACK_TLVS, payload))).toEqual({ errno: 4, extAck: { message: 'interrupted' } });
    expect(parseDoneMessage(msg(DONE, 0x2 | ACK_TLVS, s32(-4)))).toEqual({ errno: 4, extAck: {} });
  });

  it('reads the errno in the byte order it is given', () => {
    expect(parseDoneMessage(msg(DONE, 0x2, bytesFrom('ff ff ff f0')), false).errno).toBe(16);
  });
});

describe('isAck', () => {
  it('is an NLMSG_ERROR whose errno is 0, even with nothing after the errno', () => {
    expect(isAck(msg(ERROR, 0, s32(0)))).toBe(true);
    expect(isAck(msg(ERROR, CAPPED, concat(s32(0), header(16, 16, 0, 9, 0))))).toBe(true);
  });

  it('is not an error, a DONE, or a payload too short to hold the errno', () => {
    expect(isAck(msg(ERROR, 0, s32(-1)))).toBe(false);
    expect(isAck(msg(DONE, 0, s32(0)))).toBe(false);
    expect(isAck(msg(ERROR, 0, new Uint8Array(0)))).toBe(false);
    expect(isAck(msg(ERROR, 0, new Uint8Array(3)))).toBe(false);
  });
});

describe('decodeExtAck: NLMSGERR_ATTR_POLICY', () => {
  it('decodes every NL_POLICY_TYPE_ATTR_* field (numbers from enum netlink_policy_type_attr)', () => {
    const policy = new AttributeEncoder()
      .u32(1, 4) // TYPE: NL_ATTR_TYPE_U16
      .s64(2, -5n) // MIN_VALUE_S
      .s64(3, 7n) // MAX_VALUE_S
      .u64(4, 1n) // MIN_VALUE_U
      .u64(5, 0xffff_ffff_ffn) // MAX_VALUE_U
      .u32(6, 2) // MIN_LENGTH
      .u32(7, 16) // MAX_LENGTH
      .u32(8, 3) // POLICY_IDX
      .u32(9, 30) // POLICY_MAXTYPE
      .u32(10, 0x0f) // BITFIELD32_MASK
      .u64(11, 0n) // PAD: ignored
      .u64(12, 0xf0n) // MASK
      .finish();
    const tlvs = new AttributeEncoder().bytes(4, policy, { nested: true }).finish();
    expect(decodeExtAck(tlvs)).toEqual({
      policy: {
        type: 4,
        minValueSigned: -5n,
        maxValueSigned: 7n,
        minValueUnsigned: 1n,
        maxValueUnsigned: 0xffff_ffff_ffn,
        minLength: 2,
        maxLength: 16,
        policyIndex: 3,
        policyMaxType: 30,
        bitfield32Mask: 0x0f,
        mask: 0xf0n,
      },
    });
  });

  it('ignores TLV types it does not know, at the top and in the policy', () => {
    const tlvs = new AttributeEncoder()
      .u32(99, 1)
      .nested(4, (p) => p.u32(99, 1).u32(6, 8))
      .u32(5, 3)
      .finish();
    expect(decodeExtAck(tlvs)).toEqual({ policy: { minLength: 8 }, missingType: 3 });
  });

  it('a policy field too short for its type is malformed', () => {
    const tlvs = new AttributeEncoder().nested(4, (p) => p.u16(2, 1)).finish();
    expect(() => decodeExtAck(tlvs)).toThrow(MalformedError);
  });
});

describe('NetlinkError', () => {
  // RTM_NEWLINK: nlmsghdr, 16-byte ifinfomsg, IFLA_MTU (4) at 32, IFLA_IFNAME (3) at 40.
  const request = concat(header(52, 16, 0x5, 9, 0), new Uint8Array(16), new AttributeEncoder().u32(4, 70000).string(3, 'v0').finish());

  it('locates the offending attribute only with the offset, the request and its header length all known', () => {
    expect(new NetlinkError(22, { offset: 40 }, { request, headerLength: 16 }).attribute).toEqual({ path: [3], attributeOffset: 40, exact: true });
    expect(new NetlinkError(22, {}, { request, headerLength: 16 }).attribute).toBeUndefined();
    expect(new NetlinkError(22, { offset: 40 }, { headerLength: 16 }).attribute).toBeUndefined();
    expect(new NetlinkError(22, { offset: 40 }, { request }).attribute).toBeUndefined();
  });

  it('a capped error without the request keeps the offset but has no location', () => {
    const error = parseErrorMessage(msg(ERROR, CAPPED | ACK_TLVS, concat(s32(-22), request.subarray(0, 16), new AttributeEncoder().u32(2, 32).finish())));
    const e = NetlinkError.fromErrorMessage(error, { headerLength: 16 });
    expect(e.offset).toBe(32);
    expect(e.attribute).toBeUndefined();
  });

  it('nameAttribute adds the attribute path to the message once, and returns the error', () => {
    const e = new NetlinkError(34, { message: 'out of range' });
    expect(e.attributePath).toBeUndefined();
    expect(e.nameAttribute('linkinfo.data.peer.ifname')).toBe(e);
    expect(e.attributePath).toBe('linkinfo.data.peer.ifname');
    expect(e.message).toBe('ERANGE (Result out of range): out of range (attribute linkinfo.data.peer.ifname)');
    e.nameAttribute('other');
    expect(e.attributePath).toBe('linkinfo.data.peer.ifname');
    expect(e.message).toBe('ERANGE (Result out of range): out of range (attribute linkinfo.data.peer.ifname)');
  });

  it('EncodeError has its stable code', () => {
    expect(new EncodeError('x')).toMatchObject({ code: 'ERR_LINX_ENCODE', name: 'EncodeError', message: 'x' });
  });
});

describe('locateAttribute: padding, leaves and nests', () => {
  // nlmsghdr + 4-byte family header, then IFNAME-like string 'ab' (len 7, one pad byte) at 20, u32 (type 2) at 28.
  const request = concat(header(36, 16, 0, 0, 0), new Uint8Array(4), new AttributeEncoder().string(1, 'ab').u32(2, 5).finish());

  it('an offset in the padding after an attribute is in no attribute', () => {
    expect(locateAttribute(request, 27, 4)).toBeUndefined();
    expect(locateAttribute(request, 26, 4)).toEqual({ path: [1], attributeOffset: 20, exact: false });
    expect(locateAttribute(request, 28, 4)).toEqual({ path: [2], attributeOffset: 28, exact: true });
  });

  it('an offset in the padding inside a nest stops at the nest', () => {
    const nested = concat(header(0, 16, 0, 0, 0), new AttributeEncoder().nested(7, (e) => e.string(1, 'ab').u32(2, 5)).finish());
    // the nest at 16, 'ab' at 20 (pad byte 27), the u32 at 28
    expect(locateAttribute(nested, 27, 0)).toEqual({ path: [7], attributeOffset: 16, exact: false });
    expect(locateAttribute(nested, 30, 0)).toEqual({ path: [7, 2], attributeOffset: 28, exact: false });
  });

  it('a leaf whose first bytes happen to look like an attribute is not walked into', () => {
    // type 5, 12-byte payload: "05 00 01 00" reads as a 5-byte attribute, but the rest does not parse
    const leaf = bytesFrom('10 00 05 00  05 00 01 00 61 00 00 00 ff ff 00 00');
    const r = concat(header(32, 16, 0, 0, 0), leaf);
    expect(locateAttribute(r, 24, 0)).toEqual({ path: [5], attributeOffset: 16, exact: false });
  });

  it('a nest flagged NLA_F_NESTED is walked into even if it is damaged after the offset', () => {
    // type 7 | NLA_F_NESTED, holding a u32 (type 1) and then a header claiming 0xffff bytes
    const nest = bytesFrom('10 00 07 80  08 00 01 00 2a 00 00 00  ff ff 02 00');
    const r = concat(header(32, 16, 0, 0, 0), nest);
    expect(locateAttribute(r, 20, 0)).toEqual({ path: [7, 1], attributeOffset: 20, exact: true });
    // the damaged part itself has no inner location
    expect(locateAttribute(r, 28, 0)).toEqual({ path: [7], attributeOffset: 16, exact: false });
  });

  it('an offset inside a nest header is the nest, not its first attribute', () => {
    const nested = concat(header(0, 16, 0, 0, 0), new AttributeEncoder().nested(7, (e) => e.u32(1, 5)).finish());
    expect(locateAttribute(nested, 18, 0)).toEqual({ path: [7], attributeOffset: 16, exact: false });
  });
});
