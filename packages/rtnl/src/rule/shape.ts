// FIB rules (`ip rule`) between the kernel's fib_rule_hdr + FRA_* attributes and the shapes users read
// and write.
import type { MessageInput, MessageValue } from '@linx/netlink-codec';
import { AF_INET, AF_INET6, ipProtocolValues, type IpProtocol } from '@linx/netlink-wire';
import { InvalidArgumentError, checkInteger, checkIfname, parsePrefix, type InterfaceRef } from '../shared/arguments.js';
import { fibRuleAttrs, fibRuleFlagsValues, fibRuleHdr, fibRuleMessage, frActValues, type FibRuleFlags, type FrAct } from '../generated/rt-rule.js';
import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS, TABLES, nameOf, numberOf, tableName, type RouteProtocol, type TableName } from '../shared/names.js';
import { prefixText } from '../shared/prefix-text.js';

/**
 * The rt-rule message rules are sent and decoded with: the generated declaration itself (FRA_DST and
 * FRA_SRC are addresses as text through a ynl-gen fix).
 */
export const ruleMessage = fibRuleMessage;

type RuleHeaderFields = typeof fibRuleHdr.fields;
type RuleAttributes = typeof fibRuleAttrs.attributes;
export type RuleMessageValue = MessageValue<RuleHeaderFields, RuleAttributes>;
export type RuleMessageInput = MessageInput<RuleHeaderFields, RuleAttributes>;
type RuleAttrsInput = { -readonly [K in keyof NonNullable<RuleMessageInput['attrs']>]: NonNullable<RuleMessageInput['attrs']>[K] };

/** What a rule does when it matches: the generated FR_ACT_* names, FR_ACT_TO_TBL as `to-table` (res3/res4 are reserved). */
export type RuleAction = Exclude<FrAct, 'to-tbl' | 'res3' | 'res4'> | 'to-table';

/** FR_ACT_* by name: the generated values, under the names of `RuleAction`. */
export const RULE_ACTIONS = (() => {
  const out: Partial<Record<RuleAction, number>> = {};
  for (const [name, value] of Object.entries(frActValues)) {
    if (name === 'res3' || name === 'res4') continue;
    out[name === 'to-tbl' ? 'to-table' : (name as RuleAction)] = value;
  }
  return out as Readonly<Record<RuleAction, number>>;
})();

/** fib_rule_hdr flags (FIB_RULE_*, the generated fib-rule-flags): `invert` is `ip rule add not …`. */
export const RULE_FLAGS = fibRuleFlagsValues;
export type RuleFlag = FibRuleFlags;

/** IP protocol names accepted for `ipProto` (numbers are accepted too): wire's IPPROTO_* names, and `ipv6-icmp` as /etc/protocols spells it. */
export type RuleIpProtocol = Exclude<IpProtocol, 'mptcp'> | 'ipv6-icmp';
export const RULE_IP_PROTOCOLS = (() => {
  // FRA_IP_PROTO is a u8: IPPROTO_MPTCP (262) is a socket protocol, never in a header.
  const out: Partial<Record<RuleIpProtocol, number>> = {};
  for (const [name, value] of Object.entries(ipProtocolValues)) if (value < 256) out[name as RuleIpProtocol] = value;
  out['ipv6-icmp'] = ipProtocolValues.icmpv6;
  return out as Readonly<Record<RuleIpProtocol, number>>;
})();

/** A port or uid range, as the kernel's fib_rule_port_range / fib_rule_uid_range. */
export interface RuleRange {
  start: number;
  end: number;
}

/**
 * A FIB rule. Besides the named fields it carries every attribute the kernel sent under its generated
 * name (unknown ones, raw, under the codec's `UNKNOWN` symbol).
 */
