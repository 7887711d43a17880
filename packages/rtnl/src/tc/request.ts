import type { MessageInput } from '@linx/netlink-codec';
import { InvalidArgumentError, checkIfname, checkIndex, type InterfaceRef } from '../shared/arguments.js';
import type { attrsAttrs, tcmsg } from '../generated/tc.js';
import { TC_H_INGRESS, TC_H_ROOT, TC_H_UNSPEC, parseHandle, parseParent, type TcHandle } from './handles.js';
import { classOptionsInput, qdiscOptionsInput } from './kinds/index.js';
import { estimatorInput, type Estimator } from './estimator.js';

/** A tc request as the generated codec encodes it. */
export type TcRequest = MessageInput<typeof tcmsg.fields, typeof attrsAttrs.attributes>;

/** What every qdisc and class call names: the interface, and where in its tree. */
export interface TcTarget {
  /** The interface, by name or index. */
  dev: InterfaceRef;
  /** `'root'` (a qdisc's default), `'ingress'`, `'clsact'`, or the parent's handle (`'1:'`, `'1:10'`). */
  parent?: TcHandle;
  /** The qdisc's (`'1:'`) or class's (`'1:10'`) handle; for a new qdisc the kernel picks one when absent. */
  handle?: TcHandle;
  /** A rate estimator for `stats.rate` (TCA_RATE), when adding or changing. */
  estimator?: Estimator;
}

/** A request's parts checked before anything is sent; the interface index is filled in once resolved. */
export interface CheckedTc {
  dev: InterfaceRef;
  handle: number;
  parent: number;
  kind: string | undefined;
  options: unknown;
  estimator: { interval: number; ewmaLog: number } | undefined;
}

function checkKind(kind: unknown, argument: string): string {
  if (typeof kind !== 'string' || kind.length === 0 || kind.length > 15 || !/^[\w-]+$/.test(kind)) {
    throw new InvalidArgumentError(argument, `${JSON.stringify(kind)} is not a kind (a name such as 'htb', 'tbf', 'ingress', at most 15 characters)`);
  }
  return kind;
}

function checkDev(dev: unknown): InterfaceRef {
  if (typeof dev === 'number') return checkIndex(dev, 'spec.dev');
  if (typeof dev === 'string') return checkIfname(dev, 'spec.dev');
  throw new InvalidArgumentError('spec.dev', `the interface is a name or an index, not ${dev === null ? 'null' : typeof dev}`);
}

function checkSpec(spec: unknown): asserts spec is TcTarget & { kind?: unknown; options?: unknown } {
  if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError('spec', `expected an object with at least dev, got ${spec === null ? 'null' : typeof spec}`);
}

/**
 * A qdisc request's parts. `kind` is required to create one; ingress and clsact get their parent
 * (TC_H_INGRESS) and handle (`ffff:`) as `tc` gives them.
 */
export function qdiscRequest(spec: unknown, purpose: 'create' | 'change' | 'delete'): CheckedTc {
  checkSpec(spec);
  const dev = checkDev(spec.dev);
  const kind = spec.kind === undefined && purpose !== 'create' ? undefined : checkKind(spec.kind, 'spec.kind');
  const special = kind === 'ingress' || kind === 'clsact';
  const parent = spec.parent === undefined ? (special ? TC_H_INGRESS : TC_H_ROOT) : parseParent(spec.parent, 'spec.parent');
  if (special && parent !== TC_H_INGRESS) throw new InvalidArgumentError('spec.parent', `${kind} sits at parent 'ingress' (TC_H_INGRESS)`);
  let handle = spec.handle === undefined ? (special ? 0xffff_0000 : TC_H_UNSPEC) : parseHandle(spec.handle, 'spec.handle');
  if (handle & 0xffff) throw new InvalidArgumentError('spec.handle', `a qdisc's handle has no minor ('${(handle >>> 16).toString(16)}:')`);
  handle >>>= 0;
  const options = purpose === 'delete' || kind === undefined ? undefined : qdiscOptionsInput(kind, spec.options, 'spec.options');
  return { dev, handle, parent, kind, options, estimator: checkEstimator(spec, purpose) };
}

/**
 * A class request's parts: `handle` (the classid) is required; `parent` defaults to the handle's qdisc
 * when creating or changing, and to none (TC_H_UNSPEC, as `tc class del` sends) when deleting.
 */
export function classRequest(spec: unknown, purpose: 'create' | 'change' | 'delete'): CheckedTc {
  checkSpec(spec);
  const dev = checkDev(spec.dev);
  if (spec.handle === undefined) throw new InvalidArgumentError('spec.handle', "a class needs its classid ('1:10')");
  const handle = parseHandle(spec.handle, 'spec.handle');
  if ((handle & 0xffff) === 0) throw new InvalidArgumentError('spec.handle', `${JSON.stringify(spec.handle)} is a qdisc's handle; a class's has a minor ('1:10')`);
  const parent = spec.parent !== undefined ? parseParent(spec.parent, 'spec.parent') : purpose === 'delete' ? TC_H_UNSPEC : (handle & 0xffff_0000) >>> 0;
  if (parent !== TC_H_ROOT && parent !== TC_H_UNSPEC && parent >>> 16 !== handle >>> 16) {
    throw new InvalidArgumentError('spec.parent', `a class's parent is its qdisc or a class of it (major ${(handle >>> 16).toString(16)}:), not ${JSON.stringify(spec.parent)}`);
  }
  const kind = spec.kind === undefined && purpose !== 'create' ? undefined : checkKind(spec.kind, 'spec.kind');
  const options = purpose === 'delete' || kind === undefined ? undefined : classOptionsInput(kind, spec.options, 'spec.options');
  return { dev, handle, parent, kind, options, estimator: checkEstimator(spec, purpose) };
}

function checkEstimator(spec: { estimator?: unknown }, purpose: 'create' | 'change' | 'delete'): CheckedTc['estimator'] {
  if (spec.estimator === undefined) return undefined;
  if (purpose === 'delete') throw new InvalidArgumentError('spec.estimator', 'a delete takes no estimator');
  return estimatorInput(spec.estimator, 'spec.estimator');
}

/** The codec input of a checked request, once the interface index is known. */
export function tcInput(c: CheckedTc, ifindex: number): TcRequest {
  const attrs: Record<string, unknown> = {};
  if (c.kind !== undefined) attrs.kind = c.kind;
  if (c.options !== undefined) attrs.options = c.options;
  if (c.estimator !== undefined) attrs.rate = c.estimator;
  return { header: { family: 0, ifindex, handle: c.handle, parent: c.parent, info: 0 }, attrs } as TcRequest;
}
