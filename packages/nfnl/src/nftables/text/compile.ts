import { InvalidArgumentError, parseIPv4, parseIPv6, parseMAC } from '@linx/netlink-wire';
import type { Family } from '../../nfgenmsg.js';
import { datatypes, type DatatypeName } from '../datatypes.js';
import type { Verdict, VerdictCode } from '../data.js';
import type { SetElementSpec } from '../element.js';
import type { ExpressionInput } from '../expr/expression.js';
import type { SetSpec } from '../set.js';
import { ctKeys, etherTypeNames, ipv6ExthdrFields, ipv6Exthdrs, linkHeaders, metaKeys, networkHeaders, sctpChunks, tcpOptions, timeMetaKeys, transportHeaders, transportPorts, type HeaderField, type PayloadBase } from './fields.js';
import { bitmasks, hostOrder, readNumber, symbolTables } from './format.js';
import { buildUserdata } from '../userdata.js';

/**
 * Rule text linx cannot compile: a syntax error, or a statement it does not compile yet. Bad input found
 * before sending, so an `InvalidArgumentError` (its `argument` is empty: the message quotes the rule).
 */
export class RuleSyntaxError extends InvalidArgumentError {
  /** The rule text, and the word where compiling stopped. */
  readonly rule: string;
  readonly at: string | undefined;
  constructor(rule: string, at: string | undefined, why: string) {
    super('', `${why}${at !== undefined ? ` at "${at}"` : ' at the end'} in rule "${rule}"`, 'ERR_LINX_NFT_RULE_SYNTAX');
    this.rule = rule;
    this.at = at;
  }
}

/** What a rule's text compiles to: its expressions, the anonymous sets it uses (to add first, in the same batch) and its comment. */
export interface CompiledRule {
  expressions: ExpressionInput[];
  sets: { spec: SetSpec; elements: SetElementSpec[] }[];
  comment?: string;
}

const REG = 1; // NFT_REG_1: nft loads every single value there
const TOKEN = /\s*("(?:[^"\\]|\\.)*"|[{}]|,|!=|==|<=|>=|[^\s{},"]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let end = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    // A range of quoted values (`meta hour "17:00"-"18:00"`) is one word, as a range of numbers is.
    if (tokens.at(-1) === '-' && m[1]!.startsWith('"') && tokens.at(-2)?.endsWith('"')) {
      tokens.pop();
      tokens.push(`${tokens.pop()}-${m[1]}`);
    } else tokens.push(m[1]!);
    end = TOKEN.lastIndex;
  }
  // What no token matched (an unterminated string): one last token, for the error to name.
  if (text.slice(end).trim()) tokens.push(text.slice(end).trim());
  return tokens;
}

/** A header field compared with a value: where, the value, and its load and compare in the rule's expressions. */
interface PayloadMatch {
  base: PayloadBase;
  offset: number;
  value: Uint8Array;
  eq: boolean;
  protocol: boolean;
  load: { name: string; data: { offset: number; len: number } };
  compare: { name: string; data: { data: { value: Uint8Array } } };
}

/** The types nft writes prefixes of (DTYPE_F_PREFIX): addresses and marks. */
const prefixTypes: ReadonlySet<DatatypeName> = new Set<DatatypeName>(['ipv4_addr', 'ipv6_addr', 'mark']);

/** In the rule's payload matches: a statement other than a match stood here. */
const END_OF_MATCHES = 'end of matches';

/** A thing a match can load: its expression, its type and size, and how its value is stored. */
interface Selector {
  type: DatatypeName;
  size: number;
  bigEndian: boolean;
  /** The protocol matches nft puts first (each once per rule: the rule's context remembers them). */
  deps(): ExpressionInput[];
  /** The load into `dreg` (payload fields: `len` bytes, fewer for a byte-aligned prefix). */
  loadInto(dreg: number, len?: number): ExpressionInput;
  /** Dependencies, then the load into NFT_REG_1. */
  load(len?: number): ExpressionInput[];
  /** The byte order of the loaded value as nft records it for a set of it (meta and ct keys: host, but for addresses, ports and ether types). */
  hostOrder: boolean;
  /** For a TCP option field: where it is, to write it. */
  option?: { type: number; offset: number; len: number };
  /** For meta and ct keys: the key, to set it. */
  key?: { name: 'meta' | 'ct'; key: string; direction?: string };
  /** A header field's protocol and field, for its dependencies and narrow-field masks. */
  field?: { base: PayloadBase; header: string; f: HeaderField };
  /** A field of an IPv6 extension header: its bits, for a narrow field's mask (`frag frag-off 100`). */
  bits?: HeaderField;
  /** Which protocol a match on it chooses (`meta l4proto`, `ip protocol`, `meta nfproto`). */
  chooses?: 'l3' | 'l4';
}

const protocolNumbers: Record<string, number> = Object.fromEntries(Object.entries(symbolTables.inet_proto ?? {}).map(([n, name]) => [name, Number(n)]));
const transportByName: Record<string, [number, HeaderField[]]> = Object.fromEntries(Object.entries(transportHeaders).map(([n, fields]) => [fields[0]!.protocol, [Number(n), fields]]));
const metaByName = Object.fromEntries(Object.entries({ ...metaKeys, ...timeMetaKeys }).map(([kernel, k]) => [k.name, { kernel, ...k }]));
/**
 * The meta keys nft reads without `meta` (its grammar's meta_key_unqualified: `mark 0x1`, `skuid 0`,
 * `meta mark set mark or 0x10`); it prints only some of them so (MetaKey.unqualified).
 */
const unqualifiedMeta = new Set(['mark', 'iif', 'iifname', 'iiftype', 'oif', 'oifname', 'oiftype', 'skuid', 'skgid', 'nftrace', 'rtclassid', 'ibrname', 'obrname', 'pkttype', 'cpu', 'iifgroup', 'oifgroup', 'cgroup', 'ipsec']);
/** The values nft generates rather than loads: `numgen inc mod 2`, `jhash ip saddr mod 4`, `symhash mod 2`. */
const generators = new Set(['numgen', 'jhash', 'symhash']);
const ctByName = Object.fromEntries(Object.entries(ctKeys).map(([kernel, k]) => [k.name, { kernel, ...k }]));

/**
 * Compiles a rule written as nft writes it (`ip saddr 10.0.0.0/24 tcp dport { 22, 80 } ct state new counter
 * accept comment "ssh"`) to the expressions nft generates for it: the protocol dependencies nft adds
 * (`meta nfproto`, `meta l4proto`, `meta protocol`), byte-aligned prefixes loaded short, ranges as two
 * compares (`!=` as a range expression), bit masks, anonymous sets (returned in `sets`, added in the same
 * batch) and named ones (`@name`). Statements: matches on payload fields, meta and ct keys; counter, limit,
 * log, notrack, `meta`/`ct` key set, masquerade, redirect, snat/dnat, reject, queue, `flow add @ft`,
 * `last`, named objects (counter, quota, limit, ct helper/timeout/expectation, secmark, synproxy), verdicts;
 * `comment`.
 * Throws `RuleSyntaxError` for anything else.
 */
export function compileRule(text: string, target: { family: Family; table: string }): CompiledRule {
  return new RuleCompiler(text, target.family, target.table).compile();
}

let anonymousSetIds = 0x4c00_0000;

class RuleCompiler {
  readonly tokens: string[];
  at = 0;
  readonly out: ExpressionInput[] = [];
  readonly sets: CompiledRule['sets'] = [];
  comment: string | undefined;
  l3: string | undefined;
  l4: number | undefined;
  /** Whether an Ethernet header (`meta iiftype ether`) and a VLAN tag (`ether type 8021q`) are known to be there. */
  ether = false;
  vlan = false;
  /** Whether the transport protocol was matched against a set of them (`meta l4proto { tcp, udp }`). */
  l4Set = false;
  /** Whether the ICMP (or ICMPv6) type is matched already. */
  icmpType = false;
  /** The ICMP types an equality match on the type named (a value or a set's), undefined for another match. */
  icmpTypes: string[] | undefined;

  constructor(
    readonly text: string,
    readonly family: Family,
    readonly table: string,
  ) {
    this.tokens = tokenize(text);
    this.l3 = family === 'ip' || family === 'ip6' || family === 'arp' ? family : undefined;
  }

  /** The word read last: the one an error names. */
  last: string | undefined;

  fail(why: string, at: string | undefined = this.last): never {
    throw new RuleSyntaxError(this.text, at, why);
  }
  peek(offset = 0): string | undefined {
    return this.tokens[this.at + offset];
  }
  next(what = 'a word'): string {
    const t = this.tokens[this.at];
    // (Not this.fail(…, undefined), which would name the last word read.)
    if (t === undefined) throw new RuleSyntaxError(this.text, undefined, `expected ${what}`);
    this.at++;
    this.last = t;
    return t;
  }
  accept(word: string): boolean {
    if (this.peek() !== word) return false;
    this.at++;
    this.last = word;
    return true;
  }

  compile(): CompiledRule {
    while (this.peek() !== undefined) this.statement();
    this.mergePayloadMatches();
    // nft declares each anonymous set's size (NFTA_SET_DESC_SIZE), which the kernel keeps as the set's
    // limit and weighs in choosing the set's backend (intervalElements counts it; a concatenation's: its
    // elements).
    const sets = this.sets.map(({ spec, elements }) => ({ spec: { ...spec, size: spec.size ?? elements.length }, elements }));
    return { expressions: this.out, sets, ...(this.comment !== undefined ? { comment: this.comment } : {}) };
  }

  /** Whether the statement being compiled is something other than a match (nft: not STMT_EXPRESSION). */
  nonMatch = false;

  /** One statement; one other than a match ends a run of matches nft may merge (mergePayloadMatches). */
  statement(): void {
    this.nonMatch = true;
    this.statementBody();
    if (this.nonMatch) this.payloadMatches.push(END_OF_MATCHES);
  }

