import { compileMessage } from '@linx/netlink-codec';
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_REPLACE } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import { familyOf, keepDecoded, type DecodedMessage } from './common.js';
import { checkListOptions } from '@linx/netlink-client';
import { DumpInterruptedError, dumpList, readWholeDump, type DumpList } from '@linx/netlink-socket';
import { NetlinkError } from '@linx/netlink-wire';
import type { Chain } from './chain.js';
import type { CallOptions, NftClient, NftOperation, ListOptions } from './client.js';
import type { Expression, ExpressionInput } from './expr/expression.js';
import { ruleMessage } from './messages.js';
import { commentOf, commentTypes, withComment } from './userdata.js';
import { compileRule } from './text/compile.js';
import type { RuleBuilder } from './text/builder.js';
import { setOps } from './set.js';
import { elementOps } from './element.js';
import { checkName } from './limits.js';

/** A rule as listed: its expressions decoded by name, its handle, its comment. */
export interface Rule {
  family: Family;
  table: string;
  chain: string;
  handle?: bigint;
  /** In a NEWRULE notification: the handle of the rule it was placed after/before. */
  position?: bigint;
  expressions: Expression[];
  comment?: string;
  userdata?: Uint8Array;
  /** In a batch: the id NFTA_RULE_POSITION_ID and others may refer to. */
  id?: number;
  positionId?: number;
  chainId?: number;
  /** x_tables compatibility (NFTA_RULE_COMPAT): the protocol and flags of a translated iptables rule. */
  compat?: { proto?: Uint8Array; flags?: Uint8Array };
}

/** A rule to add, insert or replace. */
export interface RuleSpec {
  family: Family;
  table: string;
  chain: string;
  expressions: readonly ExpressionInput[];
  comment?: string;
  userdata?: Uint8Array;
  /** `add`: after the rule with this handle (else at the end); `insert`: before it (else at the start). */
  position?: bigint;
  /** The handle of the rule `replace` replaces. */
  handle?: bigint;
  /** An id for this rule within the batch. */
  id?: number;
}

/**
 * A rule written as nft writes it: `{ family, table, chain, rule: 'tcp dport { 22, 80 } counter accept' }`, or
 * built statement by statement (`rule: new RuleBuilder().match('tcp dport', [22, 80]).counter().accept()`).
 * It compiles to the expressions nft generates (see `compileRule`); anonymous sets it uses are added in the
 * same batch, before it. A `comment "…"` in the text is the rule's comment unless `comment` is given.
 */
export type RuleTextSpec = Omit<RuleSpec, 'expressions'> & { rule: string | RuleBuilder };

/** The operations that add, insert or replace a rule given by expressions or by text (anonymous sets first). */
export function ruleOperations(verb: 'add' | 'insert' | 'replace', spec: RuleSpec | RuleTextSpec): NftOperation[] {
  const op = (s: RuleSpec) => ruleOps[verb](s as RuleSpec & { handle: bigint });
  if (!('rule' in spec)) return [op(spec)];
  const { rule, ...rest } = spec;
  const compiled = compileRule(String(rule), spec);
  const sets = compiled.sets.flatMap(({ spec: set, elements }) => [setOps.add(set), elementOps.add({ family: set.family, table: set.table, set: set.name, setId: set.id! }, elements)]);
  const comment = spec.comment ?? compiled.comment;
  return [...sets, op({ ...rest, expressions: compiled.expressions, ...(comment !== undefined ? { comment } : {}) })];
}

/** Which rule: by handle. */
export interface RuleKey {
  family: Family;
  table: string;
  chain: string;
  handle: bigint;
}

