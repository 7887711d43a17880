import { InvalidArgumentError } from '../native/errors.js';
import { AbortError, DumpInterruptedError } from './errors.js';

/**
 * What a call that reads a whole dump does when the kernel marks the dump interrupted (NLM_F_DUMP_INTR:
 * the table changed while it was dumped, so entries may be missing or repeated):
 *
 * - `{ action: 'retry' }` (the default): dump again, waiting a backoff between attempts (starting at
 *   `initialDelay` ms, doubling up to `maxDelay` ms, with jitter), until a clean dump or until `deadline` ms
 *   have passed since the first attempt (or `attempts` dumps were made), then throw `DumpInterruptedError`.
 *   Under constant churn a clean dump may never come: take `accept` then, or follow changes (a monitor).
 * - `{ action: 'accept' }`: return what the dump gave, marked `interrupted: true`.
 * - `{ action: 'fail' }`: throw `DumpInterruptedError` at once.
 */
export type OnInterrupt = RetryOnInterrupt | { action: 'accept' } | { action: 'fail' };

/** `{ action: 'retry' }` and its limits. */
export interface RetryOnInterrupt {
  action: 'retry';
  /** Milliseconds from the first attempt after which no further attempt starts (default 5000). */
  deadline?: number;
  /** Dumps made at most, the first included (default: no limit but the deadline). */
  attempts?: number;
  /** The first wait between attempts, in milliseconds (default 10; 0 retries at once). */
  initialDelay?: number;
  /** The longest wait between attempts, in milliseconds (default 1000). */
  maxDelay?: number;
}

/** Options of the calls that read a whole dump. */
export interface WholeDumpOptions {
  /** What to do when the dump is interrupted by a concurrent change (default: retry, see `OnInterrupt`). */
  onInterrupt?: OnInterrupt;
  /** Stops the waits between attempts (the dumps themselves take it in their own options). */
  signal?: AbortSignal;
}

/** A whole dump's items: an array, and whether the dump was interrupted (only ever true with `accept`). */
export type DumpList<T> = T[] & { readonly interrupted: boolean };

/** A whole dump read under a policy: what `read` collected, and whether the dump it comes from was interrupted. */
export interface WholeDump<R> {
  result: R;
  interrupted: boolean;
  /** Dumps made. */
  attempts: number;
}

const DEFAULT_DEADLINE = 5000;
const DEFAULT_INITIAL_DELAY = 10;
const DEFAULT_MAX_DELAY = 1000;

/** The checked policy, with its defaults filled in. */
interface Policy {
  action: 'retry' | 'accept' | 'fail';
  deadline: number;
  attempts: number;
  initialDelay: number;
  maxDelay: number;
}

/**
 * Checks an `onInterrupt` option, throwing `InvalidArgumentError` naming the bad field. Calls that send
 * something before their dump (a lookup, another dump) call it first; `readWholeDump` calls it too.
 */
export function checkOnInterrupt(value: unknown, name = 'onInterrupt'): asserts value is OnInterrupt | undefined {
  policyOf(value, name);
}

function policyOf(value: unknown, name = 'onInterrupt'): Policy {
  const fail = (field: string, message: string) => new InvalidArgumentError(field, message);
  // Stryker disable next-line StringLiteral: only 'accept' and 'fail' are ever compared with, so any other action retries as 'retry' does
  if (value === undefined) return { action: 'retry', deadline: DEFAULT_DEADLINE, attempts: Infinity, initialDelay: DEFAULT_INITIAL_DELAY, maxDelay: DEFAULT_MAX_DELAY };
  if (typeof value !== 'object' || value === null) throw fail(name, `expected { action: 'retry' | 'accept' | 'fail', … }, got ${describe(value)}`);
  const policy = value as Record<string, unknown>;
  const action = policy['action'];
  if (action !== 'retry' && action !== 'accept' && action !== 'fail') throw fail(`${name}.action`, `expected 'retry', 'accept' or 'fail', got ${describe(action)}`);
  const allowed = action === 'retry' ? ['action', 'deadline', 'attempts', 'initialDelay', 'maxDelay'] : ['action'];
  for (const key of Object.keys(policy)) {
    if (!allowed.includes(key)) throw fail(`${name}.${key}`, action === 'retry' ? `unknown option (expected ${allowed.slice(1).join(', ')})` : `only 'retry' takes options besides action`);
  }
  const number = (key: string, fallback: number, min: number, integer: boolean): number => {
    const given = policy[key];
    if (given === undefined) return fallback;
    if (typeof given !== 'number' || Number.isNaN(given) || given < min || (integer && !Number.isInteger(given) && given !== Infinity)) {
      throw fail(`${name}.${key}`, `expected ${integer ? 'an integer' : 'a number'} of ${min} or more, got ${describe(given)}`);
    }
    return given;
  };
  const initialDelay = number('initialDelay', DEFAULT_INITIAL_DELAY, 0, false);
  const maxDelay = number('maxDelay', Math.max(DEFAULT_MAX_DELAY, initialDelay), 0, false);
  if (maxDelay < initialDelay) throw fail(`${name}.maxDelay`, `must not be less than initialDelay (${initialDelay})`);
  return {
    action,
    deadline: number('deadline', DEFAULT_DEADLINE, 0, false),
    attempts: number('attempts', Infinity, 1, true),
    initialDelay,
    maxDelay,
  };
}

/**
 * Reads a whole dump under the caller's `onInterrupt` policy: the one place linx decides what an
 * interrupted dump becomes (the socket's `dumpAll` and the list verbs of rtnl and nfnl all come here).
 * `start` makes a fresh result; `read` dumps into it from the beginning, and throws
 * `DumpInterruptedError` once it has read the interrupted dump to its end (as a dump's iteration does),
 * so what it collected is whole but possibly inconsistent. Other errors pass through.
 */
export async function readWholeDump<R>(start: () => R, read: (into: R) => Promise<void>, options: WholeDumpOptions = {}): Promise<WholeDump<R>> {
  const policy = policyOf(options.onInterrupt);
  const began = Date.now();
  let delay = policy.initialDelay;
  for (let attempts = 1; ; attempts++) {
    const result = start();
    try {
      await read(result);
      return { result, interrupted: false, attempts };
    } catch (error) {
      if (!(error instanceof DumpInterruptedError)) throw error;
      if (policy.action === 'accept') return { result, interrupted: true, attempts };
      if (policy.action === 'fail' || attempts >= policy.attempts) throw error;
      // Full jitter: callers retrying against the same churn spread out instead of colliding again.
      const wait = Math.random() * delay;
      if (Date.now() + wait - began >= policy.deadline) throw error;
      if (wait > 0) await sleep(wait, options.signal);
      else if (options.signal?.aborted) throw new AbortError(options.signal.reason);
      delay = Math.min(policy.maxDelay, delay * 2);
    }
  }
}

/** Marks an array as a `DumpList` (`interrupted` is not enumerable, so it does not show in copies or in equality checks). */
export function dumpList<T>(items: T[], interrupted: boolean): DumpList<T> {
  return Object.defineProperty(items, 'interrupted', { value: interrupted, enumerable: false, configurable: true }) as DumpList<T>;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError(signal.reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError(signal!.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' && value !== null ? 'an object' : String(value);
}
