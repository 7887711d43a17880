import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttributeEncoder, NESTING_DEPTH_LIMIT, formatMessage, type NetlinkMessage } from '../src/index.js';

// The debug printer on adversarial input (captures are untrusted, issue #10): nests thousands of levels
// deep used to print text quadratic in the input (a 12 KB message printed 18 MB of indentation and
// closing braces) or, deeper still, a swallowed stack overflow. The text must stay within a constant
// times the input, nests below the depth limit must be one marker line, and a body of very many lines
// must print whole.

const message = (payload: Uint8Array): NetlinkMessage => ({ type: 16, flags: 0, seq: 1, pid: 0, payload });
const print = (payload: Uint8Array, options: Parameters<typeof formatMessage>[1] = {}) => formatMessage(message(payload), { headerLength: 0, ...options });

/** An attribute set nested `levels` deep, each level one attribute (type 1) holding the next; a u32 innermost. */
function chain(levels: number, nestedFlag: boolean): Uint8Array {
  let bytes = new AttributeEncoder().u32(4, 1500).finish();
  for (let i = 0; i < levels; i++) bytes = new AttributeEncoder().bytes(1, bytes, { nested: nestedFlag }).finish();
  return bytes;
}

/** `count` empty attributes: 4 bytes each, the most lines per byte an attribute set can have. */
function tiny(count: number): Uint8Array {
  const e = new AttributeEncoder();
  for (let i = 0; i < count; i++) e.bytes(i & 0x3fff, new Uint8Array(0));
  return e.finish();
}

/**
 * Output per input byte, at most: an attribute takes 4 bytes or more and prints one line of indentation
 * (2 per level, 64 at the limit), its label (type, flags, length: under 40) and a leaf (hex capped at
 * maxHexBytes) or a marker, plus a closing brace line when it is a nest. 30 per byte covers a 4-byte
 * attribute at the deepest level; the constant covers the message's header line.
 */
const PER_BYTE = 30;
const HEADER = 200;

describe('formatMessage: nesting depth', () => {
  it.each([true, false])('a 3000-level chain (NLA_F_NESTED: %s) prints 32 levels and a marker, linear in size', (flagged) => {
    const payload = chain(3000, flagged);
    const text = print(payload);
    expect(text).not.toContain('malformed');
    expect(text.length).toBeLessThanOrEqual(PER_BYTE * payload.length + HEADER);
    const lines = text.split('\n');
    const markers = lines.filter((line) => line.includes(`nested deeper than ${NESTING_DEPTH_LIMIT} levels`));
    expect(markers).toHaveLength(1);
    // The marker is the attribute at level 32 (indented 64), with the size of what it leaves out.
    const innerSize = payload.length - 4 * NESTING_DEPTH_LIMIT;
    expect(markers[0]).toBe(`${'  '.repeat(NESTING_DEPTH_LIMIT)}[1${flagged ? ' NESTED' : ''}] len=${innerSize + 4} { nested deeper than ${NESTING_DEPTH_LIMIT} levels: ${innerSize} bytes not shown }`);
    // Header line, 31 opened levels with their closing braces, and the marker.
    expect(lines).toHaveLength(1 + 2 * (NESTING_DEPTH_LIMIT - 1) + 1);
  });

  it('a chain exactly as deep as the limit prints whole, with no marker', () => {
    // Levels 1..31 are nests, level 32 holds the u32.
    const text = print(chain(NESTING_DEPTH_LIMIT - 1, true));
    expect(text).not.toContain('nested deeper');
    expect(text).toContain(`${'  '.repeat(NESTING_DEPTH_LIMIT)}[4] len=8: dc 05 00 00`);
  });

  it('maxDepth sets the limit', () => {
    const text = print(chain(5, true), { maxDepth: 2 });
    expect(text.split('\n')).toEqual([
      'type (16) len=44 flags=0 seq=1 pid=0',
      '  [1 NESTED] len=28 {',
      '    [1 NESTED] len=24 { nested deeper than 2 levels: 20 bytes not shown }',
      '  }',
    ]);
  });

  it('many tiny attributes, flat and at the deepest level, stay linear', () => {
    for (const payload of [tiny(16_000), chain(0, true), wrap(tiny(16_000), NESTING_DEPTH_LIMIT - 1)]) {
      const text = print(payload);
      expect(text).not.toContain('malformed');
      expect(text.length).toBeLessThanOrEqual(PER_BYTE * payload.length + HEADER);
    }
  });

  it('a body of 200,000 lines prints whole (no spread of its lines into an argument list)', () => {
    // nlmsg_len is 32 bits: a message's own attributes are not bounded by nla_len.
    const payload = tiny(200_000);
    const lines = print(payload).split('\n');
    expect(lines).toHaveLength(200_001);
    expect(lines[200_000]).toBe('  [3391] len=4: (empty)');
  });
});

