import { InvalidArgumentError } from '../../shared/arguments.js';
import { fifoInfo, fifoOptions, type FifoInfo, type FifoOptions } from './fifo.js';
import { htbClassInfo, htbClassOptions, htbQdiscInfo, htbQdiscOptions, type HtbClassInfo, type HtbClassOptions, type HtbQdiscInfo, type HtbQdiscOptions } from './htb.js';
import { cakeInfo, cakeOptions, type CakeInfo, type CakeOptions } from './cake.js';
import { fqInfo, fqOptions, type FqInfo, type FqOptions } from './fq.js';
import { fqCodelInfo, fqCodelOptions, type FqCodelInfo, type FqCodelOptions } from './fq-codel.js';
import { prioInfo, prioOptions, type PrioInfo, type PrioOptions } from './prio.js';
import { redInfo, redOptions, type RedInfo, type RedOptions } from './red.js';
import { sfqInfo, sfqOptions, type SfqInfo, type SfqOptions } from './sfq.js';
import { netemInfo, netemOptions, type NetemInfo, type NetemOptions } from './netem.js';
import { tbfInfo, tbfOptions, type TbfInfo, type TbfOptions } from './tbf.js';
import { drrClassInfo, drrClassOptions, type DrrClassInfo, type DrrClassOptions } from './drr.js';
import { qfqClassInfo, qfqClassOptions, type QfqClassInfo, type QfqClassOptions } from './qfq.js';
import { hfscClassInfo, hfscClassOptions, hfscQdiscInfo, hfscQdiscOptions, type HfscClassInfo, type HfscClassOptions, type HfscCurve, type HfscCurveInfo, type HfscQdiscInfo, type HfscQdiscOptions } from './hfsc.js';

export type { CakeInfo, CakeOptions, FifoInfo, FifoOptions, FqInfo, FqOptions, PrioInfo, PrioOptions, RedInfo, RedOptions, SfqInfo, SfqOptions, FqCodelInfo, FqCodelOptions, HtbClassInfo, HtbClassOptions, HtbQdiscInfo, HtbQdiscOptions, NetemInfo, NetemOptions, TbfInfo, TbfOptions };
export type { HtbClassXstats } from './htb.js';
export type { FqCodelXstats, FqCodelClassXstats } from './fq-codel.js';
export type { CakeXstats } from './cake.js';
export type { HfscClassXstats } from './hfsc.js';
export type { DrrClassInfo, DrrClassOptions, QfqClassInfo, QfqClassOptions, HfscClassInfo, HfscClassOptions, HfscCurve, HfscCurveInfo, HfscQdiscInfo, HfscQdiscOptions };

/** What a class of each kind linx knows takes as `options`; other kinds take their TCA_OPTIONS bytes. */
export interface ClassKindOptions {
  htb: HtbClassOptions;
  drr: DrrClassOptions;
  qfq: QfqClassOptions;
  hfsc: HfscClassOptions;
}

/** What `list` gives as a class's `options` for each kind linx reads. */
export interface ClassKindInfo {
  htb: HtbClassInfo;
  drr: DrrClassInfo;
  qfq: QfqClassInfo;
  hfsc: HfscClassInfo;
}
export type { CakeDiffserv, CakeFlowMode } from './cake.js';

/** What `list` gives as a qdisc's `xstats` for each kind linx types them of (others: what the codec decoded, or bytes). */
export interface QdiscKindXstats {
  fq_codel: import('./fq-codel.js').FqCodelXstats;
  cake: import('./cake.js').CakeXstats;
}

/** What `list` gives as a class's `xstats` for each kind linx types them of. */
export interface ClassKindXstats {
  htb: import('./htb.js').HtbClassXstats;
  hfsc: import('./hfsc.js').HfscClassXstats;
  fq_codel: import('./fq-codel.js').FqCodelClassXstats;
  cake: import('./cake.js').CakeXstats;
}

/** What a qdisc of each kind linx knows takes as `options`; other kinds take their TCA_OPTIONS bytes. */
export interface QdiscKindOptions {
  htb: HtbQdiscOptions;
  tbf: TbfOptions;
  netem: NetemOptions;
  fq_codel: FqCodelOptions;
  cake: CakeOptions;
  fq: FqOptions;
  prio: PrioOptions;
  sfq: SfqOptions;
  red: RedOptions;
  pfifo: FifoOptions;
  bfifo: FifoOptions;
  ingress: Record<string, never>;
  clsact: Record<string, never>;
  mq: Record<string, never>;
  hfsc: HfscQdiscOptions;
}

/** What `list` gives as `options` for each kind linx knows; other kinds (and qdiscs without options) give the bytes or nothing. */
export interface QdiscKindInfo {
  htb: HtbQdiscInfo;
  tbf: TbfInfo;
  netem: NetemInfo;
  fq_codel: FqCodelInfo;
  cake: CakeInfo;
  fq: FqInfo;
  prio: PrioInfo;
  sfq: SfqInfo;
  red: RedInfo;
  pfifo: FifoInfo;
  bfifo: FifoInfo;
  hfsc: HfscQdiscInfo;
}

