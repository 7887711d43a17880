import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import { closeSync } from 'node:fs';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { bpfObjGet } from '@linx/netlink-socket/native';
import { checkListOptions, type CallOptions, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { InvalidArgumentError, checkIfname, checkIndex, checkInteger, type InterfaceRef } from '../../shared/arguments.js';
import { interfaceNamesForList } from '../../shared/ifname-cache.js';
import { NoSuchInterfaceError, noSuchInterface, resolveIndex } from '../../shared/interfaces.js';
import { TC_H_UNSPEC, parseParent, type TcHandle } from '../handles.js';
import { actionsInput, checkActions, type TcAction } from '../actions/index.js';
import { filterMessage, filterRequestMessage } from './declarations.js';
import { filterOptionsInput, type FilterKindOptions } from './kinds.js';
import { type TcFilter } from './shape.js';
import { decodeFilter } from './decode.js';
import { PINNED } from './bpf.js';
import { u32Handle } from './u32.js';
import { ETH_PROTOCOLS, TC_H_CLSACT_EGRESS, TC_H_CLSACT_INGRESS, TCM_IFINDEX_MAGIC_BLOCK, TC_U32_TERMINAL, checkChain } from './tc-words.js';

const { newtfilter: RTM_NEWTFILTER, deltfilter: RTM_DELTFILTER, gettfilter: RTM_GETTFILTER } = filterMessage.types;

/** Where a filter is: an interface's qdisc or class (`dev`, `parent`), or a shared `block`. */
export interface FilterTarget {
  dev?: InterfaceRef;
  /** A shared block's index (`tc filter … block N`), instead of `dev`. */
  block?: number;
  /**
   * A qdisc's or class's handle (`'1:'`), or clsact's `'ingress'` / `'egress'`. Absent: the interface's root
   * qdisc (tc sends TC_H_UNSPEC, which the kernel reads as the root qdisc; `'root'`, TC_H_ROOT as tc sends
   * for its `root`, is refused for filters: "Parent Qdisc doesn't exists").
   */
  parent?: TcHandle;
  /** tc's `pref` / `prio` (1..65535); the kernel picks one for a new filter when absent. */
  priority?: number;
  /** tc's `protocol`: `'ip'`, `'ipv6'`, `'all'` (the default for a new filter), `'arp'`, `'802.1q'`, … or the EtherType. */
  protocol?: string | number;
  /** The chain (tc's `chain`), 0 by default. */
  chain?: number;
  /** The filter's handle: u32's `'800::800'`, another kind's number (or its text as tc reads it: `'0x7'`, `'12'`). */
  handle?: string | number;
}

/** A filter to add, replace or change: its place, `kind`, the kind's options and its actions. */
export type TcFilterSpec =
  | { [K in keyof FilterKindOptions]: FilterTarget & { kind: K; options?: FilterKindOptions[K]; actions?: TcAction[] } }[keyof FilterKindOptions]
  | (FilterTarget & { kind: string; options?: Uint8Array });

/** Which filters `list` returns. */
export interface TcFilterFilter {
  dev?: InterfaceRef;
  block?: number;
  /** The qdisc or class asked (the kernel lists one at a time): `'root'`'s by default, as `tc filter show`. */
  parent?: TcHandle;
  chain?: number;
  kind?: string;
  priority?: number;
  protocol?: string | number;
}

const FILTER_PARENTS: Record<string, number> = { ingress: TC_H_CLSACT_INGRESS, egress: TC_H_CLSACT_EGRESS };

export function filterParent(value: unknown, argument: string): number {
  if (typeof value === 'string' && Object.hasOwn(FILTER_PARENTS, value)) return FILTER_PARENTS[value]!;
  return parseParent(value, argument);
}

function protocolNumber(value: unknown, argument: string): number {
  if (typeof value === 'string' && Object.hasOwn(ETH_PROTOCOLS, value)) return ETH_PROTOCOLS[value]!;
  if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffff) return value as number;
  throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a protocol; expected ${Object.keys(ETH_PROTOCOLS).join(', ')} or an EtherType (0..65535)`);
}

/**
 * The handle of a filter of a kind other than u32: one u32, as tc reads it (get_u32, base 0) and as the list
 * prints it (`'0x7'`): a number, or its decimal or `0x` hexadecimal text.
 */
function numberHandle(value: unknown, argument: string): number {
  if (typeof value !== 'string') return checkInteger(value, argument, 0, 0xffff_ffff);
  const m = /^(?:0x([0-9a-f]{1,8})|(0|[1-9][0-9]{0,9}))$/i.exec(value);
  const n = m === null ? NaN : m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
  if (!(n <= 0xffff_ffff)) throw new InvalidArgumentError(argument, `${JSON.stringify(value)} is not a filter handle (a u32, in decimal or 0x hexadecimal)`);
  return n;
}

interface Where {
  dev: InterfaceRef | undefined;
  block: number | undefined;
}

export function checkWhere(o: { dev?: unknown; block?: unknown }, prefix: string): Where {
  if ((o.dev === undefined) === (o.block === undefined)) throw new InvalidArgumentError(`${prefix}.dev`, 'name either an interface (dev) or a shared block (block)');
  if (o.block !== undefined) return { dev: undefined, block: checkInteger(o.block, `${prefix}.block`, 1, 0xffff_ffff) };
  const dev = typeof o.dev === 'number' ? checkIndex(o.dev, `${prefix}.dev`) : checkIfname(o.dev, `${prefix}.dev`);
  return { dev, block: undefined };
}

/**
 * The filter verbs (`tc filter`).
 *
 *     await rtnl.tc.filters.add({ dev: 'eth0', parent: '1:', protocol: 'ip', priority: 10, kind: 'u32',
 *       options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:10' } });
 *     await rtnl.tc.filters.add({ dev: 'eth0', parent: 'ingress', kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] },
 *       actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'ifb0' }] });
 */
export class TcFilters {
  constructor(protected readonly client: FamilyClient) {}

  /** The filters of one parent (`tc -s filter show dev … [parent …] [chain …]`), with their actions and statistics. */
  async list(filter: TcFilterFilter, options: ListOptions = {}): Promise<DumpList<TcFilter>> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', 'expected { dev } or { block }');
    checkListOptions(options);
    const where = checkWhere(filter, 'filter');
    const parent = filter.parent === undefined ? 0 : filterParent(filter.parent, 'filter.parent');
    const chain = filter.chain === undefined ? undefined : checkChain(filter.chain, 'filter.chain');
    const protocol = filter.protocol === undefined ? undefined : protocolNumber(filter.protocol, 'filter.protocol');
    // Stryker disable next-line StringLiteral: the argument names only errors of checkIndex/checkIfname, which checkWhere ran on the same value first
    const ifindex = where.dev === undefined ? TCM_IFINDEX_MAGIC_BLOCK | 0 : await resolveIndex(this.client, where.dev, 'filter.dev', options);
    const { names, interrupted: namesInterrupted } = await interfaceNamesForList(this.client, options);
    if (where.dev !== undefined && !names.has(ifindex) && !namesInterrupted) throw new NoSuchInterfaceError(where.dev);
    try {
      const request = { header: { family: 0, ifindex, handle: 0, parent: where.block ?? parent, info: 0 }, attrs: { chain } };
      // Decoded straight from the receive batch (decode.ts), kept as the kernel did not filter itself.
      const accept = (f: TcFilter) => (filter.kind === undefined || f.kind === filter.kind) && (filter.priority === undefined || f.priority === filter.priority) && (protocol === undefined || f.protocolId === protocol);
      const decode = (bytes: Uint8Array, view: DataView, start: number, end: number) => decodeFilter(bytes, view, start, end, names);
      const out = await this.client.collect(filterMessage, RTM_GETTFILTER, request as never, { replyType: RTM_NEWTFILTER, decode, accept }, options);
      return dumpList(out, out.interrupted || namesInterrupted);
    } catch (error) {
      throw noSuchInterface(error, where.dev);
    }
  }

  /** Adds a filter (`tc filter add`): EEXIST if one with the same handle is there. */
  async add(spec: TcFilterSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWTFILTER, spec, 'create', NLM_F_CREATE | NLM_F_EXCL, options);
  }

  /** Adds a filter or replaces the one with the same handle (`tc filter replace`: NLM_F_CREATE alone, as `tc` sends it). */
  async replace(spec: TcFilterSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWTFILTER, spec, 'create', NLM_F_CREATE, options);
  }

  /** Changes an existing filter (`tc filter change`): named by priority, protocol and handle. */
  async change(spec: TcFilterSpec, options: CallOptions = {}): Promise<void> {
    // Stryker disable next-line StringLiteral: #send tells only 'create' and 'delete' apart from the rest
    await this.#send(RTM_NEWTFILTER, spec, 'change', 0, options);
  }

  /**
   * Deletes filters (`tc filter del`): the one named by `handle` (with `priority`, `protocol` and `kind`),
   * every filter of a `priority`, or every filter of the parent when neither is given.
   */
  async delete(spec: FilterTarget & { kind?: string }, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_DELTFILTER, spec, 'delete', 0, options);
  }

  async #send(type: number, spec: unknown, purpose: 'create' | 'change' | 'delete', flags: number, options: CallOptions): Promise<void> {
    if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError('spec', 'expected a filter spec object');
    const s = spec as FilterTarget & { kind?: unknown; options?: unknown; actions?: unknown };
    const where = checkWhere(s, 'spec');
    const parent = where.block !== undefined ? where.block : s.parent === undefined ? TC_H_UNSPEC : filterParent(s.parent, 'spec.parent');
    const priority = s.priority === undefined ? 0 : checkInteger(s.priority, 'spec.priority', 1, 0xffff);
    // tc sends ETH_P_ALL for a new filter without a protocol, and 0 (any) otherwise.
    const protocol = s.protocol === undefined ? (purpose === 'create' ? ETH_PROTOCOLS.all! : 0) : protocolNumber(s.protocol, 'spec.protocol');
    const chain = s.chain === undefined ? undefined : checkChain(s.chain, 'spec.chain');
    let kind: string | undefined;
    if (s.kind !== undefined || purpose !== 'delete') {
      if (typeof s.kind !== 'string' || !/^[\w-]{1,15}$/.test(s.kind)) throw new InvalidArgumentError('spec.kind', `${JSON.stringify(s.kind)} is not a classifier kind ('u32', 'bpf', 'matchall', 'flower', …)`);
      kind = s.kind;
    }
    const handle = s.handle === undefined ? 0 : kind === 'u32' ? u32Handle(s.handle, 'spec.handle') : numberHandle(s.handle, 'spec.handle');
    if (purpose === 'delete' && (s.options !== undefined || s.actions !== undefined)) throw new InvalidArgumentError('spec.options', 'a delete takes no options or actions');
    // A kind is there unless this is a delete.
    let opts = purpose === 'delete' ? undefined : filterOptionsInput(kind!, s.options, 'spec.options', protocol);
    const actions = s.actions === undefined ? undefined : checkActions(s.actions, 'spec.actions');
    // The kinds whose options linx writes (options given as bytes are another kind's); a delete took no actions above.
    if (actions !== undefined && !['u32', 'bpf', 'matchall', 'flower'].includes(kind!)) throw new InvalidArgumentError('spec.actions', `linx attaches actions to u32, bpf, matchall and flower filters, not ${JSON.stringify(kind)}`);
    // flower's EtherType key is the filter's protocol, as tc sends it (flower's options are always built, never bytes).
    if (kind === 'flower' && protocol !== ETH_PROTOCOLS.all) opts = { ...(opts as Record<string, unknown>), keyEthType: protocol };
    // Stryker disable next-line StringLiteral: the argument names only errors of checkIndex/checkIfname, which checkWhere ran on the same value first
    const ifindex = where.dev === undefined ? TCM_IFINDEX_MAGIC_BLOCK | 0 : await resolveIndex(this.client, where.dev, 'spec.dev', options);
    if (actions !== undefined && actions.length > 0) {
      const act = await actionsInput(actions, this.client, 'spec.actions', options);
      opts = { ...(opts as Record<string, unknown>), act };
      // An action makes a u32 selector terminal, as tc sets it (only u32's options have a selector).
      const sel = (opts as { sel?: { flags: number } }).sel;
      if (sel !== undefined) sel.flags |= TC_U32_TERMINAL;
    }
    // A pinned eBPF program is opened (bpf(2) BPF_OBJ_GET) only now, after every check, and closed once sent.
    const pinned = opts !== undefined && !(opts instanceof Uint8Array) ? (opts as Record<symbol, unknown>)[PINNED] : undefined;
    let fd: number | undefined;
    if (typeof pinned === 'string') {
      const { [PINNED]: _path, ...rest } = opts as Record<string | symbol, unknown>;
      fd = bpfObjGet(pinned);
      opts = { ...rest, fd };
    }
    // The codec leaves out what is undefined.
    const attrs = { kind, options: opts, chain };
    const info = ((priority << 16) | ((protocol & 0xff) << 8) | (protocol >>> 8)) >>> 0;
    try {
      await this.client.request(filterRequestMessage, type, { header: { family: 0, ifindex, handle, parent, info }, attrs } as never, flags, options);
    } catch (error) {
      throw noSuchInterface(error, where.dev);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}
