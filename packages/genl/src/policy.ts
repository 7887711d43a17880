import type { AttrType } from './generated/nlctrl.js';
import type { CtrlValue } from './nlctrl.js';

/** How the kernel checks one attribute of a request (NL_POLICY_TYPE_ATTR_*, linux/netlink.h). */
export interface AttributePolicy {
  /** The attribute's type as the policy states it: `u32`, `string`, `nested`, `nested-array`, `flag`, … (a type this version of linx has no name for: its number) */
  type: AttrType | number;
  /** Range of an integer (signed or unsigned, whichever the kernel reported). */
  minValue?: bigint;
  maxValue?: bigint;
  /** Length bounds of a string or binary attribute. */
  minLength?: number;
  maxLength?: number;
  /** For a nest: the index of the policy its contents follow, and that policy's highest attribute. */
  policy?: number;
  maxtype?: number;
  /** For a bitfield32: the bits allowed. */
  bitfield32Mask?: number;
  /** For an integer checked against a mask: the bits allowed. */
  mask?: bigint;
}

/** The policy indexes of one command: for its `do` and its `dump`, where it takes attributes there. */
export interface OperationPolicy {
  do?: number;
  dump?: number;
}

/**
 * A family's request policies (CTRL_CMD_GETPOLICY): the policies by index, each an attribute number →
 * `AttributePolicy` map, and which policy each command's do and dump follow. Nested attributes point at
 * further policies by index.
 */
export interface FamilyPolicy {
  family: string;
  /** The family id the kernel reported. */
  id: number;
  /** Command → its policy indexes; a command that takes no attributes has none. */
  operations: Map<number, OperationPolicy>;
  /** Policy index → attribute number → how it is checked. */
  policies: Map<number, Map<number, AttributePolicy>>;
}

/** The messages of a CTRL_CMD_GETPOLICY dump, put together. */
export function policyOf(family: string, messages: readonly CtrlValue[]): FamilyPolicy {
  const out: FamilyPolicy = { family, id: 0, operations: new Map(), policies: new Map() };
  for (const { attrs } of messages) {
    if (attrs.familyId !== undefined) out.id = attrs.familyId;
    for (const { type: cmd, value } of attrs.opPolicy ?? []) {
      const op: OperationPolicy = {};
      if (value.do !== undefined) op.do = value.do;
      if (value.dump !== undefined) op.dump = value.dump;
      out.operations.set(cmd, op);
    }
    for (const { type: index, value: attributes } of attrs.policy ?? []) {
      let policy = out.policies.get(index);
      if (policy === undefined) out.policies.set(index, (policy = new Map()));
      for (const { type: id, value } of attributes) policy.set(id, attributePolicyOf(value));
    }
  }
  return out;
}

type PolicyAttrs = NonNullable<CtrlValue['attrs']['policy']>[number]['value'][number]['value'];

function attributePolicyOf(p: PolicyAttrs): AttributePolicy {
  const out: AttributePolicy = { type: p.type ?? 'invalid' };
  const min = p.minValueS ?? p.minValueU;
  const max = p.maxValueS ?? p.maxValueU;
  if (min !== undefined) out.minValue = BigInt(min);
  if (max !== undefined) out.maxValue = BigInt(max);
  if (p.minLength !== undefined) out.minLength = p.minLength;
  if (p.maxLength !== undefined) out.maxLength = p.maxLength;
  if (p.policyIdx !== undefined) out.policy = p.policyIdx;
  if (p.policyMaxtype !== undefined) out.maxtype = p.policyMaxtype;
  if (p.bitfield32Mask !== undefined) out.bitfield32Mask = p.bitfield32Mask;
  if (p.mask !== undefined) out.mask = BigInt(p.mask);
  return out;
}