export interface Rule {
  family: 'inet' | 'inet6' | number;
  /** FRA_PRIORITY (the kernel leaves it out for 0). */
  priority: number;
  action: RuleAction | number;
  /** The table of a `to-table` rule (FRA_TABLE, else the header's 8-bit table); absent when 0. */
  table?: TableName | number;
  /** The source prefix: address and length (absent and 0: from all). */
  src?: string;
  srcLen: number;
  dst?: string;
  dstLen: number;
  /**
   * The source as one string, as `ip rule` prints it after `from`: '10.0.0.0/8', a host as the bare
   * address; absent for a rule from all. `rules.add({ src })` takes it back as it is.
   */
  srcPrefix?: string;
  /** The destination as one string like `srcPrefix` (`ip rule`'s `to`); absent when the rule has none. */
  dstPrefix?: string;
  tos: number;
  flags: (RuleFlag | number)[];
  iifname?: string;
  oifname?: string;
  /** The priority a `goto` rule jumps to. */
  goto?: number;
  fwmark?: number;
  fwmask?: number;
  /** Realms (FRA_FLOW): to in the low 16 bits, from in the high. */
  flow?: number;
  tunId?: bigint;
  suppressIfgroup?: number;
  suppressPrefixlen?: number;
  l3mdev?: number;
  uidRange?: RuleRange;
  /** FRA_PROTOCOL: who installed the rule. */
  protocol?: RouteProtocol | number;
  ipProto?: number;
  sportRange?: RuleRange;
  dportRange?: RuleRange;
  dscp?: number;
  [key: string | symbol]: unknown;
}

function bitsToNames<N extends string>(table: Record<N, number>, mask: number): (N | number)[] {
  const out: (N | number)[] = [];
  let rest = mask >>> 0;
  for (const name in table) {
    if ((rest & table[name]) === table[name]) {
      out.push(name);
      rest = (rest & ~table[name]) >>> 0;
    }
  }
  // rest holds 32 bits at most: it is empty once bit 31 is done.
  for (let bit = 1; rest !== 0; bit *= 2) {
    if (rest & bit) {
      out.push(bit);
      rest = (rest & ~bit) >>> 0;
    }
  }
  return out;
}

const U32 = 0xffff_ffff;


/** The friendly shape of a decoded RTM_NEWRULE message. */
export function toRule(message: RuleMessageValue): Rule {
  const { header: h, attrs: a } = message;
  const table = a.table ?? h.table;
  const out: Rule = {
    family: nameOf(ADDRESS_FAMILIES, h.family) as Rule['family'],
    priority: a.priority ?? 0,
    action: (h.action === 'to-tbl' ? 'to-table' : h.action) as RuleAction | number,
    srcLen: h.srcLen,
    dstLen: h.dstLen,
    tos: h.tos,
    flags: bitsToNames(RULE_FLAGS, h.flags),
  };
  for (const key of Reflect.ownKeys(a)) out[key] = (a as Record<string | symbol, unknown>)[key];
  if (a.src !== undefined) out.srcPrefix = prefixText(h.family, a.src, h.srcLen);
  if (a.dst !== undefined) out.dstPrefix = prefixText(h.family, a.dst, h.dstLen);
  if (table !== 0) out.table = tableName(table);
  else delete out.table;
  // The kernel sends 2^32 - 1 (its -1) for "not set".
  if (a.suppressPrefixlen === U32) delete out.suppressPrefixlen;
  if (a.suppressIfgroup === U32) delete out.suppressIfgroup;
  if (a.protocol !== undefined) out.protocol = nameOf(ROUTE_PROTOCOLS, a.protocol) as RouteProtocol | number;
  if (a.uidRange) out.uidRange = { start: a.uidRange.start, end: a.uidRange.end };
  if (a.sportRange) out.sportRange = { start: a.sportRange.start, end: a.sportRange.end };
  if (a.dportRange) out.dportRange = { start: a.dportRange.start, end: a.dportRange.end };
  return out;
}

// ---- input

/**
 * A rule to add or delete. To delete, give what identifies it (the kernel deletes the first rule that
 * matches every field given); a listed `Rule` can be passed as it is.
 */
