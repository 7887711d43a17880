// Named network namespaces made and removed by linx (addNetns/deleteNetns/listNetns), checked against
// iproute2: `ip netns list` sees what linx made, `ip -n NAME` works in it, `ip netns add`'s namespaces are
// listed and deleted by linx, and the failures are typed. Every name is `linx-test-named-<random>-…`,
// recorded in the run's ledger and deleted with `ip netns delete` in afterAll whatever happened.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { NETLINK_ROUTE } from '@linx/netlink-wire';
import { recordTestNetns, run, runOrThrow } from '@linx/test-kit';
import {
  addNetns,
  Connection,
  deleteNetns,
  listNetns,
  NetnsExistsError,
  NetnsNotFoundError,
} from '../../src/index.js';
import {
  RawNetlinkSocket,
} from '../../src/native/index.js';
import { kernelSkipReason } from '../helpers/netns.js';
import { dumpLinks, getLinkDump } from '../helpers/rtnl.js';
import { catchError } from '../helpers/errors.js';

const PREFIX = `linx-test-named-${randomBytes(3).toString('hex')}`;
const made: string[] = [];

/** A fresh name of this run, recorded in the ledger before anything can create it. */
function fresh(label: string): string {
  const name = `${PREFIX}-${label}`;
  recordTestNetns(name);
  made.push(name);
  return name;
}

