import { InvalidArgumentError, checkInteger, parsePrefix } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { formatHandle, parseHandle, type TcHandle } from '../handles.js';

/** IP protocol numbers by the names `tc … flower ip_proto` takes (IPPROTO_* of linux/in.h; ICMPv6 of linux/in6.h). */
const IP_PROTOCOLS: Readonly<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17, sctp: 132, icmpv6: 58 };

/**
 * flower's options (cls_flower), a subset of `tc … flower`: the packet's IP protocol, addresses (a prefix,
 * IPv4 or IPv6) and ports (TCP, UDP or SCTP: `ipProto` says which). The EtherType key is the filter's
 * `protocol`, as `tc` sends it.
 */
export interface FlowerOptions {
  ipProto?: 'tcp' | 'udp' | 'sctp' | 'icmp' | 'icmpv6' | number;
  srcIp?: string;
  dstIp?: string;
  srcPort?: number;
  dstPort?: number;
  classid?: TcHandle;
  skipHw?: boolean;
  skipSw?: boolean;
}

const KEYS = new Set(['ipProto', 'srcIp', 'dstIp', 'srcPort', 'dstPort', 'classid', 'skipHw', 'skipSw']);
const PORT_KEYS: Record<number, [string, string]> = { 6: ['keyTcpSrc', 'keyTcpDst'], 17: ['keyUdpSrc', 'keyUdpDst'], 132: ['keySctpSrc', 'keySctpDst'] };

function prefixMask(bits: number, bytes: number): Uint8Array {
  const m = new Uint8Array(bytes);
  for (let i = 0; i < bits; i++) m[i >> 3]! |= 0x80 >> (i & 7);
  return m;
}

function address(value: unknown, argument: string, family: 'inet' | 'inet6' | undefined, out: Record<string, unknown>, which: 'Src' | 'Dst'): 'inet' | 'inet6' {
  const p = parsePrefix(value, argument);
  if (family !== undefined && p.family !== family) throw new InvalidArgumentError(argument, 'the source and destination are of one family');
  const v4 = p.family === 'inet';
  const mask = prefixMask(p.prefixLength, v4 ? 4 : 16);
  const masked = p.bytes.map((b, i) => b & mask[i]!);
  if (v4) {
    out[`keyIpv4${which}`] = [...masked].join('.');
    out[`keyIpv4${which}Mask`] = [...mask].join('.');
  } else {
    out[`keyIpv6${which}`] = Uint8Array.from(masked);
    out[`keyIpv6${which}Mask`] = mask;
  }
  return p.family;
}

export function flowerOptions(o: unknown, argument: string): Record<string, unknown> {
  const opts = checkKeys(o ?? {}, KEYS, argument, 'a flower filter') as FlowerOptions;
  const out: Record<string, unknown> = {};
  let proto: number | undefined;
  if (opts.ipProto !== undefined) {
    proto = typeof opts.ipProto === 'string' && Object.hasOwn(IP_PROTOCOLS, opts.ipProto) ? IP_PROTOCOLS[opts.ipProto]! : typeof opts.ipProto === 'number' ? checkInteger(opts.ipProto, `${argument}.ipProto`, 0, 255) : undefined;
    if (proto === undefined) throw new InvalidArgumentError(`${argument}.ipProto`, `expected ${Object.keys(IP_PROTOCOLS).join(', ')} or a number`);
    out.keyIpProto = proto;
  }
  let family: 'inet' | 'inet6' | undefined;
  if (opts.dstIp !== undefined) family = address(opts.dstIp, `${argument}.dstIp`, family, out, 'Dst');
  if (opts.srcIp !== undefined) family = address(opts.srcIp, `${argument}.srcIp`, family, out, 'Src');
  for (const [key, i] of [['srcPort', 0], ['dstPort', 1]] as const) {
    if (opts[key] === undefined) continue;
    const names = proto === undefined ? undefined : PORT_KEYS[proto];
    if (names === undefined) throw new InvalidArgumentError(`${argument}.${key}`, "a port needs ipProto 'tcp', 'udp' or 'sctp'");
    out[names[i]] = checkInteger(opts[key], `${argument}.${key}`, 0, 0xffff);
  }
  if (opts.classid !== undefined) out.classid = parseHandle(opts.classid, `${argument}.classid`);
  for (const k of ['skipHw', 'skipSw'] as const) if (opts[k] !== undefined && typeof opts[k] !== 'boolean') throw new InvalidArgumentError(`${argument}.${k}`, 'expected true or false');
  // tc always sends TCA_FLOWER_FLAGS, 0 when neither is given.
  out.flags = [...(opts.skipHw ? ['skip-hw'] : []), ...(opts.skipSw ? ['skip-sw'] : [])];
  return out;
}

/** A listed flower filter's options: the spec's decoding, `classid` as tc prints it. */
export function flowerInfo(v: Record<string, any>): Record<string, unknown> {
  const { act: _act, ...rest } = v;
  if (rest.classid !== undefined) rest.classid = formatHandle(rest.classid);
  return rest;
}
