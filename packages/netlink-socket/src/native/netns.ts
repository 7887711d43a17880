import { InvalidArgumentError } from './errors.js';

/** Where `ip netns add NAME` (iproute2) puts its namespace files. */
export const NETNS_RUN_DIR = '/run/netns';

/**
 * A network namespace to open a socket in:
 * - a name, bare or `{ name }`: a namespace made by `ip netns add NAME`, i.e. `/run/netns/NAME`;
 * - `{ path }`: any namespace file (a bind mount, `/proc/PID/task/TID/ns/net`, …);
 * - `{ pid }`: the namespace of a process, `/proc/PID/ns/net`;
 * - `{ fd }`: an open namespace file descriptor, borrowed (not closed) by the socket's creation.
 */
export type NetnsTarget = string | { name: string } | { path: string } | { pid: number } | { fd: number };

/** What the addon is given: a namespace file path or an open fd. */
export type ResolvedNetns = { path: string } | { fd: number };

/**
 * Validates `target` and turns it into a path or an fd, before anything native runs.
 * @throws InvalidArgumentError for an empty name, a name containing `/` or NUL, `.`/`..`, a path that is
 *   not a non-empty string, a pid that is not a positive integer, an fd that is not a non-negative one.
 */
export function resolveNetns(target: NetnsTarget): ResolvedNetns {
  if (typeof target === 'string') return { path: `${NETNS_RUN_DIR}/${checkNetnsName(target, 'netns')}` };
  if (typeof target !== 'object' || target === null) {
    throw new InvalidArgumentError('netns', 'must be a name, { name }, { path }, { pid } or { fd }');
  }
  const keys = ['name', 'path', 'pid', 'fd'].filter((key) => key in target);
  if (keys.length !== 1) {
    throw new InvalidArgumentError('netns', 'must have exactly one of name, path, pid, fd');
  }
  if ('name' in target) return { path: `${NETNS_RUN_DIR}/${checkNetnsName(target.name, 'netns.name')}` };
  if ('path' in target) {
    const { path } = target;
    if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
      throw new InvalidArgumentError('netns.path', 'must be a non-empty string without NUL');
    }
    return { path };
  }
  if ('pid' in target) {
    const { pid } = target;
    if (!Number.isSafeInteger(pid) || pid <= 0) {
      throw new InvalidArgumentError('netns.pid', `must be a positive integer, got ${String(pid)}`);
    }
    return { path: `/proc/${pid}/ns/net` };
  }
  const { fd } = target;
  if (!Number.isInteger(fd) || fd < 0 || fd > 0x7fff_ffff) {
    throw new InvalidArgumentError('netns.fd', `must be a non-negative integer, got ${String(fd)}`);
  }
  return { fd };
}

/**
 * Checks a namespace name as `ip netns` takes it (a file name directly under {@link NETNS_RUN_DIR}).
 * @throws InvalidArgumentError naming `argument` for an empty name, `.`/`..`, a `/` or NUL, over 255 bytes.
 */
export function checkNetnsName(name: unknown, argument: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError(argument, 'a namespace name must be a non-empty string');
  }
  if (name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new InvalidArgumentError(argument, `${JSON.stringify(name)} is not a namespace name`);
  }
  if (Buffer.byteLength(name) > 255) {
    throw new InvalidArgumentError(argument, 'a namespace name is at most 255 bytes');
  }
  return name;
}
