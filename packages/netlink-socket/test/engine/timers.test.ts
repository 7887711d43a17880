// A timeout is a timer that keeps the process alive: once its call is over (answered, failed, stopped
// early), none may be left behind. Counted with vitest's fake setTimeout/clearTimeout.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const flushMicrotasks = () => new Promise<void>((r) => queueMicrotask(r));
const done = (seq: number) => ({ type: 3, flags: 2, seq, payload: new Uint8Array(4) });

describe('no timer is left behind', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('by a request answered before its timeout', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const request = connection.request({ type: 16 }, { timeout: 60_000 });
    expect(vi.getTimerCount()).toBe(1);
    await flushMicrotasks();
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0)] });
    await request;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('by a dump that ended before its timeout, or was stopped early', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }, { timeout: 60_000 }).toArray();
    expect(vi.getTimerCount()).toBe(1);
    transport.receive({ messages: [done(transport.requests[0]!.seq)] });
    await reading;
    expect(vi.getTimerCount()).toBe(0);

    const dump = connection.dump({ type: 18 }, { timeout: 60_000 });
    const first = dump.next();
    expect(vi.getTimerCount()).toBe(1);
    await dump.return();
    await first;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('by requestAll and requestMany once answered', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const all = connection.requestAll([{ type: 16 }], { timeout: 60_000 });
    const many = connection.requestMany([{ type: 17, flags: 0x4 }], { timeout: 60_000 });
    await flushMicrotasks();
    transport.receive({ messages: transport.requests.map((r) => nlmsgerr(r, 0)) });
    await Promise.all([all, many]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('by a request that failed when the connection closed', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const request = connection.request({ type: 16 }, { timeout: 60_000 }).catch((e: unknown) => e);
    const reading = connection.dump({ type: 18 }, { timeout: 60_000 }).toArray().catch((e: unknown) => e);
    connection.close();
    await request;
    await reading;
    expect(vi.getTimerCount()).toBe(0);
  });
});
