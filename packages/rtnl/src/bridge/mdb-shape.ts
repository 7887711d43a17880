// Bridge multicast database entries (`bridge mdb`) between the generated rt-mdb declarations (linx's own
// spec, tools/ynl-gen/specs/rt-mdb.yaml) and the shapes users read and give.
import { attr, attrset, headedNest, message, nest, type MessageInput, type MessageValue } from '@linx/netlink-codec';
import { formatIP, formatMAC, parseIPv4, parseIPv6, parseMAC } from '@linx/netlink-wire';
import { brMdbEntry, brPortMsg, mdbAttrs, mdbEattrAttrs, mdbEntryAttrs, mdbListAttrs, mdbMessage, type MdbFlags } from '../generated/rt-mdb.js';
import { InvalidArgumentError, checkInteger, type InterfaceRef } from '../shared/arguments.js';
import { ROUTE_PROTOCOLS, nameOf, type RouteProtocol } from '../shared/names.js';
import { checkVid } from './vlan-shape.js';
import { ethPValues } from '../generated/tc.js';
// The kernel's clock_t unit: MDBA_MDB_EATTR_TIMER and the sources' timers are in these ticks.
import { USER_HZ } from '../nexthop/shape.js';

/** br_mdb_entry.addr.proto of IPv4 and IPv6 groups (0 for a MAC group): ETH_P_IP and ETH_P_IPV6. */
const { ip: ETH_P_IP, ipv6: ETH_P_IPV6 } = ethPValues;

/**
 * MDBA_MDB_ENTRY_INFO is a struct br_mdb_entry followed by MDBA_MDB_EATTR_* attributes in one payload
 * (the spec can only call it the struct); read here as the struct with its attributes.
 */
const entryAttrs = attrset('mdb-entry-attrs', { ...mdbEntryAttrs.attributes, info: attr(1, headedNest(brMdbEntry, mdbEattrAttrs), { multi: true }) });
const listAttrs = attrset('mdb-list-attrs', { ...mdbListAttrs.attributes, entry: attr(1, nest(entryAttrs), { multi: true }) });
const attrs = attrset('mdb-attrs', { ...mdbAttrs.attributes, mdb: attr(1, nest(listAttrs)) });
export const mdbShapedMessage = message('mdb', { header: brPortMsg, attrs, types: mdbMessage.types });
export type MdbMessageValue = MessageValue<typeof brPortMsg.fields, typeof attrs.attributes>;
export type MdbMessageInput = MessageInput<typeof brPortMsg.fields, typeof attrs.attributes>;

/** A source of an IGMPv3/MLDv2 group and the time it has left. */
export interface MdbSource {
  address: string;
  /** Seconds left. */
  timer: number;
}

/** One port's membership of a multicast group (`bridge mdb show`). */
export interface MdbEntry {
  /** The bridge. */
  ifindex: number;
  dev?: string;
  /** The port (the bridge itself for groups the host joined). */
  port: number;
  portDev?: string;
  /** The group: an IPv4 or IPv6 address, or a MAC address. */
  group: string;
  /** The source of an (S, G) entry. */
  source?: string;
  /** 'permanent' (added, never expires) or 'temp' (learned, or added to expire). */
  state: 'permanent' | 'temp' | number;
  flags: (MdbFlags | number)[];
  /** The VLAN, when not 0. */
  vid?: number;
  /** Who installed it (MDBA_MDB_EATTR_RTPROT): 'kernel' for learned entries, 'static' for added ones. */
  protocol?: RouteProtocol | number;
  /** IGMPv3/MLDv2 filter mode of a (*, G) entry, and its sources. */
  filterMode?: 'include' | 'exclude';
  sources?: MdbSource[];
  /** Seconds left before a temporary entry expires (0 for permanent ones). */
  timer?: number;
}

function groupText(addr: Uint8Array, proto: number): string {
  if (proto === ETH_P_IP) return formatIP(addr.subarray(0, 4));
  if (proto === ETH_P_IPV6) return formatIP(addr.subarray(0, 16));
  return formatMAC(addr.subarray(0, 6));
}

