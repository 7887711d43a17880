import { constIdent, enumBitsIdent, enumTypeIdent, enumValuesIdent, memberName, propertyKey, quote, structIdent } from './naming.js';
import { entryValue, resolveLen, type EnumModel, type Family, type StructModel } from './resolve.js';
import type { RawMember } from './spec.js';
import { collectingNotes, INT_TYPES, memberTypeExpr, type TypeContext } from './types.js';

/** The spec's `definitions`: consts, enums and flags, structs. */

export function emitConsts(ctx: TypeContext): string[] {
  const lines: string[] = [];
  for (const c of ctx.family.consts.values()) {
    const ident = ctx.out.declare(constIdent(c.name), `const ${c.name}`);
    lines.push(`export const ${ident} = ${typeof c.value === 'number' ? String(c.value) : quote(c.value)};`);
  }
  return lines;
}

function valueMap(e: EnumModel, asFlags: boolean): string[] {
  return e.entries.map((entry) => `  ${propertyKey(entry.name)}: ${entryValue(e, entry.value, asFlags)},`);
}

/**
 * Each enum or flags definition `x` as `xValues` (name → value; for flags name → bit mask) and the type
 * `X` of its names. `bits` lists the enums also used as flags (`enum-as-flags`), which get `xBits`.
 */
export function emitEnums(ctx: TypeContext, bits: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const e of ctx.family.enums.values()) {
    const values = ctx.out.declare(enumValuesIdent(e.name), `${e.kind} ${e.name}`);
    const type = ctx.out.declare(enumTypeIdent(e.name), `the type of ${e.kind} ${e.name}`);
    lines.push(`/** ${e.kind === 'flags' ? 'flags' : 'enum'} ${e.name}${e.kind === 'flags' ? ': bit masks' : ''} */`);
    lines.push(`export const ${values} = {`, ...valueMap(e, false), '} as const;');
    lines.push(`export type ${type} = keyof typeof ${values};`);
    if (bits.has(e.name) && e.kind === 'enum') {
      const b = ctx.out.declare(enumBitsIdent(e.name), `enum ${e.name} as flags`);
      lines.push(`/** enum ${e.name} used as flags: 1 << value */`);
      lines.push(`export const ${b} = {`, ...valueMap(e, true), '} as const;');
    }
    lines.push('');
  }
  return lines;
}

const INT_SIZE: Record<string, number> = { u8: 1, s8: 1, u16: 2, s16: 2, u32: 4, s32: 4, u64: 8, s64: 8 };

/** Size and alignment of a member as in C on a 64-bit host (LP64: a u64 is 8-aligned). */
function layoutOf(family: Family, member: RawMember, seen: Set<string>): { size: number; align: number } {
  if (INT_TYPES.has(member.type)) return { size: INT_SIZE[member.type]!, align: INT_SIZE[member.type]! };
  if (member.type === 'binary' && member.struct !== undefined && family.structs.has(member.struct)) {
    return structLayout(family, family.structs.get(member.struct)!, seen);
  }
  return { size: resolveLen(family, member.len) ?? 0, align: 1 };
}

/** Size and alignment of a struct, with the padding a C compiler adds (members aligned, size rounded up). */
export function structLayout(family: Family, s: StructModel, seen = new Set<string>()): { size: number; align: number } {
  if (seen.has(s.name)) throw new Error(`struct ${s.name} contains itself`);
  seen.add(s.name);
  let offset = 0;
  let align = 1;
  for (const m of s.members) {
    const l = layoutOf(family, m, seen);
    offset = Math.ceil(offset / l.align) * l.align + l.size;
    align = Math.max(align, l.align);
  }
  seen.delete(s.name);
  return { size: Math.ceil(offset / align) * align, align };
}

/** Structs in an order where a struct comes after the structs it contains, else in spec order. */
function structOrder(family: Family): StructModel[] {
  const done = new Set<string>();
  const order: StructModel[] = [];
  const visit = (s: StructModel) => {
    if (done.has(s.name)) return;
    done.add(s.name);
    for (const m of s.members) {
      const inner = m.struct !== undefined ? family.structs.get(m.struct) : undefined;
      if (inner) visit(inner);
    }
    order.push(s);
  };
  for (const s of family.structs.values()) visit(s);
  return order;
}

/**
 * Each struct `x` as `struct('x', { member: type, … })`, members in wire order. Where C would pad (a
 * member not at its natural alignment, or the end of the struct), an `_alignN` pad member (N = offset)
 * says so, so that the layout is the kernel's.
 */
export function emitStructs(ctx: TypeContext): string[] {
  const lines: string[] = [];
  for (const s of structOrder(ctx.family)) {
    const ident = ctx.out.declare(structIdent(s.name), `struct ${s.name}`);
    lines.push(`export const ${ident} = ${ctx.out.use('struct')}(${quote(s.name)}, {`);
    const used = new Set<string>();
    let offset = 0;
    let align = 1;
    const padTo = (target: number) => {
      if (target > offset) {
        lines.push(`  _align${offset}: ${ctx.out.use('pad')}(${target - offset}),`);
        offset = target;
      }
    };
    for (const m of s.members) {
      const l = layoutOf(ctx.family, m, new Set([s.name]));
      padTo(Math.ceil(offset / l.align) * l.align);
      let key = memberName(m.name);
      for (let n = 2; used.has(key); n++) key = `${memberName(m.name)}${n}`;
      used.add(key);
      const { result: type, notes } = collectingNotes(ctx, (inner) => memberTypeExpr(inner, s.name, m));
      for (const n of notes) lines.push(`  // ${n.slice(n.indexOf(': ') + 2)}`);
      lines.push(`  ${propertyKey(key)}: ${type},`);
      offset += l.size;
      align = Math.max(align, l.align);
    }
    padTo(Math.ceil(offset / align) * align);
    lines.push('});', '');
  }
  return lines;
}
