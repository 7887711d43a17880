import { Connection, DumpSeries, type NetnsTarget, type Transport } from '@linx/netlink-socket';
import { RawNetlinkSocket } from '@linx/netlink-socket/native';
import { NETLINK_NETFILTER, type NetlinkMessage } from '@linx/netlink-wire';
import { sendBatch, type BatchMessage, type BatchOptions } from './batch.js';
import { BatchTransport } from './batch-transport.js';
import { Nftables } from './nftables/nftables.js';
import { Nfacct } from './nfacct/nfacct.js';
import { Conntrack } from './conntrack/conntrack.js';
import { Ipset } from './ipset/ipset.js';
import { Nfqueue } from './nfqueue/nfqueue.js';
import { Nflog } from './nflog/nflog.js';
import type { Subsystem } from './subsystem.js';

/** Options of `open`. */
export interface OpenOptions {
  /** The network namespace: a name (as `ip netns` makes them), `{ path }`, `{ pid }` or `{ fd }`. */
  netns?: NetnsTarget;
  /** Receive buffer size in bytes (4 MiB by default; batches raise it to fit one ACK per message). */
  receiveBufferSize?: number;
}

/**
 * A handle on nfnetlink (NETLINK_NETFILTER) in one network namespace. `nftables` holds the nftables verbs;
 * `batch` sends any subsystem's messages as one transaction; `connection` is the request engine for
 * anything else. One socket carries every call; any number of calls can run at once.
 *
 *     const nfnl = open({ netns: 'blue' });
 *     for (const table of await nfnl.nftables.tables.list()) console.log(table.family, table.name);
 *     nfnl.close();
 */
export class Nfnl {
  /** The request engine over the socket, for requests the verbs do not cover. */
  readonly connection: Connection;
  /** nftables: tables, chains, rules, sets, elements, objects, flowtables, generations, batches, monitoring. */
  readonly nftables: Nftables;
  /** nfacct: named packet/byte counters with quotas (extended accounting objects). */
  readonly nfacct: Nfacct;
  /** conntrack: list, get, create, update, delete and flush entries; statistics; events. */
  readonly conntrack: Conntrack;
  /** ipset: IP sets (hash and bitmap types) and their elements. */
  readonly ipset: Ipset;
  /** nfqueue: bind queues, receive queued packets, give verdicts (packets come to this handle's socket). */
  readonly nfqueue: Nfqueue;
  /** nflog: bind log groups, receive logged packets (packets come to this handle's socket). */
  readonly nflog: Nflog;
  readonly #transport: BatchTransport;
  /** The socket under the connection, when it is one (not a fake kernel): a dump series opens beside it. */
  readonly #socket: RawNetlinkSocket | undefined;
  /** The dump series, once asked for (null: it could not be opened). */
  #series: DumpSeries | null | undefined;

  /** Wraps a transport: a `RawNetlinkSocket` for NETLINK_NETFILTER, or `FakeKernel` in tests. */
  constructor(transport: Transport) {
    this.#socket = transport instanceof RawNetlinkSocket ? transport : undefined;
    this.#transport = new BatchTransport(transport);
    this.connection = new Connection(this.#transport);
    this.nftables = new Nftables(this);
    this.nfacct = new Nfacct(this.connection);
    this.conntrack = new Conntrack(this.connection);
    this.ipset = new Ipset(this.connection);
    this.nfqueue = new Nfqueue(this.connection);
    this.nflog = new Nflog(this.connection);
  }

  /**
   * Sends messages of one subsystem as one transaction (NFNL_MSG_BATCH_BEGIN … END in one datagram): all
   * are applied or none. Resolves with each message's replies; see `sendBatch` for the errors.
   */
  batch(subsystem: Subsystem | number, messages: readonly BatchMessage[], options: BatchOptions = {}): Promise<NetlinkMessage[][]> {
    return sendBatch(this.connection, this.#transport, subsystem, messages, options);
  }

  /**
   * A second socket in the same namespace for series of dumps (`DumpSeries`: sent and read on a thread of
   * libuv's pool), opened on first use and kept until `close()`; `nftables.ruleset()` reads the sets'
   * elements with it. Undefined over a fake kernel, or where it cannot be opened (the namespace of a
   * socket is asked with SIOCGSKNS, which needs CAP_NET_ADMIN there): callers then dump on `connection`.
   */
  dumpSeries(): DumpSeries | undefined {
    // (Made again if it was closed: its socket is closed after malformed bytes from the kernel.)
    if (this.#series === undefined || this.#series?.closed) {
      try {
        this.#series = this.#socket === undefined || this.connection.closed ? null : DumpSeries.beside(this.#socket);
      } catch {
        this.#series = null;
      }
    }
    return this.#series ?? undefined;
  }

  /** Closes the socket (and the dump series' one); calls in flight fail with `SocketClosedError`. Idempotent. */
  close(): void {
    this.connection.close();
    this.#series?.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}

/** Opens nfnetlink in the caller's network namespace or in `options.netns` (needs CAP_NET_ADMIN there to change anything). */
export function open(options: OpenOptions = {}): Nfnl {
  return new Nfnl(
    RawNetlinkSocket.open({
      protocol: NETLINK_NETFILTER,
      netns: options.netns,
      receiveBufferSize: options.receiveBufferSize ?? 4 * 1024 * 1024,
    }),
  );
}
