import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import { chainFrom, type Chain } from '../chain.js';
import type { NftOperation } from '../client.js';
import { datatypeId } from '../datatypes.js';
import { elementsFrom, type SetElement } from '../element.js';
import { chainMessage, objMessage, ruleMessage, setElemListMessage, setMessage, tableMessage } from '../messages.js';
import { objectFrom, type NftObject } from '../object.js';
import { setFrom, type NftSet } from '../set.js';
import { tableFrom, type Table } from '../table.js';

// What a desired object and a listed one are compared by. A desired object is encoded as it would be sent
// and decoded again, so both sides have the shape a listing has; then what the kernel changes on its own
// is left out: counters' packets and bytes, a quota's consumption and `depleted` flag, `last`'s time,
// element expirations, padding; anonymous sets are compared by their content, not by the name the kernel
// gave them (`__set0`) or the batch id nft's text gave them.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A stable text of plain data: object keys sorted, bytes as hex, bigints with an `n`, undefined left out. */
export function canonical(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

// Plans compare thousands of rules: one output array, no intermediate strings per level.
function write(value: unknown, out: string[]): void {
  if (value === undefined) out.push('undefined');
  else if (value === null) out.push('null');
  else if (typeof value === 'bigint') out.push(`${value}n`);
  else if (typeof value === 'string') out.push(JSON.stringify(value));
  else if (typeof value !== 'object') out.push(String(value));
  else if (value instanceof Uint8Array) {
    let hex = 'x';
    for (const byte of value) hex += HEX[byte]!;
    out.push(hex);
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      write(item, out);
    });
    out.push(']');
  } else {
    const object = value as Record<string, unknown>;
    out.push('{');
    let first = true;
    for (const key of Object.keys(object).sort()) {
      if (object[key] === undefined) continue;
      if (!first) out.push(',');
      first = false;
      // Keys are attribute and field names (identifiers): written as they are.
      out.push(key, ':');
      write(object[key], out);
    }
    out.push('}');
  }
}

/** Finds an anonymous set's content text by the name the kernel or a batch gave it, or by its batch id. */
export type AnonymousSets = (ref: { name?: string; id?: number }) => string | undefined;

type Expr = { name?: string; data?: Record<string, unknown> | Uint8Array; raw?: Uint8Array };

/** Expression data without what the kernel writes back when nothing was sent: padding, empty flag sets. */
const withoutPad = (data: Record<string, unknown>) => {
  const { pad: _pad, ...rest } = data;
  for (const [k, v] of Object.entries(rest)) if (Array.isArray(v) && v.length === 0) delete rest[k];
  return rest;
};

/**
 * A quota's flags without `depleted`, which the kernel sets itself once the quota is used up (and dumps
 * with the rest): what is left is compared, no flags at all when nothing is (as when none was sent).
 */
function withoutDepleted(flags: unknown): unknown {
  if (!Array.isArray(flags)) return flags;
  const left = flags.filter((f) => f !== 'depleted');
  return left.length > 0 ? left : undefined;
}

/** One expression as compared: state the kernel keeps changing left out, anonymous sets by content. */
function normalizeExpression(expression: Expr, anonymous: AnonymousSets): unknown {
  const { name, data, raw } = expression;
  // An expression linx does not declare is compared by its bytes (under `raw` as listed, or `data` as given).
  if (!data || data instanceof Uint8Array) return { name, data: data ?? raw };
  const d = withoutPad(data);
  switch (name) {
    case 'counter':
    case 'last':
      return { name };
    case 'quota':
      return { name, data: { ...d, consumed: undefined, flags: withoutDepleted(d.flags) } };
    case 'lookup':
      return { name, data: { ...d, ...setRef(d.set, d.setId, anonymous, 'set', 'setId') } };
    case 'dynset': {
      const nested = d.expressions as { elem?: Expr[] } | undefined;
      return {
        name,
        data: {
          ...d,
          ...setRef(d.setName, d.setId, anonymous, 'setName', 'setId'),
          // NFTA_DYNSET_TIMEOUT is dumped always: 0 is no timeout of its own, as when none is sent.
          timeout: d.timeout === 0n ? undefined : d.timeout,
          expr: d.expr ? normalizeExpression(d.expr as Expr, anonymous) : undefined,
          expressions: nested?.elem ? nested.elem.map((e) => normalizeExpression(e, anonymous)) : undefined,
        },
      };
    }
    case 'bitwise':
      // NFTA_BITWISE_OP is dumped always; NFT_BITWISE_BOOL (0) is what a request without it means.
      return { name, data: { ...d, op: d.op === 'bool' || d.op === 0 ? undefined : d.op } };
    case 'payload':
      // A payload write is dumped with NFTA_PAYLOAD_CSUM_TYPE and _OFFSET even when no checksum is fixed.
      return { name, data: d.csumType === 'none' || d.csumType === 0 ? { ...d, csumType: undefined, csumOffset: d.csumOffset === 0 ? undefined : d.csumOffset } : d };
    case 'nat':
    case 'redir':
    case 'masq': {
      // The kernel dumps a range's maximum register as its minimum when none was sent, and nat's
      // `map-ips` flag, which it sets itself when an address register is given.
      const flags = Array.isArray(d.flags) ? d.flags.filter((f) => !(name === 'nat' && f === 'map-ips')) : d.flags;
      return {
        name,
        data: {
          ...d,
          flags: Array.isArray(flags) && flags.length === 0 ? undefined : flags,
          regAddrMax: d.regAddrMax === d.regAddrMin ? undefined : d.regAddrMax,
          regProtoMax: d.regProtoMax === d.regProtoMin ? undefined : d.regProtoMax,
        },
      };
    }
    case 'objref':
      return { name, data: { ...d, ...(d.setName !== undefined || d.setId !== undefined ? setRef(d.setName, d.setId, anonymous, 'setName', 'setId') : {}) } };
    default:
      return { name, data: d };
  }
}

