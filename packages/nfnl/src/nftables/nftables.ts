import { dumpList, type DumpList } from '@linx/netlink-socket';
import { NetlinkError } from '@linx/netlink-wire';
import type { BatchOptions } from '../batch.js';
import { GenerationConflictError } from '../errors.js';
import type { Family } from '../nfgenmsg.js';
import { NftBatch } from './batch-builder.js';
import { Chains, type Chain } from './chain.js';
import { ConstantSetCache } from './constant-sets.js';
import { decodeNftMessage, type NftChange } from './change.js';
import { NftClient, type CallOptions, type NfnlCore } from './client.js';
import { Elements, type SetElement } from './element.js';
import { Flowtables, type Flowtable } from './flowtable.js';
import { generationFrom, type Generation } from './generation.js';
import { genMessage } from './messages.js';
import { NftMonitor } from './monitor.js';
import { Objects, type NftObject } from './object.js';
import { Rules, type Rule } from './rule.js';
import { Sets, type NftSet } from './set.js';
import { Tables, type Table } from './table.js';

/** The most chains `ruleset()` dumps the rules of one chain at a time (see `Nftables.#rulesOf`). */
const PER_CHAIN_DUMPS = 32;

/** Options of `Nftables.batch`. */
export interface NftBatchOptions extends BatchOptions {
  /**
   * Ask the kernel to echo each change (NLM_F_ECHO): the result then holds what was made (rules with
   * their handles) and the generation the commit made.
   */
  echo?: boolean;
}

/** What a batch did. */
export interface NftBatchResult {
  /** With `echo`: the generation the commit made. */
  generation?: Generation;
  /** With `echo`: per operation, the changes the kernel echoed (an added rule, with its handle). */
  echoes: NftChange[][];
}

/** Everything in the ruleset at one generation. */
export interface Ruleset {
  /** The generation every list below was read at. */
  generation: number;
  tables: Table[];
  chains: Chain[];
  rules: Rule[];
  /** Sets and maps, anonymous ones included, each with its elements. */
  sets: (NftSet & { elements: SetElement[] })[];
  objects: NftObject[];
  flowtables: Flowtable[];
}

/**
 * nftables over nfnetlink: verb groups for each kind of object (`tables`, `chains`, `rules`, `sets`,
 * `elements`, `objects`, `flowtables`), whole transactions (`batch`), the ruleset at one generation
 * (`ruleset`), the generation (`generation`), and notifications grouped per commit (`monitor`).
 */
export class Nftables {
  readonly tables: Tables;
  readonly chains: Chains;
  readonly rules: Rules;
  readonly sets: Sets;
  readonly elements: Elements;
  readonly objects: Objects;
  readonly flowtables: Flowtables;
  readonly #client: NftClient;
  readonly #core: NfnlCore;
  /** Elements of anonymous constant sets, kept across `ruleset()` calls of this handle. */
  readonly #constantSets = new ConstantSetCache();

