import { ipProtocolValues } from '@linx/netlink-wire';
import { arpopValues, flowerKeyCtFlagsValues } from '../../generated/tc.js';
import { InvalidArgumentError, checkInteger, parsePrefix } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { formatHandle, parseHandle, type TcHandle } from '../handles.js';
import { ETH_PROTOCOLS } from './tc-words.js';

/** IP protocol numbers by the names `tc … flower ip_proto` takes (IPPROTO_* of linux/in.h; ICMPv6 of linux/in6.h). */
const IP_PROTOCOLS: Readonly<Record<string, number>> = { icmp: ipProtocolValues.icmp, tcp: ipProtocolValues.tcp, udp: ipProtocolValues.udp, sctp: ipProtocolValues.sctp, icmpv6: ipProtocolValues.icmpv6 };

/**
 * flower's options (cls_flower), a subset of `tc … flower`: the packet's IP protocol, addresses (a prefix,
 * IPv4 or IPv6) and ports (TCP, UDP or SCTP: `ipProto` says which). The EtherType key is the filter's
 * `protocol`, as `tc` sends it.
 */
export interface FlowerOptions {
  ipProto?: 'tcp' | 'udp' | 'sctp' | 'icmp' | 'icmpv6' | number;
  srcIp?: string;
  dstIp?: string;
  /** A port, or a range (`{ min, max }`, or tc's text `'1000-2000'`: TCA_FLOWER_KEY_PORT_*_MIN/MAX). */
  srcPort?: number | PortRange;
  dstPort?: number | PortRange;
  /** MAC addresses, optionally with a mask as tc writes it: `'02:00:00:00:00:01'`, `'02:00:00:00:00:00/ff:ff:ff:00:00:00'`. */
  ethSrc?: string;
  ethDst?: string;
  /** The VLAN tag (the filter's protocol is `'802.1q'` or `'802.1ad'`): id, priority, and the EtherType inside. */
  vlanId?: number;
  vlanPrio?: number;
  vlanEthType?: string | number;
  /** The IP header's TOS and TTL: a value, or `{ value, mask }`. */
  ipTos?: Masked<number>;
  ipTtl?: Masked<number>;
  /** TCP flags (`{ value: 0x02, mask: 0x12 }`: SYN without ACK). */
  tcpFlags?: Masked<number>;
  /** Conntrack state as tc writes it: `'+trk+est'`, `'+trk-new'` (trk, new, est, rel, inv, rpl). */
  ctState?: string;
  ctZone?: Masked<number>;
  ctMark?: Masked<number>;
  /** The tunnel a packet came from (metadata of a collect_md device): outer addresses, key id, UDP port, TOS, TTL. */
  encSrcIp?: string;
  encDstIp?: string;
  encKeyId?: number;
  encDstPort?: number;
  encTos?: Masked<number>;
  encTtl?: Masked<number>;
  /** The tunnel's VXLAN group-based policy id (tc's `vxlan_opts GBP`). */
  encVxlanGbp?: number;
  /** The tunnel's ERSPAN options (tc's `erspan_opts VER:INDEX:DIR:HWID`): version 1 with `index`, or 2 with `dir` and `hwid`. */
  encErspan?: { ver: 1 | 2; index?: number; dir?: number; hwid?: number };
  /**
   * The tunnel's Geneve options, each a class, a type and data (a multiple of 4 bytes, at most 124), matched
   * whole or under a mask: tc's text (`geneve_opts 0108:80:00880022`, several separated by commas, each
   * optionally `/CLASS:TYPE:DATA` masked), or the options as values.
   */
  encGeneve?: string | readonly GeneveOption[];
  /** The outermost MPLS label stack entry (the filter's protocol is `'mpls_uc'` or `'mpls_mc'`): label, traffic class, bottom of stack, TTL. */
  mplsLabel?: number;
  mplsTc?: number;
  mplsBos?: number;
  mplsTtl?: number;
  /** ARP (the filter's protocol is `'arp'`): sender and target IPv4 (a prefix), the operation, sender and target MAC (optionally /MASK). */
  arpSip?: string;
  arpTip?: string;
  arpOp?: 'request' | 'reply';
  arpSha?: string;
  arpTha?: string;
  classid?: TcHandle;
  skipHw?: boolean;
  skipSw?: boolean;
}

