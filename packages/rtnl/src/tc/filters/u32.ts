import { DecodeError, custom, struct } from '@linx/netlink-codec';
import { compileStruct, onFirstUse } from '@linx/netlink-codec/runtime';
import { ByteWriter } from '@linx/netlink-wire';
import { tcU32Key, tcU32Sel } from '../../generated/tc.js';
import { InvalidArgumentError, checkInteger, parsePrefix } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { parseHandle, type TcHandle } from '../handles.js';
import { tcU32FlagsValues } from '../../generated/tc.js';
import { TC_U32_TERMINAL } from './tc-words.js';

// u32 (cls_u32): a selector of 32-bit keys (value, mask, offset into the packet). struct tc_u32_sel ends in
// a flexible array of struct tc_u32_key; the spec declares it as one key, so the selector is read and
// written here as the spec's head (every field but the keys) followed by nkeys keys of the spec's struct.

const { keys: _keys, ...headFields } = tcU32Sel.fields;
// Compiled on first use, not at import (tc's codecs cost nothing to a program that never uses u32).
const codecs = onFirstUse(() => ({ selHead: compileStruct(struct('tc-u32-sel-head', headFields)), key: compileStruct(tcU32Key) }));

/** One key as the kernel holds it: `value` and `mask` as u32 (network order in the packet), `at` its offset. */
export interface U32Key {
  value: number;
  mask: number;
  /** Byte offset from the start of the network header (tc's `at`). */
  at: number;
  /** tc's `offmask` (the offset taken from the packet, for nexthdr). */
  offmask?: number;
}

/** A selector as listed: its flags and head fields, and every key. */
export interface U32Selector {
  flags: number;
  offshift: number;
  offmask: number;
  off: number;
  offoff: number;
  hoff: number;
  hmask: number;
  keys: U32Key[];
}

