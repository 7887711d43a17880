import { isDeepStrictEqual } from 'node:util';
import { InvalidArgumentError } from '../shared/arguments.js';
import type { FieldChange, PlanStep, Release } from './types.js';

/** A step while the plan is being made: its dependencies are other drafts, numbered once the order is settled. */
export interface Draft extends Omit<PlanStep, 'id' | 'dependsOn'> {
  after: Draft[];
  /** For a delete: the ownership keys it gives up (kept owned when the delete does not succeed). */
  releases?: Release[];
}

/** What the kinds' planners share: the links as they will be, and the steps others wait for. */
export interface PlanContext {
  /** Observed interface index → name. */
  names: Map<number, string>;
  /** Observed links that will not survive the plan (deleted, or recreated): what is on them goes with them. */
  gone: Set<string>;
  /** Link name → the delete that takes it away (its own, its veth peer's, its lower device's). */
  removal: Map<string, Draft>;
  /** Link name → the step that creates it in this plan. */
  ready: Map<string, Draft>;
  /** Link name → the steps that create or change addresses on it (routes through it wait for them). */
  addressSteps: Map<string, Draft[]>;
}

/** The fields of `desired` whose observed value differs (fields the desired state leaves out are not compared). */
export function differences(desired: Record<string, unknown>, observed: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, to] of Object.entries(desired)) {
    if (to === undefined) continue;
    const from = observed[field];
    if (!isDeepStrictEqual(plain(from), plain(to))) out.push({ field, from, to });
  }
  return out;
}

/** Data as plain objects: the codec decodes structs into instances of a class, which a desired value is not. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
}

/** The steps `ready` holds for these interfaces (those created in this plan). */
export function readySteps(context: PlanContext, names: Iterable<string | undefined>): Draft[] {
  const out: Draft[] = [];
  for (const name of names) {
    const step = name === undefined ? undefined : context.ready.get(name);
    if (step && !out.includes(step)) out.push(step);
  }
  return out;
}

/**
 * The desired entries by key; two with one key are an error naming the second (`field` is the argument
 * that makes the key, e.g. a route's `dst`): the plan could not tell which of them the kernel has.
 */
export function byKey<E extends { key: string; path: string }>(entries: readonly E[], field: string): Map<string, E> {
  const out = new Map<string, E>();
  for (const entry of entries) {
    const earlier = out.get(entry.key);
    if (earlier) throw new InvalidArgumentError(`${entry.path}.${field}`, `${earlier.path} has this key too (${entry.key})`);
    out.set(entry.key, entry);
  }
  return out;
}
