import { strykerConfig } from '../../stryker.base.mjs';

// The request engine (connection, router, operations, dumps, bulk requests, flow control, deadlines).
// Left out: the native binding's thin TypeScript face (raw-socket, native, netns, options), which is
// exercised through the addon by the kernel tests and valgrind, and the fake kernel, a test tool.
export default strykerConfig({
  goal: 85,
  mutate: ['src/**/*.ts', '!src/raw-socket.ts', '!src/native.ts', '!src/netns.ts', '!src/options.ts', '!src/testing/**', '!src/index.ts'],
});
