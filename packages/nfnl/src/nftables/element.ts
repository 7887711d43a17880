import { compileMessage } from '@linx/netlink-codec';
import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import { familyOf, keepDecoded, type DecodedMessage } from './common.js';
import { decodeChunk } from '@linx/netlink-client';
import { dumpList, type DumpList, type DumpSeries } from '@linx/netlink-socket';
import { nftType, type CallOptions, type NftClient, type NftOperation, type ListOptions } from './client.js';
import type { Verdict } from './data.js';
import type { Expression, ExpressionInput } from './expr/expression.js';
import { setElemListMessage } from './messages.js';
import { commentOf, commentTypes, withComment } from './userdata.js';
import { checkName } from './limits.js';

/** A set element as listed. Keys and data are bytes (see `value` for building them). */
export interface SetElement {
  key?: Uint8Array;
  /** The last key of a range, in sets of concatenations with intervals. */
  keyEnd?: Uint8Array;
  /** A map's value. */
  data?: Uint8Array;
  /** A verdict map's verdict. */
  verdict?: Verdict;
  /** 'interval-end' (the exclusive end of a range in an interval set), 'catchall' (the `*` element). */
  flags: ('interval-end' | 'catchall' | number)[];
  /** Its timeout and the time left, in milliseconds. */
  timeout?: bigint;
  expiration?: bigint;
  /** An object map's object name. */
  objref?: string;
  expressions?: Expression[];
  comment?: string;
  userdata?: Uint8Array;
}

/** An element to add or delete. */
export interface SetElementSpec {
  key?: Uint8Array;
  keyEnd?: Uint8Array;
  data?: Uint8Array;
  verdict?: Verdict;
  flags?: readonly ('interval-end' | 'catchall' | number)[];
  timeout?: number | bigint;
  /** Time left, for an element re-added with its remaining time. */
  expiration?: number | bigint;
  objref?: string;
  expressions?: readonly ExpressionInput[];
  comment?: string;
  userdata?: Uint8Array;
}

/** The elements of one set, as a NEWSETELEM (or DELSETELEM) carries them. */
export interface SetElements {
  family: Family;
  table: string;
  set: string;
  elements: SetElement[];
}

/** A decoded NEWSETELEM as the set it belongs to and its elements. */
export function elementsFrom(message: DecodedMessage<typeof setElemListMessage>): SetElements {
  const a = message.attrs;
  const elements = (a.elements?.elem ?? []).map((e) => {
    const element: SetElement = { flags: e.flags ?? [] };
    if (e.key?.value !== undefined) element.key = e.key.value;
    if (e.keyEnd?.value !== undefined) element.keyEnd = e.keyEnd.value;
    if (e.data?.value !== undefined) element.data = e.data.value;
    if (e.data?.verdict !== undefined) element.verdict = e.data.verdict as Verdict;
    if (e.timeout !== undefined) element.timeout = e.timeout;
    if (e.expiration !== undefined) element.expiration = e.expiration;
    if (e.objref !== undefined) element.objref = e.objref;
    const expressions = e.expressions?.elem ?? (e.expr ? [e.expr] : undefined);
    if (expressions?.length) element.expressions = expressions as Expression[];
    if (e.userdata !== undefined) {
      element.userdata = e.userdata;
      const comment = commentOf(e.userdata, commentTypes.element);
      if (comment !== undefined) element.comment = comment;
    }
    return keepDecoded(element, e);
  });
  return keepDecoded({ family: familyOf(message.header.family), table: a.table ?? '', set: a.set ?? '', elements }, message);
}

function elementValue(spec: SetElementSpec) {
  const userdata = spec.comment !== undefined ? withComment(spec.comment, commentTypes.element, spec.userdata) : spec.userdata;
  return {
    ...(spec.key ? { key: { value: spec.key } } : {}),
    ...(spec.keyEnd ? { keyEnd: { value: spec.keyEnd } } : {}),
    ...(spec.data ? { data: { value: spec.data } } : spec.verdict ? { data: { verdict: spec.verdict } } : {}),
    ...(spec.flags?.length ? { flags: spec.flags } : {}),
    ...(spec.timeout !== undefined ? { timeout: BigInt(spec.timeout) } : {}),
    ...(spec.expiration !== undefined ? { expiration: BigInt(spec.expiration) } : {}),
    objref: spec.objref,
    ...(spec.expressions?.length ? { expressions: { elem: spec.expressions as never } } : {}),
    ...(userdata ? { userdata } : {}),
  };
}

/** Which set's elements. */
export interface ElementsTarget {
  family: Family;
  table: string;
  set: string;
  /** The set's id, for a set added in the same batch under an id. */
  setId?: number;
}

function listValue(target: ElementsTarget, elements: readonly SetElementSpec[]) {
  checkName('table', target.table);
  if (target.set !== undefined) checkName('set', target.set);
  return {
    header: { family: target.family },
    attrs: { table: target.table, set: target.set, setId: target.setId, elements: { elem: elements.map(elementValue) } },
  };
}

