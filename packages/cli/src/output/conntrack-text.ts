// Conntrack entries as `conntrack -L` (conntrack-tools 1.4.7, libnetfilter_conntrack's default format)
// prints them, and as `conntrack -E` prints events.
import type { ConntrackEntry } from '@linx/nfnl';
import { ipProtocolNumber } from '@linx/netlink-wire';

type Entry = ConntrackEntry;
type Tuple = Entry['original'];

/** The layer-3 words of `-o extended`: the family's name and number (AF_INET, AF_INET6). */
const LAYER3: Record<string, string> = { ip: 'ipv4     2 ', ip6: 'ipv6     10 ' };
/** The protocols libnetfilter_conntrack names; others print as "unknown". */
const NAMED = new Set(['tcp', 'udp', 'udplite', 'icmp', 'icmpv6', 'sctp', 'gre', 'dccp']);

/** `time-wait` → `TIME_WAIT`: the kernel's state names as the tool prints them. */
const stateWord = (state: string | number) => (typeof state === 'number' ? String(state) : state.toUpperCase().replaceAll('-', '_'));

function tupleText(t: Tuple): string {
  let text = `src=${t.src} dst=${t.dst} `;
  if (t.sport !== undefined || t.dport !== undefined) text += `sport=${t.sport ?? 0} dport=${t.dport ?? 0} `;
  if (t.icmp !== undefined) text += `type=${t.icmp.type} code=${t.icmp.code} id=${t.icmp.id} `;
  if (t.zone !== undefined) text += `zone=${t.zone} `;
  return text;
}

function counterText(counter: { packets: bigint; bytes: bigint } | undefined): string {
  return counter === undefined ? '' : `packets=${counter.packets} bytes=${counter.bytes} `;
}

/** One entry as `conntrack -L` prints it; `extended`: as `conntrack -L -o extended` (the family first). */
export function entryText(e: Entry, o: { extended?: boolean } = {}): string {
  const protocol = e.original.protocol;
  const name = typeof protocol === 'string' && NAMED.has(protocol) ? protocol : 'unknown';
  let text = o.extended ? (LAYER3[e.family] ?? `unknown  ${String(e.family)} `) : '';
  text += `${name.padEnd(8)} ${ipProtocolNumber(protocol) ?? protocol} `;
  if (e.timeout !== undefined) text += `${e.timeout} `;
  const state = e.tcp?.state ?? e.sctp?.state ?? e.dccp?.state;
  if (state !== undefined) text += `${stateWord(state)} `;
  text += tupleText(e.original) + counterText(e.counters?.original);
  if (!e.status.includes('seen-reply')) text += '[UNREPLIED] ';
  text += tupleText(e.reply) + counterText(e.counters?.reply);
  if (e.status.includes('assured')) text += '[ASSURED] ';
  if (e.status.includes('offload')) text += '[OFFLOAD] ';
  if (e.status.includes('hw-offload')) text += '[HW_OFFLOAD] ';
  if (e.mark !== undefined) text += `mark=${e.mark} `;
  if (e.secctx !== undefined) text += `secctx=${e.secctx} `;
  if (e.zone !== undefined) text += `zone=${e.zone} `;
  if (e.use !== undefined) text += `use=${e.use} `;
  return text.trimEnd();
}

/** The event words of `conntrack -E`, right-aligned in 9 columns as the tool prints them. */
const EVENT_WORDS = { new: '[NEW]', update: '[UPDATE]', destroy: '[DESTROY]' } as const;

export function eventText(type: keyof typeof EVENT_WORDS, e: Entry, o: { extended?: boolean } = {}): string {
  return `${EVENT_WORDS[type].padStart(9)} ${entryText(e, o)}`;
}
