import type { DecodedMessage } from '../nftables/common.js';
import type { Family } from '../nfgenmsg.js';
import type { NfCtSctpState, NfCtStatus, NfCtTcpFlags, NfCtTcpState } from './generated/conntrack.js';
import type { conntrackMessage } from './messages.js';
import { labelNumbers } from './labels.js';
import { tupleFrom, type ConntrackFamily, type ConntrackTuple } from './tuple.js';

/** A status bit of an entry (IPS_*): 'seen-reply', 'assured', 'confirmed', 'src-nat', 'dying', 'offload', … */
export type ConntrackStatus = NfCtStatus;

/** Packets and bytes one direction carried (with accounting on: sysctl net.netfilter.nf_conntrack_acct). */
export interface ConntrackCounter {
  packets: bigint;
  bytes: bigint;
}

/** A conntrack entry as listed, got, or sent in an event. */
export interface ConntrackEntry {
  family: ConntrackFamily;
  /** The original direction (as the first packet went) and the reply direction (as answers come back; NAT shows here). */
  original: ConntrackTuple;
  reply: ConntrackTuple;
  /** Status bits by name. */
  status: ConntrackStatus[];
  /** Seconds left before the entry expires (not in destroy events). */
  timeout?: number;
  mark?: number;
  /** The zone (CTA_ZONE); absent for zone 0. */
  zone?: number;
  /** The kernel's id of the entry (stable while it lives). */
  id?: number;
  /** Its reference count. */
  use?: number;
  tcp?: { state: NfCtTcpState | number; wscaleOriginal?: number; wscaleReply?: number; flagsOriginal?: (NfCtTcpFlags | number)[]; flagsReply?: (NfCtTcpFlags | number)[] };
  sctp?: { state: NfCtSctpState | number; vtagOriginal?: number; vtagReply?: number };
  dccp?: { state: number; role?: number; handshakeSeq?: bigint };
  /** Per-direction counters, with accounting on. */
  counters?: { original?: ConntrackCounter; reply?: ConntrackCounter };
  /** Start (and, in destroy events, stop) in nanoseconds since the epoch, with timestamps on (sysctl net.netfilter.nf_conntrack_timestamp). */
  timestamp?: { start?: bigint; stop?: bigint };
  /** The helper's name ('ftp', 'sip', …). */
  helper?: string;
  /** An expected connection's master tuple. */
  master?: ConntrackTuple;
  /** The security context. */
  secctx?: string;
  /** Connection labels set on the entry, by number (0–127; nft's `ct label`, conntrack's `-o labels` names them from connlabel.conf). */
  labels?: number[];
}

/** The decoded value of a conntrack message. */
export type DecodedConntrack = DecodedMessage<typeof conntrackMessage>;

/** A decoded conntrack message (`{ header, attrs }`) as a `ConntrackEntry`. */
export function entryFrom(message: { header: { family: Family | number }; attrs: DecodedConntrack['attrs'] }): ConntrackEntry {
  const a = message.attrs;
  const entry: ConntrackEntry = {
    family: message.header.family as ConntrackFamily,
    original: tupleFrom(a.tupleOrig ?? {}),
    reply: tupleFrom(a.tupleReply ?? {}),
    status: (a.status ?? []) as ConntrackStatus[],
  };
  if (a.timeout !== undefined) entry.timeout = a.timeout;
  if (a.mark !== undefined) entry.mark = a.mark;
  if (a.zone !== undefined) entry.zone = a.zone;
  if (a.id !== undefined) entry.id = a.id;
  if (a.use !== undefined) entry.use = a.use;
  const info = a.protoinfo;
  if (info?.protoinfoTcp) {
    const t = info.protoinfoTcp;
    const tcp: NonNullable<ConntrackEntry['tcp']> = { state: t.tcpState ?? 0 };
    if (t.tcpWscaleOriginal !== undefined) tcp.wscaleOriginal = t.tcpWscaleOriginal;
    if (t.tcpWscaleReply !== undefined) tcp.wscaleReply = t.tcpWscaleReply;
    if (t.tcpFlagsOriginal !== undefined) tcp.flagsOriginal = t.tcpFlagsOriginal.flags;
    if (t.tcpFlagsReply !== undefined) tcp.flagsReply = t.tcpFlagsReply.flags;
    entry.tcp = tcp;
  }
  if (info?.protoinfoSctp) {
    const s = info.protoinfoSctp;
    entry.sctp = { state: s.sctpState ?? 0, ...(s.vtagOriginal !== undefined ? { vtagOriginal: s.vtagOriginal } : {}), ...(s.vtagReply !== undefined ? { vtagReply: s.vtagReply } : {}) };
  }
  if (info?.protoinfoDccp) {
    const d = info.protoinfoDccp;
    entry.dccp = { state: d.dccpState ?? 0, ...(d.dccpRole !== undefined ? { role: d.dccpRole } : {}), ...(d.dccpHandshakeSeq !== undefined ? { handshakeSeq: d.dccpHandshakeSeq } : {}) };
  }
  if (a.countersOrig || a.countersReply) {
    entry.counters = {};
    if (a.countersOrig) entry.counters.original = { packets: a.countersOrig.packets ?? 0n, bytes: a.countersOrig.bytes ?? 0n };
    if (a.countersReply) entry.counters.reply = { packets: a.countersReply.packets ?? 0n, bytes: a.countersReply.bytes ?? 0n };
  }
  if (a.timestamp) {
    entry.timestamp = {};
    if (a.timestamp.start !== undefined) entry.timestamp.start = a.timestamp.start;
    if (a.timestamp.stop !== undefined) entry.timestamp.stop = a.timestamp.stop;
  }
  if (a.help?.helpName !== undefined) entry.helper = a.help.helpName;
  if (a.tupleMaster) entry.master = tupleFrom(a.tupleMaster);
  if (a.secctx?.secctxName !== undefined) entry.secctx = a.secctx.secctxName;
  if (a.labels !== undefined) entry.labels = labelNumbers(a.labels);
  return entry;
}
