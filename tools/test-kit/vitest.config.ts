import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A limit per test against hangs, not a speed check: these make namespaces and run tools, which at
    // load 20 on this 2-core machine can take over vitest's 5 s default.
    testTimeout: 30_000,
  },
});
