import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import { inContext, type ErrnoHints } from '../shared/error-context.js';
import { AbortError, dumpList, type DumpList, type NetnsTarget } from '@linx/netlink-socket';
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NetlinkError, parseMAC } from '@linx/netlink-wire';
import { InvalidArgumentError, checkIfname, checkIndex, type InterfaceRef } from '../shared/arguments.js';
import { checkListOptions, decodeChunk, type CallOptions, type ChunkReader, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { NoSuchInterfaceError, interfaceName, noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { interfaceNames, interfaceNamesForList } from '../shared/ifname-cache.js';
import { LINK_TYPES, type LinkType } from '../shared/names.js';
import { U32, checkBoolean, checkKeys, checkMac, checkName, checkUint, describe } from './checks.js';
import { linkMessage } from '../generated/rt-link.js';
import { linkRequestMessage } from './request-layout.js';
import { portSettings, type LinkBondPortSettings, type LinkBridgePortSettings } from './ports.js';
import { kindHandler, type BuildContext, type LinkKind, type LinkKindOptionMap } from './kinds.js';
import { addLinkNames, linkReferences, toLink, type Link } from './link.js';
import { checkNetns, openNetns, placeholderNetns, type CheckedNetns, type NetnsAttrs } from './netns.js';

const { newlink: RTM_NEWLINK, dellink: RTM_DELLINK, getlink: RTM_GETLINK, newlinkprop: RTM_NEWLINKPROP, dellinkprop: RTM_DELLINKPROP } = linkMessage.types;
/** Replies are decoded with the generated declaration (requests are laid out by ./request-layout.ts). */
const linkCodec = onFirstUse(() => compileMessage(linkMessage));
type LinkMessageValue = ReturnType<ReturnType<typeof linkCodec>['decode']>;
const linkReader: ChunkReader<LinkMessageValue> = { replyType: RTM_NEWLINK, decode: (bytes, view, start, end) => linkCodec().decodeAt(bytes, view, start, end) };
const IFF_UP = 1;
/** IFLA_MASTER -1 in a dump request: only links without a master (Linux 6.4). */
const NO_MASTER = 0xffff_ffff;
const IFALIASZ = 256;

/** What every link can be created with, whatever its kind. */
export interface LinkCommonOptions {
  /** The new link's name (1 to 15 bytes, no "/", ":", NUL or whitespace). */
  name: string;
  /** The lower device (IFLA_LINK): required by vlan, macvlan, macvtap, ipvlan, ipvtap. */
  link?: InterfaceRef;
  mtu?: number;
  /** The link-layer address, "02:00:00:00:00:01". */
  address?: string;
  broadcast?: string;
  /** Transmit queue length (`ip … txqueuelen`). */
  txqlen?: number;
  alias?: string;
  /** Enslave to a bridge or bond at once. */
  master?: InterfaceRef;
  /** Bring it up at once. */
  up?: boolean;
}

/** `create`'s argument: the common options, `kind`, and that kind's options. */
export type LinkCreateOptions = { [K in LinkKind]: LinkCommonOptions & { kind: K } & LinkKindOptionMap[K] }[LinkKind];

/** Changes `set` makes to any link. */
export interface LinkChanges {
  /** Up (true) or down (false). */
  up?: boolean;
  mtu?: number;
  /** A new name. */
  name?: string;
  address?: string;
  broadcast?: string;
  txqlen?: number;
  /** A new alias; null or '' removes it. */
  alias?: string | null;
  /** Enslave to a bridge or bond; null releases it (`ip link set … nomaster`). */
  master?: InterfaceRef | null;
  /**
   * Move the link to another network namespace: a name (`/run/netns/NAME`, sent as IFLA_NET_NS_FD),
   * `{ name }`, `{ path }`, `{ pid }` (IFLA_NET_NS_PID) or an open `{ fd }`.
   */
  netns?: NetnsTarget;
  /** A bridge port's settings (`ip link set DEV type bridge_slave …`); the link must be a bridge's port. */
  bridgePort?: LinkBridgePortSettings;
  /** A bond port's settings (`ip link set DEV type bond_slave …`); the link must be a bond's port. */
  bondPort?: LinkBondPortSettings;
}

/** `set`'s argument: common changes, and with `kind` (the link's own) that kind's settings. */
export type LinkSetOptions = LinkChanges &
  (
    | { kind?: undefined }
    | { [K in Exclude<LinkKind, LinkKindReplacedWhole>]: { kind: K } & Partial<Omit<LinkKindOptionMap[K], 'link' | 'peer'>> }[Exclude<LinkKind, LinkKindReplacedWhole>]
    | { kind: LinkKindReplacedWhole }
  );

/** Kinds whose settings the kernel replaces as a whole: `set` takes their kind but not their settings (delete and create instead). */
export type LinkKindReplacedWhole = 'gre' | 'gretap' | 'ip6gre' | 'ip6gretap' | 'ipip' | 'sit' | 'ip6tnl' | 'xfrm';

/** Which links `list` and `stream` return. */
export interface LinkFilter {
  /** Links of this kind ('bridge', 'veth', …): filtered by the kernel (IFLA_LINKINFO) and here. */
  kind?: string;
  /** Ports of this master: filtered by the kernel (IFLA_MASTER); null: links without a master. */
  master?: InterfaceRef | null;
  /** Only links that are up (true) or down (false): filtered here. */
  up?: boolean;
  /** Only links of this link-layer type ('ether', 'loopback', or the ARPHRD number): filtered here. */
  type?: LinkType | number;
  /**
   * false: RTEXT_FILTER_SKIP_STATS, for smaller dumps: the kernel leaves out the IPv6 statistics
   * (`afSpec.inet6.stats`, `.icmp6stats`) and the VF statistics. The link counters (`stats64`) stay.
   */
  stats?: boolean;
  /** false: no names for `masterDev` and `linkDev` (for a filtered list or a stream, no link dump for them). */
  names?: boolean;
}

type Data = Record<string, unknown>;
type LinkRequest = { header: Data; attrs: Data };

const COMMON_CREATE_KEYS = ['name', 'kind', 'link', 'mtu', 'address', 'broadcast', 'txqlen', 'alias', 'master', 'up'];
const CHANGE_KEYS = ['up', 'mtu', 'name', 'address', 'broadcast', 'txqlen', 'alias', 'master', 'netns', 'kind', 'bridgePort', 'bondPort'];
const FILTER_KEYS = new Set(['kind', 'master', 'up', 'type', 'stats', 'names']);
const encoder = new TextEncoder();

/**
 * The links verbs: `list`, `stream`, `get`, `create`, `delete`, `set`. Interfaces are named by name or
 * index; arguments are checked before anything is sent (`InvalidArgumentError`, or the codec's
 * `InvalidValueError` with the attribute path); the kernel's refusals are `NetlinkError`s with its
 * ext-ack text. Every verb takes `{ timeout, signal }` last (per request).
 *
 *     await rtnl.links.create({ name: 'v0', kind: 'veth', peer: { name: 'v1', netns: 'blue' } });
 *     await rtnl.links.set('v0', { up: true, mtu: 9000, master: 'br0' });
 *     for (const link of await rtnl.links.list({ kind: 'bridge' })) console.log(link.ifname, link.linkinfo?.data);
 */
export class Links {
  constructor(protected readonly client: FamilyClient) {}

  /** Every link (matching `filter`), from one RTM_GETLINK dump (redone if a change interrupts it). */
  async list(filter: LinkFilter = {}, options: ListOptions = {}): Promise<DumpList<Link>> {
    const checked = checkFilter(filter);
    checkListOptions(options);
    notAborted(options);
    const { request, accept } = await this.#dumpRequest(checked, options);
    notAborted(options);
    const messages = await this.client.collect(linkRequestMessage, RTM_GETLINK, request as never, linkReader, options);
    const out: Link[] = [];
    for (const message of messages) {
      const link = toLink(message);
      if (accept(link)) out.push(link);
    }
    let interrupted = messages.interrupted;
    if (checked.names) {
      // The dump names most masters and parents itself; a filtered one may leave some out.
      let names = new Map<number, string>();
      for (const message of messages) if (message.attrs.ifname !== undefined) names.set(message.header.ifiIndex, message.attrs.ifname);
      if (out.some((link) => linkReferences(link).some((index) => !names.has(index)))) {
        const named = await interfaceNamesForList(this.client, options);
        names = named.names;
        interrupted ||= named.interrupted;
      }
      for (const link of out) addLinkNames(link, names);
    }
    return dumpList(out, interrupted);
  }

  /**
   * The links one at a time as the kernel sends them, for huge tables: memory stays bounded (reading
   * pauses while the consumer is behind). A dump interrupted by a concurrent change ends with
   * `DumpInterruptedError` after its last link (`list` retries instead).
   */
  stream(filter: LinkFilter = {}, options: CallOptions = {}): AsyncGenerator<Link, void, undefined> {
    const checked = checkFilter(filter);
    return this.#stream(checked, options);
  }

  async *#stream(filter: CheckedFilter, options: CallOptions): AsyncGenerator<Link, void, undefined> {
    notAborted(options);
    const { request, accept } = await this.#dumpRequest(filter, options);
    const names = filter.names ? await interfaceNames(this.client, options) : undefined;
    notAborted(options);
    for await (const chunk of this.client.chunks(linkRequestMessage, RTM_GETLINK, request as never, options)) {
      for (const message of decodeChunk(chunk, linkReader)) {
        const link = toLink(message);
        if (!accept(link)) continue;
        if (names !== undefined) addLinkNames(link, names);
        yield link;
      }
    }
  }

  /**
   * One link by name or index; `NoSuchInterfaceError` when there is none. Its master and parent are
   * named (`masterDev`, `linkDev`) with a request each.
   */
  async get(ref: InterfaceRef, options: CallOptions = {}): Promise<Link> {
    const request = typeof ref === 'number' ? { header: { ifiIndex: checkIndex(ref, 'interface') }, attrs: {} } : { header: {}, attrs: { ifname: checkIfname(ref, 'interface') } };
    notAborted(options);
    let link: Link;
    try {
      const [reply] = (await this.client.requestRaw(linkRequestMessage, RTM_GETLINK, request, 0, { ...options, ack: false })).filter((m) => m.type === RTM_NEWLINK);
      if (!reply) throw new NoSuchInterfaceError(ref);
      link = toLink(linkCodec().decode(reply.payload));
    } catch (error) {
      throw noSuchInterface(error, ref);
    }
    const names = new Map<number, string>();
    for (const index of linkReferences(link)) {
      // One that went away meanwhile stays unnamed.
      const name = await interfaceName(this.client, index, options).catch((error: unknown) => {
        if (error instanceof NoSuchInterfaceError) return undefined;
        throw error;
      });
      if (name !== undefined) names.set(index, name);
    }
    addLinkNames(link, names);
    return link;
  }

  /**
   * Creates a link (RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL, laid out as `ip link add` does) and
   * returns it as `get` shows it. A name that exists already is EEXIST from the kernel.
   *
   *     await links.create({ name: 'br0', kind: 'bridge', stp: true, forwardDelay: 400 });
   *     await links.create({ name: 'vl5', kind: 'vlan', link: 'eth0', id: 5, protocol: '802.1ad' });
   *     await links.create({ name: 'vx0', kind: 'vxlan', vni: 42, port: 4789, group: '239.1.1.1', dev: 'eth0' });
   */
  async create(spec: LinkCreateOptions, options: CallOptions = {}): Promise<Link> {
    const build = createRequest(spec);
    try {
      await this.#send(build, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, options);
    } catch (error) {
      throw inContext(error, () => `links.create ${(spec as LinkCommonOptions).name}${typeof spec.kind === 'string' ? ` type ${spec.kind}` : ''}`, LINK_HINTS.create);
    }
    const { name, alias } = spec as LinkCommonOptions;
    // The kernel ignores IFLA_IFALIAS in a create (rtnl_newlink takes it only in do_setlink, so
    // `ip link add … alias X` makes a link without one): it is sent as iproute2 sends it, then set.
    if (alias !== undefined && alias !== '') await this.set(name, { alias }, options);
    return this.get(name, options);
  }

  /** Deletes a link (RTM_DELLINK; by name the kernel looks it up itself). Deleting one end of a veth pair deletes both. */
  async delete(ref: InterfaceRef, options: CallOptions = {}): Promise<void> {
    const request = typeof ref === 'number' ? { header: { ifiIndex: checkIndex(ref, 'interface') }, attrs: {} } : { header: {}, attrs: { ifname: checkIfname(ref, 'interface') } };
    notAborted(options);
    try {
      await this.client.request(linkRequestMessage, RTM_DELLINK, request, 0, options);
    } catch (error) {
      throw inContext(noSuchInterface(error, ref), () => `links.delete ${ref}`, LINK_HINTS.delete);
    }
  }

  /**
   * Adds alternative names to a link (`ip link property add dev DEV altname NAME…`: RTM_NEWLINKPROP with
   * IFLA_PROP_LIST of IFLA_ALT_IFNAME). Each name is 1 to 127 bytes; the kernel refuses one that is taken
   * (EEXIST) and adds none then. Listed links show them as `altnames`.
   */
  async addAltnames(ref: InterfaceRef, names: string[], options: CallOptions = {}): Promise<void> {
    await this.#altnames(RTM_NEWLINKPROP, NLM_F_CREATE | NLM_F_EXCL | NLM_F_APPEND, 'links.addAltnames', ref, names, options);
  }

  /** Removes alternative names from a link (`ip link property del dev DEV altname NAME…`: RTM_DELLINKPROP); an unknown name is ENOENT. */
  async deleteAltnames(ref: InterfaceRef, names: string[], options: CallOptions = {}): Promise<void> {
    await this.#altnames(RTM_DELLINKPROP, 0, 'links.deleteAltnames', ref, names, options);
  }

  async #altnames(type: number, flags: number, call: string, ref: InterfaceRef, names: unknown, options: CallOptions): Promise<void> {
    const checkedRef = typeof ref === 'number' ? checkIndex(ref, 'interface') : checkIfname(ref, 'interface');
    const altIfname = checkAltnames(names);
    notAborted(options);
    try {
      const index = await resolveIndex(this.client, checkedRef, 'interface', options);
      notAborted(options);
      // As iproute2 sends it: the index in the header, IFLA_PROP_LIST with NLA_F_NESTED, each name with its NUL.
      await this.client.request(linkMessage, type, { header: { ifiIndex: index }, attrs: { propList: { altIfname } } }, flags, options);
    } catch (error) {
      throw inContext(noSuchInterface(error, ref), () => `${call} ${ref} ${altIfname.join(' ')}`, LINK_HINTS.altnames);
    }
  }

  /**
   * Changes a link (RTM_NEWLINK on its index, as `ip link set` does): up/down, mtu, name, address,
   * broadcast, txqlen, alias, master/nomaster, namespace; with `kind`, that kind's settings (e.g.
   * `{ kind: 'bridge', stp: true }`).
   */
  async set(ref: InterfaceRef, changes: LinkSetOptions, options: CallOptions = {}): Promise<void> {
    const build = setRequest(ref, changes);
    const { address, broadcast, bridgePort, bondPort } = changes as { address?: string; broadcast?: string; bridgePort?: unknown; bondPort?: unknown };
    const port = bridgePort !== undefined ? 'bridge' : bondPort !== undefined ? 'bond' : undefined;
    const check =
      address === undefined && broadcast === undefined && port === undefined
        ? undefined
        : async () => {
            const link = await this.get(ref, options);
            this.#checkAddressLengths(link, { address, broadcast });
            if (port !== undefined) checkMasterKind(link, port);
          };
    try {
      await this.#send(build, RTM_NEWLINK, 0, options, check);
    } catch (error) {
      throw inContext(noSuchInterface(error, ref), () => `links.set ${ref}`, LINK_HINTS.set);
    }
  }

  /**
   * Builds a request twice: first with stand-ins for interfaces and namespaces, encoded but not sent,
   * so that every bad argument throws before anything goes to the kernel; then, once names are resolved
   * and namespace files opened, for real.
   */
  /**
   * A new address or broadcast address must be as long as the link's (6 bytes on Ethernet): the kernel
   * takes the first dev->addr_len bytes of a longer one and pads a shorter one without a word. iproute2
   * reads the link's IFLA_ADDRESS first and refuses ("Invalid address length"); so does this, with an
   * `InvalidArgumentError` naming the argument, before the change is sent.
   */
  #checkAddressLengths(link: Link, given: { address: string | undefined; broadcast: string | undefined }): void {
    for (const argument of ['address', 'broadcast'] as const) {
      const text = given[argument];
      if (text === undefined) continue;
      const length = parseMAC(text).length;
      const current = link[argument];
      const expected = current === undefined ? 0 : parseMAC(current).length;
      if (length !== expected) {
        throw new InvalidArgumentError(argument, `${JSON.stringify(text)} is ${length} bytes; ${link.ifname ?? `link ${link.index}`}'s ${argument === 'address' ? 'link-layer addresses' : 'broadcast addresses'} are ${expected} bytes`);
      }
    }
  }

  async #send(build: (context: BuildContext) => LinkRequest, type: number, flags: number, options: CallOptions, check?: () => Promise<void>): Promise<void> {
    const refs = new Map<string, InterfaceRef>();
    const spaces = new Map<string, CheckedNetns>();
    const dryRun: BuildContext = {
      index(ref, argument) {
        const checked = typeof ref === 'number' ? checkIndex(ref, argument) : checkIfname(ref, argument);
        refs.set(argument, checked);
        return typeof checked === 'number' ? checked : 1;
      },
      netns(target, argument) {
        const checked = checkNetns(target, argument);
        spaces.set(argument, checked);
        return placeholderNetns(checked);
      },
    };
    compileMessage(linkRequestMessage).encode(build(dryRun) as never);
    notAborted(options);
    if (check) {
      await check();
      notAborted(options);
    }

    const opened = new Map<string, { attrs: NetnsAttrs; close: () => Promise<void> }>();
    try {
      for (const [argument, netns] of spaces) opened.set(argument, await openNetns(netns, argument));
      const indexes = new Map<string, number>();
      await Promise.all(
        [...refs].map(async ([argument, ref]) => {
          indexes.set(argument, await resolveIndex(this.client, ref, argument, options));
        }),
      );
      const request = build({ index: (_ref, argument) => indexes.get(argument)!, netns: (_target, argument) => opened.get(argument)!.attrs });
      notAborted(options);
      await this.client.request(linkRequestMessage, type, request as never, flags, options);
    } finally {
      for (const { close } of opened.values()) await close();
    }
  }

  async #dumpRequest(filter: CheckedFilter, options: CallOptions): Promise<{ request: LinkRequest; accept: (link: Link) => boolean }> {
    const master = filter.master === undefined || filter.master === null ? filter.master : await resolveIndex(this.client, filter.master, 'master', options);
    const attrs: Data = {};
    if (!filter.stats) attrs.extMask = ['skip-stats'];
    if (master !== undefined) attrs.master = master === null ? NO_MASTER : master;
    if (filter.kind !== undefined) attrs.linkinfo = { kind: filter.kind };
    const accept = (link: Link) =>
      (filter.kind === undefined || link.linkinfo?.kind === filter.kind) &&
      (master === undefined || (master === null ? !link.master : link.master === master)) &&
      (filter.up === undefined || link.flags.includes('up') === filter.up) &&
      (filter.type === undefined || link.type === filter.type || LINK_TYPES[link.type as LinkType] === filter.type);
    return { request: { header: {}, attrs }, accept };
  }
}

