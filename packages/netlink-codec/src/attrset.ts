import { HOST_LITTLE_ENDIAN, NESTING_DEPTH_LIMIT, NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK, type ByteWriter } from '@linx/netlink-wire';
import type { Codec, DecodeState, SelectedCodec } from './codec.js';
import { compileSelected, compileType } from './compile.js';
import { DecodeDepthError, DecodeError, EncodeDepthError, InvalidValueError, rethrowWithin } from './errors.js';
import type { AttrSetDecl } from './schema.js';
import { Attrs, type RawEntry } from './decoded.js';
import { buildDecodeLoop, listIn, type DecodeLoop, type OrderNode } from './decode-loop.js';
import { UNKNOWN, type UnknownAttribute } from './symbols.js';
import { describe } from './types/int.js';

const LE = HOST_LITTLE_ENDIAN;
const FLAG_BITS = ~NLA_TYPE_MASK & 0xffff;
const NONE: readonly UnknownAttribute[] = [];
/** Marks a second copy of a single-valued attribute: it exists only as raw bytes. */
const REPEATED: unique symbol = Symbol('repeated');

interface Entry {
  name: string;
  id: number;
  multi: boolean;
  /** The type field written for a new attribute (id plus default flag bits). */
  typeField: number;
  codec: Codec | undefined;
  /** For sub-messages: the codec chosen by the selector attribute's value. */
  selected: SelectedCodec | undefined;
  selector: string | undefined;
  /** For sub-messages: the property an unknown selector's payload is kept under (`SubMessageDecl.unknownAs`). */
  unknownAs: string | undefined;
  isFlag: boolean;
  /** A bit for the first 31 single-valued attributes, 0 for the rest. */
  bit: number;
  /** Place in the declaration, the order attributes are written in. */
  position: number;
}

function byPosition(a: Entry, b: Entry): number {
  return a.position - b.position;
}

export interface AttrSetCodec extends Codec<Record<string | symbol, unknown>> {
  readonly decl: AttrSetDecl;
  /** Encodes all attributes but the property `except` (the `header` of a headed nest or sub-message). */
  encodeExcept(value: unknown, w: ByteWriter, except: string): void;
  readonly byId: readonly (Entry | undefined)[];
  readonly byName: ReadonlyMap<string, Entry>;
}

const cache = new WeakMap<AttrSetDecl, AttrSetCodec>();

/** How many trie nodes of attribute orders one attribute set keeps at most, and how deep. */
const ORDER_NODES = 4096;
const ORDER_DEPTH = 64;

/** The type fields of the attributes at `[start, end)`, in order (their lengths were checked by the loop). */
function typeFieldsOf(view: DataView, start: number, end: number): number[] {
  const order: number[] = [];
  for (let at = start; at < end; at += (view.getUint16(at, LE) + 3) & ~3) order.push(view.getUint16(at + 2, LE));
  return order;
}

/**
 * The attribute sets being decoded or encoded, outermost first (the current one last). A sub-message's
 * selector is usually a sibling, but may sit in an enclosing set (tc's stats `app` data is chosen by the
 * message's `kind`). Decoding and encoding are synchronous, so one stack serves every call. Its length
 * is the nesting depth, which is bounded here: every recursive declaration recurses through an attribute
 * set, so this one check keeps self-similar input (a veth peer holding a veth, a dynset holding a dynset)
 * from overflowing the stack, and costs a comparison per set.
 */
const enclosing: Record<string | symbol, unknown>[] = [];

/** The value of the selector `name`: the sibling's, else the nearest enclosing set's. */
function selectorValue(own: Record<string | symbol, unknown>, name: string): unknown {
  const value = own[name];
  if (value !== undefined) return value;
  for (let i = enclosing.length - 2; i >= 0; i--) {
    const outer = enclosing[i]![name];
    if (outer !== undefined) return outer;
  }
  return undefined;
}

/**
 * Compiles an attribute set once into a decoder and an encoder. Decoding keeps, under symbol keys, what
 * a byte-identical re-encode needs: the order and flag bits of the attributes, the attributes it does not
 * know, and the original bytes of values that would not re-encode the same.
 */
