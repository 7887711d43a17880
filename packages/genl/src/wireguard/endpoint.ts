import { InvalidArgumentError } from '@linx/netlink-socket';
import { AF_INET, AF_INET6, formatIPv4, formatIPv6, HOST_LITTLE_ENDIAN, parseIPv4, parseIPv6 } from '@linx/netlink-wire';

/** sizeof(struct sockaddr_in) and sizeof(struct sockaddr_in6) (linux/in.h, linux/in6.h): what WGPEER_A_ENDPOINT holds. */
const SOCKADDR_IN = 16;
const SOCKADDR_IN6 = 28;

/**
 * A peer endpoint `host:port` (`1.2.3.4:51820`, `[fd00::1]:51820`) as the struct sockaddr_in/sockaddr_in6
 * the kernel takes: sa_family in host order, the port and address in network order. Names are not
 * resolved (wg does that with getaddrinfo; give an address).
 */
export function endpointToSockaddr(endpoint: unknown): Uint8Array {
  if (typeof endpoint !== 'string') throw new InvalidArgumentError('endpoint', `expected "address:port", got ${typeof endpoint}`);
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(endpoint);
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || port > 0xffff) throw new InvalidArgumentError('endpoint', `${JSON.stringify(endpoint)} is not "IPv4:port" or "[IPv6]:port"`);
  let address: Uint8Array;
  try {
    address = m[1] !== undefined ? parseIPv6(m[1]) : parseIPv4(m[2]!);
  } catch (error) {
    throw new InvalidArgumentError('endpoint', `${JSON.stringify(endpoint)}: ${(error as Error).message}`);
  }
  const v6 = address.length === 16;
  const out = new Uint8Array(v6 ? SOCKADDR_IN6 : SOCKADDR_IN);
  const view = new DataView(out.buffer);
  view.setUint16(0, v6 ? AF_INET6 : AF_INET, HOST_LITTLE_ENDIAN);
  view.setUint16(2, port, false);
  out.set(address, v6 ? 8 : 4);
  return out;
}

/** A WGPEER_A_ENDPOINT sockaddr as `address:port` (`[…]:port` for IPv6), as `wg` prints it; undefined when it is not one. */
export function sockaddrToEndpoint(bytes: Uint8Array): string | undefined {
  if (bytes.length < 2) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const family = view.getUint16(0, HOST_LITTLE_ENDIAN);
  if (family === AF_INET && bytes.length >= SOCKADDR_IN) return `${formatIPv4(bytes.subarray(4, 8))}:${view.getUint16(2, false)}`;
  if (family === AF_INET6 && bytes.length >= SOCKADDR_IN6) return `[${formatIPv6(bytes.subarray(8, 24))}]:${view.getUint16(2, false)}`;
  return undefined;
}
