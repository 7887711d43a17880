import { compileMessage } from '@linx/netlink-codec';
import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import type { TableFlags } from './generated/nftables.js';
import { familyOf, keepDecoded, type DecodedMessage } from './common.js';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import type { CallOptions, NftClient, NftOperation, ListOptions } from './client.js';
import { tableMessage } from './messages.js';
import { commentOf, commentTypes, withComment } from './userdata.js';
import { checkName } from './limits.js';

/** A table as listed. */
export interface Table {
  family: Family;
  name: string;
  handle?: bigint;
  /** 'dormant', 'owner', 'persist' (unknown bits as numbers). */
  flags: (TableFlags | number)[];
  /** How many chains, sets, objects and flowtables it holds. */
  use?: number;
  /** With the `owner` flag: the netlink port id that owns it. */
  owner?: number;
  /** nft's comment, from the user data. */
  comment?: string;
  userdata?: Uint8Array;
}

/** A table to add. */
export interface TableSpec {
  family: Family;
  name: string;
  flags?: readonly (TableFlags | number)[];
  comment?: string;
  userdata?: Uint8Array;
}

/** Which table: by name, or by handle. */
export type TableKey = { family: Family; name: string } | { family: Family; handle: bigint };

type Decoded = DecodedMessage<typeof tableMessage>;

/** A decoded NEWTABLE as a `Table`. */
export function tableFrom(message: Decoded): Table {
  const a = message.attrs;
  const table: Table = { family: familyOf(message.header.family), name: a.name ?? '', flags: a.flags ?? [] };
  if (a.handle !== undefined) table.handle = a.handle;
  if (a.use !== undefined) table.use = a.use;
  if (a.owner !== undefined) table.owner = a.owner;
  if (a.userdata !== undefined) {
    table.userdata = a.userdata;
    const comment = commentOf(a.userdata, commentTypes.table);
    if (comment !== undefined) table.comment = comment;
  }
  return keepDecoded(table, message);
}

function keyAttrs(key: TableKey) {
  return 'handle' in key ? { handle: key.handle } : { name: checkName('name', key.name) };
}
function describe(verb: string, key: TableKey): string {
  return `${verb} table ${key.family} ${'name' in key ? key.name : `handle ${key.handle}`}`;
}

/** Batch operations on tables. */
export const tableOps = {
  /** NFT_MSG_NEWTABLE with NLM_F_CREATE: adds the table, or updates its flags if it exists. */
  add(spec: TableSpec, exclusive = false): NftOperation {
    checkName('name', spec.name);
    const userdata = spec.comment !== undefined ? withComment(spec.comment, commentTypes.table, spec.userdata) : spec.userdata;
    return {
      msg: 'newtable',
      flags: NLM_F_CREATE | (exclusive ? NLM_F_EXCL : 0),
      decl: tableMessage,
      value: { header: { family: spec.family }, attrs: { name: spec.name, ...(spec.flags ? { flags: spec.flags } : {}), ...(userdata ? { userdata } : {}) } },
      description: describe(exclusive ? 'create' : 'add', spec),
    };
  },
  /** NFT_MSG_DELTABLE: deletes the table and everything in it (ENOENT if there is none). */
  delete(key: TableKey): NftOperation {
    return { msg: 'deltable', flags: 0, decl: tableMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('delete', key) };
  },
  /** NFT_MSG_DESTROYTABLE (Linux 6.3+): deletes the table if it exists. */
  destroy(key: TableKey): NftOperation {
    return { msg: 'destroytable', flags: 0, decl: tableMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('destroy', key) };
  },
};

/** Tables: list, get, add, create, delete, destroy. Each change is a batch of its own. */
export class Tables {
  constructor(private readonly client: NftClient) {}

  /** Every table (of `family`, or of all families). */
  async list(filter: { family?: Family } = {}, options: ListOptions = {}): Promise<DumpList<Table>> {
    const replies = await this.client.dumpAll(tableMessage, 'gettable', { header: { family: filter.family ?? 'unspec' } }, options);
    return dumpList(replies.map(tableFrom), replies.interrupted);
  }

  /** One table by name; a kernel ENOENT `NetlinkError` if there is none. */
  async get(key: { family: Family; name: string }, options: CallOptions = {}): Promise<Table> {
    const [reply] = await this.client.get(tableMessage, 'gettable', { header: { family: key.family }, attrs: { name: key.name } }, options);
    return tableFrom(reply!);
  }

  async add(spec: TableSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([tableOps.add(spec)], options);
  }
  /** Adds the table; EEXIST if it exists. */
  async create(spec: TableSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([tableOps.add(spec, true)], options);
  }
  async delete(key: TableKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([tableOps.delete(key)], options);
  }
  async destroy(key: TableKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([tableOps.destroy(key)], options);
  }
}

/** Decodes a table message payload. */
export const decodeTable = (payload: Uint8Array): Table => tableFrom(compileMessage(tableMessage).decode(payload));
