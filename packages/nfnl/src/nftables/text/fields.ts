import type { DatatypeName } from '../datatypes.js';

// What nft knows of packet headers, meta and ct keys, as nftables' src/proto.c, meta.c and ct.c declare
// them: enough to name the bytes a rule's payload, meta and ct expressions load, and to print the values
// they are compared with in the field's data type.

/** A header field: `offset` and `len` in bits from the start of its header. */
export interface HeaderField {
  protocol: string;
  field: string;
  offset: number;
  len: number;
  type: DatatypeName;
}

/** The payload base a header is found at (enum nft_payload_bases), and nft's JSON name for raw payloads. */
export type PayloadBase = 'link' | 'network' | 'transport' | 'inner';
export const rawBaseNames: Record<PayloadBase, string> = { link: 'll', network: 'nh', transport: 'th', inner: 'ih' };

type FieldRow = [field: string, offset: number, len: number, type: DatatypeName];
function header(protocol: string, rows: FieldRow[]): HeaderField[] {
  return rows.map(([field, offset, len, type]) => ({ protocol, field, offset, len, type }));
}

/** Link-layer headers (payload base `link`): Ethernet, and the VLAN tag after it. */
export const linkHeaders = {
  ether: header('ether', [['daddr', 0, 48, 'ether_addr'], ['saddr', 48, 48, 'ether_addr'], ['type', 96, 16, 'ether_type']]),
  vlan: header('vlan', [['pcp', 112, 3, 'integer'], ['dei', 115, 1, 'integer'], ['id', 116, 12, 'integer'], ['type', 128, 16, 'ether_type']]),
};

/** Network headers (payload base `network`), by the nfproto / ether type that selects them. */
export const networkHeaders: Record<string, HeaderField[]> = {
  ip: header('ip', [
    ['version', 0, 4, 'integer'], ['hdrlength', 4, 4, 'integer'], ['dscp', 8, 6, 'dscp'], ['ecn', 14, 2, 'ecn'], ['length', 16, 16, 'integer'],
    ['id', 32, 16, 'integer'], ['frag-off', 48, 16, 'integer'], ['ttl', 64, 8, 'integer'], ['protocol', 72, 8, 'inet_proto'],
    ['checksum', 80, 16, 'integer'], ['saddr', 96, 32, 'ipv4_addr'], ['daddr', 128, 32, 'ipv4_addr'],
  ]),
  ip6: header('ip6', [
    ['version', 0, 4, 'integer'], ['dscp', 4, 6, 'dscp'], ['ecn', 10, 2, 'ecn'], ['flowlabel', 12, 20, 'integer'], ['length', 32, 16, 'integer'],
    ['nexthdr', 48, 8, 'inet_proto'], ['hoplimit', 56, 8, 'integer'], ['saddr', 64, 128, 'ipv6_addr'], ['daddr', 192, 128, 'ipv6_addr'],
  ]),
  arp: header('arp', [['htype', 0, 16, 'integer'], ['ptype', 16, 16, 'ether_type'], ['hlen', 32, 8, 'integer'], ['plen', 40, 8, 'integer'], ['operation', 48, 16, 'arp_op']]),
};

