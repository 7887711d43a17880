import { InvalidArgumentError } from '@linx/netlink-socket';
import { metaKeysValues } from '../generated/nftables.js';
import { ctKeysValues } from '../expr/ct.js';
import { concatParts, datatypes, type DatatypeName } from '../datatypes.js';
import { parseUserdata, type UserdataItem } from '../userdata.js';
import { ctKeys, ipv6ExthdrFields, linkHeaders, metaKeys, networkHeaders, tcpOptions, timeMetaKeys, transportHeaders, type HeaderField } from './fields.js';

// A set declared with `typeof ip saddr . tcp dport` keeps those expressions in its user data, and nft
// prints them back (`typeof …` instead of `type ipv4_addr . inet_service`). The format, as nftables
// (src/rule.c, expression.c, payload.c, meta.c, ct.c, exthdr.c) writes it with libnftnl's nested TLVs:
//   NFTNL_UDATA_SET_KEY_TYPEOF (3) / DATA_TYPEOF (4): { 0: the expression's type (u32, enum expr_types),
//                                                      1: its data (nested) }
//   a concatenation's data: one nest per part, numbered from 0, each { 0: type, 1: data } again
//   payload: { 0: header (enum proto_desc_id), 1: field (the header's template index), 4: length in bits
//              (written for an integer field only) }
//   meta: { 0: key (enum nft_meta_keys) }     ct: { 0: key (enum nft_ct_keys), 1: direction (u32, ~0 for none) }
//   exthdr (tcp options): { 0: option kind, 1: field (template index), 2: op (1: NFT_EXTHDR_OP_TCPOPT) }
//   a verdict map's data: the type verdict with empty data.
// All numbers are u32 in host order.

/** NFTNL_UDATA_SET_* types holding the typeof expressions. */
export const TYPEOF_UDATA = { key: 3, data: 4 } as const;

/** enum expr_types values nft writes here. */
const EXPR = { verdict: 1, payload: 7, exthdr: 8, meta: 9, socket: 10, osf: 11, ct: 12, concat: 13, rt: 25 } as const;

/** enum proto_desc_id: each header nft knows, with its fields in template order (index 0 is unused). */
const protoDescs: Record<number, { protocol: string; fields: string[] }> = {
  1: { protocol: 'ah', fields: ['', 'nexthdr', 'hdrlength', 'reserved', 'spi', 'sequence'] },
  2: { protocol: 'esp', fields: ['', 'spi', 'sequence'] },
  3: { protocol: 'comp', fields: ['', 'nexthdr', 'flags', 'cpi'] },
  4: { protocol: 'icmp', fields: ['', 'type', 'code', 'checksum', 'id', 'sequence', 'gateway', 'mtu'] },
  5: { protocol: 'igmp', fields: ['', 'type', 'checksum', 'mrt', 'group'] },
  6: { protocol: 'udp', fields: ['', 'sport', 'dport', 'length', 'checksum'] },
  7: { protocol: 'udplite', fields: ['', 'sport', 'dport', 'csumcov', 'checksum'] },
  8: { protocol: 'tcp', fields: ['', 'sport', 'dport', 'sequence', 'ackseq', 'doff', 'reserved', 'flags', 'window', 'checksum', 'urgptr'] },
  9: { protocol: 'dccp', fields: ['', 'sport', 'dport', 'type'] },
  10: { protocol: 'sctp', fields: ['', 'sport', 'dport', 'vtag', 'checksum'] },
  11: { protocol: 'th', fields: ['', 'sport', 'dport'] },
  12: { protocol: 'ip', fields: ['', 'version', 'hdrlength', 'dscp', 'ecn', 'length', 'id', 'frag-off', 'ttl', 'protocol', 'checksum', 'saddr', 'daddr'] },
  13: { protocol: 'ip6', fields: ['', 'version', 'dscp', 'ecn', 'flowlabel', 'length', 'nexthdr', 'hoplimit', 'saddr', 'daddr'] },
  14: { protocol: 'icmpv6', fields: ['', 'type', 'code', 'checksum', 'param-problem', 'mtu', 'id', 'sequence', 'max-delay'] },
  15: { protocol: 'arp', fields: ['', 'htype', 'ptype', 'hlen', 'plen', 'operation', 'saddr ether', 'saddr ip', 'daddr ether', 'daddr ip'] },
  16: { protocol: 'vlan', fields: ['', 'pcp', 'dei', 'cfi', 'id', 'type'] },
  17: { protocol: 'ether', fields: ['', 'daddr', 'saddr', 'type'] },
};

