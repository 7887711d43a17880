// Whose messages answer a request. The kernel sends replies and ACKs from port 0 to the requester, and
// an NLM_F_ECHO echo to the requester's port (nlmsg_pid = the requester's port id), marked with the
// multicast group of the change. A notification of someone else's change reaches every member of the
// group with nlmsg_pid = *their* port id, and may well carry the same sequence number as a request of
// ours (every process numbers its own). Only the kernel (sender port 0) and only messages addressed to
// this socket's port may settle a request. No kernel here: a FakeKernel plays it.
import { NLM_F_ECHO } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { FakeKernel } from '../../src/testing/index.js';
import { RTM_NEWADDR, RTNLGRP_IPV4_IFADDR } from '../helpers/rtnl.js';

const OTHER_PORT = 0x1234;
const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);

describe('the port id of what answers a request', () => {
  it("a notification of another process's change with our sequence number is not our echo; the kernel's echo to our port is", async () => {
    const kernel = new FakeKernel((req, k) => [
      // Another process's RTM_NEWADDR, broadcast to the group: same seq, nlmsg_pid of that process.
      { messages: [{ type: RTM_NEWADDR, flags: 0, seq: req.seq, pid: OTHER_PORT, payload: u32(111) }], group: RTNLGRP_IPV4_IFADDR },
      // Ours: the echo, addressed to our port, then the ACK.
      { messages: [k.reply(req, { type: RTM_NEWADDR, payload: u32(222) })], group: RTNLGRP_IPV4_IFADDR },
      k.ack(req),
    ]);
    const connection = new Connection(kernel);
    const monitor = connection.subscribe(RTNLGRP_IPV4_IFADDR);
    const seen: number[] = [];
    monitor.on('message', (m) => seen.push(m.payload[0]!));
    const replies = await connection.request({ type: RTM_NEWADDR, flags: NLM_F_ECHO, payload: u32(1) });
    expect(replies.map((m) => [m.pid, m.payload[0]])).toEqual([[kernel.portId, 222]]);
    // Both notifications still reach the subscription.
    expect(seen).toEqual([111, 222]);
    connection.close();
  });

  it("another process's notification alone (no echo for us yet) leaves the request waiting", async () => {
    let answer: (() => void) | undefined;
    const kernel = new FakeKernel((req, k) => {
      answer = () => kernel.deliver(k.ack(req));
      // Settles nothing: it is addressed to port OTHER_PORT. With ack: false, a wrongly taken message
      // would settle the request with it.
      return { messages: [{ type: RTM_NEWADDR, flags: 0, seq: req.seq, pid: OTHER_PORT, payload: u32(111) }], group: RTNLGRP_IPV4_IFADDR };
    });
    const connection = new Connection(kernel);
    connection.subscribe(RTNLGRP_IPV4_IFADDR);
    let settled = false;
    const pending = connection.request({ type: RTM_NEWADDR, flags: NLM_F_ECHO }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    expect(connection.pending).toBe(1);
    answer!();
    await expect(pending).resolves.toEqual([]);
    connection.close();
  });

  it('a unicast datagram from a port other than 0 (another process) answers nothing and is counted', async () => {
    const kernel = new FakeKernel((req, k) => [
      // A process sending to our port can forge any header; its ACK must not end our request.
      { ...k.error(req, 1), portId: OTHER_PORT },
      { messages: [k.reply(req, { type: 16, payload: u32(7) })], portId: OTHER_PORT },
      { messages: [k.reply(req, { type: 16, payload: u32(9) }), ...k.ack(req).messages] },
    ]);
    const connection = new Connection(kernel);
    const replies = await connection.request({ type: 18 });
    expect(replies.map((m) => m.payload[0])).toEqual([9]);
    expect(connection.foreignDatagrams).toBe(2);
    connection.close();
  });

  it('a multicast datagram from a port other than 0 is neither an echo nor a notification', async () => {
    const kernel = new FakeKernel((req, k) => [
      { messages: [k.reply(req, { type: RTM_NEWADDR, payload: u32(5) })], group: RTNLGRP_IPV4_IFADDR, portId: OTHER_PORT },
      k.ack(req),
    ]);
    const connection = new Connection(kernel);
    const seen: number[] = [];
    connection.subscribe(RTNLGRP_IPV4_IFADDR).on('message', (m) => seen.push(m.payload[0]!));
    await expect(connection.request({ type: RTM_NEWADDR, flags: NLM_F_ECHO })).resolves.toEqual([]);
    expect(seen).toEqual([]);
    expect(connection.foreignDatagrams).toBe(1);
    connection.close();
  });
});
