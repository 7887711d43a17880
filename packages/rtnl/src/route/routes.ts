import { InvalidArgumentError } from '../shared/arguments.js';
import { compileMessage } from '@linx/netlink-codec';
import { MalformedError, NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NetlinkError, viewOf } from '@linx/netlink-wire';
import type { InterfaceRef } from '../shared/arguments.js';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { checkListOptions, requestOptions, type CallOptions, type FamilyClient, type ListOptions } from '@linx/netlink-client';
import { routeRequestMessage } from './request-layout.js';
import { inContext, type ErrnoHints } from '../shared/error-context.js';
import { cidrText } from '../shared/prefix-text.js';
import { noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { streamDump } from '../shared/batch-decode.js';
import { interfaceNames, interfaceNamesForList } from '../shared/ifname-cache.js';
import { FAMILY_NAMES, PROTOCOL_NAMES, SCOPE_NAMES, TYPE_NAMES } from './names.js';
import {
  checkEncodes,
  dumpRequest,
  lookupRequest,
  materialize,
  namesOf,
  planRoute,
  routeQuery,
  type RouteFilter,
  type RouteLookup,
  type RoutePlan,
  type RouteQuery,
  type RouteSpec,
} from './request.js';
import { addRouteNames, decodeRoute, type Route } from './shape.js';
import { RoutePayloads } from './payloads.js';
import { routeViewReader, RouteView } from './view.js';

export type { Route, RouteMetrics, RouteVia } from './shape.js';
export type { RouteNexthop, RouteNexthopSpec } from './multipath.js';
export { RouteView } from './view.js';

/** `routes.list()`'s options: a list's, and `compact` for read-only route views instead of plain routes. */
export interface RouteListOptions extends ListOptions {
  /** Views that decode each route when it is read ({@link RouteView}), in about half the memory. */
  compact?: boolean;
}
export type { RouteSpec, RouteFilter, RouteLookup, RouteMetricsInput } from './request.js';
export {
  ROUTE_TYPES,
  ROUTE_FLAGS,
  ROUTE_NEXTHOP_FLAGS,
  ROUTE_PREFERENCES,
  ROUTE_METRICS,
  type RouteType,
  type RouteFlag,
  type RouteNexthopFlag,
  type RoutePreference,
  type RouteMetricName,
  type RouteScope,
} from './names.js';

const { newroute: RTM_NEWROUTE, delroute: RTM_DELROUTE, getroute: RTM_GETROUTE } = routeRequestMessage.types;

/**
 * The routes verbs: `rtnl.routes.list()`, `get('192.0.2.1')`, `add({ dst, gateway })`, … IPv4 and IPv6,
 * any table (ids above 255 too), every route type, multipath with weights, metrics. Every verb checks its
 * arguments before sending anything (`InvalidArgumentError`, or the codec's `InvalidValueError` naming the
 * value), and the kernel's refusals are `NetlinkError`s with its ext-ack text.
 *
 *     await rtnl.routes.add({ dst: '10.1.0.0/16', gateway: '192.0.2.254', metrics: { mtu: 1400 } });
 *     await rtnl.routes.add({ dst: 'default', multipath: [{ gateway: '192.0.2.1', weight: 2 }, { gateway: '192.0.2.2' }] });
 *     for (const r of await rtnl.routes.list({ table: 'main', family: 'inet' })) console.log(`${r.dst}/${r.dstLen}`, r.gateway, r.dev);
 *     const lookup = await rtnl.routes.get('10.1.2.3'); // what `ip route get` says
 */
export class Routes {
  constructor(protected readonly client: FamilyClient) {}

  /**
   * Routes of every table (or of one table, family, protocol, type, interface: the kernel filters those
   * with strict checking; scope and dst are filtered here). `names: false` skips the link dump that
   * fills in `dev`. With `{ compact: true }`, read-only {@link RouteView}s that decode a route when it is
   * read, in about half the memory of plain routes (a full Internet table in less than 300 MB).
   */
  list(filter?: RouteFilter, options?: RouteListOptions & { compact?: false }): Promise<DumpList<Route>>;
  list(filter: RouteFilter | undefined, options: RouteListOptions & { compact: true }): Promise<DumpList<RouteView>>;
  list(filter?: RouteFilter, options?: RouteListOptions): Promise<DumpList<Route | RouteView>>;
  async list(filter: RouteFilter = {}, options: RouteListOptions = {}): Promise<DumpList<Route | RouteView>> {
    const query = routeQuery(filter);
    checkListOptions(options);
    const { compact = false } = options;
    if (typeof compact !== 'boolean') throw new InvalidArgumentError('options.compact', `must be a boolean, got ${typeof compact}`);
    const oif = query.dev === undefined ? undefined : await resolveIndex(this.client, query.dev, 'dev', options);
    const named = filter.names === false ? undefined : await interfaceNamesForList(this.client, options);
    const names = named?.names;
    let routes: DumpList<Route | RouteView>;
    try {
      routes = compact
        ? await this.client.collect(routeRequestMessage, RTM_GETROUTE, dumpRequest(query, oif), { replyType: RTM_NEWROUTE, decode: routeViewReader(names), accept: accept(query, oif) }, options)
        : await this.client.collect(routeRequestMessage, RTM_GETROUTE, dumpRequest(query, oif), { replyType: RTM_NEWROUTE, decode: decodeRoute, accept: accept(query, oif), finish: names && ((route) => addRouteNames(route, names)) }, options);
    } catch (error) {
      if (missingTable(error, query)) return dumpList([], false);
      throw noSuchInterface(error, query.dev);
    }
    return named?.interrupted ? dumpList(routes, true) : routes;
  }

  /** Routes one by one as the kernel sends them (a dump interrupted by a concurrent change throws). */
  stream(filter: RouteFilter = {}, options: CallOptions = {}): AsyncGenerator<Route, void, undefined> {
    const query = routeQuery(filter);
    const prepare = async () => {
      const oif = query.dev === undefined ? undefined : await resolveIndex(this.client, query.dev, 'dev', options);
      const names = filter.names === false ? undefined : await interfaceNames(this.client, options);
      return { value: dumpRequest(query, oif), accept: accept(query, oif), finish: names && ((route: Route) => addRouteNames(route, names)) };
    };
    const mapError = (error: unknown) => (missingTable(error, query) ? undefined : noSuchInterface(error, query.dev));
    return streamDump(this.client, routeRequestMessage, RTM_GETROUTE, RTM_NEWROUTE, decodeRoute, prepare, mapError, options);
  }

  /**
   * The kernel's route lookup for one destination (`ip route get`), optionally from a source, for an
   * input or output interface, with a mark, uid, tos or ports: the route a packet would take.
   */
  async get(dst: string, lookup: RouteLookup = {}, options: CallOptions = {}): Promise<Route> {
    const { plan, iif } = lookupRequest(dst, lookup);
    const value = await this.#materialize(plan, options, iif);
    const replies = await this.client.requestRaw(routeRequestMessage, RTM_GETROUTE, value, 0, { ...options, ack: false });
    const reply = replies.find((m) => m.type === RTM_NEWROUTE);
    if (!reply) throw new MalformedError('the kernel answered a route lookup without an RTM_NEWROUTE message', 0);
    const route = decodeRoute(reply.payload, viewOf(reply.payload), 0, reply.payload.length);
    if (lookup.names !== false) addRouteNames(route, await interfaceNames(this.client, options));
    return route;
  }

  /** Adds a route (`ip route add`); EEXIST if the table has one for that destination, tos and metric. */
  async add(route: RouteSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, planRoute(route, 'add'), options, 'routes.add', route);
  }

  /**
   * Adds many routes at once (`ip -batch` of `route add`): every spec is checked first (a bad one throws
   * and nothing is sent), then the requests are pipelined on the socket without a promise each. Resolves
   * with one entry per spec: undefined when the kernel added it, or its error (EEXIST, …).
   */
  async addMany(routes: readonly RouteSpec[], options: CallOptions = {}): Promise<(Error | undefined)[]> {
    const payloads = new RoutePayloads(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, routes.length);
    routes.forEach((route, i) => {
      try {
        payloads.add(planRoute(route, 'add'));
      } catch (error) {
        if (error instanceof InvalidArgumentError) throw new InvalidArgumentError(`routes[${i}].${error.argument}`, error.message.slice(error.argument.length + 2));
        throw error;
      }
    });
    // Interface names are looked up once for all the routes.
    const names = [...payloads.names];
    const indexes = new Map(await Promise.all(names.map(async (name) => [name, await resolveIndex(this.client, name, 'dev', options)] as const)));
    payloads.resolve((ref) => (typeof ref === 'number' ? ref : indexes.get(ref)!));
    // Adds have no reply: only failures are answered, which spares the kernel 10,000 ACKs for 10,000 routes.
    const results = await this.client.connection.requestAll(payloads, { ...requestOptions(options, compileMessage(routeRequestMessage).headerLength), acks: 'errors' });
    return results.map((result, i) => (result instanceof Error ? (inContext(result, () => `routes.add ${describeRoute(routes[i]!)}`, HINTS['routes.add']) as Error) : undefined));
  }

  /** Adds a route, or replaces the one with its destination, tos and metric (`ip route replace`). */
  async replace(route: RouteSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, planRoute(route, 'add'), options, 'routes.replace', route);
  }

  /**
   * Adds a route after the ones with its destination (`ip route append`): an IPv4 route the kernel tries
   * next, or for IPv6 another next hop of the same route.
   */
  async append(route: RouteSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND, planRoute(route, 'add'), options, 'routes.append', route);
  }

  /**
   * Removes a route (`ip route del`): the first one matching what is given (table main unless said), or
   * exactly a route `list()` returned. ESRCH if none matches.
   */
  async delete(route: RouteSpec | Route, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_DELROUTE, 0, planRoute(route, 'delete'), options, 'routes.delete', route);
  }

  async #send(type: number, flags: number, plan: RoutePlan, options: CallOptions, verb: keyof typeof HINTS, route: RouteSpec | Route): Promise<void> {
    const value = await this.#materialize(plan, options);
    try {
      await this.client.ack(routeRequestMessage, type, value, flags, options);
    } catch (error) {
      throw inContext(noSuchInterface(error, typeof plan.oif === 'number' ? plan.oif : undefined), () => `${verb} ${describeRoute(route)}`, HINTS[verb]);
    }
  }

  /** Resolves the interface names of a plan, after checking it encodes (so bad values send nothing). */
  async #materialize(plan: RoutePlan, options: CallOptions, iif?: InterfaceRef) {
    const names = [...namesOf(plan)];
    if (typeof iif === 'string' && !names.includes(iif)) names.push(iif);
    if (names.length === 0) {
      const value = materialize(plan, (ref) => ref as number);
      if (iif !== undefined) value.attrs.iif = iif as number;
      return value;
    }
    checkEncodes(plan);
    const indexes = new Map(await Promise.all(names.map(async (name) => [name, await resolveIndex(this.client, name, 'dev', options)] as const)));
    const index = (ref: InterfaceRef) => (typeof ref === 'number' ? ref : indexes.get(ref)!);
    const value = materialize(plan, index);
    if (iif !== undefined) value.attrs.iif = index(iif);
    return value;
  }
}

