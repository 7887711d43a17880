import type { BatchOptions } from '../batch.js';
import { GenerationConflictError } from '../errors.js';
import type { Family } from '../nfgenmsg.js';
import { NftBatch } from './batch-builder.js';
import { Chains, type Chain } from './chain.js';
import { boundSets, ConstantSetCache } from './constant-sets.js';
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
    this.rules = new Rules(this.#client, { chains: (scope, options) => this.chains.list(scope, options), generation: async (options) => (await this.generation(options)).id });
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
   * other sets' elements (see `ConstantSetCache`). On a handle opened on a socket (not a fake kernel), the
   * sets' elements are read by a series of dumps on a second socket of the handle (see `DumpSeries`),
   * while the rules are read on the first: the kernel's work for the element dumps then runs on a
   * thread of libuv's pool, beside the JS thread decoding the rules. `options.timeout` bounds that whole
   * series.
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
      const keys = cache.keysOf(tables, sets);
      // Kept elements are given out only for sets a rule of this listing binds (checked once the rules are in).
      const kept = sets.map((set, i) => (keys[i] === undefined ? undefined : cache.get(keys[i]!, set)));
      const missing: number[] = [];
      for (let i = 0; i < sets.length; i++) if (kept[i] === undefined) missing.push(i);
      const series = missing.length > 0 ? this.#core.dumpSeries?.() : undefined;
      const [rules, dumped] = await Promise.all([
        // Chain by chain when there are few (see Rules.ofChains).
        this.rules.ofChains(chains, options),
        series === undefined ? undefined : this.elements.listSeries(series, missing.map((i) => this.#targetOf(sets[i]!)), options),
      ]);
      const bound = boundSets(rules);
      const elements: (SetElement[] & { interrupted?: boolean })[] = new Array(sets.length);
      missing.forEach((i, k) => {
        if (dumped) elements[i] = dumped[k]!;
      });
      // (A chain gone while its rules were read, or a set's dump flagged: a commit meanwhile.)
      let interrupted = rules.interrupted;
      for (let i = 0; i < sets.length; i++) {
        const set = sets[i]!;
        if (keys[i] !== undefined && !bound.has(`${set.family}\0${set.table}\0${set.name}`)) {
          // Not bound by a rule of this listing: it may change, so nothing of it is kept or given out.
          keys[i] = undefined;
          kept[i] = undefined;
        }
        // Without a series (or for a kept set found unbound), one dump per set, one after another: a socket
        // runs one dump at a time anyway, and thousands queued at once (2,001 in #14's ruleset) cost 10-20%
        // more CPU, each waiting with its own pending dump.
        elements[i] ??= kept[i] ?? (await this.#elementsOf(set, options));
        interrupted ||= elements[i]!.interrupted === true;
      }
      const withElements: Ruleset['sets'] = sets.map((set, i) => Object.assign(set, { elements: elements[i]! }));
      const after = await this.generation(options);
      if (after.id === before.id && !interrupted) {
        // Every list was read at one generation, so each set was paired with its own table's handle.
        cache.retain(filter.family, new Set(keys.filter((key) => key !== undefined)));
        for (let i = 0; i < sets.length; i++) if (keys[i] !== undefined && kept[i] === undefined) cache.put(keys[i]!, sets[i]!, elements[i]!);
      } else if (attempt >= 3) {
        // Returned although a commit happened meanwhile: a table may have been made again under its name
        // between the table and set dumps, so no kept elements are given out on this read.
        for (let i = 0; i < sets.length; i++) if (kept[i] !== undefined) withElements[i]!.elements = await this.#elementsOf(sets[i]!, options);
      } else continue;
      return { generation: after.id, tables, chains, rules, sets: withElements, objects, flowtables };
    }
  }

  #elementsOf(set: NftSet, options: CallOptions): Promise<SetElement[]> {
    return this.elements.list(this.#targetOf(set), options);
  }

  #targetOf(set: NftSet): { family: Family; table: string; set: string } {
    return { family: set.family, table: set.table, set: set.name };
  }

  /** Starts monitoring changes (NFNLGRP_NFTABLES), grouped per generation. */
  monitor(): NftMonitor {
    return new NftMonitor(this.#core.connection.subscribe(NftMonitor.group));
  }
}
