// requestAll and requestMany, with the kernel's answers handed over by hand: the flags each message goes
// out with, which datagram it travels in, what a closed socket, an aborted signal, a timeout or a failed
// send does to the call, and where each answer lands. Flags from include/uapi/linux/netlink.h:
// NLM_F_REQUEST 0x1, NLM_F_ACK 0x4, NLM_F_ECHO 0x8; NLMSG_NOOP 1.
import { AttributeEncoder, NLM_F_ACK_TLVS, NLM_F_CAPPED, NetlinkError } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { SocketClosedError } from '../../src/native/errors.js';
import { AbortError, TimeoutError } from '../../src/engine/errors.js';
import { requestMany, type BulkHost } from '../../src/engine/bulk-requests.js';
import { Flow } from '../../src/engine/backpressure.js';
import { OperationTable } from '../../src/engine/operation-table.js';
import { Outbox } from '../../src/engine/outbox.js';
import { PendingRequest } from '../../src/engine/request.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('requestAll', () => {
  it('on a closed connection, or with an aborted signal, it rejects and sends nothing', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reason = new Error('not now');
    const aborted = await connection.requestAll([{ type: 16 }], { signal: AbortSignal.abort(reason) }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortError);
    expect((aborted as AbortError).cause).toBe(reason);
    connection.close();
    await expect(connection.requestAll([{ type: 16 }])).rejects.toBeInstanceOf(SocketClosedError);
    await tick();
    expect(transport.sent).toEqual([]);
  });

  it('no messages: resolves at once with no results', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    await expect(connection.requestAll([])).resolves.toEqual([]);
    await expect(connection.requestAll([], { acks: 'errors' })).resolves.toEqual([]);
    await tick();
    expect(transport.sent).toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('each message asks for an ACK and keeps its own flags; replies before the ACK are its result', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const call = connection.requestAll([{ type: 16, flags: 0x8 }, { type: 17 }]);
    await tick();
    const [a, b] = transport.requests;
    expect([a!.flags, b!.flags]).toEqual([0x1 | 0x4 | 0x8, 0x1 | 0x4]);
    expect(transport.sent).toHaveLength(1);
    transport.receive({ messages: [{ type: 16, seq: a!.seq, payload: Uint8Array.of(9) }, nlmsgerr(a!, 0), nlmsgerr(b!, 95)] });
    const [ra, rb] = await call;
    expect((ra as { payload: Uint8Array }[]).map((m) => Array.from(m.payload))).toEqual([[9]]);
    expect(rb).toMatchObject({ errnoName: 'EOPNOTSUPP' });
  });

  it("acks: 'errors': no ACK asked for, the message's own flags kept, and a NOOP asking for one after the run", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const call = connection.requestAll([{ type: 16, flags: 0x8 }, { type: 17 }], { acks: 'errors' });
    await tick();
    expect(transport.requests.map((r) => [r.type, r.flags])).toEqual([
      [16, 0x1 | 0x8],
      [17, 0x1],
      [1, 0x1 | 0x4],
    ]);
    const [a, , barrier] = transport.requests;
    transport.receive({ messages: [nlmsgerr(a!, 17), nlmsgerr(barrier!, 0)] });
    const [ra, rb] = await call;
    expect(ra).toMatchObject({ errnoName: 'EEXIST' });
    expect(rb).toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it("acks: 'errors': the next run goes out only once every request of the previous one is settled", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 1 });
    const messages = Array.from({ length: 40 }, (_, i) => ({ type: 16, payload: Uint8Array.of(i, 0, 0, 0) }));
    const call = connection.requestAll(messages, { acks: 'errors' });
    await tick();
    const firstRun = transport.requests.length;
    const barrier = transport.requests.at(-1)!;
    expect(barrier.type).toBe(1);
    // A run is bounded: with a window of one, not all 40 go at once.
    expect(firstRun - 1).toBeLessThan(40);
    // An error for one request of the run settles it, but the run is not over: nothing more is sent.
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 22)] });
    await tick();
    expect(transport.requests).toHaveLength(firstRun);
    transport.receive({ messages: [nlmsgerr(barrier, 0)] });
    await tick();
    expect(transport.requests.length).toBeGreaterThan(firstRun);
    // Answer every later barrier until the call is done.
    for (let answered = firstRun; ; ) {
      const pending = transport.requests.slice(answered);
      if (pending.length === 0) break;
      answered = transport.requests.length;
      transport.receive({ messages: pending.filter((r) => r.type === 1).map((r) => nlmsgerr(r, 0)) });
      await tick();
    }
    const results = await call;
    expect(results[0]).toMatchObject({ errnoName: 'EINVAL' });
    expect(results.slice(1).every((r) => Array.isArray(r) && r.length === 0)).toBe(true);
    expect(transport.requests.filter((r) => r.type === 16)).toHaveLength(40);
  });

  it('an error names the attribute its offset points into, from the request written again', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const payload = new Uint8Array([0, 0, 0, 0, ...new AttributeEncoder().u32(1, 1).u32(2, 2).finish()]);
    for (const acks of ['each', 'errors'] as const) {
      const call = connection.requestAll([{ type: 16, payload }], { acks, headerLength: 4 });
      await tick();
      const [request, barrier] = transport.requests.slice(-2).at(-1)!.type === 1 ? transport.requests.slice(-2) : [transport.requests.at(-1)!, undefined];
      const error = nlmsgerr(request!, 22);
      const tlvs = new AttributeEncoder().u32(2, 28).finish();
      const full = new Uint8Array(error.payload!.length + tlvs.length);
      full.set(error.payload!);
      full.set(tlvs, error.payload!.length);
      transport.receive({ messages: [{ ...error, flags: NLM_F_CAPPED | NLM_F_ACK_TLVS, payload: full }, ...(barrier ? [nlmsgerr(barrier, 0)] : [])] });
      const [result] = await call;
      expect(result).toBeInstanceOf(NetlinkError);
      expect((result as NetlinkError).attribute).toMatchObject({ path: [2], attributeOffset: 28 });
    }
  });

  it('aborted midway: answered ones keep their answers, the rest get the AbortError, late answers are swallowed', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 2 });
    const controller = new AbortController();
    const call = connection.requestAll([{ type: 16 }, { type: 17 }, { type: 18 }, { type: 19 }], { signal: controller.signal });
    await tick();
    expect(transport.requests.map((r) => r.type)).toEqual([16, 17]);
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0)] });
    await tick();
    expect(transport.requests.map((r) => r.type)).toEqual([16, 17, 18]);
    let settled = false;
    void call.then(() => (settled = true));
    controller.abort();
    // Settled at once: the requests in flight do not wait for answers that may never come.
    await tick();
    expect(settled).toBe(true);
    const results = await call;
    expect(results[0]).toEqual([]);
    expect(results.slice(1).every((r) => r instanceof AbortError)).toBe(true);
    transport.receive({ messages: transport.requests.slice(1).map((r) => nlmsgerr(r, 0)) });
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
  });

  it('the connection closed while a call waits: every unanswered message gets SocketClosedError', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 1 });
    const call = connection.requestAll([{ type: 16 }, { type: 17 }, { type: 18 }]);
    await tick();
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0)] });
    connection.close();
    const results = await call;
    expect(results[0]).toEqual([]);
    expect(results.slice(1).every((r) => r instanceof SocketClosedError)).toBe(true);
  });
});

