import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NetlinkError } from '@linx/netlink-wire';
import { inContext, type ErrnoHints } from '../shared/error-context.js';
import { InvalidArgumentError, type InterfaceRef } from '../shared/arguments.js';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { checkListOptions, type CallOptions, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { addrMessage } from '../generated/rt-addr.js';
import { noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import {
  checkInterface,
  familyFilter,
  planAdd,
  planDelete,
  planDeleteListed,
  withIndex,
  type AddressFilter,
  type AddressFlushFilter,
  type AddressMatch,
  type AddressPlan,
  type AddressSettings,
} from './request.js';
import { addAddressName, decodeAddress, type Address } from './shape.js';
import { streamDump } from '../shared/batch-decode.js';
import { interfaceNames, interfaceNamesForList } from '../shared/ifname-cache.js';
import { scopeNumber } from '../route/request.js';
import { FAMILY_NAMES, SCOPE_NAMES } from '../route/names.js';

export { ADDRESS_FLAGS, type Address, type AddressFlag, type AddressLifetime } from './shape.js';
export type { AddressSettings, AddressMatch, AddressFilter, AddressFlushFilter } from './request.js';

const { newaddr: RTM_NEWADDR, deladdr: RTM_DELADDR, getaddr: RTM_GETADDR } = addrMessage.types;

/**
 * The addresses verbs: `rtnl.addresses.list()`, `add('eth0', '10.0.0.1/24')`, … IPv4 and IPv6; interfaces
 * by name or index; addresses as CIDR text. Every verb checks its arguments before sending anything
 * (`InvalidArgumentError`), and the kernel's refusals are `NetlinkError`s with its ext-ack text (adding an
 * address that exists: EEXIST).
 *
 *     await rtnl.addresses.add('eth0', '192.0.2.1/24', { broadcast: true, label: 'eth0:web' });
 *     await rtnl.addresses.add('eth0', '2001:db8::1/64', { flags: ['nodad'], validLifetime: 3600 });
 *     for (const a of await rtnl.addresses.list({ interface: 'eth0' })) console.log(`${a.local}/${a.prefixlen}`, a.scope);
 */
export class Addresses {
  constructor(protected readonly client: FamilyClient) {}

  /** Addresses, of one interface or family if asked (the kernel filters those), as `ip -j addr` shows them. */
  async list(filter: AddressFilter = {}, options: ListOptions = {}): Promise<DumpList<Address>> {
    const query = this.#query(filter);
    checkListOptions(options);
    const index = await this.#dumpIndex(query.dev, options);
    const named = filter.names === false ? undefined : await interfaceNamesForList(this.client, options);
    const names = named?.names;
    const value = { header: { ifaFamily: query.family, ifaIndex: index ?? 0 } };
    let addresses: DumpList<Address>;
    try {
      addresses = await this.client.collect(addrMessage, RTM_GETADDR, value, { replyType: RTM_NEWADDR, decode: decodeAddress, accept: query.accept(index), finish: names && ((address) => addAddressName(address, names)) }, options);
    } catch (error) {
      throw noSuchInterface(error, query.dev);
    }
    return named?.interrupted ? dumpList(addresses, true) : addresses;
  }

  /** Addresses one by one as the kernel sends them (a dump interrupted by a change throws). */
  stream(filter: AddressFilter = {}, options: CallOptions = {}): AsyncGenerator<Address, void, undefined> {
    const query = this.#query(filter);
    const prepare = async () => {
      const index = await this.#dumpIndex(query.dev, options);
      const names = filter.names === false ? undefined : await interfaceNames(this.client, options);
      return { value: { header: { ifaFamily: query.family, ifaIndex: index ?? 0 } }, accept: query.accept(index), finish: names && ((a: Address) => addAddressName(a, names)) };
    };
    return streamDump(this.client, addrMessage, RTM_GETADDR, RTM_NEWADDR, decodeAddress, prepare, (error) => noSuchInterface(error, query.dev), options);
  }

  /**
   * Adds an address (`ip addr add`): `address` is CIDR text (`'10.0.0.1/24'`; a bare address is a /32 or
   * /128). Fails with EEXIST if the interface has it already.
   */
  async add(dev: InterfaceRef, address: string, settings: AddressSettings = {}, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, dev, planAdd(address, settings), options);
  }

  /** Adds an address, or changes it if the interface has it (`ip addr replace`): flags, lifetimes, … */
  async replace(dev: InterfaceRef, address: string, settings: AddressSettings = {}, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, dev, planAdd(address, settings), options);
  }

  /**
   * Removes an address: one `list()` returned, or written out (`delete('eth0', '10.0.0.1/24')`, with the
   * peer or label to tell point-to-point or labelled addresses apart). EADDRNOTAVAIL if there is none.
   */
  delete(address: Address, options?: CallOptions): Promise<void>;
  delete(dev: InterfaceRef, address: string, match?: AddressMatch, options?: CallOptions): Promise<void>;
  async delete(target: InterfaceRef | Address, ...rest: unknown[]): Promise<void> {
    if (typeof target === 'object' && target !== null) {
      const { plan, index } = planDeleteListed(target);
      await this.#send(RTM_DELADDR, 0, index, plan, (rest[0] as CallOptions | undefined) ?? {});
      return;
    }
    const [address, match = {}, options = {}] = rest as [string, AddressMatch | undefined, CallOptions | undefined];
    await this.#send(RTM_DELADDR, 0, target, planDelete(address, match), options);
  }

  /**
   * Removes every address of an interface (of one family or scope if asked), like `ip addr flush dev`;
   * returns how many it removed. IPv4 secondaries go first, so removing a primary does not take them along.
   */
  async flush(dev: InterfaceRef, filter: AddressFlushFilter = {}, options: CallOptions = {}): Promise<number> {
    checkInterface(dev);
    if (typeof filter !== 'object' || filter === null) throw new InvalidArgumentError('filter', 'expected an object');
    const addresses = (await this.list({ ...filter, interface: dev, names: false }, options)).filter((a) => a.family === 'inet' || a.family === 'inet6');
    const secondary = (a: Address) => a.family === 'inet' && a.flags.includes('secondary');
    let removed = 0;
    for (const round of [addresses.filter(secondary), addresses.filter((a) => !secondary(a))]) {
      const results = await Promise.allSettled(round.map((a) => this.delete(a, options)));
      for (const result of results) {
        if (result.status === 'fulfilled') removed++;
        else if (!(result.reason instanceof NetlinkError && result.reason.errnoName === 'EADDRNOTAVAIL')) throw result.reason;
      }
    }
    return removed;
  }

  async #send(type: number, flags: number, dev: InterfaceRef, plan: AddressPlan, options: CallOptions): Promise<void> {
    checkInterface(dev);
    const index = await resolveIndex(this.client, dev, 'dev', options);
    try {
      await this.client.ack(addrMessage, type, withIndex(plan, index), flags, options);
    } catch (error) {
      const verb = type === RTM_DELADDR ? 'delete' : flags & NLM_F_REPLACE ? 'replace' : 'add';
      throw inContext(noSuchInterface(error, dev), () => `addresses.${verb} ${describeAddress(plan)} dev ${dev}`, ADDRESS_HINTS[verb]);
    }
  }

  #query(filter: AddressFilter): Query {
    if (typeof filter !== 'object' || filter === null) throw new InvalidArgumentError('filter', 'expected an object');
    const family = familyFilter(filter.family);
    const dev = filter.interface === undefined ? undefined : checkInterface(filter.interface, 'interface');
    const scope = filter.scope === undefined ? undefined : SCOPE_NAMES[scopeNumber(filter.scope)];
    const label = filter.label;
    const familyName = family === 0 ? undefined : FAMILY_NAMES[family];
    return {
      family,
      dev,
      accept(index) {
        if (familyName === undefined && index === undefined && scope === undefined && label === undefined) return undefined;
        return (a) => (familyName === undefined || a.family === familyName) && (index === undefined || a.ifindex === index) && (scope === undefined || a.scope === scope) && (label === undefined || a.label === label);
      },
    };
  }

  async #dumpIndex(dev: InterfaceRef | undefined, options: CallOptions): Promise<number | undefined> {
    return dev === undefined ? undefined : resolveIndex(this.client, dev, 'dev', options);
  }
}

interface Query {
  family: number;
  dev: InterfaceRef | undefined;
  accept(index: number | undefined): ((address: Address) => boolean) | undefined;
}

/** An address as `ip addr` writes it: `10.0.0.1/24`. */
function describeAddress(plan: AddressPlan): string {
  return `${String(plan.attrs.local ?? plan.attrs.address)}/${plan.header.ifaPrefixlen}`;
}

/** What the kernel's refusals of address changes mean (inet_rtm_newaddr/deladdr, inet6_rtm_newaddr/deladdr). */
const ADDRESS_HINTS = {
  add: { EEXIST: 'the interface has this address already' },
  replace: {},
  delete: { EADDRNOTAVAIL: 'the interface has no such address' },
} as const satisfies Record<string, ErrnoHints>;
