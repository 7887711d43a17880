// Values drawn from a declaration itself, in the one form decoding produces: ints in range, enum and flag
// names, strings within their length, nests to a limited depth, sub-messages with their selector set to
// one of the formats. The names decoding picks: flag names in bit order, one name per bit or enum value
// (the first declared), no empty lists of a multi attribute (absent once encoded), IPv6 addresses as
// RFC 5952 writes them. Used by the round-trip and decode-tier properties.
import fc from 'fast-check';
import { encode, resolve, type AttrSetDecl, type StructDecl, type SubMessageFormat, type TypeDecl } from '@linx/netlink-codec';

export type Arb = fc.Arbitrary<unknown>;
const INT_RANGE: Record<string, [bigint, bigint]> = {
  u8: [0n, 255n], s8: [-128n, 127n], u16: [0n, 65535n], s16: [-32768n, 32767n],
  u32: [0n, 0xffffffffn], s32: [-0x80000000n, 0x7fffffffn], u64: [0n, 2n ** 64n - 1n], s64: [-(2n ** 63n), 2n ** 63n - 1n],
};

const bytes = (min: number, max: number): Arb => fc.uint8Array({ minLength: min, maxLength: max });

/**
 * An IPv6 address as RFC 5952 (section 4) writes it: lower-case hex groups without leading zeros, the
 * longest run of two or more zero groups (the first of equal runs) as "::". IPv4-mapped and -compatible
 * addresses (a dotted last part) are left out: 96 leading bits are never all zero or ::ffff here.
 */
const ipv6Canonical: Arb = fc
  .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .filter((g) => !(g.slice(0, 5).every((x) => x === 0) && (g[5] === 0 || g[5] === 0xffff)))
  .map((groups) => {
    let best = -1;
    let bestLength = 1;
    for (let i = 0; i < 8; i++) {
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLength) [best, bestLength] = [i, j - i];
      if (j > i) i = j - 1;
    }
    const hex = groups.map((g) => g.toString(16));
    return best < 0 ? hex.join(':') : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
  });

/** The names decoding gives, in the order it gives them: one per non-zero single bit, by bit value. */
function canonicalBits(bits: Record<string, number>): string[] {
  const seen = new Set<number>();
  return Object.entries(bits)
    .filter(([, bit]) => bit > 0 && (bit & (bit - 1)) === 0 && !seen.has(bit) && (seen.add(bit), true))
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => name);
}

/** Enum names that decode as themselves: the first declared name of each value. */
function canonicalNames(values: Record<string, number>): string[] {
  const seen = new Set<number>();
  return Object.entries(values).filter(([, v]) => !seen.has(v) && (seen.add(v), true)).map(([name]) => name);
}

function intArb(d: { int: string; bigint: boolean }): Arb {
  const [min, max] = INT_RANGE[d.int]!;
  const big = fc.bigInt({ min, max });
  return d.int.endsWith('64') && d.bigint ? big : big.map(Number);
}

function structArb(s: StructDecl, depth: number): Arb {
  const fields: Record<string, Arb> = {};
  for (const [name, field] of Object.entries(s.fields)) if (field.kind !== 'pad') fields[name] = typeArb(field as TypeDecl, depth);
  return fc.record(fields);
}

