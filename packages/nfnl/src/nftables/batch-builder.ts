import type { Family } from '../nfgenmsg.js';
import { chainOps, type ChainKey, type ChainSpec } from './chain.js';
import type { NftOperation } from './client.js';
import { elementOps, type ElementsTarget, type SetElementSpec } from './element.js';
import { flowtableOps, type FlowtableKey, type FlowtableSpec } from './flowtable.js';
import { objectOps, type ObjectKey, type ObjectSpec } from './object.js';
import { ruleOperations, ruleOps, type RuleKey, type RuleSpec, type RuleTextSpec } from './rule.js';
import { setOps, type SetKey, type SetSpec } from './set.js';
import { tableOps, type TableKey, type TableSpec } from './table.js';

/**
 * The changes of one nftables transaction, in order: `nft.batch(b => { b.addTable(…); b.addChain(…); })`.
 * Every method returns the builder. `add*` creates or leaves what exists (NLM_F_CREATE), `create*` fails on
 * what exists (NLM_F_EXCL), `delete*` fails on what is missing, `destroy*` (Linux 6.3+) does not.
 */
export class NftBatch {
  /** The operations so far. */
  readonly operations: NftOperation[] = [];

  get length(): number {
    return this.operations.length;
  }

  /** Adds a prepared operation (from `tableOps`, `ruleOps`, …). */
  push(...operations: NftOperation[]): this {
    this.operations.push(...operations);
    return this;
  }

  addTable(spec: TableSpec): this {
    return this.push(tableOps.add(spec));
  }
  createTable(spec: TableSpec): this {
    return this.push(tableOps.add(spec, true));
  }
  deleteTable(key: TableKey): this {
    return this.push(tableOps.delete(key));
  }
  destroyTable(key: TableKey): this {
    return this.push(tableOps.destroy(key));
  }
  /** Deletes every rule of every chain of the table. */
  flushTable(key: { family: Family; name: string }): this {
    return this.push(chainOps.flush({ family: key.family, table: key.name }));
  }

  addChain(spec: ChainSpec): this {
    return this.push(chainOps.add(spec));
  }
  createChain(spec: ChainSpec): this {
    return this.push(chainOps.add(spec, true));
  }
  deleteChain(key: ChainKey): this {
    return this.push(chainOps.delete(key));
  }
  destroyChain(key: ChainKey): this {
    return this.push(chainOps.destroy(key));
  }
  /** Deletes every rule of the chain. */
  flushChain(key: { family: Family; table: string; name: string }): this {
    return this.push(chainOps.flush({ family: key.family, table: key.table, chain: key.name }));
  }

  /** Appends a rule (after `position` if given). */
  addRule(spec: RuleSpec | RuleTextSpec): this {
    return this.push(...ruleOperations('add', spec));
  }
  /** Inserts a rule at the start (before `position` if given). */
  insertRule(spec: RuleSpec | RuleTextSpec): this {
    return this.push(...ruleOperations('insert', spec));
  }
  replaceRule(spec: (RuleSpec | RuleTextSpec) & { handle: bigint }): this {
    return this.push(...ruleOperations('replace', spec));
  }
  deleteRule(key: RuleKey): this {
    return this.push(ruleOps.delete(key));
  }
  destroyRule(key: RuleKey): this {
    return this.push(ruleOps.destroy(key));
  }

  addSet(spec: SetSpec): this {
    return this.push(setOps.add(spec));
  }
  createSet(spec: SetSpec): this {
    return this.push(setOps.add(spec, true));
  }
  deleteSet(key: SetKey): this {
    return this.push(setOps.delete(key));
  }
  destroySet(key: SetKey): this {
    return this.push(setOps.destroy(key));
  }
  /** Removes every element of the set. */
  flushSet(key: { family: Family; table: string; name: string }): this {
    return this.push(setOps.flush(key));
  }

  addElements(target: ElementsTarget, elements: readonly SetElementSpec[]): this {
    return this.push(elementOps.add(target, elements));
  }
  createElements(target: ElementsTarget, elements: readonly SetElementSpec[]): this {
    return this.push(elementOps.add(target, elements, true));
  }
  deleteElements(target: ElementsTarget, elements: readonly SetElementSpec[]): this {
    return this.push(elementOps.delete(target, elements));
  }
  destroyElements(target: ElementsTarget, elements: readonly SetElementSpec[]): this {
    return this.push(elementOps.destroy(target, elements));
  }

  addObject(spec: ObjectSpec): this {
    return this.push(objectOps.add(spec));
  }
  createObject(spec: ObjectSpec): this {
    return this.push(objectOps.add(spec, true));
  }
  deleteObject(key: ObjectKey): this {
    return this.push(objectOps.delete(key));
  }
  destroyObject(key: ObjectKey): this {
    return this.push(objectOps.destroy(key));
  }

  addFlowtable(spec: FlowtableSpec): this {
    return this.push(flowtableOps.add(spec));
  }
  createFlowtable(spec: FlowtableSpec): this {
    return this.push(flowtableOps.add(spec, true));
  }
  deleteFlowtable(key: FlowtableKey): this {
    return this.push(flowtableOps.delete(key));
  }
  destroyFlowtable(key: FlowtableKey): this {
    return this.push(flowtableOps.destroy(key));
  }
}
