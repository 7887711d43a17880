import { NLM_F_DUMP, NLM_F_REQUEST, NetlinkError, type NetlinkMessage } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { SocketClosedError } from '../../src/native/errors.js';
import { AbortError, DumpInterruptedError, TimeoutError } from '../../src/engine/errors.js';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '../../src/testing/index.js';

/** The requests here are rtnetlink GETs, answered with their object's NEW (RTM_GETLINK 18 with 16). */
const rtnetlinkKernel = (handler?: FakeHandler) => new FakeKernel(handler, { replyType: rtnetlinkReplyType });

const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);
const value = (m: NetlinkMessage) => new DataView(m.payload.buffer, m.payload.byteOffset).getUint32(0, true);
const payloads = (n: number, base = 0) => Array.from({ length: n }, (_, i) => u32(base + i));

describe('dumps', () => {
  it('yield messages as they arrive and end at NLMSG_DONE', async () => {
    const kernel = rtnetlinkKernel((req, k) => k.multipart(req, payloads(100), { perDatagram: 7 }));
    const connection = new Connection(kernel);
    const seen: number[] = [];
    for await (const message of connection.dump({ type: 18 })) seen.push(value(message));
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    kernel.assertRequests({ type: 18, flags: NLM_F_REQUEST | NLM_F_DUMP, payload: new Uint8Array(0) });
    expect(connection.pending).toBe(0);
  });

  it('chunks: runs of messages walked by their lengths, offsets and message(i) agree, in order', async () => {
    const kernel = rtnetlinkKernel((req, k) => k.multipart(req, payloads(1000), { perDatagram: 37 }));
    const connection = new Connection(kernel);
    const walked: number[] = [];
    const indexed: number[] = [];
    let chunks = 0;
    for await (const chunk of connection.dump({ type: 18 }).chunks()) {
      chunks++;
      const { view, ranges } = chunk;
      for (let r = 0; r < ranges.length; r += 2) {
        for (let at = ranges[r]!; at < ranges[r + 1]!; at += (view.getUint32(at, true) + 3) & ~3) walked.push(view.getUint32(at + 16, true));
      }
      expect(chunk.offsets).toHaveLength(chunk.count);
      for (let i = 0; i < chunk.count; i++) {
        indexed.push(value(chunk.message(i)));
        expect(chunk.payloadStart(i)).toBe(chunk.offsets[i]! + 16);
        expect(chunk.payloadEnd(i)).toBe(chunk.offsets[i]! + 20);
      }
    }
    const all = Array.from({ length: 1000 }, (_, i) => i);
    expect(walked).toEqual(all);
    expect(indexed).toEqual(all);
    expect(chunks).toBeGreaterThan(0);
  });

  it('chunks after some messages were taken one by one: the rest of the chunk, then the others', async () => {
    const kernel = rtnetlinkKernel((req, k) => k.multipart(req, payloads(50), { perDatagram: 10 }));
    const connection = new Connection(kernel);
    const dump = connection.dump({ type: 18 });
    const first = [value((await dump.next()).value as NetlinkMessage), value((await dump.next()).value as NetlinkMessage)];
    const rest: number[] = [];
    for await (const chunk of dump.chunks()) for (const message of chunk) rest.push(value(message));
    expect([...first, ...rest]).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('read ahead is on while a dump runs and off once no dump is left', async () => {
    const seen: (boolean | undefined)[] = [];
    const kernel: FakeKernel = rtnetlinkKernel((req, k) => {
      seen.push(kernel.options.get('readAhead'));
      return req.type === 18 ? k.multipart(req, payloads(20)) : k.ack(req);
    });
    const connection = new Connection(kernel);
    expect(kernel.options.get('readAhead')).toBeUndefined();
    await connection.request({ type: 16 });
    const [first, second] = await Promise.all([connection.dump({ type: 18 }).toArray(), connection.dump({ type: 18 }).toArray()]);
    expect(first).toHaveLength(20);
    expect(second).toHaveLength(20);
    expect(seen).toEqual([undefined, true, true]);
    expect(kernel.options.get('readAhead')).toBe(false);
  });

  it('two dumps and requests at once on one socket, each message to its own dump', async () => {
    const kernel = rtnetlinkKernel((req, k) => (req.type === 18 ? k.multipart(req, payloads(500, 0), { perDatagram: 3 }) : req.type === 22 ? k.multipart(req, payloads(300, 10_000), { perDatagram: 5 }) : k.ack(req)));
    const connection = new Connection(kernel);
    const [links, addrs, acks] = await Promise.all([
      connection.dump({ type: 18 }).toArray(),
      connection.dump({ type: 22 }).toArray(),
      Promise.all(Array.from({ length: 50 }, () => connection.request({ type: 16 }))),
    ]);
    expect(links.map(value)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(addrs.map(value)).toEqual(Array.from({ length: 300 }, (_, i) => 10_000 + i));
    expect(acks).toHaveLength(50);
  });

  it('a DONE carrying an errno is a NetlinkError, thrown after the messages that came before it', async () => {
    const kernel = rtnetlinkKernel((req, k) => k.multipart(req, payloads(3), { errno: 4 }));
    const seen: number[] = [];
    const error = await (async () => {
      for await (const message of new Connection(kernel).dump({ type: 18 })) seen.push(value(message));
    })().catch((e: unknown) => e);
    expect(seen).toEqual([0, 1, 2]);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).errnoName).toBe('EINTR');
  });

  it('an NLMSG_ERROR instead of a dump is a NetlinkError', async () => {
    const kernel = rtnetlinkKernel((req, k) => k.error(req, 95, { message: 'dump not supported' }));
    await expect(new Connection(kernel).dump({ type: 18 }).toArray()).rejects.toMatchObject({ errnoName: 'EOPNOTSUPP', extAckMessage: 'dump not supported' });
  });

  it('NLM_F_DUMP_INTR: the dump is drained, then DumpInterruptedError; dumpAll retries (by default)', async () => {
    let attempts = 0;
    const kernel = rtnetlinkKernel((req, k) => k.multipart(req, payloads(20), { interrupted: ++attempts < 3 ? 5 : undefined }));
    const connection = new Connection(kernel);
    const all = await connection.dumpAll({ type: 18 });
    expect(attempts).toBe(3);
    expect(all).toHaveLength(20);

    attempts = -10;
    const error = await connection.dumpAll({ type: 18 }, { onInterrupt: { action: 'retry', attempts: 3, initialDelay: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect((error as DumpInterruptedError).received).toBe(20);
    expect(attempts).toBe(-7);
    expect(connection.pending).toBe(0);
  });

  it('breaking out of a dump drains the rest in the background', async () => {
    const kernel = rtnetlinkKernel((req, k) => (req.type === 18 ? k.multipart(req, payloads(1000), { perDatagram: 10 }) : k.ack(req)));
    const connection = new Connection(kernel);
    let n = 0;
    for await (const _ of connection.dump({ type: 18 })) if (++n === 5) break;
    await connection.request({ type: 16 });
    await new Promise((r) => setTimeout(r, 50));
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it('a slow consumer pauses reading: memory stays bounded over a 50,000-message dump', async () => {
    const kernel = rtnetlinkKernel((req, k) => k.multipart(req, payloads(50_000), { perDatagram: 50 }));
    const connection = new Connection(kernel, { highWaterMark: 500 });
    let count = 0;
    let maxBuffered = 0;
    let pausedSeen = false;
    for await (const _ of connection.dump({ type: 18 })) {
      count++;
      if (count % 100 === 0) await new Promise((r) => setImmediate(r));
      pausedSeen ||= kernel.paused;
      maxBuffered = Math.max(maxBuffered, connection.buffered);
    }
    expect(count).toBe(50_000);
    expect(pausedSeen).toBe(true);
    // At most the high-water mark plus one batch (64 datagrams of 50 messages) is ever held.
    expect(maxBuffered).toBeLessThanOrEqual(500 + 64 * 50);
    expect(connection.buffered).toBe(0);
  });

  it('a dump queued behind another can be aborted or time out while it waits, and is never sent', async () => {
    const kernel = new FakeKernel(); // never answers: the first dump keeps the socket's dump slot
    const connection = new Connection(kernel);
    const first = connection.dump({ type: 18 }).toArray().catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    const controller = new AbortController();
    const aborted = connection.dump({ type: 22 }, { signal: controller.signal }).toArray();
    const timedOut = connection.dump({ type: 26 }, { timeout: 10 }).toArray();
    await new Promise((r) => setImmediate(r));
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    await expect(timedOut).rejects.toBeInstanceOf(TimeoutError);
    await expect(connection.dump({ type: 30 }, { signal: AbortSignal.abort() }).toArray()).rejects.toBeInstanceOf(AbortError);
    expect(kernel.requests.map((r) => r.type)).toEqual([18]);
    connection.close();
    await first;
  });

  it('time out, and close while dumping', async () => {
    const silent = new Connection(new FakeKernel());
    await expect(silent.dump({ type: 18 }, { timeout: 10 }).toArray()).rejects.toBeInstanceOf(TimeoutError);
    const pending = silent.dump({ type: 18 }).toArray();
    await new Promise((r) => setImmediate(r));
    silent.close();
    await expect(pending).rejects.toBeInstanceOf(SocketClosedError);
  });
});
