// How requests are packed into datagrams: those made in one tick go out together, a datagram is sent
// once it holds 64 KiB (the request that would go past starts the next), and a request refused while
// being written leaves no byte behind, padding included (netlink pads each message to 4 bytes with
// zeros, include/uapi/linux/netlink.h NLMSG_ALIGN).
import { encodeMessages, type ByteWriter } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import type { RequestSource } from '../../src/engine/request-types.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('datagrams of requests', () => {
  it('a datagram is sent once it holds 64 KiB: sixteen 4 KiB requests, then the seventeenth in the next', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const payload = new Uint8Array(4096 - 16);
    const requests = Array.from({ length: 17 }, () => connection.request({ type: 16, payload }));
    await tick();
    expect(transport.sent.map((d) => d.length)).toEqual([65536, 4096]);
    transport.receive({ messages: transport.requests.map((r) => nlmsgerr(r, 0)) });
    await Promise.all(requests);
  });

  it("after a request refused while being written, the next one's padding is zeros again", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const source: RequestSource = {
      count: 1,
      type: 16,
      write(_index: number, w: ByteWriter) {
        w.write(new Uint8Array(8).fill(0xff));
        throw new RangeError('refused');
      },
    };
    const refused = connection.requestAll(source);
    const next = connection.request({ type: 20, payload: Uint8Array.of(0xab) });
    await expect(refused).resolves.toMatchObject([{ message: 'refused' }]);
    await tick();
    const sent = transport.requests[0]!;
    // The datagram is the one request, its byte of payload padded with three zeros.
    expect(transport.sent).toEqual([encodeMessages([{ type: 20, flags: 0x5, seq: sent.seq, pid: 0, payload: Uint8Array.of(0xab) }])]);
    expect(Array.from(transport.sent[0]!.subarray(16))).toEqual([0xab, 0, 0, 0]);
    transport.receive({ messages: [nlmsgerr(sent, 0)] });
    await next;
  });
});
