import { LinxError } from '@linx/netlink-wire';
import type { Family } from '../../nfgenmsg.js';
import { concatParts, datatypes, hostOrderTypes, type DatatypeName } from '../datatypes.js';
import { parseUserdata } from '../userdata.js';
import type { Verdict } from '../data.js';
import type { SetElement } from '../element.js';
import type { NftSet } from '../set.js';
import { formatValue, rangeEndRendered, readNumber, type Rendered } from './format.js';
import type { PrintOptions } from './statements.js';
import { typeofOf, type TypeofPart } from './typeof.js';
import { timeText } from './time.js';
export { timeText };

/** A verdict: `accept`, `jump other` (nft -j: `{ "accept": null }`, `{ "jump": { "target": "other" } }`). */
export function verdictRendered(v: Verdict): Rendered {
  const code = String(v.code);
  if (v.chain !== undefined) return { json: { [code]: { target: v.chain } }, text: `${code} ${v.chain}` };
  return { json: { [code]: null }, text: code };
}

type WithElements = NftSet & { elements: readonly SetElement[] };

const knownType = (name: string): name is DatatypeName => Object.hasOwn(datatypes, name);

/**
 * The byte order nft recorded for a set's keys (NFTNL_UDATA_SET_KEYBYTEORDER, user data 0) or data
 * (DATABYTEORDER, 1): 1 host, 2 big endian; undefined when not recorded.
 */
function byteorderOf(set: NftSet, item: 0 | 1): number | undefined {
  const value = parseUserdata(set.userdata ?? new Uint8Array())?.find((i) => i.type === item)?.value;
  return value?.length === 4 ? new DataView(value.buffer, value.byteOffset).getUint32(0, true) : undefined;
}

/** How a set's values are printed: interface names by index, and the set's typeof expressions, if any. */
interface ValueContext {
  interfaces?: ReadonlyMap<number, string> | undefined;
  parts?: readonly TypeofPart[] | undefined;
  /** Every value is stored in network order (a field of a concatenation's interval). */
  network?: boolean;
}

/** An interface by index: its name where it is known (`"eth0"`), as nft prints it; else the number. */
export function interfaceRendered(index: number, interfaces: ReadonlyMap<number, string> | undefined): Rendered {
  const name = interfaces?.get(index);
  return name !== undefined ? { json: name, text: `"${name}"` } : { json: index, text: String(index) };
}

/**
 * One value of `type`. `bigEndian` says how it is stored: an `integer` follows the expression it came from
 * (a set's user data says), and any value in an interval of a concatenation is stored in network order
 * (nft turns host-order fields around so the kernel can compare ranges byte by byte). An interface index
 * prints as its name where it is known, as nft prints it.
 */
function valueRendered(bytes: Uint8Array, type: DatatypeName, bigEndian: boolean, context: ValueContext): Rendered {
  // Named host-order types read themselves in host order: a copy in network order is turned around first.
  const turned = context.network === true && hostOrderTypes.has(type);
  const value = turned ? bytes.slice().reverse() : bytes;
  if (type === 'iface_index' && value.length === 4) return interfaceRendered(Number(readNumber(value, turned ? false : bigEndian)), context.interfaces);
  return formatValue(value, type, turned ? false : bigEndian);
}

/** The parts of a (possibly concatenated) key or data type: each one's type and length in bytes. */
function partsOf(type: NftSet['keyType'], context: ValueContext, lengths?: readonly number[]): { type: DatatypeName; size: number; hostOrder?: boolean }[] | undefined {
  const parts = typeof type === 'string' ? concatParts(type) : [];
  if (parts.length === 0 || !parts.every(knownType)) return undefined;
  return (parts as DatatypeName[]).map((part, i) => {
    const typed = context.parts?.length === parts.length ? context.parts[i] : undefined;
    const size = lengths?.[i] ?? typed?.size ?? (datatypes[part] as { size?: number }).size ?? 4;
    return { type: part, size, ...(typed ? { hostOrder: typed.hostOrder } : {}) };
  });
}

