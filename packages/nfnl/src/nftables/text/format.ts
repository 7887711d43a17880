import { formatIPv4, formatIPv6, formatMAC } from '@linx/netlink-wire';
import { hostOrderTypes, type DatatypeName } from '../datatypes.js';
import { timeText } from './time.js';
import { etherTypeNames, inetProtocols, nfprotoNames } from './fields.js';

/** A piece of a rule both ways: as `nft -j` writes it (`json`) and as `nft list ruleset` prints it (`text`). */
export interface Rendered {
  json: unknown;
  text: string;
}

// Symbol tables of nft's data types (src/datatype.c, proto.c, ct.c, meta.c), by value.
export const symbolTables: Partial<Record<DatatypeName, Record<number, string>>> = {
  nf_proto: nfprotoNames,
  inet_proto: inetProtocols,
  ether_type: etherTypeNames,
  icmp_type: {
    0: 'echo-reply', 3: 'destination-unreachable', 4: 'source-quench', 5: 'redirect', 8: 'echo-request', 9: 'router-advertisement',
    10: 'router-solicitation', 11: 'time-exceeded', 12: 'parameter-problem', 13: 'timestamp-request', 14: 'timestamp-reply',
    15: 'info-request', 16: 'info-reply', 17: 'address-mask-request', 18: 'address-mask-reply',
  },
  icmpv6_type: {
    1: 'destination-unreachable', 2: 'packet-too-big', 3: 'time-exceeded', 4: 'parameter-problem', 128: 'echo-request', 129: 'echo-reply',
    130: 'mld-listener-query', 131: 'mld-listener-report', 132: 'mld-listener-done', 133: 'nd-router-solicit', 134: 'nd-router-advert',
    135: 'nd-neighbor-solicit', 136: 'nd-neighbor-advert', 137: 'nd-redirect', 138: 'router-renumbering', 141: 'ind-neighbor-solicit',
    142: 'ind-neighbor-advert', 143: 'mld2-listener-report',
  },
  icmp_code: { 0: 'net-unreachable', 1: 'host-unreachable', 2: 'prot-unreachable', 3: 'port-unreachable', 4: 'frag-needed', 9: 'net-prohibited', 10: 'host-prohibited', 13: 'admin-prohibited' },
  icmpv6_code: { 0: 'no-route', 1: 'admin-prohibited', 3: 'addr-unreachable', 4: 'port-unreachable', 5: 'policy-fail', 6: 'reject-route' },
  icmpx_code: { 0: 'no-route', 1: 'port-unreachable', 2: 'host-unreachable', 3: 'admin-prohibited' },
  ct_dir: { 0: 'original', 1: 'reply' },
  pkttype: { 0: 'host', 1: 'broadcast', 2: 'multicast', 3: 'other' },
  ecn: { 0: 'not-ect', 1: 'ect1', 2: 'ect0', 3: 'ce' },
  dscp: {
    0: 'cs0', 1: 'lephb', 8: 'cs1', 16: 'cs2', 24: 'cs3', 32: 'cs4', 40: 'cs5', 48: 'cs6', 56: 'cs7', 10: 'af11', 12: 'af12', 14: 'af13', 18: 'af21',
    20: 'af22', 22: 'af23', 26: 'af31', 28: 'af32', 30: 'af33', 34: 'af41', 36: 'af42', 38: 'af43', 46: 'ef',
  },
  arp_op: { 1: 'request', 2: 'reply', 3: 'rrequest', 4: 'rreply', 8: 'inrequest', 9: 'inreply', 10: 'nak' },
  fib_addrtype: { 0: 'unspec', 1: 'unicast', 2: 'local', 3: 'broadcast', 4: 'anycast', 5: 'multicast', 6: 'blackhole', 7: 'unreachable', 8: 'prohibit' },
  // DCCP packet types and IGMP types (nftables' src/proto.c).
  dccp_pkttype: { 0: 'request', 1: 'response', 2: 'data', 3: 'ack', 4: 'dataack', 5: 'closereq', 6: 'close', 7: 'reset', 8: 'sync', 9: 'syncack' },
  igmp_type: { 0x11: 'membership-query', 0x12: 'membership-report-v1', 0x16: 'membership-report-v2', 0x22: 'membership-report-v3', 0x17: 'leave-group' },
  // Mobility header types (nftables' src/mh.c).
  mh_type: {
    0: 'binding-refresh-request', 1: 'home-test-init', 2: 'careof-test-init', 3: 'home-test', 4: 'careof-test', 5: 'binding-update',
    6: 'binding-acknowledgement', 7: 'binding-error', 8: 'fast-binding-update', 9: 'fast-binding-acknowledgement', 10: 'fast-binding-advertisement',
    11: 'experimental-mobility-header', 12: 'home-agent-switch-message',
  },
  iface_type: { 1: 'ether', 512: 'ppp', 768: 'ipip', 769: 'ipip6', 772: 'loopback', 776: 'sit', 778: 'ipgre' },
};

