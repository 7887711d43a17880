import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import { familyOf, keepDecoded, type DecodedMessage } from './common.js';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import type { CallOptions, NftClient, NftOperation, ListOptions } from './client.js';
import { flowtableMessage } from './messages.js';
import { hookName, hookNumber, priorityNumber, type HookName, type Priority } from './names.js';
import { checkName } from './limits.js';

/** A flowtable (a fast path for established flows between `devices`) as listed. */
export interface Flowtable {
  family: Family;
  table: string;
  name: string;
  handle?: bigint;
  hook?: HookName | number;
  priority?: number;
  devices?: string[];
  /** 'hw-offload', 'counter'. */
  flags: ('hw-offload' | 'counter' | number)[];
  use?: number;
}

/** A flowtable to add (hook 'ingress'). */
export interface FlowtableSpec {
  family: Family;
  table: string;
  name: string;
  hook?: 'ingress';
  priority?: Priority;
  devices: readonly string[];
  flags?: readonly ('hw-offload' | 'counter')[];
}

/** Which flowtable: by name, or by handle. */
export type FlowtableKey = { family: Family; table: string; name: string } | { family: Family; table: string; handle: bigint };

/** A decoded NEWFLOWTABLE as a `Flowtable`. */
export function flowtableFrom(message: DecodedMessage<typeof flowtableMessage>): Flowtable {
  const a = message.attrs;
  const family = familyOf(message.header.family);
  const flowtable: Flowtable = { family, table: a.table ?? '', name: a.name ?? '', flags: a.flags ?? [] };
  if (a.handle !== undefined) flowtable.handle = a.handle;
  // Flowtables hook at netdev ingress whatever their table's family.
  if (a.hook?.num !== undefined) flowtable.hook = hookName('netdev', a.hook.num);
  if (a.hook?.priority !== undefined) flowtable.priority = a.hook.priority;
  if (a.hook?.devs?.name) flowtable.devices = a.hook.devs.name;
  if (a.use !== undefined) flowtable.use = a.use;
  return keepDecoded(flowtable, message);
}

function keyAttrs(key: FlowtableKey) {
  const table = checkName('table', key.table);
  return 'handle' in key ? { table, handle: key.handle } : { table, name: checkName('name', key.name) };
}
function describe(verb: string, key: FlowtableKey): string {
  return `${verb} flowtable ${key.family} ${key.table} ${'name' in key ? key.name : `handle ${key.handle}`}`;
}

/** Batch operations on flowtables. */
export const flowtableOps = {
  /** NFT_MSG_NEWFLOWTABLE with NLM_F_CREATE (and NLM_F_EXCL for `create`). */
  add(spec: FlowtableSpec, exclusive = false): NftOperation {
    checkName('table', spec.table);
    checkName('name', spec.name);
    return {
      msg: 'newflowtable',
      flags: NLM_F_CREATE | (exclusive ? NLM_F_EXCL : 0),
      decl: flowtableMessage,
      value: {
        header: { family: spec.family },
        attrs: {
          table: spec.table,
          name: spec.name,
          hook: { num: hookNumber('netdev', spec.hook ?? 'ingress'), priority: priorityNumber(spec.family, spec.priority ?? 0), devs: { name: spec.devices } },
          ...(spec.flags ? { flags: spec.flags } : {}),
        },
      },
      description: describe(exclusive ? 'create' : 'add', spec),
    };
  },
  delete(key: FlowtableKey): NftOperation {
    return { msg: 'delflowtable', flags: 0, decl: flowtableMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('delete', key) };
  },
  /** NFT_MSG_DESTROYFLOWTABLE (Linux 6.3+): deletes the flowtable if it exists. */
  destroy(key: FlowtableKey): NftOperation {
    return { msg: 'destroyflowtable', flags: 0, decl: flowtableMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('destroy', key) };
  },
};

/** Flowtables: list, get, add, create, delete, destroy (the kernel needs CONFIG_NF_FLOW_TABLE). */
export class Flowtables {
  constructor(private readonly client: NftClient) {}

  async list(filter: { family?: Family; table?: string } = {}, options: ListOptions = {}): Promise<DumpList<Flowtable>> {
    const replies = await this.client.dumpAll(flowtableMessage, 'getflowtable', { header: { family: filter.family ?? 'unspec' }, attrs: { table: filter.table } }, options);
    return dumpList(replies.map(flowtableFrom).filter((f) => filter.table === undefined || f.table === filter.table), replies.interrupted);
  }
  async get(key: { family: Family; table: string; name: string }, options: CallOptions = {}): Promise<Flowtable> {
    const [reply] = await this.client.get(flowtableMessage, 'getflowtable', { header: { family: key.family }, attrs: { table: key.table, name: key.name } }, options);
    return flowtableFrom(reply!);
  }
  async add(spec: FlowtableSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([flowtableOps.add(spec)], options);
  }
  async create(spec: FlowtableSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([flowtableOps.add(spec, true)], options);
  }
  async delete(key: FlowtableKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([flowtableOps.delete(key)], options);
  }
  async destroy(key: FlowtableKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([flowtableOps.destroy(key)], options);
  }
}
