import { bitmasks } from './format.js';
import { ctKeys, metaKeys } from './fields.js';
import type { DatatypeName } from '../datatypes.js';

// A typed way to write a rule: each method appends one statement in nft's syntax, and the result is the
// rule's text, which `compileRule` (through `rules.add({ rule })`) turns into the expressions nft would
// generate. One encoder, the compiler; the builder only spells statements.

/** The header fields a match can name, by protocol (as nft names them). */
export const selectorFields = {
  ether: ['daddr', 'saddr', 'type'],
  vlan: ['pcp', 'dei', 'id', 'type'],
  arp: ['htype', 'ptype', 'hlen', 'plen', 'operation'],
  ip: ['version', 'hdrlength', 'dscp', 'ecn', 'length', 'id', 'frag-off', 'ttl', 'protocol', 'checksum', 'saddr', 'daddr'],
  ip6: ['version', 'dscp', 'ecn', 'flowlabel', 'length', 'nexthdr', 'hoplimit', 'saddr', 'daddr'],
  tcp: ['sport', 'dport', 'sequence', 'ackseq', 'doff', 'reserved', 'flags', 'window', 'checksum', 'urgptr'],
  udp: ['sport', 'dport', 'length', 'checksum'],
  udplite: ['sport', 'dport', 'csumcov', 'checksum'],
  sctp: ['sport', 'dport', 'vtag', 'checksum'],
  icmp: ['type', 'code', 'checksum', 'id', 'sequence'],
  icmpv6: ['type', 'code', 'checksum', 'id', 'sequence'],
  igmp: ['type', 'mrt', 'checksum', 'group'],
  dccp: ['sport', 'dport', 'type'],
  esp: ['spi', 'sequence'],
  ah: ['nexthdr', 'hdrlength', 'reserved', 'spi', 'sequence'],
  comp: ['nexthdr', 'flags', 'cpi'],
  /** The ports of any transport protocol (`th dport 53`, after `meta l4proto { tcp, udp }`). */
  th: ['sport', 'dport'],
} as const;
type Fields = typeof selectorFields;
/** `'ip saddr'`, `'tcp dport'`, … */
export type PayloadSelector = { [P in keyof Fields]: `${P} ${Fields[P][number]}` }[keyof Fields];
/** `'meta mark'`, `'iifname'`, … (nft's meta key names; iif, oif, iifname, oifname, iifgroup, oifgroup also without `meta`). */
export type MetaSelector = `meta ${MetaKeyName}` | 'iif' | 'oif' | 'iifname' | 'oifname' | 'iifgroup' | 'oifgroup';
export type MetaKeyName =
  | 'length' | 'protocol' | 'priority' | 'mark' | 'iif' | 'oif' | 'iifname' | 'oifname' | 'iiftype' | 'oiftype' | 'skuid' | 'skgid'
  | 'nftrace' | 'rtclassid' | 'nfproto' | 'l4proto' | 'ibrname' | 'obrname' | 'pkttype' | 'cpu' | 'iifgroup' | 'oifgroup' | 'cgroup'
  | 'random' | 'secpath' | 'iifkind' | 'oifkind' | 'sdif' | 'sdifname';
/** `'ct state'`, `'ct original proto-dst'`, … */
export type CtSelector = `ct ${'' | 'original ' | 'reply '}${CtKeyName}`;
export type CtKeyName =
  | 'state' | 'direction' | 'status' | 'mark' | 'expiration' | 'helper' | 'l3proto' | 'protocol' | 'proto-src' | 'proto-dst' | 'label'
  | 'packets' | 'bytes' | 'avgpkt' | 'zone' | 'event' | 'ip saddr' | 'ip daddr' | 'ip6 saddr' | 'ip6 daddr' | 'id';
export type Selector = PayloadSelector | MetaSelector | CtSelector;

/**
 * A value nft generates rather than loads (a 32-bit integer, from `offset` to `offset + mod - 1`): a counter
 * or random number (`{ numgen: 'inc', mod: 2 }`), a Jenkins hash of fields (`{ jhash: 'ip saddr', mod: 4,
 * seed: 1 }`), a hash of the flow the same both ways (`{ symhash: true, mod: 2 }`). Matched, mapped
 * (`vmap`, `set(…, { map, … })`, `nat(…, { to: { map, … } })`) or set into a key.
 */
export type Generated =
  | { numgen: 'inc' | 'random'; mod: number; offset?: number }
  | { jhash: Selector | readonly Selector[]; mod: number; seed?: number; offset?: number }
  | { symhash: true; mod: number; offset?: number };
