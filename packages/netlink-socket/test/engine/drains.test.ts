// What happens to the rest of an answer after its request was abandoned (aborted, timed out): a drain
// holds the sequence number and swallows messages until the answer's last one, by the kernel's rules
// (include/uapi/linux/netlink.h): an ACK or error (NLMSG_ERROR 2) or NLMSG_DONE 3 ends any answer; a
// reply without NLM_F_MULTI (0x2) ends the answer of a request that asked for no ACK. After that the
// number is free, and a further message with it belongs to no one (counted as unmatched).
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { AbortError } from '../../src/engine/errors.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));

async function abandoned(ack: boolean) {
  const transport = new ScriptedTransport();
  const connection = new Connection(transport);
  const controller = new AbortController();
  const request = connection.request({ type: 16 }, { signal: controller.signal, ack });
  await tick();
  const sent = transport.requests[0]!;
  controller.abort();
  await expect(request).rejects.toBeInstanceOf(AbortError);
  return { transport, connection, seq: sent.seq, sent };
}

describe('the rest of an abandoned answer', () => {
  it('without an ACK asked for, a multipart answer is swallowed up to its DONE; a message after it belongs to no one', async () => {
    const { transport, connection, seq } = await abandoned(false);
    transport.receive({ messages: [{ type: 16, flags: 2, seq }, { type: 16, flags: 2, seq }, { type: 3, flags: 2, seq, payload: new Uint8Array(4) }] });
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
    transport.receive({ messages: [{ type: 16, seq }] });
    expect(connection.unmatchedMessages).toBe(1);
  });

  it('with an ACK asked for, a single reply does not end it; the ACK does', async () => {
    const { transport, connection, seq, sent } = await abandoned(true);
    transport.receive({ messages: [{ type: 16, seq }] });
    expect(connection.pending).toBe(1);
    transport.receive({ messages: [nlmsgerr(sent, 0), { type: 16, seq }] });
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(1);
  });

  it('an error ends it too', async () => {
    const { transport, connection, sent } = await abandoned(true);
    transport.receive({ messages: [nlmsgerr(sent, 22)] });
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it('without an ACK asked for, the first reply without NLM_F_MULTI ends it', async () => {
    const { transport, connection, seq } = await abandoned(false);
    transport.receive({ messages: [{ type: 16, flags: 2, seq }] });
    expect(connection.pending).toBe(1);
    transport.receive({ messages: [{ type: 16, seq }, { type: 16, seq }] });
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(1);
  });

  it('of a dump: every data message, with or without NLM_F_MULTI, until the DONE', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    const reading = connection.dump({ type: 18 }, { signal: controller.signal }).toArray();
    const seq = transport.requests[0]!.seq;
    controller.abort();
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    transport.receive({ messages: [{ type: 16, flags: 2, seq }, { type: 16, seq }] });
    expect(connection.pending).toBe(1);
    transport.receive({ messages: [{ type: 3, flags: 2, seq, payload: new Uint8Array(4) }, { type: 16, seq }] });
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(1);
  });
});

describe('messages of only a header', () => {
  it('a 16-byte NLMSG_DONE (some families end dumps with an empty one) ends the dump', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const reading = connection.dump({ type: 18 }).toArray();
    const seq = transport.requests[0]!.seq;
    transport.receive({ messages: [{ type: 16, flags: 2, seq, payload: Uint8Array.of(7, 0, 0, 0) }, { type: 16, flags: 2, seq }, { type: 3, flags: 2, seq }] });
    const messages = await reading;
    expect(messages.map((m) => m.payload.length)).toEqual([4, 0]);
    expect(connection.pending).toBe(0);
  });

  it('a 16-byte reply at the end of a datagram is a reply', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const request = connection.request({ type: 16 }, { ack: false });
    await tick();
    transport.receive({ messages: [{ type: 16, seq: transport.requests[0]!.seq }] });
    const replies = await request;
    expect(replies.map((m) => [m.type, m.payload.length])).toEqual([[16, 0]]);
  });
});