/** Bit mask types: their bits by name, in the order nft prints them. */
export const bitmasks: Partial<Record<DatatypeName, [string, number][]>> = {
  ct_state: [['invalid', 1], ['established', 2], ['related', 4], ['new', 8], ['untracked', 64]],
  ct_status: [['expected', 1], ['seen-reply', 2], ['assured', 4], ['confirmed', 8], ['snat', 16], ['dnat', 32], ['dying', 512]],
  tcp_flag: [['fin', 1], ['syn', 2], ['rst', 4], ['psh', 8], ['ack', 16], ['urg', 32], ['ecn', 64], ['cwr', 128]],
  // The conntrack events by bit (enum ip_conntrack_events, as nft's ct.c names them).
  ct_event: [['new', 1], ['related', 2], ['destroy', 4], ['reply', 8], ['assured', 16], ['protoinfo', 32], ['helper', 64], ['mark', 128], ['seqadj', 256], ['secmark', 512], ['label', 1024]],
};

/** Types whose values are in host byte order (declared with the types). */
export const hostOrder = hostOrderTypes;

/** The bytes as an unsigned number (big-endian, or host order = little-endian here). */
export function readNumber(bytes: Uint8Array, bigEndian: boolean): bigint {
  let n = 0n;
  for (let i = 0; i < bytes.length; i++) n = (n << 8n) | BigInt(bytes[bigEndian ? i : bytes.length - 1 - i]!);
  return n;
}

/** Whether values of `type` are stored in host order (`integer` follows the expression that loads it). */
export function isHostOrder(type: DatatypeName): boolean {
  return hostOrder.has(type);
}

const asJsonNumber = (n: bigint): number | string => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString());

function bitmaskNames(type: DatatypeName, n: bigint): string[] {
  const names: string[] = [];
  let rest = n;
  for (const [name, bit] of bitmasks[type] ?? []) {
    if ((n & BigInt(bit)) !== 0n) {
      names.push(name);
      rest &= ~BigInt(bit);
    }
  }
  if (rest !== 0n) names.push(`0x${rest.toString(16)}`);
  return names;
}

/**
 * An end of a range as nft prints it: a number even where the type names values (range_expr_print sets
 * NFT_CTX_OUTPUT_NUMERIC_ALL: `icmp type 0-3`, `ip dscp 0x01-0x05`); nft -j keeps the name.
 */
export function rangeEndRendered(end: Rendered, type: string | number): Rendered {
  const table = typeof type === 'string' ? (symbolTables as Partial<Record<string, Record<number, string>>>)[type] : undefined;
  const named = typeof end.json === 'string' ? Object.entries(table ?? {}).find(([, name]) => name === end.json) : undefined;
  if (!named) return end;
  const n = Number(named[0]);
  return { json: end.json, text: type === 'dscp' ? `0x${n.toString(16).padStart(2, '0')}` : String(n) };
}

/** A bit mask value: nft prints `established,related`; nft -j a name, or a list of names. */
export function formatBitmask(type: DatatypeName, n: bigint, separator = ','): Rendered {
  const names = bitmaskNames(type, n);
  return { json: names.length === 1 ? names[0] : names, text: names.join(separator) };
}

/**
 * A value of `type` as nft prints it. `bigEndian` says how an `integer` is stored (payload fields are in
 * network order, meta and ct integers in host order); named types know their own order.
 */
