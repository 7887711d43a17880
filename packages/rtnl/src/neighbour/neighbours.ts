import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NetlinkError, formatIP, formatMAC, parseIP, parseMAC } from '@linx/netlink-wire';
import { inContext, type ErrnoHints } from '../shared/error-context.js';
import { InvalidArgumentError, checkInteger, type InterfaceRef } from '../shared/arguments.js';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { checkListOptions, type CallOptions, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { neighbourMessage, ntfFlagsValues } from '../generated/rt-neigh.js';
import { resolveIndex } from '../shared/interfaces.js';
import { interfaceNames, interfaceNamesForList } from '../shared/ifname-cache.js';
import {
  NEIGHBOUR_STATES,
  addNeighbourName,
  neighbourFamily,
  neighbourRequest,
  stateMask,
  toNeighbour,
  type Neighbour,
  type NeighbourFamily,
  type NeighbourAttrsInput,
  type NeighbourMessageInput,
  type NeighbourSpec,
  type NeighbourState,
} from './shape.js';

export {
  NEIGHBOUR_FLAGS,
  NEIGHBOUR_STATES,
  type Neighbour,
  type NeighbourCacheinfo,
  type NeighbourFamily,
  type NeighbourFlag,
  type NeighbourSpec,
  type NeighbourState,
} from './shape.js';

const { newneigh: RTM_NEWNEIGH, delneigh: RTM_DELNEIGH, getneigh: RTM_GETNEIGH } = neighbourMessage.types;

/** Which entries `list`, `stream` and `flush` take. */
export interface NeighbourFilter {
  /** 'inet' (ARP), 'inet6' (NDP) or 'bridge' (the FDB); both inet and inet6 by default. */
  family?: NeighbourFamily;
  /** Entries on this interface (filtered by the kernel: NDA_IFINDEX). */
  interface?: InterfaceRef;
  /** Entries on ports of this bridge or VRF (filtered by the kernel: NDA_MASTER). */
  master?: InterfaceRef;
  /** The proxy entries (`ip neigh show proxy`) instead of the cache (inet and inet6 only). */
  proxy?: boolean;
  /** Entries in any of these states (client-side). */
  state?: NeighbourState | readonly NeighbourState[];
  /** Entries for this IP address (client-side). */
  dst?: string;
  /** Entries with this link-layer address (client-side). */
  lladdr?: string;
  /** FDB entries of this VLAN (client-side). */
  vlan?: number;
  /** false: no link dump to fill in `dev` (the entries keep `ifindex`). */
  names?: boolean;
}

/** What `flush` deletes: a filter; `state` defaults to every state but permanent and noarp (as `ip neigh flush`). */
export type NeighbourFlushFilter = NeighbourFilter;

/** A checked filter: the dump request and the client-side test. */
interface PreparedFilter {
  request: NeighbourMessageInput;
  accept(n: Neighbour): boolean;
}

/**
 * The neighbour verbs: the ARP and NDP caches (`ip neigh`), proxy entries, and the bridge forwarding
 * database (`bridge fdb`), all as `Neighbour` objects.
 *
 *     await rtnl.neighbours.add({ interface: 'eth0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02' });
 *     for (const n of await rtnl.neighbours.list({ interface: 'eth0' })) console.log(n.dst, n.lladdr, n.state);
 *     await rtnl.neighbours.list({ family: 'bridge', master: 'br0' }); // bridge fdb show br br0
 */
export class Neighbours {
  constructor(protected readonly client: FamilyClient) {}

  /** Every entry the filter takes (see `NeighbourFilter`). */
  async list(filter: NeighbourFilter = {}, options: ListOptions = {}): Promise<DumpList<Neighbour>> {
    checkListOptions(options);
    const prepared = await this.#prepare(filter, options);
    const named = filter.names === false ? undefined : await interfaceNamesForList(this.client, options);
    const messages = await this.client.dumpAll(neighbourMessage, RTM_GETNEIGH, prepared.request, options);
    const out: Neighbour[] = [];
    for (const message of messages) {
      const n = toNeighbour(message);
      if (!prepared.accept(n)) continue;
      if (named !== undefined) addNeighbourName(n, named.names);
      out.push(n);
    }
    return dumpList(out, messages.interrupted || (named?.interrupted ?? false));
  }

  /** Like `list`, as the kernel sends them (memory stays bounded however many there are). */
  async *stream(filter: NeighbourFilter = {}, options: CallOptions = {}): AsyncGenerator<Neighbour, void, undefined> {
    const prepared = await this.#prepare(filter, options);
    const names = filter.names === false ? undefined : await interfaceNames(this.client, options);
    for await (const message of this.client.dump(neighbourMessage, RTM_GETNEIGH, prepared.request, options)) {
      const n = toNeighbour(message);
      if (!prepared.accept(n)) continue;
      if (names !== undefined) addNeighbourName(n, names);
      yield n;
    }
  }

  /**
   * One entry, asked of the kernel directly (RTM_GETNEIGH without a dump): by `dst` and `interface`, a
   * proxy entry with `flags: ['proxy']`, or an FDB entry by `lladdr` (and `vlan`) with `family: 'bridge'`.
   * Undefined when there is none. `dev` is the interface's name (looked up when `key` gives an index).
   */
  async get(key: NeighbourSpec, options: CallOptions = {}): Promise<Neighbour | undefined> {
    const parts = neighbourRequest(key, 'get', 'key');
    const ifindex = await resolveIndex(this.client, parts.interface, 'key.interface', options);
    let neighbour: Neighbour | undefined;
    try {
      const [reply] = await this.client.request(neighbourMessage, RTM_GETNEIGH, parts.build(ifindex), 0, { ...options, ack: false });
      neighbour = reply ? toNeighbour(reply) : undefined;
    } catch (error) {
      if (error instanceof NetlinkError && error.errnoName === 'ENOENT') return undefined;
      throw error;
    }
    if (neighbour === undefined) return undefined;
    if (typeof parts.interface === 'string' && neighbour.ifindex === ifindex) neighbour.dev = parts.interface;
    else addNeighbourName(neighbour, await interfaceNames(this.client, options));
    return neighbour;
  }

  /**
   * Adds an entry (fails with EEXIST if there is one). The state is 'permanent' unless given (for the FDB
   * ['noarp', 'permanent'], as `bridge fdb add`).
   */
  async add(spec: NeighbourSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWNEIGH, spec, 'create', NLM_F_CREATE | NLM_F_EXCL, options);
  }

  /** Adds an entry or replaces the one with the same key (`ip neigh replace`). */
  async replace(spec: NeighbourSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWNEIGH, spec, 'create', NLM_F_CREATE | NLM_F_REPLACE, options);
  }

  /**
   * Deletes the entry with this key: `interface` and `dst` (with `flags: ['proxy']` a proxy entry), or for
   * the FDB `lladdr` and `vlan` (with 'self' or 'master' to say whose table). A listed entry can be passed
   * as it is.
   */
  async delete(spec: NeighbourSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_DELNEIGH, spec, 'delete', 0, options);
  }

  /**
   * Deletes every entry the filter takes, by default in any state but permanent and noarp (as `ip neigh
   * flush`); returns the entries deleted. Entries that vanish meanwhile are not an error.
   */
  async flush(filter: NeighbourFlushFilter = {}, options: CallOptions = {}): Promise<Neighbour[]> {
    checkFilter(filter);
    const all = filter.state === undefined ? Object.keys(NEIGHBOUR_STATES).filter((s) => s !== 'permanent' && s !== 'noarp') as NeighbourState[] : filter.state;
    const entries = await this.list({ ...filter, state: all }, options);
    const results = await Promise.allSettled(
      entries.map((n) => this.delete(n, options)),
    );
    const deleted: Neighbour[] = [];
    let failure: unknown;
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') deleted.push(entries[i]!);
      else if (!(r.reason instanceof NetlinkError && r.reason.errnoName === 'ENOENT')) failure ??= r.reason;
    });
    if (failure !== undefined) throw failure;
    return deleted;
  }

  async #send(type: number, spec: NeighbourSpec, purpose: 'create' | 'delete', flags: number, options: CallOptions): Promise<void> {
    const parts = neighbourRequest(spec, purpose);
    const ifindex = await resolveIndex(this.client, parts.interface, 'neighbour.interface', options);
    try {
      await this.client.request(neighbourMessage, type, parts.build(ifindex), flags, options);
    } catch (error) {
      const verb = type === RTM_DELNEIGH ? 'delete' : flags & NLM_F_REPLACE ? 'replace' : 'add';
      throw inContext(error, () => `neighbours.${verb} ${spec.dst ?? spec.lladdr ?? ''} dev ${parts.interface}`, NEIGHBOUR_HINTS[verb]);
    }
  }

  async #prepare(filter: NeighbourFilter, options: CallOptions): Promise<PreparedFilter> {
    checkFilter(filter);
    const family = filter.family === undefined ? undefined : neighbourFamily({ family: filter.family, lladdr: '' }, 'filter');
    if (filter.proxy && family === 'bridge') throw new InvalidArgumentError('filter.proxy', 'proxy entries are ARP and NDP entries, not bridge FDB entries');
    const states = filter.state === undefined ? undefined : stateMask(filter.state, 'filter.state');
    const wantNone = filterHasNone(filter.state);
    const dst = filter.dst === undefined ? undefined : canonical(filter.dst, 'filter.dst', (t) => formatIP(parseIP(t)));
    const lladdr = filter.lladdr === undefined ? undefined : canonical(filter.lladdr, 'filter.lladdr', (t) => formatMAC(parseMAC(t)));
    const vlan = filter.vlan === undefined ? undefined : checkInteger(filter.vlan, 'filter.vlan', 0, 4095);
    const ifindex = filter.interface === undefined ? undefined : await resolveIndex(this.client, filter.interface, 'filter.interface', options);
    const master = filter.master === undefined ? undefined : await resolveIndex(this.client, filter.master, 'filter.master', options);
    const familyNumber = family === undefined ? 0 : family === 'inet' ? 2 : family === 'inet6' ? 10 : 7;
    const attrs: NeighbourAttrsInput = {};
    if (ifindex !== undefined) attrs.ifindex = ifindex;
    if (master !== undefined) attrs.master = master;
    const proxy = filter.proxy === true;
    return {
      request: { header: { ndmFamily: familyNumber, ndmFlags: proxy ? ntfFlagsValues.proxy : 0 }, attrs },
      accept(n) {
        // Family 0 dumps ARP and NDP; the kernel filters the rest, and these checks are cheap.
        if (family === undefined ? n.family !== 'inet' && n.family !== 'inet6' : n.family !== family) return false;
        if (ifindex !== undefined && n.ifindex !== ifindex) return false;
        if (states !== undefined) {
          const bits = stateBits(n);
          if (bits === 0 ? !wantNone : (bits & states) === 0) return false;
        }
        if (dst !== undefined && n.dst !== dst) return false;
        if (lladdr !== undefined && n.lladdr !== lladdr) return false;
        if (vlan !== undefined && (n.vlan ?? 0) !== vlan) return false;
        return true;
      },
    };
  }
}

function checkFilter(filter: unknown): void {
  if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
}

function filterHasNone(state: NeighbourFilter['state']): boolean {
  return typeof state === 'string' ? state === 'none' : Array.isArray(state) && state.includes('none');
}

function stateBits(n: Neighbour): number {
  let mask = 0;
  for (const s of n.states) mask |= typeof s === 'number' ? s : NEIGHBOUR_STATES[s];
  return mask;
}

function canonical(text: unknown, argument: string, normalize: (t: string) => string): string {
  if (typeof text !== 'string') throw new InvalidArgumentError(argument, `expected a string, got ${typeof text}`);
  try {
    return normalize(text);
  } catch {
    throw new InvalidArgumentError(argument, `${JSON.stringify(text)} is not a valid address`);
  }
}

/** What the kernel's refusals of neighbour changes mean (neigh_add, neigh_delete; the bridge's FDB). */
const NEIGHBOUR_HINTS = {
  add: { EEXIST: 'an entry for this address exists on the interface' },
  replace: {},
  delete: { ENOENT: 'no such neighbour entry' },
} as const satisfies Record<string, ErrnoHints>;
