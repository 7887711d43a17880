import { EventEmitter } from 'node:events';
import { AbortError, DumpInterruptedError, OverrunError, SocketClosedError, TimeoutError, type Connection, type Subscription } from '@linx/netlink-socket';
import { NLM_F_APPEND, NLM_F_REPLACE, NetlinkError, type NetlinkMessage } from '@linx/netlink-wire';
import { Addresses } from '../address/addresses.js';
import { addAddressName, type Address } from '../address/shape.js';
import { Links } from '../link/links.js';
import { addLinkNames, type Link } from '../link/link.js';
import { Neighbours } from '../neighbour/neighbours.js';
import { addNeighbourName, type Neighbour } from '../neighbour/shape.js';
import { Routes } from '../route/routes.js';
import { addRouteNames, type Route } from '../route/shape.js';
import { Rules } from '../rule/rules.js';
import type { Rule } from '../rule/shape.js';
import { InvalidArgumentError, checkInteger } from '../shared/arguments.js';
import { FamilyClient } from '@linx/netlink-client';
// The decoder of every kind's notifications loads with the first mirror (see startMirror).
import type { NotificationDecoder } from '../monitor/decode.js';
import type { MonitorKind, MonitorObjectEvent, ObjectEvent } from '../monitor/events.js';
import { LINK_GROUP, groupsFor } from '../monitor/groups.js';
import { openMonitorConnection, type MonitorHost } from '../monitor/monitor.js';
import { checkKinds } from '../monitor/options.js';
import { addressKey, linkKey, listedLink, listedNeighbour, listedRoute, listedRule, neighbourKey, routeBaseKey, routeKey, ruleKey, sameObject } from './identity.js';
import { AddressTable, LinkTable, NeighbourTable, RouteTable, RuleTable } from './tables.js';

/** Options of `rtnl.mirror()`. */
export interface MirrorOptions {
  /** What to mirror besides links (always mirrored: names and resyncs come from them); all kinds by default. */
  kinds?: readonly MonitorKind[];
  /** The mirror socket's receive buffer in bytes (the handle's, else 4 MiB): smaller overruns sooner. */
  receiveBufferSize?: number;
  /** Closes the mirror. */
  signal?: AbortSignal;
}

/** Options of `mirror.until()`. */
export interface UntilOptions {
  /** Milliseconds to wait at most: then the promise rejects with `TimeoutError`. */
  timeout?: number;
  signal?: AbortSignal;
}

/**
 * Why a mirror re-listed: notifications were lost ('overrun'), a link changed in a way the kernel does not
 * report for what depends on it ('link'), or a notification did not say for sure which route it meant
 * ('ambiguous': a replace where a table holds several routes for one destination, IPv6 next hops).
 */
export type ResyncReason = 'overrun' | 'link' | 'ambiguous';

type Key = string | number;
type Tables = { [K in MonitorKind]: Map<Key, ObjectOf<K>> };
type ObjectOf<K extends MonitorKind> = Extract<ObjectEvent, { kind: K }>['object'];
type Buffered = { event: ObjectEvent; flags: number };

const OPTION_KEYS = new Set(['kinds', 'receiveBufferSize', 'signal']);
/** Link flags whose change the kernel does not report for routes (IPv4 routes flushed, linkdown set) or neighbours. */
const CARRIER_FLAGS = ['up', 'lower-up', 'running'] as const;
/** How long a link-triggered resync waits, for the kernel to finish the change and for a burst of them to pass. */
const LINK_SETTLE_MS = 20;
/** How long a mirror waits before listing again after a listing failed for another reason than churn. */
const RETRY_MS = 1000;
/** A listing step that takes longer than this (or ten times the last whole listing) is given up and done again on a fresh socket. */
const LIST_TIMEOUT_MS = 5000;

const keyOf: { [K in MonitorKind]: (object: ObjectOf<K>) => Key } = {
  link: linkKey,
  address: addressKey,
  route: routeKey,
  neighbour: neighbourKey,
  rule: ruleKey,
};

