// Neighbour entries (ARP, NDP, bridge FDB) between the kernel's ndmsg + NDA_* attributes and the shapes
// users read and write: names for families, states and flags, text for addresses.
import type { MessageInput, MessageValue } from '@linx/netlink-codec';
import { formatIP, parseIP, parseMAC } from '@linx/netlink-wire';
import { InvalidArgumentError, checkInteger } from '../shared/arguments.js';
import { neighbourAttrs, ndmsg, nudStateValues, ntfExtFlagsValues, ntfFlagsValues, type NtfExtFlags, type NtfFlags, type RtmType } from '../generated/rt-neigh.js';
import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS, nameOf, numberOf, type RouteProtocol } from '../shared/names.js';

type NdmsgFields = typeof ndmsg.fields;
type NeighbourAttributes = typeof neighbourAttrs.attributes;
/** A decoded RTM_NEWNEIGH message (generated declaration). */
export type NeighbourMessageValue = MessageValue<NdmsgFields, NeighbourAttributes>;
/** What an RTM_*NEIGH request encodes. */
export type NeighbourMessageInput = MessageInput<NdmsgFields, NeighbourAttributes>;
/** The attributes of a request, being filled in. */
export type NeighbourAttrsInput = { -readonly [K in keyof NonNullable<NeighbourMessageInput['attrs']>]: NonNullable<NeighbourMessageInput['attrs']>[K] };

/** Neighbour families: ARP (inet), NDP (inet6), the bridge FDB (bridge). */
export type NeighbourFamily = 'inet' | 'inet6' | 'bridge';

/**
 * NUD states: the generated nud-state bits (NUD_* of linux/neighbour.h), and `none`, NUD_NONE (0): an
 * entry being created, or one `ip neigh` shows without a state.
 */
export const NEIGHBOUR_STATES: { readonly none: 0 } & typeof nudStateValues = { none: 0, ...nudStateValues };
export type NeighbourState = keyof typeof NEIGHBOUR_STATES;

/** The generated flag names that iproute2 writes otherwise (`ip neigh … extern_learn`, printed `extern_learn`). */
type RenamedFlag = 'ext-learned';
/** Neighbour flag names: the generated NTF_* and NTF_EXT_* names, NTF_EXT_LEARNED as iproute2 names it. */
export type NeighbourFlag = Exclude<NtfFlags, RenamedFlag> | 'extern-learn' | NtfExtFlags;

/**
 * Neighbour flags: the generated NTF_* bits of ndm_flags, then the NTF_EXT_* bits of NDA_FLAGS_EXT
 * shifted past bit 7 (the codec keeps them apart on the wire). Names with hyphens, as the generated
 * enums have them; NTF_EXT_LEARNED is `extern-learn`, iproute2's word.
 */
export const NEIGHBOUR_FLAGS = (() => {
  const out: Partial<Record<NeighbourFlag, number>> = {};
  for (const [name, bit] of Object.entries(ntfFlagsValues)) out[name === 'ext-learned' ? 'extern-learn' : (name as NeighbourFlag)] = bit;
  for (const [name, bit] of Object.entries(ntfExtFlagsValues)) out[name as NtfExtFlags] = bit * 0x100;
  return out as Readonly<Record<NeighbourFlag, number>>;
})();


/** Other spellings accepted on input: the kernel's and iproute2's. */
const FLAG_ALIASES: Record<string, NeighbourFlag> = { 'ext-learned': 'extern-learn', extern_learn: 'extern-learn', ext_validated: 'ext-validated' };

/** The order in which one state name is chosen when the kernel sets several bits (as `bridge fdb` does). */
const STATE_PRECEDENCE: readonly NeighbourState[] = ['permanent', 'noarp', 'reachable', 'stale', 'delay', 'probe', 'failed', 'incomplete'];

/** Cache timers of an entry (struct nda_cacheinfo), in clock ticks (USER_HZ) since the event. */
export type NeighbourCacheinfo = { confirmed: number; used: number; updated: number; refcnt: number };

/**
 * A neighbour entry: an ARP or NDP cache entry, a proxy entry, or a bridge FDB entry. Besides the named
 * fields it carries every attribute the kernel sent under its generated name (unknown ones, raw, under the
 * codec's `UNKNOWN` symbol), except NDA_IFINDEX, which is `viaIfindex` since `ifindex` is the entry's own
 * interface.
 */
