import { InvalidArgumentError } from '../../shared/arguments.js';
import { bpfInfo, bpfOptions, type BpfInfo, type BpfOptions } from './bpf.js';
import { flowerInfo, flowerOptions, type FlowerOptions } from './flower.js';
import { matchallInfo, matchallOptions, type MatchallInfo, type MatchallOptions } from './matchall.js';
import { formatU32Handle, u32Options, type U32Info, type U32Options } from './u32.js';
import { formatHandle } from '../handles.js';

/** What a filter of each kind linx builds takes as `options`; other kinds take their TCA_OPTIONS bytes. */
export interface FilterKindOptions {
  u32: U32Options;
  bpf: BpfOptions;
  matchall: MatchallOptions;
  flower: FlowerOptions;
}

/** What `list` gives as `options` for those kinds; flower and other kinds give what the spec decodes, or bytes. */
export interface FilterKindInfo {
  u32: U32Info;
  bpf: BpfInfo;
  matchall: MatchallInfo;
}

const BUILD: Record<string, (o: unknown, a: string, ethType?: number) => Record<string, unknown>> = { u32: u32Options, bpf: bpfOptions, matchall: matchallOptions, flower: flowerOptions };

/** A kind's TCA_OPTIONS input (without the actions, which the caller adds), or the bytes given for another kind. */
export function filterOptionsInput(kind: string, options: unknown, argument: string, ethType?: number): Record<string, unknown> | Uint8Array | undefined {
  const build = BUILD[kind];
  if (build !== undefined) return build(options, argument, ethType);
  if (options === undefined || options instanceof Uint8Array) return options;
  throw new InvalidArgumentError(argument, `linx has no options for the filter kind ${JSON.stringify(kind)}: give its TCA_OPTIONS as bytes (a Uint8Array)`);
}

/** The last class id formatted: a list's filters mostly select one class, so its text is made once. */
let lastClassid = -1;
let lastClassidText = '';
function classidText(classid: number): string {
  if (classid !== lastClassid) {
    lastClassidText = formatHandle(classid);
    lastClassid = classid;
  }
  return lastClassidText;
}

/** A listed filter's options for the kinds linx reads (actions apart); others as decoded. */
export function filterOptionsInfo(kind: string, v: unknown): unknown {
  if (v === undefined || v === null || v instanceof Uint8Array) return v;
  const o = v as Record<string, any>;
  if (kind === 'u32') {
    const out: U32Info = {};
    if (o.classid !== undefined) out.classid = classidText(o.classid);
    if (o.sel !== undefined) out.selector = o.sel;
    if (o.divisor !== undefined) out.divisor = o.divisor;
    if (o.link !== undefined) out.link = formatU32Handle(o.link);
    if (o.hash !== undefined) out.hash = o.hash;
    if (o.pcnt !== undefined) out.pcnt = o.pcnt;
    if (o.flags !== undefined) out.flags = o.flags;
    return out;
  }
  if (kind === 'bpf') return bpfInfo(o);
  if (kind === 'matchall') return matchallInfo(o);
  if (kind === 'flower') return flowerInfo(o);
  const { act: _act, ...rest } = o;
  return rest;
}
