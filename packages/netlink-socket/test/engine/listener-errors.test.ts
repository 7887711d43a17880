// A subscription listener that throws is the caller's bug: the requests and dumps whose answers arrive
// in the same receive batch must get them, and the exception must surface as an uncaught exception (as a
// throw from a net.Socket 'data' listener does), not as a malformed datagram failing every call.
import { NLM_F_MULTI, NLMSG_DONE } from '@linx/netlink-wire';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));

/** Collects uncaught exceptions while a test runs, in place of the test runner's own handlers. */
function catchUncaught(): unknown[] {
  const caught: unknown[] = [];
  const saved = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', (error) => caught.push(error));
  restore = () => {
    process.removeAllListeners('uncaughtException');
    for (const listener of saved) process.on('uncaughtException', listener);
  };
  return caught;
}
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('a throwing subscription listener', () => {
  it('does not fail a dump and a request in flight; its error is an uncaught exception, after the batch; the subscription goes on', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const bug = new Error('listener bug');
    let calls = 0;
    subscription.on('message', () => {
      calls++;
      throw bug;
    });
    const dumped = connection.dump({ type: 18 }).toArray();
    const requested = connection.request({ type: 19 });
    await tick();
    const [dumpRequest, plainRequest] = transport.requests;
    const caught = catchUncaught();
    const notification = { type: 16, seq: 0, pid: 0, payload: new Uint8Array(16) };
    transport.receive(
      { messages: [notification], group: 1 },
      { messages: [{ type: 16, flags: NLM_F_MULTI, seq: dumpRequest!.seq, pid: transport.portId, payload: new Uint8Array(16) }, { type: NLMSG_DONE, flags: NLM_F_MULTI, seq: dumpRequest!.seq, pid: transport.portId, payload: new Uint8Array(4) }] },
      { messages: [nlmsgerr(plainRequest!, 0)] },
    );
    expect(await dumped).toHaveLength(1);
    await expect(requested).resolves.toEqual([]);
    await tick();
    expect(caught).toEqual([bug]);
    // Still subscribed and still delivering.
    transport.receive({ messages: [notification], group: 1 });
    await tick();
    expect(calls).toBe(2);
    expect(caught).toEqual([bug, bug]);
    expect(connection.pending).toBe(0);
    connection.close();
  });

  it('an overrun listener that throws does not stop the overrun recovery', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    connection.subscribe(1).on('overrun', () => {
      throw new Error('overrun listener bug');
    });
    const lost = connection.request({ type: 18 }).catch((e: unknown) => e);
    await tick();
    const caught = catchUncaught();
    transport.overrun();
    const probe = transport.requests.at(-1)!;
    expect(probe.type).toBe(1);
    transport.receive({ messages: [nlmsgerr(probe, 0)] });
    expect((await lost as Error).name).toBe('OverrunError');
    await tick();
    expect(caught).toHaveLength(1);
    connection.close();
  });
});
