/** A declarative nftables ruleset: `plan` (pure) what to change, `apply` it as one generation-guarded batch, `reconcile` both with retries. */
export { plan } from './plan.js';
export { apply, observe, reconcile, type ApplyResult, type NftablesHandle, type ReconcileOptions, type ReconcileResult } from './apply.js';
export type { DesiredRule, DesiredRuleset, DesiredSet, ObservedRuleset, Ownership, Plan, PlanOptions, PlanStep, StepKind, TableName } from './types.js';
