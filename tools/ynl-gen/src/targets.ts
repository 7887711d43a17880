import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A committed output: which spec, and where its declarations go (relative to the repository root). */
export interface Target {
  spec: string;
  out: string;
  /**
   * Where the family's plain values go when they are a module of their own (the `constantsModule` of
   * generate(); `out` re-exports them), so that code needing only a constant does not load the declarations.
   */
  constants?: string;
}

/** The import specifier of a target's constants module, from its main module (`./tc-constants.js`). */
export function constantsModuleOf(target: Target): string | undefined {
  return target.constants === undefined ? undefined : `./${basename(target.constants, '.ts')}.js`;
}

/** The generated modules committed in the repository; `pnpm --filter @linx/ynl-gen generate` rewrites them. */
export const TARGETS: readonly Target[] = [
  { spec: 'rt-link.yaml', out: 'packages/rtnl/src/generated/rt-link.ts' },
  { spec: 'rt-addr.yaml', out: 'packages/rtnl/src/generated/rt-addr.ts' },
  { spec: 'rt-route.yaml', out: 'packages/rtnl/src/generated/rt-route.ts' },
  { spec: 'rt-neigh.yaml', out: 'packages/rtnl/src/generated/rt-neigh.ts' },
  { spec: 'rt-rule.yaml', out: 'packages/rtnl/src/generated/rt-rule.ts' },
  { spec: 'tc.yaml', out: 'packages/rtnl/src/generated/tc.ts', constants: 'packages/rtnl/src/generated/tc-constants.ts' },
  { spec: 'rt-nexthop.yaml', out: 'packages/rtnl/src/generated/rt-nexthop.ts' },
  { spec: 'rt-netconf.yaml', out: 'packages/rtnl/src/generated/rt-netconf.ts' },
  { spec: 'rt-mdb.yaml', out: 'packages/rtnl/src/generated/rt-mdb.ts' },
  { spec: 'rt-vlan.yaml', out: 'packages/rtnl/src/generated/rt-vlan.ts' },
  { spec: 'nftables.yaml', out: 'packages/nfnl/src/nftables/generated/nftables.ts' },
  { spec: 'nlctrl.yaml', out: 'packages/genl/src/generated/nlctrl.ts' },
  { spec: 'ethtool.yaml', out: 'packages/genl/src/ethtool/generated/ethtool.ts' },
  { spec: 'conntrack.yaml', out: 'packages/nfnl/src/conntrack/generated/conntrack.ts' },
  { spec: 'mptcp_pm.yaml', out: 'packages/genl/src/mptcp/generated/mptcp_pm.ts' },
  { spec: 'tcp_metrics.yaml', out: 'packages/genl/src/tcp-metrics/generated/tcp_metrics.ts' },
  { spec: 'netdev.yaml', out: 'packages/genl/src/netdev/generated/netdev.ts' },
  { spec: 'wireguard.yaml', out: 'packages/genl/src/wireguard/generated/wireguard.ts' },
  { spec: 'nl80211.yaml', out: 'packages/genl/src/nl80211/generated/nl80211.ts' },
  { spec: 'taskstats.yaml', out: 'packages/genl/src/taskstats/generated/taskstats.ts' },
  { spec: 'devlink.yaml', out: 'packages/genl/src/devlink/generated/devlink.ts' },
  { spec: 'dpll.yaml', out: 'packages/genl/src/dpll/generated/dpll.ts' },
  { spec: 'fou.yaml', out: 'packages/genl/src/fou/generated/fou.ts' },
  { spec: 'handshake.yaml', out: 'packages/genl/src/handshake/generated/handshake.ts' },
  { spec: 'net_shaper.yaml', out: 'packages/genl/src/net-shaper/generated/net_shaper.ts' },
  { spec: 'ovpn.yaml', out: 'packages/genl/src/ovpn/generated/ovpn.ts' },
  { spec: 'ovs_datapath.yaml', out: 'packages/genl/src/ovs-datapath/generated/ovs_datapath.ts' },
  { spec: 'ovs_flow.yaml', out: 'packages/genl/src/ovs-flow/generated/ovs_flow.ts' },
  { spec: 'ovs_vport.yaml', out: 'packages/genl/src/ovs-vport/generated/ovs_vport.ts' },
  { spec: 'team.yaml', out: 'packages/genl/src/team/generated/team.ts' },
];

/** The repository root (tools/ynl-gen/{src,dist}/ → ../../..). */
export const repoRoot = (): string => resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Where the specs are: $LINX_YNL_SPECS (to regenerate from a newer kernel's), else the copies kept in
 * tools/ynl-gen/specs/ (see SOURCE.md there), so a clone regenerates and tests on its own.
 */
export function defaultSpecDir(): string {
  const env = process.env.LINX_YNL_SPECS;
  if (env) return resolve(env);
  const kept = join(repoRoot(), 'tools', 'ynl-gen', 'specs');
  if (existsSync(kept)) return kept;
  throw new Error(`cannot find the YNL specs: set LINX_YNL_SPECS (looked in ${kept})`);
}
