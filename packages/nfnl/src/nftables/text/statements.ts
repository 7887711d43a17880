import { LinxError } from '@linx/netlink-wire';
import type { Family } from '../../nfgenmsg.js';
import { datatypeName, concatParts, datatypes, type DatatypeName } from '../datatypes.js';
import type { Verdict } from '../data.js';
import type { Expression } from '../expr/expression.js';
import type { Rule } from '../rule.js';
import type { NftSet } from '../set.js';
import type { SetElement } from '../element.js';
import { ctKeys, ipv6ExthdrFields, ipv6Exthdrs, linkHeaders, metaKeys, networkHeaders, nfprotoHeader, rawBaseNames, sctpChunks, tcpOptions, timeMetaKeys, transportHeaders, transportPorts, type HeaderField, type PayloadBase } from './fields.js';
import { limitRendered, logRendered, natFlags, quotaRendered } from './actions.js';
import { bitmasks, formatBitmask, formatValue, isHostOrder, rangeEndRendered, readNumber, type Rendered } from './format.js';
import { asPrefix, elementsText, interfaceRendered, timeText, verdictRendered } from './elements.js';
import { objectKeyword, synproxyOptions } from './objects.js';

/** A rule linx cannot print as nft does: an expression (or a use of one) the renderer does not know. */
export class UnrenderableRuleError extends LinxError {
  /** The index of the expression in the rule, and its name. */
  readonly index: number;
  readonly expression: string;
  constructor(index: number, expression: string, why: string, options?: { cause?: unknown }) {
    super('ERR_LINX_NFT_UNRENDERABLE', `expression ${index + 1} (${expression}) cannot be printed as nft prints it: ${why}`, options);
    this.index = index;
    this.expression = expression;
  }
}

/** Sets a rule may refer to (its table's, anonymous ones included), with their elements: `ruleset().sets`. */
export type SetsWithElements = readonly (NftSet & { elements: readonly SetElement[] })[];

/** Sets by `family table name`, per array given (a ruleset's sets are looked up once per rule). */
const setIndexes = new WeakMap<SetsWithElements, Map<string, NftSet & { elements: readonly SetElement[] }>>();

/** What a register holds while the rule's expressions are read. */
type Reg =
  | {
      kind: 'expr';
      r: Rendered;
      type: DatatypeName;
      bigEndian: boolean;
      /** Its length in bytes. */
      size: number;
      /** A header address loaded shorter than the field: a prefix of `bits`. */
      short?: { bits: number };
      /** `& mask` applied, then `^ xor` (`meta mark | 0x10` is `& ~0x10 ^ 0x10`). */
      mask?: Uint8Array;
      xor?: Uint8Array;
      /** A field narrower than the bytes loaded: the value is shifted left by `shift`. */
      shift?: number;
      /** A raw payload (`@nh,96,32`): nft prints its values in hex. */
      raw?: boolean;
      /** Turned to the other byte order (byteorder) in units of this many bytes: values are turned back to print. */
      swap?: number;
      /** Which protocol choice this expression makes (a dependency nft adds and hides). */
      selects?: 'l2' | 'l3' | 'l4';
    }
  | { kind: 'load'; base: PayloadBase; offset: number; len: number; fields: HeaderField[] }
  /** Bytes of an IPv6 extension header holding fields narrower than a byte (`frag more-fragments`): a mask picks one. */
  | { kind: 'exthdrLoad'; len: number; offset: number; fields: HeaderField[] }
  /** Several adjacent header fields in one register, compared at once. */
  | { kind: 'fields'; base: PayloadBase; fields: HeaderField[] }
  | { kind: 'imm'; bytes: Uint8Array }
  /** Bytes of a header loaded, some bits kept (`mask`) and the others set (`xor`): a write of a narrow field. */
  | { kind: 'edit'; base: PayloadBase; offset: number; len: number; mask: Uint8Array; xor: Uint8Array }
  | { kind: 'map'; r: Rendered; type: DatatypeName | undefined };

/** One statement, and whether it is a protocol match nft added as a dependency (then hidden when used). */
interface Out extends Rendered {
  dependency?: 'l3' | 'l4';
  removed?: boolean;
}

