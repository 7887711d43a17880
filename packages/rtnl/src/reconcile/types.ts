import type { Address } from '../address/shape.js';
import type { AddressSettings } from '../address/request.js';
import type { Link } from '../link/link.js';
import type { LinkCreateOptions, LinkSetOptions } from '../link/links.js';
import type { Neighbour, NeighbourSpec } from '../neighbour/shape.js';
import type { Route } from '../route/shape.js';
import type { RouteSpec } from '../route/spec.js';
import type { Rule, RuleSpec } from '../rule/shape.js';
import type { RouteProtocol } from '../shared/names.js';

/** An address as reconcile takes it: the arguments of `addresses.add(dev, address, settings)` in one object. */
export interface DesiredAddress extends AddressSettings {
  /** The interface, by name. */
  dev: string;
  /** CIDR text, as `addresses.add` takes it. */
  address: string;
}

/**
 * The state a caller wants, written the way the verbs' add/create arguments are written (and checked
 * by the same code). Interfaces are named by name: indexes change when a link is recreated. Anything a
 * caller leaves out of an object is not managed (a link without `mtu` keeps whatever mtu it has).
 */
export interface DesiredState {
  /** `links.create` arguments. A veth's peer may have an entry of its own (kind 'veth', no peer of another name) for its settings. */
  links?: readonly LinkCreateOptions[];
  addresses?: readonly DesiredAddress[];
  /** `routes.add` arguments; `protocol`, when given, must be the plan's. */
  routes?: readonly RouteSpec[];
  /** `neighbours.add` arguments for ARP and NDP entries (`interface` by name). */
  neighbours?: readonly NeighbourSpec[];
  /** `rules.add` arguments, each with a `priority`; `protocol`, when given, must be the plan's. */
  rules?: readonly RuleSpec[];
}

/** What the `list()` verbs return (or `observe(rtnl)`): the namespace as it is. */
export interface ObservedState {
  links: readonly Link[];
  addresses: readonly Address[];
  routes: readonly Route[];
  neighbours: readonly Neighbour[];
  rules: readonly Rule[];
}

/**
 * What the caller owns besides its routes and rules (which carry its protocol): the keys of the links,
 * addresses and neighbours it applied last time. The caller keeps it (a file, a database) and passes it
 * to the next plan; objects with these keys that are no longer desired are deleted, anything else that
 * is not desired is left alone.
 */
export interface Ownership {
  links: string[];
  addresses: string[];
  neighbours: string[];
}

/** Options of `plan`. */
export interface PlanOptions {
  /**
   * The route and rule protocol (rtm_protocol, FRA_PROTOCOL) that marks what this caller owns: every
   * desired route and rule is written with it, and every route and rule that has it and is not desired
   * is deleted. 4..255 (0 to 3 are the kernel's, redirects', `ip`'s default: owning them would take over
   * routes others made).
   */
  protocol: RouteProtocol | number;
  /** The ownership record the last apply returned (none: nothing but routes and rules is owned yet). */
  owned?: Ownership;
}

export type ReconcileKind = 'link' | 'address' | 'route' | 'neighbour' | 'rule';

/** A field whose observed value differs from the desired one. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The verb call a step makes, with its arguments: plain data a dry run can show. */
export type StepCall =
  | { verb: 'links.create'; spec: LinkCreateOptions }
  | { verb: 'links.set'; name: string; changes: LinkSetOptions }
  | { verb: 'links.delete'; name: string }
  | { verb: 'addresses.add' | 'addresses.replace'; dev: string; address: string; settings: AddressSettings }
  | { verb: 'addresses.delete'; address: Address }
  | { verb: 'routes.add' | 'routes.replace'; spec: RouteSpec }
  | { verb: 'routes.delete'; route: Route }
  | { verb: 'neighbours.add' | 'neighbours.replace'; spec: NeighbourSpec }
  | { verb: 'neighbours.delete'; neighbour: Neighbour }
  | { verb: 'rules.add'; spec: RuleSpec }
  | { verb: 'rules.delete'; rule: Rule };

/** One step of a plan. */
export interface PlanStep {
  /** Its position in `plan.steps`. */
  id: number;
  op: 'create' | 'update' | 'delete';
  kind: ReconcileKind;
  /** The object's identity, e.g. `v0`, `v0 10.0.0.1/24`, `inet table 254 10.1.0.0/16 tos 0 metric 0`. */
  key: string;
  call: StepCall;
  /** For updates (and the delete and create of a recreate): what differs. */
  changes?: FieldChange[];
  /** Set on the delete and the create that recreate an object (for a change `set`/`replace` cannot make). */
  recreate?: boolean;
  /** Steps that must have succeeded first; if one failed, this one is skipped. */
  dependsOn: number[];
}

/** The ordered steps from the observed state to the desired one. */
export interface Plan {
  steps: PlanStep[];
  /** The protocol number routes and rules are owned by. */
  protocol: number;
  /** The ownership record once every step has succeeded (`apply` returns the one to keep). */
  ownership: Ownership;
  /** Step id → ownership keys of what it deletes (with a link, what was on it), kept owned by `apply` when the step does not succeed. */
  releases: Partial<Record<number, Release[]>>;
}

/** An ownership key a delete gives up. */
export interface Release {
  kind: 'link' | 'address' | 'neighbour';
  key: string;
}
