import type { ClassKindOptions, QdiscKindOptions } from './index.js';

// The kinds' names, apart from their codecs (kinds/index.ts): these load with the package, the codecs
// (and the tc declarations they use) with the tc verbs on first use. test/tc-kind-names.test.ts checks
// that each list is the codecs' kinds in their order; the type checks below that no kind is missing.

const qdiscKinds = ['htb', 'tbf', 'netem', 'fq_codel', 'cake', 'fq', 'prio', 'sfq', 'red', 'pfifo', 'bfifo', 'ingress', 'clsact', 'mq', 'hfsc'] as const satisfies readonly (keyof QdiscKindOptions)[];
const classKinds = ['htb', 'drr', 'qfq', 'hfsc'] as const satisfies readonly (keyof ClassKindOptions)[];

/** The qdisc kinds whose options linx builds and reads. */
export const QDISC_KINDS: (keyof QdiscKindOptions)[] = [...qdiscKinds];

/** The class kinds whose options linx builds and reads. */
export const CLASS_KINDS: (keyof ClassKindOptions)[] = [...classKinds];

// A kind of the options types missing from a list fails to compile here.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const everyQdiscKind: Missing<keyof QdiscKindOptions, (typeof qdiscKinds)[number]> = true;
const everyClassKind: Missing<keyof ClassKindOptions, (typeof classKinds)[number]> = true;
void everyQdiscKind;
void everyClassKind;
