import type { FileHandle } from 'node:fs/promises';
import { InvalidArgumentError, resolveNetns, type NetnsTarget } from '@linx/netlink-socket';

/** A namespace to move a link into, checked: a process (IFLA_NET_NS_PID), an open fd, or a file to open. */
export type CheckedNetns = { pid: number } | { fd: number } | { path: string };

/** The attribute that names the namespace in a request. */
export type NetnsAttrs = { netNsPid: number } | { netNsFd: number };

/**
 * Checks a namespace target as `open({ netns })` takes it: a name (`/run/netns/NAME`), `{ name }`,
 * `{ path }`, `{ pid }` or `{ fd }`. Throws `InvalidArgumentError` naming `argument`.
 */
export function checkNetns(target: unknown, argument: string): CheckedNetns {
  try {
    const resolved = resolveNetns(target as NetnsTarget);
    if (typeof target === 'object' && target !== null && 'pid' in target) return { pid: (target as { pid: number }).pid };
    return resolved;
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    const name = error.argument.replace(/^netns/, argument);
    throw new InvalidArgumentError(name, error.message.slice(error.argument.length + 2));
  }
}

/** The attribute for a checked namespace, and what to close once the request is answered. */
export async function openNetns(netns: CheckedNetns, argument: string): Promise<{ attrs: NetnsAttrs; close: () => Promise<void> }> {
  if ('pid' in netns) return { attrs: { netNsPid: netns.pid }, close: async () => {} };
  if ('fd' in netns) return { attrs: { netNsFd: netns.fd }, close: async () => {} };
  // Imported here, not with the package: node:fs/promises's module facade costs an import of @linx/rtnl
  // about a millisecond, and few programs move links between namespaces by path.
  const { open } = await import('node:fs/promises');
  let handle: FileHandle;
  try {
    handle = await open(netns.path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InvalidArgumentError(argument, `cannot open the network namespace ${netns.path} (${code})`);
  }
  return { attrs: { netNsFd: handle.fd }, close: () => handle.close() };
}

/** A stand-in while requests are checked without being sent. */
export function placeholderNetns(netns: CheckedNetns): NetnsAttrs {
  return 'pid' in netns ? { netNsPid: netns.pid } : { netNsFd: 'fd' in netns ? netns.fd : 0 };
}