/** The entries of one RTM_NEWMDB message (a bridge's groups, each with its ports). */
export function toMdbEntries(message: MdbMessageValue, names?: Map<number, string>): MdbEntry[] {
  const out: MdbEntry[] = [];
  const bridge = message.header.ifindex;
  for (const group of message.attrs.mdb?.entry ?? []) {
    for (const info of group.info ?? []) {
      // A headed nest's value: the struct under `header`, the attributes beside it.
      const h = info.header;
      const a = info;
      const entry: MdbEntry = {
        ifindex: bridge,
        port: h.ifindex,
        group: groupText(h.addr, h.proto),
        state: h.state === 'permanent' ? 'permanent' : h.state === 'temporary' ? 'temp' : h.state,
        flags: h.flags,
      };
      const dev = names?.get(bridge);
      if (dev !== undefined) entry.dev = dev;
      const portDev = names?.get(h.ifindex);
      if (portDev !== undefined) entry.portDev = portDev;
      if (a.source !== undefined) entry.source = formatIP(a.source);
      if (h.vid !== 0) entry.vid = h.vid;
      if (a.rtprot !== undefined) entry.protocol = nameOf(ROUTE_PROTOCOLS, a.rtprot) as RouteProtocol | number;
      if (a.groupMode !== undefined) entry.filterMode = a.groupMode === MCAST_INCLUDE ? 'include' : 'exclude';
      if (a.srcList !== undefined) {
        entry.sources = (a.srcList.entry ?? []).flatMap((s: { address?: Uint8Array; timer?: number }) => (s.address === undefined ? [] : [{ address: formatIP(s.address), timer: (s.timer ?? 0) / USER_HZ }]));
      }
      if (a.timer !== undefined) entry.timer = a.timer / USER_HZ;
      out.push(entry);
    }
  }
  return out;
}

// ---- input

/** A port's membership to add or delete (`bridge mdb add|del dev BRIDGE port PORT grp GROUP …`). */
export interface MdbSpec {
  /** The bridge. */
  dev: InterfaceRef;
  /** The port (or the bridge itself, for the host). */
  port: InterfaceRef;
  /** A multicast group: IPv4 (224.0.0.0/4), IPv6 (ff00::/8) or a multicast MAC address. */
  group: string;
  /** The source of an (S, G) entry (IGMPv3/MLDv2), of the group's family. */
  source?: string;
  /** The VLAN, 1..4094. */
  vid?: number;
  /** 'temp' (the default, as `bridge mdb add`: it expires like a learned one) or 'permanent'. Not for delete. */
  state?: 'permanent' | 'temp';
  /**
   * A (*, G) entry's IGMPv3/MLDv2 filter mode and sources (MDBE_ATTR_GROUP_MODE, MDBE_ATTR_SRC_LIST, Linux
   * 6.3; the bridge must run IGMPv3 or MLDv2): the kernel makes an (S, G) entry per source. Not for delete.
   */
  filterMode?: 'include' | 'exclude';
  sources?: readonly string[];
}

const SPEC_KEYS = new Set(['dev', 'port', 'group', 'source', 'vid', 'state', 'filterMode', 'sources']);
/** MCAST_EXCLUDE and MCAST_INCLUDE of linux/in.h: MDBA_MDB_EATTR_GROUP_MODE's values. */
const MCAST_EXCLUDE = 0;
const MCAST_INCLUDE = 1;

type EntryInput = { addr: Uint8Array; proto: number };

function groupBytes(group: unknown, argument: string): EntryInput {
  if (typeof group !== 'string') throw new InvalidArgumentError(argument, 'expected a multicast group: an IPv4, IPv6 or MAC address');
  const addr = new Uint8Array(16);
  if (/^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i.test(group)) {
    const mac = parseMAC(group);
    if ((mac[0]! & 1) === 0) throw new InvalidArgumentError(argument, `${group} is not a multicast MAC address`);
    addr.set(mac);
    return { addr, proto: 0 };
  }
  if (group.includes(':')) {
    const bytes = parseAddress(parseIPv6, group, argument);
    if (bytes[0] !== 0xff) throw new InvalidArgumentError(argument, `${group} is not an IPv6 multicast address (ff00::/8)`);
    addr.set(bytes);
    return { addr, proto: ETH_P_IPV6 };
  }
  const bytes = parseAddress(parseIPv4, group, argument);
  if (bytes[0]! < 224 || bytes[0]! > 239) throw new InvalidArgumentError(argument, `${group} is not an IPv4 multicast address (224.0.0.0/4)`);
  addr.set(bytes);
  return { addr, proto: ETH_P_IP };
}

