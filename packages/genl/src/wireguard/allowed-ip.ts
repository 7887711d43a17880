import { InvalidArgumentError } from '@linx/netlink-socket';
import { AF_INET, AF_INET6, formatIPv4, formatIPv6, parseIP } from '@linx/netlink-wire';
import type * as gen from './generated/wireguard.js';
import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';

type AllowedIpAttrs = AttrsInput<(typeof gen.wgallowedipAttrs)['attributes']>;

/** `10.0.0.0/24` or `fd00::/64` (a bare address is a /32 or /128) as WGALLOWEDIP_A_*; `remove` sets WGALLOWEDIP_F_REMOVE_ME. */
export function allowedIpAttrs(text: unknown, remove = false): AllowedIpAttrs {
  if (typeof text !== 'string') throw new InvalidArgumentError('allowedIps', `expected "address/prefix", got ${typeof text}`);
  const [address = '', prefix, extra] = text.split('/');
  let bytes: Uint8Array;
  try {
    bytes = parseIP(address);
  } catch {
    throw new InvalidArgumentError('allowedIps', `${JSON.stringify(text)} is not "address/prefix"`);
  }
  const max = bytes.length * 8;
  const cidr = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (extra !== undefined || !(cidr >= 0 && cidr <= max)) throw new InvalidArgumentError('allowedIps', `${JSON.stringify(text)}: the prefix length must be 0 to ${max}`);
  return { family: bytes.length === 4 ? AF_INET : AF_INET6, ipaddr: bytes, cidrMask: cidr, ...(remove ? { flags: ['remove-me'] as const } : {}) };
}

/** An allowed IP as the kernel lists it, as `wg` prints it (`10.0.0.0/24`). */
export function allowedIpText(a: AttrsValue<(typeof gen.wgallowedipAttrs)['attributes']>): string {
  const ip = a.ipaddr === undefined ? '' : a.ipaddr.length === 4 ? formatIPv4(a.ipaddr) : formatIPv6(a.ipaddr);
  return `${ip}/${a.cidrMask ?? 0}`;
}
