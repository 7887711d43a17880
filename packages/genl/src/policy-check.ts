import { HOST_LITTLE_ENDIAN, iterateAttributes, MalformedError, NLA_HDRLEN, viewOf, type Attribute } from '@linx/netlink-wire';
import type { PolicyViolationReason } from './errors.js';
import type { AttributePolicy, FamilyPolicy } from './policy.js';

/** One attribute of a request that breaks its policy: where it is (offset of its header in the payload), its number, why. */
export interface PolicyViolation {
  offset: number;
  id: number;
  reason: PolicyViolationReason;
  detail: string;
}

/** Byte sizes of the fixed-size integer types (nla_attr_len[] in lib/nlattr.c). */
const INT_SIZE: Partial<Record<string, number>> = { u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8 };

/** The integer an attribute carries, read as its policy type says (host order, as the kernel's nla_get_*). */
function intOf(type: string, payload: Uint8Array): bigint | undefined {
  const view = viewOf(payload);
  const le = HOST_LITTLE_ENDIAN;
  switch (type) {
    case 'u8':
      return BigInt(view.getUint8(0));
    case 's8':
      return BigInt(view.getInt8(0));
    case 'u16':
      return BigInt(view.getUint16(0, le));
    case 's16':
      return BigInt(view.getInt16(0, le));
    case 'u32':
      return BigInt(view.getUint32(0, le));
    case 's32':
      return BigInt(view.getInt32(0, le));
    case 'u64':
      return view.getBigUint64(0, le);
    case 's64':
      return view.getBigInt64(0, le);
    case 'uint':
      return payload.length === 4 ? BigInt(view.getUint32(0, le)) : view.getBigUint64(0, le);
    case 'sint':
      return payload.length === 4 ? BigInt(view.getInt32(0, le)) : view.getBigInt64(0, le);
    default:
      return undefined;
  }
}

/**
 * Checks a request's attributes against the policy the kernel will check them with, as lib/nlattr.c
 * (validate_nla, strict mode) does with what CTRL_CMD_GETPOLICY tells of it: fixed-size integers have
 * their exact size, NLA_UINT/SINT 4 or 8 bytes, flags none; integers lie in their range and within their
 * mask; strings and binaries within their length bounds (a NUL-terminated string has its NUL within them);
 * bitfield32 values and selectors within their mask; nests are followed into their policies (a nested
 * array's items each into the item policy). An attribute above the policy's highest (`maxtype`, which the
 * dump gives for a nested policy; for a command's own policy the highest it lists) is unknown to the
 * kernel, which refuses it. One the dump does not list below that is let through: the dump leaves out
 * attributes it has no words for (mptcp_pm's big-endian `addr4`, NLA_BE32, is accepted by the kernel yet
 * absent from its dump), so absence alone does not say the kernel refuses it. Returns the first attribute
 * that breaks the policy.
 */
export function checkPolicy(
  policy: FamilyPolicy,
  index: number,
  bytes: Uint8Array,
  start: number,
  end: number = bytes.length,
  options: CheckPolicyOptions = {},
): PolicyViolation | undefined {
  return checkSet(policy, index, undefined, bytes, start, end, 0, options.known);
}

/** Options of `checkPolicy`. */
export interface CheckPolicyOptions {
  /**
   * Top-level attribute numbers the caller knows the command takes (the typed client: those its spec lists
   * for the request). A command's policy gives no highest attribute, only the ones its dump can describe, so
   * one of these above them is left to the kernel rather than refused as unknown.
   */
  known?: ReadonlySet<number>;
}

function checkSet(
  policy: FamilyPolicy,
  index: number,
  maxtype: number | undefined,
  bytes: Uint8Array,
  start: number,
  end: number,
  depth: number,
  known?: ReadonlySet<number>,
): PolicyViolation | undefined {
  const attributes = policy.policies.get(index);
  const highest = maxtype ?? Math.max(0, ...(attributes?.keys() ?? []));
  let list: Attribute[];
  try {
    list = [...iterateAttributes(bytes, start, end)];
  } catch (error) {
    if (error instanceof MalformedError) return { offset: start, id: 0, reason: 'malformed', detail: 'is not a well-formed attribute list' };
    throw error;
  }
  for (const attribute of list) {
    if (attribute.type > highest && !(known?.has(attribute.type) ?? false)) {
      return { offset: attribute.offset, id: attribute.type, reason: 'unknown-attribute', detail: `is above the highest attribute (${highest}) of the policy the kernel checks it with (policy ${index})` };
    }
    const rule = attributes?.get(attribute.type);
    if (rule === undefined) continue;
    const violation = checkAttribute(policy, rule, attribute, bytes, depth);
    if (violation) return violation;
  }
  return undefined;
}

