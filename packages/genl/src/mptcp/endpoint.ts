import { InvalidArgumentError } from '@linx/netlink-socket';
import { AF_INET, AF_INET6, formatIPv4, formatIPv6, parseIP } from '@linx/netlink-wire';
import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';
import * as gen from './generated/mptcp_pm.js';

/** An endpoint flag (`signal`, `subflow`, `backup`, `fullmesh`, `implicit`: linux/mptcp.h MPTCP_PM_ADDR_FLAG_*). */
export type EndpointFlag = gen.AddressFlags;

/** A path manager endpoint, as `ip mptcp endpoint show` lists them. */
export interface MptcpEndpoint {
  id: number;
  /** The address, dotted IPv4 or IPv6 text. */
  address: string;
  /** Port the endpoint signals or listens on; absent when none is set. */
  port?: number;
  flags: EndpointFlag[];
  /** Interface the endpoint's subflows are bound to; absent when none is. */
  ifindex?: number;
}

/** What `addEndpoint` takes (`ip mptcp endpoint add ADDRESS [id ID] [port PORT] [dev IFNAME] [FLAGS]`). */
export interface EndpointInput {
  address: string;
  /** 1–255; the kernel picks one when absent. */
  id?: number;
  port?: number;
  flags?: readonly EndpointFlag[];
  /** An interface name (looked up in the namespace) or index. */
  device?: string | number;
}

/** MPTCP_PM_ADDR_ATTR_* as a request is built (written field by field). */
export type Address = { -readonly [K in keyof AttrsInput<(typeof gen.addressAttrs)['attributes']>]: AttrsInput<(typeof gen.addressAttrs)['attributes']>[K] };

export function checkId(id: unknown, name = 'id', min = 1): number {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < min || id > 255) throw new InvalidArgumentError(name, `${JSON.stringify(id)} is not an endpoint id (an integer from ${min} to 255)`);
  return id;
}

export function checkFlags(flags: unknown): EndpointFlag[] {
  if (!Array.isArray(flags)) throw new InvalidArgumentError('flags', `expected a list of flag names (${Object.keys(gen.addressFlagsValues).join(', ')})`);
  for (const f of flags) if (typeof f !== 'string' || !(f in gen.addressFlagsValues)) throw new InvalidArgumentError('flags', `${JSON.stringify(f)} is not an endpoint flag (${Object.keys(gen.addressFlagsValues).join(', ')})`);
  return flags as EndpointFlag[];
}

/** The MPTCP_PM_ADDR_ATTR_* of an address: family, then addr4 (a big-endian u32) or addr6. */
export function addressAttrs(address: unknown): Address {
  if (typeof address !== 'string') throw new InvalidArgumentError('address', `expected an IPv4 or IPv6 address, got ${JSON.stringify(address)}`);
  let bytes: Uint8Array;
  try {
    bytes = parseIP(address);
  } catch (error) {
    throw new InvalidArgumentError('address', `${JSON.stringify(address)} is not an IPv4 or IPv6 address (${(error as Error).message})`);
  }
  if (bytes.length === 4) return { family: AF_INET, addr4: ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0 };
  return { family: AF_INET6, addr6: bytes };
}

/** An IPv4 address the spec declares as a big-endian u32 (MPTCP_PM_ADDR_ATTR_ADDR4, MPTCP_ATTR_SADDR4 …), as text. */
export const ipv4Text = (n: number): string => formatIPv4(new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]));

/** An MPTCP_PM_ATTR_ADDR nest as the kernel sends it, as an endpoint. */
export function endpointOf(a: AttrsValue<(typeof gen.addressAttrs)['attributes']> = {}): MptcpEndpoint {
  let address = '';
  if (a.addr4 !== undefined) address = ipv4Text(a.addr4);
  else if (a.addr6 !== undefined) address = formatIPv6(a.addr6);
  const out: MptcpEndpoint = { id: a.id ?? 0, address, flags: (a.flags ?? []).filter((f): f is EndpointFlag => typeof f === 'string') };
  if (a.port !== undefined && a.port !== 0) out.port = a.port;
  if (a.ifIdx !== undefined && a.ifIdx !== 0) out.ifindex = a.ifIdx;
  return out;
}
