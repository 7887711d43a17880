import type { IntKind } from '@linx/netlink-wire';
import type {
  AddressDecl,
  AttrDecl,
  AttrSetDecl,
  Attributes,
  BinaryDecl,
  Bitfield32Decl,
  ByteOrder,
  CustomDecl,
  DisplayHint,
  EnumDecl,
  Fields,
  FlagDecl,
  FlagsDecl,
  HeadedNestDecl,
  RecordsDecl,
  IndexedArrayDecl,
  IntDecl,
  Lazy,
  MessageDecl,
  MessageTypes,
  NestDecl,
  PackedArrayDecl,
  PadDecl,
  StringDecl,
  StructDecl,
  StructTypeDecl,
  SubMessageDecl,
  SubMessageFormats,
  TypeDecl,
  TypeValueDecl,
  VarIntDecl,
} from './schema.js';

/** Options of an integer declaration. */
export interface IntOptions {
  order?: ByteOrder;
  display?: DisplayHint;
}

function int<V extends number | bigint>(kind: IntKind, options: IntOptions & { bigint?: boolean } = {}): IntDecl<V> {
  const decl: IntDecl<V> = { kind: 'int', int: kind, order: options.order ?? 'host', bigint: options.bigint ?? kind.endsWith('64') };
  return options.display ? { ...decl, display: options.display } : decl;
}

export function u8(options?: IntOptions): IntDecl<number> {
  return int('u8', options);
}
export function u16(options?: IntOptions): IntDecl<number> {
  return int('u16', options);
}
export function u32(options?: IntOptions): IntDecl<number> {
  return int('u32', options);
}
export function s8(options?: IntOptions): IntDecl<number> {
  return int('s8', options);
}
export function s16(options?: IntOptions): IntDecl<number> {
  return int('s16', options);
}
export function s32(options?: IntOptions): IntDecl<number> {
  return int('s32', options);
}

/** A u64: a bigint, or with `{ bigint: false }` a number, for values the declaration knows stay below 2^53. */
export function u64(options?: IntOptions & { bigint?: true }): IntDecl<bigint>;
export function u64(options: IntOptions & { bigint: false }): IntDecl<number>;
export function u64(options: IntOptions & { bigint?: boolean } = {}): IntDecl<number | bigint> {
  return int('u64', options);
}
export function s64(options?: IntOptions & { bigint?: true }): IntDecl<bigint>;
export function s64(options: IntOptions & { bigint: false }): IntDecl<number>;
export function s64(options: IntOptions & { bigint?: boolean } = {}): IntDecl<number | bigint> {
  return int('s64', options);
}

/** Network byte order integers. */
export function be16(options?: Omit<IntOptions, 'order'>): IntDecl<number> {
  return int('u16', { ...options, order: 'big' });
}
export function be32(options?: Omit<IntOptions, 'order'>): IntDecl<number> {
  return int('u32', { ...options, order: 'big' });
}
export function be64(options?: Omit<IntOptions, 'order'>): IntDecl<bigint> {
  return int('u64', { ...options, order: 'big' });
}

/** NLA_UINT: an unsigned integer of 4 or 8 bytes. */
export function uint(): VarIntDecl {
  return { kind: 'varint', signed: false };
}
/** NLA_SINT: a signed integer of 4 or 8 bytes. */
export function sint(): VarIntDecl {
  return { kind: 'varint', signed: true };
}

/** A NUL-terminated string; `maxLength` in bytes without the NUL; `fixedLength` for a char array in a struct. */
export function string(options: { maxLength?: number; fixedLength?: number } = {}): StringDecl {
  return { kind: 'string', ...options };
}

/** Raw bytes, optionally of a fixed or maximum length. */
export function binary(options: { length?: number; maxLength?: number; display?: DisplayHint } = {}): BinaryDecl {
  return { kind: 'binary', ...options };
}

/** A zero-length attribute whose presence means true. */
export function flag(): FlagDecl {
  return { kind: 'flag' };
}

export function ipv4(): AddressDecl {
  return { kind: 'address', family: 'ipv4' };
}
export function ipv6(): AddressDecl {
  return { kind: 'address', family: 'ipv6' };
}
/** IPv4 or IPv6, by the payload's length (4 or 16 bytes) and the text's form. */
export function ip(): AddressDecl {
  return { kind: 'address', family: 'ip' };
}
/** A link-layer address (any length) as colon-separated hex. */
export function mac(): AddressDecl {
  return { kind: 'address', family: 'mac' };
}

/** An integer whose values have names. Unknown numbers decode as numbers. */
export function enumOf<const M extends { readonly [name: string]: number }>(base: IntDecl, values: M, name?: string): EnumDecl<keyof M & string> {
  const decl = { kind: 'enum', base, values } as EnumDecl<keyof M & string>;
  return name ? { ...decl, name } : decl;
}

/** A bitmask whose bits have names. Decodes to the names of the set bits, unknown bits as numbers. */
export function flagsOf<const M extends { readonly [name: string]: number }>(base: IntDecl, bits: M, name?: string): FlagsDecl<keyof M & string> {
  const decl = { kind: 'flags', base, bits } as FlagsDecl<keyof M & string>;
  return name ? { ...decl, name } : decl;
}

