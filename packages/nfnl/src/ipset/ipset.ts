import type { AttrsInput, AttrsValue } from '@linx/netlink-codec';
import { InvalidArgumentError, type Connection } from '@linx/netlink-socket';
import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import { SubsystemClient, type CallOptions, type ListOptions } from '../subsystem-client.js';
import { checkSetName, decodeElement, describeElement, encodeElement, type IpsetElement } from './element.js';
import { IpsetProtocolError, ipsetError, IpsetError } from './errors.js';
import { sendBulk } from './bulk.js';
import { IPSET_PROTOCOL, IPSET_PROTOCOL_MIN, ipsetCmdValues, ipsetElementMessage, ipsetMessage, ipsetRenameMessage, ipsetErrnoValues, type ipsetAttrs, type ipsetCreateDataAttrs } from './messages.js';
import { setTypes } from './set-types.js';

/** What `ipset.create` makes. */
export interface IpsetSpec {
  /** 1 to 31 bytes. */
  name: string;
  /** The set type by ipset's name: 'hash:ip', 'hash:net,port', 'bitmap:port', 'list:set', … */
  type: string;
  /** Hash types: 'inet' (the default) or 'inet6'. bitmap:ip and bitmap:ip,mac are 'inet' only. */
  family?: 'inet' | 'inet6';
  /** The type's revision; by default the newest the kernel has (asked with IPSET_CMD_TYPE). */
  revision?: number;
  /** Elements expire: the default timeout in seconds (0: elements stay unless given one). */
  timeout?: number;
  /** Extensions: per-element packet/byte counters, comments, skbinfo (mark, priority, queue). */
  counters?: boolean;
  comment?: boolean;
  skbinfo?: boolean;
  /** Hash types: when full, a random element makes room (forceadd). */
  forceadd?: boolean;
  /** Hash types: the initial hash size, the most elements, the prefix length elements are masked to (hash:ip). */
  hashsize?: number;
  maxelem?: number;
  netmask?: number;
  /** Hash types: the most elements per bucket (the kernel keeps 4 to 12, even), and the hash's seed (kept as given: a set made again with the seed `list` reports hashes alike). */
  bucketsize?: number;
  initval?: number;
  /** bitmap:ip, bitmap:ip,mac: the addresses it holds, `'10.0.0.0/24'` or `{ from, to }`. */
  range?: string | { from: string; to: string };
  /** bitmap:port: the ports it holds. */
  portRange?: { from: number; to: number };
  /** list:set: how many sets it holds. */
  size?: number;
}

/** A set as the kernel lists it. */
export interface IpsetSet {
  name: string;
  type: string;
  revision: number;
  family: 'inet' | 'inet6' | 'unspec';
  /** The set's default timeout, when it was made with timeouts. */
  timeout?: number;
  counters: boolean;
  comment: boolean;
  skbinfo: boolean;
  forceadd: boolean;
  hashsize?: number;
  maxelem?: number;
  netmask?: number;
  bucketsize?: number;
  /** Hash types: the hash's random seed. */
  initval?: number;
  range?: { from: string; to: string };
  portRange?: { from: number; to: number };
  size?: number;
  /** Kernel bookkeeping: references (rules, list sets), memory in bytes, how many elements. */
  references: number;
  memsize: number;
  elements?: number;
  /** The members (not read with `{ headers: true }`). */
  members: IpsetElement[];
}

/** Options of the element verbs. */
export interface IpsetElementOptions extends CallOptions {
  /** Add: no error when the element is there already (its extensions are updated); del: when it is not. */
  exist?: boolean;
}

type ListedMessage = { attrs: AttrsValue<typeof ipsetAttrs.attributes> };
type CreateData = { -readonly [K in keyof AttrsInput<typeof ipsetCreateDataAttrs.attributes>]: AttrsInput<typeof ipsetCreateDataAttrs.attributes>[K] };

const header = () => ({ family: 'ip' as const, version: 0, resId: 0 });
const NOT_IN_SET = ipsetErrnoValues.IPSET_ERR_EXIST;

/**
 * ipset: IP sets (NFNL_SUBSYS_IPSET), the hash and bitmap sets iptables (`-m set`) matches against, per
 * network namespace. Every verb is one request; the first one on a handle checks the kernel's protocol
 * version (IPSET_CMD_PROTOCOL). The kernel's own errors (errnos above 4096) come back as `IpsetError`.
 */
