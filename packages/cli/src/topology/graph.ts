// The namespace's interfaces as a graph: what `linx topology` draws (and prints with -j). One model, two
// renderers (mermaid.ts, dot.ts, svg.ts), so that every drawing says the same thing.
import type { Address, Link } from '@linx/rtnl';

/** An interface: of this namespace, or a veth peer in another one (`netns`). */
export interface TopologyNode {
  /** Unique in the graph: `if<index>` here, `ns<nsid>_if<index>` for a peer in another namespace. */
  id: string;
  ifname: string;
  ifindex: number;
  /** The link kind (`veth`, `bridge`, `macvlan`, `vxlan`, …); undefined for devices without one (lo, a NIC). */
  kind?: string;
  /** `UP`, `DOWN`, `UNKNOWN`, … (this namespace's interfaces only). */
  state?: string;
  /** Addresses as PREFIX/LEN (IPv4 first, then IPv6). */
  addresses: string[];
  /** For a peer in another namespace: its id as this namespace knows it, and its name when found in /run/netns. */
  netns?: { nsid: number; name?: string };
}

/**
 * How two interfaces are joined: `port` (from a port to its bridge or other master), `veth` (the two
 * ends of a pair), `lower` (from an upper device such as macvlan, vlan or vxlan to the device it sits on).
 */
export interface TopologyEdge {
  from: string;
  to: string;
  kind: 'port' | 'veth' | 'lower';
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

/** A peer's name in another namespace, looked up by the caller (undefined: not found). */
export type PeerNamer = (nsid: number, ifindex: number) => { ifname: string; netns?: string } | undefined;

const idOf = (index: number) => `if${index}`;

export function buildTopology(links: readonly Link[], addresses: readonly Address[], peerOf: PeerNamer = () => undefined): Topology {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const here = new Set(links.map((l) => l.index));
  const foreign = new Map<string, TopologyNode>();
  const sorted = [...addresses].sort((a, b) => (a.family === b.family ? 0 : a.family === 'inet' ? -1 : 1));
  for (const link of links) {
    const kind = link.linkinfo?.kind;
    nodes.push({
      id: idOf(link.index),
      ifname: link.ifname ?? idOf(link.index),
      ifindex: link.index,
      ...(kind !== undefined ? { kind } : {}),
      ...(link.operstate !== undefined ? { state: String(link.operstate).toUpperCase() } : {}),
      addresses: sorted.filter((a) => a.ifindex === link.index).map((a) => `${a.local}/${a.prefixlen}`),
    });
    if (link.master !== undefined && here.has(link.master)) edges.push({ from: idOf(link.index), to: idOf(link.master), kind: 'port' });
    // vxlan names its lower device in its own data (IFLA_VXLAN_LINK), the others in IFLA_LINK.
    const vxlanLower = kind === 'vxlan' ? (link.linkinfo?.data as { link?: number } | undefined)?.link : undefined;
    const lower = vxlanLower ?? link.link;
    if (lower === undefined || lower === 0) continue;
    if (link.linkNetnsid !== undefined) {
      // The other end is in another namespace: a node of its own, once per pair.
      const id = `ns${link.linkNetnsid}_if${lower}`;
      if (!foreign.has(id)) {
        const peer = peerOf(link.linkNetnsid, lower);
        foreign.set(id, { id, ifname: peer?.ifname ?? idOf(lower), ifindex: lower, ...(kind === 'veth' ? { kind } : {}), addresses: [], netns: { nsid: link.linkNetnsid, ...(peer?.netns !== undefined ? { name: peer.netns } : {}) } });
      }
      edges.push({ from: idOf(link.index), to: id, kind: kind === 'veth' ? 'veth' : 'lower' });
    } else if (kind === 'veth') {
      // Both ends are here: one edge, from the lower index.
      if (link.index < lower || !here.has(lower)) edges.push({ from: idOf(Math.min(link.index, lower)), to: idOf(Math.max(link.index, lower)), kind: 'veth' });
    } else if (here.has(lower)) {
      edges.push({ from: idOf(link.index), to: idOf(lower), kind: 'lower' });
    }
  }
  return { nodes: [...nodes, ...foreign.values()], edges };
}

/** A node's label: name (kind), its namespace if elsewhere, state, addresses; lines joined with `newline`. */
export function nodeLabel(node: TopologyNode, newline: string): string {
  const lines = [node.kind !== undefined ? `${node.ifname} (${node.kind})` : node.ifname];
  if (node.netns !== undefined) lines.push(node.netns.name !== undefined ? `netns ${node.netns.name}` : `netnsid ${node.netns.nsid}`);
  if (node.state !== undefined) lines.push(node.state);
  lines.push(...node.addresses);
  return lines.join(newline);
}
