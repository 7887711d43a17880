import type { Attributes, AttrSetDecl, AttrsInput, AttrsValue } from '@linx/netlink-codec';
import type { CallOptions, ListOptions } from '@linx/netlink-client';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError, NLM_F_DUMP } from '@linx/netlink-wire';
import type { Genl } from '../genl.js';
import { genlMessage } from '../header.js';
import { bitsetChange, decodeBitset, type Bitset, type BitsetAttrs } from './bitset.js';
import { deviceHeader, type DeviceRef } from './device.js';
import { EthtoolNoSuchDeviceError, EthtoolNotSupportedError } from './errors.js';
import * as gen from './generated/ethtool.js';
import { EthtoolMonitor } from './monitor.js';

/** ETHTOOL_GENL_VERSION (linux/ethtool_netlink.h): the version requests carry in genlmsghdr. */
const ETHTOOL_GENL_VERSION = 1;
/** SPEED_UNKNOWN (linux/ethtool.h, -1 as the u32 ETHTOOL_A_LINKMODES_SPEED carries it). */
const SPEED_UNKNOWN = 0xffffffff;
/** DUPLEX_HALF, DUPLEX_FULL (linux/ethtool.h); anything else (DUPLEX_UNKNOWN = 0xff) is unknown. */
const DUPLEX = { 0: 'half', 1: 'full' } as Record<number, 'half' | 'full'>;

type Cmd = keyof typeof gen.requestCommandValues;
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

/** Settable values of a _SET request: the attributes less the header (and the read-only maxima the kernel rejects). */
type Settable<A extends Attributes> = Omit<AttrsInput<A>, 'header'>;

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

const bool = (v: number | undefined): boolean | undefined => (v === undefined ? undefined : v !== 0);

function deviceOf(header: Header | undefined): EthtoolDevice {
  return { ifindex: header?.devIndex ?? 0, ifname: header?.devName ?? '' };
}

function withoutHeader<V extends { header?: unknown }>(attrs: V): EthtoolDevice & Omit<V, 'header'> {
  const { header, ...rest } = attrs;
  return { ...deviceOf(header as Header | undefined), ...rest };
}

const emptyBitset: Bitset = { size: 0, value: [], mask: undefined };
const bits = (set: BitsetAttrs | undefined, names?: readonly string[]): Bitset => (set === undefined ? emptyBitset : decodeBitset(set, names));

/**
 * The ethtool generic netlink family on a `Genl` handle: link settings, features, rings, channels,
 * coalescing, pause, EEE and standard statistics, per interface (by name or index) or dumped over all of
 * them. Bitsets are asked for in their verbose form, so names come back as the kernel spells them.
 *
 *     const eth = ethtool(open({ netns: 'blue' }));
 *     console.log(await eth.features('veth0'));        // { active: ['rx-checksum', …], changeable: […], … }
 *     await eth.setFeatures('veth0', { 'tx-checksum-ip-generic': false });
 */
export class Ethtool {
  readonly #strings = new Map<number, Promise<string[]>>();

  constructor(readonly genl: Genl) {}

