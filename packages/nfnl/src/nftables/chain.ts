import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import type { ChainFlags } from './generated/nftables.js';
import { familyOf, keepDecoded, type DecodedMessage } from './common.js';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import type { CallOptions, NftClient, NftOperation, ListOptions } from './client.js';
import { chainMessage, ruleMessage } from './messages.js';
import { hookName, hookNumber, priorityNumber, type ChainPolicy, type ChainType, type HookName, type Priority } from './names.js';
import { commentOf, commentTypes, withComment } from './userdata.js';
import { checkName } from './limits.js';

/** A chain as listed: a base chain has `hook`, `type`, `priority` and `policy`. */
export interface Chain {
  family: Family;
  table: string;
  name: string;
  handle?: bigint;
  type?: ChainType | string;
  hook?: HookName | number;
  priority?: number;
  policy?: ChainPolicy | number;
  /** The device of a netdev (or inet ingress) base chain. */
  device?: string;
  devices?: string[];
  /** 'base', 'hw-offload', 'binding'. */
  flags: (ChainFlags | number)[];
  /** How many rules and jumps refer to it. */
  use?: number;
  counters?: { bytes: bigint; packets: bigint };
  id?: number;
  comment?: string;
  userdata?: Uint8Array;
}

/** A chain to add: with `hook` a base chain (type 'filter' and priority 0 unless given), else a regular one. */
export interface ChainSpec {
  family: Family;
  table: string;
  name: string;
  type?: ChainType;
  hook?: HookName | number;
  priority?: Priority;
  policy?: ChainPolicy;
  device?: string;
  devices?: readonly string[];
  flags?: readonly (ChainFlags | number)[];
  comment?: string;
  userdata?: Uint8Array;
}

/** Which chain: by name, or by handle. */
export type ChainKey = { family: Family; table: string; name: string } | { family: Family; table: string; handle: bigint };

/** A decoded NEWCHAIN as a `Chain`. */
export function chainFrom(message: DecodedMessage<typeof chainMessage>): Chain {
  const a = message.attrs;
  const family = familyOf(message.header.family);
  const chain: Chain = { family, table: a.table ?? '', name: a.name ?? '', flags: a.flags ?? [] };
  if (a.handle !== undefined) chain.handle = a.handle;
  if (a.type !== undefined) chain.type = a.type;
  if (a.hook) {
    if (a.hook.num !== undefined) chain.hook = hookName(family, a.hook.num);
    if (a.hook.priority !== undefined) chain.priority = a.hook.priority;
    if (a.hook.dev !== undefined) chain.device = a.hook.dev;
    if (a.hook.devs?.name) chain.devices = a.hook.devs.name;
  }
  if (a.policy !== undefined) chain.policy = a.policy;
  if (a.use !== undefined) chain.use = a.use;
  if (a.counters) chain.counters = { bytes: a.counters.bytes ?? 0n, packets: a.counters.packets ?? 0n };
  if (a.id !== undefined) chain.id = a.id;
  if (a.userdata !== undefined) {
    chain.userdata = a.userdata;
    const comment = commentOf(a.userdata, commentTypes.chain);
    if (comment !== undefined) chain.comment = comment;
  }
  return keepDecoded(chain, message);
}

function keyAttrs(key: ChainKey) {
  const table = checkName('table', key.table);
  return 'handle' in key ? { table, handle: key.handle } : { table, name: checkName('name', key.name) };
}
function describe(verb: string, key: ChainKey): string {
  return `${verb} chain ${key.family} ${key.table} ${'name' in key ? key.name : `handle ${key.handle}`}`;
}

/** Batch operations on chains. */
export const chainOps = {
  /** NFT_MSG_NEWCHAIN with NLM_F_CREATE (and NLM_F_EXCL for `create`). */
  add(spec: ChainSpec, exclusive = false): NftOperation {
    checkName('table', spec.table);
    checkName('name', spec.name);
    const userdata = spec.comment !== undefined ? withComment(spec.comment, commentTypes.chain, spec.userdata) : spec.userdata;
    const base = spec.hook !== undefined;
    const hook = base
      ? {
          num: hookNumber(spec.family, spec.hook!),
          priority: priorityNumber(spec.family, spec.priority ?? 0),
          dev: spec.device,
          ...(spec.devices ? { devs: { name: spec.devices } } : {}),
        }
      : undefined;
    return {
      msg: 'newchain',
      flags: NLM_F_CREATE | (exclusive ? NLM_F_EXCL : 0),
      decl: chainMessage,
      value: {
        header: { family: spec.family },
        attrs: {
          table: spec.table,
          name: spec.name,
          ...(hook ? { hook, type: spec.type ?? 'filter' } : spec.type ? { type: spec.type } : {}),
          policy: spec.policy,
          ...(spec.flags ? { flags: spec.flags } : {}),
          ...(userdata ? { userdata } : {}),
        },
      },
      description: describe(exclusive ? 'create' : 'add', spec),
    };
  },
  /** NFT_MSG_DELCHAIN: the chain must be empty and unreferenced (EBUSY otherwise). */
  delete(key: ChainKey): NftOperation {
    return { msg: 'delchain', flags: 0, decl: chainMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('delete', key) };
  },
  /** NFT_MSG_DESTROYCHAIN (Linux 6.3+): deletes the chain if it exists. */
  destroy(key: ChainKey): NftOperation {
    return { msg: 'destroychain', flags: 0, decl: chainMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('destroy', key) };
  },
  /** NFT_MSG_DELRULE with only the table (and chain): deletes every rule in it (nft's `flush`). */
  flush(key: { family: Family; table: string; chain?: string }): NftOperation {
    return {
      msg: 'delrule',
      flags: 0,
      decl: ruleMessage,
      value: { header: { family: key.family }, attrs: { table: key.table, chain: key.chain } },
      description: `flush ${key.chain !== undefined ? `chain ${key.family} ${key.table} ${key.chain}` : `table ${key.family} ${key.table}`}`,
    };
  },
};

/** Chains: list, get, add, create, delete, destroy, flush. Each change is a batch of its own. */
export class Chains {
  constructor(private readonly client: NftClient) {}

  /** Every chain (of `family`, of `table`). */
  async list(filter: { family?: Family; table?: string } = {}, options: ListOptions = {}): Promise<DumpList<Chain>> {
    const replies = await this.client.dumpAll(chainMessage, 'getchain', { header: { family: filter.family ?? 'unspec' }, attrs: { table: filter.table } }, options);
    return dumpList(replies.map(chainFrom).filter((c) => filter.table === undefined || c.table === filter.table), replies.interrupted);
  }

  /** One chain by name; a kernel ENOENT `NetlinkError` if there is none. */
  async get(key: { family: Family; table: string; name: string }, options: CallOptions = {}): Promise<Chain> {
    const [reply] = await this.client.get(chainMessage, 'getchain', { header: { family: key.family }, attrs: { table: key.table, name: key.name } }, options);
    return chainFrom(reply!);
  }

  async add(spec: ChainSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([chainOps.add(spec)], options);
  }
  async create(spec: ChainSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([chainOps.add(spec, true)], options);
  }
  async delete(key: ChainKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([chainOps.delete(key)], options);
  }
  async destroy(key: ChainKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([chainOps.destroy(key)], options);
  }
  /** Deletes every rule of the chain. */
  async flush(key: { family: Family; table: string; name: string }, options: CallOptions = {}): Promise<void> {
    await this.client.send([chainOps.flush({ family: key.family, table: key.table, chain: key.name })], options);
  }
}
