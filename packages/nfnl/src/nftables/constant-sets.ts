import { keepDecoded, decodedMessage } from './common.js';
import type { SetElement } from './element.js';
import type { Rule } from './rule.js';
import type { NftSet } from './set.js';
import type { Table } from './table.js';

/**
 * The elements of anonymous constant sets (nft's `{ 22, 80 }` in a rule), kept by one handle across
 * `ruleset()` calls so that a repeated call asks the kernel only for the sets that can change.
 *
 * Why such a set cannot change once listed (net/netfilter/nf_tables_api.c, nft_dynset.c):
 * - NFT_SET_CONSTANT is "set contents may not change while bound" (linux/netfilter/nf_tables.h). Adding
 *   elements to a bound set flagged constant or anonymous is EBUSY (nf_tables_newsetelem), deleting from an
 *   anonymous set EOPNOTSUPP and from a bound constant one EBUSY (nf_tables_delsetelem), and a dynset on a
 *   constant set EBUSY (nft_dynset_init). It is bound while a rule refers to it; the rule's deletion
 *   deletes the anonymous set with it. So only sets a rule of the same listing refers to are kept.
 * - What still changes in such a set: elements that time out (the `timeout` flag) and elements'
 *   expressions (counters, quotas, `last`). Sets with the `timeout`, `eval` or `expr` flag or expressions of
 *   their own, and sets whose elements carry expressions or an expiration, are never kept.
 *
 * Keyed so that a key never names another set: a table's handle comes from a counter of the network
 * namespace (`++nft_net->table_handle`, a global counter before 5.16), a set's from a counter of its
 * table (`nf_tables_alloc_handle`: `++table->hgenerator`), both 64-bit and never reused. Names are not
 * enough: nft names anonymous sets `__set%d` and the kernel hands a deleted one's number out again
 * (nf_tables_set_alloc_name), and a table deleted and made again under its name gets a new handle.
 * A set's table handle is taken from the table listing, so a kept entry is used only when every list was
 * read at one generation (see `Nftables.ruleset`). nf_tables being a module, unloading and reloading it
 * would restart both counters; a generation lower than one seen before (its counter restarts too) drops
 * every entry.
 */
export class ConstantSetCache {
  readonly #entries = new Map<string, { table: string; set: string; elements: SetElement[] }>();
  #generation = 0;

  /** How many sets' elements are kept. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The keys of the listed sets whose elements may be kept: anonymous, constant, without timeouts or
   * element expressions. Only those a rule of the same listing refers to (`boundSets`) may be kept or
   * given out. `tables` and `sets` must have been listed at one generation.
   */
  keysOf(tables: readonly Table[], sets: readonly NftSet[]): (string | undefined)[] {
    const tableHandles = new Map<string, bigint>();
    for (const table of tables) if (table.handle !== undefined) tableHandles.set(`${table.family}\0${table.name}`, table.handle);
    return sets.map((set) => {
      if (set.handle === undefined || set.expressions?.length || !isConstantAnonymous(set)) return undefined;
      const tableHandle = tableHandles.get(`${set.family}\0${set.table}`);
      if (tableHandle === undefined) return undefined;
      return `${set.family}\0${tableHandle}\0${set.handle}`;
    });
  }

  /** A kept set's elements (fresh copies: the caller may change what it gets), or undefined. */
  get(key: string, set: NftSet): SetElement[] | undefined {
    const entry = this.#entries.get(key);
    // The names are checked too, though the handles alone cannot name another set.
    if (!entry || entry.table !== set.table || entry.set !== set.name) return undefined;
    return entry.elements.map(copyElement);
  }

  /** Keeps a set's elements, if none of them can change (no expressions, no expiration) and none were missed. */
  put(key: string, set: NftSet, elements: readonly SetElement[] & { interrupted?: boolean }): void {
    if (elements.interrupted || elements.some((e) => e.expressions?.length || e.expiration !== undefined || e.timeout !== undefined)) return;
    this.#entries.set(key, { table: set.table, set: set.name, elements: elements.map(copyElement) });
  }

  /**
   * Before a listing at `generation`: a generation lower than one seen before means nf_tables started
   * afresh (reloaded), its handle counters too, so nothing kept is trusted.
   */
  observe(generation: number): void {
    if (generation < this.#generation) this.#entries.clear();
    this.#generation = generation;
  }

  /** After a listing of the sets of `family` (all when undefined): drops the kept sets of that scope it did not list. */
  retain(family: string | undefined, listed: ReadonlySet<string>): void {
    for (const key of this.#entries.keys()) if ((family === undefined || key.startsWith(`${family}\0`)) && !listed.has(key)) this.#entries.delete(key);
  }
}

function isConstantAnonymous(set: NftSet): boolean {
  let anonymous = false;
  let constant = false;
  for (const flag of set.flags) {
    if (flag === 'anonymous') anonymous = true;
    else if (flag === 'constant') constant = true;
    else if (flag === 'timeout' || flag === 'eval' || flag === 'expr' || typeof flag === 'number') return false;
  }
  return anonymous && constant;
}

/** `family\0table\0set` of every set a rule refers to by name (lookup, and objref's map). */
export function boundSets(rules: readonly Rule[]): Set<string> {
  const bound = new Set<string>();
  for (const rule of rules) {
    for (const expression of rule.expressions) {
      let name: string | undefined;
      if (expression.name === 'lookup') name = expression.data?.set;
      else if (expression.name === 'objref') name = expression.data?.setName;
      if (name !== undefined) bound.add(`${rule.family}\0${rule.table}\0${name}`);
    }
  }
  return bound;
}

/** A copy of a listed element, its bytes included, that still gives its decoded message. */
function copyElement(element: SetElement): SetElement {
  const copy: SetElement = { ...element, flags: [...element.flags] };
  if (element.key) copy.key = element.key.slice();
  if (element.keyEnd) copy.keyEnd = element.keyEnd.slice();
  if (element.data) copy.data = element.data.slice();
  if (element.verdict) copy.verdict = { ...element.verdict };
  if (element.userdata) copy.userdata = element.userdata.slice();
  const decoded = decodedMessage(element);
  return decoded === undefined ? copy : keepDecoded(copy, decoded);
}