export interface Neighbour {
  family: NeighbourFamily | number;
  /** The interface the entry is on (ndm_ifindex). */
  ifindex: number;
  /** That interface's name (`ip neigh`'s `dev`), when the call looked names up. */
  dev?: string;
  /** The state: one name (with several bits set, the strongest: permanent, noarp, reachable, stale, …). */
  state: NeighbourState;
  /** Every state bit set, by name (unknown bits as numbers); [] for `none`. */
  states: (NeighbourState | number)[];
  /** ndm_flags and NDA_FLAGS_EXT by name (unknown bits as numbers). */
  flags: (NeighbourFlag | number)[];
  /** ndm_type (a route type: 'unicast', 'broadcast', …). */
  type: RtmType | number;
  /** NDA_DST: the neighbour's IP address (for a VXLAN FDB entry, the remote). */
  dst?: string;
  /** NDA_LLADDR: the link-layer address. */
  lladdr?: string;
  cacheinfo?: NeighbourCacheinfo;
  probes?: number;
  vlan?: number;
  port?: number;
  vni?: number;
  /** NDA_IFINDEX (VXLAN FDB: the interface to reach the remote through). */
  viaIfindex?: number;
  /** That interface's name (`bridge fdb`'s `via`), when the call looked names up. */
  viaDev?: string;
  /** NDA_MASTER: the bridge or VRF the interface belongs to. */
  master?: number;
  /** That master's name, when the call looked names up. */
  masterDev?: string;
  linkNetnsid?: number;
  srcVni?: number;
  /** NDA_PROTOCOL: who installed the entry. */
  protocol?: RouteProtocol | number;
  nhId?: number;
  fdbExtAttrs?: Uint8Array;
  flagsExt?: (string | number)[];
  ndmStateMask?: number;
  ndmFlagsMask?: number;
  [key: string | symbol]: unknown;
}

/** Bits of a mask by name, strongest name first for states. */
function bitsToNames<N extends string>(table: Record<N, number>, mask: number): (N | number)[] {
  const out: (N | number)[] = [];
  let rest = mask;
  for (const name in table) {
    const bit = table[name];
    if (bit !== 0 && (rest & bit) === bit) {
      out.push(name);
      rest &= ~bit;
    }
  }
  // rest holds 32 bits at most: it is empty once bit 31 is done.
  for (let bit = 1; rest !== 0; bit *= 2) {
    if (rest & bit) {
      out.push(bit);
      rest &= ~bit;
    }
  }
  return out;
}

/** A bit mask from names or numbers; flags arrive from the codec as lists of names, unknown bits as numbers. */
function maskOf(values: readonly (string | number)[], table: Record<string, number>): number {
  let mask = 0;
  for (const v of values) mask |= typeof v === 'number' ? v : (table[v] ?? 0);
  return mask;
}

/** The friendly shape of a decoded RTM_NEWNEIGH message. */
export function toNeighbour(message: NeighbourMessageValue): Neighbour {
  const { header: h, attrs: a } = message;
  const stateMask = maskOf(h.ndmState, { incomplete: 1, reachable: 2, stale: 4, delay: 8, probe: 16, failed: 32, noarp: 64, permanent: 128 });
  const ndmFlags = maskOf(h.ndmFlags, { use: 1, self: 2, master: 4, proxy: 8, 'ext-learned': 16, offloaded: 32, sticky: 64, router: 128 });
  const extFlags = a.flagsExt === undefined ? 0 : maskOf(a.flagsExt, { managed: 1, locked: 2, 'ext-validated': 4 });
  const states = bitsToNames(NEIGHBOUR_STATES, stateMask);
  const out: Neighbour = {
    family: nameOf(ADDRESS_FAMILIES, h.ndmFamily) as NeighbourFamily | number,
    ifindex: h.ndmIfindex,
    state: STATE_PRECEDENCE.find((s) => stateMask & NEIGHBOUR_STATES[s]) ?? 'none',
    states,
    flags: bitsToNames(NEIGHBOUR_FLAGS, ndmFlags | (extFlags * 0x100)),
    type: h.ndmType,
  };
  // Every attribute under its generated name (the UNKNOWN symbol included), then the friendlier forms.
  for (const key of Reflect.ownKeys(a)) {
    if (key === 'ifindex') continue;
    out[key] = (a as Record<string | symbol, unknown>)[key];
  }
  if (a.ifindex !== undefined) out.viaIfindex = a.ifindex;
  if (a.protocol !== undefined) out.protocol = nameOf(ROUTE_PROTOCOLS, a.protocol) as RouteProtocol | number;
  if (a.cacheinfo !== undefined) out.cacheinfo = { ...a.cacheinfo };
  return out;
}

