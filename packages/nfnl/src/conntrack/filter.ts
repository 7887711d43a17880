import { InvalidArgumentError } from '@linx/netlink-socket';
import { formatIPv6, ipProtocolNumber, parseIPv6 } from '@linx/netlink-wire';
import { nfCtStatusValues } from './generated/conntrack.js';
import type { ConntrackEntry, ConntrackStatus } from './entry.js';
import { checkTuples, tupleAttrsOf, type ConntrackFamily, type ConntrackTuple, type TupleSpec } from './tuple.js';
import { checkInteger } from '../arguments.js';
import { checkLabels } from './labels.js';

/** Which entries to list (or delete in bulk): every part given must match. */
export interface ConntrackFilter {
  family?: ConntrackFamily;
  /** The zone (CTA_ZONE); 0 is the default zone. */
  zone?: number;
  /** The mark, or `{ value, mask }`: entries whose `mark & mask` is `value`. */
  mark?: number | { value: number; mask: number };
  /** Status bits that must all be set. */
  status?: readonly ConntrackStatus[];
  /** Parts of the original direction (any of src, dst, protocol, sport, dport, icmp). */
  original?: TupleSpec;
  /** Parts of the reply direction. */
  reply?: TupleSpec;
  /** Labels that must all be set (`conntrack -L -l`); checked in JavaScript, the kernel has no such filter. */
  labels?: readonly number[];
}

/**
 * CTA_FILTER_F_*: which fields of a tuple a dump's CTA_FILTER compares (net/netfilter/nf_internals.h; the
 * kernel keeps them out of the UAPI headers).
 */
export const filterFlagValues = {
  ipSrc: 1 << 0,
  ipDst: 1 << 1,
  tupleZone: 1 << 2,
  protoNum: 1 << 3,
  protoSrcPort: 1 << 4,
  protoDstPort: 1 << 5,
  protoIcmpType: 1 << 6,
  protoIcmpCode: 1 << 7,
  protoIcmpId: 1 << 8,
  protoIcmpv6Type: 1 << 9,
  protoIcmpv6Code: 1 << 10,
  protoIcmpv6Id: 1 << 11,
} as const;

/** A filter checked and put in the shape the dump request and the JavaScript check use. */
export interface CheckedFilter {
  family: ConntrackFamily | undefined;
  zone?: number;
  mark?: { value: number; mask: number };
  status?: number;
  original?: TupleSpec;
  reply?: TupleSpec;
  labels?: readonly number[];
}

/** Checks a filter, or throws `InvalidArgumentError` naming what is wrong, before anything is sent. */
export function checkFilter(filter: ConntrackFilter): CheckedFilter {
  if (typeof filter !== 'object' || filter === null) throw new InvalidArgumentError('filter', 'a filter is an object');
  const family = checkTuples([['filter.original', filter.original], ['filter.reply', filter.reply]], filter.family);
  const out: CheckedFilter = { family };
  if (filter.zone !== undefined) out.zone = checkInteger('filter.zone', filter.zone, 0, 0xffff);
  if (filter.mark !== undefined) {
    out.mark =
      typeof filter.mark === 'number'
        ? { value: checkInteger('filter.mark', filter.mark, 0, 0xffffffff), mask: 0xffffffff }
        : { value: checkInteger('filter.mark.value', filter.mark?.value, 0, 0xffffffff), mask: checkInteger('filter.mark.mask', filter.mark?.mask, 0, 0xffffffff) };
    // The kernel compares (mark & mask) with the value: bits of the value outside the mask match nothing.
    if ((out.mark.value & ~out.mark.mask) !== 0) throw new InvalidArgumentError('filter.mark.value', `0x${out.mark.value.toString(16)} has bits outside the mask 0x${out.mark.mask.toString(16)}: no entry could match`);
  }
  if (filter.status !== undefined) {
    if (!Array.isArray(filter.status)) throw new InvalidArgumentError('filter.status', 'status is a list of status names');
    let bits = 0;
    for (const name of filter.status) {
      const bit = (nfCtStatusValues as Record<string, number>)[name];
      if (bit === undefined) throw new InvalidArgumentError('filter.status', `${String(name)} is not a conntrack status (${Object.keys(nfCtStatusValues).join(', ')})`);
      bits |= bit;
    }
    out.status = bits >>> 0;
  }
  if (filter.original !== undefined) out.original = filter.original;
  if (filter.reply !== undefined) out.reply = filter.reply;
  if (filter.labels !== undefined) out.labels = checkLabels('filter.labels', filter.labels);
  return out;
}

/** The CTA_FILTER flags for the parts of `tuple` that are given. */
function flagsOf(tuple: TupleSpec): number {
  const f = filterFlagValues;
  let flags = 0;
  if (tuple.src !== undefined) flags |= f.ipSrc;
  if (tuple.dst !== undefined) flags |= f.ipDst;
  if (tuple.protocol !== undefined) flags |= f.protoNum;
  if (tuple.sport !== undefined) flags |= f.protoSrcPort;
  if (tuple.dport !== undefined) flags |= f.protoDstPort;
  if (tuple.icmp !== undefined) {
    const v6 = ipProtocolNumber(tuple.protocol!) === 58;
    if (tuple.icmp.type !== undefined) flags |= v6 ? f.protoIcmpv6Type : f.protoIcmpType;
    if (tuple.icmp.code !== undefined) flags |= v6 ? f.protoIcmpv6Code : f.protoIcmpCode;
    if (tuple.icmp.id !== undefined) flags |= v6 ? f.protoIcmpv6Id : f.protoIcmpId;
  }
  return flags;
}

