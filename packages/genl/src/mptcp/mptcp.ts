import type { AttrsInput } from '@linx/netlink-codec';
import type { CallOptions, ListOptions } from '@linx/netlink-client';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError, NLM_F_DUMP } from '@linx/netlink-wire';
import type { Genl } from '../genl.js';
import { genlMessage } from '../header.js';
import { interfaceIndex } from '../interface.js';
import { addressAttrs, checkFlags, checkId, endpointOf, type Address, type EndpointFlag, type EndpointInput, type MptcpEndpoint } from './endpoint.js';
import { MptcpEndpointNotFoundError } from './errors.js';
import { MptcpMonitor } from './monitor.js';
import * as gen from './generated/mptcp_pm.js';

/** MPTCP_PM_VER (linux/mptcp.h): the version requests carry in genlmsghdr. */
const MPTCP_PM_VER = 1;

/** The path manager's requests and replies: genlmsghdr, then MPTCP_PM_ATTR_* (the spec's `attr` set). */
const pmMessage = genlMessage('mptcp_pm', gen.attrAttrs);
type PmAttrs = { -readonly [K in keyof AttrsInput<(typeof gen.attrAttrs)['attributes']>]: AttrsInput<(typeof gen.attrAttrs)['attributes']>[K] };
type Cmd = keyof typeof gen.commandValues;

/** The path manager's limits (`ip mptcp limits show`). */
export interface MptcpLimits {
  /** Most ADD_ADDR announcements accepted per connection (`add_addr_accepted`). */
  addAddrAccepted: number;
  /** Most extra subflows per connection (`subflows`). */
  subflows: number;
}

const U32_MAX = 0xffffffff;

/**
 * The in-kernel MPTCP path manager (generic netlink family `mptcp_pm`) of a namespace: its endpoints and
 * limits, and its events. What `ip mptcp endpoint|limits|monitor` does.
 *
 *     const pm = mptcp(open({ netns: 'blue' }));
 *     await pm.addEndpoint({ address: '10.0.0.2', flags: ['subflow'], device: 'veth0' });
 *     console.log(await pm.endpoints()); // [{ id: 1, address: '10.0.0.2', flags: ['subflow'], ifindex: 2 }]
 *     await pm.setLimits({ subflows: 4, addAddrAccepted: 4 });
 */
export class Mptcp {
  constructor(readonly genl: Genl) {}

