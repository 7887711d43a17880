import { AttributeEncoder, NLM_F_ACK, NLM_F_REQUEST, NetlinkError } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { SocketClosedError } from '../../src/native/errors.js';
import { AbortError, OverrunError, TimeoutError } from '../../src/engine/errors.js';
import { SequenceAllocator } from '../../src/engine/sequence.js';
import { FakeKernel } from '../../src/testing/index.js';

const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);

describe('requests', () => {
  it('resolve on the ACK with the replies that came before it', async () => {
    const kernel = new FakeKernel((req, k) => ({ messages: [k.reply(req, { type: 16, payload: u32(7) }), ...k.ack(req).messages] }));
    const connection = new Connection(kernel);
    const replies = await connection.request({ type: 18, payload: u32(1) });
    expect(replies.map((m) => [m.type, Array.from(m.payload)])).toEqual([[16, [7, 0, 0, 0]]]);
    expect(kernel.requests[0]!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(kernel.options.get('extendedAck')).toBe(true);
    expect(kernel.options.get('strictCheck')).toBe(true);
    expect(connection.pending).toBe(0);
  });

  it('without an ACK, settle on the single reply', async () => {
    const kernel = new FakeKernel((req, k) => ({ messages: [k.reply(req, { type: 16, payload: u32(9) })] }));
    const replies = await new Connection(kernel).request({ type: 18 }, { ack: false });
    expect(replies).toHaveLength(1);
    expect(kernel.requests[0]!.flags).toBe(NLM_F_REQUEST);
  });

  it('reject with a NetlinkError naming the errno, the ext-ack text and the attribute it points at', async () => {
    // ifinfomsg (16 bytes), then IFLA_IFNAME at offset 32 of the message and IFLA_MTU at offset 40.
    const payload = new Uint8Array([...new Uint8Array(16), ...new AttributeEncoder().string(3, 'eth0').u32(4, 70000).finish()]);
    const kernel = new FakeKernel((req, k) => k.error(req, 22, { message: 'mtu greater than device maximum', offset: 44 }));
    const connection = new Connection(kernel);
    const error = await connection.request({ type: 16, payload }, { headerLength: 16 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect(error).toMatchObject({ code: 'ERR_LINX_KERNEL', errno: 22, errnoName: 'EINVAL', extAckMessage: 'mtu greater than device maximum', offset: 44, requestType: 16 });
    expect((error as NetlinkError).attribute).toEqual({ path: [4], attributeOffset: 44, exact: true });
    expect((error as NetlinkError).seq).toBe(kernel.requests[0]!.seq);
  });

  it('a request framed after another in the same datagram still has its own bytes for the attribute an error points at', async () => {
    // Same layout as above: IFLA_MTU at offset 40 of the second message, its payload at 44.
    const payload = new Uint8Array([...new Uint8Array(16), ...new AttributeEncoder().string(3, 'eth0').u32(4, 70000).finish()]);
    const kernel = new FakeKernel((req, k) => (req.type === 16 ? k.error(req, 22, { offset: 44 }) : k.ack(req)));
    const connection = new Connection(kernel);
    const first = connection.request({ type: 18, payload: new Uint8Array(40) });
    const second = connection.request({ type: 16, payload }, { headerLength: 16 }).catch((e: unknown) => e);
    await first;
    const error = await second;
    expect((error as NetlinkError).attribute).toEqual({ path: [4], attributeOffset: 44, exact: true });
  });

  it('200 concurrent requests each get their own answer, whatever order the kernel answers in', async () => {
    const kernel = new FakeKernel(async (req, k) => {
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      const n = new DataView(req.payload.buffer, req.payload.byteOffset).getUint32(0, true);
      return n % 7 === 0 ? k.error(req, 19) : { messages: [k.reply(req, { type: 100, payload: u32(n * 2) }), ...k.ack(req).messages] };
    });
    const connection = new Connection(kernel);
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, n) => connection.request({ type: 99, payload: u32(n) })));
    results.forEach((result, n) => {
      if (n % 7 === 0) expect(result).toMatchObject({ status: 'rejected', reason: { errnoName: 'ENODEV' } });
      else expect(result.status === 'fulfilled' && new DataView(result.value[0]!.payload.buffer, result.value[0]!.payload.byteOffset).getUint32(0, true)).toBe(n * 2);
    });
    expect(new Set(kernel.requests.map((r) => r.seq)).size).toBe(200);
  });

  it('ignore messages from ports other than the kernel', async () => {
    const kernel = new FakeKernel((req, k) => [{ ...k.error(req, 1), portId: 999 }, k.ack(req)]);
    const connection = new Connection(kernel);
    await expect(connection.request({ type: 18 })).resolves.toEqual([]);
    expect(connection.foreignDatagrams).toBe(1);
  });

  it('time out with TimeoutError, and a late answer is discarded', async () => {
    let late: (() => void) | undefined;
    const kernel = new FakeKernel((req, k) => {
      late = () => kernel.deliver(k.ack(req));
    });
    const connection = new Connection(kernel);
    await expect(connection.request({ type: 18 }, { timeout: 20 })).rejects.toBeInstanceOf(TimeoutError);
    late!();
    await new Promise((r) => setTimeout(r, 10));
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it('abort through an AbortSignal', async () => {
    const connection = new Connection(new FakeKernel());
    const controller = new AbortController();
    const pending = connection.request({ type: 18 }, { signal: controller.signal });
    controller.abort(new Error('changed my mind'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('changed my mind'));
    await expect(connection.request({ type: 18 }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('an already-aborted request sends nothing', async () => {
    const kernel = new FakeKernel((req, k) => k.ack(req));
    const connection = new Connection(kernel);
    await expect(connection.request({ type: 16 }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(kernel.requests).toHaveLength(0);
  });

  it('a request waiting for a window slot can time out or be aborted, and is never sent', async () => {
    const kernel = new FakeKernel();
    const connection = new Connection(kernel, { maxInFlight: 1 });
    const first = connection.request({ type: 18 }).catch((e: unknown) => e);
    const controller = new AbortController();
    const aborted = connection.request({ type: 19 }, { signal: controller.signal });
    const timedOut = connection.request({ type: 20 }, { timeout: 10 });
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    await expect(timedOut).rejects.toBeInstanceOf(TimeoutError);
    expect(kernel.requests.map((r) => r.type)).toEqual([18]);
    connection.close();
    await first;
  });

  it('close rejects 1,000 requests in flight with SocketClosedError, and later calls throw it', async () => {
    const kernel = new FakeKernel();
    const connection = new Connection(kernel);
    const inFlight = Array.from({ length: 1000 }, () => connection.request({ type: 18 }));
    connection.close();
    connection.close();
    const results = await Promise.allSettled(inFlight);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof SocketClosedError)).toBe(true);
    await expect(connection.request({ type: 18 })).rejects.toBeInstanceOf(SocketClosedError);
    expect(() => connection.dump({ type: 18 })).toThrow(SocketClosedError);
    expect(kernel.closed).toBe(true);
  });

  it('sequence numbers wrap past 2^32 - 1 without using 0, and skip numbers in use', () => {
    const allocator = new SequenceAllocator(0xffff_fffe);
    const seen = [allocator.next(() => false), allocator.next(() => false), allocator.next(() => false), allocator.next((s) => s === 2)];
    expect(seen).toEqual([0xffff_fffe, 0xffff_ffff, 1, 3]);
  });

  it('requestMany sends one datagram and maps each answer to its message', async () => {
    const kernel = new FakeKernel((req, k) => (req.type === 2 ? k.error(req, 2, { message: 'no such thing' }) : req.flags & NLM_F_ACK ? k.ack(req) : undefined));
    const connection = new Connection(kernel);
    const { results, seqs } = await connection.requestMany([{ type: 1 }, { type: 5, flags: NLM_F_ACK }, { type: 2, flags: NLM_F_ACK }, { type: 6 }]);
    expect(results[0]).toBeUndefined();
    expect(results[1]).toEqual([]);
    expect(results[2]).toMatchObject({ errnoName: 'ENOENT', extAckMessage: 'no such thing' });
    expect(results[3]).toBeUndefined();
    expect(new Set(seqs).size).toBe(4);
    expect(kernel.requests.map((r) => r.seq)).toEqual(seqs);
  });

  it('an echo (NLM_F_ECHO) marked with a multicast group still answers its request, and monitors see it too', async () => {
    const kernel = new FakeKernel((req, k) => [{ messages: [k.reply(req, { type: 16, payload: u32(5) })], group: 1 }, k.ack(req)]);
    const connection = new Connection(kernel);
    const monitor = connection.subscribe(1);
    const seen: number[] = [];
    monitor.on('message', (m) => seen.push(m.type));
    const replies = await connection.request({ type: 16, flags: 0x8 });
    expect(replies.map((m) => m.type)).toEqual([16]);
    expect(seen).toEqual([16]);
  });

  it('requestAll: thousands of requests, at most maxInFlight outstanding, each answer in its place', async () => {
    let outstanding = 0;
    let most = 0;
    const kernel = new FakeKernel((req, k) => {
      outstanding++;
      most = Math.max(most, outstanding);
      const n = new DataView(req.payload.buffer, req.payload.byteOffset).getUint32(0, true);
      setImmediate(() => outstanding--);
      return n % 1000 === 7 ? k.error(req, 17, { message: 'exists' }) : k.ack(req);
    });
    const connection = new Connection(kernel, { maxInFlight: 64 });
    const results = await connection.requestAll(Array.from({ length: 5000 }, (_, n) => ({ type: 24, payload: u32(n) })));
    expect(results).toHaveLength(5000);
    results.forEach((result, n) => {
      if (n % 1000 === 7) expect(result).toMatchObject({ errnoName: 'EEXIST', extAckMessage: 'exists' });
      else expect(result).toEqual([]);
    });
    expect(kernel.requests).toHaveLength(5000);
    expect(most).toBeLessThanOrEqual(64);
    expect(connection.pending).toBe(0);
  });

  it('requestAll stops on timeout: the unsent get the error, nothing hangs', async () => {
    const kernel = new FakeKernel(); // never answers
    const connection = new Connection(kernel, { maxInFlight: 10 });
    const results = await connection.requestAll(Array.from({ length: 100 }, () => ({ type: 24 })), { timeout: 20 });
    expect(results.every((r) => r instanceof TimeoutError)).toBe(true);
    expect(kernel.requests).toHaveLength(10);
    connection.close();
  });

  it("requestAll with acks: 'errors': only failures are answered, NOOPs settle the rest", async () => {
    const kernel = new FakeKernel((req, k) => {
      if (req.type === 1) return k.ack(req); // the NOOP barrier
      expect(req.flags & NLM_F_ACK).toBe(0);
      const n = new DataView(req.payload.buffer, req.payload.byteOffset).getUint32(0, true);
      return n % 500 === 3 ? k.error(req, 17) : undefined;
    });
    const connection = new Connection(kernel, { maxInFlight: 16 });
    const results = await connection.requestAll(Array.from({ length: 3000 }, (_, n) => ({ type: 24, payload: u32(n) })), { acks: 'errors' });
    results.forEach((result, n) => {
      if (n % 500 === 3) expect(result).toMatchObject({ errnoName: 'EEXIST' });
      else expect(result).toEqual([]);
    });
    const noops = kernel.requests.filter((r) => r.type === 1).length;
    expect(noops).toBeGreaterThan(0);
    expect(noops).toBeLessThan(20);
    expect(connection.pending).toBe(0);
  });

  it("requestAll with acks: 'errors' after an overrun: silence no longer means success", async () => {
    let kernelRef: FakeKernel | undefined;
    const kernel = new FakeKernel((req, k) => {
      if (req.type === 1) {
        // The kernel reports an overrun before the barrier is answered: errors may have been lost.
        kernelRef!.overrun();
        return new Promise((resolve) => setTimeout(() => resolve(k.ack(req)), 5));
      }
      return undefined;
    });
    kernelRef = kernel;
    const connection = new Connection(kernel);
    const results = await connection.requestAll(Array.from({ length: 10 }, (_, n) => ({ type: 24, payload: u32(n) })), { acks: 'errors' });
    expect(results.every((r) => r instanceof OverrunError)).toBe(true);
  });

  it('a request whose header cannot be written is refused, and the requests around it still go out intact', async () => {
    const kernel = new FakeKernel((req, k) => k.ack(req));
    const connection = new Connection(kernel);
    const [before, bad, after] = await Promise.allSettled([
      connection.request({ type: 18 }),
      connection.request({ type: 0x10000 }),
      connection.request({ type: 19 }),
    ]);
    expect(before.status).toBe('fulfilled');
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'ERR_LINX_ENCODE' } });
    expect(after.status).toBe('fulfilled');
    expect(kernel.requests.map((r) => r.type)).toEqual([18, 19]);
  });
});

