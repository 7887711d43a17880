// Network namespaces for kernel tests (from @linx/test-kit): each test file makes its own
// (`linx-test-<random>`), builds what it needs inside with `ip -n NAME …`, and deletes it in afterAll.
// Nothing here touches the host namespace's interfaces, routes or rules.
import { createTestNetns, kernelSkipReason as skipReason, leftoverNamespaces } from '@linx/test-kit';

/** Why kernel tests cannot run here, or undefined when they can (root, iproute2). */
export const kernelSkipReason: string | undefined = skipReason(['ip']);

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
  const ns = createTestNetns('linx-test');
  return { name: ns.name, path: ns.path, ip: ns.ip, ipBatch: ns.batch, remove: ns.remove };
}

export { leftoverNamespaces };
