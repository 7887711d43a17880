// Live kernel helpers (from @linx/test-kit): a throwaway network namespace with nft in it, and the
// netlink bytes a command sends and receives, read with strace.
import { createTestNetns, kernelSkipReason, run, runOrThrow, traceNetlink, type Traced } from '@linx/test-kit';

export { run, runOrThrow, traceNetlink, type Traced };

/** Whether this process may create network namespaces and run `nft` in them: root, ip, nft. */
export function canRunNft(): boolean {
  return kernelSkipReason(['ip', 'nft']) === undefined;
}

/** Whether this process may create network namespaces and trace `nft`: root, ip, nft, strace. */
export function canRunLive(): boolean {
  return kernelSkipReason(['ip', 'nft', 'strace']) === undefined;
}

/** A fresh network namespace `linx-test-nft-<tag>-<random>`; `remove()` deletes it (call it in afterAll). */
export function createNamespace(tag: string): {
  name: string;
  ip: (...args: string[]) => string;
  nft: (ruleset: string) => void;
  /** `nft -j list ruleset` (or another listing) in the namespace, parsed. */
  nftJson: (...args: string[]) => { nftables: Record<string, any>[] };
  remove: () => void;
} {
  const ns = createTestNetns(`linx-test-nft-${tag}`);
  return {
    name: ns.name,
    ip: ns.ip,
    nft(ruleset) {
      ns.exec(['nft', '-f', '-'], ruleset);
    },
    nftJson(...args) {
      return JSON.parse(ns.exec(['nft', '-j', ...(args.length ? args : ['list', 'ruleset'])])) as { nftables: Record<string, any>[] };
    },
    remove: ns.remove,
  };
}

/**
 * Whether this kernel has nftables flowtables (CONFIG_NF_FLOW_TABLE), tried with nft in a scratch
 * namespace. Without them the kernel refuses the flowtable with ENOENT; any other failure throws.
 */
export function nftHasFlowtables(): boolean {
  const ns = createTestNetns('linx-test-nft-probe');
  try {
    const ruleset = 'add table inet probe\nadd flowtable inet probe ft { hook ingress priority 0 ; devices = { lo } ; }\n';
    const r = run(['ip', 'netns', 'exec', ns.name, 'nft', '-f', '-'], ruleset);
    if (r.status === 0) return true;
    if (/Could not process rule: No such file or directory/.test(r.stderr)) return false;
    throw new Error(`probing flowtables with nft failed unexpectedly: ${r.stderr.trim()}`);
  } finally {
    ns.remove();
  }
}
