// Nexthop objects (`ip nexthop`) between the kernel's nhmsg + NHA_* attributes and the shapes users read.
import { DecodeError, attr, attrset, custom, decode, encode, ip, message, type MessageInput, type MessageValue } from '@linx/netlink-codec';
import { compileStruct, onFirstUse } from '@linx/netlink-codec/runtime';
import { nexthopAttrs, nexthopGrp, nexthopMessage, nhmsg, type RtnhFlags } from '../generated/rt-nexthop.js';
import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS, SCOPES, nameOf, type AddressFamily, type RouteProtocol, type Scope } from '../shared/names.js';

/**
 * The kernel's clock_t unit (USER_HZ): the resilient group timers and bucket idle times are in these
 * ticks; shapes give seconds, as `ip` prints them. 100 on every architecture linx runs on.
 */
export const USER_HZ = 100;

/** One member of a nexthop group: a nexthop's id and its weight (1..65536; the kernel before 6.12 takes 1..256). */
export interface NexthopGroupMember {
  id: number;
  weight: number;
}

/** sizeof(struct nexthop_grp), from the generated struct. */
const GRP_SIZE = onFirstUse(() => compileStruct(nexthopGrp).size!);

/**
 * NHA_GROUP: an array of struct nexthop_grp (the spec can only say "binary"; the codec has no array of
 * structs), each entry read and written with the generated struct. The weight is stored less one, its
 * high byte in weight_high (Linux 6.12).
 */
const groupType = custom<NexthopGroupMember[], readonly NexthopGroupMember[]>(
  'nexthop-grp[]',
  (payload) => {
    const size = GRP_SIZE();
    if (payload.length % size !== 0) throw new DecodeError(`NHA_GROUP is ${payload.length} bytes, not a whole number of ${size}-byte entries`, 0, ['group']);
    const out: NexthopGroupMember[] = [];
    for (let at = 0; at < payload.length; at += size) {
      const entry = decode(nexthopGrp, payload.subarray(at, at + size));
      out.push({ id: entry.id, weight: entry.weight + entry.weightHigh * 256 + 1 });
    }
    return out;
  },
  (members) => {
    const size = GRP_SIZE();
    const bytes = new Uint8Array(members.length * size);
    members.forEach((m, i) => bytes.set(encode(nexthopGrp, { id: m.id, weight: (m.weight - 1) & 0xff, weightHigh: (m.weight - 1) >> 8 }), i * size));
    return bytes;
  },
);

/** The generated nexthop message with NHA_GATEWAY as an address (4 or 16 bytes) and NHA_GROUP as its members. */
export const nexthopAttrsShaped = attrset('nexthop-attrs', { ...nexthopAttrs.attributes, gateway: attr(6, ip()), group: attr(2, groupType) });
export const nexthopShapedMessage = message('nexthop', { header: nhmsg, attrs: nexthopAttrsShaped, types: nexthopMessage.types });

type NexthopHeaderFields = typeof nhmsg.fields;
type NexthopAttributes = typeof nexthopAttrsShaped.attributes;
export type NexthopMessageValue = MessageValue<NexthopHeaderFields, NexthopAttributes>;
export type NexthopMessageInput = MessageInput<NexthopHeaderFields, NexthopAttributes>;

/** The group types, as `ip` names them ('resilient' is the kernel's NEXTHOP_GRP_TYPE_RES). */
export type NexthopGroupType = 'mpath' | 'resilient';

/** A resilient group's buckets and timers (seconds, as `ip` shows them). */
export interface NexthopResilient {
  buckets: number;
  /** Seconds a bucket must be idle before it may move to another member. */
  idleTimer: number;
  /** Seconds the group may stay unbalanced before buckets move even if not idle (0: never forced). */
  unbalancedTimer: number;
  /** Seconds the group has been unbalanced. */
  unbalancedTime: number;
}

/**
 * A nexthop object, as the kernel reports it (RTM_NEWNEXTHOP): one next hop (a gateway and/or device,
 * or blackhole), or a group of other nexthops. `dev` is the output interface's name when the call looked
 * names up.
 */
