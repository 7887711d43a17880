import { AF_INET6, formatIP } from '@linx/netlink-wire';
import { InvalidArgumentError } from '../shared/arguments.js';
import { checkEncodes, planRoute, protocolNumber, scopeNumber, typeNumber, type RoutePlan } from '../route/request.js';
import { ROUTE_METRICS, ROUTE_NEXTHOP_FLAGS, ROUTE_PREFERENCES } from '../route/names.js';
import type { Route } from '../route/shape.js';
import type { RouteSpec } from '../route/spec.js';
import { atPath } from './argument-path.js';
import { differences, readySteps, type Draft, type PlanContext, byKey } from './draft.js';

/**
 * Routes: owned by their protocol, identified by family, table, destination, source, tos and metric
 * (what the kernel tells routes apart by; a different type, gateway or device is a change, made in
 * place with `routes.replace`). Where a route goes (type, scope, gateway, device, next hops) is always
 * compared; metrics, prefsrc and pref only when the desired route gives them.
 */

/** The metric the kernel gives an IPv6 route added with none (IP6_RT_PRIO_USER). */
const IP6_DEFAULT_METRIC = 1024;

interface Hop {
  gateway: string | null;
  dev?: string | null;
  weight: number;
  onlink: boolean;
}

interface DesiredEntry {
  path: string;
  key: string;
  spec: RouteSpec;
  devs: string[];
  fields: Record<string, unknown>;
}