const opSymbols: Record<string, string> = { eq: '==', neq: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=' };
const slot = (reg: number): number => (reg >= 1 && reg <= 4 ? (reg - 1) * 4 : reg - 8);
const zero = (b: Uint8Array): boolean => b.every((x) => x === 0);

interface Data {
  value?: Uint8Array;
  verdict?: Verdict;
}

/**
 * Reads a rule's register-level expressions back into statements, and prints them as `nft list ruleset`
 * (`text`) and `nft -j` (`json`, its statements; `object`, the whole rule object) do: `ip saddr 10.0.0.0/24 tcp dport { 22, 80 } ct state new counter packets 0 bytes 0
 * accept`. The protocol matches nft adds as dependencies (`meta nfproto ipv4` before `ip saddr`, `meta
 * l4proto tcp` before `tcp dport`) are hidden as nft hides them. `sets` gives the elements of anonymous sets
 * (`{ 22, 80 }`) and the types of named ones. Throws `UnrenderableRuleError` for what it cannot print.
 */
export function ruleStatements(rule: Rule, sets: SetsWithElements = [], options: PrintOptions = {}): { json: unknown[]; text: string; object: RuleJson } {
  const reader = new RuleReader(rule.family, rule.table, sets, options);
  rule.expressions.forEach((e, i) => reader.read(e, i, rule.expressions[i + 1]));
  const statements = reader.out.filter((s) => !s.removed);
  const text = statements.map((s) => s.text).join(' ') + (rule.comment !== undefined ? ` comment "${rule.comment}"` : '');
  const json = statements.map((s) => s.json);
  const object: RuleJson = { family: rule.family, table: rule.table, chain: rule.chain, ...(rule.handle !== undefined ? { handle: Number(rule.handle) } : {}), ...(rule.comment !== undefined ? { comment: rule.comment } : {}), expr: json };
  return { json, text, object };
}

/**
 * `interfaces`: interface names by index, for `iif`/`oif` matches (nft prints `iif "lo"`; linx, which does
 * not read links, prints the index unless told the name: pass rtnl's links as a map).
 */
export interface PrintOptions {
  interfaces?: ReadonlyMap<number, string>;
}

/** A rule as nft -j writes it (the value of its `{ "rule": … }` object). */
export interface RuleJson {
  family: string;
  table: string;
  chain: string;
  handle?: number;
  comment?: string;
  expr: unknown[];
}

class RuleReader {
  readonly out: Out[] = [];
  readonly regs = new Map<number, Reg>();
  /** The payload bytes each register was last loaded from (for a write of part of them). */
  readonly loads = new Map<number, { base: PayloadBase; offset: number; len: number }>();
  /** The network header in use (from the family or a match), and the statement that chose it. */
  l3: string | undefined;
  l3Dep: Out | undefined;
  /** The statement that made the link layer Ethernet (`meta iiftype ether`), or a VLAN tag (`ether type 8021q`). */
  l2Dep: Out | undefined;
  vlanDep: Out | undefined;
  /** The transport protocol in use, and the statement that chose it. */
  l4: number | undefined;
  l4Dep: Out | undefined;
  /** A `cmp gte` waiting for its `cmp lte`. */
  skipNext = false;

  constructor(
    readonly family: Family,
    readonly table: string,
    readonly sets: SetsWithElements,
    readonly options: PrintOptions = {},
  ) {
    this.l3 = family === 'ip' ? 'ip' : family === 'ip6' ? 'ip6' : family === 'arp' ? 'arp' : undefined;
  }

  read(e: Expression, index: number, next: Expression | undefined): void {
    try {
      this.readOne(e, index, next);
    } catch (error) {
      if (error instanceof UnrenderableRuleError) throw error;
      // Data of a shape nft never writes (an attribute missing, a value of the wrong length).
      throw new UnrenderableRuleError(index, e.name, `its data is not as nft writes it (${(error as Error).message})`, { cause: error });
    }
  }

  readOne(e: Expression, index: number, next: Expression | undefined): void {
    if (this.skipNext) {
      this.skipNext = false;
      return;
    }
    const fail = (why: string): never => {
      throw new UnrenderableRuleError(index, e.name, why);
    };
    const d = (e.data ?? {}) as Record<string, any>;
    switch (e.name) {
      case 'payload':
        if (d.dreg !== undefined) {
          this.set(d.dreg, this.payload(d.base, d.offset, d.len));
          this.loads.set(slot(d.dreg), { base: d.base, offset: d.offset, len: d.len });
          return;
        }
        return this.payloadWrite(d, fail);
      case 'meta': {
        const key = metaKeys[d.key] ?? timeMetaKeys[d.key];
        if (!key) return fail(`meta key ${String(d.key)}`);
        const r: Rendered = { json: { meta: { key: key.name } }, text: key.unqualified ? key.name : `meta ${key.name}` };
        if (d.dreg === undefined) return this.mangle({ r, type: key.type }, d.sreg, fail, `meta ${key.name}`);
        const selects = d.key === 'nfproto' || d.key === 'protocol' ? 'l3' : d.key === 'l4-proto' ? 'l4' : d.key === 'iftype' ? 'l2' : undefined;
        // Meta integers are in host order; typed values (ether type, …) in their type's order.
        const bigEndian = key.bigEndian ?? (key.type !== 'integer' && !isHostOrder(key.type));
        return this.set(d.dreg, { kind: 'expr', r, type: key.type, bigEndian, size: sizeOf(key.type), ...(selects ? { selects } : {}) });
      }
      case 'ct': {
        const key = ctKeys[d.key];
        if (!key) return fail(`ct key ${String(d.key)}`);
        const dir = d.direction !== undefined ? `${d.direction} ` : '';
        const json = { ct: { key: key.name, ...(d.direction !== undefined ? { dir: d.direction } : {}) } };
        const r: Rendered = { json, text: `ct ${dir}${key.name}` };
        if (d.dreg === undefined) return this.mangle({ r, type: key.type }, d.sreg, fail);
        const bigEndian = !isHostOrder(key.type) && key.type !== 'integer';
        return this.set(d.dreg, { kind: 'expr', r, type: key.type, bigEndian, size: sizeOf(key.type), ...(d.key === 'protocol' ? { selects: 'l4' as const } : {}) });
      }
      case 'bitwise':
        return this.bitwise(d, fail);
      case 'byteorder': {
        // nft turns a host-order value to network order before comparing it by size (`ct bytes > 1000`,
        // `meta mark 0x1-0x5`, `ct expiration < 10s`): the same expression, the values compared with it
        // in the other order, turned back to print them in the expression's type.
        const src = this.expr(d.sreg, fail);
        if (d.op !== 'hton' && d.op !== 'ntoh') return fail(`byteorder ${d.op}`);
        return this.set(d.dreg, { ...src, swap: Number(d.size) });
      }
      case 'cmp': {
        const held = this.regs.get(slot(d.sreg));
        if (held?.kind === 'fields') {
          // One match per field, as nft prints a merged compare.
          if (d.op !== 'eq') return fail('a merged payload compared other than for equality');
          const value: Uint8Array = (d.data as Data | undefined)?.value ?? fail('no value compared');
          let at = 0;
          for (const f of held.fields) {
            const reg = this.fieldReg(held.base, f, f.len / 8);
            const bytes = value.subarray(at, at + f.len / 8);
            const statement = this.match(reg, '==', this.value(reg, bytes));
            if (reg.selects) this.chooses(reg, bytes, statement);
            at += f.len / 8;
          }
          return;
        }
        const left = this.expr(d.sreg, fail);
        const value = (d.data as Data | undefined)?.value ?? fail('no value compared');
        if (d.op === 'gte' && next?.name === 'cmp') {
          const n = next.data as Record<string, any>;
          if (n.op === 'lte' && n.sreg === d.sreg) {
            this.skipNext = true;
            const [a, b] = [this.rangeEnd(left, value), this.rangeEnd(left, (n.data as Data).value!)];
            return void this.match(this.masked(left), '==', { json: { range: [a.json, b.json] }, text: `${a.text}-${b.text}` });
          }
        }
        return this.compare(left, d.op, value, fail);
      }
      case 'range': {
        const left = this.expr(d.sreg, fail);
        const [a, b] = [this.rangeEnd(left, (d.fromData as Data).value!), this.rangeEnd(left, (d.toData as Data).value!)];
        return void this.match(this.masked(left), d.op === 'neq' ? '!=' : '==', { json: { range: [a.json, b.json] }, text: `${a.text}-${b.text}` });
      }
      case 'lookup':
        return this.lookup(d, fail);
      case 'immediate':
        if (d.dreg === 0) return this.push(verdictRendered((d.data as Data | undefined)?.verdict ?? fail('a value in the verdict register')));
        return this.set(d.dreg, { kind: 'imm', bytes: (d.data as Data | undefined)?.value ?? fail('a verdict in a data register') });
      case 'counter':
        return this.push({ json: { counter: { packets: Number(d.packets ?? 0n), bytes: Number(d.bytes ?? 0n) } }, text: `counter packets ${d.packets ?? 0n} bytes ${d.bytes ?? 0n}` });
      case 'notrack':
        return this.push({ json: { notrack: null }, text: 'notrack' });
      case 'limit':
        return this.push(limitRendered(d));
      case 'log':
        return this.push(logRendered(d));
      case 'quota':
        return this.push(quotaRendered(d));
      case 'reject':
        return this.push(this.reject(d));
      case 'nat':
        return this.push(this.nat(d, fail));
      case 'masq':
      case 'redir':
        return this.push(this.masqRedir(e.name, d, fail));
      case 'fib': {
        const flags: string[] = (d.flags ?? []).filter((f: string) => f !== 'present');
        const present = (d.flags ?? []).includes('present');
        const result = ({ oif: 'oif', oifname: 'oifname', addrtype: 'type' } as Record<string, string>)[d.result] ?? fail(`fib result ${d.result}`);
        const type: DatatypeName = present ? 'boolean' : d.result === 'addrtype' ? 'fib_addrtype' : d.result === 'oif' ? 'iface_index' : 'ifname';
        const r = { json: { fib: { result, flags } }, text: `fib ${flags.join(' . ')} ${result}` };
        return this.set(d.dreg, { kind: 'expr', r, type, bigEndian: false, size: sizeOf(type) });
      }
      case 'rt': {
        const keys: Record<string, [string, DatatypeName]> = { classid: ['classid', 'realm'], nexthop4: ['ip nexthop', 'ipv4_addr'], nexthop6: ['ip6 nexthop', 'ipv6_addr'], tcpmss: ['mtu', 'integer'], xfrm: ['ipsec', 'boolean'] };
        const [name, type] = keys[d.key] ?? fail(`rt key ${d.key}`);
        const r = { json: { rt: { key: name.split(' ').pop(), ...(name.includes(' ') ? { family: name.split(' ')[0] } : {}) } }, text: `rt ${name}` };
        return this.set(d.dreg, { kind: 'expr', r, type, bigEndian: type.startsWith('ipv'), size: sizeOf(type) });
      }
      case 'numgen': {
        const offset = Number(d.offset ?? 0);
        const r = { json: { numgen: { mode: d.type, mod: d.modulus, offset } }, text: `numgen ${d.type} mod ${d.modulus}${offset ? ` offset ${offset}` : ''}` };
        return this.set(d.dreg, { kind: 'expr', r, type: 'integer', bigEndian: false, size: 4 });
      }
      case 'hash': {
        const offset = Number(d.offset ?? 0);
        if (d.type === 'sym') {
          const r = { json: { symhash: { mod: d.modulus, ...(offset ? { offset } : {}) } }, text: `symhash mod ${d.modulus}${offset ? ` offset ${offset}` : ''}` };
          return this.set(d.dreg, { kind: 'expr', r, type: 'integer', bigEndian: false, size: 4 });
        }
        const src = this.source(d.sreg, d.len, fail);
        const seed = Number(d.seed ?? 0);
        const json = { jhash: { mod: d.modulus, ...(seed ? { seed } : {}), ...(offset ? { offset } : {}), expr: src.json } };
        const text = `jhash ${src.text} mod ${d.modulus}${seed ? ` seed 0x${seed.toString(16)}` : ''}${offset ? ` offset ${offset}` : ''}`;
        return this.set(d.dreg, { kind: 'expr', r: { json, text }, type: 'integer', bigEndian: false, size: 4 });
      }
      case 'socket': {
        const types: Record<string, DatatypeName> = { transparent: 'integer', mark: 'mark', wildcard: 'integer', cgroupv2: 'cgroupsv2' };
        const type = types[d.key] ?? fail(`socket key ${d.key}`);
        return this.set(d.dreg, { kind: 'expr', r: { json: { socket: { key: d.key } }, text: `socket ${d.key}` }, type, bigEndian: false, size: type === 'integer' ? 1 : sizeOf(type) });
      }
      case 'connlimit': {
        const over = (d.flags ?? []).includes('inv');
        return this.push({ json: { 'ct count': { val: d.count, ...(over ? { inv: true } : {}) } }, text: `ct count ${over ? 'over ' : ''}${d.count}` });
      }
      case 'dynset':
        return this.push(this.dynset(d, fail));
      case 'exthdr':
        return this.exthdr(d, fail);
      case 'tproxy': {
        const family = d.family === 2 ? 'ip' : d.family === 10 ? 'ip6' : undefined;
        const imm = (reg: number | undefined) => (reg === undefined ? undefined : ((r) => (r?.kind === 'imm' ? r.bytes : fail(`register ${reg} holds no address or port`)))(this.regs.get(slot(reg))));
        const [addr, port] = [imm(d.regAddr), imm(d.regPort)];
        const a = addr ? formatValue(addr, family === 'ip6' ? 'ipv6_addr' : 'ipv4_addr') : undefined;
        const p = port ? formatValue(port, 'inet_service') : undefined;
        const json = { ...(family && this.family === 'inet' ? { family } : {}), ...(a ? { addr: a.json } : {}), ...(p ? { port: p.json } : {}) };
        // nft brackets an IPv6 address here, port or not (`tproxy ip6 to [::1]`).
        const to = `${a ? (family === 'ip6' ? `[${a.text}]` : a.text) : ''}${p ? `:${p.text}` : ''}`;
        return this.push({ json: { tproxy: json }, text: `tproxy${family && this.family === 'inet' ? ` ${family}` : ''} to ${to}` });
      }
      case 'objref':
        if (d.immName === undefined) return fail('an object map');
        // A ct helper, timeout or expectation is assigned (`ct helper set "ftp"`); a counter, quota, limit or synproxy object is used.
        if (typeof d.immType === 'string' && d.immType.startsWith('ct-')) {
          const kind = objectKeyword({ type: d.immType });
          return this.push({ json: { [kind]: d.immName }, text: `${kind} set "${d.immName}"` });
        }
        if (d.immType === 'secmark') return this.push({ json: { secmark: d.immName }, text: `meta secmark set "${d.immName}"` });
        return this.push({ json: { [d.immType]: d.immName }, text: `${d.immType} name "${d.immName}"` });
      case 'last': {
        // As nft (1.0.7 and later; 1.0.6 does not know `last`) prints it: `last used never`, `last used 5s4ms`.
        const used = Number(d.msecs ?? 0n);
        if (!d.set) return this.push({ json: { last: null }, text: 'last used never' });
        return this.push({ json: { last: { used } }, text: `last used ${timeText(used)}` });
      }
      case 'flow_offload':
        return this.push({ json: { flow: { op: 'add', flowtable: `@${d.name}` } }, text: `flow add @${d.name}` });
      case 'queue':
        return this.push(this.queue(d, fail));
      case 'synproxy': {
        const options = synproxyOptions(d.flags);
        // nft always sends the MSS and window scale (0 when not given) and prints those its flags name.
        const [mss, wscale] = (['mss', 'wscale'] as const).map((f) => (d[f] !== undefined && (d.flags ?? []).includes(f) ? d[f] : undefined));
        const json = { ...(mss !== undefined ? { mss } : {}), ...(wscale !== undefined ? { wscale } : {}), ...(options.length ? { flags: options.names } : {}) };
        const text = ['synproxy', ...(mss !== undefined ? [`mss ${mss}`] : []), ...(wscale !== undefined ? [`wscale ${wscale}`] : []), ...(options.length ? [options.text] : [])].join(' ');
        return this.push({ json: { synproxy: Object.keys(json).length ? json : null }, text });
      }
      case 'dup':
      case 'fwd':
        return this.push(this.dupFwd(e.name, d, fail));
      case 'osf': {
        // `osf name`, `osf ttl loose version` (nft -j: `{ "osf": { "key": "name", "ttl": "loose" } }`); a 16-byte name.
        const ttl = ({ 1: 'loose', 2: 'skip' } as Record<number, string>)[Number(d.ttl ?? 0)];
        const key = (d.flags ?? []).includes('version') ? 'version' : 'name';
        const r = { json: { osf: { key, ...(ttl ? { ttl } : {}) } }, text: `osf ${ttl ? `ttl ${ttl} ` : ''}${key}` };
        return this.set(d.dreg, { kind: 'expr', r, type: 'string', bigEndian: true, size: 16 });
      }
      case 'xfrm': {
        // `ipsec in reqid 1`, `ipsec out spnum 1 ip6 saddr ::1` (nft -j: key, family, dir, spnum).
        const keys: Record<string, [string, string | undefined, DatatypeName, boolean]> = {
          'daddr-ip4': ['daddr', 'ip', 'ipv4_addr', true], 'daddr-ip6': ['daddr', 'ip6', 'ipv6_addr', true],
          'saddr-ip4': ['saddr', 'ip', 'ipv4_addr', true], 'saddr-ip6': ['saddr', 'ip6', 'ipv6_addr', true],
          reqid: ['reqid', undefined, 'integer', false], spi: ['spi', undefined, 'integer', true],
        };
        const [key, family, type, bigEndian] = keys[d.key] ?? fail(`xfrm key ${String(d.key)}`);
        const spnum = Number(d.spnum ?? 0);
        const json = { ipsec: { key, ...(family ? { family } : {}), dir: d.dir ?? 'in', spnum } };
        const text = `ipsec ${d.dir ?? 'in'}${spnum ? ` spnum ${spnum}` : ''}${family ? ` ${family}` : ''} ${key}`;
        return this.set(d.dreg, { kind: 'expr', r: { json, text }, type, bigEndian, size: sizeOf(type) });
      }
      default:
        return fail('linx does not print this expression yet');
    }
  }

  /**
   * `dup to 10.0.0.1 device "eth0"`, `dup to "eth0"` (netdev), `fwd to "eth0"`, `fwd ip to 10.0.0.1 device
   * "eth0"`: the address and interface index each come from an immediate. nft -j names a netdev dup's
   * interface `addr` (it is the statement's target), and writes a fwd's `dev`, `family`, `addr` in that order.
   */
  dupFwd(name: 'dup' | 'fwd', d: Record<string, any>, fail: (why: string) => never): Rendered {
    const held = (reg: number): Uint8Array => ((r) => (r?.kind === 'imm' ? r.bytes : fail(`register ${reg} holds no constant`)))(this.regs.get(slot(reg)));
    const device = (reg: number): Rendered => interfaceRendered(Number(readNumber(held(reg), false)), this.options.interfaces);
    const family = name === 'fwd' ? (d.nfproto === undefined ? undefined : d.nfproto === 'ip' || d.nfproto === 'ip6' ? d.nfproto : fail(`fwd of family ${String(d.nfproto)}`)) : this.family === 'ip' || this.family === 'ip6' ? this.family : undefined;
    const address = (reg: number): Rendered => formatValue(held(reg), family === 'ip6' ? 'ipv6_addr' : family === 'ip' ? 'ipv4_addr' : fail(`an address in a ${this.family} table`));
    const dev = d.sregDev !== undefined ? device(d.sregDev) : undefined;
    const addr = d.sregAddr !== undefined ? address(d.sregAddr) : undefined;
    if (name === 'fwd') {
      if (!dev) return fail('fwd without an interface');
      if (!addr) return { json: { fwd: { dev: dev.json } }, text: `fwd to ${dev.text}` };
      return { json: { fwd: { dev: dev.json, family, addr: addr.json } }, text: `fwd ${family} to ${addr.text} device ${dev.text}` };
    }
    const to = addr ?? dev ?? fail('dup to nothing');
    const via = addr && dev ? dev : undefined;
    return { json: { dup: { addr: to.json, ...(via ? { dev: via.json } : {}) } }, text: `dup to ${to.text}${via ? ` device ${via.text}` : ''}` };
  }

  /** A set of the rule's table (and family) by name. */
  findSet(name: string): (NftSet & { elements: readonly SetElement[] }) | undefined {
    const key = `${this.family} ${this.table} ${name}`;
    let index = setIndexes.get(this.sets);
    if (!index) {
      index = new Map(this.sets.map((s) => [`${s.family} ${s.table} ${s.name}`, s]));
      setIndexes.set(this.sets, index);
    }
    // The index is of the array as first seen: a set added to it later is still found.
    return index.get(key) ?? this.sets.find((s) => s.name === name && s.table === this.table && s.family === this.family);
  }

  push(r: Rendered): void {
    this.out.push(r);
    // A statement other than a match ends what the protocol matches before it are dependencies of (nft's
    // rule_maybe_reset_payload_deps): a field matched after it leaves them printed (`meta l4proto tcp
    // counter … tcp sport 1 tcp dport 2`, nft's merged match after the counter).
    if (!(r.json && typeof r.json === 'object' && 'match' in r.json)) this.l2Dep = this.l3Dep = this.l4Dep = this.vlanDep = undefined;
  }

  set(reg: number, value: Reg): void {
    this.regs.set(slot(reg), value);
    // What the register held is gone: a payload load records its bytes again after this.
    this.loads.delete(slot(reg));
  }

  expr(reg: number, fail: (why: string) => never): Extract<Reg, { kind: 'expr' }> {
    const r = this.regs.get(slot(reg));
    if (r?.kind !== 'expr') return fail(`register ${reg} holds ${r ? `a ${r.kind}` : 'nothing'} here`);
    return r;
  }

  /** A payload load: a header field by name where one matches, else nft's raw `@nh,96,32`. */
  payload(base: PayloadBase, offset: number, len: number): Reg {
    const fields = this.headerFields(base);
    const bits = offset * 8;
    const exact = fields.find((f) => f.offset === bits && f.len === len * 8);
    if (exact) return this.fieldReg(base, exact, len);
    // With no transport protocol known nft names a port only loaded alone: th's ports loaded at once
    // (merged `th sport 1 th dport 2`) print raw, `@th,0,32 0x10002`.
    if (base === 'transport' && this.l4 === undefined) return { kind: 'expr', r: rawPayload(base, bits, len * 8), type: 'integer', bigEndian: true, size: len, raw: true };
    const short = fields.find((f) => f.offset === bits && f.len > len * 8 && (f.type === 'ipv4_addr' || f.type === 'ipv6_addr'));
    if (short) return { ...this.fieldReg(base, short, len), short: { bits: len * 8 } };
    // Adjacent whole fields loaded at once: nft merges `tcp sport 1 tcp dport 2` into one load and compare.
    const run: HeaderField[] = [];
    for (let at = bits; at < bits + len * 8; ) {
      const f = fields.find((x) => x.offset === at && x.len % 8 === 0 && x.offset + x.len <= bits + len * 8 && (run.length === 0 || x.protocol === run[0]!.protocol));
      if (!f) break;
      run.push(f);
      at += f.len;
    }
    if (run.length > 1 && run.reduce((n, f) => n + f.len, 0) === len * 8) return { kind: 'fields', base, fields: run };
    const inside = fields.filter((f) => f.offset >= bits && f.offset + f.len <= bits + len * 8);
    if (inside.length) return { kind: 'load', base, offset, len, fields: inside };
    return { kind: 'expr', r: rawPayload(base, bits, len * 8), type: 'integer', bigEndian: true, size: len, raw: true };
  }

  headerFields(base: PayloadBase): HeaderField[] {
    if (base === 'link') return [...linkHeaders.ether, ...linkHeaders.vlan];
    if (base === 'network') return this.l3 ? (networkHeaders[this.l3] ?? []) : [];
    // Without a transport protocol, nft still names the ports every one it knows puts first: `th dport`.
    if (base === 'transport') return this.l4 !== undefined ? (transportHeaders[this.l4] ?? []) : transportPorts;
    return [];
  }

  /** A header field in a register; using it hides the protocol match nft added for it. */
  fieldReg(base: PayloadBase, f: HeaderField, size: number, shift?: number): Extract<Reg, { kind: 'expr' }> {
    if (base === 'network' && this.l3Dep) this.l3Dep.removed = true;
    if (base === 'link' && this.l2Dep) this.l2Dep.removed = true;
    // `vlan type ip` alone leaves nft's `ether type 8021q` printed (a VLAN field but the type hides it).
    if (f.protocol === 'vlan' && f.field !== 'type' && this.vlanDep) this.vlanDep.removed = true;
    if (base === 'transport' && this.l4Dep) {
      this.l4Dep.removed = true;
      // An ICMP match implies its network protocol: nft hides the nfproto match before it too.
      if (this.l3Dep && (this.l4 === 1 || this.l4 === 58)) this.l3Dep.removed = true;
    }
    // The network protocol is chosen by the Ethernet type, or by a VLAN tag's (`vlan id 5 ip saddr …`).
    const selects = f.field === 'protocol' || f.field === 'nexthdr' ? 'l4' : (f.protocol === 'ether' || f.protocol === 'vlan') && f.field === 'type' ? 'l3' : undefined;
    return {
      kind: 'expr',
      r: { json: { payload: { protocol: f.protocol, field: f.field } }, text: `${f.protocol} ${f.field}` },
      type: f.type,
      bigEndian: true,
      size,
      ...(shift !== undefined ? { shift } : {}),
      ...(selects ? { selects } : {}),
    };
  }

  /** `ip ttl set 64`, `ip dscp set cs1` (bytes loaded, the field's bits replaced), `ip daddr set … map @m`. */
  payloadWrite(d: Record<string, any>, fail: (why: string) => never): void {
    const value = this.regs.get(slot(d.sreg));
    if (value?.kind === 'edit' && value.base === d.base && value.offset === d.offset && value.len === d.len) {
      const total = value.len * 8;
      const kept = readNumber(value.mask, true);
      const all = (1n << BigInt(total)) - 1n;
      const field = this.headerFields(d.base).find((f) => {
        const shift = BigInt(total - (f.offset - value.offset * 8) - f.len);
        return f.offset >= value.offset * 8 && ((((1n << BigInt(f.len)) - 1n) << shift) ^ all) === kept;
      });
      if (!field) return fail('a write over no single header field');
      const shift = total - (field.offset - value.offset * 8) - field.len;
      const key = this.fieldReg(d.base, field, Math.ceil(field.len / 8));
      const v = formatValue(bytesOf(readNumber(value.xor, true) >> BigInt(shift), Math.ceil(field.len / 8)), field.type, true);
      return this.push({ json: { mangle: { key: key.r.json, value: v.json } }, text: `${key.r.text} set ${v.text}` });
    }
    const reg = this.payload(d.base, d.offset, d.len);
    if (reg.kind !== 'expr') return fail('a write to part of a byte');
    this.mangle({ r: reg.r, type: reg.type }, d.sreg, fail);
  }

  /** Registers from `reg` on holding `len` bytes: one expression, or a concatenation. */
  source(reg: number, len: number, fail: (why: string) => never): Rendered {
    const items: Extract<Reg, { kind: 'expr' }>[] = [];
    for (let at = slot(reg), left = len; left > 0; ) {
      const r = this.regs.get(at);
      if (r?.kind !== 'expr') return fail(`register ${reg} does not hold ${len} bytes of expressions`);
      items.push(r);
      const words = Math.ceil(r.size / 4);
      at += words;
      left -= items.length === 1 && len <= r.size ? len : words * 4;
    }
    return items.length === 1 ? items[0]!.r : { json: { concat: items.map((i) => i.r.json) }, text: items.map((i) => i.r.text).join(' . ') };
  }

  bitwise(d: Record<string, any>, fail: (why: string) => never): void {
    if (d.op === 'rshift') {
      // A narrow field masked into place, then shifted down to its value (a lookup in a typeof set of
      // `ip dscp`, whose elements are the values): nft prints the field.
      const src = this.regs.get(slot(d.sreg));
      const by = Number(readNumber((d.data as Data | undefined)?.value ?? fail('no shift'), false));
      if (src?.kind !== 'expr' || src.shift === undefined || src.shift !== by) return fail('bitwise rshift of what is not a field masked into place');
      const { shift: _shift, ...field } = src;
      return this.set(d.dreg, field);
    }
    if (d.op !== undefined && d.op !== 'bool') return fail(`bitwise ${d.op}`);
    const src = this.regs.get(slot(d.sreg));
    const mask: Uint8Array = (d.mask as Data | undefined)?.value ?? fail('no mask');
    const xor = (d.xor as Data | undefined)?.value ?? new Uint8Array();
    if (!zero(xor)) {
      const loaded = this.loads.get(slot(d.sreg));
      if (loaded) return this.set(d.dreg, { kind: 'edit', ...loaded, mask, xor });
      // `meta mark | 0x10`: a value made from an expression, to set a key with.
      if (src?.kind === 'expr' && !src.mask) return this.set(d.dreg, { ...src, mask, xor });
      return fail('a bitwise xor on what is not a header or a key');
    }
    if (src?.kind === 'exthdrLoad') {
      // A field of an IPv6 extension header narrower than its bytes (`frag frag-off`): the mask selects it.
      const total = src.len * 8;
      const maskValue = readNumber(mask, true);
      const field = src.fields.find((f) => maskValue === ((1n << BigInt(f.len)) - 1n) << BigInt(total - (f.offset - src.offset * 8) - f.len));
      if (!field) return fail('a mask over no single field of an extension header');
      const shift = total - (field.offset - src.offset * 8) - field.len;
      return this.set(d.dreg, { kind: 'expr', r: exthdrField(field), type: field.type, bigEndian: true, size: src.len, ...(shift ? { shift } : {}) });
    }
    if (src?.kind === 'load') {
      // A field narrower than a byte (ip dscp, vlan id, ip version): the mask selects it.
      const total = src.len * 8;
      const maskValue = readNumber(mask, true);
      const field = src.fields.find((f) => maskValue === ((1n << BigInt(f.len)) - 1n) << BigInt(total - (f.offset - src.offset * 8) - f.len));
      if (!field) return fail('a mask over no single header field');
      return this.set(d.dreg, this.fieldReg(src.base, field, src.len, total - (field.offset - src.offset * 8) - field.len));
    }
    if (src?.kind !== 'expr') return fail(`register ${d.sreg} holds nothing to mask`);
    this.set(d.dreg, { ...src, mask });
  }

  /** A value compared with (or looked up for) `left`, in its type. */
  value(left: Extract<Reg, { kind: 'expr' }>, given: Uint8Array): Rendered {
    const bytes = left.swap ? swapped(given, left.swap) : given;
    if (left.shift) {
      const n = readNumber(bytes, true) >> BigInt(left.shift);
      return formatValue(bytesOf(n, Math.max(1, bytes.length)), left.type, true);
    }
    if (left.type === 'iface_index') {
      const name = this.options.interfaces?.get(Number(readNumber(bytes, false)));
      if (name !== undefined) return { json: name, text: `"${name}"` };
    }
    if (left.raw) {
      const n = readNumber(bytes, true);
      return { json: Number(n), text: `0x${n.toString(16)}` };
    }
    return formatValue(bytes, left.type, left.bigEndian);
  }

  /** An end of a range: a value, but a time in whole seconds, as nft prints it (`ct expiration 60s-120s`). */
  rangeEnd(left: Extract<Reg, { kind: 'expr' }>, given: Uint8Array): Rendered {
    if (left.type !== 'time') return rangeEndRendered(this.value(left, given), left.type);
    const seconds = Math.floor(Number(readNumber(left.swap ? swapped(given, left.swap) : given, false)) / 1000);
    return { json: seconds, text: `${seconds}s` };
  }

  /**
   * A value masked before a range, set or map (`meta mark & 0xff 1-5`, `meta mark & 0xff == { 1, 2 }`) is
   * printed with its mask; bit masks and address prefixes, which nft prints otherwise, are left as they are.
   */
  masked<T extends { r: Rendered; type?: DatatypeName; mask?: Uint8Array; xor?: Uint8Array; bigEndian?: boolean }>(left: T): T & { withMask?: boolean } {
    if (!left.mask || left.xor || !left.type || bitmasks[left.type] || left.type === 'ipv4_addr' || left.type === 'ipv6_addr' || left.type === 'ct_label') return left;
    const m = formatValue(left.mask, left.type, left.bigEndian);
    return { ...left, r: { json: { '&': [left.r.json, m.json] }, text: `${left.r.text} & ${m.text}` }, withMask: true };
  }

  compare(left: Extract<Reg, { kind: 'expr' }>, op: string, bytes: Uint8Array, fail: (why: string) => never): void {
    const symbol = opSymbols[op] ?? fail(`cmp ${op}`);
    if (left.xor) {
      // `meta mark | 0x3 == 0x7` (a mask of the other bits, then those set), as nft prints it; with more
      // bits cleared, `meta mark & 0xff03 | 0x3 == 0x7` (the mask as nft prints it: the kept bits and the set ones).
      if (!left.mask || left.mask.length !== left.xor.length || !(op === 'eq' || op === 'neq')) return fail('a compare of a value made with xor');
      const kept = left.mask.map((b, i) => b | left.xor![i]!);
      const x = formatValue(left.xor, left.type, left.bigEndian);
      const { mask: _mask, xor: _xor, ...plain } = left;
      const v = this.value(plain, bytes);
      const masked = kept.every((b) => b === 0xff) ? left.r : ((m) => ({ json: { '&': [left.r.json, m.json] }, text: `${left.r.text} & ${m.text}` }))(formatValue(kept, left.type, left.bigEndian));
      return this.push({ json: { match: { op: symbol, left: { '|': [masked.json, x.json] }, right: v.json } }, text: `${masked.text} | ${x.text} ${symbol} ${v.text}` });
    }
    // An address compared in its first bytes only: a byte-aligned prefix (a payload loaded short, or the
    // whole address loaded and fewer bytes compared, as nft does for `ipsec in ip saddr 10.0.0.0/8`).
    const addressLength = left.type === 'ipv4_addr' ? 4 : left.type === 'ipv6_addr' ? 16 : 0;
    const short = left.short ?? (addressLength && bytes.length < addressLength ? { bits: bytes.length * 8 } : undefined);
    if (short && (op === 'eq' || op === 'neq')) {
      const full = new Uint8Array(addressLength);
      full.set(bytes.subarray(0, short.bits / 8));
      return void this.match(left, symbol, prefixRendered(formatValue(full, left.type), short.bits));
    }
    if (left.mask && bitmasks[left.type]) {
      const bigEndian = !isHostOrder(left.type);
      const maskBits = readNumber(left.mask, bigEndian);
      const valueBits = readNumber(bytes, bigEndian);
      // `ct state established,related`: any of the bits set.
      if (op === 'neq' && valueBits === 0n) return void this.match(left, 'in', formatBitmask(left.type, maskBits));
      // `tcp flags syn / fin,syn,rst,ack`: these bits of those.
      const m = formatBitmask(left.type, maskBits);
      const v = formatBitmask(left.type, valueBits);
      const json = { match: { op: symbol, left: { '&': [left.r.json, m.json] }, right: v.json } };
      // `tcp flags & syn == syn`: one bit, tested alone; else `tcp flags syn / syn,ack`.
      if (op === 'eq' && maskBits === valueBits && typeof v.json === 'string') return this.push({ json, text: `${left.r.text} & ${m.text} == ${v.text}` });
      return this.push({ json, text: `${left.r.text} ${op === 'eq' ? '' : `${symbol} `}${v.text} / ${m.text}` });
    }
    // `ct label 1`: the label's bit set.
    if (left.mask && left.type === 'ct_label' && op === 'neq' && zero(bytes)) return void this.match(left, 'in', formatValue(left.mask, 'ct_label'));
    // Addresses and marks (nft's DTYPE_F_PREFIX types) under a mask of leading ones: a prefix (`ct mark
    // 0x00010000/16`), or the value alone for all ones (`ip saddr & 255.255.255.255 == 1.2.3.4`).
    if (left.mask && (left.type === 'ipv4_addr' || left.type === 'ipv6_addr' || left.type === 'mark') && (op === 'eq' || op === 'neq')) {
      const bits = prefixLength(left.bigEndian ? left.mask : left.mask.slice().reverse());
      const value = formatValue(bytes, left.type, left.bigEndian);
      if (bits === left.mask.length * 8) return void this.match(left, symbol, value);
      if (bits !== undefined) return void this.match(left, symbol, prefixRendered(value, bits));
    }
    if (left.mask) {
      const m = formatValue(left.mask, left.type, left.bigEndian);
      const v = this.value(left, bytes);
      return this.push({ json: { match: { op: symbol, left: { '&': [left.r.json, m.json] }, right: v.json } }, text: `${left.r.text} & ${m.text} ${symbol} ${v.text}` });
    }
    const right = this.value(left, bytes);
    const statement = this.match(left, symbol, right);
    if (op === 'eq' && left.selects) this.chooses(left, bytes, statement);
  }

  /** A protocol match: what it chose for the headers after it, and the statement to hide once they use it. */
  chooses(left: Extract<Reg, { kind: 'expr' }>, bytes: Uint8Array, statement: Out): void {
    const n = Number(readNumber(bytes, left.bigEndian));
    if (left.selects === 'l2') {
      this.l2Dep = n === 1 ? statement : undefined; // ARPHRD_ETHER
    } else if (left.selects === 'l4') {
      this.l4 = n;
      // nft's own dependency is `meta l4proto`: an explicit `ip protocol` stays.
      this.l4Dep = (left.r.json as { meta?: unknown }).meta ? statement : undefined;
    } else {
      const header = left.type === 'nf_proto' ? nfprotoHeader[n] : n === 0x0800 ? 'ip' : n === 0x86dd ? 'ip6' : n === 0x0806 ? 'arp' : undefined;
      if (n === 0x8100 && (left.r.json as { payload?: unknown }).payload) {
        this.vlanDep = statement;
        return;
      }
      this.l3 = header;
      this.l3Dep = statement;
    }
  }

  match(left: Extract<Reg, { kind: 'expr' }> | { r: Rendered }, op: string, right: Rendered): Out {
    const out: Out = { json: { match: { op, left: left.r.json, right: right.json } }, text: op === '==' || op === 'in' ? `${left.r.text} ${right.text}` : `${left.r.text} ${op} ${right.text}` };
    this.out.push(out);
    return out;
  }

  lookup(d: Record<string, any>, fail: (why: string) => never): void {
    const set = this.findSet(d.set);
    const anonymous = typeof d.set === 'string' && d.set.startsWith('__');
    if (anonymous && !set) return fail(`the elements of anonymous set ${d.set} were not given`);
    const key = this.masked(this.concatenation(d.sreg, set, fail));
    const shift = 'shift' in key ? (key as { shift?: number }).shift : undefined;
    const ref: Rendered = anonymous ? elementsText(set!, this.family, shift, this.options) : { json: `@${d.set}`, text: `@${d.set}` };
    const inverted = (d.flags ?? []).includes('inv');
    // nft writes the `==` after a mask (`meta mark & 0x000000ff == { … }`).
    if (d.dreg === undefined && key.withMask) return this.push({ json: { match: { op: inverted ? '!=' : '==', left: key.r.json, right: ref.json } }, text: `${key.r.text} ${inverted ? '!=' : '=='} ${ref.text}` });
    if (d.dreg === undefined) return void this.match(key, inverted ? '!=' : '==', ref);
    if (d.dreg === 0) return this.push({ json: { vmap: { key: key.r.json, data: ref.json } }, text: `${key.r.text} vmap ${ref.text}` });
    const dataType = set?.dataType !== undefined && typeof set.dataType === 'string' && set.dataType in datatypes ? (set.dataType as DatatypeName) : undefined;
    this.set(d.dreg, { kind: 'map', r: { json: { map: { key: key.r.json, data: ref.json } }, text: `${key.r.text} map ${ref.text}` }, type: dataType });
  }

  /** The key a lookup reads: one expression, or a concatenation over consecutive registers. */
  concatenation(reg: number, set: (NftSet & { elements: readonly SetElement[] }) | undefined, fail: (why: string) => never): { r: Rendered } {
    const parts = set && typeof set.keyType === 'string' ? concatParts(set.keyType).length : 1;
    const first = this.expr(reg, fail);
    if (parts <= 1) return first;
    const items = [first];
    let at = slot(reg) + Math.ceil(first.size / 4);
    while (items.length < parts) {
      const r = this.regs.get(at);
      if (r?.kind !== 'expr') return fail('a concatenation over registers that do not hold it');
      items.push(r);
      at += Math.ceil(r.size / 4);
    }
    return { r: { json: { concat: items.map((i) => i.r.json) }, text: items.map((i) => i.r.text).join(' . ') } };
  }

  /** `meta mark set 0x10`, `ct mark set meta mark`, `ip ttl set 64`: a key set from a register. */
  mangle(key: { r: Rendered; type: DatatypeName }, sreg: number, fail: (why: string) => never, text = key.r.text): void {
    const value = this.regs.get(slot(sreg));
    let v: Rendered;
    if (value?.kind === 'imm') v = formatValue(value.bytes, key.type, !isHostOrder(key.type) && !('meta' in (key.r.json as object)) && !('ct' in (key.r.json as object)));
    else if (value?.kind === 'expr' && value.mask) v = binopRendered(value) ?? fail('a bitwise nft does not write');
    else if (value?.kind === 'expr' || value?.kind === 'map') v = value.r;
    else return fail(`register ${sreg} holds nothing to set`);
    this.push({ json: { mangle: { key: key.r.json, value: v.json } }, text: `${text} set ${v.text}` });
  }

  /** `add @s { ip saddr timeout 30s }`, `update @s { … }`, `delete @s { … }`, with per-element statements. */
  dynset(d: Record<string, any>, fail: (why: string) => never): Rendered {
    if (d.sregData !== undefined) return fail('a dynamic map update');
    const set = this.findSet(d.setName);
    const key = this.concatenation(d.sregKey, set, fail).r;
    const timeout = d.timeout !== undefined ? Number(d.timeout) : 0;
    const exprs: Expression[] = d.expressions?.elem ?? (d.expr ? [d.expr] : []);
    const inner = new RuleReader(this.family, this.table, this.sets, this.options);
    exprs.forEach((e, i) => inner.read(e, i, exprs[i + 1]));
    // A set element's counter is printed without its values (each element has its own).
    const stmts = inner.out.filter((o) => !o.removed).map((o) => ('counter' in (o.json as object) ? { json: { counter: null }, text: 'counter' } : o));
    const elem = timeout ? { elem: { val: key.json, timeout: timeout / 1000 } } : key.json;
    const json = { set: { op: d.op, elem, set: `@${d.setName}`, ...(stmts.length ? { stmt: stmts.map((s) => s.json) } : {}) } };
    const text = `${d.op} @${d.setName} { ${key.text}${timeout ? ` timeout ${timeText(timeout)}` : ''}${stmts.map((s) => ` ${s.text}`).join('')} }`;
    return { json, text };
  }

  /** TCP options (`tcp option maxseg size`, `tcp option sack-perm exists`) and IPv6 extension headers (`exthdr hbh exists`). */
  exthdr(d: Record<string, any>, fail: (why: string) => never): void {
    const present = (d.flags ?? []).includes('present');
    let r: Rendered;
    let type: DatatypeName = 'integer';
    if (d.op === 'tcpopt') {
      const option = tcpOptions[d.type];
      // The blocks of a SACK after the first: `sack1 left` … `sack3 right`, 8 bytes on.
      const block = d.type === 5 && Number(d.offset) >= 10 && Number(d.offset) < 34 ? Math.floor((Number(d.offset) - 2) / 8) : 0;
      const field = option?.fields.find(([, offset, len]) => offset === Number(d.offset) - 8 * block && len === d.len);
      if (present && option) r = { json: { 'tcp option': { name: option.name } }, text: `tcp option ${option.name}` };
      else if (option && field) {
        const name = block ? `${option.name}${block}` : option.name;
        r = { json: { 'tcp option': { name, field: field[0] } }, text: `tcp option ${name} ${field[0]}` };
      } else if (!present && !option) {
        // An option nft has no name for: `tcp option @99,8,8`, in bits.
        const [offset, len] = [Number(d.offset) * 8, Number(d.len) * 8];
        r = { json: { 'tcp option': { base: d.type, offset, len } }, text: `tcp option @${d.type},${offset},${len}` };
      } else return fail(`tcp option ${d.type}`);
    } else if (d.op === 'sctp') {
      // `sctp chunk data exists`, `sctp chunk init num-inbound-streams 5` (nft -j: `{ "sctp chunk": { "name", "field" } }`).
      const chunk = sctpChunks[d.type] ?? fail(`sctp chunk ${d.type}`);
      const field = present ? undefined : (chunk.fields.find(([, offset, len]) => offset === d.offset && len === d.len) ?? fail(`sctp chunk ${chunk.name} at ${d.offset}`));
      r = { json: { 'sctp chunk': { name: chunk.name, ...(field ? { field: field[0] } : {}) } }, text: `sctp chunk ${chunk.name}${field ? ` ${field[0]}` : ''}` };
    } else if (d.op === 'ipv6' || d.op === undefined) {
      const name = ipv6Exthdrs[d.type] ?? fail(`IPv6 extension header ${d.type}`);
      if (this.l3Dep) this.l3Dep.removed = true;
      if (present) r = { json: { exthdr: { name } }, text: `exthdr ${name}` };
      else {
        // A field (`frag id`, `hbh nexthdr`), or bytes holding narrower ones that a mask picks next.
        const fields = ipv6ExthdrFields[name] ?? [];
        const [bits, len] = [Number(d.offset) * 8, Number(d.len) * 8];
        const exact = fields.find((f) => f.offset === bits && f.len === len);
        if (!exact) {
          const inside = fields.filter((f) => f.offset >= bits && f.offset + f.len <= bits + len);
          if (!inside.length || d.dreg === undefined) return fail(`no field of ${name} at byte ${d.offset}`);
          return this.set(d.dreg, { kind: 'exthdrLoad', offset: Number(d.offset), len: Number(d.len), fields: inside });
        }
        r = exthdrField(exact);
        type = exact.type;
      }
    } else return fail(`exthdr op ${d.op}`);
    if (present) type = 'boolean';
    if (d.dreg === undefined) return this.mangle({ r, type }, d.sreg, fail);
    this.set(d.dreg, { kind: 'expr', r, type, bigEndian: true, size: present ? 1 : d.len });
  }

  /** `queue flags bypass to 3`, `queue to 1-3` (a first queue and a count), `queue to symhash mod 2` (from a register). */
  queue(d: Record<string, any>, fail: (why: string) => never): Rendered {
    const flags = (['bypass', 'fanout'] as const).filter((f) => (d.flags ?? []).includes(f));
    let num: Rendered;
    if (d.sregQnum !== undefined) num = this.expr(d.sregQnum, fail).r;
    else {
      const first = Number(d.num ?? 0);
      const total = Number(d.total ?? 1);
      num = total > 1 ? { json: { range: [first, first + total - 1] }, text: `${first}-${first + total - 1}` } : { json: first, text: String(first) };
    }
    const json = { num: num.json, ...(flags.length ? { flags: flags.length === 1 ? flags[0] : flags } : {}) };
    return { json: { queue: json }, text: `queue${flags.length ? ` flags ${flags.join(',')}` : ''} to ${num.text}` };
  }

  reject(d: Record<string, any>): Rendered {
    // In a family of more than one network protocol, a reject of ICMP or ICMPv6 (or TCP reset) follows a
    // match on the protocol (`meta nfproto ipv4`) that nft hides, and it names the ICMP code even when it
    // is the usual one, which `reject` alone would not tell apart (nft's stmt_reject_postprocess).
    const mixed = this.family === 'inet' || this.family === 'bridge' || this.family === 'netdev';
    if (mixed && d.type !== 'icmpx-unreach' && this.l3Dep) this.l3Dep.removed = true;
    // In an ip or ip6 table nft hides the `meta l4proto tcp` a TCP reset needs as well (not in inet).
    if (!mixed && d.type === 'tcp-rst' && this.l4Dep) this.l4Dep.removed = true;
    if (d.type === 'tcp-rst') return { json: { reject: { type: 'tcp reset' } }, text: 'reject with tcp reset' };
    const code = Number(d.icmpCode ?? 0);
    const [kind, type, standard]: [string, DatatypeName, number] =
      d.type === 'icmpx-unreach' ? ['icmpx', 'icmpx_code', 1] : this.l3 === 'ip6' ? ['icmpv6', 'icmpv6_code', 4] : ['icmp', 'icmp_code', 3];
    const name = formatValue(Uint8Array.of(code), type);
    const plain = code === standard && (kind === 'icmpx' || !mixed);
    return { json: { reject: { type: kind, expr: name.json } }, text: plain ? 'reject' : `reject with ${kind} ${name.text}` };
  }

  nat(d: Record<string, any>, fail: (why: string) => never): Rendered {
    const family = d.family as string | undefined;
    // `dnat ip to numgen inc mod 2 map { 0 : 10.0.0.1, 1 : 10.0.0.2 }`: the address from a map.
    const mapped = d.regAddrMin !== undefined ? this.regs.get(slot(d.regAddrMin)) : undefined;
    if (mapped?.kind === 'map' && (d.regAddrMax ?? d.regAddrMin) === d.regAddrMin && d.regProtoMin === undefined) {
      const flags = natFlags(d.flags);
      const json = { ...(this.family === 'inet' && family ? { family } : {}), addr: mapped.r.json, ...(flags.length ? { flags: flags.length === 1 ? flags[0] : flags } : {}) };
      return { json: { [d.type]: json }, text: `${d.type}${this.family === 'inet' && family ? ` ${family}` : ''} to ${mapped.r.text}${flags.length ? ` ${flags.join(',')}` : ''}` };
    }
    const addrType: DatatypeName = family === 'ip6' ? 'ipv6_addr' : 'ipv4_addr';
    const imm = (reg: number | undefined): Uint8Array | undefined => {
      if (reg === undefined) return undefined;
      const r = this.regs.get(slot(reg));
      return r?.kind === 'imm' ? r.bytes : fail(`register ${reg} holds no address or port`);
    };
    const [amin, amax, pmin, pmax] = [imm(d.regAddrMin), imm(d.regAddrMax), imm(d.regProtoMin), imm(d.regProtoMax)];
    const json: Record<string, unknown> = {};
    if (this.family === 'inet' && family) json.family = family;
    let to = '';
    if (amin) {
      const a = formatValue(amin, addrType);
      const b = amax && !equal(amin, amax) ? formatValue(amax, addrType) : undefined;
      // A range that is one prefix is written as the prefix (`snat ip to 10.0.0.0/8`).
      const bits = b ? asPrefix(amin, amax!) : undefined;
      if (bits !== undefined) {
        json.addr = { prefix: { addr: a.json, len: bits } };
        to = `${a.text}/${bits}`;
      } else {
        json.addr = b ? { range: [a.json, b.json] } : a.json;
        to = b ? `${a.text}-${b.text}` : a.text;
      }
      if (pmin && family === 'ip6') to = `[${to}]`;
    }
    if (pmin) {
      const [p, q] = [formatValue(pmin, 'inet_service'), pmax && !equal(pmin, pmax) ? formatValue(pmax, 'inet_service') : undefined];
      json.port = q ? { range: [p.json, q.json] } : p.json;
      to += `:${q ? `${p.text}-${q.text}` : p.text}`;
    }
    const flags = natFlags(d.flags);
    if (flags.length) json.flags = flags.length === 1 ? flags[0] : flags;
    const fam = this.family === 'inet' && family ? ` ${family}` : '';
    return { json: { [d.type]: json }, text: `${d.type}${fam} to ${to}${flags.length ? ` ${flags.join(',')}` : ''}` };
  }

  masqRedir(name: 'masq' | 'redir', d: Record<string, any>, fail: (why: string) => never): Rendered {
    const word = name === 'masq' ? 'masquerade' : 'redirect';
    const port = (reg: number | undefined) => {
      if (reg === undefined) return undefined;
      const r = this.regs.get(slot(reg));
      return r?.kind === 'imm' ? r.bytes : fail(`register ${reg} holds no port`);
    };
    const [pmin, pmax] = [port(d.regProtoMin), port(d.regProtoMax)];
    const json: Record<string, unknown> = {};
    let text = word;
    if (pmin) {
      const [p, q] = [formatValue(pmin, 'inet_service'), pmax && !equal(pmin, pmax) ? formatValue(pmax, 'inet_service') : undefined];
      json.port = q ? { range: [p.json, q.json] } : p.json;
      text += ` to :${q ? `${p.text}-${q.text}` : p.text}`;
    }
    const flags = natFlags(d.flags);
    if (flags.length) {
      json.flags = flags.length === 1 ? flags[0] : flags;
      text += ` ${flags.join(',')}`;
    }
    return { json: { [word]: Object.keys(json).length ? json : null }, text };
  }
}


function rawPayload(base: PayloadBase, offset: number, len: number): Rendered {
  return { json: { payload: { base: rawBaseNames[base], offset, len } }, text: `@${rawBaseNames[base]},${offset},${len}` };
}

/**
 * A key's value made with a bitwise (`& mask ^ xor`) as nft writes it: `& m` (xor 0), `^ x` (mask all
 * ones), `| x` or `& (m | x) | x` (the xor's bits outside the mask); else undefined.
 */
function binopRendered(reg: Extract<Reg, { kind: 'expr' }>): Rendered | undefined {
  const mask = reg.mask!;
  const xor = reg.xor ?? new Uint8Array(mask.length);
  const value = (bytes: Uint8Array) => formatValue(bytes, reg.type, reg.bigEndian);
  const op = (symbol: string, left: Rendered, right: Rendered): Rendered => ({ json: { [symbol]: [left.json, right.json] }, text: `${left.text} ${symbol} ${right.text}` });
  if (zero(xor)) return op('&', reg.r, value(mask));
  if (mask.every((b) => b === 0xff)) return op('^', reg.r, value(xor));
  if (mask.some((b, i) => (b & xor[i]!) !== 0)) return undefined;
  const kept = mask.map((b, i) => b | xor[i]!);
  return op('|', kept.every((b) => b === 0xff) ? reg.r : op('&', reg.r, value(kept)), value(xor));
}

function prefixRendered(addr: Rendered, bits: number): Rendered {
  return { json: { prefix: { addr: addr.json, len: bits } }, text: `${addr.text}/${bits}` };
}

/** The number of leading one bits of a mask that is ones then zeros, else undefined. */
export function prefixLength(mask: Uint8Array): number | undefined {
  let bits = 0;
  let ended = false;
  for (const byte of mask) {
    for (let b = 7; b >= 0; b--) {
      const one = (byte >> b) & 1;
      if (one && ended) return undefined;
      if (one) bits++;
      else ended = true;
    }
  }
  return bits;
}

function sizeOf(type: DatatypeName): number {
  return (datatypes[type] as { size?: number }).size ?? 4;
}

/** A field of an IPv6 extension header: `frag more-fragments` (nft -j: `{ "exthdr": { "name": "frag", "field": "more-fragments" } }`). */
function exthdrField(f: HeaderField): Rendered {
  return { json: { exthdr: { name: f.protocol, field: f.field } }, text: `${f.protocol} ${f.field}` };
}

function bytesOf(n: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** The bytes with each unit of `size` bytes reversed. */
function swapped(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i - (i % size) + size - 1 - (i % size)] ?? 0;
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export { datatypeName };
