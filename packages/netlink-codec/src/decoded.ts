/** The original payload of an attribute whose decoded value would not re-encode to the same bytes. */
export interface RawEntry {
  value: unknown;
  payload: Uint8Array;
}

/**
 * A decoded attribute set. Besides its enumerable values it remembers, in private fields that stay out
 * of printouts, JSON and deep-equality checks, what a byte-identical re-encode needs: the order and flag
 * bits of the attributes as they arrived, and the raw bytes of values that would not re-encode the same.
 * A plain object (or a spread copy) encodes too, in declaration order.
 */
export class Attrs {
  // One field for both, where two cost a second store per decoded object in `record`, a store that sees
  // every attribute set's shape (megamorphic): the order alone, or with the raw entries when there are any
  // (rarely: values that would not re-encode the same).
  // Tried and not kept: a subclass per attribute set, so V8 sizes each set's objects by that set's own
  // properties (all share this class's size now, 104 bytes for a 2-attribute nftables expression): a
  // 10,000-rule listing's peak RSS 126 -> 110 MB, but its JS-thread CPU +9 ms (the constructor's field
  // store then sees a shape per set).
  #kept: readonly number[] | { order: readonly number[]; raw: Map<number, RawEntry> } | undefined;

  static record(target: object, order: readonly number[], raw: Map<number, RawEntry> | undefined): void {
    (target as Attrs).#kept = raw === undefined ? order : { order, raw };
  }
  static orderOf(value: object): readonly number[] | undefined {
    if (!(#kept in value)) return undefined;
    const kept = (value as Attrs).#kept;
    return kept === undefined || Array.isArray(kept) ? (kept as readonly number[] | undefined) : (kept as { order: readonly number[] }).order;
  }
  static rawOf(value: object): Map<number, RawEntry> | undefined {
    if (!(#kept in value)) return undefined;
    const kept = (value as Attrs).#kept;
    return kept === undefined || Array.isArray(kept) ? undefined : (kept as { raw: Map<number, RawEntry> }).raw;
  }
}

/** A decoded struct; remembers a length shorter than declared, or the bytes past its declared end. */
export class Struct {
  #short: number | undefined;
  #tail: Uint8Array | undefined;

  static record(target: object, short: number | undefined, tail: Uint8Array | undefined): void {
    (target as Struct).#short = short;
    (target as Struct).#tail = tail;
  }
  static shortOf(value: object): number | undefined {
    return #short in value ? (value as Struct).#short : undefined;
  }
  static tailOf(value: object): Uint8Array | undefined {
    return #tail in value ? (value as Struct).#tail : undefined;
  }
}

/**
 * The attribute type fields (flag bits included) of a decoded attribute set in arrival order, or
 * undefined for an object that was not decoded.
 */
export function attributeOrder(value: object): readonly number[] | undefined {
  return Attrs.orderOf(value);
}

/** Bytes past the declared end of a decoded struct (a newer kernel's longer struct), if any. */
export function structTail(value: object): Uint8Array | undefined {
  return Struct.tailOf(value);
}