interface CheckedFilter {
  kind?: string;
  master?: InterfaceRef | null;
  up?: boolean;
  type?: LinkType | number;
  stats: boolean;
  names: boolean;
}

function checkFilter(filter: unknown): CheckedFilter {
  const f = checkKeys(filter, FILTER_KEYS, '', 'a link filter', 'filter');
  const out: CheckedFilter = { stats: f.stats === undefined ? true : checkBoolean(f.stats, 'stats'), names: f.names === undefined ? true : checkBoolean(f.names, 'names') };
  if (f.kind !== undefined) {
    if (typeof f.kind !== 'string' || f.kind === '' || f.kind.includes('\0') || encoder.encode(f.kind).length > 63) {
      throw new InvalidArgumentError('kind', `${describe(f.kind)} is not a link kind`);
    }
    out.kind = f.kind;
  }
  if (f.master !== undefined) out.master = f.master === null ? null : typeof f.master === 'number' ? checkIndex(f.master, 'master') : checkIfname(f.master, 'master');
  if (f.up !== undefined) out.up = checkBoolean(f.up, 'up');
  if (f.type !== undefined) out.type = typeof f.type === 'number' ? checkUint(f.type, 'type', 0xffff) : checkName(f.type, LINK_TYPES, 'type');
  return out;
}

