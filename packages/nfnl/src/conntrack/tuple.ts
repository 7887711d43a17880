import { InvalidArgumentError } from '@linx/netlink-socket';
import { ipProtocolName, ipProtocolNumber, parseIPv4, parseIPv6, type IpProtocol } from '@linx/netlink-wire';
import { checkInteger } from '../arguments.js';

/** A conntrack entry's layer-3 family: 'ip' (AF_INET) or 'ip6' (AF_INET6), as nfnl names families. */
export type ConntrackFamily = 'ip' | 'ip6';

/** One direction of a connection, as the kernel tracks it. */
export interface ConntrackTuple {
  /** Source and destination address, as text. */
  src: string;
  dst: string;
  /** The layer-4 protocol by name ('tcp', 'udp', 'icmp', 'icmpv6', 'sctp', …), or its number when it has none. */
  protocol: IpProtocol | number;
  /** Ports (tcp, udp, udplite, sctp, dccp). */
  sport?: number;
  dport?: number;
  /** ICMP's or ICMPv6's type, code and id. */
  icmp?: { type: number; code: number; id: number };
  /** The zone of this direction (CTA_TUPLE_ZONE), where the entry has directional zones. */
  zone?: number;
}

/**
 * A tuple to look for, create or filter by: any part may be left out where the verb allows it. The family
 * follows from the addresses; ports and ICMP fields need `protocol`.
 */
export interface TupleSpec {
  src?: string;
  dst?: string;
  protocol?: IpProtocol | number;
  sport?: number;
  dport?: number;
  icmp?: { type?: number; code?: number; id?: number };
  /**
   * This direction's zone (CTA_TUPLE_ZONE): an entry whose zone holds in one direction only (iptables' CT
   * `--zone-orig`/`--zone-reply`, conntrack's `--orig-zone`/`--reply-zone`). Looking such an entry up needs it.
   */
  zone?: number;
}

type TupleInput = Record<string, unknown>;

/** A decoded CTA_TUPLE_* nest as a `ConntrackTuple`. */
export function tupleFrom(t: { tupleIp?: { ipV4Src?: string; ipV4Dst?: string; ipV6Src?: string; ipV6Dst?: string }; tupleProto?: Record<string, number | undefined>; tupleZone?: number }): ConntrackTuple {
  const ip = t.tupleIp ?? {};
  const p = t.tupleProto ?? {};
  const num = p.protoNum ?? 0;
  const tuple: ConntrackTuple = { src: ip.ipV4Src ?? ip.ipV6Src ?? '', dst: ip.ipV4Dst ?? ip.ipV6Dst ?? '', protocol: ipProtocolName(num) ?? num };
  if (p.protoSrcPort !== undefined) tuple.sport = p.protoSrcPort;
  if (p.protoDstPort !== undefined) tuple.dport = p.protoDstPort;
  if (p.protoIcmpType !== undefined) tuple.icmp = { type: p.protoIcmpType, code: p.protoIcmpCode ?? 0, id: p.protoIcmpId ?? 0 };
  else if (p.protoIcmpv6Type !== undefined) tuple.icmp = { type: p.protoIcmpv6Type, code: p.protoIcmpv6Code ?? 0, id: p.protoIcmpv6Id ?? 0 };
  if (t.tupleZone !== undefined) tuple.zone = t.tupleZone;
  return tuple;
}

/** The family of an address's text, or undefined when it is neither IPv4 nor IPv6. */
function familyOfAddress(text: string): ConntrackFamily | undefined {
  try {
    parseIPv4(text);
    return 'ip';
  } catch {
    try {
      parseIPv6(text);
      return 'ip6';
    } catch {
      return undefined;
    }
  }
}

/** The protocol number of a tuple spec, checked (undefined when it names none). */
export function protocolNumberOf(argument: string, protocol: IpProtocol | number | undefined): number | undefined {
  if (protocol === undefined) return undefined;
  const n = ipProtocolNumber(protocol);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 255) throw new InvalidArgumentError(`${argument}.protocol`, `${String(protocol)} is not an IP protocol name or a number from 0 to 255`);
  return n;
}

/**
 * Checks the tuples of one request together and returns their family: every address must be of one family
 * (and of `family` when it is given); ports and ICMP fields need a protocol that has them. Throws
 * `InvalidArgumentError` naming the argument before anything is sent.
 */