  statementBody(): void {
    const word = this.peek()!;
    switch (word) {
      case 'accept':
      case 'drop':
      case 'return':
      case 'continue':
        this.at++;
        return void this.out.push({ name: 'immediate', data: { dreg: 0, data: { verdict: { code: word } } } });
      case 'jump':
      case 'goto': {
        this.at++;
        const chain = this.next('a chain');
        return void this.out.push({ name: 'immediate', data: { dreg: 0, data: { verdict: { code: word, chain } } } });
      }
      case 'counter':
        if (this.peek(1) === 'name') break;
        this.at++;
        return void this.out.push({ name: 'counter', data: {} });
      case 'notrack':
        this.at++;
        return void this.out.push({ name: 'notrack' } as ExpressionInput); // nft sends no data for it
      case 'comment':
        // The rule's comment, not a statement (nft keeps it in the rule's user data).
        this.nonMatch = false;
        this.at++;
        this.comment = unquote(this.next('a comment'));
        return;
      case 'log':
        this.at++;
        return this.log();
      case 'limit':
        if (this.peek(1) === 'name') break;
        this.at++;
        return this.limit();
      case 'masquerade':
      case 'redirect':
        this.at++;
        return this.masqRedir(word);
      case 'snat':
      case 'dnat':
        this.at++;
        return this.nat(word);
      case 'reject':
        this.at++;
        return this.reject();
      case 'tproxy':
        this.at++;
        return this.tproxy();
      case 'quota':
        if (this.peek(1) === 'name') break;
        this.at++;
        return this.quota();
      case 'add':
      case 'update':
      case 'delete':
        if (!this.peek(1)?.startsWith('@')) break;
        this.at++;
        return this.dynset(word);
      case 'queue':
        this.at++;
        return this.queue();
      case 'synproxy':
        if (this.peek(1) === 'name') break;
        this.at++;
        return this.synproxy();
      case 'flow': {
        // `flow add @ft` (`flow offload @ft`, its older spelling): the connection offloaded to a flowtable.
        if (this.peek(1) !== 'add' && this.peek(1) !== 'offload') break;
        this.at += 2;
        const name = this.next('a flowtable');
        if (!name.startsWith('@')) this.fail('expected @flowtable');
        return void this.out.push({ name: 'flow_offload', data: { name: name.slice(1) } } as ExpressionInput);
      }
      case 'last':
        // `last` or `last used never` (nft sends the time last used, 0, before whether it was).
        this.at++;
        if (this.accept('used') && this.next('never') !== 'never') this.fail('expected never (a rule is added unused)');
        return void this.out.push({ name: 'last', data: { msecs: 0n, set: 0 } } as ExpressionInput);
      default:
        break;
    }
    // `counter name "x"`, `quota name "x"`, `limit name "x"`: a named object.
    if ((word === 'counter' || word === 'quota' || word === 'limit') && this.peek(1) === 'name') {
      this.at += 2;
      return void this.out.push({ name: 'objref', data: { immType: word, immName: unquote(this.next('a name')) } } as ExpressionInput);
    }
    // `ct timeout set "t"`, `ct expectation set "e"`: a ct timeout or expectation object assigned.
    if (word === 'ct' && (this.peek(1) === 'timeout' || this.peek(1) === 'expectation') && this.peek(2) === 'set') {
      const immType = this.peek(1) === 'timeout' ? 'ct-timeout' : 'ct-expect';
      this.at += 3;
      return void this.out.push({ name: 'objref', data: { immType, immName: unquote(this.next('a name')) } } as ExpressionInput);
    }
    // An ICMP echo's id or sequence is there only in an echo request or reply: nft matches the type first,
    // `icmp type { echo-request, echo-reply }`, and so does linx, as if it were written.
    if ((word === 'icmp' || word === 'icmpv6') && (this.peek(1) === 'id' || this.peek(1) === 'sequence') && !this.icmpType) {
      this.tokens.splice(this.at, 0, word, 'type', '{', 'echo-request', ',', 'echo-reply', '}');
    }
    // An id or sequence after a type match of other types: nft refuses it (`incompatible icmp match`).
    if ((word === 'icmp' || word === 'icmpv6') && (this.peek(1) === 'id' || this.peek(1) === 'sequence') && this.icmpTypes) {
      const echo = word === 'icmp' ? ['echo-request', 'echo-reply', '8', '0'] : ['echo-request', 'echo-reply', '128', '129'];
      const other = this.icmpTypes.find((t) => !echo.includes(t));
      if (other !== undefined) this.fail(`an ICMP ${this.peek(1)} is there only in an echo request or reply, and the rule matches type ${other}`, word);
    }
    if ((word === 'icmp' || word === 'icmpv6') && this.peek(1) === 'type') {
      this.icmpType = true;
      const first = this.peek(2);
      if (first === '{') {
        const types: string[] = [];
        for (let i = 3; this.peek(i) !== undefined && this.peek(i) !== '}'; i++) if (this.peek(i) !== ',') types.push(this.peek(i)!);
        this.icmpTypes = types;
      } else this.icmpTypes = first === undefined || ['!=', '<', '>', '<=', '>=', 'vmap', '@'].some((op) => first.startsWith(op)) ? undefined : [first === '==' ? this.peek(3)! : first];
    }
    // `meta secmark set "s"`: a secmark object (a quoted name; a number is the key set from a value).
    if (word === 'meta' && this.peek(1) === 'secmark' && this.peek(2) === 'set' && this.peek(3)?.startsWith('"')) {
      this.at += 3;
      return void this.out.push({ name: 'objref', data: { immType: 'secmark', immName: unquote(this.next('a name')) } } as ExpressionInput);
    }
    // `synproxy name "s"`: a synproxy object used.
    if (word === 'synproxy' && this.peek(1) === 'name') {
      this.at += 2;
      return void this.out.push({ name: 'objref', data: { immType: 'synproxy', immName: unquote(this.next('a name')) } } as ExpressionInput);
    }
    if (word === 'ct' && this.peek(1) === 'count') {
      this.at += 2;
      const over = this.accept('over');
      return void this.out.push({ name: 'connlimit', data: { count: Number(this.number(this.next('a count'), 'count')), flags: over ? ['inv'] : [] } } as ExpressionInput);
    }
    return this.match();
  }

  /** A selector: a header field, a meta key or a ct key. */
  selector(): Selector {
    const word = this.next('a statement');
    if (generators.has(word)) return this.generated(word);
    // `osf name "Linux"`, `osf ttl loose version "Linux:3.11"`: the name (and version) of the SYN's
    // fingerprint, a string of NFT_OSF_MAXGENRELEN (16) bytes.
    if (word === 'osf') {
      const ttl = this.accept('ttl') ? (['global', 'loose', 'skip'].indexOf(this.next('loose or skip')) as number) : 0;
      if (ttl < 0) this.fail('expected loose or skip');
      const what = this.next('name or version');
      if (what !== 'name' && what !== 'version') this.fail('expected name or version');
      const loadInto = (dreg: number) => ({ name: 'osf', data: { dreg, ttl, ...(what === 'version' ? { flags: ['version'] } : {}) } }) as ExpressionInput;
      return { type: 'string', size: 16, bigEndian: true, hostOrder: true, deps: () => [], loadInto, load: () => [loadInto(REG)] };
    }
    // `ipsec in reqid 1`, `ipsec out spnum 1 ip daddr 10.0.0.1`: the IPsec state of the packet's secure
    // path (xfrm). (`ipsec exists` is meta secpath.)
    if (word === 'ipsec' && (this.peek() === 'in' || this.peek() === 'out')) {
      const dir = this.next();
      const spnum = this.accept('spnum') ? Number(this.number(this.next('a number'), 'spnum')) : 0;
      if (spnum > 255) this.fail('an spnum from 0 to 255');
      let name = this.next('reqid, spi, ip or ip6');
      if (name === 'ip' || name === 'ip6') name += ` ${this.next('saddr or daddr')}`;
      // [kernel key, type, size, big-endian]: reqid in host order, as nft loads it.
      const keys: Record<string, [string, DatatypeName, number, boolean]> = {
        reqid: ['reqid', 'integer', 4, false], spi: ['spi', 'integer', 4, true],
        'ip saddr': ['saddr-ip4', 'ipv4_addr', 4, true], 'ip daddr': ['daddr-ip4', 'ipv4_addr', 4, true],
        'ip6 saddr': ['saddr-ip6', 'ipv6_addr', 16, true], 'ip6 daddr': ['daddr-ip6', 'ipv6_addr', 16, true],
      };
      const [key, type, size, bigEndian] = keys[name] ?? this.fail(`unknown ipsec key ${name}`);
      const loadInto = (dreg: number) => ({ name: 'xfrm', data: { key, dir, spnum, dreg } }) as ExpressionInput;
      return { type, size, bigEndian, hostOrder: !bigEndian, deps: () => [], loadInto, load: () => [loadInto(REG)] };
    }
    if (word === 'meta' || unqualifiedMeta.has(word)) {
      const name = word === 'meta' ? this.next('a meta key') : word;
      const key = metaByName[name === 'secpath' ? 'ipsec' : name] ?? this.fail(`unknown meta key ${name}`);
      const size = key.size ?? (datatypes[key.type] as { size?: number }).size ?? 4;
      const chooses = key.kernel === 'l4-proto' ? 'l4' : key.kernel === 'nfproto' || key.kernel === 'protocol' ? 'l3' : undefined;
      const loadInto = (dreg: number) => ({ name: 'meta', data: { key: key.kernel, dreg } }) as ExpressionInput;
      const bigEndian = key.bigEndian ?? (key.type !== 'integer' && !hostOrder.has(key.type));
      return { type: key.type, size, bigEndian, hostOrder: !key.bigEndian && key.type !== 'ether_type', deps: () => [], loadInto, load: () => [loadInto(REG)], key: { name: 'meta', key: key.kernel }, ...(chooses ? { chooses } : {}) };
    }
    // `frag frag-off 100`, `rt seg-left 1-5` (not `rt classid`), `mh type binding-update`.
    if (ipv6ExthdrFields[word] && !(word === 'rt' && !ipv6ExthdrFields.rt!.some((f) => f.field === this.peek()))) return this.exthdrField(word);
    if (word === 'socket' || word === 'rt') {
      const name = this.next('a key');
      const keys: Record<string, [string, DatatypeName, number, boolean]> =
        word === 'socket'
          ? { transparent: ['transparent', 'integer', 1, false], mark: ['mark', 'mark', 4, false], wildcard: ['wildcard', 'integer', 1, false] }
          : { classid: ['classid', 'realm', 4, false], mtu: ['tcpmss', 'integer', 2, false], ipsec: ['xfrm', 'boolean', 1, false] };
      // `rt ip nexthop`, `rt ip6 nexthop`.
      let [key, type, size, bigEndian] = keys[name] ?? [undefined, 'integer', 4, false];
      if (word === 'rt' && (name === 'ip' || name === 'ip6')) {
        if (this.next('nexthop') !== 'nexthop') this.fail('expected nexthop');
        [key, type, size, bigEndian] = name === 'ip' ? ['nexthop4', 'ipv4_addr', 4, true] : ['nexthop6', 'ipv6_addr', 16, true];
      }
      if (key === undefined) this.fail(`unknown ${word} key ${name}`);
      // nft sends a socket key's cgroup level (0) with it.
      const loadInto = (dreg: number) => ({ name: word, data: { dreg, key, ...(word === 'socket' ? { level: 0 } : {}) } }) as ExpressionInput;
      return { type, size, bigEndian, hostOrder: !bigEndian, deps: () => [], loadInto, load: () => [loadInto(REG)] };
    }
    // `sctp chunk init num-inbound-streams 5`, `sctp chunk abort missing`: nft matches no protocol first.
    if (word === 'sctp' && this.peek() === 'chunk') {
      this.at++;
      const name = this.next('a chunk');
      const [type, chunk] = Object.entries(sctpChunks).find(([, c]) => c.name === name) ?? this.fail(`unknown sctp chunk ${name}`);
      const present = this.peek() === 'exists' || this.peek() === 'missing';
      const field = present ? undefined : this.next('a field');
      const [, offset, len] = field === undefined ? ['', 0, 1] : (chunk.fields.find(([f]) => f === field) ?? this.fail(`sctp chunk ${name} has no field ${field}`));
      const loadInto = (dreg: number) => ({ name: 'exthdr', data: { dreg, type: Number(type), offset, len, flags: field === undefined ? ['present'] : [], op: 'sctp' } }) as ExpressionInput;
      return { type: field === undefined ? 'boolean' : 'integer', size: len, bigEndian: true, hostOrder: false, deps: () => [], loadInto, load: () => [loadInto(REG)] };
    }
    if (word === 'exthdr' || (word === 'tcp' && this.peek() === 'option')) {
      // `tcp option maxseg size`, `tcp option sack-perm exists`, `exthdr hbh exists`.
      if (word === 'tcp') this.at++;
      const name = this.next('an option or header');
      const present = () => this.peek() === 'exists' || this.peek() === 'missing';
      if (word === 'exthdr') {
        const type = Number(Object.entries(ipv6Exthdrs).find(([, n]) => n === name)?.[0] ?? this.fail(`unknown extension header ${name}`));
        if (!present()) this.fail('only exists and missing of an extension header are compiled yet');
        const sel: Selector = {
          type: 'boolean', size: 1, bigEndian: true, hostOrder: false,
          // nft puts the IPv6 match an extension header needs at the start of the rule, not before it
          // (`ct state new exthdr hbh exists`: meta nfproto ipv6 first).
          deps: () => {
            this.out.unshift(...this.dependencies('network', 'ip6'));
            return [];
          },
          loadInto: (dreg: number) => ({ name: 'exthdr', data: { dreg, type, offset: 0, len: 1, flags: ['present'], op: 'ipv6' } }) as ExpressionInput,
          load: () => [...sel.deps(), sel.loadInto(REG)],
        };
        return sel;
      }
      // `tcp option @99,8,8`: an option by kind, a field by bit offset and length (whole bytes here).
      if (name.startsWith('@')) {
        const [kind, bitOffset, bits] = [name.slice(1), (this.next(','), this.next('a bit offset')), (this.next(','), this.next('a bit length'))].map(Number) as [number, number, number];
        if (![kind, bitOffset, bits].every(Number.isInteger) || kind < 0 || kind > 255) this.fail('expected @kind,offset,length');
        if (bitOffset % 8 !== 0 || bits % 8 !== 0 || bits === 0) this.fail('a tcp option field of bits not whole bytes is not compiled yet');
        const option = { type: kind, offset: bitOffset / 8, len: bits / 8 };
        const loadInto = (dreg: number) => ({ name: 'exthdr', data: { dreg, ...option, flags: [], op: 'tcpopt' } }) as ExpressionInput;
        return { type: 'integer', size: option.len, bigEndian: true, hostOrder: false, option, deps: () => [], loadInto, load: () => [loadInto(REG)] };
      }
      // `tcp option sack1 right`: the blocks after the first, 8 bytes each (sack0 is sack).
      const block = /^sack([0-3])$/.exec(name);
      const [kind, option] = Object.entries(tcpOptions).find(([, o]) => o.name === (block ? 'sack' : name)) ?? this.fail(`unknown tcp option ${name}`);
      const field = present() ? undefined : this.next('a field');
      let [, offset, len] = field === undefined ? ['', 0, 1] : (option.fields.find(([f]) => f === field) ?? this.fail(`tcp option ${name} has no field ${field}`));
      if (block && field !== undefined) {
        if (field !== 'left' && field !== 'right') this.fail(`tcp option ${name} has no field ${field}`);
        offset += 8 * Number(block[1]);
      }
      const sel: Selector = {
        type: field === undefined ? 'boolean' : 'integer', size: len, bigEndian: true, hostOrder: false,
        option: { type: Number(kind), offset, len },
        deps: () => [],
        loadInto: (dreg: number) => ({ name: 'exthdr', data: { dreg, type: Number(kind), offset, len, flags: field === undefined ? ['present'] : [], op: 'tcpopt' } }) as ExpressionInput,
        load: () => [sel.loadInto(REG)],
      };
      return sel;
    }
    if (word === 'fib') {
      const flags: string[] = [];
      for (;;) {
        const f = this.next('saddr, daddr, mark, iif or oif');
        if (!['saddr', 'daddr', 'mark', 'iif', 'oif'].includes(f)) this.fail(`unknown fib key ${f}`);
        flags.push(f);
        if (!this.accept('.')) break;
      }
      const result = ({ oif: 'oif', oifname: 'oifname', type: 'addrtype' } as Record<string, string>)[this.next('oif, oifname or type')] ?? this.fail('expected oif, oifname or type');
      const type: DatatypeName = result === 'addrtype' ? 'fib_addrtype' : result === 'oif' ? 'iface_index' : 'ifname';
      // `fib … oif missing` asks only whether there is a route: the present flag, and a boolean.
      const present = this.peek() === 'missing' || this.peek() === 'exists';
      const sel: Selector = {
        type: present ? 'boolean' : type,
        // The result register keeps its width with the present flag (the kernel writes 0 or 1 into it).
        size: (datatypes[type] as { size?: number }).size ?? 4,
        bigEndian: false,
        hostOrder: true,
        deps: () => [],
        loadInto: (dreg: number) => ({ name: 'fib', data: { dreg, result, flags: present ? [...flags, 'present'] : flags } }) as ExpressionInput,
        load: () => [sel.loadInto(REG)],
      };
      return sel;
    }
    if (word === 'ct') {
      const direction = this.peek() === 'original' || this.peek() === 'reply' ? this.next() : undefined;
      let name = this.next('a ct key');
      // `ct original ip saddr`: a key of two words.
      if (name === 'ip' || name === 'ip6') name += ` ${this.next('saddr or daddr')}`;
      const key = ctByName[name] ?? this.fail(`unknown ct key ${name}`);
      const size = key.size ?? (datatypes[key.type] as { size?: number }).size ?? 4;
      const loadInto = (dreg: number) => ({ name: 'ct', data: { key: key.kernel, dreg, ...(direction ? { direction } : {}) } }) as ExpressionInput;
      const bigKey = ['inet_service', 'ipv4_addr', 'ipv6_addr'].includes(key.type);
      return { type: key.type, size, bigEndian: key.type !== 'integer' && !hostOrder.has(key.type), hostOrder: !bigKey, deps: () => [], loadInto, load: () => [loadInto(REG)], key: { name: 'ct', key: key.kernel, ...(direction ? { direction } : {}) } };
    }
    let base: PayloadBase;
    let fields: HeaderField[] | undefined;
    if (networkHeaders[word]) [base, fields] = ['network', networkHeaders[word]];
    else if (transportByName[word]) [base, fields] = ['transport', transportByName[word]![1]];
    else if (word === 'th') [base, fields] = ['transport', transportPorts];
    else if (word === 'ether' || word === 'vlan') [base, fields] = ['link', linkHeaders[word]];
    else return this.fail(`unknown statement ${word}`);
    const name = this.next('a header field');
    const f = fields.find((x) => x.field === name) ?? this.fail(`${word} has no field ${name}`);
    const first = f.offset >> 3;
    const size = ((f.offset + f.len + 7) >> 3) - first;
    return {
      type: f.type,
      size,
      bigEndian: true,
      hostOrder: false,
      field: { base, header: word, f },
      deps: () => this.dependencies(base, word),
      loadInto: (dreg: number, len = size) => ({ name: 'payload', data: { dreg, base, offset: first, len } }) as ExpressionInput,
      load: (len = size) => [...this.dependencies(base, word), { name: 'payload', data: { dreg: REG, base, offset: first, len } } as ExpressionInput],
      ...(f.field === 'protocol' || f.field === 'nexthdr' ? { chooses: 'l4' as const } : base === 'link' && f.field === 'type' ? { chooses: 'l3' as const } : {}),
    };
  }