/** One Geneve option: `data` as bytes or hexadecimal text; `mask` the bits that count (all of them if none). */
export interface GeneveOption {
  class: number;
  type: number;
  data: string | Uint8Array;
  mask?: { class: number; type: number; data: string | Uint8Array };
}

/** A port range, both ends included. */
export type PortRange = { min: number; max: number } | `${number}-${number}`;

/** A value, or a value and the bits of it that count. */
export type Masked<T> = T | { value: T; mask: T };

const KEYS = new Set(['ipProto', 'srcIp', 'dstIp', 'srcPort', 'dstPort', 'ethSrc', 'ethDst', 'vlanId', 'vlanPrio', 'vlanEthType', 'ipTos', 'ipTtl', 'tcpFlags', 'ctState', 'ctZone', 'ctMark', 'encSrcIp', 'encDstIp', 'encKeyId', 'encDstPort', 'encTos', 'encTtl', 'encVxlanGbp', 'encErspan', 'encGeneve', 'mplsLabel', 'mplsTc', 'mplsBos', 'mplsTtl', 'arpSip', 'arpTip', 'arpOp', 'arpSha', 'arpTha', 'classid', 'skipHw', 'skipSw']);

/** ARP operations by the names `tc … flower arp_op` takes. */
const ARP_OPS: Readonly<Record<string, number>> = { request: arpopValues.request, reply: arpopValues.reply };

/** tc's words for the conntrack state flags. */
const CT_STATE: Record<string, keyof typeof flowerKeyCtFlagsValues> = { trk: 'tracked', new: 'new', est: 'established', rel: 'related', inv: 'invalid', rpl: 'reply' };

/** A value and its mask (all bits of the field when none is given), checked to fit `max`. */
function masked(v: unknown, argument: string, max: number): { value: number; mask: number } {
  if (v !== null && typeof v === 'object') {
    checkKeys(v, new Set(['value', 'mask']), argument, 'a { value, mask }');
    const o = v as { value: unknown; mask: unknown };
    return { value: checkInteger(o.value, `${argument}.value`, 0, max), mask: checkInteger(o.mask, `${argument}.mask`, 0, max) };
  }
  return { value: checkInteger(v, argument, 0, max), mask: max };
}

/** A MAC address with an optional mask (`'aa:bb:cc:dd:ee:ff/ff:ff:ff:00:00:00'`), as the generated mac() attributes take them. */
function macMasked(v: unknown, argument: string): [string, string] {
  const re = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
  const [addr, mask, extra] = typeof v === 'string' ? v.split('/') : [];
  if (addr === undefined || !re.test(addr) || extra !== undefined || (mask !== undefined && !re.test(mask))) throw new InvalidArgumentError(argument, `${JSON.stringify(v)} is not a MAC address ('02:00:00:00:00:01', optionally /MASK)`);
  return [addr.toLowerCase(), (mask ?? 'ff:ff:ff:ff:ff:ff').toLowerCase()];
}