/**
 * Port settings go to a port of a master of their kind: the kernel parses IFLA_INFO_SLAVE_DATA with the
 * master's own policy whatever IFLA_INFO_KIND says (a bond port's queue_id sent to a bridge port would set
 * its IFLA_BRPORT_GUARD), so the link's master kind is read first and a mismatch refused.
 */
function checkMasterKind(link: Link, kind: 'bridge' | 'bond'): void {
  const argument = kind === 'bridge' ? 'bridgePort' : 'bondPort';
  const name = link.ifname ?? `link ${link.index}`;
  const actual = link.linkinfo?.slaveKind;
  if (actual !== kind) throw new InvalidArgumentError(argument, actual === undefined ? `${name} is not a port of a ${kind} (it has no master)` : `${name} is a port of a ${actual}, not of a ${kind}`);
}

/** ALTIFNAMSIZ 128 (linux/if.h): an alternative name has at most 127 bytes. */
const ALTIFNAME_MAX = 127;

function checkAltnames(names: unknown): string[] {
  if (!Array.isArray(names) || names.length === 0) throw new InvalidArgumentError('names', `expected a non-empty array of names, got ${describe(names)}`);
  return names.map((name, i) => {
    if (typeof name !== 'string' || name === '' || name.includes('\0') || name.includes('/') || /\s/.test(name) || encoder.encode(name).length > ALTIFNAME_MAX) {
      throw new InvalidArgumentError(`names[${i}]`, `${describe(name)} is not an interface name (1 to ${ALTIFNAME_MAX} bytes, no "/", NUL or whitespace)`);
    }
    return name;
  });
}

