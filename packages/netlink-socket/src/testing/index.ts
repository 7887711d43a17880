/**
 * Test helpers for code built on @linx/netlink-socket: a fake kernel transport, the reply-type rules of
 * the protocols, and assertions on the requests the code under test sends.
 */
export * from './fake-kernel.js';
export * from './reply-types.js';
export * from './request-check.js';
export type { ExtAckInit } from './replies.js';
