// Nesting depth (issue #10): a recursive declaration lets well-formed bytes nest as deep as nla_len
// allows, thousands of sets, which used to overflow the stack with a RangeError. Decoding deeper than
// the limit throws DecodeDepthError (ERR_LINX_TOO_DEEP) with the path and the limit; at the limit it
// decodes; `maxDepth` moves the limit; encoding a value that contains itself is a typed error too.
import { AttributeEncoder, MalformedError, NESTING_DEPTH_LIMIT } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import {
  DecodeDepthError,
  DecodeError,
  EncodeDepthError,
  InvalidValueError,
  attr,
  attrset,
  compileMessage,
  custom,
  decode,
  encode,
  indexedArray,
  message,
  nest,
  string,
  struct,
  subMessage,
  u32,
  type AttrSetDecl,
} from '../src/index.js';
import {
  attributePathInPayload,
} from '../src/runtime.js';

/** A tree: a value and a child tree, a list of trees, or a tree decoded by a custom decoder. */
const tree: AttrSetDecl = attrset('tree', {
  value: attr(1, u32()),
  child: attr(2, nest((): AttrSetDecl => tree)),
  list: attr(3, indexedArray(nest((): AttrSetDecl => tree))),
  wrapped: attr(
    4,
    custom(
      'wrapped-tree',
      (payload) => decode(tree, payload),
      (value) => encode(tree, value as never),
    ),
  ),
});
const treeMessage = message('tree', { header: struct('hdr', { x: u32() }), attrs: tree, types: { newtree: 16 } });

