// Plain requests and the window of requests in flight (maxInFlight): who waits, in which order they go,
// what frees a slot (answers to plain requests, and to requestAll/requestMany, which count in the window
// too), and what aborts, timeouts and close do to waiting and running requests. Also the socket options
// a connection switches on, dumpAll's retries, and disposal.
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { NativeError, SocketClosedError } from '../../src/native/errors.js';
import { AbortError, DumpInterruptedError, TimeoutError } from '../../src/engine/errors.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));
const types = (transport: ScriptedTransport) => transport.requests.map((r) => r.type);
const answer = (transport: ScriptedTransport, type: number, errno = 0) => transport.receive({ messages: [nlmsgerr(transport.requests.find((r) => r.type === type)!, errno)] });

describe('the window of requests in flight', () => {
  it('beyond maxInFlight, requests wait and go in the order they were made, one per answer', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 2 });
    const settle = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e as { errnoName: string }).errnoName);
    const results = [16, 17, 18, 19].map((type) => settle(connection.request({ type })));
    await tick();
    expect(types(transport)).toEqual([16, 17]);
    expect(connection.pending).toBe(2);
    answer(transport, 17);
    await tick();
    expect(types(transport)).toEqual([16, 17, 18]);
    // A request made now still waits behind 19.
    const late = settle(connection.request({ type: 20 }));
    answer(transport, 16, 1);
    await tick();
    expect(types(transport)).toEqual([16, 17, 18, 19]);
    answer(transport, 18);
    answer(transport, 19);
    await tick();
    answer(transport, 20);
    await expect(Promise.all([...results, late])).resolves.toEqual(['EPERM', 'ok', 'ok', 'ok', 'ok']);
  });

  it("a request waiting behind requestAll's requests goes once they are answered", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 1 });
    const all = connection.requestAll([{ type: 16 }]);
    await tick();
    const waiting = connection.request({ type: 17 });
    await tick();
    expect(types(transport)).toEqual([16]);
    answer(transport, 16);
    await all;
    await tick();
    expect(types(transport)).toEqual([16, 17]);
    answer(transport, 17);
    await expect(waiting).resolves.toEqual([]);
  });

  it("a request waiting behind requestMany's requests goes once they are answered", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 1 });
    const many = connection.requestMany([{ type: 16, flags: 0x4 }]);
    const waiting = connection.request({ type: 17 });
    await tick();
    expect(types(transport)).toEqual([16]);
    answer(transport, 16);
    await many;
    await tick();
    expect(types(transport)).toEqual([16, 17]);
    answer(transport, 17);
    await expect(waiting).resolves.toEqual([]);
  });

  it('an aborted request in flight frees its slot at once; its late answer is swallowed', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 1 });
    const controller = new AbortController();
    const first = connection.request({ type: 16 }, { signal: controller.signal });
    const second = connection.request({ type: 17 });
    await tick();
    controller.abort('stop');
    const error = await first.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe('stop');
    await tick();
    expect(types(transport)).toEqual([16, 17]);
    answer(transport, 16);
    expect(connection.unmatchedMessages).toBe(0);
    answer(transport, 17);
    await expect(second).resolves.toEqual([]);
    // The drain took the late answer and is gone.
    expect(connection.pending).toBe(0);
  });

  it('a request in flight that times out frees its slot; the late error answer is swallowed', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 1 });
    const first = connection.request({ type: 16 }, { timeout: 5 });
    const second = connection.request({ type: 17 });
    await expect(first).rejects.toThrow(new TimeoutError(5, 'request'));
    await expect(first).rejects.toThrow('request timed out after 5 ms');
    await tick();
    expect(types(transport)).toEqual([16, 17]);
    answer(transport, 16, 22);
    answer(transport, 17);
    await expect(second).resolves.toEqual([]);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it('answered before its timeout: the timer is disarmed and never fires', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const request = connection.request({ type: 16 }, { timeout: 20 });
    await tick();
    answer(transport, 16);
    await expect(request).resolves.toEqual([]);
    await new Promise((r) => setTimeout(r, 40));
    expect(connection.pending).toBe(0);
  });

  it('close: waiting requests fail with SocketClosedError and are never sent', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 1 });
    const requests = [16, 17, 18].map((type) => connection.request({ type }).catch((e: unknown) => e));
    await tick();
    const sent = transport.sent.length;
    connection.close();
    const errors = await Promise.all(requests);
    expect(errors.every((e) => e instanceof SocketClosedError)).toBe(true);
    expect(transport.sent).toHaveLength(sent);
    expect(types(transport)).toEqual([16]);
  });

  it('without an ACK asked for, the flags carry no NLM_F_ACK and a single reply settles it', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const request = connection.request({ type: 16, flags: 0x100 }, { ack: false });
    await tick();
    const sent = transport.requests[0]!;
    expect(sent.flags).toBe(0x101);
    transport.receive({ messages: [{ type: 16, seq: sent.seq, payload: Uint8Array.of(5) }] });
    const replies = await request;
    expect(replies.map((m) => Array.from(m.payload))).toEqual([[5]]);
    expect(connection.pending).toBe(0);
  });

  it('a multipart answer to a plain request: replies up to the DONE, then the ACK settles it', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    let settled = false;
    const request = connection.request({ type: 16 }).finally(() => (settled = true));
    await tick();
    const sent = transport.requests[0]!;
    transport.receive({ messages: [{ type: 16, flags: 2, seq: sent.seq, payload: Uint8Array.of(1) }, { type: 16, flags: 2, seq: sent.seq, payload: Uint8Array.of(2) }, { type: 3, flags: 2, seq: sent.seq, payload: new Uint8Array(4) }] });
    await tick();
    expect(settled).toBe(false);
    transport.receive({ messages: [nlmsgerr(sent, 0)] });
    expect((await request).map((m) => m.payload[0])).toEqual([1, 2]);
  });

  it('without an ACK, a multipart answer ends at its DONE; a DONE with an errno rejects', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const ok = connection.request({ type: 16 }, { ack: false });
    const bad = connection.request({ type: 17 }, { ack: false }).catch((e: unknown) => e);
    await tick();
    const [a, b] = transport.requests;
    const doneWith = (seq: number, errno: number) => {
      const payload = new Uint8Array(4);
      new DataView(payload.buffer).setInt32(0, -errno, true);
      return { type: 3, flags: 2, seq, payload };
    };
    transport.receive({ messages: [{ type: 16, flags: 2, seq: a!.seq, payload: Uint8Array.of(1) }, doneWith(a!.seq, 0), { type: 16, flags: 2, seq: b!.seq }, doneWith(b!.seq, 12)] });
    expect((await ok).map((m) => m.payload[0])).toEqual([1]);
    expect(await bad).toMatchObject({ errnoName: 'ENOMEM', seq: b!.seq });
    expect(connection.pending).toBe(0);
  });
});

