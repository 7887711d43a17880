// requestAll with acks: 'errors' (silent runs: no ACK asked for, a NOOP barrier after each run) in the
// corners: sequence numbers wrapping past 2^32 - 1 inside a run, a request that asks for its own ACK
// anyway, replies the requests were not supposed to get, late answers after a timeout, and the bytes of
// the datagram when a request's payload could not be written. Also: numbers reserved by dumps created
// and not started are never handed out. NLMSG_NOOP 1, NLM_F_REQUEST 0x1, NLM_F_ACK 0x4
// (include/uapi/linux/netlink.h).
import { encodeMessages, parseMessages, type ByteWriter, type NetlinkMessage } from '@linx/netlink-wire';
import { describe, expect, it, vi } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { BulkCall } from '../../src/engine/bulk-call.js';
import { OperationTable } from '../../src/engine/operation-table.js';
import { SilentRun } from '../../src/engine/silent-run.js';
import type { PendingDump } from '../../src/engine/dump.js';
import { TimeoutError } from '../../src/engine/errors.js';
import type { RequestSource } from '../../src/engine/request-types.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));

/** A connection whose sequence numbers start at `start` (the allocator starts at 1 + floor(random * (2^32 - 2))). */
function connectionStartingAt(transport: ScriptedTransport, start: number): Connection {
  const random = vi.spyOn(Math, 'random').mockReturnValue((start - 1 + 0.5) / 0xffff_fffe);
  try {
    return new Connection(transport);
  } finally {
    random.mockRestore();
  }
}

