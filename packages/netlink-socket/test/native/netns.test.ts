// Namespace targets are resolved and validated in TypeScript, before anything native runs.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NETNS_RUN_DIR, resolveNetns } from '../../src/index.js';
import { RawNetlinkSocket } from '../../src/native/index.js';

describe('resolveNetns', () => {
  it('resolves names, paths, pids and fds', () => {
    expect(resolveNetns('blue')).toEqual({ path: `${NETNS_RUN_DIR}/blue` });
    expect(resolveNetns({ name: 'blue' })).toEqual({ path: '/run/netns/blue' });
    expect(resolveNetns({ path: '/proc/1/ns/net' })).toEqual({ path: '/proc/1/ns/net' });
    expect(resolveNetns({ pid: 4242 })).toEqual({ path: '/proc/4242/ns/net' });
    expect(resolveNetns({ fd: 0 })).toEqual({ fd: 0 });
    expect(resolveNetns({ name: 'a.b-c_d' })).toEqual({ path: '/run/netns/a.b-c_d' });
  });

  it.each([
    ['', 'netns'],
    ['.', 'netns'],
    ['..', 'netns'],
    ['a/b', 'netns'],
    ['../etc', 'netns'],
    ['nul\0', 'netns'],
    ['x'.repeat(256), 'netns'],
  ])('rejects the name %j', (name, argument) => {
    expect(() => resolveNetns(name)).toThrow(InvalidArgumentError);
    expect(() => resolveNetns({ name })).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: `${argument}.name` }));
  });

  it('rejects bad paths, pids, fds and shapes', () => {
    const bad: unknown[] = [
      { path: '' },
      { path: 'a\0b' },
      { path: 7 },
      { pid: 0 },
      { pid: -1 },
      { pid: 1.5 },
      { pid: '12' },
      { fd: -1 },
      { fd: 2 ** 31 },
      { fd: Number.NaN },
      {},
      { name: 'a', pid: 1 },
      null,
      42,
    ];
    for (const target of bad) {
      expect(() => resolveNetns(target as never), JSON.stringify(target)).toThrow(InvalidArgumentError);
    }
  });

  it('RawNetlinkSocket.open rejects a bad target with a typed error and opens nothing', () => {
    const before = fdCount();
    for (const netns of ['', '..', 'a/b', { pid: 0 }, { fd: -3 }] as const) {
      expect(() => RawNetlinkSocket.open({ protocol: 0, netns })).toThrow(InvalidArgumentError);
    }
    expect(() => RawNetlinkSocket.open({ protocol: -1 })).toThrow(InvalidArgumentError);
    expect(() => RawNetlinkSocket.open({ protocol: 0, receiveBufferSize: 1.5 })).toThrow(InvalidArgumentError);
    expect(fdCount()).toBe(before);
  });
});

function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}
