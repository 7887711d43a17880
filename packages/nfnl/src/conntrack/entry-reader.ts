import { formatIPv6, HOST_LITTLE_ENDIAN, ipProtocolName } from '@linx/netlink-wire';
import * as gen from './generated/conntrack.js';
import { nfCtSctpStateValues, nfCtStatusValues, nfCtTcpFlagsValues, nfCtTcpStateValues, type NfCtSctpState, type NfCtTcpFlags, type NfCtTcpState } from './generated/conntrack.js';
import { labelNumbers } from './labels.js';
import { conntrackAttrs, tupleAttrs, tupleIpAttrs } from './messages.js';
import type { ConntrackEntry, ConntrackStatus } from './entry.js';
import type { ConntrackFamily, ConntrackTuple } from './tuple.js';

// A conntrack message read straight from the receive batch into a `ConntrackEntry`, the shape `entryFrom`
// makes from the codec's decoded message (the tests hold the two equal on the kernel's bytes). Listing
// 100,000 entries is dominated by decoding; this reader makes no intermediate object per attribute. The
// attribute numbers are the declarations' (generated from the YNL spec), read once here.

const NLA_TYPE_MASK = 0x3fff;
const CTA = conntrackAttrs.attributes;
const TUPLE = tupleAttrs.attributes;
const IP = tupleIpAttrs.attributes;
const PROTO = gen.tupleProtoAttrs.attributes;
const INFO = gen.protoinfoAttrs.attributes;
const TCP = gen.protoinfoTcpAttrs.attributes;
const SCTP = gen.protoinfoSctpAttrs.attributes;
const DCCP = gen.protoinfoDccpAttrs.attributes;
const COUNTER = gen.counterAttrs.attributes;
const STAMP = gen.timestampAttrs.attributes;

/** nfgenmsg's family numbers (NFPROTO_IPV4/IPV6) by name. */
const FAMILY: Record<number, ConntrackFamily> = { 2: 'ip', 10: 'ip6' };

const byValue = <N extends string>(values: Record<N, number>): N[] => {
  const out: N[] = [];
  for (const [name, value] of Object.entries(values) as [N, number][]) out[value] = name;
  return out;
};
const TCP_STATES = byValue<NfCtTcpState>(nfCtTcpStateValues);
const SCTP_STATES = byValue<NfCtSctpState>(nfCtSctpStateValues);
const STATUS_BITS = Object.entries(nfCtStatusValues) as [ConntrackStatus, number][];
const TCP_FLAG_BITS = Object.entries(nfCtTcpFlagsValues) as [NfCtTcpFlags, number][];

/** Status names of a status word; the few words that occur are cached (a copy is handed out). */
const statusCache = new Map<number, ConntrackStatus[]>();
function statusNames(word: number): ConntrackStatus[] {
  let names = statusCache.get(word);
  if (names === undefined) {
    names = [];
    let rest = word;
    for (const [name, bit] of STATUS_BITS) {
      if (word & bit) {
        names.push(name);
        rest &= ~bit;
      }
    }
    // Bits without a name stay numbers, as the codec's flags do.
    for (let bit = 0; bit < 32; bit++) if (rest & (1 << bit)) (names as (ConntrackStatus | number)[]).push((1 << bit) >>> 0);
    if (statusCache.size < 256) statusCache.set(word, names);
  }
  return names.slice();
}

function tcpFlags(byte: number): (NfCtTcpFlags | number)[] {
  const out: (NfCtTcpFlags | number)[] = [];
  for (const [name, bit] of TCP_FLAG_BITS) if (byte & bit) out.push(name);
  return out;
}

/**
 * Recent IPv4 texts by address, direct-mapped: an entry's reply tuple repeats its original's addresses
 * (swapped, without NAT), and many entries share a destination, so most addresses of a listing are made
 * once and shared. Fewer strings per entry means less garbage to collect: a list of 100,000 entries
 * spends much of its time in the collector.
 */
