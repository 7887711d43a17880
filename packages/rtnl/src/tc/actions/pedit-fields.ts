import { parseIPv4, parseIPv6, parseMAC } from '@linx/netlink-wire';
import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';

// The header fields `tc … pedit ex munge <header> <field>` names, where each sits in its header: facts of
// the headers themselves (Ethernet; IPv4, RFC 791; IPv6, RFC 8200; TCP, RFC 9293; UDP, RFC 768), checked
// against the keys tc 6.1 sends for each field (test/tc-actions.live.test.ts). A field is either a number
// inside one 32-bit word (`bits`: the word's bits it occupies, in network order) or an address spanning
// whole bytes. tc's ip flag fields (nofrag, firstfrag, ce, df) and ip6 flow_lbl are left out: the keys tc
// sends for them do not change the bits those names mean.

/** A number field: the word it sits in (a multiple of 4 from the header's start) and its bits there. */
interface NumberField {
  word: number;
  bits: number;
}

/** An address field: its first byte and its form. */
interface AddressField {
  at: number;
  address: 'mac' | 'ipv4' | 'ipv6';
}

type Field = NumberField | AddressField;

const FIELDS = {
  eth: { dst: { at: 0, address: 'mac' }, src: { at: 6, address: 'mac' }, type: { word: 12, bits: 0xffff_0000 } },
  ip4: {
    ihl: { word: 0, bits: 0x0f00_0000 },
    tos: { word: 0, bits: 0x00ff_0000 },
    dsfield: { word: 0, bits: 0x00ff_0000 },
    ttl: { word: 8, bits: 0xff00_0000 },
    protocol: { word: 8, bits: 0x00ff_0000 },
    src: { at: 12, address: 'ipv4' },
    dst: { at: 16, address: 'ipv4' },
  },
  ip6: {
    traffic_class: { word: 0, bits: 0x0ff0_0000 },
    payload_len: { word: 4, bits: 0xffff_0000 },
    nexthdr: { word: 4, bits: 0x0000_ff00 },
    hoplimit: { word: 4, bits: 0x0000_00ff },
    src: { at: 8, address: 'ipv6' },
    dst: { at: 24, address: 'ipv6' },
  },
  tcp: { sport: { word: 0, bits: 0xffff_0000 }, dport: { word: 0, bits: 0x0000_ffff }, flags: { word: 12, bits: 0x00ff_0000 } },
  udp: { sport: { word: 0, bits: 0xffff_0000 }, dport: { word: 0, bits: 0x0000_ffff } },
} as const satisfies Record<string, Record<string, Field>>;

/** The fields of each header, by tc's names. */
export type PeditFields = { [H in keyof typeof FIELDS]: keyof (typeof FIELDS)[H] };

/** One edit of a named field (tc's `pedit ex munge ip ttl set 10`, `munge eth dst set 02:00:00:00:00:01`). */
export type PeditFieldKey = {
  [H in keyof PeditFields]: {
    header: H;
    field: PeditFields[H];
    /** A number, or for an address field its text (`'10.0.0.1'`, `'2001:db8::1'`, `'02:00:00:00:00:01'`). */
    set?: number | string;
    /** Added to a number field. */
    add?: number;
  };
}[keyof PeditFields];

/** A key as the kernel takes it: the word at `off` of the header, the bits kept and the value or-ed in (both in network order). */
export interface WordKey {
  off: number;
  keep: number;
  value: number;
}

const ADDRESS = { mac: parseMAC, ipv4: parseIPv4, ipv6: parseIPv6 } as const;
const LENGTH = { mac: 6, ipv4: 4, ipv6: 16 } as const;

/** The lowest set bit's position: how far a field's value is shifted into its word. */
const shiftOf = (bits: number): number => 31 - Math.clz32(bits & -bits);

/** The word keys of a named-field edit, in tc's order (rising offsets); `argument` names the key. */
export function fieldKeys(k: { header: string; field: unknown; set?: unknown; add?: unknown }, argument: string): WordKey[] {
  const fields = (FIELDS as Record<string, Record<string, Field>>)[k.header];
  if (fields === undefined) throw new InvalidArgumentError(`${argument}.header`, `named fields are in ${Object.keys(FIELDS).join(', ')}`);
  if (typeof k.field !== 'string' || !Object.hasOwn(fields, k.field)) throw new InvalidArgumentError(`${argument}.field`, `a ${k.header} field is one of ${Object.keys(fields).join(', ')}`);
  const f = fields[k.field]!;
  if ('bits' in f) {
    const max = f.bits >>> shiftOf(f.bits);
    const value = checkInteger(k.set ?? k.add, `${argument}.${k.set !== undefined ? 'set' : 'add'}`, 0, max);
    return [{ off: f.word, keep: ~f.bits >>> 0, value: (value * 2 ** shiftOf(f.bits)) >>> 0 }];
  }
  if (k.add !== undefined) throw new InvalidArgumentError(`${argument}.add`, `${k.header} ${k.field} is an address: it is set, not added to`);
  let bytes: Uint8Array;
  try {
    bytes = ADDRESS[f.address](k.set as string);
  } catch {
    throw new InvalidArgumentError(`${argument}.set`, `${JSON.stringify(k.set)} is no ${f.address === 'mac' ? 'MAC' : f.address === 'ipv4' ? 'IPv4' : 'IPv6'} address`);
  }
  if (bytes.length !== LENGTH[f.address]) throw new InvalidArgumentError(`${argument}.set`, `an Ethernet address has 6 bytes, not ${bytes.length}`);
  // One key per word the address touches, keeping the word's other bytes.
  const out: WordKey[] = [];
  for (let i = 0; i < bytes.length; ) {
    const byte = f.at + i;
    const off = byte & ~3;
    let keep = 0xffff_ffff;
    let value = 0;
    for (let b = byte - off; b < 4 && i < bytes.length; b++, i++) {
      const shift = 8 * (3 - b);
      keep &= ~(0xff << shift);
      value |= bytes[i]! << shift;
    }
    out.push({ off, keep: keep >>> 0, value: value >>> 0 });
  }
  return out;
}
