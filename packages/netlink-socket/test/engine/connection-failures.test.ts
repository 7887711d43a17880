// A connection when its socket fails (an error from the receive side, as the addon reports recvmsg or
// poll failures), and its documented defaults: 256 requests in flight, pausing above 8192 queued
// messages, receive batches of at most half a megabyte.
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { NativeError } from '../../src/native/errors.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('a socket error', () => {
  it('fails requests in flight, running dumps, dumps created and not started, and subscriptions; the connection stays open', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const request = connection.request({ type: 16 }).catch((e: unknown) => e);
    const running = connection.dump({ type: 18 }).toArray().catch((e: unknown) => e);
    const created = connection.dump({ type: 22 });
    const subscription = connection.subscribe(1);
    const next = subscription.next().catch((e: unknown) => e);
    await tick();
    const failure = new NativeError('recvmsg', 9, 'EBADF');
    transport.handlers!.onError(failure);
    expect(await request).toBe(failure);
    expect(await running).toBe(failure);
    expect(await next).toBe(failure);
    await expect(created.next()).rejects.toBe(failure);
    expect(connection.pending).toBe(0);
    expect(connection.closed).toBe(false);
    // Nothing of the dump created before the error was sent.
    expect(transport.requests.map((r) => r.type)).toEqual([18, 16]);
  });

  it('a dump queued behind the running one fails with it and is never sent; the next dump goes out at once', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const running = connection.dump({ type: 18 }).toArray().catch((e: unknown) => e);
    const queued = connection.dump({ type: 22 }).toArray().catch((e: unknown) => e);
    await tick();
    const failure = new NativeError('poll', 9, 'EBADF');
    transport.handlers!.onError(failure);
    expect(await running).toBe(failure);
    expect(await queued).toBe(failure);
    const next = connection.dump({ type: 26 }).toArray();
    expect(transport.requests.map((r) => r.type)).toEqual([18, 26]);
    const seq = transport.requests[1]!.seq;
    transport.receive({ messages: [{ type: 3, flags: 2, seq, payload: new Uint8Array(4) }] });
    await expect(next).resolves.toEqual([]);
  });
});

describe('defaults', () => {
  it('256 requests in flight at most', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const requests = Array.from({ length: 257 }, () => connection.request({ type: 16 }));
    await tick();
    expect(transport.requests).toHaveLength(256);
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0)] });
    await tick();
    expect(transport.requests).toHaveLength(257);
    transport.receive({ messages: transport.requests.slice(1).map((r) => nlmsgerr(r, 0)) });
    await Promise.all(requests);
  });

  it('reading pauses above 8192 queued messages', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    const first = dump.next();
    const seq = transport.requests[0]!.seq;
    const data = (n: number) => Array.from({ length: n }, () => ({ type: 16, flags: 2, seq }));
    transport.receive({ messages: data(8192) });
    expect(transport.paused).toBe(false);
    transport.receive({ messages: data(1) });
    expect(transport.paused).toBe(true);
    await first;
    await dump.return();
  });

  it('receive batches of at most 128 KiB, so backpressure reacts within one', () => {
    const transport = new ScriptedTransport();
    new Connection(transport);
    expect(transport.handlers!.maxBytes).toBe(128 * 1024);
  });
});