/** What a match, map or set statement reads: a field or key, or a generated value. */
export type Key = Selector | Generated;

/** A key's text: a selector as it is, a generated value as nft writes it. */
export function keyText(key: Key): string {
  if (typeof key === 'string') return key;
  const tail = (g: { mod: number; seed?: number; offset?: number }) => `mod ${g.mod}${g.seed !== undefined ? ` seed ${g.seed}` : ''}${g.offset !== undefined ? ` offset ${g.offset}` : ''}`;
  if ('numgen' in key) return `numgen ${key.numgen} ${tail(key)}`;
  if ('jhash' in key) return `jhash ${typeof key.jhash === 'string' ? key.jhash : key.jhash.join(' . ')} ${tail(key)}`;
  return `symhash ${tail(key)}`;
}

/** A key's bits changed, as `meta mark set meta mark and 0xffff0000 or 0x5` writes them: `and`, then `or`, then `xor`. */
export interface BitChange {
  from: Selector;
  and?: string | number | bigint;
  or?: string | number | bigint;
  xor?: string | number | bigint;
}

/**
 * A value to match: a number, a name or address as nft writes it (`'10.0.0.0/24'`, `'1000-2000'`,
 * `'echo-request'`), an array for a set (`[22, 80]`; for bit masks such as `ct state`, the flags, any of
 * which match), or `{ set: 'name' }` for a named set. Interface names are quoted for you.
 */
export type MatchValue = string | number | bigint | readonly (string | number | bigint)[] | { set: string };

/** The comparisons a match can make. */
export type MatchOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A lookup in a map: a named one (`set`), or an anonymous one of `elements` (key text : value text). */
export type MapRef = { map: Key; set: string } | { map: Key; elements: Readonly<Record<string, string | number | bigint>> };
function mapText(ref: MapRef): string {
  if ('set' in ref) return `${keyText(ref.map)} map @${ref.set}`;
  return `${keyText(ref.map)} map { ${Object.entries(ref.elements).map(([k, v]) => `${k} : ${v}`).join(', ')} }`;
}

/** A verdict a vmap maps to, by name (`jump CHAIN`/`goto CHAIN` besides; `Verdict` is the decoded kind). */
export type VerdictName = 'accept' | 'drop' | 'return' | 'continue';

const quotedMeta = new Set(Object.values(metaKeys).filter((k) => k.type === 'ifname' || k.type === 'string').map((k) => k.name));
const quotedCt = new Set(Object.values(ctKeys).filter((k) => k.type === 'string').map((k) => k.name));
const bitmaskSelectors = new Set(['ct state', 'ct status', 'tcp flags', ...Object.values(ctKeys).filter((k) => bitmasks[k.type as DatatypeName]).map((k) => `ct ${k.name}`)]);

