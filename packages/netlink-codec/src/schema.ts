import type { IntKind } from '@linx/netlink-wire';

/**
 * The schema is data: every declaration is a plain object with a `kind`, readable at run time (names,
 * ids, types, nesting) by a pretty-printer, by the ext-ack path mapper, by a generator. The phantom
 * `__value`/`__input` members exist only in the type system: they let TypeScript infer the decoded value
 * and the accepted input from a declaration, the way a zod schema is its own type.
 */
export interface TypeDecl<Value = unknown, Input = Value> {
  readonly kind: string;
  /** Type-level only: the decoded value. Never present at run time. */
  readonly __value?: Value;
  /** Type-level only: what encode accepts. Never present at run time. */
  readonly __input?: Input;
}

/** The decoded value of a declaration. */
export type Infer<T> = T extends TypeDecl<infer V, unknown> ? V : never;
/** What encode accepts for a declaration. */
export type InferInput<T> = T extends TypeDecl<unknown, infer I> ? I : never;

/** Byte order of an integer: the host's (netlink's default), or fixed. */
export type ByteOrder = 'host' | 'big' | 'little';

/**
 * How to show a value (YNL display-hint); it changes only printing, except where a type says so.
 * `ipv4-or-v6`: an IPv4 or IPv6 address by length (the kernel's newer specs use it on attributes such as
 * IFA_ADDRESS, which other address families fill with other lengths).
 */
export type DisplayHint = 'hex' | 'mac' | 'fddi' | 'ipv4' | 'ipv6' | 'ipv4-or-v6' | 'uuid';

export interface IntDecl<V extends number | bigint = number | bigint> extends TypeDecl<V, V | number | bigint> {
  readonly kind: 'int';
  readonly int: IntKind;
  readonly order: ByteOrder;
  /** 64-bit kinds: true (the default) decodes to bigint, false to number (declared safe). */
  readonly bigint: boolean;
  readonly display?: DisplayHint;
}

/** NLA_UINT / NLA_SINT: 4 or 8 bytes on the wire, bigint in JS. */
export interface VarIntDecl extends TypeDecl<bigint, bigint | number> {
  readonly kind: 'varint';
  readonly signed: boolean;
}

export interface StringDecl extends TypeDecl<string> {
  readonly kind: 'string';
  /** Longest accepted string in bytes, NUL excluded. */
  readonly maxLength?: number;
  /** A fixed-size char array (struct members): NUL-padded to exactly this many bytes. */
  readonly fixedLength?: number;
}

export interface BinaryDecl extends TypeDecl<Uint8Array> {
  readonly kind: 'binary';
  /** Exact length when fixed (struct members, some attributes). */
  readonly length?: number;
  readonly maxLength?: number;
  readonly display?: DisplayHint;
}

export interface FlagDecl extends TypeDecl<true, boolean> {
  readonly kind: 'flag';
}

/** An address shown as text: IPv4, IPv6, either (by length), or a link-layer address. */
export interface AddressDecl extends TypeDecl<string> {
  readonly kind: 'address';
  readonly family: 'ipv4' | 'ipv6' | 'ip' | 'mac';
}

/** A name ↔ number mapping for enum and flags. */
export type NameMap = { readonly [name: string]: number };

export interface EnumDecl<N extends string = string> extends TypeDecl<N | number, N | number> {
  readonly kind: 'enum';
  readonly base: IntDecl;
  readonly values: { readonly [K in N]: number };
  readonly name?: string;
}

export interface FlagsDecl<N extends string = string> extends TypeDecl<(N | number)[], readonly (N | number)[] | number> {
  readonly kind: 'flags';
  readonly base: IntDecl;
  /** Name → bit value (a power of two). */
  readonly bits: { readonly [K in N]: number };
  readonly name?: string;
}

export interface Bitfield32Value<N extends string> {
  value: (N | number)[];
  selector: (N | number)[];
}
export interface Bitfield32Decl<N extends string = string>
  extends TypeDecl<Bitfield32Value<N>, { value: readonly (N | number)[] | number; selector: readonly (N | number)[] | number }> {
  readonly kind: 'bitfield32';
  readonly bits: { readonly [K in N]: number };
}

/** A packed array of integers inside one binary attribute (YNL binary with sub-type). */
export interface PackedArrayDecl<V extends number | bigint = number | bigint> extends TypeDecl<V[], readonly (V | number | bigint)[]> {
  readonly kind: 'packed';
  readonly item: IntDecl<V>;
}

/** Something a nest can refer to before it is defined (recursive or forward references). */
export type Lazy<T> = T | (() => T);

export interface NestDecl<A extends Attributes = Attributes> extends TypeDecl<AttrsValue<A>, AttrsInput<A>> {
  readonly kind: 'nest';
  readonly attrs: Lazy<AttrSetDecl<A>>;
  /** A fixed struct before the attributes (e.g. the ifinfomsg of a veth peer); its value is under `header`. */
  readonly header?: StructDecl;
}

