// A namespace in miniature for mirror and monitor tests without root: a fake kernel that answers the
// link, address, route, neighbour and rule dumps from tables a test changes, and sends the notifications
// a test asks for. Payloads are written byte by byte from the UAPI headers: ifinfomsg (link-payload.ts), ifaddrmsg (8 bytes, linux/if_addr.h; IFA_ADDRESS 1,
// IFA_LOCAL 2), rtmsg (12 bytes; RTA_DST 1, RTA_OIF 4, RTA_GATEWAY 5, RTA_PRIORITY 6, RTA_TABLE 15),
// ndmsg (12 bytes, linux/neighbour.h; NDA_DST 1, NDA_LLADDR 2), fib_rule_hdr (12 bytes,
// linux/fib_rules.h; FRA_PRIORITY 6, FRA_TABLE 15). Message types and groups: linux/rtnetlink.h.
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeDatagram } from '@linx/netlink-socket/testing';
import { AttributeEncoder, NLM_F_DUMP, type MessageInit, type NetlinkMessage } from '@linx/netlink-wire';
import { linkPayload } from './link-payload.js';

/** RTM_* (linux/rtnetlink.h). */
export const RTM = {
  NEWLINK: 16,
  DELLINK: 17,
  GETLINK: 18,
  NEWADDR: 20,
  DELADDR: 21,
  GETADDR: 22,
  NEWROUTE: 24,
  DELROUTE: 25,
  GETROUTE: 26,
  NEWNEIGH: 28,
  DELNEIGH: 29,
  GETNEIGH: 30,
  NEWRULE: 32,
  DELRULE: 33,
  GETRULE: 34,
} as const;

/** RTNLGRP_* (enum rtnetlink_groups, linux/rtnetlink.h). */
export const GROUP = { LINK: 1, NEIGH: 3, TC: 4, IPV4_IFADDR: 5, IPV4_ROUTE: 7, IPV4_RULE: 8, IPV6_IFADDR: 9, IPV6_ROUTE: 11, IPV6_RULE: 19, IPV4_NETCONF: 24, IPV6_NETCONF: 25, MDB: 26, NEXTHOP: 32, BRVLAN: 33 } as const;

const IFF_UP = 0x1;
const IFF_RUNNING = 0x40;
const IFF_LOWER_UP = 0x10000;

