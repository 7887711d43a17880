// Subscriptions beyond the happy path: which group numbers are refused, NETLINK_PKTINFO switched on once
// (and done without on a kernel that refuses it), joining and leaving groups shared by several
// subscriptions, what queued notifications count for backpressure, and how a subscription ends (closed
// socket, failed socket, its own close) for an iterator and for listeners.
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { InvalidArgumentError, NativeError, SocketClosedError } from '../../src/native/errors.js';
import { OverrunError } from '../../src/engine/errors.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';

function withPacketInfo(transport: ScriptedTransport, fail?: Error): boolean[] {
  const calls: boolean[] = [];
  transport.setPacketInfo = (on) => {
    calls.push(on);
    if (fail) throw fail;
  };
  return calls;
}

describe('subscribing', () => {
  it('group numbers must be integers from 1 to 2^32 - 1; a refused list joins nothing', () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    for (const group of [0, -1, 1.5, 0x1_0000_0000, Number.NaN]) {
      expect(() => connection.subscribe(group), String(group)).toThrow(InvalidArgumentError);
    }
    expect(() => connection.subscribe([3, 0])).toThrow(InvalidArgumentError);
    expect(() => connection.subscribe(0)).toThrow('group: 0 is not a multicast group number (1 or more)');
    expect([...transport.groups]).toEqual([]);
    connection.subscribe([1, 0xffff_ffff]);
    expect([...transport.groups]).toEqual([1, 0xffff_ffff]);
    connection.close();
  });

  it('on a closed connection it throws SocketClosedError', () => {
    const connection = new Connection(new ScriptedTransport());
    connection.close();
    expect(() => connection.subscribe(1)).toThrow(SocketClosedError);
  });

  it('NETLINK_PKTINFO is switched on by the first subscription only', () => {
    const transport = new ScriptedTransport();
    const calls = withPacketInfo(transport);
    const connection = new Connection(transport);
    connection.subscribe(1);
    connection.subscribe(2);
    expect(calls).toEqual([true]);
    connection.close();
  });

  it('a kernel without NETLINK_PKTINFO (a NativeError): subscriptions work without, and it is asked again next time', () => {
    const transport = new ScriptedTransport();
    const calls = withPacketInfo(transport, new NativeError('setsockopt', 92, 'ENOPROTOOPT'));
    const connection = new Connection(transport);
    const a = connection.subscribe(1);
    const b = connection.subscribe(2);
    expect(calls).toEqual([true, true]);
    expect([...transport.groups]).toEqual([1, 2]);
    const seen: string[] = [];
    a.on('message', (m, info) => seen.push(`a${m.type}@${info.group}`));
    b.on('message', (m, info) => seen.push(`b${m.type}@${info.group}`));
    transport.receive({ messages: [{ type: 20 }], group: 1 }, { messages: [{ type: 21 }], group: 2 });
    expect(seen).toEqual(['a20@1', 'b21@2']);
    connection.close();
  });

  it('any other error from NETLINK_PKTINFO is thrown, and joins nothing', () => {
    const transport = new ScriptedTransport();
    withPacketInfo(transport, new TypeError('bad option'));
    const connection = new Connection(transport);
    expect(() => connection.subscribe(1)).toThrow(TypeError);
    expect([...transport.groups]).toEqual([]);
  });

  it('a group shared by subscriptions is joined once and left when the last one closes', () => {
    const transport = new ScriptedTransport();
    const joined: number[] = [];
    const left: number[] = [];
    transport.addMembership = (g) => joined.push(g);
    transport.dropMembership = (g) => left.push(g);
    const connection = new Connection(transport);
    const a = connection.subscribe([1, 2]);
    const b = connection.subscribe([2, 3]);
    expect(joined).toEqual([1, 2, 3]);
    b.close();
    expect(left).toEqual([3]);
    const c = connection.subscribe(3);
    expect(joined).toEqual([1, 2, 3, 3]);
    a.close();
    expect(left).toEqual([3, 1, 2]);
    c.close();
    expect(left).toEqual([3, 1, 2, 3]);
    // A closed subscription closed again leaves nothing more.
    a.close();
    expect(left).toEqual([3, 1, 2, 3]);
  });

  it('closing the connection leaves no group by hand (the socket goes), and ends the subscriptions', async () => {
    const transport = new ScriptedTransport();
    const left: number[] = [];
    transport.dropMembership = (g) => left.push(g);
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const next = subscription.next();
    connection.close();
    await expect(next).resolves.toEqual({ value: undefined, done: true });
    subscription.close();
    expect(left).toEqual([]);
  });
});

