// `tc filter add|del|change|replace …` read into @linx/rtnl's filter spec: u32, matchall, flower and bpf
// (classic bytecode) with their words, and mirred and gact actions.
import { UsageError } from '../errors.js';
import { Words } from '../words.js';
import { readWhere, type PlaceWord, type Where } from './where.js';

const PLACES = new Set<PlaceWord>(['dev', 'parent', 'root', 'ingress', 'egress', 'handle', 'protocol', 'prio', 'chain', 'block']);
const KINDS = ['u32', 'matchall', 'flower', 'bpf'];
const VERDICTS = new Set(['continue', 'ok', 'pass', 'reclassify', 'drop', 'shot', 'pipe', 'stolen', 'trap']);

export interface FilterRequest extends Where {
  kind?: string;
  options?: Record<string, unknown>;
  actions?: Record<string, unknown>[];
}

/** A number as tc writes one: decimal or 0x hexadecimal. */
function numberWord(words: Words, key: string, max = 0xffff_ffff): number {
  return words.integer(key, 0, max);
}

/** `match ip dst 10.0.0.0/8`, `match ip dport 443 0xffff`, `match u32 V M at O`, … (tc-u32(8)). */
function readU32Match(words: Words, what: string): Record<string, unknown> {
  const layer = words.value('match');
  if (layer === 'u32' || layer === 'u16' || layer === 'u8') {
    const value = numberWord(words, layer);
    const mask = numberWord(words, `${layer} mask`);
    // `at OFFSET` may be left out (tc's default: 0).
    if (words.peek() !== 'at') return { [layer]: value, mask, at: 0 };
    words.next();
    const at = words.value('at');
    const nexthdr = at.startsWith('nexthdr+');
    const offset = Number(nexthdr ? at.slice(8) : at);
    if (!Number.isSafeInteger(offset)) throw new UsageError(`${what}: match ${layer} … at "${at}" is not an offset`);
    return { [layer]: value, mask, at: offset, ...(nexthdr ? { nexthdr: true } : {}) };
  }
  const field = words.value(`match ${layer}`);
  const prefixed = (layer === 'ip' || layer === 'ip6') && (field === 'src' || field === 'dst');
  if (prefixed) return { [layer]: field, prefix: words.value(`match ${layer} ${field}`) };
  const known: Record<string, string[]> = { ip: ['protocol', 'tos', 'sport', 'dport'], ip6: ['priority', 'protocol', 'flowlabel', 'sport', 'dport'], tcp: ['src', 'dst'], udp: ['src', 'dst'], icmp: ['type', 'code'] };
  if (!known[layer]?.includes(field)) throw new UsageError(`${what}: linx reads match ${Object.keys(known).join('|')} and u32|u16|u8, not "match ${layer} ${field}"`);
  const value = numberWord(words, `match ${layer} ${field}`);
  const mask = numberWord(words, `match ${layer} ${field} mask`);
  return { [layer]: field, value, mask };
}

/** `action mirred egress redirect dev X [VERDICT]`, `action gact drop`, `action drop`, … */
function readAction(words: Words, what: string): Record<string, unknown> {
  let kind = words.value('action');
  if (VERDICTS.has(kind)) return { kind: 'gact', verdict: kind };
  if (kind === 'gact') {
    kind = words.value('gact');
    if (kind === 'action') kind = words.value('gact action');
    if (!VERDICTS.has(kind)) throw new UsageError(`${what}: gact verdict "${kind}" is not one of ${[...VERDICTS].join(', ')}`);
    return { kind: 'gact', verdict: kind };
  }
  if (kind === 'mirred') {
    const direction = words.value('mirred');
    const verb = words.value(`mirred ${direction}`);
    if ((direction !== 'egress' && direction !== 'ingress') || (verb !== 'redirect' && verb !== 'mirror')) throw new UsageError(`${what}: mirred takes egress|ingress redirect|mirror dev NAME`);
    if (words.next() !== 'dev') throw new UsageError(`${what}: mirred ${direction} ${verb} needs dev NAME`);
    const action: Record<string, unknown> = { kind: 'mirred', action: `${direction} ${verb}`, dev: words.value('dev') };
    const then = words.peek();
    if (then !== undefined && VERDICTS.has(then)) action.then = words.next();
    return action;
  }
  throw new UsageError(`${what}: linx reads the actions mirred and gact (and a bare verdict), not "${kind}"`);
}