/** The client-side check of each route, for what the kernel may not have filtered (older kernels). */
function accept(query: RouteQuery, oif: number | undefined): ((route: Route) => boolean) | undefined {
  const family = query.family === 0 ? undefined : FAMILY_NAMES[query.family];
  const protocol = query.protocol === undefined ? undefined : PROTOCOL_NAMES[query.protocol];
  const type = query.type === undefined ? undefined : TYPE_NAMES[query.type];
  const scope = query.scope === undefined ? undefined : SCOPE_NAMES[query.scope];
  const { table, dst, nhId } = query;
  if (family === undefined && protocol === undefined && type === undefined && scope === undefined && table === undefined && dst === undefined && oif === undefined && nhId === undefined) return undefined;
  return (r) =>
    (family === undefined || r.family === family) &&
    (table === undefined || r.table === table) &&
    (protocol === undefined || r.protocol === protocol) &&
    (type === undefined || r.type === type) &&
    (scope === undefined || r.scope === scope) &&
    (oif === undefined || r.oif === oif || (r.multipath?.some((hop) => hop.oif === oif) ?? false)) &&
    (nhId === undefined || r.nhId === nhId) &&
    (dst === undefined || (dst === 'default' ? r.dstLen === 0 : r.family === dst.family && r.dstLen === dst.length && r.dst === dst.address));
}