function withHeader(header: Uint8Array, attrs: AttributeEncoder): Uint8Array {
  const body = attrs.finish();
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

/** A link (AF_UNSPEC unless `family`), up and running when `up`: `linkPayload` with ifi_family and ifi_flags set. */
export function linkWith(index: number, name: string, options: { up?: boolean; family?: number } = {}): Uint8Array {
  const out = linkPayload(index, name);
  out[0] = options.family ?? 0;
  if (options.up) new DataView(out.buffer, out.byteOffset).setUint32(8, IFF_UP | IFF_RUNNING | IFF_LOWER_UP, true);
  return out;
}

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address `local`/`prefixlen` on interface `index`. */
export function addressPayload(index: number, local: number[], prefixlen: number): Uint8Array {
  const header = new Uint8Array(8);
  header[0] = local.length === 4 ? 2 : 10;
  header[1] = prefixlen;
  new DataView(header.buffer).setUint32(4, index, true);
  const attrs = new AttributeEncoder().bytes(1, Uint8Array.from(local));
  if (local.length === 4) attrs.bytes(2, Uint8Array.from(local));
  return withHeader(header, attrs);
}

/** A unicast route `dst`/`dstLen` in `table`, protocol static (4), out of `oif`, through `gateway` if given. */
export function routePayload(dst: number[], dstLen: number, options: { oif?: number; gateway?: number[]; table?: number; priority?: number; flags?: number } = {}): Uint8Array {
  const header = new Uint8Array(12);
  const table = options.table ?? 254;
  header.set([dst.length === 4 ? 2 : 10, dstLen, 0, 0, table < 256 ? table : 252, 4, options.gateway ? 0 : 253, 1]);
  new DataView(header.buffer).setUint32(8, options.flags ?? 0, true);
  const attrs = new AttributeEncoder().u32(15, table);
  if (dstLen > 0) attrs.bytes(1, Uint8Array.from(dst));
  if (options.priority !== undefined) attrs.u32(6, options.priority);
  if (options.gateway) attrs.bytes(5, Uint8Array.from(options.gateway));
  if (options.oif !== undefined) attrs.u32(4, options.oif);
  return withHeader(header, attrs);
}

/** A neighbour entry for `dst` on `index`, NUD_PERMANENT (0x80) unless `state`, with `lladdr`. */
export function neighbourPayload(index: number, dst: number[], lladdr: number[], options: { state?: number; flags?: number } = {}): Uint8Array {
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  header[0] = dst.length === 4 ? 2 : 10;
  view.setInt32(4, index, true);
  view.setUint16(8, options.state ?? 0x80, true);
  header[10] = options.flags ?? 0;
  return withHeader(header, new AttributeEncoder().bytes(1, Uint8Array.from(dst)).bytes(2, Uint8Array.from(lladdr)));
}

/** A rule of `family` (2 or 10; 128 is IPv4 multicast routing's) at `priority`: lookup `table` (FR_ACT_TO_TBL, 1). */
export function rulePayload(priority: number, table: number, family = 2): Uint8Array {
  const header = new Uint8Array(12);
  header.set([family, 0, 0, 0, table < 256 ? table : 252, 0, 0, 1]);
  return withHeader(header, new AttributeEncoder().u32(6, priority).u32(15, table));
}

/** ENODEV (asm-generic/errno-base.h): the kernel's answer to a lookup of a link it does not have. */
const ENODEV = 19;

/** IFLA_IFNAME (3) of an ifinfomsg payload, if it has one. */
function ifnameOf(payload: Uint8Array): string | undefined {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  for (let at = 16; at + 4 <= payload.length; at += (view.getUint16(at, true) + 3) & ~3) {
    const length = view.getUint16(at, true);
    if (length < 4) break;
    if (view.getUint16(at + 2, true) === 3) return new TextDecoder().decode(payload.subarray(at + 4, at + length)).replace(/\0+$/, '');
  }
  return undefined;
}

/** The tables a dump answers from, by a key of the test's choosing, in insertion order. */
export interface FakeTables {
  links: Map<string | number, Uint8Array>;
  addresses: Map<string | number, Uint8Array>;
  routes: Map<string | number, Uint8Array>;
  neighbours: Map<string | number, Uint8Array>;
  rules: Map<string | number, Uint8Array>;
}

const DUMPED: Record<number, keyof FakeTables> = { [RTM.GETLINK]: 'links', [RTM.GETADDR]: 'addresses', [RTM.GETROUTE]: 'routes', [RTM.GETNEIGH]: 'neighbours', [RTM.GETRULE]: 'rules' };

/**
 * A fake kernel over `tables`, with lo (1) and eth0 (2, up) unless the test says otherwise: dumps list the
 * tables, a link lookup finds its link, any other request is acknowledged. `hook` sees each request first
 * and may answer it instead (returning datagrams).
 */
export function fakeNamespace(hook?: (request: NetlinkMessage, kernel: FakeKernel) => FakeDatagram[] | undefined) {
  const tables: FakeTables = {
    links: new Map<string | number, Uint8Array>([
      [1, linkWith(1, 'lo', { up: true })],
      [2, linkWith(2, 'eth0', { up: true })],
    ]),
    addresses: new Map(),
    routes: new Map(),
    neighbours: new Map(),
    rules: new Map(),
  };
  const kernel = new FakeKernel(
    (request, k) => {
      const answer = hook?.(request, k);
      if (answer !== undefined) return answer;
      if (request.type === RTM.GETLINK && (request.flags & NLM_F_DUMP) === 0) {
        // A lookup (by IFLA_IFNAME, or by ifi_index): the link, or ENODEV as the kernel answers.
        const wanted = ifnameOf(request.payload) ?? new DataView(request.payload.buffer, request.payload.byteOffset).getInt32(4, true);
        const link = [...tables.links.values()].find((payload) => (typeof wanted === 'string' ? ifnameOf(payload) : new DataView(payload.buffer, payload.byteOffset).getInt32(4, true)) === wanted);
        return [link === undefined ? k.error(request, ENODEV) : { messages: [k.reply(request, { type: RTM.NEWLINK, payload: link })] }];
      }
      if ((request.flags & NLM_F_DUMP) === 0) return [k.ack(request)];
      const table = DUMPED[request.type];
      return k.multipart(request, table === undefined ? [] : [...tables[table].values()]);
    },
    { replyType: rtnetlinkReplyType },
  );
  const notify = (group: number, type: number, payload: Uint8Array, flags = 0) => kernel.notify(group, { type, flags, payload } as MessageInit);
  return { kernel, tables, notify, connection: () => new Connection(kernel) };
}