describe('the rest of an abandoned answer, asked with an ACK', () => {
  it('a multipart reply: its DONE does not end it, the ACK after it does', async () => {
    const { transport, connection, seq, sent } = await abandoned(true);
    transport.receive({ messages: [{ type: 16, flags: 2, seq }, { type: 3, flags: 2, seq, payload: new Uint8Array(4) }] });
    expect(connection.pending).toBe(1);
    transport.receive({ messages: [nlmsgerr(sent, 0)] });
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it('an empty DONE (no errno at all) does not end it, and is no malformed message', async () => {
    const { transport, connection, seq, sent } = await abandoned(true);
    const other = connection.request({ type: 17 });
    await tick();
    transport.receive({ messages: [{ type: 3, flags: 2, seq }] });
    expect(connection.pending).toBe(2);
    transport.receive({ messages: [nlmsgerr(sent, 0), nlmsgerr(transport.requests[1]!, 0)] });
    await expect(other).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('a DONE carrying an errno ends it', async () => {
    const { transport, connection, seq } = await abandoned(true);
    transport.receive({ messages: [{ type: 3, flags: 2, seq, payload: Uint8Array.of(0xf4, 0xff, 0xff, 0xff) }] });
    expect(connection.pending).toBe(0);
  });
});

describe('errors ending an abandoned answer', () => {
  // ENOBUFS is 105 (include/uapi/asm-generic/errno.h); EINVAL 22. struct nlmsgerr starts with the int error.
  it("an abandoned request's answer ENOBUFS (a handler that could not allocate its reply) ends its drain like any error", async () => {
    const { transport, connection, seq, sent } = await abandoned(true);
    transport.receive({ messages: [nlmsgerr(sent, 105)] });
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(0);
    transport.receive({ messages: [{ type: 16, seq }] });
    expect(connection.unmatchedMessages).toBe(1);
  });

  it('an abandoned dump refused with an NLMSG_ERROR (EINVAL) frees the dump slot: the dump queued behind it is sent', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    const first = connection.dump({ type: 18 }, { signal: controller.signal }).toArray();
    const second = connection.dump({ type: 22 }).toArray();
    await tick();
    expect(transport.requests.map((r) => r.type)).toEqual([18]);
    const sent = transport.requests[0]!;
    controller.abort();
    await expect(first).rejects.toBeInstanceOf(AbortError);
    // The kernel is still running the dump for the socket: the next one waits for its end.
    expect(transport.requests.length).toBe(1);
    transport.receive({ messages: [nlmsgerr(sent, 22)] });
    expect(transport.requests.map((r) => r.type)).toEqual([18, 22]);
    const next = transport.requests[1]!;
    transport.receive({ messages: [{ type: 3, flags: 2, seq: next.seq, payload: new Uint8Array(4) }] });
    await expect(second).resolves.toEqual([]);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it('an abandoned dump told ENOBUFS in an error holding only the errno (4 bytes) goes on draining: the kernel still runs the dump', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    const reading = connection.dump({ type: 18 }, { signal: controller.signal }).toArray();
    await tick();
    const seq = transport.requests[0]!.seq;
    controller.abort();
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    // -ENOBUFS as the kernel writes an int: host order.
    const errno = new Uint8Array(4);
    new DataView(errno.buffer).setInt32(0, -105, true);
    transport.receive({ messages: [{ type: 2, seq, payload: errno }] });
    expect(connection.pending).toBe(1);
    transport.receive({ messages: [{ type: 16, flags: 2, seq }, { type: 3, flags: 2, seq, payload: new Uint8Array(4) }] });
    expect(connection.pending).toBe(0);
    expect(connection.unmatchedMessages).toBe(0);
  });

  it('an abandoned dump given an NLMSG_ERROR of only a header (no errno) ends its drain, and fails nothing else', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const controller = new AbortController();
    const reading = connection.dump({ type: 18 }, { signal: controller.signal }).toArray();
    await tick();
    const seq = transport.requests[0]!.seq;
    const other = connection.request({ type: 17 });
    await tick();
    controller.abort();
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    transport.receive({ messages: [{ type: 2, seq }] });
    expect(connection.pending).toBe(1);
    transport.receive({ messages: [nlmsgerr(transport.requests[1]!, 0)] });
    await expect(other).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });
});
