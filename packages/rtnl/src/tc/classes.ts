import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { InvalidArgumentError, type InterfaceRef } from '../shared/arguments.js';
import { checkListOptions, type CallOptions, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { interfaceNamesForList } from '../shared/ifname-cache.js';
import { NoSuchInterfaceError, noSuchInterface, resolveIndex } from '../shared/interfaces.js';
import { attrsMessage } from '../generated/tc.js';
import { tcClassMessage, tcClassRequestMessage } from './declarations.js';
import { classRequest, tcInput, type TcTarget } from './request.js';
import { toClass, type TcClass, type TcMessage } from './shape.js';
import type { ClassKindOptions } from './kinds/index.js';

const { newtclass: RTM_NEWTCLASS, deltclass: RTM_DELTCLASS, gettclass: RTM_GETTCLASS } = attrsMessage.types;

/**
 * A class to add, replace or change: `dev`, `handle` (the classid, `'1:10'`), `parent`, `kind` and options
 * (typed for htb, hfsc, drr and qfq; TCA_OPTIONS bytes for other kinds).
 */
export type TcClassSpec =
  | (TcTarget & { handle: string | number; kind: 'htb'; options: ClassKindOptions['htb'] })
  | { [K in Exclude<keyof ClassKindOptions, 'htb'>]: TcTarget & { handle: string | number; kind: K; options?: ClassKindOptions[K] } }[Exclude<keyof ClassKindOptions, 'htb'>]
  | (TcTarget & { handle: string | number; kind: string; options?: Uint8Array });

/** Which classes `list` returns. */
export interface TcClassFilter {
  /** One interface's; without it every interface is asked in turn (the kernel lists classes per interface). */
  dev?: InterfaceRef;
  /** Only the classes under this parent (`'1:'`, `'1:10'`). */
  parent?: string;
  kind?: string;
}

/**
 * The class verbs (`tc class`).
 *
 *     await rtnl.tc.classes.add({ dev: 'eth0', parent: '1:', handle: '1:10', kind: 'htb', options: { rate: '1mbit', ceil: '2mbit' } });
 *     for (const c of await rtnl.tc.classes.list({ dev: 'eth0' })) console.log(c.handle, c.options, c.stats.bytes);
 */
export class TcClasses {
  constructor(protected readonly client: FamilyClient) {}

  /** The classes, with statistics (`tc -s class show`). */
  async list(filter: TcClassFilter = {}, options: ListOptions = {}): Promise<DumpList<TcClass>> {
    if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
    checkListOptions(options);
    const only = filter.dev === undefined ? undefined : await resolveIndex(this.client, filter.dev, 'filter.dev', options);
    const { names, interrupted: namesInterrupted } = await interfaceNamesForList(this.client, options);
    // An index is not looked up by resolveIndex, and the kernel answers an unknown one with nothing.
    if (only !== undefined && filter.dev !== undefined && !names.has(only) && !namesInterrupted) throw new NoSuchInterfaceError(filter.dev);
    const indexes = only === undefined ? [...names.keys()] : [only];
    const out: TcClass[] = [];
    let interrupted = namesInterrupted;
    for (const ifindex of indexes) {
      try {
        const messages = await this.client.dumpAll(tcClassMessage, RTM_GETTCLASS, { header: { family: 0, ifindex, handle: 0, parent: 0, info: 0 } }, options);
        interrupted ||= messages.interrupted;
        for (const m of messages) {
          const c = toClass(m as unknown as TcMessage, names);
          if (filter.parent !== undefined && c.parent !== filter.parent) continue;
          if (filter.kind !== undefined && c.kind !== filter.kind) continue;
          out.push(c);
        }
      } catch (error) {
        throw noSuchInterface(error, filter.dev);
      }
    }
    return dumpList(out, interrupted);
  }

  /** Adds a class (`tc class add`): EEXIST if it is there. */
  async add(spec: TcClassSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWTCLASS, spec, 'create', NLM_F_CREATE | NLM_F_EXCL, options);
  }

  /** Adds a class or changes the one with the same classid (`tc class replace`: NLM_F_CREATE alone, as `tc` sends it). */
  async replace(spec: TcClassSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWTCLASS, spec, 'create', NLM_F_CREATE, options);
  }

  /** Changes an existing class (`tc class change`): ENOENT if there is none. */
  async change(spec: TcClassSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWTCLASS, spec, 'change', 0, options);
  }

  /** Deletes a class (`tc class del`): EBUSY while it has children or filters point at it. */
  async delete(spec: TcTarget & { handle: string | number; kind?: string }, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_DELTCLASS, spec, 'delete', 0, options);
  }

  async #send(type: number, spec: unknown, purpose: 'create' | 'change' | 'delete', flags: number, options: CallOptions): Promise<void> {
    const checked = classRequest(spec, purpose);
    const ifindex = await resolveIndex(this.client, checked.dev, 'spec.dev', options);
    try {
      await this.client.request(tcClassRequestMessage, type, tcInput(checked, ifindex) as never, flags, options);
    } catch (error) {
      throw noSuchInterface(error, checked.dev);
    }
  }
}
