import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The kernel tests make network namespaces: the run fails, naming them, if any is left behind.
    globalSetup: ['@linx/test-kit/netns-global-setup'],
  },
});
