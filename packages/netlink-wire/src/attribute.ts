import { align } from './align.js';
import { HOST_LITTLE_ENDIAN, viewOf } from './endian.js';
import { EncodeError, MalformedError } from './errors.js';

/** Size of `struct nlattr`: length u16, type u16. */
export const NLA_HDRLEN = 4;
/** Type bit: the payload is a nested attribute set. */
export const NLA_F_NESTED = 0x8000;
/** Type bit: the payload is in network byte order. */
export const NLA_F_NET_BYTEORDER = 0x4000;
/** The bits of `nla_type` that are the type proper. */
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
/** The largest payload an attribute can carry: `nla_len` is 16 bits and includes the header. */
export const NLA_MAX_PAYLOAD = 0xffff - NLA_HDRLEN;
/**
 * How many attribute sets deep linx follows nests, by default, in the codec's decoders and encoders and
 * in the debug printer: a message's own attributes are level 1. Nesting is self-similar (a veth peer
 * holds link attributes, an nftables dynset holds expressions, a next hop holds route attributes), so
 * untrusted bytes can nest as deep as nla_len allows, thousands of levels, and recursing that far
 * overflows the stack. The kernel refuses requests whose nested policies recurse 10 levels
 * (MAX_POLICY_RECURSION_DEPTH in lib/nlattr.c), and when this limit was chosen the deepest chain rtnl's and
 * nfnl's declarations allowed, each set appearing at most twice on the way, was 11 sets (nftables set
 * elements with a dynset's expressions). 32 leaves room for nests the kernel only sends and for the sets
 * linx counts where the kernel does not (a sub-message's format, a headed nest), and is far from the
 * stack's limit.
 */
export const NESTING_DEPTH_LIMIT = 32;

/** A decoded attribute: its type with the flag bits masked off, the flags, and a view of its payload. */
export interface Attribute {
  /** `nla_type & NLA_TYPE_MASK`. */
  type: number;
  /** NLA_F_NESTED was set. */
  nested: boolean;
  /** NLA_F_NET_BYTEORDER was set. */
  netByteOrder: boolean;
  /** The payload, without the trailing alignment padding; a view into the decoded buffer. */
  payload: Uint8Array;
  /** Offset of this attribute's header within the buffer that was walked. */
  offset: number;
}

/**
 * Walks the attributes in `bytes[start, end)`. Bad lengths throw a `MalformedError` whose offset is
 * relative to `bytes`. Trailing bytes too few for a header are malformed too: the kernel never sends them.
 */
export function* iterateAttributes(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  littleEndian = HOST_LITTLE_ENDIAN,
): Generator<Attribute, void, undefined> {
  const view = viewOf(bytes);
  let offset = start;
  while (offset < end) {
    const length = checkedAttributeLength(view, offset, end, littleEndian);
    const rawType = view.getUint16(offset + 2, littleEndian);
    yield {
      type: rawType & NLA_TYPE_MASK,
      nested: (rawType & NLA_F_NESTED) !== 0,
      netByteOrder: (rawType & NLA_F_NET_BYTEORDER) !== 0,
      payload: bytes.subarray(offset + NLA_HDRLEN, offset + length),
      offset,
    };
    offset += align(length);
  }
}

/** The `nla_len` of the attribute at `offset`, checked to fit before `end`. */
export function checkedAttributeLength(view: DataView, offset: number, end: number, littleEndian = HOST_LITTLE_ENDIAN): number {
  const left = end - offset;
  if (left < NLA_HDRLEN) throw new MalformedError(`truncated attribute header: ${left} bytes left, 4 needed`, offset);
  const length = view.getUint16(offset, littleEndian);
  if (length < NLA_HDRLEN) throw new MalformedError(`nla_len ${length} is shorter than the attribute header`, offset);
  if (length > left) throw new MalformedError(`nla_len ${length} runs past the end (${left} bytes left)`, offset);
  return length;
}

/**
 * Whether `bytes[start, end)` is a well-formed run of attributes: a guess that a payload without
 * NLA_F_NESTED is a nest (many rtnetlink nests do not set the bit), for tools without a schema.
 */
export function parsesAsAttributes(bytes: Uint8Array, start = 0, end = bytes.length, littleEndian = HOST_LITTLE_ENDIAN): boolean {
  if (end - start < NLA_HDRLEN) return false;
  const view = viewOf(bytes);
  try {
    for (let offset = start; offset < end; ) offset += align(checkedAttributeLength(view, offset, end, littleEndian));
    return true;
  } catch {
    return false;
  }
}

/** All the attributes of `bytes`, as an array. See `iterateAttributes`. */
export function parseAttributes(bytes: Uint8Array, littleEndian = HOST_LITTLE_ENDIAN): Attribute[] {
  return Array.from(iterateAttributes(bytes, 0, bytes.length, littleEndian));
}

/** Options of a single encoded attribute. */
export interface AttributeFlags {
  nested?: boolean;
  netByteOrder?: boolean;
}

/** The type field as written: the type plus the flag bits. Throws for types outside 0..0x3fff. */
export function attributeTypeField(type: number, flags: AttributeFlags = {}): number {
  if (!Number.isInteger(type) || type < 0 || type > NLA_TYPE_MASK) {
    throw new EncodeError(`attribute type ${type} is not an integer in 0..${NLA_TYPE_MASK}`);
  }
  return type | (flags.nested ? NLA_F_NESTED : 0) | (flags.netByteOrder ? NLA_F_NET_BYTEORDER : 0);
}

/** Encodes one attribute (header, payload, padding to 4 bytes). */
export function encodeAttribute(type: number, payload: Uint8Array, flags: AttributeFlags = {}): Uint8Array {
  const field = attributeTypeField(type, flags);
  if (payload.length > NLA_MAX_PAYLOAD) {
    throw new EncodeError(`attribute ${type}: payload of ${payload.length} bytes exceeds the ${NLA_MAX_PAYLOAD}-byte limit of nla_len`);
  }
  const out = new Uint8Array(align(NLA_HDRLEN + payload.length));
  const view = viewOf(out);
  view.setUint16(0, NLA_HDRLEN + payload.length, HOST_LITTLE_ENDIAN);
  view.setUint16(2, field, HOST_LITTLE_ENDIAN);
  out.set(payload, NLA_HDRLEN);
  return out;
}
