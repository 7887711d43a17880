import type { AttrSetDecl, Attributes, AttrsInput, AttrsValue } from '@linx/netlink-codec';
import type { CallOptions, ListOptions } from '@linx/netlink-client';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError, NLM_F_DUMP } from '@linx/netlink-wire';
import type { Genl } from '../genl.js';
import { genlMessage } from '../header.js';
import { interfaceIndex, NoSuchInterfaceError } from '../interface.js';
import { NetdevNotSupportedError } from './errors.js';
import * as gen from './generated/netdev.js';

/** A network device's XDP and AF_XDP capabilities (NETDEV_CMD_DEV_GET). */
export interface NetdevDevice {
  ifindex: number;
  /** XDP actions and modes the driver supports (`basic`, `redirect`, `ndo-xmit`, `xsk-zerocopy`, `rx-sg`, …). */
  xdpFeatures: gen.XdpAct[];
  /** Most fragments an AF_XDP zero-copy frame may have (absent when the driver has no zero-copy). */
  xdpZcMaxSegs?: number;
  /** XDP receive metadata the driver can give a program (`timestamp`, `hash`, `vlan-tag`). */
  xdpRxMetadataFeatures: gen.XdpRxMetadata[];
  /** AF_XDP Tx metadata the driver supports (`tx-timestamp`, `tx-checksum`, …). */
  xskFeatures: gen.XskFlags[];
}

/** A device queue (NETDEV_CMD_QUEUE_GET): its index, direction and the NAPI instance that serves it. */
export interface NetdevQueue {
  ifindex: number;
  id: number;
  type: gen.QueueType;
  napiId?: number;
  /** The dma-buf bound to an Rx queue for devmem TCP, if any. */
  dmabuf?: number;
}

/** A NAPI instance (NETDEV_CMD_NAPI_GET). */
export interface NetdevNapi {
  id: number;
  ifindex: number;
  irq?: number;
  /** The kthread polling it, when threaded. */
  pid?: number;
  deferHardIrqs?: number;
  groFlushTimeout?: bigint;
  irqSuspendTimeout?: bigint;
  threaded?: gen.NapiThreaded;
}

/** Queue statistics (NETDEV_CMD_QSTATS_GET): per device, or per queue with `scope: 'queue'`; counters the driver keeps. */
export type NetdevQueueStats = Omit<AttrsValue<(typeof gen.qstatsAttrs)['attributes']>, 'scope'>;

const messages = new Map<AttrSetDecl, ReturnType<typeof genlMessage>>();
function messageOf<A extends Attributes>(set: AttrSetDecl<A>): ReturnType<typeof genlMessage<A>> {
  let decl = messages.get(set as AttrSetDecl);
  if (decl === undefined) messages.set(set as AttrSetDecl, (decl = genlMessage(`netdev ${set.name}`, set as AttrSetDecl)));
  return decl as unknown as ReturnType<typeof genlMessage<A>>;
}

const flags = <T>(list: readonly (T | number)[] | undefined): T[] => (list ?? []).filter((f): f is T => typeof f === 'string');

function deviceOf(a: AttrsValue<(typeof gen.devAttrs)['attributes']>): NetdevDevice {
  const out: NetdevDevice = { ifindex: a.ifindex ?? 0, xdpFeatures: flags(a.xdpFeatures), xdpRxMetadataFeatures: flags(a.xdpRxMetadataFeatures), xskFeatures: flags(a.xskFeatures) };
  if (a.xdpZcMaxSegs !== undefined) out.xdpZcMaxSegs = a.xdpZcMaxSegs;
  return out;
}

function queueOf(a: AttrsValue<(typeof gen.queueAttrs)['attributes']>): NetdevQueue {
  const out: NetdevQueue = { ifindex: a.ifindex ?? 0, id: a.id ?? 0, type: typeof a.type === 'string' ? a.type : 'rx' };
  if (a.napiId !== undefined) out.napiId = a.napiId;
  if (a.dmabuf !== undefined) out.dmabuf = a.dmabuf;
  return out;
}

