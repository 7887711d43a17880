import { parseIPv4, parseIPv6 } from '@linx/netlink-wire';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { ADDRESS_FAMILIES, type AddressFamily } from './names.js';

export { InvalidArgumentError };

/** IFNAMSIZ is 16: at most 15 bytes and a NUL. */
const IFNAMSIZ = 16;

/**
 * Checks an interface name as the kernel's dev_valid_name does: 1 to 15 bytes, not "." or "..", no "/",
 * ":", NUL or whitespace. Throws `InvalidArgumentError` before anything is sent.
 */
export function checkIfname(name: unknown, argument = 'name'): string {
  if (typeof name !== 'string') throw new InvalidArgumentError(argument, `an interface name is a string, not ${typeof name}`);
  const bytes = new TextEncoder().encode(name).length;
  if (bytes === 0) throw new InvalidArgumentError(argument, 'an interface name cannot be empty');
  if (bytes >= IFNAMSIZ) throw new InvalidArgumentError(argument, `${JSON.stringify(name)} is ${bytes} bytes; interface names have at most ${IFNAMSIZ - 1}`);
  if (name === '.' || name === '..') throw new InvalidArgumentError(argument, `${JSON.stringify(name)} is not a valid interface name`);
  if (/[\s/:\0]/u.test(name)) throw new InvalidArgumentError(argument, `${JSON.stringify(name)} contains a character interface names cannot have (/, :, NUL or whitespace)`);
  return name;
}

/** An interface as users name it: its name, or its index. */
export type InterfaceRef = string | number;

/** Checks an interface index: a positive 32-bit integer. */
export function checkIndex(index: unknown, argument = 'index'): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 1 || index > 0x7fff_ffff) {
    throw new InvalidArgumentError(argument, `${String(index)} is not an interface index (a positive integer)`);
  }
  return index;
}

/** A prefix written as CIDR: `10.0.0.1/24`, `2001:db8::/64`; a bare address is a host prefix. */
export interface Prefix {
  family: 'inet' | 'inet6';
  /** The address as written (canonical form). */
  address: string;
  bytes: Uint8Array;
  prefixLength: number;
}

/** Parses CIDR text, or throws `InvalidArgumentError` naming the argument. */
export function parsePrefix(text: unknown, argument = 'prefix'): Prefix {
  if (typeof text !== 'string') throw new InvalidArgumentError(argument, `expected a CIDR string like "10.0.0.1/24", got ${typeof text}`);
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const inet6 = address.includes(':');
  let bytes: Uint8Array;
  try {
    bytes = inet6 ? parseIPv6(address) : parseIPv4(address);
  } catch {
    throw new InvalidArgumentError(argument, `${JSON.stringify(text)} is not an IPv4 or IPv6 address or prefix`);
  }
  const max = inet6 ? 128 : 32;
  let prefixLength = max;
  if (slash !== -1) {
    const length = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(length) || Number(length) > max) {
      throw new InvalidArgumentError(argument, `${JSON.stringify(text)} has a bad prefix length (0..${max})`);
    }
    prefixLength = Number(length);
  }
  return { family: inet6 ? 'inet6' : 'inet', address, bytes, prefixLength };
}

/** The address family number for a name (`'inet'`), or a number passed through. */
export function familyNumber(family: AddressFamily | number, argument = 'family'): number {
  if (typeof family === 'number' && Number.isInteger(family) && family >= 0 && family <= 255) return family;
  if (typeof family === 'string' && Object.hasOwn(ADDRESS_FAMILIES, family)) return ADDRESS_FAMILIES[family];
  throw new InvalidArgumentError(argument, `unknown address family ${JSON.stringify(family)}; expected ${Object.keys(ADDRESS_FAMILIES).join(', ')} or a number`);
}

/** Checks an integer argument within bounds. */
export function checkInteger(value: unknown, argument: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(argument, `${String(value)} is not an integer in ${min}..${max}`);
  }
  return value;
}