/** A decoded NEWRULE as a `Rule`. */
export function ruleFrom(message: DecodedMessage<typeof ruleMessage>): Rule {
  const a = message.attrs;
  const rule: Rule = { family: familyOf(message.header.family), table: a.table ?? '', chain: a.chain ?? '', expressions: (a.expressions?.elem ?? []) as Expression[] };
  if (a.handle !== undefined) rule.handle = a.handle;
  if (a.position !== undefined) rule.position = a.position;
  if (a.userdata !== undefined) {
    rule.userdata = a.userdata;
    const comment = commentOf(a.userdata, commentTypes.rule);
    if (comment !== undefined) rule.comment = comment;
  }
  if (a.id !== undefined) rule.id = a.id;
  if (a.positionId !== undefined) rule.positionId = a.positionId;
  if (a.chainId !== undefined) rule.chainId = a.chainId;
  if (a.compat !== undefined) rule.compat = a.compat;
  return keepDecoded(rule, message);
}

function ruleValue(spec: RuleSpec, withHandle: boolean) {
  checkName('table', spec.table);
  checkName('chain', spec.chain);
  const userdata = spec.comment !== undefined ? withComment(spec.comment, commentTypes.rule, spec.userdata) : spec.userdata;
  return {
    header: { family: spec.family },
    attrs: {
      table: spec.table,
      chain: spec.chain,
      handle: withHandle ? spec.handle : undefined,
      position: spec.position,
      expressions: { elem: spec.expressions as never },
      ...(userdata ? { userdata } : {}),
      id: spec.id,
    },
  };
}

function checkRuleKey(key: RuleKey): void {
  checkName('table', key.table);
  checkName('chain', key.chain);
}

function describe(verb: string, r: { family: Family; table: string; chain: string; handle?: bigint | undefined }): string {
  return `${verb} rule ${r.family} ${r.table} ${r.chain}${r.handle !== undefined ? ` handle ${r.handle}` : ''}`;
}

/** Which rules a listing wants: of one family, table, chain. */
export interface RuleFilter {
  family?: Family;
  table?: string;
  chain?: string;
}

/** The dump request: the kernel filters by table and chain itself (nf_tables_dump_rules). */
function ruleDumpRequest(filter: RuleFilter) {
  return { header: { family: filter.family ?? ('unspec' as const) }, attrs: { table: filter.table, chain: filter.chain } };
}

/** A rule the filter asks for (kernels before 4.x ignore the request's table and chain). */
function inFilter(filter: RuleFilter, rule: Rule): boolean {
  return (filter.table === undefined || rule.table === filter.table) && (filter.chain === undefined || rule.chain === filter.chain);
}

/** Batch operations on rules. */
export const ruleOps = {
  /** NFT_MSG_NEWRULE with NLM_F_CREATE | NLM_F_APPEND: at the end, or after `position`. */
  add(spec: RuleSpec): NftOperation {
    return { msg: 'newrule', flags: NLM_F_CREATE | NLM_F_APPEND, decl: ruleMessage, value: ruleValue(spec, false), description: describe('add', spec) };
  },
  /** NFT_MSG_NEWRULE with NLM_F_CREATE: at the start, or before `position`. */
  insert(spec: RuleSpec): NftOperation {
    return { msg: 'newrule', flags: NLM_F_CREATE, decl: ruleMessage, value: ruleValue(spec, false), description: describe('insert', spec) };
  },
  /** NFT_MSG_NEWRULE with NLM_F_REPLACE: replaces the rule `handle`. */
  replace(spec: RuleSpec & { handle: bigint }): NftOperation {
    return { msg: 'newrule', flags: NLM_F_REPLACE, decl: ruleMessage, value: ruleValue(spec, true), description: describe('replace', spec) };
  },
  /** NFT_MSG_DELRULE by handle. */
  delete(key: RuleKey): NftOperation {
    checkRuleKey(key);
    return { msg: 'delrule', flags: 0, decl: ruleMessage, value: { header: { family: key.family }, attrs: { table: key.table, chain: key.chain, handle: key.handle } }, description: describe('delete', key) };
  },
  /** NFT_MSG_DESTROYRULE (Linux 6.3+): deletes the rule if it exists. */
  destroy(key: RuleKey): NftOperation {
    checkRuleKey(key);
    return { msg: 'destroyrule', flags: 0, decl: ruleMessage, value: { header: { family: key.family }, attrs: { table: key.table, chain: key.chain, handle: key.handle } }, description: describe('destroy', key) };
  },
};