export function formatValue(bytes: Uint8Array, type: DatatypeName, bigEndian = true): Rendered {
  switch (type) {
    case 'ipv4_addr':
      return text(formatIPv4(bytes.subarray(0, 4)));
    case 'ipv6_addr':
      return text(formatIPv6(bytes.subarray(0, 16)));
    case 'ether_addr':
    case 'll_addr':
      return text(formatMAC(bytes.subarray(0, 6)));
    case 'ifname':
    case 'string': {
      const end = bytes.indexOf(0);
      const name = new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
      // A name compared without its NUL is a prefix: nft's wildcard `eth*`.
      const shown = end < 0 && type === 'ifname' && bytes.length < 16 ? `${name}*` : name;
      return { json: shown, text: `"${shown}"` };
    }
    case 'bitmask': {
      // nft's bitmask_type (comp flags): an integer it prints in hex, unpadded; nft -j a number.
      const n = readNumber(bytes, bigEndian);
      return { json: asJsonNumber(n), text: `0x${n.toString(16)}` };
    }
    case 'mark': {
      const n = readNumber(bytes, false);
      return { json: asJsonNumber(n), text: `0x${n.toString(16).padStart(8, '0')}` };
    }
    case 'ct_state':
    case 'ct_status':
    case 'tcp_flag':
    case 'ct_event':
      return formatBitmask(type, readNumber(bytes, !hostOrder.has(type)));
    case 'boolean': {
      // nft -j writes true/false; the text says exists/missing.
      const set = readNumber(bytes, true) !== 0n;
      return { json: set, text: set ? 'exists' : 'missing' };
    }
    case 'classid': {
      // A tc handle, major:minor in hex.
      const n = Number(readNumber(bytes, false));
      const t = `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
      return { json: t, text: t };
    }
    case 'ct_label': {
      // Label bits by number (nft names them from connlabel.conf, which this host need not have).
      const bits: number[] = [];
      bytes.forEach((b, i) => {
        for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) bits.push(i * 8 + bit);
      });
      return { json: bits.length === 1 ? bits[0] : bits, text: bits.join(',') };
    }
    case 'time': {
      // A time in milliseconds (host order): nft prints `5s`, nft -j seconds.
      const ms = Number(readNumber(bytes, false));
      return { json: ms / 1000, text: timeText(ms) };
    }
    case 'day': {
      // A day of the week (meta day), quoted by name.
      const name = weekdays[Number(readNumber(bytes, false))];
      return name !== undefined ? { json: name, text: `"${name}"` } : { json: Number(readNumber(bytes, false)), text: String(readNumber(bytes, false)) };
    }
    case 'hour': {
      // Seconds since midnight UTC (meta hour), printed in local time as nft does: "17:00", "01:30:05"
      // (west of Greenwich nft 1.0.6 wraps an hour before the offset to a huge number; linx does not).
      const local = (Number(readNumber(bytes, false)) - new Date().getTimezoneOffset() * 60 + 86_400) % 86_400;
      const pad = (n: number) => String(n).padStart(2, '0');
      const t = `${pad(Math.floor(local / 3600))}:${pad(Math.floor(local / 60) % 60)}${local % 60 ? `:${pad(local % 60)}` : ''}`;
      return { json: t, text: `"${t}"` };
    }
    case 'devgroup': {
      // A device group by name (nft knows `default` without /etc/iproute2/group), quoted, else the number.
      const n = Number(readNumber(bytes, false));
      return n === 0 ? { json: 'default', text: '"default"' } : { json: n, text: String(n) };
    }
    case 'realm': {
      const n = readNumber(bytes, false).toString();
      return { json: n, text: n };
    }
    case 'ether_type': {
      const n = Number(readNumber(bytes, true));
      const name = etherTypeNames[n];
      return name !== undefined ? text(name) : { json: n, text: `0x${n.toString(16).padStart(4, '0')}` };
    }
    default: {
      const n = readNumber(bytes, type === 'integer' ? bigEndian : !hostOrder.has(type));
      const name = symbolTables[type]?.[Number(n)];
      if (name !== undefined) return text(name);
      // nft's dscp type is an integer in hex (`ip dscp 0x03`), which nft -j writes as a number.
      if (type === 'dscp') return { json: asJsonNumber(n), text: `0x${n.toString(16).padStart(2, '0')}` };
      return { json: asJsonNumber(n), text: n.toString() };
    }
  }
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function text(s: string): Rendered {
  return { json: s, text: s };
}