/** The names `ip netns list` prints (each line is `NAME` or `NAME (id: N)`). */
function ipNetnsList(): string[] {
  return runOrThrow(['ip', 'netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

/** Whether two namespace files are the same namespace: same nsfs inode. */
function sameNetns(a: string, b: string): boolean {
  const [x, y] = [statSync(a), statSync(b)];
  return x.ino === y.ino && x.dev === y.dev;
}

function threadNamespaces(): Set<string> {
  return new Set(readdirSync('/proc/self/task').map((tid) => readlinkSync(`/proc/self/task/${tid}/ns/net`)));
}

describe.skipIf(kernelSkipReason !== undefined)('named network namespaces (ip netns add/del/list)', () => {
  afterAll(() => {
    for (const name of made) if (existsSync(`/run/netns/${name}`)) run(['ip', 'netns', 'delete', name]);
  });

  it('addNetns makes a new namespace that ip lists and enters, and open({ netns: name }) uses', async () => {
    const name = fresh('a');
    const threadsBefore = threadNamespaces();
    addNetns(name);
    expect(ipNetnsList()).toContain(name);
    expect(listNetns()).toContain(name);
    // A namespace of its own: not this process's, and none of this process's threads moved.
    expect(sameNetns(`/run/netns/${name}`, '/proc/self/ns/net')).toBe(false);
    expect(threadNamespaces()).toEqual(threadsBefore);
    expect(threadsBefore.size).toBe(1);
    // Fresh: only lo, as `ip netns add` makes it; ip works inside it.
    expect(JSON.parse(runOrThrow(['ip', '-n', name, '-j', 'link', 'show'])).map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
    runOrThrow(['ip', '-n', name, 'link', 'add', 'lx-named-a', 'type', 'veth', 'peer', 'name', 'lx-named-b']);
    // A socket opened by name is in that namespace: it sees the pair made there, and only what is there.
    const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: name });
    try {
      expect((await dumpLinks(socket)).map((l) => l.name).sort()).toEqual(['lo', 'lx-named-a', 'lx-named-b']);
    } finally {
      socket.close();
    }
  });

  it('addNetns of a taken name is NetnsExistsError and leaves the existing namespace alone', () => {
    const name = fresh('b');
    addNetns(name);
    runOrThrow(['ip', '-n', name, 'link', 'add', 'lx-keep', 'type', 'veth', 'peer', 'name', 'lx-keep-b']);
    const error = catchError(() => addNetns(name));
    expect(error).toBeInstanceOf(NetnsExistsError);
    expect(error).toMatchObject({ code: 'ERR_LINX_NETNS_EXISTS', netns: name, cause: { stage: 'create', errnoName: 'EEXIST' } });
    // Same namespace, still mounted, with what was made in it.
    expect(JSON.parse(runOrThrow(['ip', '-n', name, '-j', 'link', 'show', 'lx-keep']))[0].ifname).toBe('lx-keep');
    // And a name `ip netns add` made is taken too.
    const byIp = fresh('c');
    runOrThrow(['ip', 'netns', 'add', byIp]);
    expect(catchError(() => addNetns(byIp))).toBeInstanceOf(NetnsExistsError);
  });

  it('deleteNetns removes it: ip no longer lists it, and a second delete is NetnsNotFoundError', async () => {
    const name = fresh('d');
    addNetns(name);
    // A connection opened before the delete keeps its namespace alive and working.
    const connection = Connection.open({ protocol: NETLINK_ROUTE, netns: name });
    try {
      deleteNetns(name);
      expect(ipNetnsList()).not.toContain(name);
      expect(listNetns()).not.toContain(name);
      expect(existsSync(`/run/netns/${name}`)).toBe(false);
      expect(run(['ip', '-n', name, 'link', 'show']).status).not.toBe(0);
      const links = await connection.dumpAll({ type: 18, payload: getLinkDump(0).subarray(16) });
      expect(links.length).toBe(1); // lo, in the namespace that now has no name
    } finally {
      connection.close();
    }
    const error = catchError(() => deleteNetns(name));
    expect(error).toBeInstanceOf(NetnsNotFoundError);
    expect(error).toMatchObject({ code: 'ERR_LINX_NETNS_NOT_FOUND', netns: name, cause: { stage: 'unlink', errnoName: 'ENOENT' } });
  });

  it('deleteNetns removes a namespace ip made, and ip deletes one linx made', () => {
    const byIp = fresh('e');
    runOrThrow(['ip', 'netns', 'add', byIp]);
    expect(listNetns()).toContain(byIp);
    deleteNetns(byIp);
    expect(ipNetnsList()).not.toContain(byIp);

    const byLinx = fresh('f');
    addNetns(byLinx);
    runOrThrow(['ip', 'netns', 'delete', byLinx]);
    expect(listNetns()).not.toContain(byLinx);
  });

  // In a private mount namespace with a fresh tmpfs on /run, /run/netns does not exist: both make it, find
  // it is no mount point (MS_SHARED fails with EINVAL), bind it onto itself and make it shared, then
  // bind the new namespace under it. The mounts that leaves must be the same for ip and for linx. Nothing
  // of it reaches this mount namespace, and the namespaces made end with the private mount namespaces.
  it.skipIf(spawnSync('unshare', ['--version'], { stdio: 'ignore' }).status !== 0)(
    'on a /run without /run/netns: the same mounts as ip netns add (a shared self-bind, the nsfs bind under it)',
    () => {
      const show = `require('fs').readFileSync('/proc/self/mountinfo', 'utf8')`;
      const run = (argv: string[]) => {
        const r = spawnSync('unshare', ['--mount', '--propagation', 'private', ...argv], { encoding: 'utf8', timeout: 30_000 });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        return r.stdout;
      };
      const dist = new URL('../../dist/index.js', import.meta.url).href;
      const byIp = run(['sh', '-c', `mount -t tmpfs none /run && ip netns add probe && ${process.execPath} -e "process.stdout.write(${show})"`]);
      const byLinx = run([process.execPath, '--input-type=module', '-e', `import { execFileSync } from 'node:child_process'; import { readFileSync } from 'node:fs'; const { addNetns } = await import(${JSON.stringify(dist)}); execFileSync('mount', ['-t', 'tmpfs', 'none', '/run']); addNetns('probe'); process.stdout.write(readFileSync('/proc/self/mountinfo', 'utf8'));`]);
      // mountinfo: id parent major:minor root mountpoint options [optional fields] - fstype source superoptions.
      const mounts = (text: string) =>
        text
          .split('\n')
          .map((line) => line.split(' '))
          .filter((f) => f[4] === '/run/netns/probe' || (f[4] === '/run/netns' && f[f.indexOf('-') + 1] === 'tmpfs'))
          .map((f) => ({ root: f[3]!.replace(/\[\d+\]/, '[]'), mountPoint: f[4], shared: f.slice(6, f.indexOf('-')).some((o) => o.startsWith('shared:')), type: f[f.indexOf('-') + 1] }));
      expect(mounts(byIp)).toEqual([
        { root: '/netns', mountPoint: '/run/netns', shared: true, type: 'tmpfs' },
        { root: 'net:[]', mountPoint: '/run/netns/probe', shared: true, type: 'nsfs' },
      ]);
      expect(mounts(byLinx)).toEqual(mounts(byIp));
    },
  );

  it.skipIf(spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status !== 0)(
    'without privileges (as nobody): add is NativeError at mount (EPERM), delete at unlink (EACCES); nothing changes',
    () => {
      const kept = fresh('h');
      addNetns(kept);
      const dist = new URL('../../dist/index.js', import.meta.url).href;
      const script = `const { addNetns, deleteNetns } = await import(${JSON.stringify(dist)});
        const out = [];
        for (const f of [() => addNetns(${JSON.stringify(`${kept}-x`)}), () => deleteNetns(${JSON.stringify(kept)})]) {
          try { f(); out.push('no error'); } catch (e) { out.push({ name: e.name, code: e.code, stage: e.stage, errnoName: e.errnoName }); }
        }
        process.stdout.write(JSON.stringify(out));`;
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([
        { name: 'NativeError', code: 'ERR_LINX_NATIVE', stage: 'mount', errnoName: 'EPERM' },
        { name: 'NativeError', code: 'ERR_LINX_NATIVE', stage: 'unlink', errnoName: 'EACCES' },
      ]);
      expect(existsSync(`/run/netns/${kept}-x`)).toBe(false);
      expect(ipNetnsList()).toContain(kept);
      deleteNetns(kept);
    },
  );

  it('listNetns equals ip netns list', () => {
    const name = fresh('g');
    addNetns(name);
    expect(listNetns().sort()).toEqual(ipNetnsList().sort());
    deleteNetns(name);
  });
});