function quoteIfName(selector: string, v: string | number | bigint): string {
  const key = selector.replace(/^meta /, '').replace(/^ct (original |reply )?/, '');
  const quoted = selector.startsWith('ct ') ? quotedCt.has(key) : quotedMeta.has(key);
  return quoted && typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Builds a rule's text statement by statement: `new RuleBuilder().match('tcp dport', [22, 80]).counter().accept()`. */
export class RuleBuilder {
  readonly #statements: string[] = [];

  /**
   * `selector value`, `selector != value`, `selector { a, b }`, `selector @set`; with `mask`, the value
   * masked first (`meta mark & 0xff == 0x10`: `match('meta mark', 0x10, { mask: 0xff })`).
   */
  match(key: Key, value: MatchValue, op: MatchOp | { op?: MatchOp; mask?: string | number | bigint } = '=='): this {
    const { op: operator = '==', mask } = typeof op === 'string' ? { op } : op;
    const selector = keyText(key);
    let v: string;
    if (typeof value === 'object' && !Array.isArray(value)) v = `@${(value as { set: string }).set}`;
    // Under a mask a bit mask key's flags are a value like any (`ct state & established == established`).
    else if (Array.isArray(value)) v = bitmaskSelectors.has(selector) && mask === undefined ? value.join(',') : `{ ${value.map((x) => quoteIfName(selector, x)).join(', ')} }`;
    else v = quoteIfName(selector, value as string | number | bigint);
    if (mask !== undefined) return this.#add(`${selector} & ${mask}${Array.isArray(value) || typeof value === 'object' ? '' : ` ${operator}`} ${v}`);
    return this.#add(`${selector}${operator === '==' ? '' : ` ${operator}`} ${v}`);
  }
  /**
   * `meta mark set 0x10`, `ct mark set 1`, `ip ttl set 64` (the checksum fixed); `meta mark set ip saddr map
   * @m` (`{ map: 'ip saddr', set: 'm' }`) or an anonymous map (`{ map: { numgen: 'inc', mod: 2 }, elements:
   * { 0: '0x10', 1: '0x20' } }`); a generated value (`{ symhash: true, mod: 2 }`); bits changed (`{ from:
   * 'meta mark', or: 0x10 }`: `meta mark set meta mark or 0x10`).
   */
  set(selector: Selector, value: string | number | bigint | MapRef | Generated | BitChange): this {
    if (typeof value !== 'object') return this.#add(`${selector} set ${value}`);
    if ('map' in value) return this.#add(`${selector} set ${mapText(value)}`);
    if ('from' in value) {
      const ops = (['and', 'or', 'xor'] as const).filter((op) => value[op] !== undefined).map((op) => ` ${op} ${value[op]}`);
      return this.#add(`${selector} set ${value.from}${ops.join('')}`);
    }
    return this.#add(`${selector} set ${keyText(value)}`);
  }
  /** `selector vmap { key : verdict, … }` (a chain name after `jump`/`goto`: `'jump other'`), or a named map `'@name'`. */
  vmap(key: Key, map: Readonly<Record<string, VerdictName | `jump ${string}` | `goto ${string}`>> | `@${string}`): this {
    const selector = keyText(key);
    if (typeof map === 'string') return this.#add(`${selector} vmap ${map}`);
    return this.#add(`${selector} vmap { ${Object.entries(map).map(([k, verdict]) => `${k} : ${verdict}`).join(', ')} }`);
  }
  counter(): this {
    return this.#add('counter');
  }
  /** Uses a named stateful object: `counter name "c"`, `quota name "q"`, `limit name "l"`. */
  object(type: 'counter' | 'quota' | 'limit', name: string): this {
    return this.#add(`${type} name ${JSON.stringify(name)}`);
  }
  /** `quota [over] 10 mbytes [used 1 mbytes]`. */
  quota(options: { amount: number; unit: 'bytes' | 'kbytes' | 'mbytes' | 'gbytes'; over?: boolean; used?: { amount: number; unit: 'bytes' | 'kbytes' | 'mbytes' | 'gbytes' } }): this {
    const used = options.used ? ` used ${options.used.amount} ${options.used.unit}` : '';
    return this.#add(`quota ${options.over ? 'over ' : ''}${options.amount} ${options.unit}${used}`);
  }
  /** `ct count [over] 10`: the connections conntrack counts for this flow. */
  ctCount(count: number, options: { over?: boolean } = {}): this {
    return this.#add(`ct count ${options.over ? 'over ' : ''}${count}`);
  }
  /** `add @set { key [timeout 30s] [statements] }` (also `update`, `delete`): the set changed from the packet path. */
  updateSet(op: 'add' | 'update' | 'delete', set: string, key: Selector | readonly Selector[], options: { timeout?: string; statements?: RuleBuilder } = {}): this {
    const k = typeof key === 'string' ? key : key.join(' . ');
    const timeout = options.timeout !== undefined ? ` timeout ${options.timeout}` : '';
    const stmts = options.statements ? ` ${String(options.statements)}` : '';
    return this.#add(`${op} @${set} { ${k}${timeout}${stmts} }`);
  }
  /** `ct helper set "ftp"`: a ct helper object assigned to the connection. */
  ctHelper(name: string): this {
    return this.#add(`ct helper set ${JSON.stringify(name)}`);
  }
  notrack(): this {
    return this.#add('notrack');
  }
  /** `queue [num N | num N-M] [bypass] [fanout]`: the packet to user space (nfqueue), on one queue or spread over a range. */
  queue(options: { num?: number | readonly [number, number]; bypass?: boolean; fanout?: boolean } = {}): this {
    const num = options.num === undefined ? '' : typeof options.num === 'number' ? ` num ${options.num}` : ` num ${options.num[0]}-${options.num[1]}`;
    const flags = [...(options.bypass ? ['bypass'] : []), ...(options.fanout ? ['fanout'] : [])];
    // Both flags are written as nft's `flags` list (the old form takes them one at a time too).
    if (flags.length === 2) return this.#add(`queue flags ${flags.join(',')}${num}`);
    return this.#add(`queue${num}${flags.length ? ` ${flags[0]}` : ''}`);
  }
  /** `synproxy [mss N] [wscale N] [timestamp] [sack-perm]`: the TCP handshake answered by the kernel (SYN cookies). */
  synproxy(options: { mss?: number; wscale?: number; timestamp?: boolean; sackPerm?: boolean } = {}): this {
    const parts = ['synproxy'];
    if (options.mss !== undefined) parts.push(`mss ${options.mss}`);
    if (options.wscale !== undefined) parts.push(`wscale ${options.wscale}`);
    if (options.timestamp) parts.push('timestamp');
    if (options.sackPerm) parts.push('sack-perm');
    return this.#add(parts.join(' '));
  }
    /** `flow add @ft`: the connection offloaded to flowtable `ft`. */
  flowAdd(flowtable: string): this {
    return this.#add(`flow add @${flowtable}`);
  }
  /** `last`: the rule records when it last matched (listed as `last used …`). */
  last(): this {
    return this.#add('last');
  }
  log(options: { prefix?: string; level?: string; group?: number; snaplen?: number } = {}): this {
    const parts = ['log'];
    if (options.prefix !== undefined) parts.push(`prefix ${JSON.stringify(options.prefix)}`);
    if (options.level !== undefined) parts.push(`level ${options.level}`);
    if (options.group !== undefined) parts.push(`group ${options.group}`);
    if (options.snaplen !== undefined) parts.push(`snaplen ${options.snaplen}`);
    return this.#add(parts.join(' '));
  }
  /** `limit rate [over] 10/second [burst 20 packets]`; with `bytes`, a byte rate (`1 mbytes/second`). */
  limit(options: { rate: number; per: 'second' | 'minute' | 'hour' | 'day' | 'week'; burst?: number; over?: boolean; bytes?: 'bytes' | 'kbytes' | 'mbytes' }): this {
    const rate = options.bytes ? `${options.rate} ${options.bytes}/${options.per}` : `${options.rate}/${options.per}`;
    const burst = options.burst !== undefined ? ` burst ${options.burst} ${options.bytes ? 'bytes' : 'packets'}` : '';
    return this.#add(`limit rate ${options.over ? 'over ' : ''}${rate}${burst}`);
  }
  /** `masquerade [to :ports] [random,…]`. */
  masquerade(options: { ports?: string | number; flags?: readonly ('random' | 'fully-random' | 'persistent')[] } = {}): this {
    return this.#add(`masquerade${options.ports !== undefined ? ` to :${options.ports}` : ''}${options.flags?.length ? ` ${options.flags.join(',')}` : ''}`);
  }
  /** `redirect [to :port]`. */
  redirect(options: { ports?: string | number } = {}): this {
    return this.#add(`redirect${options.ports !== undefined ? ` to :${options.ports}` : ''}`);
  }
  /**
   * `snat|dnat [ip|ip6] to address[:port]` (an IPv6 address with a port is bracketed for you), or an address
   * from a map (`to: { map: { numgen: 'inc', mod: 2 }, elements: { 0: '10.0.0.1', 1: '10.0.0.2' } }`).
   */
  nat(type: 'snat' | 'dnat', options: { family?: 'ip' | 'ip6'; to: string | MapRef; ports?: string | number; flags?: readonly ('random' | 'fully-random' | 'persistent')[] }): this {
    const flags = options.flags?.length ? ` ${options.flags.join(',')}` : '';
    if (typeof options.to === 'object') return this.#add(`${type}${options.family ? ` ${options.family}` : ''} to ${mapText(options.to)}${flags}`);
    const addr = options.ports !== undefined && options.family === 'ip6' ? `[${options.to}]` : options.to;
    const to = `${addr}${options.ports !== undefined ? `:${options.ports}` : ''}`;
    return this.#add(`${type}${options.family ? ` ${options.family}` : ''} to ${to}${options.flags?.length ? ` ${options.flags.join(',')}` : ''}`);
  }
  /** `reject`, `reject with tcp reset`, `reject with icmpx admin-prohibited`, … */
  reject(options: { with?: 'tcp reset' | `icmp ${string}` | `icmpv6 ${string}` | `icmpx ${string}` } = {}): this {
    return this.#add(options.with ? `reject with ${options.with}` : 'reject');
  }
  accept(): this {
    return this.#add('accept');
  }
  drop(): this {
    return this.#add('drop');
  }
  return(): this {
    return this.#add('return');
  }
  continue(): this {
    return this.#add('continue');
  }
  jump(chain: string): this {
    return this.#add(`jump ${chain}`);
  }
  goto(chain: string): this {
    return this.#add(`goto ${chain}`);
  }
  comment(text: string): this {
    return this.#add(`comment ${JSON.stringify(text)}`);
  }
  /** The rule as nft text. */
  toString(): string {
    return this.#statements.join(' ');
  }

  #add(statement: string): this {
    this.#statements.push(statement);
    return this;
  }
}