describe('an abandoned request of a bulk call is drained as a request, not as a dump', () => {
  const data = (seq: number) => ({ type: 16, flags: 2, seq, payload: Uint8Array.of(1, 0, 0, 0) });
  // A DONE without an errno ends a dump's answer, but not an acked request's multipart reply: its ACK follows.
  const done = (seq: number) => ({ type: 3, flags: 2, seq, payload: Uint8Array.of(0, 0, 0, 0) });

  it('requestAll: the multipart reply, its DONE and then the ACK are all swallowed', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    const call = connection.requestAll([{ type: 16 }], { signal: controller.signal });
    await tick();
    const [request] = transport.requests;
    controller.abort();
    await expect(call).resolves.toEqual([expect.any(AbortError)]);
    transport.receive({ messages: [data(request!.seq), done(request!.seq), nlmsgerr(request!, 0)] });
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
  });

  it('requestMany: the same', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    const call = connection.requestMany([{ type: 16, flags: 0x4 }], { signal: controller.signal });
    await tick();
    const [request] = transport.requests;
    controller.abort();
    await expect(call).resolves.toMatchObject({ results: [expect.any(AbortError)] });
    transport.receive({ messages: [data(request!.seq), done(request!.seq), nlmsgerr(request!, 0)] });
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
  });
});

