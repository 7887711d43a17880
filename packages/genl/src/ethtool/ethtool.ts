import type { Attributes, AttrSetDecl, AttrsInput, AttrsValue } from '@linx/netlink-codec';
import type { CallOptions, ListOptions } from '@linx/netlink-client';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError, NLM_F_DUMP } from '@linx/netlink-wire';
import type { Genl } from '../genl.js';
import { genlMessage } from '../header.js';
import { bitsetChange } from './bitset.js';
import { deviceHeader, type DeviceRef } from './device.js';
import { EthtoolNoSuchDeviceError, EthtoolNotSupportedError } from './errors.js';
import * as gen from './generated/ethtool.js';
import { EthtoolMonitor } from './monitor.js';
import {
  bits, bool, DUPLEX_VALUES, decodeFeatures, decodeLinkModes, decodeLinkState, decodeTsInfo, deviceOf, withoutHeader,
  type Channels, type Coalesce, type Eee, type Features, type LinkInfo, type LinkModes, type LinkState, type Pause, type Rings, type Stats, type StatsGroup, type TsInfo,
} from './replies.js';

/** ETHTOOL_GENL_VERSION (linux/ethtool_netlink.h): the version requests carry in genlmsghdr. */
const ETHTOOL_GENL_VERSION = 1;

/** Each attribute set's genetlink message, made once (the codec compiles a declaration once per object). */
const messages = new WeakMap<AttrSetDecl, ReturnType<typeof genlMessage>>();
function messageOf<A extends Attributes>(set: AttrSetDecl<A>): ReturnType<typeof genlMessage<A>> {
  let decl = messages.get(set as AttrSetDecl);
  if (decl === undefined) {
    decl = genlMessage(set.name, set as AttrSetDecl);
    messages.set(set as AttrSetDecl, decl);
  }
  return decl as unknown as ReturnType<typeof genlMessage<A>>;
}

type Cmd = keyof typeof gen.requestCommandValues;


/** Booleans as the u8 0/1 ethtool's _SET attributes carry; anything else is refused before sending. */
function u8Flags<K extends string>(values: Partial<Record<K, boolean>>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const [name, value] of Object.entries(values) as [K, unknown][]) {
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new InvalidArgumentError(name, `expected a boolean, got ${JSON.stringify(value)}`);
    out[name] = value ? 1 : 0;
  }
  return out;
}

