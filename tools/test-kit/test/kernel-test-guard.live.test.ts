// The other side of the guard: a kernel test file may use the kit. Nothing here needs root: asking why
// kernel tests would be skipped is enough to show the kit lets this file through.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertKernelTest, currentTestFile, kernelSkipReason } from '../src/index.js';

describe('the kernel-test guard in a kernel test file', () => {
  it('lets the kit\'s kernel entry points run', () => {
    expect(currentTestFile()).toBe(fileURLToPath(import.meta.url));
    expect(() => assertKernelTest('this test')).not.toThrow();
    const reason = kernelSkipReason(['sh']);
    expect(reason).toBe(process.getuid?.() === 0 ? undefined : 'not root (kernel tests create network namespaces)');
  });
});