describe('silent runs', () => {
  it('numbers wrapping past 2^32 - 1 inside a run: each error still lands on its own request', async () => {
    const transport = new ScriptedTransport();
    const connection = connectionStartingAt(transport, 0xffff_fffd);
    const messages = Array.from({ length: 6 }, (_, i) => ({ type: 16, payload: Uint8Array.of(i, 0, 0, 0) }));
    const call = connection.requestAll(messages, { acks: 'errors' });
    await tick();
    const sent = transport.requests;
    expect(sent.map((r) => r.seq)).toEqual([0xffff_fffd, 0xffff_fffe, 0xffff_ffff, 1, 2, 3, 4]);
    // Errors for the requests numbered 0xffff_fffe and 2 (indexes 1 and 4), then the barrier's ACK.
    transport.receive({ messages: [nlmsgerr(sent[4]!, 22), nlmsgerr(sent[1]!, 17), nlmsgerr(sent[6]!, 0)] });
    const results = await call;
    expect(results.map((r) => (r instanceof Error ? (r as unknown as { errnoName: string }).errnoName : r))).toEqual([[], 'EEXIST', [], [], 'EINVAL', []]);
  });

  it('a request asking for its own ACK is settled by it, before the barrier', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const settled: string[] = [];
    const call = connection.requestAll([{ type: 16, flags: 0x4 }, { type: 17 }], { acks: 'errors' });
    void call.then(() => settled.push('call'));
    await tick();
    const [acked, , barrier] = transport.requests;
    expect(acked!.flags).toBe(0x5);
    transport.receive({ messages: [nlmsgerr(acked!, 0)] });
    await tick();
    expect(settled).toEqual([]);
    transport.receive({ messages: [nlmsgerr(barrier!, 0)] });
    await expect(call).resolves.toEqual([[], []]);
  });

  it('a reply to a silent request is not its result, and the request is still settled by the barrier', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const call = connection.requestAll([{ type: 16 }], { acks: 'errors' });
    const other = connection.request({ type: 20 });
    await tick();
    const [request, barrier, plain] = transport.requests;
    transport.receive({ messages: [{ type: 16, seq: request!.seq, payload: Uint8Array.of(1) }, nlmsgerr(barrier!, 0)] });
    await expect(call).resolves.toEqual([[]]);
    // Nothing else was disturbed by it.
    transport.receive({ messages: [nlmsgerr(plain!, 0)] });
    await expect(other).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('a multipart reply to a silent request is swallowed whole, in whichever datagram its parts come', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    // NLM_F_DUMP (0x300) asked for anyway: the kernel answers with NLM_F_MULTI (0x2) parts and NLMSG_DONE (3).
    const call = connection.requestAll([{ type: 18, flags: 0x300 }, { type: 16 }], { acks: 'errors' });
    await tick();
    const [dump, plain, barrier] = transport.requests;
    const part = (i: number) => ({ type: 16, flags: 0x2, seq: dump!.seq, payload: Uint8Array.of(i, 0, 0, 0) });
    transport.receive({ messages: [part(1), part(2)] });
    transport.receive({ messages: [part(3), { type: 3, flags: 0x2, seq: dump!.seq, payload: new Uint8Array(4) }] });
    expect(connection.unmatchedMessages).toBe(0);
    // The other request's EEXIST (errno 17) still lands on it, and the barrier settles the first.
    transport.receive({ messages: [nlmsgerr(plain!, 17), nlmsgerr(barrier!, 0)] });
    const results = await call;
    expect(results.map((r) => (r instanceof Error ? (r as unknown as { errnoName: string }).errnoName : r))).toEqual([[], 'EEXIST']);
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
  });

  it("another request's reply or error does not end the run: the first request's error, coming after them, is still its result", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const call = connection.requestAll([{ type: 16 }, { type: 17 }, { type: 18 }], { acks: 'errors' });
    await tick();
    const [first, second, third, barrier] = transport.requests;
    // Out of the kernel's usual order on purpose: a reply to request 2, request 1's EINVAL, then request
    // 0's EEXIST (errno 17) and the barrier's ACK.
    transport.receive({ messages: [{ type: 18, seq: third!.seq, payload: Uint8Array.of(1) }, nlmsgerr(second!, 22), nlmsgerr(first!, 17), nlmsgerr(barrier!, 0)] });
    const results = await call;
    expect(results.map((r) => (r instanceof Error ? (r as unknown as { errnoName: string }).errnoName : r))).toEqual(['EEXIST', 'EINVAL', []]);
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
  });

  it('after a timeout, late errors are swallowed until the barrier frees the numbers', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const results = await connection.requestAll([{ type: 16 }, { type: 17 }], { acks: 'errors', timeout: 5 });
    expect(results.every((r) => r instanceof TimeoutError)).toBe(true);
    const [a, b, barrier] = transport.requests;
    expect(connection.pending).toBe(3);
    transport.receive({ messages: [nlmsgerr(a!, 22)] });
    expect(connection.pending).toBe(2);
    transport.receive({ messages: [nlmsgerr(barrier!, 0)] });
    expect(connection.pending).toBe(0);
    // The request that got no answer before the barrier: its number is free, a late answer is unmatched.
    transport.receive({ messages: [nlmsgerr(b!, 22)] });
    expect(connection.unmatchedMessages).toBe(1);
  });

  it("after a timeout, a late error for the second request frees only its own number, and the first one's is still swallowed", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const results = await connection.requestAll([{ type: 16 }, { type: 17 }], { acks: 'errors', timeout: 5 });
    expect(results.every((r) => r instanceof TimeoutError)).toBe(true);
    const [a, b, barrier] = transport.requests;
    transport.receive({ messages: [nlmsgerr(b!, 22)] });
    expect(connection.pending).toBe(2);
    transport.receive({ messages: [nlmsgerr(a!, 22)] });
    expect(connection.pending).toBe(1);
    expect(connection.unmatchedMessages).toBe(0);
    transport.receive({ messages: [nlmsgerr(barrier!, 0)] });
    expect(connection.pending).toBe(0);
  });

  it('a payload that cannot be written leaves no trace in the datagram: the others are exactly as if it never was', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const source: RequestSource = {
      count: 3,
      type: 16,
      write(index: number, w: ByteWriter) {
        if (index === 1) {
          w.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff));
          throw new RangeError('cannot write request 1');
        }
        w.write(Uint8Array.of(0xa0 + index));
      },
    };
    const call = connection.requestAll(source);
    await tick();
    const [first] = transport.requests;
    // One datagram: request 0, 1 byte of payload padded with zeros to 4; request 1 never started.
    expect(transport.sent).toEqual([encodeMessages([{ type: 16, flags: 0x5, seq: first!.seq, pid: 0, payload: Uint8Array.of(0xa0) }])]);
    transport.receive({ messages: [nlmsgerr(first!, 0)] });
    const results = await call;
    expect(results[0]).toEqual([]);
    expect(results[1]).toBeInstanceOf(RangeError);
    expect(results[2]).toBe(results[1]);
    expect(connection.pending).toBe(0);
  });
});

