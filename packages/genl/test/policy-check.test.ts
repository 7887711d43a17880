// checkPolicy: a request's attributes against a family policy as CTRL_CMD_GETPOLICY describes it, rule by
// rule as lib/nlattr.c's validate_nla checks them (the live test compares with the kernel's own refusals).
import { describe, expect, it } from 'vitest';
import { encodeAttribute } from '@linx/netlink-wire';
import { checkPolicy, type AttributePolicy, type FamilyPolicy } from '../src/index.js';

const le = (n: number, size: number) => {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  if (size === 1) view.setUint8(0, n);
  else if (size === 2) view.setUint16(0, n, true);
  else if (size === 4) view.setUint32(0, n >>> 0, true);
  else view.setBigUint64(0, BigInt(n), true);
  return out;
};
const text = (s: string, nul = true) => new Uint8Array([...new TextEncoder().encode(s), ...(nul ? [0] : [])]);
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

/** A policy whose index 0 is `attrs`, plus further indexes. */
function policyOf(attrs: Record<number, AttributePolicy>, more: Record<number, Record<number, AttributePolicy>> = {}): FamilyPolicy {
  const policies = new Map<number, Map<number, AttributePolicy>>();
  for (const [index, set] of Object.entries({ 0: attrs, ...more })) policies.set(Number(index), new Map(Object.entries(set).map(([id, p]) => [Number(id), p])));
  return { family: 'test', id: 0x20, operations: new Map([[1, { do: 0 }]]), policies };
}
/** Attributes after a 4-byte genlmsghdr, checked from offset 4. */
const check = (policy: FamilyPolicy, ...attrs: Uint8Array[]) => checkPolicy(policy, 0, cat(new Uint8Array(4), ...attrs), 4);

