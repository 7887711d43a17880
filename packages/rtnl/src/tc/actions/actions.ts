import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '@linx/netlink-wire';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { checkListOptions, type CallOptions, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { interfaceNamesForList } from '../../shared/ifname-cache.js';
import { actionMessage, TCA_ACT_FLAG_LARGE_DUMP_ON } from './declarations.js';
import { actionsInput, checkActions, toActionInfo, type TcAction, type TcActionInfo } from './index.js';

const { newaction: RTM_NEWACTION, delaction: RTM_DELACTION, getaction: RTM_GETACTION } = actionMessage.types;

function checkKind(kind: unknown, argument: string): string {
  if (typeof kind !== 'string' || !/^[\w-]{1,15}$/.test(kind)) throw new InvalidArgumentError(argument, `${JSON.stringify(kind)} is not an action kind ('mirred', 'gact', …)`);
  return kind;
}

/**
 * Shared actions (`tc actions`): actions of their own, by kind and index, that filters can share.
 *
 *     await rtnl.tc.actions.add({ kind: 'mirred', action: 'egress mirror', dev: 'eth1', index: 5 });
 *     for (const a of await rtnl.tc.actions.list('mirred')) console.log(a.index, a.options, a.stats?.packets);
 */
export class TcActions {
  constructor(protected readonly client: FamilyClient) {}

  /** The actions of one kind (`tc -s actions ls action KIND`; the kernel dumps one kind at a time). `order` is their place in the dump, from 0 as `tc` prints it. */
  async list(kind: string, options: ListOptions = {}): Promise<DumpList<TcActionInfo>> {
    checkKind(kind, 'kind');
    checkListOptions(options);
    const { names, interrupted } = await interfaceNamesForList(this.client, options);
    const request = { header: { family: 0 }, attrs: { tab: [{ kind }], flags: { value: TCA_ACT_FLAG_LARGE_DUMP_ON, selector: TCA_ACT_FLAG_LARGE_DUMP_ON } } };
    const messages = await this.client.dumpAll(actionMessage, RTM_GETACTION, request as never, options);
    const out: TcActionInfo[] = [];
    for (const m of messages) {
      const tab = (m.attrs as { tab?: Record<string, unknown>[] }).tab ?? [];
      for (const item of tab) out.push(toActionInfo(item, out.length, names));
    }
    return dumpList(out, messages.interrupted || interrupted);
  }

  /** Adds a shared action (`tc actions add`): EEXIST if its index is taken. */
  async add(action: TcAction, options: CallOptions = {}): Promise<void> {
    await this.#new(action, NLM_F_CREATE | NLM_F_EXCL, options);
  }

  /** Adds a shared action or replaces the one with its index (`tc actions replace`). */
  async replace(action: TcAction, options: CallOptions = {}): Promise<void> {
    await this.#new(action, NLM_F_CREATE | NLM_F_REPLACE, options);
  }

  /** Deletes a shared action by kind and index (`tc actions del action KIND index N`): EPERM while a filter holds it. */
  async delete(action: { kind: string; index: number }, options: CallOptions = {}): Promise<void> {
    if (action === null || typeof action !== 'object') throw new InvalidArgumentError('action', 'expected { kind, index }');
    const kind = checkKind(action.kind, 'action.kind');
    const index = checkInteger(action.index, 'action.index', 1, 0xffff_ffff);
    await this.client.request(actionMessage, RTM_DELACTION, { header: { family: 0 }, attrs: { tab: [{ kind, index }] } } as never, 0, options);
  }

  async #new(action: TcAction, flags: number, options: CallOptions): Promise<void> {
    const checked = checkActions([action], 'action', true);
    const tab = await actionsInput(checked, this.client, 'action', options, true);
    await this.client.request(actionMessage, RTM_NEWACTION, { header: { family: 0 }, attrs: { tab } } as never, flags, options);
  }
}