function napiOf(a: AttrsValue<(typeof gen.napiAttrs)['attributes']>): NetdevNapi {
  const { ifindex = 0, id = 0, threaded, ...rest } = a;
  const out: NetdevNapi = { id, ifindex, ...rest };
  if (typeof threaded === 'string') out.threaded = threaded;
  return out;
}

/** An interface by name (looked up in the handle's namespace) or index. */
export type DeviceRef = string | number;

/**
 * The `netdev` generic netlink family of a namespace: what each network device offers to XDP and AF_XDP,
 * its queues and the NAPI instances serving them, and per-queue statistics where the driver keeps them.
 *
 *     const nd = netdev(open({ netns: 'blue' }));
 *     console.log(await nd.device('veth0'));    // { ifindex: 2, xdpFeatures: ['basic', 'redirect', 'rx-sg'], … }
 *     console.log(await nd.queues({ device: 'veth0' })); // [{ ifindex: 2, id: 0, type: 'rx' }, { …, type: 'tx' }]
 */
export class Netdev {
  constructor(readonly genl: Genl) {}

  async #index(device: DeviceRef, options: CallOptions): Promise<number> {
    if (typeof device === 'number') {
      if (!Number.isInteger(device) || device < 1 || device > 0xffffffff) throw new InvalidArgumentError('device', `${device} is not an interface index`);
      return device;
    }
    return interfaceIndex(this.genl, device, options);
  }

  async #do<A extends Attributes>(set: AttrSetDecl<A>, cmd: keyof typeof gen.commandValues, attrs: AttrsInput<A>, device: DeviceRef | undefined, options: CallOptions): Promise<AttrsValue<A> | undefined> {
    const family = await this.genl.family(gen.family.name, options);
    try {
      const [reply] = await this.genl.client.request(messageOf(set), family.id, { header: { cmd: gen.commandValues[cmd], version: family.version, reserved: 0 }, attrs }, 0, options);
      return reply?.attrs;
    } catch (error) {
      if (device !== undefined && error instanceof NetlinkError && error.errnoName === 'ENODEV') throw new NoSuchInterfaceError(device, { cause: error });
      throw error;
    }
  }

  async #dump<A extends Attributes>(set: AttrSetDecl<A>, cmd: keyof typeof gen.commandValues, attrs: AttrsInput<A>, device: DeviceRef | undefined, options: ListOptions): Promise<AttrsValue<A>[]> {
    const family = await this.genl.family(gen.family.name, options);
    try {
      const replies = await this.genl.client.dumpAll(messageOf(set), family.id, { header: { cmd: gen.commandValues[cmd], version: family.version, reserved: 0 }, attrs }, { ...options, flags: NLM_F_DUMP });
      return replies.map((r) => r.attrs);
    } catch (error) {
      if (device !== undefined && error instanceof NetlinkError && error.errnoName === 'ENODEV') throw new NoSuchInterfaceError(device, { cause: error });
      if (device !== undefined && error instanceof NetlinkError && error.errnoName === 'EOPNOTSUPP') throw new NetdevNotSupportedError(cmd, device, { cause: error });
      throw error;
    }
  }

  /** Every device's XDP/AF_XDP capabilities (NETDEV_CMD_DEV_GET dump). */
  async devices(options: ListOptions = {}): Promise<NetdevDevice[]> {
    return (await this.#dump(gen.devAttrs, 'dev-get', {}, undefined, options)).map(deviceOf);
  }

  /** One device's (NETDEV_CMD_DEV_GET); `NoSuchInterfaceError` when it is not there. */
  async device(device: DeviceRef, options: CallOptions = {}): Promise<NetdevDevice> {
    const ifindex = await this.#index(device, options);
    const reply = await this.#do(gen.devAttrs, 'dev-get', { ifindex }, device, options);
    if (reply === undefined) throw new NoSuchInterfaceError(device);
    return deviceOf(reply);
  }

  /** The queues of every device, or of `device` (NETDEV_CMD_QUEUE_GET dump; the kernel lists those of devices that are up). */
  async queues(options: ListOptions & { device?: DeviceRef } = {}): Promise<NetdevQueue[]> {
    const ifindex = options.device === undefined ? undefined : await this.#index(options.device, options);
    return (await this.#dump(gen.queueAttrs, 'queue-get', ifindex === undefined ? {} : { ifindex }, options.device, options)).map(queueOf);
  }

  /** One queue of a device by direction and index (NETDEV_CMD_QUEUE_GET). */
  async queue(device: DeviceRef, type: gen.QueueType, id: number, options: CallOptions = {}): Promise<NetdevQueue> {
    if (!(type in gen.queueTypeValues)) throw new InvalidArgumentError('type', `${JSON.stringify(type)} is not a queue type (rx, tx)`);
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new InvalidArgumentError('id', `${JSON.stringify(id)} is not a queue index`);
    const ifindex = await this.#index(device, options);
    const reply = await this.#do(gen.queueAttrs, 'queue-get', { ifindex, type, id }, device, options);
    if (reply === undefined) throw new NoSuchInterfaceError(device);
    return queueOf(reply);
  }

  /** The NAPI instances of every device, or of `device` (NETDEV_CMD_NAPI_GET dump). */
  async napis(options: ListOptions & { device?: DeviceRef } = {}): Promise<NetdevNapi[]> {
    const ifindex = options.device === undefined ? undefined : await this.#index(options.device, options);
    return (await this.#dump(gen.napiAttrs, 'napi-get', ifindex === undefined ? {} : { ifindex }, options.device, options)).map(napiOf);
  }

  /** One NAPI instance by id (NETDEV_CMD_NAPI_GET). */
  async napi(id: number, options: CallOptions = {}): Promise<NetdevNapi | undefined> {
    if (!Number.isInteger(id) || id < 1 || id > 0xffffffff) throw new InvalidArgumentError('id', `${JSON.stringify(id)} is not a NAPI id`);
    try {
      const reply = await this.#do(gen.napiAttrs, 'napi-get', { id }, undefined, options);
      return reply === undefined ? undefined : napiOf(reply);
    } catch (error) {
      // The kernel answers ENOENT for an id no NAPI instance has.
      if (error instanceof NetlinkError && error.errnoName === 'ENOENT') return undefined;
      throw error;
    }
  }

  /**
   * Queue statistics (NETDEV_CMD_QSTATS_GET dump): one entry per device (`scope: 'device'`, the default)
   * or per queue (`'queue'`), of devices whose driver keeps them (`NETDEV_A_QSTATS_*`), for all devices or
   * `device` (`NetdevNotSupportedError` when its driver keeps none).
   */
  async queueStats(options: ListOptions & { device?: DeviceRef; scope?: 'device' | 'queue' } = {}): Promise<NetdevQueueStats[]> {
    const scope = options.scope ?? 'device';
    if (scope !== 'device' && scope !== 'queue') throw new InvalidArgumentError('scope', `${JSON.stringify(scope)} is not 'device' or 'queue'`);
    const ifindex = options.device === undefined ? undefined : await this.#index(options.device, options);
    const attrs = { ...(ifindex === undefined ? {} : { ifindex }), ...(scope === 'queue' ? { scope: BigInt(gen.qstatsScopeValues.queue) } : {}) };
    return (await this.#dump(gen.qstatsAttrs, 'qstats-get', attrs, options.device, options)).map(({ scope: _, ...rest }) => rest);
  }
}

/** The netdev family on a generic netlink handle. */
export function netdev(genl: Genl): Netdev {
  return new Netdev(genl);
}
