import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AttributeDecoder,
  AttributeEncoder,
  MalformedError,
  encodeMessages,
  formatIPv6,
  formatMessage,
  iterateAttributes,
  parseDoneMessage,
  parseErrorMessage,
  parseIPv6,
  parseMessages,
} from '../src/index.js';
import { eexistReply, mtuReply, vethRequest } from './golden.js';

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });

describe('round trips', () => {
  it('messages: encode then decode gives the same headers and payloads', () => {
    const message = fc.record({ type: u16, flags: u16, seq: u32, pid: u32, payload: fc.uint8Array({ maxLength: 64 }) });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 8 }), (messages) => {
        const back = parseMessages(encodeMessages(messages));
        expect(back).toEqual(messages.map((m) => ({ ...m, payload: m.payload })));
      }),
    );
  });

  it('attributes: every typed writer is read back by its getter', () => {
    type Op = { kind: string; value: unknown };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((value) => ({ kind: 'u8', value })),
      u16.map((value) => ({ kind: 'u16', value })),
      u32.map((value) => ({ kind: 'u32', value })),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value) => ({ kind: 'u64', value })),
      fc.integer({ min: -128, max: 127 }).map((value) => ({ kind: 's8', value })),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((value) => ({ kind: 's32', value })),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ kind: 's64', value })),
      u16.map((value) => ({ kind: 'be16', value })),
      u32.map((value) => ({ kind: 'be32', value })),
      fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')).map((value) => ({ kind: 'string', value })),
      fc.uint8Array({ maxLength: 40 }).map((value) => ({ kind: 'bytes', value })),
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => ({ kind: 'ipv6', value: formatIPv6(b) })),
      fc.constant({ kind: 'flag', value: true }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.array(op, { maxLength: 4 }), (ops, nestedOps) => {
        const write = (e: AttributeEncoder, list: Op[]) =>
          list.forEach((o, i) => (e as unknown as Record<string, (t: number, v: unknown) => void>)[o.kind]!(i + 1, o.value));
        const encoder = new AttributeEncoder();
        write(encoder, ops);
        encoder.nested(1000, (inner) => write(inner, nestedOps));
        const read = (d: AttributeDecoder, list: Op[]) => {
          const out: unknown[] = [];
          while (d.next()) {
            if (d.type === 1000) {
              d.nested((inner) => expect(read(inner, nestedOps)).toEqual(nestedOps.map((o) => o.value)));
              continue;
            }
            const kind = list[d.type - 1]!.kind;
            out.push(kind === 'bytes' ? d.bytesCopy() : (d as unknown as Record<string, () => unknown>)[kind]!());
          }
          return out;
        };
        const decoder = new AttributeDecoder(encoder.finish());
        expect(read(decoder, ops)).toEqual(ops.map((o) => o.value));
        expect(decoder.error).toBeUndefined();
      }),
    );
  });

  it('IPv6 text agrees with the WHATWG URL serializer (RFC 5952) and parses back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIPv6(bytes);
        expect(parseIPv6(text)).toEqual(bytes);
        const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
        if (!mapped) expect(new URL(`http://[${text}]/`).hostname).toBe(`[${text}]`);
      }),
    );
  });
});

describe('arbitrary and mutated bytes only ever raise MalformedError', () => {
  const onlyMalformed = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof MalformedError)) throw error;
    }
  };
  const decoders: [string, (b: Uint8Array) => unknown][] = [
    ['parseMessages', (b) => parseMessages(b)],
    ['attributes', (b) => Array.from(iterateAttributes(b))],
    ['AttributeDecoder', (b) => {
      const d = new AttributeDecoder(b);
      while (d.next()) {
        d.u64();
        d.string();
        d.ip();
        d.nested((inner) => { while (inner.next()) inner.u32(); });
      }
    }],
    ['error/done messages', (b) => {
      for (const m of parseMessages(b)) {
        parseErrorMessage({ ...m, type: 2 });
        parseDoneMessage({ ...m, type: 3 });
      }
    }],
  ];
  const seeds = [vethRequest, eexistReply, mtuReply];

  it.each(decoders)('%s: random bytes', (_, decode) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => onlyMalformed(() => decode(bytes))), { numRuns: 2000 });
  });

  it.each(decoders)('%s: real messages with bytes changed', (_, decode) => {
    const mutation = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(mutation, ([seed, changes]) => {
        const bytes = seed.slice();
        for (const [at, value] of changes) bytes[at % bytes.length] = value;
        onlyMalformed(() => decode(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('formatMessage never throws, whatever the payload', () => {
    fc.assert(
      fc.property(u16, u16, fc.uint8Array({ maxLength: 128 }), fc.integer({ min: 0, max: 20 }), (type, flags, payload, headerLength) => {
        expect(typeof formatMessage({ type, flags, seq: 0, pid: 0, payload }, { headerLength })).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});