/** tc's ct_state text (`'+trk+est-new'`) as the flags set and the flags that count. */
function ctState(v: unknown, argument: string): { state: string[]; mask: string[] } {
  if (typeof v !== 'string' || !/^([+-][a-z]+)+$/.test(v)) throw new InvalidArgumentError(argument, `${JSON.stringify(v)} is not a conntrack state ('+trk+est', '+trk-new'; flags ${Object.keys(CT_STATE).join(', ')})`);
  const state: string[] = [];
  const mask: string[] = [];
  for (const [, sign, word] of v.matchAll(/([+-])([a-z]+)/g)) {
    const flag = CT_STATE[word!];
    if (flag === undefined) throw new InvalidArgumentError(argument, `${JSON.stringify(word)} is not a conntrack state flag (${Object.keys(CT_STATE).join(', ')})`);
    if (sign === '+') state.push(flag);
    mask.push(flag);
  }
  // The generated flags codec writes names; order them as the bits go.
  const order = (names: string[]) => (Object.keys(flowerKeyCtFlagsValues) as string[]).filter((n) => names.includes(n));
  return { state: order(state), mask: order(mask) };
}
/** A port range as `{ min, max }` or `'min-max'`; the kernel takes only min < max. */
function portRange(v: unknown, argument: string): { min: number; max: number } {
  let min: unknown;
  let max: unknown;
  if (typeof v === 'string' && /^\d+-\d+$/.test(v)) [min, max] = v.split('-').map(Number);
  else if (v !== null && typeof v === 'object') ({ min, max } = checkKeys(v, new Set(['min', 'max']), argument, 'a port range { min, max }') as { min: unknown; max: unknown });
  else throw new InvalidArgumentError(argument, `${JSON.stringify(v)} is not a port (a number, { min, max } or 'min-max')`);
  const r = { min: checkInteger(min, `${argument}.min`, 0, 0xffff), max: checkInteger(max, `${argument}.max`, 0, 0xffff) };
  if (r.min >= r.max) throw new InvalidArgumentError(argument, `a port range's min is below its max, not ${r.min}-${r.max}`);
  return r;
}

/** Hexadecimal text or bytes as bytes. */
function hexBytes(v: unknown, argument: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v !== 'string' || !/^([0-9a-f]{2})*$/i.test(v)) throw new InvalidArgumentError(argument, `${JSON.stringify(v)} is not data (bytes, or an even number of hexadecimal digits)`);
  return Uint8Array.from(v.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** A Geneve option as tc writes one (`0108:80:00880022`) or as a value. */
function geneveOption(v: unknown, argument: string): { class: number; type: number; data: Uint8Array } {
  if (typeof v === 'string') {
    const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,2}):([0-9a-f]*)$/i.exec(v);
    if (!m) throw new InvalidArgumentError(argument, `${JSON.stringify(v)} is not a Geneve option (CLASS:TYPE:DATA in hexadecimal, as tc's geneve_opts)`);
    return { class: parseInt(m[1]!, 16), type: parseInt(m[2]!, 16), data: hexBytes(m[3], argument) };
  }
  const o = checkKeys(v, new Set(['class', 'type', 'data']), argument, 'a Geneve option { class, type, data }') as { class: unknown; type: unknown; data: unknown };
  return { class: checkInteger(o.class, `${argument}.class`, 0, 0xffff), type: checkInteger(o.type, `${argument}.type`, 0, 0xff), data: hexBytes(o.data, `${argument}.data`) };
}

/**
 * Geneve options with their masks (all ones, as tc sends, where none is given), checked as
 * fl_set_geneve_opt() in net/sched/cls_flower.c checks them: data a multiple of 4 bytes up to 124
 * (GENEVE's 5-bit length in 4-byte words), the mask as long as the data, and all options, each with its
 * 4-byte header, within FLOW_DIS_TUN_OPTS_MAX (255 bytes).
 */