  /**
   * A field of an IPv6 extension header (`frag frag-off 100`): loaded by exthdr from the header's start,
   * the bytes it spans (a narrow field masked as a payload field is). nft puts the IPv6 match it needs at
   * the start of the rule, as for `exthdr hbh exists`.
   */
  exthdrField(header: string): Selector {
    const name = this.next('a header field');
    const f = ipv6ExthdrFields[header]!.find((x) => x.field === name) ?? this.fail(`${header} has no field ${name}`);
    const type = Number(Object.entries(ipv6Exthdrs).find(([, n]) => n === header)![0]);
    const first = f.offset >> 3;
    const size = ((f.offset + f.len + 7) >> 3) - first;
    const loadInto = (dreg: number) => ({ name: 'exthdr', data: { dreg, type, offset: first, len: size, flags: [], op: 'ipv6' } }) as ExpressionInput;
    const deps = () => {
      this.out.unshift(...this.dependencies('network', 'ip6'));
      return [];
    };
    return { type: f.type, size, bigEndian: true, hostOrder: false, bits: f, deps, loadInto, load: () => [...deps(), loadInto(REG)] };
  }

  /** The protocol matches nft puts before a header field it cannot know is there. */
  dependencies(base: PayloadBase, header: string): ExpressionInput[] {
    const deps: ExpressionInput[] = [];
    // `byL4`: the network protocol an ICMP match implies, which nft checks in the Ethernet header in bridge
    // tables (`ether type ip`) where a network field gets `meta protocol ip` (netdev: both `meta protocol`).
    const l3 = (name: string, byL4 = false) => {
      if (this.l3 === name) return;
      if (this.l3 !== undefined) this.fail(`a ${name} field in a rule that matches ${this.l3}`);
      const nfproto = ({ ip: 2, ip6: 10, arp: 3 } as Record<string, number>)[name]!;
      if (this.family === 'inet') deps.push(...cmpEq({ name: 'meta', data: { key: 'nfproto', dreg: REG } }, Uint8Array.of(nfproto)));
      else if (this.family === 'bridge' || this.family === 'netdev') {
        const type = Number(Object.entries(etherTypeNames).find(([, n]) => n === name)![0]);
        const value = Uint8Array.of(type >> 8, type & 0xff);
        // The Ethernet type is a header field like any: nft merges it with the fields before it.
        if (byL4 && this.family === 'bridge') deps.push(...this.payloadMatch('link', 12, value, 'eq', true));
        else deps.push(...cmpEq({ name: 'meta', data: { key: 'protocol', dreg: REG } }, value));
      } else this.fail(`a ${name} field in a ${this.family} table`);
      this.l3 = name;
    };
    if (base === 'network') l3(header);
    // `th`: the ports of whatever transport protocol it is, with no protocol match of its own.
    if (base === 'transport' && header !== 'th') {
      if (this.l4Set) this.fail(`a ${header} field after a set of protocols (nft refuses it, conflicting protocols: th's ports fit)`, header);
      const [proto] = transportByName[header]!;
      if (this.l4 === proto) return deps;
      if (this.l4 !== undefined) this.fail(`a ${header} field in a rule that matches protocol ${this.l4}`);
      // (IGMP, as ICMP, is there only over IPv4: nft matches that first, `meta nfproto ipv4` in inet.)
      if (proto === 1 || proto === 2) l3('ip', true);
      if (proto === 58) l3('ip6', true);
      deps.push(...cmpEq({ name: 'meta', data: { key: 'l4-proto', dreg: REG } }, Uint8Array.of(proto)));
      this.l4 = proto;
    }
    if (base === 'link') {
      // Outside bridge, an Ethernet header is there only on Ethernet devices: `meta iiftype ether` (netdev too).
      if (this.family !== 'bridge' && !this.ether) {
        deps.push(...cmpEq({ name: 'meta', data: { key: 'iftype', dreg: REG } }, numberBytes(1n, 2, false)));
        this.ether = true;
      }
      // A VLAN header follows an Ethernet one of type 8021q.
      if (header === 'vlan' && !this.vlan) {
        deps.push(...this.payloadMatch('link', 12, Uint8Array.of(0x81, 0x00), 'eq', true));
        this.vlan = true;
      }
    }
    return deps;
  }

