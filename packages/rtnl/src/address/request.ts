import type { AttrsInput, MessageInput, StructInput } from '@linx/netlink-codec';
import { AF_INET, AF_INET6, formatIP } from '@linx/netlink-wire';
import { checkIfname, checkIndex, checkInteger, familyNumber, InvalidArgumentError, parsePrefix, type InterfaceRef } from '../shared/arguments.js';
import { addrAttrs, ifaddrmsg } from '../generated/rt-addr.js';
import { SCOPES, type AddressFamily } from '../shared/names.js';
import { ADDRESS_FLAGS, type Address, type AddressFlag, type AddressLifetime } from './shape.js';
import { scopeNumber } from '../route/request.js';
import type { RouteScope } from '../route/names.js';

/**
 * What the address verbs accept, checked and turned into RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR messages
 * before anything is sent. Like `ip addr`: IFA_LOCAL is the address, IFA_ADDRESS the peer (or the address
 * again), the prefix length is the peer's when it has one.
 */

const FOREVER = 0xffff_ffff;

/** Settings of an address to add or replace. */
export interface AddressSettings {
  /** The other end of a point-to-point link; a prefix length written here (`'10.0.0.2/24'`) is the address's. */
  peer?: string;
  /** IPv4 broadcast address, or `true` to compute it from the prefix (`ip addr … brd +`). */
  broadcast?: string | true;
  /** IPv4 label (`eth0:1`), 1..15 bytes. */
  label?: string;
  /** Default: `host` for 127.0.0.0/8, else `universe` (`global`); IPv6 scopes are the kernel's choice. */
  scope?: RouteScope | number;
  /** Flags to set, e.g. `['nodad', 'noprefixroute']`. */
  flags?: readonly (AddressFlag | number)[];
  /** Seconds or 'forever' (the default). Given alone, the preferred lifetime is the same. */
  validLifetime?: AddressLifetime;
  /** Seconds or 'forever'; at most the valid lifetime (0 makes the address deprecated at once). */
  preferredLifetime?: AddressLifetime;
  /** Metric of the prefix route the kernel adds (IFA_RT_PRIORITY, `ip addr … metric`). */
  rtPriority?: number;
  /** Who added the address (IFA_PROTO, `ip addr … proto`), 0..255. */
  proto?: number;
}

/** Which address `delete(dev, address, match)` removes, besides address and prefix length. */
export interface AddressMatch {
  peer?: string;
  label?: string;
}

/** Which addresses `list()` and `stream()` return. The kernel filters by interface and family. */
export interface AddressFilter {
  /** Addresses of this interface (filtered by the kernel: ifa_index). */
  interface?: InterfaceRef;
  family?: 'inet' | 'inet6' | AddressFamily | number;
  /** Filtered here. */
  scope?: RouteScope | number;
  /** Filtered here (IPv4 labels). */
  label?: string;
  /** Look up interface names (`dev`): one link dump per call. Default true. */
  names?: boolean;
}

/** Which addresses `flush()` removes from an interface. */
export interface AddressFlushFilter {
  family?: 'inet' | 'inet6' | AddressFamily | number;
  scope?: RouteScope | number;
}

type AddrInput = MessageInput<typeof ifaddrmsg.fields, typeof addrAttrs.attributes>;
type AddrHeaderInput = StructInput<typeof ifaddrmsg.fields>;
type AddrAttrsInput = { -readonly [K in keyof AttrsInput<typeof addrAttrs.attributes>]: AttrsInput<typeof addrAttrs.attributes>[K] };

/** A checked address request, the interface still to be resolved. */
export interface AddressPlan {
  header: AddrHeaderInput;
  attrs: AddrAttrsInput;
}

export function checkInterface(ref: unknown, argument = 'dev'): InterfaceRef {
  return typeof ref === 'number' ? checkIndex(ref, argument) : checkIfname(ref, argument);
}

function checkLabel(label: unknown): string {
  const bytes = typeof label === 'string' && !label.includes('\0') ? new TextEncoder().encode(label).length : 0;
  if (bytes === 0 || bytes > 15) throw new InvalidArgumentError('label', `${JSON.stringify(label)} is not a label (1..15 bytes, no NUL)`);
  return label as string;
}

function seconds(value: unknown, argument: string): number {
  if (value === 'forever') return FOREVER;
  return checkInteger(value, argument, 0, FOREVER);
}

/** The address and prefix length, with the peer's length winning as in `ip addr`. */
function addressAndPeer(address: unknown, peerText: unknown): { family: 'inet' | 'inet6'; local: Uint8Array; peer: Uint8Array | undefined; prefixlen: number } {
  const local = parsePrefix(address, 'address');
  const localWritten = (address as string).includes('/');
  if (peerText === undefined) return { family: local.family, local: local.bytes, peer: undefined, prefixlen: local.prefixLength };
  const peer = parsePrefix(peerText, 'peer');
  if (peer.family !== local.family) throw new InvalidArgumentError('peer', `${String(peerText)} and ${String(address)} are not of one family`);
  const peerWritten = (peerText as string).includes('/');
  if (peerWritten && localWritten && peer.prefixLength !== local.prefixLength) {
    throw new InvalidArgumentError('peer', `prefix lengths disagree: ${String(address)} and peer ${String(peerText)}`);
  }
  return { family: local.family, local: local.bytes, peer: peer.bytes, prefixlen: peerWritten ? peer.prefixLength : local.prefixLength };
}

