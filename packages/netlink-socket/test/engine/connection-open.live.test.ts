// Connection.open on a real socket, in a throwaway network namespace (created and deleted here): the
// connection lives in the namespace it was asked for. RTM_GETLINK 18, RTM_NEWLINK 16, IFLA_IFNAME 3
// (include/uapi/linux/rtnetlink.h, if_link.h); ifinfomsg is 16 bytes.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { RawNetlinkSocket } from '../../src/native/raw-socket.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { parseLink } from '../helpers/rtnl.js';

const names = (messages: { payload: Uint8Array }[]) => messages.map((m) => parseLink(m.payload).name);

describe.skipIf(kernelSkipReason)(`Connection.open${kernelSkipReason ? ` (skipped: ${kernelSkipReason})` : ''}`, () => {
  let ns: TestNetns;
  const device = `lx${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(() => {
    ns = createNetns();
    ns.ip('link', 'add', device, 'type', 'veth', 'peer', 'name', `${device}p`);
  });
  afterAll(() => ns?.remove());
  afterEach(() => vi.restoreAllMocks());

  /** Connection.open, and the socket it opened (RawNetlinkSocket.open is watched, not replaced). */
  function open(options: Parameters<typeof Connection.open>[0]): { connection: Connection; socket: RawNetlinkSocket } {
    const opened = vi.spyOn(RawNetlinkSocket, 'open');
    const connection = Connection.open(options);
    return { connection, socket: opened.mock.results.at(-1)!.value as RawNetlinkSocket };
  }

  it('opens its socket in the namespace asked for, with the options given', async () => {
    const connection = Connection.open({ protocol: 0, netns: ns.name, receiveBufferSize: 256 * 1024, highWaterMark: 16, maxInFlight: 4 });
    try {
      expect(connection.portId).toBeGreaterThan(0);
      const links = await connection.dumpAll({ type: 18, payload: new Uint8Array(16) });
      expect(names(links).sort()).toEqual([device, `${device}p`, 'lo'].sort());
    } finally {
      connection.close();
    }
  });

  // The kernel stores and reports twice the receive buffer size asked for (socket(7), SO_RCVBUF: "the
  // kernel doubles this value"); as root the FORCE option is used, so net.core.rmem_max does not cap it.
  it('asks for the receive buffer given, else 4 MiB', () => {
    const given = open({ protocol: 0, netns: ns.name, receiveBufferSize: 256 * 1024 });
    const byDefault = open({ protocol: 0, netns: ns.name });
    try {
      expect(given.socket.getReceiveBufferSize()).toBe(2 * 256 * 1024);
      expect(byDefault.socket.getReceiveBufferSize()).toBe(2 * 4 * 1024 * 1024);
    } finally {
      given.connection.close();
      byDefault.connection.close();
    }
  });

  // NLMSG_NOOP (1) with NLM_F_ACK is answered by an ACK (netlink_rcv_skb, net/netlink/af_netlink.c).
  it('keeps at most maxInFlight requests in flight; the rest go as answers come', async () => {
    const { connection } = open({ protocol: 0, netns: ns.name, maxInFlight: 4 });
    try {
      const requests = Array.from({ length: 6 }, () => connection.request({ type: 1 }));
      expect(connection.pending).toBe(4);
      expect(await Promise.all(requests)).toEqual(Array.from({ length: 6 }, () => []));
      expect(connection.pending).toBe(0);
    } finally {
      connection.close();
    }
  });
});
