// Argument checks for the links verbs: each throws InvalidArgumentError naming the argument, before
// anything is sent.
import { parseIPv4, parseIPv6, parseMAC } from '@linx/netlink-wire';
import { InvalidArgumentError, checkInteger } from '../shared/arguments.js';

export const U8 = 0xff;
export const U16 = 0xffff;
export const U32 = 0xffff_ffff;

export function checkBoolean(value: unknown, argument: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, `expected true or false, got ${describe(value)}`);
  return value;
}

export function checkUint(value: unknown, argument: string, max: number, min = 0): number {
  return checkInteger(value, argument, min, max);
}

/** A name of `table` (or, with `numbers`, a number among its values). */
export function checkName<T extends Record<string, number>>(value: unknown, table: T, argument: string, numbers = false): keyof T & string {
  if (typeof value === 'string' && Object.hasOwn(table, value)) return value as keyof T & string;
  if (numbers && typeof value === 'number') {
    const name = Object.keys(table).find((key) => table[key] === value);
    if (name !== undefined) return name as keyof T & string;
  }
  throw new InvalidArgumentError(argument, `${describe(value)} is not one of ${Object.keys(table).map((k) => JSON.stringify(k)).join(', ')}${numbers ? ' (or their numbers)' : ''}`);
}

/** A link-layer address: colon- (or dash-) separated hex octets, "02:00:5e:10:00:01". */
export function checkMac(value: unknown, argument: string): string {
  if (typeof value === 'string' && /^[0-9a-fA-F]{1,2}([:-][0-9a-fA-F]{1,2}){0,31}$/.test(value)) {
    try {
      parseMAC(value);
      return value;
    } catch {
      // fall through
    }
  }
  throw new InvalidArgumentError(argument, `${describe(value)} is not a link-layer address like "02:00:00:00:00:01"`);
}

/** An IPv4 or IPv6 address (no prefix length). */
export function checkIp(value: unknown, argument: string): { family: 4 | 6; text: string; bytes: Uint8Array } {
  if (typeof value === 'string') {
    try {
      return value.includes(':') ? { family: 6, text: value, bytes: parseIPv6(value) } : { family: 4, text: value, bytes: parseIPv4(value) };
    } catch {
      // fall through
    }
  }
  throw new InvalidArgumentError(argument, `${describe(value)} is not an IPv4 or IPv6 address`);
}

/**
 * An object of options whose keys are all in `allowed` (keys set to undefined are ignored). Its keys are
 * named `argument.key` (just `key` when `argument` is ''); the object itself is named `self`.
 */
export function checkKeys(value: unknown, allowed: ReadonlySet<string>, argument: string, what: string, self = argument): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(self, `expected an object of options, got ${describe(value)}`);
  const options = value as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (options[key] !== undefined && !allowed.has(key)) {
      const name = argument === '' ? key : `${argument}.${key}`;
      throw new InvalidArgumentError(name, `unknown option for ${what}; the options are ${[...allowed].join(', ')}`);
    }
  }
  return options;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
