import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import type { ObjectType, SetFlags } from './generated/nftables.js';
import { familyOf, keepDecoded, type DecodedMessage } from './common.js';
import { dumpList, InvalidArgumentError, type DumpList } from '@linx/netlink-socket';
import { checkName } from './limits.js';
import type { CallOptions, NftClient, NftOperation, ListOptions } from './client.js';
import { concatParts, datatypeByteorder, datatypeId, datatypeName, fieldSizes, keyLength, type SetDatatype } from './datatypes.js';
import type { Expression, ExpressionInput } from './expr/expression.js';
import { setElemListMessage, setMessage } from './messages.js';
import { buildUserdata, commentOf, commentTypes, parseUserdata, withComment, type UserdataItem } from './userdata.js';
import { typeofWritten, untypedConcatItem, type WrittenTypeof } from './text/typeof.js';

const fail = (argument: string, why: string): never => {
  throw new InvalidArgumentError(argument, why);
};

/** A set or map as listed. */
export interface NftSet {
  family: Family;
  table: string;
  name: string;
  handle?: bigint;
  /** 'anonymous', 'constant', 'interval', 'map', 'timeout', 'eval', 'object', 'concat', 'expr'. */
  flags: (SetFlags | number)[];
  /** The key type by nft's names (`'ipv4_addr . inet_service'`), or its number. */
  keyType: SetDatatype;
  /** The key's length in bytes (each concatenated field padded to 4). */
  keyLen: number;
  /** A map's data type (`'verdict'` for a verdict map). */
  dataType?: SetDatatype;
  dataLen?: number;
  /** An object map's object type. */
  objType?: ObjectType | number;
  policy?: 'performance' | 'memory' | number;
  /** The size the set was declared with (NFTA_SET_DESC_SIZE). */
  size?: number;
  /** A concatenation's field lengths in bytes (NFTA_SET_DESC_CONCAT). */
  concat?: number[];
  /** Default element timeout, in milliseconds. */
  timeout?: bigint;
  /** Garbage collection interval, in milliseconds. */
  gcInterval?: number;
  /** Expressions every element gets (a counter, a quota, …). */
  expressions?: Expression[];
  id?: number;
  comment?: string;
  userdata?: Uint8Array;
}

/**
 * A set or map to add. `keyLen` (and `dataLen`) are worked out from the type names where the types have
 * a fixed size; an interval set of a concatenated key gets its field lengths (`concat`) and the `concat`
 * flag; a `dataType` makes it a map, an `objType` an object map, a `timeout` adds the `timeout` flag.
 */
export interface SetSpec {
  family: Family;
  table: string;
  name: string;
  /** The key type (`'ipv4_addr . inet_service'`); worked out from `typeof` when that is given instead. */
  keyType?: SetDatatype;
  /**
   * The key as the expressions whose values it holds, as nft's `typeof` takes them (`'ip saddr . tcp
   * dport'`, `'meta mark'`, `'ct original ip saddr'`, `'iif'`): header fields, meta and ct keys. The key
   * type and length follow from them, and the set's user data records them as nft does, so that nft (and
   * linx) print the set as `typeof …`.
   */
  typeof?: string;
  keyLen?: number;
  dataType?: SetDatatype;
  /** A map's data as typeof expressions (`'meta mark'`, `'verdict'`); makes it a map. */
  dataTypeof?: string;
  /** The data length; a verdict map's is 0, as nft sends it (the kernel sizes verdicts itself). */
  dataLen?: number;
  objType?: ObjectType;
  flags?: readonly (SetFlags | number)[];
  policy?: 'performance' | 'memory';
  size?: number;
  concat?: readonly number[];
  /** Default element timeout in milliseconds (needs the `timeout` flag). */
  timeout?: number | bigint;
  gcInterval?: number;
  expressions?: readonly ExpressionInput[];
  /** An id for this set within the batch (rules refer to anonymous sets by it); linx picks one if omitted. */
  id?: number;
  comment?: string;
  userdata?: Uint8Array;
}

/** Which set: by name, or by handle. */
export type SetKey = { family: Family; table: string; name: string } | { family: Family; table: string; handle: bigint };

/** A decoded NEWSET as an `NftSet`. */
export function setFrom(message: DecodedMessage<typeof setMessage>): NftSet {
  const a = message.attrs;
  const set: NftSet = {
    family: familyOf(message.header.family),
    table: a.table ?? '',
    name: a.name ?? '',
    flags: a.flags ?? [],
    keyType: datatypeName(a.keyType ?? 0),
    keyLen: a.keyLen ?? 0,
  };
  if (a.handle !== undefined) set.handle = a.handle;
  if (a.dataType !== undefined) set.dataType = datatypeName(a.dataType, true);
  if (a.dataLen !== undefined) set.dataLen = a.dataLen;
  if (a.objType !== undefined) set.objType = a.objType;
  if (a.policy !== undefined) set.policy = a.policy;
  if (a.desc?.size !== undefined) set.size = a.desc.size;
  if (a.desc?.concat?.elem) set.concat = a.desc.concat.elem.map((f) => f.len ?? 0);
  if (a.timeout !== undefined) set.timeout = a.timeout;
  if (a.gcInterval !== undefined) set.gcInterval = a.gcInterval;
  const expressions = a.expressions?.elem ?? a.expr;
  if (expressions?.length) set.expressions = expressions as Expression[];
  if (a.id !== undefined) set.id = a.id;
  if (a.userdata !== undefined) {
    set.userdata = a.userdata;
    const comment = commentOf(a.userdata, commentTypes.set);
    if (comment !== undefined) set.comment = comment;
  }
  return keepDecoded(set, message);
}