function geneveOptions(v: unknown, argument: string): { key: { class: number; type: number; data: Uint8Array }; mask: { class: number; type: number; data: Uint8Array } }[] {
  const items: { key: unknown; mask: unknown; at: string }[] = [];
  if (typeof v === 'string') {
    v.split(',').forEach((text, i) => {
      const [key, mask, extra] = text.split('/');
      if (extra !== undefined) throw new InvalidArgumentError(argument, `${JSON.stringify(text)} has more than one mask`);
      items.push({ key, mask, at: `${argument}[${i}]` });
    });
  } else if (Array.isArray(v)) {
    v.forEach((o, i) => {
      const { mask, ...key } = (o !== null && typeof o === 'object' ? o : {}) as { mask?: unknown };
      items.push({ key: o !== null && typeof o === 'object' ? key : o, mask, at: `${argument}[${i}]` });
    });
  } else throw new InvalidArgumentError(argument, 'expected Geneve options (tc text, or an array of { class, type, data, mask? })');
  if (items.length === 0) throw new InvalidArgumentError(argument, 'expected at least one Geneve option');
  let total = 0;
  return items.map(({ key, mask, at }) => {
    const k = geneveOption(key, at);
    if (k.data.length % 4 !== 0 || k.data.length > 124) throw new InvalidArgumentError(`${at}.data`, `Geneve option data is a multiple of 4 bytes, at most 124, not ${k.data.length}`);
    const m = mask === undefined ? { class: 0xffff, type: 0xff, data: new Uint8Array(k.data.length).fill(0xff) } : geneveOption(mask, `${at}.mask`);
    if (m.data.length !== k.data.length) throw new InvalidArgumentError(`${at}.mask`, `a Geneve option's mask is as long as its data (${k.data.length} bytes), not ${m.data.length}`);
    total += 4 + k.data.length;
    if (total > 255) throw new InvalidArgumentError(argument, 'Geneve options take at most 255 bytes, 4 per option and its data');
    return { key: k, mask: m };
  });
}

const PORT_KEYS: Record<number, [string, string]> = { 6: ['keyTcpSrc', 'keyTcpDst'], 17: ['keyUdpSrc', 'keyUdpDst'], 132: ['keySctpSrc', 'keySctpDst'] };

function prefixMask(bits: number, bytes: number): Uint8Array {
  const m = new Uint8Array(bytes);
  for (let i = 0; i < bits; i++) m[i >> 3]! |= 0x80 >> (i & 7);
  return m;
}

function address(value: unknown, argument: string, family: 'inet' | 'inet6' | undefined, out: Record<string, unknown>, which: 'Src' | 'Dst', key = 'key'): 'inet' | 'inet6' {
  const p = parsePrefix(value, argument);
  if (family !== undefined && p.family !== family) throw new InvalidArgumentError(argument, 'the source and destination are of one family');
  const v4 = p.family === 'inet';
  const mask = prefixMask(p.prefixLength, v4 ? 4 : 16);
  const bytes = p.bytes.map((b, i) => b & mask[i]!);
  if (v4) {
    out[`${key}Ipv4${which}`] = [...bytes].join('.');
    out[`${key}Ipv4${which}Mask`] = [...mask].join('.');
  } else {
    out[`${key}Ipv6${which}`] = Uint8Array.from(bytes);
    out[`${key}Ipv6${which}Mask`] = mask;
  }
  return p.family;
}

