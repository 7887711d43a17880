// Network namespaces for the rtnl kernel tests: each test file makes its own and deletes it in afterAll,
// whatever happens. Nothing here touches the host namespace's interfaces, routes or rules.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open, type Rtnl } from '../../src/index.js';

/** Why kernel tests cannot run here, or undefined when they can (root, iproute2). */
export const kernelSkipReason: string | undefined = (() => {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (kernel tests create network namespaces)';
  if (spawnSync('ip', ['-V'], { stdio: 'ignore' }).status !== 0) return 'iproute2 (`ip`) is not installed';
  return undefined;
})();

export interface TestNetns {
  readonly name: string;
  /** Runs `ip -n NAME …args` and returns its stdout; throws with ip's stderr on failure. */
  ip(...args: string[]): string;
  /** `ip -n NAME -j …args`, parsed (an empty output is []). */
  ipJson<T = any>(...args: string[]): T;
  /** `ip -n NAME -batch -` with one command per line. */
  batch(lines: string[]): void;
  /** An rtnl handle opened in the namespace (closed by remove()). */
  rtnl(): Rtnl;
  /** Closes the handles and deletes the namespace (idempotent). */
  remove(): void;
}

export function createNetns(tag = 'rtnl'): TestNetns {
  const name = `linx-test-${tag}-${randomBytes(3).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', name], { stdio: 'pipe' });
  const handles: Rtnl[] = [];
  let removed = false;
  const ip = (...args: string[]) => {
    const r = spawnSync('ip', ['-n', name, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ip -n ${name} ${args.join(' ')}: ${r.stderr.trim()}`);
    return r.stdout;
  };
  return {
    name,
    ip,
    ipJson(...args) {
      const out = ip('-j', ...args).trim();
      return out ? JSON.parse(out) : [];
    },
    batch(lines) {
      execFileSync('ip', ['-n', name, '-batch', '-'], { input: `${lines.join('\n')}\n`, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    },
    rtnl() {
      const handle = open({ netns: name });
      handles.push(handle);
      return handle;
    },
    remove() {
      if (removed) return;
      removed = true;
      for (const handle of handles) handle.close();
      spawnSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
    },
  };
}

/** Whether this kernel can create links of `kind` (tried in a scratch namespace, then removed). */
export function kernelHasLinkKind(kind: string, extra: string[] = []): boolean {
  const ns = createNetns('probe');
  try {
    return spawnSync('ip', ['-n', ns.name, 'link', 'add', 'probe0', ...extra, 'type', kind], { stdio: 'ignore' }).status === 0;
  } finally {
    ns.remove();
  }
}
