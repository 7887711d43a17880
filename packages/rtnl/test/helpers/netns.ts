// Network namespaces for the rtnl kernel tests: each test file makes its own and deletes it in afterAll,
// whatever happens. Nothing here touches the host namespace's interfaces, routes or rules.
import { createTestNetns, kernelSkipReason as skipReason, run } from '@linx/test-kit';
import { open, type Rtnl } from '../../src/index.js';

/** Why kernel tests cannot run here, or undefined when they can (root, iproute2). */
export const kernelSkipReason: string | undefined = skipReason(['ip']);

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
  const ns = createTestNetns(`linx-test-${tag}`);
  const handles: Rtnl[] = [];
  return {
    name: ns.name,
    ip: ns.ip,
    ipJson: ns.ipJson,
    batch: ns.batch,
    rtnl() {
      const handle = open({ netns: ns.name });
      handles.push(handle);
      return handle;
    },
    remove() {
      for (const handle of handles.splice(0)) handle.close();
      ns.remove();
    },
  };
}

/** Whether this kernel can create links of `kind` (tried in a scratch namespace, then removed). */
export function kernelHasLinkKind(kind: string, extra: string[] = []): boolean {
  const ns = createNetns('probe');
  try {
    return run(['ip', '-n', ns.name, 'link', 'add', 'probe0', ...extra, 'type', kind]).status === 0;
  } finally {
    ns.remove();
  }
}
