// How a dump's messages are taken from the datagrams of a receive batch: runs of data messages of the
// dump's sequence number, stopped by a control message (NLMSG_DONE 3, NLMSG_NOOP 1), by another
// number, or by a malformed header; chunks of one batch each, one run per datagram; and what an early
// stop of chunks() leaves behind. Header layout and constants from include/uapi/linux/netlink.h.
import { encodeMessages, MalformedError, type MessageInit } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));
const data = (seq: number, n: number, from = 0): MessageInit[] => Array.from({ length: n }, (_, i) => ({ type: 16, flags: 2, seq, payload: Uint8Array.of(from + i, 0, 0, 0) }));
const done = (seq: number): MessageInit => ({ type: 3, flags: 2, seq, payload: new Uint8Array(4) });

function start() {
  const transport = new ScriptedTransport();
  const connection = new Connection(transport);
  const dump = connection.dump({ type: 18 });
  const first = dump.next();
  return { transport, connection, dump, first, seq: transport.requests[0]!.seq };
}

describe("a dump's messages in a batch", () => {
  it('an NLMSG_NOOP among them is not one of its messages', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }).toArray();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: [...data(seq, 1), { type: 1, seq }, ...data(seq, 1, 1), done(seq)] });
    expect((await reading).map((m) => m.payload[0])).toEqual([0, 1]);
  });

  it('a data message of only a header, last in its datagram, is one of them', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }).toArray();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: [...data(seq, 1), { type: 16, flags: 2, seq }] }, { messages: [done(seq)] });
    expect((await reading).map((m) => m.payload.length)).toEqual([4, 0]);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it("a reply to another request in the middle of the dump's messages goes to that request", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }).toArray();
    const request = connection.request({ type: 20 }, { ack: false });
    await tick();
    const [d, r] = transport.requests;
    transport.receive({ messages: [...data(d!.seq, 2), { type: 20, seq: r!.seq, payload: Uint8Array.of(99) }, ...data(d!.seq, 2, 2), done(d!.seq)] });
    expect((await reading).map((m) => m.payload[0])).toEqual([0, 1, 2, 3]);
    expect((await request).map((m) => m.payload[0])).toEqual([99]);
  });

  it('messages before a malformed header are delivered, then the dump fails with MalformedError', async () => {
    const { transport, dump, first, seq } = start();
    const good = new Uint8Array(20 + 20 + 16);
    good.set(new Uint8Array(new Uint32Array([20]).buffer), 0);
    const header = (at: number, len: number) => {
      const view = new DataView(good.buffer);
      view.setUint32(at, len, true);
      view.setUint16(at + 4, 16, true);
      view.setUint16(at + 6, 2, true);
      view.setUint32(at + 8, seq, true);
    };
    header(0, 20);
    header(20, 20);
    header(40, 20); // claims more than the 16 bytes left
    good[16] = 7;
    good[36] = 8;
    transport.receive({ bytes: good });
    expect((await first).value.payload[0]).toBe(7);
    expect((await dump.next()).value.payload[0]).toBe(8);
    const error = await dump.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedError);
    expect((error as MalformedError).offset).toBe(40);
  });

  it('a DONE followed by garbage in its datagram: the messages before it still count as queued until taken', async () => {
    const { transport, connection, dump, first, seq } = start();
    const good = encodeMessages([...data(seq, 2), done(seq)]);
    const bytes = new Uint8Array(good.length + 4);
    bytes.set(good);
    bytes.set([1, 2, 3, 4], good.length);
    transport.receive({ bytes });
    expect(connection.buffered).toBe(2);
    expect((await first).value.payload[0]).toBe(0);
    expect((await dump.next()).value.payload[0]).toBe(1);
    await expect(dump.next()).resolves.toEqual({ value: undefined, done: true });
    expect(connection.buffered).toBe(0);
  });

  it('a message with nlmsg_len below the header size after a good one: the good one is delivered, then MalformedError', async () => {
    const { transport, dump, first, seq } = start();
    const bytes = new Uint8Array(20 + 16 + 20);
    const view = new DataView(bytes.buffer);
    const header = (at: number, len: number) => {
      view.setUint32(at, len, true);
      view.setUint16(at + 4, 16, true);
      view.setUint16(at + 6, 2, true);
      view.setUint32(at + 8, seq, true);
    };
    header(0, 20);
    bytes[16] = 7;
    header(20, 8);
    header(36, 20);
    transport.receive({ bytes });
    expect((await first).value.payload[0]).toBe(7);
    const error = await dump.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedError);
    expect((error as MalformedError).offset).toBe(20);
  });

  it('datagrams of two batches not yet read: each batch a chunk, each datagram one run, in order', async () => {
    const { transport, connection, dump, first, seq } = start();
    transport.receive({ messages: data(seq, 3) }, { messages: data(seq, 2, 3) });
    transport.receive({ messages: data(seq, 4, 5) }, { messages: [done(seq)] });
    expect((await first).value.payload[0]).toBe(0);
    const chunks = [];
    for await (const chunk of dump.chunks()) chunks.push({ ranges: chunk.ranges.length / 2, values: [...chunk].map((m) => m.payload[0]) });
    expect(chunks).toEqual([
      // The first chunk's rest after one was taken: one range per message left.
      { ranges: 4, values: [1, 2, 3, 4] },
      { ranges: 1, values: [5, 6, 7, 8] },
    ]);
    expect(connection.buffered).toBe(0);
  });

  it('a fresh chunk holds one run per datagram', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const iterator = connection.dump({ type: 18 }).chunks();
    const next = iterator.next();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: data(seq, 3) }, { messages: data(seq, 2, 3) });
    const { value: chunk } = await next;
    expect(chunk!.count).toBe(5);
    // Messages are 20 bytes; datagrams start 8-byte aligned: 60 bytes, then 4 of padding.
    expect(chunk!.ranges).toEqual([0, 60, 64, 104]);
    await iterator.return(undefined);
  });
});

