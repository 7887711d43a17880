// requestAll with a RequestSource (payloads written straight into the datagram), and the silent runs of
// acks: 'errors' (one operation per run, nothing per request): results in place, errors naming their
// attribute from the request written again, failures while writing or sending, timeouts and closing.
import { AttributeEncoder, NLM_F_ACK, NetlinkError, type ByteWriter } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { NativeError, SocketClosedError } from '../../src/native/errors.js';
import type { RequestSource } from '../../src/engine/request-types.js';
import { TimeoutError } from '../../src/engine/errors.js';
import { FakeKernel } from '../../src/testing/index.js';

/** Request n: a 4-byte header holding n, then attribute 1 (u32 n) and attribute 2 (u32 2n). */
function source(count: number, options: { flags?: number; failAt?: number } = {}): RequestSource {
  return {
    count,
    type: 24,
    ...(options.flags === undefined ? {} : { flags: options.flags }),
    write(index: number, w: ByteWriter) {
      if (index === options.failAt) throw new RangeError(`request ${index} cannot be written`);
      const at = w.reserve(4);
      w.view.setUint32(at, index, true);
      new AttributeEncoder(w).u32(1, index).u32(2, index * 2);
    },
  };
}

const indexOf = (payload: Uint8Array) => new DataView(payload.buffer, payload.byteOffset).getUint32(0, true);

describe('requestAll from a RequestSource', () => {
  it("acks: 'errors': the kernel gets every payload as written; failures are in place and name their attribute", async () => {
    const kernel = new FakeKernel((req, k) => {
      if (req.type === 1) return k.ack(req);
      expect(req.flags & NLM_F_ACK).toBe(0);
      const n = indexOf(req.payload);
      // Blame attribute 2 (at offset 16 + 4 + 8 of the message) of every 700th request.
      return n % 700 === 5 ? k.error(req, 22, { message: 'bad value', offset: 28 }) : undefined;
    });
    const connection = new Connection(kernel, { maxInFlight: 8 });
    const results = await connection.requestAll(source(4000), { acks: 'errors', headerLength: 4 });
    expect(results).toHaveLength(4000);
    results.forEach((result, n) => {
      if (n % 700 === 5) {
        expect(result).toBeInstanceOf(NetlinkError);
        expect(result).toMatchObject({ errnoName: 'EINVAL', extAckMessage: 'bad value', offset: 28 });
        expect((result as NetlinkError).attribute?.path).toEqual([2]);
      } else expect(result).toEqual([]);
    });
    const data = kernel.requests.filter((r) => r.type === 24);
    expect(data.map((r) => indexOf(r.payload))).toEqual(Array.from({ length: 4000 }, (_, n) => n));
    expect(data.every((r) => r.payload.length === 20)).toBe(true);
    expect(connection.pending).toBe(0);
  });

  it("acks: 'each' works from a source too", async () => {
    const kernel = new FakeKernel((req, k) => (indexOf(req.payload) === 3 ? k.error(req, 17) : k.ack(req)));
    const connection = new Connection(kernel);
    const results = await connection.requestAll(source(10));
    expect(results.map((r) => (r instanceof Error ? (r as NetlinkError).errnoName : r.length))).toEqual([0, 0, 0, 'EEXIST', 0, 0, 0, 0, 0, 0]);
    expect(kernel.requests.every((r) => (r.flags & NLM_F_ACK) !== 0)).toBe(true);
    expect(connection.pending).toBe(0);
  });

  it('a payload that cannot be written fails that request and the rest; nothing of it is sent, the earlier ones complete', async () => {
    const kernel = new FakeKernel((req, k) => (req.type === 1 ? k.ack(req) : undefined));
    const connection = new Connection(kernel);
    const results = await connection.requestAll(source(50, { failAt: 20 }), { acks: 'errors' });
    expect(results.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => []));
    expect(results.slice(20).every((r) => r instanceof RangeError)).toBe(true);
    expect(kernel.requests.filter((r) => r.type === 24).map((r) => indexOf(r.payload))).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(connection.pending).toBe(0);
  });

  it('a datagram that cannot be sent fails its own requests only', async () => {
    const kernel = new FakeKernel((req, k) => (req.type === 1 ? k.ack(req) : undefined));
    const send = kernel.send.bind(kernel);
    let datagrams = 0;
    kernel.send = (bytes: Uint8Array) => {
      if (++datagrams === 2) throw new NativeError('send', 105, 'ENOBUFS', 'no buffer space');
      return send(bytes);
    };
    const connection = new Connection(kernel);
    // 64 KiB datagrams hold about 1,800 of these 36-byte requests: 5,000 need three.
    const results = await connection.requestAll(source(5000), { acks: 'errors' });
    const failed = results.map((r, n) => (r instanceof NativeError ? n : -1)).filter((n) => n >= 0);
    expect(failed.length).toBeGreaterThan(1000);
    expect(failed.length).toBeLessThan(2500);
    expect(failed[failed.length - 1]! - failed[0]! + 1).toBe(failed.length); // one contiguous datagram
    const sent = new Set(kernel.requests.filter((r) => r.type === 24).map((r) => indexOf(r.payload)));
    const wrong = results.map((r, n) => [n, r instanceof NativeError ? !sent.has(n) : sent.has(n) && Array.isArray(r), String(r)] as const).filter(([, ok]) => !ok);
    expect(wrong).toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('a timeout fails what is unanswered; the run keeps its numbers until its barrier is answered', async () => {
    let release: (() => void) | undefined;
    const kernel = new FakeKernel((req, k) => (req.type === 1 ? new Promise((resolve) => (release = () => resolve(k.ack(req)))) : undefined));
    const connection = new Connection(kernel);
    const results = await connection.requestAll(source(100), { acks: 'errors', timeout: 20 });
    expect(results.every((r) => r instanceof TimeoutError)).toBe(true);
    expect(connection.pending).toBeGreaterThan(0);
    release!();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(connection.pending).toBe(0);
  });

  it('closing the connection during a silent run fails it and frees every number', async () => {
    const kernel = new FakeKernel(); // never answers
    const connection = new Connection(kernel);
    const pending = connection.requestAll(source(300), { acks: 'errors' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(connection.pending).toBeGreaterThan(300);
    connection.close();
    const results = await pending;
    expect(results.every((r) => r instanceof SocketClosedError)).toBe(true);
    expect(connection.pending).toBe(0);
  });
});
