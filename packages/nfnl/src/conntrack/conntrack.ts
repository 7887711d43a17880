import { compileMessage } from '@linx/netlink-codec';
import { nameBlamedAttribute } from '@linx/netlink-codec/runtime';
import { dumpList, InvalidArgumentError, type Connection, type DumpList } from '@linx/netlink-socket';
import { NetlinkError, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import { SubsystemClient, type CallOptions, type ListOptions } from '../subsystem-client.js';
import { nfCtStatusValues, nfCtTcpStateValues, type NfCtTcpState } from './generated/conntrack.js';
import { entryFrom, type ConntrackEntry, type ConntrackStatus } from './entry.js';
import { readEntry } from './entry-reader.js';
import { ConntrackEvents, ExpectationEvents, type ConntrackEventKind, type ExpectationEventKind } from './events.js';
import { checkFilter, dumpAttrsOf, matches, type ConntrackFilter } from './filter.js';
import { checkHelperName, expectationFrom, expectationKeyRequest, expectationRequest, type ConntrackExpectation, type ExpectationKey, type ExpectationSpec } from './expectation.js';
import { conntrackMessage, ctMsgValues, expectMessage, expMsgValues, statsCpuMessage, statsGlobalMessage } from './messages.js';
import { checkTuples, invertTuple, tupleAttrsOf, type ConntrackFamily, type TupleSpec } from './tuple.js';
import { checkInteger } from '../arguments.js';
import { checkLabels, labelBytes } from './labels.js';

/** Which entry: its original (or reply) tuple, whole, and its zone; or an entry as listed. */
export type ConntrackKey =
  | ConntrackEntry
  | { family?: ConntrackFamily; original: TupleSpec; zone?: number; id?: number }
  | { family?: ConntrackFamily; reply: TupleSpec; zone?: number; id?: number };

/** An entry to create (`conntrack -I`). */
export interface ConntrackSpec {
  family?: ConntrackFamily;
  /** The original direction: src, dst and protocol, and ports or ICMP fields as the protocol has them. */
  original: TupleSpec;
  /** The reply direction; by default the original's inverse (no NAT). */
  reply?: TupleSpec;
  /** Seconds until it expires. */
  timeout: number;
  mark?: number;
  zone?: number;
  /** Status bits to set ('seen-reply', 'assured', …; 'confirmed' is always added: the kernel refuses to clear it). */
  status?: readonly ConntrackStatus[];
  /** TCP's state ('established', 'syn-sent', …). */
  tcp?: { state: NfCtTcpState };
  /**
   * Connection labels to set, by number (0–127; CTA_LABELS). The kernel keeps labels only in a namespace
   * where something uses them (an nft `ct label set` rule, iptables' connlabel): elsewhere it creates the
   * entry without them, silently, for `conntrack -I --label-add` too.
   */
  labels?: readonly number[];
  /**
   * A helper for the entry ('ftp', 'sip', …; CTA_HELP): it then watches the connection's packets and may
   * create expectations, and `createExpectation` may add some to it. EOPNOTSUPP if the kernel has no such
   * helper for the entry's family and protocol.
   */
  helper?: string;
}

/** What `update` changes on an existing entry. */
export interface ConntrackChanges {
  timeout?: number;
  /** The new mark, or `{ value, mask }`: only the bits of `mask` change, to `value`'s (CTA_MARK_MASK). */
  mark?: number | { value: number; mask: number };
  status?: readonly ConntrackStatus[];
  tcp?: { state: NfCtTcpState };
  /**
   * The labels: a list replaces the entry's whole set (CTA_LABELS); `{ add, remove }` sets and clears only
   * those (CTA_LABELS with CTA_LABELS_MASK, in one step in the kernel), leaving the others. Where nothing in
   * the namespace uses labels, the kernel refuses with ENOSPC (the entry has no room for them).
   */
  labels?: readonly number[] | { add?: readonly number[]; remove?: readonly number[] };
}

/** One CPU's conntrack statistics (`conntrack -S`). */
export interface ConntrackCpuStats {
  cpu: number;
  found: number;
  invalid: number;
  insert: number;
  insertFailed: number;
  drop: number;
  earlyDrop: number;
  error: number;
  searchRestart: number;
  clashResolve: number;
  chainTooLong: number;
}

/**
 * Connection tracking over nfnetlink (ctnetlink): list and get entries (with filters the kernel applies
 * where it can), create, update, delete, flush, statistics and the table's size, and events.
 */
export class Conntrack {
  /** The subsystem's requests (IPCTNL_MSG_CT_* by name), for messages the verbs do not cover. */
  readonly client: SubsystemClient<typeof ctMsgValues>;
  readonly #expectations: SubsystemClient<typeof expMsgValues>;

  constructor(readonly connection: Connection) {
    this.client = new SubsystemClient(connection, 'ctnetlink', ctMsgValues);
    this.#expectations = new SubsystemClient(connection, 'ctnetlinkExp', expMsgValues);
  }

  /**
   * Every expectation (of `family`): `conntrack -L expect` (IPCTNL_MSG_EXP_GET, NFNL_SUBSYS_CTNETLINK_EXP).
   * With `master` (an entry's whole original tuple, and `zone`), only that connection's: the kernel dumps
   * the master's own list (ctnetlink_dump_exp_ct()); ENOENT if there is no such entry.
   */
  async expectations(filter: { family?: ConntrackFamily; master?: TupleSpec; zone?: number } = {}, options: ListOptions = {}): Promise<DumpList<ConntrackExpectation>> {
    const attrs: Record<string, unknown> = {};
    let family = checkTuples([], filter.family);
    if (filter.master !== undefined) {
      const key = keyRequest({ family: filter.family, original: filter.master, zone: filter.zone }, 'filter.master');
      family = key.family;
      attrs.master = key.attrs.tupleOrig;
      if (key.attrs.zone !== undefined) attrs.zone = key.attrs.zone;
    } else if (filter.zone !== undefined) throw new InvalidArgumentError('filter.zone', 'a zone goes with a master tuple');
    // For a master without a helper, ctnetlink_dump_exp_ct() starts no dump and returns 0: the kernel would
    // send nothing at all (a dump asks for no ACK) and the list would wait forever. With NLM_F_ACK it sends
    // an ACK, which ends the dump empty; a dump it does start is never ACKed (netlink_rcv_skb() skips it).
    const flags = filter.master !== undefined ? NLM_F_ACK : 0;
    const replies = await this.#expectations.dumpAll(expectMessage, 'get', { header: { family: family ?? 'unspec' }, attrs }, { ...options, flags });
    return dumpList(replies.map(expectationFrom), replies.interrupted);
  }

  /**
   * Creates an expectation (`conntrack -I expect`; IPCTNL_MSG_EXP_NEW with NLM_F_CREATE | NLM_F_EXCL): the
   * master entry must exist (ENOENT) and have a helper (EOPNOTSUPP: an nft `ct helper` rule, or `helper` on
   * `create`); EEXIST if an expectation with that tuple exists; EBUSY when the helper's limit is reached.
   */
  async createExpectation(spec: ExpectationSpec, options: CallOptions = {}): Promise<void> {
    const { family, attrs } = expectationRequest(spec);
    await this.#expectations.request(expectMessage, 'new', { header: { family }, attrs }, options, NLM_F_CREATE | NLM_F_EXCL);
  }

  /** Sets an existing expectation's timeout (seconds left; ctnetlink_change_expect()); ENOENT if there is none. */
  async updateExpectation(key: ExpectationKey, changes: { timeout: number }, options: CallOptions = {}): Promise<void> {
    const { family, attrs } = expectationKeyRequest(key);
    delete attrs.id;
    attrs.timeout = checkInteger('changes.timeout', changes?.timeout, 0, 0xffffffff);
    // IPCTNL_MSG_EXP_NEW without NLM_F_CREATE changes the expectation its tuple finds (the kernel needs a master and mask in it too, unread).
    attrs.master = attrs.tuple;
    attrs.mask = attrs.tuple;
    await this.#expectations.request(expectMessage, 'new', { header: { family }, attrs }, options);
  }

  /** Deletes one expectation by its tuple (and id, for a listed one): `conntrack -D expect`; ENOENT if none. */
  async deleteExpectation(key: ExpectationKey, options: CallOptions = {}): Promise<void> {
    const { family, attrs } = expectationKeyRequest(key);
    await this.#expectations.request(expectMessage, 'delete', { header: { family }, attrs }, options);
  }

  /**
   * Deletes the expectations of one master connection (listed, then each deleted by tuple and id), or of one
   * helper (CTA_EXPECT_HELP_NAME: the kernel deletes them in one request). Resolves with how many were
   * deleted for a master; for a helper the kernel does not say (undefined).
   */
  async deleteExpectations(which: { master: TupleSpec; family?: ConntrackFamily; zone?: number } | { helper: string }, options: ListOptions = {}): Promise<number | undefined> {
    if (typeof which !== 'object' || which === null) throw new InvalidArgumentError('which', '{ master } or { helper }');
    if ('helper' in which) {
      checkHelperName('which.helper', which.helper);
      await this.#expectations.request(expectMessage, 'delete', { header: { family: 'unspec' }, attrs: { helpName: which.helper } }, options);
      return undefined;
    }
    const listed = await this.expectations({ master: which.master, family: which.family, zone: which.zone }, options);
    let deleted = 0;
    for (const e of listed) {
      try {
        await this.deleteExpectation(e, options);
        deleted++;
      } catch (error) {
        // One that expired or matched meanwhile is gone already.
        if (!(error instanceof NetlinkError && error.errno === 2)) throw error;
      }
    }
    return deleted;
  }

  /** Deletes every expectation, of every family: the kernel's flush (`conntrack -F expect`) takes no family. */
  async flushExpectations(options: CallOptions = {}): Promise<void> {
    await this.#expectations.request(expectMessage, 'delete', { header: { family: 'unspec' } }, options);
  }

  /**
   * Every entry (matching `filter`). The kernel filters by family, mark and mask, status, zone and tuple
   * parts itself (CTA_FILTER, CTA_MARK_MASK, CTA_STATUS_MASK); linx checks the whole filter again on what comes
   * back. With `zeroCounters`, the counters are read and zeroed (`conntrack -L -z`). Throws
   * `InvalidArgumentError` for a bad filter before anything is sent.
   */
  async list(filter: ConntrackFilter = {}, options: ListOptions & { zeroCounters?: boolean } = {}): Promise<DumpList<ConntrackEntry>> {
    const checked = checkFilter(filter);
    const attrs = dumpAttrsOf(checked);
    if (options.zeroCounters !== undefined && typeof options.zeroCounters !== 'boolean') throw new InvalidArgumentError('options.zeroCounters', 'a boolean');
    // Read straight from the receive batches (readEntry), checked against the whole filter as they come.
    const accept = Object.values(checked).some((part) => part !== undefined) ? (entry: ConntrackEntry) => matches(checked, entry) : undefined;
    // IPCTNL_MSG_CT_GET_CTRZERO (`conntrack -L -z`): each entry is read, then its counters zeroed. The kernel
    // zeroes every entry its own filter lets through, also those the JavaScript check then drops.
    return this.client.collect(conntrackMessage, options.zeroCounters ? 'getCtrzero' : 'get', { header: { family: checked.family ?? 'unspec' }, attrs }, { replyType: conntrackMessage.types.getReply, decode: readEntry, accept }, options);
  }

  /** One entry by its tuple (and zone); a kernel ENOENT `NetlinkError` if there is none. */
  async get(key: ConntrackKey, options: CallOptions = {}): Promise<ConntrackEntry> {
    const { family, attrs } = keyRequest(key);
    const [reply] = await this.client.request(conntrackMessage, 'get', { header: { family }, attrs }, options);
    return entryFrom(reply!);
  }

  /** Creates an entry (`conntrack -I`); EEXIST if one with the same tuple exists. */
  async create(spec: ConntrackSpec, options: CallOptions = {}): Promise<void> {
    const { family, attrs } = createRequest(spec);
    await this.client.request(conntrackMessage, 'new', { header: { family }, attrs }, options, NLM_F_CREATE | NLM_F_EXCL);
  }

  /**
   * Creates many entries at once, pipelined on the socket (`Connection.requestAll`): one result per spec,
   * `undefined` where it was made, its error where not (EEXIST, …). Every spec is checked before anything is
   * sent.
   */
  async createMany(specs: readonly ConntrackSpec[], options: CallOptions = {}): Promise<(Error | undefined)[]> {
    const codec = compileMessage(conntrackMessage);
    const type = this.client.type('new');
    const messages = specs.map((spec, i) => {
      try {
        const { family, attrs } = createRequest(spec);
        return { type, flags: NLM_F_CREATE | NLM_F_EXCL, payload: codec.encode({ header: { family }, attrs }) };
      } catch (error) {
        if (error instanceof InvalidArgumentError) throw new InvalidArgumentError(`specs[${i}].${error.argument}`, error.message.slice(error.argument.length + 2));
        throw error;
      }
    });
    const results = await this.connection.requestAll(messages, { headerLength: codec.headerLength, timeout: options.timeout, signal: options.signal });
    return results.map((r, i) => (r instanceof Error ? nameBlamedAttribute(r, conntrackMessage, messages[i]!.payload) : undefined)) as (Error | undefined)[];
  }

  /** Changes an existing entry's timeout, mark, status or TCP state; ENOENT if there is none. */
  async update(key: ConntrackKey, changes: ConntrackChanges, options: CallOptions = {}): Promise<void> {
    const { family, attrs } = keyRequest(key);
    Object.assign(attrs, changeAttrs(changes, 'changes'), labelChangeAttrs(changes.labels));
    await this.client.request(conntrackMessage, 'new', { header: { family }, attrs }, options);
  }

  /** Deletes one entry by its tuple (and id, for a listed entry: a newer entry with the same tuple is left alone). */
  async delete(key: ConntrackKey, options: CallOptions = {}): Promise<void> {
    const { family, attrs } = keyRequest(key);
    await this.client.request(conntrackMessage, 'delete', { header: { family }, attrs }, options);
  }

  /**
   * Deletes every entry matching `filter`, listed first and deleted one by one in bulk (each by tuple and
   * id, so an entry replaced meanwhile stays). Resolves with how many were deleted (entries that expired in
   * between are not counted). With no filter, use `flush`.
   */
  async deleteMatching(filter: ConntrackFilter, options: ListOptions = {}): Promise<number> {
    const entries = await this.list(filter, options);
    if (entries.length === 0) return 0;
    const codec = compileMessage(conntrackMessage);
    const type = this.client.type('delete');
    const messages = entries.map((e) => {
      const { family, attrs } = keyRequest(e);
      return { type, payload: codec.encode({ header: { family }, attrs }) };
    });
    const results = await this.connection.requestAll(messages, { headerLength: codec.headerLength, timeout: options.timeout, signal: options.signal });
    let deleted = 0;
    for (const r of results) {
      if (!(r instanceof Error)) deleted++;
      else if (!(r instanceof NetlinkError && r.errno === 2)) throw r;
    }
    return deleted;
  }

  /** Deletes every entry (of `family`): the kernel's flush (`conntrack -F`). */
  async flush(filter: { family?: ConntrackFamily } = {}, options: CallOptions = {}): Promise<void> {
    const family = checkTuples([], filter.family);
    // ctnetlink_del_conntrack() reads the family only from a message of version 1 or more: version 0 (older
    // tools) flushes every family whatever the header says.
    await this.client.request(conntrackMessage, 'delete', { header: { family: family ?? 'unspec', version: family ? 1 : 0 } }, options);
  }

  /** Per-CPU statistics (IPCTNL_MSG_CT_GET_STATS_CPU, `conntrack -S`). */
  async stats(options: ListOptions = {}): Promise<ConntrackCpuStats[]> {
    const replies = await this.client.dumpAll(statsCpuMessage, 'getStatsCpu', { header: { family: 'unspec' } }, options);
    return replies.map((r) => {
      const a = r.attrs;
      return {
        cpu: r.header.resId,
        found: a.found ?? 0,
        invalid: a.invalid ?? 0,
        insert: a.insert ?? 0,
        insertFailed: a.insertFailed ?? 0,
        drop: a.drop ?? 0,
        earlyDrop: a.earlyDrop ?? 0,
        error: a.error ?? 0,
        searchRestart: a.searchRestart ?? 0,
        clashResolve: a.clashResolve ?? 0,
        chainTooLong: a.chainToolong ?? 0,
      };
    });
  }

  /** How many entries the table holds, and its limit (IPCTNL_MSG_CT_GET_STATS; `conntrack -C`). */
  async count(options: CallOptions = {}): Promise<{ entries: number; max?: number }> {
    const [reply] = await this.client.request(statsGlobalMessage, 'getStats', { header: { family: 'unspec' } }, options);
    const a = reply!.attrs;
    return { entries: a.entries ?? 0, ...(a.maxEntries !== undefined ? { max: a.maxEntries } : {}) };
  }

  /** Subscribes to entries' events: `new`, `update`, `destroy` (all three by default). */
  events(kinds: readonly ConntrackEventKind[] = ['new', 'update', 'destroy']): ConntrackEvents {
    return new ConntrackEvents(this.connection, kinds);
  }

  /** Subscribes to expectations' events (`conntrack -E expect`): `new`, `destroy` (both by default). */
  expectationEvents(kinds: readonly ExpectationEventKind[] = ['new', 'destroy']): ExpectationEvents {
    return new ExpectationEvents(this.connection, kinds);
  }
}

/**
 * CTA_LABELS (and CTA_LABELS_MASK) of an update, the whole field: nf_connlabels_replace() zeroes the words a
 * request leaves out, also under a mask. `{ add, remove }` is what `conntrack -U --label-add` sends (the
 * labels as value and mask) with the removals in the mask only.
 */
function labelChangeAttrs(labels: ConntrackChanges['labels']): Record<string, unknown> {
  if (labels === undefined) return {};
  if (Array.isArray(labels)) return { labels: labelBytes(checkLabels('changes.labels', labels)) };
  if (typeof labels !== 'object' || labels === null) throw new InvalidArgumentError('changes.labels', 'a list of label numbers, or { add, remove }');
  const { add = [], remove = [] } = labels as { add?: readonly number[]; remove?: readonly number[] };
  checkLabels('changes.labels.add', add);
  checkLabels('changes.labels.remove', remove);
  const both = add.find((label) => remove.includes(label));
  if (both !== undefined) throw new InvalidArgumentError('changes.labels', `label ${both} is both added and removed`);
  return { labels: labelBytes(add), labelsMask: labelBytes([...add, ...remove]) };
}

/** A key's request: the family and the tuple attributes (CTA_TUPLE_ORIG or REPLY, CTA_ZONE, CTA_ID). */
function keyRequest(key: ConntrackKey, argument?: string): { family: ConntrackFamily; attrs: Record<string, unknown> } {
  if (typeof key !== 'object' || key === null) throw new InvalidArgumentError('key', 'an entry, or { original } or { reply } with a whole tuple');
  const original = 'original' in key ? key.original : undefined;
  const reply = 'reply' in key && !('original' in key) ? key.reply : undefined;
  const tuple = original ?? reply;
  const name = argument ?? (original ? 'key.original' : 'key.reply');
  if (tuple === undefined) throw new InvalidArgumentError('key', 'names no tuple: give original or reply (a delete without one would flush the table)');
  const family = checkTuples([[name, tuple]], key.family);
  if (family === undefined) throw new InvalidArgumentError(`${name}.src`, 'a tuple to look up needs its addresses');
  for (const part of ['src', 'dst', 'protocol'] as const) if (tuple[part] === undefined) throw new InvalidArgumentError(`${name}.${part}`, 'a tuple to look up needs src, dst and protocol');
  const attrs: Record<string, unknown> = {};
  attrs[original ? 'tupleOrig' : 'tupleReply'] = tupleAttrsOf(tuple, family, tuple.zone);
  if (key.zone !== undefined) attrs.zone = checkInteger('key.zone', key.zone, 0, 0xffff);
  // As on create: the kernel takes one zone (EINVAL for a tuple's zone after a nonzero CTA_ZONE).
  if (key.zone && tuple.zone) throw new InvalidArgumentError(`${name}.zone`, `an entry has one zone: key.zone = ${key.zone} and ${name}.zone = ${tuple.zone}`);
  if (key.id !== undefined) attrs.id = checkInteger('key.id', key.id, 0, 0xffffffff);
  return { family, attrs };
}

function createRequest(spec: ConntrackSpec): { family: ConntrackFamily; attrs: Record<string, unknown> } {
  if (typeof spec !== 'object' || spec === null || typeof spec.original !== 'object' || spec.original === null) throw new InvalidArgumentError('spec.original', 'an entry to create needs its original tuple');
  const reply = spec.reply ?? invertTuple(spec.original);
  const family = checkTuples([['spec.original', spec.original], ['spec.reply', reply]], spec.family);
  for (const part of ['src', 'dst', 'protocol'] as const) {
    if (spec.original[part] === undefined) throw new InvalidArgumentError(`spec.original.${part}`, 'an entry to create needs src, dst and protocol');
    if (reply[part] === undefined) throw new InvalidArgumentError(`spec.reply.${part}`, 'an entry to create needs src, dst and protocol');
  }
  if (spec.timeout === undefined) throw new InvalidArgumentError('spec.timeout', 'an entry to create needs a timeout (seconds)');
  // One zone per entry: for both directions (CTA_ZONE) or for one (CTA_TUPLE_ZONE in its tuple). The kernel
  // refuses a second (ctnetlink_parse_tuple_zone() in net/netfilter/nf_conntrack_netlink.c: EINVAL when the
  // zone already has an id), so `conntrack -I --orig-zone 1 --reply-zone 2` fails; say so before sending.
  const zones = ([['spec.zone', spec.zone], ['spec.original.zone', spec.original.zone], ['spec.reply.zone', reply.zone]] as const).filter(([, zone]) => zone !== undefined && zone !== 0);
  if (zones.length > 1) throw new InvalidArgumentError(zones[1]![0], `an entry has one zone, for both directions (zone) or for one (original.zone or reply.zone): ${zones.map(([n, z]) => `${n} = ${z}`).join(' and ')}`);
  const attrs: Record<string, unknown> = { tupleOrig: tupleAttrsOf(spec.original, family, spec.original.zone), tupleReply: tupleAttrsOf(reply, family, reply.zone), ...changeAttrs(spec, 'spec') };
  if (spec.zone !== undefined) attrs.zone = checkInteger('spec.zone', spec.zone, 0, 0xffff);
  // The conntrack tool sends the fewest words that hold the highest label; the kernel zeroes the rest.
  if (spec.labels !== undefined) attrs.labels = labelBytes(checkLabels('spec.labels', spec.labels), 'least');
  if (spec.helper !== undefined) attrs.help = { helpName: checkHelperName('spec.helper', spec.helper) };
  return { family: family!, attrs };
}

function changeAttrs(changes: Omit<ConntrackChanges, 'labels'>, name: string): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  if (changes.timeout !== undefined) attrs.timeout = checkInteger(`${name}.timeout`, changes.timeout, 0, 0xffffffff);
  if (typeof changes.mark === 'object' && changes.mark !== null) {
    const value = checkInteger(`${name}.mark.value`, changes.mark.value, 0, 0xffffffff);
    const mask = checkInteger(`${name}.mark.mask`, changes.mark.mask, 0, 0xffffffff);
    if ((value & ~mask) !== 0) throw new InvalidArgumentError(`${name}.mark.value`, `0x${value.toString(16)} has bits outside the mask 0x${mask.toString(16)}`);
    // ctnetlink_change_mark(): the new mark is (old & ~mask) ^ value.
    attrs.mark = value;
    attrs.markMask = mask;
  } else if (changes.mark !== undefined) attrs.mark = checkInteger(`${name}.mark`, changes.mark, 0, 0xffffffff);
  if (changes.status !== undefined) {
    if (!Array.isArray(changes.status)) throw new InvalidArgumentError(`${name}.status`, 'status is a list of status names');
    for (const s of changes.status) if (!(s in nfCtStatusValues)) throw new InvalidArgumentError(`${name}.status`, `${String(s)} is not a conntrack status`);
    // ctnetlink_change_status() refuses (EBUSY) a status that changes IPS_CONFIRMED, which every entry the
    // kernel holds has (ctnetlink sets it on the entries it creates, before applying CTA_STATUS).
    attrs.status = changes.status.includes('confirmed') ? changes.status : [...changes.status, 'confirmed'];
  }
  if (changes.tcp !== undefined) {
    if (!(changes.tcp.state in nfCtTcpStateValues)) throw new InvalidArgumentError(`${name}.tcp.state`, `${String(changes.tcp.state)} is not a TCP conntrack state`);
    attrs.protoinfo = { protoinfoTcp: { tcpState: changes.tcp.state } };
  }
  return attrs;
}
