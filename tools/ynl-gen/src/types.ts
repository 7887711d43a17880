import { camelCase, quote } from './naming.js';
import type { Output } from './output.js';
import { resolveLen, type AttrModel, type Family } from './resolve.js';
import type { ByteOrderName, RawAttr, RawMember, ScalarType } from './spec.js';

/**
 * The type of one attribute or struct member as a codec DSL expression, e.g. `u32({ order: 'big' })`,
 * `enumOf(u8(), rtmTypeValues, 'rtm-type')`, `nest(linkinfoAttrs)`.
 */

/** How an expression refers to other declarations of the module. */
export interface TypeContext {
  family: Family;
  out: Output;
  /** An expression for attribute set `name` (its name, or an annotated thunk on a cycle); undefined if not defined. */
  setRef(name: string): string | undefined;
  /** The formats const of sub-message `name`; undefined if not defined. */
  formatsRef(name: string): string | undefined;
  /** The const of struct `name`; undefined if not defined. */
  structRef(name: string): string | undefined;
  /** The const holding enum `name`'s values (`asBits`: its entries as bit masks). */
  enumRef(name: string, asBits: boolean): string;
  /** Notes a fact about the spec the output cannot express; returns a comment for the line. */
  note(message: string): void;
}

export const INT_TYPES: ReadonlySet<string> = new Set<ScalarType>(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64']);
/**
 * linx's own display hint, never in a kernel spec: an IPv4 or IPv6 address, 4 or 16 bytes, decoded to
 * text by the codec's `ip()`. Only fixes.ts sets it, on attributes whose kernel source puts exactly an
 * in_addr or an in6_addr there (the spec's `ipv4-or-v6` hint alone does not promise that: other
 * families may put other lengths under the same hint).
 */
export const IP_ADDRESS_HINT = 'linx-ip-address';

/** Display hints the codec knows (DisplayHint of @linx/netlink-codec). */
const CODEC_HINTS = new Set(['hex', 'mac', 'fddi', 'ipv4', 'ipv6', 'uuid', 'ipv4-or-v6']);

/** Runs `fn` with a context that also collects the notes it makes (to write them as comments). */
export function collectingNotes<T>(ctx: TypeContext, fn: (inner: TypeContext) => T): { result: T; notes: string[] } {
  const notes: string[] = [];
  const inner: TypeContext = {
    ...ctx,
    note(message) {
      notes.push(message);
      ctx.note(message);
    },
  };
  return { result: fn(inner), notes };
}

/** Byte order and display-hint as they appear on attributes and members. */
interface ScalarSpec {
  'byte-order'?: ByteOrderName | undefined;
  'display-hint'?: string | undefined;
  enum?: string | undefined;
  'enum-as-flags'?: boolean | undefined;
}

function options(entries: [string, string | number | undefined][]): string {
  const set = entries.filter((e): e is [string, string | number] => e[1] !== undefined);
  if (set.length === 0) return '';
  return `{ ${set.map(([k, v]) => `${k}: ${typeof v === 'number' ? String(v) : quote(v)}`).join(', ')} }`;
}

function orderOf(order: ByteOrderName | undefined): 'big' | 'little' | undefined {
  return order === 'big-endian' ? 'big' : order === 'little-endian' ? 'little' : undefined;
}

function hintOf(ctx: TypeContext, hint: string | undefined, where: string): string | undefined {
  if (hint === undefined) return undefined;
  if (CODEC_HINTS.has(hint)) return hint;
  ctx.note(`${where}: display-hint ${hint} is not one the codec knows; left out`);
  return undefined;
}

/** `u32()`, `u16({ order: 'big' })`, `u32({ display: 'hex' })`. */
export function intExpr(ctx: TypeContext, type: ScalarType, order: ByteOrderName | undefined, display: string | undefined): string {
  return `${ctx.out.use(type)}(${options([
    ['order', orderOf(order)],
    ['display', display],
  ])})`;
}

/** An integer, an enum or flags over an integer, or an IPv4 address held in a u32. */
export function scalarExpr(ctx: TypeContext, type: ScalarType, spec: ScalarSpec, where: string): string {
  const order = spec['byte-order'];
  if (spec.enum !== undefined) {
    const e = ctx.family.enums.get(spec.enum);
    if (e) {
      const asFlags = e.kind === 'flags' || spec['enum-as-flags'] === true;
      const fn = ctx.out.use(asFlags ? 'flagsOf' : 'enumOf');
      return `${fn}(${intExpr(ctx, type, order, undefined)}, ${ctx.enumRef(e.name, asFlags && e.kind === 'enum')}, ${quote(e.name)})`;
    }
    ctx.note(`${where}: enum ${spec.enum} is not defined in the spec; kept as a plain ${type}`);
  }
  const hint = spec['display-hint'];
  // An IPv4 address in a u32 is 4 bytes in network order whatever byte-order the spec states.
  if (hint === 'ipv4' && type === 'u32') return `${ctx.out.use('ipv4')}()`;
  return intExpr(ctx, type, order, hintOf(ctx, hint, where));
}

interface BinarySpec extends ScalarSpec {
  struct?: string | undefined;
  checks?: RawAttr['checks'];
  'sub-type'?: RawAttr['sub-type'];
}

/** A binary attribute: a struct, packed integers, an address of a fixed length, a MAC, or bytes. */
function binaryExpr(ctx: TypeContext, spec: BinarySpec, where: string): string {
  if (spec.struct !== undefined) {
    const ref = ctx.structRef(spec.struct);
    if (ref !== undefined) return `${ctx.out.use('structType')}(${ref})`;
    ctx.note(`${where}: struct ${spec.struct} is not defined in the spec; kept as bytes`);
  }
  const sub = spec['sub-type'];
  if (sub !== undefined && INT_TYPES.has(sub)) {
    return `${ctx.out.use('packed')}(${intExpr(ctx, sub as ScalarType, spec['byte-order'], undefined)})`;
  }
  const exact = resolveLen(ctx.family, spec.checks?.['exact-len']);
  const max = resolveLen(ctx.family, spec.checks?.['max-len']);
  if (spec.checks?.['exact-len'] !== undefined && exact === undefined) ctx.note(`${where}: cannot resolve exact-len ${spec.checks['exact-len']}`);
  if (spec.checks?.['max-len'] !== undefined && max === undefined) ctx.note(`${where}: cannot resolve max-len ${spec.checks['max-len']}`);
  const hint = spec['display-hint'];
  // mac() takes a link-layer address of any length; ipv4()/ipv6() only where the length is fixed to match;
  // ip() (4 or 16 bytes, the length tells which) only where a fix says so (IP_ADDRESS_HINT).
  if (hint === 'mac') return `${ctx.out.use('mac')}()`;
  if (hint === IP_ADDRESS_HINT) return `${ctx.out.use('ip')}()`;
  if (hint === 'ipv4' && exact === 4) return `${ctx.out.use('ipv4')}()`;
  if (hint === 'ipv6' && exact === 16) return `${ctx.out.use('ipv6')}()`;
  return `${ctx.out.use('binary')}(${options([
    ['length', exact],
    ['maxLength', exact === undefined ? max : undefined],
    ['display', hintOf(ctx, hint, where)],
  ])})`;
}

/** The expression for an attribute's type; undefined for `unused` (which only takes a number). */
export function attrTypeExpr(ctx: TypeContext, setName: string, attr: AttrModel): string | undefined {
  const type = baseTypeExpr(ctx, setName, attr);
  const levels = attr.spec['type-value']?.length ?? 0;
  if (type === undefined || attr.spec.type === 'nest-type-value' || levels === 0) return type;
  // A scalar with `type-value` (ethtool's stats-grp.stat): a nest whose child's attribute type is the
  // named value (the stat id) and whose payload is the scalar.
  let wrapped = type;
  for (let i = 0; i < levels; i++) wrapped = `${ctx.out.use('typeValue')}(${wrapped})`;
  return wrapped;
}

function baseTypeExpr(ctx: TypeContext, setName: string, attr: AttrModel): string | undefined {
  const spec = attr.spec;
  const where = `${setName}.${attr.name}`;
  const missingSet = (name: string | undefined) => {
    ctx.note(`${where}: attribute set ${name ?? '(none given)'} is not defined in the spec; kept as bytes`);
    return `${ctx.out.use('binary')}()`;
  };
  const nestOf = (name: string | undefined): string => {
    const ref = name === undefined ? undefined : ctx.setRef(name);
    return ref === undefined ? missingSet(name) : `${ctx.out.use('nest')}(${ref})`;
  };
  switch (spec.type) {
    case 'unused':
      return undefined;
    case 'pad':
      return `${ctx.out.use('binary')}()`;
    case 'flag':
      return `${ctx.out.use('flag')}()`;
    case 'uint':
    case 'sint':
      if (spec.enum !== undefined) ctx.note(`${where}: enum ${spec.enum} on a ${spec.type} is not expressible; kept as a number`);
      return `${ctx.out.use(spec.type)}()`;
    case 'string': {
      const max = resolveLen(ctx.family, spec.checks?.['max-len']);
      if (spec.checks?.['max-len'] !== undefined && max === undefined) ctx.note(`${where}: cannot resolve max-len ${spec.checks['max-len']}`);
      return `${ctx.out.use('string')}(${options([['maxLength', max]])})`;
    }
    case 'binary':
      return binaryExpr(ctx, spec, where);
    case 'bitfield32': {
      const e = spec.enum !== undefined ? ctx.family.enums.get(spec.enum) : undefined;
      if (spec.enum !== undefined && !e) ctx.note(`${where}: enum ${spec.enum} is not defined in the spec`);
      return `${ctx.out.use('bitfield32')}(${e ? ctx.enumRef(e.name, e.kind === 'enum') : '{}'})`;
    }
    case 'nest': {
      const header = spec['fixed-header'];
      if (header === undefined) return nestOf(spec['nested-attributes']);
      const struct = ctx.structRef(header);
      const set = spec['nested-attributes'] === undefined ? undefined : ctx.setRef(spec['nested-attributes']);
      if (struct === undefined || set === undefined) return missingSet(struct === undefined ? `(struct ${header})` : spec['nested-attributes']);
      if (spec['linx-records'] === true) return `${ctx.out.use('records')}(${struct}, ${set})`;
      return `${ctx.out.use('headedNest')}(${struct}, ${set})`;
    }
    case 'indexed-array':
    case 'array-nest': {
      const sub = spec['sub-type'] ?? (spec.type === 'array-nest' ? 'nest' : undefined);
      let item: string;
      if (sub === 'nest') item = nestOf(spec['nested-attributes']);
      else if (sub !== undefined && INT_TYPES.has(sub)) item = scalarExpr(ctx, sub as ScalarType, spec, where);
      else if (sub === 'binary') item = binaryExpr(ctx, { ...spec, 'sub-type': undefined }, where);
      else if (sub === 'string') item = `${ctx.out.use('string')}()`;
      else if (sub === 'uint' || sub === 'sint') item = `${ctx.out.use(sub)}()`;
      else {
        ctx.note(`${where}: indexed-array of ${sub ?? '(no sub-type)'} is not expressible; kept as bytes`);
        return `${ctx.out.use('binary')}()`;
      }
      // Items numbered from 0 on encode, as the kernel's YNL tools do; decoding takes any numbering.
      return `${ctx.out.use('indexedArray')}(${item}, 0)`;
    }
    case 'nest-type-value': {
      const sub = spec['sub-type'];
      let item: string;
      if (spec['nested-attributes'] !== undefined) item = nestOf(spec['nested-attributes']);
      else if (sub !== undefined && INT_TYPES.has(sub)) item = scalarExpr(ctx, sub as ScalarType, spec, where);
      else return missingSet(undefined);
      // One level of nesting per name in type-value: [policy-id, attr-id] is a nest of nests.
      const depth = Math.max(1, spec['type-value']?.length ?? 1);
      for (let i = 0; i < depth; i++) item = `${ctx.out.use('typeValue')}(${item})`;
      return item;
    }
    case 'sub-message': {
      const name = spec['sub-message'];
      const ref = name === undefined ? undefined : ctx.formatsRef(name);
      if (ref === undefined || spec.selector === undefined) {
        ctx.note(`${where}: sub-message ${name ?? '(none given)'} or its selector is missing; kept as bytes`);
        return `${ctx.out.use('binary')}()`;
      }
      return `${ctx.out.use('subMessage')}(${quote(camelCase(spec.selector))}, ${ref}, ${quote(name!)})`;
    }
    default:
      if (INT_TYPES.has(spec.type)) return scalarExpr(ctx, spec.type as ScalarType, spec, where);
      ctx.note(`${where}: type ${String(spec.type)} is not known; kept as bytes`);
      return `${ctx.out.use('binary')}()`;
  }
}

/** The expression for a struct member (every member has a fixed size). */
export function memberTypeExpr(ctx: TypeContext, structName: string, member: RawMember): string {
  const where = `${structName}.${member.name}`;
  const len = resolveLen(ctx.family, member.len);
  if (member.len !== undefined && len === undefined) ctx.note(`${where}: cannot resolve len ${member.len}`);
  switch (member.type) {
    case 'pad':
      return `${ctx.out.use('pad')}(${len ?? 0})`;
    case 'string':
      if (len === undefined) ctx.note(`${where}: a string member needs a len`);
      return `${ctx.out.use('string')}(${options([['fixedLength', len]])})`;
    case 'binary': {
      if (member.struct !== undefined) {
        const ref = ctx.structRef(member.struct);
        if (ref !== undefined) return `${ctx.out.use('structType')}(${ref})`;
        ctx.note(`${where}: struct ${member.struct} is not defined in the spec`);
      }
      const hint = member['display-hint'];
      if (hint === 'ipv4' && len === 4) return `${ctx.out.use('ipv4')}()`;
      if (hint === 'ipv6' && len === 16) return `${ctx.out.use('ipv6')}()`;
      if (len === undefined) ctx.note(`${where}: a binary member needs a len`);
      return `${ctx.out.use('binary')}(${options([
        ['length', len],
        ['display', hintOf(ctx, hint, where)],
      ])})`;
    }
    default:
      if (INT_TYPES.has(member.type)) return scalarExpr(ctx, member.type, member, where);
      ctx.note(`${where}: member type ${String(member.type)} is not known`);
      return `${ctx.out.use('binary')}(${options([['length', len ?? 0]])})`;
  }
}
