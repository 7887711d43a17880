import { createRequire } from 'node:module';
import { LinxError } from '@linx/netlink-wire';
import { loadNative } from './binding.js';
import { fromNativeError, NativeError } from './errors.js';
import { checkNetnsName, NETNS_RUN_DIR } from './netns.js';

/** `addNetns(name)` for a name that is taken: `/run/netns/NAME` exists (as `ip netns add` reports it). */
export class NetnsExistsError extends LinxError {
  /** The namespace name asked for. */
  readonly netns: string;

  constructor(netns: string, options?: { cause?: unknown }) {
    super('ERR_LINX_NETNS_EXISTS', `network namespace ${JSON.stringify(netns)} already exists`, options);
    this.netns = netns;
  }
}

/** `deleteNetns(name)` for a name that has no namespace file under `/run/netns`. */
export class NetnsNotFoundError extends LinxError {
  /** The namespace name asked for. */
  readonly netns: string;

  constructor(netns: string, options?: { cause?: unknown }) {
    super('ERR_LINX_NETNS_NOT_FOUND', `no network namespace named ${JSON.stringify(netns)}`, options);
    this.netns = netns;
  }
}

/**
 * Creates a named network namespace, as `ip netns add NAME` does: a new, empty network namespace (only a
 * `lo`, down) bind-mounted at `/run/netns/NAME`, where `ip netns`, `ip -n NAME` and `open({ netns: NAME })`
 * find it. `/run/netns` is made if missing and made a shared mount point. The namespace is created on a
 * short-lived native thread; no Node or libuv thread changes namespace. Needs CAP_SYS_ADMIN.
 * @throws InvalidArgumentError for a bad name (empty, `.`/`..`, containing `/` or NUL, over 255 bytes),
 *   before anything is done.
 * @throws NetnsExistsError when the name is taken (nothing is changed then).
 * @throws NativeError naming the failing stage otherwise (`'mkdir'`, `'mount'`, `'create'`, `'unshare'`,
 *   `'thread'`; EPERM without privileges); nothing is left behind under the name.
 */
export function addNetns(name: string): void {
  const checked = checkNetnsName(name, 'name');
  const { createNamedNetns } = loadNative();
  try {
    createNamedNetns(NETNS_RUN_DIR, `${NETNS_RUN_DIR}/${checked}`);
  } catch (error) {
    const converted = fromNativeError(error);
    if (converted instanceof NativeError && converted.stage === 'create' && converted.errnoName === 'EEXIST') {
      throw new NetnsExistsError(checked, { cause: converted });
    }
    throw converted;
  }
}

/**
 * Removes a named network namespace, as `ip netns delete NAME` does: its bind mount is detached and
 * `/run/netns/NAME` removed. The namespace itself ends when nothing else holds it (a process inside, an
 * open socket or fd): sockets opened in it keep working until closed.
 * @throws InvalidArgumentError for a bad name, before anything is done.
 * @throws NetnsNotFoundError when there is no such name.
 * @throws NativeError (stage `'unlink'`) otherwise, e.g. EPERM or EBUSY without privileges.
 */
export function deleteNetns(name: string): void {
  const checked = checkNetnsName(name, 'name');
  const { deleteNamedNetns } = loadNative();
  try {
    deleteNamedNetns(`${NETNS_RUN_DIR}/${checked}`);
  } catch (error) {
    const converted = fromNativeError(error);
    if (converted instanceof NativeError && converted.errnoName === 'ENOENT') {
      throw new NetnsNotFoundError(checked, { cause: converted });
    }
    throw converted;
  }
}

/**
 * The names under `/run/netns`, sorted, as `ip netns list` shows them (without the ids);
 * empty when the directory does not exist. Needs no privileges.
 */
export function listNetns(): string[] {
  try {
    // node:fs through require, not an import: see native/binding.ts (its ESM facade costs every import).
    const { readdirSync } = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
    return readdirSync(NETNS_RUN_DIR);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
