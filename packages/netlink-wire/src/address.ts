import { EncodeError, MalformedError } from './errors.js';

/**
 * IP and link-layer address conversions between wire bytes and the strings people write.
 * IPv6 is formatted the canonical way (RFC 5952: lower case, longest zero run compressed, IPv4-mapped
 * addresses in dotted form), so output compares equal to iproute2's.
 */

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** "192.0.2.1" → 4 bytes. Throws `EncodeError` for anything that is not a dotted quad. */
export function parseIPv4(text: string): Uint8Array {
  const parts = typeof text === 'string' ? text.split('.') : undefined;
  if (parts?.length !== 4 || !parts.every((p) => IPV4_PART.test(p))) {
    throw new EncodeError(`invalid IPv4 address: ${JSON.stringify(text)}`);
  }
  return Uint8Array.from(parts, Number);
}

/** 4 bytes → "192.0.2.1". */
export function formatIPv4(bytes: Uint8Array): string {
  if (bytes.length !== 4) throw new MalformedError(`IPv4 address must be 4 bytes, not ${bytes.length}`, 0);
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/** "2001:db8::1" (or "::ffff:192.0.2.1") → 16 bytes. Zone ids ("%eth0") are refused. */
export function parseIPv6(text: string): Uint8Array {
  const fail = (): never => {
    throw new EncodeError(`invalid IPv6 address: ${JSON.stringify(text)}`);
  };
  // (No length cap is needed: text longer than the 45 characters of the longest form never parses.)
  if (typeof text !== 'string') fail();
  let head = text;
  const tail: number[] = [];
  // A trailing dotted quad stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = (() => {
      try {
        return parseIPv4(text.slice(lastColon + 1));
      } catch {
        return fail();
      }
    })();
    tail.push(((v4[0]! << 8) | v4[1]!), ((v4[2]! << 8) | v4[3]!));
    head = text.slice(0, lastColon + 1);
    // Drop the colon before the quad, unless it is part of '::'. (Without a colon, head is '' either way.)
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) fail();
  const groups = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : fail()));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const given = left.length + right.length + tail.length;
  if (halves.length === 2 ? given > 7 : given !== 8) fail();
  const all = [...left, ...new Array<number>(8 - given).fill(0), ...right, ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** 16 bytes → canonical RFC 5952 text. */
export function formatIPv6(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new MalformedError(`IPv6 address must be 16 bytes, not ${bytes.length}`, 0);
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // IPv4-mapped (::ffff:a.b.c.d) is written with its IPv4 part dotted, as inet_ntop does.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(bytes.subarray(12))}`;
  }
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed
  // i steps by one, or to the end of a run of zeros (at most 8): it reaches 8 exactly.
  for (let i = 0; i !== 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (groups[j] === 0) j++; // groups[8] is undefined: the run stops at the end
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Parses IPv4 or IPv6 text, whichever it is. */
export function parseIP(text: string): Uint8Array {
  return typeof text === 'string' && text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

/** Formats a 4- or 16-byte address. */
export function formatIP(bytes: Uint8Array): string {
  if (bytes.length === 4) return formatIPv4(bytes);
  if (bytes.length === 16) return formatIPv6(bytes);
  throw new MalformedError(`an IP address is 4 or 16 bytes, not ${bytes.length}`, 0);
}

/**
 * "aa:bb:cc:dd:ee:ff" → bytes. Any length of colon-separated hex octets is accepted, since link-layer
 * addresses of other hardware (InfiniBand: 20 bytes) are longer than Ethernet's 6; "-" separators too.
 */
export function parseMAC(text: string): Uint8Array {
  // split always gives at least one part; more than MAX_ADDR_LEN (32) octets is no link-layer address.
  const parts = typeof text === 'string' ? text.split(/[:-]/) : undefined;
  if (parts === undefined || parts.length > 32 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new EncodeError(`invalid link-layer address: ${JSON.stringify(text)}`);
  }
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/** Bytes → "aa:bb:cc:dd:ee:ff" (lower-case, two digits an octet, as `ip link` prints). */
export function formatMAC(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i ? ':' : '') + bytes[i]!.toString(16).padStart(2, '0');
  return out;
}