/** `bytecode "4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0"`: the count, then code jt jf k per instruction. */
function readBytecode(text: string, what: string): number[][] {
  const parts = text.split(',');
  const count = Number(parts[0]);
  const instructions = parts.slice(1).map((p) => p.trim().split(/\s+/).map(Number));
  if (!Number.isSafeInteger(count) || count !== instructions.length || instructions.some((i) => i.length !== 4 || i.some((n) => !Number.isSafeInteger(n) || n < 0))) {
    throw new UsageError(`${what}: bytecode "${text}" is not "COUNT,code jt jf k,…" (as tcpdump -ddd prints it)`);
  }
  return instructions;
}

export function parseFilter(command: string, args: readonly string[]): FilterRequest {
  const what = `tc filter ${command}`;
  const words = new Words(args, what);
  const where: Where = {};
  let kind: string | undefined;
  const options: Record<string, unknown> = {};
  const matches: Record<string, unknown>[] = [];
  const actions: Record<string, unknown>[] = [];
  // Places first, then the kind and its words, with actions among them as tc allows.
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (kind === undefined) {
      if (readWhere(word, words, where, PLACES, what)) continue;
      if (!KINDS.includes(word)) throw new UsageError(`${what}: "${word}" is neither a place word (dev, parent, ingress, egress, protocol, pref, handle, chain) nor a filter kind linx reads (${KINDS.join(', ')})`);
      kind = word;
    } else if (word === 'action' || word === 'actions') actions.push(readAction(words, what));
    else if (word === 'classid' || word === 'flowid') options.classid = words.value(word);
    else if (word === 'skip_hw') options.skipHw = true;
    else if (word === 'skip_sw') options.skipSw = true;
    else if (kind === 'u32' && word === 'match') matches.push(readU32Match(words, what));
    else if (kind === 'u32' && word === 'divisor') options.divisor = words.integer('divisor', 1, 0x100);
    else if (kind === 'u32' && word === 'link') options.link = words.value('link');
    else if (kind === 'u32' && word === 'ht') options.hashTable = words.value('ht');
    else if (kind === 'flower' && word === 'ip_proto') {
      const value = words.value('ip_proto');
      options.ipProto = /^\d+$/.test(value) ? Number(value) : value;
    } else if (kind === 'flower' && (word === 'src_ip' || word === 'dst_ip')) options[word === 'src_ip' ? 'srcIp' : 'dstIp'] = words.value(word);
    else if (kind === 'flower' && (word === 'src_port' || word === 'dst_port')) options[word === 'src_port' ? 'srcPort' : 'dstPort'] = words.integer(word, 0, 0xffff);
    else if (kind === 'bpf' && word === 'bytecode') options.bytecode = readBytecode(words.value('bytecode'), what);
    else if (kind === 'bpf' && (word === 'da' || word === 'direct-action')) options.directAction = true;
    else throw new UsageError(`${what}: ${kind} has no word "${word}" that linx reads`);
  }
  if (matches.length > 0) options.match = matches;
  if (where.dev === undefined && where.block === undefined) throw new UsageError(`${what}: needs dev NAME (or block N)`);
  if (command !== 'del' && kind === undefined) throw new UsageError(`${what}: needs a filter kind (${KINDS.join(', ')})`);
  if (command === 'del' && (Object.keys(options).length > 0 || actions.length > 0)) throw new UsageError(`${what}: a delete takes no kind options or actions`);
  return { ...where, ...(kind !== undefined ? { kind } : {}), ...(Object.keys(options).length > 0 ? { options } : {}), ...(actions.length > 0 ? { actions } : {}) };
}
