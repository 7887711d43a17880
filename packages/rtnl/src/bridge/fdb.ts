import { NLM_F_BULK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NetlinkError } from '@linx/netlink-wire';
import { checkListOptions, type CallOptions, type FamilyClient, type ListOptions } from '@linx/netlink-client';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { neighbourMessage } from '../generated/rt-neigh.js';
import { InvalidArgumentError, checkInteger, type InterfaceRef } from '../shared/arguments.js';
import { noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { interfaceNames, interfaceNamesForList } from '../shared/ifname-cache.js';
import { NEIGHBOUR_FLAGS, NEIGHBOUR_STATES, neighbourRequest, toNeighbour, type NeighbourFlag, type NeighbourSpec, type NeighbourState } from '../neighbour/shape.js';
import { toFdbEntry, type FdbEntry } from './fdb-shape.js';

export type { FdbEntry, FdbState } from './fdb-shape.js';

/** Which entries `list` reports (`bridge fdb show [br BRIDGE] [dev DEV] [vlan VID]`). */
export interface FdbFilter {
  /** Entries of this bridge's ports (NDA_MASTER). */
  bridge?: InterfaceRef;
  /** Entries on this port or device (ndm_ifindex). */
  dev?: InterfaceRef;
  /** Entries of this VLAN (client-side). */
  vlan?: number;
  /** Entries in this state (client-side). */
  state?: 'permanent' | 'static' | 'dynamic' | 'stale';
  /** false: no link dump to fill in `dev` and `masterDev`. */
  names?: boolean;
}

/** An FDB entry to add, replace or delete (`bridge fdb add|replace|del MAC dev DEV …`). */
export interface FdbSpec {
  mac: string;
  dev: InterfaceRef;
  /** The VLAN, 1..4094. */
  vlan?: number;
  /** The device's own table (NTF_SELF): the default when `master` is not given, as `bridge fdb`. */
  self?: boolean;
  /** The bridge's table (NTF_MASTER): what a bridge port's entries usually are. */
  master?: boolean;
  /** 'permanent' (the default, as `bridge fdb add`), 'static' (never ages), 'dynamic' (ages out). Not for delete. */
  state?: 'permanent' | 'static' | 'dynamic';
  /** NTF_EXT_LEARNED: the entry was learned outside the bridge (by a driver or a controller). */
  externLearn?: boolean;
  /** NTF_STICKY: the entry cannot move to another port. */
  sticky?: boolean;
  /** VXLAN: the remote, its UDP port, VNI, source VNI, outgoing interface index, FDB nexthop group. */
  dst?: string;
  port?: number;
  vni?: number;
  srcVni?: number;
  viaIfindex?: number;
  nhId?: number;
}

/** What `flush` deletes (`bridge fdb flush dev DEV …`, Linux 5.19): the kernel deletes them all in one request. */
export interface FdbFlushFilter {
  /** The bridge, port or device whose entries go. */
  dev: InterfaceRef;
  vlan?: number;
  /** Only entries in this state ('dynamic': neither static nor permanent). */
  state?: 'permanent' | 'static' | 'dynamic';
  /** The device's own table (the default when `master` is not given, as `bridge fdb flush`), or the bridge's. */
  self?: boolean;
  master?: boolean;
  /** true: only entries with the flag; false: only entries without it. */
  externLearn?: boolean;
  sticky?: boolean;
  offloaded?: boolean;
}

/** Which entry `get` looks up (`bridge fdb get MAC [dev DEV] [br BRIDGE] [vlan VID] [self|master]`). */
export interface FdbKey {
  mac: string;
  /** The port or device whose table holds it (with `self` its own, with `master` its bridge's). */
  dev?: InterfaceRef;
  /** Or the bridge, to look in its table. */
  bridge?: InterfaceRef;
  vlan?: number;
  self?: boolean;
  master?: boolean;
  /** false: no link dump to fill in `dev` and `masterDev`. */
  names?: boolean;
}

const FILTER_KEYS = new Set(['bridge', 'dev', 'vlan', 'state', 'names']);
const KEY_KEYS = new Set(['mac', 'dev', 'bridge', 'vlan', 'self', 'master', 'names']);
const SPEC_KEYS = new Set(['mac', 'dev', 'vlan', 'self', 'master', 'state', 'externLearn', 'sticky', 'dst', 'port', 'vni', 'srcVni', 'viaIfindex', 'nhId']);
const FLUSH_KEYS = new Set(['dev', 'vlan', 'state', 'self', 'master', 'externLearn', 'sticky', 'offloaded']);
/** ETH_ALEN bytes: the bridge keys its table by Ethernet addresses. */
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;
const FDB_STATES = ['permanent', 'static', 'dynamic', 'stale'] as const;

/** The neighbour states `bridge fdb` sends for each keyword (fdb_modify in iproute2's bridge/fdb.c). */
const STATE_BITS: Record<NonNullable<FdbSpec['state']>, NeighbourState[]> = {
  permanent: ['noarp', 'permanent'],
  static: ['noarp', 'reachable'],
  dynamic: ['reachable'],
};

function checkKeys(value: unknown, keys: Set<string>, argument: string, what: string): void {
  if (value === null || typeof value !== 'object') throw new InvalidArgumentError(argument, `expected ${what}, got ${value === null ? 'null' : typeof value}`);
  for (const key of Object.keys(value)) if (!keys.has(key)) throw new InvalidArgumentError(`${argument}.${key}`, `unknown option; expected ${[...keys].join(', ')}`);
}

function checkBoolean(value: unknown, argument: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw new InvalidArgumentError(argument, `expected a boolean, got ${typeof value}`);
  return value;
}

function checkState<S extends string>(value: unknown, allowed: readonly S[], argument: string): S | undefined {
  if (value !== undefined && !allowed.includes(value as S)) throw new InvalidArgumentError(argument, `unknown state ${JSON.stringify(value)}; expected ${allowed.join(', ')}`);
  return value as S | undefined;
}

/** The neighbour spec an FDB spec is: the same request `bridge fdb` sends. */
function neighbourSpec(spec: FdbSpec, purpose: 'create' | 'delete'): NeighbourSpec {
  checkKeys(spec, SPEC_KEYS, 'entry', 'an FDB entry object');
  if (typeof spec.mac !== 'string' || !MAC.test(spec.mac)) throw new InvalidArgumentError('entry.mac', `an FDB entry needs a 6-byte MAC address (aa:bb:cc:dd:ee:ff), got ${JSON.stringify(spec.mac)}`);
  if (typeof spec.dev !== 'string' && typeof spec.dev !== 'number') throw new InvalidArgumentError('entry.dev', 'an FDB entry is on a port or device: give its name or index');
  const state = checkState(spec.state, ['permanent', 'static', 'dynamic'], 'entry.state');
  if (purpose === 'delete' && state !== undefined) throw new InvalidArgumentError('entry.state', 'an entry is deleted by its MAC, device and VLAN, not its state');
  const flags: NeighbourFlag[] = [];
  if (checkBoolean(spec.self, 'entry.self')) flags.push('self');
  if (checkBoolean(spec.master, 'entry.master')) flags.push('master');
  if (flags.length === 0) flags.push('self');
  if (checkBoolean(spec.externLearn, 'entry.externLearn')) flags.push('extern-learn');
  if (checkBoolean(spec.sticky, 'entry.sticky')) flags.push('sticky');
  const out: NeighbourSpec = { family: 'bridge', interface: spec.dev, lladdr: spec.mac, flags };
  if (state !== undefined) out.state = STATE_BITS[state];
  for (const key of ['vlan', 'dst', 'port', 'vni', 'srcVni', 'viaIfindex', 'nhId'] as const) {
    if (spec[key] !== undefined) (out as Record<string, unknown>)[key] = spec[key];
  }
  return out;
}

/**
 * The bridge forwarding database (`bridge fdb`): which MAC addresses (per VLAN) are reached through which
 * port, in the bridge's table (`master`) or a device's own (`self`). The same entries are neighbours of
 * family 'bridge' for `rtnl.neighbours`; here they have `bridge fdb`'s names and defaults.
 *
 *     await rtnl.bridge.fdb.add({ mac: '02:00:00:00:00:01', dev: 'eth1', master: true, state: 'static' });
 *     for (const e of await rtnl.bridge.fdb.list({ bridge: 'br0' })) console.log(e.mac, e.dev, e.vlan, e.state);
 *     await rtnl.bridge.fdb.flush({ dev: 'br0', state: 'dynamic' });
 */
export class BridgeFdb {
  constructor(protected readonly client: FamilyClient) {}

  /** The entries the filter takes (`bridge fdb show`), in the kernel's order. */
  async list(filter: FdbFilter = {}, options: ListOptions = {}): Promise<DumpList<FdbEntry>> {
    checkKeys(filter, FILTER_KEYS, 'filter', 'a filter object');
    checkListOptions(options);
    const vlan = filter.vlan === undefined ? undefined : checkInteger(filter.vlan, 'filter.vlan', 1, 4094);
    const state = checkState(filter.state, FDB_STATES, 'filter.state');
    const names = checkBoolean(filter.names, 'filter.names') ?? true;
    const dev = filter.dev === undefined ? undefined : await resolveIndex(this.client, filter.dev, 'filter.dev', options);
    const bridge = filter.bridge === undefined ? undefined : await resolveIndex(this.client, filter.bridge, 'filter.bridge', options);
    const request = { header: { ndmFamily: 7, ndmIfindex: dev ?? 0 }, attrs: bridge === undefined ? {} : { master: bridge } };
    let messages;
    try {
      messages = await this.client.dumpAll(neighbourMessage, 'getneigh', request, options);
    } catch (error) {
      throw noSuchInterface(error, filter.dev ?? filter.bridge);
    }
    const named = names ? await interfaceNamesForList(this.client, options) : undefined;
    const out: FdbEntry[] = [];
    for (const message of messages) {
      const entry = toFdbEntry(toNeighbour(message), named?.names);
      // The kernel filters by port and bridge (strict dump checking, which the connection turns on); a
      // port's own entries (self) come without NDA_MASTER, so the bridge filter is the kernel's alone.
      if (dev !== undefined && entry.ifindex !== dev) continue;
      if (vlan !== undefined && entry.vlan !== vlan) continue;
      if (state !== undefined && entry.state !== state) continue;
      out.push(entry);
    }
    return dumpList(out, messages.interrupted || (named?.interrupted ?? false));
  }

  /**
   * One entry, asked of the kernel directly (`bridge fdb get`, Linux 5.2): by MAC (and VLAN) in a bridge's
   * table, or a port's or device's. Undefined when there is none.
   */
  async get(key: FdbKey, options: CallOptions = {}): Promise<FdbEntry | undefined> {
    checkKeys(key, KEY_KEYS, 'key', 'an FDB key object');
    if (typeof key.mac !== 'string' || !MAC.test(key.mac)) throw new InvalidArgumentError('key.mac', `expected a 6-byte MAC address (aa:bb:cc:dd:ee:ff), got ${JSON.stringify(key.mac)}`);
    if (key.dev === undefined && key.bridge === undefined) throw new InvalidArgumentError('key.dev', 'a lookup needs the port or device (dev) or the bridge (bridge)');
    const vlan = key.vlan === undefined ? undefined : checkInteger(key.vlan, 'key.vlan', 1, 4094);
    let ndmFlags = 0;
    if (checkBoolean(key.self, 'key.self')) ndmFlags |= NEIGHBOUR_FLAGS.self;
    if (checkBoolean(key.master, 'key.master')) ndmFlags |= NEIGHBOUR_FLAGS.master;
    const names = checkBoolean(key.names, 'key.names') ?? true;
    const dev = key.dev === undefined ? 0 : await resolveIndex(this.client, key.dev, 'key.dev', options);
    const bridge = key.bridge === undefined ? undefined : await resolveIndex(this.client, key.bridge, 'key.bridge', options);
    const attrs: { lladdr: string; vlan?: number; master?: number } = { lladdr: key.mac };
    if (vlan !== undefined) attrs.vlan = vlan;
    if (bridge !== undefined) attrs.master = bridge;
    const request = { header: { ndmFamily: 7, ndmIfindex: dev, ndmState: 0, ndmFlags, ndmType: 0 }, attrs };
    let reply;
    try {
      [reply] = await this.client.request(neighbourMessage, 'getneigh', request, 0, { ...options, ack: false });
    } catch (error) {
      if (error instanceof NetlinkError && error.errnoName === 'ENOENT') return undefined;
      throw noSuchInterface(error, key.dev ?? key.bridge);
    }
    if (reply === undefined) return undefined;
    return toFdbEntry(toNeighbour(reply), names ? await interfaceNames(this.client, options) : undefined);
  }

  /** Adds an entry (`bridge fdb add`); EEXIST if there is one. */
  async add(entry: FdbSpec, options: CallOptions = {}): Promise<void> {
    await this.#send('newneigh', neighbourSpec(entry, 'create'), NLM_F_CREATE | NLM_F_EXCL, options);
  }

  /** Adds an entry or replaces the one with its MAC and VLAN (`bridge fdb replace`): moves it to `dev`. */
  async replace(entry: FdbSpec, options: CallOptions = {}): Promise<void> {
    await this.#send('newneigh', neighbourSpec(entry, 'create'), NLM_F_CREATE | NLM_F_REPLACE, options);
  }

  /** Deletes the entry with this MAC, device and VLAN (`bridge fdb del`); a listed entry can be passed back. */
  async delete(entry: FdbSpec | FdbEntry, options: CallOptions = {}): Promise<void> {
    const spec: FdbSpec = 'ifindex' in entry ? fromListed(entry) : entry;
    await this.#send('delneigh', neighbourSpec(spec, 'delete'), 0, options);
  }

  /**
   * Deletes every entry the filter takes in one request (`bridge fdb flush`; NLM_F_BULK, Linux 5.19: the
   * bridge supports it, most other devices answer EOPNOTSUPP). The kernel does not say how many went.
   */
  async flush(filter: FdbFlushFilter, options: CallOptions = {}): Promise<void> {
    checkKeys(filter, FLUSH_KEYS, 'filter', 'a flush filter object');
    if (typeof filter.dev !== 'string' && typeof filter.dev !== 'number') throw new InvalidArgumentError('filter.dev', 'a flush needs the bridge, port or device: give its name or index');
    const state = checkState(filter.state, ['permanent', 'static', 'dynamic'] as const, 'filter.state');
    let ndmFlags = 0;
    let flagsMask = 0;
    if (checkBoolean(filter.self, 'filter.self')) ndmFlags |= NEIGHBOUR_FLAGS.self;
    if (checkBoolean(filter.master, 'filter.master')) ndmFlags |= NEIGHBOUR_FLAGS.master;
    if (ndmFlags === 0) ndmFlags = NEIGHBOUR_FLAGS.self;
    for (const [key, bit] of [['externLearn', NEIGHBOUR_FLAGS['extern-learn']], ['sticky', NEIGHBOUR_FLAGS.sticky], ['offloaded', NEIGHBOUR_FLAGS.offloaded]] as const) {
      const wanted = checkBoolean(filter[key], `filter.${key}`);
      if (wanted === undefined) continue;
      flagsMask |= bit;
      if (wanted) ndmFlags |= bit;
    }
    // As `bridge fdb flush` (fdb_flush in iproute2's bridge/fdb.c): static is NOARP without PERMANENT, dynamic neither.
    const { noarp, permanent } = NEIGHBOUR_STATES;
    const [ndmState, stateMask] = state === 'permanent' ? [permanent, permanent] : state === 'static' ? [noarp, noarp | permanent] : state === 'dynamic' ? [0, noarp | permanent] : [0, 0];
    const attrs: { vlan?: number; ndmStateMask?: number; ndmFlagsMask?: number } = {};
    if (filter.vlan !== undefined) attrs.vlan = checkInteger(filter.vlan, 'filter.vlan', 1, 4094);
    if (stateMask !== 0) attrs.ndmStateMask = stateMask;
    if (flagsMask !== 0) attrs.ndmFlagsMask = flagsMask;
    const ifindex = await resolveIndex(this.client, filter.dev, 'filter.dev', options);
    const request = { header: { ndmFamily: 7, ndmIfindex: ifindex, ndmState, ndmFlags, ndmType: 0 }, attrs };
    try {
      await this.client.ack(neighbourMessage, 'delneigh', request, NLM_F_BULK, options);
    } catch (error) {
      throw noSuchInterface(error, filter.dev);
    }
  }

  async #send(type: 'newneigh' | 'delneigh', spec: NeighbourSpec, flags: number, options: CallOptions): Promise<void> {
    const parts = neighbourRequest(spec, type === 'newneigh' ? 'create' : 'delete', 'entry');
    const ifindex = await resolveIndex(this.client, parts.interface, 'entry.dev', options);
    try {
      await this.client.ack(neighbourMessage, type, parts.build(ifindex), flags, options);
    } catch (error) {
      throw noSuchInterface(error, parts.interface);
    }
  }
}

/** The key of a listed entry: its MAC, device, VLAN and table (self or master). */
function fromListed(entry: FdbEntry): FdbSpec {
  const spec: FdbSpec = { mac: entry.mac, dev: entry.ifindex };
  if (entry.vlan !== undefined) spec.vlan = entry.vlan;
  // The bridge reports its entries with NDA_MASTER and without NTF_MASTER; a device's own carry NTF_SELF.
  if (entry.flags.includes('self')) spec.self = true;
  if (entry.flags.includes('master') || (entry.master !== undefined && !entry.flags.includes('self'))) spec.master = true;
  return spec;
}
