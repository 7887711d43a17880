// What `rtnl.nexthops.add/replace` take, checked before anything is sent, and the request they make.
import { InvalidArgumentError, checkIfname, checkIndex, checkInteger, parsePrefix, type InterfaceRef } from '../shared/arguments.js';
import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS, type RouteProtocol } from '../shared/names.js';
import { rtnhFlagsValues } from '../generated/rt-nexthop.js';
import { USER_HZ, type NexthopGroupMember, type NexthopGroupType, type NexthopMessageInput } from './shape.js';

const U32 = 0xffff_ffff;
/** The largest weight: the kernel (6.12+) keeps weight - 1 in 16 bits. */
export const MAX_NEXTHOP_WEIGHT = 65536;

/** A nexthop to add or replace (`ip nexthop add|replace`). Exactly one of: a gateway and/or dev, blackhole, or group. */
export interface NexthopSpec {
  /** 1..2^32-1; left out, the kernel picks one (which the call cannot return: give one to find it again). */
  id?: number;
  /** 'inet' or 'inet6'; by default the gateway's (and 'inet' for a dev alone or a blackhole, as `ip`). */
  family?: 'inet' | 'inet6';
  gateway?: string;
  /** The output interface, by name or index (looked up before sending: an unknown name is `NoSuchInterfaceError`). */
  dev?: InterfaceRef;
  /** The gateway is on the link even if no address says so (RTNH_F_ONLINK). */
  onlink?: boolean;
  blackhole?: boolean;
  /** For the bridge FDB (VXLAN remotes): a gateway without dev, or a group of fdb nexthops. */
  fdb?: boolean;
  /** A group's members: ids, or `{ id, weight }` (weight 1..65536, 1 by default). */
  group?: readonly (number | { id: number; weight?: number })[];
  /** 'mpath' (hash-threshold, the default) or 'resilient'. */
  groupType?: NexthopGroupType;
  /** A resilient group's buckets (1..65535; the kernel's default 128) and timers in seconds. */
  resilient?: { buckets?: number; idleTimer?: number; unbalancedTimer?: number };
  protocol?: RouteProtocol | number;
  /** Hardware statistics on a group (NHA_HW_STATS_ENABLE, Linux 6.10). */
  hwStats?: boolean;
}

const SPEC_KEYS = new Set(['id', 'family', 'gateway', 'dev', 'onlink', 'blackhole', 'fdb', 'group', 'groupType', 'resilient', 'protocol', 'hwStats']);

/** A checked spec: the message, with the interface still to resolve. */
export interface NexthopRequest {
  dev?: InterfaceRef;
  build(oif: number | undefined): NexthopMessageInput;
}

function checkBoolean(value: unknown, argument: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, `expected true or false, got ${typeof value}`);
  return value;
}

/** A nexthop id: 1..2^32-1. */
export function checkNexthopId(id: unknown, argument: string): number {
  return checkInteger(id, argument, 1, U32);
}

function checkMembers(group: unknown, argument: string): NexthopGroupMember[] {
  if (!Array.isArray(group) || group.length === 0) throw new InvalidArgumentError(argument, 'expected a non-empty list of member ids or { id, weight }');
  const seen = new Set<number>();
  return group.map((member: unknown, i) => {
    let id: number;
    let weight = 1;
    if (typeof member === 'number') id = checkNexthopId(member, `${argument}[${i}]`);
    else if (member !== null && typeof member === 'object') {
      const m = member as { id?: unknown; weight?: unknown };
      id = checkNexthopId(m.id, `${argument}[${i}].id`);
      if (m.weight !== undefined) weight = checkInteger(m.weight, `${argument}[${i}].weight`, 1, MAX_NEXTHOP_WEIGHT);
    } else throw new InvalidArgumentError(`${argument}[${i}]`, `expected a nexthop id or { id, weight }, got ${member === null ? 'null' : typeof member}`);
    // The kernel refuses it too ("Duplicate nexthop id in group"), after the lookups: say so first.
    if (seen.has(id)) throw new InvalidArgumentError(`${argument}[${i}]`, `nexthop ${id} is in the group twice`);
    seen.add(id);
    return { id, weight };
  });
}

