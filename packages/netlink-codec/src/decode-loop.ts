import { InvalidArgumentError } from '@linx/netlink-wire';
import type { DecodeState } from './codec.js';
import { GENERATE_AFTER, tiered } from './tier.js';

/** What the generated loop needs to know of an attribute. */
export interface LoopEntry {
  name: string;
  id: number;
  multi: boolean;
  /** A bit for the first 31 single-valued attributes, 0 for the rest. */
  bit: number;
  /** Undefined for sub-messages, which are decoded after the loop (their selector may come later). */
  decode: ((bytes: Uint8Array, view: DataView, start: number, end: number, state: DecodeState) => unknown) | undefined;
}

/**
 * A node of an attribute set's trie of the attribute orders decoded so far: the type field that led to it
 * from its parent, its depth (the order's length), the frozen order array once an object ended here, and
 * its children (`keys[i]` leads to `nodes[i]`; nodes have a handful at most, so a scan beats a Map).
 */
export interface OrderNode {
  parent: OrderNode | undefined;
  typeField: number;
  depth: number;
  order: readonly number[] | undefined;
  keys: number[];
  nodes: OrderNode[];
}

/** The pieces of the attribute set's decoder the loop calls. */
export interface LoopHelpers {
  littleEndian: boolean;
  /** The order trie's root (no attribute yet). */
  root: OrderNode;
  /** The node after `node` for an attribute of `typeField`; undefined once the trie is full (and after). */
  next(node: OrderNode | undefined, typeField: number): OrderNode | undefined;
  /** An attribute the declaration does not know. */
  unknown(out: Record<string | symbol, unknown>, typeField: number, bytes: Uint8Array, start: number, end: number): void;
  /** A value that would not re-encode the same, or a repeat: `value` is the marker for a repeat. */
  raw(raws: Map<number, unknown> | undefined, index: number, value: unknown, bytes: Uint8Array, start: number, end: number): Map<number, unknown>;
  /**
   * Decodes the sub-messages found by the loop, once the siblings they depend on are known, and records the
   * attribute order (`node`'s, or read again from `[start, end)` when the trie had no room).
   */
  finish(out: Record<string | symbol, unknown>, node: OrderNode | undefined, raws: Map<number, unknown> | undefined, pending: unknown[] | undefined, bytes: Uint8Array, view: DataView, start: number, end: number, state: DecodeState, callerExact: boolean): Record<string | symbol, unknown>;
  /** Errors: the loop's own, and one escaping from an attribute's decoder (which gets its name). */
  truncated(left: number, offset: number): Error;
  badLength(length: number, left: number, offset: number): Error;
  within(error: unknown, name: string): never;
  repeated: unknown;
}

export type DecodeLoop = (out: Record<string | symbol, unknown>, bytes: Uint8Array, view: DataView, start: number, end: number, state: DecodeState) => Record<string | symbol, unknown>;

/**
 * The attribute loop of one attribute set, tiered (see tier.ts): interpreted for the set's first
 * GENERATE_AFTER objects, then generated, handed to `install` for the caller to call from then on. Both
 * tiers share `helpers` (the order trie among them), so an object decodes to the same value, sharing the
 * same order array, whichever tier read it. Where code generation is refused, interpreted throughout.
 */
export function buildDecodeLoop(entries: readonly LoopEntry[], helpers: LoopHelpers, install: (loop: DecodeLoop) => void, generate = codeGeneration(), after = GENERATE_AFTER): DecodeLoop {
  const interpreted = interpretedLoop(entries, helpers);
  if (!generate) return interpreted;
  // Checked now, not when the generated loop is first built: a bad declaration fails where it compiles.
  for (const entry of entries) if (!Number.isInteger(entry.id)) throw new InvalidArgumentError('', `attribute id ${entry.id} is not an integer`);
  return tiered(interpreted, () => generatedLoop(entries, helpers), install, after);
}

/**
 * Generates the attribute loop of one attribute set: a `switch` on the attribute id with a case per
 * attribute, each calling that attribute's decoder and storing under its name. Every call site and every
 * property store then sees one function and one name, which V8 optimises far better than a table of
 * decoders called from a single site. The generated code holds no names or values of its own beyond the
 * attribute names (quoted with JSON.stringify) and ids (integers, checked by buildDecodeLoop), which come
 * from the declaration.
 */
