// Per-interface IP configuration (`ip netconf`): RTM_GETNETCONF and the shape users read.
import { MalformedError } from '@linx/netlink-wire';
import { checkListOptions, type CallOptions, type FamilyClient, type ListOptions } from '@linx/netlink-client';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { netconfAttrs, netconfMessage, netconfmsg } from '../generated/rt-netconf.js';
import type { MessageValue } from '@linx/netlink-codec';
import { InvalidArgumentError, type InterfaceRef } from '../shared/arguments.js';
import { noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { interfaceNames, interfaceNamesForList } from '../shared/ifname-cache.js';
import { ADDRESS_FAMILIES, nameOf, type AddressFamily } from '../shared/names.js';

/** NETCONFA_IFINDEX_ALL and NETCONFA_IFINDEX_DEFAULT (linux/netconf.h): the `all` and `default` sysctl folders. */
export const NETCONF_ALL = -1;
export const NETCONF_DEFAULT = -2;

/** rp_filter's values (0 off, 1 strict, 2 loose), as `ip` names them. */
export const RP_FILTER_MODES = { off: 0, strict: 1, loose: 2 } as const;
export type RpFilterMode = keyof typeof RP_FILTER_MODES;

/**
 * One interface's configuration in one family, as `ip netconf` shows it: the sysctls of
 * net.ipv4.conf.DEV / net.ipv6.conf.DEV the kernel reports. A family reports only what it has (IPv6 has
 * no rp_filter). `dev` is the interface's name, or 'all' / 'default'.
 */
export interface Netconf {
  family: AddressFamily | number;
  /** The interface's index, or NETCONF_ALL (-1) / NETCONF_DEFAULT (-2). */
  ifindex: number;
  dev?: string;
  forwarding?: boolean;
  rpFilter?: RpFilterMode | number;
  mcForwarding?: boolean;
  proxyNeigh?: boolean;
  ignoreRoutesWithLinkdown?: boolean;
  /** MPLS: whether the interface accepts labelled packets (net.mpls.conf.DEV.input). */
  input?: boolean;
  bcForwarding?: boolean;
}

type NetconfMessageValue = MessageValue<typeof netconfmsg.fields, typeof netconfAttrs.attributes>;

/** The friendly shape of a decoded RTM_NEWNETCONF. */
export function toNetconf(message: NetconfMessageValue): Netconf {
  const a = message.attrs;
  const ifindex = a.ifindex ?? 0;
  const out: Netconf = { family: nameOf(ADDRESS_FAMILIES, message.header.ncmFamily) as AddressFamily | number, ifindex };
  if (ifindex === NETCONF_ALL) out.dev = 'all';
  else if (ifindex === NETCONF_DEFAULT) out.dev = 'default';
  if (a.forwarding !== undefined) out.forwarding = a.forwarding !== 0;
  if (a.rpFilter !== undefined) out.rpFilter = nameOf(RP_FILTER_MODES, a.rpFilter) as RpFilterMode | number;
  if (a.mcForwarding !== undefined) out.mcForwarding = a.mcForwarding !== 0;
  if (a.proxyNeigh !== undefined) out.proxyNeigh = a.proxyNeigh !== 0;
  if (a.ignoreRoutesWithLinkdown !== undefined) out.ignoreRoutesWithLinkdown = a.ignoreRoutesWithLinkdown !== 0;
  if (a.input !== undefined) out.input = a.input !== 0;
  if (a.bcForwarding !== undefined) out.bcForwarding = a.bcForwarding !== 0;
  return out;
}

/** Fills in `dev` of an interface's configuration from an index → name map. */
export function addNetconfName(netconf: Netconf, names: ReadonlyMap<number, string>): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the map holds interfaces (index ≥ 1) only, so 0, -1 and -2 find no name either; the return keeps 'all'/'default' from a lookup.
  if (netconf.ifindex <= 0) return;
  const name = names.get(netconf.ifindex);
  if (name !== undefined) netconf.dev = name;
}

/** An interface as `netconf.get` takes it: a name, an index, or 'all' / 'default'. */
export type NetconfInterface = InterfaceRef | 'all' | 'default';

/** Which configurations `list` returns. */
export interface NetconfFilter {
  /** 'inet', 'inet6' (or 'mpls' where the kernel has MPLS); every family by default. */
  family?: 'inet' | 'inet6' | 'mpls';
  /** Only this interface (or 'all' / 'default'). */
  dev?: NetconfInterface;
  /** false: no link dump to fill in `dev`. */
  names?: boolean;
}

const FAMILIES = { inet: ADDRESS_FAMILIES.inet, inet6: ADDRESS_FAMILIES.inet6, mpls: ADDRESS_FAMILIES.mpls } as const;