function flagMask(flags: unknown): number {
  if (!Array.isArray(flags)) throw new InvalidArgumentError('flags', 'expected a list of flag names, e.g. ["nodad"]');
  let mask = 0;
  flags.forEach((flag, i) => {
    if (Object.hasOwn(ADDRESS_FLAGS, flag as PropertyKey)) mask |= ADDRESS_FLAGS[flag as AddressFlag];
    else if (typeof flag === 'number') mask |= checkInteger(flag, `flags[${i}]`, 0, FOREVER);
    else throw new InvalidArgumentError(`flags[${i}]`, `unknown address flag ${JSON.stringify(flag)}; expected some of ${Object.keys(ADDRESS_FLAGS).join(', ')}`);
  });
  return mask >>> 0;
}

/** Checks an address to add or replace and builds its request (ifa_index still 0). */
export function planAdd(address: unknown, settings: AddressSettings): AddressPlan {
  if (typeof settings !== 'object' || settings === null) throw new InvalidArgumentError('settings', 'expected an object');
  const { family, local, peer, prefixlen } = addressAndPeer(address, settings.peer);
  const inet = family === 'inet';
  const attrs: AddrAttrsInput = { local: formatIP(local), address: formatIP(peer ?? local) };
  if (settings.broadcast !== undefined) {
    if (!inet) throw new InvalidArgumentError('broadcast', 'broadcast addresses are IPv4 only');
    if (settings.broadcast === true) {
      if (prefixlen > 30) throw new InvalidArgumentError('broadcast', `a /${prefixlen} has no broadcast address`);
      const host = prefixlen === 0 ? 0xffff_ffff : (1 << (32 - prefixlen)) - 1;
      const value = ((((local[0]! << 24) | (local[1]! << 16) | (local[2]! << 8) | local[3]!) >>> 0) | host) >>> 0;
      attrs.broadcast = `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
    } else {
      const brd = parsePrefix(settings.broadcast, 'broadcast');
      if (brd.family !== 'inet' || settings.broadcast.includes('/')) throw new InvalidArgumentError('broadcast', `${settings.broadcast} is not an IPv4 address`);
      attrs.broadcast = brd.address;
    }
  }
  if (settings.label !== undefined) {
    if (!inet) throw new InvalidArgumentError('label', 'labels are IPv4 only');
    attrs.label = checkLabel(settings.label);
  }
  const flags = settings.flags === undefined ? 0 : flagMask(settings.flags);
  if (flags > 0xff) attrs.flags = flags;
  if (settings.validLifetime !== undefined || settings.preferredLifetime !== undefined) {
    const valid = settings.validLifetime === undefined ? FOREVER : seconds(settings.validLifetime, 'validLifetime');
    const preferred = settings.preferredLifetime === undefined ? valid : seconds(settings.preferredLifetime, 'preferredLifetime');
    if (valid === 0) throw new InvalidArgumentError('validLifetime', 'a valid lifetime of 0 would remove the address at once');
    if (preferred > valid) throw new InvalidArgumentError('preferredLifetime', `${preferred} s is longer than the valid lifetime (${valid} s)`);
    attrs.cacheinfo = { ifaPrefered: preferred, ifaValid: valid, cstamp: 0, tstamp: 0 };
  }
  if (settings.rtPriority !== undefined) attrs.rtPriority = checkInteger(settings.rtPriority, 'rtPriority', 0, FOREVER);
  if (settings.proto !== undefined) attrs.proto = checkInteger(settings.proto, 'proto', 0, 255);
  let scope = 0;
  if (settings.scope !== undefined) scope = scopeNumber(settings.scope);
  else if (inet && local[0] === 127) scope = SCOPES.host;
  // As iproute2 (ipaddr_modify): flags that fit in ifa_flags go there, others all in IFA_FLAGS (the
  // kernel reads IFA_FLAGS instead of ifa_flags when it is there).
  return { header: { ifaFamily: inet ? AF_INET : AF_INET6, ifaPrefixlen: prefixlen, ifaFlags: flags > 0xff ? 0 : flags, ifaScope: scope }, attrs };
}

/** Checks an address to delete: written out (`'10.0.0.1/24'`, match), or an `Address` from `list()`. */
export function planDelete(address: unknown, match: AddressMatch): AddressPlan {
  if (typeof match !== 'object' || match === null) throw new InvalidArgumentError('match', 'expected an object');
  const { family, local, peer, prefixlen } = addressAndPeer(address, match.peer);
  const attrs: AddrAttrsInput = { local: formatIP(local), address: formatIP(peer ?? local) };
  if (match.label !== undefined) attrs.label = checkLabel(match.label);
  return { header: { ifaFamily: family === 'inet' ? AF_INET : AF_INET6, ifaPrefixlen: prefixlen }, attrs };
}

/** The plan deleting an address `list()` returned. */
export function planDeleteListed(address: Address): { plan: AddressPlan; index: number } {
  const plan = planDelete(`${address.local}/${address.prefixlen}`, address.peer === undefined ? {} : { peer: `${address.peer}/${address.prefixlen}` });
  return { plan, index: checkIndex(address.ifindex, 'address.ifindex') };
}

export function withIndex(plan: AddressPlan, index: number): AddrInput {
  return { header: { ...plan.header, ifaIndex: index }, attrs: plan.attrs };
}

export function familyFilter(family: unknown): number {
  return family === undefined ? 0 : familyNumber(family as AddressFamily | number, 'family');
}
