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

export type { CakeInfo, CakeOptions, FifoInfo, FifoOptions, FqInfo, FqOptions, PrioInfo, PrioOptions, RedInfo, RedOptions, SfqInfo, SfqOptions, FqCodelInfo, FqCodelOptions, HtbClassInfo, HtbClassOptions, HtbQdiscInfo, HtbQdiscOptions, NetemInfo, NetemOptions, TbfInfo, TbfOptions };
export type { HtbClassXstats } from './htb.js';
export type { CakeDiffserv, CakeFlowMode } from './cake.js';

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
}

/** The qdisc kinds whose options linx builds and reads. */
export const QDISC_KINDS = ['htb', 'tbf', 'netem', 'fq_codel', 'cake', 'fq', 'prio', 'sfq', 'red', 'pfifo', 'bfifo', 'ingress', 'clsact'] as const;
export type KnownQdiscKind = (typeof QDISC_KINDS)[number];

/** The TCA_OPTIONS value of a qdisc of a kind (the codec input of the generated format), or undefined for none. */
export function qdiscOptionsInput(kind: string, options: unknown, argument: string): unknown {
  if (options instanceof Uint8Array) return options;
  switch (kind) {
    case 'htb':
      return htbQdiscOptions((options ?? {}) as HtbQdiscOptions, argument);
    case 'tbf':
      return tbfOptions(options as TbfOptions, argument);
    case 'netem':
      return netemOptions((options ?? {}) as NetemOptions, argument);
    case 'fq_codel':
      return fqCodelOptions((options ?? {}) as FqCodelOptions, argument);
    case 'cake':
      return cakeOptions((options ?? {}) as CakeOptions, argument);
    case 'fq':
      return fqOptions((options ?? {}) as FqOptions, argument);
    case 'prio':
      return prioOptions((options ?? {}) as PrioOptions, argument);
    case 'sfq':
      return sfqOptions((options ?? {}) as SfqOptions, argument);
    case 'red':
      return redOptions(options as RedOptions, argument);
    case 'pfifo':
    case 'bfifo':
      return fifoOptions(options as FifoOptions | undefined, argument);
    case 'ingress':
    case 'clsact':
      if (options !== undefined && Object.keys(options as object).length > 0) throw new InvalidArgumentError(argument, `${kind} takes no options`);
      return undefined;
    default:
      if (options !== undefined) throw new InvalidArgumentError(argument, `linx builds no options for qdisc kind ${JSON.stringify(kind)}: pass its TCA_OPTIONS payload as a Uint8Array`);
      return undefined;
  }
}

/** A listed qdisc's options: typed for the kinds linx reads, else what the codec gave (bytes for kinds the spec lacks). */
export function qdiscOptionsInfo(kind: string, value: unknown): unknown {
  if (value === undefined || value instanceof Uint8Array) return value;
  switch (kind) {
    case 'htb':
      return htbQdiscInfo(value as Parameters<typeof htbQdiscInfo>[0]);
    case 'tbf':
      return tbfInfo(value as Parameters<typeof tbfInfo>[0]);
    case 'netem':
      return netemInfo(value as Parameters<typeof netemInfo>[0]);
    case 'fq_codel':
      return fqCodelInfo(value as Parameters<typeof fqCodelInfo>[0]);
    case 'cake':
      return cakeInfo(value as Parameters<typeof cakeInfo>[0]);
    case 'fq':
      return fqInfo(value as Parameters<typeof fqInfo>[0]);
    case 'prio':
      return prioInfo(value as Parameters<typeof prioInfo>[0]);
    case 'sfq':
      return sfqInfo(value as Parameters<typeof sfqInfo>[0]);
    case 'red':
      return redInfo(value as Parameters<typeof redInfo>[0]);
    case 'pfifo':
    case 'bfifo':
      return fifoInfo(value as Parameters<typeof fifoInfo>[0]);
    default:
      return value;
  }
}

/** The class kinds whose options linx builds and reads. */
export const CLASS_KINDS = ['htb'] as const;

/** A class's TCA_OPTIONS value. */
export function classOptionsInput(kind: string, options: unknown, argument: string): unknown {
  if (options instanceof Uint8Array) return options;
  if (kind === 'htb') return htbClassOptions(options as HtbClassOptions, argument);
  if (options !== undefined) throw new InvalidArgumentError(argument, `linx builds no options for classes of kind ${JSON.stringify(kind)}: pass its TCA_OPTIONS payload as a Uint8Array`);
  return undefined;
}

export function classOptionsInfo(kind: string, value: unknown): unknown {
  if (value === undefined || value instanceof Uint8Array) return value;
  if (kind === 'htb') return htbClassInfo(value as Parameters<typeof htbClassInfo>[0]);
  return value;
}