  async #id(options: CallOptions): Promise<number> {
    return (await this.genl.family(gen.family.name, options)).id;
  }

  #fail(error: unknown, cmd: Cmd, device: DeviceRef | undefined): unknown {
    if (error instanceof NetlinkError) {
      if (error.errnoName === 'EOPNOTSUPP') return new EthtoolNotSupportedError(cmd, device, { cause: error });
      if (error.errnoName === 'ENODEV' && device !== undefined) return new EthtoolNoSuchDeviceError(device, { cause: error });
    }
    return error;
  }

  /** One _GET request for a device: its reply's attributes. */
  async #get<A extends Attributes>(set: AttrSetDecl<A>, cmd: Cmd, device: DeviceRef, extra: AttrsInput<A>, options: CallOptions, flags?: gen.HeaderFlags[]): Promise<AttrsValue<A>> {
    const header = flags === undefined ? deviceHeader(device) : { ...deviceHeader(device), flags };
    const id = await this.#id(options);
    const decl = genlMessage(set.name, set);
    try {
      const [reply] = await this.genl.client.request(decl, id, { header: { cmd: gen.requestCommandValues[cmd], version: ETHTOOL_GENL_VERSION, reserved: 0 }, attrs: { header, ...extra } as AttrsInput<A> }, 0, options);
      if (reply === undefined) throw new EthtoolNoSuchDeviceError(device);
      return reply.attrs;
    } catch (error) {
      throw this.#fail(error, cmd, device);
    }
  }

  /** A _GET dump: one reply per interface that has what is asked (drivers without the operation are left out by the kernel). */
  async #dump<A extends Attributes>(set: AttrSetDecl<A>, cmd: Cmd, extra: AttrsInput<A>, options: ListOptions): Promise<AttrsValue<A>[]> {
    const id = await this.#id(options);
    const decl = genlMessage(set.name, set);
    try {
      const replies = await this.genl.client.dumpAll(decl, id, { header: { cmd: gen.requestCommandValues[cmd], version: ETHTOOL_GENL_VERSION, reserved: 0 }, attrs: { header: {}, ...extra } as AttrsInput<A> }, { ...options, flags: NLM_F_DUMP });
      return replies.map((r) => r.attrs);
    } catch (error) {
      throw this.#fail(error, cmd, undefined);
    }
  }

  /** A _SET request (answered by an ACK, or a reply the caller does not need). */
  async #set<A extends Attributes>(set: AttrSetDecl<A>, cmd: Cmd, device: DeviceRef, values: AttrsInput<A>, options: CallOptions): Promise<void> {
    const header = deviceHeader(device);
    const id = await this.#id(options);
    const decl = genlMessage(set.name, set);
    try {
      await this.genl.client.request(decl, id, { header: { cmd: gen.requestCommandValues[cmd], version: ETHTOOL_GENL_VERSION, reserved: 0 }, attrs: { ...values, header: { ...header, flags: ['omit-reply'] } } as AttrsInput<A> }, 0, options);
    } catch (error) {
      throw this.#fail(error, cmd, device);
    }
  }

  /**
   * The names of string set `set` (ETHTOOL_MSG_STRSET_GET, global sets such as `features`, `link-modes`,
   * `stats-std`; with a device, its own sets such as `stats` or `priv-flags`). Global sets are cached.
   */
  async strings(set: gen.Stringset | number, options: CallOptions & { device?: DeviceRef } = {}): Promise<string[]> {
    const id = typeof set === 'number' ? set : gen.stringsetValues[set];
    if (options.device !== undefined) return this.#fetchStrings(id, options.device, options);
    let cached = this.#strings.get(id);
    if (cached === undefined) {
      cached = this.#fetchStrings(id, undefined, options);
      this.#strings.set(id, cached);
      cached.catch(() => this.#strings.delete(id));
    }
    return cached;
  }

  async #fetchStrings(set: number, device: DeviceRef | undefined, options: CallOptions): Promise<string[]> {
    const familyId = await this.#id(options);
    const decl = genlMessage(gen.strsetAttrs.name, gen.strsetAttrs);
    const header = device === undefined ? {} : deviceHeader(device);
    let replies;
    try {
      replies = await this.genl.client.request(decl, familyId, { header: { cmd: gen.requestCommandValues['strset-get'], version: ETHTOOL_GENL_VERSION, reserved: 0 }, attrs: { header, stringsets: { stringset: [{ id: set }] } } }, 0, options);
    } catch (error) {
      throw this.#fail(error, 'strset-get', device);
    }
    const names: string[] = [];
    for (const stringset of replies[0]?.attrs.stringsets?.stringset ?? []) {
      for (const strings of stringset.strings ?? []) for (const s of strings.string ?? []) if (s.index !== undefined) names[s.index] = s.value ?? '';
    }
    return names;
  }

  /** @internal */
  static decodeLinkModes(a: AttrsValue<(typeof gen.linkmodesAttrs)['attributes']>, names?: readonly string[]): LinkModes {
    return Ethtool.#linkModes(a, names);
  }

  /** @internal */
  static decodeFeatures(a: AttrsValue<(typeof gen.featuresAttrs)['attributes']>, names?: readonly string[]): Features {
    return Ethtool.#features(a, names);
  }

  /**
   * Joins the family's `monitor` group (ETHTOOL_MCGRP_MONITOR) and returns the notifications as typed
   * events (see `EthtoolMonitor`); subscribed when the promise resolves. The kernel sends notifications
   * with compact bitsets, so the `features` and `link-modes` string sets are fetched first to name them.
   */
  async monitor(options: CallOptions = {}): Promise<EthtoolMonitor> {
    const [group, features, linkModes] = await Promise.all([this.genl.groupId(gen.family.name, 'monitor', options), this.strings('features', options), this.strings('link-modes', options)]);
    const familyId = await this.#id(options);
    return new EthtoolMonitor(this.genl.connection.subscribe(group), familyId, { features, linkModes });
  }

  // ---- link

  /** ETHTOOL_MSG_LINKINFO_GET: port, PHY address, MDI-X, transceiver (numbers as linux/ethtool.h defines them). */
  async linkInfo(device: DeviceRef, options: CallOptions = {}): Promise<LinkInfo> {
    return withoutHeader(await this.#get(gen.linkinfoAttrs, 'linkinfo-get', device, {}, options));
  }

  async linkInfos(options: ListOptions = {}): Promise<LinkInfo[]> {
    return (await this.#dump(gen.linkinfoAttrs, 'linkinfo-get', {}, options)).map(withoutHeader);
  }

  static #linkModes(a: AttrsValue<(typeof gen.linkmodesAttrs)['attributes']>, names?: readonly string[]): LinkModes {
    const ours = bits(a.ours, names);
    return {
      ...deviceOf(a.header),
      autoneg: bool(a.autoneg),
      speed: a.speed === undefined || a.speed === SPEED_UNKNOWN ? undefined : a.speed,
      duplex: a.duplex === undefined ? undefined : (DUPLEX[a.duplex] ?? 'unknown'),
      lanes: a.lanes,
      supported: ours.mask ?? [],
      advertised: ours.value,
      peer: bits(a.peer, names).value,
    };
  }

  /** ETHTOOL_MSG_LINKMODES_GET: speed, duplex, autonegotiation, supported/advertised/peer link modes. */
  async linkModes(device: DeviceRef, options: CallOptions = {}): Promise<LinkModes> {
    return Ethtool.#linkModes(await this.#get(gen.linkmodesAttrs, 'linkmodes-get', device, {}, options));
  }

  async linkModesAll(options: ListOptions = {}): Promise<LinkModes[]> {
    return (await this.#dump(gen.linkmodesAttrs, 'linkmodes-get', {}, options)).map((a) => Ethtool.#linkModes(a));
  }

  static #linkState(a: AttrsValue<(typeof gen.linkstateAttrs)['attributes']>): LinkState {
    return { ...deviceOf(a.header), link: bool(a.link), sqi: a.sqi, sqiMax: a.sqiMax, extState: a.extState, extSubstate: a.extSubstate, extDownCount: a.extDownCnt };
  }

  /** ETHTOOL_MSG_LINKSTATE_GET: `link: true` when the link is up ("Link detected" of `ethtool DEV`). */
  async linkState(device: DeviceRef, options: CallOptions = {}): Promise<LinkState> {
    return Ethtool.#linkState(await this.#get(gen.linkstateAttrs, 'linkstate-get', device, {}, options));
  }

  async linkStates(options: ListOptions = {}): Promise<LinkState[]> {
    return (await this.#dump(gen.linkstateAttrs, 'linkstate-get', {}, options)).map(Ethtool.#linkState);
  }

  // ---- features

  static #features(a: AttrsValue<(typeof gen.featuresAttrs)['attributes']>, names?: readonly string[]): Features {
    return { ...deviceOf(a.header), active: bits(a.active, names).value, wanted: bits(a.wanted, names).value, changeable: bits(a.hw, names).value, nochange: bits(a.nochange, names).value };
  }

  /**
   * ETHTOOL_MSG_FEATURES_GET: the features that are on, wanted, changeable and never changed, by name.
   * `compact: true` asks for compact bitsets (ETHTOOL_FLAG_COMPACT_BITSETS, what `ethtool -k` asks: smaller
   * replies) and names their bits through the `features` string set, fetched once per handle.
   */
  async features(device: DeviceRef, options: CallOptions & { compact?: boolean } = {}): Promise<Features> {
    if (options.compact !== true) return Ethtool.#features(await this.#get(gen.featuresAttrs, 'features-get', device, {}, options));
    const names = await this.strings('features', options);
    return Ethtool.#features(await this.#get(gen.featuresAttrs, 'features-get', device, {}, options, ['compact-bitsets']), names);
  }

  async featuresAll(options: ListOptions = {}): Promise<Features[]> {
    return (await this.#dump(gen.featuresAttrs, 'features-get', {}, options)).map((a) => Ethtool.#features(a));
  }

  /**
   * ETHTOOL_MSG_FEATURES_SET (`ethtool -K`): turns the named features on (`true`) or off (`false`), the
   * others untouched. Names are the kernel's (`tx-checksum-ip-generic`, `generic-receive-offload`; see
   * `strings('features')`), not ethtool's short aliases (`tx`, `gro`). A feature that is not changeable is
   * left as it is by the kernel, as `ethtool -K` reports "Could not change".
   */
  async setFeatures(device: DeviceRef, changes: Readonly<Record<string, boolean>>, options: CallOptions = {}): Promise<void> {
    const entries = Object.entries(changes);
    for (const [name, on] of entries) {
      if (name.length === 0 || typeof on !== 'boolean') throw new InvalidArgumentError('changes', `${JSON.stringify(name)}: expected a feature name and a boolean`);
    }
    await this.#set(gen.featuresAttrs, 'features-set', device, { wanted: bitsetChange(new Map(entries)) }, options);
  }

  // ---- rings, channels, coalesce, pause, EEE

  /** ETHTOOL_MSG_RINGS_GET (`ethtool -g`). */
  async rings(device: DeviceRef, options: CallOptions = {}): Promise<Rings> {
    return withoutHeader(await this.#get(gen.ringsAttrs, 'rings-get', device, {}, options));
  }

  /** ETHTOOL_MSG_RINGS_SET (`ethtool -G`). */
  async setRings(device: DeviceRef, values: Settable<(typeof gen.ringsAttrs)['attributes']>, options: CallOptions = {}): Promise<void> {
    await this.#set(gen.ringsAttrs, 'rings-set', device, values, options);
  }

  /** ETHTOOL_MSG_CHANNELS_GET (`ethtool -l`). */
  async channels(device: DeviceRef, options: CallOptions = {}): Promise<Channels> {
    return withoutHeader(await this.#get(gen.channelsAttrs, 'channels-get', device, {}, options));
  }

  async channelsAll(options: ListOptions = {}): Promise<Channels[]> {
    return (await this.#dump(gen.channelsAttrs, 'channels-get', {}, options)).map(withoutHeader);
  }

  /** ETHTOOL_MSG_CHANNELS_SET (`ethtool -L`): e.g. `{ rxCount: 2, txCount: 2 }`. */
  async setChannels(device: DeviceRef, values: Settable<(typeof gen.channelsAttrs)['attributes']>, options: CallOptions = {}): Promise<void> {
    await this.#set(gen.channelsAttrs, 'channels-set', device, values, options);
  }

  /** ETHTOOL_MSG_COALESCE_GET (`ethtool -c`). */
  async coalesce(device: DeviceRef, options: CallOptions = {}): Promise<Coalesce> {
    return withoutHeader(await this.#get(gen.coalesceAttrs, 'coalesce-get', device, {}, options));
  }

  /** ETHTOOL_MSG_COALESCE_SET (`ethtool -C`). */
  async setCoalesce(device: DeviceRef, values: Settable<(typeof gen.coalesceAttrs)['attributes']>, options: CallOptions = {}): Promise<void> {
    await this.#set(gen.coalesceAttrs, 'coalesce-set', device, values, options);
  }

  /** ETHTOOL_MSG_PAUSE_GET (`ethtool -a`). */
  async pause(device: DeviceRef, options: CallOptions = {}): Promise<Pause> {
    const a = await this.#get(gen.pauseAttrs, 'pause-get', device, {}, options);
    return { ...deviceOf(a.header), autoneg: bool(a.autoneg), rx: bool(a.rx), tx: bool(a.tx), stats: a.stats === undefined ? undefined : { txFrames: a.stats.txFrames, rxFrames: a.stats.rxFrames } };
  }

  /** ETHTOOL_MSG_EEE_GET (`ethtool --show-eee`). */
  async eee(device: DeviceRef, options: CallOptions = {}): Promise<Eee> {
    const a = await this.#get(gen.eeeAttrs, 'eee-get', device, {}, options);
    const ours = bits(a.modesOurs);
    return {
      ...deviceOf(a.header),
      active: bool(a.active),
      enabled: bool(a.enabled),
      txLpiEnabled: bool(a.txLpiEnabled),
      txLpiTimer: a.txLpiTimer,
      supported: ours.mask ?? [],
      advertised: ours.value,
      peer: bits(a.modesPeer).value,
    };
  }

  // ---- statistics

  /**
   * ETHTOOL_MSG_STATS_GET (`ethtool -S DEV --all-groups`): the standard statistics groups the driver fills
   * (none for a driver without them: veth, lo and bridges have none), counters named from each group's
   * string set.
   */
  async stats(device: DeviceRef, options: CallOptions = {}): Promise<Stats> {
    const groupNames = await this.strings('stats-std', options);
    const a = await this.#get(gen.statsAttrs, 'stats-get', device, { groups: { nomask: true, bits: { bit: groupNames.map((name) => ({ name, value: true })) } } }, options);
    const groups: StatsGroup[] = [];
    for (const grp of a.grp ?? []) {
      const names = grp.ssId === undefined ? [] : await this.strings(grp.ssId, options);
      const counters: Record<string, bigint> = {};
      for (const stat of grp.stat ?? []) for (const { type, value } of stat) counters[names[type] ?? String(type)] = value;
      groups.push({ group: grp.id === undefined ? '' : (groupNames[grp.id] ?? String(grp.id)), counters });
    }
    return { ...deviceOf(a.header), groups };
  }
}

/** Reply decoders shared with the monitor (notifications carry the attributes of the _GET replies). */
export const decodeReply = {
  linkModes: (a: AttrsValue<(typeof gen.linkmodesAttrs)['attributes']>, names?: readonly string[]): LinkModes => Ethtool.decodeLinkModes(a, names),
  features: (a: AttrsValue<(typeof gen.featuresAttrs)['attributes']>, names?: readonly string[]): Features => Ethtool.decodeFeatures(a, names),
  device: deviceOf,
  withoutHeader,
};

/** The ethtool family on a generic netlink handle. */
export function ethtool(genl: Genl): Ethtool {
  return new Ethtool(genl);
}