/**
 * A live copy of the kernel's links, addresses, routes, neighbours and rules in one namespace
 * (`rtnl.mirror()`), that misses nothing: it subscribes first, lists, replays what arrived during the
 * listing (what the listing already showed changes nothing), then follows notifications. When the kernel
 * drops notifications (an overrun) it lists again and emits the differences; where the kernel changes
 * objects without a notification (IPv4 routes of a link going down, rules naming a link that came or
 * went) it re-lists those after the link's event.
 *
 * Lookups: `links.get('eth0')` or by index, `addresses.of('eth0')`, `routes.inTable(100)`,
 * `routes.get('10.0.0.0/8', { table })`, `neighbours.of('eth0')`, `rules.list()`; each object as `list()`
 * returns it. Events: 'change' (`{ type: 'new' | 'del', kind, object }`, after the first listing), 'resync'
 * (`{ reason, kinds }`), 'error' (a listing failed for good, or a notification could not be decoded), 'close'.
 */
export class Mirror extends EventEmitter {
  readonly links: LinkTable;
  readonly addresses: AddressTable;
  readonly routes: RouteTable;
  readonly neighbours: NeighbourTable;
  readonly rules: RuleTable;
  readonly #kinds: ReadonlySet<MonitorKind>;
  #connection!: Connection;
  /** Opens a socket of the mirror's own (undefined: the mirror uses its handle's connection). */
  readonly #open: (() => Connection) | undefined;
  #subscription!: Subscription;
  readonly #decoder: NotificationDecoder;
  #verbs!: { links: Links; addresses: Addresses; routes: Routes; neighbours: Neighbours; rules: Rules };
  #tables: Tables;
  /** Route base key → the keys of the routes there (for replaces, which name the place, not the route). */
  #places = new Map<string, Set<string>>();
  // Stryker disable next-line BooleanLiteral: start() sets it before anything can be read (messages come on a later turn), and every sync resets it
  #syncing = false;
  // Stryker disable next-line ArrayDeclaration: the first attempt of every sync empties it before it is read
  #buffer: Buffered[] = [];
  // Stryker disable next-line BooleanLiteral: the first attempt of every sync clears it before it is read
  #lost = false;
  readonly #pending = new Map<MonitorKind, ResyncReason>();
  #timer: NodeJS.Timeout | undefined;
  #runner: Promise<void> | undefined;
  readonly #waiters = new Set<() => void>();
  #checkQueued = false;
  #closed = false;
  #resyncs = 0;
  #overruns = 0;
  /** How long the last listing of every kind took (ms). */
  #lastListMs = 0;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.close();

