import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '@linx/netlink-wire';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { InvalidArgumentError, type InterfaceRef } from '../shared/arguments.js';
import { checkListOptions, type CallOptions, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { interfaceNamesForList } from '../shared/ifname-cache.js';
import { NoSuchInterfaceError, noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { attrsMessage } from '../generated/tc.js';
import { tcRequestMessage } from './declarations.js';
import { qdiscRequest, tcInput, type TcTarget } from './request.js';
import { toQdisc, type Qdisc } from './shape.js';
import type { QdiscKindOptions } from './kinds/index.js';

const { newqdisc: RTM_NEWQDISC, delqdisc: RTM_DELQDISC, getqdisc: RTM_GETQDISC } = attrsMessage.types;

/**
 * A qdisc to add, replace or change: where (`dev`, `parent`, `handle`), its `kind`, and the kind's
 * options (typed for htb, tbf, pfifo, bfifo; ingress and clsact take none; any other kind takes its
 * TCA_OPTIONS payload as bytes, or nothing).
 */
export type QdiscSpec =
  | { [K in keyof QdiscKindOptions]: TcTarget & { kind: K; options?: QdiscKindOptions[K] } }[keyof QdiscKindOptions]
  | (TcTarget & { kind: string; options?: Uint8Array });

/** Which qdiscs `list` returns. */
export interface QdiscFilter {
  /** One interface's (the kernel is asked for that interface only). */
  dev?: InterfaceRef;
  kind?: string;
  /** Also the qdiscs the kernel hides from dumps (`tc qdisc show invisible`: the default leaf qdiscs of classes, …). */
  invisible?: boolean;
}

/**
 * The qdisc verbs (`tc qdisc`).
 *
 *     await rtnl.tc.qdiscs.add({ dev: 'eth0', parent: 'root', handle: '1:', kind: 'htb', options: { default: 0x10 } });
 *     await rtnl.tc.qdiscs.add({ dev: 'eth0', kind: 'clsact' });
 *     for (const q of await rtnl.tc.qdiscs.list({ dev: 'eth0' })) console.log(q.kind, q.handle, q.parent, q.stats.bytes);
 */
export class Qdiscs {
  constructor(protected readonly client: FamilyClient) {}

  /** The qdiscs, with their statistics (`tc -s qdisc show`), of every interface or of `filter.dev`. */
  async list(filter: QdiscFilter = {}, options: ListOptions = {}): Promise<DumpList<Qdisc>> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
    checkListOptions(options);
    if (filter.invisible !== undefined && typeof filter.invisible !== 'boolean') throw new InvalidArgumentError('filter.invisible', 'expected true or false');
    const ifindex = filter.dev === undefined ? 0 : await resolveIndex(this.client, filter.dev, 'filter.dev', options);
    const { names, interrupted: namesInterrupted } = await interfaceNamesForList(this.client, options);
    // An index is not looked up by resolveIndex, and the kernel answers an unknown one with nothing.
    if (filter.dev !== undefined && !names.has(ifindex) && !namesInterrupted) throw new NoSuchInterfaceError(filter.dev);
    try {
      const request = { header: { family: 0, ifindex, handle: 0, parent: 0, info: 0 }, attrs: filter.invisible ? { dumpInvisible: true } : {} };
      const messages = await this.client.dumpAll(attrsMessage, RTM_GETQDISC, request, options);
      const out: Qdisc[] = [];
      for (const m of messages) {
        if (ifindex !== 0 && m.header.ifindex !== ifindex) continue;
        if (filter.kind !== undefined && m.attrs.kind !== filter.kind) continue;
        out.push(toQdisc(m, names));
      }
      return dumpList(out, messages.interrupted || namesInterrupted);
    } catch (error) {
      throw noSuchInterface(error, filter.dev);
    }
  }

  /** Adds a qdisc (`tc qdisc add`): EEXIST if one is there. */
  async add(spec: QdiscSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWQDISC, spec, 'create', NLM_F_CREATE | NLM_F_EXCL, options);
  }

  /** Adds a qdisc or replaces the one at the same place (`tc qdisc replace`). */
  async replace(spec: QdiscSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWQDISC, spec, 'create', NLM_F_CREATE | NLM_F_REPLACE, options);
  }

  /** Changes the options of an existing qdisc (`tc qdisc change`): ENOENT if there is none. */
  async change(spec: QdiscSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWQDISC, spec, 'change', 0, options);
  }

  /** Deletes a qdisc (`tc qdisc del`), named by `dev` and `parent` (root by default) and/or `handle`. */
  async delete(spec: TcTarget & { kind?: string }, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_DELQDISC, spec, 'delete', 0, options);
  }

  async #send(type: number, spec: unknown, purpose: 'create' | 'change' | 'delete', flags: number, options: CallOptions): Promise<void> {
    const checked = qdiscRequest(spec, purpose);
    const ifindex = await resolveIndex(this.client, checked.dev, 'spec.dev', options);
    try {
      await this.client.request(tcRequestMessage, type, tcInput(checked, ifindex), flags, options);
    } catch (error) {
      throw noSuchInterface(error, checked.dev);
    }
  }
}
