// The generic netlink families @linx/genl has declarations for (generated from their YNL specs), loaded
// when a capture holds messages of theirs: each operation's command numbers and attribute set, so that a
// message is named by its operation and decoded with that set.

/** A family's generated module, as `@linx/genl/<family>` exports it under `declarations`. */
interface FamilyDeclarations {
  operations: Record<string, { attrs: unknown; do?: Direction; dump?: Direction }>;
  notifications?: Record<string, { cmd: number; attrs: unknown }>;
}
type Direction = { request?: { cmd: number }; reply?: { cmd: number } };

/** The kernel's family name (as nlctrl gives it) → the subpath of @linx/genl that has its declarations. */
const LOADERS: Record<string, () => Promise<{ declarations: unknown }>> = {
  ethtool: () => import('@linx/genl/ethtool'),
  mptcp_pm: () => import('@linx/genl/mptcp'),
  tcp_metrics: () => import('@linx/genl/tcp-metrics'),
  netdev: () => import('@linx/genl/netdev'),
  wireguard: () => import('@linx/genl/wireguard'),
  TASKSTATS: () => import('@linx/genl/taskstats'),
  nl80211: () => import('@linx/genl/nl80211'),
  devlink: () => import('@linx/genl/devlink'),
  dpll: () => import('@linx/genl/dpll'),
  fou: () => import('@linx/genl/fou'),
  handshake: () => import('@linx/genl/handshake'),
  'net-shaper': () => import('@linx/genl/net-shaper'),
  ovpn: () => import('@linx/genl/ovpn'),
  ovs_datapath: () => import('@linx/genl/ovs-datapath'),
  ovs_flow: () => import('@linx/genl/ovs-flow'),
  ovs_vport: () => import('@linx/genl/ovs-vport'),
  team: () => import('@linx/genl/team'),
};

/** A message's operation: its name (`get-interface`, `linkinfo-ntf`) and attribute set. */
export interface GenlOperation {
  name: string;
  attrs: unknown;
}

/** Finds operations by command and direction (a request carries NLM_F_REQUEST; replies and notifications do not). */
export type OperationFinder = (cmd: number, request: boolean) => GenlOperation | undefined;

/** Loads the declarations of the named families linx has; the others are left out. */
export async function loadFamilies(names: Iterable<string>): Promise<Map<string, OperationFinder>> {
  const found = new Map<string, OperationFinder>();
  for (const name of new Set(names)) {
    const load = LOADERS[name];
    if (load === undefined) continue;
    const declarations = (await load()).declarations as FamilyDeclarations;
    found.set(name, (cmd, request) => {
      for (const [op, o] of Object.entries(declarations.operations)) {
        for (const direction of [o.do, o.dump]) {
          if ((request ? direction?.request?.cmd : direction?.reply?.cmd) === cmd) return { name: request ? op : `${op}-reply`, attrs: o.attrs };
        }
      }
      if (!request) for (const [ntf, n] of Object.entries(declarations.notifications ?? {})) if (n.cmd === cmd) return { name: ntf, attrs: n.attrs };
      return undefined;
    });
  }
  return found;
}