/** Fills in `dev` (and `masterDev`, `viaDev`) from an index → name map (list, stream, get, and the monitor). */
export function addNeighbourName(neighbour: Neighbour, names: ReadonlyMap<number, string>): void {
  const name = names.get(neighbour.ifindex);
  if (name !== undefined) neighbour.dev = name;
  if (neighbour.master !== undefined) {
    const master = names.get(neighbour.master);
    if (master !== undefined) neighbour.masterDev = master;
  }
  if (neighbour.viaIfindex !== undefined) {
    const via = names.get(neighbour.viaIfindex);
    if (via !== undefined) neighbour.viaDev = via;
  }
}

// ---- input

/** A neighbour entry to add, replace or delete. */
export interface NeighbourSpec {
  /** The interface (name or index). `ifindex` is accepted too, so a listed entry can be passed back. */
  interface?: string | number;
  ifindex?: number;
  /** 'inet', 'inet6' or 'bridge'; by default from `dst` ('bridge' when there is only `lladdr`). */
  family?: NeighbourFamily | number;
  /** The neighbour's IP address (for a bridge FDB entry on a VXLAN device, the remote). */
  dst?: string;
  /** The link-layer address: "aa:bb:cc:dd:ee:ff". Needed for a bridge FDB entry. */
  lladdr?: string;
  /**
   * The state (add/replace): 'permanent' by default, as `ip neigh add`; for the bridge FDB ['noarp',
   * 'permanent'] as `bridge fdb add` ('noarp' alone is `static`, 'reachable' `dynamic`).
   */
  state?: NeighbourState | readonly NeighbourState[];
  /** Flags: 'router', 'proxy' (a proxy entry), 'extern-learn', 'self'/'master' (FDB), 'managed', … */
  flags?: readonly (NeighbourFlag | 'ext-learned' | 'extern_learn' | number)[];
  /** Bridge FDB: the VLAN (1..4094). */
  vlan?: number;
  /** VXLAN FDB: the remote's UDP port, VNI, source VNI, outgoing interface. */
  port?: number;
  vni?: number;
  srcVni?: number;
  viaIfindex?: number;
  /** NDA_PROTOCOL: who installs the entry (a name of ROUTE_PROTOCOLS or 0..255). */
  protocol?: RouteProtocol | number;
  /** A nexthop object id (NDA_NH_ID, FDB nexthop groups). */
  nhId?: number;
}

/** Where the arguments of a spec land in the request. */
export interface NeighbourRequestParts {
  family: number;
  /** The interface as given (still to be resolved to an index). */
  interface: string | number;
  build(ifindex: number): NeighbourMessageInput;
}

const FAMILY_NUMBERS: Readonly<Record<NeighbourFamily, number>> = { inet: ADDRESS_FAMILIES.inet, inet6: ADDRESS_FAMILIES.inet6, bridge: ADDRESS_FAMILIES.bridge };

function flagMask(flags: NeighbourSpec['flags'], argument: string): number {
  if (flags === undefined) return 0;
  if (!Array.isArray(flags)) throw new InvalidArgumentError(argument, `expected a list of flag names, got ${typeof flags}`);
  let mask = 0;
  for (const flag of flags) {
    // Bits without a name, as a listed entry carries them; only the kernel's low 8 bits are ndm_flags.
    if (typeof flag === 'number' && Number.isInteger(flag) && flag > 0 && flag <= 0x80) {
      mask |= flag;
      continue;
    }
    const name = FLAG_ALIASES[flag as string] ?? flag;
    if (!Object.hasOwn(NEIGHBOUR_FLAGS, name as PropertyKey)) {
      throw new InvalidArgumentError(argument, `unknown neighbour flag ${JSON.stringify(flag)}; expected some of ${Object.keys(NEIGHBOUR_FLAGS).join(', ')}`);
    }
    mask |= NEIGHBOUR_FLAGS[name as NeighbourFlag];
  }
  return mask;
}