describe('requestMany', () => {
  it('with an aborted signal, it rejects with AbortError and sends nothing', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reason = new Error('not now');
    const aborted = await connection.requestMany([{ type: 16, flags: 0x4 }], { signal: AbortSignal.abort(reason) }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortError);
    expect((aborted as AbortError).cause).toBe(reason);
    await tick();
    expect(transport.sent).toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('on a closed connection it rejects with SocketClosedError', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    connection.close();
    await expect(connection.requestMany([{ type: 16 }])).rejects.toBeInstanceOf(SocketClosedError);
  });

  it('numbers its messages past a number another operation holds (one the allocator did not hand out, as a renumbered dump may hold)', () => {
    const transport = new ScriptedTransport();
    const table = new OperationTable(
      () => {},
      () => {},
    );
    const host: BulkHost = {
      closed: false,
      maxInFlight: 256,
      overruns: 0,
      table,
      outbox: new Outbox((bytes) => transport.send(bytes), (seqs, error) => table.failUnsent(seqs, error)),
      flow: new Flow(transport, 8192, () => false),
      transport,
      check() {},
      release() {},
    };
    // The allocator's next number is free, the one after it is taken.
    const free = table.next();
    const holder = new PendingRequest(free + 1, 0x5, new Uint8Array(16), undefined, { resolve() {}, reject() {} });
    table.register(holder);
    void requestMany(host, [{ type: 16, flags: 0x4 }, { type: 17, flags: 0x4 }], {});
    const seqs = transport.requests.map((r) => r.seq);
    expect(seqs).toHaveLength(2);
    expect(seqs).not.toContain(free + 1);
    expect(table.bySeq.get(free + 1)).toBe(holder);
    for (const seq of seqs) expect(table.bySeq.get(seq)).toBeInstanceOf(PendingRequest);
  });

  it('an error answering one of its messages frees its window slot as an ACK does', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 1 });
    const many = connection.requestMany([{ type: 16, flags: 0x4 }]);
    const waiting = connection.request({ type: 17 });
    await tick();
    expect(transport.requests.map((r) => r.type)).toEqual([16]);
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 22)] });
    const { results } = await many;
    expect(results[0]).toMatchObject({ errnoName: 'EINVAL' });
    await tick();
    expect(transport.requests.map((r) => r.type)).toEqual([16, 17]);
    transport.receive({ messages: [nlmsgerr(transport.requests[1]!, 0)] });
    await expect(waiting).resolves.toEqual([]);
    // The window is whole again: one more request goes at once.
    const after = connection.request({ type: 18 });
    await tick();
    expect(transport.requests.map((r) => r.type)).toEqual([16, 17, 18]);
    transport.receive({ messages: [nlmsgerr(transport.requests[2]!, 0)] });
    await expect(after).resolves.toEqual([]);
  });

  it('its messages go in a datagram of their own, after requests made before it; NLM_F_REQUEST is added to each', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const before = connection.request({ type: 20 });
    const many = connection.requestMany([{ type: 16, flags: 0x4 }, { type: 17 }, { type: 18, flags: 0x4 | 0x8 }]);
    expect(transport.sent).toHaveLength(2);
    expect(transport.requests.map((r) => [r.type, r.flags])).toEqual([
      [20, 0x5],
      [16, 0x5],
      [17, 0x1],
      [18, 0xd],
    ]);
    const [r20, r16, , r18] = transport.requests;
    transport.receive({ messages: [nlmsgerr(r20!, 0), nlmsgerr(r16!, 0), { type: 18, seq: r18!.seq, payload: Uint8Array.of(1) }, nlmsgerr(r18!, 0)] });
    await expect(before).resolves.toEqual([]);
    const { seqs, results } = await many;
    expect(seqs).toEqual([r16!.seq, transport.requests[2]!.seq, r18!.seq]);
    expect(results[0]).toEqual([]);
    expect(results[1]).toBeUndefined();
    expect((results[2] as { type: number }[]).map((m) => m.type)).toEqual([18]);
    expect(connection.pending).toBe(0);
  });

  it('a failed send fails every message that waits for an answer', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const failure = new Error('EPERM');
    transport.failNextSend = failure;
    const { results } = await connection.requestMany([{ type: 16, flags: 0x4 }, { type: 17 }, { type: 18, flags: 0x4 }]);
    expect(results).toEqual([failure, undefined, failure]);
    expect(connection.pending).toBe(0);
    expect(transport.calls.filter((c) => c === 'ref' || c === 'unref').at(-1)).toBe('unref');
  });

  it('a timeout fails the messages still unanswered; their late answers are swallowed', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const many = connection.requestMany([{ type: 16, flags: 0x4 }, { type: 17, flags: 0x4 }], { timeout: 10 });
    const [a, b] = transport.requests;
    transport.receive({ messages: [nlmsgerr(a!, 0)] });
    const { results } = await many;
    expect(results[0]).toEqual([]);
    expect(results[1]).toBeInstanceOf(TimeoutError);
    transport.receive({ messages: [nlmsgerr(b!, 0)] });
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
  });

  it('keeps the process alive while it waits', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const many = connection.requestMany([{ type: 16, flags: 0x4 }]);
    expect(transport.calls.filter((c) => c === 'ref' || c === 'unref').at(-1)).toBe('ref');
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0)] });
    await many;
    expect(transport.calls.filter((c) => c === 'ref' || c === 'unref').at(-1)).toBe('unref');
  });
});