function checkAlias(value: unknown, argument: string, clearable: boolean): string {
  if (value === null && clearable) return '';
  if (typeof value !== 'string' || value.includes('\0')) throw new InvalidArgumentError(argument, `expected a string without NUL${clearable ? ' (or null to remove it)' : ''}, got ${describe(value)}`);
  const bytes = encoder.encode(value).length;
  if (bytes > IFALIASZ - 1) throw new InvalidArgumentError(argument, `${bytes} bytes; an alias has at most ${IFALIASZ - 1}`);
  return value;
}

/** The settings every request shares, in `ip link`'s order. */
function common(o: Record<string, unknown>, context: BuildContext, create: boolean): LinkRequest {
  const attrs: Data = {};
  const header: Data = {};
  if (o.up !== undefined) {
    header.ifiFlags = checkBoolean(o.up, 'up') ? ['up'] : [];
    header.ifiChange = IFF_UP;
  }
  if (o.mtu !== undefined) attrs.mtu = checkUint(o.mtu, 'mtu', U32);
  if (o.address !== undefined) attrs.address = checkMac(o.address, 'address');
  if (o.broadcast !== undefined) attrs.broadcast = checkMac(o.broadcast, 'broadcast');
  if (o.txqlen !== undefined) attrs.txqlen = checkUint(o.txqlen, 'txqlen', U32);
  if (o.alias !== undefined) attrs.ifalias = checkAlias(o.alias, 'alias', !create);
  if (o.master !== undefined) attrs.master = o.master === null && !create ? 0 : context.index(o.master, 'master');
  if (o.netns !== undefined) Object.assign(attrs, context.netns(o.netns, 'netns'));
  if (o.link !== undefined) attrs.link = context.index(o.link, 'link');
  if (o.name !== undefined) attrs.ifname = checkIfname(o.name, 'name');
  return { header, attrs };
}

