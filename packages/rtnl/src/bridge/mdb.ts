import { NLM_F_BULK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '@linx/netlink-wire';
import { checkListOptions, type CallOptions, type FamilyClient, type ListOptions } from '@linx/netlink-client';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { setMessage } from '../generated/rt-mdb.js';
import { InvalidArgumentError, checkInteger, type InterfaceRef } from '../shared/arguments.js';
import { ROUTE_PROTOCOLS, numberOf, type RouteProtocol } from '../shared/names.js';
import { checkVid } from './vlan-shape.js';
import { noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { interfaceNamesForList } from '../shared/ifname-cache.js';
import { mdbRequest, mdbShapedMessage, toMdbEntries, type MdbEntry, type MdbSpec } from './mdb-shape.js';

export type { MdbEntry, MdbSource, MdbSpec } from './mdb-shape.js';

/** Which entries `list` reports (`bridge mdb show [dev BRIDGE]`). */
export interface MdbFilter {
  /** Only this bridge's entries (filtered here, as `bridge mdb show dev` does). */
  dev?: InterfaceRef;
  /** Only entries of this port. */
  port?: InterfaceRef;
  /** false: no link dump to fill in `dev` and `portDev`. */
  names?: boolean;
}

/** What `flush` deletes (`bridge mdb flush`, Linux 6.8): one bulk delete in the kernel. */
export interface MdbFlushFilter {
  /** The bridge. */
  dev: InterfaceRef;
  /** Only this port's entries. */
  port?: InterfaceRef;
  /** Only entries of this VLAN. */
  vid?: number;
  /** Only permanent or only temporary entries. */
  state?: 'permanent' | 'temp';
  /** Only entries installed by this protocol ('static' for added ones, 'kernel' for learned ones). */
  protocol?: RouteProtocol | number;
}

const FILTER_KEYS = new Set(['dev', 'port', 'names']);
const FLUSH_KEYS = new Set(['dev', 'port', 'vid', 'state', 'protocol']);
/** MDB_PERMANENT: the one bit of br_mdb_entry.state, and so of MDBE_ATTR_STATE_MASK. */
const MDB_PERMANENT = 1;

/**
 * The bridge multicast database (`bridge mdb`): which ports of a bridge receive which multicast groups
 * (IGMP/MLD snooping learns them; these add and remove them by hand). Needs multicast snooping on the
 * bridge (`mcastSnooping`, on by default).
 *
 *     await rtnl.bridge.mdb.add({ dev: 'br0', port: 'eth1', group: '239.1.1.1', state: 'permanent' });
 *     for (const e of await rtnl.bridge.mdb.list({ dev: 'br0' })) console.log(e.portDev, e.group, e.state);
 */
export class BridgeMdb {
  constructor(protected readonly client: FamilyClient) {}

  /** Every entry (`bridge mdb show`), bridge by bridge as the kernel sends them. */
  async list(filter: MdbFilter = {}, options: ListOptions = {}): Promise<DumpList<MdbEntry>> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
    for (const key of Object.keys(filter)) if (!FILTER_KEYS.has(key)) throw new InvalidArgumentError(`filter.${key}`, `unknown filter; expected ${[...FILTER_KEYS].join(', ')}`);
    if (filter.names !== undefined && typeof filter.names !== 'boolean') throw new InvalidArgumentError('filter.names', `expected a boolean, got ${typeof filter.names}`);
    checkListOptions(options);
    const bridge = filter.dev === undefined ? undefined : await resolveIndex(this.client, filter.dev, 'filter.dev', options);
    const port = filter.port === undefined ? undefined : await resolveIndex(this.client, filter.port, 'filter.port', options);
    const messages = await this.client.dumpAll(mdbShapedMessage, 'getmdb', { header: { family: 7, ifindex: 0 } }, options);
    const named = filter.names === false ? undefined : await interfaceNamesForList(this.client, options);
    const out: MdbEntry[] = [];
    for (const message of messages) {
      if (bridge !== undefined && message.header.ifindex !== bridge) continue;
      for (const entry of toMdbEntries(message, named?.names)) if (port === undefined || entry.port === port) out.push(entry);
    }
    return dumpList(out, messages.interrupted || (named?.interrupted ?? false));
  }

  /** Adds a port to a group (`bridge mdb add`); EEXIST if it is there. */
  async add(entry: MdbSpec, options: CallOptions = {}): Promise<void> {
    await this.#send('newmdb', entry, 'create', NLM_F_CREATE | NLM_F_EXCL, options);
  }

  /** Adds a port to a group or replaces its entry (`bridge mdb replace`, Linux 6.3): a temp entry made permanent, say. */
  async replace(entry: MdbSpec, options: CallOptions = {}): Promise<void> {
    await this.#send('newmdb', entry, 'create', NLM_F_CREATE | NLM_F_REPLACE, options);
  }

  /** Removes a port from a group (`bridge mdb del`); a listed entry can be passed back. The kernel answers EINVAL when it is not there. */
  async delete(entry: MdbSpec | MdbEntry, options: CallOptions = {}): Promise<void> {
    const spec: MdbSpec = 'ifindex' in entry ? fromListed(entry) : entry;
    await this.#send('delmdb', spec, 'delete', 0, options);
  }

  /**
   * Deletes every entry the filter takes in one request (`bridge mdb flush`; RTM_DELMDB with NLM_F_BULK,
   * Linux 6.8). The kernel does not say how many went.
   */
  async flush(filter: MdbFlushFilter, options: CallOptions = {}): Promise<void> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a flush filter object, got ${filter === null ? 'null' : typeof filter}`);
    for (const key of Object.keys(filter)) if (!FLUSH_KEYS.has(key)) throw new InvalidArgumentError(`filter.${key}`, `unknown option; expected ${[...FLUSH_KEYS].join(', ')}`);
    if (typeof filter.dev !== 'string' && typeof filter.dev !== 'number') throw new InvalidArgumentError('filter.dev', 'a flush needs the bridge: give its name or index');
    const vid = filter.vid === undefined ? 0 : checkVid(filter.vid, 'filter.vid');
    if (filter.state !== undefined && filter.state !== 'permanent' && filter.state !== 'temp') throw new InvalidArgumentError('filter.state', `unknown state ${JSON.stringify(filter.state)}; expected permanent or temp`);
    let rtprot: number | undefined;
    if (filter.protocol !== undefined) {
      const protocol = numberOf(ROUTE_PROTOCOLS, filter.protocol as string | number);
      if (protocol === undefined) throw new InvalidArgumentError('filter.protocol', `unknown protocol ${JSON.stringify(filter.protocol)}; expected a name of ROUTE_PROTOCOLS or 0..255`);
      rtprot = checkInteger(protocol, 'filter.protocol', 0, 255);
    }
    const bridge = await resolveIndex(this.client, filter.dev, 'filter.dev', options);
    const port = filter.port === undefined ? 0 : await resolveIndex(this.client, filter.port, 'filter.port', options);
    // The group must be left zero; the state counts only where MDBE_ATTR_STATE_MASK says so (br_mdb_flush_desc_init).
    const entry = { ifindex: port, state: filter.state === 'permanent' ? ('permanent' as const) : ('temporary' as const), flags: [], vid, addr: new Uint8Array(16), proto: 0 };
    const entryAttrs: { stateMask?: number; rtprot?: number } = {};
    if (filter.state !== undefined) entryAttrs.stateMask = MDB_PERMANENT;
    if (rtprot !== undefined) entryAttrs.rtprot = rtprot;
    const request = { header: { family: 7, ifindex: bridge }, attrs: Object.keys(entryAttrs).length > 0 ? { entry, entryAttrs } : { entry } };
    try {
      await this.client.ack(setMessage, 'delmdb', request, NLM_F_BULK, options);
    } catch (error) {
      throw noSuchInterface(error, filter.dev);
    }
  }

  async #send(type: 'newmdb' | 'delmdb', spec: MdbSpec, purpose: 'create' | 'delete', flags: number, options: CallOptions): Promise<void> {
    const request = mdbRequest(spec, purpose);
    const bridge = await resolveIndex(this.client, request.dev, 'entry.dev', options);
    const port = await resolveIndex(this.client, request.port, 'entry.port', options);
    try {
      await this.client.ack(setMessage, type, request.build(bridge, port), flags, options);
    } catch (error) {
      throw noSuchInterface(error, request.dev);
    }
  }
}

/** The key of a listed entry: bridge, port, group, source, VLAN. */
function fromListed(entry: MdbEntry): MdbSpec {
  const spec: MdbSpec = { dev: entry.ifindex, port: entry.port, group: entry.group };
  if (entry.source !== undefined) spec.source = entry.source;
  if (entry.vid !== undefined) spec.vid = entry.vid;
  return spec;
}