/**
 * A key (or data) of a set, by its type's parts: one value, or a concatenation `a . b`. A plain integer is
 * big-endian unless `hostOrder` (a set of `ct zone` or `numgen` values, as its user data says); an integer
 * in a concatenation follows its typeof expression.
 */
function keyRendered(bytes: Uint8Array, type: NftSet['keyType'], hostOrder = false, context: ValueContext = {}, lengths?: readonly number[]): Rendered {
  const parts = partsOf(type, context, lengths);
  if (!parts) return formatValue(bytes, 'integer', !hostOrder);
  if (parts.length === 1) return valueRendered(bytes, parts[0]!.type, !hostOrder, context);
  const items: Rendered[] = [];
  let at = 0;
  for (const part of parts) {
    items.push(valueRendered(bytes.subarray(at, at + part.size), part.type, part.hostOrder === undefined ? !hostOrderTypes.has(part.type) : !part.hostOrder, context));
    at += (part.size + 3) & ~3;
  }
  return { json: { concat: items.map((i) => i.json) }, text: items.map((i) => i.text).join(' . ') };
}

/** The bytes as a big-endian number shifted right by `shift` bits. */
function shifted(bytes: Uint8Array, shift: number, intervalEnd = false): Uint8Array {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  // An interval's end is the element after its last value (`ip dscp { 1-5 }`: 5 << 2, plus 1): shifted
  // back from that last value, then one more.
  n = intervalEnd && n > 0n ? ((n - 1n) >> BigInt(shift)) + 1n : n >> BigInt(shift);
  const out = new Uint8Array(bytes.length);
  for (let i = out.length - 1; i >= 0; i--, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
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
export function asPrefix(first: Uint8Array, last: Uint8Array): number | undefined {
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

/**
 * An interval [first, last]: a value, a prefix (addresses) or a range, as nft prints it; per field for a
 * concatenation, whose fields are all stored in network order.
 */
function intervalRendered(first: Uint8Array, last: Uint8Array, type: NftSet['keyType'], context: ValueContext, lengths?: readonly number[]): Rendered {
  const parts = partsOf(type, context, lengths);
  if (parts && parts.length > 1) {
    const items: Rendered[] = [];
    let at = 0;
    for (const part of parts) {
      items.push(intervalRendered(first.subarray(at, at + part.size), last.subarray(at, at + part.size), part.type, { interfaces: context.interfaces, network: true }));
      at += (part.size + 3) & ~3;
    }
    return { json: { concat: items.map((i) => i.json) }, text: items.map((i) => i.text).join(' . ') };
  }
  const a = keyRendered(first, type, false, context);
  if (compare(first, last) === 0) return a;
  // An interface name's wildcard (`"eth*"`): the name's bytes, then zeros to all ones.
  const named = first.indexOf(0);
  if (type === 'ifname' && named > 0 && first.subarray(named).every((b) => b === 0) && compare(first.subarray(0, named), last.subarray(0, named)) === 0 && last.subarray(named).every((b) => b === 0xff)) {
    return formatValue(first.subarray(0, named), 'ifname');
  }
  // nft prints a time range's ends in whole seconds (`ct expiration { 30s-60s, 2m }`).
  if (type === 'time') {
    const [s, t] = [first, last].map((x) => Math.floor(Number(readNumber(x, context.network === true)) / 1000));
    return { json: { range: [s, t] }, text: `${s}s-${t}s` };
  }
  const b = keyRendered(last, type, false, context);
  // Addresses and marks (nft's DTYPE_F_PREFIX types) print an interval that is a prefix as one.
  if (type === 'ipv4_addr' || type === 'ipv6_addr' || (type === 'mark' && context.network === true)) {
    const bits = asPrefix(first, last);
    if (bits !== undefined) return { json: { prefix: { addr: a.json, len: bits } }, text: `${a.text}/${bits}` };
  }
  const [x, y] = [rangeEndRendered(a, type), rangeEndRendered(b, type)];
  return { json: { range: [x.json, y.json] }, text: `${x.text}-${y.text}` };
}

/** A map element's data: a verdict, an object's name, or a value of the data type. */
function dataRendered(e: SetElement, set: NftSet, options: PrintOptions): Rendered | undefined {
  if (e.verdict) return verdictRendered(e.verdict);
  if (e.objref !== undefined) return { json: e.objref, text: `"${e.objref}"` };
  if (e.data) return keyRendered(e.data, set.dataType ?? 'integer', byteorderOf(set, 1) === 1, { interfaces: options.interfaces, parts: typeofOf(set.userdata, 'data') });
  return undefined;
}

/**
 * The elements of a set as nft prints them, each a key (a value, a prefix, a range, a concatenation) with
 * a map's data after ` : `. Interval sets hold each interval as its start and the element after its end
 * (flagged `interval-end`): they are paired again, in ascending order as nft lists them.
 */
export function elementItems(set: WithElements, options: PrintOptions = {}): Rendered[] {
  const context: ValueContext = { interfaces: options.interfaces, parts: typeofOf(set.userdata, 'key') };
  const withData = (key: Rendered, e: SetElement): Rendered => {
    const data = dataRendered(e, set, options);
    // What nft prints after the key: the element's statements, its own timeout, the time left, a comment.
    // nft -j writes them beside the key: `{ "elem": { "val": key, "timeout": s, "expires": s, "comment": …, "counter": … } }`.
    let extra = '';
    const elem: Record<string, unknown> = {};
    const counters: Record<string, unknown> = {};
    for (const x of e.expressions ?? []) {
      if (x.name !== 'counter') throw new UnrenderableElementError(set.name, x.name);
      const c = (x.data ?? {}) as { packets?: bigint; bytes?: bigint };
      extra += ` counter packets ${c.packets ?? 0n} bytes ${c.bytes ?? 0n}`;
      counters.counter ??= { packets: Number(c.packets ?? 0n), bytes: Number(c.bytes ?? 0n) };
    }
    if (e.timeout !== undefined && e.timeout !== set.timeout) {
      extra += ` timeout ${timeText(Number(e.timeout))}`;
      elem.timeout = Math.floor(Number(e.timeout) / 1000);
    }
    if (e.expiration !== undefined) {
      extra += ` expires ${timeText(Number(e.expiration))}`;
      elem.expires = Math.floor(Number(e.expiration) / 1000);
    }
    if (e.comment !== undefined) {
      extra += ` comment "${e.comment}"`;
      elem.comment = e.comment;
    }
    Object.assign(elem, counters);
    const text = `${key.text}${extra}`;
    const keyJson = Object.keys(elem).length ? { elem: { val: key.json, ...elem } } : key.json;
    return data ? { json: [keyJson, data.json], text: `${text} : ${data.text}` } : { json: keyJson, text };
  };
  const items: Rendered[] = [];
  const catchall = set.elements.filter((e) => e.flags.includes('catchall'));
  const elements = set.elements.filter((e) => e.key && !e.flags.includes('catchall'));
  if (!set.flags.includes('interval')) {
    // nft lists a set's elements in ascending order of their values, whatever order the kernel keeps:
    // host-order values (marks, names, a `ct zone`) compared from their last byte.
    const order = byteorderOf(set, 0);
    // A concatenation's keys too: nft compares them as one number from the last byte (`ip saddr . tcp dport {
    // 1.1.1.2 . 5, 1.1.1.1 . 6 }`, as nft 1.0.6 lists it).
    const concatenated = typeof set.keyType === 'string' && concatParts(set.keyType).length > 1;
    const hostKeys = order === 1 || concatenated || (order === undefined && typeof set.keyType === 'string' && (hostOrderTypes.has(set.keyType as DatatypeName) || set.keyType === 'ifname' || set.keyType === 'string'));
    const sortable = (k: Uint8Array) => (hostKeys ? k.slice().reverse() : k);
    for (const e of [...elements].sort((x, y) => compare(sortable(x.key!), sortable(y.key!)))) items.push(withData(keyRendered(e.key!, set.keyType, order === 1, context), e));
  } else if (elements.some((e) => e.keyEnd)) {
    // Intervals of a concatenation, each with its end (NFTA_SET_ELEM_KEY_END): nft lists them in the order
    // the kernel gives them, without sorting (its netlink_list_setelems sorts other sets only).
    const listed = (set.concat?.length ?? 0) > 1 ? elements : [...elements].sort((x, y) => compare(x.key!, y.key!));
    for (const e of listed) items.push(withData(intervalRendered(e.key!, e.keyEnd ?? e.key!, set.keyType, context, set.concat), e));
  } else {
    // Intervals as their starts and the ends after them, all in network order (nft turns host-order
    // values such as marks around, so that the kernel compares ranges byte by byte).
    const sorted = [...elements].sort((x, y) => compare(x.key!, y.key!) || (x.flags.includes('interval-end') ? -1 : 1));
    for (let i = 0; i < sorted.length; i++) {
      const start = sorted[i]!;
      if (start.flags.includes('interval-end')) continue;
      const end = sorted[i + 1];
      // A map's interval that ends where the next starts has no end element (nft sends none): it ends
      // before the next start.
      const last = end ? minusOne(end.key!) : new Uint8Array(start.key!.length).fill(0xff);
      if (end?.flags.includes('interval-end')) i++;
      items.push(withData(intervalRendered(start.key!, last, set.keyType, { ...context, network: true }), start));
    }
  }
  for (const e of catchall) items.push(withData({ json: '*', text: '*' }, e));
  return items;
}

/**
 * How nft separates the elements of a named set in its listing: `, ` within a line, and a new line
 * (indented under the first) after every element of most types, after every 2nd address, ct state or
 * packet type, after every 16th number-like value (nftables' set_expr_print).
 */
export function elementsListText(set: WithElements, items: readonly Rendered[]): string {
  const parts = typeof set.keyType === 'string' ? concatParts(set.keyType) : [];
  const type = parts.length === 1 ? parts[0] : undefined;
  const perLine = type === undefined ? 1 : numberLike.has(type) ? 16 : ['ipv4_addr', 'ct_state', 'ct_status', 'pkttype'].includes(type) ? 2 : 1;
  let text = '';
  items.forEach((item, i) => {
    if (i > 0) text += i % perLine === 0 ? ',\n\t\t\t     ' : ', ';
    text += item.text;
  });
  return `{ ${text} }`;
}
const numberLike = new Set(['nf_proto', 'integer', 'arp_op', 'inet_proto', 'inet_service', 'tcp_flag', 'dccp_pkttype', 'mark', 'iface_index', 'classid', 'uid', 'gid', 'ct_dir']);

/** A set element holding an expression linx does not print yet. */
export class UnrenderableElementError extends LinxError {
  constructor(
    readonly set: string,
    readonly expression: string,
  ) {
    super('ERR_LINX_NFT_UNRENDERABLE', `an element of set ${set} holds a ${expression} expression, which linx does not print yet`);
  }
}

/** An anonymous set in a rule: `{ 22, 80 }` (nft -j: `{ "set": [22, 80] }`). */
export function elementsText(set: WithElements, _family: Family, shift?: number, options: PrintOptions = {}): Rendered {
  // The elements of a set of a narrow field (`ip dscp { cs0, ef }`) are stored shifted into place.
  const items = elementItems(shift ? { ...set, elements: set.elements.map((e) => (e.key ? { ...e, key: shifted(e.key, shift, e.flags.includes('interval-end')) } : e)) } : set, options);
  return { json: { set: items.map((i) => i.json) }, text: `{ ${items.map((i) => i.text).join(', ')} }` };
}