  match(): void {
    let sel = this.selector();
    if (this.peek() === '.') return this.concatMatch(sel);
    if (this.accept('set')) {
      if (sel.option) {
        // `tcp option maxseg size set 1360`: the value written into the option.
        const value = this.value(this.next('a value'), sel);
        return void this.out.push({ name: 'immediate', data: { dreg: REG, data: { value } } }, { name: 'exthdr', data: { sreg: REG, ...sel.option, op: 'tcpopt' } } as ExpressionInput);
      }
      if (!sel.key && !sel.field) this.fail('this cannot be set');
      return sel.key ? this.mangle(sel) : this.payloadWrite(sel);
    }
    // `meta mark & 0xff == 0x10`, `ip saddr & 255.255.0.0 == 10.1.0.0`: the value masked, then compared
    // (or looked up) as it is, bit masks too (`ct state & established == established`).
    const masked = this.accept('&');
    if (masked) {
      const f = sel.field?.f;
      if (f && (f.len % 8 !== 0 || f.offset % 8 !== 0)) this.fail('a mask on a narrow field is not compiled yet');
      let maskText = this.next('a mask');
      while (this.peek() === ',' && bitmasks[sel.type]) maskText += this.next() + this.next('a flag');
      const mask = this.value(maskText, sel);
      const { field: _field, load, ...rest } = sel;
      sel = { ...rest, load: () => [...load(), bitwise(sel.size, mask, true)] };
    }
    if (this.accept('vmap')) return this.vmap(sel);
    this.nonMatch = false;
    let op = 'eq';
    const ops: Record<string, string> = { '==': 'eq', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
    if (this.peek() !== undefined && ops[this.peek()!]) op = ops[this.next()]!;
    let word = this.next('a value');
    // A set of one element is that element: nft compares with it rather than make a set (`!= { 1.1.1.1 }`).
    if (word === '{' && this.peek(1) === '}' && this.peek() !== '}') {
      word = this.next('an element');
      this.next();
    }
    if (word === '{') {
      // nft refuses a protocol's fields after a set of protocols (`meta l4proto { tcp, udp } udp dport 53`:
      // conflicting protocols); only th's ports fit.
      if (op === 'eq' && sel.chooses === 'l4') this.l4Set = true;
      return this.anonymousSet(sel, op);
    }
    if (word.startsWith('@')) {
      this.out.push(...sel.load(), { name: 'lookup', data: { sreg: REG, set: word.slice(1), ...(op === 'neq' ? { flags: ['inv'] } : {}) } } as ExpressionInput);
      return;
    }
    const f = sel.field?.f ?? sel.bits;
    // A field narrower than the bytes loaded: masked, its value shifted into place.
    const narrow = f && (f.len % 8 !== 0 || f.offset % 8 !== 0) ? { shift: sel.size * 8 - (f.offset % 8) - f.len, mask: ((1n << BigInt(f.len)) - 1n) << BigInt(sel.size * 8 - (f.offset % 8) - f.len) } : undefined;
    const slash = word.indexOf('/');
    if (slash > 0 && prefixTypes.has(sel.type)) {
      const { bits, first, mask } = this.prefix(word, slash, sel);
      // A whole-byte prefix of an address loads only its bytes; /0 (no byte) is masked like any other (nft:
      // mask 0, compare 0); a mark (host order) is masked.
      if (bits % 8 === 0 && bits > 0 && sel.bigEndian) return void this.out.push(...sel.load(bits / 8), cmp(op, first.subarray(0, bits / 8)));
      return void this.out.push(...sel.load(), bitwise(sel.size, mask), cmp(op, first));
    }
    // A host-order value compared by size (`ct bytes > 1000`, `meta length 100-200`, `meta skuid
    // 1000-2000`): nft turns it to network order first (byteorder hton) and compares big-endian values.
    // (One byte has no order: nft sends no byteorder for it, `ct direction 0-1`, and the kernel refuses one of size 1.)
    const ordered = (sel.type === 'integer' || hostOrder.has(sel.type)) && !sel.bigEndian && !sel.field && sel.size > 1 ? { ...sel, bigEndian: true } : undefined;
    const hton = ordered ? [{ name: 'byteorder', data: { sreg: REG, dreg: REG, op: 'hton', len: sel.size, size: sel.size } } as ExpressionInput] : [];
    const dash = word.indexOf('-', 1);
    if (dash > 0 && sel.type !== 'ifname' && !/^[a-z]/.test(word) && sel.type !== 'ipv6_addr') {
      const vsel = ordered ?? sel;
      let [a, b] = [this.value(word.slice(0, dash), vsel), this.value(word.slice(dash + 1), vsel)];
      // Hours whose range wraps past midnight UTC (`meta hour "23:00"-"01:00"`): nft turns the range
      // around and the match with it (`!= "01:00"-"23:00"`).
      if (sel.type === 'hour' && readNumber(a, true) > readNumber(b, true)) [a, b, op] = [b, a, op === 'neq' ? 'eq' : 'neq'];
      // A narrow field (`ip dscp 1-5`): the bytes masked, the bounds shifted into place, as for a value.
      const load = narrow ? [...sel.load(), bitwise(sel.size, numberBytes(narrow.mask, sel.size, true), true)] : sel.load();
      if (narrow) [a, b] = [a, b].map((v) => numberBytes(readNumber(v, true) << BigInt(narrow.shift), sel.size, true)) as [Uint8Array, Uint8Array];
      if (op === 'neq') return void this.out.push(...load, ...hton, { name: 'range', data: { sreg: REG, op: 'neq', fromData: { value: a }, toData: { value: b } } });
      return void this.out.push(...load, ...hton, cmp('gte', a), cmp('lte', b));
    }
    if (ordered && op !== 'eq' && op !== 'neq') return void this.out.push(...sel.load(), ...hton, cmp(op, this.value(word, ordered)));
    let text = word;
    while (this.peek() === ',' && bitmasks[sel.type]) text += this.next() + this.next('a flag');
    let value = this.value(text, sel);
    // `ct label 1`: the label's bit set, as `ct state new` tests its bit.
    if (sel.type === 'ct_label' && op === 'eq' && !masked) return void this.out.push(...sel.load(), bitwise(sel.size, value), cmp('neq', new Uint8Array(sel.size)));
    if (bitmasks[sel.type] && !masked) {
      if (this.accept('/')) {
        let maskText = this.next('a mask');
        while (this.peek() === ',') maskText += this.next() + this.next('a flag');
        return void this.out.push(...sel.load(), bitwise(sel.size, this.value(maskText, sel), true), cmp(op, value));
      }
      // `ct state new,established`: any of these bits; `!=` compares the value itself, as nft does.
      if (op === 'neq') return void this.out.push(...sel.load(), cmp('neq', value));
      return void this.out.push(...sel.load(), bitwise(sel.size, value), cmp('neq', new Uint8Array(sel.size)));
    }
    if (narrow) {
      value = numberBytes(readNumber(value, true) << BigInt(narrow.shift), sel.size, true);
      this.out.push(...sel.load(), bitwise(sel.size, numberBytes(narrow.mask, sel.size, true), true), cmp(op, value));
    } else if (sel.field) {
      // A whole field: nft may merge it with the fields next to it (mergePayloadMatches).
      this.out.push(...sel.deps(), ...this.payloadMatch(sel.field.base, sel.field.f.offset >> 3, value, op, !!sel.chooses));
      // An explicit `ether type vlan` is the dependency of the VLAN fields after it; after a VLAN header
      // it starts another (nft places the VLAN fields after it one header on), which linx does not do.
      if (op === 'eq' && sel.field.header === 'ether' && sel.field.f.field === 'type' && readNumber(value, true) === 0x8100n) {
        if (this.vlan) this.fail('a VLAN header inside another (stacked VLAN tags) is not compiled yet');
        this.vlan = true;
      }
    } else this.out.push(...sel.load(), cmp(op, value));
    if (op === 'eq' && sel.chooses === 'l4') this.l4 = Number(readNumber(value, true));
    if (op === 'eq' && sel.chooses === 'l3') this.l3 = sel.type === 'nf_proto' ? ({ 2: 'ip', 10: 'ip6', 3: 'arp' } as Record<number, string>)[value[0]!] : etherTypeNames[Number(readNumber(value, true))];
  }

  /**
   * `10.0.0.0/8`, `0x00010000/16` (a mark): the prefix length, the first and last values it covers and its
   * mask, in the selector's byte order.
   */
  prefix(word: string, slash: number, sel: Selector): { bits: number; first: Uint8Array; last: Uint8Array; mask: Uint8Array } {
    const bits = Number(word.slice(slash + 1));
    const value = readNumber(this.value(word.slice(0, slash), sel), sel.bigEndian);
    if (!Number.isInteger(bits) || bits < 0 || bits > sel.size * 8) this.fail('a bad prefix length');
    const width = BigInt(sel.size * 8);
    const host = (1n << (width - BigInt(bits))) - 1n;
    const mask = ((1n << width) - 1n) ^ host;
    const bytes = (n: bigint) => numberBytes(n, sel.size, sel.bigEndian);
    return { bits, first: bytes(value & mask), last: bytes(value | host), mask: bytes(mask) };
  }

  /** The key of an element: a value, or an interval `[first, last]` (a prefix `a/n` or a range `a-b`). */
  elementKey(word: string, sel: Selector): { first: Uint8Array; last: Uint8Array; interval: boolean } {
    const slash = word.indexOf('/');
    if (slash > 0 && prefixTypes.has(sel.type)) {
      const { first, last } = this.prefix(word, slash, sel);
      return { first, last, interval: true };
    }
    const dash = word.indexOf('-', 1);
    if (dash > 0 && sel.type !== 'ifname' && !/^[a-z]/.test(word) && sel.type !== 'ipv6_addr') {
      return { first: this.value(word.slice(0, dash), sel), last: this.value(word.slice(dash + 1), sel), interval: true };
    }
    // nft stores `"eth*"` in a set as an interval of names; linx does not make those yet.
    if (sel.type === 'ifname' && word.endsWith('*"')) this.fail('an interface name wildcard in a set is not compiled yet');
    const key = this.value(word, sel);
    return { first: key, last: key, interval: false };
  }

  /** `{ a, b/n, c-d }`, or with `withData` `{ key : verdict, … }`: the elements up to `}`. */
  elementList(sel: Selector, withData: boolean): { key: ReturnType<RuleCompiler['elementKey']>; verdict?: Verdict }[] {
    const items: { key: ReturnType<RuleCompiler['elementKey']>; verdict?: Verdict }[] = [];
    for (;;) {
      const word = this.next('an element');
      if (word === '}') break;
      if (word === ',') continue;
      const key = this.elementKey(word, sel);
      if (!withData) {
        items.push({ key });
        continue;
      }
      if (this.next('":"') !== ':') this.fail('expected ":"');
      const code = this.next('a verdict') as VerdictCode;
      if (!['accept', 'drop', 'return', 'continue', 'jump', 'goto'].includes(code)) this.fail('expected a verdict');
      items.push({ key, verdict: code === 'jump' || code === 'goto' ? { code, chain: this.next('a chain') } : { code } });
    }
    return items;
  }

  /**
   * An anonymous set (or verdict map) for the rule: its spec and elements, as nft sends them. Intervals are
   * stored as their start and the element after their end (flagged interval-end), with an interval-end at
   * zero first when the first interval starts above it.
   */
  anonymous(sel: Selector, items: ReturnType<RuleCompiler['elementList']>, vmap: boolean): string {
    if (sel.field && (sel.field.f.len % 8 !== 0 || sel.field.f.offset % 8 !== 0)) this.fail('a set of a narrow field is not compiled yet');
    const interval = items.some((i) => i.key.interval);
    anonymousSetIds = (anonymousSetIds % 0x7fff_ffff) + 1;
    const id = anonymousSetIds;
    const flags: SetSpec['flags'] = ['anonymous', 'constant', ...(interval ? (['interval'] as const) : [])];
    // nft names anonymous sets __set%d and anonymous maps __map%d; the kernel puts the number in.
    const name = vmap ? '__map%d' : '__set%d';
    // nft lets the intervals of a set merge, not those of a map.
    const userdata = setUserdata(sel.hostOrder ? 1 : 2, vmap ? 0 : undefined, interval && !vmap);
    const spec: SetSpec = { family: this.family, table: this.table, name, keyType: sel.type, keyLen: sel.size, flags, id, userdata, ...(vmap ? { dataType: 'verdict' } : {}) };
    const { elements, size } = intervalElements(items.map((i) => ({ key: i.key, data: i.verdict ? { verdict: i.verdict } : {} })), sel.size, interval, vmap);
    this.sets.push({ spec: { ...spec, size }, elements });
    return name;
  }

  /** The rule's comparisons of whole header fields with a value, in rule order: nft merges adjacent ones at the end. */
  readonly payloadMatches: (PayloadMatch | typeof END_OF_MATCHES)[] = [];

  /**
   * A whole-byte header field compared with a value: its load and compare, recorded for `mergePayloadMatches`.
   * `protocol`: the field names the next header's protocol (ether type, vlan type, ip protocol, ip6 nexthdr).
   */
  payloadMatch(base: PayloadBase, offset: number, value: Uint8Array, op: string, protocol: boolean): ExpressionInput[] {
    const load = { name: 'payload', data: { dreg: REG, base, offset, len: value.length } };
    const compare = { name: 'cmp', data: { sreg: REG, op, data: { value } } };
    this.payloadMatches.push({ base, offset, value, eq: op === 'eq', protocol, load, compare });
    return [load, compare] as ExpressionInput[];
  }

  /**
   * nft merges the equality matches of adjacent header fields into one load and compare (payload_try_merge,
   * 1.0.6): the rule's comparisons of whole fields with a value, in runs that a statement other than a
   * match ends, but only once a run holds two (`tcp dport 2 counter tcp sport 1` merges; `ip frag-off 1 ip
   * checksum 2 counter ip protocol 6` does not merge the protocol). In each run, sorted by header (link,
   * network, transport) and offset, each merges into the one before it when that ends where it starts, up
   * to 4 bytes in all in network and transport headers (what the kernel loads fastest) and a register's 16
   * bytes in the link layer (`tcp sport 1 tcp dport 2`, `ether saddr … ether type ip`). The merged match
   * takes the place of the first, unless the second names a protocol (`ip ttl 1 tcp dport 2 ip protocol
   * 6`: where `ip protocol` was).
   */
  mergePayloadMatches(): void {
    const runs: PayloadMatch[][] = [];
    let run: PayloadMatch[] = [];
    for (const m of this.payloadMatches) {
      if (m !== END_OF_MATCHES) run.push(m);
      else if (run.length >= 2) {
        runs.push(run);
        run = [];
      }
    }
    if (run.length >= 2) runs.push(run);
    const merged = new Set<object>();
    for (const r of runs) this.mergeRun(r, merged);
    if (merged.size) this.out.splice(0, this.out.length, ...this.out.filter((e) => !merged.has(e)));
  }

  /** One run's matches merged (mergePayloadMatches); the loads and compares merged away added to `merged`. */
  mergeRun(run: PayloadMatch[], merged: Set<object>): void {
    const rank: Record<PayloadBase, number> = { link: 1, network: 2, transport: 3, inner: 4 };
    const sorted = [...run].sort((a, b) => rank[a.base] - rank[b.base] || a.offset - b.offset);
    let last = sorted[0];
    for (const next of sorted.slice(1)) {
      const len = last!.value.length + next.value.length;
      if (!last!.eq || !next.eq || last!.base !== next.base || last!.offset + last!.value.length !== next.offset || len > (next.base === 'link' ? 16 : 4)) {
        last = next;
        continue;
      }
      const value = new Uint8Array(len);
      value.set(last!.value);
      value.set(next.value, last!.value.length);
      const [kept, gone] = next.protocol ? [next, last!] : [last!, next];
      merged.add(gone.load).add(gone.compare);
      Object.assign(kept, { offset: last!.offset, value });
      Object.assign(kept.load.data, { offset: last!.offset, len });
      kept.compare.data.data.value = value;
      last = kept;
    }
  }

  /**
   * Intervals of a value kept in host order (`meta mark { 1-5, 10 }`, `ct expiration { 30s-1m }`, a jhash's
   * `vmap { 0 : accept, 1-3 : drop }`): nft orders them as big-endian numbers, so it stores the keys in
   * network order and turns the loaded value around first (byteorder hton). The selector for the set's
   * keys, and the expressions after the load; the items as they are, else.
   */
  networkOrdered<T extends { key: ReturnType<RuleCompiler['elementKey']> }>(sel: Selector, items: T[]): { sel: Selector; hton: ExpressionInput[]; items: T[] } {
    const hostInteger = !sel.bigEndian && !sel.field && (sel.type === 'integer' || hostOrder.has(sel.type));
    if (!hostInteger || !items.some((i) => i.key.interval)) return { sel, hton: [], items };
    // One byte has no order to turn (`meta pkttype { 0-1, 3 }`): nft sends no byteorder, and its user data
    // records the keys as big-endian.
    if (sel.size === 1) return { sel: { ...sel, hostOrder: false }, hton: [], items };
    const turn = (b: Uint8Array) => b.slice().reverse();
    return {
      // The set still records its keys as host order (nft's user data reads so), as nft does.
      sel: { ...sel, bigEndian: true },
      hton: [{ name: 'byteorder', data: { sreg: REG, dreg: REG, op: 'hton', len: sel.size, size: sel.size } } as ExpressionInput],
      items: items.map((i) => ({ ...i, key: { ...i.key, first: turn(i.key.first), last: turn(i.key.last) } })),
    };
  }

  /**
   * A set or verdict map of a field narrower than its bytes (`dccp type { request, response }`, `ip dscp
   * { cs0, ef }`): nft masks the loaded bytes and stores each element shifted into place. The selector
   * whose load masks, and the items shifted; as they are for other fields.
   */
  narrowed<T extends { key: ReturnType<RuleCompiler['elementKey']> }>(sel: Selector, items: T[]): { sel: Selector; items: T[] } {
    const f = sel.field?.f ?? sel.bits;
    if (!f || (f.len % 8 === 0 && f.offset % 8 === 0)) return { sel, items };
    const shift = BigInt(sel.size * 8 - (f.offset % 8) - f.len);
    const mask = ((1n << BigInt(f.len)) - 1n) << shift;
    const shifted = (b: Uint8Array) => numberBytes(readNumber(b, true) << shift, sel.size, true);
    const { field: _field, bits: _bits, load, ...rest } = sel;
    return {
      sel: { ...rest, load: () => [...load(), bitwise(sel.size, numberBytes(mask, sel.size, true), true)] },
      items: items.map((i) => ({ ...i, key: { ...i.key, first: shifted(i.key.first), last: shifted(i.key.last) } })),
    };
  }

  anonymousSet(sel: Selector, op: string): void {
    const narrow = this.narrowed(sel, this.elementList(sel, false));
    const { sel: keySel, hton, items } = this.networkOrdered(narrow.sel, narrow.items);
    const id = (this.anonymous(keySel, items, false), this.sets[this.sets.length - 1]!.spec.id);
    this.out.push(...narrow.sel.load(), ...hton, { name: 'lookup', data: { sreg: REG, set: '__set%d', setId: id, ...(op === 'neq' ? { flags: ['inv'] } : {}) } } as ExpressionInput);
  }

  /** `tcp dport vmap { 22 : accept, 23 : jump other }` or `vmap @name`: a lookup whose data is the verdict. */
  vmap(sel: Selector): void {
    const word = this.next('a map');
    if (word.startsWith('@')) return void this.out.push(...sel.load(), { name: 'lookup', data: { sreg: REG, dreg: 0, set: word.slice(1) } } as ExpressionInput);
    if (word !== '{') this.fail('expected { or @map');
    const narrow = this.narrowed(sel, this.elementList(sel, true));
    const { sel: keySel, hton, items } = this.networkOrdered(narrow.sel, narrow.items);
    const name = this.anonymous(keySel, items, true);
    const id = this.sets[this.sets.length - 1]!.spec.id;
    this.out.push(...narrow.sel.load(), ...hton, { name: 'lookup', data: { sreg: REG, dreg: 0, set: name, setId: id } } as ExpressionInput);
  }

  /**
   * `meta mark set 0x10`, `ct mark set 1`: the value into a register, then the key set from it; or `meta mark
   * set ip saddr map @m` (`map { … }`): the map's data for the looked-up key.
   */
  mangle(sel: Selector): void {
    const key = sel.key!;
    // `ct helper set "ftp"` assigns a ct helper object.
    if (key.name === 'ct' && key.key === 'helper') return void this.out.push({ name: 'objref', data: { immType: 'ct-helper', immName: unquote(this.next('a helper')) } } as ExpressionInput);
    const setKey = { name: key.name, data: { sreg: REG, key: key.key, ...(key.direction ? { direction: key.direction } : {}) } } as ExpressionInput;
    if (this.startsSelector(this.peek())) {
      const from = this.selector();
      // `meta mark set mark or 0x10`: the value loaded, bits changed (one bitwise), set back.
      const changed = this.bitOperations(from);
      if (changed) {
        if (from.size !== sel.size) this.fail(`a ${from.type} of ${from.size} bytes set into a ${sel.type} of ${sel.size}`);
        return void this.out.push(...from.load(), changed, setKey);
      }
      // `ct mark set meta mark`: a copy; `… map @m`: the map's data for it.
      if (!this.accept('map')) return void this.out.push(...from.load(), setKey);
      const { hton, ...ref } = this.mapRef(from, sel);
      return void this.out.push(...from.load(), ...hton, { name: 'lookup', data: { sreg: REG, dreg: REG, ...ref } } as ExpressionInput, setKey);
    }
    let text = this.next('a value');
    // `ct event set new,destroy`: bits by name.
    while (this.peek() === ',' && bitmasks[sel.type]) text += this.next() + this.next('a flag');
    const value = this.value(text, sel);
    this.out.push({ name: 'immediate', data: { dreg: REG, data: { value } } }, setKey);
  }

  /**
   * `numgen inc|random mod N [offset M]`, `jhash <key> mod N [seed S] [offset M]`, `symhash mod N [offset M]`:
   * a value nft generates into a register (a 32-bit integer in host order), set into a key (`meta mark set
   * numgen inc mod 2`), matched, or looked up in a map (`numgen inc mod 2 vmap { 0 : jump a, 1 : jump b }`).
   */
  generated(word: string): Selector {
    const tail = () => {
      if (!this.accept('mod')) this.fail('expected mod', this.peek());
      const modulus = Number(this.number(this.next('a modulus'), 'modulus'));
      if (modulus < 1 || modulus > 0xffff_ffff) this.fail('a modulus is 1 to 4294967295');
      const seed = this.accept('seed') ? Number(this.number(this.next('a seed'), 'seed')) : undefined;
      const offset = this.accept('offset') ? Number(this.number(this.next('an offset'), 'offset')) : undefined;
      if ((seed ?? 0) > 0xffff_ffff || (offset ?? 0) > 0xffff_ffff) this.fail('a seed or offset is a 32-bit number');
      return { modulus, seed, offset };
    };
    const integer = { type: 'integer' as DatatypeName, size: 4, bigEndian: false, hostOrder: true };
    if (word === 'numgen' || word === 'symhash') {
      let type = 'sym';
      if (word === 'numgen') {
        type = this.next('inc or random');
        if (type !== 'inc' && type !== 'random') this.fail('expected inc or random');
      }
      const { modulus, offset } = tail();
      const loadInto = (dreg: number) => ({ name: word === 'numgen' ? 'numgen' : 'hash', data: { dreg, modulus, type, offset: offset ?? 0 } }) as ExpressionInput;
      return { ...integer, deps: () => [], loadInto, load: () => [loadInto(REG)] };
    }
    // jhash: the key into registers after NFT_REG_1 (the result's), as nft places it.
    const sels = [this.selector()];
    while (this.accept('.')) sels.push(this.selector());
    const deps = sels.flatMap((s) => s.deps());
    const loads: ExpressionInput[] = [];
    let slot = 4;
    for (const s of sels) {
      loads.push(s.loadInto(slot % 4 === 0 ? slot / 4 + 1 : 8 + slot));
      slot += Math.ceil(s.size / 4);
    }
    // A concatenation hashes whole registers; a single key its own bytes.
    const len = sels.length === 1 ? sels[0]!.size : sels.reduce((n, s) => n + Math.ceil(s.size / 4) * 4, 0);
    const { modulus, seed, offset } = tail();
    const hash = { name: 'hash', data: { sreg: 2, dreg: REG, len, modulus, ...(seed !== undefined ? { seed } : {}), offset: offset ?? 0, type: 'jenkins' } } as ExpressionInput;
    return {
      ...integer,
      deps: () => deps,
      // Its key takes the registers after the result's: it cannot be a part of a concatenation.
      loadInto: () => this.fail('jhash in a concatenation is not compiled yet', 'jhash'),
      load: () => [...deps, ...loads, hash],
    };
  }

  /**
   * `and X`, `or X`, `xor X` (or `&`, `|`, `^`) after a loaded value, in any number: nft folds them into one
   * bitwise expression, value = (value & mask) ^ xor (`or 0x10`: mask ~0x10, xor 0x10; `and 0xff`: mask
   * 0xff; `xor 3`: mask all ones, xor 3). Undefined when no operation follows.
   */
  bitOperations(from: Selector): ExpressionInput | undefined {
    const names: Record<string, 'and' | 'or' | 'xor'> = { and: 'and', '&': 'and', or: 'or', '|': 'or', xor: 'xor', '^': 'xor' };
    if (!names[this.peek() ?? '']) return undefined;
    const all = (1n << BigInt(from.size * 8)) - 1n;
    let mask = all;
    let xor = 0n;
    while (names[this.peek() ?? '']) {
      const op = names[this.next()]!;
      const v = readNumber(this.value(this.next('a value'), from), from.bigEndian);
      if (op === 'and') [mask, xor] = [mask & v, xor & v];
      else if (op === 'or') [mask, xor] = [mask & ~v & all, xor | v];
      else xor ^= v;
    }
    const bytes = (n: bigint) => numberBytes(n, from.size, from.bigEndian);
    return { name: 'bitwise', data: { sreg: REG, dreg: REG, len: from.size, op: 'bool', mask: { value: bytes(mask) }, xor: { value: bytes(xor) } } } as ExpressionInput;
  }

  /** Whether a word starts a selector (and so is not a value). */
  startsSelector(word: string | undefined): boolean {
    return word !== undefined && (word === 'meta' || word === 'ct' || word === 'socket' || word === 'rt' || word === 'fib' || word === 'th' || !!networkHeaders[word] || !!transportByName[word] || word === 'ether' || word === 'vlan' || unqualifiedMeta.has(word) || generators.has(word));
  }

  /**
   * `@name`, or an anonymous map `{ key : value, … }` of `data`'s type: the lookup's set attributes, and
   * what goes between the key's load and the lookup (a host-order key of intervals turned around).
   */
  mapRef(sel: Selector, data: Selector): { set: string; setId?: number; hton: ExpressionInput[] } {
    const word = this.next('a map');
    if (word.startsWith('@')) return { set: word.slice(1), hton: [] };
    if (word !== '{') this.fail('expected { or @map');
    const parsed: { key: ReturnType<RuleCompiler['elementKey']>; data: Uint8Array }[] = [];
    for (;;) {
      const w = this.next('an element');
      if (w === '}') break;
      if (w === ',') continue;
      const key = this.elementKey(w, sel);
      if (this.next('":"') !== ':') this.fail('expected ":"');
      parsed.push({ key, data: this.value(this.next('a value'), data) });
    }
    const { sel: keySel, hton, items } = this.networkOrdered(sel, parsed);
    const interval = items.some((i) => i.key.interval);
    anonymousSetIds = (anonymousSetIds % 0x7fff_ffff) + 1;
    const id = anonymousSetIds;
    const userdata = setUserdata(keySel.hostOrder ? 1 : 2, data.hostOrder ? 1 : 2, false);
    const flags: SetSpec['flags'] = ['anonymous', 'constant', ...(interval ? (['interval'] as const) : [])];
    const spec: SetSpec = { family: this.family, table: this.table, name: '__map%d', keyType: keySel.type, keyLen: keySel.size, dataType: data.type, dataLen: data.size, flags, id, userdata };
    const { elements, size } = intervalElements(items.map((i) => ({ key: i.key, data: { data: i.data } })), keySel.size, interval, true);
    this.sets.push({ spec: { ...spec, size }, elements });
    return { set: '__map%d', setId: id, hton };
  }

  /**
   * `ip daddr set 1.2.3.4`, `tcp dport set 80`, `ip ttl set 64`: the value written into the packet, and its
   * checksum fixed (IPv4 header, TCP, UDP). A narrower field, or one inside a checksummed 16-bit word, is
   * written as the word: loaded, its other bits kept, the field's set.
   */
  payloadWrite(sel: Selector): void {
    const { base, header, f } = sel.field!;
    const value = this.value(this.next('a value'), sel);
    const csum = base === 'network' && header === 'ip' ? 10 : base === 'transport' ? ({ tcp: 16, udp: 6 } as Record<string, number>)[header] : undefined;
    let offset = f.offset >> 3;
    let len = sel.size;
    if (csum !== undefined) {
      // The checksum is updated a 16-bit word at a time: the write covers whole words.
      const end = offset + len;
      offset &= ~1;
      len = ((end + 1) & ~1) - offset;
    }
    const deps = sel.deps();
    const write = { name: 'payload', data: { sreg: REG, base, offset, len, ...(csum !== undefined ? { csumType: 'inet', csumOffset: csum, ...(base === 'network' && (f.field === 'saddr' || f.field === 'daddr') ? { csumFlags: ['l4-pseudohdr'] } : {}) } : {}) } } as ExpressionInput;
    if (offset === f.offset >> 3 && len * 8 === f.len) return void this.out.push(...deps, { name: 'immediate', data: { dreg: REG, data: { value } } }, write);
    const shift = BigInt(len * 8 - (f.offset - offset * 8) - f.len);
    const fieldMask = ((1n << BigInt(f.len)) - 1n) << shift;
    const keep = numberBytes(((1n << BigInt(len * 8)) - 1n) ^ fieldMask, len, true);
    const xor = numberBytes(readNumber(value, true) << shift, len, true);
    this.out.push(...deps, { name: 'payload', data: { dreg: REG, base, offset, len } } as ExpressionInput, { name: 'bitwise', data: { sreg: REG, dreg: REG, len, op: 'bool', mask: { value: keep }, xor: { value: xor } } } as ExpressionInput, write);
  }

  /**
   * `ip saddr . tcp dport @s` or `{ 10.0.0.1 . 22, … }`: every field's dependencies first, then each field
   * into consecutive registers (a 16-byte register where a field starts on one, else a 4-byte one), looked
   * up from the first.
   */
  concatMatch(first: Selector): void {
    const sels = [first];
    while (this.accept('.')) sels.push(this.selector());
    let op = 'eq';
    if (this.accept('!=')) op = 'neq';
    const deps = sels.flatMap((s) => s.deps());
    const registers: number[] = [];
    let slot = 0;
    for (const s of sels) {
      registers.push(slot % 4 === 0 ? slot / 4 + 1 : 8 + slot);
      slot += Math.ceil(s.size / 4);
    }
    const loads = (turned: boolean[] = []) =>
      sels.flatMap((s, i) => [s.loadInto(registers[i]!), ...(turned[i] ? [{ name: 'byteorder', data: { sreg: registers[i], dreg: registers[i], op: 'hton', len: s.size, size: s.size } } as ExpressionInput] : [])]);
    const word = this.next('a set');
    const inv = op === 'neq' ? { flags: ['inv'] } : {};
    if (word.startsWith('@')) return void this.out.push(...deps, ...loads(), { name: 'lookup', data: { sreg: REG, set: word.slice(1), ...inv } } as ExpressionInput);
    if (word !== '{') this.fail('expected { or @set');
    const rows: ReturnType<RuleCompiler['elementKey']>[][] = [];
    let parts: ReturnType<RuleCompiler['elementKey']>[] = [];
    for (;;) {
      const w = this.next('an element');
      if (w === '.') continue;
      if (w === ',' || w === '}') {
        if (parts.length !== sels.length) this.fail(`an element of ${sels.length} fields`);
        rows.push(parts);
        parts = [];
        if (w === '}') break;
        continue;
      }
      parts.push(this.elementKey(w, sels[parts.length] ?? this.fail('too many fields')));
    }
    // With an interval (`ip saddr . tcp dport { 10.0.0.0/8 . 22-25 }`) each element is its first and last
    // key (NFTA_SET_ELEM_KEY_END) in a set of intervals, where nft keeps host-order values (a mark, an
    // interface index) in network order, each turned around after its load (byteorder hton); without, its
    // key alone.
    const interval = rows.some((row) => row.some((p) => p.interval));
    const turned = sels.map((s) => interval && !s.bigEndian && !s.field && (s.type === 'integer' || hostOrder.has(s.type)));
    const bytes = (row: ReturnType<RuleCompiler['elementKey']>[], end: 'first' | 'last') => concatBytes(row.map((p, i) => (turned[i] ? p[end].slice().reverse() : p[end])));
    const elements: SetElementSpec[] = rows.map((row) => ({ key: bytes(row, 'first'), ...(interval ? { keyEnd: bytes(row, 'last') } : {}) }));
    anonymousSetIds = (anonymousSetIds % 0x7fff_ffff) + 1;
    const id = anonymousSetIds;
    const keyType = sels.map((s) => s.type).join(' . ');
    const flags: SetSpec['flags'] = ['anonymous', 'constant', ...(interval ? (['interval'] as const) : [])];
    // The key's length and (for intervals) its fields' lengths from the selectors: an integer's size is the key's.
    const keyLen = sels.reduce((n, sel) => n + Math.ceil(sel.size / 4) * 4, 0);
    const spec: SetSpec = { family: this.family, table: this.table, name: '__set%d', keyType, keyLen, ...(interval ? { concat: sels.map((sel) => sel.size) } : {}), flags, id, userdata: setUserdata(0, undefined, interval) };
    this.sets.push({ spec, elements });
    this.out.push(...deps, ...loads(turned), { name: 'lookup', data: { sreg: REG, set: '__set%d', setId: id, ...inv } } as ExpressionInput);
  }

  /** A value of the selector's type from its text. */
  value(text: string, sel: Selector): Uint8Array {
    const t = sel.type;
    try {
      switch (t) {
        case 'ipv4_addr':
          return parseIPv4(text);
        case 'ipv6_addr':
          return parseIPv6(text);
        case 'ether_addr':
        case 'll_addr':
          return parseMAC(text);
        case 'ifname':
        case 'string': {
          const name = unquote(text);
          const bytes = new TextEncoder().encode(name.endsWith('*') ? name.slice(0, -1) : name);
          if (name.endsWith('*')) return bytes;
          const out = new Uint8Array(16);
          out.set(bytes.subarray(0, 15));
          return out;
        }
        default:
          break;
      }
    } catch {
      this.fail(`not a ${t}`);
    }
    if (t === 'ct_label') {
      // Label bits by number: `ct label set 1`.
      const out = new Uint8Array(16);
      for (const bit of text.split(',')) {
        const n = Number(this.number(bit, 'label'));
        if (n > 127) this.fail('a label from 0 to 127');
        out[n >> 3]! |= 1 << (n & 7);
      }
      return out;
    }
    if (t === 'boolean' && (text === 'exists' || text === 'missing')) return numberBytes(text === 'exists' ? 1n : 0n, sel.size, sel.bigEndian);
    if (bitmasks[t]) {
      let n = 0n;
      for (const name of text.split(',')) {
        const bit = bitmasks[t]!.find(([b]) => b === name);
        n |= bit ? BigInt(bit[1]) : this.number(name, t);
      }
      return numberBytes(n, sel.size, sel.bigEndian);
    }
    if (t === 'ether_type' && text === 'vlan') return Uint8Array.of(0x81, 0x00); // nft's other name for 8021q
    // `meta day "Monday"` (or 1): Sunday is 0.
    if (t === 'day') {
      const day = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].indexOf(unquote(text));
      const n = day >= 0 ? BigInt(day) : this.number(unquote(text), 'day');
      if (n > 6n) this.fail('a day from Sunday (0) to Saturday (6)');
      return numberBytes(n, sel.size, sel.bigEndian);
    }
    // `meta hour "17:00"`, "17:00:05": local time, as nft reads it, sent as seconds since midnight UTC.
    if (t === 'hour') {
      const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(unquote(text));
      if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) this.fail('not an hour (HH:MM or HH:MM:SS)');
      const local = Number(m![1]) * 3600 + Number(m![2]) * 60 + Number(m![3] ?? 0);
      return numberBytes(BigInt((local + new Date().getTimezoneOffset() * 60 + 86_400) % 86_400), sel.size, sel.bigEndian);
    }
    const table = t === 'ether_type' ? etherTypeNames : symbolTables[t];
    const named = table ? Object.entries(table).find(([, name]) => name === text) : undefined;
    if (named) return numberBytes(BigInt(named[0]), sel.size, t === 'ether_type' ? true : sel.bigEndian);
    if (t === 'inet_proto' && protocolNumbers[text] !== undefined) return Uint8Array.of(protocolNumbers[text]!);
    if (t === 'classid') {
      const [major, minor] = text.split(':');
      return numberBytes((BigInt(`0x${major || '0'}`) << 16n) | BigInt(`0x${minor || '0'}`), 4, sel.bigEndian);
    }
    // A time (`ct expiration 30s`, a bare number of seconds as nft reads it): milliseconds.
    const n = t === 'time' ? this.time(text) : this.number(text, t);
    if (n >> BigInt(sel.size * 8) !== 0n) this.fail(`a ${t} of ${sel.size * 8} bits`);
    return numberBytes(n, sel.size, sel.bigEndian);
  }

  number(text: string, type: string): bigint {
    if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(text)) this.fail(`not a ${type}`);
    return BigInt(text);
  }

  log(): void {
    const data: Record<string, unknown> = {};
    for (;;) {
      const word = this.peek();
      if (word === 'prefix') data.prefix = unquote((this.at++, this.next('a prefix')));
      else if (word === 'level') data.level = (this.at++, this.next('a level'));
      else if (word === 'group') data.group = Number((this.at++, this.next('a group')));
      else if (word === 'snaplen') data.snaplen = Number((this.at++, this.next('a length')));
      else if (word === 'queue-threshold') data.qthreshold = Number((this.at++, this.next('a threshold')));
      else if (word === 'flags') {
        this.at++;
        const flags = (data.flags as string[] | undefined) ?? [];
        const kind = this.next('all, tcp, ip, skuid or ether');
        if (kind === 'all') flags.push('tcp-seq', 'tcp-opt', 'ip-opt', 'uid', 'mac-decode');
        else if (kind === 'tcp') {
          let words = this.next('sequence or options');
          while (this.peek() === ',') words += this.next() + this.next('sequence or options');
          for (const w of words.split(',')) flags.push(w === 'sequence' ? 'tcp-seq' : w === 'options' ? 'tcp-opt' : this.fail(`unknown tcp log flag ${w}`));
        } else if (kind === 'ip') flags.push(this.next('options') === 'options' ? 'ip-opt' : this.fail('expected options'));
        else if (kind === 'skuid') flags.push('uid');
        else if (kind === 'ether') flags.push('mac-decode');
        else this.fail(`unknown log flag ${kind}`);
        data.flags = flags;
      } else break;
    }
    this.out.push({ name: 'log', data } as ExpressionInput);
  }

  limit(): void {
    if (!this.accept('rate')) this.fail('expected rate');
    const over = this.accept('over');
    const units: Record<string, bigint> = { second: 1n, minute: 60n, hour: 3600n, day: 86400n, week: 604800n };
    const byteUnits: Record<string, bigint> = { bytes: 1n, kbytes: 1024n, mbytes: 1024n * 1024n, gbytes: 1024n ** 3n };
    let word = this.next('a rate');
    let rate: bigint;
    let unit: bigint;
    let bytes = false;
    if (word.includes('/')) {
      const [r, u] = word.split('/');
      rate = this.number(r!, 'rate');
      unit = units[u!] ?? this.fail(`unknown unit ${u}`);
    } else {
      rate = this.number(word, 'rate');
      word = this.next('a unit');
      const [bu, u] = word.split('/');
      rate *= byteUnits[bu!] ?? this.fail(`unknown unit ${bu}`);
      unit = units[u!] ?? this.fail(`unknown unit ${u}`);
      bytes = true;
    }
    let burst = bytes ? 0 : 5;
    if (this.accept('burst')) {
      const n = this.number(this.next('a burst'), 'burst');
      const bu = this.next('packets or bytes');
      burst = Number(bu === 'packets' ? n : n * (byteUnits[bu] ?? this.fail(`unknown unit ${bu}`)));
    }
    this.out.push({ name: 'limit', data: { rate, unit, ...(burst !== 0 ? { burst } : {}), type: bytes ? 'pkt-bytes' : 'pkts', flags: over ? ['inv'] : [] } } as ExpressionInput);
  }

  masqRedir(word: 'masquerade' | 'redirect'): void {
    const data: Record<string, unknown> = {};
    if (this.accept('to')) {
      const ports = this.next('a port');
      if (!ports.startsWith(':')) this.fail('expected :port');
      this.ports(ports.slice(1), data, 1);
      data.flags = ['proto-specified'];
    }
    this.natFlags(data);
    this.out.push({ name: word === 'masquerade' ? 'masq' : 'redir', data } as ExpressionInput);
  }

  /** A port or port range into registers from `reg` on (after the addresses, if any). */
  ports(text: string, data: Record<string, unknown>, reg: number): void {
    if (this.l4 === undefined) this.fail('a port needs a transport protocol match before it');
    const [a, b] = text.split('-');
    const min = numberBytes(this.number(a!, 'port'), 2, true);
    this.out.push({ name: 'immediate', data: { dreg: reg, data: { value: min } } });
    data.regProtoMin = reg;
    // The maximum register only for a range: the kernel takes the minimum's for both otherwise.
    if (b !== undefined) {
      this.out.push({ name: 'immediate', data: { dreg: reg + 1, data: { value: numberBytes(this.number(b, 'port'), 2, true) } } });
      data.regProtoMax = reg + 1;
    }
  }

  natFlags(data: Record<string, unknown>): void {
    const names: Record<string, string> = { random: 'proto-random', 'fully-random': 'proto-random-fully', persistent: 'persistent' };
    const word = this.peek();
    if (word === undefined || !word.split(',').every((w) => names[w])) return;
    this.at++;
    data.flags = [...((data.flags as string[] | undefined) ?? []), ...word.split(',').map((w) => names[w]!)];
  }

  nat(type: 'snat' | 'dnat'): void {
    let family = this.family === 'ip6' ? 'ip6' : 'ip';
    if (this.peek() === 'ip' || this.peek() === 'ip6') family = this.next();
    if (!this.accept('to')) this.fail('expected to');
    const addrSel = { type: family === 'ip6' ? 'ipv6_addr' : 'ipv4_addr', size: family === 'ip6' ? 16 : 4, bigEndian: true, hostOrder: false } as Selector;
    // `dnat ip to numgen inc mod 2 map { 0 : 10.0.0.1, 1 : 10.0.0.2 }`, `snat ip to ip saddr map @m`: the
    // address looked up into NFT_REG_1.
    if (this.startsSelector(this.peek())) {
      const key = this.selector();
      if (!this.accept('map')) this.fail('expected map (an address from a map)');
      const { hton, ...ref } = this.mapRef(key, addrSel);
      const data: Record<string, unknown> = { type, family, regAddrMin: REG };
      this.natFlags(data);
      return void this.out.push(...key.load(), ...hton, { name: 'lookup', data: { sreg: REG, dreg: REG, ...ref } } as ExpressionInput, { name: 'nat', data } as ExpressionInput);
    }
    let word = this.next('an address');
    let port: string | undefined;
    const bracket = /^\[(.+)\](?::(.+))?$/.exec(word);
    if (bracket) [word, port] = [bracket[1]!, bracket[2]];
    else if (family === 'ip' && word.includes(':')) [word, port] = word.split(':') as [string, string];
    const data: Record<string, unknown> = { type, family };
    const dash = word.indexOf('-');
    if (dash > 0) {
      this.out.push({ name: 'immediate', data: { dreg: 1, data: { value: this.value(word.slice(0, dash), addrSel) } } });
      this.out.push({ name: 'immediate', data: { dreg: 2, data: { value: this.value(word.slice(dash + 1), addrSel) } } });
      Object.assign(data, { regAddrMin: 1, regAddrMax: 2 });
    } else {
      this.out.push({ name: 'immediate', data: { dreg: 1, data: { value: this.value(word, addrSel) } } });
      Object.assign(data, { regAddrMin: 1 });
    }
    // The kernel adds map-ips itself when there is an address; nft names proto-specified for ports.
    if (port !== undefined) {
      const ports: Record<string, unknown> = {};
      this.ports(port, ports, ((data.regAddrMax as number | undefined) ?? 1) + 1);
      Object.assign(data, ports, { flags: ['proto-specified'] });
    }
    this.natFlags(data);
    this.out.push({ name: 'nat', data } as ExpressionInput);
  }

  /** `tproxy [ip|ip6] to [address][:port]`: the address and port into registers 1 and 2. */
  tproxy(): void {
    let family: string | undefined;
    if (this.peek() === 'ip' || this.peek() === 'ip6') family = this.next();
    if (!this.accept('to')) this.fail('expected to');
    let word = this.next('an address or port');
    let port: string | undefined;
    const bracket = /^\[(.+)\](?::(.+))?$/.exec(word);
    if (bracket) [word, port] = [bracket[1]!, bracket[2]];
    else if (word.startsWith(':')) [word, port] = ['', word.slice(1)];
    else if (family !== 'ip6' && word.includes(':')) [word, port] = word.split(':') as [string, string];
    const data: Record<string, unknown> = {};
    const fam = family ?? (this.family === 'ip6' ? 'ip6' : this.family === 'ip' ? 'ip' : undefined);
    if (fam) data.family = fam === 'ip6' ? 10 : 2;
    if (word) {
      const sel = { type: fam === 'ip6' ? 'ipv6_addr' : 'ipv4_addr', size: fam === 'ip6' ? 16 : 4, bigEndian: true, hostOrder: false } as Selector;
      this.out.push({ name: 'immediate', data: { dreg: 1, data: { value: this.value(word, sel) } } });
      data.regAddr = 1;
    }
    if (port !== undefined) {
      const reg = word ? 2 : 1;
      this.out.push({ name: 'immediate', data: { dreg: reg, data: { value: numberBytes(this.number(port, 'port'), 2, true) } } });
      data.regPort = reg;
    }
    this.out.push({ name: 'tproxy', data } as ExpressionInput);
  }

  /** `quota [over] 10 mbytes [used 1 mbytes]`. */
  /**
   * `queue [flags bypass,fanout] [to N | to N-M]`, or the older `queue [num N | num N-M] [bypass] [fanout]`:
   * nft sends the first queue and the count always, the flags when there are any.
   */
  queue(): void {
    const flags = new Set<string>();
    let range: [bigint, bigint] = [0n, 0n];
    const queues = (): [bigint, bigint] => {
      const [a, b] = this.next('a queue number').split('-');
      const first = this.number(a!, 'queue number');
      const last = b !== undefined ? this.number(b, 'queue number') : first;
      if (first > 0xffffn || last > 0xffffn || last < first) this.fail('a queue number is 0-65535, a range low-high');
      return [first, last];
    };
    for (;;) {
      const word = this.peek();
      if (word === 'flags') {
        this.at++;
        do {
          const f = this.next('a queue flag');
          if (f !== 'bypass' && f !== 'fanout') this.fail(`unknown queue flag ${f}`);
          flags.add(f);
        } while (this.accept(','));
      } else if (word === 'to' || word === 'num') {
        this.at++;
        range = queues();
      } else if (word === 'bypass' || word === 'fanout') {
        this.at++;
        flags.add(word);
      } else break;
    }
    const named = ['bypass', 'fanout'].filter((f) => flags.has(f));
    const data = { num: Number(range[0]), total: Number(range[1] - range[0]) + 1, ...(named.length ? { flags: named } : {}) };
    this.out.push({ name: 'queue', data } as ExpressionInput);
  }

  /**
   * `synproxy [mss N] [wscale N] [timestamp] [sack-perm]`: nft sends the MSS and window scale (0 when not
   * given) and the options, MSS and window scale among them when given.
   */
  synproxy(): void {
    const flags: string[] = [];
    let mss = 0;
    let wscale = 0;
    for (;;) {
      const word = this.peek();
      if (word === 'mss' || word === 'wscale') {
        this.at++;
        const n = Number(this.number(this.next(`a ${word}`), word));
        if (n > (word === 'mss' ? 0xffff : 14)) this.fail(word === 'mss' ? 'an MSS is 0-65535' : 'a window scale is 0-14');
        if (word === 'mss') mss = n;
        else wscale = n;
        flags.push(word);
      } else if (word === 'timestamp' || word === 'sack-perm') {
        this.at++;
        flags.push(word);
      } else break;
    }
    this.out.push({ name: 'synproxy', data: { mss, wscale, flags } } as ExpressionInput);
  }

  quota(): void {
    const units: Record<string, bigint> = { bytes: 1n, kbytes: 1024n, mbytes: 1024n ** 2n, gbytes: 1024n ** 3n };
    const over = this.accept('over');
    const amount = (): bigint => {
      const n = this.number(this.next('an amount'), 'amount');
      const unit = this.next('a unit');
      return n * (units[unit] ?? this.fail(`unknown unit ${unit}`));
    };
    const bytes = amount();
    const consumed = this.accept('used') ? amount() : undefined;
    this.out.push({ name: 'quota', data: { bytes, flags: over ? ['inv'] : [], consumed: consumed ?? 0n } } as ExpressionInput);
  }

  /** `add @s { ip saddr }`, `update @s { ip saddr . tcp dport timeout 30s counter }`, `delete @s { … }`. */
  dynset(op: 'add' | 'update' | 'delete'): void {
    const name = this.next('a set').slice(1);
    if (!this.accept('{')) this.fail('expected {');
    const sels = [this.selector()];
    while (this.accept('.')) sels.push(this.selector());
    const deps = sels.flatMap((s) => s.deps());
    const loads: ExpressionInput[] = [];
    let slot = 0;
    for (const s of sels) {
      loads.push(s.loadInto(slot % 4 === 0 ? slot / 4 + 1 : 8 + slot));
      slot += Math.ceil(s.size / 4);
    }
    let timeout: bigint | undefined;
    if (this.accept('timeout')) timeout = this.time(this.next('a time'));
    // Statements for the element (counter, limit, …), compiled like a rule's.
    const outer = this.out.length;
    while (this.peek() !== '}' && this.peek() !== undefined) this.statement();
    const exprs = this.out.splice(outer);
    if (!this.accept('}')) this.fail('expected }');
    const data: Record<string, unknown> = { setName: name, sregKey: REG, op, ...(timeout !== undefined ? { timeout } : {}) };
    if (exprs.length === 1) data.expr = exprs[0];
    else if (exprs.length > 1) Object.assign(data, { expressions: { elem: exprs }, flags: ['expr'] });
    this.out.push(...deps, ...loads, { name: 'dynset', data } as ExpressionInput);
  }

  /** A time as nft writes it (`30s`, `1h30m`, `500ms`, `30`: seconds), in milliseconds. */
  time(text: string): bigint {
    if (/^\d+$/.test(text)) return BigInt(text) * 1000n;
    const units: Record<string, bigint> = { d: 86_400_000n, h: 3_600_000n, m: 60_000n, s: 1000n, ms: 1n };
    let ms = 0n;
    const re = /(\d+)(ms|d|h|m|s)/gy;
    let at = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      ms += BigInt(m[1]!) * units[m[2]!]!;
      at = re.lastIndex;
    }
    if (at !== text.length || at === 0) this.fail('not a time');
    return ms;
  }

  reject(): void {
    if (!this.accept('with')) {
      // ICMPx where the network protocol is not known (a family of more than one), else that protocol's
      // port unreachable (`meta nfproto ipv6 reject`: ICMPv6, as nft sends it).
      const mixed = this.family === 'inet' || this.family === 'bridge' || this.family === 'netdev';
      const data = mixed && this.l3 !== 'ip' && this.l3 !== 'ip6' ? { type: 'icmpx-unreach', icmpCode: 1 } : { type: 'icmp-unreach', icmpCode: this.l3 === 'ip6' ? 4 : 3 };
      return void this.out.push({ name: 'reject', data } as ExpressionInput);
    }
    const kind = this.next('tcp, icmp, icmpv6 or icmpx');
    if (kind === 'tcp') {
      if (!this.accept('reset')) this.fail('expected reset');
      if (this.l4 === undefined) {
        this.out.push(...cmpEq({ name: 'meta', data: { key: 'l4-proto', dreg: REG } }, Uint8Array.of(6)));
        this.l4 = 6;
      }
      return void this.out.push({ name: 'reject', data: { type: 'tcp-rst', icmpCode: 0 } });
    }
    const type: DatatypeName = kind === 'icmpx' ? 'icmpx_code' : kind === 'icmpv6' ? 'icmpv6_code' : kind === 'icmp' ? 'icmp_code' : this.fail(`reject with ${kind}`);
    const code = this.value(this.next('a code'), { type, size: 1, bigEndian: true } as Selector)[0]!;
    // An ICMP or ICMPv6 reject is for that network protocol only: nft matches it first (`meta nfproto ipv4`).
    if (kind !== 'icmpx') this.out.push(...this.dependencies('network', kind === 'icmpv6' ? 'ip6' : 'ip'));
    this.out.push({ name: 'reject', data: { type: kind === 'icmpx' ? 'icmpx-unreach' : 'icmp-unreach', icmpCode: code } } as ExpressionInput);
  }
}

