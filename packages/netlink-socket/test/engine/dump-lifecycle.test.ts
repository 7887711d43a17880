// A dump's life from the consumer's side, with the kernel's datagrams handed over by hand: what an early
// stop leaves behind (nothing queued, the rest drained, the socket's dump slot held until the kernel's
// DONE), how an error is thrown once, the errors' context (sequence number, the attribute an ext-ack
// offset points into), and NLM_F_DUMP_INTR seen only on the DONE.
// Constants from include/uapi/linux/netlink.h: NLMSG_ERROR 2, NLMSG_DONE 3, NLM_F_MULTI 0x2,
// NLM_F_DUMP_INTR 0x10, NLM_F_ACK_TLVS 0x200, NLMSGERR_ATTR_MSG 1, NLMSGERR_ATTR_OFFS 2.
import { AttributeEncoder, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_DUMP, NLM_F_ECHO, NLM_F_REQUEST, NetlinkError, type MessageInit, type NetlinkMessage } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { SocketClosedError } from '../../src/native/errors.js';
import { AbortError, DumpInterruptedError, TimeoutError } from '../../src/engine/errors.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));
const data = (seq: number, n: number, from = 0, flags = 2): MessageInit[] => Array.from({ length: n }, (_, i) => ({ type: 16, flags, seq, payload: Uint8Array.of(from + i, 0, 0, 0) }));
const done = (seq: number, errno = 0, flags = 2, tlvs: Uint8Array = new Uint8Array(0)): MessageInit => {
  const payload = new Uint8Array(4 + tlvs.length);
  new DataView(payload.buffer).setInt32(0, -errno, true);
  payload.set(tlvs, 4);
  return { type: 3, flags, seq, payload };
};
const first = (m: NetlinkMessage) => m.payload[0];

