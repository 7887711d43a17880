/** Test helpers for code built on @linx/netlink-socket: a fake kernel transport. */
export * from './fake-kernel.js';
