import { compileStruct, onFirstUse } from '@linx/netlink-codec/runtime';
import { ByteWriter } from '@linx/netlink-wire';
import { peditHeaderTypeValues, tcPeditKey, tcPeditSel } from '../../generated/tc.js';
import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { genParms } from './gen.js';
import { fieldKeys, type PeditFieldKey, type WordKey } from './pedit-fields.js';
import { verdictName, type TcVerdict } from './verdict.js';

/** Compiled on first use, not at import. */
const selCodec = onFirstUse(() => compileStruct(tcPeditSel));
const keyCodec = onFirstUse(() => compileStruct(tcPeditKey));

/**
 * One edit: a value of `size` set (or added) at byte `offset` of the network header (tc's `munge offset N
 * u8 set V`), or of the `header` named (tc's `pedit ex munge ip ttl add 1`: offsets from that header's
 * start; `add` needs a header).
 */
export interface PeditOffsetKey {
  offset: number;
  size: 'u8' | 'u16' | 'u32';
  set?: number;
  add?: number;
  header?: 'network' | 'eth' | 'ip4' | 'ip6' | 'tcp' | 'udp';
}

/** An edit by offset and size, or of a header field by tc's name for it (`{ header: 'ip4', field: 'ttl', set: 10 }`). */
export type PeditKey = PeditOffsetKey | PeditFieldKey;

/**
 * pedit: rewrites bytes of the packet, as `tc … action pedit munge offset 8 u8 set 10` sends it, or with
 * headers and named fields as `tc … action pedit ex munge ip ttl set 10` does.
 */
export interface PeditAction {
  kind: 'pedit';
  keys: PeditKey[];
  /** What happens next: `tc`'s default is `ok`. */
  then?: TcVerdict;
  index?: number;
}

/** A listed key as the kernel keeps it: a 32-bit word at `offset`, the bits `mask` keeps and the value or-ed in, read in network order as `tc` prints them. */
export interface PeditKeyInfo {
  /** With `pedit ex`: the header the offset counts from, and whether the value is set or added. */
  header?: string | number;
  cmd?: string | number;
  offset: number;
  mask: number;
  value: number;
  at: number;
  offmask: number;
  shift: number;
}

export interface PeditInfo {
  keys: PeditKeyInfo[];
}

const KEYS = new Set(['kind', 'keys', 'then', 'index']);
const KEY_KEYS = new Set(['offset', 'size', 'set', 'add', 'header']);
const FIELD_KEY_KEYS = new Set(['field', 'set', 'add', 'header']);
const WIDTH = { u8: 1, u16: 2, u32: 4 } as const;
/** TCA_PEDIT_KEY_EX's limit on keys per action (MAX_OFFS in iproute2 and the kernel's nkeys u8). */
const MAX_KEYS = 128;

/** The word keys of one edit (an address field spans several), with the header and command `pedit ex` sends for each. */
function keys(k: unknown, argument: string): { word: WordKey; header: string | undefined; add: boolean }[] {
  const named = k !== null && typeof k === 'object' && 'field' in k;
  const o = checkKeys(k, named ? FIELD_KEY_KEYS : KEY_KEYS, argument, 'a pedit key') as Partial<PeditOffsetKey & PeditFieldKey>;
  if ((o.set === undefined) === (o.add === undefined)) throw new InvalidArgumentError(argument, 'a pedit key either sets or adds a value');
  if (o.header !== undefined && (typeof o.header !== 'string' || !Object.hasOwn(peditHeaderTypeValues, o.header))) throw new InvalidArgumentError(`${argument}.header`, `expected one of ${Object.keys(peditHeaderTypeValues).join(', ')}`);
  const add = o.add !== undefined;
  if (named) {
    if (o.header === undefined) throw new InvalidArgumentError(`${argument}.header`, 'a named field needs its header (tc\'s pedit ex munge ip ttl …)');
    return fieldKeys(o as PeditFieldKey, argument).map((word) => ({ word, header: o.header, add }));
  }
  if (add && o.header === undefined) throw new InvalidArgumentError(`${argument}.add`, 'adding takes a header (tc\'s pedit ex)');
  return [{ word: offsetKey(o as PeditOffsetKey, argument), header: o.header, add }];
}

