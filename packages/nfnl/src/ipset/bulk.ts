import { compileMessage, InvalidValueError } from '@linx/netlink-codec';
import { compileAttrSet } from '@linx/netlink-codec/runtime';
import { ByteWriter, NetlinkError, parseAttributes, readU32be } from '@linx/netlink-wire';
import type { CallOptions, SubsystemClient } from '../subsystem-client.js';
import type { encodeElement } from './element.js';
import { IPSET_PROTOCOL, ipsetAdtDataAttrs, ipsetBulkAttrs, ipsetBulkMessage, type ipsetCmdValues } from './messages.js';

// Many elements added or deleted in few requests, the way `ipset restore` sends them: one IPSET_CMD_ADD (or
// DEL) whose IPSET_ATTR_ADT nest holds the elements, each IPSET_ATTR_DATA numbered by IPSET_ATTR_LINENO.
// The kernel applies them in order and stops at the first it refuses (ip_set_ad() in
// net/netfilter/ipset/ip_set_core.c); it then answers with the request echoed and that element's number
// in the top-level IPSET_ATTR_LINENO (call_ad()), which NetlinkError.echoedPayload keeps.

type ElementData = ReturnType<typeof encodeElement>;
const compileBulk = () => compileMessage(ipsetBulkMessage);
type BulkCodec = ReturnType<typeof compileBulk>;

/** IPSET_ATTR_ADT is one attribute: its nla_len (16 bits) bounds the elements of one request. */
const ADT_MAX = 0xffff - 4;
/** An element's number in the request: its index + 1 (0 is the top-level number of a request that failed before any element). */
const lineOf = (index: number) => index + 1;
/**
 * Refusals after which the rest of a request goes one element per request: a set that refuses everything
 * (IPSET_ERR_HASH_FULL) would otherwise cost a round trip and a re-encoding of the rest per element.
 */
const RESENDS = 8;

/** Elements [start, end) and how many of them the kernel refused so far. */
type Range = [start: number, end: number, refused: number];

/** A refused element: its index in the list given, and the kernel's error. */
export interface BulkFailure {
  index: number;
  error: unknown;
}

/**
 * Sends `elements` (checked and encoded already) as few pipelined requests, resending after a refused
 * element what its request did not reach, so every element is tried once. Resolves with the failures,
 * by index.
 */
export async function sendBulk(client: SubsystemClient<typeof ipsetCmdValues>, cmd: 'add' | 'del', setname: string, elements: readonly ElementData[], flags: number, options: CallOptions): Promise<BulkFailure[]> {
  const codec = compileBulk();
  const type = client.type(cmd);
  const failures: BulkFailure[] = [];
  let ranges: Range[] = split(elements);
  while (ranges.length > 0) {
    const requests: { range: Range; payload: Uint8Array }[] = [];
    for (const range of ranges) requests.push(...encodeRange(codec, setname, elements, range));
    const results = await client.connection.requestAll(
      requests.map(({ payload }) => ({ type, flags, payload })),
      { headerLength: codec.headerLength, timeout: options.timeout, signal: options.signal, acks: 'errors' },
    );
    ranges = [];
    results.forEach((result, i) => {
      if (!(result instanceof Error)) return;
      const [start, end, refused] = requests[i]!.range;
      const line = refusedLine(result);
      if (line === undefined || line <= start || line > end) {
        // Refused before any element (line 0: the set is gone, the request is malformed), or without saying
        // which: none of them was applied.
        for (let k = start; k < end; k++) failures.push({ index: k, error: result });
        return;
      }
      failures.push({ index: line - 1, error: result });
      if (line >= end) return;
      if (refused + 1 < RESENDS) ranges.push([line, end, refused + 1]);
      else for (let k = line; k < end; k++) ranges.push([k, k + 1, 0]);
    });
  }
  return failures.sort((a, b) => a.index - b.index);
}

/** The element number the kernel wrote into the echoed request's top-level IPSET_ATTR_LINENO. */
function refusedLine(error: Error): number | undefined {
  if (!(error instanceof NetlinkError) || error.echoedPayload === undefined || error.echoedPayload.length < 4) return undefined;
  // After the 4-byte nfgenmsg, the command's attributes.
  for (const a of parseAttributes(error.echoedPayload.subarray(4))) {
    if (a.type === ipsetBulkAttrs.attributes.lineno.id && a.payload.length === 4) return readU32be(a.payload);
  }
  return undefined;
}

/** Ranges [start, end) of elements that should fit one IPSET_ATTR_ADT, sized from the first element. */
function split(elements: readonly ElementData[]): Range[] {
  const w = new ByteWriter();
  compileAttrSet(ipsetAdtDataAttrs).encode({ ...elements[0], lineno: 0 }, w);
  // Each element is an IPSET_ATTR_DATA header and its attributes; elements of one set differ little in size
  // (a comment can): a range that still overflows is halved when encoded.
  const per = Math.max(1, Math.floor(ADT_MAX / (4 + w.length) * 0.9));
  const out: Range[] = [];
  for (let start = 0; start < elements.length; start += per) out.push([start, Math.min(elements.length, start + per), 0]);
  return out;
}

/** The request(s) for elements[start, end): one, or halves of it when its IPSET_ATTR_ADT would overflow. */
function encodeRange(codec: BulkCodec, setname: string, elements: readonly ElementData[], [start, end, refused]: Range): { range: Range; payload: Uint8Array }[] {
  const data: ElementData[] = [];
  for (let i = start; i < end; i++) data.push({ ...elements[i], lineno: lineOf(i) });
  try {
    const payload = codec.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs: { protocol: IPSET_PROTOCOL, setname, lineno: 0, adt: { data } } });
    return [{ range: [start, end, refused], payload }];
  } catch (error) {
    if (!(error instanceof InvalidValueError) || end - start === 1) throw error;
    const middle = start + Math.floor((end - start) / 2);
    return [...encodeRange(codec, setname, elements, [start, middle, refused]), ...encodeRange(codec, setname, elements, [middle, end, refused])];
  }
}
