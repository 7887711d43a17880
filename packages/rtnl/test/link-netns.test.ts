// Namespace targets of the link verbs (`netns` of set, a veth peer's `netns`): checked like open({ netns })
// with errors renamed to the argument given, then turned into IFLA_NET_NS_PID or IFLA_NET_NS_FD. A process
// is named by its pid (the kernel looks it up), not by opening /proc/PID/ns/net. No namespace is made:
// the only file opened is this process's own /proc/self/ns/net.
import { fstatSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/shared/arguments.js';
import { checkNetns, openNetns, placeholderNetns } from '../src/link/netns.js';
import { refusal } from './helpers/refusal.js';

describe('checkNetns', () => {
  it('a name, { name } and { path } are files; { pid } stays a pid; { fd } an fd', () => {
    expect(checkNetns('blue', 'netns')).toEqual({ path: '/run/netns/blue' });
    expect(checkNetns({ name: 'blue' }, 'netns')).toEqual({ path: '/run/netns/blue' });
    expect(checkNetns({ path: '/proc/1/ns/net' }, 'netns')).toEqual({ path: '/proc/1/ns/net' });
    expect(checkNetns({ pid: 1234 }, 'netns')).toEqual({ pid: 1234 });
    expect(checkNetns({ fd: 0 }, 'netns')).toEqual({ fd: 0 });
  });

  it('errors name the argument given, with the reason', () => {
    expect(refusal(() => checkNetns({ pid: 0 }, 'peer.netns')).message).toBe('peer.netns.pid: must be a positive integer, got 0');
    expect(refusal(() => checkNetns(7, 'peer.netns')).message).toBe('peer.netns: must be a name, { name }, { path }, { pid } or { fd }');
    expect(refusal(() => checkNetns({ fd: 1, pid: 2 }, 'netns')).argument).toBe('netns');
    expect(refusal(() => checkNetns({ path: '' }, 'target')).argument).toBe('target.path');
  });
});

describe('openNetns and placeholderNetns', () => {
  it('a pid or an fd is the attribute as it is; nothing to close', async () => {
    const byPid = await openNetns({ pid: 42 }, 'netns');
    expect(byPid.attrs).toEqual({ netNsPid: 42 });
    await byPid.close();
    const byFd = await openNetns({ fd: 9 }, 'netns');
    expect(byFd.attrs).toEqual({ netNsFd: 9 });
    await byFd.close();
  });

  it('a path is opened for the request and closed after', async () => {
    const opened = await openNetns({ path: '/proc/self/ns/net' }, 'netns');
    const fd = (opened.attrs as { netNsFd: number }).netNsFd;
    expect(fd).toBeGreaterThan(2);
    expect(fstatSync(fd).ino).toBe(statSync('/proc/self/ns/net').ino);
    await opened.close();
    expect(() => fstatSync(fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });

  it('a path that cannot be opened is InvalidArgumentError with the reason', async () => {
    await expect(openNetns({ path: '/run/netns/linx-no-such-namespace' }, 'peer.netns')).rejects.toMatchObject({
      argument: 'peer.netns',
      message: 'peer.netns: cannot open the network namespace /run/netns/linx-no-such-namespace (ENOENT)',
    });
  });

  it('while requests are only checked, a stand-in attribute', () => {
    expect(placeholderNetns({ pid: 5 })).toEqual({ netNsPid: 5 });
    expect(placeholderNetns({ fd: 6 })).toEqual({ netNsFd: 6 });
    expect(placeholderNetns({ path: '/run/netns/blue' })).toEqual({ netNsFd: 0 });
  });
});