function masked(bytes: Uint8Array, length: number): Uint8Array {
  const out = bytes.slice();
  for (let bit = length; bit < out.length * 8; bit++) out[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return out;
}

function routeKey(family: 'inet' | 'inet6', table: number, dst: string, dstLen: number, src: string | undefined, srcLen: number, tos: number, priority: number): string {
  return `${family} table ${table} ${dst}/${dstLen}${srcLen ? ` from ${src}/${srcLen}` : ''} tos ${tos} metric ${priority}`;
}

function checkNames(spec: RouteSpec): void {
  const byIndex = (ref: unknown, argument: string) => {
    if (typeof ref === 'number') throw new InvalidArgumentError(argument, 'reconcile names interfaces by name (an index changes when a link is recreated)');
  };
  byIndex(spec.dev, 'dev');
  byIndex(spec.oif, 'oif');
  if (Array.isArray(spec.multipath)) spec.multipath.forEach((hop, i) => byIndex((hop as { dev?: unknown; oif?: unknown }).dev ?? (hop as { oif?: unknown }).oif, `multipath[${i}].dev`));
}

function checkRoute(input: RouteSpec, path: string, protocol: number): DesiredEntry {
  return atPath(path, () => {
    if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('route', 'expected a route object, e.g. { dst: "10.0.0.0/8", gateway: "192.0.2.1" }');
    if (input.protocol !== undefined && protocolNumber(input.protocol) !== protocol) {
      throw new InvalidArgumentError('protocol', `the plan owns routes by their protocol, ${protocol}: leave it out or give that`);
    }
    checkNames(input);
    const spec: RouteSpec = { ...input, protocol };
    const plan = planRoute(spec, 'add');
    checkEncodes(plan);
    return describe(plan, spec, path);
  });
}

function describe(plan: RoutePlan, spec: RouteSpec, path: string): DesiredEntry {
  const { header, attrs } = plan;
  const inet6 = header.rtmFamily === AF_INET6;
  const width = inet6 ? 16 : 4;
  const dstLen = header.rtmDstLen as number;
  const dst = formatIP(masked((attrs.dst as Uint8Array | undefined) ?? new Uint8Array(width), dstLen));
  const srcLen = header.rtmSrcLen as number;
  const src = attrs.src === undefined ? undefined : formatIP(masked(attrs.src as Uint8Array, srcLen));
  const priority = (attrs.priority as number | undefined) || (inet6 ? IP6_DEFAULT_METRIC : 0);
  const table = (attrs.table as number | undefined) ?? (header.rtmTable as number);
  let gateway = attrs.gateway === undefined ? null : formatIP(attrs.gateway as Uint8Array);
  let dev = typeof plan.oif === 'string' ? plan.oif : null;
  let onlink = ((header.rtmFlags as number) & ROUTE_NEXTHOP_FLAGS.onlink) !== 0;
  let multipath: Hop[] | null = null;
  const devs = dev === null ? [] : [dev];
  if (plan.nexthops) {
    const hops = plan.nexthops.map((hop) => {
      const hopDev = typeof hop.oif === 'string' ? hop.oif : undefined;
      if (hopDev !== undefined) devs.push(hopDev);
      return { gateway: hop.gateway === undefined ? null : formatIP(hop.gateway), ...(hopDev === undefined ? {} : { dev: hopDev }), weight: hop.hops + 1, onlink: (hop.flags & ROUTE_NEXTHOP_FLAGS.onlink) !== 0 };
    });
    // One next hop is a plain route to the kernel, and it lists it as one.
    if (hops.length === 1) {
      gateway = hops[0]!.gateway;
      dev = hops[0]!.dev ?? null;
      onlink ||= hops[0]!.onlink;
    } else multipath = hops;
  }
  const metrics = attrs.metrics as Record<string, unknown> | undefined;
  return {
    path,
    key: routeKey(inet6 ? 'inet6' : 'inet', table, dst, dstLen, src, srcLen, header.rtmTos as number, priority),
    spec,
    devs,
    fields: {
      type: header.rtmType,
      scope: header.rtmScope,
      protocol: header.rtmProtocol,
      gateway,
      // Without a device the kernel picks one (the gateway's; lo for an IPv6 blackhole): not compared then.
      dev: dev ?? undefined,
      multipath,
      onlink,
      nhId: attrs.nhId ?? null,
      prefsrc: attrs.prefsrc === undefined ? undefined : formatIP(attrs.prefsrc as Uint8Array),
      metrics: metrics === undefined ? undefined : { ...metrics },
      pref: attrs.pref,
    },
  };
}

function observedKey(route: Route): string | undefined {
  if (route.family !== 'inet' && route.family !== 'inet6') return undefined;
  const zero = route.family === 'inet6' ? '::' : '0.0.0.0';
  const priority = route.priority ?? (route.family === 'inet6' ? IP6_DEFAULT_METRIC : 0);
  return routeKey(route.family, route.table, route.dst ?? zero, route.dstLen, route.src, route.srcLen, route.tos, priority);
}

function lockMask(lock: readonly (string | number)[] | undefined): number | undefined {
  if (lock === undefined) return undefined;
  let mask = 0;
  for (const metric of lock) mask = (mask | 2 ** (typeof metric === 'number' ? metric : (ROUTE_METRICS as Record<string, number>)[metric]!)) >>> 0;
  return mask;
}

function observedFields(route: Route, names: Map<number, string>, wanted: Record<string, unknown>): Record<string, unknown> {
  const name = (index: number | undefined) => (index === undefined || index === 0 ? null : (names.get(index) ?? `#${index}`));
  const desiredHops = wanted.multipath as Hop[] | null;
  const metrics = route.metrics as Record<string, unknown> | undefined;
  const wantedMetrics = wanted.metrics as Record<string, unknown> | undefined;
  return {
    type: typeNumber(route.type),
    scope: scopeNumber(route.scope),
    protocol: protocolNumber(route.protocol),
    gateway: route.gateway ?? null,
    dev: name(route.oif),
    multipath:
      route.multipath?.map((hop, i) => ({
        gateway: hop.gateway ?? null,
        // Compared only where the desired hop names its device.
        ...(desiredHops?.[i]?.dev === undefined ? {} : { dev: name(hop.oif) }),
        weight: hop.weight,
        onlink: hop.flags.includes('onlink'),
      })) ?? null,
    onlink: route.flags.includes('onlink'),
    nhId: route.nhId ?? null,
    prefsrc: route.prefsrc,
    metrics:
      wantedMetrics === undefined
        ? undefined
        : Object.fromEntries(Object.keys(wantedMetrics).map((key) => [key, key === 'lock' ? lockMask(metrics?.lock as (string | number)[] | undefined) : metrics?.[key]])),
    pref: route.pref === undefined ? undefined : typeof route.pref === 'number' ? route.pref : ROUTE_PREFERENCES[route.pref],
  };
}

/** The devices a route goes through, by name. */
function devicesOf(route: Route, names: Map<number, string>): string[] {
  const out: string[] = [];
  for (const index of [route.oif, ...(route.multipath?.map((hop) => hop.oif) ?? [])]) {
    const name = index === undefined ? undefined : names.get(index);
    if (name !== undefined) out.push(name);
  }
  return out;
}

export function planRoutes(desired: readonly RouteSpec[], observed: readonly Route[], protocol: number, context: PlanContext) {
  if (!Array.isArray(desired)) throw new InvalidArgumentError('routes', 'expected a list of routes.add() arguments');
  const entries = desired.map((spec, i) => checkRoute(spec, `routes[${i}]`, protocol));
  const wanted = byKey(entries, 'dst');
  const deletes: Draft[] = [];
  const present = new Map<string, Route>();
  for (const route of observed) {
    const key = observedKey(route);
    // What goes through a link that goes goes with it.
    if (key === undefined || devicesOf(route, context.names).some((dev) => context.gone.has(dev))) continue;
    const owned = protocolNumber(route.protocol) === protocol;
    if (!present.has(key) && (wanted.has(key) || !owned)) present.set(key, route);
    else if (owned) deletes.push({ op: 'delete', kind: 'route', key, call: { verb: 'routes.delete', route }, after: [] });
  }
  const applies: Draft[] = [];
  const allAddressSteps = [...context.addressSteps.values()].flat();
  for (const entry of entries) {
    const route = present.get(entry.key);
    const addressSteps = entry.devs.length ? entry.devs.flatMap((dev) => context.addressSteps.get(dev) ?? []) : allAddressSteps;
    const after = [...readySteps(context, entry.devs), ...addressSteps];
    if (!route) {
      applies.push({ op: 'create', kind: 'route', key: entry.key, call: { verb: 'routes.add', spec: entry.spec }, after });
      continue;
    }
    const changes = differences(entry.fields, observedFields(route, context.names, entry.fields));
    if (changes.length) applies.push({ op: 'update', kind: 'route', key: entry.key, call: { verb: 'routes.replace', spec: entry.spec }, changes, after });
  }
  return { deletes, applies };
}
