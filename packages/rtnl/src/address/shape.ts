import { DecodeError, UNKNOWN, type AttrsValue, type StructValue, type UnknownAttribute } from '@linx/netlink-codec';
import { compileAttrSet, compileStruct, onFirstUse, rethrowWithin } from '@linx/netlink-codec/runtime';
import { HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import { addrAttrs, ifaCacheinfo, ifaFlagsValues, type IfaFlags } from '../generated/rt-addr.js';
import type { AddressFamily, Scope } from '../shared/names.js';
import { formatAddressAt, zeroAddress } from '../shared/ip-text.js';
import { cidrText } from '../shared/prefix-text.js';
import { FAMILY_NAMES, SCOPE_NAMES, bitNames } from '../route/names.js';

/** Address flags (IFA_F_*) by their spec names: 'nodad', 'noprefixroute', 'permanent', 'secondary', … */
export type AddressFlag = IfaFlags;
export const ADDRESS_FLAGS = ifaFlagsValues;

/** A lifetime in seconds, or 'forever' (0xffffffff on the wire). */
export type AddressLifetime = number | 'forever';

type GeneratedAddrAttrs = AttrsValue<typeof addrAttrs.attributes>;

/**
 * An address as the kernel reports it (RTM_NEWADDR), flat: the ifaddrmsg header under its generated names
 * without the `ifa` prefix (family, prefixlen, flags, scope; ifa_index as `ifindex`), every attribute the kernel sent under
 * its generated name (addresses as text; IFA_FLAGS, 32 bits, replacing ifa_flags), attributes the
 * declaration does not know under `[UNKNOWN]`, and what `ip -j addr` shows besides: `local` always,
 * `peer`, the lifetimes, and the interface name.
 */
export interface Address extends Omit<GeneratedAddrAttrs, 'address' | 'local' | 'anycast' | 'multicast' | 'flags' | 'cacheinfo'> {
  family: AddressFamily | number;
  /** The interface's index (ifa_index). */
  ifindex: number;
  prefixlen: number;
  scope: Scope | number;
  flags: (AddressFlag | number)[];
  /**
   * The interface's own address: IFA_LOCAL, or IFA_ADDRESS when the kernel sent no IFA_LOCAL (IPv6 without
   * a peer). What `ip` prints as `local` (`inet 10.0.0.1/24`).
   */
  local: string;
  /** IFA_ADDRESS as sent: the peer on a point-to-point address, otherwise the same as `local`. */
  address?: string;
  /** The point-to-point peer (IFA_ADDRESS when it differs from IFA_LOCAL); `prefixlen` is the peer's. */
  peer?: string;
  /**
   * The address with its length as one string, as `ip addr` prints it: '10.0.0.1/24' (a /32 too:
   * '10.0.0.1/32'). With a peer the length is the peer's, so this is the bare `local` and `peerPrefix`
   * has the length, as ip prints `inet 10.0.0.1 peer 10.0.0.2/32`. `addresses.add(dev, a.localPrefix)`
   * takes it back. Always set by the decoder (optional in the type only so that objects written by hand
   * before it existed still type-check).
   */
  localPrefix?: string;
  /** The peer with the prefix length ('10.0.0.2/32'), when the address has a peer. */
  peerPrefix?: string;
  anycast?: string;
  multicast?: string;
  cacheinfo?: StructValue<typeof ifaCacheinfo.fields>;
  /** From IFA_CACHEINFO: seconds left, or 'forever'. */
  validLifetime?: AddressLifetime;
  preferredLifetime?: AddressLifetime;
  /** The interface's name, when the call looked names up. */
  dev?: string;
  [UNKNOWN]?: UnknownAttribute[];
}

const LE = HOST_LITTLE_ENDIAN;
const IFADDRMSG_SIZE = 8;
const FOREVER = 0xffff_ffff;
const byId = onFirstUse(() => compileAttrSet(addrAttrs).byId);
const cacheinfoCodec = onFirstUse(() => compileStruct(ifaCacheinfo));

/** Seconds, or 'forever' for 0xffffffff. */
export function lifetime(seconds: number): AddressLifetime {
  return seconds === FOREVER ? 'forever' : seconds;
}

/** Decodes an RTM_NEWADDR payload (ifaddrmsg + attributes) at `bytes[start, end)` into an `Address`. */
export function decodeAddress(bytes: Uint8Array, view: DataView, start: number, end: number): Address {
  if (end - start < IFADDRMSG_SIZE) throw new DecodeError(`ifaddrmsg needs ${IFADDRMSG_SIZE} bytes, payload has ${end - start}`, start, ['header']);
  const family = bytes[start]!;
  const out: Address = {
    family: FAMILY_NAMES[family]!,
    ifindex: view.getUint32(start + 4, LE),
    prefixlen: bytes[start + 1]!,
    scope: SCOPE_NAMES[bytes[start + 3]!]!,
    flags: bitNames(ifaFlagsValues, bytes[start + 2]!),
    local: '',
  };
  const target = out as unknown as Record<string | symbol, unknown>;
  let seen = 0;
  for (let at = start + IFADDRMSG_SIZE; at < end; ) {
    if (end - at < 4) throw new DecodeError(`truncated attribute header: ${end - at} bytes left`, at);
    const length = view.getUint16(at, LE);
    if (length < 4 || length > end - at) throw new DecodeError(`bad attribute length ${length} (${end - at} bytes left)`, at);
    const typeField = view.getUint16(at + 2, LE);
    const id = typeField & 0x3fff;
    const from = at + 4;
    const to = at + length;
    at += (length + 3) & ~3;
    if (id < 32) {
      if ((seen & (1 << id)) !== 0) continue;
      seen |= 1 << id;
    }
    const entry = byId()[id];
    if (entry?.codec === undefined) {
      ((target[UNKNOWN] as UnknownAttribute[] | undefined) ??= []).push({ type: id, flags: typeField & ~0x3fff, payload: bytes.slice(from, to) });
      continue;
    }
    try {
      switch (entry.name) {
        case 'address':
        case 'local':
        case 'anycast':
        case 'multicast':
          target[entry.name] = formatAddressAt(family, bytes, from, to);
          break;
        case 'flags':
          if (to - from < 4) throw new DecodeError(`u32 needs 4 bytes, payload has ${to - from}`, from);
          out.flags = bitNames(ifaFlagsValues, view.getUint32(from, LE));
          break;
        case 'cacheinfo': {
          const info = { ...cacheinfoCodec().decode(bytes, view, from, to, { exact: true }) } as StructValue<typeof ifaCacheinfo.fields>;
          out.cacheinfo = info;
          out.validLifetime = lifetime(info.ifaValid);
          out.preferredLifetime = lifetime(info.ifaPrefered);
          break;
        }
        default:
          // Stryker disable next-line ObjectLiteral,BooleanLiteral: `exact` only decides whether the codec keeps raw bytes of nested attribute sets; this value is a leaf (a number, string, bytes or struct), decoded the same either way
          target[entry.name] = entry.codec.decode(bytes, view, from, to, { exact: true });
      }
    } catch (error) {
      rethrowWithin(error, entry.name);
    }
  }
  // '' unless the kernel sent IFA_LOCAL.
  const sentLocal = out.local;
  out.local = sentLocal || out.address || zeroAddress(family) || '';
  if (sentLocal && out.address !== undefined && out.address !== sentLocal) {
    out.peer = out.address;
    out.localPrefix = out.local;
    out.peerPrefix = cidrText(out.peer, out.prefixlen);
  } else out.localPrefix = cidrText(out.local, out.prefixlen);
  return out;
}

/** Fills in `dev` from an index → name map (list, stream, and the monitor). */
export function addAddressName(address: Address, names: ReadonlyMap<number, string>): void {
  const name = names.get(address.ifindex);
  if (name !== undefined) address.dev = name;
}