const IPV4_SLOTS = 4096;
const ipv4Keys = new Int32Array(IPV4_SLOTS).fill(-1);
const ipv4Texts: string[] = new Array<string>(IPV4_SLOTS).fill('');

/** IPv4 text from 4 bytes, without a temporary array; the same string for an address seen just before. */
function ipv4At(bytes: Uint8Array, at: number): string {
  const key = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) | 0;
  // 255.255.255.255 is -1, the empty slots' key: it is never cached.
  const slot = (key ^ (key >>> 12) ^ (key >>> 24)) & (IPV4_SLOTS - 1);
  if (ipv4Keys[slot] === key && key !== -1) return ipv4Texts[slot]!;
  const text = `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
  ipv4Keys[slot] = key;
  ipv4Texts[slot] = text;
  return text;
}

/** Recent IPv6 texts by address, as for IPv4: formatting one costs far more than comparing 16 bytes. */
const IPV6_SLOTS = 1024;
const ipv6Keys = new Int32Array(IPV6_SLOTS * 4);
const ipv6Texts: (string | undefined)[] = new Array<string | undefined>(IPV6_SLOTS).fill(undefined);

/** IPv6 text from 16 bytes; the same string for an address seen just before. */
function ipv6At(bytes: Uint8Array, view: DataView, at: number): string {
  const w0 = view.getInt32(at);
  const w1 = view.getInt32(at + 4);
  const w2 = view.getInt32(at + 8);
  const w3 = view.getInt32(at + 12);
  let h = w0 ^ w1 ^ w2 ^ w3;
  h ^= h >>> 16;
  const slot = (h ^ (h >>> 8)) & (IPV6_SLOTS - 1);
  const k = slot * 4;
  const cached = ipv6Texts[slot];
  if (cached !== undefined && ipv6Keys[k] === w0 && ipv6Keys[k + 1] === w1 && ipv6Keys[k + 2] === w2 && ipv6Keys[k + 3] === w3) return cached;
  const text = formatIPv6(bytes.subarray(at, at + 16));
  ipv6Keys[k] = w0;
  ipv6Keys[k + 1] = w1;
  ipv6Keys[k + 2] = w2;
  ipv6Keys[k + 3] = w3;
  ipv6Texts[slot] = text;
  return text;
}

function readTuple(bytes: Uint8Array, view: DataView, at: number, end: number): ConntrackTuple {
  let src = '';
  let dst = '';
  let protocol: ConntrackTuple['protocol'] = 0;
  let sport = -1;
  let dport = -1;
  let zone = -1;
  let icmpType = -1;
  let icmpCode = 0;
  let icmpId = 0;
  while (at + 4 <= end) {
    const len = view.getUint16(at, HOST_LITTLE_ENDIAN);
    if (len < 4) break;
    const type = view.getUint16(at + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
    const body = at + 4;
    const next = at + ((len + 3) & ~3);
    if (type === TUPLE.tupleIp.id) {
      for (let a = body; a + 4 <= at + len; ) {
        const l = view.getUint16(a, HOST_LITTLE_ENDIAN);
        if (l < 4) break;
        const t = view.getUint16(a + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
        if (t === IP.ipV4Src.id && l === 8) src = ipv4At(bytes, a + 4);
        else if (t === IP.ipV4Dst.id && l === 8) dst = ipv4At(bytes, a + 4);
        else if (t === IP.ipV6Src.id && l === 20) src = ipv6At(bytes, view, a + 4);
        else if (t === IP.ipV6Dst.id && l === 20) dst = ipv6At(bytes, view, a + 4);
        a += (l + 3) & ~3;
      }
    } else if (type === TUPLE.tupleProto.id) {
      for (let a = body; a + 4 <= at + len; ) {
        const l = view.getUint16(a, HOST_LITTLE_ENDIAN);
        if (l < 4) break;
        const t = view.getUint16(a + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
        const v = a + 4;
        if (t === PROTO.protoNum.id) {
          const n = bytes[v]!;
          protocol = ipProtocolName(n) ?? n;
        } else if (t === PROTO.protoSrcPort.id) sport = view.getUint16(v);
        else if (t === PROTO.protoDstPort.id) dport = view.getUint16(v);
        else if (t === PROTO.protoIcmpType.id || t === PROTO.protoIcmpv6Type.id) icmpType = bytes[v]!;
        else if (t === PROTO.protoIcmpCode.id || t === PROTO.protoIcmpv6Code.id) icmpCode = bytes[v]!;
        else if (t === PROTO.protoIcmpId.id || t === PROTO.protoIcmpv6Id.id) icmpId = view.getUint16(v);
        a += (l + 3) & ~3;
      }
    } else if (type === TUPLE.tupleZone.id) {
      zone = view.getUint16(body);
    }
    at = next;
  }
  // The common shape made in one literal: its properties then live in the object itself, where ones added
  // later would need a property array of their own (one more allocation per tuple, two per entry).
  if (sport >= 0 && dport >= 0 && icmpType < 0 && zone < 0) return { src, dst, protocol, sport, dport };
  const tuple: ConntrackTuple = { src, dst, protocol };
  if (sport >= 0) tuple.sport = sport;
  if (dport >= 0) tuple.dport = dport;
  if (icmpType >= 0) tuple.icmp = { type: icmpType, code: icmpCode, id: icmpId };
  if (zone >= 0) tuple.zone = zone;
  return tuple;
}

function readCounter(view: DataView, at: number, end: number): { packets: bigint; bytes: bigint } {
  const out = { packets: 0n, bytes: 0n };
  while (at + 4 <= end) {
    const len = view.getUint16(at, HOST_LITTLE_ENDIAN);
    if (len < 4) break;
    const type = view.getUint16(at + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
    if (type === COUNTER.packets.id && len === 12) out.packets = view.getBigUint64(at + 4);
    else if (type === COUNTER.bytes.id && len === 12) out.bytes = view.getBigUint64(at + 4);
    at += (len + 3) & ~3;
  }
  return out;
}

function readProtoinfo(entry: Pick<ConntrackEntry, 'tcp' | 'sctp' | 'dccp'>, bytes: Uint8Array, view: DataView, at: number, end: number): void {
  while (at + 4 <= end) {
    const len = view.getUint16(at, HOST_LITTLE_ENDIAN);
    if (len < 4) break;
    const type = view.getUint16(at + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
    const nestEnd = at + len;
    if (type === INFO.protoinfoTcp.id) {
      const tcp: NonNullable<ConntrackEntry['tcp']> = { state: 0 };
      for (let a = at + 4; a + 4 <= nestEnd; ) {
        const l = view.getUint16(a, HOST_LITTLE_ENDIAN);
        if (l < 4) break;
        const t = view.getUint16(a + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
        const v = bytes[a + 4]!;
        if (t === TCP.tcpState.id) tcp.state = TCP_STATES[v] ?? v;
        else if (t === TCP.tcpWscaleOriginal.id) tcp.wscaleOriginal = v;
        else if (t === TCP.tcpWscaleReply.id) tcp.wscaleReply = v;
        else if (t === TCP.tcpFlagsOriginal.id) tcp.flagsOriginal = tcpFlags(v);
        else if (t === TCP.tcpFlagsReply.id) tcp.flagsReply = tcpFlags(v);
        a += (l + 3) & ~3;
      }
      entry.tcp = tcp;
    } else if (type === INFO.protoinfoSctp.id) {
      const sctp: NonNullable<ConntrackEntry['sctp']> = { state: 0 };
      for (let a = at + 4; a + 4 <= nestEnd; ) {
        const l = view.getUint16(a, HOST_LITTLE_ENDIAN);
        if (l < 4) break;
        const t = view.getUint16(a + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
        if (t === SCTP.sctpState.id) sctp.state = SCTP_STATES[bytes[a + 4]!] ?? bytes[a + 4]!;
        else if (t === SCTP.vtagOriginal.id) sctp.vtagOriginal = view.getUint32(a + 4);
        else if (t === SCTP.vtagReply.id) sctp.vtagReply = view.getUint32(a + 4);
        a += (l + 3) & ~3;
      }
      entry.sctp = sctp;
    } else if (type === INFO.protoinfoDccp.id) {
      const dccp: NonNullable<ConntrackEntry['dccp']> = { state: 0 };
      for (let a = at + 4; a + 4 <= nestEnd; ) {
        const l = view.getUint16(a, HOST_LITTLE_ENDIAN);
        if (l < 4) break;
        const t = view.getUint16(a + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
        if (t === DCCP.dccpState.id) dccp.state = bytes[a + 4]!;
        else if (t === DCCP.dccpRole.id) dccp.role = bytes[a + 4]!;
        else if (t === DCCP.dccpHandshakeSeq.id && l === 12) dccp.handshakeSeq = view.getBigUint64(a + 4);
        a += (l + 3) & ~3;
      }
      entry.dccp = dccp;
    }
    at += (len + 3) & ~3;
  }
}

const utf8 = new TextDecoder();

/** The first string attribute of a nest (CTA_HELP_NAME, CTA_SECCTX_NAME), without its NUL. */
function nestedName(bytes: Uint8Array, view: DataView, at: number, end: number): string | undefined {
  if (at + 4 > end) return undefined;
  const len = view.getUint16(at, HOST_LITTLE_ENDIAN);
  let stop = at + len;
  while (stop > at + 4 && bytes[stop - 1] === 0) stop--;
  return utf8.decode(bytes.subarray(at + 4, stop));
}

/**
 * What one message says, gathered before its entry is made: the entry is then built in one object literal
 * for the common shapes (its properties inside the object, not in a property array added later), always
 * with its keys in one order. One object, reset for each message: nothing is allocated for it.
 */
const seen = {
  status: undefined as ConntrackStatus[] | undefined,
  zone: -1,
  mark: -1,
  id: -1,
  use: -1,
  timeout: -1,
  tcp: undefined as ConntrackEntry['tcp'],
  sctp: undefined as ConntrackEntry['sctp'],
  dccp: undefined as ConntrackEntry['dccp'],
  secctx: undefined as string | undefined,
  master: undefined as ConntrackTuple | undefined,
  counters: undefined as ConntrackEntry['counters'],
  timestamp: undefined as ConntrackEntry['timestamp'],
  helper: undefined as string | undefined,
  labels: undefined as number[] | undefined,
};

/** Reads one conntrack message's payload (nfgenmsg, then attributes) at `bytes[start, end)`. */
export function readEntry(bytes: Uint8Array, view: DataView, start: number, end: number): ConntrackEntry {
  const familyNumber = bytes[start]!;
  const family = FAMILY[familyNumber] ?? (familyNumber as unknown as ConntrackFamily);
  let original: ConntrackTuple | undefined;
  let reply: ConntrackTuple | undefined;
  // Rarer than the rest (extensions, helpers, NAT'd or expected connections): the entry is built key by key.
  let rare = false;
  seen.status = seen.tcp = seen.sctp = seen.dccp = seen.secctx = seen.master = seen.counters = seen.timestamp = seen.helper = seen.labels = undefined;
  seen.zone = seen.mark = seen.id = seen.use = seen.timeout = -1;
  for (let at = start + 4; at + 4 <= end; ) {
    const len = view.getUint16(at, HOST_LITTLE_ENDIAN);
    if (len < 4) break;
    const type = view.getUint16(at + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
    const body = at + 4;
    const attrEnd = at + len;
    switch (type) {
      case CTA.tupleOrig.id:
        original = readTuple(bytes, view, body, attrEnd);
        break;
      case CTA.tupleReply.id:
        reply = readTuple(bytes, view, body, attrEnd);
        break;
      case CTA.status.id:
        seen.status = statusNames(view.getUint32(body));
        break;
      case CTA.protoinfo.id:
        readProtoinfo(seen, bytes, view, body, attrEnd);
        break;
      case CTA.help.id: {
        const name = nestedName(bytes, view, body, attrEnd);
        if (name !== undefined) {
          seen.helper = name;
          rare = true;
        }
        break;
      }
      case CTA.timeout.id:
        seen.timeout = view.getUint32(body);
        break;
      case CTA.mark.id:
        seen.mark = view.getUint32(body);
        break;
      case CTA.countersOrig.id:
        (seen.counters ??= {}).original = readCounter(view, body, attrEnd);
        rare = true;
        break;
      case CTA.countersReply.id:
        (seen.counters ??= {}).reply = readCounter(view, body, attrEnd);
        rare = true;
        break;
      case CTA.use.id:
        seen.use = view.getUint32(body);
        break;
      case CTA.id.id:
        seen.id = view.getUint32(body);
        break;
      case CTA.tupleMaster.id:
        seen.master = readTuple(bytes, view, body, attrEnd);
        rare = true;
        break;
      case CTA.zone.id:
        seen.zone = view.getUint16(body);
        rare = true;
        break;
      case CTA.secctx.id: {
        const name = nestedName(bytes, view, body, attrEnd);
        if (name !== undefined) {
          seen.secctx = name;
          rare = true;
        }
        break;
      }
      case CTA.timestamp.id: {
        const stamp: NonNullable<ConntrackEntry['timestamp']> = {};
        for (let a = body; a + 4 <= attrEnd; ) {
          const l = view.getUint16(a, HOST_LITTLE_ENDIAN);
          if (l < 4) break;
          const t = view.getUint16(a + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
          if (t === STAMP.start.id && l === 12) stamp.start = view.getBigUint64(a + 4);
          else if (t === STAMP.stop.id && l === 12) stamp.stop = view.getBigUint64(a + 4);
          a += (l + 3) & ~3;
        }
        seen.timestamp = stamp;
        rare = true;
        break;
      }
      case CTA.labels.id:
        seen.labels = labelNumbers(bytes.subarray(body, attrEnd));
        rare = true;
        break;
    }
    at += (len + 3) & ~3;
  }
  const o = original ?? { src: '', dst: '', protocol: 0 };
  const r = reply ?? { src: '', dst: '', protocol: 0 };
  const status = seen.status ?? [];
  const { mark, id, use, timeout, tcp } = seen;
  // What a dump says of a tracked UDP or TCP connection (ctnetlink_fill_info()): in one literal each.
  if (!rare && mark >= 0 && id >= 0 && use >= 0 && timeout >= 0 && seen.sctp === undefined && seen.dccp === undefined) {
    if (tcp === undefined) return { family, original: o, reply: r, status, mark, id, use, timeout };
    return { family, original: o, reply: r, status, mark, id, use, timeout, tcp };
  }
  const entry: ConntrackEntry = { family, original: o, reply: r, status };
  if (seen.zone >= 0) entry.zone = seen.zone;
  if (mark >= 0) entry.mark = mark;
  if (seen.secctx !== undefined) entry.secctx = seen.secctx;
  if (id >= 0) entry.id = id;
  if (use >= 0) entry.use = use;
  if (seen.master !== undefined) entry.master = seen.master;
  if (timeout >= 0) entry.timeout = timeout;
  if (tcp !== undefined) entry.tcp = tcp;
  if (seen.sctp !== undefined) entry.sctp = seen.sctp;
  if (seen.dccp !== undefined) entry.dccp = seen.dccp;
  if (seen.counters !== undefined) entry.counters = seen.counters;
  if (seen.timestamp !== undefined) entry.timestamp = seen.timestamp;
  if (seen.helper !== undefined) entry.helper = seen.helper;
  if (seen.labels !== undefined) entry.labels = seen.labels;
  return entry;
}
