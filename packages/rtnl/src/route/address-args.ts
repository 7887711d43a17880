import { familyNumber, InvalidArgumentError, parsePrefix } from '../shared/arguments.js';
import { AF_INET, AF_INET6 } from '@linx/netlink-wire';
import type { AddressFamily } from '../shared/names.js';
import { parseIPv4Fast } from '../shared/ip-text.js';

/**
 * The address arguments of the route verbs: addresses and prefixes parsed (IPv4 on a fast path), and the
 * request's family settled from them, with an error naming the argument that disagrees.
 */

export type Family = 'inet' | 'inet6';

export interface Parsed {
  family: Family;
  bytes: Uint8Array;
  length: number;
  written: boolean;
}

/**
 * The last address parsed, for bulk verbs where thousands of routes share a gateway. Parsed results are
 * never modified, so sharing one between requests is safe.
 */
let lastText: string | undefined;
let lastParsed: Parsed | undefined;

/** An address or prefix argument; `written` tells whether it carried its own prefix length. */
export function parse(text: unknown, argument: string): Parsed {
  // Stryker disable next-line ConditionalExpression: the fast parser gives up on anything but a string, which then goes the thorough way as it would
  if (typeof text === 'string') {
    if (text === lastText) return lastParsed!;
    const fast = parseIPv4Fast(text);
    if (fast) {
      lastText = text;
      lastParsed = fast;
      return fast;
    }
  }
  const prefix = parsePrefix(text, argument);
  return { family: prefix.family, bytes: prefix.bytes, length: prefix.prefixLength, written: (text as string).includes('/') };
}

/** An address without a prefix length (a gateway, a source address). */
export function parseAddress(text: unknown, argument: string): Parsed {
  const parsed = parse(text, argument);
  if (parsed.written) throw new InvalidArgumentError(argument, `${JSON.stringify(text)}: expected an address without a prefix length`);
  return parsed;
}

export const FAMILY_TEXT = { inet: 'IPv4', inet6: 'IPv6' } as const;

/** Settles the family of a request from what its addresses say; mismatches are errors. */
export class FamilyOf {
  family: Family | undefined;
  /** What settled the family, for the error message; set together with `family`. */
  // Stryker disable next-line StringLiteral: read only once `family` is set, and always set with it
  from = '';
  constructor(given: unknown, argument: string) {
    if (given === undefined) return;
    const number = familyNumber(given as AddressFamily | number, argument);
    if (number !== AF_INET && number !== AF_INET6) throw new InvalidArgumentError(argument, `${String(given)}: only IPv4 ('inet') and IPv6 ('inet6') routes are supported`);
    this.family = number === AF_INET ? 'inet' : 'inet6';
    this.from = `${argument} ${String(given)}`;
  }
  add(parsed: Parsed, argument: string, text: string): void {
    if (this.family === undefined) {
      this.family = parsed.family;
      this.from = `${argument} ${text}`;
    } else if (this.family !== parsed.family) {
      throw new InvalidArgumentError(argument, `${text} is ${FAMILY_TEXT[parsed.family]} but the route is ${FAMILY_TEXT[this.family]} (${this.from})`);
    }
  }
}