export interface RuleSpec {
  /** 'inet' or 'inet6'; by default from `src`/`dst`, else 'inet'. */
  family?: 'inet' | 'inet6' | Rule['family'];
  priority?: number;
  /** The source prefix as CIDR ("10.0.0.0/8"), or an address with `srcLen`; a bare address is a host. */
  src?: string;
  srcLen?: number;
  dst?: string;
  dstLen?: number;
  /** Incoming / outgoing interface, by name (a rule may name one that does not exist yet) or index. */
  iifname?: InterfaceRef;
  oifname?: InterfaceRef;
  fwmark?: number;
  fwmask?: number;
  /** The table to look up (a name of TABLES or 1..2^32-1; FRA_TABLE carries those above 255). */
  table?: TableName | number;
  /** 'to-table' when there is a table, 'goto' when there is `goto`; otherwise required to add. */
  action?: RuleAction | number;
  goto?: number;
  tos?: number;
  dscp?: number;
  /** Match the opposite (`ip rule add not …`); `flags: ['invert']` says the same. */
  invert?: boolean;
  flags?: readonly (RuleFlag | number)[];
  /** Look up the table of the l3mdev (VRF) the packet's interface belongs to. */
  l3mdev?: boolean | number;
  /** A uid or a range of uids. */
  uidRange?: number | RuleRange;
  ipProto?: RuleIpProtocol | number;
  /** A port or a range of ports. */
  sportRange?: number | RuleRange;
  dportRange?: number | RuleRange;
  /** Skip routes with a prefix this long or shorter (`suppress_prefixlength`). The kernel's "not set" (2^32 - 1) is left out. */
  suppressPrefixlen?: number;
  suppressIfgroup?: number;
  protocol?: RouteProtocol | number;
  tunId?: bigint | number;
  /** Realms (FRA_FLOW). */
  flow?: number;
}

function prefixOf(spec: RuleSpec, which: 'src' | 'dst', argument: string): { family: 'inet' | 'inet6'; address: string; length: number } | undefined {
  const text = spec[which];
  if (text === undefined) return undefined;
  const length = spec[which === 'src' ? 'srcLen' : 'dstLen'];
  if (typeof text === 'string' && !text.includes('/') && length !== undefined) {
    const p = parsePrefix(text, `${argument}.${which}`);
    return { family: p.family, address: p.address, length: checkInteger(length, `${argument}.${which}Len`, 0, p.family === 'inet' ? 32 : 128) };
  }
  const p = parsePrefix(text, `${argument}.${which}`);
  return { family: p.family, address: p.address, length: p.prefixLength };
}

function range(value: number | RuleRange, argument: string, max: number): RuleRange {
  if (typeof value === 'number') return { start: checkInteger(value, argument, 0, max), end: value };
  if (value === null || typeof value !== 'object') throw new InvalidArgumentError(argument, `expected a number or { start, end }, got ${value === null ? 'null' : typeof value}`);
  const start = checkInteger(value.start, `${argument}.start`, 0, max);
  const end = checkInteger(value.end, `${argument}.end`, 0, max);
  if (end < start) throw new InvalidArgumentError(argument, `the range ${start}-${end} ends before it starts`);
  return { start, end };
}

function named<T extends Record<string, number>>(table: T, value: unknown, argument: string, what: string, max: number): number {
  if (typeof value === 'number') return checkInteger(value, argument, 0, max);
  if (typeof value === 'string' && Object.hasOwn(table, value)) return table[value]!;
  throw new InvalidArgumentError(argument, `unknown ${what} ${JSON.stringify(value)}; expected ${Object.keys(table).join(', ')} or a number`);
}

/** A checked rule, with interface indexes still to be turned into names. */
export interface RuleRequestParts {
  iif?: number;
  oif?: number;
  build(names: { iif?: string; oif?: string }): RuleMessageInput;
}

/**
 * Checks a spec and prepares the request; throws `InvalidArgumentError` before anything is sent.
 * `purpose` 'create' needs an action (given, or implied by `table`, `goto` or `l3mdev`).
 */