/** IPv6 extension headers by nft's enum exthdr_desc_id (routing header types 0 and 2 and the segment routing header left out). */
const exthdrDescs: Record<number, string> = { 1: 'hbh', 2: 'rt', 6: 'frag', 7: 'dst', 8: 'mh' };

/** rt keys (enum nft_rt_keys) as nft prints them, with their types; addresses are in network order. */
const rtKeys: Record<number, { name: string; type: DatatypeName }> = {
  0: { name: 'classid', type: 'realm' },
  1: { name: 'ip nexthop', type: 'ipv4_addr' },
  2: { name: 'ip6 nexthop', type: 'ipv6_addr' },
  3: { name: 'mtu', type: 'integer' },
  4: { name: 'ipsec', type: 'boolean' },
};

/** socket keys (enum nft_socket_keys) as nft prints them. */
const socketKeys: Record<number, { name: string; type: DatatypeName; size: number }> = {
  0: { name: 'transparent', type: 'integer', size: 1 },
  1: { name: 'mark', type: 'mark', size: 4 },
  2: { name: 'wildcard', type: 'integer', size: 1 },
  3: { name: 'cgroupv2', type: 'cgroupsv2', size: 8 },
};

/** ct keys whose values nft keeps in network order (addresses, ports, the protocol, the id); the rest are in host order. */
const ctBigEndian = new Set(['src', 'dst', 'protocol', 'proto-src', 'proto-dst', 'src-ip', 'dst-ip', 'src-ip6', 'dst-ip6', 'id']);

/** One expression of a typeof: as nft prints it, its data type (where linx knows it), its byte order. */
export interface TypeofPart {
  text: string;
  type?: DatatypeName;
  /** Its length in bytes, where known. */
  size?: number;
  hostOrder: boolean;
}

const sizeOf = (type: DatatypeName): number => (datatypes[type] as { size?: number }).size ?? 4;
const u32 = (v: Uint8Array | undefined): number | undefined => (v?.length === 4 ? new DataView(v.buffer, v.byteOffset).getUint32(0, true) : undefined);
const byKey = <T extends Record<string, number>>(values: T, n: number | undefined): keyof T | undefined => (n === undefined ? undefined : (Object.keys(values) as (keyof T)[]).find((k) => values[k] === n));

function items(bytes: Uint8Array | undefined): Map<number, Uint8Array> | undefined {
  const parsed = bytes && parseUserdata(bytes);
  return parsed ? new Map(parsed.map((i) => [i.type, i.value])) : undefined;
}

/** A header field's data type and byte order, from what linx knows of the header. */
function headerField(protocol: string, field: string): HeaderField | undefined {
  const all = [...linkHeaders.ether, ...linkHeaders.vlan, ...Object.values(networkHeaders).flat(), ...Object.values(transportHeaders).flat()];
  return all.find((f) => f.protocol === protocol && f.field === field) ?? (protocol === 'th' && (field === 'sport' || field === 'dport') ? { protocol, field, offset: field === 'sport' ? 0 : 16, len: 16, type: 'inet_service' } : undefined);
}