export function compileAttrSet(decl: AttrSetDecl): AttrSetCodec {
  const cached = cache.get(decl);
  if (cached) return cached;
  const byId: (Entry | undefined)[] = [];
  const byName = new Map<string, Entry>();
  const entries: Entry[] = [];
  const codec: AttrSetCodec = { decl, byId, byName, size: undefined, decode, encode: (value, w) => encode(value, w, undefined), encodeExcept: encode };
  // Registered before the members compile, so a recursive nest finds it.
  cache.set(decl, codec);
  for (const [name, attribute] of Object.entries(decl.attributes)) {
    const sub = attribute.type.kind === 'sub-message';
    const single = sub ? undefined : compileType(attribute.type);
    const nestedByDefault = single === undefined || single.nested === true;
    const entry: Entry = {
      name,
      id: attribute.id,
      multi: attribute.multi,
      typeField: attribute.id | ((attribute.nestedFlag ?? nestedByDefault) ? NLA_F_NESTED : 0) | (attribute.netByteOrder ? 0x4000 : 0),
      codec: single,
      selected: sub ? compileSelected(attribute.type) : undefined,
      selector: sub ? (attribute.type as unknown as { selector: string }).selector : undefined,
      unknownAs: sub ? (attribute.type as unknown as { unknownAs?: string }).unknownAs : undefined,
      isFlag: attribute.type.kind === 'flag',
      // Stryker disable next-line BooleanLiteral: a bit given to a repeated attribute instead is never read, and a single one without a bit is told first by Object.hasOwn, which agrees with the bit
      bit: !attribute.multi && entries.length < 31 ? 1 << entries.length : 0,
      position: entries.length,
    };
    byId[attribute.id] = entry;
    byName.set(name, entry);
    entries.push(entry);
  }
  // The properties holding a sub-message's payload of an unknown selector, by property name.
  const unknownAs = new Map<string, Entry>();
  for (const entry of entries) if (entry.unknownAs !== undefined) unknownAs.set(entry.unknownAs, entry);

  function decode(bytes: Uint8Array, view: DataView, start: number, end: number, state: DecodeState): Record<string | symbol, unknown> {
    const limit = state.maxDepth ?? NESTING_DEPTH_LIMIT;
    if (enclosing.length >= limit) throw new DecodeDepthError(limit, start);
    const out: Record<string | symbol, unknown> = new Attrs() as never;
    enclosing.push(out);
    try {
      return decodeInto(out, bytes, view, start, end, state);
    } finally {
      enclosing.pop();
    }
  }

  // Decoded objects of one set nearly always arrive with the same few attribute orders (every `payload`
  // expression of a rule dump: dreg, base, offset, len). The loop walks a trie of the orders seen, by type
  // field, as it reads (see decode-loop.ts), and each object shares its node's frozen order array: no array
  // per object, where a list of 92,000 nftables expressions otherwise made about 50 MB of them. The trie
  // stops growing at ORDER_NODES nodes or ORDER_DEPTH attributes; an object past that gets an order array
  // of its own, read again from its bytes.
  const root: OrderNode = { parent: undefined, typeField: 0, depth: 0, order: undefined, keys: [], nodes: [] };
  let orderNodes = 0;
  function nextOrder(node: OrderNode | undefined, typeField: number): OrderNode | undefined {
    if (node === undefined) return undefined;
    const { keys } = node;
    for (let i = 0; i < keys.length; i++) if (keys[i] === typeField) return node.nodes[i];
    if (orderNodes >= ORDER_NODES || node.depth >= ORDER_DEPTH) return undefined;
    orderNodes++;
    const next: OrderNode = { parent: node, typeField, depth: node.depth + 1, order: undefined, keys: [], nodes: [] };
    keys.push(typeField);
    node.nodes.push(next);
    return next;
  }
  function orderAt(node: OrderNode | undefined, view: DataView, start: number, end: number): readonly number[] {
    if (node === undefined) return typeFieldsOf(view, start, end);
    if (node.order === undefined) {
      // Stryker disable next-line ArrayDeclaration: an empty array filled by index holds the same numbers
      const order = new Array<number>(node.depth);
      for (let at: OrderNode = node; at.parent !== undefined; at = at.parent) order[at.depth - 1] = at.typeField;
      node.order = Object.freeze(order);
    }
    return node.order;
  }

  // The attribute loop, interpreted for the set's first objects and generated after (see decode-loop.ts,
  // tier.ts): `decodeInto` is replaced by the generated loop when it is built.
  let decodeInto: DecodeLoop = buildDecodeLoop(
    entries.map((entry) => ({ name: entry.name, id: entry.id, multi: entry.multi, bit: entry.bit, decode: entry.codec?.decode })),
    {
      littleEndian: LE,
      unknown(out, typeField, bytes, start, end) {
        const unknown: UnknownAttribute = { type: typeField & NLA_TYPE_MASK, flags: typeField & FLAG_BITS, payload: bytes.slice(start, end) };
        ((out[UNKNOWN] as UnknownAttribute[] | undefined) ??= []).push(unknown);
      },
      raw(raws, index, value, bytes, start, end) {
        return (raws ?? new Map()).set(index, { value, payload: bytes.slice(start, end) });
      },
      root,
      next: nextOrder,
      finish(out, node, raws, pending, bytes, view, start, end, state, callerExact) {
        let all = raws as Map<number, RawEntry> | undefined;
        if (pending) {
          // (order index, entry index, payload start, payload end) per sub-message.
          for (let i = 0; i < pending.length; i += 4) {
            const index = pending[i] as number;
            const entry = entries[pending[i + 1] as number]!;
            const payloadStart = pending[i + 2] as number;
            const payloadEnd = pending[i + 3] as number;
            state.exact = true;
            let value: unknown;
            const selector = selectorValue(out, entry.selector!);
            try {
              value = entry.selected!.decode(selector, bytes, view, payloadStart, payloadEnd, state);
            } catch (error) {
              rethrowWithin(error, entry.name);
            }
            // (Only bytes can be an unknown selector's payload: a declared format's value skips the lookup.)
            const key = entry.unknownAs !== undefined && value instanceof Uint8Array && !entry.selected!.knows(selector) ? entry.unknownAs : entry.name;
            if (entry.multi) listIn(out, key).push(value);
            else out[key] = value;
            if (!state.exact) (all ??= new Map()).set(index, { value, payload: bytes.slice(payloadStart, payloadEnd) });
          }
        }
        Attrs.record(out, orderAt(node, view, start, end), all);
        state.exact = callerExact;
        return out;
      },
      truncated: (left, offset) => new DecodeError(`truncated attribute header: ${left} bytes left`, offset),
      badLength: (length, left, offset) => new DecodeError(`bad attribute length ${length} (${left} bytes left)`, offset),
      within: (error, name) => rethrowWithin(error, name),
      repeated: REPEATED,
    },
    (generated) => (decodeInto = generated),
  );

  function writeAttribute(w: ByteWriter, typeField: number, entry: Entry, value: unknown, parent: Record<string | symbol, unknown>, raw: RawEntry | undefined): void {
    const at = w.reserve(NLA_HDRLEN);
    if (raw !== undefined && raw.value === value) w.write(raw.payload);
    else if (entry.selected) entry.selected.encode(selectorValue(parent, entry.selector!), value, w);
    else entry.codec!.encode(value, w);
    const length = w.length - at;
    if (length > 0xffff) throw new InvalidValueError(`encoded attribute is ${length} bytes, more than nla_len's 65535`);
    w.view.setUint16(at, length, LE);
    w.view.setUint16(at + 2, typeField, LE);
    w.pad();
  }

  /** The attribute's value in `value`: under its name, or a sub-message's unknown payload under `unknownAs`. */
  function valueOf(value: Record<string | symbol, unknown>, entry: Entry): unknown {
    const own = value[entry.name];
    return own === undefined && entry.unknownAs !== undefined ? value[entry.unknownAs] : own;
  }

  function writeUnknown(w: ByteWriter, unknown: UnknownAttribute): void {
    const at = w.reserve(NLA_HDRLEN + unknown.payload.length);
    w.view.setUint16(at, NLA_HDRLEN + unknown.payload.length, LE);
    w.view.setUint16(at + 2, unknown.type | unknown.flags, LE);
    w.bytes.set(unknown.payload, at + NLA_HDRLEN);
    w.pad();
  }

  function put(w: ByteWriter, typeField: number, entry: Entry, value: unknown, parent: Record<string | symbol, unknown>, raw: RawEntry | undefined, index?: number): void {
    if (entry.isFlag && value === false) return;
    try {
      writeAttribute(w, typeField, entry, value, parent, raw);
    } catch (error) {
      if (index === undefined) rethrowWithin(error, entry.name);
      try {
        rethrowWithin(error, index);
      } catch (inner) {
        rethrowWithin(inner, entry.name);
      }
    }
  }

  function encode(input: unknown, w: ByteWriter, except: string | undefined): void {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || input instanceof Uint8Array) {
      throw new InvalidValueError(`expected an object of ${decl.name} attributes, got ${describe(input)}`);
    }
    // A value that contains itself would otherwise recurse until the stack overflows.
    if (enclosing.length >= NESTING_DEPTH_LIMIT) throw new EncodeDepthError(NESTING_DEPTH_LIMIT);
    const value = input as Record<string | symbol, unknown>;
    enclosing.push(value);
    try {
      encodeFrom(value, w, except);
    } finally {
      enclosing.pop();
    }
  }

  function encodeFrom(value: Record<string | symbol, unknown>, w: ByteWriter, except: string | undefined): void {
    // The attributes the value holds, checked and put in declaration order: a walk over the value's own
    // keys (a handful) rather than over every attribute the set declares (dozens, mostly absent).
    const present: Entry[] = [];
    for (const key in value) {
      if (value[key] === undefined || !Object.hasOwn(value, key)) continue;
      const entry = byName.get(key);
      if (entry !== undefined) present.push(entry);
      else if (unknownAs.size !== 0 && unknownAs.has(key)) {
        const owner = unknownAs.get(key)!;
        if (value[owner.name] !== undefined) throw new InvalidValueError(`${JSON.stringify(owner.name)} and ${JSON.stringify(key)} are the same attribute; give one`);
        present.push(owner);
      } else if (key !== except) throw new InvalidValueError(`unknown attribute ${JSON.stringify(key)} in ${decl.name}`);
    }
    present.sort(byPosition);
    const unknowns = (value[UNKNOWN] as UnknownAttribute[] | undefined) ?? NONE;
    let nextUnknown = 0;
    const order = Attrs.orderOf(value);
    // How many items of each attribute are written already: only a decoded object's order needs counting.
    const written = order ? new Map<Entry, number>() : undefined;
    if (order) {
      const raws = Attrs.rawOf(value);
      for (let i = 0; i < order.length; i++) {
        const typeField = order[i]!;
        const entry = byId[typeField & NLA_TYPE_MASK];
        if (entry === undefined) {
          const unknown = unknowns[nextUnknown];
          if (unknown !== undefined && unknown.type === (typeField & NLA_TYPE_MASK)) {
            writeUnknown(w, unknown);
            nextUnknown++;
          }
          continue;
        }
        const raw = raws?.get(i);
        if (raw !== undefined && raw.value === REPEATED) {
          // A repeated single attribute: its bytes only exist raw.
          if (valueOf(value, entry) !== undefined) put(w, typeField, entry, REPEATED, value, raw);
          continue;
        }
        const count = written!.get(entry) ?? 0;
        const own = valueOf(value, entry);
        const item = entry.multi ? (own as unknown[] | undefined)?.[count] : count === 0 ? own : undefined;
        if (item === undefined) continue;
        put(w, typeField, entry, item, value, raw, entry.multi ? count : undefined);
        written!.set(entry, count + 1);
      }
    }
    // Attributes the order does not cover (set by the caller, or no order at all), in declaration order.
    for (const entry of present) {
      const item = valueOf(value, entry);
      const count = written?.get(entry) ?? 0;
      if (entry.multi) {
        if (!Array.isArray(item)) throw new InvalidValueError(`expected an array (repeated attribute), got ${describe(item)}`, [entry.name]);
        for (let k = count; k < item.length; k++) if (item[k] !== undefined) put(w, entry.typeField, entry, item[k], value, undefined, k);
      } else if (count === 0) {
        put(w, entry.typeField, entry, item, value, undefined);
      }
    }
    for (; nextUnknown < unknowns.length; nextUnknown++) writeUnknown(w, unknowns[nextUnknown]!);
  }

  return codec;
}
