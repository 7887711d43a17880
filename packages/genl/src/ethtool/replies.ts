import type { Attributes, AttrsValue } from '@linx/netlink-codec';
import { decodeBitset, type Bitset, type BitsetAttrs } from './bitset.js';
import type * as gen from './generated/ethtool.js';

// What ethtool's replies (and the notifications, which carry the same attributes) decode to.

/** SPEED_UNKNOWN (linux/ethtool.h, -1 as the u32 ETHTOOL_A_LINKMODES_SPEED carries it). */
const SPEED_UNKNOWN = 0xffffffff;
/** DUPLEX_HALF and DUPLEX_FULL (linux/ethtool.h) as ETHTOOL_A_LINKMODES_DUPLEX carries them; anything else (DUPLEX_UNKNOWN = 0xff) is unknown. */
export const DUPLEX_VALUES = { half: 0, full: 1 } as const;
const DUPLEX = new Map<number, 'half' | 'full'>(Object.entries(DUPLEX_VALUES).map(([name, value]) => [value, name as 'half' | 'full']));

type Header = AttrsValue<(typeof gen.headerAttrs)['attributes']>;

/** Which interface a reply is about (ETHTOOL_A_HEADER_DEV_INDEX and _DEV_NAME of its header). */
export interface EthtoolDevice {
  ifindex: number;
  ifname: string;
}

/** Strips the header off a reply's attributes and names the device instead. */
type Reply<A extends Attributes> = EthtoolDevice & Omit<AttrsValue<A>, 'header'>;

export type LinkInfo = Reply<(typeof gen.linkinfoAttrs)['attributes']>;
export type Rings = Reply<(typeof gen.ringsAttrs)['attributes']>;
export type Channels = Reply<(typeof gen.channelsAttrs)['attributes']>;
export type Coalesce = Reply<(typeof gen.coalesceAttrs)['attributes']>;


/** ETHTOOL_MSG_LINKMODES_GET: speed, duplex, autonegotiation and link modes by name (what `ethtool DEV` shows). */
export interface LinkModes extends EthtoolDevice {
  autoneg: boolean | undefined;
  /** Mb/s; undefined when the kernel does not know (SPEED_UNKNOWN: link down, or a virtual device). */
  speed: number | undefined;
  duplex: 'half' | 'full' | 'unknown' | undefined;
  lanes: number | undefined;
  /** Link modes the device supports (the mask of ETHTOOL_A_LINKMODES_OURS). */
  supported: string[];
  /** Link modes it advertises (the value of ETHTOOL_A_LINKMODES_OURS). */
  advertised: string[];
  /** Link modes the link partner advertises (ETHTOOL_A_LINKMODES_PEER). */
  peer: string[];
}

/** ETHTOOL_MSG_LINKSTATE_GET: is the link up, and signal quality and extended state where the driver says. */
export interface LinkState extends EthtoolDevice {
  link: boolean | undefined;
  sqi: number | undefined;
  sqiMax: number | undefined;
  extState: number | undefined;
  extSubstate: number | undefined;
  extDownCount: number | undefined;
}

/** ETHTOOL_MSG_FEATURES_GET: netdev features by name (what `ethtool -k DEV` shows). */
export interface Features extends EthtoolDevice {
  /** Features that are on. */
  active: string[];
  /** Features asked for (may differ from active when a dependency is off). */
  wanted: string[];
  /** Features that can be changed (not `[fixed]` in `ethtool -k`). */
  changeable: string[];
  /** Features the stack cannot change (NETIF_F_NEVER_CHANGE). */
  nochange: string[];
}

/** ETHTOOL_MSG_PAUSE_GET: flow control (`ethtool -a DEV`). */
export interface Pause extends EthtoolDevice {
  autoneg: boolean | undefined;
  rx: boolean | undefined;
  tx: boolean | undefined;
  stats: { txFrames?: bigint; rxFrames?: bigint } | undefined;
}