/** Attribute set bytes: `value` innermost, wrapped `levels` times in attribute `type` (a list's item is index 1). */
function chain(levels: number, type = 2): Uint8Array {
  let bytes = new AttributeEncoder().u32(1, 7).finish();
  for (let i = 0; i < levels; i++) {
    const inner = type === 3 ? new AttributeEncoder().bytes(1, bytes, { nested: true }).finish() : bytes;
    bytes = new AttributeEncoder().bytes(type, inner, { nested: type !== 4 }).finish();
  }
  return bytes;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** Follows `child` `levels` times. */
function innermost(value: unknown, levels: number, step: (v: Record<string, unknown>) => unknown): Record<string, unknown> {
  let v = value as Record<string, unknown>;
  for (let i = 0; i < levels; i++) v = step(v) as Record<string, unknown>;
  return v;
}

describe('decoding nested attribute sets', () => {
  it('decodes sets nested exactly as deep as the limit', () => {
    // The outer set is level 1: LIMIT - 1 nests reach level LIMIT.
    const value = decode(tree, chain(NESTING_DEPTH_LIMIT - 1));
    expect(innermost(value, NESTING_DEPTH_LIMIT - 1, (v) => v.child).value).toBe(7);
  });

  it.each([NESTING_DEPTH_LIMIT, 5000])('%i nests: DecodeDepthError with the path to the set one too deep', (levels) => {
    const bytes = chain(levels);
    const error = thrown(() => decode(tree, bytes));
    expect(error).toBeInstanceOf(DecodeDepthError);
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toBeInstanceOf(MalformedError);
    const e = error as DecodeDepthError;
    expect(e.code).toBe('ERR_LINX_TOO_DEEP');
    expect(e.limit).toBe(NESTING_DEPTH_LIMIT);
    expect(e.path).toEqual(Array(NESTING_DEPTH_LIMIT).fill('child'));
    // The payload of the LIMIT-th `child`: LIMIT attribute headers in.
    expect(e.offset).toBe(4 * NESTING_DEPTH_LIMIT);
    expect(e.message).toBe(`${e.path.join('.')}: attribute sets nested more than ${NESTING_DEPTH_LIMIT} deep (at byte ${e.offset})`);
  });

  it('counts the sets of indexed arrays, with the indexes in the path', () => {
    expect(innermost(decode(tree, chain(NESTING_DEPTH_LIMIT - 1, 3)), NESTING_DEPTH_LIMIT - 1, (v) => (v.list as unknown[])[0]).value).toBe(7);
    const e = thrown(() => decode(tree, chain(NESTING_DEPTH_LIMIT, 3))) as DecodeDepthError;
    expect(e.code).toBe('ERR_LINX_TOO_DEEP');
    expect(e.path.slice(0, 4)).toEqual(['list', 0, 'list', 0]);
    expect(e.path).toHaveLength(2 * NESTING_DEPTH_LIMIT);
  });

  it('counts the sets a custom decoder opens by calling decode itself', () => {
    expect(innermost(decode(tree, chain(NESTING_DEPTH_LIMIT - 1, 4)), NESTING_DEPTH_LIMIT - 1, (v) => v.wrapped).value).toBe(7);
    const e = thrown(() => decode(tree, chain(3000, 4))) as DecodeDepthError;
    expect(e).toBeInstanceOf(DecodeDepthError);
    expect(e.limit).toBe(NESTING_DEPTH_LIMIT);
    // Each custom decoder's own decode adds its attribute's name on the way out.
    expect(e.path).toEqual(Array(NESTING_DEPTH_LIMIT).fill('wrapped'));
  });

  it('maxDepth moves the limit, for decode and for a message', () => {
    const bytes = chain(40);
    expect(innermost(decode(tree, bytes, { maxDepth: 41 }), 40, (v) => v.child).value).toBe(7);
    expect((thrown(() => decode(tree, bytes, { maxDepth: 40 })) as DecodeDepthError).limit).toBe(40);
    expect((thrown(() => decode(tree, chain(1), { maxDepth: 1 })) as DecodeDepthError).path).toEqual(['child']);

    const payload = new Uint8Array(4 + bytes.length);
    payload.set(bytes, 4);
    const codec = compileMessage(treeMessage);
    expect((thrown(() => codec.decode(payload)) as DecodeDepthError).limit).toBe(NESTING_DEPTH_LIMIT);
    expect(innermost(codec.decode(payload, { maxDepth: 41 }).attrs, 40, (v) => v.child).value).toBe(7);
    const e = thrown(() => codec.decode(payload, { maxDepth: 2 })) as DecodeDepthError;
    expect([e.limit, e.path, e.offset]).toEqual([2, ['child', 'child'], 4 + 8]);
    // The option applies to that call only.
    expect((thrown(() => codec.decode(payload)) as DecodeDepthError).limit).toBe(NESTING_DEPTH_LIMIT);
  });

  it.each([0, -1, 1.5, Number.NaN, '3'])('maxDepth %s is refused', (maxDepth) => {
    const e = thrown(() => decode(tree, chain(1), { maxDepth: maxDepth as number }));
    expect(e).toBeInstanceOf(InvalidValueError);
    expect((e as InvalidValueError).path).toEqual(['maxDepth']);
    expect(thrown(() => compileMessage(treeMessage).decode(new Uint8Array(4), { maxDepth: maxDepth as number }))).toBeInstanceOf(InvalidValueError);
  });
});

describe('encoding nested attribute sets', () => {
  it('a value that contains itself: EncodeDepthError, not a stack overflow', () => {
    const value: Record<string, unknown> = { value: 1 };
    value.child = value;
    const error = thrown(() => encode(tree, value));
    expect(error).toBeInstanceOf(EncodeDepthError);
    expect(error).toBeInstanceOf(InvalidValueError);
    const e = error as EncodeDepthError;
    expect(e.code).toBe('ERR_LINX_TOO_DEEP');
    expect(e.limit).toBe(NESTING_DEPTH_LIMIT);
    expect(e.path).toEqual(Array(NESTING_DEPTH_LIMIT).fill('child'));
  });

  it('through an indexed array, and through a message', () => {
    const value: Record<string, unknown> = {};
    value.list = [{ value: 1 }, value];
    expect((thrown(() => encode(tree, value)) as EncodeDepthError).path.slice(0, 4)).toEqual(['list', 1, 'list', 1]);
    expect((thrown(() => compileMessage(treeMessage).encode({ header: {}, attrs: value } as never)) as EncodeDepthError).code).toBe('ERR_LINX_TOO_DEEP');
  });

  it('a value nested as deep as the limit encodes, and decodes back', () => {
    let value: Record<string, unknown> = { value: 7 };
    for (let i = 0; i < NESTING_DEPTH_LIMIT - 1; i++) value = { child: value };
    const bytes = encode(tree, value);
    expect(bytes).toEqual(chain(NESTING_DEPTH_LIMIT - 1));
    expect((thrown(() => encode(tree, { child: value })) as EncodeDepthError).code).toBe('ERR_LINX_TOO_DEEP');
  });
});

describe('naming the attribute an ext-ack offset points at', () => {
  it('follows nests down to the limit, not further (a payload nested 5000 deep is no stack overflow)', () => {
    const attrs = chain(5000);
    const payload = new Uint8Array(4 + attrs.length);
    payload.set(attrs, 4);
    // The innermost u32, as the kernel would point at it: from the start of nlmsghdr (16 bytes).
    const where = attributePathInPayload(treeMessage, payload, 16 + payload.length - 8);
    expect(where!.path).toEqual(Array(NESTING_DEPTH_LIMIT).fill('child'));
    expect(where!.exact).toBe(false);
    const shallow = new Uint8Array(4 + chain(3).length);
    shallow.set(chain(3), 4);
    expect(attributePathInPayload(treeMessage, shallow, 16 + shallow.length - 8)).toEqual({ path: ['child', 'child', 'child', 'value'], text: 'child.child.child.value', exact: true });
  });

  it('through indexed arrays and sub-messages too, down to the limit', () => {
    // Each level of a list is an item of index 0 holding a set: the path names both.
    const list = chain(NESTING_DEPTH_LIMIT + 100, 3);
    const listPayload = new Uint8Array(4 + list.length);
    listPayload.set(list, 4);
    const inList = attributePathInPayload(treeMessage, listPayload, 16 + listPayload.length - 8);
    expect(inList!.path).toEqual(Array.from({ length: NESTING_DEPTH_LIMIT }, () => ['list', 0]).flat());
    // A sub-message chosen by its sibling `kind` ("again\0") whose format holds the same set again.
    const again: AttrSetDecl = attrset('again', { kind: attr(1, string()), data: attr(2, subMessage('kind', { again: { attrs: () => again } })), value: attr(3, u32()) });
    const againMessage = message('again', { header: struct('hdr', { x: u32() }), attrs: again });
    let bytes = new AttributeEncoder().u32(3, 7).finish();
    for (let i = 0; i < NESTING_DEPTH_LIMIT + 100; i++) bytes = new AttributeEncoder().string(1, 'again').bytes(2, bytes).finish();
    const subPayload = new Uint8Array(4 + bytes.length);
    subPayload.set(bytes, 4);
    const inSub = attributePathInPayload(againMessage, subPayload, 16 + subPayload.length - 8);
    expect(inSub!.path).toEqual(Array(NESTING_DEPTH_LIMIT).fill('data'));
    expect(inSub!.exact).toBe(false);
    // Three levels deep, the path reaches the value itself.
    let shallow = new AttributeEncoder().u32(3, 7).finish();
    for (let i = 0; i < 3; i++) shallow = new AttributeEncoder().string(1, 'again').bytes(2, shallow).finish();
    const shallowPayload = new Uint8Array(4 + shallow.length);
    shallowPayload.set(shallow, 4);
    expect(attributePathInPayload(againMessage, shallowPayload, 16 + shallowPayload.length - 8)).toEqual({ path: ['data', 'data', 'data', 'value'], text: 'data.data.data.value', exact: true });
  });
});