describe('a datagram that cannot be sent', () => {
  it("after the call was aborted (before its datagram went out), the send's failure does not overwrite the results", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    transport.failNextSend = new Error('ENOBUFS on send');
    const call = connection.requestAll([{ type: 16 }, { type: 17 }], { acks: 'errors', signal: controller.signal });
    // Aborted synchronously: the requests are framed, their datagram not sent yet.
    controller.abort();
    const results = await call;
    await tick();
    expect(transport.sent).toEqual([]);
    expect(results.map((r) => (r as Error).name)).toEqual(['AbortError', 'AbortError']);
    expect(connection.pending).toBe(0);
  });

  it('fails its requests, which then hold no number and do not keep the process alive', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const failure = new Error('ENOBUFS on send');
    transport.failNextSend = failure;
    await expect(connection.request({ type: 16 })).rejects.toBe(failure);
    expect(connection.pending).toBe(0);
    expect(transport.calls.filter((c) => c === 'ref' || c === 'unref').at(-1)).toBe('unref');
    transport.failNextSend = failure;
    await expect(connection.requestAll([{ type: 16 }, { type: 17 }])).resolves.toEqual([failure, failure]);
    expect(connection.pending).toBe(0);
    expect(transport.calls.filter((c) => c === 'ref' || c === 'unref').at(-1)).toBe('unref');
    // The connection goes on.
    const next = connection.request({ type: 18 });
    await tick();
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0)] });
    await expect(next).resolves.toEqual([]);
  });
});

describe('more of the bulk calls', () => {
  it("a RequestSource's flags go on every request it writes", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const call = connection.requestAll({ count: 2, type: 16, flags: 0x400, write: (i, w) => void w.write(Uint8Array.of(i)) });
    await tick();
    expect(transport.requests.map((r) => r.flags)).toEqual([0x405, 0x405]);
    transport.receive({ messages: transport.requests.map((r) => nlmsgerr(r, 0)) });
    await call;
    const silent = connection.requestAll({ count: 1, type: 16, flags: 0x400, write: () => {} }, { acks: 'errors' });
    await tick();
    expect(transport.requests.slice(2).map((r) => [r.type, r.flags])).toEqual([
      [16, 0x401],
      [1, 0x5],
    ]);
    transport.receive({ messages: [nlmsgerr(transport.requests[3]!, 0)] });
    await silent;
  });

  it('timeouts name the call that timed out', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const [all] = await connection.requestAll([{ type: 16 }], { timeout: 1 });
    expect((all as Error).message).toBe('requestAll timed out after 1 ms');
    const { results } = await connection.requestMany([{ type: 16, flags: 0x4 }], { timeout: 1 });
    expect((results[0] as Error).message).toBe('request timed out after 1 ms');
  });

  it("requestMany: an error names the attribute of its own message's request", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const payload = Uint8Array.of(0, 0, 0, 0, 8, 0, 1, 0, 1, 0, 0, 0, 8, 0, 2, 0, 2, 0, 0, 0);
    const many = connection.requestMany([{ type: 16, flags: 0x4 }, { type: 17, flags: 0x4, payload }], { headerLength: 4 });
    const [, second] = transport.requests;
    const error = nlmsgerr(second!, 22);
    // NLMSGERR_ATTR_OFFS (2), u32 28: the second attribute of the second message.
    const tlvs = Uint8Array.of(8, 0, 2, 0, 28, 0, 0, 0);
    const full = new Uint8Array(error.payload!.length + tlvs.length);
    full.set(error.payload!);
    full.set(tlvs, error.payload!.length);
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0), { ...error, flags: NLM_F_CAPPED | NLM_F_ACK_TLVS, payload: full }] });
    const { results } = await many;
    expect(results[1]).toMatchObject({ offset: 28, attribute: { path: [2], attributeOffset: 28 } });
  });

  it('requestMany with nothing to wait for does not keep the process alive', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    await expect(connection.requestMany([{ type: 16 }, { type: 17 }])).resolves.toMatchObject({ results: [undefined, undefined] });
    expect(transport.calls.filter((c) => c === 'ref' || c === 'unref').at(-1)).toBe('unref');
    expect(connection.pending).toBe(0);
  });
});