/**
 * The create request for `spec`, checked. With `iproute2Defaults` (what `create` sends), the data gets
 * what `ip link add` sends unasked (a vxlan's learning, an ipvlan mode's flags); without, only what the
 * caller asked for (what reconcile compares with the kernel's).
 */
export function createRequest(spec: unknown, iproute2Defaults = true): (context: BuildContext) => LinkRequest {
  if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError('spec', `expected the new link's options, got ${describe(spec)}`);
  const kind = (spec as { kind?: unknown }).kind;
  const handler = kindHandler(kind);
  const o = checkKeys(spec, new Set([...COMMON_CREATE_KEYS, ...handler.keys]), '', `a ${String(kind)} link`, 'spec');
  const build = (context: BuildContext): LinkRequest => {
    if (o.name === undefined) throw new InvalidArgumentError('name', 'the new link needs a name');
    if (handler.needsLink && o.link === undefined) throw new InvalidArgumentError('link', `a ${String(kind)} link needs its lower device`);
    const request = common(o, context, true);
    const asked = handler.data(o, context, true);
    const data = iproute2Defaults && handler.iproute2Defaults ? handler.iproute2Defaults(asked, o, true) : asked;
    request.attrs.linkinfo = data === undefined ? { kind } : { kind, data };
    return request;
  };
  return build;
}

