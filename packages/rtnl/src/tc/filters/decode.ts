import { DecodeError, type AttrSetDecl } from '@linx/netlink-codec';
import { compileAttrSet, compileStruct, onFirstUse } from '@linx/netlink-codec/runtime';
import { HOST_LITTLE_ENDIAN as LE } from '@linx/netlink-wire';
import { attrsAttrs, tcmsg, u32Attrs } from '../../generated/tc.js';
import { filterOptionsFormats } from './declarations.js';
import { filterOf, type TcFilter } from './shape.js';
import { decodeSelector } from './u32.js';

// The list path: RTM_NEWTFILTER decoded straight from the receive batch (as routes are), with u32's common
// options read in place. Everything else goes through the same generated codecs as the generic decode, and
// every filter is built by the same `filterOf`, so both paths give the same objects (tested).

const KIND = attrsAttrs.attributes.kind.id;
const OPTIONS = attrsAttrs.attributes.options.id;
const CHAIN = attrsAttrs.attributes.chain.id;
const U32 = u32Attrs.attributes;
/** The u32 options read in place; any other attribute sends the whole set to the generated codec. */
const U32_IN_PLACE = new Set([U32.classid.id, U32.hash.id, U32.link.id, U32.divisor.id, U32.sel.id, U32.flags.id]);

/** Compiled on first use, not at import. */
const header = onFirstUse(() => compileStruct(tcmsg));
/** Where tcmsg's fields are (the generated struct's layout, host byte order). */
const offsets = onFirstUse(() => {
  const at = (name: string) => header().fields.find((f) => f.name === name)!.offset;
  return { ifindex: at('ifindex'), handle: at('handle'), parent: at('parent'), info: at('info') };
});
const optionCodecs = new Map<string, ReturnType<typeof compileAttrSet>>();

/** A kind's TCA_OPTIONS by its generated declaration (the same formats the generic decode uses), or the bytes. */
function genericOptions(kind: string, bytes: Uint8Array, view: DataView, from: number, to: number): unknown {
  let codec = optionCodecs.get(kind);
  if (codec === undefined) {
    const format = (filterOptionsFormats as Record<string, { attrs?: AttrSetDecl } | undefined>)[kind];
    if (format?.attrs === undefined) return bytes.slice(from, to);
    codec = compileAttrSet(format.attrs);
    optionCodecs.set(kind, codec);
  }
  return codec.decode(bytes, view, from, to, { exact: true });
}

/** u32's options read in place, or undefined when an attribute needs the generated codec (actions, counters, …). */
function u32Options(bytes: Uint8Array, view: DataView, from: number, to: number): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (let at = from; at < to; ) {
    const length = view.getUint16(at, LE);
    if (length < 4 || length > to - at) throw new DecodeError(`bad attribute length ${length} (${to - at} bytes left)`, at, ['options']);
    const id = view.getUint16(at + 2, LE) & 0x3fff;
    const start = at + 4;
    const end = at + length;
    at += (length + 3) & ~3;
    if (!U32_IN_PLACE.has(id)) return undefined;
    if (id === U32.sel.id) out.sel = decodeSelector(bytes, view, start, end);
    else if (end - start >= 4) {
      const v = view.getUint32(start, LE);
      if (id === U32.classid.id) out.classid = v;
      else if (id === U32.hash.id) out.hash = v;
      else if (id === U32.link.id) out.link = v;
      else if (id === U32.divisor.id) out.divisor = v;
      else out.flags = v;
    }
  }
  return out;
}

/** Kinds by their bytes packed in a number (up to 6 bytes): a list's filters share a few kinds. */
const KINDS = new Map<number, string>();

/** A short ASCII string (a kind) at `bytes[from, to)`, up to its NUL. */
function text(bytes: Uint8Array, from: number, to: number): string {
  let end = from;
  while (end < to && bytes[end] !== 0) end++;
  let key = -1;
  if (end - from <= 6) {
    key = 0;
    for (let i = end - 1; i >= from; i--) key = key * 256 + bytes[i]!;
    const known = KINDS.get(key);
    if (known !== undefined) return known;
  }
  let s = '';
  for (let i = from; i < end; i++) s += String.fromCharCode(bytes[i]!);
  if (key >= 0) KINDS.set(key, s);
  return s;
}

/** One RTM_NEWTFILTER payload as a `TcFilter` (interface names from `names`). */
export function decodeFilter(bytes: Uint8Array, view: DataView, start: number, end: number, names?: Map<number, string>): TcFilter {
  const h = header();
  if (end - start < h.size) throw new DecodeError(`tcmsg needs ${h.size} bytes, payload has ${end - start}`, start, ['header']);
  const o = offsets();
  const hdr = { ifindex: view.getInt32(start + o.ifindex, LE), handle: view.getUint32(start + o.handle, LE), parent: view.getUint32(start + o.parent, LE), info: view.getUint32(start + o.info, LE) };
  let kind = '';
  let chain: number | undefined;
  let optionsFrom = -1;
  let optionsTo = -1;
  for (let at = start + h.size; at < end; ) {
    const length = view.getUint16(at, LE);
    if (length < 4 || length > end - at) throw new DecodeError(`bad attribute length ${length} (${end - at} bytes left)`, at);
    const id = view.getUint16(at + 2, LE) & 0x3fff;
    if (id === KIND) kind = text(bytes, at + 4, at + length);
    else if (id === CHAIN && length >= 8) chain = view.getUint32(at + 4, LE);
    else if (id === OPTIONS) {
      optionsFrom = at + 4;
      optionsTo = at + length;
    }
    at += (length + 3) & ~3;
  }
  let raw: unknown;
  if (optionsFrom >= 0) {
    raw = kind === 'u32' ? u32Options(bytes, view, optionsFrom, optionsTo) : undefined;
    raw ??= genericOptions(kind, bytes, view, optionsFrom, optionsTo);
  }
  return filterOf(hdr, kind, chain, raw, names);
}