  constructor(core: NfnlCore) {
    this.#core = core;
    this.#client = new NftClient(core);
    this.tables = new Tables(this.#client);
    this.chains = new Chains(this.#client);
    this.rules = new Rules(this.#client);
    this.sets = new Sets(this.#client);
    this.elements = new Elements(this.#client);
    this.objects = new Objects(this.#client);
    this.flowtables = new Flowtables(this.#client);
  }

  /** The current ruleset generation (NFT_MSG_GETGEN). */
  async generation(options: CallOptions = {}): Promise<Generation> {
    // Stryker disable next-line ObjectLiteral: nfgenmsg fields left out are written as 0, and NFPROTO_UNSPEC is 0
    const [reply] = await this.#client.get(genMessage, 'getgen', { header: { family: 'unspec' } }, options);
    return generationFrom(reply!);
  }

  /**
   * Applies the changes `build` adds to the builder as one transaction: all or nothing. Throws `BatchError`
   * naming each refused operation (index, description, the kernel's errno, ext-ack text and attribute),
   * `GenerationConflictError` when `generation` is given and stale.
   *
   *     await nft.batch((b) => {
   *       b.addTable({ family: 'inet', name: 'filter' });
   *       b.addChain({ family: 'inet', table: 'filter', name: 'input', hook: 'input', priority: 0, policy: 'drop' });
   *     });
   */
  async batch(build: ((batch: NftBatch) => void) | NftBatch, options: NftBatchOptions = {}): Promise<NftBatchResult> {
    let batch: NftBatch;
    if (build instanceof NftBatch) batch = build;
    else {
      batch = new NftBatch();
      build(batch);
    }
    const replies = await this.#client.send(batch.operations, options);
    const result: NftBatchResult = { echoes: [] };
    for (const messages of replies) {
      const echoes: NftChange[] = [];
      for (const message of messages) {
        const meaning = decodeNftMessage(message);
        if (meaning?.kind === 'generation') result.generation = meaning.value;
        else if (meaning) echoes.push(meaning);
      }
      result.echoes.push(echoes);
    }
    return result;
  }

  /**
   * Runs `work` with the current generation until it commits without a conflict: `work` reads what it
   * needs, then sends its batch with `{ generation }`; a `GenerationConflictError` (another writer
   * committed in between) runs it again, `attempts` times at most (default 5).
   */
  async withGeneration<T>(work: (generation: number) => Promise<T>, options: CallOptions & { attempts?: number } = {}): Promise<T> {
    const attempts = options.attempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const { id } = await this.generation(options);
      try {
        return await work(id);
      } catch (error) {
        if (!(error instanceof GenerationConflictError) || attempt >= attempts) throw error;
      }
    }
  }

  /**
   * The whole ruleset (of `family`) as of one generation: read, then read again if a commit happened
   * meanwhile (3 times at most). The elements of anonymous constant sets a rule uses (nft's `{ 22, 80 }`),
   * which cannot change, are read once per handle and kept: a later call asks the kernel only for the
   * other sets' elements (see `ConstantSetCache`).
   */
  async ruleset(filter: { family?: Family } = {}, options: CallOptions = {}): Promise<Ruleset> {
    const cache = this.#constantSets;
    for (let attempt = 0; ; attempt++) {
      const before = await this.generation(options);
      cache.observe(before.id);
      const [tables, chains, sets, objects, flowtables] = await Promise.all([
        this.tables.list(filter, options),
        this.chains.list(filter, options),
        this.sets.list(filter, options),
        this.objects.list(filter, options),
        this.flowtables.list(filter, options),
      ]);
      const rules = chains.length <= PER_CHAIN_DUMPS ? await this.#rulesOf(chains, options) : await this.rules.list(filter, options);
      const keys = cache.keysOf(tables, sets, rules);
      // One dump per set, one after another: a socket runs one dump at a time anyway, and thousands queued
      // at once (2,001 in #14's ruleset) cost 10-20% more CPU, each waiting with its own pending dump.
      const withElements: Ruleset['sets'] = [];
      const kept: boolean[] = [];
      for (let i = 0; i < sets.length; i++) {
        const set = sets[i]!;
        const key = keys[i];
        const cached = key === undefined ? undefined : cache.get(key, set);
        kept.push(cached !== undefined);
        withElements.push(Object.assign(set, { elements: cached ?? (await this.#elementsOf(set, options)) }));
      }
      const after = await this.generation(options);
      if (after.id === before.id) {
        // Every list was read at one generation, so each set was paired with its own table's handle.
        cache.retain(filter.family, new Set(keys.filter((key) => key !== undefined)));
        for (let i = 0; i < sets.length; i++) if (keys[i] !== undefined && !kept[i]) cache.put(keys[i]!, sets[i]!, withElements[i]!.elements);
      } else if (attempt >= 3) {
        // Returned although a commit happened meanwhile: a table may have been made again under its name
        // between the table and set dumps, so no kept elements are given out on this read.
        for (let i = 0; i < sets.length; i++) if (kept[i]) withElements[i]!.elements = await this.#elementsOf(sets[i]!, options);
      } else continue;
      return { generation: after.id, tables, chains, rules, sets: withElements, objects, flowtables };
    }
  }

  /**
   * The rules of `chains`, one dump per chain, in the order of the chain list, which is the kernel's order
   * of a whole rule dump (tables, then each table's chains: nf_tables_dump_chains and nf_tables_dump_rules
   * walk the same lists). Why not one dump: each part of a dump after the first walks the rules from the
   * start of the dump up to where the part before stopped (__nf_tables_dump_rules skips them one by one),
   * so a whole dump's kernel time grows with the square of the ruleset's rules, and a chain's dump with
   * the square of the chain's (#14's 10 chains of 1,000 rules: the kernel's time for the rules 94-114 ms in
   * one dump, 61-71 ms chain by chain, perf task-clock). A chain deleted
   * since the chain dump (ENOENT) is a commit meanwhile, which the caller's generation check sees. Each
   * dump costs a round trip (about 20 µs of CPU), so rulesets of more than PER_CHAIN_DUMPS chains, where
   * many small chains are likelier than many big ones (200 chains of a rule each: 4.6 ms against 1 ms), are
   * read in one dump.
   */
  async #rulesOf(chains: readonly Chain[], options: CallOptions): Promise<DumpList<Rule>> {
    const rules: Rule[] = [];
    let interrupted = false;
    for (const chain of chains) {
      let listed: DumpList<Rule>;
      try {
        listed = await this.rules.list({ family: chain.family, table: chain.table, chain: chain.name }, options);
      } catch (error) {
        if (error instanceof NetlinkError && error.errnoName === 'ENOENT') continue;
        throw error;
      }
      interrupted ||= listed.interrupted;
      for (const rule of listed) rules.push(rule);
    }
    return dumpList(rules, interrupted);
  }

  #elementsOf(set: NftSet, options: CallOptions): Promise<SetElement[]> {
    return this.elements.list({ family: set.family, table: set.table, set: set.name }, options);
  }

  /** Starts monitoring changes (NFNLGRP_NFTABLES), grouped per generation. */
  monitor(): NftMonitor {
    return new NftMonitor(this.#core.connection.subscribe(NftMonitor.group));
  }
}
