import { randomBytes } from 'node:crypto';
import { assertKernelTest } from './kernel-test-guard.js';
import { recordTestNetns } from './netns-ledger.js';
import { isMissing, run, runOrThrow } from './run.js';

/**
 * Why kernel tests cannot run here, or undefined when they can: Linux, root (they create network
 * namespaces), and every command of `commands` present. Only a kernel test file (*.live.test.ts) may ask:
 * see kernel-test-guard.ts.
 */
export function kernelSkipReason(commands: readonly string[] = ['ip']): string | undefined {
  assertKernelTest('kernelSkipReason');
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (kernel tests create network namespaces)';
  for (const command of commands) {
    if (isMissing(command)) return `\`${command}\` is not installed`;
  }
  return undefined;
}

/** A throwaway network namespace. */
export interface TestNetns {
  readonly name: string;
  /** Its bind mount, `/run/netns/NAME`. */
  readonly path: string;
  /** `ip -n NAME …args`: stdout; throws with ip's stderr on failure. */
  ip(...args: string[]): string;
  /** `ip -n NAME -j …args`, parsed (an empty output is []). */
  ipJson<T = any>(...args: string[]): T;
  /** `ip -n NAME -batch -` with one command per line. */
  batch(lines: readonly string[]): void;
  /** A command run inside the namespace (`ip netns exec NAME …`); throws on failure. */
  exec(argv: readonly string[], input?: string): string;
  /** Deletes the namespace (idempotent). */
  remove(): void;
}

/**
 * Creates `<prefix>-<random>`, recorded in the test run's ledger (see netns-global-setup). Only from a
 * kernel test file (*.live.test.ts): see kernel-test-guard.ts.
 */
export function createTestNetns(prefix = 'linx-test'): TestNetns {
  assertKernelTest('createTestNetns');
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  // Recorded first, so that a namespace is never there unrecorded; forgotten again if it was not made
  // (the name may even be another run's).
  const forget = recordTestNetns(name);
  try {
    runOrThrow(['ip', 'netns', 'add', name]);
  } catch (error) {
    forget();
    throw error;
  }
  let removed = false;
  const ip = (...args: string[]) => runOrThrow(['ip', '-n', name, ...args]);
  return {
    name,
    path: `/run/netns/${name}`,
    ip,
    ipJson(...args) {
      const out = ip('-j', ...args).trim();
      return out ? JSON.parse(out) : [];
    },
    batch(lines) {
      runOrThrow(['ip', '-n', name, '-batch', '-'], `${lines.join('\n')}\n`);
    },
    exec(argv, input) {
      return runOrThrow(['ip', 'netns', 'exec', name, ...argv], input);
    },
    remove() {
      if (removed) return;
      removed = true;
      run(['ip', 'netns', 'delete', name]);
    },
  };
}

/** The namespaces whose names start with `prefix` that still exist (tests should leave none). */
export function leftoverNamespaces(prefix = 'linx-test-'): string[] {
  assertKernelTest('leftoverNamespaces');
  return run(['ip', 'netns', 'list'])
    .stdout.split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(prefix));
}