export class Ipset {
  readonly #client: SubsystemClient<typeof ipsetCmdValues>;
  #handshake: Promise<void> | undefined;

  constructor(connection: Connection) {
    this.#client = new SubsystemClient(connection, 'ipset', ipsetCmdValues);
  }

  /** The kernel's ipset protocol versions (IPSET_CMD_PROTOCOL): the newest it speaks and the oldest. */
  async protocol(options: CallOptions = {}): Promise<{ version: number; min: number }> {
    const [reply] = await this.#client.request(ipsetMessage, 'protocol', { header: header(), attrs: { protocol: IPSET_PROTOCOL } }, options);
    return { version: reply?.attrs.protocol ?? 0, min: reply?.attrs.protocolMin ?? reply?.attrs.protocol ?? 0 };
  }

  /**
   * The revisions of a set type the kernel has (IPSET_CMD_TYPE), for a family; a type it lacks is an
   * `IpsetError` with reason IPSET_ERR_FIND_TYPE.
   */
  async type(name: string, family: 'inet' | 'inet6' | 'unspec' = 'inet', options: CallOptions = {}): Promise<{ revision: number; revisionMin: number }> {
    const typename = checkTypeName(name, 'name');
    await this.#ready(options);
    const replies = await this.#call(() => this.#client.request(ipsetMessage, 'type', { header: header(), attrs: { protocol: IPSET_PROTOCOL, typename, family } }, options), `type ${typename}`, typename);
    const attrs = replies[0]?.attrs;
    return { revision: attrs?.revision ?? 0, revisionMin: attrs?.protocolMin ?? attrs?.revision ?? 0 };
  }

  /**
   * Makes a set. A name taken fails (NLM_F_EXCL); with `exist`, a set of that name with the same type and
   * options is no error.
   */
  async create(spec: IpsetSpec, options: CallOptions & { exist?: boolean } = {}): Promise<void> {
    if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError('spec', 'a set spec is an object');
    const name = checkSetName(spec.name, 'spec.name');
    const typename = checkTypeName(spec.type, 'spec.type');
    const info = setTypes[typename];
    const family = familyOf(spec, info?.families);
    const data = createData(spec, typename, family);
    if (spec.revision !== undefined) uint(spec.revision, 'spec.revision', 255);
    await this.#ready(options);
    const revision = spec.revision ?? (await this.type(typename, family, options)).revision;
    const attrs = { protocol: IPSET_PROTOCOL, setname: name, typename, revision, family, data };
    await this.#call(() => this.#client.request(ipsetMessage, 'create', { header: header(), attrs }, options, NLM_F_CREATE | (options.exist ? 0 : NLM_F_EXCL)), `create ${name} ${typename}`, typename);
  }

  /**
   * Destroys a set (IPSET_ERR_BUSY while a rule or list set uses it; ENOENT when there is none, unless
   * `exist`: the kernel takes a destroy without NLM_F_EXCL as "if it exists").
   */
  async destroy(name: string, options: CallOptions & { exist?: boolean } = {}): Promise<void> {
    const setname = checkSetName(name, 'name');
    await this.#simple('destroy', setname, options, options.exist ? 0 : NLM_F_EXCL);
  }

  /** Destroys every set no rule or list set uses (`ipset destroy`). */
  async destroyAll(options: CallOptions = {}): Promise<void> {
    await this.#simple('destroy', undefined, options);
  }

  /** Removes every element of a set. */
  async flush(name: string, options: CallOptions = {}): Promise<void> {
    await this.#simple('flush', checkSetName(name, 'name'), options);
  }

  /** Removes every element of every set (`ipset flush`). */
  async flushAll(options: CallOptions = {}): Promise<void> {
    await this.#simple('flush', undefined, options);
  }

  /** Renames a set (IPSET_ERR_EXIST_SETNAME2 when the new name is taken). */
  async rename(from: string, to: string, options: CallOptions = {}): Promise<void> {
    await this.#pair('rename', checkSetName(from, 'from'), checkSetName(to, 'to'), options);
  }

  /** Swaps two sets' contents and types under their names (IPSET_ERR_TYPE_MISMATCH across types or families). */
  async swap(a: string, b: string, options: CallOptions = {}): Promise<void> {
    await this.#pair('swap', checkSetName(a, 'a'), checkSetName(b, 'b'), options);
  }