function keyAttrs(key: SetKey) {
  const table = checkName('table', key.table);
  return 'handle' in key ? { table, handle: key.handle } : { table, name: checkName('name', key.name) };
}
function describe(verb: string, key: SetKey): string {
  return `${verb} set ${key.family} ${key.table} ${'name' in key ? key.name : `handle ${key.handle}`}`;
}

let setIds = 0;
/** A set id for a batch (nft numbers them from 1 per batch; any value unique within the batch will do). */
function nextSetId(): number {
  setIds = (setIds % 0x7fff_ffff) + 1; // 1 … 2^31 - 1, then 1 again
  return setIds;
}

/** NFTNL_UDATA_SET_* types of the user data nft gives a set. */
const SET_UDATA = { keyByteorder: 0, dataByteorder: 1, dataInterval: 6 } as const;

/**
 * User data with the byte order of the keys (and of a map's data, and its data-interval flag) as nft
 * records them, and the typeof expressions of a set declared by them, unless the caller's user data has
 * them already: nft prints the elements by it.
 */
function withByteorder(userdata: Uint8Array | undefined, keyType: SetDatatype, dataType: SetDatatype | undefined, key?: WrittenTypeof, data?: WrittenTypeof): Uint8Array {
  const items = (userdata && parseUserdata(userdata)) ?? [];
  const has = (type: number) => items.some((i) => i.type === type);
  const u32 = (n: number) => new Uint8Array(Uint32Array.of(n).buffer);
  const added: UserdataItem[] = [];
  if (!has(SET_UDATA.keyByteorder)) added.push({ type: SET_UDATA.keyByteorder, value: u32(key?.byteorder ?? datatypeByteorder(keyType)) });
  if (dataType !== undefined && !has(SET_UDATA.dataByteorder)) added.push({ type: SET_UDATA.dataByteorder, value: u32(data?.byteorder ?? datatypeByteorder(dataType)) });
  const concatenated = typeof keyType === 'string' && concatParts(keyType).length > 1;
  const keyItem = key?.item ?? (concatenated ? untypedConcatItem() : undefined);
  if (keyItem && !has(keyItem.type)) added.push(keyItem);
  if (data && !has(data.item.type)) added.push(data.item);
  if (dataType !== undefined && !has(SET_UDATA.dataInterval)) added.push({ type: SET_UDATA.dataInterval, value: u32(0) });
  if (userdata && !parseUserdata(userdata)) return userdata; // not TLVs: the caller's own bytes, kept as they are
  return buildUserdata([...added, ...items].sort((a, b) => a.type - b.type));
}