/** One typeof expression (not a concatenation) from its type and data, or undefined where nft would not print it either. */
function partOf(etype: number | undefined, data: Uint8Array | undefined): TypeofPart | undefined {
  const d = items(data);
  if (!d && etype !== EXPR.verdict) return undefined;
  switch (etype) {
    case EXPR.verdict:
      return { text: 'verdict', hostOrder: false };
    case EXPR.payload: {
      const desc = protoDescs[u32(d!.get(0)) ?? -1];
      const field = desc?.fields[u32(d!.get(1)) ?? 0];
      if (!desc || !field) return undefined;
      const known = headerField(desc.protocol, field);
      return { text: `${desc.protocol} ${field}`, ...(known ? { type: known.type, size: Math.ceil(known.len / 8) } : {}), hostOrder: false };
    }
    case EXPR.meta: {
      const key = byKey(metaKeysValues, u32(d!.get(0)));
      const meta = key !== undefined ? (metaKeys[key] ?? timeMetaKeys[key]) : undefined;
      if (!meta) return undefined;
      return { text: meta.unqualified ? meta.name : `meta ${meta.name}`, type: meta.type, size: meta.size ?? sizeOf(meta.type), hostOrder: !meta.bigEndian && meta.type !== 'ether_type' };
    }
    case EXPR.ct: {
      const key = byKey(ctKeysValues, u32(d!.get(0)));
      const ct = key !== undefined ? ctKeys[key] : undefined;
      if (!ct || key === undefined) return undefined;
      const dir = u32(d!.get(1));
      const direction = dir === 0 ? 'original ' : dir === 1 ? 'reply ' : '';
      return { text: `ct ${direction}${ct.name}`, type: ct.type, size: ct.size ?? sizeOf(ct.type), hostOrder: !ctBigEndian.has(key) };
    }
    case EXPR.exthdr: {
      // IPv6 extension headers (op 0, which nft leaves out) and TCP options (op 1); IPv4 options and SCTP
      // chunks are not read here.
      const op = u32(d!.get(2)) ?? 0;
      if (op === 0) {
        const name = exthdrDescs[u32(d!.get(0)) ?? -1];
        // The template index counts from 1 (0 is nft's invalid template).
        const field = name !== undefined ? ipv6ExthdrFields[name]?.[(u32(d!.get(1)) ?? 0) - 1] : undefined;
        if (!field) return undefined;
        return { text: `${name} ${field.field}`, type: field.type, hostOrder: false };
      }
      if (op !== 1) return undefined;
      const option = tcpOptions[u32(d!.get(0)) ?? -1];
      const field = option?.fields[u32(d!.get(1)) ?? -1];
      if (!option || !field) return undefined;
      return { text: `tcp option ${option.name} ${field[0]}`, type: 'integer', size: field[2], hostOrder: false };
    }
    case EXPR.rt: {
      const rt = rtKeys[u32(d!.get(0)) ?? -1];
      if (!rt) return undefined;
      return { text: `rt ${rt.name}`, type: rt.type, hostOrder: rt.type !== 'ipv4_addr' && rt.type !== 'ipv6_addr' };
    }
    case EXPR.socket: {
      const socket = socketKeys[u32(d!.get(0)) ?? -1];
      if (!socket) return undefined;
      const level = u32(d!.get(1));
      return { text: `socket ${socket.name}${socket.name === 'cgroupv2' ? ` level ${level ?? 0}` : ''}`, type: socket.type, size: socket.size, hostOrder: true };
    }
    case EXPR.osf:
      // `osf name` writes no data (its ttl and version options would).
      return d!.size === 0 ? { text: 'osf name', type: 'string', size: 16, hostOrder: true } : undefined;
    default:
      return undefined;
  }
}

/**
 * The typeof expressions of a set's key (or a map's data), as nft prints them, read from the set's user
 * data; undefined when it has none, or one linx (like nft) cannot read back.
 */
export function typeofOf(userdata: Uint8Array | undefined, which: keyof typeof TYPEOF_UDATA): TypeofPart[] | undefined {
  const top = items(userdata)?.get(TYPEOF_UDATA[which]);
  const expr = items(top);
  if (!expr) return undefined;
  const etype = u32(expr.get(0));
  if (etype !== EXPR.concat) {
    const part = partOf(etype, expr.get(1));
    return part ? [part] : undefined;
  }
  const nests = items(expr.get(1));
  const parts: TypeofPart[] = [];
  for (let i = 0; nests?.has(i); i++) {
    const sub = items(nests.get(i));
    const part = partOf(u32(sub?.get(0)), sub?.get(1));
    if (!part) return undefined;
    parts.push(part);
  }
  return parts.length ? parts : undefined;
}

// ---- writing: the user data nft writes for `typeof …`

const put = (type: number, value: Uint8Array): Uint8Array => Uint8Array.of(type, value.length, ...value);
const putU32 = (type: number, n: number): Uint8Array => put(type, new Uint8Array(Uint32Array.of(n >>> 0).buffer));
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

/** A typeof expression linx can write: its user data, data type, length in bytes and byte order. */
interface WrittenPart {
  etype: number;
  data: Uint8Array;
  type: DatatypeName;
  size: number;
  hostOrder: boolean;
}

