// The receive side (router.ts) fed hand-made batches through a scripted transport: which datagrams and
// messages count as answers, which are ignored (and counted), and what malformed bytes from the kernel do.
// Message layouts are those of include/uapi/linux/netlink.h: nlmsghdr is 16 bytes (u32 len, u16 type,
// u16 flags, u32 seq, u32 pid); NLMSG_NOOP 1, NLMSG_ERROR 2, NLMSG_DONE 3; NLM_F_MULTI 2.
import { MalformedError, NetlinkError, type NetlinkMessage } from '@linx/netlink-wire';
import { describe, expect, it, vi } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { META_STRIDE, NO_NSID } from '../../src/native/receive-batch.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));
const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);

/** A header written by hand: `len` is what nlmsg_len claims, whatever follows. */
function header(len: number, type: number, seq: number, flags = 0, pid = 0): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, len, true);
  view.setUint16(4, type, true);
  view.setUint16(6, flags, true);
  view.setUint32(8, seq, true);
  view.setUint32(12, pid, true);
  return bytes;
}

async function sentRequest(transport: ScriptedTransport, index = 0): Promise<NetlinkMessage> {
  await tick();
  return transport.requests[index]!;
}

describe('the receive side', () => {
  it('a datagram whose first nlmsg_len is below the header size fails what is in flight with MalformedError, and subscriptions go on', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe(1);
    const closed: string[] = [];
    subscription.on('close', () => closed.push('close'));
    const pending = connection.request({ type: 18 }).catch((e: unknown) => e);
    const request = await sentRequest(transport);
    transport.receive({ bytes: header(8, 2, request.seq) });
    const error = await pending;
    expect(error).toBeInstanceOf(MalformedError);
    expect((error as MalformedError).offset).toBe(0);
    expect((error as MalformedError).message).toBe('malformed netlink message from the kernel (at byte 0)');
    expect(closed).toEqual([]);
    expect(connection.closed).toBe(false);
    // The connection still works afterwards.
    const next = connection.request({ type: 18 });
    transport.receive({ messages: [nlmsgerr(await sentRequest(transport, 1), 0)] });
    await expect(next).resolves.toEqual([]);
  });

  it('a datagram shorter than a header, or whose nlmsg_len runs past its end, is malformed', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const first = connection.request({ type: 18 }).catch((e: unknown) => e);
    const request = await sentRequest(transport);
    // 12 bytes: not even a header.
    transport.receive({ bytes: header(12, 2, request.seq).subarray(0, 12) });
    expect(await first).toBeInstanceOf(MalformedError);

    const second = connection.request({ type: 18 }).catch((e: unknown) => e);
    const again = await sentRequest(transport, 1);
    // An ACK claiming 40 bytes in a datagram of 36.
    const ack = nlmsgerr(again, 0);
    const bytes = new Uint8Array(36);
    bytes.set(header(40, 2, again.seq, 0x100), 0);
    bytes.set(ack.payload!, 16);
    transport.receive({ bytes });
    const error = await second;
    expect(error).toBeInstanceOf(MalformedError);
    expect((error as MalformedError).offset).toBe(0);
  });

  it('a malformed message after good ones: those before it are delivered, the offset names where it is', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const a = connection.request({ type: 18 });
    const b = connection.request({ type: 18 }).catch((e: unknown) => e);
    await tick();
    const [ra, rb] = transport.requests;
    const good = new Uint8Array(36 + 16);
    const ackBytes = new Uint8Array(36);
    ackBytes.set(header(36, 2, ra!.seq, 0x100), 0);
    ackBytes.set(nlmsgerr(ra!, 0).payload!, 16);
    good.set(ackBytes, 0);
    // Then a header claiming 17 bytes where 16 remain.
    good.set(header(17, 2, rb!.seq), 36);
    transport.receive({ bytes: good });
    await expect(a).resolves.toEqual([]);
    const error = await b;
    expect(error).toBeInstanceOf(MalformedError);
    expect((error as MalformedError).offset).toBe(36);
  });

  it('an ACK after another in the datagram, claiming more bytes than are left, is malformed rather than an ACK', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const a = connection.request({ type: 18 });
    const b = connection.request({ type: 19 }).catch((e: unknown) => e);
    await tick();
    const [ra, rb] = transport.requests;
    const bytes = new Uint8Array(72);
    bytes.set(header(36, 2, ra!.seq, 0x100), 0);
    bytes.set(nlmsgerr(ra!, 0).payload!, 16);
    bytes.set(header(40, 2, rb!.seq, 0x100), 36);
    bytes.set(nlmsgerr(rb!, 0).payload!, 52);
    transport.receive({ bytes });
    await expect(a).resolves.toEqual([]);
    const error = await b;
    expect(error).toBeInstanceOf(MalformedError);
    expect((error as MalformedError).offset).toBe(36);
  });

  it('an NLMSG_ERROR of 16 bytes has no errno: it is malformed, not an ACK, even with zero bytes after it in the batch', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const pending = connection.request({ type: 18 }).catch((e: unknown) => e);
    const request = await sentRequest(transport);
    // The batch pads each datagram to 8 bytes and holds a second one after it: the bytes following the
    // 16-byte message are zeros, which read as an int would look like errno 0.
    transport.receive({ bytes: header(16, 2, request.seq) }, { bytes: new Uint8Array(0) });
    expect(await pending).toBeInstanceOf(MalformedError);
  });

  it('an ACK of exactly 20 bytes (the errno and nothing else) is an ACK', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const pending = connection.request({ type: 18 });
    const request = await sentRequest(transport);
    const bytes = new Uint8Array(20);
    bytes.set(header(20, 2, request.seq), 0);
    transport.receive({ bytes });
    await expect(pending).resolves.toEqual([]);
  });

  it('datagrams from other ports are counted and ignored, even with the sequence number of a request', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    let settled = false;
    const pending = connection.request({ type: 18 }).finally(() => (settled = true));
    const request = await sentRequest(transport);
    transport.receive({ messages: [nlmsgerr(request, 1)], portId: 777 }, { messages: [nlmsgerr(request, 1)], portId: 778 });
    await tick();
    expect(settled).toBe(false);
    expect(connection.foreignDatagrams).toBe(2);
    expect(connection.unmatchedMessages).toBe(0);
    transport.receive({ messages: [nlmsgerr(request, 0)] });
    await expect(pending).resolves.toEqual([]);
    expect(connection.foreignDatagrams).toBe(2);
  });

  it('messages for no request in flight are counted: unknown numbers, and a second ACK after the first in one datagram', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const answers: NetlinkMessage[][] = [];
    const pending = connection.request({ type: 18 }).then((replies) => answers.push(replies));
    const request = await sentRequest(transport);
    const stranger = { ...request, seq: (request.seq + 1000) >>> 0 || 1 };
    transport.receive({ messages: [nlmsgerr(stranger, 0), nlmsgerr(request, 0), nlmsgerr(request, 0), nlmsgerr(request, 1)] });
    await pending;
    expect(answers).toEqual([[]]);
    expect(connection.unmatchedMessages).toBe(3);
    expect(connection.pending).toBe(0);
  });

  it('replies, then an error, in one datagram: the request fails with the error, its replies are not kept', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const pending = connection.request({ type: 18 }).catch((e: unknown) => e);
    const request = await sentRequest(transport);
    transport.receive({ messages: [{ type: 16, seq: request.seq, payload: u32(1) }, nlmsgerr(request, 19), { type: 16, seq: request.seq, payload: u32(2) }] });
    const error = await pending;
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).errnoName).toBe('ENODEV');
    // The reply after the error belongs to no request any more.
    expect(connection.unmatchedMessages).toBe(1);
  });

  it('multicast: the nsid reaches listeners when the socket has one, and is undefined without', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const subscription = connection.subscribe([3, 5]);
    const seen: [number, number, number | undefined][] = [];
    subscription.on('message', (message, info) => seen.push([message.type, info.group, info.nsid]));
    transport.receive(
      { messages: [{ type: 20 }, { type: 21 }], group: 3, nsid: 7 },
      { messages: [{ type: 22 }], group: 5 },
      { messages: [{ type: 23 }], group: 9 },
      { messages: [{ type: 24 }], group: 3, nsid: 0 },
    );
    expect(seen).toEqual([
      [20, 3, 7],
      [21, 3, 7],
      [22, 5, undefined],
      [24, 3, 0],
    ]);
    // Notifications are not unicast answers: nothing counted as unmatched.
    expect(connection.unmatchedMessages).toBe(0);
  });

  it("a notification carrying a running dump's number and port is not part of the dump", async () => {
    const transport = new ScriptedTransport(4242);
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 }).toArray();
    const request = await sentRequest(transport);
    transport.receive({ messages: [{ type: 16, seq: request.seq, pid: 4242, payload: u32(99) }], group: 1 });
    transport.receive({ messages: [{ type: 16, flags: 2, seq: request.seq, pid: 4242, payload: u32(1) }, { type: 3, flags: 2, seq: request.seq, pid: 4242, payload: u32(0) }] });
    const messages = await dump;
    expect(messages.map((m) => Array.from(m.payload))).toEqual([[1, 0, 0, 0]]);
  });

  it('an ACK (errno 0) to this port marked with a group still settles its request as done, not as an error', async () => {
    const transport = new ScriptedTransport(4242);
    const connection = new Connection(transport);
    const pending = connection.request({ type: 16 });
    const request = await sentRequest(transport);
    // NLMSG_ERROR with errno 0: the echo path hands it to the request as a message, not as the fast ACK.
    transport.receive({ messages: [{ ...nlmsgerr(request, 0), pid: 4242 }], group: 1 });
    await expect(pending).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('a dump answered in several datagrams of one batch, with an ACK of another request between them', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const dump = connection.dump({ type: 18 });
    const reading = dump.toArray();
    const req = connection.request({ type: 16 });
    await tick();
    const [d, r] = transport.requests;
    const data = (n: number) => ({ type: 16, flags: 2, seq: d!.seq, payload: u32(n) });
    transport.receive(
      { messages: [data(0), data(1)] },
      { messages: [nlmsgerr(r!, 0), data(2)] },
      { messages: [data(3), { type: 3, flags: 2, seq: d!.seq, payload: u32(0) }] },
    );
    await expect(req).resolves.toEqual([]);
    const messages = await reading;
    expect(messages.map((m) => m.payload[0])).toEqual([0, 1, 2, 3]);
    expect(dump.received).toBe(4);
    expect(connection.buffered).toBe(0);
  });

  it("a dump's message whose nlmsg_len is below the header size is malformed too", async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }).toArray();
    const seq = transport.requests[0]!.seq;
    const bytes = new Uint8Array(32);
    bytes.set(header(8, 16, seq, 2), 0);
    bytes.set(header(16, 3, seq, 2), 16);
    transport.receive({ bytes });
    const error = await reading.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedError);
    expect((error as MalformedError).offset).toBe(0);
  });

  it('sequence numbers 2^32 - 1 and 1 (the numbers wrap past 0): one right after the other in a datagram, by ACK or error', async () => {
    // The allocator starts at 1 + floor(random * (2^32 - 2)): these make it start at 2^32 - 1, then at 1.
    const connectionStartingAt = (random: number) => {
      const spy = vi.spyOn(Math, 'random').mockReturnValue(random);
      try {
        const transport = new ScriptedTransport();
        return { transport, connection: new Connection(transport) };
      } finally {
        spy.mockRestore();
      }
    };
    const { transport, connection } = connectionStartingAt((0xffff_fffe + 0.5) / 0xffff_fffe);
    const acked = [connection.request({ type: 16 }), connection.request({ type: 17 })];
    await tick();
    const [a, b] = transport.requests;
    expect([a!.seq, b!.seq]).toEqual([0xffff_ffff, 1]);
    transport.receive({ messages: [nlmsgerr(a!, 0), nlmsgerr(b!, 0)] });
    await expect(Promise.all(acked)).resolves.toEqual([[], []]);

    const failed = [connection.request({ type: 18 }).catch((e: unknown) => e), connection.request({ type: 19 }).catch((e: unknown) => e)];
    await tick();
    const [c, d] = transport.requests.slice(2);
    expect([c!.seq, d!.seq]).toEqual([2, 3]);
    const stale = { ...a!, seq: 0xffff_ffff };
    // An error for a number no longer in use, then errors for requests 2 and 3.
    transport.receive({ messages: [nlmsgerr(stale, 1), nlmsgerr(c!, 22), nlmsgerr(d!, 22)] });
    expect((await Promise.all(failed)).map((e) => (e as { errnoName: string }).errnoName)).toEqual(['EINVAL', 'EINVAL']);

    // A connection whose first number is 1: the first message of a datagram carries it.
    const fresh = connectionStartingAt(0);
    const one = fresh.connection.request({ type: 16 });
    await tick();
    expect(fresh.transport.requests[0]!.seq).toBe(1);
    fresh.transport.receive({ messages: [nlmsgerr(fresh.transport.requests[0]!, 0)] });
    await expect(one).resolves.toEqual([]);
  });

  it('after an error ends request 2^32 - 1, the answer to request 1 right after it in the datagram still counts', async () => {
    const spy = vi.spyOn(Math, 'random').mockReturnValue((0xffff_fffe + 0.5) / 0xffff_fffe);
    const transport = new ScriptedTransport();
    let connection: Connection;
    try {
      connection = new Connection(transport);
    } finally {
      spy.mockRestore();
    }
    const a = connection.request({ type: 16 }).catch((e: unknown) => e);
    const b = connection.request({ type: 17 });
    await tick();
    const [ra, rb] = transport.requests;
    transport.receive({ messages: [nlmsgerr(ra!, 22), nlmsgerr(rb!, 0)] });
    expect(await a).toMatchObject({ errnoName: 'EINVAL' });
    await expect(b).resolves.toEqual([]);
  });

  it("a notification caused by our own request, arriving after its ACK, is only a notification", async () => {
    const transport = new ScriptedTransport(4242);
    const connection = new Connection(transport);
    const seen: number[] = [];
    connection.subscribe(5).on('message', (m) => seen.push(m.type));
    const done = connection.request({ type: 20 });
    const other = connection.request({ type: 21 });
    await tick();
    const [first, second] = transport.requests;
    transport.receive({ messages: [nlmsgerr(first!, 0)] });
    await done;
    // The kernel's notification of the change: our port and our (finished) request's number.
    transport.receive({ messages: [{ type: 20, seq: first!.seq, pid: 4242 }], group: 5 });
    expect(seen).toEqual([20]);
    transport.receive({ messages: [nlmsgerr(second!, 0)] });
    await expect(other).resolves.toEqual([]);
  });
  it('a datagram last in its batch, ending in 2 bytes after a whole ACK (no padding after it, as the socket lays a batch out), is malformed at those bytes', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const a = connection.request({ type: 18 });
    const b = connection.request({ type: 19 }).catch((e: unknown) => e);
    await tick();
    const [ra] = transport.requests;
    // The batch's bytes end where the datagram does (native/receive-batch.ts: data is the memory the kernel
    // wrote to, only as long as what it wrote).
    const data = new Uint8Array(22);
    data.set(header(20, 2, ra!.seq), 0);
    const meta = new Uint32Array(META_STRIDE);
    meta.set([0, data.length, 0, 0, NO_NSID]);
    transport.handlers!.onBatch(data, meta);
    await expect(a).resolves.toEqual([]);
    const error = await b;
    expect(error).toBeInstanceOf(MalformedError);
    expect((error as MalformedError).offset).toBe(20);
  });

  it("a notification from another port carrying one of our requests' sequence numbers is no answer to it (nlmsg_pid names the port that caused it)", async () => {
    const transport = new ScriptedTransport(4242);
    const connection = new Connection(transport);
    const seen: number[] = [];
    connection.subscribe(5).on('message', (m) => seen.push(m.pid));
    const pending = connection.request({ type: 16 });
    const request = await sentRequest(transport);
    // Another socket (port 777) made a change with the same sequence number: its notification, and an
    // error addressed to it, reach us through the group.
    transport.receive({ messages: [{ type: 16, seq: request.seq, pid: 777, payload: u32(1) }, { ...nlmsgerr(request, 22), pid: 777 }], group: 5 });
    expect(seen).toEqual([777, 777]);
    expect(connection.pending).toBe(1);
    transport.receive({ messages: [nlmsgerr(request, 0)] });
    await expect(pending).resolves.toEqual([]);
  });
});