/** The attributes of a new set, with lengths, flags and the concatenation worked out from the types. */
function setAttrsOf(spec: SetSpec) {
  checkName('table', spec.table);
  checkName('name', spec.name);
  // The typeof expressions give the types where the caller gave none (a typeof map's data is verdicts or values).
  const keyTypeof = spec.typeof !== undefined ? typeofWritten(spec.typeof, 'key') : undefined;
  const dataTypeof = spec.dataTypeof !== undefined ? typeofWritten(spec.dataTypeof, 'data') : keyTypeof && spec.dataType === 'verdict' ? typeofWritten('verdict', 'data') : undefined;
  const specKeyType = spec.keyType ?? keyTypeof?.type ?? fail('keyType', `set ${spec.name}: give keyType or typeof`);
  const specDataType = spec.dataType ?? dataTypeof?.type;
  // The types first: an unknown one is named as such, not as a type without a size.
  const keyType = datatypeId(specKeyType);
  const dataType = specDataType !== undefined ? datatypeId(specDataType, true) : undefined;
  const sizes = spec.keyType === undefined && keyTypeof ? keyTypeof.sizes : fieldSizes(specKeyType);
  const keyLen = spec.keyLen ?? (sizes ? keyLength(sizes) : undefined);
  if (keyLen === undefined) throw new InvalidArgumentError('keyLen', `set ${spec.name}: give keyLen (the key type ${String(specKeyType)} has no fixed size)`);
  const isConcat = typeof specKeyType === 'string' && concatParts(specKeyType).length > 1;
  const flags = new Set<SetFlags | number>(spec.flags ?? []);
  // Field lengths go with the `concat` flag (concatenated intervals); the kernel refuses them otherwise.
  const concat = spec.concat ?? (isConcat && flags.has('interval') ? sizes : undefined);
  let dataLen = spec.dataLen;
  if (specDataType !== undefined) {
    flags.add('map');
    // nft sends a verdict map's data length as 0; the kernel sizes verdicts itself (and lists 16).
    if (dataLen === undefined && specDataType === 'verdict') dataLen = 0;
    if (dataLen === undefined) {
      const dataSizes = spec.dataType === undefined && dataTypeof ? dataTypeof.sizes : fieldSizes(specDataType);
      if (!dataSizes) throw new InvalidArgumentError('dataLen', `set ${spec.name}: give dataLen (the data type ${String(specDataType)} has no fixed size)`);
      dataLen = keyLength(dataSizes);
    }
  }
  if (spec.objType !== undefined) flags.add('object');
  if (concat && concat.length > 1) flags.add('concat');
  if (spec.timeout !== undefined) flags.add('timeout');
  if (spec.expressions?.length) flags.add('expr');
  const ordered = withByteorder(spec.userdata, specKeyType, specDataType, keyTypeof, dataTypeof);
  const userdata = spec.comment !== undefined ? withComment(spec.comment, commentTypes.set, ordered) : ordered;
  const desc = spec.size !== undefined || concat ? { size: spec.size, ...(concat ? { concat: { elem: concat.map((len) => ({ len })) } } : {}) } : undefined;
  return {
    table: spec.table,
    name: spec.name,
    flags: [...flags],
    keyType,
    keyLen,
    ...(dataType !== undefined ? { dataType } : {}),
    dataLen,
    objType: spec.objType,
    // The kernel requires NFTA_SET_ID (rules of the same batch may refer to the set by it). Attributes in
    // the order libnftnl writes them: the id before the policy and the description.
    id: spec.id ?? nextSetId(),
    policy: spec.policy,
    ...(desc ? { desc } : {}),
    ...(spec.timeout !== undefined ? { timeout: BigInt(spec.timeout) } : {}),
    gcInterval: spec.gcInterval,
    ...(userdata ? { userdata } : {}),
    ...(spec.expressions?.length ? { expressions: { elem: spec.expressions as never } } : {}),
  };
}

/** Batch operations on sets. */
export const setOps = {
  /** NFT_MSG_NEWSET with NLM_F_CREATE (and NLM_F_EXCL for `create`). */
  add(spec: SetSpec, exclusive = false): NftOperation {
    return { msg: 'newset', flags: NLM_F_CREATE | (exclusive ? NLM_F_EXCL : 0), decl: setMessage, value: { header: { family: spec.family }, attrs: setAttrsOf(spec) }, description: describe(exclusive ? 'create' : 'add', spec) };
  },
  /** NFT_MSG_DELSET: the set must be unreferenced. */
  delete(key: SetKey): NftOperation {
    return { msg: 'delset', flags: 0, decl: setMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('delete', key) };
  },
  /** NFT_MSG_DESTROYSET (Linux 6.3+): deletes the set if it exists. */
  destroy(key: SetKey): NftOperation {
    return { msg: 'destroyset', flags: 0, decl: setMessage, value: { header: { family: key.family }, attrs: keyAttrs(key) }, description: describe('destroy', key) };
  },
  /** NFT_MSG_DELSETELEM without elements: empties the set (nft's `flush set`). */
  flush(key: { family: Family; table: string; name: string }): NftOperation {
    return { msg: 'delsetelem', flags: 0, decl: setElemListMessage, value: { header: { family: key.family }, attrs: { table: key.table, set: key.name } }, description: `flush set ${key.family} ${key.table} ${key.name}` };
  },
};

/** Sets and maps: list, get, add, create, delete, destroy, flush. Elements are under `elements`. */
export class Sets {
  constructor(private readonly client: NftClient) {}

  /** Every set (of `family`, of `table`), anonymous ones included. */
  async list(filter: { family?: Family; table?: string } = {}, options: ListOptions = {}): Promise<DumpList<NftSet>> {
    const replies = await this.client.dumpAll(setMessage, 'getset', { header: { family: filter.family ?? 'unspec' }, attrs: { table: filter.table } }, options);
    return dumpList(replies.map(setFrom).filter((s) => filter.table === undefined || s.table === filter.table), replies.interrupted);
  }

  /** One set by name; a kernel ENOENT `NetlinkError` if there is none. */
  async get(key: { family: Family; table: string; name: string }, options: CallOptions = {}): Promise<NftSet> {
    const [reply] = await this.client.get(setMessage, 'getset', { header: { family: key.family }, attrs: { table: key.table, name: key.name } }, options);
    return setFrom(reply!);
  }

  async add(spec: SetSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([setOps.add(spec)], options);
  }
  async create(spec: SetSpec, options: CallOptions = {}): Promise<void> {
    await this.client.send([setOps.add(spec, true)], options);
  }
  async delete(key: SetKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([setOps.delete(key)], options);
  }
  async destroy(key: SetKey, options: CallOptions = {}): Promise<void> {
    await this.client.send([setOps.destroy(key)], options);
  }
  async flush(key: { family: Family; table: string; name: string }, options: CallOptions = {}): Promise<void> {
    await this.client.send([setOps.flush(key)], options);
  }
}
