import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Every spec is generated, type-checked with tsc and compiled: give the slow first import room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