/** A set reference: an anonymous set by its content, a named set by its name (no batch id). */
function setRef(name: unknown, id: unknown, anonymous: AnonymousSets, nameKey: string, idKey: string): Record<string, unknown> {
  const content = anonymous({ name: name as string | undefined, id: id as number | undefined });
  return { [nameKey]: content !== undefined ? `anonymous ${content}` : name, [idKey]: undefined };
}

/** The text a list of expressions is compared by. */
export function expressionsKey(expressions: readonly unknown[], anonymous: AnonymousSets): string {
  return canonical((expressions as Expr[]).map((e) => normalizeExpression(e, anonymous)));
}

/** The text a rule is compared by: its expressions and its user data (the comment). */
export function ruleKey(rule: { expressions: readonly unknown[]; userdata?: Uint8Array | undefined }, anonymous: AnonymousSets): string {
  return `${expressionsKey(rule.expressions, anonymous)}|${canonical(rule.userdata)}`;
}

// Compiled on first use, not when the package is imported: these six (the rule's expressions above all)
// were ~4.5 ms of every `import('@linx/nfnl')`, for programs that never reconcile (#16 §2).
const codecs = onFirstUse(() => ({
  table: compileMessage(tableMessage),
  chain: compileMessage(chainMessage),
  rule: compileMessage(ruleMessage),
  set: compileMessage(setMessage),
  elements: compileMessage(setElemListMessage),
  object: compileMessage(objMessage),
}));
type Codecs = ReturnType<typeof codecs>;

/** An operation's message as the kernel would list it back (encoded, then decoded). */
function roundTrip<K extends keyof Codecs>(kind: K, op: NftOperation): ReturnType<Codecs[K]['decode']> {
  const codec = codecs()[kind];
  return codec.decode(codec.encode(op.value as never)) as ReturnType<Codecs[K]['decode']>;
}

export const asListed = {
  table: (op: NftOperation): Table => tableFrom(roundTrip('table', op)),
  chain: (op: NftOperation): Chain => chainFrom(roundTrip('chain', op)),
  set: (op: NftOperation): NftSet => setFrom(roundTrip('set', op)),
  object: (op: NftOperation): NftObject => objectFrom(roundTrip('object', op)),
  elements: (op: NftOperation): SetElement[] => elementsFrom(roundTrip('elements', op)).elements,
  rule: (op: NftOperation): { expressions: unknown[]; userdata?: Uint8Array } => {
    const { attrs } = roundTrip('rule', op);
    return { expressions: attrs.expressions?.elem ?? [], ...(attrs.userdata !== undefined ? { userdata: attrs.userdata } : {}) };
  },
};

/**
 * An interval set's end element at key 0: nft writes one in front of a set whose first range does not
 * start at 0 (it says that 0 and up is outside the set, as it is without it). Not compared.
 */
export function isLeadingEnd(element: SetElement): boolean {
  return element.keyEnd === undefined && element.flags.includes('interval-end') && element.key !== undefined && element.key.every((b) => b === 0);
}

/** The text an element is found by: its key (and range end) and flags. */
export function elementIdentity(element: SetElement): string {
  return canonical({ key: element.key, keyEnd: element.keyEnd, flags: [...element.flags].map(String).sort() });
}

/** The text an element is compared by: its identity, what it maps to, its comment and expressions. Timeouts and expirations are not compared. */
export function elementKey(element: SetElement): string {
  return canonical({
    id: elementIdentity(element),
    data: element.data,
    verdict: element.verdict,
    objref: element.objref,
    userdata: element.userdata,
    expressions: element.expressions ? (element.expressions as Expr[]).map((e) => normalizeExpression(e, () => undefined)) : undefined,
  });
}

/** An anonymous set's content: key and data type, and its elements in a stable order. */
export function anonymousContent(set: { keyType: NftSet['keyType']; dataType?: NftSet['dataType'] | undefined }, elements: readonly SetElement[]): string {
  const type = (t: NftSet['keyType'] | undefined, data: boolean) => {
    if (t === undefined) return undefined;
    try {
      return datatypeId(t, data);
    } catch {
      return String(t);
    }
  };
  return canonical({ key: type(set.keyType, false), data: type(set.dataType, true), elements: elements.filter((e) => !isLeadingEnd(e)).map(elementKey).sort() });
}

/** The first of `fields` whose values differ (compared as `canonical` texts), or undefined. */
export function firstDifference<T extends object>(desired: T, observed: T, fields: readonly (keyof T)[]): { field: string; from: unknown; to: unknown } | undefined {
  for (const field of fields) {
    if (canonical(desired[field]) !== canonical(observed[field])) return { field: String(field), from: observed[field], to: desired[field] };
  }
  return undefined;
}

/** Flags in a stable order, for comparing. */
export const sortedFlags = (flags: readonly unknown[] | undefined): string[] => [...(flags ?? [])].map(String).sort();

/** An object's settings as compared: a counter's values and a quota's consumption are state, not settings. */
export function objectSettings(object: NftObject, label: 'comment' | 'userdata'): unknown {
  const userdata = object[label];
  if (object.type === 'counter') return { type: 'counter', userdata };
  const data = object.data && !(object.data instanceof Uint8Array) ? withoutPad(object.data as Record<string, unknown>) : object.data;
  if (object.type === 'quota' && data && !(data instanceof Uint8Array)) return { type: object.type, data: { ...data, consumed: undefined, flags: withoutDepleted(data.flags) }, userdata };
  return { type: object.type, data, userdata };
}
