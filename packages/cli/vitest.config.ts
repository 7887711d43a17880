import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The tests run the built binary (a node process each, several per test) beside the reference tools,
    // on a machine other work shares: a generous limit per test, not a speed check.
    testTimeout: 30_000,
    // The kernel tests make network namespaces: the run fails, naming them, if any is left behind.
    globalSetup: ['@linx/test-kit/netns-global-setup'],
  },
});