/** A nest with a fixed header: `{ header, ...attributes }`. */
export interface HeadedNestDecl<F extends Fields = Fields, A extends Attributes = Attributes>
  extends TypeDecl<AttrsValue<A> & { header: StructValue<F> }, AttrsInput<A> & { header?: StructInput<F> }> {
  readonly kind: 'nest';
  readonly attrs: Lazy<AttrSetDecl<A>>;
  readonly header: StructDecl<F>;
}

/**
 * Records back to back in one attribute, each a fixed struct whose first member is the record's length
 * (a u16 in host order, header and attributes together), then attributes; each record aligned to 4
 * (RTA_MULTIPATH: struct rtnexthop, then route attributes). Each item is the attributes, with the struct's
 * value under `header`; the length is computed when encoding.
 */
export interface RecordsDecl<F extends Fields = Fields, A extends Attributes = Attributes>
  extends TypeDecl<(AttrsValue<A> & { header: StructValue<F> })[], readonly (AttrsInput<A> & { header?: StructInput<F> })[]> {
  readonly kind: 'records';
  readonly header: StructDecl<F>;
  readonly attrs: Lazy<AttrSetDecl<A>>;
}

/** A nest whose children are the items of an array, with attribute types 1..n (or from `start`). */
export interface IndexedArrayDecl<T extends TypeDecl = TypeDecl> extends TypeDecl<Infer<T>[], readonly InferInput<T>[]> {
  readonly kind: 'indexed-array';
  readonly item: T;
  readonly start: number;
}

/** A nest whose children's attribute types are values (YNL nest-type-value): decoded as { type, value } pairs. */
export interface TypeValueDecl<T extends TypeDecl = TypeDecl>
  extends TypeDecl<{ type: number; value: Infer<T> }[], readonly { type: number; value: InferInput<T> }[]> {
  readonly kind: 'type-value';
  readonly item: T;
}

export interface StructTypeDecl<F extends Fields = Fields> extends TypeDecl<StructValue<F>, StructInput<F>> {
  readonly kind: 'struct';
  readonly struct: Lazy<StructDecl<F>>;
}

/** A format of a sub-message: an attribute set, optionally after a fixed header struct. */
export interface SubMessageFormat {
  readonly header?: StructDecl;
  readonly attrs?: Lazy<AttrSetDecl>;
  /** A format that is a bare value rather than attributes (e.g. a struct or a u32). */
  readonly value?: TypeDecl;
}

/** The formats of a sub-message, by selector value. */
export type SubMessageFormats = { readonly [selectorValue: string]: SubMessageFormat };

type LazyAttrs<L, Mode extends 'value' | 'input'> = L extends () => AttrSetDecl<infer A>
  ? Mode extends 'value' ? AttrsValue<A> : AttrsInput<A>
  : L extends AttrSetDecl<infer A>
    ? Mode extends 'value' ? AttrsValue<A> : AttrsInput<A>
    : never;

/** The value of one format: its bare value, or its attributes (with the header's value under `header`). */
export type FormatValue<F> = F extends { value: infer T }
  ? Infer<T>
  : (F extends { attrs: infer L } ? LazyAttrs<L, 'value'> : {}) & (F extends { header: StructDecl<infer H> } ? { header: StructValue<H> } : {});
export type FormatInput<F> = F extends { value: infer T }
  ? InferInput<T>
  : (F extends { attrs: infer L } ? LazyAttrs<L, 'input'> : {}) & (F extends { header: StructDecl<infer H> } ? { header?: StructInput<H> } : {});

/**
 * A payload whose declaration is chosen by a sibling attribute's value (YNL sub-message), e.g.
 * IFLA_INFO_DATA by IFLA_INFO_KIND. Unknown selector values keep the bytes raw.
 */
export interface SubMessageDecl<Fm extends SubMessageFormats = SubMessageFormats, U extends string = never>
  extends TypeDecl<FormatValue<Fm[keyof Fm]> | ([U] extends [never] ? Uint8Array : never), FormatInput<Fm[keyof Fm]> | Uint8Array> {
  readonly kind: 'sub-message';
  /** The sibling attribute (by name) whose value picks the format. */
  readonly selector: string;
  readonly formats: Fm;
  readonly name?: string;
  /**
   * The property an unknown selector's payload is kept under, as bytes, instead of the attribute's own
   * name (nft expressions: `{ name: 'osf', raw }`), so that the attribute's own property only ever holds a
   * declared format's value and a union of `{ selector, value }` pairs stays discriminated. Encoding takes
   * either property. (The set's value type then has `U?: Uint8Array`, and the attribute's no bytes.)
   */
  readonly unknownAs?: U;
}

/** A declaration with hand-written encode/decode. */
export interface CustomDecl<V = unknown, I = V> extends TypeDecl<V, I> {
  readonly kind: 'custom';
  readonly name: string;
  decode(payload: Uint8Array): V;
  encode(value: I): Uint8Array;
}

/** One attribute of a set: its id, its type, and whether it repeats (several attributes with one id). */
export interface AttrDecl<T extends TypeDecl = TypeDecl, M extends boolean = boolean> {
  readonly id: number;
  readonly type: T;
  readonly multi: M;
  /** Set NLA_F_NESTED when encoding (default: for nests, indexed arrays and sub-messages). */
  readonly nestedFlag?: boolean;
  /** Set NLA_F_NET_BYTEORDER when encoding. */
  readonly netByteOrder?: boolean;
}

