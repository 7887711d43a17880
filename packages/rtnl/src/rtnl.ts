import { Connection, type NetnsTarget } from '@linx/netlink-socket';
import { Addresses } from './address/addresses.js';
import { Bridge } from './bridge/bridge.js';
import { FamilyClient } from '@linx/netlink-client';
import { Links } from './link/links.js';
import { Neighbours } from './neighbour/neighbours.js';
import { NetconfVerbs } from './netconf/netconf.js';
import { Nexthops } from './nexthop/lazy-group.js';
import { Routes } from './route/routes.js';
import { Rules } from './rule/rules.js';
import { Stats } from './stats/stats.js';
import { Tc } from './tc/tc.js';
import { startMonitor, type Monitor } from './monitor/monitor.js';
import type { MonitorOptions } from './monitor/options.js';
import { startMirror, type Mirror, type MirrorOptions } from './mirror/mirror.js';

/** Options of `open`. */
export interface OpenOptions {
  /** The network namespace: a name (as `ip netns` makes them), `{ path }`, `{ pid }` or `{ fd }`. */
  netns?: NetnsTarget;
  /** Receive buffer size in bytes (4 MiB by default). */
  receiveBufferSize?: number;
}

/**
 * A handle on rtnetlink in one network namespace: `links`, `addresses`, `routes`, `nexthops`, `neighbours`,
 * `rules`, `netconf`, `stats`, `tc`, `bridge`. One socket carries every call; any number of calls can run at once.
 *
 *     const rtnl = open({ netns: 'blue' });
 *     for (const link of await rtnl.links.list()) console.log(link.index, link.ifname, link.operstate);
 *     rtnl.close();
 */
export class Rtnl {
  readonly links: Links;
  readonly addresses: Addresses;
  readonly routes: Routes;
  readonly neighbours: Neighbours;
  readonly rules: Rules;
  /** Nexthop objects (`ip nexthop`): next hops and groups routes name by id. */
  readonly nexthops: Nexthops;
  /** Per-interface IP configuration (`ip netconf`), read only. */
  readonly netconf: NetconfVerbs;
  readonly stats: Stats;
  /** Traffic control: `tc.qdiscs`, `tc.classes`. */
  readonly tc: Tc;
  /** The `bridge` command's objects: `bridge.vlans`, `bridge.fdb`, `bridge.mdb`. */
  readonly bridge: Bridge;
  /** The underlying connection, for requests the verbs do not cover. */
  readonly connection: Connection;
  readonly #client: FamilyClient;
  readonly #opened: OpenOptions | undefined;

  /**
   * A handle around `connection`. `opened` is how it was opened (`open()` passes it): monitors then get
   * sockets of their own in the same namespace; without it they share `connection`.
   */
  constructor(connection: Connection, opened?: OpenOptions) {
    this.connection = connection;
    this.#opened = opened;
    this.#client = new FamilyClient(connection);
    this.links = new Links(this.#client);
    this.addresses = new Addresses(this.#client);
    this.routes = new Routes(this.#client);
    this.neighbours = new Neighbours(this.#client);
    this.rules = new Rules(this.#client);
    this.nexthops = new Nexthops(this.#client);
    this.netconf = new NetconfVerbs(this.#client);
    this.stats = new Stats(this.#client);
    this.tc = new Tc(this.#client);
    this.bridge = new Bridge(this.#client);
  }

  /**
   * Follows changes (`ip monitor`): links, addresses, routes, neighbours and rules as typed events, each
   * object decoded as `list()` decodes it, and overruns. Resolves once subscribed: every change made after
   * that is reported. See `Monitor` and `MonitorOptions`.
   *
   *     const monitor = await rtnl.monitor({ kinds: ['route'], family: 'inet', signal });
   *     for await (const event of monitor) if (event.type !== 'overrun') console.log(event.type, event.kind, event.object);
   */
  monitor(options: MonitorOptions = {}): Promise<Monitor> {
    return startMonitor({ connection: this.connection, opened: this.#opened }, options);
  }

  /**
   * A live copy of the namespace's links, addresses, routes, neighbours and rules that misses no change
   * (subscribe, list, replay, follow; re-lists after an overrun). Resolves once it is current. See `Mirror`.
   *
   *     const mirror = await rtnl.mirror();
   *     await mirror.until((m) => m.links.get('v0')?.operstate === 'up' && m.addresses.of('v0').length > 0, { timeout: 5000 });
   *     mirror.close();
   */
  mirror(options: MirrorOptions = {}): Promise<Mirror> {
    return startMirror({ connection: this.connection, opened: this.#opened }, options);
  }

  /** Closes the socket; calls in flight fail with `SocketClosedError`. */
  close(): void {
    this.connection.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}

/** Opens rtnetlink (NETLINK_ROUTE) in the caller's network namespace or in `options.netns`. */
export function open(options: OpenOptions = {}): Rtnl {
  return new Rtnl(
    Connection.open({
      protocol: 0,
      ...(options.netns === undefined ? {} : { netns: options.netns }),
      ...(options.receiveBufferSize === undefined ? {} : { receiveBufferSize: options.receiveBufferSize }),
    }),
    { ...options },
  );
}