function checkAttribute(policy: FamilyPolicy, rule: AttributePolicy, attribute: Attribute, bytes: Uint8Array, depth: number): PolicyViolation | undefined {
  const { payload, offset, type: id } = attribute;
  const fail = (reason: PolicyViolationReason, detail: string): PolicyViolation => ({ offset, id, reason, detail });
  const type = typeof rule.type === 'number' ? String(rule.type) : rule.type;
  const size = INT_SIZE[type];
  if (size !== undefined && payload.length !== size) return fail('length', `is ${payload.length} bytes; the policy's ${type} is ${size}`);
  if ((type === 'uint' || type === 'sint') && payload.length !== 4 && payload.length !== 8) return fail('length', `is ${payload.length} bytes; a ${type} is 4 or 8`);
  if (type === 'flag' && payload.length !== 0) return fail('length', `is ${payload.length} bytes; a flag has none`);
  const value = intOf(type, payload);
  if (value !== undefined) {
    if (rule.minValue !== undefined && value < rule.minValue) return fail('range', `is ${value}, below the policy's minimum ${rule.minValue}`);
    if (rule.maxValue !== undefined && value > rule.maxValue) return fail('range', `is ${value}, above the policy's maximum ${rule.maxValue}`);
    if (rule.mask !== undefined && (BigInt.asUintN(64, value) & ~rule.mask) !== 0n) return fail('mask', `is 0x${BigInt.asUintN(64, value).toString(16)}, outside the policy's mask 0x${rule.mask.toString(16)}`);
    return undefined;
  }
  switch (type) {
    case 'nul-string': {
      const nul = payload.indexOf(0);
      if (nul < 0) return fail('malformed', 'is not NUL-terminated');
      if (rule.maxLength !== undefined && nul > rule.maxLength) return fail('length', `is ${nul} characters; the policy allows ${rule.maxLength}`);
      return undefined;
    }
    case 'string': {
      const length = payload.length > 0 && payload[payload.length - 1] === 0 ? payload.length - 1 : payload.length;
      if (rule.maxLength !== undefined && length > rule.maxLength) return fail('length', `is ${length} characters; the policy allows ${rule.maxLength}`);
      if (rule.minLength !== undefined && length < rule.minLength) return fail('length', `is ${length} characters; the policy needs ${rule.minLength}`);
      return undefined;
    }
    case 'binary': {
      if (rule.maxLength !== undefined && payload.length > rule.maxLength) return fail('length', `is ${payload.length} bytes; the policy allows ${rule.maxLength}`);
      if (rule.minLength !== undefined && payload.length < rule.minLength) return fail('length', `is ${payload.length} bytes; the policy needs ${rule.minLength}`);
      return undefined;
    }
    case 'bitfield32': {
      if (payload.length !== 8) return fail('length', `is ${payload.length} bytes; a bitfield32 is 8`);
      const view = viewOf(payload);
      const mask = rule.bitfield32Mask ?? 0xffffffff;
      const value = view.getUint32(0, HOST_LITTLE_ENDIAN);
      const selector = view.getUint32(4, HOST_LITTLE_ENDIAN);
      const bits = value | selector;
      if ((bits & ~mask) >>> 0 !== 0) return fail('mask', `sets bits 0x${((bits & ~mask) >>> 0).toString(16)} outside the policy's mask 0x${mask.toString(16)}`);
      // validate_nla_bitfield32: a value bit its selector does not select is refused too.
      if ((value & ~selector) >>> 0 !== 0) return fail('mask', `has value bits 0x${((value & ~selector) >>> 0).toString(16)} its selector does not select`);
      return undefined;
    }
    case 'nested':
    case 'nested-array': {
      if (rule.policy === undefined || depth >= 16) return undefined;
      const from = payload.byteOffset - bytes.byteOffset;
      if (type === 'nested') return checkSet(policy, rule.policy, rule.maxtype, bytes, from, from + payload.length, depth + 1);
      // A nested array: each item is a nest (numbered by position) whose contents follow the item policy.
      let items: Attribute[];
      try {
        items = [...iterateAttributes(bytes, from, from + payload.length)];
      } catch {
        return fail('malformed', 'is not a well-formed nested array');
      }
      for (const item of items) {
        const at = item.payload.byteOffset - bytes.byteOffset;
        if (item.payload.length < NLA_HDRLEN && item.payload.length !== 0) return { offset: item.offset, id, reason: 'malformed', detail: 'has an item that is not a nest' };
        const violation = checkSet(policy, rule.policy, rule.maxtype, bytes, at, at + item.payload.length, depth + 1);
        if (violation) return violation;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
