// What `tc` and linx send for the same tc command, as comparable trees: the request's type, flags, fixed
// header and attributes (sorted, TCA_OPTIONS opened one level, since tc writes attributes in another order).
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { readFileSync } from 'node:fs';
import { traceNetlink } from '@linx/test-kit';
import { Rtnl } from '../../src/index.js';
import { linkReply } from './captured.js';

export type Tree = [type: number, value: number[] | Tree][];

/** Attributes as a sorted set; TCA_OPTIONS (2) opened `depth` levels. */
export function attrs(bytes: Uint8Array, from: number, to: number, open = true): Tree {
  const out: Tree = [];
  for (let at = from; at + 4 <= to; ) {
    const len = bytes[at]! | (bytes[at + 1]! << 8);
    const type = bytes[at + 2]! | (bytes[at + 3]! << 8);
    out.push([type, open && (type & 0x3fff) === 2 ? attrs(bytes, at + 4, at + len, false) : [...bytes.subarray(at + 4, at + len)]]);
    at += (len + 3) & ~3;
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** RTM_{NEW,DEL,GET}QDISC, RTM_{NEW,DEL,GET}TCLASS, RTM_{NEW,DEL,GET}TFILTER, RTM_{NEW,DEL,GET}ACTION, RTM_{NEW,DEL,GET}CHAIN. */
const TYPES = [36, 37, 38, 40, 41, 42, 44, 45, 46, 48, 49, 50, 100, 101, 102];
/** The fixed header's size by message type: tcmsg (20), tcamsg (4). */
const headerSize = (type: number) => (type >= 48 && type <= 50 ? 4 : 20);

export interface Sent {
  type: number;
  flags: number;
  header: number[];
  /** The whole attribute bytes, for decoding. */
  payload: Uint8Array;
  attrs: Tree;
}

/** The tc request `tc -n NETNS ARGS…` sends (traced with strace; the kernel may refuse it). */
export function tcSends(netns: string, args: string[], open: (bytes: Uint8Array, from: number, to: number) => Tree = attrs): Sent {
  const traced = traceNetlink(['ip', 'netns', 'exec', netns, 'sh', '-c', 'tc "$@"; exit 0', 'sh', ...args]);
  const bytes = traced!.sent.find((b) => TYPES.includes(b[4]! | (b[5]! << 8)))!;
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const type = bytes[4]! | (bytes[5]! << 8);
  const h = headerSize(type);
  return { type, flags: bytes[6]! | (bytes[7]! << 8), header: [...bytes.subarray(16, 16 + h)], payload: bytes.slice(16, len), attrs: open(bytes, 16 + h, len) };
}

/** What linx sends for a call, to a FakeKernel that resolves interface names to `indexes`. */
export async function linxSends(call: (r: Rtnl) => Promise<void>, indexes: Record<string, number>, open: (bytes: Uint8Array, from: number, to: number) => Tree = attrs): Promise<Sent> {
  const handler: FakeHandler = (req, k) => {
    // A list's names (a link dump): the interfaces of `indexes`.
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, req.type === 18 ? Object.entries(indexes).map(([name, index]) => linkReply(index, name)) : [], { type: req.type === 18 ? 16 : req.type });
    if (req.type === 18) {
      const payload = new Uint8Array(16);
      const text = new TextDecoder().decode(req.payload.subarray(20));
      const name = Object.keys(indexes).find((n) => text.includes(`${n}\0`)) ?? Object.keys(indexes)[0]!;
      new DataView(payload.buffer).setInt32(4, indexes[name]!, true);
      return { messages: [k.reply(req, { type: 16, payload })] };
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  await call(new Rtnl(new Connection(kernel)));
  const sent = kernel.requests.filter((r) => TYPES.includes(r.type)).at(-1)!;
  const h = headerSize(sent.type);
  return { type: sent.type, flags: sent.flags, header: [...sent.payload.subarray(0, h)], payload: sent.payload, attrs: open(sent.payload, h, sent.payload.length) };
}

/** tc's requests as captured by tc-requests.live.test.ts: by command (tc's arguments joined by spaces). */
export interface CapturedRequests {
  /** `tc -V` at capture. */
  tc: string;
  /** The interfaces' indexes in the namespace traced. */
  indexes: { v0: number; v1: number };
  requests: Record<string, { type: number; flags: number; payload: string }>;
}

export const TC_REQUESTS_FILE = new URL('../fixtures/tc-requests.json', import.meta.url);

/** The captured requests, read once. */
export function capturedRequests(): CapturedRequests {
  return JSON.parse(readFileSync(TC_REQUESTS_FILE, 'utf8')) as CapturedRequests;
}

/** tc's captured request for `args` as a `Sent` (attributes opened by `open`). */
export function tcSent(captured: CapturedRequests, args: string[], open: (bytes: Uint8Array, from: number, to: number) => Tree = attrs): Sent {
  const c = captured.requests[args.join(' ')];
  if (c === undefined) throw new Error(`no captured request for tc ${args.join(' ')}: run tc-requests.live.test.ts with LINX_WRITE_TC_REQUESTS=1`);
  const payload = Uint8Array.from(Buffer.from(c.payload, 'hex'));
  const h = headerSize(c.type);
  return { type: c.type, flags: c.flags, header: [...payload.subarray(0, h)], payload, attrs: open(payload, h, payload.length) };
}

/**
 * Attributes as a sorted set, TCA_OPTIONS (2) opened too (tc writes them in another order); a kind whose
 * options start with a struct (netem) has it first, as type -1.
 */
export function optionsAttrs(bytes: Uint8Array, from: number, to: number, optionsHeader: number | undefined): Tree {
  const out: Tree = [];
  if (optionsHeader === undefined || optionsHeader < 0) {
    if (optionsHeader !== undefined) out.push([-1, [...bytes.subarray(from, from - optionsHeader)]]);
    from -= optionsHeader ?? 0;
  }
  for (let at = from; at + 4 <= to; ) {
    const len = bytes[at]! | (bytes[at + 1]! << 8);
    const type = bytes[at + 2]! | (bytes[at + 3]! << 8);
    const value = optionsHeader !== undefined && optionsHeader >= 0 && (type & 0x3fff) === 2 ? optionsAttrs(bytes, at + 4, at + len, -optionsHeader || undefined) : [...bytes.subarray(at + 4, at + len)];
    out.push([type, value]);
    at += (len + 3) & ~3;
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Which attributes hold attributes, level by level: `open[n]` says for an attribute type at depth n. */
export type Plan = ((type: number) => boolean)[];
const any = () => true;
const options = (t: number) => t === 2;
/** A shared action: TCA_ROOT_TAB (1), its items, each item's TCA_ACT_OPTIONS (2). */
export const SHARED: Plan = [(t) => t === 1, any, options];
/** A filter: TCA_OPTIONS (2), the classifier's attributes (its action list), the items, their options. */
export const IN_FILTER: Plan = [options, any, any, options];

/** Attributes as sorted sets, opened where `plan` says (tc writes them in another order than linx). */
export function deep(plan: Plan) {
  const walk = (bytes: Uint8Array, from: number, to: number, level = 0): Tree => {
    const out: Tree = [];
    for (let at = from; at + 4 <= to; ) {
      const len = bytes[at]! | (bytes[at + 1]! << 8);
      const type = bytes[at + 2]! | (bytes[at + 3]! << 8);
      const nests = plan[level]?.(type & 0x3fff) === true && len > 4;
      out.push([type, nests ? walk(bytes, at + 4, at + len, level + 1) : [...bytes.subarray(at + 4, at + len)]]);
      at += (len + 3) & ~3;
    }
    return out.sort((a, b) => a[0] - b[0]);
  };
  return walk;
}

/** The kernel's replies to tc's dumps and tc's output, as tc-dumps.live.test.ts captured them, by case name. */
export interface CapturedDumps {
  tc: string;
  indexes: { v0: number; v1: number };
  dumps: Record<string, { replies: string[]; json: unknown }>;
}

export const TC_DUMPS_FILE = new URL('../fixtures/tc-dumps.json', import.meta.url);
