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
  /** An rtnl handle opened in the namespace, checked to be there (closed by remove()). */
  rtnl(): Promise<Rtnl>;
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
    async rtnl() {
      const handle = open({ netns: ns.name });
      handles.push(handle);
      // The handle must really be in the namespace before a test changes anything through it: a broken
      // `open` (or a mutant of it under `pnpm mutation`) that ignored `netns` would otherwise change the
      // host's links and routes. lo gets a marker alias that only this namespace has, read back here.
      const marker = `linx-guard-${ns.name}`;
      ns.ip('link', 'set', 'lo', 'alias', marker);
      try {
        const lo = await handle.links.get('lo');
        if (lo.ifalias !== marker) throw new Error(`the rtnl handle is not in network namespace ${ns.name}`);
      } finally {
        ns.ip('link', 'set', 'lo', 'alias', '');
      }
      return handle;
    },
    remove() {
      for (const handle of handles.splice(0)) handle.close();
      ns.remove();
    },
  };
}

/**
 * Whether this kernel can create links of `kind` with `args`: `ip link add probe0 type KIND …args` in a
 * scratch namespace (deleted afterwards), on top of a veth `probe1` when `lower` is set. A kind the kernel
 * lacks is refused with "Unknown device type" (EOPNOTSUPP); any other failure means the probe itself is
 * wrong, and throws rather than passing for a missing kind.
 */
export function kernelHasLinkKind(kind: string, args: string[] = [], lower = false): boolean {
  return probeLinkAdd(['type', kind, ...args], /Unknown device type/, lower);
}

/**
 * Whether bridges here can filter VLANs (CONFIG_BRIDGE_VLAN_FILTERING): without it the kernel refuses
 * `vlan_filtering 1` with EOPNOTSUPP. False on a kernel without bridges; other failures throw.
 */
export function kernelHasBridgeVlanFiltering(): boolean {
  return kernelHasLinkKind('bridge') && probeLinkAdd(['type', 'bridge', 'vlan_filtering', '1'], /Operation not supported/);
}

function probeLinkAdd(args: string[], missing: RegExp, lower = false): boolean {
  const ns = createNetns('probe');
  try {
    if (lower) ns.ip('link', 'add', 'probe1', 'type', 'veth', 'peer', 'name', 'probe2');
    const r = run(['ip', '-n', ns.name, 'link', 'add', 'probe0', ...(lower ? ['link', 'probe1'] : []), ...args]);
    if (r.status === 0) return true;
    if (missing.test(r.stderr)) return false;
    throw new Error(`probe \`ip link add probe0 ${args.join(' ')}\` failed unexpectedly: ${r.stderr.trim()}`);
  } finally {
    ns.remove();
  }
}