/** Batch operations on set elements. */
export const elementOps = {
  /** NFT_MSG_NEWSETELEM with NLM_F_CREATE (and NLM_F_EXCL for `create`: EEXIST for an element already there). */
  add(target: ElementsTarget, elements: readonly SetElementSpec[], exclusive = false): NftOperation {
    return {
      msg: 'newsetelem',
      flags: NLM_F_CREATE | (exclusive ? NLM_F_EXCL : 0),
      decl: setElemListMessage,
      value: listValue(target, elements),
      description: `${exclusive ? 'create' : 'add'} ${elements.length} element(s) to set ${target.family} ${target.table} ${target.set}`,
    };
  },
  /** NFT_MSG_DELSETELEM: removes the elements (by key; an interval by its start and end elements). */
  delete(target: ElementsTarget, elements: readonly SetElementSpec[]): NftOperation {
    return { msg: 'delsetelem', flags: 0, decl: setElemListMessage, value: listValue(target, elements), description: `delete ${elements.length} element(s) from set ${target.family} ${target.table} ${target.set}` };
  },
  /** NFT_MSG_DESTROYSETELEM (Linux 6.3+): removes the elements that exist. */
  destroy(target: ElementsTarget, elements: readonly SetElementSpec[]): NftOperation {
    return { msg: 'destroysetelem', flags: 0, decl: setElemListMessage, value: listValue(target, elements), description: `destroy ${elements.length} element(s) of set ${target.family} ${target.table} ${target.set}` };
  },
};

/** A GETSETELEM dump's request of one set. */
function listRequest(target: ElementsTarget) {
  return { header: { family: target.family }, attrs: { table: target.table, set: target.set } };
}

/** A NEWSETELEM's elements, decoded straight from the receive batch. */
function elementsReader() {
  const codec = compileMessage(setElemListMessage);
  return { replyType: setElemListMessage.types.newsetelem, decode: (bytes: Uint8Array, view: DataView, start: number, end: number) => elementsFrom(codec.decodeAt(bytes, view, start, end)).elements };
}

/** Set elements: list, get, add, create, delete, destroy. Each change is a batch of its own. */
export class Elements {
  constructor(private readonly client: NftClient) {}

  /** Every element of a set. */
  async list(target: ElementsTarget, options: ListOptions = {}): Promise<DumpList<SetElement>> {
    // Decoded straight from the receive batches (no promise per message): ruleset() makes one such dump
    // per set, thousands for a ruleset with many anonymous sets.
    const lists = await this.client.collect(setElemListMessage, 'getsetelem', listRequest(target), elementsReader(), options);
    return dumpList(lists.length === 1 ? lists[0]! : lists.flat(), lists.interrupted);
  }

  /**
   * Every element of each of `targets`, as one series of dumps on `series`' socket (see `DumpSeries`: the
   * addon's thread sends each dump once the one before ended, so the kernel's work for them leaves the JS
   * thread, and each set's elements are decoded as they come). Resolves with each set's elements in the
   * order of `targets`, each marked `interrupted` when the kernel flagged its dump (no retry here). A set
   * the kernel refuses (ENOENT: deleted meanwhile) rejects with its `NetlinkError`. `options.timeout`
   * bounds the whole series.
   */
  listSeries(series: DumpSeries, targets: readonly ElementsTarget[], options: CallOptions = {}): Promise<DumpList<SetElement>[]> {
    const codec = compileMessage(setElemListMessage);
    const reader = elementsReader();
    const type = nftType('getsetelem');
    const requests = targets.map((target) => ({ type, payload: codec.encode(listRequest(target)) }));
    return series.run(
      requests,
      (answer) => {
        if (answer.error) throw answer.error;
        // One list per NEWSETELEM (the kernel ends a set's dump with an empty one).
        const lists = answer.chunks.length === 1 ? decodeChunk(answer.chunks[0]!, reader) : answer.chunks.flatMap((chunk) => decodeChunk(chunk, reader));
        return dumpList(lists.length === 1 ? lists[0]! : lists.flat(), answer.interrupted);
      },
      { headerLength: codec.headerLength, ...(options.signal ? { signal: options.signal } : {}), ...(options.timeout === undefined ? {} : { timeout: options.timeout }) },
    );
  }

  /** The elements of a set that hold `keys` (the kernel answers ENOENT if one is missing). */
  async get(target: ElementsTarget, keys: readonly SetElementSpec[], options: CallOptions = {}): Promise<SetElement[]> {
    const replies = await this.client.get(setElemListMessage, 'getsetelem', listValue(target, keys), options);
    return replies.flatMap((m) => elementsFrom(m).elements);
  }

  async add(target: ElementsTarget, elements: readonly SetElementSpec[], options: CallOptions = {}): Promise<void> {
    await this.client.send([elementOps.add(target, elements)], options);
  }
  async create(target: ElementsTarget, elements: readonly SetElementSpec[], options: CallOptions = {}): Promise<void> {
    await this.client.send([elementOps.add(target, elements, true)], options);
  }
  async delete(target: ElementsTarget, elements: readonly SetElementSpec[], options: CallOptions = {}): Promise<void> {
    await this.client.send([elementOps.delete(target, elements)], options);
  }
  async destroy(target: ElementsTarget, elements: readonly SetElementSpec[], options: CallOptions = {}): Promise<void> {
    await this.client.send([elementOps.destroy(target, elements)], options);
  }
}