function seconds(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || Math.round(value * USER_HZ) > U32) {
    throw new InvalidArgumentError(argument, `${String(value)} is not a time in seconds (0..${Math.floor(U32 / USER_HZ)})`);
  }
  return Math.round(value * USER_HZ);
}

/**
 * Checks a spec and prepares the RTM_NEWNEXTHOP; throws `InvalidArgumentError` before anything is sent
 * for what the kernel would refuse: a group with a gateway, dev or blackhole, a blackhole with a gateway or
 * dev, an fdb nexthop with a dev or blackhole, resilient settings without a resilient group, bad ids,
 * weights or times. Attributes go in iproute2's order (id, group, resilient nest, group type, then the rest).
 */
export function nexthopRequest(spec: NexthopSpec, argument = 'nexthop'): NexthopRequest {
  if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError(argument, `expected a nexthop object, got ${spec === null ? 'null' : typeof spec}`);
  for (const key of Object.keys(spec)) if (!SPEC_KEYS.has(key)) throw new InvalidArgumentError(`${argument}.${key}`, `unknown field; expected ${[...SPEC_KEYS].join(', ')}`);
  const attrs: { -readonly [K in keyof NonNullable<NexthopMessageInput['attrs']>]: NonNullable<NexthopMessageInput['attrs']>[K] } = {};
  if (spec.id !== undefined) attrs.id = checkNexthopId(spec.id, `${argument}.id`);
  const blackhole = checkBoolean(spec.blackhole, `${argument}.blackhole`);
  const fdb = checkBoolean(spec.fdb, `${argument}.fdb`);
  const onlink = checkBoolean(spec.onlink, `${argument}.onlink`);
  const hwStats = spec.hwStats === undefined ? undefined : checkBoolean(spec.hwStats, `${argument}.hwStats`);
  let dev: InterfaceRef | undefined;
  if (spec.dev !== undefined) dev = typeof spec.dev === 'number' ? checkIndex(spec.dev, `${argument}.dev`) : checkIfname(spec.dev, `${argument}.dev`);
  let family = 0;
  if (spec.family !== undefined) {
    if (spec.family !== 'inet' && spec.family !== 'inet6') throw new InvalidArgumentError(`${argument}.family`, `expected 'inet' or 'inet6', got ${JSON.stringify(spec.family)}`);
    family = ADDRESS_FAMILIES[spec.family];
  }
  let protocol = 0;
  if (spec.protocol !== undefined) {
    if (typeof spec.protocol === 'number') protocol = checkInteger(spec.protocol, `${argument}.protocol`, 0, 255);
    else if (Object.hasOwn(ROUTE_PROTOCOLS, spec.protocol)) protocol = ROUTE_PROTOCOLS[spec.protocol];
    else throw new InvalidArgumentError(`${argument}.protocol`, `unknown protocol ${JSON.stringify(spec.protocol)}`);
  }
  if (spec.group !== undefined) {
    for (const other of ['gateway', 'dev', 'blackhole', 'onlink'] as const) {
      if (spec[other] !== undefined && spec[other] !== false) throw new InvalidArgumentError(`${argument}.${other}`, 'a group has no gateway, dev, onlink or blackhole of its own (its members have)');
    }
    attrs.group = checkMembers(spec.group, `${argument}.group`);
    const type = spec.groupType ?? (spec.resilient !== undefined ? 'resilient' : 'mpath');
    if (type !== 'mpath' && type !== 'resilient') throw new InvalidArgumentError(`${argument}.groupType`, `expected 'mpath' or 'resilient', got ${JSON.stringify(type)}`);
    if (type === 'resilient') {
      const r = spec.resilient ?? {};
      // `??` has turned null into {}: what is left to refuse is a non-object.
      if (typeof r !== 'object') throw new InvalidArgumentError(`${argument}.resilient`, 'expected { buckets, idleTimer, unbalancedTimer }');
      const resGroup: Record<string, number> = {};
      if (r.buckets !== undefined) resGroup.buckets = checkInteger(r.buckets, `${argument}.resilient.buckets`, 1, 0xffff);
      if (r.idleTimer !== undefined) resGroup.idleTimer = seconds(r.idleTimer, `${argument}.resilient.idleTimer`);
      if (r.unbalancedTimer !== undefined) resGroup.unbalancedTimer = seconds(r.unbalancedTimer, `${argument}.resilient.unbalancedTimer`);
      // As ip: no NHA_RES_GROUP when nothing is set (the kernel's defaults apply either way).
      if (Object.keys(resGroup).length > 0) attrs.resGroup = resGroup;
      attrs.groupType = 'res';
    } else if (spec.resilient !== undefined) {
      throw new InvalidArgumentError(`${argument}.resilient`, "resilient settings go with groupType 'resilient'");
    }
  } else {
    if (spec.groupType !== undefined) throw new InvalidArgumentError(`${argument}.groupType`, 'a group type needs a group');
    if (spec.resilient !== undefined) throw new InvalidArgumentError(`${argument}.resilient`, 'resilient settings need a group');
    if (hwStats !== undefined) throw new InvalidArgumentError(`${argument}.hwStats`, 'hardware statistics are a group setting');
    if (blackhole) {
      for (const other of ['gateway', 'dev', 'fdb', 'onlink'] as const) {
        if (spec[other] !== undefined && spec[other] !== false) throw new InvalidArgumentError(`${argument}.${other}`, 'a blackhole nexthop has no gateway, dev, onlink or fdb');
      }
      attrs.blackhole = true;
    } else if (spec.gateway === undefined && dev === undefined) {
      throw new InvalidArgumentError(argument, 'a nexthop needs a gateway, a dev, a group, or blackhole');
    }
    if (spec.gateway !== undefined) {
      const p = parsePrefix(spec.gateway, `${argument}.gateway`);
      if (spec.gateway.includes('/')) throw new InvalidArgumentError(`${argument}.gateway`, `${JSON.stringify(spec.gateway)} is a prefix, not an address`);
      const f = ADDRESS_FAMILIES[p.family];
      if (family !== 0 && family !== f) throw new InvalidArgumentError(`${argument}.gateway`, `${p.address} is not an ${family === 2 ? 'IPv4' : 'IPv6'} address (the nexthop is ${family === 2 ? 'inet' : 'inet6'})`);
      family = f;
      attrs.gateway = p.address;
    }
    if (fdb && dev !== undefined) throw new InvalidArgumentError(`${argument}.dev`, 'an fdb nexthop has no dev');
    if (onlink && spec.gateway === undefined) throw new InvalidArgumentError(`${argument}.onlink`, 'onlink needs a gateway');
    // As ip: a nexthop of its own has a family (IPv4 unless said); a group has none.
    if (family === 0) family = ADDRESS_FAMILIES.inet;
  }
  if (fdb) attrs.fdb = true;
  if (hwStats !== undefined) attrs.hwStatsEnable = hwStats ? 1 : 0;
  const header = { nhFamily: family, nhScope: 0, nhProtocol: protocol, nhFlags: onlink ? rtnhFlagsValues.onlink : 0 };
  return {
    // Stryker disable next-line ConditionalExpression: { dev: undefined } reads as no dev to every caller (`request.dev === undefined`).
    ...(dev === undefined ? {} : { dev }),
    build(oif) {
      // Stryker disable next-line ConditionalExpression: an attribute set to undefined is not encoded, so { oif: undefined } sends the same bytes.
      return { header, attrs: oif === undefined ? attrs : { ...attrs, oif } };
    },
  };
}
