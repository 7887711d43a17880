import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { FakeKernel } from '../../src/testing/index.js';
import type { MulticastEvent } from '../../src/engine/subscription.js';

const tick = () => new Promise((r) => setTimeout(r, 5));
const summary = (events: MulticastEvent[]) => events.map((e) => (e.kind === 'message' ? [e.group, e.message.type, e.message.payload[0]] : e.kind));

describe("listening to the kernel's own unicast messages (sequence number 0)", () => {
  it('delivers them as group 0, filtered per listener, with overruns, and joins no group', async () => {
    const kernel = new FakeKernel();
    const connection = new Connection(kernel);
    const odd = connection.listen((m) => m.payload[0]! % 2 === 1);
    const all = connection.listen();
    expect(kernel.groups.size).toBe(0);
    const seenOdd: MulticastEvent[] = [];
    const seenAll: MulticastEvent[] = [];
    odd.on('message', (message, info) => seenOdd.push({ kind: 'message', message, group: info.group, nsid: info.nsid }));
    odd.on('overrun', (error) => seenOdd.push({ kind: 'overrun', error }));
    const reading = (async () => {
      for await (const event of all) {
        seenAll.push(event);
        if (seenAll.length === 4) break;
      }
    })();
    kernel.deliver({ messages: [{ type: 0x300, seq: 0, payload: Uint8Array.of(1) }, { type: 0x300, seq: 0, payload: Uint8Array.of(2) }] });
    await tick();
    kernel.overrun();
    await tick();
    kernel.deliver({ messages: [{ type: 0x400, seq: 0, payload: Uint8Array.of(3) }] });
    await reading;
    expect(summary(seenAll)).toEqual([[0, 0x300, 1], [0, 0x300, 2], 'overrun', [0, 0x400, 3]]);
    expect(summary(seenOdd)).toEqual([[0, 0x300, 1], 'overrun', [0, 0x400, 3]]);
    expect(connection.unmatchedMessages).toBe(0);
    odd.close();
    connection.close();
  });

  it('without a listener they are counted as unmatched, as before; a closed listener takes no more', async () => {
    const kernel = new FakeKernel();
    const connection = new Connection(kernel);
    kernel.deliver({ messages: [{ type: 0x300, seq: 0, payload: Uint8Array.of(1) }] });
    await tick();
    expect(connection.unmatchedMessages).toBe(1);
    const listener = connection.listen();
    const got: number[] = [];
    listener.on('message', (m) => got.push(m.payload[0]!));
    kernel.deliver({ messages: [{ type: 0x300, seq: 0, payload: Uint8Array.of(2) }] });
    await tick();
    listener.close();
    kernel.deliver({ messages: [{ type: 0x300, seq: 0, payload: Uint8Array.of(3) }] });
    await tick();
    expect(got).toEqual([2]);
    expect(connection.unmatchedMessages).toBe(2);
    // A message with a request's sequence number that no request holds is still stray, listener or not.
    connection.listen();
    kernel.deliver({ messages: [{ type: 0x300, seq: 77, payload: Uint8Array.of(4) }] });
    await tick();
    expect(connection.unmatchedMessages).toBe(3);
    connection.close();
  });
});
