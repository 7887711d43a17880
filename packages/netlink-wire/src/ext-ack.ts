import { AttributeDecoder } from './attribute-decoder.js';
import {
  NLMSGERR_ATTR_COOKIE,
  NLMSGERR_ATTR_MISS_NEST,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  NLMSGERR_ATTR_POLICY,
  NL_POLICY_TYPE_ATTR_BITFIELD32_MASK,
  NL_POLICY_TYPE_ATTR_MASK,
  NL_POLICY_TYPE_ATTR_MAX_LENGTH,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_S,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_U,
  NL_POLICY_TYPE_ATTR_MIN_LENGTH,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_S,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_U,
  NL_POLICY_TYPE_ATTR_POLICY_IDX,
  NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE,
  NL_POLICY_TYPE_ATTR_TYPE,
} from './constants.js';

/** The policy the kernel applied to a rejected attribute (NLMSGERR_ATTR_POLICY, NL_POLICY_TYPE_ATTR_*). */
export interface AttributePolicy {
  /** NL_ATTR_TYPE_* of the attribute. */
  type?: number;
  minValueSigned?: bigint;
  maxValueSigned?: bigint;
  minValueUnsigned?: bigint;
  maxValueUnsigned?: bigint;
  minLength?: number;
  maxLength?: number;
  policyIndex?: number;
  policyMaxType?: number;
  bitfield32Mask?: number;
  mask?: bigint;
}

/** The extended ACK TLVs of an NLMSG_ERROR or NLMSG_DONE (present with NLM_F_ACK_TLVS). */
export interface ExtAck {
  /** The kernel's human-readable reason. */
  message?: string;
  /** Offset of the offending attribute in the request, counted from the start of its nlmsghdr. */
  offset?: number;
  /** Subsystem-specific bytes, e.g. identifying a created object. */
  cookie?: Uint8Array;
  policy?: AttributePolicy;
  /** Type of a required attribute that was missing. */
  missingType?: number;
  /** Offset in the request of the nest where `missingType` was missing (absent: the top level). */
  missingNest?: number;
}

/** Decodes the NLMSGERR_ATTR_* TLVs. Unknown ones are ignored (the kernel may add more). */
export function decodeExtAck(tlvs: Uint8Array, littleEndian?: boolean): ExtAck {
  const ack: ExtAck = {};
  const d = new AttributeDecoder(tlvs, { littleEndian });
  while (d.next()) {
    switch (d.type) {
      case NLMSGERR_ATTR_MSG: ack.message = d.string(); break;
      case NLMSGERR_ATTR_OFFS: ack.offset = d.u32(); break;
      case NLMSGERR_ATTR_COOKIE: ack.cookie = d.bytesCopy(); break;
      case NLMSGERR_ATTR_POLICY: ack.policy = decodePolicy(d.nestedDecoder()); break;
      case NLMSGERR_ATTR_MISS_TYPE: ack.missingType = d.u32(); break;
      case NLMSGERR_ATTR_MISS_NEST: ack.missingNest = d.u32(); break;
    }
  }
  d.finish();
  return ack;
}

function decodePolicy(d: AttributeDecoder): AttributePolicy {
  const policy: AttributePolicy = {};
  while (d.next()) {
    switch (d.type) {
      case NL_POLICY_TYPE_ATTR_TYPE: policy.type = d.u32(); break;
      case NL_POLICY_TYPE_ATTR_MIN_VALUE_S: policy.minValueSigned = d.s64(); break;
      case NL_POLICY_TYPE_ATTR_MAX_VALUE_S: policy.maxValueSigned = d.s64(); break;
      case NL_POLICY_TYPE_ATTR_MIN_VALUE_U: policy.minValueUnsigned = d.u64(); break;
      case NL_POLICY_TYPE_ATTR_MAX_VALUE_U: policy.maxValueUnsigned = d.u64(); break;
      case NL_POLICY_TYPE_ATTR_MIN_LENGTH: policy.minLength = d.u32(); break;
      case NL_POLICY_TYPE_ATTR_MAX_LENGTH: policy.maxLength = d.u32(); break;
      case NL_POLICY_TYPE_ATTR_POLICY_IDX: policy.policyIndex = d.u32(); break;
      case NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE: policy.policyMaxType = d.u32(); break;
      case NL_POLICY_TYPE_ATTR_BITFIELD32_MASK: policy.bitfield32Mask = d.u32(); break;
      case NL_POLICY_TYPE_ATTR_MASK: policy.mask = d.u64(); break;
    }
  }
  d.finish();
  return policy;
}
