// Network namespaces for kernel tests: each test file makes its own (`linx-test-<random>`), builds what it
// needs inside with `ip -n NAME …`, and deletes it in afterAll. Nothing here touches the host namespace's
// interfaces, routes or rules.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** Why kernel tests cannot run here, or undefined when they can (root, iproute2). */
export const kernelSkipReason: string | undefined = (() => {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (kernel tests create network namespaces)';
  if (spawnSync('ip', ['-V'], { stdio: 'ignore' }).status !== 0) return 'iproute2 (`ip`) is not installed';
  return undefined;
})();

export interface TestNetns {
  readonly name: string;
  readonly path: string;
  /** Runs `ip -n NAME ...args` and returns its stdout. */
  ip(...args: string[]): string;
  /** Runs `ip -n NAME -batch -` with `commands` (one per line) on stdin. */
  ipBatch(commands: string[]): void;
  /** Deletes the namespace (idempotent). */
  remove(): void;
}

export function createNetns(): TestNetns {
  const name = `linx-test-${randomBytes(4).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', name], { stdio: 'pipe' });
  let removed = false;
  return {
    name,
    path: `/run/netns/${name}`,
    ip: (...args) => execFileSync('ip', ['-n', name, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    ipBatch(commands) {
      execFileSync('ip', ['-n', name, '-batch', '-'], { input: `${commands.join('\n')}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
    },
    remove() {
      if (removed) return;
      removed = true;
      spawnSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
    },
  };
}

/** The namespaces this process's tests made that still exist (should be none after afterAll). */
export function leftoverNamespaces(prefix = 'linx-test-'): string[] {
  const out = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  return out.split('\n').map((line) => line.split(' ')[0] ?? '').filter((name) => name.startsWith(prefix));
}
