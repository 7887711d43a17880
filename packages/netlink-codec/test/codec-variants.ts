// The two ways the codec runs: with its generated decoders (attribute loops and struct readers/writers
// made with `new Function`), and with the interpreted fallback that runtimes forbidding code generation
// from strings get (a strict CSP, `node --disallow-code-generation-from-strings`). Tests that pin
// behaviour both must share run once per variant, in process, so a change to either path is seen.
import { vi } from 'vitest';
import * as generatedWire from '@linx/netlink-wire';
import * as generatedCodec from '../src/index.js';
import * as generatedRuntime from '../src/runtime.js';

/**
 * The codec's exports (both entry points, the main one and `/runtime`), and under `wire` the netlink-wire
 * copy it uses (its error classes differ per copy).
 */
export type CodecModule = typeof generatedCodec & typeof generatedRuntime & { wire: typeof generatedWire };

let interpreted: Promise<CodecModule> | undefined;

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
  ['generated', async () => ({ ...generatedCodec, ...generatedRuntime, wire: generatedWire })],
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
