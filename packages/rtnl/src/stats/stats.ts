import type { MessageValue } from '@linx/netlink-codec';
import { InvalidArgumentError, type InterfaceRef } from '../shared/arguments.js';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { checkListOptions, type CallOptions, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { ifStatsMsg, rtnlLinkStats64, statsAttrs, statsMessage } from '../generated/rt-link.js';
import { NoSuchInterfaceError, resolveIndex } from '../shared/interfaces.js';
import { ADDRESS_FAMILIES, nameOf, type AddressFamily } from '../shared/names.js';

const { getstats: RTM_GETSTATS } = statsMessage.types;

/**
 * The groups of RTM_GETSTATS (IFLA_STATS_*), named as the generated attributes; the filter mask bit of
 * each is `1 << (attribute - 1)`.
 */
export const STATS_GROUPS = { link64: 0x1, linkXstats: 0x2, linkXstatsSlave: 0x4, linkOffloadXstats: 0x8, afSpec: 0x10 } as const;
export type StatsGroup = keyof typeof STATS_GROUPS;

/** The 64-bit counters of an interface (struct rtnl_link_stats64), as bigints. */
export type StatsCounters64 = { [K in keyof typeof rtnlLinkStats64.fields]: bigint };

type StatsMessageValue = MessageValue<typeof ifStatsMsg.fields, typeof statsAttrs.attributes>;

/**
 * The statistics of one interface. Besides the named fields it carries every attribute the kernel sent
 * under its generated name: `link64` (the counters), `linkXstats`, `linkXstatsSlave` (bytes),
 * `linkOffloadXstats` (decoded), `afSpec` (bytes); unknown ones raw under the codec's `UNKNOWN` symbol.
 */
export interface StatsEntry {
  ifindex: number;
  family: AddressFamily | number;
  /** The groups the kernel filled in (the filter mask it echoes). */
  filterMask: (StatsGroup | number)[];
  link64?: StatsCounters64;
  linkXstats?: Uint8Array;
  linkXstatsSlave?: Uint8Array;
  linkOffloadXstats?: StatsMessageValue['attrs']['linkOffloadXstats'];
  afSpec?: Uint8Array;
  [key: string | symbol]: unknown;
}

/** Which groups to ask for: names or a raw filter mask; `['link64']` by default. */
export interface StatsQuery {
  filterMask?: readonly StatsGroup[] | number;
}

function maskOf(query: StatsQuery): number {
  if (query === null || typeof query !== 'object') throw new InvalidArgumentError('query', `expected { filterMask }, got ${query === null ? 'null' : typeof query}`);
  const value = query.filterMask ?? ['link64'];
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 0xffff_ffff) throw new InvalidArgumentError('query.filterMask', `${value} is not a filter mask (a non-zero 32-bit integer)`);
    return value;
  }
  if (!Array.isArray(value) || value.length === 0) throw new InvalidArgumentError('query.filterMask', `expected a non-empty list of ${Object.keys(STATS_GROUPS).join(', ')}`);
  let mask = 0;
  for (const name of value) {
    if (!Object.hasOwn(STATS_GROUPS, name as PropertyKey)) {
      throw new InvalidArgumentError('query.filterMask', `unknown stats group ${JSON.stringify(name)}; expected ${Object.keys(STATS_GROUPS).join(', ')}`);
    }
    mask |= STATS_GROUPS[name as StatsGroup];
  }
  return mask;
}

function groupNames(mask: number): (StatsGroup | number)[] {
  const out: (StatsGroup | number)[] = [];
  for (let bit = 1; bit <= mask; bit *= 2) {
    if ((mask & bit) === 0) continue;
    const name = (Object.keys(STATS_GROUPS) as StatsGroup[]).find((n) => STATS_GROUPS[n] === bit);
    out.push(name ?? bit);
  }
  return out;
}

function toStats(message: StatsMessageValue): StatsEntry {
  const { header: h, attrs: a } = message;
  const out: StatsEntry = {
    ifindex: h.ifindex,
    family: nameOf(ADDRESS_FAMILIES, h.family) as AddressFamily | number,
    filterMask: groupNames(h.filterMask),
  };
  for (const key of Reflect.ownKeys(a)) out[key] = (a as Record<string | symbol, unknown>)[key];
  if (a.link64) out.link64 = { ...a.link64 } as StatsCounters64;
  return out;
}

/**
 * The stats verbs (RTM_GETSTATS): an interface's 64-bit counters and the other groups of `ip stats`.
 *
 *     const { link64 } = await rtnl.stats.get('eth0');
 *     console.log(link64!.rxBytes, link64!.txBytes); // bigints
 *     for (const s of await rtnl.stats.list()) console.log(s.ifindex, s.link64?.rxPackets);
 */
export class Stats {
  constructor(protected readonly client: FamilyClient) {}

  /** One interface's statistics (by name or index). */
  async get(iface: InterfaceRef, query: StatsQuery = {}, options: CallOptions = {}): Promise<StatsEntry> {
    const filterMask = maskOf(query);
    const ifindex = await resolveIndex(this.client, iface, 'interface', options);
    const [reply] = await this.client.request(statsMessage, RTM_GETSTATS, { header: { family: 0, ifindex, filterMask } }, 0, { ...options, ack: false });
    if (!reply) throw new NoSuchInterfaceError(iface);
    return toStats(reply);
  }

  /** Every interface's statistics (a dump). */
  async list(query: StatsQuery = {}, options: ListOptions = {}): Promise<DumpList<StatsEntry>> {
    const filterMask = maskOf(query);
    checkListOptions(options);
    const messages = await this.client.dumpAll(statsMessage, RTM_GETSTATS, { header: { family: 0, ifindex: 0, filterMask } }, options);
    return dumpList(messages.map(toStats), messages.interrupted);
  }

  /** Like `list`, as the kernel sends them. */
  async *stream(query: StatsQuery = {}, options: CallOptions = {}): AsyncGenerator<StatsEntry, void, undefined> {
    const filterMask = maskOf(query);
    for await (const message of this.client.dump(statsMessage, RTM_GETSTATS, { header: { family: 0, ifindex: 0, filterMask } }, options)) yield toStats(message);
  }
}