/**
 * The dump request's attributes: what the kernel filters itself (ctnetlink_alloc_filter() in
 * net/netfilter/nf_conntrack_netlink.c): the family (in nfgenmsg), the mark under a mask, status bits, the
 * zone, and tuple parts under CTA_FILTER (which needs the family). The rest, and everything again, is
 * checked in JavaScript (`matches`): a kernel without some of these filters lists more, never less.
 */
export function dumpAttrsOf(f: CheckedFilter): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  if (f.mark) {
    attrs.mark = f.mark.value;
    attrs.markMask = f.mark.mask;
  }
  if (f.status !== undefined) {
    // CTA_STATUS with CTA_STATUS_MASK: (status & mask) == value.
    attrs.status = statusNames(f.status);
    attrs.statusMask = statusNames(f.status);
  }
  if (f.zone !== undefined) attrs.zone = f.zone;
  if (f.family !== undefined && (f.original || f.reply)) {
    const original = f.original && kernelPart(f.original, f.family);
    const reply = f.reply && kernelPart(f.reply, f.family);
    const origFlags = original ? flagsOf(original) : 0;
    const replyFlags = reply ? flagsOf(reply) : 0;
    if (origFlags) attrs.tupleOrig = tupleAttrsOf(original!, f.family);
    if (replyFlags) attrs.tupleReply = tupleAttrsOf(reply!, f.family);
    if (origFlags || replyFlags) attrs.filter = { origFlags, replyFlags };
  }
  return attrs;
}

/**
 * The part of a tuple filter the kernel is given. IPv6 addresses stay out: ctnetlink_filter_match_tuple()
 * in net/netfilter/nf_conntrack_netlink.c tests them with `!ipv6_addr_cmp(…)`, which is true when they are
 * equal, so an IPv6 address filter drops exactly the entries it names (seen on Linux 6.18). linx checks
 * them in JavaScript instead.
 */
function kernelPart(tuple: TupleSpec, family: ConntrackFamily): TupleSpec {
  if (family !== 'ip6') return tuple;
  const { src: _src, dst: _dst, ...rest } = tuple;
  return rest;
}

function statusNames(bits: number): ConntrackStatus[] {
  return (Object.entries(nfCtStatusValues) as [ConntrackStatus, number][]).filter(([, bit]) => (bits & bit) !== 0).map(([name]) => name);
}

function tupleMatches(spec: TupleSpec, t: ConntrackTuple): boolean {
  if (spec.src !== undefined && !sameAddress(spec.src, t.src)) return false;
  if (spec.dst !== undefined && !sameAddress(spec.dst, t.dst)) return false;
  if (spec.protocol !== undefined && ipProtocolNumber(spec.protocol) !== (typeof t.protocol === 'number' ? t.protocol : ipProtocolNumber(t.protocol))) return false;
  if (spec.sport !== undefined && spec.sport !== t.sport) return false;
  if (spec.dport !== undefined && spec.dport !== t.dport) return false;
  // A direction's zone is matched here only: the kernel's CTA_FILTER zone flag sets the lookup zone instead.
  if (spec.zone !== undefined && (t.zone ?? 0) !== spec.zone) return false;
  if (spec.icmp !== undefined) {
    if (!t.icmp) return false;
    if (spec.icmp.type !== undefined && spec.icmp.type !== t.icmp.type) return false;
    if (spec.icmp.code !== undefined && spec.icmp.code !== t.icmp.code) return false;
    if (spec.icmp.id !== undefined && spec.icmp.id !== t.icmp.id) return false;
  }
  return true;
}

/** IPv6 text has many spellings ('::1', '0::1'); the kernel's is canonical, so compare canonical forms. */
function sameAddress(spec: string, listed: string): boolean {
  if (spec === listed) return true;
  return canonical(spec) === listed;
}

function canonical(text: string): string {
  return text.includes(':') ? formatIPv6(parseIPv6(text)) : text;
}

/** Whether a listed entry matches the filter (the whole filter, checked in JavaScript). */
export function matches(f: CheckedFilter, e: ConntrackEntry): boolean {
  if (f.family !== undefined && e.family !== f.family) return false;
  if (f.zone !== undefined && (e.zone ?? 0) !== f.zone) return false;
  if (f.mark && (((e.mark ?? 0) & f.mark.mask) >>> 0) !== f.mark.value) return false;
  if (f.status !== undefined) {
    let bits = 0;
    for (const name of e.status) bits |= nfCtStatusValues[name] ?? 0;
    if ((bits & f.status) >>> 0 !== f.status) return false;
  }
  if (f.original && !tupleMatches(f.original, e.original)) return false;
  if (f.reply && !tupleMatches(f.reply, e.reply)) return false;
  if (f.labels !== undefined && !f.labels.every((label) => e.labels?.includes(label))) return false;
  return true;
}
