import type { AttrsValue } from '@linx/netlink-codec';
import type { CallOptions, ListOptions } from '@linx/netlink-client';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { formatIPv6, NetlinkError, NLM_F_DUMP, parseIP } from '@linx/netlink-wire';
import type { Genl } from '../genl.js';
import { genlMessage } from '../header.js';
import { TcpMetricsNotFoundError } from './errors.js';
import * as gen from './generated/tcp_metrics.js';

/** TCP_METRICS_GENL_VERSION (linux/tcp_metrics.h): the version requests carry in genlmsghdr. */
const TCP_METRICS_GENL_VERSION = 1;

const metricsMessage = genlMessage('tcp_metrics', gen.tcpMetricsAttrs);
type Attrs = AttrsValue<(typeof gen.tcpMetricsAttrs)['attributes']>;

/** What the kernel remembers about a destination (`ip tcp_metrics show`), as it sends it. */
export interface TcpMetrics {
  /** The destination address (IPv4 dotted or IPv6 text). */
  address: string;
  /** The local address the entry is kept for. */
  source?: string;
  /** Milliseconds since the entry was last updated. */
  age: bigint;
  /**
   * Smoothed RTT and its mean deviation in microseconds, when kept. The kernel sends them in its own fixed
   * point (tcp_sock's srtt_us is the RTT << 3, mdev_us the deviation << 2; net/ipv4/tcp_metrics.c sends
   * them as they are stored, in µs as TCP_METRIC_RTT_US/_RTTVAR_US and in ms as TCP_METRIC_RTT/_RTTVAR):
   * here they are unscaled, as `ip tcp_metrics` prints them.
   */
  rttUs?: number;
  rttvarUs?: number;
  ssthresh?: number;
  cwnd?: number;
  reordering?: number;
  /** The peer's last TCP timestamp and when it was seen (seconds), for TIME-WAIT recycling. */
  twTsval?: number;
  twTsStamp?: number;
  /** TCP Fast Open: the MSS, SYN drops and when the last was seen (ms), the cookie. */
  fastOpenMss?: number;
  fastOpenSynDrops?: number;
  fastOpenSynDropTs?: bigint;
  fastOpenCookie?: Uint8Array;
}

