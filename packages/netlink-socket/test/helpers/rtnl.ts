// Hand-made rtnetlink bytes for the kernel tests: the socket package knows no protocol, so the tests
// build their few requests and read their few replies themselves.
import { encodeMessage, iterateMessages, type NetlinkMessage } from '@linx/netlink-wire';
import { datagrams, type Datagram, type RawNetlinkSocket } from '../../src/index.js';

export const NETLINK_ROUTE = 0;
export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLM_F_REQUEST = 0x1;
export const NLM_F_ACK = 0x4;
export const NLM_F_DUMP = 0x300;
export const RTM_NEWLINK = 16;
export const RTM_DELLINK = 17;
export const RTM_GETLINK = 18;
export const RTM_NEWVLAN = 112;
export const RTNLGRP_LINK = 1;
export const RTNLGRP_IPV6_ROUTE = 11;
export const RTNLGRP_NEXTHOP = 32;
export const RTNLGRP_BRVLAN = 33;
const IFLA_IFNAME = 3;

/** An RTM_GETLINK dump request: ifinfomsg of zeros. */
export function getLinkDump(seq: number): Uint8Array {
  return encodeMessage({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_DUMP, seq, payload: new Uint8Array(16) });
}

export interface Link {
  index: number;
  name: string | undefined;
}

/** The interface index and IFLA_IFNAME of an RTM_NEWLINK/RTM_DELLINK payload. */
export function parseLink(payload: Uint8Array): Link {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const index = view.getInt32(4, true);
  let name: string | undefined;
  for (let offset = 16; offset + 4 <= payload.length; ) {
    const length = view.getUint16(offset, true);
    const type = view.getUint16(offset + 2, true) & 0x3fff;
    if (length < 4) break;
    if (type === IFLA_IFNAME) {
      name = new TextDecoder().decode(payload.subarray(offset + 4, offset + length)).replace(/\0+$/, '');
    }
    offset += (length + 3) & ~3;
  }
  return { index, name };
}

/** The errno (negated in the message) of an NLMSG_ERROR payload; 0 is an ACK. */
export function errorOf(payload: Uint8Array): number {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getInt32(0, true);
}

export interface Received extends Datagram {
  messages: NetlinkMessage[];
}

/**
 * Starts `socket` and collects its datagrams until `done(all)` says so, or rejects after `timeoutMs`.
 * The socket stays started; the caller closes it.
 */
export function collect(
  socket: RawNetlinkSocket,
  done: (received: Received[]) => boolean,
  timeoutMs = 5000,
): Promise<Received[]> {
  return new Promise((resolve, reject) => {
    const received: Received[] = [];
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms with ${received.length} datagrams`)), timeoutMs);
    socket.start({
      onBatch(data, meta) {
        for (const datagram of datagrams(data, meta)) received.push({ ...datagram, messages: [...iterateMessages(datagram.bytes)] });
        if (done(received)) {
          clearTimeout(timer);
          resolve(received);
        }
      },
      onOverrun() {},
      onError(error) {
        clearTimeout(timer);
        reject(error);
      },
    });
  });
}

/** Sends an RTM_GETLINK dump request (`request`, by default a fresh one) and collects the links until NLMSG_DONE. */
export async function dumpLinks(socket: RawNetlinkSocket, request: Uint8Array = getLinkDump(1)): Promise<Link[]> {
  const replies = collect(socket, (all) => all.some((d) => d.messages.some((m) => m.type === NLMSG_DONE || m.type === NLMSG_ERROR)));
  socket.send(request);
  const links: Link[] = [];
  for (const datagram of await replies) {
    for (const message of datagram.messages) {
      if (message.type === NLMSG_ERROR) throw new Error(`dump failed: errno ${-errorOf(message.payload)}`);
      if (message.type === RTM_NEWLINK) links.push(parseLink(message.payload));
    }
  }
  return links;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