describe('stopping chunks() early', () => {
  it('while the dump runs: nothing stays queued, the rest is drained up to the DONE', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    const iterator = dump.chunks();
    const next = iterator.next();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: data(seq, 3) });
    transport.receive({ messages: data(seq, 3, 3) });
    await next;
    expect(connection.buffered).toBe(3);
    await iterator.return(undefined);
    expect(connection.buffered).toBe(0);
    transport.receive({ messages: [...data(seq, 2, 6), done(seq)] });
    expect(connection.buffered).toBe(0);
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it('with nothing queued at that moment: the dump is still abandoned, and what comes later is drained', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const iterator = connection.dump({ type: 18 }).chunks();
    const next = iterator.next();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: data(seq, 2) });
    await next;
    expect(connection.buffered).toBe(0);
    await iterator.return(undefined);
    transport.receive({ messages: [...data(seq, 2, 2), done(seq)] });
    expect(connection.buffered).toBe(0);
    expect(connection.pending).toBe(0);
  });

  it('after the DONE came, with chunks still queued: nothing stays queued', async () => {
    const { transport, connection, dump, first, seq } = start();
    transport.receive({ messages: data(seq, 2) });
    transport.receive({ messages: [...data(seq, 2, 2), done(seq)] });
    await first;
    expect(connection.pending).toBe(0);
    for await (const chunk of dump.chunks()) {
      expect([...chunk].map((m) => m.payload[0])).toEqual([1]);
      break;
    }
    expect(connection.buffered).toBe(0);
    await expect(dump.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('an ACK after its messages ends the dump (a family that answers a dump with NLM_F_ACK asked)', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }).toArray();
    const request = transport.requests[0]!;
    transport.receive({ messages: [...data(request.seq, 1), nlmsgerr(request, 0)] });
    expect((await reading).map((m) => m.payload[0])).toEqual([0]);
  });
});