/** The word-aligned key `tc` makes of a sub-word edit by offset: the bits kept and the value, in network order. */
function offsetKey(o: PeditOffsetKey, argument: string): WordKey {
  if (typeof o.size !== 'string' || !Object.hasOwn(WIDTH, o.size)) throw new InvalidArgumentError(`${argument}.size`, "expected 'u8', 'u16' or 'u32'");
  const width = WIDTH[o.size];
  const offset = checkInteger(o.offset, `${argument}.offset`, 0, 0x7fff_ffff);
  if (offset % width !== 0) throw new InvalidArgumentError(`${argument}.offset`, `a ${o.size} is written at a multiple of ${width}`);
  const value = o.set !== undefined ? checkInteger(o.set, `${argument}.set`, 0, 2 ** (8 * width) - 1) : checkInteger(o.add, `${argument}.add`, 0, 2 ** (8 * width) - 1);
  const shift = 8 * (4 - width - (offset & 3));
  const bits = width === 4 ? 0xffff_ffff : ((2 ** (8 * width) - 1) * 2 ** shift) >>> 0;
  return { off: offset - (offset & 3), keep: ~bits >>> 0, value: (value * 2 ** shift) >>> 0 };
}

/** A word key as struct tc_pedit_key holds it: mask and value are the network-order words' bytes. */
const encodeKey = (w: WordKey): Record<string, number> => ({ mask: swap(w.keep), val: swap(w.value), off: w.off, at: 0, offmask: 0, shift: 0 });

/**
 * TCA_PEDIT_PARMS's bytes (struct tc_pedit_sel, then its keys); with any key naming a header or adding,
 * TCA_PEDIT_PARMS_EX and TCA_PEDIT_KEYS_EX (each key's header type and command) instead, as `tc … pedit ex`.
 */
export function peditOptions(a: unknown, argument: string): Record<string, unknown> {
  const o = checkKeys(a, KEYS, argument, 'a pedit action') as Partial<PeditAction> as PeditAction;
  if (!Array.isArray(o.keys) || o.keys.length === 0 || o.keys.length > MAX_KEYS) throw new InvalidArgumentError(`${argument}.keys`, `expected 1 to ${MAX_KEYS} keys`);
  const all = o.keys.flatMap((k, i) => keys(k, `${argument}.keys[${i}]`));
  if (all.length > MAX_KEYS) throw new InvalidArgumentError(`${argument}.keys`, `the keys make ${all.length} words to edit; at most ${MAX_KEYS}`);
  const encoded = all.map((k) => encodeKey(k.word));
  const w = new ByteWriter(selCodec().size + (encoded.length - 1) * keyCodec().size);
  selCodec().encode({ ...genParms(o.index, o.then, 'ok', argument), nkeys: encoded.length, flags: 0, keys: encoded[0]! }, w);
  for (const k of encoded.slice(1)) keyCodec().encode(k, w);
  const ex = all.some((k) => k.header !== undefined || k.add);
  if (!ex) return { parms: w.finish() };
  return { parmsEx: w.finish(), keysEx: { keyEx: all.map((k) => ({ htype: k.header ?? 'network', cmd: k.add ? 'add' : 'set' })) } };
}

const swap = (n: number): number => (((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | (n >>> 24)) >>> 0;

/** pedit's parameters read back: its tc_gen and every key. */
export function readPedit(parms: Uint8Array): { gen: { index: number; action: number; refcnt: number; bindcnt: number }; info: PeditInfo } | undefined {
  const sel = selCodec();
  if (parms.length < sel.size) return undefined;
  const dv = new DataView(parms.buffer, parms.byteOffset, parms.byteLength);
  const v = sel.decode(parms, dv, 0, sel.size, { exact: true }) as Record<string, any>;
  const first = sel.fields.find((f) => f.name === 'keys')!.offset;
  const keys: PeditKeyInfo[] = [];
  for (let i = 0, at = first; i < v.nkeys && at + keyCodec().size <= parms.length; i++, at += keyCodec().size) {
    const k = keyCodec().decode(parms, dv, at, at + keyCodec().size, { exact: true }) as Record<string, number>;
    keys.push({ offset: k.off!, mask: swap(k.mask!), value: swap(k.val!), at: k.at!, offmask: k.offmask!, shift: k.shift! });
  }
  return { gen: { index: v.index, action: v.action, refcnt: v.refcnt, bindcnt: v.bindcnt }, info: { keys } };
}

export { verdictName };