/** What a _SET request takes: its attribute set less the header (the kernel refuses read-only ones such as the maxima). */
type Settable<A extends Attributes> = Omit<AttrsInput<A>, 'header'>;

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
    const decl = messageOf(set);
    try {
      const [reply] = await this.genl.client.request(decl, id, { header: { cmd: gen.requestCommandValues[cmd], version: ETHTOOL_GENL_VERSION, reserved: 0 }, attrs: { header, ...extra } as AttrsInput<A> }, 0, options);
      // The kernel answers a _GET with one reply; an answer without one is taken as the device not being there.
      if (reply === undefined) throw new EthtoolNoSuchDeviceError(device);
      return reply.attrs;
    } catch (error) {
      throw this.#fail(error, cmd, device);
    }
  }

  /** A _GET dump: one reply per interface that has what is asked (drivers without the operation are left out by the kernel). */
  async #dump<A extends Attributes>(set: AttrSetDecl<A>, cmd: Cmd, extra: AttrsInput<A>, options: ListOptions): Promise<AttrsValue<A>[]> {
    const id = await this.#id(options);
    const decl = messageOf(set);
    try {
      const replies = await this.genl.client.dumpAll(decl, id, { header: { cmd: gen.requestCommandValues[cmd], version: ETHTOOL_GENL_VERSION, reserved: 0 }, attrs: { header: {}, ...extra } as AttrsInput<A> }, { ...options, flags: NLM_F_DUMP });
      return replies.map((r) => r.attrs);
    } catch (error) {
      throw this.#fail(error, cmd, undefined);
    }
  }

  /** A _SET request, answered by an ACK (FEATURES_SET also replies, unless asked not to with `omit-reply`). */
  async #set<A extends Attributes>(set: AttrSetDecl<A>, cmd: Cmd, device: DeviceRef, values: AttrsInput<A>, options: CallOptions, flags?: gen.HeaderFlags[]): Promise<void> {
    const header = flags === undefined ? deviceHeader(device) : { ...deviceHeader(device), flags };
    const id = await this.#id(options);
    const decl = messageOf(set);
    try {
      await this.genl.client.request(decl, id, { header: { cmd: gen.requestCommandValues[cmd], version: ETHTOOL_GENL_VERSION, reserved: 0 }, attrs: { ...values, header } as AttrsInput<A> }, 0, options);
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
    if (id === undefined || !Number.isInteger(id) || id < 0) throw new InvalidArgumentError('set', `${JSON.stringify(set)} is not a string set (a name of stringsetValues or an id)`);
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
    const decl = messageOf(gen.strsetAttrs);
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

  async linkInfoAll(options: ListOptions = {}): Promise<LinkInfo[]> {
    return (await this.#dump(gen.linkinfoAttrs, 'linkinfo-get', {}, options)).map(withoutHeader);
  }


  /** ETHTOOL_MSG_LINKMODES_GET: speed, duplex, autonegotiation, supported/advertised/peer link modes. */
  async linkModes(device: DeviceRef, options: CallOptions = {}): Promise<LinkModes> {
    return decodeLinkModes(await this.#get(gen.linkmodesAttrs, 'linkmodes-get', device, {}, options));
  }

  async linkModesAll(options: ListOptions = {}): Promise<LinkModes[]> {
    return (await this.#dump(gen.linkmodesAttrs, 'linkmodes-get', {}, options)).map((a) => decodeLinkModes(a));
  }


  /**
   * ETHTOOL_MSG_LINKMODES_SET (`ethtool -s DEV speed N duplex D autoneg on|off advertise …`): the given
   * settings only. `advertise` replaces the advertised link modes with the named ones (kernel names such as
   * `1000baseT/Full`; see `strings('link-modes')`).
   */
  async setLinkModes(device: DeviceRef, values: { autoneg?: boolean; speed?: number; duplex?: 'half' | 'full'; lanes?: number; advertise?: readonly string[] }, options: CallOptions = {}): Promise<void> {
    const { autoneg, speed, duplex, lanes, advertise } = values;
    for (const [name, n] of [['speed', speed], ['lanes', lanes]] as const) {
      if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > 0xffffffff)) throw new InvalidArgumentError(name, `${n} is not a u32`);
    }
    if (duplex !== undefined && duplex !== 'half' && duplex !== 'full') throw new InvalidArgumentError('duplex', `${JSON.stringify(duplex)} is not 'half' or 'full'`);
    if (advertise !== undefined && (!Array.isArray(advertise) || advertise.some((m) => typeof m !== 'string' || m.length === 0))) throw new InvalidArgumentError('advertise', 'expected a list of link mode names');
    await this.#set(
      gen.linkmodesAttrs,
      'linkmodes-set',
      device,
      {
        ...(speed === undefined ? {} : { speed }),
        ...(duplex === undefined ? {} : { duplex: DUPLEX_VALUES[duplex] }),
        ...u8Flags({ autoneg }),
        ...(lanes === undefined ? {} : { lanes }),
        ...(advertise === undefined ? {} : { ours: { nomask: true, bits: { bit: advertise.map((name) => ({ name, value: true })) } } }),
      },
      options,
    );
  }

  /** ETHTOOL_MSG_LINKSTATE_GET: `link: true` when the link is up ("Link detected" of `ethtool DEV`). */
  async linkState(device: DeviceRef, options: CallOptions = {}): Promise<LinkState> {
    return decodeLinkState(await this.#get(gen.linkstateAttrs, 'linkstate-get', device, {}, options));
  }

  async linkStateAll(options: ListOptions = {}): Promise<LinkState[]> {
    return (await this.#dump(gen.linkstateAttrs, 'linkstate-get', {}, options)).map(decodeLinkState);
  }

  // ---- features


  /**
   * ETHTOOL_MSG_FEATURES_GET: the features that are on, wanted, changeable and never changed, by name.
   * `compact: true` asks for compact bitsets (ETHTOOL_FLAG_COMPACT_BITSETS, what `ethtool -k` asks: smaller
   * replies) and names their bits through the `features` string set, fetched once per handle.
   */
  async features(device: DeviceRef, options: CallOptions & { compact?: boolean } = {}): Promise<Features> {
    if (options.compact !== true) return decodeFeatures(await this.#get(gen.featuresAttrs, 'features-get', device, {}, options));
    const names = await this.strings('features', options);
    return decodeFeatures(await this.#get(gen.featuresAttrs, 'features-get', device, {}, options, ['compact-bitsets']), names);
  }

  async featuresAll(options: ListOptions = {}): Promise<Features[]> {
    return (await this.#dump(gen.featuresAttrs, 'features-get', {}, options)).map((a) => decodeFeatures(a));
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
    await this.#set(gen.featuresAttrs, 'features-set', device, { wanted: bitsetChange(new Map(entries)) }, options, ['omit-reply']);
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

  /** ETHTOOL_MSG_PAUSE_SET (`ethtool -A`): e.g. `{ autoneg: false, rx: true, tx: true }`. */
  async setPause(device: DeviceRef, values: { autoneg?: boolean; rx?: boolean; tx?: boolean }, options: CallOptions = {}): Promise<void> {
    await this.#set(gen.pauseAttrs, 'pause-set', device, u8Flags(values), options);
  }

  /** ETHTOOL_MSG_EEE_SET (`ethtool --set-eee`): `enabled`, `txLpiEnabled`, `txLpiTimer` (µs). */
  async setEee(device: DeviceRef, values: { enabled?: boolean; txLpiEnabled?: boolean; txLpiTimer?: number }, options: CallOptions = {}): Promise<void> {
    const { txLpiTimer, ...flags } = values;
    await this.#set(gen.eeeAttrs, 'eee-set', device, { ...u8Flags(flags), ...(txLpiTimer === undefined ? {} : { txLpiTimer }) }, options);
  }

  /** ETHTOOL_MSG_TSINFO_GET (`ethtool -T`): timestamping capabilities, hardware Tx types and Rx filters by name, the PTP clock. */
  async tsInfo(device: DeviceRef, options: CallOptions = {}): Promise<TsInfo> {
    return decodeTsInfo(await this.#get(gen.tsinfoAttrs, 'tsinfo-get', device, {}, options));
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

/** The ethtool family on a generic netlink handle. */
export function ethtool(genl: Genl): Ethtool {
  return new Ethtool(genl);
}