  /**
   * Lists sets with their members (`ipset list`), or one set by `name` (ENOENT when there is none).
   * `headers: true` leaves the members out (IPSET_FLAG_LIST_HEADER).
   */
  async list(options: ListOptions & { name?: string; headers?: boolean } = {}): Promise<IpsetSet[]> {
    const setname = options.name === undefined ? undefined : checkSetName(options.name, 'options.name');
    await this.#ready(options);
    const value = { header: header(), attrs: { protocol: IPSET_PROTOCOL, setname, flags: options.headers ? ['list-header' as const] : undefined } };
    const messages = await this.#call(() => this.#client.dumpAll(ipsetMessage, 'list', value, options), setname ? `list ${setname}` : 'list');
    return assembleSets(messages);
  }

  /** One set with its members. */
  async get(name: string, options: CallOptions = {}): Promise<IpsetSet> {
    const [set] = await this.list({ ...options, name });
    if (!set) throw new InvalidArgumentError('name', `the kernel listed no set ${JSON.stringify(name)}`);
    return set;
  }

  /**
   * Adds elements to a set, each checked against the set's type first (IPSET_ERR_EXIST for one there
   * already, unless `exist`). Many elements go in few requests, as `ipset restore` sends them (each
   * IPSET_ATTR_ADT up to 64 KiB); when some fail, the others are still added, and the first failure is
   * thrown, naming the element (its index, in `IpsetError.index`, and its value) and how many failed.
   */
  async add(name: string, elements: IpsetElement | readonly IpsetElement[], options: IpsetElementOptions = {}): Promise<void> {
    await this.#elements('add', name, elements, options);
  }

  /** Deletes elements from a set (IPSET_ERR_EXIST for one not in it, unless `exist`). */
  async del(name: string, elements: IpsetElement | readonly IpsetElement[], options: IpsetElementOptions = {}): Promise<void> {
    await this.#elements('del', name, elements, options);
  }

  /** Whether an element is in a set (for net types, whether an address falls in one of its nets). */
  async test(name: string, element: IpsetElement, options: CallOptions = {}): Promise<boolean> {
    try {
      await this.#elements('test', name, [element], options);
      return true;
    } catch (error) {
      if (error instanceof IpsetError && error.errno === NOT_IN_SET) return false;
      throw error;
    }
  }

  async #elements(cmd: 'add' | 'del' | 'test', name: string, elements: IpsetElement | readonly IpsetElement[], options: IpsetElementOptions): Promise<void> {
    const setname = checkSetName(name, 'name');
    const list: readonly IpsetElement[] = Array.isArray(elements) ? elements : [elements as IpsetElement];
    if (cmd === 'test' && options.exist) throw new InvalidArgumentError('options.exist', 'test takes no exist flag');
    // The set's type and family, so that each element is checked before anything is sent.
    const set = await this.header(setname, options);
    const encoded = list.map((element, i) => encodeElement(element, set.type, set.family, list === elements ? `elements[${i}]` : 'element'));
    // The kernel takes "exist" from the header (flag_exist: no NLM_F_EXCL means no error for an element
    // there already, or not there), not from IPSET_ATTR_FLAGS.
    const flags = cmd === 'test' || options.exist ? 0 : NLM_F_EXCL;
    const what = `${cmd} ${setname}`;
    if (cmd === 'test' || encoded.length === 1) {
      await this.#call(() => this.#client.request(ipsetElementMessage, cmd, { header: header(), attrs: { protocol: IPSET_PROTOCOL, setname, data: encoded[0] } }, options, flags), what, set.type);
      return;
    }
    const failures = await sendBulk(this.#client, cmd, setname, encoded, flags, options);
    if (failures.length > 0) {
      const { index, error } = failures[0]!;
      const element = list === elements ? `elements[${index}]` : 'element';
      throw ipsetError(error, `${what} (${element} ${describeElement(list[index]!)}; ${failures.length} of ${list.length} failed)`, set.type, index);
    }
  }

