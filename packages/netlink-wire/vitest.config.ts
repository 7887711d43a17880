import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A limit per test against hangs, not a speed check: on this 2-core machine at load 20, property runs
    // and the pack-and-install test took over vitest's 5 s default (as in the packages with kernel tests).
    testTimeout: 30_000,
  },
});
