// The two ways the codec runs: with its generated decoders (attribute loops and struct readers/writers
// made with `new Function`), and with the interpreted fallback that runtimes forbidding code generation
// from strings get (a strict CSP, `node --disallow-code-generation-from-strings`). Tests that pin
// behaviour both must share run once per variant, in process, so a change to either path is seen.
// The codec itself runs an attribute set's or struct's first objects interpreted and generates code
// after (src/tier.ts): the generated variant is a copy that generates from the first object, so a test's
// few decodes see the generated code.
import { vi } from 'vitest';
import type * as wholeWire from '@linx/netlink-wire';
import type * as wholeCodec from '../src/index.js';
import type * as wholeRuntime from '../src/runtime.js';
import type * as Tier from '../src/tier.js';

/**
 * The codec's exports (both entry points, the main one and `/runtime`), and under `wire` the netlink-wire
 * copy it uses (its error classes differ per copy).
 */
export type CodecModule = typeof wholeCodec & typeof wholeRuntime & { wire: typeof wholeWire };

let interpreted: Promise<CodecModule> | undefined;
let generated: Promise<CodecModule> | undefined;

/** A fresh copy of the codec whose tiered functions generate their code at once (after 0 calls). */
async function loadGenerated(): Promise<CodecModule> {
  vi.resetModules();
  vi.doMock('../src/tier.js', async (importOriginal) => {
    const tier = await importOriginal<typeof Tier>();
    return { ...tier, GENERATE_AFTER: 0, tiered: ((interpreted, generate, install) => tier.tiered(interpreted, generate, install, 0)) satisfies typeof tier.tiered };
  });
  try {
    const codec = await import('../src/index.js');
    const runtime = await import('../src/runtime.js');
    const wire = await import('@linx/netlink-wire');
    const tier = await import('../src/tier.js');
    if (tier.GENERATE_AFTER !== 0) throw new Error('the generated copy would not generate at once');
    return { ...codec, ...runtime, wire };
  } finally {
    vi.doUnmock('../src/tier.js');
  }
}

/** A fresh copy of the codec loaded while `new Function` throws: it decides once, and never generates code. */
async function loadInterpreted(): Promise<CodecModule> {
  const original = globalThis.Function;
  vi.resetModules();
  globalThis.Function = function refused() {
    throw new EvalError('Code generation from strings disallowed for this context');
  } as unknown as FunctionConstructor;
  try {
    const codec = await import('../src/index.js');
    const runtime = await import('../src/runtime.js');
    const wire = await import('@linx/netlink-wire');
    const loop = await import('../src/decode-loop.js');
    if (loop.codeGeneration()) throw new Error('code generation was not refused');
    globalThis.Function = original;
    // The copy keeps its answer once code generation is allowed again: it stays interpreted.
    if (loop.codeGeneration()) throw new Error('the interpreted copy changed its mind');
    return { ...codec, ...runtime, wire };
  } finally {
    globalThis.Function = original;
  }
}

/** `[name, load]` per variant, for `describe.each`. */
export const variants: [string, () => Promise<CodecModule>][] = [
  ['generated', () => (generated ??= loadGenerated())],
  ['interpreted', () => (interpreted ??= loadInterpreted())],
];

/** Bytes from hex with optional spaces. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/\s+/g, '');
  return Uint8Array.from({ length: digits.length / 2 }, (_, i) => parseInt(digits.slice(i * 2, i * 2 + 2), 16));
}

/** The error `run` throws (the test fails when it throws none). */
export function thrown(run: () => unknown): Error & { path?: readonly (string | number)[]; reason?: string; offset?: number; code?: string } {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
}