  async #request(cmd: Cmd, attrs: PmAttrs, options: CallOptions, id?: number) {
    const family = await this.genl.family(gen.family.name, options);
    try {
      return await this.genl.client.request(pmMessage, family.id, { header: { cmd: gen.commandValues[cmd], version: MPTCP_PM_VER, reserved: 0 }, attrs }, 0, options);
    } catch (error) {
      // The kernel answers EINVAL with the ext-ack "address not found" (6.x) or ENOENT for an id it does not have.
      if (id !== undefined && error instanceof NetlinkError && (error.errnoName === 'ENOENT' || (error.errnoName === 'EINVAL' && /not found/i.test(error.message)))) {
        throw new MptcpEndpointNotFoundError(id, { cause: error });
      }
      throw error;
    }
  }

  /** Every endpoint (MPTCP_PM_CMD_GET_ADDR dump; `ip mptcp endpoint show`). */
  async endpoints(options: ListOptions = {}): Promise<MptcpEndpoint[]> {
    const family = await this.genl.family(gen.family.name, options);
    const replies = await this.genl.client.dumpAll(pmMessage, family.id, { header: { cmd: gen.commandValues['get-addr'], version: MPTCP_PM_VER, reserved: 0 }, attrs: {} }, { ...options, flags: NLM_F_DUMP });
    return replies.map((r) => endpointOf(r.attrs.addr));
  }

  /** The endpoint with id `id` (`ip mptcp endpoint show id ID`); `MptcpEndpointNotFoundError` when there is none. */
  async endpoint(id: number, options: CallOptions = {}): Promise<MptcpEndpoint> {
    checkId(id);
    const [reply] = await this.#request('get-addr', { addr: { id } }, options, id);
    if (reply?.attrs.addr === undefined) throw new MptcpEndpointNotFoundError(id);
    return endpointOf(reply.attrs.addr);
  }

  /**
   * Adds an endpoint (MPTCP_PM_CMD_ADD_ADDR; `ip mptcp endpoint add`). Everything is checked before
   * anything is sent; an interface given by name is looked up first (`NoSuchInterfaceError`).
   */
  async addEndpoint(endpoint: EndpointInput, options: CallOptions = {}): Promise<void> {
    if (typeof endpoint !== 'object' || endpoint === null) throw new InvalidArgumentError('endpoint', 'expected { address, id?, port?, flags?, device? }');
    // Attributes in the order `ip mptcp endpoint add` writes them (id, flags, interface, port, address), so
    // that the requests are byte for byte the same.
    const address = addressAttrs(endpoint.address);
    const addr: Address = {};
    if (endpoint.id !== undefined) addr.id = checkId(endpoint.id);
    const flags = endpoint.flags === undefined ? [] : checkFlags(endpoint.flags);
    if (flags.length > 0) addr.flags = flags;
    let port: number | undefined;
    if (endpoint.port !== undefined) {
      if (!Number.isInteger(endpoint.port) || endpoint.port < 0 || endpoint.port > 0xffff) throw new InvalidArgumentError('port', `${JSON.stringify(endpoint.port)} is not a port (0 to 65535)`);
      port = endpoint.port;
    }
    const device = endpoint.device;
    if (typeof device === 'number' && (!Number.isInteger(device) || device < 1 || device > 0x7fffffff)) throw new InvalidArgumentError('device', `${device} is not an interface index`);
    if (device !== undefined) addr.ifIdx = typeof device === 'number' ? device : await interfaceIndex(this.genl, device, options);
    if (port !== undefined) addr.port = port;
    Object.assign(addr, address);
    await this.#request('add-addr', { addr }, options);
  }

  /**
   * Deletes endpoint `id` (MPTCP_PM_CMD_DEL_ADDR; `ip mptcp endpoint delete id ID`). Id 0 (the address
   * of a connection's first subflow) needs the address: `deleteEndpoint(0, { address })`.
   */
  async deleteEndpoint(id: number, options: CallOptions & { address?: string } = {}): Promise<void> {
    checkId(id, 'id', 0);
    if (id === 0 && options.address === undefined) throw new InvalidArgumentError('address', 'endpoint id 0 is deleted by address: deleteEndpoint(0, { address })');
    const addr = options.address === undefined ? { id } : { ...addressAttrs(options.address), id };
    await this.#request('del-addr', { addr }, options, id);
  }

  /**
   * Changes an endpoint's `backup` and `fullmesh` flags (MPTCP_PM_CMD_SET_FLAGS; `ip mptcp endpoint
   * change id ID [backup|nobackup] [fullmesh|nofullmesh]`): the flags given replace those.
   */
  async setEndpointFlags(id: number, flags: readonly EndpointFlag[], options: CallOptions = {}): Promise<void> {
    checkId(id);
    const checked = checkFlags(flags);
    const other = checked.find((f) => f !== 'backup' && f !== 'fullmesh');
    if (other !== undefined) throw new InvalidArgumentError('flags', `only backup and fullmesh can be changed, not ${other}`);
    await this.#request('set-flags', { addr: { id, flags: checked } }, options, id);
  }

  /** Deletes every endpoint (MPTCP_PM_CMD_FLUSH_ADDRS; `ip mptcp endpoint flush`). */
  async flushEndpoints(options: CallOptions = {}): Promise<void> {
    await this.#request('flush-addrs', {}, options);
  }

  /** MPTCP_PM_CMD_GET_LIMITS (`ip mptcp limits show`). */
  async limits(options: CallOptions = {}): Promise<MptcpLimits> {
    const [reply] = await this.#request('get-limits', {}, options);
    return { addAddrAccepted: reply?.attrs.rcvAddAddrs ?? 0, subflows: reply?.attrs.subflows ?? 0 };
  }

  /** MPTCP_PM_CMD_SET_LIMITS (`ip mptcp limits set [subflows N] [add_addr_accepted N]`): the limits given, the other unchanged. */
  async setLimits(limits: Partial<MptcpLimits>, options: CallOptions = {}): Promise<void> {
    const attrs: PmAttrs = {};
    for (const [name, value] of Object.entries(limits ?? {})) {
      if (value === undefined) continue;
      if (name !== 'subflows' && name !== 'addAddrAccepted') throw new InvalidArgumentError('limits', `unknown limit ${JSON.stringify(name)} (subflows, addAddrAccepted)`);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > U32_MAX) throw new InvalidArgumentError(name, `${JSON.stringify(value)} is not a u32`);
      if (name === 'subflows') attrs.subflows = value;
      else attrs.rcvAddAddrs = value;
    }
    await this.#request('set-limits', attrs, options);
  }

  /**
   * Joins the `mptcp_pm_events` group: connections created, established and closed, addresses announced
   * and removed, subflows, listeners (`ip mptcp monitor`), as typed events. Subscribed when it resolves.
   */
  async monitor(options: CallOptions = {}): Promise<MptcpMonitor> {
    const family = await this.genl.family(gen.family.name, options);
    const group = await this.genl.groupId(gen.family.name, gen.mcastGroups.mptcpPmEvents, options);
    return new MptcpMonitor(this.genl.connection.subscribe(group), family.id);
  }
}

/** The MPTCP path manager on a generic netlink handle. */
export function mptcp(genl: Genl): Mptcp {
  return new Mptcp(genl);
}
