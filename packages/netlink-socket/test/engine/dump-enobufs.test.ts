// A dump requested while the socket's receive buffer is full: the kernel starts it, cannot write its first
// part (netlink_dump: sk_rmem_alloc >= sk_rcvbuf, net/netlink/af_netlink.c), answers the request with an
// NLMSG_ERROR of ENOBUFS (105), and writes the dump once the socket has been read. The dump must not end
// at that error (ending it would free the socket's dump slot while the kernel still runs the dump, so the
// next dump would get EBUSY, and its data would be taken for stray messages).
import { NLM_F_MULTI, NLMSG_DONE } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));
const ENOBUFS = 105;

function answer(seq: number, pid: number, count: number) {
  const messages = Array.from({ length: count }, (_, i) => ({ type: 16, flags: NLM_F_MULTI, seq, pid, payload: Uint8Array.of(i, 0, 0, 0) }));
  return [...messages, { type: NLMSG_DONE, flags: NLM_F_MULTI, seq, pid, payload: new Uint8Array(4) }];
}

describe('ENOBUFS answering a dump request', () => {
  it('does not end the dump: its data, coming later, is delivered, and the next dump starts after it', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const first = connection.dumpAll({ type: 18 });
    const second = connection.dumpAll({ type: 18 });
    await tick();
    const [request] = transport.requests;
    transport.receive({ messages: [nlmsgerr(request!, ENOBUFS)] });
    await tick();
    // The second dump waits for the first: the kernel still runs it.
    expect(transport.requests).toHaveLength(1);
    transport.receive({ messages: answer(request!.seq, transport.portId, 3) });
    expect((await first).map((m) => m.payload[0])).toEqual([0, 1, 2]);
    await tick();
    const next = transport.requests[1]!;
    transport.receive({ messages: answer(next.seq, transport.portId, 2) });
    expect(await second).toHaveLength(2);
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
  });

  it('an abandoned dump answered so keeps its number and slot until its real end', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    const reading = dump.next();
    await tick();
    const [request] = transport.requests;
    await dump.return();
    await reading;
    transport.receive({ messages: [nlmsgerr(request!, ENOBUFS)] });
    expect(connection.pending).toBe(1);
    transport.receive({ messages: answer(request!.seq, transport.portId, 2) });
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it('other errors still end a dump', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dumped = connection.dumpAll({ type: 18 }).catch((e: unknown) => e);
    await tick();
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 95)] });
    expect(await dumped).toMatchObject({ errnoName: 'EOPNOTSUPP' });
    expect(connection.pending).toBe(0);
  });
});
