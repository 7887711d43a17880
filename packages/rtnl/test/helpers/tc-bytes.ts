// What `tc` and linx send for the same tc command, as comparable trees: the request's type, flags, fixed
// header and attributes (sorted, TCA_OPTIONS opened one level, since tc writes attributes in another order).
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { traceNetlink } from '@linx/test-kit';
import { Rtnl } from '../../src/index.js';

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

/** RTM_{NEW,DEL}TFILTER, RTM_{NEW,DEL,GET}ACTION, RTM_NEWCHAIN/DELCHAIN. */
const TYPES = [44, 45, 48, 49, 50, 100, 101];
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
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, []);
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
