import { InvalidArgumentError } from '@linx/netlink-socket';

/**
 * nft's data types (nftables' `enum datatypes`), which set key and data types carry (NFTA_SET_KEY_TYPE,
 * NFTA_SET_DATA_TYPE): the kernel keeps the number for user space; nft prints sets by it. A concatenation
 * is the types' numbers packed 6 bits each, first type highest (`ipv4_addr . inet_service` is 7 << 6 | 13).
 * `size` is a value's size in bytes, where it is fixed.
 */
export const datatypes = {
  invalid: { id: 0 },
  verdict: { id: 1 },
  nf_proto: { id: 2, size: 1 },
  bitmask: { id: 3 },
  integer: { id: 4 },
  string: { id: 5 },
  ll_addr: { id: 6 },
  ipv4_addr: { id: 7, size: 4 },
  ipv6_addr: { id: 8, size: 16 },
  ether_addr: { id: 9, size: 6 },
  ether_type: { id: 10, size: 2 },
  arp_op: { id: 11, size: 2 },
  inet_proto: { id: 12, size: 1 },
  inet_service: { id: 13, size: 2 },
  icmp_type: { id: 14, size: 1 },
  tcp_flag: { id: 15, size: 1 },
  dccp_pkttype: { id: 16, size: 1 },
  mh_type: { id: 17, size: 1 },
  time: { id: 18, size: 8 },
  mark: { id: 19, size: 4 },
  iface_index: { id: 20, size: 4 },
  iface_type: { id: 21, size: 2 },
  realm: { id: 22, size: 4 },
  classid: { id: 23, size: 4 },
  uid: { id: 24, size: 4 },
  gid: { id: 25, size: 4 },
  ct_state: { id: 26, size: 4 },
  ct_dir: { id: 27, size: 1 },
  ct_status: { id: 28, size: 4 },
  icmpv6_type: { id: 29, size: 1 },
  ct_label: { id: 30, size: 16 },
  pkttype: { id: 31, size: 1 },
  icmp_code: { id: 32, size: 1 },
  icmpv6_code: { id: 33, size: 1 },
  icmpx_code: { id: 34, size: 1 },
  devgroup: { id: 35, size: 4 },
  dscp: { id: 36, size: 1 },
  ecn: { id: 37, size: 1 },
  fib_addrtype: { id: 38, size: 4 },
  boolean: { id: 39, size: 1 },
  ct_event: { id: 40, size: 4 },
  ifname: { id: 41, size: 16 },
  igmp_type: { id: 42, size: 1 },
  day: { id: 45, size: 1 },
  hour: { id: 44, size: 4 },
  cgroupsv2: { id: 46, size: 8 },
} as const satisfies Record<string, { id: number; size?: number }>;
export type DatatypeName = keyof typeof datatypes;

/** Types whose values are in host byte order (marks, interface indexes, ct state, …); the others are in network order. */
export const hostOrderTypes: ReadonlySet<DatatypeName> = new Set<DatatypeName>(['mark', 'iface_index', 'uid', 'gid', 'ct_state', 'ct_status', 'realm', 'classid', 'devgroup', 'ct_event', 'nf_proto', 'iface_type', 'time', 'pkttype', 'ct_dir', 'boolean', 'day', 'hour', 'cgroupsv2', 'fib_addrtype']);

/**
 * The byte order nft records for a set's keys or data of `type` (NFTNL_UDATA_SET_KEYBYTEORDER and
 * DATABYTEORDER: 1 host, 2 big endian, 0 for a concatenation, a verdict or an unknown type). nft reads it
 * back to print the elements: without it, it prints a host-order mark as 0x01000000.
 */
export function datatypeByteorder(type: SetDatatype): 0 | 1 | 2 {
  if (typeof type !== 'string' || concatParts(type).length !== 1) return 0;
  const name = concatParts(type)[0]!;
  if (!Object.hasOwn(datatypes, name) || name === 'verdict' || name === 'invalid') return 0;
  return hostOrderTypes.has(name as DatatypeName) || name === 'ifname' || name === 'string' || name === 'integer' ? 1 : 2;
}

/** NFT_DATA_VERDICT: the data type of a verdict map. */
export const NFT_DATA_VERDICT = 0xffff_ff00;
const TYPE_BITS = 6;
const byId = new Map<number, DatatypeName>(Object.entries(datatypes).map(([name, t]) => [t.id, name as DatatypeName]));

/**
 * A key or data type as text: a name (`'ipv4_addr'`), a concatenation (`'ipv4_addr . inet_service'`),
 * `'verdict'` for a verdict map's data; a number for anything else.
 */
export type SetDatatype = string | number;

/** The wire number of a type: names and concatenations are packed; numbers pass through. */
export function datatypeId(type: SetDatatype, data = false, argument = data ? 'dataType' : 'keyType'): number {
  if (typeof type === 'number') return type;
  if (data && type === 'verdict') return NFT_DATA_VERDICT;
  let id = 0;
  for (const part of concatParts(type)) {
    const t = Object.hasOwn(datatypes, part) ? (datatypes as Record<string, { id: number }>)[part] : undefined;
    if (!t) throw new InvalidArgumentError(argument, `unknown nft data type ${JSON.stringify(part)}`);
    id = (id << TYPE_BITS) | t.id;
  }
  return id >>> 0;
}

/** A type number as text (`'ipv4_addr . inet_service'`, `'verdict'`), or the number if any part is unknown. */
export function datatypeName(id: number, data = false): SetDatatype {
  if (data && id === NFT_DATA_VERDICT) return 'verdict';
  if (id === 0) return 0;
  const parts: string[] = [];
  for (let rest = id >>> 0; rest > 0; rest = Math.floor(rest / (1 << TYPE_BITS))) {
    const name = byId.get(rest & ((1 << TYPE_BITS) - 1));
    if (!name) return id;
    parts.unshift(name);
  }
  return parts.join(' . ');
}

/**
 * A type as nft prints it: type 0 as `invalid` (a typeof whose type depends on the packet, `ct original
 * proto-src`), `pkttype` by nft's own name for it, `pkt_type`; other names as they are, other numbers as numbers.
 */
export function typeName(type: SetDatatype): string {
  if (type === 0) return 'invalid';
  return typeof type === 'string' ? concatParts(type).map((part) => (part === 'pkttype' ? 'pkt_type' : part)).join(' . ') : String(type);
}

/** The parts of a (possibly concatenated) type name. */
export function concatParts(type: string): string[] {
  return type.split('.').map((p) => p.trim()).filter(Boolean);
}

/** The sizes in bytes of each field of a type, or undefined if one has no fixed size. */
export function fieldSizes(type: SetDatatype): number[] | undefined {
  if (typeof type === 'number') return undefined;
  const sizes: number[] = [];
  for (const part of concatParts(type)) {
    const size = ((datatypes as Record<string, { size?: number }>)[part])?.size;
    if (size === undefined) return undefined;
    sizes.push(size);
  }
  return sizes;
}

/** A key's length: a single field's size, or for a concatenation each field padded to 4 bytes (a register). */
export function keyLength(sizes: readonly number[]): number {
  return sizes.length === 1 ? sizes[0]! : sizes.reduce((n, s) => n + ((s + 3) & ~3), 0);
}
