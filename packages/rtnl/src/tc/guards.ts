import type { ClassKind, ClassOf, HtbClass, Qdisc, QdiscOf, TcClass } from './shape.js';
import type { QdiscKindInfo } from './kinds/index.js';

// The type guards of listed qdiscs and classes, apart from shape.ts: they load with the package, and
// shape.ts's decoders need every kind's options codec, which loads with the tc verbs on first use.

/** Narrows a listed qdisc to a kind, with its `options` typed. */
export function isQdiscOf<K extends keyof QdiscKindInfo>(q: Qdisc, kind: K): q is QdiscOf<K> {
  return q.kind === kind;
}

/** Narrows a listed class to an htb class. */
export function isHtbClass(c: TcClass): c is HtbClass {
  return c.kind === 'htb';
}

/** Narrows a listed class to a kind, with its `options` typed. */
export function isClassOf<K extends ClassKind>(c: TcClass, kind: K): c is ClassOf<K> & TcClass {
  return c.kind === kind;
}