function cmp(op: string, value: Uint8Array): ExpressionInput {
  return { name: 'cmp', data: { sreg: REG, op, data: { value } } } as ExpressionInput;
}
function cmpEq(load: ExpressionInput, value: Uint8Array): ExpressionInput[] {
  return [load, cmp('eq', value)];
}
/**
 * A mask (xor 0). nft names the operation (NFTA_BITWISE_OP bool) for an explicit mask or a narrow field,
 * and leaves it out for a prefix or a flag test, which the kernel takes alike.
 */
function bitwise(len: number, mask: Uint8Array, named = false): ExpressionInput {
  return { name: 'bitwise', data: { sreg: REG, dreg: REG, len, ...(named ? { op: 'bool' } : {}), mask: { value: mask }, xor: { value: new Uint8Array(len) } } } as ExpressionInput;
}
function unquote(text: string): string {
  return text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text;
}
function numberBytes(n: bigint, size: number, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++, n >>= 8n) out[bigEndian ? size - 1 - i : i] = Number(n & 0xffn);
  return out;
}
/**
 * The user data nft gives a set (NFTNL_UDATA_SET_*): the byte order of its keys (0, 1 host, 2 big endian;
 * 0 for a concatenation), of a map's data, whether intervals may merge, whether a map's data are
 * intervals. nft reads the byte orders back to print the elements. (nft also records the expressions the
 * keys and data come from, `typeof`, in its own numbering: linx leaves those out.)
 */