export function checkTuples(tuples: readonly [string, TupleSpec | undefined][], family?: ConntrackFamily): ConntrackFamily | undefined {
  if (family !== undefined && family !== 'ip' && family !== 'ip6') throw new InvalidArgumentError('family', `${String(family)} is not a conntrack family ('ip' or 'ip6')`);
  let found = family;
  let from = 'family';
  for (const [name, tuple] of tuples) {
    if (tuple === undefined) continue;
    if (typeof tuple !== 'object' || tuple === null) throw new InvalidArgumentError(name, 'a tuple is an object ({ src, dst, protocol, sport, dport, icmp })');
    for (const end of ['src', 'dst'] as const) {
      const text = tuple[end];
      if (text === undefined) continue;
      const f = typeof text === 'string' ? familyOfAddress(text) : undefined;
      if (f === undefined) throw new InvalidArgumentError(`${name}.${end}`, `${JSON.stringify(text)} is not an IPv4 or IPv6 address`);
      if (found !== undefined && f !== found) throw new InvalidArgumentError(`${name}.${end}`, `${text} is ${f === 'ip' ? 'IPv4' : 'IPv6'}, but ${from} is ${found === 'ip' ? 'IPv4' : 'IPv6'}: a conntrack entry's addresses are all of one family`);
      found = f;
      from = `${name}.${end}`;
    }
    const protocol = protocolNumberOf(name, tuple.protocol);
    for (const port of ['sport', 'dport'] as const) {
      if (tuple[port] === undefined) continue;
      checkInteger(`${name}.${port}`, tuple[port], 0, 0xffff);
      if (protocol === undefined) throw new InvalidArgumentError(`${name}.${port}`, 'a port needs the tuple\'s protocol (tcp, udp, sctp, dccp, udplite)');
      if (!PORT_PROTOCOLS.has(protocol)) throw new InvalidArgumentError(`${name}.${port}`, `protocol ${String(tuple.protocol)} has no ports`);
    }
    if (tuple.icmp !== undefined) {
      if (protocol !== 1 && protocol !== 58) throw new InvalidArgumentError(`${name}.icmp`, 'icmp fields need protocol icmp (IPv4) or icmpv6 (IPv6)');
      if (protocol === 1 && found === 'ip6') throw new InvalidArgumentError(`${name}.protocol`, 'icmp is IPv4\'s; IPv6 uses icmpv6');
      if (protocol === 58 && found === 'ip') throw new InvalidArgumentError(`${name}.protocol`, 'icmpv6 is IPv6\'s; IPv4 uses icmp');
      checkInteger(`${name}.icmp.type`, tuple.icmp.type ?? 0, 0, 0xff);
      checkInteger(`${name}.icmp.code`, tuple.icmp.code ?? 0, 0, 0xff);
      checkInteger(`${name}.icmp.id`, tuple.icmp.id ?? 0, 0, 0xffff);
    }
    if (tuple.zone !== undefined) checkInteger(`${name}.zone`, tuple.zone, 0, 0xffff);
  }
  return found;
}

/** IPPROTO_TCP, UDP, DCCP, SCTP, UDPLITE: the protocols whose tuples carry ports. */
export const PORT_PROTOCOLS = new Set([6, 17, 33, 132, 136]);

/** A checked tuple spec as the CTA_TUPLE_* nest (the family decides which address attributes). */
export function tupleAttrsOf(tuple: TupleSpec, family: ConntrackFamily | undefined, zone?: number): TupleInput {
  const v6 = family === 'ip6';
  const ip: Record<string, string> = {};
  if (tuple.src !== undefined) ip[v6 ? 'ipV6Src' : 'ipV4Src'] = tuple.src;
  if (tuple.dst !== undefined) ip[v6 ? 'ipV6Dst' : 'ipV4Dst'] = tuple.dst;
  const proto: Record<string, number> = {};
  const num = protocolNumberOf('tuple', tuple.protocol);
  if (num !== undefined) proto.protoNum = num;
  if (tuple.sport !== undefined) proto.protoSrcPort = tuple.sport;
  if (tuple.dport !== undefined) proto.protoDstPort = tuple.dport;
  if (tuple.icmp !== undefined) {
    const [type, code, id] = num === 58 ? ['protoIcmpv6Type', 'protoIcmpv6Code', 'protoIcmpv6Id'] : ['protoIcmpType', 'protoIcmpCode', 'protoIcmpId'];
    if (tuple.icmp.type !== undefined) proto[type!] = tuple.icmp.type;
    if (tuple.icmp.code !== undefined) proto[code!] = tuple.icmp.code;
    if (tuple.icmp.id !== undefined) proto[id!] = tuple.icmp.id;
  }
  const out: Record<string, unknown> = {};
  if (Object.keys(ip).length) out.tupleIp = ip;
  if (Object.keys(proto).length) out.tupleProto = proto;
  if (zone !== undefined) out.tupleZone = zone;
  return out as TupleInput;
}

/** The reply direction of a connection without NAT: addresses and ports swapped (ICMP echo's reply type). */
export function invertTuple(tuple: TupleSpec): TupleSpec {
  const out: TupleSpec = { src: tuple.dst, dst: tuple.src, protocol: tuple.protocol };
  if (tuple.dport !== undefined) out.sport = tuple.dport;
  if (tuple.sport !== undefined) out.dport = tuple.sport;
  if (tuple.icmp !== undefined) out.icmp = { ...tuple.icmp, type: ICMP_REPLY[`${protocolNumberOf('tuple', tuple.protocol)}:${tuple.icmp.type ?? 0}`] ?? tuple.icmp.type };
  return out;
}

/** ICMP/ICMPv6 requests and their replies (echo, timestamp, info, address mask; echo and node info for v6). */
const ICMP_REPLY: Record<string, number> = { '1:8': 0, '1:13': 14, '1:15': 16, '1:17': 18, '58:128': 129, '58:139': 140 };