export function ruleRequest(spec: RuleSpec, purpose: 'create' | 'delete', argument = 'rule'): RuleRequestParts {
  if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError(argument, `expected a rule object, got ${spec === null ? 'null' : typeof spec}`);
  const src = prefixOf(spec, 'src', argument);
  const dst = prefixOf(spec, 'dst', argument);
  let family: number;
  if (spec.family === undefined) family = (src ?? dst)?.family === 'inet6' ? AF_INET6 : AF_INET;
  else if (spec.family === 'inet' || spec.family === 'inet6') family = ADDRESS_FAMILIES[spec.family];
  else if (typeof spec.family === 'number') family = checkInteger(spec.family, `${argument}.family`, 0, 255);
  else throw new InvalidArgumentError(`${argument}.family`, `${JSON.stringify(spec.family)} is not a rule family (inet, inet6)`);
  for (const [p, which] of [[src, 'src'], [dst, 'dst']] as const) {
    if (p && ADDRESS_FAMILIES[p.family] !== family) throw new InvalidArgumentError(`${argument}.${which}`, `${p.address} is not an ${family === AF_INET ? 'IPv4' : 'IPv6'} address (the rule is ${family === AF_INET ? 'inet' : 'inet6'})`);
  }
  const attrs: RuleAttrsInput = {};
  if (src) attrs.src = src.address;
  if (dst) attrs.dst = dst.address;
  if (spec.priority !== undefined) attrs.priority = checkInteger(spec.priority, `${argument}.priority`, 0, U32);
  let table: number | undefined;
  if (spec.table !== undefined) {
    table = named(TABLES, spec.table, `${argument}.table`, 'table', U32);
    if (table === 0) throw new InvalidArgumentError(`${argument}.table`, 'table 0 (unspec) is not a table to look up');
    if (table > 255) attrs.table = table;
  }
  if (spec.goto !== undefined) attrs.goto = checkInteger(spec.goto, `${argument}.goto`, 0, U32);
  if (spec.fwmark !== undefined) attrs.fwmark = checkInteger(spec.fwmark, `${argument}.fwmark`, 0, U32);
  if (spec.fwmask !== undefined) attrs.fwmask = checkInteger(spec.fwmask, `${argument}.fwmask`, 0, U32);
  if (spec.flow !== undefined) attrs.flow = checkInteger(spec.flow, `${argument}.flow`, 0, U32);
  if (spec.suppressPrefixlen !== undefined) attrs.suppressPrefixlen = checkInteger(spec.suppressPrefixlen, `${argument}.suppressPrefixlen`, 0, family === AF_INET6 ? 128 : 32);
  if (spec.suppressIfgroup !== undefined) attrs.suppressIfgroup = checkInteger(spec.suppressIfgroup, `${argument}.suppressIfgroup`, 0, U32);
  if (spec.uidRange !== undefined) attrs.uidRange = range(spec.uidRange, `${argument}.uidRange`, U32);
  if (spec.sportRange !== undefined) attrs.sportRange = range(spec.sportRange, `${argument}.sportRange`, 0xffff);
  if (spec.dportRange !== undefined) attrs.dportRange = range(spec.dportRange, `${argument}.dportRange`, 0xffff);
  if (spec.ipProto !== undefined) attrs.ipProto = named(RULE_IP_PROTOCOLS, spec.ipProto, `${argument}.ipProto`, 'IP protocol', 255);
  if (spec.protocol !== undefined) attrs.protocol = named(ROUTE_PROTOCOLS, spec.protocol, `${argument}.protocol`, 'protocol', 255);
  if (spec.dscp !== undefined) attrs.dscp = checkInteger(spec.dscp, `${argument}.dscp`, 0, 63);
  if (spec.tunId !== undefined) {
    if (typeof spec.tunId === 'number') checkInteger(spec.tunId, `${argument}.tunId`, 0, Number.MAX_SAFE_INTEGER);
    else if (typeof spec.tunId !== 'bigint' || spec.tunId < 0n || spec.tunId >= 1n << 64n) throw new InvalidArgumentError(`${argument}.tunId`, `${String(spec.tunId)} is not a 64-bit tunnel id`);
    attrs.tunId = BigInt(spec.tunId);
  }
  if (spec.l3mdev !== undefined && spec.l3mdev !== false && spec.l3mdev !== 0) {
    if (spec.l3mdev !== true && spec.l3mdev !== 1) throw new InvalidArgumentError(`${argument}.l3mdev`, `expected true or false, got ${String(spec.l3mdev)}`);
    attrs.l3mdev = 1;
  }
  const tos = spec.tos === undefined ? 0 : checkInteger(spec.tos, `${argument}.tos`, 0, 255);
  let flags = 0;
  if (spec.invert) flags |= RULE_FLAGS.invert;
  if (spec.flags !== undefined) {
    if (!Array.isArray(spec.flags)) throw new InvalidArgumentError(`${argument}.flags`, 'expected a list of flag names');
    for (const f of spec.flags) {
      if (typeof f !== 'number' && !Object.hasOwn(RULE_FLAGS, f as PropertyKey)) {
        throw new InvalidArgumentError(`${argument}.flags`, `unknown rule flag ${JSON.stringify(f)}; expected ${Object.keys(RULE_FLAGS).join(', ')}`);
      }
      // Only `invert` is a choice; the other bits (detached, unresolved, …) are the kernel's to report.
      if (f === 'invert') flags |= RULE_FLAGS.invert;
    }
  }
  let action: number;
  if (spec.action !== undefined) action = named(RULE_ACTIONS, spec.action, `${argument}.action`, 'rule action', 255); else if (spec.goto !== undefined) action = RULE_ACTIONS.goto;
  // iproute2 derives 'to-table' from a table only when adding; a delete keeps FR_ACT_UNSPEC, which the
  // kernel's rule lookup takes as any action (fib_nl_delrule).
  else if (purpose === 'create' && (table !== undefined || attrs.l3mdev)) action = RULE_ACTIONS['to-table'];
  else if (purpose === 'delete') action = RULE_ACTIONS.unspec;
  else throw new InvalidArgumentError(`${argument}.action`, 'a rule needs something to do: a table, a goto, or an action (nop, blackhole, unreachable, prohibit)');
  if (purpose === 'create') {
    if (action === RULE_ACTIONS['to-table'] && table === undefined && !attrs.l3mdev) throw new InvalidArgumentError(`${argument}.table`, "a 'to-table' rule needs a table");
    if (action === RULE_ACTIONS.goto && spec.goto === undefined) throw new InvalidArgumentError(`${argument}.goto`, "a 'goto' rule needs the priority to go to");
  }
  if (spec.goto !== undefined && action !== RULE_ACTIONS.goto) throw new InvalidArgumentError(`${argument}.goto`, `goto goes with the action 'goto', not '${String(spec.action)}'`);
  const iif = interfaceOf(spec.iifname, `${argument}.iifname`);
  const oif = interfaceOf(spec.oifname, `${argument}.oifname`);
  const header = { family, dstLen: dst?.length ?? 0, srcLen: src?.length ?? 0, tos, table: table !== undefined && table <= 255 ? table : 0, action, flags };
  return {
    ...(typeof iif === 'number' ? { iif } : {}),
    ...(typeof oif === 'number' ? { oif } : {}),
    build(names) {
      const out = { ...attrs };
      const iifname = typeof iif === 'string' ? iif : names.iif;
      const oifname = typeof oif === 'string' ? oif : names.oif;
      if (iifname !== undefined) out.iifname = iifname;
      if (oifname !== undefined) out.oifname = oifname;
      return { header, attrs: out };
    },
  };
}

function interfaceOf(ref: InterfaceRef | undefined, argument: string): InterfaceRef | undefined {
  if (ref === undefined) return undefined;
  if (typeof ref === 'number') return checkInteger(ref, argument, 1, 0x7fff_ffff);
  return checkIfname(ref, argument);
}

/** The table number of a name or number (for filters). */
export function tableNumber(table: TableName | number, argument: string): number {
  const n = numberOf(TABLES, table);
  if (n === undefined) throw new InvalidArgumentError(argument, `unknown table ${JSON.stringify(table)}; expected ${Object.keys(TABLES).join(', ')} or a number`);
  return checkInteger(n, argument, 0, U32);
}
