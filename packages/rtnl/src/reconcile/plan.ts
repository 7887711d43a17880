import { InvalidArgumentError } from '../shared/arguments.js';
import { protocolNumber } from '../route/request.js';
import { planAddresses } from './address-plan.js';
import type { Draft, PlanContext } from './draft.js';
import { planLinks } from './link-plan.js';
import { planNeighbours } from './neighbour-plan.js';
import { planRoutes } from './route-plan.js';
import { planRules } from './rule-plan.js';
import type { DesiredState, ObservedState, Ownership, Plan, PlanOptions, PlanStep } from './types.js';

/** Protocols below this are the kernel's (2), redirects' (1), `ip`'s default (3) and none (0). */
const FIRST_OWNABLE_PROTOCOL = 4;
const DESIRED_KEYS = new Set(['links', 'addresses', 'routes', 'neighbours', 'rules']);
const OBSERVED_KEYS = ['links', 'addresses', 'routes', 'neighbours', 'rules'] as const;

function checkOwnership(owned: unknown): Ownership {
  // Stryker disable next-line ObjectLiteral,ArrayDeclaration: the lists only become Sets of owned keys (new Set(undefined) is empty too), and a key of 16 characters without a space names no interface (IFNAMSIZ) nor address or neighbour
  if (owned === undefined) return { links: [], addresses: [], neighbours: [] };
  if (typeof owned !== 'object' || owned === null) throw new InvalidArgumentError('options.owned', 'expected the ownership record the last apply returned');
  const out: Record<string, string[]> = {};
  for (const key of ['links', 'addresses', 'neighbours'] as const) {
    const list = (owned as Record<string, unknown>)[key] ?? [];
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) throw new InvalidArgumentError(`options.owned.${key}`, 'expected a list of keys (strings)');
    out[key] = list;
  }
  return out as unknown as Ownership;
}

function checkProtocol(protocol: unknown): number {
  if (protocol === undefined) throw new InvalidArgumentError('options.protocol', 'plan needs the route and rule protocol that marks what it owns (4..255, e.g. a number no one else here uses)');
  const number = protocolNumber(protocol, 'options.protocol');
  if (number < FIRST_OWNABLE_PROTOCOL) throw new InvalidArgumentError('options.protocol', `${String(protocol)} is the kernel's or iproute2's default protocol; owning its routes would take over routes others made`);
  return number;
}

/**
 * The steps that take the observed state to the desired one, in the order `apply` runs them: route and
 * rule deletes, then neighbour, address and link deletes; then links (masters and lower devices before
 * the links that need them), addresses, routes, neighbours and rules. Pure: it reads its arguments and
 * returns data. Bad desired input throws `InvalidArgumentError` naming its path (`routes[3].gateway`).
 *
 * Only what the caller owns is deleted: routes and rules with `options.protocol`, and the links,
 * addresses and neighbours whose keys are in `options.owned` (the record the previous apply returned).
 * Anything desired that exists already is taken as it is, or changed to match.
 */
export function plan(desired: DesiredState, observed: ObservedState, options: PlanOptions): Plan {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'expected { protocol, owned }');
  const protocol = checkProtocol(options.protocol);
  const owned = checkOwnership(options.owned);
  if (typeof desired !== 'object' || desired === null || Array.isArray(desired)) throw new InvalidArgumentError('desired', 'expected { links, addresses, routes, neighbours, rules }');
  for (const key of Object.keys(desired)) {
    if (!DESIRED_KEYS.has(key)) throw new InvalidArgumentError(key, `unknown part of a desired state; the parts are ${[...DESIRED_KEYS].join(', ')}`);
  }
  if (typeof observed !== 'object' || observed === null) throw new InvalidArgumentError('observed', 'expected what the list() verbs return: { links, addresses, routes, neighbours, rules }');
  for (const key of OBSERVED_KEYS) {
    if (!Array.isArray(observed[key])) throw new InvalidArgumentError(`observed.${key}`, `expected the list rtnl.${key}.list() returns`);
  }

  const names = new Map<number, string>();
  for (const link of observed.links) if (link.ifname !== undefined) names.set(link.index, link.ifname);
  const context: PlanContext = { names, gone: new Set(), removal: new Map(), ready: new Map(), addressSteps: new Map() };
  const links = planLinks(desired.links ?? [], observed.links, new Set(owned.links), context);
  const addresses = planAddresses(desired.addresses ?? [], observed.addresses, new Set(owned.addresses), context);
  const routes = planRoutes(desired.routes ?? [], observed.routes, protocol, context);
  const neighbours = planNeighbours(desired.neighbours ?? [], observed.neighbours, new Set(owned.neighbours), context);
  const rules = planRules(desired.rules ?? [], observed.rules, protocol);

  const order: Draft[] = [
    ...routes.deletes,
    ...rules.deletes,
    ...neighbours.deletes,
    ...addresses.deletes,
    ...links.deletes,
    ...links.applies,
    ...addresses.applies,
    ...routes.applies,
    ...neighbours.applies,
    ...rules.applies,
  ];
  const ids = new Map(order.map((draft, id) => [draft, id]));
  const releases: Plan['releases'] = {};
  const steps = order.map((draft, id): PlanStep => {
    const { after, releases: given, ...step } = draft;
    if (given?.length) releases[id] = given;
    return { id, ...step, dependsOn: [...new Set(after.map((dependency) => ids.get(dependency)!))].sort((a, b) => a - b) };
  });
  return {
    steps,
    protocol,
    ownership: { links: links.ownership, addresses: addresses.ownership, neighbours: neighbours.ownership },
    releases,
  };
}