/** A state mask from a name or names; throws `InvalidArgumentError` for unknown names. */
export function stateMask(state: NeighbourSpec['state'], argument = 'state'): number {
  const names = typeof state === 'string' ? [state] : state;
  if (!Array.isArray(names)) throw new InvalidArgumentError(argument, `expected a state name or a list of them, got ${typeof state}`);
  let mask = 0;
  for (const name of names) {
    if (!Object.hasOwn(NEIGHBOUR_STATES, name as PropertyKey)) {
      throw new InvalidArgumentError(argument, `unknown neighbour state ${JSON.stringify(name)}; expected ${Object.keys(NEIGHBOUR_STATES).join(', ')}`);
    }
    mask |= NEIGHBOUR_STATES[name as NeighbourState];
  }
  return mask;
}

/** The family a spec is for, from `family`, `dst` or `lladdr`. */
export function neighbourFamily(spec: { family?: unknown; dst?: unknown; lladdr?: unknown }, argument = 'neighbour'): NeighbourFamily {
  // A family number becomes its name; anything else comes back as it is.
  const family: unknown = nameOf(ADDRESS_FAMILIES, spec.family as number);
  if (family !== undefined && !Object.hasOwn(FAMILY_NUMBERS, family as PropertyKey)) {
    throw new InvalidArgumentError(`${argument}.family`, `${JSON.stringify(family)} is not a neighbour family (inet, inet6, bridge)`);
  }
  const fromDst = typeof spec.dst === 'string' ? (spec.dst.includes(':') ? 'inet6' : 'inet') : undefined;
  if (family === 'inet' || family === 'inet6') {
    if (fromDst !== undefined && fromDst !== family) throw new InvalidArgumentError(`${argument}.dst`, `${spec.dst as string} is not an ${family === 'inet' ? 'IPv4' : 'IPv6'} address`);
    return family;
  }
  if (family === 'bridge') return 'bridge';
  if (fromDst) return fromDst;
  if (spec.lladdr !== undefined) return 'bridge';
  throw new InvalidArgumentError(`${argument}.dst`, 'a neighbour needs an IP address (dst), or a family and a link-layer address (lladdr) for the bridge FDB');
}

/** An IP address (IPv6 when it has a colon, as neighbourFamily decided the family). */
function addressBytes(text: unknown, argument: string): Uint8Array {
  if (typeof text !== 'string') throw new InvalidArgumentError(argument, `expected an IP address string, got ${typeof text}`);
  try {
    return parseIP(text);
  } catch {
    throw new InvalidArgumentError(argument, `${JSON.stringify(text)} is not an IP address`);
  }
}

function checkMac(text: unknown, argument: string): string {
  if (typeof text !== 'string') throw new InvalidArgumentError(argument, `expected a link-layer address like "aa:bb:cc:dd:ee:ff", got ${typeof text}`);
  try {
    parseMAC(text);
  } catch {
    throw new InvalidArgumentError(argument, `${JSON.stringify(text)} is not a link-layer address`);
  }
  return text;
}

/**
 * Checks a spec and prepares its request (`purpose` decides what is sent: an entry to create has a
 * state and its attributes; to delete or get, its key). Throws `InvalidArgumentError` before anything is sent.
 */