describe('a subscription', () => {
  it('without listeners, queues notifications that come before the iteration starts; queued ones count as buffered until taken or closed', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    transport.receive({ messages: [{ type: 10 }], group: 1 });
    expect(connection.buffered).toBe(1);
    expect(((await subscription.next()).value as { message: { type: number } }).message.type).toBe(10);
    expect(connection.buffered).toBe(0);
    const first = subscription.next();
    transport.receive({ messages: [{ type: 11 }, { type: 12 }, { type: 13 }], group: 1 });
    expect(((await first).value as { message: { type: number } }).message.type).toBe(11);
    expect(connection.buffered).toBe(2);
    expect(((await subscription.next()).value as { message: { type: number } }).message.type).toBe(12);
    expect(connection.buffered).toBe(1);
    subscription.close();
    expect(connection.buffered).toBe(0);
    await expect(subscription.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('with listeners and no iteration, notifications go to the listeners and are not queued', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const seen: number[] = [];
    subscription.on('message', (message: { type: number }) => seen.push(message.type));
    transport.receive({ messages: [{ type: 10 }, { type: 11 }], group: 1 });
    expect(seen).toEqual([10, 11]);
    expect(connection.buffered).toBe(0);
    // Iterating from now on queues what comes next, and only that.
    const next = subscription.next();
    transport.receive({ messages: [{ type: 12 }], group: 1 });
    expect(((await next).value as { message: { type: number } }).message.type).toBe(12);
    expect(seen).toEqual([10, 11, 12]);
    connection.close();
  });

  it('an overrun is queued for an iterator, and reaches listeners only if there are some', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const pending = subscription.next();
    transport.overrun();
    const event = (await pending).value;
    expect(event).toMatchObject({ kind: 'overrun' });
    expect((event as { error: unknown }).error).toBeInstanceOf(OverrunError);
    const errors: unknown[] = [];
    subscription.on('overrun', (error) => errors.push(error));
    transport.overrun();
    expect(errors).toHaveLength(1);
    connection.close();
  });

  it('a socket error ends an iterating subscription with that error, thrown once', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const pending = subscription.next();
    const failure = new NativeError('recvmsg', 9, 'EBADF');
    transport.handlers!.onError(failure);
    await expect(pending).rejects.toBe(failure);
    await expect(subscription.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('a socket error that comes with events queued: the events first, then the error', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const first = subscription.next();
    transport.receive({ messages: [{ type: 10 }, { type: 11 }], group: 1 });
    await first;
    const failure = new NativeError('recvmsg', 9, 'EBADF');
    transport.handlers!.onError(failure);
    expect(((await subscription.next()).value as { message: { type: number } }).message.type).toBe(11);
    await expect(subscription.next()).rejects.toBe(failure);
  });

  it('after a socket error, the ended subscriptions no longer keep the process alive, and a new subscription joins its groups again', () => {
    const transport = new ScriptedTransport();
    const joined: number[] = [];
    transport.addMembership = (g) => joined.push(g);
    const connection = new Connection(transport);
    connection.subscribe([1, 2]);
    transport.handlers!.onError(new NativeError('recvmsg', 9, 'EBADF'));
    expect(transport.calls.filter((c) => c === 'ref' || c === 'unref').at(-1)).toBe('unref');
    const again = connection.subscribe(2);
    expect(joined).toEqual([1, 2, 2]);
    const seen: number[] = [];
    again.on('message', (m) => seen.push(m.type));
    transport.receive({ messages: [{ type: 30 }], group: 2 });
    expect(seen).toEqual([30]);
    connection.close();
  });

  it("a socket error reaches 'error' listeners, then 'close'; without an 'error' listener nothing is thrown", () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const listened = connection.subscribe(1);
    const silent = connection.subscribe(2);
    const events: string[] = [];
    listened.on('error', (error) => events.push(`error:${(error as NativeError).errnoName}`));
    listened.on('close', () => events.push('close'));
    silent.on('close', () => events.push('silent close'));
    transport.handlers!.onError(new NativeError('recvmsg', 9, 'EBADF'));
    expect(events).toEqual(['error:EBADF', 'close', 'silent close']);
    // Ended: notifications no longer reach them.
    listened.on('message', () => events.push('message'));
    transport.receive({ messages: [{ type: 10 }], group: 1 });
    expect(events).toHaveLength(3);
  });

  it("a malformed datagram fails requests in flight but not subscriptions", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const closed: string[] = [];
    subscription.on('close', () => closed.push('close'));
    transport.receive({ bytes: Uint8Array.of(1, 2, 3) });
    expect(closed).toEqual([]);
    const next = subscription.next();
    transport.receive({ messages: [{ type: 10 }], group: 1 });
    expect(((await next).value as { message: { type: number } }).message.type).toBe(10);
    connection.close();
  });

  it('leaving a for-await loop closes it; so does disposing of it', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const reading = (async () => {
      for await (const event of subscription) if (event.kind === 'message') break;
    })();
    transport.receive({ messages: [{ type: 10 }], group: 1 });
    await reading;
    expect([...transport.groups]).toEqual([]);
    await expect(subscription.return()).resolves.toEqual({ value: undefined, done: true });
    const other = connection.subscribe(2);
    other[Symbol.dispose]();
    expect([...transport.groups]).toEqual([]);
    expect(other[Symbol.asyncIterator]()).toBe(other);
  });
});

describe('listeners and the queue', () => {
  const notification = { type: 16, payload: new Uint8Array(16) };

  it('a subscription listened to for overruns only, and not iterated, queues nothing', () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const overruns: Error[] = [];
    subscription.on('overrun', (error: Error) => overruns.push(error));
    transport.receive({ messages: [notification, notification], group: 1 });
    transport.overrun();
    expect(overruns).toHaveLength(1);
    expect(connection.buffered).toBe(0);
    connection.close();
  });

  it('a listener that closes its iterated subscription leaves nothing queued', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    subscription.on('message', () => subscription.close());
    const next = subscription.next();
    await expect(Promise.race([next, Promise.resolve('waiting')])).resolves.toBe('waiting');
    transport.receive({ messages: [notification, notification], group: 1 });
    await expect(next).resolves.toEqual({ value: undefined, done: true });
    expect(connection.buffered).toBe(0);
    await expect(subscription.next()).resolves.toEqual({ value: undefined, done: true });
    connection.close();
  });
});