describe('formatMessage: a nest whose bytes are not attributes', () => {
  it('prints as hex where it is, and the rest of the message still prints', () => {
    // An NLA_F_NESTED attribute holding 1 byte, inside a leaf that guessNested takes for a nest (found by
    // the property below: the whole message used to print as one malformed line).
    const inner = Uint8Array.of(5, 0, 0, 0x80, 0, 0, 0, 0);
    const payload = new AttributeEncoder().bytes(2, new AttributeEncoder().bytes(0, inner).finish()).u32(3, 7).finish();
    expect(print(payload, { guessNested: true }).split('\n')).toEqual([
      'type (16) len=40 flags=0 seq=1 pid=0',
      '  [2] len=16 {',
      '    [0] len=12 {',
      '      [0 NESTED] len=5 (not attributes): 00',
      '    }',
      '  }',
      '  [3] len=8: 07 00 00 00',
    ]);
    // Flagged at the top level, without guessing.
    const flagged = new AttributeEncoder().bytes(1, Uint8Array.of(1, 2, 3), { nested: true }).u32(3, 7).finish();
    expect(print(flagged, { guessNested: false }).split('\n').slice(1)).toEqual(['  [1 NESTED] len=7 (not attributes): 01 02 03', '  [3] len=8: 07 00 00 00']);
  });
});

describe('formatMessage: output bounded by the input, whatever the bytes', () => {
  /** A level of a spine of nests, with a few leaves beside the nest, NLA_F_NESTED or not. */
  const level = fc.record({
    type: fc.integer({ min: 0, max: 0x3fff }),
    flagged: fc.boolean(),
    leaves: fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 2 }),
  });

  it('random trees of nests and leaves', () => {
    fc.assert(
      // 60 levels or more: deeper than the limit, where indentation used to grow without bound.
      fc.property(fc.array(level, { minLength: 60, maxLength: 150 }), fc.boolean(), (levels, guess) => {
        let bytes: Uint8Array = new Uint8Array(0);
        for (const { type, flagged, leaves } of levels) {
          const e = new AttributeEncoder();
          leaves.forEach((leaf, i) => e.bytes(i, leaf));
          bytes = e.bytes(type, bytes, { nested: flagged }).finish();
        }
        const text = print(bytes, { guessNested: guess });
        expect(text).not.toContain('malformed');
        expect(text.length).toBeLessThanOrEqual(PER_BYTE * bytes.length + HEADER);
      }),
    );
  });

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(print(bytes).length).toBeLessThanOrEqual(PER_BYTE * bytes.length + HEADER);
      }),
    );
  });
});

/** `bytes` wrapped in `levels` nests (type 1, NLA_F_NESTED); nla_len bounds how much fits. */
function wrap(bytes: Uint8Array, levels: number): Uint8Array {
  for (let i = 0; i < levels; i++) bytes = new AttributeEncoder().bytes(1, bytes, { nested: true }).finish();
  return bytes;
}