/** Transport headers (payload base `transport`), by IP protocol number. */
export const transportHeaders: Record<number, HeaderField[]> = {
  1: header('icmp', [['type', 0, 8, 'icmp_type'], ['code', 8, 8, 'icmp_code'], ['checksum', 16, 16, 'integer'], ['id', 32, 16, 'integer'], ['sequence', 48, 16, 'integer']]),
  6: header('tcp', [
    ['sport', 0, 16, 'inet_service'], ['dport', 16, 16, 'inet_service'], ['sequence', 32, 32, 'integer'], ['ackseq', 64, 32, 'integer'],
    ['doff', 96, 4, 'integer'], ['reserved', 100, 4, 'integer'], ['flags', 104, 8, 'tcp_flag'], ['window', 112, 16, 'integer'],
    ['checksum', 128, 16, 'integer'], ['urgptr', 144, 16, 'integer'],
  ]),
  17: header('udp', [['sport', 0, 16, 'inet_service'], ['dport', 16, 16, 'inet_service'], ['length', 32, 16, 'integer'], ['checksum', 48, 16, 'integer']]),
  58: header('icmpv6', [['type', 0, 8, 'icmpv6_type'], ['code', 8, 8, 'icmpv6_code'], ['checksum', 16, 16, 'integer'], ['id', 32, 16, 'integer'], ['sequence', 48, 16, 'integer']]),
  132: header('sctp', [['sport', 0, 16, 'inet_service'], ['dport', 16, 16, 'inet_service'], ['vtag', 32, 32, 'integer'], ['checksum', 64, 32, 'integer']]),
  136: header('udplite', [['sport', 0, 16, 'inet_service'], ['dport', 16, 16, 'inet_service'], ['csumcov', 32, 16, 'integer'], ['checksum', 48, 16, 'integer']]),
  2: header('igmp', [['type', 0, 8, 'igmp_type'], ['mrt', 8, 8, 'integer'], ['checksum', 16, 16, 'integer'], ['group', 32, 32, 'integer']]),
  33: header('dccp', [['sport', 0, 16, 'inet_service'], ['dport', 16, 16, 'inet_service'], ['type', 67, 4, 'dccp_pkttype']]),
  50: header('esp', [['spi', 0, 32, 'integer'], ['sequence', 32, 32, 'integer']]),
  51: header('ah', [['nexthdr', 0, 8, 'inet_proto'], ['hdrlength', 8, 8, 'integer'], ['reserved', 16, 16, 'integer'], ['spi', 32, 32, 'integer'], ['sequence', 64, 32, 'integer']]),
  108: header('comp', [['nexthdr', 0, 8, 'inet_proto'], ['flags', 8, 8, 'bitmask'], ['cpi', 16, 16, 'integer']]),
};

/**
 * The ports every transport protocol nft knows puts first (nft's `th`, proto_th): matched and printed as
 * `th dport 53` when no protocol is known, or for several (`meta l4proto { tcp, udp } th dport 53`).
 */
export const transportPorts: HeaderField[] = header('th', [['sport', 0, 16, 'inet_service'], ['dport', 16, 16, 'inet_service']]);

/** A meta key: nft's name, its data type, and whether nft prints it without `meta` (meta_key_is_unqualified). */
export interface MetaKey {
  name: string;
  type: DatatypeName;
  unqualified?: boolean;
  /** The value's size in bytes where it is not the type's (nftrace: 1). */
  size?: number;
  /** An integer nft keeps in network order, where meta integers are in host order (random: meta.c). */
  bigEndian?: boolean;
}
export const metaKeys: Record<string, MetaKey> = {
  len: { name: 'length', type: 'integer' },
  protocol: { name: 'protocol', type: 'ether_type' },
  priority: { name: 'priority', type: 'classid' },
  mark: { name: 'mark', type: 'mark' },
  iif: { name: 'iif', type: 'iface_index', unqualified: true },
  oif: { name: 'oif', type: 'iface_index', unqualified: true },
  iifname: { name: 'iifname', type: 'ifname', unqualified: true },
  oifname: { name: 'oifname', type: 'ifname', unqualified: true },
  iftype: { name: 'iiftype', type: 'iface_type' },
  oiftype: { name: 'oiftype', type: 'iface_type' },
  skuid: { name: 'skuid', type: 'uid' },
  skgid: { name: 'skgid', type: 'gid' },
  nftrace: { name: 'nftrace', type: 'integer', size: 1 },
  rtclassid: { name: 'rtclassid', type: 'realm' },
  nfproto: { name: 'nfproto', type: 'nf_proto' },
  'l4-proto': { name: 'l4proto', type: 'inet_proto' },
  'bri-iifname': { name: 'ibrname', type: 'ifname' },
  'bri-oifname': { name: 'obrname', type: 'ifname' },
  pkttype: { name: 'pkttype', type: 'pkttype' },
  cpu: { name: 'cpu', type: 'integer' },
  iifgroup: { name: 'iifgroup', type: 'devgroup', unqualified: true },
  oifgroup: { name: 'oifgroup', type: 'devgroup', unqualified: true },
  cgroup: { name: 'cgroup', type: 'integer' },
  prandom: { name: 'random', type: 'integer', bigEndian: true },
  secpath: { name: 'ipsec', type: 'boolean' },
  iifkind: { name: 'iifkind', type: 'ifname' },
  oifkind: { name: 'oifkind', type: 'ifname' },
  sdif: { name: 'sdif', type: 'iface_index' },
  sdifname: { name: 'sdifname', type: 'ifname' },
  secmark: { name: 'secmark', type: 'integer' },
};

