// Declarative reconcile: plan (pure: desired + observed → ordered steps), apply (runs them), observe (a
// snapshot with the list() verbs), converge (keeps a namespace converged).
export { plan } from './plan.js';
export { apply, type ApplyOptions, type ApplyResult, type StepResult } from './apply.js';
export { observe } from './observe.js';
export { converge, type ConvergeOptions, type ConvergePass, type ConvergeSummary } from './converge.js';
export type { DesiredState, DesiredAddress, ObservedState, Ownership, PlanOptions, Plan, PlanStep, StepCall, FieldChange, Release, ReconcileKind } from './types.js';
