import { InvalidArgumentError, dumpList, type Connection, type DumpList } from '@linx/netlink-socket';
import { NLM_F_CREATE } from '@linx/netlink-wire';
import { SubsystemClient, type CallOptions, type ListOptions } from '../subsystem-client.js';
import { NFACCT_NAME_MAX, nfacctMessage, nfacctMsgValues } from './messages.js';
import { toNfacctObject as toObject, type NfacctObject } from './object.js';
import { NfacctQuotaMonitor } from './quota-monitor.js';

export type { NfacctObject, NfacctQuota } from './object.js';

/** What `nfacct.add` makes. */
export interface NfacctSpec {
  /** 1 to 31 bytes of UTF-8, no NUL. */
  name: string;
  /** Starting counters (0 by default). */
  packets?: bigint | number;
  bytes?: bigint | number;
  /** A quota in packets or bytes. */
  quota?: { unit: 'packets' | 'bytes'; limit: bigint | number };
}

/** Options of `nfacct.get` and `nfacct.list`. */
export interface NfacctReadOptions {
  /** Zero the counters as they are read (NFNL_MSG_ACCT_GET_CTRZERO): the values returned are those before. */
  reset?: boolean;
}

/** Options of `nfacct.list`. */
export interface NfacctListOptions extends ListOptions, NfacctReadOptions {
  /** Only objects with a quota (`true`) or without (`false`), filtered by the kernel. */
  withQuota?: boolean;
  /** Only objects over their quota (`true`) or not (`false`), filtered by the kernel. */
  overQuota?: boolean;
}

const UINT64_MAX = 2n ** 64n - 1n;

/**
 * nfacct: extended accounting objects (NFNL_SUBSYS_ACCT), named packet and byte counters with an optional
 * quota that iptables rules update (`-m nfacct --nfacct-name NAME`). Each verb is one request; objects are
 * per network namespace.
 */
export class Nfacct {
  readonly #client: SubsystemClient<typeof nfacctMsgValues>;
  readonly #connection: Connection;

  constructor(connection: Connection) {
    this.#connection = connection;
    this.#client = new SubsystemClient(connection, 'acct', nfacctMsgValues);
  }

  /** Quota notifications: each object as it goes over its quota (joins NFNLGRP_ACCT_QUOTA; `close()` leaves). */
  monitorQuota(): NfacctQuotaMonitor {
    return new NfacctQuotaMonitor(this.#connection);
  }

  /**
   * Makes an accounting object. The kernel refuses a name in use (EBUSY) rather than changing the object:
   * use `reset` to zero one.
   */
  async add(spec: NfacctSpec, options: CallOptions = {}): Promise<void> {
    const name = checkName(spec?.name, 'spec.name');
    const pkts = spec.packets === undefined ? undefined : counter(spec.packets, 'spec.packets');
    const bytes = spec.bytes === undefined ? undefined : counter(spec.bytes, 'spec.bytes');
    let flags: ('quota-pkts' | 'quota-bytes')[] | undefined;
    let quota: bigint | undefined;
    if (spec.quota !== undefined) {
      const unit = spec.quota?.unit;
      if (unit !== 'packets' && unit !== 'bytes') throw new InvalidArgumentError('spec.quota.unit', `'packets' or 'bytes', not ${String(unit)}`);
      flags = [unit === 'packets' ? 'quota-pkts' : 'quota-bytes'];
      quota = counter(spec.quota.limit, 'spec.quota.limit');
    }
    await this.#client.request(nfacctMessage, 'new', { header: header(), attrs: { name, pkts, bytes, flags, quota } }, options, NLM_F_CREATE);
  }

  /** One object by name (the kernel answers ENOENT when there is none). */
  async get(name: string, options: CallOptions & NfacctReadOptions = {}): Promise<NfacctObject> {
    const checked = checkName(name, 'name');
    const replies = await this.#client.request(nfacctMessage, options.reset ? 'getCtrzero' : 'get', { header: header(), attrs: { name: checked } }, options);
    const reply = replies[0];
    if (!reply) throw new InvalidArgumentError('name', `the kernel sent no accounting object for ${JSON.stringify(checked)}`);
    return toObject(reply);
  }

  /** Reads and zeroes one object's counters; resolves with the values before. */
  reset(name: string, options: CallOptions = {}): Promise<NfacctObject> {
    return this.get(name, { ...options, reset: true });
  }

  /** Every object (a dump), optionally filtered by quota state, optionally zeroing the counters as it reads. */
  async list(options: NfacctListOptions = {}): Promise<DumpList<NfacctObject>> {
    const mask: ('quota-pkts' | 'quota-bytes' | 'overquota')[] = [];
    const value: ('quota-pkts' | 'quota-bytes' | 'overquota')[] = [];
    if (options.withQuota !== undefined || options.overQuota !== undefined) {
      if (options.overQuota !== undefined) {
        mask.push('overquota');
        if (options.overQuota) value.push('overquota');
      }
      // An object has one quota flag or none: "with quota" cannot be one mask/value pair over two bits,
      // so `withQuota: true` is checked here, `false` by the kernel.
      if (options.withQuota === false) mask.push('quota-pkts', 'quota-bytes');
    }
    const filter = mask.length > 0 ? { mask, value } : undefined;
    const listed = await this.#client.dumpAll(nfacctMessage, options.reset ? 'getCtrzero' : 'get', { header: header(), attrs: { filter } }, options);
    const objects = listed.map(toObject).filter((o) => options.withQuota !== true || o.quota !== undefined);
    return dumpList(objects, listed.interrupted);
  }

  /** Deletes one object (EBUSY while a rule uses it, ENOENT when there is none). */
  async delete(name: string, options: CallOptions = {}): Promise<void> {
    const checked = checkName(name, 'name');
    await this.#client.request(nfacctMessage, 'del', { header: header(), attrs: { name: checked } }, options);
  }

  /** Deletes every object no rule uses (`nfacct flush`); those in use stay. */
  async flush(options: CallOptions = {}): Promise<void> {
    await this.#client.request(nfacctMessage, 'del', { header: header(), attrs: {} }, options);
  }
}

function header() {
  return { family: 'unspec' as const, version: 0, resId: 0 };
}

function checkName(name: unknown, argument: string): string {
  if (typeof name !== 'string') throw new InvalidArgumentError(argument, `an accounting object's name is a string, not ${typeof name}`);
  const bytes = new TextEncoder().encode(name).length;
  if (bytes === 0) throw new InvalidArgumentError(argument, 'an accounting object needs a name');
  if (bytes > NFACCT_NAME_MAX - 1) throw new InvalidArgumentError(argument, `${JSON.stringify(name)} is ${bytes} bytes; the kernel keeps ${NFACCT_NAME_MAX - 1} at most`);
  if (name.includes('\0')) throw new InvalidArgumentError(argument, 'a name cannot hold NUL');
  return name;
}

function counter(value: unknown, argument: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'bigint' && value >= 0n && value <= UINT64_MAX) return value;
  throw new InvalidArgumentError(argument, `a counter is an integer from 0 to 2^64-1, not ${String(value)}`);
}