function familyOf(family: unknown, argument: string): number {
  if (typeof family === 'string' && Object.hasOwn(FAMILIES, family)) return FAMILIES[family as keyof typeof FAMILIES];
  throw new InvalidArgumentError(argument, `expected 'inet', 'inet6' or 'mpls', got ${JSON.stringify(family)}`);
}

/**
 * `ip netconf`: the forwarding, rp_filter, mc_forwarding, proxy_neigh, ignore_routes_with_linkdown (and
 * MPLS input, bc_forwarding) settings of each interface and family, read only (change them with sysctl).
 *
 *     const v4 = await rtnl.netconf.get('eth0', 'inet'); // { family: 'inet', dev: 'eth0', forwarding: false, rpFilter: 'strict', … }
 *     for (const c of await rtnl.netconf.list({ family: 'inet6' })) console.log(c.dev, c.forwarding);
 */
export class NetconfVerbs {
  constructor(protected readonly client: FamilyClient) {}

  /** One interface's configuration in one family (`ip netconf show dev DEV`). */
  async get(dev: NetconfInterface, family: 'inet' | 'inet6' | 'mpls' = 'inet', options: CallOptions = {}): Promise<Netconf> {
    const ncmFamily = familyOf(family, 'family');
    const ifindex = await this.#index(dev, options);
    let replies;
    try {
      replies = await this.client.request(netconfMessage, 'getnetconf', { header: { ncmFamily }, attrs: { ifindex } }, 0, { ...options, ack: false });
    } catch (error) {
      throw noSuchInterface(error, typeof dev === 'string' && (dev === 'all' || dev === 'default') ? undefined : dev);
    }
    const [reply] = replies;
    if (reply === undefined) throw new MalformedError('the kernel answered a netconf lookup without an RTM_NEWNETCONF message', 0);
    const netconf = toNetconf(reply);
    // A name given is the name; an index is looked up.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a name resolves to an index ≥ 1, and 'all'/'default' (-1/-2) already have that same word as dev from toNetconf.
    if (typeof dev === 'string' && ifindex > 0) netconf.dev = dev;
    else if (ifindex > 0) addNetconfName(netconf, await interfaceNames(this.client, options));
    return netconf;
  }

  /** Every interface's configuration (`ip netconf show`), per family, with `all` and `default`. */
  async list(filter: NetconfFilter = {}, options: ListOptions = {}): Promise<DumpList<Netconf>> {
    checkListOptions(options);
    const { family, ifindex } = await this.#query(filter, options);
    const named = filter.names === false ? undefined : await interfaceNamesForList(this.client, options);
    const messages = await this.client.dumpAll(netconfMessage, 'getnetconf', { header: { ncmFamily: family } }, options);
    const out: Netconf[] = [];
    for (const message of messages) {
      if (family !== 0 && message.header.ncmFamily !== family) continue;
      if (ifindex !== undefined && message.attrs.ifindex !== ifindex) continue;
      const netconf = toNetconf(message);
      if (named) addNetconfName(netconf, named.names);
      out.push(netconf);
    }
    return dumpList(out, messages.interrupted || (named?.interrupted ?? false));
  }

  /** What `list` returns, one entry at a time as the kernel sends them (an interrupted dump throws at the end). */
  async *stream(filter: NetconfFilter = {}, options: CallOptions = {}): AsyncGenerator<Netconf, void, undefined> {
    const { family, ifindex } = await this.#query(filter, options);
    const names = filter.names === false ? undefined : await interfaceNames(this.client, options);
    for await (const message of this.client.dump(netconfMessage, 'getnetconf', { header: { ncmFamily: family } }, options)) {
      if (family !== 0 && message.header.ncmFamily !== family) continue;
      if (ifindex !== undefined && message.attrs.ifindex !== ifindex) continue;
      const netconf = toNetconf(message);
      if (names) addNetconfName(netconf, names);
      yield netconf;
    }
  }

  /** A filter checked (`InvalidArgumentError`), its interface resolved. */
  async #query(filter: NetconfFilter, options: CallOptions): Promise<{ family: number; ifindex: number | undefined }> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
    for (const key of Object.keys(filter)) if (!['family', 'dev', 'names'].includes(key)) throw new InvalidArgumentError(`filter.${key}`, 'unknown filter; expected family, dev, names');
    if (filter.names !== undefined && typeof filter.names !== 'boolean') throw new InvalidArgumentError('filter.names', 'expected true or false');
    const family = filter.family === undefined ? 0 : familyOf(filter.family, 'filter.family');
    const ifindex = filter.dev === undefined ? undefined : await this.#index(filter.dev, options);
    return { family, ifindex };
  }

  async #index(dev: NetconfInterface, options: CallOptions): Promise<number> {
    if (dev === 'all') return NETCONF_ALL;
    if (dev === 'default') return NETCONF_DEFAULT;
    return resolveIndex(this.client, dev, 'dev', options);
  }
}