function view(b: Uint8Array) {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

type FieldOf = ReturnType<typeof compileStruct>['fields'][number];
/** The head's and a key's fields, each read by its own codec (no object per head or key on the list path). */
const fields = onFirstUse(() => {
  const { selHead, key } = codecs();
  const of = (c: typeof selHead, name: string): FieldOf => c.fields.find((f) => f.name === name)!;
  return {
    head: (['flags', 'offshift', 'nkeys', 'offmask', 'off', 'offoff', 'hoff', 'hmask'] as const).map((n) => of(selHead, n)),
    key: (['val', 'mask', 'off', 'offmask'] as const).map((n) => of(key, n)),
  };
});

function read(f: FieldOf, bytes: Uint8Array, dv: DataView, base: number, state: { exact: boolean }): number {
  return f.codec!.decode(bytes, dv, base + f.offset, base + f.offset + f.size, state) as number;
}

/** A selector at `bytes[start, end)`: its head, then `nkeys` keys (read in place, for the list path too). */
export function decodeSelector(bytes: Uint8Array, dv: DataView, start: number, end: number): U32Selector {
  const { selHead, key } = codecs();
  if (end - start < selHead.size) throw new DecodeError(`tc_u32_sel needs ${selHead.size} bytes, the attribute has ${end - start}`, start, ['sel']);
  const { head, key: k } = fields();
  const state = { exact: true };
  const nkeys = read(head[2]!, bytes, dv, start, state);
  const keys: U32Key[] = [];
  for (let at = start + selHead.size; at + key.size <= end && keys.length < nkeys; at += key.size) {
    keys.push({ value: read(k[0]!, bytes, dv, at, state), mask: read(k[1]!, bytes, dv, at, state), at: read(k[2]!, bytes, dv, at, state), offmask: read(k[3]!, bytes, dv, at, state) });
  }
  return {
    flags: read(head[0]!, bytes, dv, start, state),
    offshift: read(head[1]!, bytes, dv, start, state),
    offmask: read(head[3]!, bytes, dv, start, state),
    off: read(head[4]!, bytes, dv, start, state),
    offoff: read(head[5]!, bytes, dv, start, state),
    hoff: read(head[6]!, bytes, dv, start, state),
    hmask: read(head[7]!, bytes, dv, start, state),
    keys,
  };
}

/** TCA_U32_SEL with all its keys. */
export const u32Selector = custom<U32Selector, U32Selector>(
  'tc-u32-sel',
  (p) => decodeSelector(p, view(p), 0, p.length),
  (s) => {
    const { selHead, key } = codecs();
    const w = new ByteWriter(selHead.size + key.size * s.keys.length);
    selHead.encode({ flags: s.flags, offshift: s.offshift, nkeys: s.keys.length, offmask: s.offmask, off: s.off, offoff: s.offoff, hoff: s.hoff, hmask: s.hmask }, w);
    for (const k of s.keys) key.encode({ mask: k.mask, val: k.value, off: k.at, offmask: k.offmask ?? 0 }, w);
    return w.finish();
  },
);

/**
 * A match as `tc filter … u32 match …` writes it: `{ ip: 'dst', prefix: '10.0.0.0/8' }` (also `'src'`),
 * `{ ip: 'protocol', value: 6 }`, `{ ip: 'tos', value: 0x10, mask: 0xff }`, `{ ip: 'sport' | 'dport', value: 80 }`
 * (at the fixed offsets tc uses: a header without options); IPv6's `{ ip6: 'src' | 'dst', prefix }` and
 * `{ ip6: 'priority' | 'protocol' | 'flowlabel' | 'sport' | 'dport', value, mask? }`; the transport header
 * after the offset a selector's `offset` computed (tc's `nexthdr+`): `{ tcp | udp: 'src' | 'dst', value, mask? }`,
 * `{ icmp: 'type' | 'code', value, mask? }`; or a raw `{ u32 | u16 | u8: value, mask, at, nexthdr? }`.
 */
export type U32Match =
  | { ip: 'src' | 'dst'; prefix: string }
  | { ip: 'protocol' | 'tos' | 'sport' | 'dport'; value: number; mask?: number }
  | { ip6: 'src' | 'dst'; prefix: string }
  | { ip6: 'priority' | 'protocol' | 'flowlabel' | 'sport' | 'dport'; value: number; mask?: number }
  | { tcp: 'src' | 'dst'; value: number; mask?: number }
  | { udp: 'src' | 'dst'; value: number; mask?: number }
  | { icmp: 'type' | 'code'; value: number; mask?: number }
  | { u32: number; mask: number; at: number; nexthdr?: boolean }
  | { u16: number; mask: number; at: number; nexthdr?: boolean }
  | { u8: number; mask: number; at: number; nexthdr?: boolean };

/**
 * Where the next header starts, computed from the packet (tc's `offset`): `at` and `mask` pick a 16-bit
 * word, shifted right by `shift`, plus `plus`; `eat` makes later hash tables start there.
 */
export interface U32Offset {
  at?: number;
  mask?: number;
  shift?: number;
  plus?: number;
  eat?: boolean;
}

/** The bits of the packet that pick a bucket of the linked hash table (tc's `hashkey mask M at N`). */
export interface U32Hashkey {
  mask: number;
  at: number;
}

/** u32's options: where a match sends the packet (`classid`, tc's `flowid`), the matches, hash tables and links. */
export interface U32Options {
  /** The class a match selects (tc's `flowid` / `classid`). */
  classid?: TcHandle;
  /** The keys, in order; tc merges keys at the same offset (as here) and sets the selector's TERMINAL flag. */
  match?: U32Match[];
  /** A new hash table with this many buckets (tc's `divisor`; with `handle: '<ht>:'` and no matches). */
  divisor?: number;
  /** The hash table a match continues in (tc's `link`, `'1:'`). */
  link?: string | number;
  /** The table and bucket the filter goes into (tc's `ht`, `'1:'` or `'1:2'`, as a u32 handle). */
  hashTable?: string | number;
  /** The next header's offset, for the linked table's `nexthdr` matches. */
  offset?: U32Offset;
  /** Which bits choose the bucket in the linked table. */
  hashkey?: U32Hashkey;
  /**
   * Puts the filter in the bucket of `hashTable` a packet with this one key hashes to (tc's `ht 2: sample ip
   * dst 10.0.0.5/32 [divisor 16]`): the key's masked bits, shifted down to the mask's lowest bit, modulo
   * `divisor` (a power of 2 up to 256, the table's size; 256 by default), as tc computes it.
   */
  sample?: { match: U32Match; divisor?: number };
}

/** u32's options as listed. */
export interface U32Info {
  classid?: string;
  selector?: U32Selector;
  divisor?: number;
  /** Links and hash tables as u32 handles (raw, and as tc prints them). */
  link?: string;
  hash?: number;
  /** The counters (tc -s): packets looked at, and hits per key. Bytes when the spec struct does not say more. */
  pcnt?: unknown;
  flags?: number;
}

const FIELDS: Record<string, { size: 1 | 2 | 4; at: number }> = {
  protocol: { size: 1, at: 9 },
  tos: { size: 1, at: 1 },
  sport: { size: 2, at: 20 },
  dport: { size: 2, at: 22 },
};

/** A value of `size` bytes at `at`, as the aligned u32 key tc makes of it (iproute2's pack_key8/16). */
function aligned(size: 1 | 2 | 4, value: number, mask: number, at: number, argument: string): U32Key {
  const max = size === 4 ? 0xffff_ffff : (1 << (size * 8)) - 1;
  checkInteger(value, `${argument}.value`, 0, max);
  checkInteger(mask, `${argument}.mask`, 0, max);
  checkInteger(at, `${argument}.at`, 0, 0x7fff_ffff);
  if (size === 4) {
    if (at % 4) throw new InvalidArgumentError(`${argument}.at`, 'a u32 match is at a multiple of 4');
    return { value: (value & mask) >>> 0, mask, at };
  }
  if (at % size) throw new InvalidArgumentError(`${argument}.at`, `a u${size * 8} match is at a multiple of ${size}`);
  const shift = 8 * (4 - size - (at & 3));
  return { value: ((value & mask) << shift) >>> 0, mask: (mask << shift) >>> 0, at: at & ~3 };
}

/** IPv6 header fields by tc's names: the 32-bit word, the field's mask in it and its shift (tc's f_u32.c offsets). */
const IP6_FIELDS: Record<string, { at: number; mask: number; shift: number }> = {
  priority: { at: 0, mask: 0x0ff0_0000, shift: 20 },
  flowlabel: { at: 0, mask: 0x000f_ffff, shift: 0 },
  protocol: { at: 4, mask: 0x0000_ff00, shift: 8 },
  sport: { at: 40, mask: 0xffff_0000, shift: 16 },
  dport: { at: 40, mask: 0x0000_ffff, shift: 0 },
};
/** Transport fields after the computed offset (tc's `nexthdr+`): size and offset. */
const NEXTHDR_FIELDS: Record<string, Record<string, { size: 1 | 2; at: number }>> = {
  tcp: { src: { size: 2, at: 0 }, dst: { size: 2, at: 2 } },
  udp: { src: { size: 2, at: 0 }, dst: { size: 2, at: 2 } },
  icmp: { type: { size: 1, at: 0 }, code: { size: 1, at: 1 } },
};
/** tc's `nexthdr+` offmask: the key's offset is relative to the offset the selector computed. */
const NEXTHDR = -1;

/** One key of an IPv6 prefix per 32-bit word it covers (tc's parse_ip6_addr). */
function ip6Keys(prefix: unknown, at: number, argument: string): U32Key[] {
  const p = parsePrefix(prefix, argument);
  if (p.family !== 'inet6') throw new InvalidArgumentError(argument, 'an IPv6 prefix (u32 ip6 matches IPv6)');
  const keys: U32Key[] = [];
  const dv = view(p.bytes);
  for (let i = 0; i * 32 < p.prefixLength; i++) {
    const bits = Math.min(32, p.prefixLength - i * 32);
    const mask = (0xffff_ffff << (32 - bits)) >>> 0;
    keys.push({ value: (dv.getUint32(i * 4) & mask) >>> 0, mask, at: at + i * 4 });
  }
  return keys;
}

function matchKeys(m: unknown, argument: string): U32Key[] {
  const o = m as Record<string, unknown>;
  if (m === null || typeof m !== 'object') throw new InvalidArgumentError(argument, 'expected a match object');
  if (o.ip === 'src' || o.ip === 'dst') {
    checkKeys(m, new Set(['ip', 'prefix']), argument, 'an ip address match');
    const p = parsePrefix(o.prefix, `${argument}.prefix`);
    if (p.family !== 'inet') throw new InvalidArgumentError(`${argument}.prefix`, 'an IPv4 prefix (u32 ip matches IPv4; ip6 matches IPv6)');
    const mask = p.prefixLength === 0 ? 0 : (0xffff_ffff << (32 - p.prefixLength)) >>> 0;
    const value = view(p.bytes).getUint32(0);
    return [{ value: (value & mask) >>> 0, mask, at: o.ip === 'src' ? 12 : 16 }];
  }
  if (typeof o.ip === 'string' && Object.hasOwn(FIELDS, o.ip)) {
    checkKeys(m, new Set(['ip', 'value', 'mask']), argument, 'an ip field match');
    const f = FIELDS[o.ip]!;
    return [aligned(f.size, o.value as number, (o.mask ?? (1 << (f.size * 8)) - 1) as number, f.at, argument)];
  }
  if (o.ip !== undefined) throw new InvalidArgumentError(`${argument}.ip`, `${JSON.stringify(o.ip)} is not an ip field linx matches (src, dst, protocol, tos, sport, dport)`);
  if (o.ip6 === 'src' || o.ip6 === 'dst') {
    checkKeys(m, new Set(['ip6', 'prefix']), argument, 'an ip6 address match');
    return ip6Keys(o.prefix, o.ip6 === 'src' ? 8 : 24, `${argument}.prefix`);
  }
  if (typeof o.ip6 === 'string' && Object.hasOwn(IP6_FIELDS, o.ip6)) {
    checkKeys(m, new Set(['ip6', 'value', 'mask']), argument, 'an ip6 field match');
    const f = IP6_FIELDS[o.ip6]!;
    const max = f.mask >>> f.shift;
    const value = checkInteger(o.value, `${argument}.value`, 0, max);
    const mask = o.mask === undefined ? max : checkInteger(o.mask, `${argument}.mask`, 0, max);
    return [{ value: ((value & mask) << f.shift) >>> 0, mask: (mask << f.shift) >>> 0, at: f.at }];
  }
  if (o.ip6 !== undefined) throw new InvalidArgumentError(`${argument}.ip6`, `${JSON.stringify(o.ip6)} is not an ip6 field linx matches (src, dst, ${Object.keys(IP6_FIELDS).join(', ')})`);
  for (const proto of Object.keys(NEXTHDR_FIELDS)) {
    if (o[proto] === undefined) continue;
    checkKeys(m, new Set([proto, 'value', 'mask']), argument, `a ${proto} match`);
    const f = NEXTHDR_FIELDS[proto]![o[proto] as string];
    if (f === undefined) throw new InvalidArgumentError(`${argument}.${proto}`, `expected ${Object.keys(NEXTHDR_FIELDS[proto]!).join(' or ')}`);
    const full = (1 << (f.size * 8)) - 1;
    return [{ ...aligned(f.size, o.value as number, (o.mask ?? full) as number, f.at, argument), offmask: NEXTHDR }];
  }
  for (const [word, size] of [['u32', 4], ['u16', 2], ['u8', 1]] as const) {
    if (o[word] !== undefined) {
      checkKeys(m, new Set([word, 'mask', 'at', 'nexthdr']), argument, `a ${word} match`);
      if (o.nexthdr !== undefined && typeof o.nexthdr !== 'boolean') throw new InvalidArgumentError(`${argument}.nexthdr`, 'expected true or false');
      const k = aligned(size, o[word] as number, o.mask as number, o.at as number, argument);
      return [o.nexthdr ? { ...k, offmask: NEXTHDR } : k];
    }
  }
  throw new InvalidArgumentError(argument, 'a match is { ip | ip6, prefix }, { ip | ip6, value }, { tcp | udp | icmp, value }, or { u32 | u16 | u8, mask, at }');
}

/** Adds a key as tc does: one at the same offset as an earlier key is merged into it; clashing bits are refused. */
function packKey(keys: U32Key[], k: U32Key, argument: string): void {
  const same = keys.find((e) => e.at === k.at && (e.offmask ?? 0) === (k.offmask ?? 0));
  if (same === undefined) {
    keys.push(k);
    return;
  }
  if (((same.value ^ k.value) & same.mask & k.mask) !== 0) throw new InvalidArgumentError(argument, `it asks other bits at offset ${k.at} than an earlier match`);
  same.value = (same.value | k.value) >>> 0;
  same.mask = (same.mask | k.mask) >>> 0;
}

const KEYS = new Set(['classid', 'match', 'divisor', 'link', 'hashTable', 'offset', 'hashkey', 'sample']);

/** The bucket (bits 12..19 of a u32 handle) the one key of `sample` picks in a table of `divisor` buckets. */
function sampleBucket(sample: unknown, argument: string): number {
  const o = checkKeys(sample, new Set(['match', 'divisor']), argument, 'a u32 sample { match, divisor? }') as { match: unknown; divisor?: unknown };
  const keys = matchKeys(o.match, `${argument}.match`);
  if (keys.length !== 1) throw new InvalidArgumentError(`${argument}.match`, `a sample is one 32-bit key; this match makes ${keys.length}`);
  const k = keys[0]!;
  if (k.offmask !== undefined) throw new InvalidArgumentError(`${argument}.match`, 'a sample is at a fixed offset, not after the next header (as tc refuses `sample tcp dport`)');
  const divisor = o.divisor === undefined ? 0x100 : checkInteger(o.divisor, `${argument}.divisor`, 1, 0x100);
  if ((divisor & (divisor - 1)) !== 0) throw new InvalidArgumentError(`${argument}.divisor`, `a hash table's size is a power of 2, not ${divisor}`);
  const shift = k.mask === 0 ? 0 : 31 - Math.clz32(k.mask & -k.mask);
  return ((k.value & k.mask) >>> shift) % divisor;
}

/** u32's TCA_OPTIONS input (attributes in the order tc writes them does not matter to the kernel). */
export function u32Options(o: unknown, argument: string): Record<string, unknown> {
  const opts = checkKeys(o ?? {}, KEYS, argument, 'a u32 filter') as U32Options;
  const out: Record<string, unknown> = {};
  if (opts.classid !== undefined) out.classid = parseHandle(opts.classid, `${argument}.classid`);
  if (opts.divisor !== undefined) out.divisor = checkInteger(opts.divisor, `${argument}.divisor`, 1, 0x100);
  if (opts.hashTable !== undefined) out.hash = u32Handle(opts.hashTable, `${argument}.hashTable`);
  if (opts.link !== undefined) out.link = u32Handle(opts.link, `${argument}.link`);
  // The sample's bucket replaces the one `hashTable` names; its table stays.
  if (opts.sample !== undefined) out.hash = ((((out.hash as number | undefined) ?? 0) & 0xfff0_0000) | (sampleBucket(opts.sample, `${argument}.sample`) << 12)) >>> 0;
  const head = { flags: 0, offshift: 0, offmask: 0, off: 0, offoff: 0, hoff: 0, hmask: 0 };
  if (opts.offset !== undefined) {
    const o2 = checkKeys(opts.offset, new Set(['at', 'mask', 'shift', 'plus', 'eat']), `${argument}.offset`, 'a u32 offset') as U32Offset;
    const a = `${argument}.offset`;
    if (o2.plus !== undefined) {
      head.off = checkInteger(o2.plus, `${a}.plus`, 0, 0xffff);
      head.flags |= tcU32FlagsValues.offset;
    }
    if (o2.at !== undefined || o2.mask !== undefined || o2.shift !== undefined) {
      head.offoff = checkInteger(o2.at ?? 0, `${a}.at`, -0x8000, 0x7fff);
      head.offmask = checkInteger(o2.mask ?? 0, `${a}.mask`, 0, 0xffff);
      head.offshift = checkInteger(o2.shift ?? 0, `${a}.shift`, 0, 255);
      head.flags |= tcU32FlagsValues.varoffset;
    }
    if (o2.eat !== undefined && typeof o2.eat !== 'boolean') throw new InvalidArgumentError(`${a}.eat`, 'expected true or false');
    if (o2.eat) head.flags |= tcU32FlagsValues.eat;
  }
  if (opts.hashkey !== undefined) {
    const h = checkKeys(opts.hashkey, new Set(['mask', 'at']), `${argument}.hashkey`, 'a u32 hash key') as Partial<U32Hashkey> as U32Hashkey;
    head.hmask = checkInteger(h.mask, `${argument}.hashkey.mask`, 0, 0xffff_ffff);
    head.hoff = checkInteger(h.at, `${argument}.hashkey.at`, -0x8000, 0x7fff);
    if (head.hoff % 4 !== 0) throw new InvalidArgumentError(`${argument}.hashkey.at`, 'the hash key is a 32-bit word: at a multiple of 4');
  }
  // tc marks a selector terminal when it classifies (classid, or actions: see the filter's request).
  if (opts.classid !== undefined) head.flags |= TC_U32_TERMINAL;
  if (opts.match !== undefined) {
    if (!Array.isArray(opts.match) || opts.match.length === 0 || opts.match.length > 128) throw new InvalidArgumentError(`${argument}.match`, 'expected an array of 1 to 128 matches');
    const keys: U32Key[] = [];
    opts.match.forEach((m, i) => {
      for (const k of matchKeys(m, `${argument}.match[${i}]`)) packKey(keys, k, `${argument}.match[${i}]`);
    });
    out.sel = { ...head, keys };
  } else if (opts.classid !== undefined || opts.link !== undefined || opts.offset !== undefined || opts.hashkey !== undefined) {
    // A selector with no keys (matches everything) for a filter that only classifies or links: tc sends none
    // then, which the kernel refuses ("cls_u32: Selector not specified", u32_change in net/sched/cls_u32.c).
    out.sel = { ...head, keys: [] };
  }
  return out;
}

/**
 * A u32 handle `'htid:hash:node'` (hexadecimal; tc's `800::800`, `1:`, `1:2`), or a u32: 12 bits of
 * table, 8 of bucket, 12 of node.
 */
export function u32Handle(value: unknown, argument: string): number {
  if (typeof value === 'number') return checkInteger(value, argument, 0, 0xffff_ffff);
  const m = typeof value === 'string' ? /^([0-9a-f]{0,3}):([0-9a-f]{0,2})(?::([0-9a-f]{0,3}))?$/i.exec(value) : null;
  if (!m) throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a u32 handle ('800:', '1:2', '800::800')`);
  const [htid, hash, node] = [m[1], m[2], m[3]].map((p) => (p ? parseInt(p, 16) : 0)) as [number, number, number];
  return ((htid << 20) | (hash << 12) | node) >>> 0;
}

/** The last table-and-bucket prefix made (`800:` + `:`): a list's filters share a few, so each is made once. */
let lastTable = -1;
let lastTableText = '';

/** A u32 handle as tc prints it (`800:`, `800::800`, `1:2:3`). */
export function formatU32Handle(h: number): string {
  const table = h >>> 12;
  if (table !== lastTable) {
    const htid = h >>> 20;
    const hash = table & 0xff;
    lastTableText = `${htid ? htid.toString(16) : ''}:${hash ? hash.toString(16) : ''}`;
    lastTable = table;
  }
  const node = h & 0xfff;
  return node ? `${lastTableText}:${node.toString(16)}` : lastTableText;
}
