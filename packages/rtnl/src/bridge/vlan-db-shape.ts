// The bridge VLAN database (RTM_GETVLAN dumps, RTM_NEWVLAN/DELVLAN notifications: `bridge -d vlan show`,
// `bridge vlan global show`, `bridge monitor vlan`) between the generated rt-vlan declarations (linx's own
// spec of linux/if_bridge.h's br_vlan_msg and BRIDGE_VLANDB_*) and the shapes users read.
import type { MessageValue } from '@linx/netlink-codec';
import type { AttrsValue } from '@linx/netlink-codec';
import { brVlanMsg, vlandbAttrs, vlandbGoptsAttrs, type BrState, type MdbRtrType } from '../generated/rt-vlan.js';

export type VlandbMessageValue = MessageValue<typeof brVlanMsg.fields, typeof vlandbAttrs.attributes>;

/** A port's (or a bridge's own) VLAN, or a range of VLANs with the same options, as the VLAN database holds it. */
export interface BridgeVlanEntry {
  /** The port, or the bridge itself for its own VLANs (br_vlan_msg's ifindex). */
  ifindex: number;
  /** The interface's name, when the call looked names up. */
  dev?: string;
  vid: number;
  /** The last VLAN of a range of VLANs with the same options (BRIDGE_VLANDB_ENTRY_RANGE). */
  vidEnd?: number;
  /** Untagged frames entering the port go to this VLAN (BRIDGE_VLAN_INFO_PVID). */
  pvid: boolean;
  /** Frames of this VLAN leave the port untagged (BRIDGE_VLAN_INFO_UNTAGGED). */
  untagged: boolean;
  /** The port's STP state in this VLAN (BR_STATE_*): 'forwarding', 'blocking', … */
  state?: BrState | number;
  /** The tunnel id the VLAN maps to (BRIDGE_VLANDB_TINFO_ID). */
  tunnelId?: number;
  /** Per-VLAN counters, when the dump asked for them (`bridge -s -d vlan show`). */
  stats?: { rxBytes: bigint; rxPackets: bigint; txBytes: bigint; txPackets: bigint };
  /** The port's multicast router role in this VLAN (MDB_RTR_TYPE_*). */
  mcastRouter?: MdbRtrType | number;
  /** Multicast groups joined in this VLAN, and the most it may join (Linux 6.3). */
  mcastNGroups?: number;
  mcastMaxGroups?: number;
  /** Neighbour suppression in this VLAN (Linux 6.5). */
  neighSuppress?: boolean;
}

type GlobalAttrs = AttrsValue<typeof vlandbGoptsAttrs.attributes>;

/**
 * A bridge's global options of a VLAN or a range (`bridge vlan global show`): multicast snooping and its
 * timers per VLAN, the MST instance. Besides `vid`/`vidEnd`, the generated attribute names (intervals in
 * clock ticks, as bigints).
 */
export interface BridgeVlanGlobalOptions extends Omit<GlobalAttrs, 'id' | 'range' | 'pad'> {
  /** The bridge. */
  ifindex: number;
  dev?: string;
  vid: number;
  vidEnd?: number;
}

/** What one RTM_NEWVLAN / RTM_DELVLAN message holds: VLAN entries of one port, or global options of one bridge. */
export interface BridgeVlanDbObjects {
  /** The port or bridge the message is about. */
  ifindex: number;
  entries: BridgeVlanEntry[];
  globals: BridgeVlanGlobalOptions[];
}

/** The entries and global options of a decoded RTM_NEWVLAN/DELVLAN message, named from `names` when given. */
export function toVlanDbObjects(message: VlandbMessageValue, names?: ReadonlyMap<number, string>): BridgeVlanDbObjects {
  const ifindex = message.header.ifindex;
  const dev = names?.get(ifindex);
  const entries: BridgeVlanEntry[] = [];
  for (const e of message.attrs.entry ?? []) {
    if (e.info === undefined) continue;
    const flags = e.info.flags;
    const entry: BridgeVlanEntry = { ifindex, vid: e.info.vid, pvid: flags.includes('pvid'), untagged: flags.includes('untagged') };
    if (dev !== undefined) entry.dev = dev;
    if (e.range !== undefined && e.range !== e.info.vid) entry.vidEnd = e.range;
    if (e.state !== undefined) entry.state = e.state;
    if (e.tunnelInfo?.id !== undefined) entry.tunnelId = e.tunnelInfo.id;
    if (e.stats !== undefined) {
      const s = e.stats;
      entry.stats = { rxBytes: s.rxBytes ?? 0n, rxPackets: s.rxPackets ?? 0n, txBytes: s.txBytes ?? 0n, txPackets: s.txPackets ?? 0n };
    }
    if (e.mcastRouter !== undefined) entry.mcastRouter = e.mcastRouter;
    if (e.mcastNGroups !== undefined) entry.mcastNGroups = e.mcastNGroups;
    if (e.mcastMaxGroups !== undefined) entry.mcastMaxGroups = e.mcastMaxGroups;
    if (e.neighSuppress !== undefined) entry.neighSuppress = e.neighSuppress !== 0;
    entries.push(entry);
  }
  const globals: BridgeVlanGlobalOptions[] = [];
  for (const g of message.attrs.globalOptions ?? []) {
    if (g.id === undefined) continue;
    const { id, range, pad: _pad, ...rest } = g;
    const options: BridgeVlanGlobalOptions = { ifindex, ...(dev === undefined ? {} : { dev }), vid: id, ...(range !== undefined && range !== id ? { vidEnd: range } : {}), ...rest };
    globals.push(options);
  }
  return { ifindex, entries, globals };
}
