// After an overrun (ENOBUFS: the kernel dropped datagrams for this socket), answers to plain requests in
// flight may be gone. The connection sends a NOOP asking for an ACK (NLMSG_NOOP 1, NLM_F_REQUEST|NLM_F_ACK
// 0x5, include/uapi/linux/netlink.h); the kernel handles a socket's requests in order, so once that ACK
// is back, a request sent before the overrun and still unanswered lost its answer: it fails with
// OverrunError instead of waiting forever. Driven by hand through a scripted transport.
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { OverrunError } from '../../src/engine/errors.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('overrun recovery of plain requests', () => {
  it('a NOOP barrier is sent; requests unanswered when its ACK comes fail with OverrunError, answered ones keep their answer', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const lost = connection.request({ type: 18 }).catch((e: unknown) => e);
    const answered = connection.request({ type: 19 });
    await tick();
    const [rLost, rAnswered] = transport.requests;
    transport.overrun();
    const barrier = transport.requests[2]!;
    expect(barrier).toMatchObject({ type: 1, flags: 0x5 });
    expect(barrier.payload).toHaveLength(0);
    expect([rLost!.seq, rAnswered!.seq]).not.toContain(barrier.seq);
    // A request made after the overrun is not suspect: its answer cannot have been dropped by it.
    const later = connection.request({ type: 20 });
    await tick();
    const rLater = transport.requests[3]!;
    transport.receive({ messages: [nlmsgerr(rAnswered!, 0), nlmsgerr(barrier, 0)] });
    await expect(answered).resolves.toEqual([]);
    expect(await lost).toBeInstanceOf(OverrunError);
    transport.receive({ messages: [nlmsgerr(rLater, 0)] });
    await expect(later).resolves.toEqual([]);
    // The lost request's number stays taken by a drain: its answer, should it come late, is swallowed.
    transport.receive({ messages: [nlmsgerr(rLost!, 0)] });
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
  });

  it('one barrier at a time: a second overrun while it is out sends nothing more; after it, the next one does', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const first = connection.request({ type: 18 }).catch((e: unknown) => e);
    await tick();
    transport.overrun();
    transport.overrun();
    const noops = () => transport.requests.filter((r) => r.type === 1);
    expect(noops()).toHaveLength(1);
    transport.receive({ messages: [nlmsgerr(noops()[0]!, 0)] });
    expect(await first).toBeInstanceOf(OverrunError);
    const second = connection.request({ type: 18 }).catch((e: unknown) => e);
    await tick();
    transport.overrun();
    expect(noops()).toHaveLength(2);
    transport.receive({ messages: [nlmsgerr(noops()[1]!, 0)] });
    expect(await second).toBeInstanceOf(OverrunError);
  });

  it('an error answering the barrier settles it too', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const first = connection.request({ type: 18 }).catch((e: unknown) => e);
    await tick();
    transport.overrun();
    const barrier = transport.requests[1]!;
    transport.receive({ messages: [nlmsgerr(barrier, 1)] });
    expect(await first).toBeInstanceOf(OverrunError);
  });

  it('nothing in flight, dumps and subscriptions only: no barrier is sent', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const overruns: unknown[] = [];
    connection.subscribe(1).on('overrun', (error) => overruns.push(error));
    const dumping = connection.dump({ type: 18 }).toArray().catch((e: unknown) => e);
    await tick();
    transport.overrun();
    expect(transport.requests.map((r) => r.type)).toEqual([18]);
    expect(overruns).toHaveLength(1);
    connection.close();
    await dumping;
  });

  it('a barrier that cannot be sent is forgotten: the next overrun tries again', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const first = connection.request({ type: 18 }).catch((e: unknown) => e);
    await tick();
    transport.failNextSend = new Error('EAGAIN');
    transport.overrun();
    expect(transport.requests.map((r) => r.type)).toEqual([18]);
    // Only the request itself is in flight: the barrier's number was freed.
    expect(connection.pending).toBe(1);
    transport.overrun();
    const barrier = transport.requests[1]!;
    expect(barrier.type).toBe(1);
    transport.receive({ messages: [nlmsgerr(barrier, 0)] });
    expect(await first).toBeInstanceOf(OverrunError);
  });
});