describe('a silent run whose first payload cannot be written', () => {
  it('sends nothing at all, not even a barrier', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const failure = new RangeError('cannot write request 0');
    const source: RequestSource = {
      count: 2,
      type: 16,
      write() {
        throw failure;
      },
    };
    const results = await connection.requestAll(source, { acks: 'errors' });
    expect(results).toEqual([failure, failure]);
    await tick();
    expect(transport.sent).toEqual([]);
    expect(connection.pending).toBe(0);
  });
});

describe('a silent run on its own', () => {
  it('ending it frees only the numbers still its own: one answered and taken by another operation stays that one\'s', () => {
    const table = new OperationTable(
      () => {},
      () => {},
    );
    const call = new BulkCall(2, () => {});
    const run = new SilentRun(call, 0, table, () => new Uint8Array(16), undefined);
    run.add(10);
    run.add(11);
    const request: NetlinkMessage = { type: 16, flags: 1, seq: 10, pid: 0, payload: new Uint8Array(0) };
    // Request 0's EINVAL frees number 10, and another operation takes it before the barrier's ACK.
    expect(run.deliver(parseMessages(encodeMessages([nlmsgerr(request, 22)]))[0]!)).toBe(false);
    const other = { seq: 10, deliver: () => true, fail: () => {} };
    table.bySeq.set(10, other);
    run.settleRest(false);
    expect(table.bySeq.get(10)).toBe(other);
    expect(table.bySeq.has(11)).toBe(false);
    expect(call.results[0]).toMatchObject({ errnoName: 'EINVAL' });
    expect(call.results[1]).toEqual([]);
  });
});

describe('the operation table', () => {
  it('a number reserved by a dump not started yet is never handed out', () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    let table: OperationTable;
    try {
      table = new OperationTable(
        () => {},
        () => {},
      );
    } finally {
      random.mockRestore();
    }
    // The allocator starts at 1: reserve 1 and 2 as two dumps would.
    table.reserved.set({} as PendingDump, { seq: 1, options: {} });
    table.reserved.set({} as PendingDump, { seq: 2, options: {} });
    expect(table.inUse(2)).toBe(true);
    expect(table.inUse(3)).toBe(false);
    expect(table.next()).toBe(3);
    // A caller may pass its own test instead (registered numbers only).
    const other = new OperationTable(
      () => {},
      () => {},
    );
    expect(other.inUse(1)).toBe(false);
  });
});

describe('a request that cannot be written', () => {
  it("with acks: 'each', requests already sent keep their answers, and the window is whole again afterwards", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { maxInFlight: 4 });
    const source: RequestSource = {
      count: 10,
      type: 16,
      write(index: number, w: ByteWriter) {
        if (index === 2) throw new RangeError('cannot write request 2');
        w.write(Uint8Array.of(index));
      },
    };
    const call = connection.requestAll(source);
    await tick();
    expect(transport.requests.map((r) => r.payload[0])).toEqual([0, 1]);
    transport.receive({ messages: [nlmsgerr(transport.requests[0]!, 0), nlmsgerr(transport.requests[1]!, 17)] });
    const results = await call;
    expect(results[0]).toEqual([]);
    expect(results[1]).toMatchObject({ errnoName: 'EEXIST' });
    expect(results.slice(2).every((r) => r instanceof RangeError)).toBe(true);
    // The eight requests never sent do not count as in flight: four plain requests go at once.
    const after = [20, 21, 22, 23].map((type) => connection.request({ type }));
    await tick();
    expect(transport.requests.map((r) => r.type).slice(2)).toEqual([20, 21, 22, 23]);
    transport.receive({ messages: transport.requests.slice(2).map((r) => nlmsgerr(r, 0)) });
    await expect(Promise.all(after)).resolves.toEqual([[], [], [], []]);
  });

  it('the first one: the call ends at once with that error for every request, and no empty datagram is sent', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const failure = new RangeError('nothing to write');
    const results = await connection.requestAll({ count: 3, type: 16, write: () => { throw failure; } });
    expect(results).toEqual([failure, failure, failure]);
    await tick();
    expect(transport.sent).toEqual([]);
    expect(connection.pending).toBe(0);
  });
});
