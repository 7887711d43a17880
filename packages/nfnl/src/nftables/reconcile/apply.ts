import type { CallOptions } from '../client.js';
import { GenerationConflictError } from '../../errors.js';
import { NftBatch } from '../batch-builder.js';
import type { Nftables } from '../nftables.js';
import { plan as makePlan } from './plan.js';
import type { DesiredRuleset, ObservedRuleset, Plan, PlanOptions } from './types.js';

/** What reconcile needs of the handle: its nftables verbs (an `Nfnl` has them). */
export interface NftablesHandle {
  readonly nftables: Nftables;
}

/**
 * The ruleset as it is, at one generation: every table, chain, rule, set (with elements) and object.
 * Its `generation` is the one read before anything else: if another writer kept committing while the
 * ruleset was read (`ruleset()` gives up re-reading after a few tries), the snapshot may mix two states,
 * and a plan made from it then carries a generation that is already stale, so applying it fails with
 * `GenerationConflictError` instead of committing changes computed from a mixed state.
 */
export async function observe(nfnl: NftablesHandle, options: CallOptions = {}): Promise<ObservedRuleset> {
  const before = await nfnl.nftables.generation(options);
  const ruleset = await nfnl.nftables.ruleset({}, options);
  return { ...ruleset, generation: before.id };
}

/** What `apply` did. */
export interface ApplyResult {
  plan: Plan;
  /** Whether a batch was sent and committed (an empty plan sends nothing). */
  applied: boolean;
  /** How many nftables messages the batch held. */
  operations: number;
}

/**
 * Runs a plan as one nfnetlink batch guarded by the generation it was computed against (NFNL_BATCH_GENID,
 * as nft sends it): all of it is applied, or nothing. Throws `GenerationConflictError` when another writer
 * committed since the plan's observation (plan again: `reconcile` does), `BatchError` naming each
 * operation the kernel refused.
 */
export async function apply(nfnl: NftablesHandle, plan: Plan, options: CallOptions = {}): Promise<ApplyResult> {
  const batch = new NftBatch();
  for (const step of plan.steps) batch.push(...step.operations);
  if (batch.length === 0) return { plan, applied: false, operations: 0 };
  await nfnl.nftables.batch(batch, { generation: plan.generation, ...options });
  return { plan, applied: true, operations: batch.length };
}

/** Options of `reconcile`. */
export interface ReconcileOptions extends PlanOptions, CallOptions {
  /** How many times to observe, plan and apply when another writer commits in between (default 5). */
  attempts?: number;
  /** Called with each plan before it is applied (to log it, or look at it). */
  onPlan?: (plan: Plan, attempt: number) => void | Promise<void>;
}

/** What `reconcile` did: the last result, and how many attempts it took. */
export interface ReconcileResult extends ApplyResult {
  attempts: number;
}

/**
 * Observes, plans and applies until the batch commits: a `GenerationConflictError` (another writer
 * committed between the observation and the batch; nothing was applied) starts over with a new
 * observation, `attempts` times at most; then the last conflict is thrown.
 */
export async function reconcile(nfnl: NftablesHandle, desired: DesiredRuleset, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const { attempts = 5, onPlan, owned, ...call } = options;
  for (let attempt = 1; ; attempt++) {
    const observed = await observe(nfnl, call);
    // Stryker disable next-line ConditionalExpression: plan reads `owned` the same whether it is absent or undefined (the test is for exactOptionalPropertyTypes)
    const planned = makePlan(desired, observed, owned !== undefined ? { owned } : {});
    await onPlan?.(planned, attempt);
    try {
      return { ...(await apply(nfnl, planned, call)), attempts: attempt };
    } catch (error) {
      if (!(error instanceof GenerationConflictError) || attempt >= attempts) throw error;
    }
  }
}
