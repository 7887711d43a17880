import { MalformedError, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NetlinkError } from '@linx/netlink-wire';
import { checkListOptions, type CallOptions, type FamilyClient, type ListOptions } from '@linx/netlink-client';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { InvalidArgumentError, checkInteger, type InterfaceRef } from '../shared/arguments.js';
import { inContext, type ErrnoHints } from '../shared/error-context.js';
import { noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { interfaceNames, interfaceNamesForList } from '../shared/ifname-cache.js';
import { ADDRESS_FAMILIES } from '../shared/names.js';
import { checkNexthopId, nexthopRequest, type NexthopSpec } from './request.js';
import { addNexthopName, nexthopShapedMessage, toNexthop, toNexthopBucket, type Nexthop, type NexthopBucket } from './shape.js';

export type { Nexthop, NexthopBucket, NexthopGroupMember, NexthopGroupType, NexthopMemberStats, NexthopResilient } from './shape.js';
export { USER_HZ } from './shape.js';
export { MAX_NEXTHOP_WEIGHT, type NexthopSpec } from './request.js';

/** Which nexthops `list` and `flush` take. The kernel filters by dev, master, groups and fdb; family here. */
export interface NexthopFilter {
  /** Only this nexthop (`ip nexthop show id N`: a lookup, not a dump); an empty list when there is none. */
  id?: number;
  /** 'inet' or 'inet6': nexthops of that family (groups have none and are left out). */
  family?: 'inet' | 'inet6';
  /** Only nexthops through this interface (NHA_OIF). */
  dev?: InterfaceRef;
  /** Only nexthops whose interface has this master (a bridge or VRF; NHA_MASTER). */
  master?: InterfaceRef;
  /** Only groups (NHA_GROUPS). */
  groups?: boolean;
  /** Only fdb nexthops (NHA_FDB). */
  fdb?: boolean;
  /** false: no link dump to fill in `dev`. */
  names?: boolean;
  /**
   * Groups' per-member packet counts (`stats`; NHA_OP_FLAG_DUMP_STATS, Linux 6.9), and 'hw' also the
   * hardware counts drivers keep (NHA_OP_FLAG_DUMP_HW_STATS, which asks the drivers first).
   */
  stats?: boolean | 'hw';
}

/** Which buckets `buckets` lists (`ip nexthop bucket show`). */
export interface NexthopBucketFilter {
  /** The resilient group. */
  id?: number;
  /** Only buckets that send to this member nexthop. */
  nhId?: number;
  dev?: InterfaceRef;
  master?: InterfaceRef;
}

const FILTER_KEYS = new Set(['id', 'family', 'dev', 'master', 'groups', 'fdb', 'names', 'stats']);
const BUCKET_FILTER_KEYS = new Set(['id', 'nhId', 'dev', 'master']);

/**
 * Nexthop objects (`ip nexthop`): next hops and groups of them kept apart from routes, which name them
 * by id (`routes.add({ dst, nhId })`). Groups are hash-threshold (mpath) or resilient, whose buckets
 * `buckets()` lists. Arguments are checked before anything is sent.
 *
 *     await rtnl.nexthops.add({ id: 1, gateway: '192.0.2.1', dev: 'eth0' });
 *     await rtnl.nexthops.add({ id: 2, gateway: '192.0.2.2', dev: 'eth0' });
 *     await rtnl.nexthops.add({ id: 10, group: [1, { id: 2, weight: 3 }] });
 *     await rtnl.routes.add({ dst: '10.0.0.0/8', nhId: 10 });
 */
export class Nexthops {
  constructor(protected readonly client: FamilyClient) {}

  /** The nexthops (`ip nexthop show`), in the kernel's order (by id). */
  async list(filter: NexthopFilter = {}, options: ListOptions = {}): Promise<DumpList<Nexthop>> {
    const query = checkFilter(filter);
    checkListOptions(options);
    if (query.id !== undefined) return dumpList(await this.#byId(query, options), false);
    const attrs = await this.#dumpAttrs(query, options);
    const named = query.names ? await interfaceNamesForList(this.client, options) : undefined;
    let messages;
    try {
      messages = await this.client.dumpAll(nexthopShapedMessage, 'getnexthop', { header: { nhFamily: 0 }, attrs }, options);
    } catch (error) {
      throw noSuchInterface(error, query.dev ?? query.master);
    }
    const out: Nexthop[] = [];
    for (const message of messages) {
      if (query.family !== undefined && message.header.nhFamily !== query.family) continue;
      const nexthop = toNexthop(message);
      if (named) addNexthopName(nexthop, named.names);
      out.push(nexthop);
    }
    return dumpList(out, messages.interrupted || (named?.interrupted ?? false));
  }

  /** The nexthops one by one as the kernel sends them (a dump interrupted by a concurrent change throws `DumpInterruptedError` at the end). */
  async *stream(filter: NexthopFilter = {}, options: CallOptions = {}): AsyncGenerator<Nexthop, void, undefined> {
    const query = checkFilter(filter);
    if (query.id !== undefined) {
      yield* await this.#byId(query, options);
      return;
    }
    const attrs = await this.#dumpAttrs(query, options);
    const names = query.names ? await interfaceNames(this.client, options) : undefined;
    try {
      for await (const message of this.client.dump(nexthopShapedMessage, 'getnexthop', { header: { nhFamily: 0 }, attrs }, options)) {
        if (query.family !== undefined && message.header.nhFamily !== query.family) continue;
        const nexthop = toNexthop(message);
        if (names) addNexthopName(nexthop, names);
        yield nexthop;
      }
    } catch (error) {
      throw noSuchInterface(error, query.dev ?? query.master);
    }
  }

  /** One nexthop by id (`ip nexthop get id N`); the kernel's ENOENT when there is none. */
  async get(id: number, options: CallOptions & { names?: boolean; stats?: boolean | 'hw' } = {}): Promise<Nexthop> {
    const checked = checkNexthopId(id, 'id');
    const opFlags = statsFlags(options.stats, 'options.stats');
    const attrs = opFlags === undefined ? { id: checked } : { id: checked, opFlags };
    let reply;
    try {
      [reply] = await this.client.request(nexthopShapedMessage, 'getnexthop', { header: { nhFamily: 0 }, attrs }, 0, { ...options, ack: false });
    } catch (error) {
      throw inContext(error, () => `nexthops.get id ${checked}`, HINTS['nexthops.get']);
    }
    if (reply === undefined) throw new MalformedError('the kernel answered a nexthop lookup without an RTM_NEWNEXTHOP message', 0);
    const nexthop = toNexthop(reply);
    if (options.names !== false && nexthop.oif !== undefined) addNexthopName(nexthop, await interfaceNames(this.client, options));
    return nexthop;
  }

  /** Adds a nexthop (`ip nexthop add`); EEXIST if its id is taken. */
  async add(spec: NexthopSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(spec, NLM_F_CREATE | NLM_F_EXCL, options, 'nexthops.add');
  }

  /**
   * Adds a nexthop or replaces the one with its id (`ip nexthop replace`): routes using it follow at
   * once. A group stays a group of its type and a single nexthop a single one (the kernel refuses the change).
   */
  async replace(spec: NexthopSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(spec, NLM_F_CREATE | NLM_F_REPLACE, options, 'nexthops.replace');
  }

  /**
   * Deletes a nexthop by id (or a listed one) (`ip nexthop del`); the kernel also removes it from its
   * groups, deletes groups left empty and the routes that used them. ENOENT if there is none.
   */
  async delete(nexthop: number | Pick<Nexthop, 'id'>, options: CallOptions = {}): Promise<void> {
    const id = checkNexthopId(typeof nexthop === 'number' ? nexthop : (nexthop as { id?: unknown } | null)?.id, 'id');
    try {
      await this.client.ack(nexthopShapedMessage, 'delnexthop', { header: { nhFamily: 0 }, attrs: { id } }, 0, options);
    } catch (error) {
      throw inContext(error, () => `nexthops.delete id ${id}`, HINTS['nexthops.delete']);
    }
  }

  /**
   * Deletes every nexthop the filter takes (`ip nexthop flush`), one request each, and returns how many
   * were deleted. One already gone (a group emptied by deleting its members) is not an error.
   */
  async flush(filter: Omit<NexthopFilter, 'names'> = {}, options: CallOptions = {}): Promise<number> {
    const listed = await this.list({ ...filter, names: false }, options);
    let deleted = 0;
    for (const nexthop of listed) {
      try {
        await this.delete(nexthop.id, options);
        deleted++;
      } catch (error) {
        if (!(error instanceof NetlinkError && error.errnoName === 'ENOENT')) throw error;
      }
    }
    return deleted;
  }

  /** The buckets of resilient groups (`ip nexthop bucket show`): which member each bucket sends to. */
  async buckets(filter: NexthopBucketFilter = {}, options: ListOptions = {}): Promise<DumpList<NexthopBucket>> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
    for (const key of Object.keys(filter)) if (!BUCKET_FILTER_KEYS.has(key)) throw new InvalidArgumentError(`filter.${key}`, `unknown filter; expected ${[...BUCKET_FILTER_KEYS].join(', ')}`);
    checkListOptions(options);
    const attrs: Record<string, unknown> = {};
    if (filter.id !== undefined) attrs.id = checkNexthopId(filter.id, 'filter.id');
    if (filter.dev !== undefined) attrs.oif = await resolveIndex(this.client, filter.dev, 'filter.dev', options);
    if (filter.master !== undefined) attrs.master = await resolveIndex(this.client, filter.master, 'filter.master', options);
    if (filter.nhId !== undefined) attrs.resBucket = { nhId: checkNexthopId(filter.nhId, 'filter.nhId') };
    let messages;
    try {
      messages = await this.client.dumpAll(nexthopShapedMessage, 'getnexthopbucket', { header: { nhFamily: 0 }, attrs }, options);
    } catch (error) {
      throw noSuchInterface(error, filter.dev ?? filter.master);
    }
    return dumpList(messages.map(toNexthopBucket), messages.interrupted);
  }

  /** One bucket of a resilient group (`ip nexthop bucket get id ID index N`); the kernel's ENOENT when there is none. */
  async bucket(id: number, index: number, options: CallOptions = {}): Promise<NexthopBucket> {
    const attrs = { id: checkNexthopId(id, 'id'), resBucket: { index: checkInteger(index, 'index', 0, 0xffff) } };
    const [reply] = await this.client.request(nexthopShapedMessage, 'getnexthopbucket', { header: { nhFamily: 0 }, attrs }, 0, { ...options, ack: false });
    if (reply === undefined) throw new MalformedError('the kernel answered a bucket lookup without an RTM_NEWNEXTHOPBUCKET message', 0);
    return toNexthopBucket(reply);
  }

  async #send(spec: NexthopSpec, flags: number, options: CallOptions, verb: 'nexthops.add' | 'nexthops.replace'): Promise<void> {
    const request = nexthopRequest(spec);
    const oif = request.dev === undefined ? undefined : await resolveIndex(this.client, request.dev, 'nexthop.dev', options);
    try {
      await this.client.ack(nexthopShapedMessage, 'newnexthop', request.build(oif), flags, options);
    } catch (error) {
      throw inContext(noSuchInterface(error, request.dev), () => (spec.id === undefined ? verb : `${verb} id ${spec.id}`), HINTS[verb]);
    }
  }

  /** `list({ id })`: the one nexthop if it exists and passes the other filters (checked here: a lookup is not filtered by the kernel). */
  async #byId(query: CheckedFilter, options: CallOptions): Promise<Nexthop[]> {
    let nexthop: Nexthop;
    try {
      nexthop = await this.get(query.id!, { ...options, names: query.names, ...(query.stats === undefined ? {} : { stats: query.stats }) });
    } catch (error) {
      if (error instanceof NetlinkError && error.errnoName === 'ENOENT') return [];
      throw error;
    }
    if (query.family !== undefined && ADDRESS_FAMILIES[nexthop.family as 'inet'] !== query.family) return [];
    if (query.groups && nexthop.group === undefined) return [];
    if (query.fdb && nexthop.fdb !== true) return [];
    if (query.dev !== undefined && nexthop.oif !== (await resolveIndex(this.client, query.dev, 'filter.dev', options))) return [];
    return [nexthop];
  }

  async #dumpAttrs(query: CheckedFilter, options: CallOptions): Promise<Record<string, unknown>> {
    const attrs: Record<string, unknown> = {};
    if (query.dev !== undefined) attrs.oif = await resolveIndex(this.client, query.dev, 'filter.dev', options);
    if (query.master !== undefined) attrs.master = await resolveIndex(this.client, query.master, 'filter.master', options);
    if (query.groups) attrs.groups = true;
    if (query.fdb) attrs.fdb = true;
    const opFlags = statsFlags(query.stats, 'filter.stats');
    if (opFlags !== undefined) attrs.opFlags = opFlags;
    return attrs;
  }
}