/** The most chains whose rules are read one chain at a time (see `Rules.ofChains`). */
const PER_CHAIN_DUMPS = 32;

/** What `Rules.list` needs to read a listing chain by chain: the chains, and the ruleset's generation. */
export interface RuleCatalog {
  /** The chains of `scope`, in the kernel's order. */
  chains(scope: { family?: Family; table?: string }, options: ListOptions): Promise<DumpList<Chain>>;
  /** The ruleset generation's id (NFT_MSG_GETGEN). */
  generation(options: CallOptions): Promise<number>;
}

/** Rules: list, get, add, insert, replace, delete, destroy. Each change is a batch of its own. */
export class Rules {
  constructor(
    private readonly client: NftClient,
    /** Without it, `list` reads every listing in one dump. */
    private readonly catalog?: RuleCatalog,
  ) {}

  /**
   * Every rule (of `family`, `table`, `chain`), in chain order. Without a `chain`, the chains in scope are
   * listed and their rules read by `ofChains` (one dump per chain when there are few), between two reads
   * of the ruleset generation: a commit in between (a generation that moved, a chain gone, a dump flagged
   * NLM_F_DUMP_INTR) makes the listing interrupted, handled as `options.onInterrupt` says.
   */
  async list(filter: RuleFilter = {}, options: ListOptions = {}): Promise<DumpList<Rule>> {
    const catalog = this.catalog;
    if (filter.chain !== undefined || catalog === undefined) return this.#dump(filter, options);
    checkListOptions(options);
    // The parts' own interruptions are this listing's (one policy for the whole).
    const part: ListOptions = { ...options, onInterrupt: { action: 'accept' } };
    const { result, interrupted } = await readWholeDump(
      (): Rule[][] => [],
      async (parts) => {
        const before = await catalog.generation(options);
        const chains = await catalog.chains({ family: filter.family, table: filter.table }, part);
        const listed = await this.ofChains(chains, part);
        parts.push(listed);
        if (chains.interrupted || listed.interrupted || (await catalog.generation(options)) !== before) throw new DumpInterruptedError(listed.length);
      },
      options,
    );
    return dumpList(result.length === 1 ? result[0]! : ([] as Rule[]).concat(...result), interrupted);
  }

  /**
   * The rules of `chains` (as a chain listing gives them), in the order given: one dump per chain, or
   * past PER_CHAIN_DUMPS chains one dump of the family and table they share, kept to those chains. A
   * chain gone since it was listed (ENOENT: a commit meanwhile) is skipped and the result marked
   * interrupted, as is one whose dump the kernel flagged (each dump is handled as `options.onInterrupt`
   * says first).
   *
   * Why a dump per chain: each part of a dump after the first walks the rules from the start of the dump
   * up to where the part before stopped (the kernel's __nf_tables_dump_rules skips them one by one), so
   * a dump's kernel time grows with the square of its rules, and a chain's with the square of the
   * chain's (#14's 10 chains of 1,000 rules: the kernel's time for the rules 94-114 ms in one dump, 61-71
   * ms chain by chain, perf task-clock; `rules.list()`'s CPU, least of 8 calls, 195-242 -> 163-192 ms in
   * three interleaved pairs of processes). Each dump costs a round trip (about 20 µs of CPU), so past
   * PER_CHAIN_DUMPS chains, where many small chains are likelier than many big ones (200 chains of a
   * rule each: 4.6 ms against 1 ms), the rules are read in one dump.
   */
  async ofChains(chains: readonly Chain[], options: ListOptions = {}): Promise<DumpList<Rule>> {
    if (chains.length > PER_CHAIN_DUMPS) {
      const first = chains[0]!;
      const scope: RuleFilter = chains.every((c) => c.family === first.family) ? { family: first.family, ...(chains.every((c) => c.table === first.table) ? { table: first.table } : {}) } : {};
      const wanted = new Set(chains.map((c) => `${c.family}\0${c.table}\0${c.name}`));
      const listed = await this.#dump(scope, options);
      return dumpList(
        listed.filter((rule) => wanted.has(`${rule.family}\0${rule.table}\0${rule.chain}`)),
        listed.interrupted,
      );
    }
    const lists: Rule[][] = [];
    let interrupted = false;
    for (const chain of chains) {
      let listed: DumpList<Rule>;
      try {
        listed = await this.#dump({ family: chain.family, table: chain.table, chain: chain.name }, options);
      } catch (error) {
        if (!(error instanceof NetlinkError) || error.errnoName !== 'ENOENT') throw error;
        interrupted = true;
        continue;
      }
      interrupted ||= listed.interrupted;
      lists.push(listed);
    }
    return dumpList(lists.length === 1 ? lists[0]! : ([] as Rule[]).concat(...lists), interrupted);
  }

