import { ByteWriter, align, viewOf } from '@linx/netlink-wire';
import { compileAttrSet, type AttrSetCodec } from './attrset.js';
import type { DecodeOptions, DecodeState } from './codec.js';
import { compileType } from './compile.js';
import { InvalidValueError, rethrowWithin } from './errors.js';
import type {
  AttrSetDecl,
  Attributes,
  AttrsInput,
  AttrsValue,
  Fields,
  MessageDecl,
  MessageInput,
  MessageValue,
  StructDecl,
  StructInput,
  StructValue,
  TypeDecl,
  Infer,
  InferInput,
} from './schema.js';
import { compileStruct, type StructCodec } from './types/struct.js';
import { describe } from './types/int.js';

/** A compiled message format: payload (everything after nlmsghdr) ↔ `{ header, attrs }`. */
export interface MessageCodec<H extends Fields, A extends Attributes> {
  readonly decl: MessageDecl<H, A>;
  /** Size of the fixed header (0 without one): where the attributes start. */
  readonly headerLength: number;
  /** Decodes a payload; `options.maxDepth` bounds how deep its attribute sets may nest. */
  decode(payload: Uint8Array, options?: DecodeOptions): MessageValue<H, A>;
  /**
   * Decodes the payload at `bytes[start, end)` through a DataView the caller already has over `bytes`
   * (a whole datagram): the fast path for dumps, with no view or subarray made per message.
   */
  decodeAt(bytes: Uint8Array, view: DataView, start: number, end: number): MessageValue<H, A>;
  encode(value: MessageInput<H, A>): Uint8Array;
  /** Appends the payload to `w` (after a header the caller reserved), for one-buffer messages. */
  encodeInto(w: ByteWriter, value: MessageInput<H, A>): void;
}

const messages = new WeakMap<MessageDecl, MessageCodec<Fields, Attributes>>();

/**
 * One writer reused by every top-level encode (they are synchronous), so encoding a message allocates
 * only its result. A nested encode (a custom type's encoder calling `encode`) gets a writer of its own.
 */
const scratch = new ByteWriter(4096);
// Stryker disable next-line BooleanLiteral: starting "in use" only gives every encode a writer of its own
let scratchInUse = false;

function withScratch(write: (w: ByteWriter) => void): Uint8Array {
  if (scratchInUse) {
    const w = new ByteWriter(256);
    write(w);
    return w.finish();
  }
  scratchInUse = true;
  try {
    write(scratch);
    return scratch.finish();
    // Stryker disable next-line BlockStatement: without it the scratch writer stays "in use", which only gives every later encode a writer of its own
  } finally {
    // The writer relies on zeroed bytes past its end (padding is skipped, not written).
    scratch.bytes.fill(0, 0, scratch.length);
    scratch.length = 0;
    // Stryker disable next-line BooleanLiteral: staying "in use" only gives every later encode a writer of its own
    scratchInUse = false;
  }
}

export function compileMessage<H extends Fields, A extends Attributes>(decl: MessageDecl<H, A>): MessageCodec<H, A> {
  const cached = messages.get(decl as unknown as MessageDecl);
  if (cached) return cached as unknown as MessageCodec<H, A>;
  const header: StructCodec | undefined = decl.header ? compileStruct(decl.header) : undefined;
  const attrs: AttrSetCodec | undefined = decl.attrs ? compileAttrSet(decl.attrs) : undefined;
  const headerLength = header ? align(header.size) : 0;
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: each attribute sets `exact` before decoding, and the message's own value is never read
  const state: DecodeState = { exact: true };

  function decodeWith(bytes: Uint8Array, view: DataView, start: number, end: number, decodeState: DecodeState): MessageValue<H, A> {
    const length = end - start;
    // A struct's decoder reads the fields a short payload holds and never throws.
    const headerValue = header ? header.decode(bytes, view, start, start + Math.min(length, header.size), decodeState) : {};
    const attrsValue = attrs ? attrs.decode(bytes, view, start + Math.min(length, headerLength), end, decodeState) : {};
    return { header: headerValue, attrs: attrsValue } as MessageValue<H, A>;
  }

  const codec: MessageCodec<H, A> = {
    decl,
    headerLength,
    decode(payload, options) {
      if (options?.maxDepth === undefined) return codec.decodeAt(payload, viewOf(payload), 0, payload.length);
      // Stryker disable next-line BooleanLiteral: the top-level exact is never read: an attribute set sets it before each attribute and reads it after
      return decodeWith(payload, viewOf(payload), 0, payload.length, { exact: true, maxDepth: checkedMaxDepth(options.maxDepth) });
    },
    decodeAt(bytes, view, start, end) {
      return decodeWith(bytes, view, start, end, state);
    },
    encode(value) {
      return withScratch((w) => codec.encodeInto(w, value));
    },
    encodeInto(w, value) {
      if (typeof value !== 'object' || value === null) throw new InvalidValueError(`expected { header, attrs }, got ${describe(value)}`);
      if (header) {
        try {
          header.encode(value.header ?? {}, w);
        } catch (error) {
          rethrowWithin(error, 'header');
        }
        w.pad();
      }
      if (attrs) attrs.encode(value.attrs ?? {}, w);
      else if (value.attrs !== undefined) throw new InvalidValueError(`${decl.name} has no attributes`);
    },
  };
  messages.set(decl as unknown as MessageDecl, codec as unknown as MessageCodec<Fields, Attributes>);
  return codec;
}

/** Anything that can be encoded or decoded on its own. */
export type Declaration = AttrSetDecl | StructDecl | TypeDecl;

type DeclValue<D> = D extends AttrSetDecl<infer A> ? AttrsValue<A> : D extends StructDecl<infer F> ? StructValue<F> : Infer<D>;
type DeclInput<D> = D extends AttrSetDecl<infer A> ? AttrsInput<A> : D extends StructDecl<infer F> ? StructInput<F> : InferInput<D>;

function codecOf(decl: Declaration) {
  if (decl.kind === 'attrset') return compileAttrSet(decl as AttrSetDecl);
  if (decl.kind === 'structdecl') return compileStruct(decl as StructDecl);
  return compileType(decl as TypeDecl);
}

/**
 * Decodes bytes (an attribute set's, a struct's, or one attribute's payload) with a declaration;
 * `options.maxDepth` bounds how deep its attribute sets may nest.
 */
export function decode<D extends Declaration>(decl: D, bytes: Uint8Array, options?: DecodeOptions): DeclValue<D> {
  // Stryker disable next-line BooleanLiteral: the top-level exact is never read: an attribute set sets it before each attribute and reads it after
  const state: DecodeState = options?.maxDepth === undefined ? { exact: true } : { exact: true, maxDepth: checkedMaxDepth(options.maxDepth) };
  return codecOf(decl).decode(bytes, viewOf(bytes), 0, bytes.length, state) as DeclValue<D>;
}

/** `maxDepth` as given, when it is an integer of 1 or more (Number.isInteger is false for other types too). */
function checkedMaxDepth(maxDepth: number): number {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new InvalidValueError(`maxDepth must be a positive integer, got ${describe(maxDepth)}`, ['maxDepth']);
  }
  return maxDepth;
}

/** Encodes a value with a declaration: the payload bytes (an attribute set, a struct, one attribute's payload). */
export function encode<D extends Declaration>(decl: D, value: DeclInput<D>): Uint8Array {
  return withScratch((w) => codecOf(decl).encode(value, w));
}
