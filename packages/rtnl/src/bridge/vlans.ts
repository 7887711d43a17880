import { checkListOptions, type CallOptions, type FamilyClient, type ListOptions } from '@linx/netlink-client';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { InvalidArgumentError, type InterfaceRef } from '../shared/arguments.js';
import { noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import { vlandbDumpMessage, vlandbMessage } from '../generated/rt-vlan.js';
import { ADDRESS_FAMILIES } from '../shared/names.js';
import { interfaceNamesForList } from '../shared/ifname-cache.js';
import { bridgeVlanLinkMessage } from './vlan-message.js';
import { toPortVlans, vlanRequest, type BridgePortVlans, type BridgeVlanSpec } from './vlan-shape.js';
import { toVlanDbObjects, type BridgeVlanDbObjects, type BridgeVlanEntry, type BridgeVlanGlobalOptions } from './vlan-db-shape.js';

/** Which ports `list` reports. */
export interface BridgeVlanFilter {
  /** Only this port (or bridge): filtered here, as `bridge vlan show dev DEV` does. */
  dev?: InterfaceRef;
  /** Ranges as the kernel keeps them (RTEXT_FILTER_BRVLAN_COMPRESSED): vid..vidEnd; one entry per VLAN otherwise, as `bridge vlan show`. */
  ranges?: boolean;
}

const FILTER_KEYS = new Set(['dev', 'ranges']);

/** Which VLAN database entries `entries` and `globalOptions` report. */
export interface BridgeVlanDbFilter {
  /** Only this port or bridge: filtered here, as `bridge -d vlan show dev DEV` does (it dumps every device). */
  dev?: InterfaceRef;
  /** `entries`: per-VLAN counters too (BRIDGE_VLANDB_DUMPF_STATS, `bridge -s -d vlan show`). */
  stats?: boolean;
  /** Look up interface names (`dev`): one link dump per call. Default true. */
  names?: boolean;
}

const DB_FILTER_KEYS = new Set(['dev', 'stats', 'names']);
const { getvlan: RTM_GETVLAN } = vlandbDumpMessage.types;
const { newvlan: RTM_NEWVLAN } = vlandbMessage.types;
const vlandbCodec = onFirstUse(() => compileMessage(vlandbMessage));

/**
 * VLANs of bridge ports (`bridge vlan`): which VLANs each port carries, its PVID, which leave untagged.
 * They take effect on a bridge with VLAN filtering on (`links.add({ kind: 'bridge', vlanFiltering: true })`),
 * on kernels built with CONFIG_BRIDGE_VLAN_FILTERING (elsewhere the kernel answers EOPNOTSUPP).
 * Adding a VLAN a port has already replaces its flags, as `bridge vlan add` does.
 *
 *     await rtnl.bridge.vlans.add({ dev: 'eth1', vid: 10, pvid: true, untagged: true });
 *     await rtnl.bridge.vlans.add({ dev: 'eth1', vid: 20, vidEnd: 30 });
 *     for (const port of await rtnl.bridge.vlans.list()) console.log(port.dev, port.vlans);
 */
export class BridgeVlans {
  constructor(protected readonly client: FamilyClient) {}

  /** Every port's VLANs (`bridge vlan show`): ports without any are left out. */
  async list(filter: BridgeVlanFilter = {}, options: ListOptions = {}): Promise<DumpList<BridgePortVlans>> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
    for (const key of Object.keys(filter)) if (!FILTER_KEYS.has(key)) throw new InvalidArgumentError(`filter.${key}`, `unknown filter; expected ${[...FILTER_KEYS].join(', ')}`);
    if (filter.ranges !== undefined && typeof filter.ranges !== 'boolean') throw new InvalidArgumentError('filter.ranges', `expected a boolean, got ${typeof filter.ranges}`);
    checkListOptions(options);
    const ifindex = filter.dev === undefined ? undefined : await resolveIndex(this.client, filter.dev, 'filter.dev', options);
    const request = { header: { ifiFamily: 7 }, attrs: { extMask: [filter.ranges ? ('brvlan-compressed' as const) : ('brvlan' as const)] } };
    const messages = await this.client.dumpAll(bridgeVlanLinkMessage, 'getlink', request, options);
    const out: BridgePortVlans[] = [];
    for (const message of messages) {
      if (ifindex !== undefined && message.header.ifiIndex !== ifindex) continue;
      const port = toPortVlans(message);
      if (port) out.push(port);
    }
    return dumpList(out, messages.interrupted);
  }

  /**
   * The VLAN database (RTM_GETVLAN, `bridge -d vlan show`): each port's VLANs with their per-VLAN options,
   * STP state, tunnel id, multicast router role and, with `stats`, counters; ranges of VLANs with the same
   * options as one entry (vid..vidEnd). Kernels without CONFIG_BRIDGE_VLAN_FILTERING refuse the dump
   * (EOPNOTSUPP, a `NetlinkError`).
   */
  async entries(filter: BridgeVlanDbFilter = {}, options: ListOptions = {}): Promise<DumpList<BridgeVlanEntry>> {
    const { objects, interrupted } = await this.#dumpDb(filter, false, 'entries', options);
    return dumpList(objects.flatMap((o) => o.entries), interrupted);
  }

  /**
   * The bridges' global VLAN options (RTM_GETVLAN with BRIDGE_VLANDB_DUMPF_GLOBAL, `bridge vlan global
   * show`): per VLAN (or range), multicast snooping and its settings, the MST instance.
   */
  async globalOptions(filter: Omit<BridgeVlanDbFilter, 'stats'> = {}, options: ListOptions = {}): Promise<DumpList<BridgeVlanGlobalOptions>> {
    const { objects, interrupted } = await this.#dumpDb(filter, true, 'globalOptions', options);
    return dumpList(objects.flatMap((o) => o.globals), interrupted);
  }

  async #dumpDb(filter: BridgeVlanDbFilter, global: boolean, verb: string, options: ListOptions): Promise<{ objects: BridgeVlanDbObjects[]; interrupted: boolean }> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
    const keys = global ? new Set(['dev', 'names']) : DB_FILTER_KEYS;
    for (const key of Object.keys(filter)) if (!keys.has(key)) throw new InvalidArgumentError(`filter.${key}`, `unknown filter of ${verb}; expected ${[...keys].join(', ')}`);
    for (const key of ['stats', 'names'] as const) {
      if (filter[key] !== undefined && typeof filter[key] !== 'boolean') throw new InvalidArgumentError(`filter.${key}`, `expected a boolean, got ${typeof filter[key]}`);
    }
    checkListOptions(options);
    const ifindex = filter.dev === undefined ? undefined : await resolveIndex(this.client, filter.dev, 'filter.dev', options);
    const flags = global ? (['global'] as const) : filter.stats ? (['stats'] as const) : ([] as const);
    // As bridge sends it: the family, ifindex 0 (every device; `dev` is filtered here, as bridge does),
    // BRIDGE_VLANDB_DUMP_FLAGS always (0 for `-d vlan show`).
    const request = { header: { family: ADDRESS_FAMILIES.bridge, reserved1: 0, reserved2: 0, ifindex: 0 }, attrs: { flags: [...flags] } };
    const codec = vlandbCodec();
    let objects: DumpList<BridgeVlanDbObjects>;
    try {
      objects = await this.client.collect(
        vlandbDumpMessage,
        RTM_GETVLAN,
        request,
        { replyType: RTM_NEWVLAN, decode: (bytes, view, start, end) => toVlanDbObjects(codec.decodeAt(bytes, view, start, end)), accept: (o) => ifindex === undefined || o.ifindex === ifindex },
        options,
      );
    } catch (error) {
      throw noSuchInterface(error, filter.dev);
    }
    const named = filter.names === false ? undefined : await interfaceNamesForList(this.client, options);
    if (named) {
      for (const o of objects) {
        for (const item of [...o.entries, ...o.globals]) {
          const name = named.names.get(item.ifindex);
          if (name !== undefined) item.dev = name;
        }
      }
    }
    return { objects, interrupted: objects.interrupted || (named?.interrupted ?? false) };
  }

  /** Adds a VLAN or a range to a port, or maps it to a tunnel id (`bridge vlan add`). */
  async add(spec: BridgeVlanSpec, options: CallOptions = {}): Promise<void> {
    await this.#send('setlink', spec, options);
  }

  /** Removes a VLAN, a range or a tunnel mapping from a port (`bridge vlan del`). */
  async delete(spec: BridgeVlanSpec, options: CallOptions = {}): Promise<void> {
    await this.#send('dellink', spec, options);
  }

  async #send(type: 'setlink' | 'dellink', spec: BridgeVlanSpec, options: CallOptions): Promise<void> {
    const request = vlanRequest(spec);
    const ifindex = await resolveIndex(this.client, request.dev, 'vlan.dev', options);
    try {
      await this.client.ack(bridgeVlanLinkMessage, type, request.build(ifindex), 0, options);
    } catch (error) {
      throw noSuchInterface(error, request.dev);
    }
  }
}
