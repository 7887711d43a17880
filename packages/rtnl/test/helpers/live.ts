// Live kernel helpers (from @linx/test-kit): a throwaway network namespace, and the netlink bytes a
// command sends and receives, read with strace.
import { createTestNetns, kernelSkipReason, run, runOrThrow, traceNetlink, type Traced } from '@linx/test-kit';

export { run, runOrThrow, traceNetlink, type Traced };

/** Whether this process may create network namespaces and trace `ip`: root, ip, strace. */
export function canRunLive(): boolean {
  return kernelSkipReason(['ip', 'strace']) === undefined;
}

/** A fresh network namespace `linx-gen-<tag>-<random>`; `remove()` deletes it (call it in afterAll). */
export function createNamespace(tag: string): { name: string; ip: (...args: string[]) => string; remove: () => void } {
  const ns = createTestNetns(`linx-gen-${tag}`);
  return { name: ns.name, ip: ns.ip, remove: ns.remove };
}