function parseAddress(parse: (text: string) => Uint8Array, text: string, argument: string): Uint8Array {
  try {
    return parse(text);
  } catch {
    throw new InvalidArgumentError(argument, `${JSON.stringify(text)} is not an IP or MAC address`);
  }
}

/** The checked spec, and the request it makes but for the bridge's and port's indexes. */
export function mdbRequest(spec: MdbSpec, purpose: 'create' | 'delete', argument = 'entry') {
  if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError(argument, `expected an MDB entry object, got ${spec === null ? 'null' : typeof spec}`);
  for (const key of Object.keys(spec)) if (!SPEC_KEYS.has(key)) throw new InvalidArgumentError(`${argument}.${key}`, `unknown option; expected ${[...SPEC_KEYS].join(', ')}`);
  for (const key of ['dev', 'port'] as const) {
    if (typeof spec[key] !== 'string' && typeof spec[key] !== 'number') throw new InvalidArgumentError(`${argument}.${key}`, `an MDB entry needs its ${key === 'dev' ? 'bridge' : 'port'}: give its name or index`);
  }
  const group = groupBytes(spec.group, `${argument}.group`);
  const vid = spec.vid === undefined ? 0 : checkVid(spec.vid, `${argument}.vid`);
  if (spec.state !== undefined && spec.state !== 'permanent' && spec.state !== 'temp') throw new InvalidArgumentError(`${argument}.state`, `unknown state ${JSON.stringify(spec.state)}; expected permanent or temp`);
  if (purpose === 'delete' && spec.state !== undefined) throw new InvalidArgumentError(`${argument}.state`, 'an entry is deleted by its bridge, port, group, source and VLAN, not its state');
  let source: Uint8Array | undefined;
  if (spec.source !== undefined) {
    if (group.proto === 0) throw new InvalidArgumentError(`${argument}.source`, 'a MAC group has no source');
    if (typeof spec.source !== 'string') throw new InvalidArgumentError(`${argument}.source`, 'expected an IP address');
    source = parseAddress(group.proto === ETH_P_IP ? parseIPv4 : parseIPv6, spec.source, `${argument}.source`);
  }
  if (spec.filterMode !== undefined && spec.filterMode !== 'include' && spec.filterMode !== 'exclude') throw new InvalidArgumentError(`${argument}.filterMode`, `expected include or exclude, got ${JSON.stringify(spec.filterMode)}`);
  if (spec.sources !== undefined && !Array.isArray(spec.sources)) throw new InvalidArgumentError(`${argument}.sources`, 'expected a list of IP addresses');
  if (spec.filterMode !== undefined || spec.sources !== undefined) {
    if (purpose === 'delete') throw new InvalidArgumentError(`${argument}.${spec.filterMode !== undefined ? 'filterMode' : 'sources'}`, 'an entry is deleted by its key, not its filter mode or sources');
    if (group.proto === 0) throw new InvalidArgumentError(`${argument}.filterMode`, 'a MAC group has no IGMPv3/MLDv2 filter mode or sources');
    if (source !== undefined) throw new InvalidArgumentError(`${argument}.source`, 'a filter mode and sources belong to a (*, G) entry, not an (S, G) one');
  }
  const sources = (spec.sources ?? []).map((s, i) => parseAddress(group.proto === ETH_P_IP ? parseIPv4 : parseIPv6, s, `${argument}.sources[${i}]`));
  const groupMode = spec.filterMode === undefined ? undefined : spec.filterMode === 'include' ? MCAST_INCLUDE : MCAST_EXCLUDE;
  const entryAttrs: { source?: Uint8Array; groupMode?: number; srcList?: { entry: { address: Uint8Array }[] } } = {};
  if (source !== undefined) entryAttrs.source = source;
  if (groupMode !== undefined) entryAttrs.groupMode = groupMode;
  if (spec.sources !== undefined) entryAttrs.srcList = { entry: sources.map((address) => ({ address })) };
  const state = spec.state === 'permanent' ? ('permanent' as const) : ('temporary' as const);
  return {
    dev: spec.dev,
    port: spec.port,
    build: (bridge: number, port: number) => ({
      header: { family: 7, ifindex: bridge },
      attrs: {
        entry: { ifindex: port, state, flags: [], vid: checkInteger(vid, `${argument}.vid`, 0, 4094), addr: group.addr, proto: group.proto },
        ...(Object.keys(entryAttrs).length === 0 ? {} : { entryAttrs }),
      },
    }),
  };
}
