import { NetlinkError } from '@linx/netlink-wire';
import { InvalidArgumentError } from '../shared/arguments.js';
import type { CallOptions } from '@linx/netlink-client';
import { NoSuchInterfaceError } from '../shared/interfaces.js';
import type { Rtnl } from '../rtnl.js';
import type { Ownership, Plan, PlanStep, StepCall } from './types.js';

/** Options of `apply`. */
export interface ApplyOptions extends CallOptions {
  /** Change nothing: every step is reported skipped ('dry-run'), with the plan. */
  dryRun?: boolean;
  /**
   * After a failed step: 'stop' (the default) skips every step after it; 'continue' goes on with every
   * step that does not depend on a failed or skipped one.
   */
  onFailure?: 'stop' | 'continue';
}

/** What happened to one step. */
export type StepResult =
  | { step: PlanStep; status: 'applied' }
  | { step: PlanStep; status: 'failed'; error: Error }
  | {
      step: PlanStep;
      status: 'skipped';
      /** 'dependency': a step it depends on (`dependency`) failed or was skipped; 'stopped': an earlier step failed with `onFailure: 'stop'`; 'aborted': the signal fired. */
      reason: 'dry-run' | 'dependency' | 'stopped' | 'aborted';
      dependency?: number;
    };

/** What `apply` did. */
export interface ApplyResult {
  plan: Plan;
  dryRun: boolean;
  /** One per step, in the plan's order. */
  results: StepResult[];
  applied: number;
  failed: number;
  skipped: number;
  /** Every step was applied. */
  ok: boolean;
  /** The ownership record to keep and pass to the next `plan`: the desired keys, and what could not be deleted. */
  ownership: Ownership;
}

/** Errors that tell a delete its object is gone already (with its link, or by someone else): the goal is met. */
const ABSENT = new Set(['ENODEV', 'ENOENT', 'ESRCH', 'EADDRNOTAVAIL']);

function absent(error: unknown): boolean {
  return error instanceof NoSuchInterfaceError || (error instanceof NetlinkError && ABSENT.has(error.errnoName ?? ''));
}

async function run(rtnl: Rtnl, call: StepCall, options: CallOptions): Promise<void> {
  switch (call.verb) {
    case 'links.create':
      await rtnl.links.create(call.spec, options);
      return;
    case 'links.set':
      await rtnl.links.set(call.name, call.changes, options);
      return;
    case 'links.delete':
      return rtnl.links.delete(call.name, options);
    case 'addresses.add':
      return rtnl.addresses.add(call.dev, call.address, call.settings, options);
    case 'addresses.replace':
      return rtnl.addresses.replace(call.dev, call.address, call.settings, options);
    case 'addresses.delete':
      return rtnl.addresses.delete(call.address, options);
    case 'routes.add':
      return rtnl.routes.add(call.spec, options);
    case 'routes.replace':
      return rtnl.routes.replace(call.spec, options);
    case 'routes.delete':
      return rtnl.routes.delete(call.route, options);
    case 'neighbours.add':
      return rtnl.neighbours.add(call.spec, options);
    case 'neighbours.replace':
      return rtnl.neighbours.replace(call.spec, options);
    case 'neighbours.delete':
      return rtnl.neighbours.delete(call.neighbour, options);
    case 'rules.add':
      return rtnl.rules.add(call.spec, options);
    case 'rules.delete':
      return rtnl.rules.delete(call.rule, options);
  }
}

/**
 * Runs a plan's steps one after another, in its order (see `plan`), and reports each: applied, failed
 * (with the kernel's error: a `NetlinkError` with its errno and ext-ack text), or skipped (a step it
 * depends on did not succeed; an earlier failure with `onFailure: 'stop'`; the signal fired). A delete
 * that finds its object gone already counts as applied. Never throws for a failed step: the result says
 * what happened, and carries the ownership record to keep.
 *
 *     const result = await apply(rtnl, plan(desired, await observe(rtnl), { protocol: 200, owned }));
 *     owned = result.ownership;
 */
export async function apply(rtnl: Rtnl, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.steps)) throw new InvalidArgumentError('plan', 'expected what plan() returns');
  const onFailure = options.onFailure ?? 'stop';
  if (onFailure !== 'stop' && onFailure !== 'continue') throw new InvalidArgumentError('options.onFailure', `expected 'stop' or 'continue', got ${JSON.stringify(onFailure)}`);
  const dryRun = options.dryRun === true;
  const call: CallOptions = {};
  if (options.timeout !== undefined) call.timeout = options.timeout;
  if (options.signal !== undefined) call.signal = options.signal;

  const results: StepResult[] = [];
  let stopped = false;
  for (const step of plan.steps) {
    if (dryRun) {
      results.push({ step, status: 'skipped', reason: 'dry-run' });
      continue;
    }
    if (options.signal?.aborted) {
      results.push({ step, status: 'skipped', reason: 'aborted' });
      continue;
    }
    if (stopped) {
      results.push({ step, status: 'skipped', reason: 'stopped' });
      continue;
    }
    const blocker = step.dependsOn.find((id) => results[id]?.status !== 'applied');
    if (blocker !== undefined) {
      results.push({ step, status: 'skipped', reason: 'dependency', dependency: blocker });
      continue;
    }
    try {
      await run(rtnl, step.call, call);
      results.push({ step, status: 'applied' });
    } catch (error) {
      if (step.op === 'delete' && absent(error)) {
        results.push({ step, status: 'applied' });
        continue;
      }
      results.push({ step, status: 'failed', error: error as Error });
      if (onFailure === 'stop') stopped = true;
    }
  }

  const ownership: Ownership = { links: [...plan.ownership.links], addresses: [...plan.ownership.addresses], neighbours: [...plan.ownership.neighbours] };
  for (const [id, releases] of Object.entries(plan.releases)) {
    if (!releases || results[Number(id)]?.status === 'applied') continue;
    for (const release of releases) {
      const keys = ownership[`${release.kind}s` as 'links' | 'addresses' | 'neighbours'];
      if (!keys.includes(release.key)) keys.push(release.key);
    }
  }
  const count = (status: StepResult['status']) => results.filter((result) => result.status === status).length;
  const applied = count('applied');
  return { plan, dryRun, results, applied, failed: count('failed'), skipped: count('skipped'), ok: applied === results.length, ownership };
}
