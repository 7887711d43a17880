import { formatIP, formatMAC, parseIP, parseMAC } from '@linx/netlink-wire';
import { InvalidArgumentError, checkIfname } from '../shared/arguments.js';
import { ROUTE_PROTOCOLS, numberOf } from '../shared/names.js';
import { NEIGHBOUR_STATES, neighbourRequest, type Neighbour, type NeighbourSpec } from '../neighbour/shape.js';
import { atPath } from './argument-path.js';
import { differences, readySteps, type Draft, type PlanContext, byKey } from './draft.js';

/**
 * Neighbours: ARP and NDP entries, identified by family, interface and IP address. A different
 * link-layer address, state, flag or protocol is changed in place (`neighbours.replace`). Only whether an
 * entry is static (permanent, noarp) is compared, not the states the kernel moves a dynamic entry through.
 * Proxy entries and the bridge FDB are not reconciled.
 */

const STATIC = NEIGHBOUR_STATES.permanent | NEIGHBOUR_STATES.noarp;
/** Flags a caller sets on an ARP or NDP entry. */
const CHOSEN_FLAGS = ['router', 'extern-learn', 'managed'] as const;

interface DesiredEntry {
  path: string;
  key: string;
  dev: string;
  spec: NeighbourSpec;
  fields: Record<string, unknown>;
}

function stateBits(states: readonly (string | number)[]): number {
  let mask = 0;
  for (const state of states) mask |= typeof state === 'number' ? state : (NEIGHBOUR_STATES[state as keyof typeof NEIGHBOUR_STATES] ?? 0);
  return mask;
}

function chosenFlags(flags: readonly (string | number)[]): string[] {
  return CHOSEN_FLAGS.filter((flag) => flags.includes(flag));
}

function checkNeighbour(spec: NeighbourSpec, path: string): DesiredEntry {
  const parts = neighbourRequest(spec, 'create', path);
  if (parts.family === 7) throw new InvalidArgumentError(`${path}.family`, 'reconcile manages ARP and NDP entries, not the bridge FDB');
  const message = parts.build(1);
  const header = message.header as { ndmState: number; ndmFlags: number };
  if ((header.ndmFlags & 0x08) !== 0) throw new InvalidArgumentError(`${path}.flags`, 'reconcile manages ARP and NDP entries, not proxy entries');
  const dev = atPath(path, () => {
    if (typeof parts.interface === 'number') throw new InvalidArgumentError('interface', 'reconcile names interfaces by name (an index changes when a link is recreated)');
    return checkIfname(parts.interface, 'interface');
  });
  const family = parts.family === 2 ? 'inet' : 'inet6';
  const dst = formatIP(parseIP(spec.dst!));
  const flags = (spec.flags ?? []).map((flag) => (flag === 'ext-learned' || flag === 'extern_learn' ? 'extern-learn' : flag));
  return {
    path,
    key: `${family} ${dev} ${dst}`,
    dev,
    spec,
    fields: {
      lladdr: spec.lladdr === undefined ? undefined : formatMAC(parseMAC(spec.lladdr)),
      static: (header.ndmState & STATIC) !== 0,
      flags: spec.flags === undefined ? undefined : chosenFlags(flags),
      protocol: spec.protocol === undefined ? undefined : numberOf(ROUTE_PROTOCOLS, spec.protocol),
    },
  };
}

function observedFields(neighbour: Neighbour): Record<string, unknown> {
  return {
    lladdr: neighbour.lladdr,
    static: (stateBits(neighbour.states) & STATIC) !== 0,
    flags: chosenFlags(neighbour.flags),
    protocol: neighbour.protocol === undefined ? 0 : numberOf(ROUTE_PROTOCOLS, neighbour.protocol),
  };
}

export function planNeighbours(desired: readonly NeighbourSpec[], observed: readonly Neighbour[], owned: ReadonlySet<string>, context: PlanContext) {
  if (!Array.isArray(desired)) throw new InvalidArgumentError('neighbours', 'expected a list of neighbours.add() arguments');
  const entries = desired.map((spec, i) => checkNeighbour(spec, `neighbours[${i}]`));
  const wanted = byKey(entries, 'dst');
  const present = new Map<string, Neighbour>();
  for (const neighbour of observed) {
    if ((neighbour.family !== 'inet' && neighbour.family !== 'inet6') || neighbour.dst === undefined || neighbour.flags.includes('proxy')) continue;
    const dev = context.names.get(neighbour.ifindex);
    if (dev === undefined) continue;
    const key = `${neighbour.family} ${dev} ${neighbour.dst}`;
    if (context.gone.has(dev)) {
      if (owned.has(key) && !wanted.has(key)) context.removal.get(dev)?.releases?.push({ kind: 'neighbour', key });
      continue;
    }
    present.set(key, neighbour);
  }
  const deletes: Draft[] = [];
  const applies: Draft[] = [];
  for (const [key, neighbour] of present) {
    if (owned.has(key) && !wanted.has(key)) deletes.push({ op: 'delete', kind: 'neighbour', key, call: { verb: 'neighbours.delete', neighbour }, after: [], releases: [{ kind: 'neighbour', key }] });
  }
  for (const entry of entries) {
    const neighbour = present.get(entry.key);
    const after = readySteps(context, [entry.dev]);
    if (!neighbour) {
      applies.push({ op: 'create', kind: 'neighbour', key: entry.key, call: { verb: 'neighbours.add', spec: entry.spec }, after });
      continue;
    }
    // An entry the kernel learned by itself (not static) becomes this one by a replace too.
    const changes = differences(entry.fields, observedFields(neighbour));
    if (changes.length) applies.push({ op: 'update', kind: 'neighbour', key: entry.key, call: { verb: 'neighbours.replace', spec: entry.spec }, changes, after });
  }
  return { deletes, applies, ownership: [...wanted.keys()] };
}
