// A unit test file (not *.live.test.ts) that reaches for the kernel through the kit is refused at once,
// naming itself, before anything runs: no namespace is made, no command is started.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NotAKernelTestError, createTestNetns, currentTestFile, isKernelTestFile, kernelSkipReason, leftoverNamespaces, traceNetlink } from '../src/index.js';

const thisFile = fileURLToPath(import.meta.url);
const namespaces = () => (existsSync('/run/netns') ? readdirSync('/run/netns').sort() : []);

describe('the kernel-test guard', () => {
  it('knows which test file is running (vitest\'s expect state), so the checks below are not vacuous', () => {
    expect(currentTestFile()).toBe(thisFile);
  });

  it('tells kernel test files by their suffix', () => {
    expect(isKernelTestFile('/a/test/link.live.test.ts')).toBe(true);
    expect(isKernelTestFile('/a/test/link.test.ts')).toBe(false);
    expect(isKernelTestFile('/a/test/link-live.test.ts')).toBe(false);
    expect(isKernelTestFile('/a/test/live.test.ts')).toBe(false);
  });

  it.each([
    ['createTestNetns', () => createTestNetns('linx-test-guard')],
    ['kernelSkipReason', () => kernelSkipReason(['ip'])],
    ['leftoverNamespaces', () => leftoverNamespaces()],
    ['traceNetlink', () => traceNetlink(['ip', 'link'])],
  ] as const)('%s from a unit test file: NotAKernelTestError naming the file and the way out', (what, call) => {
    const before = namespaces();
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotAKernelTestError);
    expect(error).toMatchObject({ code: 'ERR_LINX_NOT_A_KERNEL_TEST', testFile: thisFile });
    expect((error as Error).message).toContain(`${what} needs the kernel`);
    expect((error as Error).message).toContain('*.live.test.ts');
    expect(namespaces()).toEqual(before);
  });
});
