import { InvalidArgumentError } from '@linx/netlink-socket';
import { parseIPv4, parseIPv6, parseMAC } from '@linx/netlink-wire';

/**
 * Helpers that build the bytes expressions compare and sets store (NFTA_DATA_VALUE): packet fields in
 * network order, marks and interface indexes in host order, interface names as 16 NUL-padded bytes,
 * concatenations with each field padded to 4 bytes (a register's width).
 */
export const value = {
  ipv4: (text: string): Uint8Array => parseIPv4(text),
  ipv6: (text: string): Uint8Array => parseIPv6(text),
  mac: (text: string): Uint8Array => parseMAC(text),
  u8: (n: number): Uint8Array => Uint8Array.of(n & 0xff),
  /** A port, an ethertype: 16 bits in network order. */
  be16: (n: number): Uint8Array => Uint8Array.of((n >> 8) & 0xff, n & 0xff),
  be32: (n: number): Uint8Array => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, false); // setUint32 takes n modulo 2^32
    return b;
  },
  /** A mark, an interface index, a ct state mask: 32 bits in host order. */
  u32: (n: number): Uint8Array => new Uint8Array(Uint32Array.of(n).buffer), // modulo 2^32, as Uint32Array stores it
  /** An interface name as `meta iifname` loads it: 16 bytes, NUL-padded. */
  ifname: (name: string): Uint8Array => {
    const b = new Uint8Array(16);
    b.set(new TextEncoder().encode(name).subarray(0, 15));
    return b;
  },
  /** A concatenation: each field padded to a multiple of 4 bytes. */
  concat: (...fields: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(fields.reduce((n, f) => n + ((f.length + 3) & ~3), 0));
    let at = 0;
    for (const f of fields) {
      out.set(f, at);
      at += (f.length + 3) & ~3;
    }
    return out;
  },
  /** The value plus one (big-endian): the exclusive end of an interval that includes `bytes`. */
  next: (bytes: Uint8Array): Uint8Array => {
    const out = bytes.slice();
    for (let i = out.length - 1; i >= 0; i--) {
      if (out[i] !== 0xff) {
        out[i]! += 1;
        break;
      }
      out[i] = 0;
    }
    return out;
  },
  /**
   * An address prefix (`10.0.0.0/24`, `2001:db8::/32`) as the first and the last address in it (for a
   * concatenated interval set's key and keyEnd).
   */
  prefix: (cidr: string): { first: Uint8Array; last: Uint8Array } => {
    const [address, bits] = cidr.split('/');
    const first = address!.includes(':') ? parseIPv6(address!) : parseIPv4(address!);
    const length = bits === undefined ? first.length * 8 : Number(bits);
    if (!Number.isInteger(length) || length < 0 || length > first.length * 8) throw new InvalidArgumentError('cidr', `bad prefix length in ${cidr} (0 to ${first.length * 8})`);
    const last = first.slice();
    // Stryker disable next-line EqualityOperator: with `<=` the extra pass writes at index first.length, past the end, which a typed array ignores
    for (let bit = length; bit < first.length * 8; bit++) {
      first[bit >> 3]! &= ~(0x80 >> (bit & 7));
      last[bit >> 3]! |= 0x80 >> (bit & 7);
    }
    return { first, last };
  },
};