export interface Nexthop {
  id: number;
  /** The gateway's family; 'unspec' for groups. */
  family: AddressFamily | number;
  scope: Scope | number;
  protocol: RouteProtocol | number;
  flags: (RtnhFlags | number)[];
  gateway?: string;
  oif?: number;
  dev?: string;
  blackhole?: true;
  /** A nexthop (or group) for the bridge FDB (VXLAN remote), not for routes. */
  fdb?: true;
  group?: NexthopGroupMember[];
  /** Only on groups. */
  groupType?: NexthopGroupType | number;
  /** Only on resilient groups. */
  resilient?: NexthopResilient;
  encapType?: number;
  /** The lightweight-tunnel encapsulation, raw (a nest specific to encapType). */
  encap?: Uint8Array;
  /**
   * Whether hardware statistics are enabled on a group (NHA_HW_STATS_ENABLE; reported with `stats`), and
   * used by a driver (NHA_HW_STATS_USED; reported with `stats: 'hw'`).
   */
  hwStatsEnable?: boolean;
  hwStatsUsed?: boolean;
  /** Per-member packet counts of a group, when asked for (`list({ stats: true })`, `get(id, { stats: true })`). */
  stats?: NexthopMemberStats[];
}

/** A group member's packet counts (NHA_GROUP_STATS, Linux 6.9; asked for with `stats`). */
export interface NexthopMemberStats {
  id: number;
  /** Packets the kernel sent through this member. */
  packets: bigint;
  /** Packets a driver forwarded in hardware (with `stats: 'hw'`, where a driver counts them). */
  packetsHw?: bigint;
}

/** A bucket of a resilient group (RTM_NEWNEXTHOPBUCKET): which member it sends to, and how long it has been idle. */
export interface NexthopBucket {
  /** The group's id. */
  id: number;
  index: number;
  /** Seconds since the bucket last carried traffic. */
  idleTime: number;
  /** The member nexthop the bucket sends to. */
  nhId: number;
  flags: (RtnhFlags | number)[];
}

const seconds = (ticks: number | bigint | undefined): number => Number(ticks ?? 0) / USER_HZ;

/** The friendly shape of a decoded RTM_NEWNEXTHOP. */
export function toNexthop(message: NexthopMessageValue): Nexthop {
  const { header: h, attrs: a } = message;
  const out: Nexthop = {
    id: a.id ?? 0,
    family: nameOf(ADDRESS_FAMILIES, h.nhFamily) as AddressFamily | number,
    scope: nameOf(SCOPES, h.nhScope) as Scope | number,
    protocol: nameOf(ROUTE_PROTOCOLS, h.nhProtocol) as RouteProtocol | number,
    flags: h.nhFlags as (RtnhFlags | number)[],
  };
  if (a.gateway !== undefined) out.gateway = a.gateway;
  if (a.oif !== undefined) out.oif = a.oif;
  if (a.blackhole) out.blackhole = true;
  if (a.fdb) out.fdb = true;
  if (a.group !== undefined) {
    out.group = a.group;
    const type = a.groupType ?? 'mpath';
    out.groupType = type === 'res' ? 'resilient' : type;
  }
  if (a.resGroup !== undefined) {
    const r = a.resGroup;
    out.resilient = { buckets: r.buckets ?? 0, idleTimer: seconds(r.idleTimer), unbalancedTimer: seconds(r.unbalancedTimer), unbalancedTime: seconds(r.unbalancedTime) };
  }
  if (a.encapType !== undefined) out.encapType = a.encapType;
  if (a.encap !== undefined) out.encap = a.encap;
  if (a.hwStatsEnable !== undefined) out.hwStatsEnable = a.hwStatsEnable !== 0;
  if (a.hwStatsUsed !== undefined) out.hwStatsUsed = a.hwStatsUsed !== 0;
  if (a.groupStats !== undefined) {
    out.stats = (a.groupStats.entry ?? []).map((e) => {
      const s: NexthopMemberStats = { id: e.id ?? 0, packets: BigInt(e.packets ?? 0) };
      if (e.packetsHw !== undefined) s.packetsHw = BigInt(e.packetsHw);
      return s;
    });
  }
  return out;
}

/** The friendly shape of a decoded RTM_NEWNEXTHOPBUCKET. */
export function toNexthopBucket(message: NexthopMessageValue): NexthopBucket {
  const b = message.attrs.resBucket ?? {};
  return { id: message.attrs.id ?? 0, index: b.index ?? 0, idleTime: seconds(b.idleTime), nhId: b.nhId ?? 0, flags: message.header.nhFlags as (RtnhFlags | number)[] };
}

/** Fills in `dev` from an index → name map. */
export function addNexthopName(nexthop: Nexthop, names: ReadonlyMap<number, string>): void {
  // Stryker disable next-line ConditionalExpression: names.get(undefined) is undefined, which sets nothing either; the return only saves the lookup.
  if (nexthop.oif === undefined) return;
  const name = names.get(nexthop.oif);
  if (name !== undefined) nexthop.dev = name;
}