describe('a dump, seen by its consumer', () => {
  it('stopping early after taking some: nothing stays queued, the rest is drained, the next dump waits for the DONE', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    const firstMessage = dump.next();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: data(seq, 3) }, { messages: data(seq, 4, 3) });
    expect(connection.buffered).toBe(7);
    expect(first((await firstMessage).value)).toBe(0);
    expect(first((await dump.next()).value)).toBe(1);
    expect(connection.buffered).toBe(5);
    await expect(dump.return()).resolves.toEqual({ value: undefined, done: true });
    expect(connection.buffered).toBe(0);
    await expect(dump.next()).resolves.toEqual({ value: undefined, done: true });
    // A second dump is not sent while the kernel still runs the first.
    const second = connection.dump({ type: 22 }).toArray();
    await tick();
    expect(transport.requests.map((r) => r.type)).toEqual([18]);
    // The rest of the first: swallowed, not counted as unmatched; its DONE frees the slot.
    transport.receive({ messages: [...data(seq, 2, 7), done(seq)] });
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.buffered).toBe(0);
    expect(transport.requests.map((r) => r.type)).toEqual([18, 22]);
    const seq2 = transport.requests[1]!.seq;
    transport.receive({ messages: [...data(seq2, 2, 50), done(seq2)] });
    expect((await second).map(first)).toEqual([50, 51]);
    expect(connection.pending).toBe(0);
  });

  it('stopping early after the DONE came leaves nothing behind: no drain takes the number the dump freed', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    const firstMessage = dump.next();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: [...data(seq, 3), done(seq)] });
    expect(first((await firstMessage).value)).toBe(0);
    expect(connection.pending).toBe(0);
    await expect(dump.return()).resolves.toEqual({ value: undefined, done: true });
    expect(connection.pending).toBe(0);
    expect(connection.buffered).toBe(0);
    // The slot is free: the next dump goes out at once.
    void connection.dump({ type: 22 }).toArray();
    expect(transport.requests.map((r) => r.type)).toEqual([18, 22]);
  });

  it('stopping before iterating sends nothing, then or later', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    await dump.return();
    await expect(dump.next()).resolves.toEqual({ value: undefined, done: true });
    await tick();
    expect(transport.requests).toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('stopping a dump queued behind another: a next() waiting on it ends, it is never sent, and the one after it goes when the slot frees', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const a = connection.dump({ type: 18 }).toArray();
    const b = connection.dump({ type: 22 });
    const bFirst = b.next();
    const c = connection.dump({ type: 26 }).toArray();
    await tick();
    expect(transport.requests.map((r) => r.type)).toEqual([18]);
    await b.return();
    await expect(bFirst).resolves.toEqual({ value: undefined, done: true });
    transport.receive({ messages: [done(transport.requests[0]!.seq)] });
    await expect(a).resolves.toEqual([]);
    expect(transport.requests.map((r) => r.type)).toEqual([18, 26]);
    transport.receive({ messages: [done(transport.requests[1]!.seq)] });
    await expect(c).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('an error is thrown once, after the messages before it; then the iteration is done', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    const firstMessage = dump.next();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: [...data(seq, 2), done(seq, 16)] });
    expect(first((await firstMessage).value)).toBe(0);
    expect(first((await dump.next()).value)).toBe(1);
    const error = await dump.next().catch((e: unknown) => e);
    expect(error).toMatchObject({ errnoName: 'EBUSY', seq });
    await expect(dump.next()).resolves.toEqual({ value: undefined, done: true });
    expect(dump.received).toBe(2);
  });

  it("a DONE with an errno and ext-ack names the attribute of the dump's request the offset points into", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    // rtgenmsg-like 4-byte header, then attribute 1 (u32) at message offset 20 and attribute 2 (u32) at 28.
    const payload = new Uint8Array([0, 0, 0, 0, ...new AttributeEncoder().u32(1, 5).u32(2, 6).finish()]);
    const reading = connection.dump({ type: 18, payload }, { headerLength: 4 }).toArray();
    const seq = transport.requests[0]!.seq;
    const tlvs = new AttributeEncoder().string(1, 'bad filter').u32(2, 28).finish();
    transport.receive({ messages: [done(seq, 22, 0x202, tlvs)] });
    const error = (await reading.catch((e: unknown) => e)) as NetlinkError;
    expect(error).toBeInstanceOf(NetlinkError);
    expect(error).toMatchObject({ errnoName: 'EINVAL', extAckMessage: 'bad filter', offset: 28, seq });
    expect(error.attribute).toMatchObject({ path: [2], attributeOffset: 28, exact: true });
  });

  it('an NLMSG_ERROR answering a dump names the attribute too, with the header length given', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const payload = new Uint8Array([0, 0, 0, 0, ...new AttributeEncoder().u32(1, 5).u32(2, 6).finish()]);
    const reading = connection.dump({ type: 18, payload }, { headerLength: 4 }).toArray();
    const request = transport.requests[0]!;
    const error = nlmsgerr(request, 22);
    const tlvs = new AttributeEncoder().u32(2, 20).finish();
    const withTlvs = new Uint8Array(error.payload!.length + tlvs.length);
    withTlvs.set(error.payload!, 0);
    withTlvs.set(tlvs, error.payload!.length);
    transport.receive({ messages: [{ ...error, flags: NLM_F_CAPPED | NLM_F_ACK_TLVS, payload: withTlvs }] });
    const thrown = (await reading.catch((e: unknown) => e)) as NetlinkError;
    expect(thrown).toMatchObject({ errnoName: 'EINVAL', offset: 20 });
    expect(thrown.attribute).toMatchObject({ path: [1], attributeOffset: 20 });
  });

  it("the request carries NLM_F_REQUEST, NLM_F_DUMP and the message's own flags", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18, flags: 0x8 }).toArray();
    expect(transport.requests[0]!.flags).toBe(NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ECHO);
    transport.receive({ messages: [done(transport.requests[0]!.seq)] });
    await reading;
  });

  it('an ACK answering a dump ends it with no messages', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }).toArray();
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0)] });
    await expect(reading).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('NLM_F_DUMP_INTR on the DONE alone still makes the dump interrupted', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }).toArray();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: [...data(seq, 3), done(seq, 0, 0x12)] });
    const error = await reading.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect((error as DumpInterruptedError).received).toBe(3);
  });

  it('NLM_F_DUMP_INTR on a later message of a datagram is seen', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }).toArray();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: [...data(seq, 2), ...data(seq, 1, 2, 0x12), ...data(seq, 1, 3)] }, { messages: [done(seq)] });
    await expect(reading).rejects.toBeInstanceOf(DumpInterruptedError);
  });

  it('a queued dump that timed out or was aborted is never sent, even once the slot frees', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const first = connection.dump({ type: 18 }).toArray();
    const controller = new AbortController();
    const aborted = connection.dump({ type: 22 }, { signal: controller.signal }).toArray();
    const timedOut = connection.dump({ type: 26 }, { timeout: 5 }).toArray();
    const last = connection.dump({ type: 30 }).toArray();
    await tick();
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    await expect(timedOut).rejects.toBeInstanceOf(TimeoutError);
    transport.receive({ messages: [done(transport.requests[0]!.seq)] });
    await first;
    expect(transport.requests.map((r) => r.type)).toEqual([18, 30]);
    transport.receive({ messages: [done(transport.requests[1]!.seq)] });
    await expect(last).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('aborting a queued dump takes only that one out of the queue, not the one ahead of it', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const running = connection.dump({ type: 18 }).toArray();
    const ahead = connection.dump({ type: 22 }).toArray();
    const controller = new AbortController();
    const aborted = connection.dump({ type: 26 }, { signal: controller.signal }).toArray();
    await tick();
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    transport.receive({ messages: [done(transport.requests[0]!.seq)] });
    await running;
    expect(transport.requests.map((r) => r.type)).toEqual([18, 22]);
    transport.receive({ messages: [done(transport.requests[1]!.seq)] });
    await expect(ahead).resolves.toEqual([]);
    expect(transport.requests.map((r) => r.type)).toEqual([18, 22]);
    expect(connection.pending).toBe(0);
  });

  it('aborting the running dump leaves the queued ones queued: each goes out in turn after its DONE', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    const reading = connection.dump({ type: 18 }, { signal: controller.signal }).toArray();
    const second = connection.dump({ type: 22 }).toArray();
    const third = connection.dump({ type: 26 }).toArray();
    await tick();
    const seq = transport.requests[0]!.seq;
    controller.abort();
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    transport.receive({ messages: data(seq, 2) });
    // Swallowed by the drain that stands in for it: nothing buffered, nothing unmatched, the slot still held.
    expect(connection.buffered).toBe(0);
    expect(connection.unmatchedMessages).toBe(0);
    expect(transport.requests.map((r) => r.type)).toEqual([18]);
    transport.receive({ messages: [done(seq)] });
    expect(transport.requests.map((r) => r.type)).toEqual([18, 22]);
    transport.receive({ messages: [done(transport.requests[1]!.seq)] });
    await expect(second).resolves.toEqual([]);
    expect(transport.requests.map((r) => r.type)).toEqual([18, 22, 26]);
    transport.receive({ messages: [done(transport.requests[2]!.seq)] });
    await expect(third).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('the dump slot is held by the running dump alone: a request answered or abandoned meanwhile frees nothing', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const running = connection.dump({ type: 18 }).toArray();
    const queued = connection.dump({ type: 22 }).toArray();
    const controller = new AbortController();
    const abandoned = connection.request({ type: 16 }, { signal: controller.signal }).catch((e: unknown) => e);
    const answered = connection.request({ type: 17 });
    await tick();
    controller.abort();
    await abandoned;
    transport.receive({ messages: [nlmsgerr(transport.requests.find((r) => r.type === 17)!, 0)] });
    await answered;
    expect(transport.requests.map((r) => r.type)).toEqual([18, 16, 17]);
    transport.receive({ messages: [done(transport.requests[0]!.seq)] });
    await running;
    expect(transport.requests.map((r) => r.type)).toEqual([18, 16, 17, 22]);
    transport.receive({ messages: [done(transport.requests[3]!.seq)] });
    await queued;
  });

  it('a request abandoned while no dump runs does not take the dump slot', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    const abandoned = connection.request({ type: 16 }, { signal: controller.signal }).catch((e: unknown) => e);
    await tick();
    controller.abort();
    await abandoned;
    const reading = connection.dump({ type: 18 }).toArray();
    expect(transport.requests.map((r) => r.type)).toEqual([16, 18]);
    transport.receive({ messages: [done(transport.requests[1]!.seq)] });
    await reading;
  });

  it('a running dump aborted: AbortError, the rest drained, the slot kept until its DONE', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    const reading = connection.dump({ type: 18 }, { signal: controller.signal }).toArray();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: data(seq, 2) });
    controller.abort();
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    const next = connection.dump({ type: 22 }).toArray();
    await tick();
    expect(transport.requests).toHaveLength(1);
    transport.receive({ messages: [...data(seq, 2, 2), done(seq)] });
    expect(connection.unmatchedMessages).toBe(0);
    expect(transport.requests.map((r) => r.type)).toEqual([18, 22]);
    const seq2 = transport.requests[1]!.seq;
    transport.receive({ messages: [done(seq2)] });
    await expect(next).resolves.toEqual([]);
  });

  it('a dump whose send fails rejects with that error, and the next dump goes out', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    transport.failNextSend = new Error('ENOBUFS on send');
    await expect(connection.dump({ type: 18 }).toArray()).rejects.toThrow('ENOBUFS on send');
    expect(connection.pending).toBe(0);
    const reading = connection.dump({ type: 22 }).toArray();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: [...data(seq, 1), done(seq)] });
    await expect(reading).resolves.toHaveLength(1);
  });

  it('a queued dump whose send fails lets the one after it go', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const a = connection.dump({ type: 18 }).toArray();
    const b = connection.dump({ type: 22 }).toArray().catch((e: unknown) => e);
    const c = connection.dump({ type: 26 }).toArray();
    await tick();
    const seqA = transport.requests[0]!.seq;
    transport.failNextSend = new Error('send failed');
    transport.receive({ messages: [done(seqA)] });
    await expect(a).resolves.toEqual([]);
    expect(await b).toMatchObject({ message: 'send failed' });
    expect(transport.requests.map((r) => r.type)).toEqual([18, 26]);
    transport.receive({ messages: [done(transport.requests[1]!.seq)] });
    await expect(c).resolves.toEqual([]);
  });

  it('a dump created, then the connection closed: iterating it throws SocketClosedError', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    connection.close();
    await expect(dump.next()).rejects.toBeInstanceOf(SocketClosedError);
    expect(transport.sent).toEqual([]);
  });

  it('a dump times out from the start of its iteration, not from its creation', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 }, { timeout: 30 });
    await new Promise((r) => setTimeout(r, 60));
    const reading = dump.toArray();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: [...data(seq, 1), done(seq)] });
    await expect(reading).resolves.toHaveLength(1);
    // And once iterating, it does time out.
    const error = await connection.dump({ type: 18 }, { timeout: 5 }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('dump timed out after 5 ms');
  });

  it('messages queued for chunks: a chunk after some were taken holds the rest, with ranges that agree', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    const firstMessage = dump.next();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: data(seq, 5) });
    await firstMessage;
    const iterator = dump.chunks();
    const { value: chunk } = await iterator.next();
    expect(chunk!.count).toBe(4);
    expect(connection.buffered).toBe(0);
    // Each message is 20 bytes (a 16-byte header and 4 of payload): one range per message left.
    const { ranges, offsets } = chunk!;
    expect(ranges).toEqual(offsets.flatMap((at) => [at, at + 20]));
    expect([...chunk!].map(first)).toEqual([1, 2, 3, 4]);
    expect(chunk!.payloadEnd(0) - chunk!.payloadStart(0)).toBe(4);
    await iterator.return(undefined);
  });
});
