// Hand-made rtnetlink bytes for the kernel tests: the socket package knows no protocol, so the tests
// build their few requests and read their few replies themselves. The netlink constants come from
// @linx/netlink-wire; the few rtnetlink numbers below are declared here because the generated
// declarations live in @linx/rtnl, which depends on this package (include/uapi/linux/rtnetlink.h).
import { NLM_F_DUMP, NLM_F_REQUEST, NLMSG_DONE, NLMSG_ERROR, encodeMessage, iterateAttributes, iterateMessages, readS32, type NetlinkMessage } from '@linx/netlink-wire';
import { datagrams, type Datagram, type RawNetlinkSocket } from '../../src/native/index.js';

export const RTM_NEWLINK = 16;
export const RTM_GETLINK = 18;
export const RTM_NEWADDR = 20;
export const RTM_NEWROUTE = 24;
export const RTM_GETROUTE = 26;
export const RTM_NEWMULTICAST = 56;
export const RTM_NEWNEXTHOP = 104;
export const IFLA_IFNAME = 3;
export const IFLA_MTU = 4;
export const IFLA_IFALIAS = 20;
export const RTNLGRP_LINK = 1;
export const RTNLGRP_IPV4_IFADDR = 5;
export const RTNLGRP_IPV4_ROUTE = 7;
export const RTNLGRP_IPV6_ROUTE = 11;
export const RTNLGRP_NEXTHOP = 32;
export const RTNLGRP_BRVLAN = 33;
/** Newer than the uapi headers installed here (kernel 6.13+). */
export const RTNLGRP_IPV4_MCADDR = 37;

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
  const index = readS32(payload.subarray(4, 8));
  let name: string | undefined;
  for (const attribute of iterateAttributes(payload, 16)) {
    if (attribute.type === IFLA_IFNAME) name = new TextDecoder().decode(attribute.payload).replace(/\0+$/, '');
  }
  return { index, name };
}

/** The errno (negated in the message) of an NLMSG_ERROR payload; 0 is an ACK. */
export function errorOf(payload: Uint8Array): number {
  return readS32(payload.subarray(0, 4));
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
