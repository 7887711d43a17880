import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { parseIPv4, parseIPv6, parseMAC } from '@linx/netlink-wire';
import { IPSET_MAX_COMMENT_SIZE, IPSET_MAXNAMELEN, type ipsetAdtDataAttrs } from './messages.js';
import { ipProtoValues, setTypes, type ElementPart, type IpProto } from './set-types.js';

/**
 * One element of a set, as linx adds, deletes, tests and lists it. Which parts an element has depends on
 * its set's type: `hash:ip` takes `ip`, `hash:ip,port` `ip`, `port` and `proto`, `hash:net,iface` `ip`,
 * `cidr` and `iface`, `list:set` `name`, … The extensions (`timeout`, counters, `comment`, skbinfo) need a
 * set made with them.
 */
export interface IpsetElement {
  /** An address; `'10.0.0.0/24'` gives the prefix length too (`cidr`). */
  ip?: string;
  /** The prefix length of `ip` (net types; a range of addresses for hash:ip and bitmap:ip). */
  cidr?: number;
  /** The last address of a range from `ip` (added or deleted as one element per address or net). */
  ipTo?: string;
  port?: number;
  /** The last port of a range from `port`. */
  portTo?: number;
  /** The IP protocol of `port`, by name or number ('tcp' when a port is given without one, as ipset does). */
  proto?: IpProto | number;
  /** The second address (`ip,port,ip`, `ip,port,net`); `'10.1.0.0/16'` gives `cidr2`. */
  ip2?: string;
  cidr2?: number;
  /** hash:net,iface: the interface name; `physdev` matches the bridge port instead; `wildcard` makes it a prefix (`eth` matches eth0, eth1, …). */
  iface?: string;
  physdev?: boolean;
  wildcard?: boolean;
  /** bitmap:ip,mac, hash:ip,mac, hash:mac: a MAC address. */
  mac?: string;
  /** hash:ip,mark: the mark. */
  mark?: number;
  /** list:set: a member set's name, and where it goes (`before` or `after` another member). */
  name?: string;
  before?: string;
  after?: string;
  /** Net types: an exception (the element matches as "not in the set"). */
  nomatch?: boolean;
  /** Seconds until the kernel removes it (sets made with a timeout); 0 is for ever. */
  timeout?: number;
  /** Counters (sets made with `counters`). */
  packets?: bigint;
  bytes?: bigint;
  /** Sets made with `comment`: up to 255 bytes. */
  comment?: string;
  /** skbinfo (sets made with `skbinfo`): what a matching packet gets. */
  skbmark?: { mark: number; mask: number };
  /** A tc class, major:minor. */
  skbprio?: { major: number; minor: number };
  skbqueue?: number;
}

type AdtInput = { -readonly [K in keyof AttrsInput<typeof ipsetAdtDataAttrs.attributes>]: AttrsInput<typeof ipsetAdtDataAttrs.attributes>[K] };
type AdtValue = AttrsValue<typeof ipsetAdtDataAttrs.attributes>;

const EXTENSIONS = ['timeout', 'packets', 'bytes', 'comment', 'skbmark', 'skbprio', 'skbqueue'] as const;
const PROTO_NAMES = new Map<number, IpProto>(Object.entries(ipProtoValues).map(([name, n]) => [n, name as IpProto]));
const UINT64_MAX = 2n ** 64n - 1n;

/** The family of an address text, or throws naming the argument. */
function addressFamily(text: unknown, argument: string): 'inet' | 'inet6' {
  if (typeof text !== 'string') throw new InvalidArgumentError(argument, `an address is a string, not ${typeof text}`);
  try {
    if (text.includes(':')) {
      parseIPv6(text);
      return 'inet6';
    }
    parseIPv4(text);
    return 'inet';
  } catch {
    throw new InvalidArgumentError(argument, `${JSON.stringify(text)} is not an IPv4 or IPv6 address`);
  }
}

function integer(value: unknown, argument: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw new InvalidArgumentError(argument, `an integer from 0 to ${max}, not ${String(value)}`);
  return value;
}

