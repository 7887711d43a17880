import type { Family } from '../../nfgenmsg.js';
import { concatParts, datatypes, type DatatypeName } from '../datatypes.js';
import type { Verdict } from '../data.js';
import type { SetElement } from '../element.js';
import type { NftSet } from '../set.js';
import { formatValue, type Rendered } from './format.js';

/** A verdict: `accept`, `jump other` (nft -j: `{ "accept": null }`, `{ "jump": { "target": "other" } }`). */
export function verdictRendered(v: Verdict): Rendered {
  const code = String(v.code);
  if (v.chain !== undefined) return { json: { [code]: { target: v.chain } }, text: `${code} ${v.chain}` };
  return { json: { [code]: null }, text: code };
}

type WithElements = NftSet & { elements: readonly SetElement[] };

const knownType = (name: string): name is DatatypeName => Object.hasOwn(datatypes, name);

/** A key (or data) of a set, by its type's parts: one value, or a concatenation `a . b`. */
function keyRendered(bytes: Uint8Array, type: NftSet['keyType']): Rendered {
  const parts = typeof type === 'string' ? concatParts(type) : [];
  if (parts.length === 0 || !parts.every(knownType)) return formatValue(bytes, 'integer');
  if (parts.length === 1) return formatValue(bytes, parts[0] as DatatypeName);
  const items: Rendered[] = [];
  let at = 0;
  for (const part of parts as DatatypeName[]) {
    const size = (datatypes[part] as { size?: number }).size ?? 4;
    items.push(formatValue(bytes.subarray(at, at + size), part));
    at += (size + 3) & ~3;
  }
  return { json: { concat: items.map((i) => i.json) }, text: items.map((i) => i.text).join(' . ') };
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function minusOne(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== 0) {
      out[i]! -= 1;
      break;
    }
    out[i] = 0xff;
  }
  return out;
}

/** The prefix length of [first, last] when it is exactly one prefix, else undefined. */
function asPrefix(first: Uint8Array, last: Uint8Array): number | undefined {
  let bits = first.length * 8;
  for (let bit = first.length * 8 - 1; bit >= 0; bit--) {
    const m = 0x80 >> (bit & 7);
    const f = first[bit >> 3]! & m;
    const l = last[bit >> 3]! & m;
    if (f === 0 && l !== 0) bits = bit;
    else break;
  }
  for (let bit = 0; bit < bits; bit++) if ((first[bit >> 3]! & (0x80 >> (bit & 7))) !== (last[bit >> 3]! & (0x80 >> (bit & 7)))) return undefined;
  return bits;
}

/** An interval [first, last]: a value, a prefix (addresses) or a range, as nft prints it. */
function intervalRendered(first: Uint8Array, last: Uint8Array, type: NftSet['keyType']): Rendered {
  const a = keyRendered(first, type);
  if (compare(first, last) === 0) return a;
  const b = keyRendered(last, type);
  if (type === 'ipv4_addr' || type === 'ipv6_addr') {
    const bits = asPrefix(first, last);
    if (bits !== undefined) return { json: { prefix: { addr: a.json, len: bits } }, text: `${a.text}/${bits}` };
  }
  return { json: { range: [a.json, b.json] }, text: `${a.text}-${b.text}` };
}

/** A map element's data: a verdict, an object's name, or a value of the data type. */
function dataRendered(e: SetElement, set: NftSet): Rendered | undefined {
  if (e.verdict) return verdictRendered(e.verdict);
  if (e.objref !== undefined) return { json: e.objref, text: `"${e.objref}"` };
  if (e.data) return keyRendered(e.data, set.dataType ?? 'integer');
  return undefined;
}

/**
 * The elements of a set as nft prints them, each a key (a value, a prefix, a range, a concatenation) with
 * a map's data after ` : `. Interval sets hold each interval as its start and the element after its end
 * (flagged `interval-end`): they are paired again, in ascending order as nft lists them.
 */
export function elementItems(set: WithElements): Rendered[] {
  const withData = (key: Rendered, e: SetElement): Rendered => {
    const data = dataRendered(e, set);
    return data ? { json: [key.json, data.json], text: `${key.text} : ${data.text}` } : key;
  };
  const items: Rendered[] = [];
  const catchall = set.elements.filter((e) => e.flags.includes('catchall'));
  const elements = set.elements.filter((e) => e.key && !e.flags.includes('catchall'));
  if (!set.flags.includes('interval')) {
    // nft lists a set's elements in ascending order of their bytes, whatever order the kernel keeps.
    for (const e of [...elements].sort((x, y) => compare(x.key!, y.key!))) items.push(withData(keyRendered(e.key!, set.keyType), e));
  } else if (elements.some((e) => e.keyEnd)) {
    const sorted = [...elements].sort((x, y) => compare(x.key!, y.key!));
    for (const e of sorted) items.push(withData(intervalRendered(e.key!, e.keyEnd ?? e.key!, set.keyType), e));
  } else {
    const sorted = [...elements].sort((x, y) => compare(x.key!, y.key!) || (x.flags.includes('interval-end') ? -1 : 1));
    for (let i = 0; i < sorted.length; i++) {
      const start = sorted[i]!;
      if (start.flags.includes('interval-end')) continue;
      const end = sorted[i + 1];
      const last = end?.flags.includes('interval-end') ? minusOne(end.key!) : new Uint8Array(start.key!.length).fill(0xff);
      if (end?.flags.includes('interval-end')) i++;
      items.push(withData(intervalRendered(start.key!, last, set.keyType), start));
    }
  }
  for (const e of catchall) items.push(withData({ json: '*', text: '*' }, e));
  return items;
}

/** An anonymous set in a rule: `{ 22, 80 }` (nft -j: `{ "set": [22, 80] }`). */
export function elementsText(set: WithElements, _family: Family): Rendered {
  const items = elementItems(set);
  return { json: { set: items.map((i) => i.json) }, text: `{ ${items.map((i) => i.text).join(', ')} }` };
}
