import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as attribute from '../src/attribute.js';
import * as constants from '../src/constants.js';
import {
  messageTypeName,
  netlinkFlagNames,
  policyAttributeName,
  policyTypeName,
  protocolName,
  extAckAttributeName,
  socketOptionName,
} from '../src/constants.js';
import { NLMSG_HDRLEN } from '../src/message.js';
import { InvalidArgumentError } from '../src/errors.js';

// ---------------------------------------------------------------------------------------------------
// A small reader of C headers: enough for the #defines and enums of the uapi headers, nothing more.
// ---------------------------------------------------------------------------------------------------

/** Reads a header, failing loudly if it is missing: a header check that skips itself proves nothing. */
function readHeaderFile(path: string): string {
  if (!existsSync(path)) {
    throw new Error(
      `${path} not found. The header check compares linx's constants with the kernel's uapi headers and cannot run without them: ` +
        'install the Linux uapi headers (Debian/Ubuntu: linux-libc-dev, Alpine: linux-headers, Fedora: kernel-headers).',
    );
  }
  return readFileSync(path, 'utf8');
}

/**
 * The object-like #defines and enum members of a header, each as the text of its value. Enum members
 * without an initialiser become "previous + 1", so the evaluator resolves them like any other expression.
 */
function parseHeader(text: string): Map<string, string> {
  const source = text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\\\n/g, ' ');
  const symbols = new Map<string, string>();
  for (const match of source.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\(?)(.*)$/gm)) {
    const [, name, paren, value] = match;
    // Function-like macros (NLMSG_ALIGN(len), …) are code, not constants.
    if (name === undefined || paren === '(') continue;
    const body = (value ?? '').trim();
    if (body !== '') symbols.set(name, body);
  }
  for (const match of source.matchAll(/\benum\b[^{;]*\{([^}]*)\}/g)) {
    let previous: string | undefined;
    for (const item of (match[1] ?? '').split(',')) {
      const member = /^\s*([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+?))?\s*$/.exec(item);
      if (member === null) continue;
      const [, name, init] = member;
      if (name === undefined) continue;
      const value = init ?? (previous === undefined ? '0' : `(${previous}) + 1`);
      symbols.set(name, value);
      previous = name;
    }
  }
  return symbols;
}

/** Thrown inside the evaluator for anything it does not understand (casts, sizeof, strings, …). */
class Unsupported extends Error {}

/**
 * Evaluates a C integer constant expression made of numbers, names from `symbols`, parentheses and the
 * operators ~ - + * << >> & |, with 32-bit int semantics. Returns `undefined` for anything else (a cast,
 * sizeof, an unknown name), so that such macros can be listed rather than guessed at.
 */