  /** Made by `startMirror` (`rtnl.mirror()`), not by users. */
  constructor(open: (() => Connection) | undefined, shared: Connection, kinds: ReadonlySet<MonitorKind>, signal: AbortSignal | undefined, decoder: NotificationDecoder) {
    super();
    this.#decoder = decoder;
    this.#open = open;
    this.#kinds = kinds;
    this.#tables = { link: new Map(), address: new Map(), route: new Map(), neighbour: new Map(), rule: new Map() };
    this.links = new LinkTable(this.#tables.link);
    this.addresses = new AddressTable(this.#tables.address, this.links);
    this.routes = new RouteTable(this.#tables.route);
    this.neighbours = new NeighbourTable(this.#tables.neighbour, this.links);
    this.rules = new RuleTable(this.#tables.rule);
    this.#attach(open === undefined ? shared : open());
    this.#signal = signal;
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: once or not, the listener goes: it calls close(), which removes it
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Subscribes on `connection` and lists through it: one socket, so notifications and listings keep their order. */
  #attach(connection: Connection): void {
    this.#connection = connection;
    const client = new FamilyClient(connection);
    this.#verbs = { links: new Links(client), addresses: new Addresses(client), routes: new Routes(client), neighbours: new Neighbours(client), rules: new Rules(client) };
    const groups = groupsFor(this.#kinds, undefined);
    // Stryker disable next-line BooleanLiteral,ConditionalExpression: startMirror always adds 'link' to the kinds, so the groups hold LINK_GROUP already; a second copy is joined and left once (subscribe counts its users per entry)
    if (!groups.includes(LINK_GROUP)) groups.push(LINK_GROUP);
    const subscription = (this.#subscription = connection.subscribe(groups));
    subscription.on('message', (message: NetlinkMessage) => this.#onMessage(message));
    subscription.on('overrun', () => this.#onOverrun());
    subscription.on('error', (error: Error) => {
      if (subscription === this.#subscription) this.#fail(error);
    });
  }

  /** Leaves the current socket (closing it if it is the mirror's own). */
  #detach(): void {
    this.#subscription.close();
    if (this.#open !== undefined) this.#connection.close();
  }

  /** How many times the kernel dropped notifications for this mirror (each time, it listed again). */
  get overruns(): number {
    return this.#overruns;
  }

  /** How many times the mirror re-listed after its first listing. */
  get resyncs(): number {
    return this.#resyncs;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Resolves once `predicate(mirror)` holds (checked now and after every change): "until v0 is up and
   * has its address". Rejects with `TimeoutError` after `timeout` ms, `AbortError` on `signal`, and
   * `SocketClosedError` if the mirror closes first; an exception of the predicate rejects it too.
   */
  until(predicate: (mirror: this) => boolean, options: UntilOptions = {}): Promise<void> {
    if (typeof predicate !== 'function') return Promise.reject(new InvalidArgumentError('predicate', 'expected a function'));
    let timeout: number | undefined;
    try {
      timeout = options.timeout === undefined ? undefined : checkInteger(options.timeout, 'options.timeout', 0, 0x7fff_ffff);
    } catch (error) {
      // Refused as the predicate is: by the promise, not thrown from the call.
      return Promise.reject(error);
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new AbortError(signal.reason));
    if (this.#closed) return Promise.reject(new SocketClosedError());
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (error?: unknown) => {
        this.#waiters.delete(check);
        this.off('close', onClose);
        signal?.removeEventListener('abort', onAbort);
        if (timer !== undefined) clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const check = () => {
        try {
          if (predicate(this)) finish();
        } catch (error) {
          finish(error);
        }
      };
      const onClose = () => finish(new SocketClosedError());
      const onAbort = () => finish(new AbortError(signal!.reason));
      this.#waiters.add(check);
      this.once('close', onClose);
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: once or not, the listener goes: finish() removes it
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeout !== undefined) timer = setTimeout(() => finish(new TimeoutError(timeout, 'mirror.until')), timeout);
      check();
    });
  }

  /** Stops following: leaves the groups, closes the mirror's socket, rejects waiting `until`s, emits 'close'. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#detach();
    this.emit('close');
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal the first listing, made by `startMirror` */
  async start(): Promise<void> {
    // As the runner, the first listing holds back the resyncs that link changes during it ask for.
    // Stryker disable next-line BooleanLiteral: `initial` only spares the 'change' events of the first listing, which no one can listen to yet (rtnl.mirror() has not resolved)
    this.#runner = this.#sync(new Set(this.#kinds), true).finally(() => (this.#runner = undefined));
    await this.#runner;
    // No kinds of its own: it only starts what link changes asked for during the first listing (their kinds and reasons are pending).
    // Stryker disable next-line ArrayDeclaration,StringLiteral: a kind that is not mirrored is dropped like none, and the reason is only read for kinds this call adds (none)
    this.#resync([], 'link', LINK_SETTLE_MS);
  }

  // ---- notifications ----

  #onMessage(message: NetlinkMessage): void {
    let decoded: MonitorObjectEvent | undefined;
    try {
      decoded = this.#decoder.decode(message);
    } catch (error) {
      // A notification that cannot be read is a change the mirror missed: tell, and list again.
      this.#emitError(error);
      if (this.#syncing) this.#lost = true;
      else this.#resync([...this.#kinds], 'ambiguous', 0);
      return;
    }
    // tc's kinds are not mirrored (a mirror does not join RTNLGRP_TC).
    if (decoded === undefined || !this.#kinds.has(decoded.kind as MonitorKind)) return;
    const event = decoded as ObjectEvent;
    if (!listed(event)) return;
    if (this.#syncing) {
      // After an overrun, until a probe gets through, the kernel may drop notifications without telling
      // (it reports ENOBUFS once per congestion): this one may follow a hole. The listing under way
      // supersedes it (its dumps wait for the congestion to clear), and lists every kind (an overrun
      // during a sync makes it list them all again; one before it asked for all of them).
      if (this.#connection.congested) return;
      this.#buffer.push({ event, flags: message.flags });
    } else {
      this.#apply(this.#tables, event, message.flags, true);
      this.#changed();
    }
  }

  #onOverrun(): void {
    this.#overruns++;
    if (this.#syncing) this.#lost = true;
    else this.#resync([...this.#kinds], 'overrun', 0);
  }

  // ---- applying changes ----

  /** Applies one notification to `tables`, emitting 'change' when `emit` and it changed something. */
  #apply(tables: Tables, event: ObjectEvent, flags: number, emit: boolean): void {
    switch (event.kind) {
      case 'link':
        return this.#applyLink(tables, event, emit);
      case 'route':
        return this.#applyRoute(tables, event, flags, emit);
      default: {
        const map = tables[event.kind] as Map<Key, object>;
        const key = (keyOf[event.kind] as (o: object) => Key)(event.object);
        const old = map.get(key);
        if (event.type === 'new') {
          map.set(key, event.object);
          if (emit && (old === undefined || !sameObject(old, event.object))) this.emit('change', event);
        } else if (map.delete(key) && emit) this.emit('change', event);
      }
    }
  }

  #applyLink(tables: Tables, event: Extract<ObjectEvent, { kind: 'link' }>, emit: boolean): void {
    const link = event.object;
    const old = tables.link.get(link.index);
    if (event.type === 'del') {
      if (!tables.link.delete(link.index)) return;
      this.#resync(['route', 'neighbour', 'rule'], 'link', LINK_SETTLE_MS);
      if (emit) this.emit('change', event);
      return;
    }
    tables.link.set(link.index, link);
    if (old === undefined) this.#resync(['rule'], 'link', LINK_SETTLE_MS);
    else {
      if (old.ifname !== link.ifname && link.ifname !== undefined) {
        renameIn(tables, link.index, link.ifname);
        this.#resync(['rule'], 'link', LINK_SETTLE_MS);
      }
      if (CARRIER_FLAGS.some((flag) => old.flags.includes(flag) !== link.flags.includes(flag))) this.#resync(['route', 'neighbour'], 'link', LINK_SETTLE_MS);
    }
    if (emit && (old === undefined || !sameObject(old, link))) this.emit('change', event);
  }

  #applyRoute(tables: Tables, event: Extract<ObjectEvent, { kind: 'route' }>, flags: number, emit: boolean): void {
    const route = event.object;
    const key = routeKey(route);
    const base = routeBaseKey(route);
    const place = this.#places.get(base);
    if (event.type === 'new') {
      if ((flags & NLM_F_REPLACE) !== 0 && place !== undefined) {
        // A replace names the place, not the route it replaced: with one route there, that one.
        if (place.size > 1) this.#resync(['route'], 'ambiguous', 0);
        else for (const other of place) if (other !== key) this.#dropRoute(tables, other, base, emit);
      }
      // IPv6 next hops appended to a route, or removed from it, arrive as the hops that changed.
      if (route.family === 'inet6' && ((flags & NLM_F_APPEND) !== 0 || route.multipath !== undefined)) this.#resync(['route'], 'ambiguous', 0);
      const old = tables.route.get(key);
      tables.route.set(key, route);
      // Read again: giving way above may have emptied the place and taken it out of #places.
      const current = this.#places.get(base);
      if (current === undefined) this.#places.set(base, new Set([key]));
      else current.add(key);
      if (emit && (old === undefined || !sameObject(old, route))) this.emit('change', event);
      return;
    }
    if (tables.route.has(key)) this.#dropRoute(tables, key, base, emit, event);
    else if (place !== undefined && place.size === 1) this.#dropRoute(tables, place.values().next().value!, base, emit);
    else if (place !== undefined) this.#resync(['route'], 'ambiguous', 0);
  }

  #dropRoute(tables: Tables, key: string, base: string, emit: boolean, event?: ObjectEvent): void {
    const old = tables.route.get(key);
    if (old === undefined) return;
    tables.route.delete(key);
    const place = this.#places.get(base);
    // Stryker disable next-line OptionalChaining: every route of the table is in #places (placesOf makes it from the listing, #applyRoute adds each new one)
    place?.delete(key);
    // Stryker disable next-line OptionalChaining: as above
    if (place?.size === 0) this.#places.delete(base);
    if (emit) this.emit('change', event ?? { type: 'del', kind: 'route', object: old });
  }

  // ---- listing ----

  /** Asks for `kinds` to be listed again, after `delay` ms (link changes settle and coalesce meanwhile). */
  #resync(kinds: MonitorKind[], reason: ResyncReason, delay: number): void {
    if (this.#closed) return;
    for (const kind of kinds) if (this.#kinds.has(kind) && (!this.#pending.has(kind) || reason === 'overrun')) this.#pending.set(kind, reason);
    if (this.#pending.size === 0 || this.#runner !== undefined) return;
    if (this.#timer !== undefined) {
      if (delay > 0) return;
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#runner = this.#drain().finally(() => (this.#runner = undefined));
    }, delay);
  }

  async #drain(): Promise<void> {
    while (this.#pending.size > 0 && !this.#closed) {
      const kinds = new Set(this.#pending.keys());
      const reasons = [...this.#pending.values()];
      const reason: ResyncReason = reasons.includes('overrun') ? 'overrun' : reasons.includes('ambiguous') ? 'ambiguous' : 'link';
      this.#pending.clear();
      this.#resyncs++;
      this.emit('resync', { reason, kinds: [...kinds] });
      try {
        await this.#sync(kinds, false);
      } catch (error) {
        // The mirror may be behind now, on every kind (the notifications buffered during the failed listing
        // are dropped with it): tell, and list everything again in a while.
        this.#emitError(error);
        setTimeout(() => this.#resync([...this.#kinds], reason, 0), RETRY_MS).unref();
      }
    }
  }

  /**
   * Lists `kinds` and makes them current: the listing, then what arrived meanwhile replayed over it in
   * order (on one socket, a notification read before the listing's end is no newer than the listing or is
   * followed by one that is: replaying leaves each object as the latest word on it). Events of other kinds
   * that arrived meanwhile are applied as they would have been. Then the differences are emitted.
   */
  async #sync(kinds: Set<MonitorKind>, initial: boolean): Promise<void> {
    this.#syncing = true;
    try {
      let listing: Partial<{ [K in MonitorKind]: ObjectOf<K>[] }>;
      // The buffer is a gapless run of notifications from before the listing: a listing retried for churn
      // (EBUSY, an interrupted or slow dump) keeps it, since it still holds the only word on the kinds
      // not being listed. Only a hole in it (an overrun, a fresh socket) starts it over, with every kind listed.
      let restart = true;
      for (let attempt = 0; ; attempt++) {
        if (restart) {
          this.#buffer = [];
          this.#lost = false;
          restart = false;
        }
        try {
          listing = await this.#list(kinds);
        } catch (error) {
          if (this.#closed) return;
          if (error instanceof TimeoutError && this.#open !== undefined) {
            // A listing that stalls (the kernel parked its dump after an overrun and nothing woke it) gets
            // a fresh socket: subscribed again first, then everything listed again.
            this.#detach();
            this.#attach(this.#open());
            for (const kind of this.#kinds) kinds.add(kind);
            restart = true;
            continue;
          }
          // A full receive buffer fails the listing itself (ENOBUFS in its NLMSG_DONE) or drops notifications:
          // either way, list everything again. A listing a change interrupted is just done again.
          const overrun = error instanceof OverrunError || (error instanceof NetlinkError && error.errnoName === 'ENOBUFS');
          // EBUSY: the kernel still runs the dump an ENOBUFS failed (its answer is read and dropped); try again.
          const busy = error instanceof NetlinkError && error.errnoName === 'EBUSY';
          if (!overrun && !busy && !(error instanceof DumpInterruptedError) && !(error instanceof TimeoutError)) throw error;
          if (overrun && !(error instanceof OverrunError)) this.#overruns++;
          if (overrun || this.#lost) {
            for (const kind of this.#kinds) kinds.add(kind);
            restart = true;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 200)));
          continue;
        }
        if (this.#closed) return;
        // Notifications were dropped during the listing: what was buffered has a hole; list everything again.
        if (!this.#lost) break;
        for (const kind of this.#kinds) kinds.add(kind);
        restart = true;
      }
      const fresh = { ...this.#tables };
      for (const kind of kinds) {
        const map = new Map<Key, object>();
        const key = keyOf[kind] as (o: object) => Key;
        for (const object of listing[kind] as object[]) map.set(key(object), object);
        (fresh as Record<MonitorKind, Map<Key, object>>)[kind] = map;
      }
      if (kinds.has('link')) for (const link of fresh.link.values()) if (link.ifname !== undefined) this.#decoder.names!.set(link.index, link.ifname);
      const old = this.#tables;
      if (kinds.has('route')) this.#places = placesOf(fresh.route);
      const names = this.#decoder.names!;
      for (const { event, flags } of this.#buffer) {
        // Decoded before the listing taught the names of links it did not know yet.
        if (event.kind === 'route') addRouteNames(event.object, names);
        else if (event.kind === 'address') addAddressName(event.object, names);
        else if (event.kind === 'neighbour') addNeighbourName(event.object, names);
        else if (event.kind === 'link') addLinkNames(event.object, names);
        if (kinds.has(event.kind)) this.#apply(fresh, event, flags, false);
        else {
          this.#apply(this.#tables, event, flags, !initial);
        }
      }
      // Stryker disable next-line ArrayDeclaration: the first attempt of every sync empties it before it is read
      this.#buffer = [];
      if (!initial) for (const kind of kinds) this.#emitDifferences(kind, old[kind] as Map<Key, object>, fresh[kind] as Map<Key, object>);
      this.#install(fresh);
    } finally {
      this.#syncing = false;
    }
    this.#changed();
  }

  async #list(kinds: ReadonlySet<MonitorKind>): Promise<Partial<{ [K in MonitorKind]: ObjectOf<K>[] }>> {
    const v = this.#verbs;
    const out: Partial<{ [K in MonitorKind]: ObjectOf<K>[] }> = {};
    // One after another on the mirror's socket: its dumps run one at a time anyway.
    // A step may take its time on a huge table: ten times the last whole listing, 5 s at least.
    const o = { timeout: Math.max(LIST_TIMEOUT_MS, Math.ceil(10 * this.#lastListMs)) };
    const started = performance.now();
    if (kinds.has('link')) out.link = (await v.links.list({}, o)).filter(listedLink);
    if (kinds.has('address')) out.address = await v.addresses.list({}, o);
    if (kinds.has('route')) out.route = (await v.routes.list({}, o)).filter(listedRoute);
    if (kinds.has('neighbour')) out.neighbour = (await v.neighbours.list({}, o)).filter(listedNeighbour);
    if (kinds.has('rule')) out.rule = (await v.rules.list({}, o)).filter(listedRule);
    if (kinds.size === this.#kinds.size) this.#lastListMs = performance.now() - started;
    return out;
  }

  #emitDifferences(kind: MonitorKind, before: Map<Key, object>, after: Map<Key, object>): void {
    for (const [key, object] of before) if (!after.has(key)) this.emit('change', { type: 'del', kind, object });
    for (const [key, object] of after) {
      const old = before.get(key);
      if (old === undefined || !sameObject(old, object)) this.emit('change', { type: 'new', kind, object });
    }
  }

  #install(tables: Tables): void {
    this.#tables = tables;
    this.links.map = tables.link;
    this.addresses.map = tables.address;
    this.routes.map = tables.route;
    this.neighbours.map = tables.neighbour;
    this.rules.map = tables.rule;
  }

  // ---- waiting ----

  /** Checks the `until` predicates once the current batch of notifications is applied. */
  #changed(): void {
    if (this.#waiters.size === 0 || this.#checkQueued) return;
    this.#checkQueued = true;
    queueMicrotask(() => {
      this.#checkQueued = false;
      if (this.#syncing) return;
      for (const check of [...this.#waiters]) check();
    });
  }

  #emitError(error: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  #fail(error: Error): void {
    this.#emitError(error);
    this.close();
  }
}

function listed(event: ObjectEvent): boolean {
  switch (event.kind) {
    case 'link':
      return listedLink(event.object);
    case 'route':
      return listedRoute(event.object);
    case 'neighbour':
      return listedNeighbour(event.object);
    case 'rule':
      return listedRule(event.object);
    default:
      return true;
  }
}

/** A renamed link's new name in the routes and addresses that name it (`dev`), as a fresh list() would show. */
function renameIn(tables: Tables, index: number, name: string): void {
  for (const a of tables.address.values()) if (a.ifindex === index) a.dev = name;
  for (const r of tables.route.values()) {
    if (r.oif === index) r.dev = name;
    if (r.iif === index) r.iifName = name;
    if (r.multipath) for (const hop of r.multipath) if (hop.oif === index) hop.dev = name;
  }
}

function placesOf(routes: Map<Key, Route>): Map<string, Set<string>> {
  const places = new Map<string, Set<string>>();
  for (const [key, route] of routes) {
    const base = routeBaseKey(route);
    const place = places.get(base);
    if (place === undefined) places.set(base, new Set([key as string]));
    else place.add(key as string);
  }
  return places;
}

/** Starts a mirror for `rtnl.mirror()`: checks the options, subscribes, lists; resolves once it is current. */
export async function startMirror(host: MonitorHost, options: MirrorOptions = {}): Promise<Mirror> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'expected an object');
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw new InvalidArgumentError(`options.${key}`, `unknown option; expected ${[...OPTION_KEYS].join(', ')}`);
  const kinds = checkKinds(options.kinds, 'options.kinds').add('link');
  const receiveBufferSize = options.receiveBufferSize === undefined ? undefined : checkInteger(options.receiveBufferSize, 'options.receiveBufferSize', 1, 0x7fff_ffff);
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new InvalidArgumentError('options.signal', 'expected an AbortSignal');
  if (signal?.aborted) throw new AbortError(signal.reason);
  if (host.opened === undefined && receiveBufferSize !== undefined) {
    throw new InvalidArgumentError('options.receiveBufferSize', 'a handle made around an existing connection mirrors on that connection, whose buffer is set already');
  }
  const { opened } = host;
  const open = opened === undefined ? undefined : () => openMonitorConnection(opened, { receiveBufferSize, highWaterMark: undefined });
  const { NotificationDecoder } = await import('../first-use.js');
  const mirror = new Mirror(open, host.connection, kinds, signal, new NotificationDecoder(new Map()));
  try {
    await mirror.start();
    if (mirror.closed) throw signal?.aborted ? new AbortError(signal.reason) : new SocketClosedError();
    return mirror;
  } catch (error) {
    mirror.close();
    throw error;
  }
}