function setUserdata(keyOrder: number, dataOrder: number | undefined, interval: boolean): Uint8Array {
  const u32 = (n: number) => new Uint8Array(Uint32Array.of(n).buffer);
  return buildUserdata([
    { type: 0, value: u32(keyOrder) },
    ...(dataOrder !== undefined ? [{ type: 1, value: u32(dataOrder) }] : []),
    ...(interval ? [{ type: 2, value: u32(1) }] : []),
    ...(dataOrder !== undefined ? [{ type: 6, value: u32(0) }] : []),
  ]);
}

/**
 * The elements of an anonymous set or map as nft sends them, and the size nft declares for it: as they are,
 * or for intervals each its start (with the data) and the element after its end (flagged interval-end), in
 * ascending order, after an interval-end at zero when the first interval starts above it. A set's
 * overlapping and adjacent intervals are one (`{ 1-2, 3-4 }` is 1-4); a map's keep their data, and an
 * interval's end is left out where the next one starts. The size counts two per interval (and the end at
 * zero), the ends left out too.
 */
function intervalElements(items: readonly { key: { first: Uint8Array; last: Uint8Array }; data: Partial<SetElementSpec> }[], width: number, interval: boolean, map: boolean): { elements: SetElementSpec[]; size: number } {
  if (!interval) return { elements: items.map((i) => ({ key: i.key.first, ...i.data })), size: items.length };
  const elements: SetElementSpec[] = [];
  const sorted = [...items].sort((a, b) => compareBytes(a.key.first, b.key.first));
  const top = (b: Uint8Array) => b.every((x) => x === 0xff);
  const runs: { first: Uint8Array; last: Uint8Array; data: Partial<SetElementSpec> }[] = [];
  for (const i of sorted) {
    const prev = runs[runs.length - 1];
    if (!map && prev && (top(prev.last) || compareBytes(i.key.first, plusOne(prev.last)) <= 0)) {
      if (compareBytes(i.key.last, prev.last) > 0) prev.last = i.key.last;
    } else runs.push({ first: i.key.first, last: i.key.last, data: i.data });
  }
  let size = runs.length * 2;
  if (runs.length && runs[0]!.first.some((b) => b !== 0)) {
    elements.push({ key: new Uint8Array(width), flags: ['interval-end'] });
    size++;
  }
  runs.forEach((r, n) => {
    elements.push({ key: r.first, ...r.data });
    const next = runs[n + 1];
    // An interval up to the top has no end element: nft marks its start open (NFTNL_UDATA_SET_ELEM_FLAGS,
    // NFTNL_SET_ELEM_F_INTERVAL_OPEN), which nft reads back to print the interval.
    if (top(r.last)) elements[elements.length - 1]!.userdata = OPEN_INTERVAL;
    else if (!next || compareBytes(next.first, plusOne(r.last)) !== 0) elements.push({ key: plusOne(r.last), flags: ['interval-end'] });
  });
  return { elements, size };
}

/** An element's user data marking the start of an interval up to the top: NFTNL_SET_ELEM_F_INTERVAL_OPEN. */
const OPEN_INTERVAL = buildUserdata([{ type: 1, value: new Uint8Array(Uint32Array.of(1).buffer) }]);

/** Concatenated values, each padded to 4 bytes (a register's width). */
function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + ((p.length + 3) & ~3), 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += (p.length + 3) & ~3;
  }
  return out;
}
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
function plusOne(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== 0xff) {
      out[i]! += 1;
      break;
    }
    out[i] = 0;
  }
  return out;
}