/** How linx builds a kind's TCA_OPTIONS (the generated format's input; undefined for none) and reads it back. */
interface KindCodec {
  build(options: unknown, argument: string): unknown;
  read(value: never): unknown;
}

/** ingress, clsact and mq: no options either way (mq makes a class and a default qdisc per transmit queue). */
const noOptions = (kind: string): KindCodec => ({
  build(options, argument) {
    if (options !== undefined && (options === null || typeof options !== 'object' || Object.keys(options).length > 0)) throw new InvalidArgumentError(argument, `${kind} takes no options`);
    return undefined;
  },
  read: (value) => value,
});

// A kind whose options are all optional gets {} when none are given (htb's TCA_HTB_INIT, netem's struct, an
// empty TCA_OPTIONS for fq_codel/cake/fq, as `tc` sends); tbf and red need theirs, fifo and sfq send none.
const QDISC_CODECS: { [K in keyof QdiscKindOptions]: KindCodec } = {
  htb: { build: (o, a) => htbQdiscOptions((o ?? {}) as HtbQdiscOptions, a), read: htbQdiscInfo },
  tbf: { build: (o, a) => tbfOptions(o as TbfOptions, a), read: tbfInfo },
  netem: { build: (o, a) => netemOptions((o ?? {}) as NetemOptions, a), read: netemInfo },
  fq_codel: { build: (o, a) => fqCodelOptions((o ?? {}) as FqCodelOptions, a), read: fqCodelInfo },
  cake: { build: (o, a) => cakeOptions((o ?? {}) as CakeOptions, a), read: cakeInfo },
  fq: { build: (o, a) => fqOptions((o ?? {}) as FqOptions, a), read: fqInfo },
  prio: { build: (o, a) => prioOptions((o ?? {}) as PrioOptions, a), read: prioInfo },
  sfq: { build: (o, a) => sfqOptions((o ?? {}) as SfqOptions, a), read: sfqInfo },
  red: { build: (o, a) => redOptions(o as RedOptions, a), read: redInfo },
  pfifo: { build: (o, a) => fifoOptions(o as FifoOptions | undefined, a), read: fifoInfo },
  bfifo: { build: (o, a) => fifoOptions(o as FifoOptions | undefined, a), read: fifoInfo },
  ingress: noOptions('ingress'),
  clsact: noOptions('clsact'),
  mq: noOptions('mq'),
  hfsc: { build: (o, a) => hfscQdiscOptions((o ?? {}) as HfscQdiscOptions, a), read: hfscQdiscInfo },
};

/** The class kinds whose options linx builds and reads (drr and qfq send an empty TCA_OPTIONS for none, as `tc` does). */
const CLASS_CODECS: { [K in keyof ClassKindOptions]: KindCodec } = {
  htb: { build: (o, a) => htbClassOptions(o as HtbClassOptions, a), read: htbClassInfo },
  drr: { build: (o, a) => drrClassOptions((o ?? {}) as DrrClassOptions, a), read: drrClassInfo },
  qfq: { build: (o, a) => qfqClassOptions((o ?? {}) as QfqClassOptions, a), read: qfqClassInfo },
  hfsc: { build: (o, a) => hfscClassOptions(o as HfscClassOptions, a), read: hfscClassInfo },
};

export { QDISC_KINDS, CLASS_KINDS } from './names.js';
export type KnownQdiscKind = keyof QdiscKindOptions;

/** The kinds that have a codec here, in the order declared (test/tc-kind-names.test.ts checks QDISC_KINDS and CLASS_KINDS against them). */
export const codecKinds = (): { qdisc: string[]; class: string[] } => ({ qdisc: Object.keys(QDISC_CODECS), class: Object.keys(CLASS_CODECS) });

function build(codecs: Record<string, KindCodec>, what: string, kind: string, options: unknown, argument: string): unknown {
  if (options instanceof Uint8Array) return options;
  if (Object.hasOwn(codecs, kind)) return codecs[kind]!.build(options, argument);
  if (options !== undefined) throw new InvalidArgumentError(argument, `linx builds no options for ${what} ${JSON.stringify(kind)}: pass its TCA_OPTIONS payload as a Uint8Array`);
  return undefined;
}

function read(codecs: Record<string, KindCodec>, kind: string, value: unknown): unknown {
  if (value === undefined || value instanceof Uint8Array || !Object.hasOwn(codecs, kind)) return value;
  return codecs[kind]!.read(value as never);
}

/** The TCA_OPTIONS value of a qdisc of a kind (the codec input of the generated format), or undefined for none. */
export const qdiscOptionsInput = (kind: string, options: unknown, argument: string): unknown => build(QDISC_CODECS, 'qdisc kind', kind, options, argument);

/** A listed qdisc's options: typed for the kinds linx reads, else what the codec gave (bytes for kinds the spec lacks). */
export const qdiscOptionsInfo = (kind: string, value: unknown): unknown => read(QDISC_CODECS, kind, value);

/** A class's TCA_OPTIONS value. */
export const classOptionsInput = (kind: string, options: unknown, argument: string): unknown => build(CLASS_CODECS, 'classes of kind', kind, options, argument);

/** A listed class's options. */
export const classOptionsInfo = (kind: string, value: unknown): unknown => read(CLASS_CODECS, kind, value);