export function neighbourRequest(spec: NeighbourSpec, purpose: 'create' | 'delete' | 'get', argument = 'neighbour'): NeighbourRequestParts {
  if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError(argument, `expected a neighbour object, got ${spec === null ? 'null' : typeof spec}`);
  const family = neighbourFamily(spec, argument);
  const ref = spec.interface ?? spec.ifindex;
  if (ref === undefined) throw new InvalidArgumentError(`${argument}.interface`, 'a neighbour entry is on an interface: give its name or index');
  if (typeof ref !== 'string' && typeof ref !== 'number') throw new InvalidArgumentError(`${argument}.interface`, `expected an interface name or index, got ${typeof ref}`);
  const flags = flagMask(spec.flags, `${argument}.flags`);
  // A bridge FDB entry's dst (a VXLAN remote) is either.
  const dst = spec.dst === undefined ? undefined : addressBytes(spec.dst, `${argument}.dst`);
  const lladdr = spec.lladdr === undefined ? undefined : checkMac(spec.lladdr, `${argument}.lladdr`);
  if (family !== 'bridge' && dst === undefined) throw new InvalidArgumentError(`${argument}.dst`, 'an ARP or NDP entry needs its IP address (dst)');
  if (family === 'bridge' && lladdr === undefined) throw new InvalidArgumentError(`${argument}.lladdr`, 'a bridge FDB entry needs its link-layer address (lladdr)');
  // The state iproute2 sends (ipneigh_modify, bridge's fdb_modify: the same default for add and delete,
  // proxy entries included): NUD_PERMANENT, NUD_NOARP | NUD_PERMANENT for the FDB. Deleting a device's own
  // FDB entry (`self`, ndo_dflt_fdb_del) needs NUD_PERMANENT; ARP, NDP and proxy deletes ignore it.
  let state = 0;
  if (purpose === 'create' || purpose === 'delete') {
    // A managed entry (NTF_EXT_MANAGED) gets none: the kernel refuses one that is permanent, and ip sends 0.
    const managed = (flags & NEIGHBOUR_FLAGS.managed) !== 0;
    state = spec.state !== undefined ? stateMask(spec.state, `${argument}.state`) : family === 'bridge' ? NEIGHBOUR_STATES.noarp | NEIGHBOUR_STATES.permanent : managed ? 0 : NEIGHBOUR_STATES.permanent;
  }
  const attrs: NeighbourAttrsInput = {};
  if (dst) attrs.dst = formatIP(dst);
  if (lladdr !== undefined) attrs.lladdr = lladdr;
  if (spec.vlan !== undefined) attrs.vlan = checkInteger(spec.vlan, `${argument}.vlan`, 1, 4094);
  if (purpose === 'create' || family === 'bridge') {
    if (spec.port !== undefined) attrs.port = checkInteger(spec.port, `${argument}.port`, 0, 0xffff);
    if (spec.vni !== undefined) attrs.vni = checkInteger(spec.vni, `${argument}.vni`, 0, 0xff_ffff);
    if (spec.srcVni !== undefined) attrs.srcVni = checkInteger(spec.srcVni, `${argument}.srcVni`, 0, 0xff_ffff);
    if (spec.viaIfindex !== undefined) attrs.ifindex = checkInteger(spec.viaIfindex, `${argument}.viaIfindex`, 1, 0x7fff_ffff);
    if (spec.nhId !== undefined) attrs.nhId = checkInteger(spec.nhId, `${argument}.nhId`, 1, 0xffff_ffff);
  }
  if (purpose === 'create' && spec.protocol !== undefined) {
    const protocol = numberOf(ROUTE_PROTOCOLS, spec.protocol as string | number);
    if (protocol === undefined) {
      throw new InvalidArgumentError(`${argument}.protocol`, `unknown protocol ${JSON.stringify(spec.protocol)}; expected a name of ROUTE_PROTOCOLS or 0..255`);
    }
    attrs.protocol = checkInteger(protocol, `${argument}.protocol`, 0, 255);
  }
  // A delete names the entry: for the FDB, self/master say whose table; proxy says the proxy table.
  const ndmFlags = purpose === 'create' ? flags & 0xff : flags & (NEIGHBOUR_FLAGS.proxy | NEIGHBOUR_FLAGS.self | NEIGHBOUR_FLAGS.master);
  const extFlags = purpose === 'create' ? flags >>> 8 : 0;
  if (extFlags) attrs.flagsExt = extFlags;
  return {
    family: FAMILY_NUMBERS[family],
    interface: ref,
    build: (ifindex) => ({
      header: { ndmFamily: FAMILY_NUMBERS[family], ndmIfindex: ifindex, ndmState: state, ndmFlags, ndmType: 0 },
      attrs,
    }),
  };
}