function setRequest(ref: unknown, changes: unknown): (context: BuildContext) => LinkRequest {
  const kind = typeof changes === 'object' && changes !== null ? (changes as { kind?: unknown }).kind : undefined;
  const handler = kind === undefined ? undefined : kindHandler(kind);
  const keys = new Set([...CHANGE_KEYS, ...(handler?.keys.filter((key) => key !== 'peer') ?? [])]);
  const o = checkKeys(changes, keys, '', kind === undefined ? 'set (without a kind)' : `a ${String(kind)} link`, 'changes');
  if (Object.values(o).every((value) => value === undefined)) throw new InvalidArgumentError('changes', 'nothing to change');
  return (context) => {
    const index = context.index(ref, 'interface');
    const request = common(o, context, false);
    request.header.ifiIndex = index;
    const port = portSettings(o, context);
    if (port !== undefined && handler) throw new InvalidArgumentError('kind', "a link's own kind settings and its port settings go in two calls (as with ip)");
    if (handler) {
      const asked = handler.data(o, context, false);
      if (asked !== undefined && handler.noChange !== undefined) throw new InvalidArgumentError('kind', `a ${String(kind)} link's settings cannot be changed in place: ${handler.noChange}`);
      const data = handler.iproute2Defaults ? handler.iproute2Defaults(asked, o, false) : asked;
      request.attrs.linkinfo = data === undefined ? { kind } : { kind, data };
    }
    if (port !== undefined) request.attrs.linkinfo = port;
    return request;
  };
}

/**
 * An already aborted signal stops a call before it sends anything (the connection would send the
 * request and only then give up on its answer, so a change could still happen).
 */
function notAborted(options: CallOptions): void {
  if (options.signal?.aborted) throw new AbortError(options.signal.reason);
}

/** What the kernel's refusals of link changes mean (rtnl_newlink, rtnl_dellink, do_setlink). */
const LINK_HINTS = {
  create: { EEXIST: 'an interface with this name exists', EOPNOTSUPP: 'this kernel has no interfaces of this kind (its module is not loaded)' },
  delete: { EOPNOTSUPP: 'this interface cannot be deleted (only interfaces that were created, such as veth or bridge, can)' },
  set: { EBUSY: 'the interface is busy: bring it down first', EEXIST: 'an interface with this name exists', EOPNOTSUPP: 'the link is not a port of a master of that kind, or its kind cannot change this' },
  altnames: { EEXIST: 'an interface has this name already', ENOENT: 'the link has no such alternative name' },
} as const satisfies Record<string, ErrnoHints>;
