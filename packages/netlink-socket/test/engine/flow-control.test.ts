// Backpressure and keeping the process alive, watched from the transport's side: when the connection
// pauses and resumes reading (more than highWaterMark messages queued for consumers, unless a plain
// request waits for its answer; resumed at half the mark), and when it refs and unrefs the socket
// (only while something waits for the kernel).
import type { MessageInit } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));
/** `n` dump messages (NLM_F_MULTI) of sequence number `seq`, numbered from `from`. */
const data = (seq: number, n: number, from = 0): MessageInit[] => Array.from({ length: n }, (_, i) => ({ type: 16, flags: 2, seq, payload: Uint8Array.of(from + i, 0, 0, 0) }));

async function startDump(transport: ScriptedTransport, connection: Connection) {
  const dump = connection.dump({ type: 18 });
  const first = dump.next();
  const seq = transport.requests.at(-1)!.seq;
  return { dump, first, seq };
}

describe('backpressure', () => {
  it('reading pauses once more than highWaterMark messages wait, and resumes when half the mark is left', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 4 });
    const { dump, first, seq } = await startDump(transport, connection);
    transport.receive({ messages: data(seq, 5) });
    expect(connection.buffered).toBe(5);
    expect(transport.paused).toBe(true);
    expect((await first).value.payload[0]).toBe(0);
    expect(connection.buffered).toBe(4);
    expect((await dump.next()).value.payload[0]).toBe(1);
    expect(connection.buffered).toBe(3);
    expect(transport.paused).toBe(true);
    expect((await dump.next()).value.payload[0]).toBe(2);
    expect(connection.buffered).toBe(2);
    expect(transport.paused).toBe(false);
    expect(transport.calls.filter((c) => c === 'pause' || c === 'resume')).toEqual(['pause', 'resume']);
    await dump.return();
    expect(connection.buffered).toBe(0);
  });

  it('reading never paused is never resumed: taking messages or sending requests makes no native call', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 4 });
    const { dump, first, seq } = await startDump(transport, connection);
    transport.receive({ messages: data(seq, 3) });
    await first;
    await dump.next();
    const request = connection.request({ type: 16 });
    await tick();
    transport.receive({ messages: [nlmsgerr(transport.requests.at(-1)!, 0)] });
    await request;
    await dump.next();
    await dump.return();
    expect(transport.calls.filter((c) => c === 'pause' || c === 'resume')).toEqual([]);
  });

  it('exactly highWaterMark messages waiting do not pause', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 4 });
    const { first, seq } = await startDump(transport, connection);
    transport.receive({ messages: data(seq, 4) });
    expect(connection.buffered).toBe(4);
    expect(transport.paused).toBe(false);
    await first;
    expect(transport.calls).not.toContain('pause');
  });

  it('a plain request waiting for its answer keeps reading on; once answered, reading pauses', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 2 });
    const { seq } = await startDump(transport, connection);
    const request = connection.request({ type: 16 });
    await tick();
    const sent = transport.requests.at(-1)!;
    transport.receive({ messages: data(seq, 5) });
    expect(connection.buffered).toBe(5);
    expect(transport.paused).toBe(false);
    transport.receive({ messages: [nlmsgerr(sent, 0)] });
    await request;
    expect(transport.paused).toBe(true);
    connection.close();
  });

  it('paused reading resumes as soon as a plain request is sent, whatever is queued', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 2 });
    const { seq } = await startDump(transport, connection);
    transport.receive({ messages: data(seq, 6) });
    expect(transport.paused).toBe(true);
    const request = connection.request({ type: 16 });
    expect(transport.paused).toBe(false);
    await tick();
    transport.receive({ messages: [nlmsgerr(transport.requests.at(-1)!, 0)] });
    await request;
    // Answered: the six messages still wait, so reading pauses again.
    expect(transport.paused).toBe(true);
    connection.close();
  });

  it('requestAll counts as requests in flight too', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 2 });
    const { seq } = await startDump(transport, connection);
    transport.receive({ messages: data(seq, 6) });
    expect(transport.paused).toBe(true);
    const all = connection.requestAll([{ type: 16 }, { type: 16 }]);
    expect(transport.paused).toBe(false);
    await tick();
    const sent = transport.requests.slice(-2);
    transport.receive({ messages: sent.map((r) => nlmsgerr(r, 0)) });
    await expect(all).resolves.toEqual([[], []]);
    expect(transport.paused).toBe(true);
    connection.close();
  });

  it('after close, taking the messages still queued does not resume the closed socket', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 2 });
    const { dump, first, seq } = await startDump(transport, connection);
    transport.receive({ messages: data(seq, 6) });
    expect(transport.paused).toBe(true);
    connection.close();
    const taken = [(await first).value.payload[0]];
    for (;;) {
      const next = await dump.next().catch((e: unknown) => e);
      if (next instanceof Error || (next as IteratorResult<unknown>).done) break;
      taken.push((next as IteratorResult<{ payload: Uint8Array }>).value.payload[0]!);
    }
    expect(taken).toEqual([0, 1, 2, 3, 4, 5]);
    expect(transport.calls).not.toContain('resume');
  });
});

describe('keeping the process alive', () => {
  const refState = (transport: ScriptedTransport) => transport.calls.filter((c) => c === 'ref' || c === 'unref').at(-1);

  it('an idle connection is unref’d; a request in flight refs it until answered', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    expect(refState(transport)).toBe('unref');
    const request = connection.request({ type: 16 });
    expect(refState(transport)).toBe('ref');
    await tick();
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0)] });
    await request;
    expect(refState(transport)).toBe('unref');
  });

  it('a subscription refs it until it is closed', () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    expect(refState(transport)).toBe('ref');
    subscription.close();
    expect(refState(transport)).toBe('unref');
    // Closing again changes nothing.
    const calls = transport.calls.length;
    subscription.close();
    expect(transport.calls).toHaveLength(calls);
  });

  it('a subscription keeps it alive after the requests are answered', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    connection.subscribe(1);
    const request = connection.request({ type: 16 });
    await tick();
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0)] });
    await request;
    expect(refState(transport)).toBe('ref');
    connection.close();
  });

  it('once closed, the socket is neither ref’d nor unref’d again', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const request = connection.request({ type: 16 }).catch((e: unknown) => e);
    const calls = transport.calls.length;
    connection.close();
    await request;
    subscription.close();
    expect(transport.calls.slice(calls).filter((c) => c === 'ref' || c === 'unref')).toEqual([]);
    expect(transport.closed).toBe(true);
  });
});