  async #simple(cmd: 'destroy' | 'flush', setname: string | undefined, options: CallOptions, flags = 0): Promise<void> {
    await this.#ready(options);
    await this.#call(() => this.#client.request(ipsetMessage, cmd, { header: header(), attrs: { protocol: IPSET_PROTOCOL, setname } }, options, flags), setname ? `${cmd} ${setname}` : cmd);
  }

  /** A set's name, type, revision and family (IPSET_CMD_HEADER; ENOENT when there is none). */
  async header(name: string, options: CallOptions = {}): Promise<{ name: string; type: string; revision: number; family: 'inet' | 'inet6' | 'unspec' }> {
    const setname = checkSetName(name, 'name');
    await this.#ready(options);
    const [reply] = await this.#call(() => this.#client.request(ipsetMessage, 'header', { header: header(), attrs: { protocol: IPSET_PROTOCOL, setname } }, options), `header ${setname}`);
    const a = reply?.attrs;
    if (!a?.typename) throw new InvalidArgumentError('name', `the kernel sent no header for set ${JSON.stringify(setname)}`);
    return { name: a.setname ?? setname, type: a.typename, revision: a.revision ?? 0, family: a.family === 'inet' || a.family === 'inet6' ? a.family : 'unspec' };
  }

  async #pair(cmd: 'rename' | 'swap', setname: string, setname2: string, options: CallOptions): Promise<void> {
    await this.#ready(options);
    await this.#call(() => this.#client.request(ipsetRenameMessage, cmd, { header: header(), attrs: { protocol: IPSET_PROTOCOL, setname, setname2 } }, options), `${cmd} ${setname} ${setname2}`);
  }

  /** Runs a request, turning ipset's own errnos into IpsetError. */
  async #call<T>(send: () => Promise<T>, what: string, setType?: string): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw ipsetError(error, what, setType);
    }
  }

  /** The protocol handshake, once per handle (again after a failure). */
  #ready(options: CallOptions): Promise<void> {
    this.#handshake ??= this.protocol(options).then(
      (kernel) => {
        if (kernel.version < IPSET_PROTOCOL_MIN || kernel.min > IPSET_PROTOCOL) throw new IpsetProtocolError(kernel, { version: IPSET_PROTOCOL, min: IPSET_PROTOCOL_MIN });
      },
    );
    return this.#handshake.catch((error: unknown) => {
      this.#handshake = undefined;
      throw error;
    });
  }
}

function checkTypeName(name: unknown, argument: string): string {
  if (typeof name !== 'string' || !/^[a-z]+:[a-z,]+$/.test(name)) throw new InvalidArgumentError(argument, `a set type is named like 'hash:ip' or 'bitmap:port', not ${JSON.stringify(name)}`);
  return name;
}

function familyOf(spec: IpsetSpec, families: readonly ('inet' | 'inet6')[] | undefined): 'inet' | 'inet6' | 'unspec' {
  if (spec.family !== undefined && spec.family !== 'inet' && spec.family !== 'inet6') throw new InvalidArgumentError('spec.family', `'inet' or 'inet6', not ${JSON.stringify(spec.family)}`);
  if (families === undefined) return spec.family ?? 'inet';
  if (families.length === 0) {
    if (spec.family !== undefined) throw new InvalidArgumentError('spec.family', `${spec.type} sets have no family`);
    return 'unspec';
  }
  const family = spec.family ?? 'inet';
  if (!families.includes(family)) throw new InvalidArgumentError('spec.family', `${spec.type} sets are ${families.join(' or ')} only`);
  return family;
}

function uint(value: unknown, argument: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw new InvalidArgumentError(argument, `an integer from 0 to ${max}, not ${String(value)}`);
  return value;
}

