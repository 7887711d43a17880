import { compileStruct, onFirstUse } from '@linx/netlink-codec';
import { ByteWriter } from '@linx/netlink-wire';
import { peditHeaderTypeValues, tcPeditKey, tcPeditSel } from '../../generated/tc.js';
import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { genParms } from './gen.js';
import { verdictName, type TcVerdict } from './verdict.js';

/** Compiled on first use, not at import. */
const selCodec = onFirstUse(() => compileStruct(tcPeditSel));
const keyCodec = onFirstUse(() => compileStruct(tcPeditKey));

/**
 * One edit: a value of `size` set (or added) at byte `offset` of the network header (tc's `munge offset N
 * u8 set V`), or of the `header` named (tc's `pedit ex munge ip ttl add 1`: offsets from that header's
 * start; `add` needs a header).
 */
export interface PeditKey {
  offset: number;
  size: 'u8' | 'u16' | 'u32';
  set?: number;
  add?: number;
  header?: 'network' | 'eth' | 'ip4' | 'ip6' | 'tcp' | 'udp';
}

/** pedit: rewrites bytes of the packet, legacy keys as `tc … action pedit munge offset 8 u8 set 10` sends them. */
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
const WIDTH = { u8: 1, u16: 2, u32: 4 } as const;
/** TCA_PEDIT_KEY_EX's limit on keys per action (MAX_OFFS in iproute2 and the kernel's nkeys u8). */
const MAX_KEYS = 128;

/** The word-aligned key `tc` makes of a sub-word edit: mask and value as the word's bytes in network order. */
function key(k: unknown, argument: string): Record<string, number> {
  const o = checkKeys(k, KEY_KEYS, argument, 'a pedit key') as Partial<PeditKey> as PeditKey;
  if (typeof o.size !== 'string' || !Object.hasOwn(WIDTH, o.size)) throw new InvalidArgumentError(`${argument}.size`, "expected 'u8', 'u16' or 'u32'");
  const width = WIDTH[o.size];
  const offset = checkInteger(o.offset, `${argument}.offset`, 0, 0x7fff_ffff);
  if (offset % width !== 0) throw new InvalidArgumentError(`${argument}.offset`, `a ${o.size} is written at a multiple of ${width}`);
  if ((o.set === undefined) === (o.add === undefined)) throw new InvalidArgumentError(argument, 'a pedit key either sets or adds a value');
  if (o.header !== undefined && (typeof o.header !== 'string' || !Object.hasOwn(peditHeaderTypeValues, o.header))) throw new InvalidArgumentError(`${argument}.header`, `expected one of ${Object.keys(peditHeaderTypeValues).join(', ')}`);
  if (o.add !== undefined && o.header === undefined) throw new InvalidArgumentError(`${argument}.add`, 'adding takes a header (tc\'s pedit ex)');
  const value = o.set !== undefined ? checkInteger(o.set, `${argument}.set`, 0, 2 ** (8 * width) - 1) : checkInteger(o.add, `${argument}.add`, 0, 2 ** (8 * width) - 1);
  const word = new Uint8Array(8);
  const dv = new DataView(word.buffer);
  dv.setUint32(4, 0xffff_ffff);
  const at = offset & 3;
  for (let i = 0; i < width; i++) {
    word[at + i] = (value >>> (8 * (width - 1 - i))) & 0xff;
    word[4 + at + i] = 0;
  }
  return { mask: dv.getUint32(4, true), val: dv.getUint32(0, true), off: offset - at, at: 0, offmask: 0, shift: 0 };
}

/**
 * TCA_PEDIT_PARMS's bytes (struct tc_pedit_sel, then its keys); with any key naming a header or adding,
 * TCA_PEDIT_PARMS_EX and TCA_PEDIT_KEYS_EX (each key's header type and command) instead, as `tc … pedit ex`.
 */
export function peditOptions(a: unknown, argument: string): Record<string, unknown> {
  const o = checkKeys(a, KEYS, argument, 'a pedit action') as Partial<PeditAction> as PeditAction;
  if (!Array.isArray(o.keys) || o.keys.length === 0 || o.keys.length > MAX_KEYS) throw new InvalidArgumentError(`${argument}.keys`, `expected 1 to ${MAX_KEYS} keys`);
  const keys = o.keys.map((k, i) => key(k, `${argument}.keys[${i}]`));
  const w = new ByteWriter(selCodec().size + (keys.length - 1) * keyCodec().size);
  selCodec().encode({ ...genParms(o.index, o.then, 'ok', argument), nkeys: keys.length, flags: 0, keys: keys[0]! }, w);
  for (const k of keys.slice(1)) keyCodec().encode(k, w);
  const ex = o.keys.some((k) => k.header !== undefined || k.add !== undefined);
  if (!ex) return { parms: w.finish() };
  return { parmsEx: w.finish(), keysEx: { keyEx: o.keys.map((k) => ({ htype: k.header ?? 'network', cmd: k.add !== undefined ? 'add' : 'set' })) } };
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