describe('checkPolicy', () => {
  it('accepts what the policy allows', () => {
    const policy = policyOf({ 1: { type: 'u32', minValue: 1n, maxValue: 10n }, 2: { type: 'nul-string', maxLength: 15 }, 3: { type: 'flag' } });
    expect(check(policy, encodeAttribute(1, le(10, 4)), encodeAttribute(2, text('eth0')), encodeAttribute(3, new Uint8Array()))).toBeUndefined();
  });

  it('integers: exact size, range (signed and unsigned), mask', () => {
    const policy = policyOf({ 1: { type: 'u16', minValue: 0n, maxValue: 100n }, 2: { type: 's32', minValue: -5n, maxValue: 5n }, 3: { type: 'u64', mask: 0x0fn } });
    expect(check(policy, encodeAttribute(1, le(7, 4)))).toMatchObject({ id: 1, reason: 'length', offset: 4 });
    expect(check(policy, encodeAttribute(1, le(101, 2)))).toMatchObject({ id: 1, reason: 'range' });
    expect(check(policy, encodeAttribute(2, le(-6, 4)))).toMatchObject({ id: 2, reason: 'range', detail: expect.stringContaining('-6, below') });
    expect(check(policy, encodeAttribute(2, le(-5, 4)))).toBeUndefined();
    expect(check(policy, encodeAttribute(3, le(0x10, 8)))).toMatchObject({ id: 3, reason: 'mask' });
    expect(check(policy, encodeAttribute(3, le(0x0f, 8)))).toBeUndefined();
  });

  it('uint/sint take 4 or 8 bytes; a flag none', () => {
    const policy = policyOf({ 1: { type: 'uint' }, 2: { type: 'flag' } });
    expect(check(policy, encodeAttribute(1, le(1, 4)), encodeAttribute(1, le(1, 8)))).toBeUndefined();
    expect(check(policy, encodeAttribute(1, le(1, 2)))).toMatchObject({ reason: 'length' });
    expect(check(policy, encodeAttribute(2, le(1, 1)))).toMatchObject({ reason: 'length' });
  });

  it('strings: a NUL-terminated one must have its NUL, within the maximum; a plain one counts without a trailing NUL', () => {
    const policy = policyOf({ 1: { type: 'nul-string', maxLength: 3 }, 2: { type: 'string', maxLength: 3 } });
    expect(check(policy, encodeAttribute(1, text('abc')))).toBeUndefined();
    expect(check(policy, encodeAttribute(1, text('abcd')))).toMatchObject({ reason: 'length' });
    expect(check(policy, encodeAttribute(1, text('abc', false)))).toMatchObject({ reason: 'malformed' });
    expect(check(policy, encodeAttribute(2, text('abc')), encodeAttribute(2, text('abc', false)))).toBeUndefined();
    expect(check(policy, encodeAttribute(2, text('abcd', false)))).toMatchObject({ reason: 'length' });
  });

  it('binary length bounds; bitfield32 within its mask', () => {
    const policy = policyOf({ 1: { type: 'binary', minLength: 2, maxLength: 4 }, 2: { type: 'bitfield32', bitfield32Mask: 0x3 } });
    expect(check(policy, encodeAttribute(1, new Uint8Array(1)))).toMatchObject({ reason: 'length' });
    expect(check(policy, encodeAttribute(1, new Uint8Array(5)))).toMatchObject({ reason: 'length' });
    expect(check(policy, encodeAttribute(1, new Uint8Array(3)))).toBeUndefined();
    expect(check(policy, encodeAttribute(2, cat(le(1, 4), le(3, 4))))).toBeUndefined();
    expect(check(policy, encodeAttribute(2, cat(le(4, 4), le(4, 4))))).toMatchObject({ reason: 'mask' });
    expect(check(policy, encodeAttribute(2, cat(le(3, 4), le(1, 4))))).toMatchObject({ reason: 'mask', detail: expect.stringContaining('selector does not select') });
  });

  it("unknown attributes: above a nested policy's maxtype, or above the highest a command's policy lists; one the dump leaves out below that passes", () => {
    const policy = policyOf({ 1: { type: 'nested', policy: 1, maxtype: 4 }, 3: { type: 'u8' } }, { 1: { 1: { type: 'u16' } } });
    expect(check(policy, encodeAttribute(4, le(1, 1)))).toMatchObject({ id: 4, reason: 'unknown-attribute' });
    expect(check(policy, encodeAttribute(2, le(1, 4)))).toBeUndefined();
    expect(check(policy, encodeAttribute(1, encodeAttribute(3, le(1, 4))))).toBeUndefined();
    expect(check(policy, encodeAttribute(1, encodeAttribute(5, le(1, 4))))).toMatchObject({ id: 5, reason: 'unknown-attribute', offset: 8 });
  });

  it("a top-level attribute the caller knows the command takes is left to the kernel above the policy's listed ones", () => {
    const policy = policyOf({ 1: { type: 'u32' } });
    const bytes = cat(new Uint8Array(4), encodeAttribute(3, le(1, 4)));
    expect(checkPolicy(policy, 0, bytes, 4)).toMatchObject({ id: 3, reason: 'unknown-attribute' });
    expect(checkPolicy(policy, 0, bytes, 4, bytes.length, { known: new Set([3]) })).toBeUndefined();
  });

  it('nests are followed: the violation inside names the inner attribute and its offset; nested arrays item by item', () => {
    const policy = policyOf({ 1: { type: 'nested', policy: 1, maxtype: 2 }, 2: { type: 'nested-array', policy: 1, maxtype: 2 } }, { 1: { 1: { type: 'u8', minValue: 0n, maxValue: 3n } } });
    const inner = encodeAttribute(1, le(9, 1));
    expect(check(policy, encodeAttribute(1, inner))).toEqual({ offset: 8, id: 1, reason: 'range', detail: "is 9, above the policy's maximum 3" });
    const items = encodeAttribute(2, cat(encodeAttribute(0, encodeAttribute(1, le(1, 1))), encodeAttribute(1, encodeAttribute(1, le(4, 1)))));
    expect(check(policy, items)).toMatchObject({ id: 1, reason: 'range', offset: 4 + 4 + 12 + 4 });
  });

  it('bytes that are not attributes are malformed', () => {
    expect(check(policyOf({}), new Uint8Array([9, 0, 1, 0]))).toMatchObject({ reason: 'malformed' });
  });
});