/** flower's options; `ethType` is the filter's protocol (VLAN keys need 802.1q or 802.1ad). */
export function flowerOptions(o: unknown, argument: string, ethType?: number): Record<string, unknown> {
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
    const v = opts[key];
    if (typeof v === 'number') {
      out[names[i]] = checkInteger(v, `${argument}.${key}`, 0, 0xffff);
      continue;
    }
    const r = portRange(v, `${argument}.${key}`);
    const which = i === 0 ? 'Src' : 'Dst';
    out[`keyPort${which}Min`] = r.min;
    out[`keyPort${which}Max`] = r.max;
  }
  if (opts.mplsLabel !== undefined || opts.mplsTc !== undefined || opts.mplsBos !== undefined || opts.mplsTtl !== undefined) {
    const first = (['mplsLabel', 'mplsTc', 'mplsBos', 'mplsTtl'] as const).find((k) => opts[k] !== undefined)!;
    if (ethType !== ETH_PROTOCOLS.mpls_uc && ethType !== ETH_PROTOCOLS.mpls_mc) throw new InvalidArgumentError(`${argument}.${first}`, "MPLS keys need the filter's protocol 'mpls_uc' or 'mpls_mc'");
    // The label stack entry's fields: a 20-bit label, 3-bit traffic class, 1-bit bottom of stack, 8-bit TTL (RFC 3032).
    if (opts.mplsLabel !== undefined) out.keyMplsLabel = checkInteger(opts.mplsLabel, `${argument}.mplsLabel`, 0, 0xf_ffff);
    if (opts.mplsTc !== undefined) out.keyMplsTc = checkInteger(opts.mplsTc, `${argument}.mplsTc`, 0, 7);
    if (opts.mplsBos !== undefined) out.keyMplsBos = checkInteger(opts.mplsBos, `${argument}.mplsBos`, 0, 1);
    if (opts.mplsTtl !== undefined) out.keyMplsTtl = checkInteger(opts.mplsTtl, `${argument}.mplsTtl`, 0, 0xff);
  }
  const arp = (['arpSip', 'arpTip', 'arpOp', 'arpSha', 'arpTha'] as const).find((k) => opts[k] !== undefined);
  if (arp !== undefined) {
    if (ethType !== ETH_PROTOCOLS.arp) throw new InvalidArgumentError(`${argument}.${arp}`, "ARP keys need the filter's protocol 'arp'");
    for (const [key, attr] of [['arpSip', 'keyArpSip'], ['arpTip', 'keyArpTip']] as const) {
      if (opts[key] === undefined) continue;
      const p = parsePrefix(opts[key], `${argument}.${key}`);
      if (p.family !== 'inet') throw new InvalidArgumentError(`${argument}.${key}`, 'an ARP address is IPv4');
      const mask = new DataView(prefixMask(p.prefixLength, 4).buffer).getUint32(0);
      out[attr] = (new DataView(p.bytes.buffer, p.bytes.byteOffset, 4).getUint32(0) & mask) >>> 0;
      out[`${attr}Mask`] = mask;
    }
    if (opts.arpOp !== undefined) {
      if (typeof opts.arpOp !== 'string' || !Object.hasOwn(ARP_OPS, opts.arpOp)) throw new InvalidArgumentError(`${argument}.arpOp`, `expected ${Object.keys(ARP_OPS).join(' or ')}`);
      out.keyArpOp = ARP_OPS[opts.arpOp];
      out.keyArpOpMask = 0xff;
    }
    for (const [key, attr] of [['arpSha', 'keyArpSha'], ['arpTha', 'keyArpTha']] as const) {
      if (opts[key] === undefined) continue;
      [out[attr], out[`${attr}Mask`]] = macMasked(opts[key], `${argument}.${key}`);
    }
  }
  for (const [key, attr] of [['ethDst', 'keyEthDst'], ['ethSrc', 'keyEthSrc']] as const) {
    if (opts[key] === undefined) continue;
    [out[attr], out[`${attr}Mask`]] = macMasked(opts[key], `${argument}.${key}`);
  }
  if (opts.vlanId !== undefined || opts.vlanPrio !== undefined || opts.vlanEthType !== undefined) {
    if (ethType !== ETH_PROTOCOLS['802.1q'] && ethType !== ETH_PROTOCOLS['802.1ad']) throw new InvalidArgumentError(`${argument}.${opts.vlanId !== undefined ? 'vlanId' : opts.vlanPrio !== undefined ? 'vlanPrio' : 'vlanEthType'}`, "VLAN keys need the filter's protocol '802.1q' or '802.1ad'");
    if (opts.vlanId !== undefined) out.keyVlanId = checkInteger(opts.vlanId, `${argument}.vlanId`, 0, 4095);
    if (opts.vlanPrio !== undefined) out.keyVlanPrio = checkInteger(opts.vlanPrio, `${argument}.vlanPrio`, 0, 7);
    if (opts.vlanEthType !== undefined) {
      const t = opts.vlanEthType;
      out.keyVlanEthType = typeof t === 'string' && Object.hasOwn(ETH_PROTOCOLS, t) ? ETH_PROTOCOLS[t] : checkInteger(t, `${argument}.vlanEthType`, 0, 0xffff);
    }
  }
  for (const [key, attr, max] of [['ipTos', 'keyIpTos', 0xff], ['ipTtl', 'keyIpTtl', 0xff], ['tcpFlags', 'keyTcpFlags', 0xfff], ['ctZone', 'keyCtZone', 0xffff], ['ctMark', 'keyCtMark', 0xffff_ffff], ['encTos', 'keyEncIpTos', 0xff], ['encTtl', 'keyEncIpTtl', 0xff]] as const) {
    if (opts[key] === undefined) continue;
    if (key === 'tcpFlags' && proto !== 6) throw new InvalidArgumentError(`${argument}.tcpFlags`, "TCP flags need ipProto 'tcp'");
    const m = masked(opts[key], `${argument}.${key}`, max);
    out[attr] = m.value;
    out[`${attr}Mask`] = m.mask;
  }
  if (opts.ctState !== undefined) {
    const c = ctState(opts.ctState, `${argument}.ctState`);
    out.keyCtState = c.state;
    out.keyCtStateMask = c.mask;
  }
  let encFamily: 'inet' | 'inet6' | undefined;
  if (opts.encDstIp !== undefined) encFamily = address(opts.encDstIp, `${argument}.encDstIp`, encFamily, out, 'Dst', 'keyEnc');
  if (opts.encSrcIp !== undefined) encFamily = address(opts.encSrcIp, `${argument}.encSrcIp`, encFamily, out, 'Src', 'keyEnc');
  if (opts.encKeyId !== undefined) out.keyEncKeyId = checkInteger(opts.encKeyId, `${argument}.encKeyId`, 0, 0xffff_ffff);
  if (opts.encDstPort !== undefined) out.keyEncUdpDstPort = checkInteger(opts.encDstPort, `${argument}.encDstPort`, 0, 0xffff);
  // Tunnel options: one kind per filter, each field matched whole (tc sends all-ones masks) unless masked.
  const tunnelOptions = (['encVxlanGbp', 'encErspan', 'encGeneve'] as const).filter((k) => opts[k] !== undefined);
  if (tunnelOptions.length > 1) throw new InvalidArgumentError(`${argument}.${tunnelOptions[1]}`, 'a filter matches one kind of tunnel options');
  if (opts.encGeneve !== undefined) {
    const options = geneveOptions(opts.encGeneve, `${argument}.encGeneve`);
    // Written unflagged, as tc writes Geneve options (filterRequestMessage).
    out.keyEncOptsGeneve = { geneve: options.map((o) => o.key) };
    out.keyEncOptsMaskGeneve = { geneve: options.map((o) => o.mask) };
  }
  if (opts.encVxlanGbp !== undefined) {
    out.keyEncOpts = { vxlan: { gbp: checkInteger(opts.encVxlanGbp, `${argument}.encVxlanGbp`, 0, 0xffff_ffff) } };
    out.keyEncOptsMask = { vxlan: { gbp: 0xffff_ffff } };
  }
  if (opts.encErspan !== undefined) {
    const a = `${argument}.encErspan`;
    const e = checkKeys(opts.encErspan, new Set(['ver', 'index', 'dir', 'hwid']), a, 'ERSPAN options { ver, index?, dir?, hwid? }') as { ver: unknown; index?: unknown; dir?: unknown; hwid?: unknown };
    const ver = checkInteger(e.ver, `${a}.ver`, 1, 2);
    if (ver === 1 && (e.dir !== undefined || e.hwid !== undefined)) throw new InvalidArgumentError(`${a}.${e.dir !== undefined ? 'dir' : 'hwid'}`, 'ERSPAN version 1 has an index, not dir or hwid');
    if (ver === 2 && e.index !== undefined) throw new InvalidArgumentError(`${a}.index`, 'ERSPAN version 2 has dir and hwid, not an index');
    // Header field widths (ERSPAN type II/III): a 20-bit index, a 1-bit direction, a 6-bit hardware id.
    out.keyEncOpts = { erspan: { ver, index: e.index === undefined ? 0 : checkInteger(e.index, `${a}.index`, 0, 0xf_ffff), dir: e.dir === undefined ? 0 : checkInteger(e.dir, `${a}.dir`, 0, 1), hwid: e.hwid === undefined ? 0 : checkInteger(e.hwid, `${a}.hwid`, 0, 0x3f) } };
    out.keyEncOptsMask = { erspan: { ver, index: 0xffff_ffff, dir: 0xff, hwid: 0xff } };
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