function metricsOf(a: Attrs): TcpMetrics {
  const address = a.addrIpv4 ?? (a.addrIpv6 === undefined ? '' : formatIPv6(a.addrIpv6));
  const source = a.saddrIpv4 ?? (a.saddrIpv6 === undefined ? undefined : formatIPv6(a.saddrIpv6));
  const out: TcpMetrics = { address, age: a.age ?? 0n };
  if (source !== undefined) out.source = source;
  const v = a.vals ?? {};
  const set = <K extends keyof TcpMetrics>(key: K, value: TcpMetrics[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  // The µs values when sent, else the ms ones (an older kernel's), unscaled (see TcpMetrics.rttUs).
  set('rttUs', v.rttUs !== undefined ? v.rttUs >>> 3 : v.rtt !== undefined ? Math.floor((v.rtt * 1000) / 8) : undefined);
  set('rttvarUs', v.rttvarUs !== undefined ? v.rttvarUs >>> 2 : v.rttvar !== undefined ? Math.floor((v.rttvar * 1000) / 4) : undefined);
  set('ssthresh', v.ssthresh);
  set('cwnd', v.cwnd);
  set('reordering', v.reodering);
  set('twTsval', a.twTsval);
  set('twTsStamp', a.twTsStamp);
  set('fastOpenMss', a.fopenMss);
  set('fastOpenSynDrops', a.fopenSynDrops);
  set('fastOpenSynDropTs', a.fopenSynDropTs);
  set('fastOpenCookie', a.fopenCookie);
  return out;
}

/** TCP_METRICS_ATTR_ADDR_IPV4/6 (or the SADDR ones) of an address, checked. */
function addressAttr(address: unknown, name: 'address' | 'source'): { v4: string } | { v6: Uint8Array } {
  if (typeof address !== 'string') throw new InvalidArgumentError(name, `expected an IPv4 or IPv6 address, got ${JSON.stringify(address)}`);
  let bytes: Uint8Array;
  try {
    bytes = parseIP(address);
  } catch (error) {
    throw new InvalidArgumentError(name, `${JSON.stringify(address)} is not an IPv4 or IPv6 address (${(error as Error).message})`);
  }
  return bytes.length === 4 ? { v4: address } : { v6: bytes };
}

function keyAttrs(address: string, source: string | undefined) {
  const dst = addressAttr(address, 'address');
  const src = source === undefined ? undefined : addressAttr(source, 'source');
  if (src !== undefined && 'v4' in src !== 'v4' in dst) throw new InvalidArgumentError('source', `${source} and ${address} are not of the same family`);
  return {
    ...('v4' in dst ? { addrIpv4: dst.v4 } : { addrIpv6: dst.v6 }),
    ...(src === undefined ? {} : 'v4' in src ? { saddrIpv4: src.v4 } : { saddrIpv6: src.v6 }),
  };
}

/**
 * The kernel's TCP metrics cache of a namespace (generic netlink family `tcp_metrics`): what it remembers
 * per destination between connections (RTT, cwnd, ssthresh, Fast Open), as `ip tcp_metrics` shows and
 * deletes it.
 *
 *     const tm = tcpMetrics(open({ netns: 'blue' }));
 *     for (const m of await tm.list()) console.log(m.address, m.rttUs, m.cwnd);
 *     await tm.delete('10.0.0.2');
 */
export class TcpMetricsCache {
  constructor(readonly genl: Genl) {}

  async #id(options: CallOptions): Promise<number> {
    return (await this.genl.family(gen.family.name, options)).id;
  }

  /** Every entry (TCP_METRICS_CMD_GET dump; `ip tcp_metrics show`). */
  async list(options: ListOptions = {}): Promise<TcpMetrics[]> {
    const id = await this.#id(options);
    const replies = await this.genl.client.dumpAll(metricsMessage, id, { header: { cmd: gen.commandValues.get, version: TCP_METRICS_GENL_VERSION, reserved: 0 }, attrs: {} }, { ...options, flags: NLM_F_DUMP });
    return replies.map((r) => metricsOf(r.attrs));
  }

  /**
   * The entry for destination `address` (and local `source`, else the first for the destination):
   * `ip tcp_metrics show ADDRESS`. `TcpMetricsNotFoundError` when the kernel has none.
   */
  async get(address: string, options: CallOptions & { source?: string } = {}): Promise<TcpMetrics> {
    const attrs = keyAttrs(address, options.source);
    const id = await this.#id(options);
    try {
      const [reply] = await this.genl.client.request(metricsMessage, id, { header: { cmd: gen.commandValues.get, version: TCP_METRICS_GENL_VERSION, reserved: 0 }, attrs }, 0, options);
      if (reply === undefined) throw new TcpMetricsNotFoundError(address, options.source);
      return metricsOf(reply.attrs);
    } catch (error) {
      throw notFound(error, address, options.source);
    }
  }

  /** Deletes the entries for `address` (from `source` only, if given): `ip tcp_metrics delete ADDRESS`. */
  async delete(address: string, options: CallOptions & { source?: string } = {}): Promise<void> {
    const attrs = keyAttrs(address, options.source);
    const id = await this.#id(options);
    try {
      await this.genl.client.request(metricsMessage, id, { header: { cmd: gen.commandValues.del, version: TCP_METRICS_GENL_VERSION, reserved: 0 }, attrs }, 0, options);
    } catch (error) {
      throw notFound(error, address, options.source);
    }
  }

  /** Deletes every entry (TCP_METRICS_CMD_DEL without an address: `ip tcp_metrics flush`). */
  async flush(options: CallOptions = {}): Promise<void> {
    const id = await this.#id(options);
    await this.genl.client.request(metricsMessage, id, { header: { cmd: gen.commandValues.del, version: TCP_METRICS_GENL_VERSION, reserved: 0 }, attrs: {} }, 0, options);
  }
}

function notFound(error: unknown, address: string, source: string | undefined): unknown {
  if (error instanceof NetlinkError && error.errnoName === 'ESRCH') return new TcpMetricsNotFoundError(address, source, { cause: error });
  return error;
}

/** The TCP metrics cache on a generic netlink handle. */
export function tcpMetrics(genl: Genl): TcpMetricsCache {
  return new TcpMetricsCache(genl);
}
