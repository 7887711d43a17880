import { AF_INET, AF_INET6, formatIPv6 } from '@linx/netlink-wire';
import { ADDRESS_FAMILIES } from './names.js';

/**
 * Addresses on the wire as text, for routes and addresses alike. The generated declarations keep IFA_ADDRESS,
 * RTA_DST, RTA_GATEWAY… as bytes with a display hint because other families put other lengths there; this
 * formats them by family: IPv4/IPv6 (and the multicast-routing families, which carry IPv4/IPv6) as
 * addresses, MPLS as a label stack, anything else as colon-separated hex.
 */

const AF_MPLS = ADDRESS_FAMILIES.mpls;
const RTNL_FAMILY_IPMR = 128;
const RTNL_FAMILY_IP6MR = 129;

/** "0." … "255.", and "0" … "255": an IPv4 address is four of them joined, with 3 concatenations. */
const OCTET_DOT = Array.from({ length: 256 }, (_, i) => `${i}.`);
const OCTET = Array.from({ length: 256 }, (_, i) => `${i}`);

/** The address in `bytes[start, end)` as text. */
export function formatAddressAt(family: number, bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (family === AF_MPLS) return formatLabels(bytes, start, end);
  if (length === 4 && family !== AF_INET6 && family !== RTNL_FAMILY_IP6MR) return ipv4Prefix(bytes, start) + OCTET[bytes[start + 3]!]!;
  if (length === 16 && family !== AF_INET && family !== RTNL_FAMILY_IPMR) return formatIPv6(bytes.subarray(start, end));
  return formatHex(bytes, start, end);
}

const PREFIX_CACHE = 1024;
const prefixKeys = new Int32Array(PREFIX_CACHE).fill(-1);
const prefixValues: string[] = new Array<string>(PREFIX_CACHE).fill('');

/**
 * "a.b.c." of the IPv4 address at `bytes[start]`, from a small direct-mapped cache: the destinations of a
 * big table share their first three octets in runs (a /24 holds 256 of them), so most addresses cost
 * one concatenation instead of three, and one string instead of three.
 */
function ipv4Prefix(bytes: Uint8Array, start: number): string {
  const key = (bytes[start]! << 16) | (bytes[start + 1]! << 8) | bytes[start + 2]!;
  // Stryker disable next-line ArithmeticOperator: a slot past the cache is only a miss; the text is the same
  const slot = (key ^ (key >>> 10)) & (PREFIX_CACHE - 1);
  if (prefixKeys[slot] === key) return prefixValues[slot]!;
  const text = OCTET_DOT[bytes[start]!]! + OCTET_DOT[bytes[start + 1]!]! + OCTET_DOT[bytes[start + 2]!]!;
  prefixKeys[slot] = key;
  prefixValues[slot] = text;
  return text;
}

const CACHE_SIZE = 256;
const cacheKeys = new Int32Array(CACHE_SIZE);
const cacheValues: (string | undefined)[] = new Array<string | undefined>(CACHE_SIZE).fill(undefined);

/**
 * Like `formatAddressAt`, through a small cache of IPv4 addresses: for values that repeat across a dump
 * (gateways, preferred sources), so that 65,000 routes via one gateway share one string instead of
 * building 65,000.
 */
export function formatRepeatedAt(family: number, bytes: Uint8Array, start: number, end: number): string {
  // Stryker disable next-line ArithmeticOperator: with end + start, other ranges take formatAddressAt, which gives the same text without the cache
  if (end - start !== 4 || family === AF_INET6 || family === AF_MPLS || family === RTNL_FAMILY_IP6MR) return formatAddressAt(family, bytes, start, end);
  const key = (bytes[start]! << 24) | (bytes[start + 1]! << 16) | (bytes[start + 2]! << 8) | bytes[start + 3]!;
  // Stryker disable next-line ArithmeticOperator: a slot past the cache is only a miss; the text is the same
  const slot = (key ^ (key >>> 8) ^ (key >>> 16) ^ (key >>> 24)) & (CACHE_SIZE - 1);
  const cached = cacheValues[slot];
  if (cached !== undefined && cacheKeys[slot] === key) return cached;
  const text = OCTET_DOT[bytes[start]!]! + OCTET_DOT[bytes[start + 1]!]! + OCTET_DOT[bytes[start + 2]!]! + OCTET[bytes[start + 3]!]!;
  cacheKeys[slot] = key;
  cacheValues[slot] = text;
  return text;
}

/** The zero address of a family (a route without RTA_DST is the default route): '0.0.0.0', '::'. */
export function zeroAddress(family: number): string | undefined {
  if (family === AF_INET || family === RTNL_FAMILY_IPMR) return '0.0.0.0';
  if (family === AF_INET6 || family === RTNL_FAMILY_IP6MR) return '::';
  return undefined;
}

/** An MPLS label stack (4 bytes per entry, the label in the top 20 bits) as `100/200`. */
function formatLabels(bytes: Uint8Array, start: number, end: number): string {
  if ((end - start) % 4 !== 0) return formatHex(bytes, start, end);
  const labels: number[] = [];
  for (let at = start; at < end; at += 4) labels.push(((bytes[at]! << 12) | (bytes[at + 1]! << 4) | (bytes[at + 2]! >> 4)) >>> 0);
  return labels.join('/');
}

function formatHex(bytes: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  for (let at = start; at < end; at++) parts.push(bytes[at]!.toString(16).padStart(2, '0'));
  return parts.join(':');
}

/**
 * An IPv4 address or prefix (`10.0.0.1`, `10.0.0.0/8`) parsed without regular expressions or arrays, for
 * the verbs' hot path (10,000 route adds parse 20,000 addresses). Anything else, or anything malformed,
 * gives undefined: the caller then parses it the thorough way (IPv6, and the error messages).
 */
export function parseIPv4Fast(text: string): { family: 'inet'; bytes: Uint8Array; length: number; written: boolean } | undefined {
  const bytes = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  const n = text.length;
  let i = 0;
  // Stryker disable next-line EqualityOperator: at i === n charCodeAt is NaN, which ends the loop by the break below
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return undefined; // a leading zero
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return undefined;
    } else if (c === 46 && digits > 0 && part < 3) {
      bytes[part++] = value;
      value = 0;
      digits = 0;
    } else break;
  }
  if (part !== 3 || digits === 0) return undefined;
  bytes[3] = value;
  if (i === n) return { family: 'inet', bytes, length: 32, written: false };
  if (text.charCodeAt(i) !== 47 || i + 1 === n || n - i > 3) return undefined;
  let length = 0;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
    length = length * 10 + (c - 48);
  }
  return length <= 32 ? { family: 'inet', bytes, length, written: true } : undefined;
}