export type Attributes = { readonly [name: string]: AttrDecl };

export interface AttrSetDecl<A extends Attributes = Attributes> {
  readonly kind: 'attrset';
  readonly name: string;
  readonly attributes: A;
}

type AttrValue<D> = D extends AttrDecl<infer T, infer M> ? (M extends true ? Infer<T>[] : Infer<T>) : never;
type AttrInput<D> = D extends AttrDecl<infer T, infer M> ? (M extends true ? readonly InferInput<T>[] : InferInput<T>) : never;

// The value types below end in `& {}`: that changes no value, but TypeScript then shows a value as the
// object it is (`{ sreg?: number; op?: 'eq' | …; data?: { value?: Uint8Array; … } }`) in hovers, errors
// and a consumer's emitted declarations, instead of `AttrsValue<{ readonly sreg: AttrDecl<IntDecl<…>>; … }>`
// spelled in declarations (and `import("…/netlink-codec/dist/schema")` paths).

/** The properties sub-messages of the set keep an unknown selector's payload under (`SubMessageDecl.unknownAs`). */
type UnknownAsKeys<A> = { [K in keyof A]: A[K] extends { readonly type: { readonly kind: 'sub-message'; readonly unknownAs?: infer U } } ? StringIn<U> : never }[keyof A];
type StringIn<U> = U extends string ? U : never;
type UnknownAsValue<A> = [UnknownAsKeys<A>] extends [never] ? {} : { [K in UnknownAsKeys<A>]?: Uint8Array };
type UnknownAsInput<A> = [UnknownAsKeys<A>] extends [never] ? {} : { readonly [K in UnknownAsKeys<A>]?: Uint8Array | undefined };

/** The decoded value of an attribute set: every attribute optional (the kernel sends what it has). */
export type AttrsValue<A extends Attributes> = { -readonly [K in keyof A]?: AttrValue<A[K]> } & UnknownAsValue<A> & {};
/** What encode accepts for an attribute set. */
export type AttrsInput<A extends Attributes> = { [K in keyof A]?: AttrInput<A[K]> | undefined } & UnknownAsInput<A> & {};

/** A member of a fixed struct: any fixed-size type, or padding. */
export interface PadDecl extends TypeDecl<never> {
  readonly kind: 'pad';
  readonly length: number;
}
export type FieldDecl = IntDecl | EnumDecl | FlagsDecl | StringDecl | BinaryDecl | AddressDecl | PadDecl | StructTypeDecl | PackedArrayDecl;
export type Fields = { readonly [name: string]: FieldDecl };

export interface StructDecl<F extends Fields = Fields> {
  readonly kind: 'structdecl';
  readonly name: string;
  readonly fields: F;
}

// Mapped over `keyof F`, padding filtered by `as`: mapped over a union of the non-padding keys instead, the
// `& {}` did not take (presumably as Fields refers back to StructValue through StructTypeDecl), and hovers
// kept showing the alias.

/** The decoded value of a struct: every field but padding (shown as the object it is, see `AttrsValue`). */
export type StructValue<F extends Fields> = { -readonly [K in keyof F as F[K] extends PadDecl ? never : K]: Infer<F[K]> } & {};
/** What encode accepts for a struct: its fields but padding, each optional. */
export type StructInput<F extends Fields> = { -readonly [K in keyof F as F[K] extends PadDecl ? never : K]?: InferInput<F[K]> } & {};

/** A message: a fixed header struct and/or an attribute set, bound to its message types. */
/** Message types by name. */
export type MessageTypes = { readonly [name: string]: number };

export interface MessageDecl<H extends Fields = Fields, A extends Attributes = Attributes, T extends MessageTypes = MessageTypes> {
  readonly kind: 'message';
  readonly name: string;
  readonly header?: StructDecl<H>;
  readonly attrs?: AttrSetDecl<A>;
  /** Message types (nlmsg_type) that carry this format, by name, e.g. { newlink: 16, dellink: 17 }. */
  readonly types: T;
}

export type MessageValue<H extends Fields, A extends Attributes> = { header: StructValue<H>; attrs: AttrsValue<A> };
export type MessageInput<H extends Fields, A extends Attributes> = { header?: StructInput<H>; attrs?: AttrsInput<A> };

/** Resolves a lazy reference. */
export function resolve<T>(lazy: Lazy<T>): T {
  return typeof lazy === 'function' ? (lazy as () => T)() : lazy;
}

/** Every kind of type declaration, as a union that narrows on `kind`. */
export type AnyTypeDecl =
  | IntDecl
  | VarIntDecl
  | StringDecl
  | BinaryDecl
  | FlagDecl
  | AddressDecl
  | EnumDecl
  | FlagsDecl
  | Bitfield32Decl
  | PackedArrayDecl
  | NestDecl
  | RecordsDecl
  | IndexedArrayDecl
  | TypeValueDecl
  | StructTypeDecl
  | SubMessageDecl
  | CustomDecl;
