import { AF_INET, AF_INET6 } from '@linx/netlink-wire';

/**
 * A prefix as one CIDR string, the way `ip` prints it beside (or instead of) an address and a length:
 * `10.0.0.0/24`; a host (all 32 or 128 bits) as the bare address, as `ip route` and `ip rule` print it.
 * Results carry it beside the parts they always had (`dst` + `dstLen`), and it can be passed back to the
 * verbs as it is (they take CIDR text, and a bare address as a host).
 */

/** "/0" … "/128": a prefix costs one concatenation, and one string, instead of two (lists of 10^6 routes). */
const SUFFIXES = Array.from({ length: 129 }, (_, i) => `/${i}`);

/** The host length of an IP family (32 or 128), undefined for other families. */
function hostLength(family: number): number | undefined {
  return family === AF_INET ? 32 : family === AF_INET6 ? 128 : undefined;
}

/**
 * `address/length`, or the address alone for a host (length 32 or 128) or a family that is not IP (an MPLS
 * label has no length). `family` is the message's family number.
 */
export function prefixText(family: number, address: string, length: number): string {
  const host = hostLength(family);
  return host === undefined || length === host ? address : address + (SUFFIXES[length] ?? `/${length}`);
}

/** `address/length` always, as `ip addr` prints an interface's address (`inet 10.0.0.1/24`). */
export function cidrText(address: string, length: number): string {
  return address + (SUFFIXES[length] ?? `/${length}`);
}
