import { checkListOptions, type CallOptions, type FamilyClient, type ListOptions } from '@linx/netlink-client';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { InvalidArgumentError, type InterfaceRef } from '../shared/arguments.js';
import { noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { bridgeVlanLinkMessage } from './vlan-message.js';
import { toPortVlans, vlanRequest, type BridgePortVlans, type BridgeVlanSpec } from './vlan-shape.js';

/** Which ports `list` reports. */
export interface BridgeVlanFilter {
  /** Only this port (or bridge): filtered here, as `bridge vlan show dev DEV` does. */
  dev?: InterfaceRef;
  /** Ranges as the kernel keeps them (RTEXT_FILTER_BRVLAN_COMPRESSED): vid..vidEnd; one entry per VLAN otherwise, as `bridge vlan show`. */
  ranges?: boolean;
}

const FILTER_KEYS = new Set(['dev', 'ranges']);

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