/** NHA_OP_FLAGS for a `stats` option (checked): none, DUMP_STATS, or DUMP_STATS | DUMP_HW_STATS. */
function statsFlags(stats: unknown, argument: string): ('dump-stats' | 'dump-hw-stats')[] | undefined {
  if (stats === undefined || stats === false) return undefined;
  if (stats === true) return ['dump-stats'];
  if (stats === 'hw') return ['dump-stats', 'dump-hw-stats'];
  throw new InvalidArgumentError(argument, `expected true, false or 'hw', got ${JSON.stringify(stats)}`);
}

interface CheckedFilter {
  id: number | undefined;
  stats: boolean | 'hw' | undefined;
  family: number | undefined;
  dev: InterfaceRef | undefined;
  master: InterfaceRef | undefined;
  groups: boolean;
  fdb: boolean;
  names: boolean;
}

function checkFilter(filter: NexthopFilter): CheckedFilter {
  if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
  for (const key of Object.keys(filter)) if (!FILTER_KEYS.has(key)) throw new InvalidArgumentError(`filter.${key}`, `unknown filter; expected ${[...FILTER_KEYS].join(', ')}`);
  if (filter.family !== undefined && filter.family !== 'inet' && filter.family !== 'inet6') throw new InvalidArgumentError('filter.family', `expected 'inet' or 'inet6', got ${JSON.stringify(filter.family)}`);
  if (filter.id !== undefined && filter.master !== undefined) throw new InvalidArgumentError('filter.master', 'a master filter goes with a dump, not with an id');
  for (const key of ['groups', 'fdb', 'names'] as const) {
    if (filter[key] !== undefined && typeof filter[key] !== 'boolean') throw new InvalidArgumentError(`filter.${key}`, 'expected true or false');
  }
  return {
    id: filter.id === undefined ? undefined : checkNexthopId(filter.id, 'filter.id'),
    stats: statsFlags(filter.stats, 'filter.stats') === undefined ? undefined : filter.stats,
    family: filter.family === undefined ? undefined : ADDRESS_FAMILIES[filter.family],
    dev: filter.dev,
    master: filter.master,
    groups: filter.groups === true,
    fdb: filter.fdb === true,
    names: filter.names !== false,
  };
}

/** What an errno means for each nexthop request (net/ipv4/nexthop.c: nexthop_find_by_id() failing is ENOENT; insert_nexthop() EEXIST). */
const HINTS = {
  'nexthops.get': { ENOENT: 'no nexthop with this id' },
  'nexthops.delete': { ENOENT: 'no nexthop with this id' },
  'nexthops.add': { EEXIST: 'a nexthop with this id exists' },
  'nexthops.replace': {},
} as const satisfies Record<string, ErrnoHints>;