function generatedLoop(entries: readonly LoopEntry[], helpers: LoopHelpers): DecodeLoop {
  const cases: string[] = [];
  entries.forEach((entry, i) => {
    const key = JSON.stringify(entry.name);
    if (entry.decode === undefined) {
      cases.push(`case ${entry.id}: (pending ??= []).push(index, ${i}, ps, pe); break;`);
      return;
    }
    const inherits = inherited(entry.name);
    const list = inherits ? `(Object.hasOwn(out, ${key}) ? out[${key}] : (out[${key}] = []))` : `(out[${key}] ??= [])`;
    // Past the bit mask, a first copy is one not stored yet (an own property even when it decoded to
    // undefined, and whatever the object inherits under that name), as the bit says for the others.
    const first = entry.bit !== 0 ? `(seen & ${entry.bit}) === 0` : `!Object.hasOwn(out, ${key})`;
    const store = entry.multi
      ? `${list}.push(v); if (!state.exact) raws = H.raw(raws, index, v, bytes, ps, pe);`
      : `if (${first}) { seen |= ${entry.bit}; out[${key}] = v; if (!state.exact) raws = H.raw(raws, index, v, bytes, ps, pe); } else raws = H.raw(raws, index, H.repeated, bytes, ps, pe);`;
    cases.push(`case ${entry.id}: { current = ${key}; state.exact = true; const v = d${i}(bytes, view, ps, pe, state); ${store} current = undefined; break; }`);
  });
  const decoders = entries.map((_, i) => `d${i}`);
  // Stryker disable next-line StringLiteral: the separator only lays out the generated source
  const body = cases.join('\n            ');
  const source = `
    return function decodeLoop(out, bytes, view, start, end, state) {
      const callerExact = state.exact;
      let node = H.root, count = 0;
      let raws, pending, current, seen = 0, offset = start;
      try {
        while (offset < end) {
          if (end - offset < 4) throw H.truncated(end - offset, offset);
          const length = view.getUint16(offset, LE);
          if (length < 4 || length > end - offset) throw H.badLength(length, end - offset, offset);
          const typeField = view.getUint16(offset + 2, LE);
          const ps = offset + 4, pe = offset + length, index = count++;
          node = H.next(node, typeField);
          switch (typeField & 0x3fff) {
            ${body}
            default: H.unknown(out, typeField, bytes, ps, pe);
          }
          offset += (length + 3) & ~3;
        }
      } catch (error) {
        if (current !== undefined) H.within(error, current);
        throw error;
      }
      return H.finish(out, node, raws, pending, bytes, view, start, end, state, callerExact);
    };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the one place code is generated, from the declaration's names and ids
  const factory = new Function('H', 'LE', ...decoders, source) as (...args: unknown[]) => DecodeLoop;
  return factory(helpers, helpers.littleEndian, ...entries.map((e) => e.decode));
}

/**
 * Whether a decoded object inherits a property of this name (`constructor`, `toString`…): then only
 * Object.hasOwn tells whether the attribute was seen, since reading it gives the inherited value.
 */
function inherited(name: string): boolean {
  return name in Object.prototype;
}

/** The list under `key` in `out`, made on first use (an own property, whatever `out` inherits under that name). */
export function listIn(out: Record<string | symbol, unknown>, key: string): unknown[] {
  return (Object.hasOwn(out, key) ? out[key] : (out[key] = [])) as unknown[];
}

let canGenerate: boolean | undefined;

/** Whether this runtime allows code generation from strings (some lock it down, like a strict CSP). */
export function codeGeneration(): boolean {
  if (canGenerate === undefined) {
    try {
      canGenerate = new Function('return true')() === true;
    } catch {
      canGenerate = false;
    }
  }
  return canGenerate;
}

/**
 * The same loop without generated code: a table of entries by id. Its code (and V8's feedback on it) serves
 * every set, so it is warm long before any one set's generated loop would be; runtimes that forbid code generation use it always.
 */
function interpretedLoop(entries: readonly LoopEntry[], H: LoopHelpers): DecodeLoop {
  // Stryker disable next-line ArrayDeclaration: a stray element at index 0 only shadows an id-0 attribute the declaration does not have, which is unknown either way
  const byId: (number | undefined)[] = [];
  entries.forEach((entry, i) => (byId[entry.id] = i));
  const LE = H.littleEndian;
  return (out, bytes, view, start, end, state) => {
    const callerExact = state.exact;
    let node: OrderNode | undefined = H.root;
    let count = 0;
    let raws: Map<number, unknown> | undefined;
    let pending: unknown[] | undefined;
    let current: string | undefined;
    let seen = 0;
    let offset = start;
    try {
      while (offset < end) {
        if (end - offset < 4) throw H.truncated(end - offset, offset);
        const length = view.getUint16(offset, LE);
        if (length < 4 || length > end - offset) throw H.badLength(length, end - offset, offset);
        const typeField = view.getUint16(offset + 2, LE);
        const ps = offset + 4;
        const pe = offset + length;
        const index = count++;
        node = H.next(node, typeField);
        const i = byId[typeField & 0x3fff];
        const entry = i === undefined ? undefined : entries[i]!;
        if (entry === undefined) H.unknown(out, typeField, bytes, ps, pe);
        else if (entry.decode === undefined) (pending ??= []).push(index, i, ps, pe);
        else {
          current = entry.name;
          state.exact = true;
          const v = entry.decode(bytes, view, ps, pe, state);
          if (entry.multi) {
            listIn(out, entry.name).push(v);
            if (!state.exact) raws = H.raw(raws, index, v, bytes, ps, pe);
          } else if (entry.bit !== 0 ? (seen & entry.bit) === 0 : !Object.hasOwn(out, entry.name)) {
            seen |= entry.bit;
            out[entry.name] = v;
            if (!state.exact) raws = H.raw(raws, index, v, bytes, ps, pe);
          } else raws = H.raw(raws, index, H.repeated, bytes, ps, pe);
          current = undefined;
        }
        offset += (length + 3) & ~3;
      }
    } catch (error) {
      if (current !== undefined) H.within(error, current);
      throw error;
    }
    return H.finish(out, node, raws, pending, bytes, view, start, end, state, callerExact);
  };
}
