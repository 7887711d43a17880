import { compileMessage } from '@linx/netlink-codec';
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_REPLACE } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import { familyOf, keepDecoded, type DecodedMessage } from './common.js';
import type { DumpList } from '@linx/netlink-socket';
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

/** Rules: list, get, add, insert, replace, delete, destroy. Each change is a batch of its own. */
export class Rules {
  constructor(private readonly client: NftClient) {}

  /** Every rule (of `family`, `table`, `chain`), in chain order. */
  async list(filter: RuleFilter = {}, options: ListOptions = {}): Promise<DumpList<Rule>> {
    // Decoded straight from the receive batches, a loop per batch (no promise per rule).
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