/** A set name as the kernel keeps it (1 to 31 bytes, no NUL), or InvalidArgumentError naming `argument`. */
export function checkSetName(value: unknown, argument: string): string {
  if (typeof value !== 'string' || value === '' || value.includes('\0')) throw new InvalidArgumentError(argument, `a set name is a non-empty string without NUL, not ${JSON.stringify(value)}`);
  const bytes = new TextEncoder().encode(value).length;
  if (bytes > IPSET_MAXNAMELEN - 1) throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is ${bytes} bytes; the kernel keeps ${IPSET_MAXNAMELEN - 1} at most`);
  return value;
}

/** Splits `a/b` into an address and a prefix length. */
function splitCidr(text: string, argument: string): [string, number | undefined] {
  const slash = text.indexOf('/');
  if (slash < 0) return [text, undefined];
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) throw new InvalidArgumentError(argument, `${JSON.stringify(text)} has no valid prefix length`);
  return [text.slice(0, slash), Number(prefix)];
}

/**
 * Checks an element against its set's type and family and encodes it as IPSET_ATTR_DATA; throws
 * InvalidArgumentError (naming `argument.part`) for a part the type does not have, a missing one, an
 * address of the other family, a value out of range.
 */
export function encodeElement(element: IpsetElement, type: string, family: 'inet' | 'inet6' | 'unspec', argument: string): AdtInput {
  if (typeof element !== 'object' || element === null) throw new InvalidArgumentError(argument, 'an element is an object');
  const info = setTypes[type];
  if (!info) throw new InvalidArgumentError(argument, `linx does not know the elements of set type ${type}`);
  const allowed = new Set<string>([...info.required, ...info.optional, ...EXTENSIONS]);
  if (info.required.includes('port')) allowed.add('proto');
  for (const [key, value] of Object.entries(element)) {
    if (value === undefined) continue;
    if (!allowed.has(key)) throw new InvalidArgumentError(`${argument}.${key}`, `${type} elements have no ${key} (they have ${[...info.required, ...info.optional].join(', ')})`);
  }
  const has = (part: ElementPart) => element[part as keyof IpsetElement] !== undefined;
  for (const part of info.required) {
    // `ip` with a `/prefix` carries its cidr; every other required part must be there itself.
    if (!has(part)) throw new InvalidArgumentError(`${argument}.${part}`, `${type} elements need ${info.required.join(', ')}`);
  }
  const out: AdtInput = {};
  const maxPrefix = family === 'inet6' ? 128 : 32;
  const address = (text: string, part: string) => {
    const f = addressFamily(text, `${argument}.${part}`);
    if (family !== 'unspec' && f !== family) throw new InvalidArgumentError(`${argument}.${part}`, `${text} is ${f === 'inet' ? 'IPv4' : 'IPv6'}, the set is family ${family}`);
    return f === 'inet' ? { ipv4: text } : { ipv6: text };
  };
  if (element.ip !== undefined) {
    const [ip, prefix] = splitCidr(String(element.ip), `${argument}.ip`);
    out.ip = address(ip, 'ip');
    const cidr = element.cidr ?? prefix;
    if (prefix !== undefined && element.cidr !== undefined && prefix !== element.cidr) throw new InvalidArgumentError(`${argument}.cidr`, `${element.cidr} contradicts ${element.ip}`);
    if (cidr !== undefined) {
      if (!allowed.has('cidr')) throw new InvalidArgumentError(`${argument}.ip`, `${type} elements take no prefix length`);
      out.cidr = integer(cidr, `${argument}.cidr`, maxPrefix);
    }
  }
  if (element.ipTo !== undefined) {
    if (element.cidr !== undefined || String(element.ip).includes('/')) throw new InvalidArgumentError(`${argument}.ipTo`, 'a range is ip…ipTo or a prefix, not both');
    out.ipTo = address(element.ipTo, 'ipTo');
  }
  if (element.port !== undefined) out.port = integer(element.port, `${argument}.port`, 0xffff);
  if (element.portTo !== undefined) out.portTo = integer(element.portTo, `${argument}.portTo`, 0xffff);
  if (element.port !== undefined && info.required.includes('port') && info.kind === 'hash') {
    const proto = element.proto ?? 'tcp';
    out.proto = typeof proto === 'number' ? integer(proto, `${argument}.proto`, 255) : ipProtoValues[proto];
    if (out.proto === undefined) throw new InvalidArgumentError(`${argument}.proto`, `${JSON.stringify(proto)} is not a protocol linx knows by name (give its number)`);
  }
  if (element.ip2 !== undefined) {
    const [ip2, prefix] = splitCidr(String(element.ip2), `${argument}.ip2`);
    out.ip2 = address(ip2, 'ip2');
    const cidr2 = element.cidr2 ?? prefix;
    if (cidr2 !== undefined) {
      if (!allowed.has('cidr2')) throw new InvalidArgumentError(`${argument}.ip2`, `${type} elements take no second prefix length`);
      out.cidr2 = integer(cidr2, `${argument}.cidr2`, maxPrefix);
    }
  }
  if (element.iface !== undefined) {
    if (typeof element.iface !== 'string' || element.iface === '' || new TextEncoder().encode(element.iface).length > 15) throw new InvalidArgumentError(`${argument}.iface`, `an interface name of 1 to 15 bytes, not ${JSON.stringify(element.iface)}`);
    out.iface = element.iface;
  }
  if (element.mac !== undefined) {
    try {
      if (parseMAC(element.mac).length !== 6) throw new Error();
    } catch {
      throw new InvalidArgumentError(`${argument}.mac`, `${JSON.stringify(element.mac)} is not a MAC address`);
    }
    out.ether = element.mac;
  }
  if (element.mark !== undefined) out.mark = integer(element.mark, `${argument}.mark`, 0xffffffff);
  if (element.name !== undefined) out.name = checkSetName(element.name, `${argument}.name`);
  if (element.before !== undefined && element.after !== undefined) throw new InvalidArgumentError(`${argument}.before`, 'before or after, not both');
  const ref = element.before ?? element.after;
  if (ref !== undefined) out.nameref = checkSetName(ref, `${argument}.${element.before !== undefined ? 'before' : 'after'}`);
  const flags: ('nomatch' | 'physdev' | 'before' | 'iface-wildcard')[] = [];
  if (element.nomatch) flags.push('nomatch');
  if (element.physdev) flags.push('physdev');
  if (element.wildcard) flags.push('iface-wildcard');
  if (element.before !== undefined) flags.push('before');
  if (flags.length > 0) out.cadtFlags = flags;
  if (element.timeout !== undefined) out.timeout = integer(element.timeout, `${argument}.timeout`, 2147483);
  if (element.packets !== undefined) out.packets = counter(element.packets, `${argument}.packets`);
  if (element.bytes !== undefined) out.bytes = counter(element.bytes, `${argument}.bytes`);
  if (element.comment !== undefined) {
    if (typeof element.comment !== 'string' || element.comment.includes('\0') || new TextEncoder().encode(element.comment).length > IPSET_MAX_COMMENT_SIZE) {
      throw new InvalidArgumentError(`${argument}.comment`, `a comment is a string of at most ${IPSET_MAX_COMMENT_SIZE} bytes without NUL`);
    }
    out.comment = element.comment;
  }
  if (element.skbmark !== undefined) {
    const mark = integer(element.skbmark?.mark, `${argument}.skbmark.mark`, 0xffffffff);
    const mask = integer(element.skbmark.mask ?? 0xffffffff, `${argument}.skbmark.mask`, 0xffffffff);
    out.skbmark = (BigInt(mark) << 32n) | BigInt(mask);
  }
  if (element.skbprio !== undefined) {
    out.skbprio = ((integer(element.skbprio?.major, `${argument}.skbprio.major`, 0xffff) << 16) | integer(element.skbprio.minor, `${argument}.skbprio.minor`, 0xffff)) >>> 0;
  }
  if (element.skbqueue !== undefined) out.skbqueue = integer(element.skbqueue, `${argument}.skbqueue`, 0xffff);
  return out;
}

function counter(value: unknown, argument: string): bigint {
  if (typeof value === 'bigint' && value >= 0n && value <= UINT64_MAX) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new InvalidArgumentError(argument, `a counter is an integer from 0 to 2^64-1, not ${String(value)}`);
}

/** A listed member (IPSET_ATTR_DATA in IPSET_ATTR_ADT) in the shape linx takes. */
export function decodeElement(data: AdtValue): IpsetElement {
  const e: IpsetElement = {};
  if (data.ip) e.ip = data.ip.ipv4 ?? data.ip.ipv6;
  if (data.cidr !== undefined) e.cidr = data.cidr;
  if (data.ipTo) e.ipTo = data.ipTo.ipv4 ?? data.ipTo.ipv6;
  if (data.port !== undefined) e.port = data.port;
  if (data.portTo !== undefined) e.portTo = data.portTo;
  if (data.proto !== undefined) e.proto = PROTO_NAMES.get(data.proto) ?? data.proto;
  if (data.ip2) e.ip2 = data.ip2.ipv4 ?? data.ip2.ipv6;
  if (data.cidr2 !== undefined) e.cidr2 = data.cidr2;
  if (data.iface !== undefined) e.iface = data.iface;
  if (data.ether !== undefined) e.mac = data.ether;
  if (data.mark !== undefined) e.mark = data.mark;
  if (data.name !== undefined) e.name = data.name;
  const flags = data.cadtFlags ?? [];
  if (flags.includes('physdev')) e.physdev = true;
  if (flags.includes('iface-wildcard')) e.wildcard = true;
  if (flags.includes('nomatch')) e.nomatch = true;
  if (data.timeout !== undefined) e.timeout = data.timeout;
  if (data.packets !== undefined) e.packets = data.packets;
  if (data.bytes !== undefined) e.bytes = data.bytes;
  if (data.comment !== undefined) e.comment = data.comment;
  if (data.skbmark !== undefined) e.skbmark = { mark: Number(data.skbmark >> 32n), mask: Number(data.skbmark & 0xffffffffn) };
  if (data.skbprio !== undefined) e.skbprio = { major: data.skbprio >>> 16, minor: data.skbprio & 0xffff };
  if (data.skbqueue !== undefined) e.skbqueue = data.skbqueue;
  return e;
}

/** An element as short text for error messages: its parts as given (`{"ip":"10.0.0.1","port":53}`). */
export function describeElement(element: IpsetElement): string {
  return JSON.stringify(element, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)) ?? String(element);
}
