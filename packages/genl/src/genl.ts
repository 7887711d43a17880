import { FamilyClient, type CallOptions, type ListOptions } from '@linx/netlink-client';
import { Connection, type NetnsTarget } from '@linx/netlink-socket';
import { RawNetlinkSocket } from '@linx/netlink-socket/native';
import { NETLINK_GENERIC } from '@linx/netlink-wire';
import { checkFamilyName, FamilyCache, groupId } from './family-cache.js';
import { familyOf, type GenlFamily } from './family.js';
import { dumpFamilies, dumpPolicy } from './nlctrl.js';
import { policyOf, type FamilyPolicy } from './policy.js';
import { UnrefTransport } from './unref-transport.js';

/** Options of `open`. */
export interface OpenOptions {
  /** The network namespace: a name (as `ip netns` makes them), `{ path }`, `{ pid }` or `{ fd }`. */
  netns?: NetnsTarget;
  /** Receive buffer size in bytes of the request socket. */
  receiveBufferSize?: number;
}

/**
 * A handle on generic netlink (NETLINK_GENERIC) in one network namespace: families resolved through
 * nlctrl and cached, kept current by nlctrl's announcements; their policies; and `client`, the shared
 * family client, for requests to a resolved family (its id is the nlmsg_type).
 *
 *     const genl = open({ netns: 'blue' });
 *     const ethtool = await genl.family('ethtool');
 *     console.log(ethtool.id, ethtool.version, ethtool.groups);
 *     genl.close();
 */
export class Genl {
  /** The request engine over the socket, for requests the verbs do not cover. */
  readonly connection: Connection;
  /** The families' shared client on `connection`: requests keyed by a declaration and a family id. */
  readonly client: FamilyClient;
  readonly #cache: FamilyCache;
  readonly #watch: Connection;

  /**
   * Wraps a connection (a `FakeKernel` in tests). `watch` is where nlctrl's announcements are received:
   * by default `connection` itself (which then keeps the process alive until `close`); `open` gives it a
   * socket of its own that never does.
   */
  constructor(connection: Connection, options: { watch?: Connection } = {}) {
    this.connection = connection;
    this.client = new FamilyClient(connection);
    this.#watch = options.watch ?? connection;
    this.#cache = new FamilyCache(this.client, this.#watch);
  }

  /**
   * The family `name` (id, version, header size, operations and their flags, multicast groups), from the
   * cache or asked of nlctrl. `FamilyNotFoundError` when no family of that name is registered;
   * `InvalidArgumentError` for a name that is not one, before anything is sent.
   */
  family(name: string, options: CallOptions = {}): Promise<GenlFamily> {
    return this.#cache.get(name, options);
  }

  /** The id of multicast group `group` of family `name` (`GroupNotFoundError` when it has none such). */
  async groupId(name: string, group: string, options: CallOptions = {}): Promise<number> {
    return groupId(await this.family(name, options), group);
  }

  /** Every family registered in the namespace, as nlctrl lists them (`genl ctrl list`); they are cached too. */
  async families(options: ListOptions = {}): Promise<GenlFamily[]> {
    await this.#cache.startWatching(options);
    const before = this.#cache.snapshot();
    const families = (await dumpFamilies(this.client, options)).map(familyOf);
    this.#cache.fill(families, before.announced, before.overruns);
    return families;
  }

  /**
   * The request policies of family `name` (CTRL_CMD_GETPOLICY): for all its commands, or for command `op`
   * only. `FamilyNotFoundError` when there is no such family.
   */
  async policy(name: string, options: ListOptions & { op?: number } = {}): Promise<FamilyPolicy> {
    checkFamilyName(name);
    return policyOf(name, await dumpPolicy(this.client, name, options.op, options));
  }

  /** Closes the sockets; calls in flight fail with `SocketClosedError`. Idempotent. */
  close(): void {
    this.#cache.close();
    if (this.#watch !== this.connection) this.#watch.close();
    this.connection.close();
  }
}

/** Opens generic netlink in a network namespace (the current one by default). */
export function open(options: OpenOptions = {}): Genl {
  const netns = options.netns === undefined ? {} : { netns: options.netns };
  const connection = Connection.open({ protocol: NETLINK_GENERIC, ...netns, ...(options.receiveBufferSize === undefined ? {} : { receiveBufferSize: options.receiveBufferSize }) });
  try {
    const watch = new Connection(new UnrefTransport(RawNetlinkSocket.open({ protocol: NETLINK_GENERIC, ...netns })));
    return new Genl(connection, { watch });
  } catch (error) {
    connection.close();
    throw error;
  }
}
