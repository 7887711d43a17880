import type { Family } from '../../nfgenmsg.js';
import type { ChainSpec } from '../chain.js';
import type { NftOperation } from '../client.js';
import type { SetElementSpec } from '../element.js';
import type { ObjectSpec } from '../object.js';
import type { RuleSpec, RuleTextSpec } from '../rule.js';
import type { Ruleset } from '../nftables.js';
import type { SetSpec } from '../set.js';
import type { TableSpec } from '../table.js';

/**
 * A rule as reconcile takes it: `rules.add`'s argument without a place (its place is its index among the
 * desired rules of its chain), given by expressions or as nft text / a `RuleBuilder` (`rule`).
 */
export type DesiredRule = Omit<RuleSpec, 'position' | 'handle' | 'id'> | Omit<RuleTextSpec, 'position' | 'handle' | 'id'>;

/**
 * A set or map as reconcile takes it: `sets.add`'s argument and the elements it holds. Without `elements`
 * its elements are not managed (a set the data path fills: `add @set { ip saddr }`); `[]` keeps it empty.
 */
export type DesiredSet = Omit<SetSpec, 'id'> & { elements?: readonly SetElementSpec[] };

/**
 * The nftables state a caller wants, written as the verbs' add arguments are written (and checked by the
 * same code). Tables listed here are owned (see `Ownership`): whatever they hold that is not listed here
 * is deleted. Chains, sets and objects may only be declared in owned tables; rules may also go into an
 * existing chain of a table the caller does not own, where they carry the caller's comment tag.
 * A chain's rules are in the order they are listed here, and that order is kept in the kernel.
 */
export interface DesiredRuleset {
  tables?: readonly TableSpec[];
  chains?: readonly ChainSpec[];
  sets?: readonly DesiredSet[];
  objects?: readonly ObjectSpec[];
  rules?: readonly DesiredRule[];
}

/** A table, by family and name. */
export interface TableName {
  family: Family;
  name: string;
}

/**
 * What a caller owns. Its tables, with all of their content: the tables of the desired ruleset, and those
 * listed in `tables` (tables it applied before and no longer wants: they are deleted). And, in tables it
 * does not own, the rules whose comment starts with `tag` (each desired rule there gets the tag as its
 * comment, or in front of its comment); every other rule is left alone.
 */
export interface Ownership {
  tables?: readonly TableName[];
  /** The comment tag of the caller's rules in tables it does not own (without it, such rules cannot be desired). */
  tag?: string;
}

/** Options of `plan`. */
export interface PlanOptions {
  owned?: Ownership;
}

/** What kind of object a step changes. */
export type StepKind = 'table' | 'chain' | 'rule' | 'set' | 'elements' | 'object';

/**
 * One change, as the nftables operations that make it (plain data: a dry run can show them). `recreate`
 * deletes a table to add it again with its desired content (a chain's hook, type or priority, a set's
 * types or flags, an object's settings: what the kernel cannot change in place).
 */
export interface PlanStep {
  kind: StepKind;
  action: 'add' | 'update' | 'delete' | 'recreate';
  /** `add rule inet filter input #2`, `delete 3 element(s) from set inet filter allowed`, … */
  description: string;
  /** Why: the field that differs, or what was missing or unwanted. */
  reason: string;
  operations: NftOperation[];
}

/** A plan: the steps, in the order one batch runs them, and the generation they were computed against. */
export interface Plan {
  /** The ruleset generation of the observed state: `apply` sends the batch guarded by it. */
  generation: number;
  steps: PlanStep[];
  /**
   * What the caller owns once the plan is applied: its desired tables, and its tag. Kept (a file, a
   * database) and passed as `owned` to the next plan, it lets a table dropped from the desired ruleset
   * be deleted.
   */
  ownership: Ownership;
}

/** What `observe` returns: the ruleset at one generation (`nft.ruleset()`). */
export type ObservedRuleset = Ruleset;