function writtenPart(text: string, argument: string): WrittenPart {
  const words = text.trim().split(/\s+/);
  const bad = (why: string): never => {
    throw new InvalidArgumentError(argument, `typeof "${text.trim()}": ${why}`);
  };
  // meta keys: `meta mark`, and the ones nft prints without `meta` (`iif`, `iifname`, …).
  const metaName = words[0] === 'meta' ? words.slice(1).join(' ') : words.length === 1 ? words[0]! : undefined;
  if (metaName !== undefined) {
    const keys = { ...metaKeys, ...timeMetaKeys };
    const key = (Object.keys(keys) as (keyof typeof metaKeysValues)[]).find((k) => keys[k]!.name === metaName && (words[0] === 'meta' || keys[k]!.unqualified));
    if (key === undefined) return bad(words[0] === 'meta' ? `unknown meta key ${metaName}` : 'not an expression linx can declare a set by');
    const meta = keys[key]!;
    return { etype: EXPR.meta, data: putU32(0, metaKeysValues[key]), type: meta.type, size: meta.size ?? sizeOf(meta.type), hostOrder: !meta.bigEndian && meta.type !== 'ether_type' };
  }
  if (words[0] === 'ct') {
    const direction = words[1] === 'original' ? 0 : words[1] === 'reply' ? 1 : undefined;
    const name = words.slice(direction === undefined ? 1 : 2).join(' ');
    const key = (Object.keys(ctKeys) as (keyof typeof ctKeysValues)[]).find((k) => ctKeys[k]!.name === name);
    if (key === undefined) return bad(`unknown ct key ${name}`);
    const ct = ctKeys[key]!;
    const size = ct.size ?? (datatypes[ct.type] as { size?: number }).size;
    if (size === undefined) return bad(`ct ${name} has no fixed size`);
    return { etype: EXPR.ct, data: cat(putU32(0, ctKeysValues[key]), putU32(1, direction ?? 0xffff_ffff)), type: ct.type, size, hostOrder: !ctBigEndian.has(key) };
  }
  if (words.length === 2) {
    const [protocol, field] = words as [string, string];
    const id = Number(Object.keys(protoDescs).find((n) => protoDescs[Number(n)]!.protocol === protocol));
    const index = protoDescs[id]?.fields.indexOf(field) ?? -1;
    const known = headerField(protocol, field);
    if (index < 1 || !known) return bad(`not a header field linx knows (${protocol} ${field})`);
    const lengthItem = known.type === 'integer' ? putU32(4, known.len) : new Uint8Array();
    return { etype: EXPR.payload, data: cat(putU32(0, id), putU32(1, index), lengthItem), type: known.type, size: Math.ceil(known.len / 8), hostOrder: false };
  }
  return bad('not an expression linx can declare a set by (a header field, a meta or ct key)');
}

/** A set's key (or a map's data) declared by typeof: the key type, its length, and the user data nft writes for it. */
export interface WrittenTypeof {
  /** The type by nft's names (`'ipv4_addr . inet_service'`). */
  type: string;
  /** The key length (each concatenated part padded to 4 bytes). */
  length: number;
  /** NFTNL_UDATA_SET_KEYBYTEORDER / DATABYTEORDER: 1 host, 2 network, 0 for a concatenation. */
  byteorder: 0 | 1 | 2;
  /** Its NFTNL_UDATA_SET_KEY_TYPEOF / DATA_TYPEOF item. */
  item: UserdataItem;
  /** Each part's length in bytes (a concatenation's NFTA_SET_DESC_CONCAT). */
  sizes: number[];
}

/**
 * What nft writes for a concatenation declared by `type a . b` rather than typeof: a KEY_TYPEOF of a
 * concatenation with no parts (which nft, like linx, reads back as no typeof).
 */
export function untypedConcatItem(): UserdataItem {
  return { type: TYPEOF_UDATA.key, value: cat(putU32(0, EXPR.concat), put(1, new Uint8Array())) };
}

/** What nft writes for `typeof <text>` (`ip saddr . tcp dport`, `meta mark`, `ct original ip saddr`, `verdict` for a map's data). */
export function typeofWritten(text: string, which: keyof typeof TYPEOF_UDATA, argument = which === 'key' ? 'typeof' : 'dataTypeof'): WrittenTypeof {
  const item = (data: Uint8Array): UserdataItem => ({ type: TYPEOF_UDATA[which], value: data });
  if (which === 'data' && text.trim() === 'verdict') return { type: 'verdict', length: 0, byteorder: 0, sizes: [], item: item(cat(putU32(0, EXPR.verdict), put(1, new Uint8Array()))) };
  const texts = concatParts(text);
  if (!texts.length) throw new InvalidArgumentError(argument, 'typeof of no expression');
  const parts = texts.map((t) => writtenPart(t, argument));
  const type = parts.map((p) => p.type).join(' . ');
  const sizes = parts.map((p) => p.size);
  if (parts.length === 1) {
    const [p] = parts as [WrittenPart];
    return { type, length: p.size, byteorder: p.hostOrder ? 1 : 2, sizes, item: item(cat(putU32(0, p.etype), put(1, p.data))) };
  }
  const nests = parts.map((p, i) => put(i, cat(putU32(0, p.etype), put(1, p.data))));
  return { type, length: sizes.reduce((n, s) => n + ((s + 3) & ~3), 0), byteorder: 0, sizes, item: item(cat(putU32(0, EXPR.concat), put(1, cat(...nests)))) };
}
