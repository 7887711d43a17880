export * from './run.js';
export * from './netns.js';
export * from './netns-ledger.js';
export * from './strace.js';
export * from './kernel-test-guard.js';
export * from './uapi-headers.js';
export * from './fake-netlink.js';
export * from './fixtures.js';