/** struct nla_bitfield32: a value and a selector of which bits the value sets. */
export function bitfield32<const M extends { readonly [name: string]: number }>(bits: M): Bitfield32Decl<keyof M & string> {
  return { kind: 'bitfield32', bits } as Bitfield32Decl<keyof M & string>;
}

/** Integers packed back to back in one attribute. */
export function packed<V extends number | bigint>(item: IntDecl<V>): PackedArrayDecl<V> {
  return { kind: 'packed', item };
}

/** A nested attribute set (a function for recursive or forward references). */
export function nest<A extends Attributes>(attrs: Lazy<AttrSetDecl<A>>): NestDecl<A> {
  return { kind: 'nest', attrs };
}

/** A nest that starts with a fixed struct, then attributes (e.g. VETH_INFO_PEER: ifinfomsg + link attributes). */
export function headedNest<F extends Fields, A extends Attributes>(header: StructDecl<F>, attrs: Lazy<AttrSetDecl<A>>): HeadedNestDecl<F, A> {
  return { kind: 'nest', header, attrs };
}

/**
 * Length-prefixed records in one attribute: `header` (its first member the record's u16 length) then
 * `attrs`, repeated (RTA_MULTIPATH's struct rtnexthop and route attributes).
 */
export function records<F extends Fields, A extends Attributes>(header: StructDecl<F>, attrs: Lazy<AttrSetDecl<A>>): RecordsDecl<F, A> {
  return { kind: 'records', header, attrs };
}

/** A nest holding an array: children with attribute types start, start+1, … (1 by default). */
export function indexedArray<T extends TypeDecl>(item: T, start = 1): IndexedArrayDecl<T> {
  return { kind: 'indexed-array', item, start };
}

/** A nest whose children's types are values (YNL nest-type-value). */
export function typeValue<T extends TypeDecl>(item: T): TypeValueDecl<T> {
  return { kind: 'type-value', item };
}

/** A fixed struct carried in an attribute (e.g. rtnl_link_stats64). */
export function structType<F extends Fields>(struct: Lazy<StructDecl<F>>): StructTypeDecl<F> {
  return { kind: 'struct', struct };
}

/** Options of a sub-message. */
export interface SubMessageOptions<U extends string = never> {
  /** Keep the payload of a selector no format is declared for under this sibling property (see `SubMessageDecl.unknownAs`). */
  unknownAs?: U;
}

/** A payload whose format is chosen by the value of the sibling attribute `selector`. */
export function subMessage<const Fm extends SubMessageFormats, const U extends string = never>(
  selector: string,
  formats: Fm,
  name?: string,
  options: SubMessageOptions<U> = {},
): SubMessageDecl<Fm, U> {
  const decl: { -readonly [K in keyof SubMessageDecl<Fm, U>]: SubMessageDecl<Fm, U>[K] } = { kind: 'sub-message', selector, formats };
  if (name) decl.name = name;
  if (options.unknownAs !== undefined) decl.unknownAs = options.unknownAs;
  return decl;
}

/** An escape hatch: encode and decode by hand. */
export function custom<V, I = V>(name: string, decode: (payload: Uint8Array) => V, encode: (value: I) => Uint8Array): CustomDecl<V, I> {
  return { kind: 'custom', name, decode, encode };
}

/** Padding in a struct: `length` zero bytes, not part of the value. */
export function pad(length: number): PadDecl {
  return { kind: 'pad', length };
}

/** Options of an attribute. */
export interface AttrOptions<M extends boolean> {
  /** Several attributes with this id, decoded into an array. */
  multi?: M;
  nestedFlag?: boolean;
  netByteOrder?: boolean;
}

/** One attribute: its id and type. */
export function attr<T extends TypeDecl, M extends boolean = false>(id: number, type: T, options: AttrOptions<M> = {}): AttrDecl<T, NoInfer<M>> {
  const decl = { id, type, multi: (options.multi ?? false) as M } as AttrDecl<T, M>;
  if (options.nestedFlag !== undefined) (decl as { nestedFlag?: boolean }).nestedFlag = options.nestedFlag;
  if (options.netByteOrder !== undefined) (decl as { netByteOrder?: boolean }).netByteOrder = options.netByteOrder;
  return decl;
}

/** An attribute set: names to attributes. */
export function attrset<const A extends Attributes>(name: string, attributes: A): AttrSetDecl<A> {
  return { kind: 'attrset', name, attributes };
}

/** A fixed struct: fields in wire order. */
export function struct<const F extends Fields>(name: string, fields: F): StructDecl<F> {
  return { kind: 'structdecl', name, fields };
}

/** A message format: header and/or attributes, and the message types that carry it. */
export function message<H extends Fields = Fields, A extends Attributes = Attributes, const T extends MessageTypes = {}>(
  name: string,
  parts: { header?: StructDecl<H>; attrs?: AttrSetDecl<A>; types?: T },
): MessageDecl<H, A, T> {
  const decl: { -readonly [K in keyof MessageDecl<H, A, T>]: MessageDecl<H, A, T>[K] } = { kind: 'message', name, types: parts.types ?? ({} as T) };
  if (parts.header) decl.header = parts.header;
  if (parts.attrs) decl.attrs = parts.attrs;
  return decl;
}
