// Opening sockets in other network namespaces: by name, path, pid and fd; the socket really lives there;
// the failures are typed; and no thread of this process ever changes namespace.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readlinkSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETLINK_ROUTE } from '@linx/netlink-wire';
import { NativeError, type NetnsTarget } from '../../src/index.js';
import { RawNetlinkSocket } from '../../src/native/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { dumpLinks } from '../helpers/rtnl.js';
import { catchError } from '../helpers/errors.js';

const VETH = 'lx-open-a';
const PEER = 'lx-open-b';

describe.skipIf(kernelSkipReason !== undefined)('open in a network namespace', () => {
  let ns: TestNetns;
  let sleeper: ChildProcess | undefined;
  let scratch: string;

  beforeAll(() => {
    ns = createNetns();
    ns.ip('link', 'add', VETH, 'type', 'veth', 'peer', 'name', PEER);
    scratch = mkdtempSync(join(tmpdir(), 'linx-open-'));
  });

  afterAll(() => {
    sleeper?.kill('SIGKILL');
    ns?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  async function linksVia(netns: NetnsTarget | undefined) {
    const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, ...(netns === undefined ? {} : { netns }) });
    try {
      return await dumpLinks(socket);
    } finally {
      socket.close();
    }
  }

  function expectOnlyTestLinks(links: { index: number; name: string | undefined }[]) {
    expect(links.map((l) => l.name).sort()).toEqual([VETH, PEER, 'lo'].sort());
    expect(links.find((l) => l.name === 'lo')?.index).toBe(1);
  }

  it('by name (bare string and { name })', async () => {
    expectOnlyTestLinks(await linksVia(ns.name));
    expectOnlyTestLinks(await linksVia({ name: ns.name }));
  });

  it('by path', async () => {
    expectOnlyTestLinks(await linksVia({ path: ns.path }));
  });

  it('by pid of a process inside the namespace', async () => {
    sleeper = spawn('ip', ['netns', 'exec', ns.name, 'sleep', '30'], { stdio: 'ignore' });
    const pid = sleeper.pid!;
    // `ip netns exec` enters the namespace, then execs sleep under the same pid.
    await waitFor(() => sameNetns(`/proc/${pid}/ns/net`, ns.path));
    expectOnlyTestLinks(await linksVia({ pid }));
    sleeper.kill('SIGKILL');
  });

  it('by an open namespace fd, which stays open and usable', async () => {
    const fd = openSync(ns.path, 'r');
    try {
      expectOnlyTestLinks(await linksVia({ fd }));
      expectOnlyTestLinks(await linksVia({ fd }));
    } finally {
      closeSync(fd);
    }
  });

  it('the host namespace differs: it does not see the test veth, and has other links', async () => {
    const host = await linksVia(undefined);
    expect(host.map((l) => l.name)).not.toContain(VETH);
    expect(host.length).toBeGreaterThanOrEqual(1);
    expect(host.some((l) => l.name !== 'lo')).toBe(true);
  });

  it('never changes the namespace of this process or any of its threads', async () => {
    const before = threadNamespaces();
    for (let i = 0; i < 20; i++) await linksVia(ns.name);
    const after = threadNamespaces();
    expect(new Set(after.values()).size).toBe(1);
    expect([...after.values()][0]).toBe([...before.values()][0]);
    expect(sameNetns('/proc/self/ns/net', ns.path)).toBe(false);
  });

  it('a missing namespace name fails at stage open with ENOENT', () => {
    const error = catchError(() => RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: 'linx-test-does-not-exist' }));
    expect(error).toBeInstanceOf(NativeError);
    expect(error).toMatchObject({ code: 'ERR_LINX_NATIVE', stage: 'open', errno: 2, errnoName: 'ENOENT' });
    // The message names the namespace as it was asked for, and its file.
    expect((error as Error).message).toMatch(/^network namespace "linx-test-does-not-exist" \(\/run\/netns\/linx-test-does-not-exist\): open failed: .*ENOENT/);
  });

  it('a missing pid fails at stage open with ENOENT, naming the file', () => {
    const error = catchError(() => RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: { pid: 0x3fff_fff0 } }));
    expect(error).toMatchObject({ stage: 'open', errnoName: 'ENOENT' });
    expect((error as Error).message).toMatch(/^network namespace \/proc\/1073741808\/ns\/net: open failed/);
  });

  it('a file that is not a network namespace fails at stage setns with EINVAL', () => {
    const file = join(scratch, 'not-a-namespace');
    writeFileSync(file, 'x');
    expect(catchError(() => RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: { path: file } }))).toMatchObject({
      stage: 'setns',
      errnoName: 'EINVAL',
    });
    // Another kind of namespace is not a network namespace either.
    expect(catchError(() => RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: { path: '/proc/self/ns/uts' } }))).toMatchObject({
      stage: 'setns',
      errnoName: 'EINVAL',
    });
  });

  it('a closed fd fails at stage setns with EBADF', () => {
    const fd = openSync(ns.path, 'r');
    closeSync(fd);
    expect(catchError(() => RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: { fd } }))).toMatchObject({
      stage: 'setns',
      errnoName: 'EBADF',
    });
  });

  it('a protocol the kernel lacks fails at stage socket inside the namespace too', () => {
    expect(catchError(() => RawNetlinkSocket.open({ protocol: 31, netns: ns.name }))).toMatchObject({
      stage: 'socket',
      errnoName: 'EPROTONOSUPPORT',
    });
  });
});

function threadNamespaces(): Map<string, string> {
  const result = new Map<string, string>();
  for (const tid of readdirSync('/proc/self/task')) result.set(tid, readlinkSync(`/proc/self/task/${tid}/ns/net`));
  return result;
}

/** Whether two namespace files (magic links or bind mounts) are the same namespace: same nsfs inode. */
function sameNetns(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (condition()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