/** The create-time IPSET_ATTR_DATA, each option checked against the type. */
function createData(spec: IpsetSpec, type: string, family: 'inet' | 'inet6' | 'unspec'): CreateData {
  const kind = type.split(':')[0];
  const data: CreateData = {};
  const only = (option: keyof IpsetSpec, ok: boolean, types: string) => {
    if (spec[option] !== undefined && !ok) throw new InvalidArgumentError(`spec.${option}`, `${type} sets take no ${option} (${types} do)`);
  };
  only('hashsize', kind === 'hash', 'hash sets');
  only('maxelem', kind === 'hash', 'hash sets');
  only('forceadd', kind === 'hash', 'hash sets');
  only('bucketsize', kind === 'hash', 'hash sets');
  only('initval', kind === 'hash', 'hash sets');
  only('netmask', type === 'hash:ip' || type === 'bitmap:ip', 'hash:ip and bitmap:ip');
  only('range', type === 'bitmap:ip' || type === 'bitmap:ip,mac', 'bitmap:ip and bitmap:ip,mac');
  only('portRange', type === 'bitmap:port', 'bitmap:port');
  only('size', kind === 'list', 'list:set');
  if (spec.hashsize !== undefined) data.hashsize = uint(spec.hashsize, 'spec.hashsize', 0xffffffff);
  if (spec.maxelem !== undefined) data.maxelem = uint(spec.maxelem, 'spec.maxelem', 0xffffffff);
  if (spec.netmask !== undefined) data.netmask = uint(spec.netmask, 'spec.netmask', family === 'inet6' ? 128 : 32);
  if (spec.size !== undefined) data.size = uint(spec.size, 'spec.size', 0xffffffff);
  if (spec.bucketsize !== undefined) data.bucketsize = uint(spec.bucketsize, 'spec.bucketsize', 255);
  if (spec.initval !== undefined) data.initval = uint(spec.initval, 'spec.initval', 0xffffffff);
  if (spec.timeout !== undefined) data.timeout = uint(spec.timeout, 'spec.timeout', 2147483);
  const flags: ('with-counters' | 'with-comment' | 'with-skbinfo' | 'with-forceadd')[] = [];
  if (spec.counters) flags.push('with-counters');
  if (spec.comment) flags.push('with-comment');
  if (spec.skbinfo) flags.push('with-skbinfo');
  if (spec.forceadd) flags.push('with-forceadd');
  if (flags.length > 0) data.cadtFlags = flags;
  if ((type === 'bitmap:ip' || type === 'bitmap:ip,mac') && spec.range === undefined) throw new InvalidArgumentError('spec.range', `${type} sets need a range of addresses`);
  if (spec.range !== undefined) {
    if (typeof spec.range === 'string') {
      const element = encodeElement({ ip: spec.range }, 'bitmap:ip', 'inet', 'spec.range');
      data.ip = element.ip;
      data.cidr = element.cidr;
    } else {
      data.ip = encodeElement({ ip: spec.range?.from }, 'bitmap:ip', 'inet', 'spec.range.from').ip;
      data.ipTo = encodeElement({ ip: spec.range.to }, 'bitmap:ip', 'inet', 'spec.range.to').ip;
    }
  }
  if (type === 'bitmap:port') {
    if (spec.portRange === undefined) throw new InvalidArgumentError('spec.portRange', 'bitmap:port sets need a range of ports');
    data.port = uint(spec.portRange?.from, 'spec.portRange.from', 0xffff);
    data.portTo = uint(spec.portRange.to, 'spec.portRange.to', 0xffff);
  }
  return data;
}

/** A listing's messages grouped into sets: the first message of a set has its header, later ones more members. */
function assembleSets(messages: readonly ListedMessage[]): IpsetSet[] {
  const sets: IpsetSet[] = [];
  const byName = new Map<string, IpsetSet>();
  for (const { attrs } of messages) {
    const name = attrs.setname ?? '';
    let set = byName.get(name);
    if (!set) {
      set = decodeHeader(name, attrs);
      byName.set(name, set);
      sets.push(set);
    }
    for (const data of attrs.adt?.data ?? []) set.members.push(decodeElement(data));
  }
  return sets;
}

function decodeHeader(name: string, attrs: ListedMessage['attrs']): IpsetSet {
  const d = attrs.data ?? {};
  const flags = d.cadtFlags ?? [];
  const set: IpsetSet = {
    name,
    type: attrs.typename ?? '',
    revision: attrs.revision ?? 0,
    family: attrs.family === 'inet' || attrs.family === 'inet6' ? attrs.family : 'unspec',
    counters: flags.includes('with-counters'),
    comment: flags.includes('with-comment'),
    skbinfo: flags.includes('with-skbinfo'),
    forceadd: flags.includes('with-forceadd'),
    references: d.references ?? 0,
    memsize: d.memsize ?? 0,
    members: [],
  };
  if (d.timeout !== undefined) set.timeout = d.timeout;
  if (d.hashsize !== undefined) set.hashsize = d.hashsize;
  if (d.maxelem !== undefined) set.maxelem = d.maxelem;
  if (d.netmask !== undefined) set.netmask = d.netmask;
  if (d.bucketsize !== undefined) set.bucketsize = d.bucketsize;
  if (d.initval !== undefined) set.initval = d.initval;
  if (d.ip && d.ipTo) set.range = { from: (d.ip.ipv4 ?? d.ip.ipv6)!, to: (d.ipTo.ipv4 ?? d.ipTo.ipv6)! };
  if (d.port !== undefined && d.portTo !== undefined) set.portRange = { from: d.port, to: d.portTo };
  if (d.size !== undefined) set.size = d.size;
  if (d.elements !== undefined) set.elements = d.elements;
  return set;
}