/** ETHTOOL_MSG_EEE_GET: Energy-Efficient Ethernet (`ethtool --show-eee DEV`). */
export interface Eee extends EthtoolDevice {
  active: boolean | undefined;
  enabled: boolean | undefined;
  txLpiEnabled: boolean | undefined;
  txLpiTimer: number | undefined;
  supported: string[];
  advertised: string[];
  peer: string[];
}

/** One group of standard statistics (ETHTOOL_A_STATS_GRP): counters by their names in the group's string set. */
export interface StatsGroup {
  /** The group, by its name in ETH_SS_STATS_STD (`eth-phy`, `eth-mac`, `eth-ctrl`, `rmon`, …). */
  group: string;
  counters: Record<string, bigint>;
}

export interface Stats extends EthtoolDevice {
  groups: StatsGroup[];
}

export const bool = (v: number | undefined): boolean | undefined => (v === undefined ? undefined : v !== 0);

export function deviceOf(header: Header | undefined): EthtoolDevice {
  return { ifindex: header?.devIndex ?? 0, ifname: header?.devName ?? '' };
}

export function withoutHeader<V extends { header?: unknown }>(attrs: V): EthtoolDevice & Omit<V, 'header'> {
  const { header, ...rest } = attrs;
  return { ...deviceOf(header as Header | undefined), ...rest };
}

const emptyBitset: Bitset = { size: 0, value: [], mask: undefined };
export const bits = (set: BitsetAttrs | undefined, names?: readonly string[]): Bitset => (set === undefined ? emptyBitset : decodeBitset(set, names));

/** ETHTOOL_A_LINKMODES_*: link modes named (by the kernel in a verbose bitset, else through `names`, the link-modes string set). */
export function decodeLinkModes(a: AttrsValue<(typeof gen.linkmodesAttrs)['attributes']>, names?: readonly string[]): LinkModes {
  const ours = bits(a.ours, names);
  return {
    ...deviceOf(a.header),
    autoneg: bool(a.autoneg),
    speed: a.speed === undefined || a.speed === SPEED_UNKNOWN ? undefined : a.speed,
    duplex: a.duplex === undefined ? undefined : (DUPLEX.get(a.duplex) ?? 'unknown'),
    lanes: a.lanes,
    supported: ours.mask ?? [],
    advertised: ours.value,
    peer: bits(a.peer, names).value,
  };
}

export function decodeLinkState(a: AttrsValue<(typeof gen.linkstateAttrs)['attributes']>): LinkState {
  return { ...deviceOf(a.header), link: bool(a.link), sqi: a.sqi, sqiMax: a.sqiMax, extState: a.extState, extSubstate: a.extSubstate, extDownCount: a.extDownCnt };
}

/** ETHTOOL_A_FEATURES_*: `names` is the features string set, for compact bitsets. */
export function decodeFeatures(a: AttrsValue<(typeof gen.featuresAttrs)['attributes']>, names?: readonly string[]): Features {
  return { ...deviceOf(a.header), active: bits(a.active, names).value, wanted: bits(a.wanted, names).value, changeable: bits(a.hw, names).value, nochange: bits(a.nochange, names).value };
}

/** ETHTOOL_MSG_TSINFO_GET: timestamping capabilities (SOF_TIMESTAMPING_* names), hardware Tx types and Rx filters. */
export interface TsInfo extends EthtoolDevice {
  timestamping: string[];
  txTypes: string[];
  rxFilters: string[];
  /** The PTP hardware clock's index (/dev/ptpN); undefined when there is none. */
  phcIndex: number | undefined;
}

export function decodeTsInfo(a: AttrsValue<(typeof gen.tsinfoAttrs)['attributes']>): TsInfo {
  return { ...deviceOf(a.header), timestamping: bits(a.timestamping).value, txTypes: bits(a.txTypes).value, rxFilters: bits(a.rxFilters).value, phcIndex: a.phcIndex };
}