/** A dump of one table that does not exist (yet) in that family is empty, not an error. */
function missingTable(error: unknown, query: RouteQuery): boolean {
  return query.table !== undefined && error instanceof NetlinkError && error.errnoName === 'ENOENT';
}

/** What the kernel's refusals of route changes mean (fib_table_insert/fib_table_delete, ip6_route_add/del). */
const HINTS = {
  'routes.add': { EEXIST: 'a route with this destination, tos and metric exists in the table', ENETUNREACH: 'the gateway is not on a network an interface reaches' },
  'routes.replace': { ENETUNREACH: 'the gateway is not on a network an interface reaches' },
  'routes.append': { ENETUNREACH: 'the gateway is not on a network an interface reaches' },
  'routes.delete': { ESRCH: 'no such route' },
} as const satisfies Record<string, ErrnoHints>;

/** A route as `ip route` would name it in a message: `10.0.0.0/24 via 10.0.0.1 dev eth0 table 100`. */
function describeRoute(route: RouteSpec | Route): string {
  const dst = route.dst === undefined ? 'default' : route.dstLen !== undefined && !route.dst.includes('/') && route.dst !== 'default' ? cidrText(route.dst, route.dstLen) : route.dst;
  let text = dst;
  if (route.gateway !== undefined) text += ` via ${route.gateway}`;
  if (route.dev !== undefined) text += ` dev ${route.dev}`;
  else if (route.oif !== undefined) text += ` dev ${route.oif}`;
  if (route.table !== undefined && route.table !== 254 && route.table !== 'main') text += ` table ${route.table}`;
  return text;
}