function typeArb(decl: TypeDecl, depth: number): Arb {
  const d = decl as TypeDecl & Record<string, any>;
  switch (d.kind) {
    case 'int':
      return intArb(d as never);
    case 'varint':
      return d.signed ? fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) : fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 'string': {
      const max = d.fixedLength !== undefined ? d.fixedLength - 1 : Math.min(d.maxLength ?? 12, 12);
      return fc.stringMatching(new RegExp(`^[a-z0-9._-]{0,${max}}$`));
    }
    case 'binary':
      return d.length !== undefined ? bytes(d.length, d.length) : bytes(0, Math.min(d.maxLength ?? 16, 16));
    case 'flag':
      return fc.constant(true);
    case 'address':
      if (d.family === 'ipv4') return fc.ipV4();
      if (d.family === 'ipv6') return ipv6Canonical;
      if (d.family === 'ip') return fc.oneof(fc.ipV4(), ipv6Canonical);
      return bytes(6, 6).map((b) => [...(b as Uint8Array)].map((x) => x.toString(16).padStart(2, '0')).join(':'));
    case 'enum':
      return Object.keys(d.values).length > 0 ? fc.constantFrom(...canonicalNames(d.values)) : intArb(d.base);
    case 'flags':
      return fc.subarray(canonicalBits(d.bits));
    case 'bitfield32':
      return fc.record({ value: fc.subarray(canonicalBits(d.bits)), selector: fc.subarray(canonicalBits(d.bits)) });
    case 'packed':
      return fc.array(intArb(d.item), { maxLength: 4 });
    case 'struct':
      return structArb(resolve(d.struct) as StructDecl, depth);
    case 'nest': {
      const set = setArb(resolve(d.attrs) as AttrSetDecl, depth - 1);
      return d.header ? fc.tuple(set, structArb(d.header, depth)).map(([a, h]) => ({ ...(a as object), header: h })) : set;
    }
    case 'records': {
      // Each record's length is what encoding gives it (encode computes it, whatever the value says).
      if (depth <= 0) return fc.constant([]);
      const lengthMember = Object.keys(d.header.fields)[0]!;
      const record = fc.tuple(setArb(resolve(d.attrs) as AttrSetDecl, depth - 1), structArb(d.header, depth)).map(([a, h]) => {
        const item = { ...(a as object), header: h as Record<string, unknown> };
        const bytes = encode(d, [item] as never);
        item.header[lengthMember] = bytes[0]! | (bytes[1]! << 8);
        return item;
      });
      return fc.array(record, { maxLength: 2 });
    }
    case 'indexed-array':
      return depth <= 0 ? fc.constant([]) : fc.array(typeArb(d.item, depth - 1), { maxLength: 3 });
    case 'type-value':
      return depth <= 0 ? fc.constant([]) : fc.array(fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), value: typeArb(d.item, depth - 1) }), { maxLength: 3 });
    default:
      throw new Error(`no arbitrary for ${d.kind}`);
  }
}

function formatArb(format: SubMessageFormat, depth: number): Arb {
  const attrs = format.attrs ? setArb(resolve(format.attrs) as AttrSetDecl, depth - 1) : fc.constant({});
  if (format.value) return typeArb(format.value, depth);
  return format.header ? fc.tuple(attrs, structArb(format.header, depth)).map(([a, h]) => ({ ...(a as object), header: h })) : attrs;
}

/** Values of an attribute set, nests drawn `depth` levels deep. */
export function setArb(set: AttrSetDecl, depth: number): Arb {
  if (depth < 0) return fc.constant({});
  const plain: Record<string, Arb> = {};
  // Sub-messages by their selector (tc's options and xstats both follow kind): one selector value each.
  const bySelector = new Map<string, [string, Record<string, SubMessageFormat>][]>();
  for (const [name, a] of Object.entries(set.attributes)) {
    const t = a.type as TypeDecl & Record<string, any>;
    if (t.kind === 'sub-message') {
      if (!set.attributes[t.selector]) continue; // a selector outside the set (tc's app): the value stays bytes
      bySelector.set(t.selector, [...(bySelector.get(t.selector) ?? []), [name, t.formats]]);
      continue;
    }
    if (t.kind === 'nest' && depth <= 0) continue;
    const item = typeArb(t, depth);
    plain[name] = a.multi ? fc.array(item, { minLength: 1, maxLength: 2 }) : item;
  }
  const subs: Arb[] = [];
  for (const [selector, users] of bySelector) {
    const sel = set.attributes[selector]!.type as TypeDecl & Record<string, any>;
    const keys = [...new Set(users.flatMap(([, formats]) => Object.keys(formats)))].filter((k) => sel.kind !== 'enum' || k in sel.values);
    if (keys.length === 0) continue;
    subs.push(
      fc.constantFrom(...keys).chain((k) => {
        const parts = users.filter(([, formats]) => k in formats).map(([name, formats]) => formatArb(formats[k]!, depth).map((v) => [name, v] as const));
        return fc.tuple(...parts).map((entries) => ({ [selector]: k, ...Object.fromEntries(entries) }));
      }),
    );
  }
  return fc
    .tuple(fc.record(plain, { requiredKeys: [] }), ...subs.map((s) => fc.option(s, { nil: undefined })))
    .map(([base, ...parts]) => Object.assign({}, base, ...parts.filter(Boolean)));
}
