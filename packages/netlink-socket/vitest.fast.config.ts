import { defineConfig } from 'vitest/config';

// The engine's tests that finish in seconds, for the fast mutation run (stryker.fast.config.mjs): every
// test in test/engine/ and test/testing/ that runs without root (on the fake kernel), plus one quick kernel
// test, Connection.open in a namespace, the only one that reaches the real socket's open path. The slow
// kernel tests (a 100,000-route dump, overruns, a provoked DUMP_INTR) stay in the full run: under Stryker
// every router or connection mutant would run them again, about 20 s each.
export default defineConfig({
  test: {
    include: [
      'test/engine/**/!(*.live).test.ts',
      'test/testing/**/!(*.live).test.ts',
      'test/engine/connection-open.live.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The kernel test makes a network namespace: the run fails, naming it, if it is left behind.
    globalSetup: ['@linx/test-kit/netns-global-setup'],
  },
});
