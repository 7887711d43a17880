import type { FormatInput, FormatValue } from '@linx/netlink-codec';
import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import type { ObjectType } from './generated/nftables.js';
import { familyOf, keepDecoded, type DecodedMessage } from './common.js';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import type { CallOptions, NftClient, NftOperation, ListOptions } from './client.js';
import { objDataFormats, objMessage } from './messages.js';
import { commentOf, commentTypes, withComment } from './userdata.js';
import { checkName } from './limits.js';

type Formats = typeof objDataFormats;
/** Object types linx declares the data of: counter, quota, limit, connlimit, ct-helper, secmark, ct-timeout, ct-expect, synproxy. */
export type DeclaredObjectType = keyof Formats;

/**
 * A stateful object as listed: `data` narrows on `type` (`if (o.type === 'quota') o.data?.bytes`); bytes
 * for the types linx does not declare (tunnel), which are left out of the declared ones' union members so
 * that the narrowing holds.
 */
export type NftObject = {
  family: Family;
  table: string;
  name: string;
  handle?: bigint;
  /** How many rules and maps refer to it. */
  use?: number;
  comment?: string;
  userdata?: Uint8Array;
} & ({ [K in DeclaredObjectType]: { type: K; data?: FormatValue<Formats[K]> } }[DeclaredObjectType] | { type: Exclude<ObjectType, DeclaredObjectType> | number; data?: Uint8Array });

/** A stateful object to add: `{ type: 'counter', data: {} }`, `{ type: 'quota', data: { bytes: 1n << 20n, flags: ['inv'] } }`, … */
export type ObjectSpec = {
  family: Family;
  table: string;
  name: string;
  comment?: string;
  userdata?: Uint8Array;
} & ({ [K in DeclaredObjectType]: { type: K; data: FormatInput<Formats[K]> } }[DeclaredObjectType] | { type: ObjectType; data: Uint8Array });

/** Which object: its type, and its name or handle. */
export type ObjectKey = { family: Family; table: string; type: ObjectType } & ({ name: string } | { handle: bigint });

/** A decoded NEWOBJ as an `NftObject`. */
export function objectFrom(message: DecodedMessage<typeof objMessage>): NftObject {
  const a = message.attrs;
  const object = { family: familyOf(message.header.family), table: a.table ?? '', name: a.name ?? '', type: a.type ?? 0 } as NftObject;
  if (a.data !== undefined) object.data = a.data as never;
  if (a.handle !== undefined) object.handle = a.handle;
  if (a.use !== undefined) object.use = a.use;
  if (a.userdata !== undefined) {
    object.userdata = a.userdata;
    const comment = commentOf(a.userdata, commentTypes.object);
    if (comment !== undefined) object.comment = comment;
  }
  return keepDecoded(object, message);
}

function keyAttrs(key: ObjectKey) {
  return { table: checkName('table', key.table), type: key.type, ...('handle' in key ? { handle: key.handle } : { name: checkName('name', key.name) }) };
}
function describe(verb: string, key: ObjectKey): string {
  return `${verb} ${key.type} ${key.family} ${key.table} ${'name' in key ? key.name : `handle ${key.handle}`}`;
}

/** Batch operations on stateful objects. */
export const objectOps = {
  /** NFT_MSG_NEWOBJ with NLM_F_CREATE (and NLM_F_EXCL for `create`). */
  add(spec: ObjectSpec, exclusive = false): NftOperation {
    checkName('table', spec.table);
    checkName('name', spec.name);
    const userdata = spec.comment !== undefined ? withComment(spec.comment, commentTypes.object, spec.userdata) : spec.userdata;
    return {
      msg: 'newobj',
      flags: NLM_F_CREATE | (exclusive ? NLM_F_EXCL : 0),
      decl: objMessage,
      value: { header: { family: spec.family }, attrs: { table: spec.table, name: spec.name, type: spec.type, data: spec.data as never, ...(userdata ? { userdata } : {}) } },
      description: describe(exclusive ? 'create' : 'add', spec),
    };
  },
  /** NFT_MSG_DELOBJ: the object must be unreferenced. */
  delete(key: ObjectKey): NftOperation {
    return { msg: 'delobj', flags: 0, decl: objMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('delete', key) };
  },
  /** NFT_MSG_DESTROYOBJ (Linux 6.3+): deletes the object if it exists. */
  destroy(key: ObjectKey): NftOperation {
    return { msg: 'destroyobj', flags: 0, decl: objMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('destroy', key) };
  },
};

/** Stateful objects (counter, quota, limit, …): list, get, reset, add, create, delete, destroy. */
export class Objects {
  constructor(private readonly client: NftClient) {}

  /** Every object (of `family`, `table`, `type`). */
  async list(filter: { family?: Family; table?: string; type?: ObjectType } = {}, options: ListOptions = {}): Promise<DumpList<NftObject>> {
    const attrs = { table: filter.table, type: filter.type };
    const replies = await this.client.dumpAll(objMessage, 'getobj', { header: { family: filter.family ?? 'unspec' }, attrs }, options);
    return dumpList(replies.map(objectFrom).filter((o) => (filter.table === undefined || o.table === filter.table) && (filter.type === undefined || o.type === filter.type)), replies.interrupted);
  }

  /** One object; a kernel ENOENT `NetlinkError` if there is none. */
  async get(key: { family: Family; table: string; name: string; type: ObjectType }, options: CallOptions = {}): Promise<NftObject> {
    const [reply] = await this.client.get(objMessage, 'getobj', { header: { family: key.family }, attrs: { table: key.table, name: key.name, type: key.type } }, options);
    return objectFrom(reply!);
  }

  /** Reads an object and resets it (a counter to zero, a quota's consumption) in one step (NFT_MSG_GETOBJ_RESET). */
  async reset(key: { family: Family; table: string; name: string; type: ObjectType }, options: CallOptions = {}): Promise<NftObject> {
    const [reply] = await this.client.get(objMessage, 'getobjReset', { header: { family: key.family }, attrs: { table: key.table, name: key.name, type: key.type } }, options);
    return objectFrom(reply!);
  }

  async add(spec: ObjectSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([objectOps.add(spec)], options);
  }
  async create(spec: ObjectSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([objectOps.add(spec, true)], options);
  }
  async delete(key: ObjectKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([objectOps.delete(key)], options);
  }
  async destroy(key: ObjectKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([objectOps.destroy(key)], options);
  }
}
