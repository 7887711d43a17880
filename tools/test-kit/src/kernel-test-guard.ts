// Kernel tests are the test files named *.live.test.ts, and only they may reach the kernel through this
// kit: `pnpm test:unit` leaves them out by that name and must need neither root nor a kernel nor the
// right to create namespaces. So every entry point of the kit that needs them (a namespace, `ip netns`,
// strace, the root check) first asks vitest which test file is running and refuses any other. A unit
// test that reaches for a namespace then fails at once, naming itself, in every run, rather than passing
// as root and failing (or being skipped without notice) for someone who runs the unit tests as a user.
import { expect } from 'vitest';

/** The suffix that marks a kernel test file. */
export const KERNEL_TEST_SUFFIX = '.live.test.ts';

/** A kernel entry point of the kit was called from a test file that is not named *.live.test.ts. */
export class NotAKernelTestError extends Error {
  readonly code = 'ERR_LINX_NOT_A_KERNEL_TEST';
  /** The test file that called it. */
  readonly testFile: string;

  constructor(what: string, testFile: string) {
    super(
      `${what} needs the kernel (root, network namespaces), so only kernel tests may call it, and ${testFile} is not one: ` +
        `name it *${KERNEL_TEST_SUFFIX} (the unit run, pnpm test:unit, leaves those out), or test without the kernel (FakeKernel from @linx/netlink-socket/testing)`,
    );
    this.name = 'NotAKernelTestError';
    this.testFile = testFile;
  }
}

/** Whether `path` names a kernel test file. */
export function isKernelTestFile(path: string): boolean {
  return path.endsWith(KERNEL_TEST_SUFFIX);
}

/** The test file vitest is running in this worker, or undefined outside a vitest worker. */
export function currentTestFile(): string | undefined {
  try {
    return expect.getState().testPath;
  } catch {
    // Outside a vitest worker (a script, vitest's global setup) vitest has no state to give.
    return undefined;
  }
}

/**
 * Throws a `NotAKernelTestError` when called, directly or through helpers, while vitest runs a test file
 * that is not a kernel test. Outside vitest it lets everything through: a script may use the kit.
 */
export function assertKernelTest(what: string): void {
  const file = currentTestFile();
  if (file !== undefined && !isKernelTestFile(file)) throw new NotAKernelTestError(what, file);
}
