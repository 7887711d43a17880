import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { checkListOptions, type CallOptions, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { InvalidArgumentError, checkInteger, type InterfaceRef } from '../../shared/arguments.js';
import { interfaceNamesForList } from '../../shared/ifname-cache.js';
import { noSuchInterface, resolveIndex } from '../../shared/interfaces.js';
import { TC_H_UNSPEC, type TcHandle } from '../handles.js';
import { filterMessage } from './declarations.js';
import { checkWhere, filterParent } from './filters.js';
import { formatFilterParent } from './shape.js';
import { TCM_IFINDEX_MAGIC_BLOCK, checkChain } from './tc-words.js';

const { newchain: RTM_NEWCHAIN, delchain: RTM_DELCHAIN, getchain: RTM_GETCHAIN } = filterMessage.types;

/** A filter chain of a qdisc or block (`tc chain`). */
export interface TcChain {
  ifindex: number;
  dev?: string;
  block?: number;
  parent: string;
  parentId: number;
  chain: number;
}

/** Which chain: the qdisc (`dev`, `parent`: the root qdisc when absent, as for filters) or shared `block`, and its number. */
export interface TcChainSpec {
  dev?: InterfaceRef;
  block?: number;
  parent?: TcHandle;
  chain: number;
}

/**
 * The chain verbs (`tc chain`): a chain exists while a filter is in it or it was added explicitly.
 *
 *     await rtnl.tc.chains.add({ dev: 'eth0', parent: 'ingress', chain: 5 });
 */
export class TcChains {
  constructor(protected readonly client: FamilyClient) {}

  /** The chains of a qdisc (`tc chain show dev … parent …`). */
  async list(filter: Omit<TcChainSpec, 'chain'>, options: ListOptions = {}): Promise<DumpList<TcChain>> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', 'expected { dev } or { block }');
    checkListOptions(options);
    const where = checkWhere(filter, 'filter');
    const parent = where.block ?? (filter.parent === undefined ? 0 : filterParent(filter.parent, 'filter.parent'));
    // Stryker disable next-line StringLiteral: the argument names only errors of checkIndex/checkIfname, which checkWhere ran on the same value first
    const ifindex = where.dev === undefined ? TCM_IFINDEX_MAGIC_BLOCK | 0 : await resolveIndex(this.client, where.dev, 'filter.dev', options);
    const { names, interrupted } = await interfaceNamesForList(this.client, options);
    try {
      const messages = await this.client.dumpAll(filterMessage, RTM_GETCHAIN, { header: { family: 0, ifindex, handle: 0, parent, info: 0 } } as never, options);
      const out = messages.map((m): TcChain => {
        const block = m.header.ifindex === (TCM_IFINDEX_MAGIC_BLOCK | 0);
        const c: TcChain = { ifindex: block ? 0 : m.header.ifindex, parent: block ? '' : formatFilterParent(m.header.parent), parentId: m.header.parent, chain: m.attrs.chain ?? 0 };
        if (block) c.block = m.header.parent;
        const dev = names.get(m.header.ifindex);
        if (dev !== undefined && !block) c.dev = dev;
        return c;
      });
      return dumpList(out, messages.interrupted || interrupted);
    } catch (error) {
      throw noSuchInterface(error, where.dev);
    }
  }

  /** Adds an empty chain (`tc chain add`): EEXIST if it is there. */
  async add(spec: TcChainSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWCHAIN, spec, NLM_F_CREATE | NLM_F_EXCL, options);
  }

  /** Deletes a chain and every filter in it (`tc chain del`). */
  async delete(spec: TcChainSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_DELCHAIN, spec, 0, options);
  }

  async #send(type: number, spec: TcChainSpec, flags: number, options: CallOptions): Promise<void> {
    if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError('spec', 'expected { dev, parent, chain }');
    const where = checkWhere(spec, 'spec');
    const parent = where.block ?? (spec.parent === undefined ? TC_H_UNSPEC : filterParent(spec.parent, 'spec.parent'));
    const chain = checkChain(spec.chain, 'spec.chain');
    // Stryker disable next-line StringLiteral: the argument names only errors of checkIndex/checkIfname, which checkWhere ran on the same value first
    const ifindex = where.dev === undefined ? TCM_IFINDEX_MAGIC_BLOCK | 0 : await resolveIndex(this.client, where.dev, 'spec.dev', options);
    try {
      await this.client.request(filterMessage, type, { header: { family: 0, ifindex, handle: 0, parent, info: 0 }, attrs: { chain } } as never, flags, options);
    } catch (error) {
      throw noSuchInterface(error, where.dev);
    }
  }
}