/**
 * The meta keys of the time of day, apart from `metaKeys` (the compiler reads their values its own way:
 * a day by name, an hour in local time). `meta time` (nanoseconds since the epoch, nft's type 43,
 * also named `time`) is not among them.
 */
export const timeMetaKeys: Record<string, MetaKey> = {
  'time-day': { name: 'day', type: 'day' },
  'time-hour': { name: 'hour', type: 'hour' },
};

/** A ct key: nft's name and its data type (`src`/`dst` addresses take the type of the network protocol). */
export const ctKeys: Record<string, { name: string; type: DatatypeName; size?: number }> = {
  state: { name: 'state', type: 'ct_state' },
  direction: { name: 'direction', type: 'ct_dir' },
  status: { name: 'status', type: 'ct_status' },
  mark: { name: 'mark', type: 'mark' },
  expiration: { name: 'expiration', type: 'time', size: 4 },
  helper: { name: 'helper', type: 'string' },
  l3protocol: { name: 'l3proto', type: 'nf_proto' },
  protocol: { name: 'protocol', type: 'inet_proto' },
  'proto-src': { name: 'proto-src', type: 'inet_service' },
  'proto-dst': { name: 'proto-dst', type: 'inet_service' },
  labels: { name: 'label', type: 'ct_label' },
  pkts: { name: 'packets', type: 'integer', size: 8 },
  bytes: { name: 'bytes', type: 'integer', size: 8 },
  avgpkt: { name: 'avgpkt', type: 'integer', size: 8 },
  zone: { name: 'zone', type: 'integer', size: 2 },
  eventmask: { name: 'event', type: 'ct_event' },
  'src-ip': { name: 'ip saddr', type: 'ipv4_addr' },
  'dst-ip': { name: 'ip daddr', type: 'ipv4_addr' },
  'src-ip6': { name: 'ip6 saddr', type: 'ipv6_addr' },
  'dst-ip6': { name: 'ip6 daddr', type: 'ipv6_addr' },
  id: { name: 'id', type: 'integer' },
  secmark: { name: 'secmark', type: 'integer' },
};