  /** One rule dump, decoded straight from the receive batches, a loop per batch (no promise per rule). */
  #dump(filter: RuleFilter, options: ListOptions): Promise<DumpList<Rule>> {
    const codec = compileMessage(ruleMessage);
    const reader = { replyType: ruleMessage.types.newrule, decode: (bytes: Uint8Array, view: DataView, start: number, end: number) => ruleFrom(codec.decodeAt(bytes, view, start, end)), accept: (rule: Rule) => inFilter(filter, rule) };
    return this.client.collect(ruleMessage, 'getrule', ruleDumpRequest(filter), reader, options);
  }

  /**
   * Every rule (of `family`, `table`, `chain`), in chain order, each decoded and handed out as its
   * message is read: memory stays bounded whatever the ruleset's size (the connection reads ahead at most
   * its high-water mark, 8,192 messages). A dump a concurrent change interrupted throws
   * `DumpInterruptedError` at its end (rules were already handed out).
   */
  async *stream(filter: RuleFilter = {}, options: CallOptions = {}): AsyncGenerator<Rule, void, undefined> {
    for await (const message of this.client.dump(ruleMessage, 'getrule', ruleDumpRequest(filter), options)) {
      const rule = ruleFrom(message);
      if (inFilter(filter, rule)) yield rule;
    }
  }

  /** One rule by handle; a kernel ENOENT `NetlinkError` if there is none. */
  async get(key: RuleKey, options: CallOptions = {}): Promise<Rule> {
    const [reply] = await this.client.get(ruleMessage, 'getrule', { header: { family: key.family }, attrs: { table: key.table, chain: key.chain, handle: key.handle } }, options);
    return ruleFrom(reply!);
  }

  /** Appends the rule (after `position` if given); resolves with its handle. A rule may be given as nft text (`rule`). */
  async add(spec: RuleSpec | RuleTextSpec, options: CallOptions = {}): Promise<bigint | undefined> {
    return this.#echoedHandle(await this.client.send(ruleOperations('add', spec), { ...options, echo: true }));
  }
  /** Inserts the rule at the start (before `position` if given); resolves with its handle. */
  async insert(spec: RuleSpec | RuleTextSpec, options: CallOptions = {}): Promise<bigint | undefined> {
    return this.#echoedHandle(await this.client.send(ruleOperations('insert', spec), { ...options, echo: true }));
  }
  async replace(spec: (RuleSpec | RuleTextSpec) & { handle: bigint }, options: CallOptions = {}): Promise<void> {
    await this.client.send(ruleOperations('replace', spec), options);
  }
  async delete(key: RuleKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([ruleOps.delete(key)], options);
  }
  async destroy(key: RuleKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([ruleOps.destroy(key)], options);
  }

  #echoedHandle(replies: { type: number; payload: Uint8Array }[][]): bigint | undefined {
    // Stryker disable next-line OptionalChaining: send() resolves with one reply list per operation, and there is one operation
    const echo = replies[replies.length - 1]?.find((m) => m.type === ruleMessage.types.newrule);
    return echo ? ruleFromPayload(echo.payload).handle : undefined;
  }
}

/** Decodes a rule message payload. */
export function ruleFromPayload(payload: Uint8Array): Rule {
  return ruleFrom(compileMessage(ruleMessage).decode(payload));
}