function evaluate(symbols: ReadonlyMap<string, string>, name: string): number | undefined {
  try {
    return evalName(symbols, name, 0);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function evalName(symbols: ReadonlyMap<string, string>, name: string, depth: number): number {
  const text = symbols.get(name);
  if (text === undefined) throw new Unsupported(`unknown name ${name}`);
  if (depth > 32) throw new Unsupported(`${name} is defined in a loop`);
  return evalText(symbols, text, depth + 1);
}

function evalText(symbols: ReadonlyMap<string, string>, text: string, depth: number): number {
  const tokens: string[] = [];
  const tokenPattern = /\s*(?:(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|[-+~*&|()]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    tokenPattern.lastIndex = at;
    const match = tokenPattern.exec(text);
    if (match === null) throw new Unsupported(`cannot read ${JSON.stringify(text.slice(at))}`);
    const token = match[1] ?? match[2] ?? match[3];
    if (token === undefined) throw new Unsupported('empty token');
    tokens.push(token);
    at = tokenPattern.lastIndex;
  }
  let index = 0;
  const peek = (): string | undefined => tokens[index];
  const take = (): string => {
    const token = tokens[index++];
    if (token === undefined) throw new Unsupported(`unexpected end of ${JSON.stringify(text)}`);
    return token;
  };
  // One function per C precedence level, loosest first.
  const binary = (operators: Record<string, (a: number, b: number) => number>, next: () => number) => (): number => {
    let value = next();
    for (let op = peek(); op !== undefined && Object.hasOwn(operators, op); op = peek()) {
      take();
      value = operators[op]!(value, next());
    }
    return value;
  };
  const primary = (): number => {
    const token = take();
    if (token === '(') {
      const value = or();
      if (take() !== ')') throw new Unsupported(`unbalanced parentheses in ${JSON.stringify(text)}`);
      return value;
    }
    if (token === '~') return ~primary();
    if (token === '-') return -primary();
    if (token === '+') return primary();
    if (/^[0-9]/.test(token)) return Number(token.startsWith('0') && /^0[0-7]+$/.test(token) ? parseInt(token, 8) : token);
    if (/^[A-Za-z_]/.test(token)) return evalName(symbols, token, depth);
    throw new Unsupported(`unexpected ${token} in ${JSON.stringify(text)}`);
  };
  const multiplicative = binary({ '*': (a, b) => Math.imul(a, b) }, primary);
  const additive = binary({ '+': (a, b) => (a + b) | 0, '-': (a, b) => (a - b) | 0 }, multiplicative);
  const shift = binary({ '<<': (a, b) => a << b, '>>': (a, b) => a >> b }, additive);
  const and = binary({ '&': (a, b) => a & b }, shift);
  const or: () => number = binary({ '|': (a, b) => a | b }, and);
  const value = or();
  if (index !== tokens.length) throw new Unsupported(`trailing tokens in ${JSON.stringify(text)}`);
  return value;
}

// The evaluator is the base of every header assertion, so it gets a check of its own.
describe('header reader', () => {
  it('reads defines, enums and expressions, and refuses what it cannot evaluate', () => {
    const symbols = parseHeader(`
      #define A 0x10U /* comment */
      #define B (1 << 3)
      #define C (A|B)
      #define D ~(A | B)
      #define F(x) ((x) + 1)
      #define S ((int) sizeof(struct foo))
      enum e { E0, E1 = 5, E2, __E_MAX, E_MAX = __E_MAX - 1 };
    `);
    expect(evaluate(symbols, 'A')).toBe(16);
    expect(evaluate(symbols, 'B')).toBe(8);
    expect(evaluate(symbols, 'C')).toBe(24);
    expect(evaluate(symbols, 'D')).toBe(~24);
    expect(symbols.has('F')).toBe(false);
    expect(evaluate(symbols, 'S')).toBeUndefined();
    expect([evaluate(symbols, 'E0'), evaluate(symbols, 'E1'), evaluate(symbols, 'E2'), evaluate(symbols, 'E_MAX')]).toEqual([0, 5, 6, 6]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The header check
// ---------------------------------------------------------------------------------------------------

const NETLINK_H = '/usr/include/linux/netlink.h';

let netlinkSymbols: Map<string, string> | undefined;
/** Loaded lazily, inside the tests, so that a missing header fails the header tests and not the others. */
function netlinkHeader(): Map<string, string> {
  netlinkSymbols ??= parseHeader(readHeaderFile(NETLINK_H));
  return netlinkSymbols;
}

/** The numeric exports of constants.ts. */
const exported = new Map(
  Object.entries(constants).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
);

/** The header's name families that constants.ts must mirror completely. */
const MIRRORED_PREFIXES = ['NLM_F_', 'NLMSG_', 'NETLINK_', 'NLMSGERR_ATTR_', 'NL_ATTR_TYPE_', 'NL_POLICY_TYPE_ATTR_'];

/** Names in those families that are deliberately exported elsewhere. */
const EXPORTED_ELSEWHERE = new Set(['NLMSG_HDRLEN']);

describe(`constants.ts against ${NETLINK_H}`, () => {
  it('the header is there and has the netlink definitions', () => {
    const symbols = netlinkHeader();
    expect(symbols.size, `no #define or enum member parsed from ${NETLINK_H}`).toBeGreaterThan(50);
    expect(evaluate(symbols, 'NLM_F_REQUEST')).toBe(1);
  });

  it('every exported constant that the header defines has the header value', () => {
    const symbols = netlinkHeader();
    const checked: string[] = [];
    for (const [name, value] of exported) {
      if (!symbols.has(name)) continue;
      expect(value, name).toBe(evaluate(symbols, name));
      checked.push(name);
    }
    // Guards against a check that silently compares nothing.
    expect(checked.length).toBeGreaterThan(80);
  });

  it('every NLM_F_, NLMSG_, NETLINK_, NLMSGERR_ATTR_, NL_ATTR_TYPE_ and NL_POLICY_TYPE_ATTR_ constant is exported', () => {
    const symbols = netlinkHeader();
    const missing: string[] = [];
    const unevaluable: string[] = [];
    for (const name of symbols.keys()) {
      if (name.startsWith('__') || !MIRRORED_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
      if (evaluate(symbols, name) === undefined) {
        unevaluable.push(name);
        continue;
      }
      if (!exported.has(name) && !EXPORTED_ELSEWHERE.has(name)) missing.push(name);
    }
    expect(missing, 'defined in the header but not exported by constants.ts').toEqual([]);
    // Only NLMSG_HDRLEN (a sizeof) is out of the evaluator's reach; a new one should be looked at by hand.
    expect(unevaluable.sort()).toEqual(['NLMSG_HDRLEN']);
  });

  it('the constants exported by message.ts and attribute.ts match the header too', () => {
    const symbols = netlinkHeader();
    // NLMSG_HDRLEN and NLA_HDRLEN are sizeof expressions: the sizes of struct nlmsghdr and struct nlattr.
    expect(symbols.has('NLMSG_HDRLEN')).toBe(true);
    expect(NLMSG_HDRLEN).toBe(16);
    expect(symbols.has('NLA_HDRLEN')).toBe(true);
    expect(attribute.NLA_HDRLEN).toBe(4);
    expect(attribute.NLA_F_NESTED).toBe(evaluate(symbols, 'NLA_F_NESTED'));
    expect(attribute.NLA_F_NET_BYTEORDER).toBe(evaluate(symbols, 'NLA_F_NET_BYTEORDER'));
    // The header's mask is a negative int (~ of the two flags); nla_type is 16 bits wide.
    const mask = evaluate(symbols, 'NLA_TYPE_MASK');
    expect(mask).toBeDefined();
    expect(attribute.NLA_TYPE_MASK).toBe((mask ?? 0) & 0xffff);
  });

  it('SOL_NETLINK matches the socket headers', () => {
    // The uapi headers do not define SOL_NETLINK; libc does (glibc in <arch>/bits/socket.h, musl in
    // sys/socket.h), so look where those live.
    const candidates = ['/usr/include/linux/socket.h', '/usr/include/asm-generic/socket.h', '/usr/include/bits/socket.h', '/usr/include/sys/socket.h'];
    for (const entry of existsSync('/usr/include') ? readdirSync('/usr/include') : []) {
      candidates.push(join('/usr/include', entry, 'bits/socket.h'));
    }
    const found = candidates.filter(existsSync).map((path) => ({ path, value: evaluate(parseHeader(readFileSync(path, 'utf8')), 'SOL_NETLINK') }));
    const definitions = found.filter((header) => header.value !== undefined);
    expect(definitions, `SOL_NETLINK is defined in none of ${candidates.filter(existsSync).join(', ') || 'the usual socket headers (none found)'}`).not.toEqual([]);
    for (const { path, value } of definitions) expect(constants.SOL_NETLINK, path).toBe(value);
  });
});

describe('grouped tables', () => {
  const tables = {
    NLMSG_CONTROL_TYPES: constants.NLMSG_CONTROL_TYPES,
    NETLINK_PROTOCOLS: constants.NETLINK_PROTOCOLS,
    NETLINK_SOCKET_OPTIONS: constants.NETLINK_SOCKET_OPTIONS,
    NLMSGERR_ATTRS: constants.NLMSGERR_ATTRS,
    NL_ATTR_TYPES: constants.NL_ATTR_TYPES,
    NL_POLICY_TYPE_ATTRS: constants.NL_POLICY_TYPE_ATTRS,
  };

  it.each(Object.entries(tables))('%s is frozen, agrees with the constants and has one name per number', (_, table) => {
    expect(Object.isFrozen(table)).toBe(true);
    const values = Object.values(table);
    expect(new Set(values).size).toBe(values.length);
    for (const [name, value] of Object.entries(table)) expect(exported.get(name), name).toBe(value);
  });

  it('the protocol table has every protocol of the header except the INET_DIAG alias', () => {
    const names = Object.keys(constants.NETLINK_PROTOCOLS);
    expect(names).toHaveLength(22);
    expect(names).not.toContain('NETLINK_INET_DIAG');
    expect(constants.NETLINK_INET_DIAG).toBe(constants.NETLINK_SOCK_DIAG);
  });
});

// ---------------------------------------------------------------------------------------------------
// Name helpers
// ---------------------------------------------------------------------------------------------------

describe('messageTypeName', () => {
  it('names the control types', () => {
    expect([1, 2, 3, 4].map(messageTypeName)).toEqual(['NLMSG_NOOP', 'NLMSG_ERROR', 'NLMSG_DONE', 'NLMSG_OVERRUN']);
  });

  it('leaves reserved and protocol types unnamed', () => {
    expect(messageTypeName(0)).toBeUndefined();
    expect(messageTypeName(5)).toBeUndefined();
    expect(messageTypeName(constants.NLMSG_MIN_TYPE)).toBeUndefined();
    expect(messageTypeName(24)).toBeUndefined();
  });
});

describe('protocolName, socketOptionName and the attribute name helpers', () => {
  it('name protocols by their canonical name', () => {
    expect(protocolName(0)).toBe('NETLINK_ROUTE');
    expect(protocolName(4)).toBe('NETLINK_SOCK_DIAG');
    expect(protocolName(16)).toBe('NETLINK_GENERIC');
    expect(protocolName(22)).toBe('NETLINK_SMC');
    expect(protocolName(17)).toBeUndefined();
    expect(protocolName(-1)).toBeUndefined();
    expect(protocolName(1.5)).toBeUndefined();
  });

  it('keep protocols and socket options apart although both are NETLINK_*', () => {
    expect(socketOptionName(1)).toBe('NETLINK_ADD_MEMBERSHIP');
    expect(protocolName(1)).toBe('NETLINK_UNUSED');
    expect(socketOptionName(11)).toBe('NETLINK_EXT_ACK');
    expect(socketOptionName(0)).toBeUndefined();
    expect(socketOptionName(13)).toBeUndefined();
  });

  it('name extended ACK and policy attributes', () => {
    expect(extAckAttributeName(1)).toBe('NLMSGERR_ATTR_MSG');
    expect(extAckAttributeName(6)).toBe('NLMSGERR_ATTR_MISS_NEST');
    expect(extAckAttributeName(7)).toBeUndefined();
    expect(policyTypeName(4)).toBe('NL_ATTR_TYPE_U32');
    expect(policyTypeName(15)).toBe('NL_ATTR_TYPE_BITFIELD32');
    expect(policyTypeName(16)).toBeUndefined();
    expect(policyAttributeName(11)).toBe('NL_POLICY_TYPE_ATTR_PAD');
    expect(policyAttributeName(12)).toBe('NL_POLICY_TYPE_ATTR_MASK');
    expect(policyAttributeName(13)).toBeUndefined();
  });
});

describe('netlinkFlagNames', () => {
  it('gives no names for no flags', () => {
    expect(netlinkFlagNames(0)).toEqual([]);
    expect(netlinkFlagNames(0, { get: true })).toEqual([]);
  });

  it('names the flags that mean the same everywhere, in bit order', () => {
    expect(netlinkFlagNames(0x3f)).toEqual([
      'NLM_F_REQUEST',
      'NLM_F_MULTI',
      'NLM_F_ACK',
      'NLM_F_ECHO',
      'NLM_F_DUMP_INTR',
      'NLM_F_DUMP_FILTERED',
    ]);
  });

  it('names GET modifiers, with ROOT|MATCH as DUMP', () => {
    expect(netlinkFlagNames(0x305, { get: true })).toEqual(['NLM_F_REQUEST', 'NLM_F_ACK', 'NLM_F_DUMP']);
    expect(netlinkFlagNames(0x701, { get: true })).toEqual(['NLM_F_REQUEST', 'NLM_F_DUMP', 'NLM_F_ATOMIC']);
    expect(netlinkFlagNames(0x101, { get: true })).toEqual(['NLM_F_REQUEST', 'NLM_F_ROOT']);
    expect(netlinkFlagNames(0x200, { get: true })).toEqual(['NLM_F_MATCH']);
    expect(netlinkFlagNames(0x800, { get: true })).toEqual(['0x800']);
  });

  it('names NEW modifiers', () => {
    expect(netlinkFlagNames(0x605, { new: true })).toEqual(['NLM_F_REQUEST', 'NLM_F_ACK', 'NLM_F_EXCL', 'NLM_F_CREATE']);
    expect(netlinkFlagNames(0xd01, { new: true })).toEqual(['NLM_F_REQUEST', 'NLM_F_REPLACE', 'NLM_F_CREATE', 'NLM_F_APPEND']);
  });

  it('names DELETE modifiers and keeps the bits DELETE does not use', () => {
    expect(netlinkFlagNames(0x305, { delete: true })).toEqual(['NLM_F_REQUEST', 'NLM_F_ACK', 'NLM_F_NONREC', 'NLM_F_BULK']);
    expect(netlinkFlagNames(0x401, { delete: true })).toEqual(['NLM_F_REQUEST', '0x400']);
  });

  it('names ACK flags', () => {
    expect(netlinkFlagNames(0x300, { ack: true })).toEqual(['NLM_F_CAPPED', 'NLM_F_ACK_TLVS']);
    expect(netlinkFlagNames(0x202, { ack: true })).toEqual(['NLM_F_MULTI', 'NLM_F_ACK_TLVS']);
  });

  it('keeps modifier bits as hex when the kind of message is not given', () => {
    expect(netlinkFlagNames(0x305)).toEqual(['NLM_F_REQUEST', 'NLM_F_ACK', '0x300']);
    expect(netlinkFlagNames(0x301, { get: false })).toEqual(['NLM_F_REQUEST', '0x300']);
  });

  it('keeps unknown bits, collected into one hex value', () => {
    expect(netlinkFlagNames(0x1001)).toEqual(['NLM_F_REQUEST', '0x1000']);
    expect(netlinkFlagNames(0xf0c0, { new: true })).toEqual(['0xf0c0']);
    expect(netlinkFlagNames(0x1300, { get: true })).toEqual(['NLM_F_DUMP', '0x1000']);
  });

  it('rejects contradictory kinds and values that are not 16-bit flags', () => {
    expect(() => netlinkFlagNames(0x301, { get: true, new: true })).toThrow(InvalidArgumentError);
    expect(() => netlinkFlagNames(0x100, { delete: true, ack: true })).toThrow(InvalidArgumentError);
    expect(() => netlinkFlagNames(-1)).toThrow(InvalidArgumentError);
    expect(() => netlinkFlagNames(0x10000)).toThrow(InvalidArgumentError);
    expect(() => netlinkFlagNames(1.5)).toThrow(InvalidArgumentError);
    expect(() => netlinkFlagNames(Number.NaN)).toThrow(InvalidArgumentError);
  });
});