/** IP protocol numbers by the names nft prints (from its /etc/protocols lookups). */
export const inetProtocols: Record<number, string> = { 1: 'icmp', 2: 'igmp', 4: 'ipencap', 6: 'tcp', 17: 'udp', 33: 'dccp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'ipv6-icmp', 132: 'sctp', 136: 'udplite' };
/** The nfproto numbers a `meta nfproto` match names, and the network header each selects. */
export const nfprotoNames: Record<number, string> = { 2: 'ipv4', 10: 'ipv6', 3: 'arp', 7: 'bridge' };
export const nfprotoHeader: Record<number, string> = { 2: 'ip', 10: 'ip6', 3: 'arp' };
/** Ether types by name, and the network header each selects. */
export const etherTypeNames: Record<number, string> = { 0x0800: 'ip', 0x0806: 'arp', 0x86dd: 'ip6', 0x8100: '8021q', 0x88a8: '8021ad' };

/** TCP option kinds, and their fields as [name, offset, length] in bytes (nftables' src/tcpopt.c). */
export const tcpOptions: Record<number, { name: string; fields: [string, number, number][] }> = {
  0: { name: 'eol', fields: [['kind', 0, 1]] },
  1: { name: 'nop', fields: [['kind', 0, 1]] },
  2: { name: 'maxseg', fields: [['kind', 0, 1], ['length', 1, 1], ['size', 2, 2]] },
  3: { name: 'window', fields: [['kind', 0, 1], ['length', 1, 1], ['count', 2, 1]] },
  4: { name: 'sack-perm', fields: [['kind', 0, 1], ['length', 1, 1]] },
  5: { name: 'sack', fields: [['kind', 0, 1], ['length', 1, 1], ['left', 2, 4], ['right', 6, 4]] },
  8: { name: 'timestamp', fields: [['kind', 0, 1], ['length', 1, 1], ['tsval', 2, 4], ['tsecr', 6, 4]] },
  19: { name: 'md5sig', fields: [['kind', 0, 1], ['length', 1, 1]] },
  // (mptcp's subtype, 4 bits, is not among these byte fields.)
  30: { name: 'mptcp', fields: [['kind', 0, 1], ['length', 1, 1]] },
  34: { name: 'fastopen', fields: [['kind', 0, 1], ['length', 1, 1]] },
};
/**
 * The fields of IPv6 extension headers as nft names them (nftables' src/exthdr.c templates, in template
 * order): `offset` and `len` in bits from the start of the header.
 */
export const ipv6ExthdrFields: Record<string, HeaderField[]> = {
  hbh: header('hbh', [['nexthdr', 0, 8, 'inet_proto'], ['hdrlength', 8, 8, 'integer']]),
  rt: header('rt', [['nexthdr', 0, 8, 'inet_proto'], ['hdrlength', 8, 8, 'integer'], ['type', 16, 8, 'integer'], ['seg-left', 24, 8, 'integer']]),
  frag: header('frag', [['nexthdr', 0, 8, 'inet_proto'], ['reserved', 8, 8, 'integer'], ['frag-off', 16, 13, 'integer'], ['reserved2', 29, 2, 'integer'], ['more-fragments', 31, 1, 'integer'], ['id', 32, 32, 'integer']]),
  dst: header('dst', [['nexthdr', 0, 8, 'inet_proto'], ['hdrlength', 8, 8, 'integer']]),
  mh: header('mh', [['nexthdr', 0, 8, 'inet_proto'], ['hdrlength', 8, 8, 'integer'], ['type', 16, 8, 'mh_type'], ['reserved', 24, 8, 'integer'], ['checksum', 32, 16, 'integer']]),
};

/** SCTP chunks by type, and their fields as [name, offset, length] in bytes (nftables' src/sctp_chunk.c). */
export const sctpChunks: Record<number, { name: string; fields: [string, number, number][] }> = (() => {
  const common: [string, number, number][] = [['type', 0, 1], ['flags', 1, 1], ['length', 2, 2]];
  const chunk = (name: string, fields: [string, number, number][] = []) => ({ name, fields: [...common, ...fields] });
  const init: [string, number, number][] = [['init-tag', 4, 4], ['a-rwnd', 8, 4], ['num-outbound-streams', 12, 2], ['num-inbound-streams', 14, 2], ['initial-tsn', 16, 4]];
  return {
    0: chunk('data', [['tsn', 4, 4], ['stream', 8, 2], ['ssn', 10, 2], ['ppid', 12, 4]]),
    1: chunk('init', init),
    2: chunk('init-ack', init),
    3: chunk('sack', [['cum-tsn-ack', 4, 4], ['a-rwnd', 8, 4], ['num-gap-ack-blocks', 12, 2], ['num-dup-tsns', 14, 2]]),
    4: chunk('heartbeat'),
    5: chunk('heartbeat-ack'),
    6: chunk('abort'),
    7: chunk('shutdown', [['cum-tsn-ack', 4, 4]]),
    8: chunk('shutdown-ack'),
    9: chunk('error'),
    10: chunk('cookie-echo'),
    11: chunk('cookie-ack'),
    12: chunk('ecne', [['lowest-tsn', 4, 4]]),
    13: chunk('cwr', [['lowest-tsn', 4, 4]]),
    14: chunk('shutdown-complete'),
    128: chunk('asconf-ack', [['seqno', 4, 4]]),
    192: chunk('forward-tsn', [['new-cum-tsn', 4, 4]]),
    193: chunk('asconf', [['seqno', 4, 4]]),
  };
})();

/** IPv6 extension headers by next-header number. */
export const ipv6Exthdrs: Record<number, string> = { 0: 'hbh', 43: 'rt', 44: 'frag', 60: 'dst', 135: 'mh' };
