import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { OverrunError } from '../../src/engine/errors.js';
import { FakeKernel } from '../../src/testing/index.js';
import type { MulticastEvent } from '../../src/engine/subscription.js';

describe('multicast subscriptions', () => {
  it('iterate notifications of the joined groups; an overrun is an event and the subscription goes on', async () => {
    const kernel = new FakeKernel();
    const connection = new Connection(kernel);
    const subscription = connection.subscribe([1, 33]);
    expect([...kernel.groups]).toEqual([1, 33]);
    expect(kernel.options.get('packetInfo')).toBe(true);
    const events: MulticastEvent[] = [];
    const reading = (async () => {
      for await (const event of subscription) {
        events.push(event);
        if (events.length === 4) break;
      }
    })();
    kernel.notify(1, { type: 16, payload: Uint8Array.of(1) });
    await new Promise((r) => setTimeout(r, 5));
    kernel.overrun();
    await new Promise((r) => setTimeout(r, 5));
    kernel.notify(33, { type: 24, payload: Uint8Array.of(2) });
    kernel.notify(5, { type: 99 }); // not joined: never arrives
    kernel.notify(1, { type: 17 });
    await reading;
    expect(events.map((e) => (e.kind === 'message' ? [e.group, e.message.type] : e.kind))).toEqual([[1, 16], 'overrun', [33, 24], [1, 17]]);
    expect(events[1]!.kind === 'overrun' && events[1]!.error).toBeInstanceOf(OverrunError);
    // Leaving the loop unsubscribed and left the groups.
    expect(kernel.groups.size).toBe(0);
  });

  it('or listen to them, EventEmitter style', async () => {
    const kernel = new FakeKernel();
    const connection = new Connection(kernel);
    const subscription = connection.subscribe(3);
    const seen: string[] = [];
    subscription.on('message', (message, info) => seen.push(`${message.type}@${info.group}`));
    subscription.on('overrun', (error) => seen.push(error.code));
    kernel.notify(3, { type: 20 });
    kernel.overrun();
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['20@3', 'ERR_LINX_OVERRUN']);
    subscription.close();
    expect(kernel.groups.size).toBe(0);
  });

  it('two subscriptions to one group: the group is left when the last one closes; close ends iteration', async () => {
    const kernel = new FakeKernel();
    const connection = new Connection(kernel);
    const a = connection.subscribe(7);
    const b = connection.subscribe(7);
    a.close();
    expect(kernel.groups.has(7)).toBe(true);
    const next = b.next();
    connection.close();
    await expect(next).resolves.toEqual({ value: undefined, done: true });
  });
});
