// Bridge FDB entries (`bridge fdb`): neighbour messages of family AF_BRIDGE, read with the neighbour
// decoder and reshaped as `bridge fdb` speaks of them (mac, dev, vlan, master/self, permanent/static/dynamic).
import type { RouteProtocol } from '../shared/names.js';
import type { Neighbour, NeighbourFlag, NeighbourState } from '../neighbour/shape.js';
// The kernel's clock_t unit: NDA_CACHEINFO's times are in these ticks.
import { USER_HZ } from '../nexthop/shape.js';

/**
 * How long an entry lives: 'permanent' (NUD_PERMANENT: a local address of the bridge), 'static' (NUD_NOARP:
 * added, never ages), 'dynamic' (learned or added to age out), 'stale'; the neighbour state's name otherwise.
 */
export type FdbState = 'permanent' | 'static' | 'dynamic' | 'stale';

/** One forwarding database entry (`bridge fdb show`). */
export interface FdbEntry {
  /** The link-layer address (NDA_LLADDR). */
  mac: string;
  /** The port (or device) the entry is on. */
  ifindex: number;
  dev?: string;
  /** The VLAN (NDA_VLAN). */
  vlan?: number;
  /** The bridge the port belongs to (NDA_MASTER). */
  master?: number;
  /** The bridge's name, when the call looked names up. */
  masterDev?: string;
  state: FdbState | NeighbourState;
  /**
   * 'self' (the device's own table), 'master' (the bridge's), 'extern-learn' (added by a driver or a
   * controller), 'offloaded', 'sticky', 'router', 'locked', … as `bridge fdb` names them (with hyphens).
   */
  flags: (NeighbourFlag | number)[];
  /** VXLAN entries: the remote (NDA_DST), its port, VNI, source VNI, nexthop group, outgoing interface. */
  dst?: string;
  port?: number;
  vni?: number;
  srcVni?: number;
  nhId?: number;
  viaIfindex?: number;
  /** Who installed the entry (NDA_PROTOCOL). */
  protocol?: RouteProtocol | number;
  /** Seconds since the entry was last used and last updated (NDA_CACHEINFO, in USER_HZ ticks). */
  used?: number;
  updated?: number;
}


/** The state as `bridge fdb show` prints it (permanent, then static, then stale, else dynamic). */
function fdbState(n: Neighbour): FdbEntry['state'] {
  if (n.states.includes('permanent')) return 'permanent';
  if (n.states.includes('noarp')) return 'static';
  if (n.states.includes('stale')) return 'stale';
  if (n.states.includes('reachable')) return 'dynamic';
  return n.state;
}

/** An FDB entry from a decoded neighbour of family bridge. */
export function toFdbEntry(n: Neighbour, names?: Map<number, string>): FdbEntry {
  const entry: FdbEntry = { mac: n.lladdr ?? '', ifindex: n.ifindex, state: fdbState(n), flags: n.flags };
  const dev = names?.get(n.ifindex);
  if (dev !== undefined) entry.dev = dev;
  if (n.vlan !== undefined) entry.vlan = n.vlan;
  if (n.master !== undefined) {
    entry.master = n.master;
    const masterDev = names?.get(n.master);
    if (masterDev !== undefined) entry.masterDev = masterDev;
  }
  if (n.dst !== undefined) entry.dst = n.dst;
  if (n.port !== undefined) entry.port = n.port;
  if (n.vni !== undefined) entry.vni = n.vni;
  if (n.srcVni !== undefined) entry.srcVni = n.srcVni;
  if (n.nhId !== undefined) entry.nhId = n.nhId;
  if (n.viaIfindex !== undefined) entry.viaIfindex = n.viaIfindex;
  if (n.protocol !== undefined) entry.protocol = n.protocol;
  if (n.cacheinfo !== undefined) {
    entry.used = Math.floor(n.cacheinfo.used / USER_HZ);
    entry.updated = Math.floor(n.cacheinfo.updated / USER_HZ);
  }
  return entry;
}
