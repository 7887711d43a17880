import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Kernel tests drive real tools (ip -batch, tc, nft, traffic) on a 2-core machine that other work
    // shares: a generous limit per test against hangs, not a speed check (vitest's 5 s default failed
    // tests whose own work took 3-7 s at load 15).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The kernel tests make network namespaces: the run fails, naming them, if any is left behind.
    globalSetup: ['@linx/test-kit/netns-global-setup'],
  },
});
