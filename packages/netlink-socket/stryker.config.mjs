import { strykerConfig } from '../../stryker.base.mjs';

// The request engine (connection, router, operations, dumps, bulk requests, flow control, deadlines).
// Left out: src/native/, the binding's thin TypeScript face (raw socket, netns, options), which is
// exercised through the addon by the kernel tests and valgrind, and the fake kernel, a test tool.
export default strykerConfig({
  goal: 85,
  mutate: ['src/engine/**/*.ts'],
});