describe('a connection', () => {
  it('switches on ext-ack, strict checking and capped ACKs; a kernel lacking one (NativeError) is fine', () => {
    const transport = new ScriptedTransport();
    const switched: string[] = [];
    transport.setExtendedAck = (on) => void switched.push(`extack:${on}`);
    transport.setStrictCheck = () => {
      throw new NativeError('setsockopt', 92, 'ENOPROTOOPT');
    };
    transport.setCapAck = (on) => void switched.push(`capack:${on}`);
    const connection = new Connection(transport);
    expect(switched).toEqual(['extack:true', 'capack:true']);
    expect(connection.closed).toBe(false);
    expect(connection.portId).toBe(4242);
  });

  it('any other error while switching them on is thrown', () => {
    const transport = new ScriptedTransport();
    transport.setCapAck = () => {
      throw new RangeError('bad');
    };
    expect(() => new Connection(transport)).toThrow(RangeError);
  });

  it('dumpAll retries an interrupted dump (here 4 attempts at most, at once), and not other errors', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const interruptedDone = (seq: number) => ({ type: 3, flags: 0x12, seq, payload: new Uint8Array(4) });
    const all = connection.dumpAll({ type: 18 }, { onInterrupt: { action: 'retry', attempts: 4, initialDelay: 0 } }).catch((e: unknown) => e);
    for (let attempt = 0; attempt < 4; attempt++) {
      await tick();
      expect(transport.requests).toHaveLength(attempt + 1);
      transport.receive({ messages: [interruptedDone(transport.requests[attempt]!.seq)] });
    }
    expect(await all).toBeInstanceOf(DumpInterruptedError);
    await tick();
    expect(transport.requests).toHaveLength(4);

    const failing = connection.dumpAll({ type: 18 }, { onInterrupt: { action: 'retry', attempts: 6, initialDelay: 0 } }).catch((e: unknown) => e);
    await tick();
    transport.receive({ messages: [nlmsgerr(transport.requests[4]!, 95)] });
    expect(await failing).toMatchObject({ errnoName: 'EOPNOTSUPP' });
    await tick();
    expect(transport.requests).toHaveLength(5);
  });

  it('closing twice closes the transport once', () => {
    const transport = new ScriptedTransport();
    let closes = 0;
    const close = transport.close.bind(transport);
    transport.close = () => {
      closes++;
      close();
    };
    const connection = new Connection(transport);
    connection.close();
    connection.close();
    expect(closes).toBe(1);
  });

  it('disposing of it closes it, sync or async', async () => {
    const a = new ScriptedTransport();
    new Connection(a)[Symbol.dispose]();
    expect(a.closed).toBe(true);
    const b = new ScriptedTransport();
    const connection = new Connection(b);
    await connection[Symbol.asyncDispose]();
    expect(b.closed).toBe(true);
    expect(connection.closed).toBe(true);
  });

  it('a closed connection refuses a request with SocketClosedError, even one whose signal is aborted', async () => {
    const connection = new Connection(new ScriptedTransport());
    connection.close();
    await expect(connection.request({ type: 16 }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(SocketClosedError);
  });

  it('a transport closed underneath: new requests and dumps fail with SocketClosedError', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const created = connection.dump({ type: 18 });
    transport.closed = true;
    await expect(connection.request({ type: 16 })).rejects.toBeInstanceOf(SocketClosedError);
    expect(() => connection.dump({ type: 18 })).toThrow(SocketClosedError);
    // A dump created before is not sent when iterated.
    await expect(created.next()).rejects.toBeInstanceOf(SocketClosedError);
    expect(transport.sent).toEqual([]);
  });
});
